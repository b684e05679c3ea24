"""The optional language-model rewording of a briefing, against a real HTTP server on
loopback: a faithful rewording is accepted and renders with citations and single-source
marks; a dropped citation, an invented number or name, an uncited sentence, a timeout, an
error status and a malformed answer each keep the extractive briefing, saying why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing_llm_server import fake_model
from storyline.errors import ConfigError
from storyline.store import open_store
from storyline.views import briefing_cli
from storyline.views.briefing import (
    Briefing,
    BriefSentence,
    LlmSettings,
    Section,
    Source,
    rewrite_briefing,
)
from storyline.views.briefing_llm import prompt_text

# Two independent outlets; the third article reprints the first (same duplicate group).
SOURCES = (
    Source(1, "a-courier", "Valley Courier", "Floodgates opened", "2025-03-04", "g-courier"),
    Source(2, "a-post", "Lakeside Post", "Levee reinforced", "2025-03-06", "g-post"),
    Source(3, "a-reprint", "Hill Gazette", "Floodgates opened", "2025-03-05", "g-courier"),
)


def _sentence(text: str, citations: tuple[str, ...], kind: str, single: bool,
              opens: bool = False) -> BriefSentence:
    return BriefSentence(text, citations, single, kind, opens_paragraph=opens)


BRIEFING = Briefing(
    story_id="story-000001", title="Floods in the valley", first_date="2025-03-04",
    last_date="2025-03-06", since=None, sources=SOURCES,
    sections=(
        Section("happened", "What happened", (
            _sentence("On 4 March, the river authority opened the northern floodgates after "
                      "the water rose 2.5 metres overnight.", ("a-courier", "a-reprint"),
                      "event", True),
            _sentence("On 6 March, crews from three districts reinforced the levee near "
                      "Marrow Bridge.", ("a-post",), "event", True),
        )),
        Section("claims", "Who says what", (
            _sentence("Mayor Ilse Varga said the town would reopen its schools on Monday.",
                      ("a-courier", "a-post"), "statement", False, True),
        )),
        Section("numbers", "Key numbers", ()),
    ),
)

FAITHFUL = """\
## What happened

After the water rose 2.5 metres overnight, the river authority opened the northern
floodgates on 4 March [1][3]. Later, on 6 March, crews from three districts shored up the
levee near Marrow Bridge [2].

## Who says what

Schools in the town will reopen on Monday, according to Mayor Ilse Varga. [1][2]
"""
REJECTED = {
    "dropped": (FAITHFUL.replace(" [2].", "."), "without a citation"),
    "number": (FAITHFUL.replace("three districts", "four districts"), "'four'"),
    "figure": (FAITHFUL.replace("2.5 metres", "3.5 metres"), "number 3.5"),
    "name": (FAITHFUL.replace("Mayor Ilse Varga", "Governor Ilse Varga"), "'governor'"),
    "unknown": (FAITHFUL.replace("[1][2]", "[1][7]"), "[7], which is not among the sources"),
    "lost": (FAITHFUL.replace("[1][3]", "[1]"), "citation [3] was dropped"),
    "uncited": (FAITHFUL.replace("Later, on", "The river kept rising. Later, on"),
                "without a citation: 'The river kept rising.'"),
    "sections": (FAITHFUL.replace("## Who says what", "## Reactions"), "sections changed"),
}


@pytest.fixture(scope="module")
def model():
    with fake_model() as server:
        server.answers["faithful"] = FAITHFUL
        server.answers.update({name: answer for name, (answer, _) in REJECTED.items()})
        yield server


def settings(server, path: str, **kwargs) -> LlmSettings:
    return LlmSettings(url=f"{server.url}/{path}/v1", **kwargs)


def test_faithful_rewording_is_accepted(model):
    outcome = rewrite_briefing(BRIEFING, settings(model, "canned/faithful", model="tiny-1",
                                                  api_key="sk-test"))
    assert outcome.accepted, outcome.reason
    rewritten = outcome.briefing
    assert rewritten.rewritten_by == "tiny-1" and rewritten.sources == SOURCES
    happened = rewritten.sections[0].sentences
    assert [s.citations for s in happened] == [("a-courier", "a-reprint"), ("a-post",)]
    # The reprint shares the original's group: still one independent source.
    assert [s.single_source for s in happened] == [True, True]
    assert not rewritten.sections[1].sentences[0].single_source
    assert rewritten.sections[2].sentences == ()
    markdown = rewritten.to_markdown()
    assert "floodgates on 4 March. [1][3] (single source) Later, on 6 March" in markdown
    assert "Reworded for fluency by tiny-1" in markdown
    assert "according to Mayor Ilse Varga. [1][2]\n" in markdown
    request = model.requests[-1]
    assert request["path"] == "/canned/faithful/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    assert request["body"]["model"] == "tiny-1"
    sent = request["body"]["messages"][-1]["content"]
    assert sent == prompt_text(BRIEFING)
    assert "[1][3]" in sent and "1. Valley Courier" in sent and "(single source)" not in sent
    assert "## Key numbers" not in sent  # empty sections are not sent


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_unfaithful_rewording_keeps_the_extractive_text(model, name):
    _, why = REJECTED[name]
    outcome = rewrite_briefing(BRIEFING, settings(model, f"canned/{name}"))
    assert not outcome.accepted
    assert outcome.briefing is BRIEFING
    assert outcome.reason.startswith("the rewording was rejected: ") and why in outcome.reason


@pytest.mark.parametrize(("path", "why"), [
    ("slow", "[E104] the language model at"),
    ("error", "answered HTTP 500"),
    ("garbage", "[E105]"),
])
def test_endpoint_failures_keep_the_extractive_text(model, path, why):
    outcome = rewrite_briefing(BRIEFING, settings(model, path, timeout=0.3))
    assert not outcome.accepted and outcome.briefing is BRIEFING
    assert why in outcome.reason
    if path == "slow":
        assert "did not answer within 0.3 s" in outcome.reason


def test_unreachable_endpoint(model):
    with fake_model() as gone:
        url = gone.url
    outcome = rewrite_briefing(BRIEFING, LlmSettings(url=url, timeout=1))
    assert not outcome.accepted and "could not reach the language model" in outcome.reason


def test_settings_from_environment():
    environ = {"STORYLINE_LLM_URL": "http://127.0.0.1:9/v1", "STORYLINE_LLM_MODEL": "m",
               "STORYLINE_LLM_KEY": "k"}
    settings_ = LlmSettings.from_environment(environ=environ)
    assert settings_ == LlmSettings("http://127.0.0.1:9/v1", "m", "k")
    assert settings_.endpoint() == "http://127.0.0.1:9/v1/chat/completions"
    assert LlmSettings.from_environment(environ={}) is None
    assert LlmSettings("http://h/v1/chat/completions/").endpoint() == "http://h/v1/chat/completions"
    with pytest.raises(ConfigError, match="must be http"):
        LlmSettings("file:///etc/passwd").endpoint()


@pytest.fixture()
def store_path(tmp_path, monkeypatch):
    """An empty store; the command briefs the hand-written briefing above."""
    path = tmp_path / "empty.db"
    open_store(str(path)).close()
    monkeypatch.setattr(briefing_cli, "build_briefing", lambda store, options: BRIEFING)
    return str(path)


def test_cli_uses_and_verifies_the_model(model, store_path):
    runner = CliRunner()
    result = runner.invoke(briefing_cli.brief_command,
                           ["--db", store_path, "--llm", f"{model.url}/canned/faithful"])
    assert result.exit_code == 0, result.output
    assert "shored up the levee" in result.output and "warning" not in result.output
    result = runner.invoke(briefing_cli.brief_command, ["--db", store_path, "--format", "json"],
                           env={"STORYLINE_LLM_URL": f"{model.url}/canned/number",
                                "STORYLINE_LLM_MODEL": "tiny-2"})
    assert result.exit_code == 0
    assert "warning: kept the extractive briefing: the rewording was rejected" in result.stderr
    data = json.loads(result.stdout)
    assert data["rewritten_by"] is None
    assert data["sections"][0]["sentences"][1]["text"].startswith("On 6 March, crews")
    assert model.requests[-1]["body"]["model"] == "tiny-2"


def test_cli_without_a_model_sends_nothing(model, store_path):
    before = len(model.requests)
    result = CliRunner().invoke(briefing_cli.brief_command, ["--db", store_path],
                                env={"STORYLINE_LLM_URL": None})
    assert result.exit_code == 0 and "Reworded" not in result.output
    assert len(model.requests) == before


def test_cli_rejects_a_bad_model_url(store_path):
    result = CliRunner().invoke(briefing_cli.brief_command,
                                ["--db", store_path, "--llm", "ftp://example.org/v1"])
    assert result.exit_code != 0 and "must be http(s)" in result.output


def test_every_brief_option_and_setting_is_documented():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "briefing.md").read_text("utf-8")
    for param in briefing_cli.brief_command.params:
        for option in param.opts:
            if option != "--db":
                assert f"`{option}" in docs, f"{option} missing from docs/briefing.md"
    for name in ("STORYLINE_LLM_URL", "STORYLINE_LLM_MODEL", "STORYLINE_LLM_KEY"):
        assert f"`{name}`" in docs

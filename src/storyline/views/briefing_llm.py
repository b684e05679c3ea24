"""The optional language-model hook: reword an extractive briefing for fluency through a
user-configured OpenAI-compatible chat-completions endpoint, then verify the answer.

Nothing here runs unless asked (``storyline brief --llm URL`` or ``STORYLINE_LLM_URL``).
The briefing and its numbered sources are posted with instructions to keep every citation
marker; the answer is checked by :func:`~storyline.views.briefing_verify.verify_rewrite`.
Any failure (unreachable endpoint, timeout, error status, malformed answer, a rewording
that breaks a rule) leaves the extractive briefing in place, with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from storyline.errors import ConfigError, FetchError, MalformedInput, StorylineError
from storyline.views.briefing_records import Briefing
from storyline.views.briefing_render import briefing_markdown
from storyline.views.briefing_text import SINGLE_SOURCE
from storyline.views.briefing_verify import RewriteRejected, verify_rewrite

DEFAULT_TIMEOUT = 60.0
INSTRUCTIONS = """\
You edit news briefings. Rewrite the briefing the user sends so that it reads as fluent, \
connected prose. Rules:
- Keep every section heading (the lines starting with "## "), unchanged and in the same order.
- Every sentence ends with the citation markers of the sources it rests on, such as [2] \
or [1][3]. Keep each marker with what it supports; never drop, add or renumber a marker.
- Use only facts, names, numbers and dates found in the sentences carrying the same \
markers. Add nothing else.
- Do not write "(single source)"; it is added afterwards.
- Answer with the briefing's sections only: no title, no source list, no comments."""


@dataclass(frozen=True, slots=True)
class LlmSettings:
    """Where and how to ask: ``url`` is the endpoint (".../chat/completions") or its base
    (".../v1"); ``model`` is left out of the request when None (the server's default)."""

    url: str
    model: str | None = None
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT

    @classmethod
    def from_environment(cls, url: str | None = None, *, model: str | None = None,
                         api_key: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                         environ: Mapping[str, str] = os.environ) -> LlmSettings | None:
        """Settings from the arguments, else ``STORYLINE_LLM_URL``, ``STORYLINE_LLM_MODEL``
        and ``STORYLINE_LLM_KEY``; None when no URL is configured."""
        url = url or environ.get("STORYLINE_LLM_URL")
        if not url:
            return None
        return cls(url=url, model=model or environ.get("STORYLINE_LLM_MODEL") or None,
                   api_key=api_key or environ.get("STORYLINE_LLM_KEY") or None, timeout=timeout)

    def endpoint(self) -> str:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"the language model URL must be http(s)://host/..., got {self.url!r}")
        url = self.url.rstrip("/")
        return url if url.endswith("/chat/completions") else f"{url}/chat/completions"


@dataclass(frozen=True, slots=True)
class RewriteOutcome:
    """The briefing to show (reworded when ``accepted``, else the extractive one) and, when
    not accepted, why."""

    briefing: Briefing
    accepted: bool
    reason: str | None = None


def prompt_text(briefing: Briefing) -> str:
    """The briefing as sent: its sections (empty ones left out) and numbered sources."""
    told = [s for s in briefing.sections if s.sentences]
    markdown = briefing_markdown(Briefing(
        story_id=briefing.story_id, title=briefing.title, first_date=None, last_date=None,
        since=briefing.since, sections=tuple(told), sources=briefing.sources,
    ))
    return markdown.replace(f" {SINGLE_SOURCE}", "")


def request_completion(settings: LlmSettings, text: str) -> str:
    """The model's answer to ``text``; :class:`FetchError` or :class:`MalformedInput`."""
    url = settings.endpoint()
    payload: dict[str, object] = {
        "messages": [{"role": "system", "content": INSTRUCTIONS},
                     {"role": "user", "content": text}],
        "temperature": 0,
    }
    if settings.model:
        payload["model"] = settings.model
    headers = {"Authorization": f"Bearer {settings.api_key}"} if settings.api_key else {}
    try:
        response = httpx.post(url, json=payload, headers=headers, timeout=settings.timeout)
    except httpx.TimeoutException as exc:
        raise FetchError(f"the language model at {url} did not answer within "
                         f"{settings.timeout:g} s", source=url) from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"could not reach the language model at {url}: {exc}", source=url) from exc
    if response.status_code != 200:
        raise FetchError(f"the language model at {url} answered HTTP {response.status_code}: "
                         f"{response.text[:200]!r}", source=url)
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise MalformedInput(f"the language model at {url} did not send a chat-completions "
                             "answer (choices[0].message.content)", source=url) from exc
    if not isinstance(content, str) or not content.strip():
        raise MalformedInput(f"the language model at {url} sent an empty answer", source=url)
    return content


def rewrite_briefing(briefing: Briefing, settings: LlmSettings) -> RewriteOutcome:
    """Ask the model to reword ``briefing`` and keep the answer only if it verifies."""
    if not briefing.sentences():
        return RewriteOutcome(briefing, False, "the briefing is empty: nothing to reword")
    try:
        answer = request_completion(settings, prompt_text(briefing))
    except StorylineError as exc:
        return RewriteOutcome(briefing, False, str(exc))
    try:
        checked = verify_rewrite(briefing, answer, model=settings.model or urlsplit(settings.url).netloc)
    except RewriteRejected as exc:
        return RewriteOutcome(briefing, False, f"the rewording was rejected: {exc}")
    return RewriteOutcome(checked, True)


__all__ = ["INSTRUCTIONS", "LlmSettings", "RewriteOutcome", "prompt_text",
           "request_completion", "rewrite_briefing"]

"""Quality measurement on gold data (``storyline eval TASK GOLD_DIR``).

Each task lives in its own module with an ``evaluate_<task>`` function returning a
dict of metrics; floors for them are kept in ``quality/*.json`` and checked by tests.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError

TASKS = {
    "timex": ("storyline.evaluation.timex", "evaluate_timex"),
    "entities": ("storyline.evaluation.entities", "evaluate_entities"),
    "attribution": ("storyline.evaluation.attribution", "evaluate_attribution"),
    "events": ("storyline.evaluation.events", "evaluate_events"),
    "html": ("storyline.evaluation.html", "evaluate_html"),
    "coref": ("storyline.evaluation.coref", "evaluate_coref"),
    "event-coref": ("storyline.evaluation.event_coref", "evaluate_event_coref"),
    "stories": ("storyline.evaluation.stories", "evaluate_stories"),
    "dating": ("storyline.evaluation.dating", "evaluate_dating"),
    "timeline": ("storyline.evaluation.timeline", "evaluate_timeline"),
}


def run_evaluation(task: str, gold_dir: Path, **options: Any) -> dict[str, Any]:
    """Run one evaluation; options the task does not take are ignored."""
    if task not in TASKS:
        raise ConfigError(f"unknown evaluation {task!r}; choose one of {', '.join(TASKS)}")
    module_name, function_name = TASKS[task]
    try:
        function = getattr(importlib.import_module(module_name), function_name)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"evaluation {task!r} is not available: {exc}") from exc
    accepted = inspect.signature(function).parameters
    kwargs = {k: v for k, v in options.items() if k in accepted and v is not None}
    return function(gold_dir, **kwargs)


__all__ = ["TASKS", "run_evaluation"]

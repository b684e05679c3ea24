"""`storyline eval` offers exactly the evaluations the library registers, and each resolves."""

from __future__ import annotations

import importlib

from storyline.cli import EVALUATIONS
from storyline.evaluation import TASKS


def test_cli_choices_match_the_registry():
    assert set(EVALUATIONS) == set(TASKS)


def test_every_registered_evaluation_is_importable():
    for task, (module, function) in TASKS.items():
        assert callable(getattr(importlib.import_module(module), function)), task


def test_cli_export_formats_match_the_writers():
    from storyline.cli import EXPORT_FORMATS
    from storyline.views.exports import FORMATS

    assert set(EXPORT_FORMATS) == set(FORMATS)

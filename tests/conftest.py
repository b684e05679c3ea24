"""Shared fixtures: where the shared seeds and gold data live (skipped cleanly when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("STORYLINE_SHARED", REPO_ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed articles not found at {path} (set STORYLINE_SHARED)")
    return path


@pytest.fixture(scope="session")
def gold_root() -> Path:
    path = SHARED / "gold"
    if not path.is_dir():
        pytest.skip(f"gold data not found at {path} (set STORYLINE_SHARED)")
    return path


@pytest.fixture
def write_articles(tmp_path):
    """Write ``{relative name: text}`` under a fresh folder and return the folder."""

    def write(files: dict[str, str | bytes], folder: str = "inputs") -> Path:
        root = tmp_path / folder
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write

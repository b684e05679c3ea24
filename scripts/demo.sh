#!/usr/bin/env bash
# Installs storyline into ./.venv and runs it on the bundled demo corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -qq --disable-pip-version-check -e .
mkdir -p out
.venv/bin/storyline demo --db out/demo.db --report out/demo-report.html
echo "storyline is installed in ./.venv: run '. .venv/bin/activate' first (or call .venv/bin/storyline)."

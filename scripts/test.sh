#!/usr/bin/env bash
# Installs storyline with its test dependencies into ./.venv and runs the test suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k dedup).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -qq --disable-pip-version-check -e '.[test]'
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# Installs storyline with its test dependencies into ./.venv and runs the test suite.
# Extra arguments go to pytest (e.g. scripts/test.sh -k dedup).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -qq --disable-pip-version-check -e '.[test]'

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser
# here). Install it when missing and we may; without it those tests skip with a reason.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "installing Chromium for the browser tests (Debian package chromium)…"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
        >/dev/null 2>&1 || echo "could not install Chromium: the browser tests will be skipped"
fi

exec .venv/bin/python -m pytest "$@"

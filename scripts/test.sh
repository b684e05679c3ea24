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

# The storage tests also run against PostgreSQL: tests/pg_cluster.py starts a private
# server (initdb + pg_ctl in a temporary folder, unix socket only) and removes it after.
# Install Debian's server package when no PostgreSQL binaries are found and we may;
# without them those tests skip with a reason.
has_postgres() {
    command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
        || { command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; }
}
if ! has_postgres && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "installing PostgreSQL for the storage tests (Debian package postgresql)…"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
        >/dev/null 2>&1 || echo "could not install PostgreSQL: its storage tests will be skipped"
fi

exec .venv/bin/python -m pytest "$@"

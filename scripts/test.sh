#!/usr/bin/env bash
# Set up a virtual environment (once) and run the whole test suite:
# lint, core unit tests, AppTest page tests, browser tests and the slow fuzz run.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements-dev.txt
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python -m negotiation validate positions
exec .venv/bin/python -m pytest -n auto "$@"

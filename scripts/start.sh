#!/usr/bin/env bash
# Set up a virtual environment (once) and start the dashboard on the shipped example.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
exec .venv/bin/streamlit run dashboard.py "$@"

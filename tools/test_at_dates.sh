#!/usr/bin/env bash
# The suite again with the machine's wall clock moved (faketime), so that no test depends on the
# day it runs. Each move is an offset from now (tools/clock_moments.py): an offset is inherited
# by child processes as it is, so the tests that start the bot, the console or a server
# (marker real_clock) move with everything else (docs/pitfalls.md §33). The clock keeps running.
#
#   the tests that start child processes or servers (marker real_clock) at every moment: the
#   next month end, the year end at 04:59 and at 05:00 studio time (both sides of the
#   business-day change), the next 29 February, +40 days and +400 days;
#   the in-process suite once, at the year end's 04:59 (a month, a year and a business day
#   about to change): each in-process test freezes its own clock, so only what slips past it
#   (a database default, a file's time) could differ, and one moment shows that;
#   with TEST_DATABASE_URL set (the PostgreSQL pass): the PostgreSQL tests, failover included,
#   at +40 and +400 days.
#
# FAKETIME_DONT_FAKE_MONOTONIC stays unset: with an offset it makes time.sleep fail
# (OSError 22). MODEL_HISTORIES and PAY_MODEL_HISTORIES, unless set, are lowered for the moved runs:
# the generated histories build their own dates and gain nothing from the wall clock.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "faketime is missing: apt-get install faketime"; exit 1; }
PYTHON=${PYTHON:-.venv/bin/python}
export MODEL_HISTORIES=${MODEL_HISTORIES:-25} PAY_MODEL_HISTORIES=${PAY_MODEL_HISTORIES:-10}
unset FAKETIME_DONT_FAKE_MONOTONIC

moved() {  # moved <offset seconds> <label> <pytest marker expression> [pytest args]
  local offset=$1 label=$2 marks=$3
  shift 3
  echo "== ${label} (wall clock +${offset} s): -m \"${marks}\""
  TZ=UTC faketime -f "+${offset}" "$PYTHON" -m pytest -p no:cacheprovider -m "$marks" "$@"
}

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  while IFS=$'\t' read -r offset label; do
    moved "$offset" "$label" "postgres" "$@"
  done < <("$PYTHON" tools/clock_moments.py ahead)
  exit 0
fi
while IFS=$'\t' read -r offset label; do
  case $label in
    "new year 04:59"*) moved "$offset" "$label" "not postgres" "$@" ;;
    *) moved "$offset" "$label" "real_clock and not postgres" "$@" ;;
  esac
done < <("$PYTHON" tools/clock_moments.py)

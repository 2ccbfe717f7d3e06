#!/usr/bin/env bash
# The in-process suite with the machine's wall clock moved to the dates where a clock leak would
# show: a month end, a year end on both sides of the business-day change (05:00 Asia/Shanghai),
# and 29 February. The clock starts at each moment and runs (faketime "@…"), it is not frozen.
# Left out: the tests that start child processes or real servers (marker real_clock), whose
# sleeps and timeouts misbehave under faketime, and the PostgreSQL-only ones.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v faketime >/dev/null || { echo "faketime is missing: apt-get install faketime"; exit 1; }
PYTHON=${PYTHON:-.venv/bin/python}
# UTC moments; the comment gives studio time (Asia/Shanghai, UTC+8).
MOMENTS=(
  "2026-11-30 15:55:00"   # 11-30 23:55, the month's last minutes
  "2026-12-31 20:59:00"   # 2027-01-01 04:59, a year end before the business day changes
  "2026-12-31 21:00:00"   # 2027-01-01 05:00, the business day changes
  "2028-02-29 04:00:00"   # 2028-02-29 12:00, a leap day
)
for moment in "${MOMENTS[@]}"; do
  echo "== the suite with the wall clock at ${moment} UTC"
  TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "@${moment}" \
    "$PYTHON" -m pytest -p no:cacheprovider -m "not real_clock and not postgres" "$@"
done

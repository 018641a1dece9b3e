#!/usr/bin/env bash
# Runs the OData query parser against the OASIS OData ABNF test cases (oasis-tcs/odata-abnf,
# abnf/odata-abnf-testcases.yaml), which are not kept in this repository: pass the file's path.
# Prints passed/failed counts per rule and every case that disagrees, and fails unless those
# are exactly the allow-list tests/odata_abnf/known_differences.txt (docs/odata-query.md records
# the last run and why it is not in CI). Usage: tests/odata_abnf/run.sh PATH/odata-abnf-testcases.yaml
set -euo pipefail
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: $0 PATH/odata-abnf-testcases.yaml" >&2
  exit 2
fi
cd "$(dirname "$0")/../.."
CREDSUM_ODATA_ABNF="$(realpath "$1")" cargo test -p credsum-syntax --test syntax odata_abnf -- --ignored --nocapture

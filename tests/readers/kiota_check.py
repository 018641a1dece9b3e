#!/usr/bin/env python3
"""Cross-checks credsum's Int32 and DateTimeOffset verdicts against a real reader: the JSON
parse node of Graph's Python SDK (Kiota's `microsoft-kiota-serialization-json`, from PyPI).

For each Int32 literal of the table, credsum flags it (`not-an-integer` or `integer-notation`)
exactly when the parse node's `get_int_value` drops it (returns None). For each timestamp,
every one the parse node's `get_datetime_value` refuses is flagged `invalid-date-time`; the
table names the ones credsum flags though Python reads them, each with the .NET rule (the
narrower reader) that refuses it.

Usage: kiota_check.py [CREDSUM_BINARY]   (default: target/debug/credsum)
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from kiota_serialization_json.json_parse_node_factory import JsonParseNodeFactory

INT32_CODES = {"not-an-integer", "integer-notation"}

# Literals written where an Int32 goes (all within the Int32 range: Python's parse node has no
# range check, credsum's int32-out-of-range is another rule).
INT32_LITERALS = [
    "90", "0", "-5", "2147483647", "-2147483648",
    "90.0", "9e1", "9E1", "900e-1", "61.0", "0.0", "-0.0", "1e0", "2147483647.0",
    "90.5", "1e-1", "1.0000000000000000001", "1e-324", "1e-309", "-0.5", "4.9e-324",
]

# (timestamp, why credsum flags it though Python reads it; None when both agree).
TIMESTAMPS = [
    ("2021-07-11T11:15:52.9375367Z", None),
    ("2024-02-29T00:00:00Z", None),
    ("0001-01-01T00:00:00Z", None),
    ("9999-12-31T23:59:59.9999999Z", None),
    ("2021-01-01T00:00:00+14:00", None),
    ("2023-02-29T00:00:00Z", None),
    ("2021-13-01T00:00:00Z", None),
    ("0000-01-01T00:00:00Z", None),
    ("2021-01-01T00:00:00+24:00", None),
    ("2021-01-01T00:00:00+15:00", ".NET's DateTimeOffset takes offsets within +-14:00"),
    ("0001-01-01T00:30:00+01:00", ".NET's DateTimeOffset needs the UTC instant in 0001..9999"),
    ("2021-07-11 11:15:52Z", "Graph's OpenAPI pattern needs a `T`"),
    ("2021-07-11T11:15:52", "Graph's OpenAPI pattern needs an offset"),
]


def kiota_node(body: str):
    return JsonParseNodeFactory().get_root_parse_node("application/json", body.encode())


def kiota_int(literal: str):
    return kiota_node('{"totalUserCount": %s}' % literal).get_child_node("totalUserCount").get_int_value()


def kiota_refuses_datetime(text: str) -> bool:
    node = kiota_node(json.dumps({"lastRefreshedDateTime": text})).get_child_node("lastRefreshedDateTime")
    try:
        return node.get_datetime_value() is None
    except ValueError:
        return True


def credsum_codes(credsum: str, bodies: list[str]) -> list[set[str]]:
    """The codes credsum reports on each body's one property value (its second member)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, body in enumerate(bodies):
            path = Path(folder) / f"case{i:03}.credsum.json"
            path.write_text(body)
            paths.append(str(path))
        run = subprocess.run([credsum, "lint", "--format", "json", *paths], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"credsum lint failed ({run.returncode}): {run.stderr}")
        by_path = {Path(f["path"]).name: f["diagnostics"] for f in json.loads(run.stdout)}
    return [{d["code"] for d in by_path[Path(p).name]} for p in paths]


def main() -> int:
    credsum = sys.argv[1] if len(sys.argv) > 1 else "target/debug/credsum"
    failures = []

    codes = credsum_codes(credsum, ['{"totalUserCount": %s}' % lit for lit in INT32_LITERALS])
    for literal, found in zip(INT32_LITERALS, codes):
        dropped = kiota_int(literal) is None
        flagged = bool(found & INT32_CODES)
        print(f"Int32 {literal:<24} kiota: {'drops' if dropped else 'reads'}  credsum: {sorted(found) or 'clean'}")
        if dropped != flagged:
            failures.append(f"Int32 {literal}: kiota {'drops' if dropped else 'reads'} it, credsum {'flags' if flagged else 'passes'} it")

    bodies = [json.dumps({"lastRefreshedDateTime": text}) for text, _ in TIMESTAMPS]
    for (text, narrower), found in zip(TIMESTAMPS, credsum_codes(credsum, bodies)):
        refused = kiota_refuses_datetime(text)
        flagged = "invalid-date-time" in found
        print(f"DateTimeOffset {text:<30} kiota: {'refuses' if refused else 'reads'}  credsum: {sorted(found) or 'clean'}")
        expected = refused or narrower is not None
        if flagged != expected or (narrower is not None and refused):
            failures.append(f"DateTimeOffset {text}: kiota {'refuses' if refused else 'reads'} it, credsum {'flags' if flagged else 'passes'} it (table: {narrower or 'same verdict'})")

    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    print(f"{len(INT32_LITERALS)} Int32 literals and {len(TIMESTAMPS)} timestamps checked against the Kiota JSON parse node: {len(failures)} disagreements")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Agreement test: `credsum lint` reports a schema-level error for a body if and only if an
independent validator (check-jsonschema) rejects it under the exported JSON Schema.

Usage: agreement.py CREDSUM_BINARY CHECK_JSONSCHEMA_BINARY SCHEMA_FILE [COUNT]
Generates COUNT bodies (valid JSON, ~half with one or two mistakes) in a temporary folder.
"""
import json
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ODATA = "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary"
BASE = {
    "@odata.type": ODATA,
    "tenantId": "8a3c2f15-6d0e-4b9a-9c71-2f4e5d6a7b8c",
    "tenantDisplayName": "Contoso",
    "mfaAndSsprCapableUserCount": 120,
    "mfaExcludedUserCount": 3,
    "mfaRegisteredUserCount": 150,
    "ssprEnabledUserCount": 180,
    "ssprRegisteredUserCount": 140,
    "totalUserCount": 200,
    "securityDefaultsEnabled": False,
    "mfaConditionalAccessPolicyState": "enabled",
    "tenantLicenseType": "AADPremium2",
    "lastRefreshedDateTime": "2021-07-11T11:15:52.9375367Z",
}
COUNTS = [k for k, v in BASE.items() if isinstance(v, int) and not isinstance(v, bool)]
STRINGS = ["tenantId", "tenantDisplayName", "mfaConditionalAccessPolicyState", "tenantLicenseType"]

# Each mutation: (name, function(body, rng) -> None). Some are schema errors, some are Graph-only
# findings (not schema-level), some change nothing the schema cares about.
MUTATIONS = [
    ("string-for-int", lambda b, r: b.__setitem__(r.choice(COUNTS), "42")),
    ("placeholder-int", lambda b, r: b.__setitem__(r.choice(COUNTS), "Integer")),
    ("overflow", lambda b, r: b.__setitem__(r.choice(COUNTS), 2147483648)),
    ("underflow", lambda b, r: b.__setitem__(r.choice(COUNTS), -2147483649)),
    ("int-max", lambda b, r: b.__setitem__(r.choice(COUNTS), 2147483647)),
    ("fraction", lambda b, r: b.__setitem__(r.choice(COUNTS), 1.5)),
    ("negative", lambda b, r: b.__setitem__(r.choice(COUNTS), -1)),
    ("null-count", lambda b, r: b.__setitem__(r.choice(COUNTS), None)),
    ("bad-date", lambda b, r: b.__setitem__("lastRefreshedDateTime", r.choice(["2021-02-30T10:00:00Z", "2021-07-11 11:15:52Z", "2021-07-11T25:00:00Z", "String (timestamp)", "2021-07-11"]))),
    ("good-date", lambda b, r: b.__setitem__("lastRefreshedDateTime", r.choice(["2024-02-29T00:00:00Z", "2021-07-11T11:15:52.123456789+05:30"]))),
    ("unknown", lambda b, r: b.__setitem__(r.choice(["tenantDisplayNme", "color", "TotalUserCount"]), 1)),
    ("odata-annotation", lambda b, r: b.__setitem__("@odata.etag", "W/\"1\"")),
    # Annotations are typed and only the declared ones are properties (issue 24 item 4).
    ("odata-annotation-typed", lambda b, r: b.__setitem__(r.choice(["@odata.etag", "@odata.context", "@odata.id"]), r.choice([5, None, True]))),
    ("undeclared-annotation", lambda b, r: b.__setitem__(r.choice(["@odata.nextLink", "@odata.foo", "tenantId@odata.type"]), "x")),
    ("wrong-odata-type", lambda b, r: b.__setitem__("@odata.type", "#microsoft.graph.user")),
    ("null-id", lambda b, r: b.__setitem__("id", None)),
    ("id", lambda b, r: b.__setitem__("id", "x")),
    ("bool-as-string", lambda b, r: b.__setitem__("securityDefaultsEnabled", r.choice(["true", "Boolean", "yes"]))),
    ("number-for-string", lambda b, r: b.__setitem__(r.choice(STRINGS), 7)),
    ("string-placeholder", lambda b, r: b.__setitem__(r.choice(STRINGS), "String")),
    ("drop", lambda b, r: b.pop(r.choice(list(b)))),
    # Literals no float holds, written as they are (see raw()): JSON numbers that are not Int32.
    ("huge-literal", lambda b, r: b.__setitem__(r.choice(COUNTS), raw(r.choice(["1e309", "-1e400", "1" + "0" * 400, "-" + "9" * 40, "1E10"])))),
    ("exponent-in-range", lambda b, r: b.__setitem__(r.choice(COUNTS), raw(r.choice(["1e9", "2E3", "-5e0"])))),
]

RAW = "__raw_literal__"


def raw(literal: str) -> str:
    """A marker that dump() replaces with `literal` unquoted (json.dumps cannot write 1e309)."""
    return f"{RAW}{literal}{RAW}"


def dump(body: dict) -> str:
    """The body as JSON text, with raw() markers turned into the literals they hold."""
    return re.sub(f'"{RAW}(.*?){RAW}"', r"\1", json.dumps(body, indent=2)) + "\n"


def generate(folder: Path, count: int) -> None:
    rng = random.Random(20261129)
    for i in range(count):
        body = dict(BASE)
        for _ in range(rng.choice([0, 1, 1, 2])):
            rng.choice(MUTATIONS)[1](body, rng)
        (folder / f"body-{i:04}.json").write_text(dump(body))


def main() -> int:
    credsum, checker, schema = sys.argv[1:4]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 400
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, count)
        files = sorted(str(p) for p in folder.glob("*.json"))
        lint = subprocess.run([credsum, "lint", "--format", "json", *files], capture_output=True, text=True)
        if lint.returncode not in (0, 1):
            print(lint.stderr)
            return 2
        schema_codes = set(json.loads(subprocess.run([credsum, "rules", "--schema-level"], capture_output=True, text=True, check=True).stdout))
        ours = {Path(f["path"]).name for f in json.loads(lint.stdout) if any(d["code"] in schema_codes for d in f["diagnostics"])}
        check = subprocess.run([checker, "-o", "json", "--schemafile", schema, *files], capture_output=True, text=True)
        theirs = {Path(e["filename"]).name for e in json.loads(check.stdout).get("errors", [])}
    disagree = sorted(ours ^ theirs)
    print(f"agreement: {count} bodies, {len(theirs)} rejected by check-jsonschema, {len(ours)} with schema-level errors from credsum, {len(disagree)} disagreements")
    for name in disagree:
        print(f"  {name}: credsum={'error' if name in ours else 'ok'} check-jsonschema={'error' if name in theirs else 'ok'}")
    print(f"{count - len(disagree)} passed, {len(disagree)} failed")
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())

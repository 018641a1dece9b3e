#!/usr/bin/env python3
"""Deterministic corpus for the credsum lint benchmark (tests/bench/lint_bench.sh).

    gen_corpus.py bulk  OUT_DIR [--count 10000] [--seed 20240611]
    gen_corpus.py big   OUT_FILE --bytes 1000000 [--seed 20240611] [--style dense|guid]

`bulk` writes COUNT PATCH bodies for microsoft.graph.managedTenants.credentialUserRegistrationsSummary
(~470 bytes each, shaped like tests/examples/valid/contoso-summary.json, every one naming its
@odata.type). Exactly 20 % carry one mistake (string for Int32, Int32 overflow, bad date-time,
unknown property, docs placeholder such as "Integer"), exactly 1 % are not JSON at all (the text is
cut short after the @odata.type line). The rest are valid. A manifest (OUT_DIR.manifest.tsv: file,
kind) is written *next to* OUT_DIR, not inside it, so that every file in OUT_DIR is a body.

`big` writes one body of about BYTES bytes: the real properties plus many unknown ones (each an
error), to measure analysis time and memory on large input. `--style dense` (the default) packs
~27,000 short unknown properties per MB, the worst case; `--style guid` writes the language-server
issue's body, ~14,000 unknown properties per MB with GUID-like string values.

Only the standard library is used; the same seed gives byte-identical files.
"""

import argparse
import json
import os
import random
import sys

ODATA_TYPE = "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary"
COUNTS = [
    "mfaAndSsprCapableUserCount",
    "mfaExcludedUserCount",
    "mfaRegisteredUserCount",
    "ssprEnabledUserCount",
    "ssprRegisteredUserCount",
]
TENANT_NAMES = [
    "Contoso", "Fabrikam", "Northwind Traders", "Tailspin Toys", "Adventure Works",
    "Wide World Importers", "Woodgrove Bank", "Litware", "Proseware", "Alpine Ski House",
    "Coho Winery", "Fourth Coffee", "Graphic Design Institute", "Humongous Insurance",
    "Lucerne Publishing", "Margie's Travel", "Relecloud", "Trey Research", "VanArsdel",
    "Wingtip Toys",
]
POLICY_STATES = ["enabled", "disabled", "enabledForReportingButNotEnforced"]
LICENSES = ["AADFree", "AADPremium1", "AADPremium2"]
UNKNOWN_KEYS = [
    "tenantName", "userCount", "mfaEnabled", "lastRefreshedDate", "totalUsers", "licenseType",
    "displayName", "mfaCapableUserCount", "ssprCapableUserCount", "createdDateTime",
]
MISTAKES = ["string_for_int32", "int32_overflow", "bad_date_time", "unknown_property", "docs_placeholder"]


def guid(rng):
    return "%08x-%04x-4%03x-%04x-%012x" % (
        rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
        0x8000 | rng.getrandbits(14), rng.getrandbits(48),
    )


def date_time(rng):
    return "20%02d-%02d-%02dT%02d:%02d:%02d.%07dZ" % (
        rng.randint(19, 25), rng.randint(1, 12), rng.randint(1, 28),
        rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 9999999),
    )


def valid_body(rng):
    """A realistic, valid PATCH body (a dict: key order is kept in the file).

    Every body names its `@odata.type` (that is how `credsum lint` recognises a body while walking
    a folder); a PATCH carries only what it changes, so some optional properties are left out
    (which keeps the mean near 470 bytes)."""
    total = rng.randint(50, 250000)
    body = {"@odata.type": ODATA_TYPE}
    if rng.random() < 0.4:
        body["tenantId"] = guid(rng)
    body["tenantDisplayName"] = rng.choice(TENANT_NAMES)
    for key in COUNTS:
        if rng.random() < 0.8:
            body[key] = rng.randint(0, total)
    body["totalUserCount"] = total
    if rng.random() < 0.7:
        body["securityDefaultsEnabled"] = rng.random() < 0.3
    if rng.random() < 0.7:
        body["mfaConditionalAccessPolicyState"] = rng.choice(POLICY_STATES)
    if rng.random() < 0.7:
        body["tenantLicenseType"] = rng.choice(LICENSES)
    body["lastRefreshedDateTime"] = date_time(rng)
    return body


def count_keys(body):
    """The Int32 properties present in `body` (totalUserCount always is)."""
    return [k for k in COUNTS + ["totalUserCount"] if k in body]


def apply_mistake(rng, body, mistake):
    if mistake == "string_for_int32":
        key = rng.choice(count_keys(body))
        body[key] = str(body[key])
    elif mistake == "int32_overflow":
        key = rng.choice(count_keys(body))
        body[key] = 2147483648 + rng.randint(0, 10**9)
    elif mistake == "bad_date_time":
        body["lastRefreshedDateTime"] = rng.choice([
            "2021-07-11 11:15:52",           # space instead of T, no offset
            "2021-13-11T11:15:52Z",          # month 13
            "07/11/2021 11:15:52",           # US format
            "2021-07-11",                    # a date, not a date-time
            "2021-07-11T25:15:52Z",          # hour 25
        ])
    elif mistake == "unknown_property":
        # Insert before the last property, as a person would.
        items = list(body.items())
        items.insert(len(items) - 1, (rng.choice(UNKNOWN_KEYS), rng.randint(0, 1000)))
        body.clear()
        body.update(items)
    elif mistake == "docs_placeholder":
        key, value = rng.choice([
            (rng.choice(count_keys(body)), "Integer"),
            ("securityDefaultsEnabled", "Boolean"),
            ("lastRefreshedDateTime", "String (timestamp)"),
        ])
        body[key] = value
    else:
        raise ValueError(mistake)


def render(body):
    return json.dumps(body, indent=2) + "\n"


def bulk(out_dir, count, seed):
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    if os.listdir(out_dir):
        sys.exit(f"gen_corpus: {out_dir} is not empty")
    manifest = []
    width = len(str(count - 1))
    # Exactly 1 % not JSON and 20 % with one mistake, at seeded places.
    order = list(range(count))
    rng.shuffle(order)
    not_json = set(order[: count // 100])
    mistaken = set(order[count // 100 : count // 100 + count // 5])
    for i in range(count):
        body = valid_body(rng)
        if i in not_json:
            text = render(body)
            # Cut short (not JSON), after the @odata.type line so that it is still a body.
            start = text.index(ODATA_TYPE) + len(ODATA_TYPE) + 2
            text = text[: rng.randint(start, len(text) - 20)]
            kind = "not_json"
        elif i in mistaken:
            kind = rng.choice(MISTAKES)
            apply_mistake(rng, body, kind)
            text = render(body)
        else:
            kind = "valid"
            text = render(body)
        name = f"body-{i:0{width}d}.json"
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        manifest.append((name, kind))
    manifest_path = os.path.join(os.path.dirname(os.path.abspath(out_dir)), os.path.basename(os.path.abspath(out_dir)) + ".manifest.tsv")
    with open(manifest_path, "w", encoding="utf-8") as f:
        for name, kind in manifest:
            f.write(f"{name}\t{kind}\n")
    kinds = {}
    for _, kind in manifest:
        kinds[kind] = kinds.get(kind, 0) + 1
    total_bytes = sum(os.path.getsize(os.path.join(out_dir, n)) for n, _ in manifest)
    print(f"gen_corpus: {count} files, {total_bytes / count:.0f} B mean, kinds {dict(sorted(kinds.items()))}", file=sys.stderr)


def big(out_file, size, seed, style="dense"):
    rng = random.Random(seed)
    body = valid_body(rng)
    parts = [render(body).rstrip().rstrip("}").rstrip()]
    written = len(parts[0])
    i = 0
    while written < size - 2:
        if style == "guid":
            # The language-server issue's 1 MB body: ~14,000 unknown properties per MB.
            guid = "%08x-%04x-4%03x-%04x-%012x" % (
                rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                0x8000 | rng.getrandbits(14), rng.getrandbits(48))
            part = f',\n  "customAttribute{i:05d}": "{guid}-{i % 10000:04d}"'
        else:
            key = f"unknownProperty{i:07d}"
            value = rng.choice([rng.randint(0, 10**6), rng.choice(TENANT_NAMES), rng.random() < 0.5, None])
            part = f',\n  "{key}": {json.dumps(value)}'
        parts.append(part)
        written += len(part)
        i += 1
    parts.append("\n}\n")
    with open(out_file, "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(parts))
    print(f"gen_corpus: {out_file}: {os.path.getsize(out_file)} B, {i} unknown properties", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bulk")
    b.add_argument("out_dir")
    b.add_argument("--count", type=int, default=10000)
    b.add_argument("--seed", type=int, default=20240611)
    g = sub.add_parser("big")
    g.add_argument("out_file")
    g.add_argument("--bytes", type=int, required=True)
    g.add_argument("--seed", type=int, default=20240611)
    g.add_argument("--style", choices=["dense", "guid"], default="dense")
    args = parser.parse_args()
    if args.cmd == "bulk":
        bulk(args.out_dir, args.count, args.seed)
    else:
        big(args.out_file, args.bytes, args.seed, args.style)


if __name__ == "__main__":
    main()

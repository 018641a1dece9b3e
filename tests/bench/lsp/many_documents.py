#!/usr/bin/env python3
"""Many open documents: `credsum lsp` with 1 and with N (default 1,000) typical bodies open.

    many_documents.py --credsum BIN --typical FILE [--docs N] [--rounds R] [--edits E]

For each round, one session with a single document open and one with N open (the order
alternates). A session opens its documents (distinct URIs, the typical body each), waits for the
diagnostics of every one, lets the server settle, and reads its resident memory (VmRSS, and the
peak VmHWM) from /proc. It then applies E single-character edits to the first document (toggle
the last digit of a count) and times each didChange -> publishDiagnostics of that version in
the client. Prints a Markdown table: memory per session kind (median over rounds), the ratio of
N open to one open, and keystroke-to-diagnostics p50/p95 over all edits of a kind.
Standard library only; reuses the client of lsp_bench.py.
"""

import argparse
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from lsp_bench import digit_position, median, ms, pct, start  # noqa: E402


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def session(binary, text, docs, edits):
    settings = {"credsum": {"include": ["*.json"]}}
    s, _ = start("credsum", [binary, "lsp"], settings, False, "file:///bench")
    try:
        uris = [f"file:///bench/body{i:05d}.json" for i in range(docs)]
        t0 = time.perf_counter_ns()
        for uri in uris:
            s.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "json", "version": 1, "text": text}})
        for uri in uris:
            s.wait_publication(uri, t0, version=1)
        time.sleep(0.5)
        rss, hwm = status_kib(s.pid, "VmRSS"), status_kib(s.pid, "VmHWM")
        line, col, digit = digit_position(text, "totalUserCount")
        latencies = []
        for n in range(edits):
            digit = "1" if digit != "1" else "2"
            version = n + 2
            t = s.notify("textDocument/didChange", {
                "textDocument": {"uri": uris[0], "version": version},
                "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                              "end": {"line": line, "character": col + 1}},
                                    "text": digit}]})
            t1, _ = s.wait_publication(uris[0], t, version=version)
            latencies.append(t1 - t)
        return rss, hwm, latencies
    finally:
        s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--credsum", required=True)
    ap.add_argument("--typical", required=True)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--edits", type=int, default=200)
    args = ap.parse_args()
    text = pathlib.Path(args.typical).read_text()
    kinds = [1, args.docs]
    rss = {k: [] for k in kinds}
    hwm = {k: [] for k in kinds}
    lat = {k: [] for k in kinds}
    for r in range(args.rounds):
        for k in (kinds if r % 2 == 0 else kinds[::-1]):
            a, b, c = session(args.credsum, text, k, args.edits)
            rss[k].append(a)
            hwm[k].append(b)
            lat[k].extend(c)
    one, many = kinds
    print(f"| open documents | resident memory (VmRSS, median of {args.rounds}) | peak (VmHWM) "
          f"| edit -> diagnostics p50 | p95 (n = {args.edits * args.rounds}) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for k in kinds:
        print(f"| {k:,} | {median(rss[k]) / 1024:.1f} MiB | {median(hwm[k]) / 1024:.1f} MiB "
              f"| {ms(median(lat[k])):.3f} ms | {ms(pct(lat[k], 95)):.3f} ms |")
    ratio = median(rss[many]) / median(rss[one])
    p95 = ms(pct(lat[many], 95)) / ms(pct(lat[one], 95))
    print()
    print(f"Resident memory with {many:,} open / with one open: {ratio:.2f}x (goal: at most 3x); "
          f"p95 with {many:,} open / with one open: {p95:.2f}x.")


if __name__ == "__main__":
    main()

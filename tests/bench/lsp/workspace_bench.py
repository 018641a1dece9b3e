#!/usr/bin/env python3
"""Workspace diagnostics benchmark of credsum lsp (results in docs/benchmarks.md, section
"Workspace diagnostics"). Run by tests/bench/lsp/workspace.sh, or by hand:

    workspace_bench.py --credsum target/release/credsum [--count 10000] [--sessions 5]

Writes a corpus of COUNT bodies with tests/bench/gen_corpus.py (20 % with one mistake, 1 % not
JSON), then, in each session, starts `credsum lsp` with the corpus as its workspace folder and
times three `workspace/diagnostic` requests from the client's write to the response's arrival:
cold (every file read and analysed), unchanged (the client sends back every result id: each file
is one `stat`), and after 100 files were rewritten (those read again). The server's peak resident
memory (VmHWM) is read after the three. Prints a Markdown table: median, min and max over the
sessions. Standard library only; the LSP client is lsp_bench.py's.
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_bench import Server, ms, median  # noqa: E402


def start(argv, root_uri):
    """A server initialized with `root_uri` as its one workspace folder, pulling diagnostics."""
    s = Server("credsum", argv, None)
    s.request("initialize", {
        "processId": os.getpid(), "rootUri": root_uri,
        "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
        "capabilities": {"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": False}}},
    })
    s.notify("initialized", {})
    return s


def previous(result):
    return {"previousResultIds": [{"uri": i["uri"], "value": i["resultId"]}
                                  for i in result["items"] if i.get("resultId")]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--credsum", required=True)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--sessions", type=int, default=5)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="credsum-ws-bench.")
    corpus = os.path.join(work, "corpus")
    gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gen_corpus.py")
    if not os.path.isdir(corpus):
        subprocess.run([sys.executable, gen, "bulk", corpus, "--count", str(args.count)], check=True,
                       stdout=subprocess.DEVNULL)
    root_uri = "file://" + os.path.abspath(corpus)
    names = sorted(os.listdir(corpus))
    rows = {"cold": [], "unchanged": [], "100 files changed": []}
    hwm, files, findings = [], None, None
    for session in range(args.sessions):
        s = start([args.credsum, "lsp"], root_uri)
        try:
            t, cold = s.request("workspace/diagnostic", {"previousResultIds": []})
            rows["cold"].append(t)
            files = sum(1 for i in cold["items"] if i["kind"] == "full")
            findings = sum(len(i["items"]) for i in cold["items"] if i["kind"] == "full")
            t, again = s.request("workspace/diagnostic", previous(cold))
            rows["unchanged"].append(t)
            assert all(i["kind"] == "unchanged" for i in again["items"]), "not all unchanged"
            for name in names[session * 100:(session + 1) * 100]:
                path = os.path.join(corpus, name)
                with open(path, "a", encoding="utf-8") as f:
                    f.write("\n")
            t, third = s.request("workspace/diagnostic", previous(cold))
            rows["100 files changed"].append(t)
            changed = sum(1 for i in third["items"] if i["kind"] == "full")
            assert changed >= 100, f"{changed} full reports after 100 changes"
            hwm.append(s.vm_hwm_kib())
        finally:
            s.close()
    print(f"Workspace of {len(names)} bodies, {files} request files reported with {findings} findings; "
          f"{args.sessions} sessions, one fresh server each.")
    print()
    print("| `workspace/diagnostic` | median | min | max |")
    print("|---|---|---|---|")
    for name, values in rows.items():
        print(f"| {name} | {ms(median(values)):.0f} ms | {ms(min(values)):.0f} ms | {ms(max(values)):.0f} ms |")
    print(f"| server peak RSS (VmHWM) | {median(hwm) / 1024:.1f} MiB | {min(hwm) / 1024:.1f} MiB | {max(hwm) / 1024:.1f} MiB |")


if __name__ == "__main__":
    main()

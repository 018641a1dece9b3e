#!/usr/bin/env python3
"""Side-by-side benchmark of two JSON language servers over stdio (standard library only).

    lsp_bench.py --credsum BIN --json-server JS --schema FILE --typical FILE [options]

Server A is `credsum lsp` with its default settings; server B is vscode-json-language-server (run as
`node JS --stdio`); A' ("credsum-all") is `credsum lsp` with `max-diagnostics: 0`, so that on the
1 MB body it sends every diagnostic as B does (by default credsum sends the 1,000 most severe plus a
note, as VS Code itself shows no more than 1,000 per file). A' runs the big-pull sessions only.
B is given the exported JSON Schema through `json.schemas` settings
(`workspace/didChangeConfiguration`; every `workspace/configuration` request is answered from the
same settings object, by section). Both get the same client capabilities, the same documents and
the same requests; only the diagnostics capability differs between session kinds:

  typ-pull  client declares pull diagnostics; opens the typical body; times textDocument/diagnostic,
            completion, hover, and didChange -> pulled diagnostics; VmHWM at the end = memory (typical)
  big-pull  the same on the generated 1 MB body (no hover); VmHWM = memory (1 MB)
  typ-push  client without pull capability; opens the typical body and applies single-character
            incremental edits (toggle the last digit of a count), timing didChange -> the
            publishDiagnostics of that version (credsum sends the version; the JSON server sends
            none, so the next publication for the URI after the edit is taken)

Sessions are interleaved: for each round, for each session kind, both servers run one session
each, alternating which goes first. Every session times its initialize round trip (spawn ->
initialize response). Times are taken in the client: from just before the message is written to
the moment the whole response frame has been read (before it is parsed). All samples are kept,
including the first request after opening a document.

Prints a Markdown table on stdout and writes all samples as JSON to --out.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time

CRED = "credsum"
CRED_ALL = "credsum-all"  # credsum with max-diagnostics 0: every diagnostic sent, as vscode-json does
VSJ = "vscode-json"


def now():
    return time.perf_counter_ns()


def ms(ns):
    return ns / 1e6


class Server:
    """One language server process and a JSON-RPC connection to it."""

    def __init__(self, name, argv, settings):
        self.name = name
        self.settings = settings
        self.t_spawn = now()
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0
        )
        self.pid = self.proc.pid
        self.wlock = threading.Lock()
        self.cond = threading.Condition()
        self.responses = {}  # id -> (t_ns, msg)
        self.published = []  # (t_ns, params) of publishDiagnostics
        self.next_id = 1
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    # -- transport
    def _write(self, msg):
        body = json.dumps(msg, separators=(",", ":")).encode()
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self.wlock:
            t = now()
            view = memoryview(data)
            while view:
                n = os.write(self.proc.stdin.fileno(), view)
                view = view[n:]
        return t

    def _read(self):
        fd = self.proc.stdout.fileno()
        buf = bytearray()
        need = None
        while True:
            if need is None:
                end = buf.find(b"\r\n\r\n")
                if end >= 0:
                    header = bytes(buf[:end]).decode("ascii")
                    del buf[: end + 4]
                    need = 0
                    for line in header.split("\r\n"):
                        k, _, v = line.partition(":")
                        if k.strip().lower() == "content-length":
                            need = int(v)
                    continue
            elif len(buf) >= need:
                frame = bytes(buf[:need])
                del buf[:need]
                need = None
                t = now()
                self._dispatch(t, json.loads(frame))
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                with self.cond:
                    self.closed = True
                    self.cond.notify_all()
                return
            buf += chunk

    def _dispatch(self, t, msg):
        if "method" in msg and "id" in msg:  # a request from the server
            method = msg["method"]
            result = None
            if method == "workspace/configuration":
                result = [self.settings.get(item.get("section") or "", None) if item.get("section")
                          else self.settings for item in msg["params"]["items"]]
            self._write({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        elif "method" in msg:
            if msg["method"] == "textDocument/publishDiagnostics":
                with self.cond:
                    self.published.append((t, msg["params"]))
                    self.cond.notify_all()
        else:
            with self.cond:
                self.responses[msg["id"]] = (t, msg)
                self.cond.notify_all()

    # -- JSON-RPC
    def notify(self, method, params):
        return self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params, timeout=120):
        """Sends a request and waits for its response; returns (latency_ns, result)."""
        rid = self.next_id
        self.next_id += 1
        t0 = self._write({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        t1, msg = self.wait_response(rid, timeout)
        if "error" in msg:
            raise RuntimeError(f"{self.name}: {method} failed: {msg['error']}")
        return t1 - t0, msg.get("result")

    def _wait_for(self, find, missing, timeout):
        """Waits until `find()` (called under the lock) returns something other than None."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                found = find()
                if found is not None:
                    return found
                if self.closed:
                    raise RuntimeError(f"{self.name}: server exited")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"{self.name}: {missing}")
                self.cond.wait(left)

    def wait_response(self, rid, timeout):
        return self._wait_for(lambda: self.responses.pop(rid, None), f"no response to request {rid}", timeout)

    def wait_publication(self, uri, after_ns, version=None, timeout=60):
        """The first publishDiagnostics for `uri` received after `after_ns` (of `version`)."""
        return self._wait_for(
            lambda: next(((t, p) for t, p in self.published
                          if t >= after_ns and p["uri"] == uri and (version is None or p.get("version") == version)),
                         None),
            f"no diagnostics for {uri} v{version}", timeout)

    def vm_hwm_kib(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None

    def close(self):
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a benchmark client: make sure the process is gone
            self.proc.kill()
            self.proc.wait()


def capabilities(pull):
    text_document = {
        "synchronization": {"dynamicRegistration": False, "didSave": False},
        "completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown", "plaintext"]}},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "publishDiagnostics": {"versionSupport": True, "relatedInformation": True},
    }
    if pull:
        text_document["diagnostic"] = {"dynamicRegistration": False, "relatedDocumentSupport": False}
    return {
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": text_document,
        "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": False}},
    }


def start(name, argv, settings, pull, root_uri):
    """Spawns a server and initializes it; returns (server, initialize_ns)."""
    s = Server(name, argv, settings)
    rid = s.next_id
    s.next_id += 1
    s._write({"jsonrpc": "2.0", "id": rid, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": root_uri,
        "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
        "capabilities": capabilities(pull),
        "clientInfo": {"name": "credsum-lsp-bench"},
    }})
    t1, msg = s.wait_response(rid, 60)
    if "error" in msg:
        raise RuntimeError(f"{name}: initialize failed: {msg['error']}")
    init_ns = t1 - s.t_spawn
    s.notify("initialized", {})
    s.notify("workspace/didChangeConfiguration", {"settings": settings})
    return s, init_ns


def digit_position(text, key):
    """(line, character) of the last digit of the number after `"key": `."""
    needle = f'"{key}": '
    off = text.index(needle) + len(needle)
    while text[off].isdigit():
        off += 1
    off -= 1
    line = text.count("\n", 0, off)
    col = off - (text.rfind("\n", 0, off) + 1)
    return line, col, text[off]


def big_body(typical, target_bytes, seed):
    """The typical body plus unknown properties (one error each) up to about target_bytes."""
    rng = random.Random(seed)
    head = typical.rstrip().rstrip("}").rstrip()
    parts = [head]
    size = len(head)
    i = 0
    while size < target_bytes - 3:
        guid = "%08x-%04x-4%03x-%04x-%012x" % (
            rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
            0x8000 | rng.getrandbits(14), rng.getrandbits(48))
        part = f',\n  "customAttribute{i:05d}": "{guid}-{i % 10000:04d}"'
        parts.append(part)
        size += len(part)
        i += 1
    parts.append("\n}\n")
    return "".join(parts), i


def pct(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = max(0, min(len(v) - 1, -(-len(v) * p // 100) - 1))  # nearest rank
    return v[int(k)]


def median(values):
    v = sorted(values)
    n = len(v)
    return float("nan") if n == 0 else (v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2)


def n_items(result):
    if result is None:
        return 0
    if isinstance(result, dict):
        return len(result.get("items", []))
    return len(result)


def run_pull_session(name, argv, settings, root_uri, uri, text, reps, hover_pos, completion_pos,
                     edit_key, edit_reps, samples, counts, memkey):
    s, init_ns = start(name, argv, settings, True, root_uri)
    samples["initialize"].append(init_ns)
    try:
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "json", "version": 1, "text": text}})
        doc = {"textDocument": {"uri": uri}}
        result_id = {}  # like VS Code: send previousResultId when the server gave a resultId

        def pull():
            params = {**doc, **({"previousResultId": result_id["id"]} if "id" in result_id else {})}
            dt, res = s.request("textDocument/diagnostic", params)
            if isinstance(res, dict) and res.get("resultId"):
                result_id["id"] = res["resultId"]
            if isinstance(res, dict) and res.get("kind") == "unchanged":
                counts[f"pull-unchanged.{memkey}"] = counts.get(f"pull-unchanged.{memkey}", 0) + 1
            return dt, res

        for _ in range(reps):
            dt, res = pull()
            samples[f"pull.{memkey}"].append(dt)
            counts[f"diagnostics.{memkey}"] = n_items(res)
            dt, res = s.request("textDocument/completion", {**doc, "position": completion_pos})
            samples[f"completion.{memkey}"].append(dt)
            counts[f"completion-items.{memkey}"] = n_items(res)
            if hover_pos is not None:
                dt, res = s.request("textDocument/hover", {**doc, "position": hover_pos})
                samples[f"hover.{memkey}"].append(dt)
                counts[f"hover-null.{memkey}"] = res is None
        # didChange -> pulled diagnostics of the new version (the analysis cost, for both servers)
        line, col, digit = digit_position(text, edit_key)
        version = 1
        for i in range(edit_reps):
            version += 1
            other = "1" if digit != "1" else "2"
            t0 = s.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                              "end": {"line": line, "character": col + 1}},
                                    "text": other if i % 2 == 0 else digit}]})
            _, res = pull()
            t1 = now()
            samples[f"edit-pull.{memkey}"].append(t1 - t0)
            counts[f"diagnostics-after-edit.{memkey}"] = n_items(res)
        samples[f"memory.{memkey}"].append(s.vm_hwm_kib())
    finally:
        s.close()


def run_push_session(name, argv, settings, root_uri, uri, text, edits, edit_key, samples, counts):
    s, init_ns = start(name, argv, settings, False, root_uri)
    samples["initialize"].append(init_ns)
    try:
        t0 = s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "json", "version": 1, "text": text}})
        versioned = name == CRED
        _, p = s.wait_publication(uri, t0, 1 if versioned else None)
        counts["push-diagnostics.typical"] = len(p["diagnostics"])
        line, col, digit = digit_position(text, edit_key)
        other = "1" if digit != "1" else "2"
        for i in range(edits):
            version = i + 2
            t0 = s.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                              "end": {"line": line, "character": col + 1}},
                                    "text": other if i % 2 == 0 else digit}]})
            t1, p = s.wait_publication(uri, t0, version if versioned else None)
            samples["push.typical"].append(t1 - t0)
            if p["diagnostics"]:
                counts["push-nonempty"] = counts.get("push-nonempty", 0) + 1
        samples["memory.push"].append(s.vm_hwm_kib())
    finally:
        s.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--credsum", required=True, help="path of the credsum binary")
    ap.add_argument("--json-server", required=True, help="path of vscode-json-language-server (a node script)")
    ap.add_argument("--node", default="node")
    ap.add_argument("--schema", required=True)
    ap.add_argument("--typical", required=True)
    ap.add_argument("--big-bytes", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--sessions", type=int, default=5, help="sessions of each kind per server")
    ap.add_argument("--edits", type=int, default=200, help="push edits per credsum session")
    ap.add_argument("--json-edits", type=int, default=40,
                    help="push edits per vscode-json session (each waits ~500 ms of debounce)")
    ap.add_argument("--typ-reps", type=int, default=50)
    ap.add_argument("--big-reps", type=int, default=20)
    ap.add_argument("--edit-pull-reps", type=int, default=10)
    ap.add_argument("--work", default=None, help="folder for the documents (default: a temporary one)")
    ap.add_argument("--out", default=None, help="where to write the raw samples (JSON)")
    args = ap.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="credsum-lsp-bench.")
    os.makedirs(work, exist_ok=True)
    with open(args.typical, encoding="utf-8") as f:
        typical = f.read()
    big, n_unknown = big_body(typical, args.big_bytes, args.seed)
    typ_path = os.path.join(work, "typical.json")
    big_path = os.path.join(work, "big.json")
    for path, text in ((typ_path, typical), (big_path, big)):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print(f"lsp_bench: documents in {work}: typical {len(typical.encode())} B; "
          f"1 MB body {len(big.encode())} B with {n_unknown} unknown properties", file=sys.stderr)

    root_uri = "file://" + work
    typ_uri = "file://" + typ_path
    big_uri = "file://" + big_path
    schema_uri = "file://" + os.path.abspath(args.schema)
    settings = {"json": {"schemas": [{"url": schema_uri, "fileMatch": ["*.json"]}],
                         "validate": {"enable": True}}}
    servers = {
        CRED: [args.credsum, "lsp"],
        CRED_ALL: [args.credsum, "lsp"],
        VSJ: [args.node, args.json_server, "--stdio"],
    }
    # credsum reads the `credsum` section (absent: its defaults, max-diagnostics 1000).
    settings_of = {CRED: settings, VSJ: settings,
                   CRED_ALL: dict(settings, credsum={"max-diagnostics": 0})}

    # positions (0-based, UTF-16)
    def key_pos(text, key, col_in_key=1):
        off = text.index(f'"{key}"') + col_in_key
        return {"line": text.count("\n", 0, off), "character": off - (text.rfind("\n", 0, off) + 1)}

    typ_completion = key_pos(typical, "tenantDisplayName")       # just inside the key's quote
    typ_hover = key_pos(typical, "mfaAndSsprCapableUserCount", 5)
    big_completion = key_pos(big, "tenantDisplayName")
    edit_key = "mfaAndSsprCapableUserCount"

    samples = {n: {} for n in servers}
    counts = {n: {} for n in servers}
    for n in servers:
        for k in ("initialize", "pull.typical", "completion.typical", "hover.typical", "edit-pull.typical",
                  "memory.typical", "pull.big", "completion.big", "edit-pull.big", "memory.big",
                  "push.typical", "memory.push"):
            samples[n][k] = []

    order = [CRED, VSJ]
    t_start = time.time()
    for r in range(args.sessions):
        for kind in ("typ-pull", "big-pull", "typ-push"):
            names = order if (r % 2 == 0) else order[::-1]
            if kind == "big-pull":
                names = names + [CRED_ALL] if r % 2 == 0 else [CRED_ALL] + names
            for name in names:
                t = time.time()
                cfg = settings_of[name]
                if kind == "typ-pull":
                    run_pull_session(name, servers[name], cfg, root_uri, typ_uri, typical, args.typ_reps,
                                     typ_hover, typ_completion, edit_key, args.edit_pull_reps,
                                     samples[name], counts[name], "typical")
                elif kind == "big-pull":
                    run_pull_session(name, servers[name], cfg, root_uri, big_uri, big, args.big_reps,
                                     None, big_completion, edit_key, args.edit_pull_reps,
                                     samples[name], counts[name], "big")
                else:
                    run_push_session(name, servers[name], cfg, root_uri, typ_uri, typical,
                                     args.edits if name == CRED else args.json_edits, edit_key,
                                     samples[name], counts[name])
                print(f"lsp_bench: round {r + 1}/{args.sessions} {kind:8} {name:11} {time.time() - t:6.1f} s",
                      file=sys.stderr)
    print(f"lsp_bench: total {time.time() - t_start:.0f} s", file=sys.stderr)

    if args.out:
        with open(args.out, "w") as f:
            json.dump({"samples_ns_or_kib": samples, "counts": counts,
                       "documents": {"typical_bytes": len(typical.encode()), "big_bytes": len(big.encode()),
                                     "big_unknown_properties": n_unknown},
                       "positions": {"typical_completion": typ_completion, "typical_hover": typ_hover,
                                     "big_completion": big_completion}}, f, indent=1)

    # ---- table
    rows = []

    def row(label, key, stat, goal=None, unit="ms", ours=CRED):
        c, v = samples[ours], samples[VSJ]
        fn = {"median": median, "p50": median, "p95": lambda x: pct(x, 95), "max": max}[stat]
        a, b = fn(c[key]), fn(v[key])
        if unit == "ms":
            a, b = ms(a), ms(b)
            fa, fb = fmt_ms(a), fmt_ms(b)
        else:
            a, b = a / 1024, b / 1024
            fa = f"{a:.1f} MiB ({min(c[key]) / 1024:.1f}–{max(c[key]) / 1024:.1f})"
            fb = f"{b:.1f} MiB ({min(v[key]) / 1024:.1f}–{max(v[key]) / 1024:.1f})"
        ratio = b / a if a else float("inf")
        verdict = ""
        if goal is not None:
            kind, target = goal
            if kind == "ratio":
                verdict = f"≥ {target}x: {'**met**' if ratio >= target else '**not met**'}"
            elif kind == "abs":
                verdict = f"< {target} ms: {'**met**' if a < target else '**not met**'}"
            elif kind == "noslower":
                verdict = f"no slower: {'**met**' if a <= b else '**not met**'}"
        if ours != CRED:
            label += " — max-diagnostics 0 (all sent)"
        rows.append((label, stat, fa, fb, f"{ratio:.1f}x", verdict, len(c[key]), len(v[key])))

    row("initialize (spawn → response)", "initialize", "median", ("ratio", 5))
    row("edit → publishDiagnostics, typical (push)", "push.typical", "p50")
    row("edit → publishDiagnostics, typical (push)", "push.typical", "p95", ("abs", 5))
    row("pull diagnostics, typical", "pull.typical", "median")
    row("pull diagnostics, 1 MB", "pull.big", "median", ("ratio", 5))
    row("pull diagnostics, 1 MB", "pull.big", "p95")
    row("edit → pulled diagnostics, typical", "edit-pull.typical", "median")
    row("edit → pulled diagnostics, 1 MB", "edit-pull.big", "median", ("ratio", 5))
    row("completion, typical", "completion.typical", "median", ("noslower", None))
    row("completion, 1 MB", "completion.big", "median", ("ratio", 5))
    row("hover, typical", "hover.typical", "median", ("noslower", None))
    row("peak RSS (VmHWM) of the session, typical", "memory.typical", "median", ("ratio", 4), unit="kib")
    row("peak RSS (VmHWM) of the session, 1 MB", "memory.big", "median", ("ratio", 4), unit="kib")
    row("pull diagnostics, 1 MB", "pull.big", "median", ("ratio", 5), ours=CRED_ALL)
    row("edit → pulled diagnostics, 1 MB", "edit-pull.big", "median", ("ratio", 5), ours=CRED_ALL)
    row("completion, 1 MB", "completion.big", "median", ("ratio", 5), ours=CRED_ALL)
    row("peak RSS (VmHWM) of the session, 1 MB", "memory.big", "median", ("ratio", 4), unit="kib",
        ours=CRED_ALL)

    print("| Metric | stat | credsum | vscode-json-language-server | ratio (json / credsum) | goal | samples (credsum / json) |")
    print("| --- | --- | ---: | ---: | ---: | --- | ---: |")
    for label, stat, fa, fb, ratio, verdict, na, nb in rows:
        print(f"| {label} | {stat} | {fa} | {fb} | {ratio} | {verdict} | {na} / {nb} |")
    print()
    print("Sanity counts (last session):")
    for n in servers:
        print(f"- {n}: " + ", ".join(f"{k}={val}" for k, val in sorted(counts[n].items())))


def fmt_ms(x):
    if x >= 100:
        return f"{x:.0f} ms"
    if x >= 10:
        return f"{x:.1f} ms"
    return f"{x:.2f} ms"


if __name__ == "__main__":
    main()

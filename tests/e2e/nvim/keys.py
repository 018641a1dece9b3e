"""Keystroke tests of the credsum Neovim plugin: real keys typed into Neovim (through its RPC
input queue, as a terminal would send them), the completion accepted, and the buffer text read
back and compared with what a user should get.

Run by run_editors.sh for Neovim 0.7 (omnifunc, <C-x><C-o>) and 0.11 (vim.lsp.completion with
autotrigger), both set up as editors/nvim/README.md says: `require('credsum').setup({...})`.

    keys.py NVIM_BINARY REPO_ROOT CREDSUM_BIN

Prints one PASS/FAIL line per scenario and `nvim-keys-X.Y: N passed, N failed`; exits 1 on any
failure.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

import pynvim

TIMEOUT = float(os.environ.get("CREDSUM_E2E_TIMEOUT_MS", "15000")) / 1000
ODATA = "#microsoft.graph.managedTenants.credentialUserRegistrationsSummary"
URL = (
    "https://graph.microsoft.com/beta/tenantRelationships/managedTenants/"
    "credentialUserRegistrationsSummaries/{credentialUserRegistrationsSummaryId}"
)


def wait(pred, what: str):
    """Polls `pred` until it returns a true value (returned) or TIMEOUT passes (raises)."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.05)


class Editor:
    """One Neovim with the plugin set up as README says, driven by keys."""

    def __init__(self, nvim_bin: str, repo: str, credsum: str):
        self.nvim = pynvim.attach(
            "child",
            argv=[nvim_bin, "--embed", "--headless", "-u", "NONE", "-i", "NONE",
                  "--cmd", f"set rtp^={repo}/editors/nvim"],
        )
        self.nvim.command("filetype plugin on")
        self.nvim.exec_lua(
            "require('credsum').setup({ cmd = { ... , 'lsp' } })", credsum
        )
        self.version = self.nvim.exec_lua(
            "local v = vim.version() return string.format('%d.%d', v.major, v.minor)"
        )

    def open(self, path: str, lines: list[str]) -> None:
        """Writes `lines` to `path`, opens it and waits for the credsum client."""
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        self.nvim.command(f"edit {path}")
        wait(lambda: self.nvim.exec_lua(
            "for _, c in ipairs(require('credsum').clients(0)) do"
            " if c.initialized ~= false then return true end end return false"
        ), f"credsum client on {path}")
        # The document is opened on the server once the client is attached.
        time.sleep(0.3)

    def keys(self, keys: str) -> None:
        """Types `keys` (Neovim key notation)."""
        self.nvim.input(keys)

    def pick(self, label: str) -> None:
        """Waits for the completion (a menu, or Vim's direct insertion of a single match), moves
        to the item labelled `label` and accepts it with <C-y>."""
        def active():
            info = self.nvim.call("complete_info", ["mode", "items", "selected"])
            return info if info.get("items") else None
        info = wait(active, f"completion with {label}")
        labels = [i.get("abbr") or i.get("word") for i in info["items"]]
        if label not in labels:
            raise AssertionError(f"{label} not in the menu: {labels}")
        target = labels.index(label)
        moves = target - info["selected"]
        if len(labels) > 1 or self.nvim.call("pumvisible"):
            self.keys("<C-n>" * moves if moves >= 0 else "<C-p>" * -moves)
            wait(lambda: self.nvim.call("complete_info", ["selected"])["selected"] == target,
                 f"{label} selected")
            self.keys("<C-y>")
            wait(lambda: not self.nvim.call("pumvisible"), "the menu closed")
        # else Vim has inserted the one match already; <Esc> ends the completion.
        time.sleep(0.3)
        self.keys("<Esc>")
        wait(lambda: self.nvim.api.get_mode()["mode"] == "n", "normal mode")

    def lines(self) -> list[str]:
        """The current buffer."""
        return self.nvim.current.buffer[:]

    def trigger(self) -> None:
        """Asks for completion the way the set-up offers it: <C-x><C-o> before 0.11, where
        'omnifunc' is set; on 0.11 the `"` just typed has triggered it already."""
        if self.version in ("0.7", "0.8", "0.9", "0.10"):
            self.keys("<C-x><C-o>")

    def close(self) -> None:
        try:
            self.nvim.command("qall!")
        except Exception:  # the child exits while answering
            pass


def main() -> int:
    nvim_bin, repo, credsum = sys.argv[1:4]
    editor = Editor(nvim_bin, repo, credsum)
    label = f"nvim-keys-{editor.version}"
    passed = failed = 0
    tmp = tempfile.mkdtemp(prefix="credsum-keys-")
    # A root marker, so the client is rooted here.
    open(os.path.join(tmp, "credsum.toml"), "w").close()

    def scenario(name, fn):
        nonlocal passed, failed
        try:
            fn()
            passed += 1
            print(f"  PASS {name}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported
            failed += 1
            print(f"  FAIL {name}: {e!r}", flush=True)
            try:
                editor.keys("<Esc>")
            except Exception:
                pass

    def key_after_quote():
        path = os.path.join(tmp, "body.json")
        editor.open(path, ["{", f'  "@odata.type": "{ODATA}",', "  ", "}"])
        editor.nvim.current.window.cursor = (3, 2)
        editor.keys('A"')
        editor.trigger()
        editor.pick("totalUserCount")
        got = editor.lines()[2]
        assert got == '  "totalUserCount": 42', f"line 3 is {got!r}"
        editor.nvim.command("bwipeout!")

    def key_after_prefix():
        path = os.path.join(tmp, "prefix.json")
        editor.open(path, ["{", f'  "@odata.type": "{ODATA}",', "  ", "}"])
        editor.nvim.current.window.cursor = (3, 2)
        editor.keys('A"tena')
        editor.trigger()
        editor.pick("tenantId")
        got = editor.lines()[2]
        assert got == '  "tenantId": ""', f"line 3 is {got!r}"
        editor.nvim.command("bwipeout!")

    def http_body_while_typed():
        path = os.path.join(tmp, "update.http")
        editor.open(path, [f"PATCH {URL.split('/{')[0]}/42", "Content-Type: application/json", "",
                           "{", "  "])
        editor.nvim.current.window.cursor = (5, 2)
        editor.keys('A"')
        editor.trigger()
        editor.pick("totalUserCount")
        got = editor.lines()[4]
        assert got == '  "totalUserCount": 42', f"line 5 is {got!r}"
        editor.nvim.command("bwipeout!")

    def request_template():
        path = os.path.join(tmp, "new.http")
        editor.open(path, [""])
        editor.keys("i")
        if editor.version == "0.11":
            editor.nvim.exec_lua("vim.lsp.completion.get()")
        else:
            editor.trigger()
        editor.pick("PATCH credentialUserRegistrationsSummary")
        text = "\n".join(editor.lines())
        assert "\x00" not in text and "\n" in text, f"buffer {text!r}"
        got = editor.lines()[:3]
        assert got[0] == f"PATCH {URL}", f"line 1 is {got[0]!r}"
        assert got[1] == "Content-Type: application/json", f"line 2 is {got[1]!r}"
        assert got[2].startswith("Authorization: Bearer "), f"line 3 is {got[2]!r}"
        editor.nvim.command("bwipeout!")

    def query_select():
        path = os.path.join(tmp, "list.http")
        line = f"GET {URL.split('/{')[0]}"
        editor.open(path, [line])
        editor.nvim.current.window.cursor = (1, 0)
        editor.keys("A?$select=tena")
        editor.trigger()
        editor.pick("tenantId")
        got = editor.lines()[0]
        assert got == f"{line}?$select=tenantId", f"line 1 is {got!r}"
        editor.nvim.command("bwipeout!")

    print(f"{label}: keystrokes through the plugin (server {credsum})", flush=True)
    scenario('.json: type `"`, accept totalUserCount', key_after_quote)
    scenario('.json: type `"tena`, accept tenantId', key_after_prefix)
    scenario('.http: in a body not closed yet, type `"`, accept totalUserCount', http_body_while_typed)
    scenario(".http: on an empty line, accept the request template", request_template)
    scenario(".http: on a GET line, type `?$select=tena`, accept tenantId", query_select)
    editor.close()
    print(f"{label}: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

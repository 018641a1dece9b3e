"""credsum lsp under the recorded client capabilities of real editors (pytest-lsp).

Each test starts `credsum lsp` (CREDSUM_BIN, default <repo>/target/release/credsum) and
initializes it with the capabilities pytest-lsp recorded from VS Code, Neovim 0.7 / 0.11 and
Emacs 29 (eglot), then checks what those clients depend on: the negotiated position encoding,
push or pull diagnostics at the right column, snippet-free completion for clients without
snippet support, and hover.
"""

from __future__ import annotations

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]
FIXTURES = REPO / "tests" / "e2e" / "nvim" / "fixtures"
BIN = os.environ.get("CREDSUM_BIN", str(REPO / "target" / "release" / "credsum"))

CLIENTS = [
    "visual-studio-code@v1.65.2",
    "neovim@v0.7.0",
    "neovim@v0.11.0",
    "emacs@v29.1",
]


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[BIN, "lsp"]),
    params=CLIENTS,
    ids=CLIENTS,
)
async def client(lsp_client: LanguageClient, request):
    caps = client_capabilities(request.param)
    lsp_client.set_configuration({"rules": {"api-version": "warning"}}, section="credsum")
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=REPO.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=REPO.as_uri(), name="credsum")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def offered_encodings(client: LanguageClient) -> list[str]:
    general = client.capabilities.general
    return list((general and general.position_encodings) or [])


def expected_encoding(client: LanguageClient) -> str:
    return "utf-8" if types.PositionEncodingKind.Utf8 in offered_encodings(client) else "utf-16"


def pulls(client: LanguageClient) -> bool:
    td = client.capabilities.text_document
    return td is not None and td.diagnostic is not None


def snippets(client: LanguageClient) -> bool:
    td = client.capabilities.text_document
    item = td and td.completion and td.completion.completion_item
    return bool(item and item.snippet_support)


def column(line: str, byte_or_char_index: int, encoding: str) -> int:
    """The LSP `character` of the Python str index in `line` for `encoding`."""
    prefix = line[:byte_or_char_index]
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    return len(prefix.encode("utf-16-le")) // 2


def open_fixture(client: LanguageClient, name: str, language_id: str) -> tuple[str, list[str]]:
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)
        )
    )
    return uri, text.split("\n")


async def diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    if pulls(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        return list(report.items)
    for _ in range(20):
        if uri in client.diagnostics:
            return list(client.diagnostics[uri])
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    raise AssertionError(f"no diagnostics published for {uri}")


def by_code(diags: list[types.Diagnostic], code: str) -> types.Diagnostic:
    found = [d for d in diags if d.code == code]
    assert found, f"no {code} in {[d.code for d in diags]}"
    return found[0]


async def test_encoding_and_mode(client: LanguageClient):
    result = client.init_result
    assert result.capabilities.position_encoding == expected_encoding(client)
    assert (result.capabilities.diagnostic_provider is not None) == pulls(client)
    assert result.server_info.name == "credsum"


async def test_json_diagnostic_column(client: LanguageClient):
    uri, lines = open_fixture(client, "summary.json", "json")
    d = by_code(await diagnostics(client, uri), "docs-placeholder")
    line = lines[d.range.start.line]
    index = line.index('"Integer"')
    enc = expected_encoding(client)
    assert d.range.start.line == 2
    assert d.range.start.character == column(line, index, enc)
    assert d.range.end.character == column(line, index + len('"Integer"'), enc)
    assert d.source == "credsum"
    assert "Int32" in d.message


async def test_http_diagnostics_and_settings(client: LanguageClient):
    uri, lines = open_fixture(client, "update.http", "http")
    diags = await diagnostics(client, uri)
    api = by_code(diags, "api-version")
    by_code(diags, "docs-placeholder")
    assert lines[api.range.start.line][api.range.start.character : api.range.end.character] == "v1.0"
    # workspace/configuration (section credsum) turned api-version into a warning.
    if client.capabilities.workspace and client.capabilities.workspace.configuration:
        for _ in range(20):
            diags = await diagnostics(client, uri) if pulls(client) else list(client.diagnostics[uri])
            if by_code(diags, "api-version").severity == types.DiagnosticSeverity.Warning:
                break
            if not pulls(client):
                await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        assert by_code(diags, "api-version").severity == types.DiagnosticSeverity.Warning


async def test_completion_in_body(client: LanguageClient):
    uri, lines = open_fixture(client, "summary.json", "json")
    await diagnostics(client, uri)
    row = next(i for i, l in enumerate(lines) if '"tenantId"' in l)
    col = lines[row].index('"tenantId"') + 1
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=row, character=col),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    labels = {i.label for i in items}
    assert {"tenantId", "securityDefaultsEnabled", "lastRefreshedDateTime"} <= labels
    if not snippets(client):
        assert all(i.insert_text_format != types.InsertTextFormat.Snippet for i in items)


async def test_hover_after_emoji(client: LanguageClient):
    uri, lines = open_fixture(client, "summary.json", "json")
    await diagnostics(client, uri)
    line = lines[2]
    index = line.index('"totalUserCount"') + 2
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=2, character=column(line, index, expected_encoding(client))),
        )
    )
    assert hover is not None
    assert "totalUserCount" in hover.contents.value
    assert "Int32" in hover.contents.value

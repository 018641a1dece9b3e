"""credsum lsp under the recorded client capabilities of real editors (pytest-lsp).

Every test runs once per client whose capabilities pytest-lsp ships (VS Code 1.65.2, Neovim
0.6.1 to 0.11.0, Emacs 29.1 with eglot): each starts `credsum lsp` (CREDSUM_BIN, default
<repo>/target/release/credsum), initializes it with that client's recorded capabilities and
exercises one group of features. pytest-lsp's specification checks look at every result
against the client's capabilities; pytest.ini turns their warnings into errors, so a result the
client did not declare it can take (Markdown documentation for a client that names no format,
a snippet for a client without snippets, ...) fails the test.
"""

from __future__ import annotations

import asyncio
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
CLIENT_FILES = pathlib.Path(pytest_lsp.__file__).parent / "clients"


def recorded_clients() -> list[str]:
    """Every client pytest-lsp ships capabilities of, as `name@vX.Y.Z`."""
    out = []
    for path in sorted(CLIENT_FILES.glob("*_v*.json")):
        name, version = path.stem.rsplit("_v", 1)
        out.append(f"{name.replace('_', '-')}@v{version}")
    return out


CLIENTS = recorded_clients()


def test_every_recorded_client_is_replayed():
    assert len(CLIENTS) >= 8, CLIENTS
    names = {c.split("@")[0] for c in CLIENTS}
    assert {"visual-studio-code", "neovim", "emacs"} <= names, CLIENTS


async def start(lsp_client: LanguageClient, spec: str, root: pathlib.Path, options=None):
    caps = client_capabilities(spec)
    # What real clients with dynamic registration do with `client/registerCapability`: accept
    # it. Kept on the client so tests can look at what the server asked for.
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)
    # The same settings both ways, as editor extensions send them: a client that answers
    # `workspace/configuration` has its answer replace the initialization options.
    lsp_client.set_configuration({"rules": {"api-version": "warning"}, **(options or {})}, section="credsum")
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=options,
        )
    )


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[BIN, "lsp"]),
    params=CLIENTS,
    ids=CLIENTS,
)
async def client(lsp_client: LanguageClient, request):
    await start(lsp_client, request.param, REPO)
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


def completion_item_caps(client: LanguageClient):
    td = client.capabilities.text_document
    return td and td.completion and td.completion.completion_item


def column(line: str, index: int, encoding: str) -> int:
    """The LSP `character` of the Python str index in `line` for `encoding`."""
    prefix = line[:index]
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    return len(prefix.encode("utf-16-le")) // 2


def open_text(client: LanguageClient, path: pathlib.Path, language_id: str, text: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)
        )
    )
    return uri


def open_fixture(client: LanguageClient, name: str, language_id: str) -> tuple[str, list[str]]:
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    return open_text(client, path, language_id, text), text.split("\n")


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


async def diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    if pulls(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=doc(uri))
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


async def test_file_watchers_only_for_clients_that_register_them(client: LanguageClient):
    """Workspace diagnostics follow file changes through a watcher registered dynamically, and
    only with clients that declare `didChangeWatchedFiles.dynamicRegistration`."""
    workspace = client.capabilities.workspace
    watched = workspace and workspace.did_change_watched_files
    dynamic = bool(watched and watched.dynamic_registration)
    for _ in range(40):
        if client.registrations or not dynamic:
            break
        await asyncio.sleep(0.05)
    # A round trip, so a registration sent after `initialized` has arrived by now.
    await client.text_document_hover_async(
        types.HoverParams(text_document=doc(FIXTURES.joinpath("summary.json").as_uri()), position=types.Position(line=0, character=0))
    )
    methods = [r.method for r in client.registrations]
    if dynamic:
        assert methods == ["workspace/didChangeWatchedFiles"], methods
        globs = [w["globPattern"] for w in client.registrations[0].register_options["watchers"]]
        assert "**/credsum.toml" in globs, globs
    else:
        assert methods == [], methods


async def test_diagnostics_honour_the_client(client: LanguageClient):
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
    published = client.capabilities.text_document.publish_diagnostics
    if not (published and published.code_description_support):
        assert d.code_description is None
    if not (published and published.data_support):
        assert d.data is None


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


async def test_completion_and_resolve(client: LanguageClient):
    uri, lines = open_fixture(client, "summary.json", "json")
    await diagnostics(client, uri)
    row = next(i for i, l in enumerate(lines) if '"tenantId"' in l)
    col = lines[row].index('"tenantId"') + 1
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=types.Position(line=row, character=col))
    )
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    by_label = {i.label: i for i in items}
    assert {"tenantId", "securityDefaultsEnabled", "lastRefreshedDateTime"} <= set(by_label)
    caps = completion_item_caps(client)
    item = by_label["securityDefaultsEnabled"]
    if not (caps and caps.documentation_format):
        assert item.documentation is None or isinstance(item.documentation, str)
    if not (caps and caps.insert_replace_support):
        assert isinstance(item.text_edit, types.TextEdit)
    if not (caps and caps.label_details_support):
        assert item.label_details is None
    resolve = caps and caps.resolve_support and "documentation" in caps.resolve_support.properties
    if resolve:
        assert item.documentation is None and item.data is not None
        resolved = await client.completion_item_resolve_async(item)
        text = resolved.documentation if isinstance(resolved.documentation, str) else resolved.documentation.value
        assert "securityDefaultsEnabled" in text
    else:
        assert item.documentation is not None


async def test_hover_after_emoji(client: LanguageClient):
    uri, lines = open_fixture(client, "summary.json", "json")
    await diagnostics(client, uri)
    line = lines[2]
    index = line.index('"totalUserCount"') + 2
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=doc(uri),
            position=types.Position(line=2, character=column(line, index, expected_encoding(client))),
        )
    )
    assert hover is not None
    text = hover.contents.value if isinstance(hover.contents, types.MarkupContent) else hover.contents
    assert "totalUserCount" in text and "Int32" in text
    if isinstance(hover.contents, types.MarkupContent):
        assert hover.contents.kind in client.capabilities.text_document.hover.content_format


async def test_code_actions(client: LanguageClient):
    uri, _ = open_fixture(client, "summary.json", "json")
    diags = await diagnostics(client, uri)
    placeholder = by_code(diags, "docs-placeholder")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=placeholder.range,
            context=types.CodeActionContext(diagnostics=[placeholder]),
        )
    )
    titles = [a.title for a in actions]
    assert any(t.startswith("Replace with an example Int32") for t in titles), titles
    assert "Fill in the missing properties" in titles, titles
    # The placeholder's fix is unsafe (an invented value): offered, never preferred, and not
    # part of "Fix all", which has nothing safe to apply here.
    assert "Fix all credsum problems" not in titles, titles
    literal = client.capabilities.text_document.code_action.code_action_literal_support is not None
    assert all(isinstance(a, types.CodeAction) == literal for a in actions)
    if literal:
        assert not any(a.is_preferred for a in actions), actions
    fill = next(a for a in actions if a.title == "Fill in the missing properties")
    edits = fill.edit.changes[uri]
    # Flagged docs placeholders, not invented values.
    assert '"securityDefaultsEnabled": "Boolean"' in edits[0].new_text


PATCH_DOCUMENT = '[\n  {"op": "replace", "path": "/totalUserCount", "value": 120},\n  {"op": "remove", "path": "/tenantDisplayName"}\n]\n'


async def test_json_patch_documents(client: LanguageClient):
    """An RFC 6902 document in a *.patch.json file: found, completed and converted, within what
    each client declared (snippets, documentation formats, code action literals)."""
    uri = open_text(client, FIXTURES / "ops.patch.json", "json", PATCH_DOCUMENT)
    diags = await diagnostics(client, uri)
    document = by_code(diags, "json-patch-document")
    assert (document.range.start.line, document.range.start.character) == (0, 0)
    lines = PATCH_DOCUMENT.split("\n")
    col = lines[2].index('"/tenant') + 2
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=types.Position(line=2, character=col))
    )
    items = result.items if isinstance(result, types.CompletionList) else (result or [])
    labels = {i.label for i in items}
    assert {"/totalUserCount", "/securityDefaultsEnabled"} <= labels, labels
    caps = completion_item_caps(client)
    if not (caps and caps.snippet_support):
        assert all(i.insert_text_format != types.InsertTextFormat.Snippet for i in items)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc(uri), position=types.Position(line=1, character=lines[1].index("/total") + 3))
    )
    text = hover.contents if isinstance(hover.contents, str) else hover.contents.value
    assert "totalUserCount" in text and "Int32" in text, text
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc(uri),
            range=document.range,
            context=types.CodeActionContext(diagnostics=[document]),
        )
    )
    titles = [a.title for a in actions]
    assert "Convert to a Graph PATCH body" in titles, titles
    literal = client.capabilities.text_document.code_action.code_action_literal_support is not None
    if literal:
        convert = next(a for a in actions if a.title == "Convert to a Graph PATCH body")
        new_text = "".join(e.new_text for e in convert.edit.changes[uri])
        assert '"totalUserCount": 120' in new_text and '"tenantDisplayName": null' in new_text, new_text


async def test_formatting_symbols_folding_selection(client: LanguageClient):
    uri, _ = open_fixture(client, "summary.json", "json")
    await diagnostics(client, uri)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(text_document=doc(uri), options=types.FormattingOptions(tab_size=2, insert_spaces=True))
    )
    assert edits and '"totalUserCount": "Integer"' in edits[0].new_text
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    assert [s.name for s in symbols][:2] == ["@odata.type", "tenantDisplayName"]
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=doc(uri)))
    assert (folds[0].start_line, folds[0].end_line) == (0, 4)
    ranges = await client.text_document_selection_range_async(
        types.SelectionRangeParams(text_document=doc(uri), positions=[types.Position(line=4, character=5)])
    )
    assert ranges[0].parent is not None


async def test_definition_and_links(client: LanguageClient):
    uri, lines = open_fixture(client, "summary.json", "json")
    await diagnostics(client, uri)
    row = next(i for i, l in enumerate(lines) if '"tenantId"' in l)
    location = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=types.Position(line=row, character=5))
    )
    location = location[0] if isinstance(location, list) else location
    assert location.uri == (REPO / "schema" / "credentialUserRegistrationsSummary.schema.json").as_uri()
    http, _ = open_fixture(client, "update.http", "http")
    links = await client.text_document_document_link_async(types.DocumentLinkParams(text_document=doc(http)))
    assert links and all("learn.microsoft.com" in l.target for l in links)


@pytest.mark.parametrize("spec", CLIENTS)
async def test_definition_into_the_cached_schema(spec: str, tmp_path: pathlib.Path):
    """From a folder with no schema/, definition opens the schema the server wrote to its cache."""
    workspace = tmp_path / "project"
    workspace.mkdir()
    cache = tmp_path / "cache"
    client = pytest_lsp.make_test_lsp_client()
    await client.start_io(BIN, "lsp")
    try:
        await start(client, spec, workspace, {"include": ["*.json"], "schema-cache": str(cache)})
        body = '{\n  "tenantId": "x"\n}\n'
        uri = open_text(client, workspace / "body.json", "json", body)
        location = await client.text_document_definition_async(
            types.DefinitionParams(text_document=doc(uri), position=types.Position(line=1, character=5))
        )
        location = location[0] if isinstance(location, list) else location
        cached = cache / "credentialUserRegistrationsSummary.schema.json"
        assert location.uri == cached.as_uri()
        schema_line = cached.read_text().split("\n")[location.range.start.line]
        assert '"tenantId": {' in schema_line
    finally:
        # Shut down even after a failed assertion, so a failure never turns into a hang.
        await asyncio.wait_for(client.shutdown_session(), 10)
        await client.stop()

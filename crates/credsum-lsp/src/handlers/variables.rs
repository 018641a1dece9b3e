//! `.http` file variables (`@host = …`, used as `{{host}}`): go to definition (the `@name`, or
//! an environment variable's key in its environment file),
//! `textDocument/references`, `textDocument/prepareRename` and `textDocument/rename`. They work
//! in every `.http` file and Markdown request block, request file or not: a variable is a
//! variable whatever the requests target.

use credsum_analysis::FileKind;
use tower_lsp_server::ls_types::{Location, Position, PrepareRenameResponse, Uri, WorkspaceEdit};

use super::{workspace_edit, Context};
use crate::convert;
use crate::document::Snapshot;
use credsum_syntax::line_index::LineIndex;

/// The kind of `snapshot` when it can hold file variables (not a `.json` body).
fn kind(snapshot: &Snapshot) -> Option<FileKind> {
    snapshot.kind.filter(|k| *k != FileKind::Json)
}

/// The `@name` of the file variable used at `position`, in the same document `uri`; for a
/// variable the file does not define, its key in the environment file that defines it (the
/// environment `credsum.http.environment` names, else the first by name).
pub fn definition(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
    cx: Context<'_>,
) -> Option<Location> {
    let offset = snapshot.offset(position, cx.encoding());
    let kind = kind(snapshot)?;
    if let Some(name) = cx
        .analyzer
        .variable_definition(&snapshot.text, kind, offset)
    {
        return Some(Location {
            uri: uri.clone(),
            range: snapshot.range(name, cx.encoding()),
        });
    }
    let envs = cx
        .settings
        .http_environments(snapshot.path.as_deref(), kind);
    let selected = cx.settings.http_environment.as_deref();
    let found = cx.analyzer.environment_definition(
        &snapshot.text,
        kind,
        offset,
        &envs.environments,
        selected,
    )?;
    let env_text = std::fs::read_to_string(&found.path).ok()?;
    Some(Location {
        uri: Uri::from_file_path(&found.path)?,
        range: convert::range(&LineIndex::new(&env_text), found.range, cx.encoding()),
    })
}

/// `textDocument/references` on a file variable (with its `@name` lines when the client asks
/// for the declaration).
pub fn references(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
    include_declaration: bool,
    cx: Context<'_>,
) -> Vec<Location> {
    let Some(kind) = kind(snapshot) else {
        return Vec::new();
    };
    let offset = snapshot.offset(position, cx.encoding());
    cx.analyzer
        .variable_references(&snapshot.text, kind, offset, include_declaration)
        .into_iter()
        .map(|range| Location {
            uri: uri.clone(),
            range: snapshot.range(range, cx.encoding()),
        })
        .collect()
}

/// `textDocument/prepareRename`: the name under the cursor, when it is a file variable's.
pub fn prepare_rename(
    snapshot: &Snapshot,
    position: Position,
    cx: Context<'_>,
) -> Option<PrepareRenameResponse> {
    let offset = snapshot.offset(position, cx.encoding());
    let name = cx
        .analyzer
        .prepare_variable_rename(&snapshot.text, kind(snapshot)?, offset)?;
    Some(PrepareRenameResponse::Range(
        snapshot.range(name, cx.encoding()),
    ))
}

/// `textDocument/rename` of a file variable: its `@name` lines and every use; `Err` with the
/// reason when the new name is not a variable name or is taken.
pub fn rename(
    snapshot: &Snapshot,
    uri: &Uri,
    position: Position,
    new_name: &str,
    cx: Context<'_>,
) -> Result<Option<WorkspaceEdit>, String> {
    let Some(kind) = kind(snapshot) else {
        return Ok(None);
    };
    let offset = snapshot.offset(position, cx.encoding());
    let edits = cx
        .analyzer
        .rename_variable(&snapshot.text, kind, offset, new_name)?;
    Ok(edits.map(|edits| workspace_edit(uri, snapshot.text_edits(&edits, cx.encoding()))))
}

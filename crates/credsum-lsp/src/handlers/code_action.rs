//! `textDocument/codeAction`: each diagnostic's fix as a quick fix tied to it, the body
//! rewrites ("Fill in the missing properties", "Add `@odata.type`", "Sort properties in schema
//! order") and "Fix all credsum problems". Every action is made from the core's [`Fix`]
//! objects; a client without code action literals gets each as a [`Command`] that the server
//! applies through `workspace/applyEdit`. Every fix is offered; only safe ones are preferred
//! (what VS Code's auto fix applies), and "Fix all" applies safe ones only, as `credsum lint
//! --fix` does.

use credsum_analysis::fix::fix_until_stable;
use credsum_analysis::{Applicability, Diagnostic, Edit, Fix, TextRange};
use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, Command, Uri,
};

use super::{diagnostic, workspace_edit, Context};
use crate::convert;
use crate::document::Snapshot;

/// The code action kind of "Fix all credsum problems".
pub const FIX_ALL_KIND: &str = "source.fixAll.credsum";

/// The command that applies its one argument, a `WorkspaceEdit`, through `workspace/applyEdit`
/// (what clients without code action literals run).
pub const APPLY_EDIT_COMMAND: &str = "credsum.applyEdit";

/// Whether `kind` is wanted by a code action request's `only` filter.
fn wanted(only: Option<&Vec<CodeActionKind>>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.starts_with(&format!("{k}."))
        })
    })
}

/// The core diagnostics the request is about, each with the LSP diagnostic the action names:
/// the client's own (matched to ours by code and range), else ours touching the range.
fn requested<'d>(
    snapshot: &Snapshot,
    found: &'d [Diagnostic],
    params: &lsp::CodeActionParams,
    cx: Context<'_>,
) -> Vec<(&'d Diagnostic, lsp::Diagnostic)> {
    let enc = cx.encoding();
    let from_client: Vec<&lsp::Diagnostic> = params
        .context
        .diagnostics
        .iter()
        .filter(|d| d.source.as_deref() == Some(convert::SOURCE))
        .collect();
    if from_client.is_empty() {
        let start = snapshot.offset(params.range.start, enc);
        let end = snapshot.offset(params.range.end, enc);
        let shown = diagnostic::of_snapshot(snapshot, cx);
        return found
            .iter()
            .filter(|d| d.range.start <= end && start <= d.range.end)
            .map(|d| {
                let lsp = convert::diagnostic(&snapshot.index, d, enc);
                let same = shown
                    .iter()
                    .find(|s| s.range == lsp.range && s.code == lsp.code);
                (d, same.cloned().unwrap_or(lsp))
            })
            .collect();
    }
    from_client
        .into_iter()
        .filter_map(|theirs| {
            let ours = found.iter().find(|d| {
                snapshot.range(d.range, enc) == theirs.range
                    && theirs.code == Some(lsp::NumberOrString::String(d.code.as_str().to_owned()))
            })?;
            Some((ours, theirs.clone()))
        })
        .collect()
}

/// An action applying `fix`, as the client takes actions.
fn action(
    snapshot: &Snapshot,
    uri: &Uri,
    fix: &Fix,
    kind: CodeActionKind,
    diagnostic: Option<lsp::Diagnostic>,
    cx: Context<'_>,
) -> Option<CodeActionOrCommand> {
    let edit = workspace_edit(uri, snapshot.text_edits(&fix.edits, cx.encoding()));
    let features = cx.client.code_action;
    if !features.literals {
        return features.apply_edit.then(|| {
            CodeActionOrCommand::Command(Command {
                title: fix.title.clone(),
                command: APPLY_EDIT_COMMAND.to_owned(),
                arguments: Some(vec![serde_json::to_value(edit).unwrap_or_default()]),
            })
        });
    }
    let preferred =
        diagnostic.is_some() && features.is_preferred && fix.applicability == Applicability::Safe;
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: fix.title.clone(),
        kind: Some(kind),
        diagnostics: diagnostic.map(|d| vec![d]),
        edit: Some(edit),
        is_preferred: preferred.then_some(true),
        ..CodeAction::default()
    }))
}

/// `textDocument/codeAction`.
pub fn handle(
    snapshot: &Snapshot,
    uri: &Uri,
    params: &lsp::CodeActionParams,
    cx: Context<'_>,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let (Some(found), Some(kind)) = (cx.diagnostics(snapshot), snapshot.kind) else {
        return out;
    };
    let only = params.context.only.as_ref();
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        for (d, lsp) in requested(snapshot, found, params, cx) {
            if let Some(fix) = &d.fix {
                out.extend(action(
                    snapshot,
                    uri,
                    fix,
                    CodeActionKind::QUICKFIX,
                    Some(lsp),
                    cx,
                ));
            }
        }
    }
    if wanted(only, CodeActionKind::REFACTOR_REWRITE.as_str()) {
        let at = snapshot.offset(params.range.start, cx.encoding());
        for fix in cx.analyzer.body_actions(&snapshot.text, kind, at) {
            out.extend(action(
                snapshot,
                uri,
                &fix,
                CodeActionKind::REFACTOR_REWRITE,
                None,
                cx,
            ));
        }
    }
    if wanted(only, FIX_ALL_KIND) {
        // What `credsum lint --fix` writes: whole safe fixes, pass after pass, until none is
        // left (it runs on save in VS Code, so never an unsafe one).
        let config = cx.settings.config_for(snapshot.path.as_deref());
        let fixed = fix_until_stable(
            cx.analyzer,
            kind,
            config,
            &snapshot.text,
            found,
            Applicability::Safe,
        );
        if let Some(edit) = fixed.and_then(|(fixed, _)| middle_edit(&snapshot.text, &fixed)) {
            let fix = Fix::edits("Fix all credsum problems", vec![edit]);
            out.extend(action(
                snapshot,
                uri,
                &fix,
                CodeActionKind::new(FIX_ALL_KIND),
                None,
                cx,
            ));
        }
    }
    out
}

/// One edit taking `text` to `fixed` that replaces only the changed middle, so the cursor
/// stays put elsewhere; none when nothing changes.
fn middle_edit(text: &str, fixed: &str) -> Option<Edit> {
    if fixed == text {
        return None;
    }
    let mut prefix = text
        .bytes()
        .zip(fixed.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !text.is_char_boundary(prefix) || !fixed.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = (text.len() - prefix).min(fixed.len() - prefix);
    let mut suffix = text
        .bytes()
        .rev()
        .zip(fixed.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !text.is_char_boundary(text.len() - suffix)
        || !fixed.is_char_boundary(fixed.len() - suffix)
    {
        suffix -= 1;
    }
    Some(Edit {
        range: TextRange::new(prefix as u32, (text.len() - suffix) as u32),
        new_text: fixed[prefix..fixed.len() - suffix].to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_middle_edit_replaces_only_what_changed() {
        let text = "{\"a\": 1, \"totalUserCont\": 2}";
        let fixed = "{\"a\": 1, \"totalUserCount\": 2}";
        let edit = middle_edit(text, fixed).expect("an edit");
        let mut applied = text.to_owned();
        applied.replace_range(edit.range.as_usize(), &edit.new_text);
        assert_eq!(applied, fixed);
        assert_eq!(edit.new_text, "u");
        assert!(middle_edit("{}", "{}").is_none());
        // Multi-byte characters: the edit never splits one.
        let edit = middle_edit("{\"é\": 1}", "{\"è\": 1}").expect("an edit");
        assert_eq!(edit.new_text, "è");
    }

    #[test]
    fn only_filters_code_actions() {
        assert!(wanted(None, "quickfix"));
        let source = vec![CodeActionKind::SOURCE];
        assert!(wanted(Some(&source), FIX_ALL_KIND));
        assert!(!wanted(Some(&source), "quickfix"));
        let fix_all = vec![CodeActionKind::SOURCE_FIX_ALL];
        assert!(wanted(Some(&fix_all), FIX_ALL_KIND));
    }
}

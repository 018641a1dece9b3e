//! The request handlers' synchronous bodies: each takes a [`Snapshot`] of a document, asks the
//! analysis core, and converts its byte ranges to LSP positions through [`crate::convert`].
//! The server runs them inside `catch_unwind`, so a panic here becomes an error response.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use credsum_analysis::{
    hover, Analyzer, Completion, CompletionKind, Edit, FileKind, FormatOptions, Symbol, SymbolKind,
    TextRange,
};
use credsum_syntax::line_index::{LineIndex, PositionEncoding};
use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, CompletionItem,
    CompletionItemKind, CompletionTextEdit, Documentation, FoldingRange, FoldingRangeKind,
    InsertTextFormat, Location, MarkupContent, MarkupKind, Position, SelectionRange, TextEdit, Uri,
    WorkspaceEdit,
};

use crate::convert;
use crate::document::Snapshot;

/// The code action kind of "Fix all credsum problems".
pub const FIX_ALL_KIND: &str = "source.fixAll.credsum";

/// What a handler needs besides the document.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The analyzer.
    pub analyzer: &'a Analyzer,
    /// The negotiated position encoding.
    pub encoding: PositionEncoding,
    /// Whether the client takes snippets in completions.
    pub snippets: bool,
    /// Whether the client renders Markdown in completion documentation.
    pub markdown_completion: bool,
    /// Whether the client renders Markdown in hovers.
    pub markdown_hover: bool,
    /// The most diagnostics sent per document (setting `max-diagnostics`; 0: no limit).
    pub max_diagnostics: usize,
}

/// Markup of the kind the client renders: Markdown, else its plain text.
fn markup(value: String, markdown: bool) -> MarkupContent {
    if markdown {
        MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }
    } else {
        MarkupContent {
            kind: MarkupKind::PlainText,
            value: credsum_analysis::hover::plain_text(&value),
        }
    }
}

impl Snapshot {
    /// The byte offset of an LSP position (clamped).
    fn offset(&self, position: Position, enc: PositionEncoding) -> u32 {
        convert::offset(&self.index, position, enc)
    }

    /// The LSP range of a byte range.
    fn range(&self, range: TextRange, enc: PositionEncoding) -> lsp::Range {
        convert::range(&self.index, range, enc)
    }

    /// The file kind, if the document is analysed.
    fn analysed_kind(&self) -> Option<FileKind> {
        self.kind.filter(|_| self.analysed)
    }
}

/// The LSP diagnostics of a snapshot: at most `max` of them, the most severe first, and a
/// `too-many-diagnostics` note when some were left out (see [`credsum_analysis::limit`]).
pub fn diagnostics(snapshot: &Snapshot, enc: PositionEncoding, max: usize) -> Vec<lsp::Diagnostic> {
    lsp_diagnostics(&snapshot.index, &snapshot.diagnostics, enc, max)
}

/// `diagnostics` of a text with positions `index` as LSP diagnostics, at most `max` of them
/// (0: all) plus a note, as [`diagnostics`] sends an open document's.
pub fn lsp_diagnostics(
    index: &LineIndex,
    diagnostics: &[credsum_analysis::Diagnostic],
    enc: PositionEncoding,
    max: usize,
) -> Vec<lsp::Diagnostic> {
    let limited = credsum_analysis::limit(diagnostics, max);
    limited
        .note
        .iter()
        .chain(limited.shown)
        .map(|d| convert::diagnostic(index, d, enc))
        .collect()
}

/// The LSP kind of a completion.
fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Property => CompletionItemKind::PROPERTY,
        CompletionKind::Value => CompletionItemKind::VALUE,
        CompletionKind::Method => CompletionItemKind::KEYWORD,
        CompletionKind::Url => CompletionItemKind::REFERENCE,
        CompletionKind::Header => CompletionItemKind::FIELD,
        CompletionKind::Snippet => CompletionItemKind::SNIPPET,
    }
}

/// One completion item; a snippet only when the client takes them.
fn completion_item(snapshot: &Snapshot, c: Completion, cx: Context<'_>) -> CompletionItem {
    let (new_text, format) = match c.snippet {
        Some(snippet) if cx.snippets => (snippet, InsertTextFormat::SNIPPET),
        _ => (c.insert_text, InsertTextFormat::PLAIN_TEXT),
    };
    CompletionItem {
        label: c.label,
        kind: Some(completion_kind(c.kind)),
        detail: c.detail,
        documentation: c
            .documentation
            .map(|value| Documentation::MarkupContent(markup(value, cx.markdown_completion))),
        sort_text: Some(c.sort_text),
        filter_text: c.filter_text,
        insert_text_format: Some(format),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: snapshot.range(c.replace, cx.encoding),
            new_text,
        })),
        additional_text_edits: (!c.additional_edits.is_empty())
            .then(|| text_edits(snapshot, &c.additional_edits, cx.encoding)),
        ..CompletionItem::default()
    }
}

/// `textDocument/completion`.
///
/// `.http` files get completions even before they are recognised as request files: the method
/// and URL completions are what make them one.
pub fn completion(snapshot: &Snapshot, position: Position, cx: Context<'_>) -> Vec<CompletionItem> {
    let Some(kind) = snapshot
        .analysed_kind()
        .or(snapshot.kind.filter(|k| *k == FileKind::Http))
    else {
        return Vec::new();
    };
    let offset = snapshot.offset(position, cx.encoding);
    cx.analyzer
        .completions(&snapshot.text, kind, offset)
        .into_iter()
        .map(|c| completion_item(snapshot, c, cx))
        .collect()
}

/// `textDocument/hover`: the property under the cursor and the diagnostics there.
pub fn hover(snapshot: &Snapshot, position: Position, cx: Context<'_>) -> Option<lsp::Hover> {
    let kind = snapshot.analysed_kind()?;
    let offset = snapshot.offset(position, cx.encoding);
    let found = hover::with_diagnostics(
        cx.analyzer.hover(&snapshot.text, kind, offset),
        &snapshot.diagnostics,
        offset,
    )?;
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(markup(found.markdown, cx.markdown_hover)),
        range: Some(snapshot.range(found.range, cx.encoding)),
    })
}

/// Text edits of core edits.
fn text_edits(snapshot: &Snapshot, edits: &[Edit], enc: PositionEncoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit {
            range: snapshot.range(e.range, enc),
            new_text: e.new_text.clone(),
        })
        .collect()
}

/// A workspace edit changing one document.
fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// Whether `kind` is wanted by a code action request's `only` filter.
fn wanted(only: Option<&Vec<CodeActionKind>>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.starts_with(&format!("{k}."))
        })
    })
}

/// The fix carried in an LSP diagnostic's `data`: its title and edits.
fn fix_of(d: &lsp::Diagnostic) -> Option<(String, Vec<TextEdit>)> {
    let fix = d.data.as_ref()?.get("fix")?;
    let title = fix.get("title")?.as_str()?.to_owned();
    let edits = serde_json::from_value(fix.get("edits")?.clone()).ok()?;
    Some((title, edits))
}

/// `textDocument/codeAction`: each diagnostic's fix as a quick fix tied to it, and "Fix all".
pub fn code_actions(
    snapshot: &Snapshot,
    uri: &Uri,
    params: &lsp::CodeActionParams,
    cx: Context<'_>,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    if !snapshot.analysed {
        return out;
    }
    let only = params.context.only.as_ref();
    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        let from_client: Vec<&lsp::Diagnostic> = params
            .context
            .diagnostics
            .iter()
            .filter(|d| d.source.as_deref() == Some(convert::SOURCE))
            .collect();
        let ours: Vec<lsp::Diagnostic>;
        let candidates = if from_client.is_empty() {
            let start = snapshot.offset(params.range.start, cx.encoding);
            let end = snapshot.offset(params.range.end, cx.encoding);
            ours = snapshot
                .diagnostics
                .iter()
                .filter(|d| d.range.start <= end && start <= d.range.end)
                .map(|d| convert::diagnostic(&snapshot.index, d, cx.encoding))
                .collect();
            ours.iter().collect()
        } else {
            from_client
        };
        for d in candidates {
            let Some((title, edits)) = fix_of(d) else {
                continue;
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(workspace_edit(uri, edits)),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
    }
    if wanted(only, FIX_ALL_KIND) {
        let edits = fix_all_edits(&snapshot.text, &snapshot.diagnostics);
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all credsum problems".to_owned(),
                kind: Some(CodeActionKind::new(FIX_ALL_KIND)),
                edit: Some(workspace_edit(
                    uri,
                    text_edits(snapshot, &edits, cx.encoding),
                )),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// One edit taking `text` to what `fix::apply_fixes` makes of it (only the changed middle is
/// replaced, so the cursor stays put elsewhere); none when nothing changes.
fn fix_all_edits(text: &str, diagnostics: &[credsum_analysis::Diagnostic]) -> Vec<Edit> {
    let fixed = credsum_analysis::fix::apply_fixes(text, diagnostics);
    if fixed == text {
        return Vec::new();
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
    vec![Edit {
        range: TextRange::new(prefix as u32, (text.len() - suffix) as u32),
        new_text: fixed[prefix..fixed.len() - suffix].to_owned(),
    }]
}

/// `textDocument/formatting`: pretty-print a `.json` body.
pub fn formatting(
    snapshot: &Snapshot,
    options: &lsp::FormattingOptions,
    cx: Context<'_>,
) -> Vec<TextEdit> {
    let Some(kind) = snapshot.analysed_kind() else {
        return Vec::new();
    };
    let options = FormatOptions {
        tab_size: options.tab_size,
        insert_spaces: options.insert_spaces,
    };
    let edits = cx.analyzer.format(&snapshot.text, kind, options);
    text_edits(snapshot, &edits, cx.encoding)
}

/// The LSP kind of a symbol.
fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Request => lsp::SymbolKind::EVENT,
        SymbolKind::Object => lsp::SymbolKind::OBJECT,
        SymbolKind::Array => lsp::SymbolKind::ARRAY,
        SymbolKind::String => lsp::SymbolKind::STRING,
        SymbolKind::Number => lsp::SymbolKind::NUMBER,
        SymbolKind::Boolean => lsp::SymbolKind::BOOLEAN,
        SymbolKind::Null => lsp::SymbolKind::NULL,
    }
}

/// An LSP document symbol of a core symbol.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
fn document_symbol(snapshot: &Snapshot, s: Symbol, enc: PositionEncoding) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: if s.name.is_empty() {
            "\"\"".to_owned()
        } else {
            s.name
        },
        detail: s.detail,
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: snapshot.range(s.range, enc),
        selection_range: snapshot.range(s.selection_range, enc),
        children: Some(
            s.children
                .into_iter()
                .map(|c| document_symbol(snapshot, c, enc))
                .collect(),
        ),
    }
}

/// `textDocument/documentSymbol`.
pub fn document_symbols(snapshot: &Snapshot, cx: Context<'_>) -> Vec<lsp::DocumentSymbol> {
    let Some(kind) = snapshot.analysed_kind() else {
        return Vec::new();
    };
    cx.analyzer
        .document_symbols(&snapshot.text, kind)
        .into_iter()
        .map(|s| document_symbol(snapshot, s, cx.encoding))
        .collect()
}

/// `textDocument/foldingRange`: ranges spanning more than one line.
pub fn folding_ranges(snapshot: &Snapshot, cx: Context<'_>) -> Vec<FoldingRange> {
    let Some(kind) = snapshot.analysed_kind() else {
        return Vec::new();
    };
    let line = |offset: u32| snapshot.index.line_col(offset, cx.encoding).line;
    let mut out: Vec<FoldingRange> = cx
        .analyzer
        .folding_ranges(&snapshot.text, kind)
        .into_iter()
        .filter_map(|r| {
            let (start, end) = (line(r.start), line(r.end));
            (end > start).then(|| FoldingRange {
                start_line: start,
                end_line: end,
                kind: Some(FoldingRangeKind::Region),
                ..FoldingRange::default()
            })
        })
        .collect();
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    out
}

/// `textDocument/selectionRange`: one chain per position, innermost first.
pub fn selection_ranges(
    snapshot: &Snapshot,
    positions: &[Position],
    cx: Context<'_>,
) -> Vec<SelectionRange> {
    let kind = snapshot.kind.unwrap_or(FileKind::Json);
    positions
        .iter()
        .map(|&position| {
            let offset = snapshot.offset(position, cx.encoding);
            let ranges = if snapshot.analysed {
                cx.analyzer.selection_ranges(&snapshot.text, kind, offset)
            } else {
                vec![TextRange::empty(offset)]
            };
            let mut chain: Option<SelectionRange> = None;
            for range in ranges.iter().rev() {
                chain = Some(SelectionRange {
                    range: snapshot.range(*range, cx.encoding),
                    parent: chain.map(Box::new),
                });
            }
            chain.unwrap_or(SelectionRange {
                range: lsp::Range::new(position, position),
                parent: None,
            })
        })
        .collect()
}

/// The committed JSON Schema of the body's resource, looked up under `root` and then in the
/// folders above the document.
fn schema_file(root: Option<&Path>, document: Option<&Path>, name: &str) -> Option<PathBuf> {
    let relative = Path::new("schema").join(format!("{name}.schema.json"));
    root.into_iter()
        .chain(document.into_iter().flat_map(Path::ancestors).skip(1))
        .map(|dir| dir.join(&relative))
        .find(|p| p.is_file())
}

/// The byte range of `"<name>"` where it opens a property schema under `properties`.
pub fn schema_property_range(schema: &str, name: &str) -> Option<TextRange> {
    let properties = schema.find("\"properties\"")?;
    let key = serde_json::Value::String(name.to_owned()).to_string();
    let mut from = properties;
    loop {
        let at = from + schema[from..].find(&key)?;
        let rest = schema[at + key.len()..].trim_start();
        if let Some(after_colon) = rest.strip_prefix(':') {
            if after_colon.trim_start().starts_with('{') {
                return Some(TextRange::new(at as u32, (at + key.len()) as u32));
            }
        }
        from = at + key.len();
    }
}

/// `textDocument/definition`: from a property key to its schema in the committed JSON Schema.
pub fn definition(
    snapshot: &Snapshot,
    position: Position,
    root: Option<&Path>,
    cx: Context<'_>,
) -> Option<Location> {
    let kind = snapshot.analysed_kind()?;
    let offset = snapshot.offset(position, cx.encoding);
    let name = cx.analyzer.property_at(&snapshot.text, kind, offset)?;
    let model = cx.analyzer.model_for_body(&snapshot.text)?;
    let path = schema_file(root, snapshot.path.as_deref(), model.descriptor().name())?;
    let schema = std::fs::read_to_string(&path).ok()?;
    let range = schema_property_range(&schema, &name)?;
    let index = LineIndex::new(&schema);
    Some(Location {
        uri: Uri::from_file_path(&path)?,
        range: convert::range(&index, range, cx.encoding),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_property_is_found_under_properties() {
        let schema =
            "{\"title\": \"x\", \"properties\": {\n  \"a\": {\"b\": 1},\n  \"tenantId\": {\n  }}}";
        let r = schema_property_range(schema, "tenantId").unwrap();
        assert_eq!(&schema[r.as_usize()], "\"tenantId\"");
        assert_eq!(schema_property_range(schema, "title"), None);
        assert_eq!(schema_property_range(schema, "b"), None);
    }

    #[test]
    fn fix_all_replaces_only_the_changed_middle() {
        let text = "{\"a\": 1, \"totalUserCont\": 2}";
        let analyzer = Analyzer::graph();
        let diagnostics = analyzer.analyze(text, FileKind::Json, &Default::default());
        let edits = fix_all_edits(text, &diagnostics);
        assert_eq!(edits.len(), 1);
        let mut fixed = text.to_owned();
        fixed.replace_range(edits[0].range.as_usize(), &edits[0].new_text);
        assert_eq!(
            fixed,
            credsum_analysis::fix::apply_fixes(text, &diagnostics)
        );
        assert!(edits[0].range.start > 0);
        assert!(fix_all_edits("{}", &[]).is_empty());
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

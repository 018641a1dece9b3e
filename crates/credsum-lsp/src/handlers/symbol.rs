//! `textDocument/documentSymbol`: the outline (requests, then body properties).

use credsum_analysis::{Symbol, SymbolKind};
use credsum_syntax::line_index::PositionEncoding;
use tower_lsp_server::ls_types as lsp;

use super::Context;
use crate::document::Snapshot;

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
        SymbolKind::Variable => lsp::SymbolKind::VARIABLE,
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
pub fn handle(snapshot: &Snapshot, cx: Context<'_>) -> Vec<lsp::DocumentSymbol> {
    let Some(kind) = cx.analysed_kind(snapshot) else {
        return Vec::new();
    };
    cx.analyzer
        .document_symbols(&snapshot.text, kind)
        .into_iter()
        .map(|s| document_symbol(snapshot, s, cx.encoding()))
        .collect()
}

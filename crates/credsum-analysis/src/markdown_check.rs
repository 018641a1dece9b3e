//! Checks of Markdown documents: every ```http block is an HTTP message checked in place, with
//! positions in the Markdown file. Blocks whose metadata comment says `"blockType": "ignored"`
//! are skipped, as the Graph docs tooling does.

use credsum_syntax::http::parse_http_range;
use credsum_syntax::json;
use credsum_syntax::markdown::{code_blocks, is_language};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::http_check::{check_message, Source};
use crate::resource_model::ResourceModel;

/// Checks every http block; returns whether any block held a request to a registered resource.
pub(crate) fn check_markdown(
    text: &str,
    models: &[ResourceModel],
    config: &Config,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let mut previous = None;
    let mut any = false;
    for block in code_blocks(text) {
        if !is_language(text, &block, "http") || is_ignored(text, block.metadata) {
            continue;
        }
        for message in parse_http_range(text, block.content).messages {
            previous = check_message(text, &message, models, previous, Source::Docs, config, out);
            any |= previous.is_some();
        }
    }
    any
}

/// Whether the metadata comment marks the block `"blockType": "ignored"`.
fn is_ignored(text: &str, metadata: Option<credsum_syntax::TextRange>) -> bool {
    let Some(range) = metadata else { return false };
    let parse = json::parse_range(text, range);
    let tree = &parse.tree;
    tree.root().is_some_and(|root| {
        tree.members(root).iter().any(|m| {
            tree.name(m) == "blockType"
                && m.value()
                    .and_then(|v| tree.string_value(v))
                    .is_some_and(|v| v == "ignored")
        })
    })
}

//! Fuzzes Markdown fenced-block extraction (`credsum_syntax::markdown::code_blocks`) and the
//! analysis of a Markdown file with ```http blocks. Every block's fences, info string, language,
//! content and metadata must lie inside the text on char boundaries and in order; the requests
//! parsed from an http block must stay inside the block; diagnostics and fixes must be in
//! range, and the fixed file must analyse without panicking.
#![no_main]

use credsum_analysis::FileKind;
use credsum_fuzz::{analyze_and_fix, assert_range, assert_range_in, text_of};
use credsum_syntax::http::parse_http_range;
use credsum_syntax::markdown::{code_blocks, is_language};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let mut previous_end = 0;
    for block in code_blocks(&text) {
        assert_range(&text, block.open_fence, "open fence");
        assert!(block.open_fence.start >= previous_end, "blocks in order");
        assert_range(&text, block.info, "info string");
        assert!(
            block.info.start >= block.open_fence.end,
            "info after the fence"
        );
        if let Some(language) = block.language {
            assert_range_in(&text, language, block.info, "language");
        }
        assert_range(&text, block.content, "content");
        assert!(
            block.content.start >= block.info.end,
            "content after the info"
        );
        previous_end = block.content.end;
        if let Some(close) = block.close_fence {
            assert_range(&text, close, "close fence");
            assert!(
                close.start >= block.content.end,
                "close fence after the content"
            );
            previous_end = close.end;
        } else {
            assert_eq!(
                block.content.end as usize,
                text.len(),
                "an open block runs to the end"
            );
        }
        if let Some(metadata) = block.metadata {
            assert_range(&text, metadata, "metadata");
            assert!(
                metadata.end <= block.open_fence.start,
                "metadata before the block"
            );
        }
        if is_language(&text, &block, "http") {
            for message in parse_http_range(&text, block.content).messages {
                assert_range_in(&text, message.range, block.content, "request in a block");
                if let Some(body) = message.body {
                    assert_range_in(&text, body, block.content, "body in a block");
                }
            }
        }
    }
    analyze_and_fix(&text, FileKind::Markdown);
});

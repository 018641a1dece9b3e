//! Tolerant parsers with byte ranges: the syntax layer of credsum.
//!
//! Every parser here never fails: it returns a tree (or block list) plus the syntax errors it
//! recovered from. All positions are byte offsets into the original text ([`TextRange`]);
//! [`line_index`] converts them to line/column in UTF-8, UTF-16 or UTF-32 at the edges.
#![forbid(unsafe_code)]

pub mod http;
pub mod json;
pub mod line_index;
pub mod markdown;
pub mod odata_query;
mod text_range;

pub use text_range::TextRange;

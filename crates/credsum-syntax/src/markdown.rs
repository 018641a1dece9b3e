//! Fenced code blocks in Markdown, as the Microsoft Graph API docs write them.
//!
//! Follows the CommonMark rules that matter for top-level blocks: a fence is a run of at least
//! three backticks or tildes indented by at most three spaces; a backtick fence's info string
//! holds no backtick; the closing fence uses the same character, is at least as long and has
//! nothing but whitespace after it; a block left open runs to the end of the text. An HTML
//! comment (`<!-- ... -->`) is skipped whole, so fences inside it are not blocks, and when only
//! blank lines separate it from the next fence its inner text becomes that block's metadata.
//! Blocks inside list items or block quotes are not recognised (nor do they make the scan fail).

use crate::line_index::{lines, slice, to_u32, trim, Line};
use crate::TextRange;

/// A fenced code block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FencedBlock {
    /// The info string after the opening fence, trimmed (may be empty).
    pub info: TextRange,
    /// The first word of the info string (`http`, `json`), if it is not empty.
    pub language: Option<TextRange>,
    /// The run of backticks or tildes that opens the block.
    pub open_fence: TextRange,
    /// The run of backticks or tildes that closes the block; `None` when the block is left open
    /// (it then runs to the end of the text).
    pub close_fence: Option<TextRange>,
    /// The text between the fences: from the start of the line after the opening fence to the
    /// start of the closing fence's line (or the end of the text).
    pub content: TextRange,
    /// The inner text, trimmed, of an HTML comment right before the opening fence (only blank
    /// lines between), as Graph docs write `<!-- { "blockType": "request" } -->`.
    pub metadata: Option<TextRange>,
}

/// Whether the block's language is `lang`, ignoring ASCII case.
#[must_use]
pub fn is_language(text: &str, block: &FencedBlock, lang: &str) -> bool {
    block
        .language
        .is_some_and(|l| slice(text, l).eq_ignore_ascii_case(lang))
}

/// An opening fence.
struct Opening {
    /// `` ` `` or `~`.
    fence_char: u8,
    /// The fence run.
    run: TextRange,
    /// The trimmed info string.
    info: TextRange,
}

/// Where the scan is.
enum State {
    /// Between blocks, with the metadata of a comment waiting for a fence.
    Outside { metadata: Option<TextRange> },
    /// Inside an HTML comment whose inner text starts at the offset.
    Comment { inner_start: u32 },
    /// Inside a fenced block whose content starts at the offset.
    Fenced {
        open: Opening,
        metadata: Option<TextRange>,
        content_start: u32,
    },
}

/// All fenced code blocks of `text`, in order.
#[must_use]
pub fn code_blocks(text: &str) -> Vec<FencedBlock> {
    let mut blocks = Vec::new();
    let mut state = State::Outside { metadata: None };
    for line in lines(text, TextRange::new(0, to_u32(text.len()))) {
        state = match state {
            State::Outside { metadata } => outside(text, line, metadata),
            State::Comment { inner_start } => comment_end(text, line.content, inner_start),
            State::Fenced {
                open,
                metadata,
                content_start,
            } => match closing_fence(text, line.content, &open) {
                Some(run) => {
                    let content = TextRange::new(content_start, line.content.start);
                    blocks.push(block(text, &open, Some(run), content, metadata));
                    State::Outside { metadata: None }
                }
                None => State::Fenced {
                    open,
                    metadata,
                    content_start,
                },
            },
        };
    }
    if let State::Fenced {
        open,
        metadata,
        content_start,
    } = state
    {
        let content = TextRange::new(content_start, to_u32(text.len()));
        blocks.push(block(text, &open, None, content, metadata));
    }
    blocks
}

/// The block built from its parts.
fn block(
    text: &str,
    open: &Opening,
    close_fence: Option<TextRange>,
    content: TextRange,
    metadata: Option<TextRange>,
) -> FencedBlock {
    let info = slice(text, open.info);
    let language = info
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(info.len());
    let language = TextRange::new(open.info.start, open.info.start + to_u32(language));
    FencedBlock {
        info: open.info,
        language: (!language.is_empty()).then_some(language),
        open_fence: open.run,
        close_fence,
        content,
        metadata,
    }
}

/// The state after a line outside any block or comment.
fn outside(text: &str, line: Line, metadata: Option<TextRange>) -> State {
    if trim(text, line.content).is_empty() {
        return State::Outside { metadata };
    }
    if let Some(open) = opening_fence(text, line.content) {
        return State::Fenced {
            open,
            metadata,
            content_start: line.next,
        };
    }
    let Some((indent, rest)) = indented(text, line.content) else {
        return State::Outside { metadata: None };
    };
    match rest.strip_prefix("<!--") {
        Some(_) => {
            let inner_start = line.content.start + indent + 4;
            comment_end(
                text,
                TextRange::new(inner_start, line.content.end),
                inner_start,
            )
        }
        None => State::Outside { metadata: None },
    }
}

/// The state after `line` (or its part after `<!--`) of a comment whose inner text starts at
/// `inner_start`: still in the comment, or out of it with its inner text as metadata when
/// nothing follows the `-->`.
fn comment_end(text: &str, line: TextRange, inner_start: u32) -> State {
    let Some(close) = slice(text, line).find("-->") else {
        return State::Comment { inner_start };
    };
    let close = line.start + to_u32(close);
    let after = TextRange::new(close + 3, line.end);
    let metadata = trim(text, after)
        .is_empty()
        .then(|| trim(text, TextRange::new(inner_start, close)));
    State::Outside { metadata }
}

/// The indentation (at most three spaces) of a line and the text after it, or `None` when the
/// line is indented more.
fn indented(text: &str, line: TextRange) -> Option<(u32, &str)> {
    let s = slice(text, line);
    let rest = s.trim_start_matches(' ');
    let indent = s.len() - rest.len();
    (indent <= 3).then_some((to_u32(indent), rest))
}

/// The fence run at the start of a line (after its indentation): its char and range.
fn fence_run(text: &str, line: TextRange) -> Option<(u8, TextRange)> {
    let (indent, rest) = indented(text, line)?;
    let fence_char = *rest
        .as_bytes()
        .first()
        .filter(|&&b| b == b'`' || b == b'~')?;
    let len = rest.bytes().take_while(|&b| b == fence_char).count();
    let start = line.start + indent;
    (len >= 3).then(|| (fence_char, TextRange::new(start, start + to_u32(len))))
}

/// The opening fence on `line`, if it holds one.
fn opening_fence(text: &str, line: TextRange) -> Option<Opening> {
    let (fence_char, run) = fence_run(text, line)?;
    let info = trim(text, TextRange::new(run.end, line.end));
    if fence_char == b'`' && slice(text, info).contains('`') {
        return None;
    }
    Some(Opening {
        fence_char,
        run,
        info,
    })
}

/// The closing fence run on `line` for the block opened by `open`, if the line closes it.
fn closing_fence(text: &str, line: TextRange, open: &Opening) -> Option<TextRange> {
    let (fence_char, run) = fence_run(text, line)?;
    let rest_blank = trim(text, TextRange::new(run.end, line.end)).is_empty();
    (fence_char == open.fence_char && run.len() >= open.run.len() && rest_blank).then_some(run)
}

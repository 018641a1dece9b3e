//! `.http` / `.rest` request files, as VS Code REST Client and the JetBrains HTTP Client write
//! them, and the `http` blocks of Microsoft Graph docs.
//!
//! The parser is tolerant: it never fails and never panics, and every piece it finds is a byte
//! range into the original text. A file is a list of blocks separated by lines starting with
//! `###`. In each block, blank lines, comments (`#`, `//`) and file variables (`@name = value`)
//! come first; then the start line (`METHOD URL [HTTP/x.y]`, a bare URL meaning GET, or a
//! response line `HTTP/1.1 200 OK`), possibly continued by indented `?`/`&` query lines; then
//! headers up to the first blank line; then the body up to the end of the block. A JetBrains
//! response handler (`> {% ... %}`, `> file.js`), response redirect (`>> file`, `>>! file`) or
//! response reference (`<> file`) ends the body. A body whose first line is `< ./path`
//! (JetBrains) or `<@ ./path` (httpyac, variables substituted in the file) is read from that
//! file: it is a [`BodyFile`], not a body.

mod target;

pub use target::{split_target, variable_refs, TargetParts};

use crate::line_index::{clamp_range, lines, slice, to_u32, trim, Line};
use crate::TextRange;

/// A parsed request file: its messages and its file variables, in text order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpFile {
    /// Requests (and responses) in text order; blocks holding no start line give none.
    pub messages: Vec<HttpMessage>,
    /// `@name = value` lines found before a start line, in any block.
    pub variables: Vec<FileVariable>,
}

/// A file variable line `@host = https://graph.microsoft.com`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileVariable {
    /// The name, without the `@`.
    pub name: TextRange,
    /// The value, trimmed; empty when nothing follows the `=`, and empty right after the name
    /// when the line has no `=`.
    pub value: TextRange,
    /// The whole line, trimmed.
    pub range: TextRange,
}

/// One request or response of a request file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpMessage {
    /// From the start line to the end of the body (or of the last header or the start line).
    pub range: TextRange,
    /// The value of a `# @name foo` / `// @name foo` comment before the start line; failing
    /// that, the text after the `###` that opens the block (JetBrains names requests so).
    pub name: Option<TextRange>,
    /// The request or status line.
    pub start_line: StartLine,
    /// Header lines, in order.
    pub headers: Vec<Header>,
    /// The body after the blank line: leading blank lines and trailing whitespace left out;
    /// `None` when absent, only whitespace, or read from a file.
    pub body: Option<TextRange>,
    /// The `< ./path` line that sends a file as the body, when the body is one.
    pub body_file: Option<BodyFile>,
}

/// A body read from a file: `< ./body.json` (JetBrains, REST Client) or `<@ ./body.json`
/// (httpyac, REST Client: `{{variables}}` in the file are substituted; httpyac also takes an
/// encoding, `<@latin1 ./body.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyFile {
    /// The path as written, trimmed (relative to the request file unless absolute); empty
    /// right after the marker when the line holds none.
    pub path: TextRange,
    /// Whether the marker is `<@`: the client substitutes variables in the file's text.
    pub substitutes_variables: bool,
    /// The whole `<` line, trimmed.
    pub range: TextRange,
}

/// The first line of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartLine {
    /// `METHOD URL [HTTP/x.y]`.
    Request {
        /// The method; an empty range at the target's start when the line holds only a URL
        /// (which means GET).
        method: TextRange,
        /// The URL of the first line (query continuation lines are not part of it); empty,
        /// right after the method, when the line holds only a method.
        target: TextRange,
        /// The trailing `HTTP/x.y`, if any.
        version: Option<TextRange>,
        /// The whole start line, trimmed, including any `?`/`&` continuation lines.
        range: TextRange,
    },
    /// `HTTP/1.1 200 OK`, as Graph docs show responses.
    Response {
        /// The `HTTP/x.y` token.
        version: TextRange,
        /// The status code token (empty right after the version when missing).
        status: TextRange,
        /// The reason phrase, if any.
        reason: Option<TextRange>,
        /// The whole line, trimmed.
        range: TextRange,
    },
}

impl HttpMessage {
    /// What the message sends as its body: the inline body, or the `< ./path` line of a body
    /// read from a file.
    #[must_use]
    pub fn sent_body(&self) -> Option<TextRange> {
        self.body.or(self.body_file.map(|f| f.range))
    }
}

impl StartLine {
    /// The whole start line.
    #[must_use]
    pub fn range(&self) -> TextRange {
        match *self {
            StartLine::Request { range, .. } | StartLine::Response { range, .. } => range,
        }
    }
}

/// A header line `Name: value`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The name, trimmed.
    pub name: TextRange,
    /// The value, trimmed; empty right after the name when the line has no `:`.
    pub value: TextRange,
    /// The whole line, trimmed.
    pub range: TextRange,
}

/// Parses a whole request file. A leading UTF-8 BOM (U+FEFF) is skipped, as in JSON.
#[must_use]
pub fn parse_http(text: &str) -> HttpFile {
    parse_http_range(text, TextRange::new(0, to_u32(text.len())))
}

/// Parses only `text[range]` (say, a Markdown ```` ```http ```` block); ranges stay absolute.
/// A range outside the text is clamped to it; a UTF-8 BOM (U+FEFF) at its start is skipped.
#[must_use]
pub fn parse_http_range(text: &str, range: TextRange) -> HttpFile {
    let mut range = clamp_range(text, range);
    if slice(text, range).starts_with('\u{FEFF}') {
        range = TextRange::new(range.start + to_u32('\u{FEFF}'.len_utf8()), range.end);
    }
    let mut file = HttpFile::default();
    let mut block = Vec::new();
    let mut separator_name = None;
    for line in lines(text, range) {
        let content = slice(text, line.content);
        if content.starts_with("###") {
            parse_block(text, &block, separator_name, &mut file);
            block.clear();
            // `####…` separates too (REST Client reads three or more `#`); the name follows them.
            let hashes = content.bytes().take_while(|&b| b == b'#').count();
            let rest = TextRange::new(line.content.start + to_u32(hashes), line.content.end);
            separator_name = Some(trim(text, rest)).filter(|r| !r.is_empty());
        } else {
            block.push(line);
        }
    }
    parse_block(text, &block, separator_name, &mut file);
    file
}

/// The query of a request line as REST Client sends it, in order: the query of the first
/// line's target (after its `?`), then each `?`/`&` continuation line after that character
/// (REST Client appends the trimmed lines to the URL). Each piece holds whole options, so a
/// query checker reads them one after another with every range still pointing at its line.
/// Empty for a response line or a request without a query.
#[must_use]
pub fn query_segments(text: &str, start_line: &StartLine) -> Vec<TextRange> {
    let StartLine::Request { target, range, .. } = *start_line else {
        return Vec::new();
    };
    let first = split_target(text, target).query;
    let continued = lines(text, clamp_range(text, range)).skip(1).map(|line| {
        let t = trim(text, line.content);
        TextRange::new((t.start + 1).min(t.end), t.end)
    });
    first.into_iter().chain(continued).collect()
}

/// Whether a line starts a JetBrains response handler (`> {% ... %}`, `> file.js`), response
/// redirect (`>> file`, `>>! file`) or response reference (`<> file`), which end a message.
fn is_trailer(line: &str) -> bool {
    line.starts_with('>') || line.starts_with("<>")
}

/// Whether a trimmed line is a comment.
fn is_comment(line: &str) -> bool {
    line.starts_with('#') || line.starts_with("//")
}

/// Parses the lines of one `###` block into `file`.
fn parse_block(text: &str, block: &[Line], separator_name: Option<TextRange>, file: &mut HttpFile) {
    let mut name = None;
    let mut rest = block.iter();
    // Preamble: blank lines, comments (maybe `@name`), file variables.
    let first = loop {
        let Some(line) = rest.next() else { return };
        let t = trim(text, line.content);
        let s = slice(text, t);
        if is_comment(s) {
            name = name_comment(text, t).or(name);
        } else if s.starts_with('@') {
            file.variables.push(variable(text, t));
        } else if !s.is_empty() {
            break t;
        }
    };
    let mut start_line = start_line(text, first);
    let mut rest = rest.as_slice();
    if let StartLine::Request { range, .. } = &mut start_line {
        while let Some((line, tail)) = rest.split_first() {
            let t = trim(text, line.content);
            if !slice(text, t).starts_with(['?', '&']) {
                break;
            }
            *range = range.cover(t);
            rest = tail;
        }
    }
    let mut end = start_line.range().end;
    let mut headers = Vec::new();
    let mut body_lines: &[Line] = &[];
    while let Some((line, tail)) = rest.split_first() {
        rest = tail;
        let t = trim(text, line.content);
        let s = slice(text, t);
        if s.is_empty() {
            body_lines = tail;
            break;
        }
        if is_trailer(slice(text, line.content)) {
            break;
        }
        if !is_comment(s) {
            let h = header(text, t);
            end = h.range.end;
            headers.push(h);
        }
    }
    let mut body = body(text, body_lines);
    let body_file = body.and_then(|b| body_file(text, b));
    if let Some(file) = body_file {
        body = None;
        end = file.range.end;
    }
    if let Some(body) = body {
        end = body.end;
    }
    file.messages.push(HttpMessage {
        range: TextRange::new(start_line.range().start, end),
        name: name.or(separator_name),
        start_line,
        headers,
        body,
        body_file,
    });
}

/// The body in `lines`: from the first non-blank line to the last non-whitespace byte before
/// any response handler or response reference.
fn body(text: &str, lines: &[Line]) -> Option<TextRange> {
    let end = lines
        .iter()
        .position(|l| is_trailer(slice(text, l.content)));
    let lines = lines.get(..end.unwrap_or(lines.len())).unwrap_or(lines);
    let first = lines.iter().find(|l| !trim(text, l.content).is_empty())?;
    let last = lines.last()?;
    let body = trim(text, TextRange::new(first.content.start, last.content.end));
    Some(TextRange::new(first.content.start, body.end))
}

/// The `< ./path` line that starts `body`, if it starts with one; what follows it in the body
/// is not sent (the clients send the file).
fn body_file(text: &str, body: TextRange) -> Option<BodyFile> {
    let s = slice(text, body);
    let line_len = s.find(['\n', '\r']).unwrap_or(s.len());
    let line = trim(
        text,
        TextRange::new(body.start, body.start + to_u32(line_len)),
    );
    let after = slice(text, line).strip_prefix('<')?;
    let (marker_end, substitutes_variables) = match after.strip_prefix('@') {
        // `<@latin1 ./file`: the encoding word runs to the first blank.
        Some(rest) => {
            let word = rest.find([' ', '\t']).unwrap_or(rest.len());
            let is_word = rest
                .get(..word)?
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
            (is_word.then_some(1 + word)?, true)
        }
        // A blank must follow, so an XML body (`<root>`) and `<>` stay what they are.
        None => (after.starts_with([' ', '\t']).then_some(0)?, false),
    };
    let path_start = line.start + 1 + to_u32(marker_end);
    Some(BodyFile {
        path: trim(text, TextRange::new(path_start, line.end)),
        substitutes_variables,
        range: line,
    })
}

/// The value of a `# @name foo` / `// @name = foo` comment, if `comment` is one.
fn name_comment(text: &str, comment: TextRange) -> Option<TextRange> {
    let s = slice(text, comment);
    let after_marker = s.trim_start_matches(['#', '/']);
    let after_marker = after_marker.trim_start_matches([' ', '\t']);
    let rest = after_marker.strip_prefix("@name")?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '='])) {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix('=').unwrap_or(rest);
    let start = comment.end - to_u32(rest.len());
    Some(trim(text, TextRange::new(start, comment.end))).filter(|r| !r.is_empty())
}

/// A file variable from its trimmed line, which starts with `@`.
fn variable(text: &str, line: TextRange) -> FileVariable {
    let s = slice(text, line);
    let name_start = line.start + 1;
    let name_len = s
        .get(1..)
        .unwrap_or("")
        .find([' ', '\t', '='])
        .map_or(line.len() - 1, to_u32);
    let name = TextRange::new(name_start, name_start + name_len);
    let rest = trim(text, TextRange::new(name.end, line.end));
    let value = match slice(text, rest).strip_prefix('=') {
        Some(_) => trim(text, TextRange::new(rest.start + 1, rest.end)),
        None => TextRange::empty(name.end),
    };
    FileVariable {
        name,
        value,
        range: line,
    }
}

/// A header from its trimmed line.
fn header(text: &str, line: TextRange) -> Header {
    match slice(text, line).find(':') {
        Some(colon) => {
            let colon = line.start + to_u32(colon);
            Header {
                name: trim(text, TextRange::new(line.start, colon)),
                value: trim(text, TextRange::new(colon + 1, line.end)),
                range: line,
            }
        }
        None => Header {
            name: line,
            value: TextRange::empty(line.end),
            range: line,
        },
    }
}

/// Methods recognised even when a line holds nothing else.
const KNOWN_METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "CONNECT", "TRACE",
];

/// Whether a token may be a method: a letter, then letters, `-` or `_` (`M-SEARCH`).
fn is_method_like(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_alphabetic())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_')
}

/// The whitespace-separated tokens of `range`.
fn tokens(text: &str, range: TextRange) -> Vec<TextRange> {
    let s = slice(text, range);
    let mut out = Vec::new();
    let mut start = None;
    for (i, b) in s
        .bytes()
        .enumerate()
        .chain(std::iter::once((s.len(), b' ')))
    {
        let at = range.start + to_u32(i);
        match (b == b' ' || b == b'\t', start) {
            (true, Some(s)) => {
                out.push(TextRange::new(s, at));
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    out
}

/// The start line from its trimmed, non-empty first line.
fn start_line(text: &str, line: TextRange) -> StartLine {
    let tokens = tokens(text, line);
    let is_version = |t: &TextRange| slice(text, *t).starts_with("HTTP/");
    let (first, last) = match (tokens.first(), tokens.last()) {
        (Some(&first), Some(&last)) => (first, last),
        _ => (TextRange::empty(line.start), TextRange::empty(line.end)),
    };
    if is_version(&first) {
        let status = tokens
            .get(1)
            .copied()
            .unwrap_or(TextRange::empty(first.end));
        let reason = tokens.get(2).map(|r| TextRange::new(r.start, line.end));
        return StartLine::Response {
            version: first,
            status,
            reason,
            range: line,
        };
    }
    let (version, words) = match tokens.split_last() {
        Some((v, words)) if !words.is_empty() && is_version(v) => (Some(*v), words),
        _ => (None, tokens.as_slice()),
    };
    let words_end = words.last().map_or(last.end, |w| w.end);
    let first_word = slice(text, first);
    let (method, target) = if words.len() >= 2 && is_method_like(first_word) {
        (
            first,
            TextRange::new(words.get(1).map_or(first.end, |w| w.start), words_end),
        )
    } else if words.len() == 1
        && KNOWN_METHODS
            .iter()
            .any(|m| m.eq_ignore_ascii_case(first_word))
    {
        (first, TextRange::empty(first.end))
    } else {
        (
            TextRange::empty(first.start),
            TextRange::new(first.start, words_end),
        )
    };
    StartLine::Request {
        method,
        target,
        version,
        range: line,
    }
}

//! The editor features of [`Analyzer`]: completion, hover, outline, folding, selection ranges,
//! formatting and the property under the cursor. Each takes the text, its [`FileKind`] and byte
//! offsets, finds the JSON body the cursor is in (a whole `.json` file, the body of a request in
//! an `.http` file or a Markdown ```http block) and returns plain data with absolute byte ranges.

use std::time::{SystemTime, UNIX_EPOCH};

use credsum_syntax::http::HttpMessage;
use credsum_syntax::{json, TextRange};

use crate::analyzer::{Analyzer, FileKind};
use crate::completion::{body_completions, http_completions, new_body_completions, Completion};
use crate::diagnostic::Edit;
use crate::format::{format_json, FormatOptions};
use crate::hover::{body_hover, request_hover, Hover};
use crate::json_patch::{patch_completions, patch_hover};
use crate::outline::{body_folds, body_selection, body_symbols, shorten, Symbol, SymbolKind};
use crate::payload::{Body, Payload};

/// The byte range of a text, as `u32`.
fn whole(text: &str) -> TextRange {
    TextRange::new(0, u32::try_from(text.len()).unwrap_or(u32::MAX))
}

/// `offset` clamped to the text and moved back to a char boundary.
fn clamp(text: &str, offset: u32) -> u32 {
    let mut at = (offset as usize).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at as u32
}

/// Seconds since the Unix epoch, now.
fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Analyzer {
    /// The requests of `text` (none for a `.json` body), in text order.
    fn messages(&self, text: &str, kind: FileKind) -> Vec<HttpMessage> {
        self.lower(text, kind, &mut Vec::new()).messages
    }

    /// The JSON bodies of `text`, each with its resource and payload: the whole text of a
    /// `.json` file, the body of every message of an `.http` file or Markdown ```http block that
    /// the docs tooling reads.
    pub fn bodies(&self, text: &str, kind: FileKind) -> Vec<Body> {
        self.lower(text, kind, &mut Vec::new()).bodies
    }

    /// The body the cursor at `offset` is in, or in the blank space right after (a body being
    /// typed, `{` then Enter, ends before the cursor).
    fn body_at(&self, text: &str, kind: FileKind, offset: u32) -> Option<Body> {
        self.bodies(text, kind).into_iter().find(|b| {
            let after = text.get(b.range.end as usize..).unwrap_or("");
            let blank = after.len() - after.trim_start().len();
            b.range.start <= offset && offset as usize <= b.range.end as usize + blank
        })
    }

    /// Completions at byte `offset`, with the current time for date-time values.
    pub fn completions(&self, text: &str, kind: FileKind, offset: u32) -> Vec<Completion> {
        self.completions_at_time(text, kind, offset, unix_now())
    }

    /// Completions at byte `offset`, offering `now` (seconds since the Unix epoch) for date-time
    /// values: a whole body in a blank `.json` file; property names and values in a body; method,
    /// URL and headers elsewhere in a request.
    pub fn completions_at_time(
        &self,
        text: &str,
        kind: FileKind,
        offset: u32,
        now: u64,
    ) -> Vec<Completion> {
        let offset = clamp(text, offset);
        if kind == FileKind::Json && text.trim().is_empty() {
            return new_body_completions(text, self.models());
        }
        if kind != FileKind::Json {
            if let Some(variables) = self.variable_completions(text, kind, offset) {
                return variables;
            }
        }
        if let Some(body) = self.body_at(text, kind, offset) {
            let found = body
                .resource
                .and_then(|i| self.model(i))
                .map(|model| match body.payload {
                    Payload::PatchDocument => {
                        patch_completions(text, body.range, offset, model, now)
                    }
                    _ => body_completions(text, body.range, offset, model, now),
                })
                .unwrap_or_default();
            if !found.is_empty() || kind == FileKind::Json {
                return found;
            }
        }
        self.request_regions(text, kind)
            .into_iter()
            .find(|r| r.contains_inclusive(offset))
            .map(|region| http_completions(text, region, offset, self.models()))
            .unwrap_or_default()
    }

    /// The hover at byte `offset`: the property whose key or value is under the cursor (in a
    /// JSON Patch document, the property a `path` or `from` under the cursor names), or the
    /// operation of the request line under it.
    pub fn hover(&self, text: &str, kind: FileKind, offset: u32) -> Option<Hover> {
        let offset = clamp(text, offset);
        let Some(body) = self.body_at(text, kind, offset) else {
            // The request line: the query part is the query options' hover, the rest the
            // operation's.
            let models = self.models();
            return self.messages(text, kind).iter().find_map(|m| {
                crate::query_ide::query_hover(text, m, offset, models)
                    .or_else(|| request_hover(text, m, offset, models))
            });
        };
        let model = self.model(body.resource?)?;
        match body.payload {
            Payload::PatchDocument => patch_hover(text, body.range, offset, model),
            _ => body_hover(text, body.range, offset, model),
        }
    }

    /// The outline: body properties (under one symbol per request in `.http` and Markdown files,
    /// named by its `# @name` or `### name` when it has one), and file variables.
    pub fn document_symbols(&self, text: &str, kind: FileKind) -> Vec<Symbol> {
        if kind == FileKind::Json {
            return body_symbols(text, whole(text));
        }
        let requests = self.messages(text, kind).into_iter().map(|m| {
            let line = m.start_line.range();
            // A named request shows its name, with its request line beside it.
            let (name, detail) = match m.name {
                Some(name) => (
                    text[name.as_usize()].to_owned(),
                    Some(shorten(&text[line.as_usize()])),
                ),
                None => (shorten(&text[line.as_usize()]), None),
            };
            Symbol {
                name,
                detail,
                kind: SymbolKind::Request,
                range: m.range,
                selection_range: line,
                children: m.body.map(|b| body_symbols(text, b)).unwrap_or_default(),
            }
        });
        let mut out: Vec<Symbol> = self.variable_symbols(text, kind);
        out.extend(requests);
        out.sort_by_key(|s| s.range.start);
        out
    }

    /// Foldable ranges: requests, and the objects and arrays of bodies (clients fold only those
    /// spanning lines).
    pub fn folding_ranges(&self, text: &str, kind: FileKind) -> Vec<TextRange> {
        let mut out: Vec<TextRange> = self.messages(text, kind).iter().map(|m| m.range).collect();
        for body in self.bodies(text, kind) {
            body_folds(text, body.range, &mut out);
        }
        out.sort();
        out.dedup();
        out
    }

    /// The ranges around `offset`, innermost first: token, member, object, …, body, request,
    /// whole text.
    pub fn selection_ranges(&self, text: &str, kind: FileKind, offset: u32) -> Vec<TextRange> {
        let offset = clamp(text, offset);
        let mut outer_first = vec![whole(text)];
        if let Some(body) = self.body_at(text, kind, offset) {
            outer_first.extend(body.request);
            outer_first.push(body.range);
            outer_first.extend(body_selection(text, body.range, offset));
        } else if let Some(m) = self
            .messages(text, kind)
            .into_iter()
            .find(|m| m.range.contains_inclusive(offset))
        {
            outer_first.push(m.range);
            let line = m.start_line.range();
            if line.contains_inclusive(offset) {
                outer_first.push(line);
            }
            if let Some(h) = m
                .headers
                .iter()
                .find(|h| h.range.contains_inclusive(offset))
            {
                outer_first.push(h.range);
            }
        }
        outer_first.dedup();
        outer_first.reverse();
        outer_first
    }

    /// Edits that pretty-print a `.json` body (keeping key order); none for other kinds, for
    /// broken JSON, or when it is already formatted. A trailing newline is kept as it was.
    pub fn format(&self, text: &str, kind: FileKind, options: FormatOptions) -> Vec<Edit> {
        if kind != FileKind::Json {
            return Vec::new();
        }
        let start = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
        let range = TextRange::new(start, whole(text).end);
        let Some(mut formatted) = format_json(text, range, options) else {
            return Vec::new();
        };
        if text.ends_with('\n') {
            formatted.push('\n');
        }
        if formatted == text[range.as_usize()] {
            return Vec::new();
        }
        vec![Edit {
            range,
            new_text: formatted,
        }]
    }

    /// The name of the known property whose key is under the cursor (for go-to-definition).
    pub fn property_at(&self, text: &str, kind: FileKind, offset: u32) -> Option<String> {
        let offset = clamp(text, offset);
        let body = self.body_at(text, kind, offset)?;
        let model = self.model(body.resource?)?;
        let parse = json::parse_range(text, body.range);
        let tree = &parse.tree;
        let root = tree.root()?;
        let member = tree
            .members(root)
            .iter()
            .find(|m| m.key.contains_inclusive(offset))?;
        model.property(tree.name(member)).map(|p| p.name.clone())
    }
}

//! The list-valued options: `$select` and `$expand` items (paths with `/`, `*`, nested options
//! in parentheses) and `$orderby` items (an expression and `asc`/`desc`).

use crate::TextRange;

use super::decode::Decoded;
use super::expr::{Expression, Name, Parser};
use super::lexer::Tok;
use super::{OptionName, OptionReader, QueryError, QueryErrorKind, QueryOption, SystemOption};

/// One `$select` or `$expand` item: `a/b`, `*`, `nav($select=x;$top=2)`, `nav/$ref`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathItem {
    /// The whole item.
    pub range: TextRange,
    /// Each `/`-separated segment.
    pub segments: Vec<Name>,
    /// Options in parentheses after the path, if any.
    pub options: Option<Vec<QueryOption>>,
}

/// The direction of an `$orderby` item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `asc`
    Asc,
    /// `desc`
    Desc,
    /// Another word where `asc` or `desc` belongs (`descending`); the checker reports it.
    Other,
}

/// One `$orderby` item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderItem {
    /// The whole item.
    pub range: TextRange,
    /// What is sorted on.
    pub expression: Expression,
    /// The direction word and its range, if any.
    pub direction: Option<(Direction, TextRange)>,
}

/// Byte offsets in `text[start..end]` where `sep` occurs outside parentheses and quotes,
/// as the pieces between them.
pub(crate) fn split_top(text: &str, start: usize, end: usize, sep: u8) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut depth = 0usize;
    let mut quote = None;
    let mut from = start;
    let end = end.min(bytes.len());
    for (i, &b) in bytes.iter().enumerate().take(end).skip(start) {
        match (b, quote) {
            (b'\'' | b'"', None) => quote = Some(b),
            (q, Some(open)) if q == open => quote = None,
            (_, Some(_)) => {}
            (b'(', None) => depth += 1,
            (b')', None) => depth = depth.saturating_sub(1),
            (s, None) if s == sep && depth == 0 => {
                pieces.push((from, i));
                from = i + 1;
            }
            _ => {}
        }
    }
    pieces.push((from, end));
    pieces
}

/// The offset of the `)` matching the `(` at `open`, outside quotes.
fn matching_paren(text: &str, open: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().take(end).skip(open) {
        match (b, quote) {
            (b'\'' | b'"', None) => quote = Some(b),
            (q, Some(o)) if q == o => quote = None,
            (_, Some(_)) => {}
            (b'(', None) => depth += 1,
            (b')', None) => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether `segment` is a select/expand path segment: a name (maybe qualified or `$`-prefixed),
/// `*`, `Ns.*`, or an `@annotation`.
fn is_segment(segment: &str) -> bool {
    let body = segment.strip_prefix(['@', '$']).unwrap_or(segment);
    let body = body.strip_suffix(".*").unwrap_or(body);
    segment == "*"
        || (body.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && body
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && !body.ends_with('.'))
}

/// The options OData allows after a path's last segment: any after a property or navigation
/// path; after `/$ref` the ones that choose references (`$filter $search $orderby $skip $top
/// $count`); after `/$count` the ones that choose what is counted (`$filter $search`).
fn allowed_after(last: &str, option: SystemOption) -> bool {
    use SystemOption::{Count, Filter, OrderBy, Search, Skip, Top};
    match last {
        "$ref" => matches!(option, Filter | Search | OrderBy | Skip | Top | Count),
        "$count" => matches!(option, Filter | Search),
        _ => true,
    }
}

impl OptionReader<'_> {
    /// Reads a `$select` or `$expand` value: comma-separated paths, each maybe with options.
    pub(crate) fn path_items(&mut self, start: usize, end: usize) -> Vec<PathItem> {
        let map = self.map;
        let text = map.text.as_str();
        let mut items = Vec::new();
        for (s, e) in split_top(text, start, end, b',') {
            let (s, e) = trim(text, s, e);
            if s == e {
                self.errors.push(QueryError::new(
                    QueryErrorKind::Expected,
                    map.range(s, e),
                    "Expected a property name (an empty item)".to_owned(),
                ));
                continue;
            }
            let paren = text[s..e].find('(').map(|p| s + p);
            let path_end = paren.unwrap_or(e);
            let mut segments = Vec::new();
            let mut at = s;
            for piece in text[s..path_end].split('/') {
                let range = map.range(at, at + piece.len());
                if !is_segment(piece) {
                    let message = if piece.is_empty() {
                        "Expected a property name around `/`".to_owned()
                    } else {
                        format!("`{piece}` is not a property path segment")
                    };
                    self.errors
                        .push(QueryError::new(QueryErrorKind::Unexpected, range, message));
                }
                segments.push(Name {
                    range,
                    text: piece.to_owned(),
                });
                at += piece.len() + 1;
            }
            let options = paren.map(|open| {
                let close = matching_paren(text, open, e);
                if close.is_none() {
                    self.errors.push(QueryError::new(
                        QueryErrorKind::Unclosed,
                        map.range(open, open + 1),
                        "This `(` is never closed".to_owned(),
                    ));
                }
                let inner_end = close.unwrap_or(e);
                if let Some(close) = close.filter(|c| c + 1 < e) {
                    self.errors.push(QueryError::new(
                        QueryErrorKind::Unexpected,
                        map.range(close + 1, e),
                        "Unexpected text after the `)`".to_owned(),
                    ));
                }
                let options = self.nested(open + 1, inner_end);
                let last = segments.last().map_or("", |n: &Name| n.text.as_str());
                for option in &options {
                    if let OptionName::System { option: system, .. } = option.kind {
                        if !allowed_after(last, system) {
                            self.errors.push(QueryError::new(
                                QueryErrorKind::Unexpected,
                                option.name.range,
                                format!("{} cannot follow `/{last}`", system.name()),
                            ));
                        }
                    }
                }
                options
            });
            items.push(PathItem {
                range: map.range(s, e),
                segments,
                options,
            });
        }
        items
    }
}

/// Reads an `$orderby` value: comma-separated expressions, each maybe with a direction.
pub(crate) fn parse_order_items(
    map: &Decoded,
    start: usize,
    end: usize,
    errors: &mut Vec<QueryError>,
) -> Vec<OrderItem> {
    let mut items = Vec::new();
    for (s, e) in split_top(&map.text, start, end, b',') {
        let (s, e) = trim(&map.text, s, e);
        let mut parser = Parser::new(map, s, e);
        let root = parser.expression_or_error();
        let mut direction = None;
        if let Some(t) = parser.peek() {
            if t.kind == Tok::Ident && t.space_before {
                let kind = match parser.token_text(t) {
                    "asc" => Direction::Asc,
                    "desc" => Direction::Desc,
                    _ => Direction::Other,
                };
                direction = Some((kind, parser.token_range(t)));
                parser.bump();
            }
        }
        if let Some(t) = parser.peek() {
            parser.error_at_token(t, "Unexpected text after the sort expression");
        }
        let (expression, mut found) = parser.finish(root);
        errors.append(&mut found);
        items.push(OrderItem {
            range: map.range(s, e),
            expression,
            direction,
        });
    }
    items
}

/// `text[start..end]` without leading and trailing spaces.
pub(crate) fn trim(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    while start < end && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    while end > start && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    (start, end)
}

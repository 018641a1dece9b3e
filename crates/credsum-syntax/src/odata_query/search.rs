//! `$search` expressions (OData URL Conventions §5.1.7): terms, `"phrases"`, `AND`, `OR`,
//! `NOT` and parentheses, with juxtaposition meaning `AND`. Read with an explicit stack of open
//! parentheses, so nesting costs no recursion.

use crate::TextRange;

use super::decode::Decoded;
use super::{QueryError, QueryErrorKind};

/// One piece of a search expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchToken {
    /// A word.
    Term,
    /// A `"quoted phrase"`.
    Phrase,
    /// `AND`, `OR` or `NOT`.
    Operator,
    /// `(` or `)`.
    Paren,
}

/// A `$search` value's pieces, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    /// Each piece and its source range.
    pub tokens: Vec<(SearchToken, TextRange)>,
}

/// Reads the decoded `map.text[start..end]` as a search expression.
pub(crate) fn parse_search(
    map: &Decoded,
    start: usize,
    end: usize,
    errors: &mut Vec<QueryError>,
) -> Search {
    let text = map.text.get(start..end).unwrap_or("");
    let bytes = text.as_bytes();
    let mut search = Search::default();
    let mut open: Vec<TextRange> = Vec::new();
    // Whether the next piece must be an operand (at the start, after an operator or `(`).
    let mut want_operand = true;
    let mut last_operator = None;
    if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') {
        // OData 4.01's quoted search string: one term, read as written.
        search
            .tokens
            .push((SearchToken::Phrase, map.range(start, end)));
        return search;
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let at = |a: usize, z: usize| map.range(start + a, start + z);
        match b {
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            b'(' => {
                open.push(at(i, i + 1));
                search.tokens.push((SearchToken::Paren, at(i, i + 1)));
                want_operand = true;
                i += 1;
                continue;
            }
            b')' => {
                let range = at(i, i + 1);
                if open.pop().is_none() {
                    errors.push(QueryError::new(
                        QueryErrorKind::Unexpected,
                        range,
                        "This `)` closes nothing".to_owned(),
                    ));
                } else if want_operand {
                    errors.push(QueryError::new(
                        QueryErrorKind::Expected,
                        range,
                        "Expected a search term before `)`".to_owned(),
                    ));
                }
                search.tokens.push((SearchToken::Paren, range));
                want_operand = false;
                i += 1;
                continue;
            }
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                let range = at(i, (j + 1).min(bytes.len()));
                if j >= bytes.len() {
                    errors.push(QueryError::new(
                        QueryErrorKind::UnterminatedString,
                        range,
                        "Unterminated phrase: a `\"` is missing at the end".to_owned(),
                    ));
                } else if j == i + 1 {
                    errors.push(QueryError::new(
                        QueryErrorKind::Expected,
                        range,
                        "An empty phrase searches for nothing".to_owned(),
                    ));
                }
                search.tokens.push((SearchToken::Phrase, range));
                want_operand = false;
                last_operator = None;
                i = (j + 1).min(bytes.len());
                continue;
            }
            _ => {}
        }
        let mut j = i;
        while j < bytes.len() && !matches!(bytes[j], b' ' | b'\t' | b'(' | b')' | b'"') {
            j += 1;
        }
        let word = &text[i..j];
        let range = at(i, j);
        if let Some(semi) = word
            .bytes()
            .enumerate()
            .position(|(k, b)| b == b';' && !map.is_escaped(start + i + k))
        {
            errors.push(QueryError::new(
                QueryErrorKind::Unexpected,
                at(i + semi, i + semi + 1),
                "An unencoded `;` in a search term: write it as %3B".to_owned(),
            ));
        }
        let next_is_operand = text[j..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(|c| c != ')');
        match word {
            "AND" | "OR" if !want_operand && next_is_operand => {
                if want_operand {
                    errors.push(QueryError::new(
                        QueryErrorKind::Expected,
                        range,
                        format!("Expected a search term before `{word}`"),
                    ));
                }
                search.tokens.push((SearchToken::Operator, range));
                want_operand = true;
                last_operator = Some(range);
            }
            "NOT" if next_is_operand => {
                search.tokens.push((SearchToken::Operator, range));
                want_operand = true;
                last_operator = Some(range);
            }
            _ => {
                search.tokens.push((SearchToken::Term, range));
                want_operand = false;
                last_operator = None;
            }
        }
        i = j;
    }
    if let Some(range) = last_operator.filter(|_| want_operand) {
        errors.push(QueryError::new(
            QueryErrorKind::Expected,
            range,
            "Expected a search term after this operator".to_owned(),
        ));
    } else if search.tokens.is_empty() {
        errors.push(QueryError::new(
            QueryErrorKind::Expected,
            map.range(start, end),
            "Expected a search term".to_owned(),
        ));
    }
    for range in open {
        errors.push(QueryError::new(
            QueryErrorKind::Unclosed,
            range,
            "This `(` is never closed".to_owned(),
        ));
    }
    search
}

//! OData system query options (OData 4.01 URL Conventions §5) as Graph reads a request's query:
//! a tolerant parser giving every option its name, value and a tree with byte ranges into the
//! request text, plus the errors it recovered from. Never fails, never panics, linear in the
//! input, and bounded in depth (deep nesting is one error, not a stack overflow).
//!
//! Reading follows Graph: the query splits at `&`, each option at its first `=`; names and
//! values are percent-decoded (`+` reads as a space, as ASP.NET decodes a query string; pass
//! [`ParseOptions::odata`] for the OData ABNF's reading, where `+` stays a `+`) and must be
//! UTF-8. System option names match without regard to case and with or without their `$`
//! (OData 4.01 §5); [`OptionName::System`] keeps how the name was written (docs/odata-query.md
//! says what Graph's documentation says about those spellings).

pub mod decode;
mod expr;
mod items;
mod lexer;
mod search;

pub use expr::{BinaryOp, Expr, ExprId, ExprKind, Expression, Lambda, Name, MAX_DEPTH};
pub use items::{Direction, OrderItem, PathItem};
pub use lexer::{classify as lexer_classify, LitShape};
pub use search::{Search, SearchToken};

use crate::line_index::to_u32;
use crate::TextRange;

use decode::{decode, Decoded};

/// How deep `$expand`/`$select` options may nest in each other's parentheses.
pub const MAX_OPTION_DEPTH: usize = 8;

/// How to read the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// Whether `+` decodes to a space (Graph's reading) or stays a `+` (the OData ABNF's).
    pub plus_is_space: bool,
}

impl ParseOptions {
    /// As Microsoft Graph reads a query string.
    pub fn graph() -> ParseOptions {
        ParseOptions {
            plus_is_space: true,
        }
    }

    /// As the OData ABNF reads a query (a `+` is a `+`).
    pub fn odata() -> ParseOptions {
        ParseOptions {
            plus_is_space: false,
        }
    }
}

/// What went wrong while reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueryErrorKind {
    /// `%` not followed by two hex digits.
    InvalidPercentEncoding,
    /// The decoded bytes are not UTF-8.
    InvalidUtf8,
    /// A quoted literal or phrase without its closing quote.
    UnterminatedString,
    /// A `(` never closed.
    Unclosed,
    /// Something was expected and is missing.
    Expected,
    /// A token where it cannot be.
    Unexpected,
    /// Nesting deeper than the parser reads.
    TooDeep,
}

/// A syntax error in the query, at the smallest range that shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// What kind of error.
    pub kind: QueryErrorKind,
    /// Where, in the request text.
    pub range: TextRange,
    /// What is wrong, leading with the fact.
    pub message: String,
}

impl QueryError {
    /// An error of `kind` at `range`.
    pub fn new(kind: QueryErrorKind, range: TextRange, message: String) -> QueryError {
        QueryError {
            kind,
            range,
            message,
        }
    }
}

/// An OData system query option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SystemOption {
    /// `$filter`
    Filter,
    /// `$select`
    Select,
    /// `$expand`
    Expand,
    /// `$orderby`
    OrderBy,
    /// `$top`
    Top,
    /// `$skip`
    Skip,
    /// `$count`
    Count,
    /// `$search`
    Search,
    /// `$format`
    Format,
    /// `$skiptoken`
    SkipToken,
    /// `$deltatoken`
    DeltaToken,
    /// `$compute`
    Compute,
    /// `$apply`
    Apply,
    /// `$levels` (inside `$expand`)
    Levels,
    /// `$id`
    Id,
    /// `$schemaversion`
    SchemaVersion,
    /// `$index`
    Index,
}

impl SystemOption {
    /// Every system query option.
    pub const ALL: [SystemOption; 17] = [
        SystemOption::Filter,
        SystemOption::Select,
        SystemOption::Expand,
        SystemOption::OrderBy,
        SystemOption::Top,
        SystemOption::Skip,
        SystemOption::Count,
        SystemOption::Search,
        SystemOption::Format,
        SystemOption::SkipToken,
        SystemOption::DeltaToken,
        SystemOption::Compute,
        SystemOption::Apply,
        SystemOption::Levels,
        SystemOption::Id,
        SystemOption::SchemaVersion,
        SystemOption::Index,
    ];

    /// The canonical name, with its `$`.
    pub fn name(self) -> &'static str {
        match self {
            SystemOption::Filter => "$filter",
            SystemOption::Select => "$select",
            SystemOption::Expand => "$expand",
            SystemOption::OrderBy => "$orderby",
            SystemOption::Top => "$top",
            SystemOption::Skip => "$skip",
            SystemOption::Count => "$count",
            SystemOption::Search => "$search",
            SystemOption::Format => "$format",
            SystemOption::SkipToken => "$skiptoken",
            SystemOption::DeltaToken => "$deltatoken",
            SystemOption::Compute => "$compute",
            SystemOption::Apply => "$apply",
            SystemOption::Levels => "$levels",
            SystemOption::Id => "$id",
            SystemOption::SchemaVersion => "$schemaversion",
            SystemOption::Index => "$index",
        }
    }

    /// The option called `name` (any case, with or without `$`).
    pub fn from_name(name: &str) -> Option<SystemOption> {
        let bare = name.strip_prefix('$').unwrap_or(name);
        SystemOption::ALL
            .into_iter()
            .find(|o| o.name()[1..].eq_ignore_ascii_case(bare))
    }
}

/// What an option's name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionName {
    /// A system query option; `dollar` says whether the name had its `$`, `exact` whether it is
    /// spelt as OData spells it (lower case).
    System {
        /// Which option.
        option: SystemOption,
        /// Written with its `$`.
        dollar: bool,
        /// Written exactly as the canonical name (or as it without `$`).
        exact: bool,
    },
    /// A `$`-name that is no system query option.
    UnknownSystem,
    /// A parameter alias `@p`.
    Alias,
    /// Any other (custom) option.
    Custom,
}

/// An option's value, read according to its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionValue {
    /// `$filter`, an alias's value.
    Expression(Expression),
    /// `$orderby`.
    OrderBy(Vec<OrderItem>),
    /// `$select`, `$expand`.
    Paths(Vec<PathItem>),
    /// `$top`, `$skip`, `$levels`: the number, or `None` when the value is not a non-negative
    /// integer (the checker reports it).
    Integer(Option<u64>),
    /// `$count`: the Boolean, or `None` when the value is neither `true` nor `false`.
    Boolean(Option<bool>),
    /// `$search`.
    Search(Search),
    /// Anything else (`$format`, `$skiptoken`, custom options): the text is not read further.
    Text,
}

/// One `name=value` option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryOption {
    /// `name=value`, in the request text.
    pub range: TextRange,
    /// The name, decoded.
    pub name: Name,
    /// What the name is.
    pub kind: OptionName,
    /// The value's range (empty right after the name when there is no `=`).
    pub value: TextRange,
    /// The decoded value.
    pub value_text: String,
    /// Whether the option has an `=`.
    pub has_equals: bool,
    /// The value, read.
    pub content: OptionValue,
}

/// A parsed query: its options in order, and the syntax errors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The options in text order.
    pub options: Vec<QueryOption>,
    /// Syntax errors, in the order found.
    pub errors: Vec<QueryError>,
}

/// Parses the query `text[range]` (the part after `?`); every range is into `text`.
#[must_use]
pub fn parse_query(text: &str, range: TextRange, options: ParseOptions) -> Query {
    let range = crate::line_index::clamp_range(text, range);
    let raw = text.get(range.as_usize()).unwrap_or("");
    let mut query = Query::default();
    let (raw, fragment) = match raw.find('#') {
        Some(at) => (&raw[..at], Some(range.start + to_u32(at))),
        None => (raw, None),
    };
    let mut start = range.start;
    for piece in raw.split('&') {
        let piece_range = TextRange::new(start, start + to_u32(piece.len()));
        start = piece_range.end + 1;
        if piece.is_empty() {
            continue;
        }
        let (name_range, value_range, has_equals) = match piece.find('=') {
            Some(eq) => {
                let eq = piece_range.start + to_u32(eq);
                (
                    TextRange::new(piece_range.start, eq),
                    TextRange::new(eq + 1, piece_range.end),
                    true,
                )
            }
            None => (piece_range, TextRange::empty(piece_range.end), false),
        };
        let name = decode(text, name_range, options.plus_is_space, &mut query.errors);
        let value = decode(text, value_range, options.plus_is_space, &mut query.errors);
        let name = Name {
            range: name.range(0, name.text.len()),
            text: name.text,
        };
        if let Some(cut) = cut_by_ampersand(query.options.last(), &name, has_equals) {
            query.errors.push(QueryError::new(
                QueryErrorKind::Unexpected,
                TextRange::new(piece_range.start - 1, piece_range.end),
                format!("An unencoded `&` ends {} here: write it as %26", cut.name()),
            ));
        }
        let mut reader = OptionReader {
            map: &value,
            depth: 0,
            plus_is_space: options.plus_is_space,
            errors: &mut query.errors,
        };
        let option = reader.named(name, (0, value.text.len()), piece_range, has_equals);
        query.options.push(option);
    }
    if let Some(at) = fragment {
        query.errors.push(QueryError::new(
            QueryErrorKind::Unexpected,
            TextRange::new(at, at + 1),
            "`#` ends the query (it starts the URL's fragment): encode it as %23".to_owned(),
        ));
    }
    query
}

/// The option whose value an `&` seems to have cut: a `$search` or `$skiptoken` right before
/// a piece with no `=` that is no option name (`$search=more&more`, `$skiptoken=a&b`).
fn cut_by_ampersand(
    previous: Option<&QueryOption>,
    name: &Name,
    has_equals: bool,
) -> Option<SystemOption> {
    let OptionName::System { option, .. } = previous?.kind else {
        return None;
    };
    (matches!(option, SystemOption::Search | SystemOption::SkipToken)
        && !has_equals
        && name_kind(&name.text) == OptionName::Custom)
        .then_some(option)
}

/// Parses one decoded expression (no option around it), as the ABNF's `commonExpr` rule.
#[must_use]
pub fn parse_expression_text(text: &str) -> (Expression, Vec<QueryError>) {
    let mut errors = Vec::new();
    let map = decode(
        text,
        TextRange::new(0, to_u32(text.len())),
        false,
        &mut errors,
    );
    let (expression, mut found) = expr::parse_expression(&map, 0, map.text.len());
    errors.append(&mut found);
    (expression, errors)
}

/// What reading options needs at every level: the decoded text the option's ranges point
/// into, how deep it sits in `$select`/`$expand` parentheses, how `+` reads, and where errors go.
pub(crate) struct OptionReader<'a> {
    /// The decoded text of the value being read (the whole value at the top level).
    pub(crate) map: &'a Decoded,
    /// How many `(…)` of `$select`/`$expand` items enclose what is read.
    pub(crate) depth: usize,
    /// Whether `+` reads as a space.
    pub(crate) plus_is_space: bool,
    /// The syntax errors found so far.
    pub(crate) errors: &'a mut Vec<QueryError>,
}

impl OptionReader<'_> {
    /// The options inside `(…)` of a `$select`/`$expand` item: `;`-separated, already decoded.
    pub(crate) fn nested(&mut self, start: usize, end: usize) -> Vec<QueryOption> {
        let map = self.map;
        let mut inner = OptionReader {
            map,
            depth: self.depth + 1,
            plus_is_space: self.plus_is_space,
            errors: &mut *self.errors,
        };
        if inner.depth > MAX_OPTION_DEPTH {
            inner.errors.push(QueryError::new(
                QueryErrorKind::TooDeep,
                map.range(start, end),
                format!("Options nest deeper than {MAX_OPTION_DEPTH} levels: these are not read"),
            ));
            return Vec::new();
        }
        let mut out = Vec::new();
        for (s, e) in items::split_top(&map.text, start, end, b';') {
            if s == e {
                continue;
            }
            let piece = &map.text[s..e];
            let (name_end, value_start, has_equals) = match piece.find('=') {
                Some(eq) => (s + eq, s + eq + 1, true),
                None => (e, e, false),
            };
            let name = Name {
                range: map.range(s, name_end),
                text: map.text[s..name_end].to_owned(),
            };
            out.push(inner.named(name, (value_start, e), map.range(s, e), has_equals));
        }
        out
    }

    /// One option: its name's kind and its value read accordingly.
    fn named(
        &mut self,
        name: Name,
        (start, end): (usize, usize),
        range: TextRange,
        has_equals: bool,
    ) -> QueryOption {
        let map = self.map;
        let kind = name_kind(&name.text);
        let value = if has_equals {
            map.range(start, end)
        } else {
            TextRange::empty(name.range.end)
        };
        let blank = |c: char| c == ' ' || c == '\t';
        let spaces = name.text.len() - name.text.trim_start_matches(blank).len();
        let (at, to) = if spaces > 0 {
            (0, spaces)
        } else {
            (name.text.trim_end_matches(blank).len(), name.text.len())
        };
        if at < to {
            // Offsets in the name are source offsets unless an escape changed its length.
            let plain = (name.range.end - name.range.start) as usize == name.text.len();
            let range = if plain {
                TextRange::new(name.range.start + to_u32(at), name.range.start + to_u32(to))
            } else {
                name.range
            };
            self.errors.push(QueryError::new(
                QueryErrorKind::Unexpected,
                range,
                format!("A space in the option name `{}`", name.text),
            ));
        }
        let content = match kind {
            OptionName::System { option, .. } => {
                if !has_equals {
                    self.errors.push(QueryError::new(
                        QueryErrorKind::Expected,
                        value,
                        format!("Expected `=` and a value after {}", option.name()),
                    ));
                }
                self.value(option, start, end)
            }
            OptionName::Alias if has_equals => {
                let (expression, mut found) = expr::parse_expression(map, start, end);
                self.errors.append(&mut found);
                OptionValue::Expression(expression)
            }
            _ => OptionValue::Text,
        };
        QueryOption {
            range,
            value_text: map.text.get(start..end).unwrap_or("").to_owned(),
            name,
            kind,
            value,
            has_equals,
            content,
        }
    }

    /// A system option's value.
    fn value(&mut self, option: SystemOption, start: usize, end: usize) -> OptionValue {
        let map = self.map;
        let text = map.text.get(start..end).unwrap_or("");
        if text.starts_with([' ', '\t'])
            && matches!(
                option,
                SystemOption::Filter
                    | SystemOption::OrderBy
                    | SystemOption::Select
                    | SystemOption::Expand
            )
        {
            let (s, _) = items::trim(&map.text, start, end);
            self.errors.push(QueryError::new(
                QueryErrorKind::Unexpected,
                map.range(start, s),
                format!("A space after `{}=`", option.name()),
            ));
        }
        match option {
            SystemOption::Filter => {
                let (expression, mut found) = expr::parse_expression(map, start, end);
                self.errors.append(&mut found);
                OptionValue::Expression(expression)
            }
            SystemOption::OrderBy => {
                OptionValue::OrderBy(items::parse_order_items(map, start, end, self.errors))
            }
            SystemOption::Select | SystemOption::Expand => {
                OptionValue::Paths(self.path_items(start, end))
            }
            SystemOption::Top | SystemOption::Skip => OptionValue::Integer(digits(text)),
            // `$levels` counts from 1 and has no leading zero (OData ABNF `oneToNine *DIGIT`).
            SystemOption::Levels => {
                OptionValue::Integer(digits(text).filter(|_| !text.starts_with('0')))
            }
            SystemOption::Index => {
                if digits(text.strip_prefix('-').unwrap_or(text)).is_none() {
                    self.errors.push(QueryError::new(
                        QueryErrorKind::Expected,
                        map.range(start, end),
                        format!("$index takes an integer, not `{text}`"),
                    ));
                }
                OptionValue::Text
            }
            SystemOption::Count => OptionValue::Boolean(match text {
                t if t.eq_ignore_ascii_case("true") => Some(true),
                t if t.eq_ignore_ascii_case("false") => Some(false),
                _ => None,
            }),
            SystemOption::Search => {
                OptionValue::Search(search::parse_search(map, start, end, self.errors))
            }
            _ => OptionValue::Text,
        }
    }
}

/// `text` as a non-negative integer, if it is only ASCII digits (and fits in 64 bits).
fn digits(text: &str) -> Option<u64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse::<u64>().ok())
        .flatten()
}

/// What an option's decoded name is.
fn name_kind(name: &str) -> OptionName {
    if name.starts_with('@') {
        return OptionName::Alias;
    }
    match SystemOption::from_name(name) {
        Some(option) => OptionName::System {
            option,
            dollar: name.starts_with('$'),
            exact: name.strip_prefix('$').unwrap_or(name) == &option.name()[1..],
        },
        None if name.starts_with('$') => OptionName::UnknownSystem,
        None => OptionName::Custom,
    }
}

impl QueryOption {
    /// Where the value of a `$top`/`$skip`/`$count`/`$levels` option breaks its shape, if it
    /// does (`$levels=max` is allowed); for the OData ABNF oracle and the checker alike.
    pub fn value_problem(&self) -> Option<TextRange> {
        match (&self.content, self.kind) {
            (
                OptionValue::Integer(None),
                OptionName::System {
                    option: SystemOption::Levels,
                    ..
                },
            ) if self.value_text == "max" => None,
            (OptionValue::Integer(None) | OptionValue::Boolean(None), _) => Some(self.value),
            _ => None,
        }
    }
}

impl Query {
    /// The first problem of the query in text order: a syntax error or a malformed value,
    /// nested options included.
    pub fn first_problem(&self) -> Option<TextRange> {
        let mut problems: Vec<TextRange> = self.errors.iter().map(|e| e.range).collect();
        let mut stack: Vec<&QueryOption> = self.options.iter().collect();
        while let Some(option) = stack.pop() {
            problems.extend(option.value_problem());
            if let OptionValue::Paths(items) = &option.content {
                stack.extend(items.iter().flat_map(|i| i.options.iter().flatten()));
            }
            if let OptionValue::OrderBy(items) = &option.content {
                problems.extend(items.iter().filter_map(|i| match i.direction {
                    Some((Direction::Other, r)) => Some(r),
                    _ => None,
                }));
            }
        }
        problems.into_iter().min_by_key(|r| r.start)
    }
}

#[cfg(test)]
mod tests;

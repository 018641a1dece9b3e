//! OData system query options (OData 4.01 URL Conventions §5) as Graph reads a request's query:
//! a tolerant parser giving every option its name, value and a tree with byte ranges into the
//! request text, plus the errors it recovered from. Never fails, never panics, linear in the
//! input, and bounded in depth (deep nesting is one error, not a stack overflow).
//!
//! Reading follows Graph: the query splits at `&`, each option at its first `=`; names and
//! values are percent-decoded (`+` reads as a space, as ASP.NET decodes a query string; pass
//! [`ParseOptions::odata`] for the OData ABNF's reading, where `+` stays a `+`) and must be
//! UTF-8. System option names match without regard to case and with or without their `$`
//! (OData 4.01 §5); the checker says which spellings Graph takes.

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
        let option = read_option(
            &name,
            &value,
            (0, value.text.len()),
            piece_range,
            has_equals,
            0,
            options.plus_is_space,
            &mut query.errors,
        );
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

/// The options inside `(…)` of a `$select`/`$expand` item: `;`-separated, already decoded.
pub(crate) fn parse_nested(
    map: &Decoded,
    start: usize,
    end: usize,
    depth: usize,
    plus_is_space: bool,
    errors: &mut Vec<QueryError>,
) -> Vec<QueryOption> {
    if depth > MAX_OPTION_DEPTH {
        errors.push(QueryError::new(
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
        let option = read_named(
            name,
            map,
            (value_start, e),
            map.range(s, e),
            has_equals,
            depth,
            plus_is_space,
            errors,
        );
        out.push(option);
    }
    out
}

/// One top-level option from its decoded name and value.
#[allow(clippy::too_many_arguments)]
fn read_option(
    name: &Decoded,
    value: &Decoded,
    span: (usize, usize),
    range: TextRange,
    has_equals: bool,
    depth: usize,
    plus_is_space: bool,
    errors: &mut Vec<QueryError>,
) -> QueryOption {
    let name = Name {
        range: name.range(0, name.text.len()),
        text: name.text.clone(),
    };
    read_named(
        name,
        value,
        span,
        range,
        has_equals,
        depth,
        plus_is_space,
        errors,
    )
}

/// One option: its name's kind and its value read accordingly.
#[allow(clippy::too_many_arguments)]
fn read_named(
    name: Name,
    map: &Decoded,
    (start, end): (usize, usize),
    range: TextRange,
    has_equals: bool,
    depth: usize,
    plus_is_space: bool,
    errors: &mut Vec<QueryError>,
) -> QueryOption {
    let kind = name_kind(&name.text);
    let value = if has_equals {
        map.range(start, end)
    } else {
        TextRange::empty(name.range.end)
    };
    if name.text.starts_with([' ', '\t']) || name.text.ends_with([' ', '\t']) {
        errors.push(QueryError::new(
            QueryErrorKind::Unexpected,
            name.range,
            format!("The option name `{}` has a space in it", name.text),
        ));
    }
    let content = match kind {
        OptionName::System { option, .. } => {
            if !has_equals {
                errors.push(QueryError::new(
                    QueryErrorKind::Expected,
                    value,
                    format!("Expected `=` and a value after {}", option.name()),
                ));
            }
            read_value(option, map, start, end, depth, plus_is_space, errors)
        }
        OptionName::Alias if has_equals => {
            let (expression, mut found) = expr::parse_expression(map, start, end);
            errors.append(&mut found);
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

/// A system option's value.
fn read_value(
    option: SystemOption,
    map: &Decoded,
    start: usize,
    end: usize,
    depth: usize,
    plus_is_space: bool,
    errors: &mut Vec<QueryError>,
) -> OptionValue {
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
        errors.push(QueryError::new(
            QueryErrorKind::Unexpected,
            map.range(start, s),
            format!("A space after `{}=`", option.name()),
        ));
    }
    match option {
        SystemOption::Filter => {
            let (expression, mut found) = expr::parse_expression(map, start, end);
            errors.append(&mut found);
            OptionValue::Expression(expression)
        }
        SystemOption::OrderBy => {
            OptionValue::OrderBy(items::parse_order_items(map, start, end, errors))
        }
        SystemOption::Select | SystemOption::Expand => OptionValue::Paths(items::parse_path_items(
            map,
            start,
            end,
            depth,
            plus_is_space,
            errors,
        )),
        SystemOption::Top | SystemOption::Skip | SystemOption::Levels => OptionValue::Integer(
            (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse::<u64>().ok())
                .flatten(),
        ),
        SystemOption::Count => OptionValue::Boolean(match text {
            t if t.eq_ignore_ascii_case("true") => Some(true),
            t if t.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }),
        SystemOption::Search => OptionValue::Search(search::parse_search(map, start, end, errors)),
        _ => OptionValue::Text,
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

//! Editor help inside a request line's query: completion of the operation's options after `?`
//! and `&`, of properties after `$select=`/`$orderby=` (then `asc`/`desc`), and inside `$filter`
//! of properties, functions, the operators that fit the property's type and literal shapes
//! (known values quoted); hover on an option, a property, an operator or a function. Everything
//! is read from the operation registry, the model and [`crate::query_types`].

use credsum_model::operations::Operation;
use credsum_syntax::http::{query_segments, HttpMessage, StartLine};
use credsum_syntax::odata_query::{BinaryOp, SystemOption};
use credsum_syntax::TextRange;

use crate::completion::{sample_value, Completion, CompletionKind};
use crate::hover::{property_markdown, Hover};
use crate::http_check::{match_target, Source};
use crate::query_types::{function, property_type, Ty, FUNCTIONS};
use crate::resource_model::ResourceModel;

/// The query of `message`'s request line, its operation and its model, when `offset` lies in
/// the query (or right after the `?`).
fn query_at<'m>(
    text: &str,
    message: &HttpMessage,
    offset: u32,
    models: &'m [ResourceModel],
) -> Option<(TextRange, &'static Operation, &'m ResourceModel)> {
    let StartLine::Request { method, target, .. } = message.start_line else {
        return None;
    };
    // The piece of the query (first line or a `?`/`&` continuation line) holding the cursor.
    let query = query_segments(text, &message.start_line)
        .into_iter()
        .find_map(|mut query| {
            // Spaces typed after the query's last word are not part of the trimmed line yet.
            let trailing = text.get(query.end as usize..offset as usize);
            if trailing.is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b == b' ' || b == b'\t'))
            {
                query = TextRange::new(query.start, offset);
            }
            query.contains_inclusive(offset).then_some(query)
        })?;
    let matched = match_target(text, target, models, Source::RequestFile, &mut Vec::new())?;
    let method = match text.get(method.as_usize()).unwrap_or("") {
        "" => "GET",
        m => m,
    };
    let op = Operation::find(method, matched.shape)?;
    Some((query, op, models.get(matched.index)?))
}

/// What Graph does with each option, for hover.
fn option_doc(option: SystemOption) -> &'static str {
    match option {
        SystemOption::Filter => "Returns only the items for which the condition is true.",
        SystemOption::Select => "Returns only the named properties of each item.",
        SystemOption::Expand => "Includes related entities (navigation properties) inline.",
        SystemOption::OrderBy => "Sorts the items by one or more expressions, `asc` or `desc`.",
        SystemOption::Top => "Returns at most this many items.",
        SystemOption::Skip => "Skips this many items.",
        SystemOption::Count => "`true` adds the total number of matching items as `@odata.count`.",
        SystemOption::Search => "Returns the items that match a free-text search.",
        SystemOption::Format => "Chooses the response format (`json`).",
        SystemOption::SkipToken => {
            "The position of the next page: copied from `@odata.nextLink`, not written by hand."
        }
        _ => "An OData system query option.",
    }
}

/// The word around `offset` in `text[start..end]`: letters, digits, `_`, `$`, `.`.
fn word_at(text: &str, start: usize, end: usize, offset: usize) -> (usize, usize) {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$' || c == '.';
    let before = text.get(start..offset).unwrap_or("");
    let from = offset
        - before
            .chars()
            .rev()
            .take_while(|c| is_word(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    let after = text.get(offset..end).unwrap_or("");
    let to = offset
        + after
            .chars()
            .take_while(|c| is_word(*c))
            .map(char::len_utf8)
            .sum::<usize>();
    (from, to)
}

/// The start of the option around `offset` (after the last `&` before it) in the query.
fn option_start(text: &str, query: TextRange, offset: usize) -> usize {
    let before = text.get(query.start as usize..offset).unwrap_or("");
    query.start as usize + before.rfind('&').map_or(0, |i| i + 1)
}

/// The system options of the query other than the one starting at `except`.
fn given_options(text: &str, query: TextRange, except: usize) -> Vec<SystemOption> {
    let mut at = query.start as usize;
    let mut given = Vec::new();
    for piece in text.get(query.as_usize()).unwrap_or("").split('&') {
        if at != except {
            let name = piece.split('=').next().unwrap_or("");
            given.extend(SystemOption::from_name(name));
        }
        at += piece.len() + 1;
    }
    given
}

/// A completion over `replace`, in the given kind and order.
fn item(
    label: &str,
    kind: CompletionKind,
    insert: &str,
    replace: TextRange,
    order: usize,
    detail: Option<String>,
) -> Completion {
    let mut c = Completion::new(label, kind, insert, replace, order);
    c.detail = detail;
    c
}

/// Completions at `offset` in the query of `message`, or `None` when the cursor is not there.
pub(crate) fn query_completions(
    text: &str,
    message: &HttpMessage,
    offset: u32,
    models: &[ResourceModel],
) -> Option<Vec<Completion>> {
    let (query, op, model) = query_at(text, message, offset, models)?;
    let at = offset as usize;
    let start = option_start(text, query, at);
    let end = query.end as usize;
    let (word_start, word_end) = word_at(text, start, end, at);
    let replace = TextRange::new(word_start as u32, word_end as u32);
    let before = text.get(start..at).unwrap_or("");
    let Some(eq) = before.find('=') else {
        // Options on the other `?`/`&` lines of the request line count as given too.
        let given: Vec<SystemOption> = query_segments(text, &message.start_line)
            .into_iter()
            .flat_map(|piece| given_options(text, piece, start))
            .collect();
        let items = op.query_options.iter().enumerate();
        // An option given elsewhere in the query is not offered again (twice is a 400).
        let items = items
            .filter(|(_, name)| !SystemOption::from_name(name).is_some_and(|o| given.contains(&o)));
        let items = items.map(|(i, name)| {
            let doc = SystemOption::from_name(name).map(option_doc);
            item(
                name,
                CompletionKind::Value,
                &format!("{name}="),
                replace,
                i,
                doc.map(str::to_owned),
            )
        });
        return Some(items.collect());
    };
    let option = SystemOption::from_name(&before[..eq]);
    let value_before = before[eq + 1..].replace('+', " ");
    let properties = || {
        model
            .properties()
            .iter()
            .filter(|p| !p.name.starts_with('@'))
            .enumerate()
            .map(|(i, p)| {
                let mut c = item(
                    &p.name,
                    CompletionKind::Property,
                    &p.name,
                    replace,
                    i,
                    Some(p.type_label()),
                );
                c.documentation = Some(property_markdown(model, p));
                c
            })
    };
    let out = match option {
        Some(SystemOption::Select) => properties().collect(),
        Some(SystemOption::OrderBy) => {
            let item_text = value_before.rsplit(',').next().unwrap_or("");
            if item_text.trim_start().contains(' ') {
                ["asc", "desc"]
                    .iter()
                    .enumerate()
                    .map(|(i, d)| item(d, CompletionKind::Value, d, replace, i, None))
                    .collect()
            } else {
                properties().collect()
            }
        }
        Some(SystemOption::Count) => ["true", "false"]
            .iter()
            .enumerate()
            .map(|(i, v)| item(v, CompletionKind::Value, v, replace, i, None))
            .collect(),
        Some(SystemOption::Filter) => filter_completions(
            &value_before[..value_before.len() - (at - word_start).min(value_before.len())],
            model,
            replace,
            properties().collect(),
        ),
        _ => Vec::new(),
    };
    Some(out)
}

/// Inside `$filter`: what fits after the complete words of `before` (the value up to the word
/// being typed).
fn filter_completions(
    before: &str,
    model: &ResourceModel,
    replace: TextRange,
    properties: Vec<Completion>,
) -> Vec<Completion> {
    let words: Vec<&str> = before
        .split([' ', '(', ','])
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.last().copied();
    let previous = words
        .len()
        .checked_sub(2)
        .and_then(|i| words.get(i))
        .copied();
    let property = |name: Option<&str>| {
        name.and_then(|n| model.property(n))
            .filter(|p| !p.name.starts_with('@'))
    };
    if let Some(p) = property(last).filter(|_| before.ends_with(' ')) {
        // After a property: the operators its type takes.
        let ty = property_type(p);
        let ops: Vec<BinaryOp> = BinaryOp::ALL
            .into_iter()
            .filter(|op| {
                op.is_comparison()
                    && (ty != Ty::Boolean || matches!(op, BinaryOp::Eq | BinaryOp::Ne))
                    || *op == BinaryOp::In
                    || (op.is_arithmetic() && ty.is_numeric())
            })
            .collect();
        return ops
            .iter()
            .enumerate()
            .map(|(i, op)| {
                item(
                    op.keyword(),
                    CompletionKind::Value,
                    op.keyword(),
                    replace,
                    i,
                    Some(operator_doc(*op).to_owned()),
                )
            })
            .collect();
    }
    if let (Some(op), Some(p)) = (last.and_then(BinaryOp::from_keyword), property(previous)) {
        if op.is_comparison() && before.ends_with(' ') {
            // After `property op`: literals of the property's type, known values quoted.
            let ty = property_type(p);
            let mut values: Vec<String> = p
                .known_values
                .iter()
                .map(|v| format!("'{}'", v.replace('\'', "''")))
                .collect();
            let sample = match (ty, sample_value(p)) {
                (Ty::String, serde_json::Value::String(s)) => {
                    format!("'{}'", s.replace('\'', "''"))
                }
                (_, serde_json::Value::String(s)) => s,
                (_, v) => v.to_string(),
            };
            if ty == Ty::Boolean {
                // Both Booleans, whatever the schema's example is.
                values.extend(["true", "false"].map(str::to_owned));
            } else if !values.contains(&sample) {
                values.push(sample);
            }
            values.push("null".to_owned());
            return values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    item(
                        v,
                        CompletionKind::Value,
                        v,
                        replace,
                        i,
                        Some(ty.literal_shape().to_owned()),
                    )
                })
                .collect();
        }
    }
    let after_value = last
        .is_some_and(|w| BinaryOp::from_keyword(w).is_none() && !w.eq_ignore_ascii_case("not"))
        && before.ends_with([' ', ')']);
    if after_value {
        return ["and", "or"]
            .iter()
            .enumerate()
            .map(|(i, k)| item(k, CompletionKind::Value, k, replace, i, None))
            .collect();
    }
    let mut out = properties;
    let n = out.len();
    out.extend(FUNCTIONS.iter().enumerate().map(|(i, f)| {
        let mut c = item(
            f.name,
            CompletionKind::Value,
            &format!("{}(", f.name),
            replace,
            n + i,
            Some(f.doc.to_owned()),
        );
        c.filter_text = Some(f.name.to_owned());
        c
    }));
    out.push(item(
        "not",
        CompletionKind::Value,
        "not ",
        replace,
        n + FUNCTIONS.len(),
        None,
    ));
    out
}

/// What an operator does, for completion details and hover.
fn operator_doc(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Or => "True when either side is true.",
        BinaryOp::And => "True when both sides are true.",
        BinaryOp::Eq => "Equal.",
        BinaryOp::Ne => "Not equal.",
        BinaryOp::Gt => "Greater than.",
        BinaryOp::Ge => "Greater than or equal.",
        BinaryOp::Lt => "Less than.",
        BinaryOp::Le => "Less than or equal.",
        BinaryOp::Has => "Whether an enumeration value has the flag.",
        BinaryOp::In => "Whether the value is one of a list: `x in ('a', 'b')`.",
        BinaryOp::Add => "Addition.",
        BinaryOp::Sub => "Subtraction.",
        BinaryOp::Mul => "Multiplication.",
        BinaryOp::Div => "Division.",
        BinaryOp::DivBy => "Division with a fractional result.",
        BinaryOp::Mod => "Remainder of a division.",
    }
}

/// The hover on the word under `offset` in the query of `message`: an option (what Graph does
/// with it, and whether this operation takes it), a property, a function or an operator.
pub(crate) fn query_hover(
    text: &str,
    message: &HttpMessage,
    offset: u32,
    models: &[ResourceModel],
) -> Option<Hover> {
    let (query, op, model) = query_at(text, message, offset, models)?;
    let start = option_start(text, query, offset as usize);
    let (from, to) = word_at(text, start, query.end as usize, offset as usize);
    let word = text.get(from..to).filter(|w| !w.is_empty())?;
    let range = TextRange::new(from as u32, to as u32);
    let in_name = !text.get(start..from).unwrap_or("").contains('=');
    let markdown = if let (true, Some(option)) = (in_name, SystemOption::from_name(word)) {
        let taken = if op.query_options.contains(&option.name()) {
            "takes it"
        } else {
            "does **not** take it"
        };
        format!(
            "**`{}`**: {}\n\nThe {} operation ({}) {taken}.",
            option.name(),
            option_doc(option),
            op.kind.name(),
            op.method
        )
    } else if let Some(p) = model.property(word) {
        property_markdown(model, p)
    } else if let Some(f) = function(word) {
        let params: Vec<String> = f
            .params
            .iter()
            .map(|p| p.iter().map(|t| t.label()).collect::<Vec<_>>().join(" or "))
            .collect();
        format!(
            "**`{}({})`** → {}\n\n{}",
            f.name,
            params.join(", "),
            f.result.label(),
            f.doc
        )
    } else if let Some(binary) = BinaryOp::from_keyword(word) {
        format!("**`{}`**: {}", binary.keyword(), operator_doc(binary))
    } else {
        return None;
    };
    Some(Hover { markdown, range })
}

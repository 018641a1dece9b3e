//! Completions as plain data: property names and values in a body (read from the
//! [`ResourceModel`]), and the method, endpoint URL and headers of a request in an `.http` file
//! or a Markdown ```http block. Every completion says which byte range it replaces.

use credsum_syntax::http::{parse_http_range, HttpMessage, StartLine};
use credsum_syntax::TextRange;
use serde_json::Value;

use crate::cursor::{cursor_context, CursorContext, KeyCursor, ValueCursor};
use crate::diagnostic::Edit;
use crate::hover::property_markdown;
use crate::resource_model::{PropertyModel, ResourceModel};

/// The host every Graph endpoint lives on.
const GRAPH_HOST: &str = "https://graph.microsoft.com";

/// Headers every Graph PATCH request needs, as `(name, full line)`.
const REQUEST_HEADERS: &[(&str, &str)] = &[
    ("Content-Type", "Content-Type: application/json"),
    ("Authorization", "Authorization: Bearer "),
];

/// What a completion inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CompletionKind {
    /// A property name of the body.
    Property,
    /// A value of a property.
    Value,
    /// An HTTP method.
    Method,
    /// An endpoint URL.
    Url,
    /// A request header.
    Header,
    /// A whole request.
    Snippet,
}

/// One completion item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows.
    pub label: String,
    /// What it inserts.
    pub kind: CompletionKind,
    /// A short note beside the label, e.g. the property's type.
    pub detail: Option<String>,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// The plain text that replaces [`Completion::replace`].
    pub insert_text: String,
    /// The same insertion as an LSP snippet (`${1:42}` placeholders), when it has placeholders.
    pub snippet: Option<String>,
    /// The byte range the insertion replaces (possibly empty, at the cursor).
    pub replace: TextRange,
    /// The text the client filters on, when it differs from the label (e.g. with quotes).
    pub filter_text: Option<String>,
    /// Sort key: completions are listed in schema order.
    pub sort_text: String,
    /// Edits elsewhere that go with the insertion (a comma missing after the previous member).
    pub additional_edits: Vec<Edit>,
}

impl Completion {
    /// A completion inserting `insert_text` over `replace`, with nothing else set.
    pub(crate) fn new(
        label: impl Into<String>,
        kind: CompletionKind,
        insert_text: impl Into<String>,
        replace: TextRange,
        order: usize,
    ) -> Completion {
        Completion {
            label: label.into(),
            kind,
            detail: None,
            documentation: None,
            insert_text: insert_text.into(),
            snippet: None,
            replace,
            filter_text: None,
            sort_text: format!("{order:04}"),
            additional_edits: Vec::new(),
        }
    }
}

/// Completions at `offset` inside the JSON body `body` of `text`, checked against `model`;
/// `now` (seconds since the Unix epoch) is offered for date-time values.
pub fn body_completions(
    text: &str,
    body: TextRange,
    offset: u32,
    model: &ResourceModel,
    now: u64,
) -> Vec<Completion> {
    match cursor_context(text, body, offset) {
        CursorContext::Key(cursor) => property_completions(&cursor, model),
        CursorContext::Value(cursor) => model
            .property(&cursor.key)
            .map(|p| value_completions(&cursor, p, now))
            .unwrap_or_default(),
        CursorContext::Other => Vec::new(),
    }
}

/// Property names not yet in the body, with a value placeholder unless a `:` already follows.
fn property_completions(cursor: &KeyCursor, model: &ResourceModel) -> Vec<Completion> {
    model
        .properties()
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.key && !cursor.existing.contains(&p.name))
        .map(|(order, p)| {
            let sample = sample_value(p);
            let placeholder = match &sample {
                Value::String(s) => format!("\"${{1:{}}}\"", snippet_escape(s)),
                other => format!("${{1:{}}}", snippet_escape(&other.to_string())),
            };
            let mut c = key_completion(cursor, &p.name, &sample.to_string(), &placeholder, order);
            c.detail = Some(p.type_label());
            c.documentation = Some(property_markdown(model, p));
            c
        })
        .collect()
}

/// A completion of the key `name` at a key cursor: the key, and unless a `:` follows already,
/// `: ` and `value` (`snippet_value` where the client takes snippets), a comma when another
/// member follows, and the comma a new line after the previous member lacks.
pub(crate) fn key_completion(
    cursor: &KeyCursor,
    name: &str,
    value: &str,
    snippet_value: &str,
    order: usize,
) -> Completion {
    let comma = if cursor.needs_comma { "," } else { "" };
    let key = Value::String(name.to_owned()).to_string();
    let (insert, snippet) = if cursor.has_colon {
        (key.clone(), None)
    } else {
        (
            format!("{key}: {value}{comma}"),
            Some(format!("{key}: {snippet_value}{comma}")),
        )
    };
    let mut c = Completion::new(
        name.to_owned(),
        CompletionKind::Property,
        insert,
        cursor.replace,
        order,
    );
    c.snippet = snippet;
    c.filter_text = cursor.quoted.then_some(key);
    c.additional_edits = cursor
        .missing_comma_at
        .map(|at| Edit {
            range: TextRange::empty(at),
            new_text: ",".to_owned(),
        })
        .into_iter()
        .collect();
    c
}

/// A value of the property's type to start from: its constant, its example, or a zero value.
pub(crate) fn sample_value(p: &PropertyModel) -> Value {
    let known = p.known_values.first().map(|k| Value::String(k.clone()));
    if let Some(v) = p
        .const_value
        .clone()
        .or_else(|| p.example.clone())
        .or(known)
    {
        return v;
    }
    if p.allows("boolean") {
        Value::Bool(false)
    } else if p.allows("integer") {
        Value::from(0)
    } else {
        Value::String(String::new())
    }
}

/// Escapes `$`, `}` and `\` for a snippet placeholder.
fn snippet_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Values for the property: its constant, booleans, known values, the current time for a
/// date-time, its example, and `null` when nullable.
pub(crate) fn value_completions(
    cursor: &ValueCursor,
    p: &PropertyModel,
    now: u64,
) -> Vec<Completion> {
    let mut values: Vec<(Value, &str)> = Vec::new();
    if let Some(c) = &p.const_value {
        values.push((c.clone(), "the required value"));
    }
    if p.allows("boolean") {
        values.push((Value::Bool(true), "boolean"));
        values.push((Value::Bool(false), "boolean"));
    }
    for known in &p.known_values {
        values.push((Value::String(known.clone()), "a value Graph uses"));
    }
    if p.format.as_deref() == Some("date-time") {
        values.push((Value::String(utc_timestamp(now)), "now (UTC)"));
    }
    if let Some(example) = &p.example {
        values.push((example.clone(), "example"));
    }
    if p.nullable {
        values.push((Value::Null, "clears the value"));
    }
    let mut seen = Vec::new();
    values
        .into_iter()
        .filter(|(v, _)| {
            let new = !seen.contains(v);
            seen.push(v.clone());
            new
        })
        .enumerate()
        .map(|(order, (value, note))| {
            let json = value.to_string();
            let space = if cursor.after_colon { " " } else { "" };
            let mut c = Completion::new(
                json.clone(),
                CompletionKind::Value,
                format!("{space}{json}"),
                cursor.replace,
                order,
            );
            c.detail = Some(format!("{} · {note}", p.type_label()));
            c.filter_text = Some(json);
            c
        })
        .collect()
}

/// `secs` since the Unix epoch as a UTC timestamp, `2024-05-01T12:00:00Z`.
pub fn utc_timestamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The item URL of `model` on Graph, with the docs' key placeholder.
fn endpoint_url(model: &ResourceModel) -> String {
    let d = model.descriptor();
    let version = d.api_versions.first().copied().unwrap_or("beta");
    format!(
        "{GRAPH_HOST}/{version}{}/{{{}}}",
        d.entity_set_path, d.docs_key_placeholder
    )
}

/// The line of `text` around `offset`, within `region`: `(start, end)` byte offsets of its
/// content.
fn line_around(text: &str, region: TextRange, offset: usize) -> (usize, usize) {
    let lo = region.start as usize;
    let hi = (region.end as usize).min(text.len());
    let start = text[lo..offset].rfind('\n').map_or(lo, |i| lo + i + 1);
    let end = text[offset..hi]
        .find(['\n', '\r'])
        .map_or(hi, |i| offset + i);
    (start, end)
}

/// Completions outside bodies in the request file region `region` of `text` (a whole `.http`
/// file or a Markdown block's content): the method and URL on a start line, headers below it,
/// and a whole request on a line of its own.
pub fn http_completions(
    text: &str,
    region: TextRange,
    offset: u32,
    models: &[ResourceModel],
) -> Vec<Completion> {
    let offset =
        (offset as usize).clamp(region.start as usize, (region.end as usize).min(text.len()));
    if !text.is_char_boundary(offset) {
        return Vec::new();
    }
    let (line_start, line_end) = line_around(text, region, offset);
    let before = &text[line_start..offset];
    let indent = before.len() - before.trim_start().len();
    let word_start = line_start + indent;
    let file = parse_http_range(text, region);
    let message = file
        .messages
        .iter()
        .rev()
        .find(|m| (m.start_line.range().start as usize) < line_end.max(line_start + 1));
    let on_start_line = message.is_some_and(|m| {
        let r = m.start_line.range();
        (r.start as usize) >= line_start && (r.start as usize) <= line_end
    });
    let mut out = Vec::new();
    if let Some(query) = message
        .filter(|_| on_start_line)
        .and_then(|m| crate::query_ide::query_completions(text, m, offset as u32, models))
    {
        return query;
    }
    if on_start_line {
        if !before.trim_start().contains(char::is_whitespace) {
            let end = word_end(text, offset, line_end);
            out.push(method_completion(TextRange::new(
                word_start as u32,
                end as u32,
            )));
        } else if let Some(Some(StartLine::Request { .. })) = message.map(|m| Some(m.start_line)) {
            let first_space = before.trim_start().find(char::is_whitespace).unwrap_or(0);
            let rest = &before[indent + first_space..];
            if !rest.trim_start().contains(char::is_whitespace) {
                let start = word_start + first_space + (rest.len() - rest.trim_start().len());
                let end = word_end(text, offset, line_end);
                let replace = TextRange::new(start as u32, end as u32);
                out.extend(models.iter().enumerate().map(|(order, model)| {
                    let url = endpoint_url(model);
                    let mut c =
                        Completion::new(url.clone(), CompletionKind::Url, url, replace, order);
                    c.detail = Some(format!("{} endpoint", model.descriptor().name()));
                    c
                }));
            }
        }
        return out;
    }
    let in_headers = message.is_some_and(|m| {
        let after_start = m.start_line.range().end as usize;
        if after_start >= line_start || m.body.is_some_and(|b| (b.start as usize) <= offset) {
            return false;
        }
        text[after_start..line_start.saturating_sub(1).max(after_start)]
            .split('\n')
            .skip(1)
            .all(|l| !l.trim().is_empty() && !l.starts_with("###"))
    });
    let replace = TextRange::new(word_start as u32, line_end as u32);
    if in_headers {
        let present: Vec<&str> = message
            .map(|m| {
                m.headers
                    .iter()
                    .filter(|h| !h.range.contains_inclusive(offset as u32))
                    .map(|h| &text[h.name.as_usize()])
                    .collect()
            })
            .unwrap_or_default();
        for (order, (name, line)) in REQUEST_HEADERS.iter().enumerate() {
            if present.iter().any(|p| p.eq_ignore_ascii_case(name)) {
                continue;
            }
            let mut c = Completion::new(*line, CompletionKind::Header, *line, replace, order);
            c.detail = Some("required by Graph".to_owned());
            out.push(c);
        }
    } else if !inside_message(text, message, line_start)
        && text[line_start..line_end]
            .trim()
            .chars()
            .all(|c| c.is_ascii_alphabetic())
    {
        out.push(method_completion(replace));
        for (order, model) in models.iter().enumerate() {
            let url = endpoint_url(model);
            let headers: Vec<&str> = REQUEST_HEADERS.iter().map(|(_, l)| *l).collect();
            let plain = format!("PATCH {url}\n{}\n\n{{\n}}", headers.join("\n"));
            let snippet_headers: Vec<String> = headers
                .iter()
                .map(|l| match l.strip_suffix(' ') {
                    Some(open) => format!("{open} ${{1:token}}"),
                    None => (*l).to_owned(),
                })
                .collect();
            let snippet = format!(
                "PATCH {}\n{}\n\n{{\n\t$0\n}}",
                snippet_escape(&url),
                snippet_headers.join("\n")
            );
            let label = format!("PATCH {}", model.descriptor().name());
            let mut c = Completion::new(label, CompletionKind::Snippet, plain, replace, order + 1);
            c.snippet = Some(snippet);
            c.detail = Some("update request".to_owned());
            c.filter_text = Some("PATCH".to_owned());
            out.push(c);
        }
    }
    out
}

/// Whether the line starting at `line_start` lies below the start line of `message` with no
/// `###` separator between (it is then a header, the blank line or the body of that message).
fn inside_message(text: &str, message: Option<&HttpMessage>, line_start: usize) -> bool {
    message.is_some_and(|m| {
        let from = m.start_line.range().end as usize;
        from < line_start && !text[from..line_start].lines().any(|l| l.starts_with("###"))
    })
}

/// The end of the non-whitespace run starting at or before `offset`, within the line.
fn word_end(text: &str, offset: usize, line_end: usize) -> usize {
    text[offset..line_end]
        .find(char::is_whitespace)
        .map_or(line_end, |i| offset + i)
}

/// The `PATCH` method over `replace`.
fn method_completion(replace: TextRange) -> Completion {
    let mut c = Completion::new("PATCH", CompletionKind::Method, "PATCH", replace, 0);
    c.detail = Some("update the resource".to_owned());
    c
}

#[cfg(test)]
mod tests {
    use super::utc_timestamp;

    #[test]
    fn timestamps_are_civil_utc() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_timestamp(951_825_600), "2000-02-29T12:00:00Z");
        assert_eq!(utc_timestamp(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}

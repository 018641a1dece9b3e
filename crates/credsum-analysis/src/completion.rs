//! Completions as plain data: property names and values in a body (read from the
//! [`ResourceModel`]), and the method, endpoint URL and headers of a request in an `.http` file
//! or a Markdown ```http block. Every completion says which byte range it replaces.

use credsum_model::operations::{COUNT_SEGMENT, OPERATIONS};
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
    /// A variable inside `{{`.
    Variable,
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
    /// The byte range the insertion replaces (possibly empty, at the cursor), in every mode a
    /// client accepts in: it covers what the editor put after the cursor (an auto-closed quote,
    /// the rest of the token), so nothing is left over.
    pub replace: TextRange,
    /// The text the client filters on, when it differs from the label (e.g. with quotes).
    pub filter_text: Option<String>,
    /// Sort key: completions are listed in schema order.
    pub sort_text: String,
    /// Edits elsewhere that go with the insertion (a comma missing after the previous member).
    pub additional_edits: Vec<Edit>,
    /// Whether only clients that take snippets get this item: its point is the tab stops, and
    /// other clients get the same insertion another way (a code action).
    pub snippet_only: bool,
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
            snippet_only: false,
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

/// A body of each model for a blank `.json` file (`text`, all of it replaced): the object with its
/// `@odata.type` line, the cursor (a tab stop) on the line below.
pub fn new_body_completions(text: &str, models: &[ResourceModel]) -> Vec<Completion> {
    let all = TextRange::new(0, u32::try_from(text.len()).unwrap_or(u32::MAX));
    models
        .iter()
        .enumerate()
        .map(|(order, model)| {
            let d = model.descriptor();
            let odata = Value::String(d.odata_type_annotation()).to_string();
            let mut c = Completion::new(
                format!("{{ \"@odata.type\" }} {}", d.name()),
                CompletionKind::Snippet,
                format!("{{\n  \"@odata.type\": {odata},\n  \n}}\n"),
                all,
                order,
            );
            c.snippet = Some(format!(
                "{{\n\t\"@odata.type\": {},\n\t$0\n}}\n",
                snippet_escape(&odata)
            ));
            c.detail = Some(format!("{} PATCH body", d.name()));
            c.filter_text = Some("{".to_owned());
            c
        })
        .collect()
}

/// Property names not yet in the body, with a value placeholder unless a `:` already follows.
/// Then "Fill in the missing properties" with tab stops
/// ([`crate::body_actions::fill_completion`]).
fn property_completions(cursor: &KeyCursor, model: &ResourceModel) -> Vec<Completion> {
    let mut out: Vec<Completion> = model
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
        .collect();
    let order = model.properties().len();
    out.extend(crate::body_actions::fill_completion(cursor, model, order));
    out
}

/// A completion of the key `name` at a key cursor: the key, and unless a `:` follows already,
/// `: ` and `value` (`snippet_value` where the client takes snippets), a comma when another
/// member follows, and the comma a new line after the previous member lacks.
///
/// After a typed `"` the range starts behind it and runs over the closing quote when there is
/// one (auto-closed by the editor or typed): the insertion is the rest of the key with its
/// closing quote. So what the user typed, `"tot`, is the quote plus a prefix of the label, which
/// every client filters the same way (VS Code and Eglot on the text in the range, Neovim on the
/// inserted word), and no quote is left over or doubled whichever mode the editor accepts in.
pub(crate) fn key_completion(
    cursor: &KeyCursor,
    name: &str,
    value: &str,
    snippet_value: &str,
    order: usize,
) -> Completion {
    let comma = if cursor.needs_comma { "," } else { "" };
    let quoted = Value::String(name.to_owned()).to_string();
    let (key, replace) = if cursor.quoted {
        let rest = quoted[1..].to_owned();
        let start = (cursor.replace.start + 1).min(cursor.replace.end);
        (rest, TextRange::new(start, cursor.replace.end))
    } else {
        (quoted, cursor.replace)
    };
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
        replace,
        order,
    );
    c.snippet = snippet;
    c.additional_edits = missing_comma(cursor);
    c
}

/// The comma a new line after the previous member lacks, as an edit (none when it has one).
pub(crate) fn missing_comma(cursor: &KeyCursor) -> Vec<Edit> {
    cursor
        .missing_comma_at
        .map(|at| Edit {
            range: TextRange::empty(at),
            new_text: ",".to_owned(),
        })
        .into_iter()
        .collect()
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
pub(crate) fn snippet_escape(text: &str) -> String {
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
            let mut c = value_completion(cursor, value.to_string(), &value, order);
            c.detail = Some(format!("{} · {note}", p.type_label()));
            c
        })
        .collect()
}

/// A completion labelled `label` inserting the JSON `value` at a value cursor. Inside a typed
/// string a string value is the rest of it with its closing quote (as a key is, see
/// [`key_completion`]); anything else replaces the token, after a space when right after the `:`.
pub(crate) fn value_completion(
    cursor: &ValueCursor,
    label: String,
    value: &Value,
    order: usize,
) -> Completion {
    let json = value.to_string();
    let (insert, replace) = if cursor.quoted && value.is_string() {
        let start = (cursor.replace.start + 1).min(cursor.replace.end);
        (
            json[1..].to_owned(),
            TextRange::new(start, cursor.replace.end),
        )
    } else {
        let space = if cursor.after_colon { " " } else { "" };
        (format!("{space}{json}"), cursor.replace)
    };
    let mut c = Completion::new(label, CompletionKind::Value, insert, replace, order);
    c.filter_text = Some(c.insert_text.trim_start().to_owned());
    c
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
    // A `?`/`&` line continuing the request line's query (REST Client).
    let on_continuation = message.is_some_and(|m| {
        let r = m.start_line.range();
        (r.start as usize) < line_start && line_start <= r.end as usize
    });
    let mut out = Vec::new();
    if let Some(query) = message
        .filter(|_| on_start_line || on_continuation)
        .and_then(|m| crate::query_ide::query_completions(text, m, offset as u32, models))
    {
        return query;
    }
    if on_continuation {
        return out;
    }
    if on_start_line {
        if !before.trim_start().contains(char::is_whitespace) {
            let end = word_end(text, offset, line_end);
            let url_follows = !text[end..line_end].trim().is_empty();
            let replace = TextRange::new(word_start as u32, end as u32);
            out.extend(operation_completions(models, replace, url_follows));
        } else if let Some(Some(StartLine::Request { .. })) = message.map(|m| Some(m.start_line)) {
            let first_space = before.trim_start().find(char::is_whitespace).unwrap_or(0);
            let rest = &before[indent + first_space..];
            if !rest.trim_start().contains(char::is_whitespace) {
                let start = word_start + first_space + (rest.len() - rest.trim_start().len());
                let end = word_end(text, offset, line_end);
                let url = TextRange::new(start as u32, end as u32);
                out.extend(url_completions(text, url, offset, models));
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
        out.extend(operation_completions(models, replace, false));
        let first = out.len();
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
            let mut c = Completion::new(
                label,
                CompletionKind::Snippet,
                plain,
                replace,
                first + order,
            );
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

/// `url` as a snippet whose `placeholder` (the docs' key placeholder) is the first tab stop.
fn url_snippet(url: &str, placeholder: &str) -> String {
    match url.split_once(placeholder) {
        Some((before, after)) => format!(
            "{}${{1:{}}}{}",
            snippet_escape(before),
            snippet_escape(placeholder),
            snippet_escape(after)
        ),
        None => snippet_escape(url),
    }
}

/// The operations of every model (credsum-model's `OPERATIONS`) as completions of a start
/// line's method word over `replace`: when a URL follows on the line, each method once (the
/// operations it names as detail); else each operation as its method and URL, the key a tab
/// stop, labelled with the URL's path.
fn operation_completions(
    models: &[ResourceModel],
    replace: TextRange,
    url_follows: bool,
) -> Vec<Completion> {
    let mut out: Vec<Completion> = Vec::new();
    for model in models {
        let d = model.descriptor();
        let version = d.api_versions.first().copied().unwrap_or("beta");
        let key = format!("{{{}}}", d.docs_key_placeholder);
        for op in &OPERATIONS {
            let documented = if op.is_documented(d) {
                "in the Graph docs"
            } else {
                "Graph's generated API only"
            };
            let what = format!("{} {}", op.kind.name(), d.name());
            if url_follows {
                match out.iter_mut().find(|c| c.label == op.method) {
                    Some(c) => {
                        if let Some(detail) = &mut c.detail {
                            detail.push_str(", ");
                            detail.push_str(&what);
                        }
                    }
                    None => {
                        let mut c = Completion::new(
                            op.method,
                            CompletionKind::Method,
                            op.method,
                            replace,
                            out.len(),
                        );
                        c.detail = Some(what);
                        out.push(c);
                    }
                }
                continue;
            }
            let path = op
                .path_template(d)
                .replace(&format!("{{{}}}", d.key_parameter), &key);
            let url = format!("{GRAPH_HOST}/{version}{path}");
            let mut c = Completion::new(
                format!("{} {path}", op.method),
                CompletionKind::Method,
                format!("{} {url}", op.method),
                replace,
                out.len(),
            );
            c.snippet = Some(format!("{} {}", op.method, url_snippet(&url, &key)));
            c.detail = Some(format!("{what} · {documented}"));
            c.filter_text = Some(format!("{} {url}", op.method));
            out.push(c);
        }
    }
    out
}

/// Completions of the URL `url` of a start line, the cursor at `offset` inside it, one path
/// segment at a time: where the segments typed before the cursor follow the URL of one of a
/// model's paths (its collection, an item, `$count`; host and version, or a `{{variable}}` for
/// both), the segment under the cursor is replaced by that URL's segment, or by the rest of the
/// URL when nothing follows it, and what is typed elsewhere (an id, the query) is kept. The key
/// is a tab stop. After `?` nothing is offered here: the query options complete there.
fn url_completions(
    text: &str,
    url: TextRange,
    offset: usize,
    models: &[ResourceModel],
) -> Vec<Completion> {
    let (url_start, url_end) = (url.start as usize, url.end as usize);
    let typed = &text[url_start..offset];
    if typed.contains('?') {
        return Vec::new();
    }
    let segment_start = url_start + typed.rfind('/').map_or(0, |i| i + 1);
    let rest = &text[segment_start..url_end];
    let segment_end = segment_start + rest.find(['/', '?']).unwrap_or(rest.len());
    let nothing_after = segment_end == url_end;
    let done: Vec<&str> = match text[url_start..segment_start].strip_suffix('/') {
        Some(before) => before.split('/').collect(),
        None => Vec::new(),
    };
    // A `{{variable}}` first stands for the host and the version: `https:`, ``, host, version.
    let (skip, done) = match done.split_first() {
        Some((first, rest)) if first.starts_with("{{") => (4, rest),
        _ => (0, done.as_slice()),
    };
    let replace = TextRange::new(segment_start as u32, segment_end as u32);
    let mut out: Vec<Completion> = Vec::new();
    for model in models {
        let d = model.descriptor();
        let key = format!("{{{}}}", d.docs_key_placeholder);
        let set = d.entity_set_path;
        let paths = [
            set.to_owned(),
            format!("{set}/{key}"),
            format!("{set}/{COUNT_SEGMENT}"),
        ];
        for version in d.api_versions {
            for path in &paths {
                let full = format!("{GRAPH_HOST}/{version}{path}");
                let want: Vec<&str> = full.split('/').collect();
                let at = skip + done.len();
                let follows = done
                    .iter()
                    .zip(want.iter().skip(skip))
                    .all(|(got, want)| got == want || *want == key);
                if at >= want.len() || !follows {
                    continue;
                }
                let insert = if nothing_after {
                    want[at..].join("/")
                } else {
                    want[at].to_owned()
                };
                if out.iter().any(|c| c.insert_text == insert) {
                    continue;
                }
                let mut c = Completion::new(
                    insert.clone(),
                    CompletionKind::Url,
                    insert.clone(),
                    replace,
                    out.len(),
                );
                c.snippet = insert.contains(&key).then(|| url_snippet(&insert, &key));
                c.detail = Some(format!("{} endpoint", d.name()));
                out.push(c);
            }
        }
    }
    out
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

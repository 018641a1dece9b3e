//! Checks of HTTP messages (from `.http` files and Markdown ```http blocks): which resource a
//! request targets, its method, URL, API version and headers, and then its body.

use credsum_syntax::http::{split_target, HttpMessage, StartLine};
use credsum_syntax::TextRange;

use crate::body::{check_body, diagnostic, BodyContext, BodyRole};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Fix};
use crate::resource_model::ResourceModel;
use crate::suggest;

/// Where the messages come from: request files are held to the rules a real request must meet;
/// docs show relative URLs, placeholders and no Authorization header on purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// An `.http` / `.rest` file.
    RequestFile,
    /// A Markdown document.
    Docs,
}

/// A request's URL matched against a resource's endpoint.
pub(crate) struct Target<'m> {
    /// The resource.
    pub model: &'m ResourceModel,
    /// The key segment, if the URL has one.
    pub key: Option<TextRange>,
}

/// A slice of `text`, empty when the range is out of bounds.
fn slice(text: &str, range: TextRange) -> &str {
    text.get(range.as_usize()).unwrap_or("")
}

/// The path segments of `path` with their ranges.
fn segments(text: &str, path: TextRange) -> Vec<(TextRange, &str)> {
    let mut out = Vec::new();
    let mut start = path.start;
    for piece in slice(text, path).split('/') {
        let end = start + piece.len() as u32;
        if !piece.is_empty() {
            out.push((TextRange::new(start, end), piece));
        }
        start = end + 1;
    }
    out
}

/// Whether a segment is an API version (`beta`, `v1.0`, `{{version}}`).
fn is_version(segment: &str) -> bool {
    segment == "beta"
        || segment.starts_with('v') && segment[1..].starts_with(|c: char| c.is_ascii_digit())
        || segment.starts_with("{{")
}

/// The resource a request message targets, if any: the URL path (after an optional version
/// segment) must name a registered entity set, allowing for small typos that get reported.
/// Appends URL findings (typos, version, placeholders) to `out`.
pub(crate) fn match_target<'m>(
    text: &str,
    target: TextRange,
    models: &'m [ResourceModel],
    source: Source,
    out: &mut Vec<Diagnostic>,
) -> Option<Target<'m>> {
    let parts = split_target(text, target);
    let segs = segments(text, parts.path);
    let (version, rest) = match segs.split_first() {
        Some((first, rest)) if is_version(first.1) => (Some(*first), rest),
        _ => (None, segs.as_slice()),
    };
    for model in models {
        let d = model.descriptor();
        let template: Vec<&str> = d
            .entity_set_path
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        if rest.len() < template.len()
            || rest.len() > template.len() + 1
            || rest.first().map(|s| s.1) != template.first().copied()
        {
            continue;
        }
        let mut findings = Vec::new();
        let mut matches = true;
        for ((range, got), want) in rest.iter().zip(&template) {
            if got == want {
                continue;
            }
            if suggest::closest(got, [*want]).is_some() {
                findings.push(diagnostic(
                    "http-url",
                    *range,
                    format!(
                        "Unknown path segment `{got}`: the endpoint is {}",
                        d.item_path()
                    ),
                    Some(Fix::replace(
                        format!("Replace with `{want}`"),
                        *range,
                        *want,
                    )),
                ));
            } else {
                matches = false;
                break;
            }
        }
        if !matches {
            continue;
        }
        out.append(&mut findings);
        check_version(
            text,
            version,
            parts.origin.is_some(),
            parts.path,
            model,
            out,
        );
        let key = rest.get(template.len()).map(|s| s.0);
        if let Some(key) = key {
            let key_text = slice(text, key);
            let placeholder = key_text == format!("{{{}}}", d.docs_key_placeholder)
                || key_text == format!("{{{}}}", d.key_parameter);
            if placeholder && source == Source::RequestFile {
                out.push(diagnostic("key-placeholder", key, format!("`{key_text}` is the docs' placeholder: put the {} id here (or a {{{{variable}}}})", d.name()), None));
            }
        }
        return Some(Target { model, key });
    }
    None
}

/// The API version segment must be one that serves the endpoint.
fn check_version(
    text: &str,
    version: Option<(TextRange, &str)>,
    has_origin: bool,
    path: TextRange,
    model: &ResourceModel,
    out: &mut Vec<Diagnostic>,
) {
    let d = model.descriptor();
    let wanted = d.api_versions.first().copied().unwrap_or("beta");
    let served = d.api_versions.join(", ");
    match version {
        Some((_, v)) if v.starts_with("{{") || d.api_versions.contains(&v) => {}
        Some((range, v)) => out.push(diagnostic(
            "api-version",
            range,
            format!(
                "{} is not served on /{v}: it exists only in {served}",
                d.name()
            ),
            Some(Fix::replace(format!("Use /{wanted}"), range, wanted)),
        )),
        None if has_origin => {
            let at = TextRange::empty(path.start + u32::from(slice(text, path).starts_with('/')));
            out.push(diagnostic(
                "api-version",
                TextRange::new(path.start, path.start),
                format!(
                    "The URL has no API version: {} is served on /{wanted}",
                    d.name()
                ),
                Some(Fix::replace(
                    format!("Insert /{wanted}"),
                    at,
                    format!("{wanted}/"),
                )),
            ));
        }
        None => {}
    }
}

/// Checks one message. `previous` is the resource of the last request seen in the same file,
/// which a following response (in docs) describes.
pub(crate) fn check_message<'m>(
    text: &str,
    message: &HttpMessage,
    models: &'m [ResourceModel],
    previous: Option<&'m ResourceModel>,
    source: Source,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) -> Option<&'m ResourceModel> {
    match message.start_line {
        StartLine::Response { .. } => {
            let model = previous?;
            if let Some(body) = message.body {
                check_body(
                    text,
                    body,
                    &BodyContext {
                        model,
                        role: BodyRole::Response,
                        url_key: None,
                        config,
                    },
                    out,
                );
            }
            Some(model)
        }
        StartLine::Request {
            method,
            target,
            range,
            ..
        } => {
            let method_text = slice(text, method);
            let mut url_findings = Vec::new();
            let target = match_target(text, target, models, source, &mut url_findings)?;
            let d = target.model.descriptor();
            if matches!(
                method_text.to_ascii_uppercase().as_str(),
                "GET" | "DELETE" | "HEAD" | "OPTIONS" | ""
            ) {
                return Some(target.model);
            }
            out.append(&mut url_findings);
            if method_text != d.method {
                out.push(diagnostic(
                    "http-method",
                    method,
                    format!(
                        "{method_text} is not how Graph updates a {}: use {}",
                        d.name(),
                        d.method
                    ),
                    Some(Fix::replace(format!("Use {}", d.method), method, d.method)),
                ));
            }
            if target.key.is_none() {
                out.push(diagnostic(
                    "http-url",
                    range,
                    format!(
                        "An update targets one {}: add its id to the URL ({})",
                        d.name(),
                        d.item_path()
                    ),
                    None,
                ));
            }
            check_headers(
                text,
                message,
                if method.is_empty() { range } else { method },
                source,
                out,
            );
            let key_text = target
                .key
                .map(|k| slice(text, k))
                .filter(|k| !k.starts_with('{'));
            match message.body {
                Some(body) => check_body(
                    text,
                    body,
                    &BodyContext {
                        model: target.model,
                        role: BodyRole::Request,
                        url_key: key_text,
                        config,
                    },
                    out,
                ),
                None => out.push(diagnostic(
                    "empty-body",
                    range,
                    format!(
                        "{} without a body: send a JSON object with the properties to change",
                        d.method
                    ),
                    None,
                )),
            }
            Some(target.model)
        }
    }
}

/// Header rules (Content-Type, Content-Length, Authorization). Findings about missing headers
/// point at `anchor` (the method); insertions go after the last header.
fn check_headers(
    text: &str,
    message: &HttpMessage,
    anchor: TextRange,
    source: Source,
    out: &mut Vec<Diagnostic>,
) {
    let start_line = message.start_line.range();
    let header = |name: &str| {
        message
            .headers
            .iter()
            .find(|h| slice(text, h.name).eq_ignore_ascii_case(name))
    };
    match header("Content-Type") {
        None if message.body.is_some() => {
            let after = message
                .headers
                .last()
                .map_or(start_line.end, |h| h.range.end);
            let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
            out.push(diagnostic(
                "missing-content-type",
                anchor,
                "Graph needs `Content-Type: application/json` on a request with a JSON body"
                    .to_owned(),
                Some(Fix::replace(
                    "Add `Content-Type: application/json`",
                    TextRange::empty(after),
                    format!("{newline}Content-Type: application/json"),
                )),
            ));
        }
        Some(h) => {
            let value = slice(text, h.value);
            let media = value.split(';').next().unwrap_or("").trim();
            if !media.eq_ignore_ascii_case("application/json") {
                out.push(diagnostic(
                    "wrong-content-type",
                    h.value,
                    format!(
                        "Content-Type is `{value}`: Graph reads PATCH bodies as application/json"
                    ),
                    Some(Fix::replace(
                        "Use application/json",
                        h.value,
                        "application/json",
                    )),
                ));
            }
        }
        None => {}
    }
    if let (Some(h), Some(body)) = (header("Content-Length"), message.body) {
        let actual = body.len();
        let declared = slice(text, h.value);
        if declared.parse::<u32>().ok() != Some(actual) {
            out.push(diagnostic(
                "content-length-mismatch",
                h.value,
                format!("Content-Length says {declared} but the body is {actual} bytes; clients usually compute it, so consider removing the header"),
                Some(Fix::replace(format!("Set it to {actual}"), h.value, actual.to_string())),
            ));
        }
    }
    if source == Source::RequestFile && header("Authorization").is_none() {
        out.push(diagnostic(
            "missing-authorization",
            anchor,
            "No Authorization header: Graph needs `Authorization: Bearer {token}`".to_owned(),
            None,
        ));
    }
}

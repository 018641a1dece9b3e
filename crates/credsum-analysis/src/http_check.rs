//! Checks of HTTP messages (from `.http` files and Markdown ```http blocks): which resource a
//! request targets, its method, URL, API version and headers, and then its body.

use credsum_model::operations::{
    Operation, OperationKind, PathShape, RequestBody, COUNT_SEGMENT, OPERATIONS,
};
use credsum_syntax::http::{split_target, variable_refs, Header, HttpMessage, StartLine};
use credsum_syntax::TextRange;

use crate::diagnostic::{diagnostic, Diagnostic, Edit, Fix};
use crate::payload::Payload;
use crate::resource_model::ResourceModel;
use crate::rules::Code;
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
pub(crate) struct Target {
    /// Index of the resource among the models.
    pub index: usize,
    /// Where the path points: the collection, one item, or the collection's `$count`.
    pub shape: PathShape,
    /// The key segment, when the path points at one item.
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

/// Whether a segment is an API version written out (`beta`, `v1.0`), not a variable.
fn is_literal_version(segment: &str) -> bool {
    is_version(segment) && !segment.starts_with("{{")
}

/// The resource a request message targets, if any: the URL path (after an optional version
/// segment) must name a registered entity set, allowing for small typos that get reported.
/// Appends URL findings (typos, version, placeholders) to `out`.
pub(crate) fn match_target(
    text: &str,
    target: TextRange,
    models: &[ResourceModel],
    source: Source,
    out: &mut Vec<Diagnostic>,
) -> Option<Target> {
    let parts = split_target(text, target);
    let segs = segments(text, parts.path);
    let (version, rest) = match segs.split_first() {
        Some((first, rest)) if is_version(first.1) => (Some(*first), rest),
        _ => (None, segs.as_slice()),
    };
    // A second version right after the first (`{{graph}}/beta/…` with the variable ending in
    // `/beta`): reported, and the path is matched after it.
    let (second_version, rest) = match rest.split_first() {
        Some((second, tail)) if version.is_some() && is_literal_version(second.1) => {
            (Some(*second), tail)
        }
        _ => (None, rest),
    };
    for (index, model) in models.iter().enumerate() {
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
                    Code::HttpUrl,
                    *range,
                    format!(
                        "Unknown path segment; did you mean `{want}`?\n`{got}` is not on the endpoint {}",
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
        if let (Some((_, first)), Some((range, second))) = (version, second_version) {
            let with_slash = TextRange::new(range.start.saturating_sub(1), range.end);
            out.push(diagnostic(
                Code::ApiVersion,
                range,
                format!("The URL has two API versions, /{first}/{second}: Graph reads the first as the version"),
                Some(Fix::replace(format!("Remove the second /{second}"), with_slash, "")),
            ));
        }
        check_version(text, version, parts.origin, parts.path, model, out);
        let last = rest.get(template.len()).copied();
        if last.is_some_and(|(_, segment)| segment == COUNT_SEGMENT) {
            return Some(Target {
                index,
                shape: PathShape::Count,
                key: None,
            });
        }
        let key = last.map(|s| s.0);
        if let Some(key) = key {
            let key_text = slice(text, key);
            let placeholder = key_text == format!("{{{}}}", d.docs_key_placeholder)
                || key_text == format!("{{{}}}", d.key_parameter);
            if placeholder && source == Source::RequestFile {
                out.push(diagnostic(Code::KeyPlaceholder, key, format!("`{key_text}` is the docs' placeholder: put the id here\nA {} id, or a {{{{variable}}}}", d.name()), None));
            }
        }
        let shape = if key.is_some() {
            PathShape::Item
        } else {
            PathShape::Collection
        };
        return Some(Target { index, shape, key });
    }
    None
}

/// The API version segment must be one that serves the endpoint. A `{{variable}}` still in the
/// URL is one whose value is unknown (known ones are expanded before checking): the version is
/// then not checked, and a note names the variable.
fn check_version(
    text: &str,
    version: Option<(TextRange, &str)>,
    origin: Option<TextRange>,
    path: TextRange,
    model: &ResourceModel,
    out: &mut Vec<Diagnostic>,
) {
    let d = model.descriptor();
    let wanted = d.api_versions.first().copied().unwrap_or("beta");
    let served = d.api_versions.join(", ");
    let unknown = version
        .map(|(range, _)| range)
        .filter(|&range| slice(text, range).starts_with("{{"))
        .or(origin.filter(|_| version.is_none()))
        .and_then(|range| variable_refs(text, range).first().copied());
    if let Some(unknown) = unknown {
        out.push(diagnostic(
            Code::UnresolvedVariable,
            unknown,
            format!(
                "`{}` is not known before sending, so the API version is not checked
{} is served on /{wanted}",
                slice(text, unknown),
                d.name()
            ),
            None,
        ));
        return;
    }
    match version {
        Some((_, v)) if d.api_versions.contains(&v) => {}
        Some((range, v)) => out.push(diagnostic(
            Code::ApiVersion,
            range,
            format!(
                "{} is not served on /{v}: it exists only in {served}",
                d.name()
            ),
            Some(Fix::replace(format!("Use /{wanted}"), range, wanted)),
        )),
        None if origin.is_some() => {
            let at = TextRange::empty(path.start + u32::from(slice(text, path).starts_with('/')));
            out.push(diagnostic(
                Code::ApiVersion,
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

/// What one HTTP message is, once its URL, method and status are matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MessagePlan {
    /// Whether the message is a request (else a response).
    request: bool,
    /// Index of its resource among the analyzer's models.
    pub resource: Option<usize>,
    /// The operation a request is (a response: the operation of the request it answers).
    pub operation: Option<&'static Operation>,
    /// What its body carries.
    pub payload: Payload,
    /// The key segment of a request URL.
    pub url_key: Option<TextRange>,
}

impl MessagePlan {
    /// A message that is about no registered resource.
    fn unrelated(request: bool) -> MessagePlan {
        MessagePlan {
            request,
            resource: None,
            operation: None,
            payload: Payload::Unchecked,
            url_key: None,
        }
    }

    /// Whether the message is a request.
    pub fn is_request(&self) -> bool {
        self.request
    }

    /// Whether the message is a request to a registered resource.
    pub fn is_request_to_a_resource(&self) -> bool {
        self.request && self.resource.is_some()
    }
}

/// Matches one message to its resource and operation, appending URL, method, status and header
/// findings to `out`. `previous` is the plan of the request a response answers (the message
/// before it).
pub(crate) fn plan_message(
    text: &str,
    message: &HttpMessage,
    patch_document: bool,
    models: &[ResourceModel],
    previous: Option<&MessagePlan>,
    source: Source,
    out: &mut Vec<Diagnostic>,
) -> MessagePlan {
    match message.start_line {
        StartLine::Response { status, range, .. } => {
            let Some(request) = previous.filter(|p| p.resource.is_some()) else {
                return MessagePlan::unrelated(false);
            };
            let payload = match (request.operation, slice(text, status).parse::<u16>()) {
                (Some(op), Ok(code)) if (200..300).contains(&code) => {
                    if op.response(code).is_none() {
                        let expected: Vec<String> =
                            op.responses.iter().map(|r| r.status.to_string()).collect();
                        out.push(diagnostic(
                            Code::UnexpectedStatus,
                            if status.is_empty() { range } else { status },
                            format!(
                                "Graph answers {} {} with {}, not {code}",
                                op.method,
                                op.kind.name(),
                                expected.join(" or ")
                            ),
                            None,
                        ));
                    }
                    Payload::of_response(op, code)
                }
                _ => Payload::Unchecked,
            };
            MessagePlan {
                request: false,
                payload,
                ..request.clone()
            }
        }
        StartLine::Request {
            method,
            target,
            range,
            ..
        } => {
            let target_range = target;
            let mut url_findings = Vec::new();
            let Some(target) = match_target(text, target, models, source, &mut url_findings) else {
                return MessagePlan::unrelated(true);
            };
            out.append(&mut url_findings);
            let model = &models[target.index];
            let method_text = match slice(text, method) {
                "" => "GET",
                m => m,
            };
            let anchor = if method.is_empty() { range } else { method };
            let operation = Operation::find(method_text, target.shape);
            let payload = match operation {
                Some(op) => {
                    check_operation(message, op, model, anchor, range, out);
                    crate::query_check::check_query(text, target_range, op, model, out);
                    match op.request_body {
                        RequestBody::PartialEntity if patch_document => Payload::PatchDocument,
                        RequestBody::PartialEntity => Payload::Update,
                        RequestBody::Entity => Payload::Create,
                        RequestBody::None => Payload::Unchecked,
                    }
                }
                None => wrong_method(text, message, method_text, anchor, &target, model, out),
            };
            if payload == Payload::PatchDocument {
                // The document's own finding says which Content-Type Graph reads; its fix
                // sets it together with the body.
                check_content_length_header(text, message, source, out);
                check_authorization(text, message, anchor, source, out);
            } else if payload.is_checked() {
                check_headers(text, message, anchor, source, out);
            } else {
                check_authorization(text, message, anchor, source, out);
            }
            MessagePlan {
                request: true,
                resource: Some(target.index),
                operation,
                payload,
                url_key: target.key,
            }
        }
    }
}

/// Findings about a request that is operation `op`: a note when only Graph's generated API has
/// it (once per file: `out` holds the file's findings so far), a body where none is taken, a
/// missing body where one is needed.
fn check_operation(
    message: &HttpMessage,
    op: &Operation,
    model: &ResourceModel,
    anchor: TextRange,
    start_line: TextRange,
    out: &mut Vec<Diagnostic>,
) {
    let d = model.descriptor();
    let noted = out.iter().any(|f| f.code == Code::GeneratedOnlyOperation);
    if !op.is_documented(d) && !noted {
        let documented: Vec<&str> = OPERATIONS
            .iter()
            .filter(|o| o.is_documented(d))
            .map(|o| o.kind.name())
            .collect();
        out.push(diagnostic(
            Code::GeneratedOnlyOperation,
            anchor,
            format!(
                "The {} operation ({}) is not in the Graph docs, only in Graph's generated API and SDKs\nThe docs document only {} for {}",
                op.kind.name(),
                op.method,
                if documented.is_empty() { "no operation".to_owned() } else { documented.join(" and ") },
                d.name()
            ),
            None,
        ));
    }
    match (op.request_body, message.body) {
        (RequestBody::None, Some(body)) => out.push(diagnostic(
            Code::UnexpectedBody,
            body,
            format!("A {} request takes no body: Graph ignores it", op.method),
            None,
        )),
        (RequestBody::PartialEntity | RequestBody::Entity, None) => {
            let message = if op.request_body == RequestBody::Entity {
                format!(
                    "{} without a body: send the {} to create as a JSON object",
                    op.method,
                    d.name()
                )
            } else {
                format!(
                    "{} without a body: send a JSON object with the properties to change",
                    op.method
                )
            };
            out.push(diagnostic(Code::EmptyBody, start_line, message, None));
        }
        _ => {}
    }
}

/// A request whose method no operation on its path answers: an `http-method` error (`http-url`
/// when the method belongs on the item and the URL lacks the key). The body is checked only when
/// the intent is plain: a body sent with PUT to an item is an update, and the fix says PATCH.
fn wrong_method(
    text: &str,
    message: &HttpMessage,
    method_text: &str,
    anchor: TextRange,
    target: &Target,
    model: &ResourceModel,
    out: &mut Vec<Diagnostic>,
) -> Payload {
    let d = model.descriptor();
    let on_item = Operation::find(method_text, PathShape::Item);
    let update = OperationKind::Update.operation();
    if target.shape == PathShape::Collection && on_item.is_some() {
        out.push(diagnostic(
            Code::HttpUrl,
            message.start_line.range(),
            format!(
                "{method_text} targets one {}: add its id to the URL\n{}",
                d.name(),
                d.item_path()
            ),
            None,
        ));
        return match on_item.map(|op| op.request_body) {
            Some(RequestBody::PartialEntity) => Payload::Update,
            _ => Payload::Unchecked,
        };
    }
    let allowed: Vec<&str> = Operation::on_path(target.shape)
        .map(|op| op.method)
        .collect();
    let put_update = target.shape == PathShape::Item
        && method_text.eq_ignore_ascii_case("PUT")
        && message.body.is_some();
    let fix = (put_update && !anchor.is_empty() && slice(text, anchor) == method_text)
        .then(|| Fix::replace(format!("Use {}", update.method), anchor, update.method));
    let path_kind = match target.shape {
        PathShape::Collection => "collection",
        PathShape::Item => "item",
        PathShape::Count => "$count",
    };
    let message = if put_update {
        format!(
            "{method_text} is not how Graph updates a {}: use {}",
            d.name(),
            update.method
        )
    } else {
        format!(
            "Graph has no {method_text} on the {} {path_kind}: it answers {} there",
            d.name(),
            allowed.join(", ")
        )
    };
    out.push(diagnostic(Code::HttpMethod, anchor, message, fix));
    if put_update {
        Payload::Update
    } else {
        Payload::Unchecked
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
    match header(text, message, "Content-Type") {
        None if message.body.is_some() => {
            let add = add_content_type(text, message);
            out.push(diagnostic(
                Code::MissingContentType,
                anchor,
                "Graph needs `Content-Type: application/json` on a request with a JSON body"
                    .to_owned(),
                Some(Fix::edits(
                    "Add `Content-Type: application/json`",
                    vec![add],
                )),
            ));
        }
        Some(h) => {
            let value = slice(text, h.value);
            if !is_json_media_type(value) {
                out.push(diagnostic(
                    Code::WrongContentType,
                    h.value,
                    format!(
                        "Content-Type is `{value}`: Graph reads request bodies as application/json"
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
    check_content_length_header(text, message, source, out);
    check_authorization(text, message, anchor, source, out);
}

/// Whether a Content-Type value is application/json (parameters such as `charset` aside).
pub(crate) fn is_json_media_type(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("");
    media.trim().eq_ignore_ascii_case("application/json")
}

/// The edit that adds `Content-Type: application/json` after the last header of `message`.
pub(crate) fn add_content_type(text: &str, message: &HttpMessage) -> Edit {
    let after = message
        .headers
        .last()
        .map_or(message.start_line.range().end, |h| h.range.end);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    Edit {
        range: TextRange::empty(after),
        new_text: format!("{newline}Content-Type: application/json"),
    }
}

/// The `Content-Length` rule, when the message has the header and a body.
fn check_content_length_header(
    text: &str,
    message: &HttpMessage,
    source: Source,
    out: &mut Vec<Diagnostic>,
) {
    if let (Some(h), Some(body)) = (header(text, message, "Content-Length"), message.body) {
        check_content_length(text, body, h.value, source, out);
    }
}

/// The header of `message` named `name` (case-insensitive), if any.
pub(crate) fn header<'m>(text: &str, message: &'m HttpMessage, name: &str) -> Option<&'m Header> {
    message
        .headers
        .iter()
        .find(|h| slice(text, h.name).eq_ignore_ascii_case(name))
}

/// A request file's request needs `Authorization` (docs leave it out on purpose).
fn check_authorization(
    text: &str,
    message: &HttpMessage,
    anchor: TextRange,
    source: Source,
    out: &mut Vec<Diagnostic>,
) {
    if source == Source::RequestFile && header(text, message, "Authorization").is_none() {
        out.push(diagnostic(
            Code::MissingAuthorization,
            anchor,
            "No Authorization header: Graph needs `Authorization: Bearer {token}`".to_owned(),
            None,
        ));
    }
}

/// The body's length with the other line ending: CRLF for every LF when the body has bare LFs,
/// LF for every CRLF otherwise.
fn other_line_ending_len(body: &str) -> Option<usize> {
    let crlf = body.matches("\r\n").count();
    let lf = body.matches('\n').count();
    match (crlf, lf) {
        (0, 0) => None,
        (0, lf) => Some(body.len() + lf),
        (crlf, lf) if crlf == lf => Some(body.len() - crlf),
        _ => None,
    }
}

/// `Content-Length` must be the body's length. Graph's docs count it with CRLF line endings, so
/// in docs the length with either line ending is right; in a request file, the message says when
/// the other line ending would explain the number.
fn check_content_length(
    text: &str,
    body: TextRange,
    value: TextRange,
    source: Source,
    out: &mut Vec<Diagnostic>,
) {
    let actual = body.len() as usize;
    let declared = slice(text, value);
    let declared_len = declared.parse::<usize>().ok();
    if declared_len == Some(actual) {
        return;
    }
    let other = other_line_ending_len(slice(text, body));
    if source == Source::Docs && declared_len.is_some() && declared_len == other {
        return;
    }
    let explained = if declared_len.is_some() && declared_len == other {
        let ending = if slice(text, body).contains("\r\n") {
            "LF"
        } else {
            "CRLF"
        };
        format!(" (it is the length with {ending} line endings)")
    } else {
        String::new()
    };
    out.push(diagnostic(
        Code::ContentLengthMismatch,
        value,
        format!("Content-Length says {declared} but the body is {actual} bytes{explained}\nClients usually compute it, so consider removing the header"),
        Some(Fix::replace(format!("Set it to {actual}"), value, actual.to_string())),
    ));
}

//! Analysis of one JSON body (a `.json` file, or the body of a request in an `.http` file or a
//! Markdown block): syntax errors, the schema checks, and the Graph rules the schema can't say.

use rustc_hash::FxHashMap;

use credsum_model::edm::{DateTimeError, DateTimeOffset, Int32Literal, GRAPH_FRACTION_DIGITS};
use credsum_syntax::json::{self, JsonParse, JsonTree, Member, NodeId, NodeKind};
use credsum_syntax::TextRange;

use crate::config::Config;
use crate::diagnostic::{declared, diagnostic, Diagnostic, Edit, Fix};
use crate::payload::{Body, BodyContext, BodyRole, Payload};
use crate::removal::remove_member;
use crate::resource_model::{PropertyModel, ResourceModel};
use crate::rules::Code;
use crate::schema_check;
use credsum_model::annotations::{Annotation, Place};
use credsum_model::operations::COLLECTION_VALUE;

/// Checks the body in `range` of `text`.
pub(crate) fn check_body(
    text: &str,
    range: TextRange,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    check_parsed(&json::parse_range(text, range), range, ctx, out);
}

/// Checks a lowered body against `model` by what it carries: a PATCH or POST body, a response
/// entity, or a collection page whose every item is checked as the entity on its own lines.
pub(crate) fn check_payload(
    text: &str,
    body: &Body,
    model: &ResourceModel,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    let url_key = literal_url_key(text, body);
    check_sent(text, body.range, body.payload, url_key, model, config, out);
}

/// Checks `text[range]` as a body carrying `payload` of `model`, sent to a URL whose literal
/// key is `url_key` (a body in a file of its own gets the key from the request that sends it).
pub(crate) fn check_sent(
    text: &str,
    range: TextRange,
    payload: Payload,
    url_key: Option<&str>,
    model: &ResourceModel,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    let role = match payload {
        Payload::Update => BodyRole::Update,
        Payload::Create => BodyRole::Create,
        Payload::EntityResponse => BodyRole::Response,
        Payload::CollectionResponse => {
            let ctx = BodyContext {
                model,
                role: BodyRole::Response,
                url_key: None,
                config,
            };
            return check_collection(text, range, &ctx, out);
        }
        // A patch document is checked op by op (`crate::json_patch`), by the caller.
        Payload::PatchDocument | Payload::Unchecked => return,
    };
    let ctx = BodyContext {
        model,
        role,
        url_key,
        config,
    };
    check_body(text, range, &ctx, out);
}

/// The key of the request URL a body is sent to, unless it is a `{placeholder}`.
pub(crate) fn literal_url_key<'t>(text: &'t str, body: &Body) -> Option<&'t str> {
    body.url_key
        .and_then(|k| text.get(k.as_usize()))
        .filter(|k| !k.starts_with('{'))
}

/// The annotations a collection page may carry, as a list for messages.
fn page_annotations() -> String {
    Annotation::in_place(Place::CollectionPage)
        .map(|a| format!("`{}`", a.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a collection page (`{"@odata.context": …, "value": [entity…], "@odata.nextLink": …}`):
/// `value` must be an array, other members OData annotations; each item is checked as a
/// response entity in place.
fn check_collection(
    text: &str,
    range: TextRange,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let parse = json::parse_range(text, range);
    let tree = &parse.tree;
    if !parse.errors.is_empty() {
        return check_parsed(&parse, range, ctx, out);
    }
    let Some(root) = tree.root() else { return };
    let name = ctx.model.descriptor().name();
    if tree.kind(root) != NodeKind::Object {
        out.push(diagnostic(
            Code::RootNotObject,
            tree.range(root),
            format!("Graph returns a page of {name} items as a JSON object with `value`"),
            None,
        ));
        return;
    }
    let members = tree.members(root);
    check_duplicates(tree, members, BODY_REPEATS_A_KEY, out);
    let mut has_value = false;
    for member in members {
        let key = tree.name(member);
        if key == COLLECTION_VALUE {
            has_value = true;
            let Some(value) = member.value() else {
                continue;
            };
            if tree.kind(value) != NodeKind::Array {
                out.push(diagnostic(
                    Code::WrongType,
                    tree.range(value),
                    format!("`value` holds the page's {name} items: Graph returns an array here"),
                    None,
                ));
                continue;
            }
            for &item in tree.elements(value) {
                check_body(text, tree.range(item), ctx, out);
            }
        } else if !Annotation::find(key).is_some_and(|a| a.places.contains(&Place::CollectionPage))
        {
            // A page is a response: the rule's second severity.
            out.push(declared(
                Code::UnknownProperty,
                true,
                member.key,
                format!("`{key}` is not part of a page of {name} items\nGraph returns `value` and @odata annotations ({})", page_annotations()),
                None,
                None,
            ));
        }
    }
    if !has_value {
        out.push(diagnostic(
            Code::Schema,
            TextRange::empty(tree.range(root).start),
            format!("A page of {name} items has `value`, the array of items Graph returns"),
            None,
        ));
    }
}

/// Checks an already parsed body that spans `range`.
pub(crate) fn check_parsed(
    parse: &JsonParse<'_>,
    range: TextRange,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    syntax_findings(parse, out);
    let tree = &parse.tree;
    let Some(root) = tree.root() else {
        if parse.errors.is_empty() {
            let name = ctx.model.descriptor().name();
            let message = match ctx.role {
                BodyRole::Update => format!(
                    "The body is empty: a PATCH needs a JSON object with the {name} properties to change"
                ),
                BodyRole::Create => {
                    format!("The body is empty: a POST needs the {name} to create as a JSON object")
                }
                BodyRole::Response => format!("The response body is empty where Graph returns a {name}"),
            };
            out.push(diagnostic(
                Code::EmptyBody,
                TextRange::empty(range.start),
                message,
                None,
            ));
        }
        return;
    };
    let members = match tree.kind(root) {
        NodeKind::Object => tree.members(root),
        _ => &[],
    };
    let has_duplicates = check_duplicates(tree, members, BODY_REPEATS_A_KEY, out);
    schema_check::check(tree, root, has_duplicates, ctx, out);
    if tree.kind(root) != NodeKind::Object {
        return;
    }
    if members.is_empty() && parse.errors.is_empty() && ctx.role == BodyRole::Update {
        out.push(declared(
            Code::EmptyBody,
            true,
            tree.range(root),
            "An empty object: this PATCH changes nothing".to_owned(),
            None,
            None,
        ));
    }
    for (index, member) in members.iter().enumerate() {
        let (Some(property), Some(value)) = (ctx.model.property(tree.name(member)), member.value())
        else {
            continue;
        };
        check_member(tree, root, index, property, value, ctx, out);
    }
}

/// The syntax errors of a parsed body, with their fixes.
pub(crate) fn syntax_findings(parse: &JsonParse<'_>, out: &mut Vec<Diagnostic>) {
    for error in &parse.errors {
        let fix = error
            .fix
            .as_ref()
            .map(|f| Fix::replace(fix_title(f.replacement), f.range, f.replacement));
        out.push(diagnostic(
            Code::Syntax(error.kind),
            error.range,
            error.kind.message().to_owned(),
            fix,
        ));
    }
}

/// Title of a syntax fix.
fn fix_title(replacement: &str) -> String {
    if replacement.is_empty() {
        "Remove it".to_owned()
    } else {
        format!("Insert `{replacement}`")
    }
}

/// What Graph does with a body object that repeats a key, for `duplicate-key` messages.
pub(crate) const BODY_REPEATS_A_KEY: &str = "Graph rejects a body that names a property twice";

/// Flags every repeated key after its first occurrence, saying `consequence`; says whether there
/// was one.
pub(crate) fn check_duplicates(
    tree: &JsonTree<'_>,
    members: &[Member],
    consequence: &str,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let mut any = false;
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    seen.reserve(members.len());
    for member in members {
        let name = tree.name(member);
        let count = seen.entry(name).or_insert(0);
        *count += 1;
        any |= *count > 1;
        if *count == 2 {
            let message = format!("`{name}` appears more than once\n{consequence}");
            out.push(diagnostic(Code::DuplicateKey, member.key, message, None));
        }
    }
    any
}

/// The Graph rules for one known property.
fn check_member(
    tree: &JsonTree<'_>,
    object: NodeId,
    index: usize,
    p: &PropertyModel,
    value: NodeId,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let members = tree.members(object);
    let site = ValueSite {
        key: members[index].key,
        removal: remove_member(members, index),
    };
    check_key_rules(tree, p, value, &site, ctx, out);
    check_value_rules(tree, Some(object), p, value, out);
}

/// Where a request sets a property: the node that names it (a body member's key, a JSON Patch
/// operation's `path`) and the edit that leaves it out of the request.
pub(crate) struct ValueSite {
    /// The node naming the property.
    pub key: TextRange,
    /// The edit that takes the property out of the request, when one is safe.
    pub removal: Option<Edit>,
}

/// The rules on setting property `p` to `value` in a request: the key (`id`) comes from the URL,
/// read-only properties.
pub(crate) fn check_key_rules(
    tree: &JsonTree<'_>,
    p: &PropertyModel,
    value: NodeId,
    site: &ValueSite,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let range = tree.range(value);
    if ctx.role == BodyRole::Update && p.key {
        let text = tree.string_value(value);
        match (ctx.url_key, text.as_deref()) {
            (Some(url), Some(body)) if url != body => out.push(diagnostic(
                Code::IdMismatch,
                range,
                format!(
                    "The body's `{}` differs from the request URL's \"{url}\"\nIn the body: \"{body}\"",
                    p.name
                ),
                None,
            )),
            _ => out.push(diagnostic(
                Code::IdInBody,
                site.key,
                format!(
                    "`{}` is the key: a PATCH takes it from the URL, so leave it out of the body",
                    p.name
                ),
                site.removal
                    .clone()
                    .map(|edit| Fix::edits(format!("Remove `{}`", p.name), vec![edit])),
            )),
        }
    } else if ctx.role.is_request() && p.read_only && ctx.config.is_on(Code::ReadOnlyProperty) {
        out.push(diagnostic(
            Code::ReadOnlyProperty,
            site.key,
            format!("The Graph docs call `{}` read-only", p.name),
            None,
        ));
    }
}

/// The Graph rules on a value of property `p` the schema cannot say: docs placeholders, known
/// values, timestamp precision, counts (bounded by their sibling in `object`, when given).
pub(crate) fn check_value_rules(
    tree: &JsonTree<'_>,
    object: Option<NodeId>,
    p: &PropertyModel,
    value: NodeId,
    out: &mut Vec<Diagnostic>,
) {
    match tree.kind(value) {
        NodeKind::String => check_string(tree, value, p, out),
        NodeKind::Number => {
            check_integer_literal(tree, value, p, out);
            check_count(tree, object, value, p, out);
        }
        _ => {}
    }
}

/// An integer property's number as Graph's SDKs read it, judged on the literal's text
/// ([`Int32Literal`]): a whole number written with a fraction part or an exponent reads as
/// unset (a warning, fixed to its plain digits); a fraction too small for a 64-bit float to
/// keep (`1.0000000000000000001`, `1e-324`), which the schema validator takes as whole, is not
/// an integer. Out-of-range values are left to `int32-out-of-range`.
fn check_integer_literal(
    tree: &JsonTree<'_>,
    value: NodeId,
    p: &PropertyModel,
    out: &mut Vec<Diagnostic>,
) {
    if !p.allows("integer") || p.allows("number") {
        return;
    }
    let Some(text) = tree.number_text(value) else {
        return;
    };
    let range = tree.range(value);
    match Int32Literal::of(text) {
        Some(Int32Literal::Whole(Some(plain))) if plain.parse::<i32>().is_ok() => {
            out.push(diagnostic(
                Code::IntegerNotation,
                range,
                format!(
                    "`{}` is {text}, which Graph's SDKs read as unset: write the {} as {plain}",
                    p.name,
                    p.type_label()
                ),
                Some(Fix::replace(format!("Write {plain}"), range, plain)),
            ));
        }
        // A fraction a 64-bit float loses: the only non-whole literal the validator lets by.
        Some(Int32Literal::NotWhole) if text.parse::<f64>().is_ok_and(|f| f.fract() == 0.0) => {
            out.push(schema_check::not_an_integer(range, p, text));
        }
        _ => {}
    }
}

/// Rules on string values: the "String" docs placeholder, known values, timestamp precision.
fn check_string(tree: &JsonTree<'_>, value: NodeId, p: &PropertyModel, out: &mut Vec<Diagnostic>) {
    let range = tree.range(value);
    let Some(text) = tree.string_value(value) else {
        return;
    };
    if p.allows("string")
        && p.format.is_none()
        && p.docs_placeholder.as_deref() == Some(text.as_ref())
    {
        out.push(diagnostic(
            Code::StringPlaceholder,
            range,
            format!(
                "\"{text}\" is the Graph docs' placeholder: put the real {} here",
                p.name
            ),
            None,
        ));
        return;
    }
    if !p.known_values.is_empty() && !p.known_values.iter().any(|k| *k == text) {
        let canonical = p
            .known_values
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&text));
        let known = p.known_values.join(", ");
        out.push(match canonical {
            Some(c) => diagnostic(
                Code::UnknownValue,
                range,
                format!(
                    "Graph writes `{}` as \"{c}\"\nValues seen: {known}",
                    p.name
                ),
                Some(Fix::replace(
                    format!("Replace with \"{c}\""),
                    range,
                    format!("\"{c}\""),
                )),
            ),
            None => diagnostic(
                Code::UnknownValue,
                range,
                format!(
                    "\"{text}\" is not a value Graph is known to use for `{}`\nValues seen: {known}",
                    p.name
                ),
                None,
            ),
        });
    }
    if p.format.as_deref() == Some("date-time") {
        // The limits of .NET's DateTimeOffset, which the schema's `date-time` format lets by.
        if let Err(DateTimeError::DotNetRange(_)) = DateTimeOffset::parse(&text) {
            out.push(schema_check::bad_string_format(tree, value, Some(p)));
        }
        if let Ok(digits) = DateTimeOffset::fraction_digits_of(&text) {
            if digits > GRAPH_FRACTION_DIGITS {
                out.push(diagnostic(
                    Code::DateTimePrecision,
                    range,
                    format!("{digits} fractional second digits: Graph keeps {GRAPH_FRACTION_DIGITS} and drops the rest"),
                    None,
                ));
            }
        }
    }
}

/// Domain sanity of counts: never negative, never above their bound (e.g. totalUserCount).
fn check_count(
    tree: &JsonTree<'_>,
    object: Option<NodeId>,
    value: NodeId,
    p: &PropertyModel,
    out: &mut Vec<Diagnostic>,
) {
    let Some(n) = tree.number_text(value).and_then(|t| t.parse::<i64>().ok()) else {
        return;
    };
    // A number outside the schema's bounds is int32-out-of-range's finding alone: one per mistake.
    if p.minimum.is_some_and(|m| n < m) || p.maximum.is_some_and(|m| n > m) {
        return;
    }
    let range = tree.range(value);
    if p.non_negative && n < 0 {
        out.push(diagnostic(
            Code::NegativeCount,
            range,
            format!("`{}` counts users: {n} is below zero", p.name),
            None,
        ));
    }
    let (Some(bound_name), Some(object)) = (&p.at_most, object) else {
        return;
    };
    let bound = tree
        .members(object)
        .iter()
        .rev()
        .find(|m| tree.name(m) == bound_name.as_str())
        .and_then(Member::value)
        .and_then(|v| tree.number_text(v))
        .and_then(|t| t.parse::<i64>().ok());
    if let Some(bound) = bound.filter(|b| n > *b) {
        out.push(diagnostic(
            Code::CountExceedsTotal,
            range,
            format!("`{}` is {n}, more than `{bound_name}` ({bound})", p.name),
            None,
        ));
    }
}

//! Schema-level checks: the body is validated by the `jsonschema` crate against the same schema
//! `credsum export` writes, and each violation is mapped back through its instance path to the
//! smallest node (a key for unknown properties, a value for wrong values), then worded for Graph
//! developers with a fix where one is safe.

use credsum_model::edm::DateTimeOffset;
use credsum_syntax::json::{self, JsonTree, Member, NodeId, NodeKind};
use credsum_syntax::TextRange;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use rustc_hash::FxHashSet;
use std::sync::Arc;

use crate::diagnostic::{declared, diagnostic, Applicability, Diagnostic, Fix};
use crate::payload::BodyContext;
use crate::removal::remove_member;
use crate::resource_model::PropertyModel;
use crate::rules::Code;
use crate::suggest;
use crate::tree_json::TreeNode;

/// Above this many unknown properties in one object, none gets a "did you mean".
const MAX_SUGGESTED: usize = 100;

/// Members of a big root object validated at a time, when the schema judges each member on its
/// own (see [`ResourceModel::members_independent`]): the validator gives each error a
/// `serde_json::Value` copy of the object it is about (`additionalProperties` on the root, for
/// one), which stays a few hundred members instead of the whole document.
///
/// [`ResourceModel::members_independent`]: crate::resource_model::ResourceModel::members_independent
const SLICE_MEMBERS: usize = 512;

/// Validates the tree under `root` and appends the findings. `has_duplicates` says whether the
/// root object repeats a key (then it is validated whole, as a JSON reader would see it).
pub(crate) fn check(
    tree: &JsonTree<'_>,
    root: NodeId,
    has_duplicates: bool,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(validator) = ctx.model.validator() else {
        return;
    };
    let members = match tree.kind(root) {
        NodeKind::Object => tree.members(root),
        _ => &[],
    };
    let first = out.len();
    let mut unknown = Vec::new();
    let mut scope = Scope {
        tree,
        root,
        members,
        offset: 0,
        ctx,
    };
    if members.len() > SLICE_MEMBERS && !has_duplicates && ctx.model.members_independent() {
        for (n, slice) in members.chunks(SLICE_MEMBERS).enumerate() {
            scope.members = slice;
            scope.offset = n * SLICE_MEMBERS;
            let instance = TreeNode::root_slice(tree, root, slice);
            scope.report(validator.iter_errors(instance), &mut unknown, out);
        }
    } else {
        let instance = TreeNode::root(tree, root, !has_duplicates);
        scope.report(validator.iter_errors(instance), &mut unknown, out);
    }
    keep_one_per_node_and_rule(out, first);
    // Typos come one or two at a time: each gets its name and a "did you mean". Hundreds of
    // unknown names are generated or foreign data, where suggestions would cost time and help
    // nobody: they share one message (the squiggle is under each name). Room for them all at
    // once: doubling the list of 250,000 findings would hold it twice for a moment.
    if unknown.is_empty() {
        return;
    }
    out.reserve_exact(unknown.len());
    if unknown.len() <= MAX_SUGGESTED {
        let candidates = absent_properties(tree, members, ctx);
        out.extend(unknown.iter().filter_map(|&i| {
            let member = members.get(i as usize)?;
            let name = tree.name(member);
            Some(
                already_set(tree, members, i as usize, &candidates, ctx)
                    .unwrap_or_else(|| unknown_property(member.key, name, &candidates, ctx)),
            )
        }));
    } else {
        let shared: Arc<String> = format!(
            "Unknown property on {} (one of {} in this object)\n{}",
            ctx.model.descriptor().name(),
            unknown.len(),
            unknown_consequence(ctx)
        )
        .into();
        // One finding worded and configured, the others copied from it with their own range.
        let template = unknown_finding(TextRange::empty(0), shared, None, ctx);
        let unknown = unknown.iter().filter_map(|&i| members.get(i as usize));
        out.extend(unknown.map(|member| Diagnostic {
            range: member.key,
            ..template.clone()
        }));
    }
}

/// Validates `value` as the value of property `p` on its own (a JSON Patch operation's
/// `value`): the same findings, with the same codes and words, as the member `p` of a body
/// object gets for that value.
pub(crate) fn check_value(
    tree: &JsonTree<'_>,
    value: NodeId,
    p: &PropertyModel,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(validator) = ctx.model.property_validator(p) else {
        return;
    };
    let first = out.len();
    for error in validator.iter_errors(TreeNode::root(tree, value, false)) {
        let segments: Vec<LocationSegment<'_>> = error.instance_path().iter().collect();
        let Some(node) = descend(tree, value, &segments) else {
            continue;
        };
        let property = segments.is_empty().then_some(p);
        let fallback = error.to_string();
        map_error(
            tree,
            node,
            property,
            false,
            error.kind(),
            &fallback,
            ctx,
            out,
        );
    }
    keep_one_per_node_and_rule(out, first);
}

/// Drops findings from index `first` on that repeat the rule and range of an earlier one from
/// there: `pattern` and `format` both flag a bad timestamp.
/// Only the findings from `first` on are looked at, so checking many values one at a time (a
/// JSON Patch document of 100,000 operations) stays linear.
fn keep_one_per_node_and_rule(out: &mut Vec<Diagnostic>, first: usize) {
    if out.len() < first + 2 {
        return;
    }
    let mut seen = FxHashSet::default();
    let added = out.split_off(first);
    out.extend(added.into_iter().filter(|d| seen.insert((d.code, d.range))));
}

/// The node below `start` that `segments` of an instance path lead to: object segments pick the
/// last member of that name (the one a JSON reader keeps), array segments pick elements.
fn descend(tree: &JsonTree<'_>, start: NodeId, segments: &[LocationSegment<'_>]) -> Option<NodeId> {
    segments
        .iter()
        .try_fold(start, |node, segment| match segment {
            LocationSegment::Property(name) => last_named(tree, tree.members(node), name),
            LocationSegment::Index(i) => tree.elements(node).get(*i).copied(),
        })
}

/// What Graph does with an unknown property, the end of every unknown-property message: a
/// request is rejected; a response never holds one.
fn unknown_consequence(ctx: &BodyContext<'_>) -> &'static str {
    if ctx.role.is_request() {
        "Graph rejects unknown properties with 400 RequestBodyRead"
    } else {
        "Graph does not return such a property"
    }
}

/// An unknown-property finding: the rule's default severity in a request, its second one (the
/// rule declares it for responses) in a response.
fn unknown_finding(
    key: TextRange,
    message: impl Into<Arc<String>>,
    fix: Option<Fix>,
    ctx: &BodyContext<'_>,
) -> Diagnostic {
    let response = !ctx.role.is_request();
    declared(Code::UnknownProperty, response, key, message, fix, None)
}

/// The part of the root object one validator run sees.
struct Scope<'t, 'a> {
    tree: &'t JsonTree<'a>,
    root: NodeId,
    /// The root members in this run (all of them, or one slice).
    members: &'t [Member],
    /// Index of `members[0]` among all root members.
    offset: usize,
    ctx: &'t BodyContext<'t>,
}

impl Scope<'_, '_> {
    /// Maps the validator's errors to findings; unknown root members go to `unknown` (as indices
    /// among all root members), to be worded once the whole object has been seen.
    fn report<'e>(
        &self,
        errors: impl Iterator<Item = jsonschema::ValidationError<'e>>,
        unknown: &mut Vec<u32>,
        out: &mut Vec<Diagnostic>,
    ) {
        for error in errors {
            let segments: Vec<LocationSegment<'_>> = error.instance_path().iter().collect();
            if let (ValidationErrorKind::AdditionalProperties { unexpected }, []) =
                (error.kind(), segments.as_slice())
            {
                self.mark_unknown(unexpected, unknown);
                continue;
            }
            let Some(node) = self.node_at_path(&segments) else {
                continue;
            };
            let property = match segments.as_slice() {
                [LocationSegment::Property(name)] => self.ctx.model.property(name),
                _ => None,
            };
            map_error(
                self.tree,
                node,
                property,
                segments.is_empty(),
                error.kind(),
                &error.to_string(),
                self.ctx,
                out,
            );
        }
    }

    /// Adds the members named in `unexpected` to `unknown`. The validator lists the names in
    /// member order, so one walk in step finds them; a set is built only for the members that
    /// break the step (repeated keys, members without a value).
    fn mark_unknown(&self, unexpected: &[String], unknown: &mut Vec<u32>) {
        let mut next = 0;
        let mut set: Option<FxHashSet<&str>> = None;
        for (i, member) in self.members.iter().enumerate() {
            let name = self.tree.name(member);
            let hit = if unexpected.get(next).is_some_and(|u| u == name) {
                next += 1;
                true
            } else {
                set.get_or_insert_with(|| unexpected.iter().map(String::as_str).collect())
                    .contains(name)
            };
            if hit {
                // Members start at distinct bytes of a text under 4 GiB: the index fits.
                unknown.push(u32::try_from(self.offset + i).unwrap_or(u32::MAX));
            }
        }
    }

    /// The node an instance path points at: object segments pick the last member of that name
    /// (the one a JSON reader keeps), array segments pick elements; the first segment is looked
    /// up among this run's root members.
    fn node_at_path(&self, segments: &[LocationSegment<'_>]) -> Option<NodeId> {
        let Some((first, rest)) = segments.split_first() else {
            return Some(self.root);
        };
        let start = match first {
            LocationSegment::Property(name) => last_named(self.tree, self.members, name)?,
            LocationSegment::Index(i) => self.tree.elements(self.root).get(*i).copied()?,
        };
        descend(self.tree, start, rest)
    }
}

/// The value of the last member called `name`.
fn last_named(tree: &JsonTree<'_>, members: &[Member], name: &str) -> Option<NodeId> {
    members
        .iter()
        .rev()
        .find(|m| tree.name(m) == name)
        .and_then(Member::value)
}

/// The resource's property names that the object does not use yet: the "did you mean" candidates.
fn absent_properties<'m>(
    tree: &JsonTree<'_>,
    members: &[Member],
    ctx: &BodyContext<'m>,
) -> Vec<&'m str> {
    let properties = ctx.model.properties();
    let mut present = vec![false; properties.len()];
    for member in members {
        let name = tree.name(member);
        if let Some(i) = properties.iter().position(|p| p.name == name) {
            present[i] = true;
        }
    }
    properties
        .iter()
        .zip(present)
        .filter(|(_, present)| !present)
        .map(|(p, _)| p.name.as_str())
        .collect()
}

/// Turns one validator error at `node` into diagnostics.
#[allow(clippy::too_many_arguments)]
fn map_error(
    tree: &JsonTree<'_>,
    node: NodeId,
    property: Option<&PropertyModel>,
    at_root: bool,
    kind: &ValidationErrorKind,
    fallback: &str,
    ctx: &BodyContext<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let range = tree.range(node);
    let type_name = ctx.model.descriptor().name();
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            // Unknown members of a nested object: no suggestions (the names are the root's).
            let unexpected: FxHashSet<&str> = unexpected.iter().map(String::as_str).collect();
            for member in tree
                .members(node)
                .iter()
                .filter(|m| unexpected.contains(tree.name(m)))
            {
                out.push(unknown_property(member.key, tree.name(member), &[], ctx));
            }
        }
        ValidationErrorKind::Type { kind } if at_root => {
            let _ = kind;
            out.push(diagnostic(
                Code::RootNotObject,
                range,
                format!(
                    "The body must be a JSON object with {type_name} properties, not {}",
                    describe(tree, node)
                ),
                None,
            ));
        }
        ValidationErrorKind::Type { kind } => out.push(type_mismatch(tree, node, property, kind)),
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
            let label = property.map_or_else(|| "number".to_owned(), PropertyModel::type_label);
            let side = if matches!(kind, ValidationErrorKind::Minimum { .. }) {
                "below the minimum"
            } else {
                "above the maximum"
            };
            out.push(diagnostic(
                Code::Int32OutOfRange,
                range,
                format!(
                    "{} is {side} {limit} of {label}{}",
                    tree.number_text(node).unwrap_or("the value"),
                    named(property)
                ),
                None,
            ));
        }
        ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. } => {
            out.push(bad_string_format(tree, node, property));
        }
        ValidationErrorKind::Constant { expected_value } => {
            let expected = expected_value.as_ref();
            out.push(diagnostic(
                Code::WrongOdataType,
                range,
                format!(
                    "`{}` must be {expected}\nThis body is a {type_name}",
                    property.map_or("value", |p| p.name.as_str())
                ),
                Some(Fix::replace(
                    format!("Replace with {expected}"),
                    range,
                    expected.to_string(),
                )),
            ));
        }
        _ => out.push(diagnostic(Code::Schema, range, fallback.to_owned(), None)),
    }
}

/// An unknown member `index` whose name looks like a property the object already sets (none of
/// the `absent` ones is close): renaming it would repeat that key, so the fix removes it; unsafe,
/// as its value is dropped from the request.
fn already_set(
    tree: &JsonTree<'_>,
    members: &[Member],
    index: usize,
    absent: &[&str],
    ctx: &BodyContext<'_>,
) -> Option<Diagnostic> {
    let member = members.get(index)?;
    let name = tree.name(member);
    if suggest::closest(name, absent.iter().copied()).is_some() {
        return None;
    }
    let set = ctx
        .model
        .properties()
        .iter()
        .map(|p| p.name.as_str())
        .filter(|p| !absent.contains(p));
    let twin = suggest::closest(name, set)?;
    let message = format!(
        "`{name}` looks like `{twin}`, which is already set\n{}",
        unknown_consequence(ctx)
    );
    let Some(removal) = remove_member(members, index) else {
        return Some(unknown_finding(member.key, message, None, ctx));
    };
    Some(declared(
        Code::UnknownProperty,
        !ctx.role.is_request(),
        member.key,
        message,
        Some(Fix::edits(format!("Remove `{name}`"), vec![removal])),
        Some(Applicability::Unsafe),
    ))
}

/// ` for `name`` when the property is known.
fn named(property: Option<&PropertyModel>) -> String {
    property
        .map(|p| format!(" for `{}`", p.name))
        .unwrap_or_default()
}

/// An unknown property, with the closest of `candidates` (known names not already in the
/// object) as a rename fix when it is unambiguous.
fn unknown_property(
    key: TextRange,
    name: &str,
    candidates: &[&str],
    ctx: &BodyContext<'_>,
) -> Diagnostic {
    let type_name = ctx.model.descriptor().name();
    match suggest::closest(name, candidates.iter().copied()) {
        Some(suggestion) => unknown_finding(
            key,
            [
                "Unknown property `",
                name,
                "`; did you mean `",
                suggestion,
                "`?\n",
                unknown_consequence(ctx),
                " (",
                type_name,
                ")",
            ]
            .concat(),
            Some(Fix::replace(
                format!("Rename to `{suggestion}`"),
                key,
                format!("\"{suggestion}\""),
            )),
            ctx,
        ),
        None => unknown_finding(
            key,
            [
                "Unknown property `",
                name,
                "` on ",
                type_name,
                "\n",
                unknown_consequence(ctx),
            ]
            .concat(),
            None,
            ctx,
        ),
    }
}

/// A value of the wrong JSON type, refined: `null` on a non-nullable property, a docs
/// placeholder, a quoted number or boolean, a fraction for an integer.
fn type_mismatch(
    tree: &JsonTree<'_>,
    node: NodeId,
    property: Option<&PropertyModel>,
    expected: &TypeKind,
) -> Diagnostic {
    let range = tree.range(node);
    let Some(p) = property else {
        return diagnostic(
            Code::WrongType,
            range,
            format!("Expected {expected:?}, found {}", describe(tree, node)),
            None,
        );
    };
    let label = p.type_label();
    match tree.kind(node) {
        NodeKind::Null => diagnostic(
            Code::NullNotAllowed,
            range,
            format!("`{}` cannot be null", p.name),
            None,
        ),
        NodeKind::String => {
            let text = tree.string_value(node).unwrap_or_default();
            if p.docs_placeholder.as_deref() == Some(text.as_ref()) {
                return placeholder(range, p, &text);
            }
            let unquoted = text.trim();
            // The fix writes the text as it is, so it must already be a JSON number literal:
            // Rust's `i64` parser also takes `050` and `+5`, which are not JSON (found by the
            // `json_analysis` fuzz target: the fix turned a valid body into an invalid one).
            let quoted_number = p.allows("integer")
                && json::is_number_literal(unquoted)
                && unquoted.parse::<i64>().is_ok();
            let quoted_bool = p.allows("boolean") && matches!(unquoted, "true" | "false");
            if quoted_number || quoted_bool {
                return diagnostic(
                    Code::QuotedValue,
                    range,
                    format!("`{}` is {label}: write {unquoted} without quotes", p.name),
                    Some(Fix::replace(
                        format!("Remove the quotes: {unquoted}"),
                        range,
                        unquoted,
                    )),
                );
            }
            diagnostic(
                Code::WrongType,
                range,
                format!("`{}` expects {label}, found a string", p.name),
                None,
            )
        }
        NodeKind::Number if p.allows("integer") => {
            not_an_integer(range, p, tree.number_text(node).unwrap_or(""))
        }
        _ => diagnostic(
            Code::WrongType,
            range,
            format!(
                "`{}` expects {label}, found {}",
                p.name,
                describe(tree, node)
            ),
            None,
        ),
    }
}

/// The `not-an-integer` finding of `text`, the value of integer property `p` at `range`.
pub(crate) fn not_an_integer(range: TextRange, p: &PropertyModel, text: &str) -> Diagnostic {
    diagnostic(
        Code::NotAnInteger,
        range,
        format!(
            "`{}` is {}: {text} is not a whole number",
            p.name,
            p.type_label()
        ),
        None,
    )
}

/// A docs placeholder in place of a value, with a fix that writes the schema's example value.
fn placeholder(range: TextRange, p: &PropertyModel, text: &str) -> Diagnostic {
    let fix = p.example.as_ref().map(|example| {
        Fix::replace(
            format!("Replace with an example {}: {example}", p.type_label()),
            range,
            example.to_string(),
        )
    });
    diagnostic(
        Code::DocsPlaceholder,
        range,
        format!(
            "\"{text}\" is the Graph docs' placeholder: `{}` needs {}",
            p.name,
            p.type_label()
        ),
        fix,
    )
}

/// A string that fails its `pattern`/`format` (a DateTimeOffset), or .NET's DateTimeOffset range.
pub(crate) fn bad_string_format(
    tree: &JsonTree<'_>,
    node: NodeId,
    property: Option<&PropertyModel>,
) -> Diagnostic {
    let range = tree.range(node);
    let text = tree.string_value(node).unwrap_or_default();
    if let Some(p) = property.filter(|p| p.docs_placeholder.as_deref() == Some(text.as_ref())) {
        return placeholder(range, p, &text);
    }
    let reason = match DateTimeOffset::parse(&text) {
        Err(error) => error.to_string(),
        Ok(_) => "not a valid timestamp".to_owned(),
    };
    let name = property.map_or("value", |p| p.name.as_str());
    diagnostic(
        Code::InvalidDateTime,
        range,
        format!("\"{text}\" is no DateTimeOffset for `{name}`\n{reason}"),
        None,
    )
}

/// A short description of a node for messages: `a string`, `an array`, `the number 1.5`.
pub(crate) fn describe(tree: &JsonTree<'_>, node: NodeId) -> String {
    match tree.kind(node) {
        NodeKind::Object => "an object".into(),
        NodeKind::Array => "an array".into(),
        NodeKind::String => "a string".into(),
        NodeKind::Number => format!("the number {}", tree.number_text(node).unwrap_or("")),
        NodeKind::Bool => "a boolean".into(),
        NodeKind::Null => "null".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payload::BodyRole;
    use crate::resource_model::{members_independent, ResourceModel};
    use credsum_model::Registry;
    use credsum_syntax::json;

    /// A body of `n` unknown members with every known property spread among them, each with a
    /// value of the wrong type, so that every slice holds findings of several rules.
    fn mixed_body(n: usize, known: &[PropertyModel]) -> String {
        let mut text = String::from("{\"start\": 0");
        let step = n / known.len();
        for i in 0..n {
            if i % step == 0 {
                if let Some(p) = known.get(i / step) {
                    let wrong = if i % 2 == 0 { "[1]" } else { "{\"a\": null}" };
                    text.push_str(&format!(",\"{}\": {wrong}", p.name));
                }
            }
            text.push_str(&format!(",\"unknown{i}\": {i}"));
        }
        text.push('}');
        text
    }

    /// Findings of [`check`] on `text`, validating whole (`whole`) or in slices.
    fn findings(text: &str, whole: bool) -> Vec<Diagnostic> {
        let registry = Registry::graph();
        let model = ResourceModel::new(&registry.resources()[0]);
        let config = crate::config::Config::default();
        let ctx = BodyContext {
            model: &model,
            role: BodyRole::Update,
            url_key: None,
            config: &config,
        };
        let parse = json::parse(text);
        let root = parse.tree.root().expect("a root");
        let mut out = Vec::new();
        check(&parse.tree, root, whole, &ctx, &mut out);
        out.sort_by_key(|d| (d.range.start, d.code.as_str()));
        out
    }

    #[test]
    fn graph_schema_lets_members_be_validated_in_slices() {
        let registry = Registry::graph();
        assert!(ResourceModel::new(&registry.resources()[0]).members_independent());
        assert!(!members_independent(
            &serde_json::json!({"type": "object", "required": ["a"]})
        ));
        assert!(members_independent(
            &serde_json::json!({"type": "object", "x-graph-resource": "a"})
        ));
    }

    #[test]
    fn slices_find_exactly_what_the_whole_object_finds() {
        let registry = Registry::graph();
        let known = ResourceModel::new(&registry.resources()[0])
            .properties()
            .to_vec();
        let text = mixed_body(SLICE_MEMBERS * 3 + 17, &known);
        let sliced = findings(&text, false);
        let whole = findings(&text, true);
        let mut wrong_values: Vec<_> = sliced
            .iter()
            .filter(|d| d.code != "unknown-property")
            .map(|d| d.range)
            .collect();
        wrong_values.dedup();
        assert_eq!(wrong_values.len(), known.len(), "{sliced:#?}");
        assert_eq!(sliced, whole);
    }
}

//! The findings on a JSON Patch document: one for the document (Graph rejects it; the whole
//! conversion as its fix when it is exact), then each operation checked as RFC 6902 §4 and
//! RFC 6901 read it, its `value` judged by the very rules a body member of that property gets.

use rustc_hash::FxHashMap;

use credsum_model::json_patch::{member_pointer, PatchOp};
use credsum_syntax::json::{JsonParse, JsonTree, NodeId, NodeKind};
use credsum_syntax::TextRange;

use super::convert::{conversion_fix, Step};
use super::pointer::{self, PointerError};
use super::{last_named, PatchScope, POINTER_MEMBERS};
use crate::body::{
    check_duplicates, check_key_rules, check_value_rules, literal_url_key, syntax_findings,
    ValueSite,
};
use crate::config::Config;
use crate::diagnostic::{diagnostic, Diagnostic, Fix};
use crate::payload::Body;
use crate::payload::{BodyContext, BodyRole};
use crate::removal::remove_item;
use crate::resource_model::{PropertyModel, ResourceModel};
use crate::rules::Code;
use crate::schema_check::{check_value, describe};
use crate::suggest;

/// Checks the patch document `body` (parsed as `parse`) against `model`.
pub(crate) fn check_patch_document(
    text: &str,
    parse: &JsonParse<'_>,
    body: &Body,
    model: &ResourceModel,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) {
    syntax_findings(parse, out);
    let tree = &parse.tree;
    let scope = if body.request.is_some() {
        PatchScope::Request
    } else {
        PatchScope::File
    };
    let Some(root) = tree
        .root()
        .filter(|_| super::is_patch_document(tree, scope))
    else {
        return;
    };
    let ctx = BodyContext {
        model,
        role: BodyRole::Update,
        url_key: literal_url_key(text, body),
        config,
    };
    let mut checker = Checker {
        tree,
        root,
        ctx: &ctx,
        first_change: FxHashMap::default(),
        out,
    };
    let steps: Vec<Step> = (0..tree.elements(root).len())
        .map(|index| checker.check_op(index))
        .collect();
    let blocked = if parse.errors.is_empty() {
        steps.iter().find_map(|s| match s {
            Step::Blocked(reason) => Some(reason.as_str()),
            _ => None,
        })
    } else {
        Some("the document has syntax errors")
    };
    let open = tree.range(root).start;
    let lead = "A JSON Patch document (RFC 6902), which Graph rejects with 400\nGraph reads a PATCH body as the object of the properties to change (`Content-Type: application/json`)";
    let (message, fix) = match blocked {
        Some(reason) => (
            format!("{lead}; there is no exact conversion to that object: {reason}"),
            None,
        ),
        None => (
            format!("{lead}; the fix converts it to that object"),
            Some(conversion_fix(text, tree, root, &steps, body)),
        ),
    };
    out.push(diagnostic(
        Code::JsonPatchDocument,
        TextRange::new(open, open + 1),
        message,
        fix,
    ));
}

/// The state of one pass over the operations.
struct Checker<'t, 'a, 'o> {
    tree: &'t JsonTree<'a>,
    root: NodeId,
    ctx: &'t BodyContext<'t>,
    /// The index of the first operation changing each top-level name (linear duplicate check).
    first_change: FxHashMap<String, usize>,
    out: &'o mut Vec<Diagnostic>,
}

impl Checker<'_, '_, '_> {
    /// Checks the operation at `index` and says what it does to the merge body.
    fn check_op(&mut self, index: usize) -> Step {
        let tree = self.tree;
        let elements = tree.elements(self.root);
        let op = elements[index];
        let range = tree.range(op);
        if tree.kind(op) != NodeKind::Object {
            self.out.push(diagnostic(
                Code::JsonPatchOp,
                range,
                format!(
                    "The operation at index {index} is {}: each JSON Patch operation is an object with `op` and `path`",
                    describe(tree, op)
                ),
                None,
            ));
            return Step::Blocked(format!("the operation at index {index} is not an object"));
        }
        let members = tree.members(op);
        let consequence =
            "RFC 6902 holds an operation that names a member twice invalid (its appendix A.13)";
        check_duplicates(tree, members, consequence, self.out);
        let brace = TextRange::new(range.start, range.start + 1);
        let kind = self.check_op_name(index, op, brace);
        let label = kind.map_or_else(String::new, |k| format!(" (`{}`)", k.name()));
        self.check_members(index, op, kind, &label);
        let target = self.check_pointer(op, "path", index, brace, &label);
        if matches!(kind, Some(PatchOp::Move | PatchOp::Copy)) {
            self.check_pointer(op, "from", index, brace, &label);
        }
        let property = target.as_ref().and_then(|t| match t.tokens.as_slice() {
            [name] => self.ctx.model.property(name),
            _ => None,
        });
        let value = last_named(tree, members, "value").and_then(|m| m.value());
        if let (Some(kind), Some(target), Some(_)) = (kind, &target, property) {
            if kind != PatchOp::Test {
                self.note_duplicate(index, target);
            }
        }
        if let (
            Some(p),
            Some(value),
            Some(kind @ (PatchOp::Add | PatchOp::Replace | PatchOp::Test)),
        ) = (property, value, kind)
        {
            check_value(tree, value, p, self.ctx, self.out);
            check_value_rules(tree, None, p, value, self.out);
            if kind != PatchOp::Test {
                let site = ValueSite {
                    key: target.as_ref().map_or(brace, |t| t.node_range),
                    removal: Some(remove_item(
                        index.checked_sub(1).map(|i| tree.range(elements[i])),
                        range,
                        elements.get(index + 1).map(|&e| tree.range(e)),
                    )),
                };
                check_key_rules(tree, p, value, &site, self.ctx, self.out);
            }
        }
        let at = format!("the operation at index {index}{label}");
        let Some(kind) = kind else {
            return Step::Blocked(format!("{at} has no valid `op`"));
        };
        match kind {
            PatchOp::Test => {
                return Step::Blocked(format!(
                    "{at} tests a value, which a Graph PATCH body cannot express"
                ))
            }
            PatchOp::Move | PatchOp::Copy => {
                return Step::Blocked(format!(
                "{at} reads the value of another property, which a Graph PATCH body cannot express"
            ))
            }
            PatchOp::Add | PatchOp::Replace | PatchOp::Remove => {}
        }
        let Some(target) = target else {
            return Step::Blocked(format!("{at} has no valid `path`"));
        };
        let Some(p) = property else {
            let reason = if target.tokens.len() > 1 {
                format!(
                    "its path `{}` points below a top-level property",
                    target.text
                )
            } else {
                format!("its path `{}` names no property", target.text)
            };
            return Step::Blocked(format!("{at}: {reason}"));
        };
        match (kind, value) {
            (PatchOp::Remove, _) if !p.nullable => {
                self.out.push(diagnostic(
                    Code::NullNotAllowed,
                    target.node_range,
                    format!(
                        "`{}` cannot be null: Graph clears a property by setting it to null, which `{}` does not take",
                        p.name, p.name
                    ),
                    None,
                ));
                Step::Blocked(format!("{at} clears `{}`, which cannot be null", p.name))
            }
            (PatchOp::Remove, _) => Step::Clear {
                name: p.name.clone(),
            },
            (_, Some(value)) => Step::Set {
                name: p.name.clone(),
                value,
            },
            (_, None) => Step::Blocked(format!("{at} has no `value`")),
        }
    }

    /// Checks the `op` member; returns the operation it names.
    fn check_op_name(&mut self, index: usize, op: NodeId, brace: TextRange) -> Option<PatchOp> {
        let tree = self.tree;
        let all = op_list();
        let (value, name) = self.required_string(
            op,
            "op",
            || format!("The operation at index {index} has no `op`: JSON Patch needs one of {all}"),
            brace,
            Code::JsonPatchOp,
            &format!("the operation's name as a string ({all})"),
        )?;
        let range = tree.range(value);
        if let Some(kind) = PatchOp::from_name(&name) {
            return Some(kind);
        }
        let suggestion = suggest::closest(&name, PatchOp::ALL.map(PatchOp::name));
        let (hint, fix) = match suggestion {
            Some(s) => (
                format!("; did you mean `{s}`?"),
                Some(Fix::replace(
                    format!("Rename to `{s}`"),
                    range,
                    format!("\"{s}\""),
                )),
            ),
            None => (String::new(), None),
        };
        self.out.push(diagnostic(
            Code::JsonPatchOp,
            range,
            format!("`{name}` is not a JSON Patch operation{hint}\nThe operations: {all}"),
            fix,
        ));
        None
    }

    /// Flags members missing for the operation's kind and members it does not have.
    fn check_members(&mut self, index: usize, op: NodeId, kind: Option<PatchOp>, label: &str) {
        let tree = self.tree;
        let members = tree.members(op);
        let allowed: Vec<&str> = match kind {
            Some(kind) => kind.members().to_vec(),
            None => every_member(),
        };
        if let Some(kind) = kind {
            let anchor = last_named(tree, members, "op")
                .and_then(|m| m.value())
                .map_or(tree.range(op), |v| tree.range(v));
            // Pointer members are checked (and reported missing) with their pointer.
            let needed = kind.required_members().iter();
            for needed in needed.filter(|m| !POINTER_MEMBERS.contains(m)) {
                if last_named(tree, members, needed).is_none() {
                    self.out.push(diagnostic(
                        Code::JsonPatchMissingMember,
                        anchor,
                        format!("The operation at index {index}{label} needs `{needed}`"),
                        None,
                    ));
                }
            }
        }
        let absent: Vec<&str> = allowed
            .iter()
            .copied()
            .filter(|a| last_named(tree, members, a).is_none())
            .collect();
        for member in members {
            let name = tree.name(member);
            if allowed.contains(&name) {
                continue;
            }
            let of = kind.map_or_else(
                || "an operation".to_owned(),
                |k| format!("a `{}` operation", k.name()),
            );
            let (hint, fix) = match suggest::closest(name, absent.iter().copied()) {
                Some(s) => (
                    format!("; did you mean `{s}`?"),
                    Some(Fix::replace(
                        format!("Rename to `{s}`"),
                        member.key,
                        format!("\"{s}\""),
                    )),
                ),
                None => (String::new(), None),
            };
            self.out.push(diagnostic(
                Code::JsonPatchUnknownMember,
                member.key,
                format!("`{name}` is not a member of {of}: JSON Patch ignores it{hint}"),
                fix,
            ));
        }
    }

    /// Checks the pointer in member `name` (`path` or `from`) of `op`; returns it when it is a
    /// valid pointer whose first token names a property of the resource.
    fn check_pointer(
        &mut self,
        op: NodeId,
        name: &str,
        index: usize,
        brace: TextRange,
        label: &str,
    ) -> Option<Target> {
        let tree = self.tree;
        let example = format!(
            "a JSON Pointer string such as \"{}\"",
            self.example_pointer()
        );
        let (node, text) = self.required_string(
            op,
            name,
            || format!("The operation at index {index}{label} has no `{name}`"),
            brace,
            Code::JsonPatchPath,
            &example,
        )?;
        let range = tree.range(node);
        let model = self.ctx.model;
        let type_name = model.descriptor().name();
        let tokens = match pointer::parse(&text) {
            Ok(tokens) => tokens,
            Err(error) => {
                let (message, fix) = match error {
                    PointerError::Whole => (
                        format!("\"\" points at the whole {type_name}: name a property, e.g. \"{}\"\nA PATCH changes properties", self.example_pointer()),
                        None,
                    ),
                    PointerError::NoLeadingSlash => {
                        let fix = model.property(&text).map(|p| {
                            let pointer = member_pointer(&p.name);
                            Fix::replace(
                                format!("Write `{pointer}`"),
                                range,
                                json_string(&pointer),
                            )
                        });
                        (
                            format!("\"{text}\" is not a JSON Pointer: a pointer starts with `/`, as in \"{}\"", member_pointer(&text)),
                            fix,
                        )
                    }
                    PointerError::BadEscape(at) => (
                        format!("\"{text}\" has a `~` at byte {at} that is neither `~0` nor `~1`\nThese (for `~` and `/`) are the only escapes of a JSON Pointer"),
                        None,
                    ),
                };
                self.out
                    .push(diagnostic(Code::JsonPatchPath, range, message, fix));
                return None;
            }
        };
        let head = tokens.first().map_or("", String::as_str);
        let Some(p) = model.property(head) else {
            let candidates = model.properties().iter().map(|p| p.name.as_str());
            let suggestion = suggest::closest(head, candidates).filter(|_| tokens.len() == 1);
            let (hint, fix) = match suggestion {
                Some(s) => {
                    let pointer = member_pointer(s);
                    (
                        format!("; did you mean `{pointer}`?"),
                        Some(Fix::replace(
                            format!("Rename to `{pointer}`"),
                            range,
                            json_string(&pointer),
                        )),
                    )
                }
                None => (String::new(), None),
            };
            self.out.push(diagnostic(
                Code::JsonPatchPath,
                range,
                format!("`{text}` names no property{hint}\n{type_name} has no such property: Graph rejects unknown properties with 400 RequestBodyRead"),
                fix,
            ));
            return None;
        };
        if tokens.len() > 1 && !(p.allows("object") || p.allows("array")) {
            self.out.push(diagnostic(
                Code::JsonPatchPath,
                range,
                format!(
                    "`{text}` points inside `{}`, a {}, which has no members",
                    p.name,
                    p.type_label()
                ),
                None,
            ));
        }
        Some(Target {
            tokens,
            text,
            node_range: range,
        })
    }

    /// The string in member `name` of `op`, with a finding when the member is missing (at
    /// `brace`, worded by `missing`) or is not a string (`code`, saying it is `expected`); `None`
    /// then, and for a member without a value (a syntax error says so).
    fn required_string(
        &mut self,
        op: NodeId,
        name: &str,
        missing: impl FnOnce() -> String,
        brace: TextRange,
        code: Code,
        expected: &str,
    ) -> Option<(NodeId, String)> {
        let tree = self.tree;
        let Some(member) = last_named(tree, tree.members(op), name) else {
            self.out.push(diagnostic(
                Code::JsonPatchMissingMember,
                brace,
                missing(),
                None,
            ));
            return None;
        };
        let value = member.value()?;
        let Some(text) = tree.string_value(value) else {
            let message = format!("`{name}` is {expected}, not {}", describe(tree, value));
            self.out
                .push(diagnostic(code, tree.range(value), message, None));
            return None;
        };
        Some((value, text.into_owned()))
    }

    /// Notes a second operation on the same top-level property.
    fn note_duplicate(&mut self, index: usize, target: &Target) {
        let Some(head) = target.tokens.first() else {
            return;
        };
        if let Some(&first) = self.first_change.get(head) {
            self.out.push(diagnostic(
                Code::JsonPatchDuplicatePath,
                target.node_range,
                format!(
                    "`{}` is changed again here (first at index {first}): the later operation wins",
                    target.text
                ),
                None,
            ));
        } else {
            self.first_change.insert(head.clone(), index);
        }
    }

    /// A pointer to the first property that is not the key, for messages.
    fn example_pointer(&self) -> String {
        let properties = self.ctx.model.properties();
        properties
            .iter()
            .find(|p: &&PropertyModel| !p.key && !p.name.starts_with('@'))
            .or(properties.first())
            .map_or_else(|| "/".to_owned(), |p| member_pointer(&p.name))
    }
}

/// A valid `path` or `from` whose first token names a property of the resource.
struct Target {
    /// The decoded reference tokens.
    tokens: Vec<String>,
    /// The pointer as written (decoded from JSON).
    text: String,
    /// The pointer's string node.
    node_range: TextRange,
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// The six operations, for messages: `add, remove, replace, move, copy, test`.
fn op_list() -> String {
    PatchOp::ALL.map(PatchOp::name).join(", ")
}

/// Every member RFC 6902 defines for some operation, each once.
fn every_member() -> Vec<&'static str> {
    let mut all: Vec<&str> = Vec::new();
    for member in PatchOp::ALL.iter().flat_map(|op| op.members()) {
        if !all.contains(member) {
            all.push(member);
        }
    }
    all
}

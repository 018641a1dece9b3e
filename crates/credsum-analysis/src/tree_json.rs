//! The syntax tree as a `jsonschema` instance ([`TreeJson`], through the crate's documented
//! custom-representation API): the validator reads keys, strings and numbers where they lie in
//! the text, instead of a `serde_json::Value` copy of the body, which cost more than the
//! validation itself (an owned key, a hashed map entry and a string per member).
//!
//! The validator sees what a JSON reader makes of the body: members without a value are left
//! out, a repeated key keeps its last value, an invalid number literal reads as `null`, and
//! containers nested deeper than [`MAX_DEPTH`] read as empty (the resource has no nested
//! objects, so their contents cannot change a finding, and deep JSON must not exhaust the
//! stack). [`Node::to_value`] builds the same reading as a `Value`, for error messages only.

use std::borrow::Cow;

use credsum_syntax::json::{JsonTree, Member, NodeId, NodeKind};
use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use jsonschema::JsonType;
use rustc_hash::FxHashMap;
use serde_json::{Number, Value};

/// Containers nested deeper than this read as empty.
pub(crate) const MAX_DEPTH: u32 = 32;

/// The representation: nodes of a [`JsonTree`].
pub(crate) struct TreeJson;

impl Json for TreeJson {
    type Node<'a> = TreeNode<'a>;
    type PreparedKey = Box<str>;
    type StringBuffer = ();

    // A tree never holds a node inside itself.
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TreeNode<'_>) -> T) -> T {
        f(TreeNode::Name(string))
    }
}

/// A value the validator reads: a node of the tree, or a property name on its own (as
/// `propertyNames` reads names).
#[derive(Clone, Copy)]
pub(crate) enum TreeNode<'a> {
    /// A node of the tree.
    At(At<'a>),
    /// A property name.
    Name(&'a str),
}

/// A node of the tree, with what it takes to read it as JSON.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    tree: &'a JsonTree<'a>,
    id: NodeId,
    /// Containers between the validated root and this node.
    depth: u32,
    /// For an object, the members that count: all of them, or a slice of a big root object
    /// validated on its own.
    members: &'a [Member],
    /// Whether the members' keys are known to differ (no repeated key to resolve).
    unique_keys: bool,
}

impl<'a> TreeNode<'a> {
    /// The value at `root`; `unique_keys` says that its members repeat no key (the caller
    /// checked), which spares a pass over them.
    pub(crate) fn root(tree: &'a JsonTree<'a>, root: NodeId, unique_keys: bool) -> Self {
        TreeNode::At(At {
            tree,
            id: root,
            depth: 0,
            members: tree.members(root),
            unique_keys,
        })
    }

    /// The root object `root` reduced to `members` (a slice of its members without repeated
    /// keys), validated on its own.
    pub(crate) fn root_slice(tree: &'a JsonTree<'a>, root: NodeId, members: &'a [Member]) -> Self {
        TreeNode::At(At {
            tree,
            id: root,
            depth: 0,
            members,
            unique_keys: true,
        })
    }

    /// The node's kind, or `None` for a name.
    fn kind(&self) -> Option<NodeKind> {
        match self {
            TreeNode::At(at) => Some(at.tree.kind(at.id)),
            TreeNode::Name(_) => None,
        }
    }
}

impl<'a> At<'a> {
    /// The child node `id` (a member value or an element).
    fn child(&self, id: NodeId) -> TreeNode<'a> {
        let depth = self.depth + 1;
        TreeNode::At(At {
            tree: self.tree,
            id,
            depth,
            members: if depth < MAX_DEPTH {
                self.tree.members(id)
            } else {
                &[]
            },
            unique_keys: false,
        })
    }

    /// The number a Number node reads as; `None` for an invalid literal (read as `null`).
    fn number(&self) -> Option<Number> {
        self.tree.number_text(self.id).and_then(number)
    }
}

impl<'a> Node<'a, TreeJson> for TreeNode<'a> {
    type Object = TreeObject<'a>;
    type Array = TreeArray<'a>;
    type Number = Number;

    fn as_object(&self) -> Option<TreeObject<'a>> {
        match self {
            TreeNode::At(at) if at.tree.kind(at.id) == NodeKind::Object => {
                Some(TreeObject { at: *at })
            }
            _ => None,
        }
    }

    fn as_array(&self) -> Option<TreeArray<'a>> {
        match self {
            TreeNode::At(at) if at.tree.kind(at.id) == NodeKind::Array => Some(TreeArray {
                at: *at,
                elements: if at.depth < MAX_DEPTH {
                    at.tree.elements(at.id)
                } else {
                    &[]
                },
            }),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self {
            TreeNode::At(at) => at.tree.string_value(at.id),
            TreeNode::Name(name) => Some(Cow::Borrowed(name)),
        }
    }

    fn as_number(&self) -> Option<Number> {
        match self {
            TreeNode::At(at) => at.number(),
            TreeNode::Name(_) => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self {
            TreeNode::At(at) => at.tree.bool_value(at.id),
            TreeNode::Name(_) => None,
        }
    }

    fn is_null(&self) -> bool {
        self.json_type() == JsonType::Null
    }

    fn json_type(&self) -> JsonType {
        match self.kind() {
            None | Some(NodeKind::String) => JsonType::String,
            Some(NodeKind::Object) => JsonType::Object,
            Some(NodeKind::Array) => JsonType::Array,
            Some(NodeKind::Bool) => JsonType::Boolean,
            Some(NodeKind::Null) => JsonType::Null,
            // An unreadable number literal reads as null.
            Some(NodeKind::Number) if self.as_number().is_some() => JsonType::Number,
            Some(NodeKind::Number) => JsonType::Null,
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(match self {
            TreeNode::At(at) => at_value(at),
            TreeNode::Name(name) => Value::String((*name).to_owned()),
        })
    }

    fn identity(&self) -> Option<NodeIdentity> {
        match self {
            TreeNode::At(at) => Some(NodeIdentity::tagged(
                std::ptr::from_ref(at.tree) as usize,
                u32::try_from(at.id.index()).unwrap_or(u32::MAX),
            )),
            TreeNode::Name(_) => None,
        }
    }
}

/// An object node.
#[derive(Clone, Copy)]
pub(crate) struct TreeObject<'a> {
    at: At<'a>,
}

impl<'a> Object<'a, TreeJson> for TreeObject<'a> {
    type Node = TreeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.members().count()
    }

    fn get(&self, key: &Box<str>) -> Option<TreeNode<'a>> {
        // The last member of that name with a value: the one a JSON reader keeps.
        self.at
            .members
            .iter()
            .rev()
            .find(|m| m.value().is_some() && self.at.tree.name(m) == &**key)
            .and_then(Member::value)
            .map(|value| self.at.child(value))
    }

    fn members(&self) -> Members<'a> {
        let last = (!self.at.unique_keys).then(|| {
            let mut last = FxHashMap::default();
            for (i, member) in self.at.members.iter().enumerate() {
                if member.value().is_some() {
                    last.insert(self.at.tree.name(member), i);
                }
            }
            last
        });
        Members {
            at: self.at,
            next: 0,
            last,
        }
    }
}

/// The members of an object that a JSON reader keeps: a repeated key where it first appears,
/// with its last value (as `serde_json` reads it).
pub(crate) struct Members<'a> {
    at: At<'a>,
    next: usize,
    /// For keys that may repeat: the index of the last member with each key, until the key has
    /// been handed out.
    last: Option<FxHashMap<&'a str, usize>>,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, TreeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let members: &'a [Member] = self.at.members;
        while let Some(member) = members.get(self.next) {
            self.next += 1;
            let Some(mut value) = member.value() else {
                continue;
            };
            let name: &'a str = self.at.tree.name(member);
            if let Some(last) = &mut self.last {
                // Taken out once handed: a later member of the same key is skipped.
                match last.remove(name).and_then(|i| members[i].value()) {
                    Some(last_value) => value = last_value,
                    None => continue,
                }
            }
            return Some((name, self.at.child(value)));
        }
        None
    }
}

/// An array node.
#[derive(Clone, Copy)]
pub(crate) struct TreeArray<'a> {
    at: At<'a>,
    /// The elements that count (none below [`MAX_DEPTH`]).
    elements: &'a [NodeId],
}

impl<'a> Array<'a, TreeJson> for TreeArray<'a> {
    type Node = TreeNode<'a>;
    type ElementsIter = Elements<'a>;

    fn len(&self) -> usize {
        self.elements.len()
    }

    fn elements(&self) -> Elements<'a> {
        Elements {
            at: self.at,
            ids: self.elements.iter(),
        }
    }
}

/// The elements of an array.
pub(crate) struct Elements<'a> {
    at: At<'a>,
    ids: std::slice::Iter<'a, NodeId>,
}

impl<'a> Iterator for Elements<'a> {
    type Item = TreeNode<'a>;

    fn next(&mut self) -> Option<TreeNode<'a>> {
        self.ids.next().map(|&id| self.at.child(id))
    }
}

/// The JSON value of `at`, as the validator reads it.
fn at_value(at: &At<'_>) -> Value {
    let node = TreeNode::At(*at);
    if let Some(object) = node.as_object() {
        return Value::Object(
            object
                .members()
                .map(|(name, value)| (name.to_owned(), value.to_value().into_owned()))
                .collect(),
        );
    }
    if let Some(array) = node.as_array() {
        return Value::Array(
            array
                .elements()
                .map(|e| e.to_value().into_owned())
                .collect(),
        );
    }
    match node.json_type() {
        JsonType::String => Value::String(node.as_string().unwrap_or_default().into_owned()),
        JsonType::Boolean => Value::Bool(node.as_boolean().unwrap_or(false)),
        JsonType::Number | JsonType::Integer => node.as_number().map_or(Value::Null, Value::Number),
        _ => Value::Null,
    }
}

/// A JSON number from its literal: integers exactly, others as `f64`. A valid literal too large
/// for `f64` (`1e309`, 400 digits) reads as the largest finite `f64` of its sign, so a bound
/// still rejects it: it is a number, not `null`.
fn number(text: &str) -> Option<Number> {
    if let Ok(i) = text.parse::<i64>() {
        return Some(i.into());
    }
    if let Ok(u) = text.parse::<u64>() {
        return Some(u.into());
    }
    let float = text.parse::<f64>().ok()?;
    let finite = if float.is_infinite() {
        f64::MAX.copysign(float)
    } else {
        float
    };
    Number::from_f64(finite)
}

#[cfg(test)]
mod tests {
    use super::*;
    use credsum_model::Registry;
    use credsum_syntax::json;
    use proptest::prelude::*;
    use serde_json::json;

    /// What the validator reads from `text`, as a `Value`.
    fn read(text: &str) -> Value {
        let parse = json::parse(text);
        let root = parse.tree.root().expect("a root");
        TreeNode::root(&parse.tree, root, false)
            .to_value()
            .into_owned()
    }

    #[test]
    fn the_tree_meets_the_validators_contract() {
        let text = jsonschema::json::conformance::document().to_string();
        let parse = json::parse(&text);
        let root = parse.tree.root().expect("a root");
        jsonschema::json::conformance::assert_conformance::<TreeJson>(&TreeNode::root(
            &parse.tree,
            root,
            true,
        ));
    }

    #[test]
    fn reads_the_body_as_a_json_reader_would() {
        let text = r#"{"a": 1, "b": "x\u0041", "a": {"c": [true, null]}, "d": , "e": 1.5e400, "f": -1e999}"#;
        assert_eq!(
            read(text),
            json!({"b": "xA", "a": {"c": [true, null]}, "e": f64::MAX, "f": -f64::MAX}),
            "the last `a` wins, `d` has no value, a number too large for f64 is the largest of its sign"
        );
        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let mut expected = json!([]);
        for _ in 0..MAX_DEPTH {
            expected = json!([expected]);
        }
        assert_eq!(
            read(&deep),
            expected,
            "containers below MAX_DEPTH read as empty"
        );
    }

    /// JSON texts whose objects may repeat keys (from a small alphabet), a few levels deep.
    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_owned()),
            any::<bool>().prop_map(|b| b.to_string()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            (-1e6f64..1e6).prop_map(|n| n.to_string()),
            "[a-c\\\\\"é😀]{0,4}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        ];
        leaf.prop_recursive(3, 24, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                prop::collection::vec(("[a-d@.]{1,3}", inner), 0..6).prop_map(|members| {
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(k, v)| format!("{}:{v}", serde_json::to_string(&k).unwrap()))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }),
            ]
        })
    }

    /// The validator's findings as sorted `path: message` lines.
    fn findings<'i>(errors: impl Iterator<Item = jsonschema::ValidationError<'i>>) -> Vec<String> {
        let mut lines: Vec<String> = errors
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        lines.sort();
        lines
    }

    proptest! {
        #[test]
        fn reads_what_serde_json_reads(text in json_text()) {
            let expected: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(read(&text), expected);
        }

        #[test]
        fn validates_as_the_serde_json_instance_does(
            members in prop::collection::vec((0usize..16, json_text()), 0..12)
        ) {
            // Bodies mixing known properties (with values of any type) and unknown ones.
            let registry = Registry::graph();
            let resource = &registry.resources()[0];
            let schema = resource.body_schema();
            let names: Vec<&String> = schema["properties"].as_object().unwrap().keys().collect();
            let members: Vec<String> = members
                .iter()
                .map(|(i, value)| {
                    let name = names.get(*i).map_or_else(|| format!("x{i}"), |n| (*n).clone());
                    format!("{}:{value}", serde_json::to_string(&name).unwrap())
                })
                .collect();
            let text = format!("{{{}}}", members.join(","));
            let serde_validator = jsonschema::options()
                .should_validate_formats(true)
                .build(schema)
                .unwrap();
            let tree_validator = jsonschema::options_for::<TreeJson>()
                .should_validate_formats(true)
                .build(schema)
                .unwrap();
            let instance: Value = serde_json::from_str(&text).unwrap();
            let parse = json::parse(&text);
            let root = parse.tree.root().unwrap();
            prop_assert_eq!(
                findings(tree_validator.iter_errors(TreeNode::root(&parse.tree, root, false))),
                findings(serde_validator.iter_errors(&instance))
            );
        }
    }
}

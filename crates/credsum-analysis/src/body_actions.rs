//! Rewrites of a whole body, offered by the editor as code actions: "Fill in the missing
//! properties", "Add `@odata.type`" and "Sort properties in schema order". Each is a [`Fix`]
//! read from the body's [`ResourceModel`] (its property order, its settable properties, the
//! `@odata.type` constant, the Graph docs' placeholders), so every registered resource gets
//! them. Bodies that do not parse cleanly get none. Filling invents no data: each new property
//! gets its docs placeholder (`"Integer"`, `"String"`), which lint flags until it is replaced,
//! and the fix is unsafe. Clients that take snippets also get "Fill in the missing properties"
//! as a completion at a key position ([`fill_completion`]): the same placeholders, each one a
//! tab stop, so the author tabs from value to value and replaces each.

use credsum_model::registry::ODATA_TYPE;
use credsum_syntax::json::{self, JsonTree, Member, NodeId, NodeKind};
use credsum_syntax::TextRange;

use crate::analyzer::{Analyzer, FileKind};
use crate::completion::{missing_comma, sample_value, snippet_escape, Completion, CompletionKind};
use crate::cursor::KeyCursor;
use crate::diagnostic::{Applicability, Fix};
use crate::resource_model::{PropertyModel, ResourceModel};

/// How the members of an object are laid out, so new ones match.
enum Layout {
    /// Members, one per line (indented like this) or all on the `{` line (`None`), from the
    /// first key's start to the last value's end.
    Members(Option<String>, TextRange),
    /// No members yet; the `{` line is indented like this.
    Empty(String),
}

/// The indentation of the line holding byte `at`.
fn indent_at(text: &str, at: u32) -> &str {
    let start = text[..at as usize].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

impl Layout {
    /// The layout of `object`, whose members are `members`.
    fn of(text: &str, object: TextRange, members: &[Member]) -> Layout {
        let (Some(first), Some(last)) = (members.first(), members.last()) else {
            return Layout::Empty(indent_at(text, object.start).to_owned());
        };
        let span = TextRange::new(first.key.start, last.range().end);
        let own_lines = text[object.start as usize..first.key.start as usize].contains('\n');
        Layout::Members(
            own_lines.then(|| indent_at(text, first.key.start).to_owned()),
            span,
        )
    }

    /// What goes between two members.
    fn separator(&self) -> String {
        match self {
            Layout::Members(Some(indent), _) => format!(",\n{indent}"),
            Layout::Members(None, _) => ", ".to_owned(),
            Layout::Empty(indent) => format!(",\n{indent}  "),
        }
    }
}

/// A body object ready for rewriting: its tree, members, model and layout.
struct BodyObject<'t> {
    tree: JsonTree<'t>,
    root: NodeId,
    range: TextRange,
    model: &'t ResourceModel,
    layout: Layout,
}

impl<'t> BodyObject<'t> {
    /// The body object of `text[body]`, when it parses without errors.
    fn parse(analyzer: &'t Analyzer, text: &'t str, body: TextRange) -> Option<BodyObject<'t>> {
        let model = analyzer.model_for_body(&text[body.as_usize()])?;
        let parse = json::parse_range(text, body);
        if !parse.errors.is_empty() {
            return None;
        }
        let tree = parse.tree;
        let root = tree.root()?;
        if tree.kind(root) != NodeKind::Object {
            return None;
        }
        let range = tree.range(root);
        let layout = Layout::of(text, range, tree.members(root));
        Some(BodyObject {
            root,
            range,
            model,
            layout,
            tree,
        })
    }

    /// The members of the object.
    fn members(&self) -> &[Member] {
        self.tree.members(self.root)
    }

    /// Whether the object has a member called `name`.
    fn has(&self, name: &str) -> bool {
        self.members().iter().any(|m| self.tree.name(m) == name)
    }

    /// A fix adding `properties` as members with the values `value` writes (the property and its
    /// position among them), at the start of the object or at its end.
    fn add(
        &self,
        title: &str,
        properties: &[&PropertyModel],
        at_start: bool,
        value: impl Fn(&PropertyModel, usize) -> String,
    ) -> Fix {
        let sep = self.layout.separator();
        let new: Vec<String> = properties
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let key = serde_json::Value::String(p.name.clone());
                format!("{key}: {}", value(p, i))
            })
            .collect();
        let joined = new.join(&sep);
        match &self.layout {
            Layout::Empty(indent) => Fix::replace(
                title,
                TextRange::new(self.range.start + 1, self.range.end - 1),
                format!("\n{indent}  {joined}\n{indent}"),
            ),
            Layout::Members(_, span) if at_start => Fix::replace(
                title,
                TextRange::empty(span.start),
                format!("{joined}{sep}"),
            ),
            Layout::Members(_, span) => {
                Fix::replace(title, TextRange::empty(span.end), format!("{sep}{joined}"))
            }
        }
    }

    /// "Fill in the missing properties": every property a body may set and does not, in schema
    /// order (the key excepted, as in completion), each with its [`placeholder`].
    fn fill(&self) -> Option<Fix> {
        let missing: Vec<&PropertyModel> = self
            .model
            .properties()
            .iter()
            .filter(|p| !p.key && !self.has(&p.name))
            .collect();
        // Unsafe: in a PATCH every filled property overwrites what Graph holds.
        (!missing.is_empty()).then(|| {
            let value = |p: &PropertyModel, _| placeholder(p);
            self.add(FILL, &missing, false, value)
                .with(Applicability::Unsafe)
        })
    }

    /// "Add `@odata.type`" with the resource's constant, as the first member.
    fn add_odata_type(&self) -> Option<Fix> {
        let p = self.model.property(ODATA_TYPE)?;
        p.const_value.as_ref()?;
        let constant = |p: &PropertyModel, _| sample_value(p).to_string();
        (!self.has(ODATA_TYPE))
            .then(|| self.add(&format!("Add `{ODATA_TYPE}`"), &[p], true, constant))
    }

    /// "Sort properties in schema order": known properties in schema order, then the others as
    /// they were; the text between members stays where it was.
    fn sort(&self, text: &str) -> Option<Fix> {
        let members = self.members();
        let rank = |m: &Member| {
            let name = self.tree.name(m);
            let known = self.model.properties().iter().position(|p| p.name == name);
            known.unwrap_or(usize::MAX)
        };
        let mut order: Vec<&Member> = members.iter().collect();
        order.sort_by_key(|m| rank(m));
        if order.iter().zip(members).all(|(a, b)| std::ptr::eq(*a, b)) {
            return None;
        }
        let (first, last) = (members.first()?, members.last()?);
        let mut out = String::new();
        for (i, m) in order.iter().enumerate() {
            out.push_str(&text[m.range().as_usize()]);
            if let Some(next) = members.get(i + 1) {
                out.push_str(&text[members[i].range().end as usize..next.key.start as usize]);
            }
        }
        Some(Fix::replace(
            "Sort properties in schema order",
            TextRange::new(first.key.start, last.range().end),
            out,
        ))
    }
}

/// What "Fill in the missing properties" writes for `p`: its constant (`@odata.type`), else the
/// Graph docs' placeholder as a string (`"Integer"`, `"String"`), which `docs-placeholder` or
/// `string-placeholder` flags until the author writes the real value; else the type's name
/// as a string, which lint flags as a wrong type or placeholder too.
fn placeholder(p: &PropertyModel) -> String {
    if let Some(constant) = &p.const_value {
        return constant.to_string();
    }
    let text = p.docs_placeholder.clone().unwrap_or_else(|| p.type_label());
    serde_json::Value::String(text).to_string()
}

/// The title of the fill action and completion.
const FILL: &str = "Fill in the missing properties";

/// "Fill in the missing properties" as a completion at the key cursor `cursor` of a body of
/// `model`, when nothing but a quote is typed there and at least two properties are missing: each
/// missing property (in schema order, the key excepted) on a line of its own with its
/// [`placeholder`] as a numbered [`tab_stop`] (a constant, `@odata.type`, as it is) (the last Tab leaves the cursor after the insertion),
/// followed by a comma when another member follows. Lines after the first carry no indentation: clients indent them
/// like the cursor's line when they expand a snippet (LSP's `adjustIndentation`, VS Code's and
/// Neovim's default). Snippet clients only ([`Completion::snippet_only`]): elsewhere the code
/// action writes the same placeholders.
pub(crate) fn fill_completion(
    cursor: &KeyCursor,
    model: &ResourceModel,
    order: usize,
) -> Option<Completion> {
    let missing: Vec<&PropertyModel> = model
        .properties()
        .iter()
        .filter(|p| !p.key && !cursor.existing.contains(&p.name))
        .collect();
    if missing.len() < 2 || !cursor.prefix.is_empty() || cursor.has_colon {
        return None;
    }
    let comma = if cursor.needs_comma { "," } else { "" };
    let member = |p: &PropertyModel, value: String| {
        let key = serde_json::Value::String(p.name.clone());
        format!("{key}: {value}")
    };
    let plain: Vec<String> = missing.iter().map(|p| member(p, placeholder(p))).collect();
    // Constants (`@odata.type`) are written as they are; every other value is the next tab stop.
    let mut stop = 0;
    let stops: Vec<String> = missing
        .iter()
        .map(|p| match &p.const_value {
            Some(constant) => member(p, snippet_escape(&constant.to_string())),
            None => {
                stop += 1;
                member(p, tab_stop(stop, p))
            }
        })
        .collect();
    let mut c = Completion::new(
        FILL,
        CompletionKind::Snippet,
        format!("{}{comma}", plain.join(",\n")),
        cursor.replace,
        order,
    );
    c.snippet = Some(format!("{}{comma}", stops.join(",\n")));
    c.snippet_only = true;
    c.detail = Some(format!("{} properties, {stop} tab stops", missing.len()));
    c.filter_text = Some(if cursor.quoted {
        format!("\"{FILL}")
    } else {
        FILL.to_owned()
    });
    c.additional_edits = missing_comma(cursor);
    Some(c)
}

/// The [`placeholder`] of `p` as tab stop `n`: inside the quotes for a string property (typing
/// replaces `String`, not the quotes), the whole value otherwise (typing `120` replaces
/// `"Integer"`).
fn tab_stop(n: usize, p: &PropertyModel) -> String {
    let value = placeholder(p);
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) if p.allows("string") => {
            format!("\"${{{n}:{}}}\"", snippet_escape(inner))
        }
        _ => format!("${{{n}:{}}}", snippet_escape(&value)),
    }
}

impl Analyzer {
    /// The body rewrites offered for the body holding byte `offset` of `text`: fill in the
    /// missing properties, add `@odata.type`, sort properties in schema order (each only when it
    /// changes something).
    pub fn body_actions(&self, text: &str, kind: FileKind, offset: u32) -> Vec<Fix> {
        let Some(body) = self
            .bodies(text, kind)
            .into_iter()
            .find(|b| b.range.contains_inclusive(offset))
        else {
            return Vec::new();
        };
        let Some(object) = BodyObject::parse(self, text, body.range) else {
            return Vec::new();
        };
        [object.fill(), object.add_odata_type(), object.sort(text)]
            .into_iter()
            .flatten()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use credsum_model::toy::registry_with_widget;
    use credsum_syntax::json;

    /// `text` with `fix` applied (its edits are in text order and do not overlap).
    fn applied(text: &str, fix: &Fix) -> String {
        let mut out = text.to_owned();
        for edit in fix.edits.iter().rev() {
            out.replace_range(edit.range.as_usize(), &edit.new_text);
        }
        out
    }

    /// The action titled `title` on `text`.
    fn action(analyzer: &Analyzer, text: &str, title: &str) -> Option<String> {
        analyzer
            .body_actions(text, FileKind::Json, 1)
            .iter()
            .find(|f| f.title == title)
            .map(|f| applied(text, f))
    }

    #[test]
    fn every_filled_value_is_flagged_until_replaced_for_every_resource() {
        let analyzer = Analyzer::new(registry_with_widget());
        for model in analyzer.models() {
            let odata = format!("#{}", model.descriptor().odata_type);
            for text in [
                format!("{{\"@odata.type\": \"{odata}\"}}"),
                format!("{{\n  \"@odata.type\": \"{odata}\"\n}}\n"),
            ] {
                let fill = analyzer
                    .body_actions(&text, FileKind::Json, 1)
                    .into_iter()
                    .find(|f| f.title == "Fill in the missing properties")
                    .unwrap_or_else(|| panic!("no fill for {text}"));
                assert_eq!(fill.applicability, Applicability::Unsafe);
                let filled = applied(&text, &fill);
                let found = analyzer.analyze(&filled, FileKind::Json, &Config::default());
                let parse = json::parse(&filled);
                let root = parse.tree.root().expect("a body");
                for member in parse.tree.members(root).iter().skip(1) {
                    let value = member.value().map(|v| parse.tree.range(v));
                    assert!(
                        found.iter().any(|d| Some(d.range) == value),
                        "`{}` is not flagged in {filled}: {found:?}",
                        parse.tree.name(member)
                    );
                }
                assert!(action(&analyzer, &filled, "Fill in the missing properties").is_none());
            }
        }
    }

    #[test]
    fn fill_keeps_the_layout() {
        let analyzer = Analyzer::graph();
        let filled = action(
            &analyzer,
            "{\n  \"tenantId\": \"x\"\n}",
            "Fill in the missing properties",
        )
        .unwrap();
        insta::assert_snapshot!(filled);
        let empty = action(&analyzer, "{}", "Fill in the missing properties").unwrap();
        assert!(empty.starts_with("{\n  \"@odata.type\": "), "{empty}");
        assert!(empty.ends_with("\n}"), "{empty}");
    }

    /// `text` (with a `$0` cursor) after accepting the fill completion's plain text, or `None`
    /// when it is not offered there.
    fn fill_completed(text: &str) -> Option<String> {
        let analyzer = Analyzer::graph();
        let at = text.find("$0").expect("a cursor");
        let text = text.replacen("$0", "", 1);
        let offset = u32::try_from(at).unwrap();
        let fill = analyzer
            .completions(&text, FileKind::Json, offset)
            .into_iter()
            .find(|c| c.label == FILL)?;
        assert!(fill.snippet_only && fill.snippet.is_some());
        let mut edits = fill.additional_edits.clone();
        edits.push(crate::diagnostic::Edit {
            range: fill.replace,
            new_text: fill.insert_text.clone(),
        });
        Some(applied(&text, &Fix::edits(FILL, edits)))
    }

    #[test]
    fn the_fill_completion_goes_where_a_key_goes_and_nowhere_a_key_is_typed() {
        let odata = "\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\"";
        for (text, offered) in [
            (format!("{{{odata},\n$0\n}}"), true),
            // After an auto-closed quote: the quotes are replaced.
            (format!("{{{odata},\n\"$0\"\n}}"), true),
            // A member follows: a comma after the last filled one.
            (format!("{{{odata},\n$0\n\"tenantId\": \"x\"}}"), true),
            // The previous member lacks its comma: it is added.
            (format!("{{{odata}\n$0\n}}"), true),
            (format!("{{{odata},\n\"te$0\"\n}}"), false),
            (format!("{{{odata}, \"tenantId\": $0}}"), false),
        ] {
            let filled = fill_completed(&text);
            assert_eq!(filled.is_some(), offered, "{text}");
            let Some(filled) = filled else { continue };
            let parse = json::parse(&filled);
            assert!(parse.errors.is_empty(), "{filled}: {:?}", parse.errors);
            let root = parse.tree.root().unwrap();
            assert_eq!(parse.tree.members(root).len(), 13, "{filled}");
        }
    }

    #[test]
    fn odata_type_goes_first_and_sort_follows_the_schema() {
        let analyzer = Analyzer::graph();
        let text = "{\"totalUserCount\": 1, \"x\": 2, \"tenantId\": \"t\"}";
        let typed = action(&analyzer, text, "Add `@odata.type`").unwrap();
        assert!(typed.starts_with("{\"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\", \"totalUserCount\": 1"), "{typed}");
        let sorted = action(&analyzer, text, "Sort properties in schema order").unwrap();
        assert_eq!(
            sorted,
            "{\"tenantId\": \"t\", \"totalUserCount\": 1, \"x\": 2}"
        );
        assert!(action(&analyzer, &sorted, "Sort properties in schema order").is_none());
        assert!(analyzer
            .body_actions("{\"a\": ", FileKind::Json, 1)
            .is_empty());
    }
}

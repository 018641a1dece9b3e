//! Hovers as plain data: Markdown about the property under the cursor (type, format, bounds,
//! nullability, read-only and key notes, known values, description, docs link), read from the
//! [`ResourceModel`], and about the operation a request line is (docs, permissions, query
//! options). Diagnostics are not repeated: the editor shows them already.

use std::fmt::Write as _;

use credsum_model::operations::Operation;
use credsum_syntax::http::{HttpMessage, StartLine};
use credsum_syntax::json;
use credsum_syntax::TextRange;

use crate::http_check::{match_target, Source};
use crate::resource_model::{PropertyModel, ResourceModel};

/// A hover: Markdown and the byte range it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The text, in Markdown.
    pub markdown: String,
    /// The key, value or request line the hover describes.
    pub range: TextRange,
}

/// Everything the model knows about property `p` of `model`, as Markdown.
pub fn property_markdown(model: &ResourceModel, p: &PropertyModel) -> String {
    let mut out = String::new();
    let ty = match &p.edm_type {
        Some(edm) => edm.clone(),
        None => p.types.join(" | "),
    };
    let nullable = if p.nullable {
        "nullable"
    } else {
        "not nullable"
    };
    let _ = write!(out, "**`{}`**: `{ty}` ({nullable})", p.name);
    if let Some(description) = &p.description {
        let _ = write!(out, "\n\n{description}");
    }
    let mut facts = Vec::new();
    if let Some(format) = &p.format {
        facts.push(format!("Format: `{format}`"));
    }
    match (p.minimum, p.maximum) {
        (Some(min), Some(max)) => facts.push(format!("Range: `{min}` to `{max}`")),
        (Some(min), None) => facts.push(format!("Minimum: `{min}`")),
        (None, Some(max)) => facts.push(format!("Maximum: `{max}`")),
        (None, None) => {}
    }
    if let Some(value) = &p.const_value {
        facts.push(format!("Must be `{value}`"));
    }
    if p.non_negative {
        facts.push("Never negative".to_owned());
    }
    if let Some(bound) = &p.at_most {
        facts.push(format!("At most `{bound}`"));
    }
    if !p.known_values.is_empty() {
        let values: Vec<String> = p.known_values.iter().map(|v| format!("`{v}`")).collect();
        facts.push(format!("Known values: {}", values.join(", ")));
    }
    if let Some(example) = &p.example {
        facts.push(format!("Example: `{example}`"));
    }
    if p.key {
        facts.push("Key of the entity: a PATCH takes it from the request URL".to_owned());
    }
    if p.read_only {
        facts.push("Read-only: the Graph docs call it read-only".to_owned());
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        for fact in facts {
            let _ = writeln!(out, "- {fact}");
        }
        out.pop();
    }
    let d = model.descriptor();
    let _ = write!(
        out,
        "\n\n[`{}` in the Microsoft Graph docs]({})",
        d.name(),
        d.docs_url
    );
    out
}

/// The hover at `offset` inside the JSON body `body` of `text`: the property whose key or value
/// is under the cursor; `None` elsewhere and for unknown keys.
pub fn body_hover(
    text: &str,
    body: TextRange,
    offset: u32,
    model: &ResourceModel,
) -> Option<Hover> {
    let parse = json::parse_range(text, body);
    let tree = &parse.tree;
    let root = tree.root()?;
    tree.members(root).iter().find_map(|member| {
        let range = if member.key.contains_inclusive(offset) {
            member.key
        } else {
            member
                .value()
                .map(|v| tree.range(v))
                .filter(|r| r.contains_inclusive(offset))?
        };
        let p = model.property(tree.name(member))?;
        Some(Hover {
            markdown: property_markdown(model, p),
            range,
        })
    })
}

/// The hover on the request line of `message` (its method or URL under `offset`): the operation
/// the request is (its method on the path's shape), whether the Graph docs document it, the
/// permissions the docs list, the query options it takes and the resource's docs page. `None`
/// off the line, after a `?` (the query options' own hover), and for URLs of no registered
/// resource.
pub fn request_hover(
    text: &str,
    message: &HttpMessage,
    offset: u32,
    models: &[ResourceModel],
) -> Option<Hover> {
    let StartLine::Request { method, target, .. } = message.start_line else {
        return None;
    };
    let line = method.cover(target);
    let query = text
        .get(target.as_usize())
        .and_then(|t| t.find('?'))
        .map(|i| target.start + i as u32);
    if !line.contains_inclusive(offset) || query.is_some_and(|q| offset > q) {
        return None;
    }
    let matched = match_target(text, target, models, Source::Docs, &mut Vec::new())?;
    let model = models.get(matched.index)?;
    let d = model.descriptor();
    let method_text = text.get(method.as_usize()).filter(|m| !m.is_empty());
    let method_text = method_text.unwrap_or("GET").to_ascii_uppercase();
    let mut out = String::new();
    match Operation::find(&method_text, matched.shape) {
        Some(op) => {
            let _ = writeln!(
                out,
                "**{} {}** — `{} {}`\n",
                op.kind.name(),
                d.name(),
                op.method,
                op.path_template(d)
            );
            if op.is_documented(d) {
                let _ = writeln!(out, "- In the Graph docs");
                let delegated = code_list(d.delegated_permissions);
                let application = code_list(d.application_permissions);
                let _ = writeln!(
                    out,
                    "- Permissions (the Graph docs): delegated {}; application {}",
                    delegated.as_deref().unwrap_or("none listed"),
                    application.as_deref().unwrap_or("not supported")
                );
            } else {
                let _ = writeln!(
                    out,
                    "- Not in the Graph docs (Graph's generated API only), so no permissions are listed"
                );
            }
            let _ = writeln!(
                out,
                "- Query options: {}",
                code_list(op.query_options).as_deref().unwrap_or("none")
            );
        }
        None => {
            let methods: Vec<&str> = Operation::on_path(matched.shape)
                .map(|o| o.method)
                .collect();
            let _ = writeln!(
                out,
                "**{method_text}** is no operation of `{}` on this path; it takes {}",
                d.name(),
                code_list(&methods).as_deref().unwrap_or("none")
            );
        }
    }
    let _ = write!(
        out,
        "\n[`{}` in the Microsoft Graph docs]({})",
        d.name(),
        d.docs_url
    );
    Some(Hover {
        markdown: out,
        range: line,
    })
}

/// `items` as `` `a`, `b` ``, or `None` when there are none.
fn code_list(items: &[&str]) -> Option<String> {
    (!items.is_empty()).then(|| {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The plain text of the Markdown this module and [`crate::completion`] write, for clients that
/// render no Markdown: `**bold**` and `` `code` `` lose their marks, `[text](url)` becomes
/// `text <url>`. Nothing else is changed.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find(['*', '`', '[']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("**") {
            rest = after;
        } else if let Some(after) = rest.strip_prefix('`') {
            rest = after;
        } else if let Some((text, url, after)) = link(rest) {
            out.push_str(&plain_text(text));
            out.push_str(" <");
            out.push_str(url);
            out.push('>');
            rest = after;
        } else {
            // A lone `*` or a `[` that opens no link: kept as written.
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `[text](url)` at the start of `s`: the text, the URL and what follows.
fn link(s: &str) -> Option<(&str, &str, &str)> {
    let close = s.find("](")?;
    let end = close + 2 + s[close + 2..].find(')')?;
    Some((&s[1..close], &s[close + 2..end], &s[end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn plain_text_drops_the_marks_and_keeps_the_words() {
        assert_eq!(
            plain_text("**`totalUserCount`**: `Edm.Int32` (nullable)\n\n- Range: `0` to `2`"),
            "totalUserCount: Edm.Int32 (nullable)\n\n- Range: 0 to 2"
        );
        assert_eq!(
            plain_text("[`summary` in the Microsoft Graph docs](https://learn.microsoft.com/x)"),
            "summary in the Microsoft Graph docs <https://learn.microsoft.com/x>"
        );
        assert_eq!(plain_text("a * b [c] d"), "a * b [c] d");
    }
}

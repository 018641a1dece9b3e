//! Checks of a request's OData query options against its operation and its resource's model:
//! syntax (from the syntax crate's `odata_query` parser), options the operation does not take
//! or that come twice, unknown `$`-options, `$select`/`$orderby`/`$expand` paths, the values of
//! `$top`/`$skip`/`$count`, and `$filter`/`$orderby` expressions typed by the schema
//! ([`crate::query_expr`]). Nothing here names a property: every name comes from the model.

use std::collections::HashSet;

use credsum_model::operations::Operation;
use credsum_syntax::odata_query::{
    parse_query, Direction, Name, OptionName, OptionValue, ParseOptions, PathItem, QueryOption,
    SystemOption,
};
use credsum_syntax::TextRange;

use crate::diagnostic::{declared, diagnostic, Diagnostic, Fix};
use crate::query_expr::check_expression;
use crate::resource_model::ResourceModel;
use crate::rules::Code;
use crate::suggest;

/// Checks the query of a request line, given as its pieces in order (the first line's query
/// and each `?`/`&` continuation line: [`credsum_syntax::http::query_segments`]), sent as
/// operation `op`. The pieces are read as one query: an option given on two lines is a duplicate.
pub(crate) fn check_query(
    text: &str,
    segments: &[TextRange],
    op: &Operation,
    model: &ResourceModel,
    out: &mut Vec<Diagnostic>,
) {
    let mut options = Vec::new();
    for &range in segments {
        let query = parse_query(text, range, ParseOptions::graph());
        // A `{{variable}}` is replaced by the client before sending: an option holding one is
        // not judged (its syntax included) until the variable is resolved.
        let templated: Vec<TextRange> = query
            .options
            .iter()
            .map(|o| o.range)
            .filter(|r| slice(text, *r).contains("{{"))
            .collect();
        for error in &query.errors {
            if templated.iter().any(|r| r.contains_range(error.range)) {
                continue;
            }
            out.push(diagnostic(
                Code::QuerySyntax,
                error.range,
                error.message.clone(),
                None,
            ));
        }
        options.extend(query.options);
    }
    let context = Context { text, model };
    context.options(&options, Some(op), out);
}

/// What every check reads.
struct Context<'a> {
    text: &'a str,
    model: &'a ResourceModel,
}

impl Context<'_> {
    /// Checks a list of options: the top-level ones (with the operation that must take them) or
    /// those nested in a `$select`/`$expand` item (`op` is `None`).
    fn options(&self, options: &[QueryOption], op: Option<&Operation>, out: &mut Vec<Diagnostic>) {
        let mut seen: HashSet<SystemOption> = HashSet::new();
        for option in options {
            match option.kind {
                OptionName::UnknownSystem => self.unknown_option(option, op, out),
                OptionName::System { option: system, .. } => {
                    if !seen.insert(system) {
                        self.duplicate(option, system, out);
                        continue;
                    }
                    if let Some(op) = op {
                        not_taken(option, system, op, out);
                    }
                    if !slice(self.text, option.range).contains("{{") {
                        self.value(option, system, out);
                    }
                }
                OptionName::Alias | OptionName::Custom => {}
            }
        }
    }

    /// A `$`-option OData does not define, with the closest one as a rename fix.
    fn unknown_option(
        &self,
        option: &QueryOption,
        op: Option<&Operation>,
        out: &mut Vec<Diagnostic>,
    ) {
        let name = option.name.text.to_ascii_lowercase();
        let taken: Vec<&str> = match op {
            Some(op) => op.query_options.to_vec(),
            None => SystemOption::ALL.iter().map(|o| o.name()).collect(),
        };
        let closest = suggest::closest(&name, taken.iter().copied())
            .or_else(|| suggest::closest(&name, SystemOption::ALL.iter().map(|o| o.name())));
        let fix = closest.map(|c| Fix::replace(format!("Rename to `{c}`"), option.name.range, c));
        let hint = closest.map_or(String::new(), |c| format!(": did you mean `{c}`?"));
        out.push(diagnostic(
            Code::QueryUnknownOption,
            option.name.range,
            format!("`{}` is not an OData query option{hint}", option.name.text),
            fix,
        ));
    }

    /// The second (or later) occurrence of an option; the fix drops it with its `&` or `;`.
    fn duplicate(&self, option: &QueryOption, system: SystemOption, out: &mut Vec<Diagnostic>) {
        let before = option.range.start.saturating_sub(1);
        let separator = self.text.get(before as usize..option.range.start as usize);
        let fix = matches!(separator, Some("&" | ";")).then(|| {
            Fix::replace(
                format!("Remove this {}", system.name()),
                TextRange::new(before, option.range.end),
                "",
            )
        });
        out.push(diagnostic(
            Code::QueryDuplicateOption,
            option.range,
            format!(
                "{} is given twice: Graph rejects a query option given more than once",
                system.name()
            ),
            fix,
        ));
    }

    /// The option's value, by what the option is.
    fn value(&self, option: &QueryOption, system: SystemOption, out: &mut Vec<Diagnostic>) {
        if let Some(range) = option.value_problem() {
            let wanted = match system {
                SystemOption::Count => "true or false",
                SystemOption::Levels => "a positive integer with no leading zero, or max",
                _ => "a non-negative integer",
            };
            out.push(diagnostic(
                Code::QueryValue,
                if range.is_empty() {
                    option.range
                } else {
                    range
                },
                format!(
                    "{} takes {wanted}, not `{}`",
                    system.name(),
                    option.value_text
                ),
                None,
            ));
        }
        match (&option.content, system) {
            (OptionValue::Expression(e), SystemOption::Filter) => {
                check_expression(self.text, e, self.model, true, out);
            }
            (OptionValue::OrderBy(items), _) => {
                for item in items {
                    check_expression(self.text, &item.expression, self.model, false, out);
                    if let Some((Direction::Other, range)) = item.direction {
                        direction(self.text, range, out);
                    }
                }
            }
            (OptionValue::Paths(items), SystemOption::Select) => {
                for item in items {
                    self.select_item(item, out);
                }
            }
            (OptionValue::Paths(items), SystemOption::Expand) => {
                for item in items {
                    self.expand_item(item, out);
                }
            }
            _ => {}
        }
    }

    /// A `$select` item: `*` or a property of the resource.
    fn select_item(&self, item: &PathItem, out: &mut Vec<Diagnostic>) {
        let Some(first) = item.segments.first() else {
            return;
        };
        if first.text == "*" || first.text.starts_with('@') || first.text.contains('.') {
            return;
        }
        if property_or_report(first, self.model, out).is_some() {
            if let Some(second) = item.segments.get(1) {
                out.push(diagnostic(
                    Code::QueryUnknownProperty,
                    second.range,
                    format!(
                        "`{}` has no members: it is a primitive property",
                        first.text
                    ),
                    None,
                ));
            }
        }
        if let Some(nested) = &item.options {
            self.options(nested, None, out);
        }
    }

    /// An `$expand` item: the resource has navigation properties only where its model says so
    /// (none of the registered resources has one).
    fn expand_item(&self, item: &PathItem, out: &mut Vec<Diagnostic>) {
        let Some(first) = item.segments.first() else {
            return;
        };
        if first.text == "*" {
            return;
        }
        let d = self.model.descriptor();
        let what = if self.model.property(&first.text).is_some() {
            format!("`{}` is a property, not a navigation property", first.text)
        } else {
            format!("`{}` is not a navigation property", first.text)
        };
        out.push(diagnostic(
            Code::QueryExpand,
            first.range,
            format!(
                "{what}\n{} has none to expand, and Graph rejects the $expand",
                d.name()
            ),
            None,
        ));
    }
}

/// An option the operation does not take (Graph's generated API lists each operation's
/// options; `$skiptoken` comes in every next-page link and is taken wherever paging is).
fn not_taken(
    option: &QueryOption,
    system: SystemOption,
    op: &Operation,
    out: &mut Vec<Diagnostic>,
) {
    let paging =
        system == SystemOption::SkipToken && op.query_options.contains(&SystemOption::Top.name());
    if paging || op.query_options.contains(&system.name()) {
        return;
    }
    let takes = if op.query_options.is_empty() {
        "takes no query option".to_owned()
    } else {
        format!("takes {}", op.query_options.join(", "))
    };
    out.push(diagnostic(
        Code::QueryOptionNotAllowed,
        option.name.range,
        format!(
            "The {} operation ({}) does not take {}: it {takes}",
            op.kind.name(),
            op.method,
            system.name()
        ),
        None,
    ));
}

/// A word where `asc` or `desc` belongs; `descending` and `ascending` get a fix.
fn direction(text: &str, range: TextRange, out: &mut Vec<Diagnostic>) {
    let word = text.get(range.as_usize()).unwrap_or("");
    let lower = word.to_ascii_lowercase();
    if lower == "asc" || lower == "desc" {
        return;
    }
    let wanted = if lower.starts_with("desc") {
        Some("desc")
    } else if lower.starts_with("asc") {
        Some("asc")
    } else {
        None
    };
    out.push(diagnostic(
        Code::QueryOrderbyDirection,
        range,
        format!("`{word}` is not a sort direction: $orderby takes asc or desc"),
        wanted.map(|w| Fix::replace(format!("Use `{w}`"), range, w)),
    ));
}

/// The property named `name` of the model, or a `query-unknown-property` finding (with the
/// closest name as a rename fix; a name that differs only in case is a warning).
pub(crate) fn property_or_report<'m>(
    name: &Name,
    model: &'m ResourceModel,
    out: &mut Vec<Diagnostic>,
) -> Option<&'m crate::resource_model::PropertyModel> {
    let names = || {
        model
            .properties()
            .iter()
            .map(|p| p.name.as_str())
            .filter(|n| !n.starts_with('@'))
    };
    if let Some(p) = model
        .property(&name.text)
        .filter(|p| !p.name.starts_with('@'))
    {
        return Some(p);
    }
    let d = model.descriptor();
    if let Some(same) = names().find(|n| n.eq_ignore_ascii_case(&name.text)) {
        out.push(declared(
            Code::QueryUnknownProperty,
            true,
            name.range,
            format!(
                "`{}` is spelt `{same}` in Graph's model: OData names are case-sensitive",
                name.text
            ),
            Some(Fix::replace(
                format!("Rename to `{same}`"),
                name.range,
                same,
            )),
            None,
        ));
        return model.property(same);
    }
    let closest = suggest::closest(&name.text, names());
    out.push(diagnostic(
        Code::QueryUnknownProperty,
        name.range,
        format!(
            "{} has no property `{}`{}",
            d.name(),
            name.text,
            closest.map_or(String::new(), |c| format!(": did you mean `{c}`?"))
        ),
        closest.map(|c| Fix::replace(format!("Rename to `{c}`"), name.range, c)),
    ));
    None
}

/// A slice of `text`, empty when out of bounds.
pub(crate) fn slice(text: &str, range: TextRange) -> &str {
    text.get(range.as_usize()).unwrap_or("")
}

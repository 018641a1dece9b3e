//! Type checking of one OData expression (`$filter`, an `$orderby` item) against a resource's
//! model: properties exist, comparisons and arithmetic join values of one type, functions get
//! the arguments their signatures name, strings are single-quoted and DateTimeOffsets are not.
//! One forward pass over the parser's arena (children come before parents), so no recursion.

use credsum_syntax::odata_query::{lexer_classify, BinaryOp, ExprKind, Expression, LitShape};
use credsum_syntax::TextRange;

use crate::diagnostic::{diagnostic, Diagnostic, Fix};
use crate::query_check::{property_or_report, slice};
use crate::query_types::{function, literal_type, property_type, Ty, FUNCTIONS, UNTYPED_FUNCTIONS};
use crate::resource_model::ResourceModel;
use crate::rules::Code;
use crate::suggest;

/// Names that stand for the current item (or a lambda's) rather than a property.
const ITEM_NAMES: &[&str] = &["$it", "$this", "$root", "$count"];

/// Checks `e`; with `condition`, its root must be a Boolean (a `$filter`).
pub(crate) fn check_expression(
    text: &str,
    e: &Expression,
    model: &ResourceModel,
    condition: bool,
    out: &mut Vec<Diagnostic>,
) {
    let variables: Vec<&str> = e
        .nodes
        .iter()
        .filter_map(|n| match &n.kind {
            ExprKind::Lambda(_, _, Some(v), _) => Some(v.text.as_str()),
            _ => None,
        })
        .collect();
    let mut types = vec![Ty::Unknown; e.nodes.len()];
    let ty = |types: &[Ty], id: credsum_syntax::odata_query::ExprId| {
        types.get(id.0 as usize).copied().unwrap_or(Ty::Unknown)
    };
    let range = |id: credsum_syntax::odata_query::ExprId| {
        e.node(id).map_or(TextRange::default(), |n| n.range)
    };
    for (i, node) in e.nodes.iter().enumerate() {
        let t = match &node.kind {
            ExprKind::Literal(shape, decoded) => {
                if *shape == LitShape::DoubleQuoted {
                    double_quoted(text, node.range, decoded, out);
                }
                literal_type(*shape)
            }
            ExprKind::Path(names) => match names.first() {
                None => Ty::Unknown,
                Some(first)
                    if variables.contains(&first.text.as_str())
                        || ITEM_NAMES.contains(&first.text.as_str())
                        || first.text.contains('.')
                        || first.text.starts_with('@') =>
                {
                    Ty::Unknown
                }
                Some(first) => match property_or_report(first, model, out) {
                    Some(p) if names.len() > 1 => {
                        if let Some(second) = names.get(1) {
                            out.push(diagnostic(
                                Code::QueryUnknownProperty,
                                second.range,
                                format!("`{}` has no members: it is {}", p.name, p.type_label()),
                                None,
                            ));
                        }
                        Ty::Unknown
                    }
                    Some(p) => property_type(p),
                    None => Ty::Unknown,
                },
            },
            ExprKind::Alias | ExprKind::List(_) | ExprKind::Error => Ty::Unknown,
            ExprKind::Call(name, args) => call(
                name,
                args.iter().map(|a| (ty(&types, *a), range(*a))).collect(),
                node.range,
                out,
            ),
            ExprKind::Lambda(path, _, _, _) => {
                if ty(&types, *path) != Ty::Unknown {
                    out.push(diagnostic(
                        Code::QueryTypeMismatch,
                        range(*path),
                        format!(
                            "`{}` is not a collection: any/all apply to collections",
                            slice(text, range(*path))
                        ),
                        None,
                    ));
                }
                Ty::Boolean
            }
            ExprKind::Not(x) => {
                expect_boolean(text, ty(&types, *x), range(*x), "not", out);
                Ty::Boolean
            }
            ExprKind::Negate(x) => ty(&types, *x),
            ExprKind::Paren(x) => ty(&types, *x),
            ExprKind::Binary(op, op_range, l, r) => {
                let (lt, rt) = (ty(&types, *l), ty(&types, *r));
                binary(
                    text,
                    *op,
                    *op_range,
                    (lt, range(*l)),
                    (rt, range(*r)),
                    e,
                    *r,
                    out,
                )
            }
        };
        if let Some(slot) = types.get_mut(i) {
            *slot = t;
        }
    }
    if let (true, Some(root)) = (condition, e.root) {
        let t = ty(&types, root);
        if !matches!(t, Ty::Boolean | Ty::Unknown | Ty::Null) {
            out.push(diagnostic(
                Code::QueryTypeMismatch,
                range(root),
                format!("$filter needs a condition, and `{}` is {}: compare it (`eq`, `gt`, …) or call a Boolean function", slice(text, range(root)), t.label()),
                None,
            ));
        }
    }
}

/// `"text"` where OData wants `'text'`: the fix swaps the quotes when the literal is written
/// plainly (no escapes, no `'` inside).
fn double_quoted(text: &str, range: TextRange, decoded: &str, out: &mut Vec<Diagnostic>) {
    let inner = decoded.strip_prefix('"').and_then(|d| d.strip_suffix('"'));
    let fix = inner
        .filter(|i| slice(text, range) == decoded && !i.contains(['\'', '"', '\\']))
        .map(|i| Fix::replace("Use single quotes", range, format!("'{i}'")));
    out.push(diagnostic(
        Code::QueryStringQuotes,
        range,
        format!(
            "OData strings are single-quoted: {} is not a string literal",
            slice(text, range)
        ),
        fix,
    ));
}

/// A `not`/`and`/`or` operand must be a Boolean.
fn expect_boolean(text: &str, t: Ty, range: TextRange, op: &str, out: &mut Vec<Diagnostic>) {
    if !matches!(t, Ty::Boolean | Ty::Unknown | Ty::Null) {
        out.push(diagnostic(
            Code::QueryTypeMismatch,
            range,
            format!(
                "`{op}` needs a condition, and `{}` is {}",
                slice(text, range),
                t.label()
            ),
            None,
        ));
    }
}

/// The type of a binary operation, reporting operands that do not fit.
#[allow(clippy::too_many_arguments)]
fn binary(
    text: &str,
    op: BinaryOp,
    op_range: TextRange,
    (lt, lr): (Ty, TextRange),
    (rt, rr): (Ty, TextRange),
    e: &Expression,
    right: credsum_syntax::odata_query::ExprId,
    out: &mut Vec<Diagnostic>,
) -> Ty {
    if op.is_logical() {
        expect_boolean(text, lt, lr, op.keyword(), out);
        expect_boolean(text, rt, rr, op.keyword(), out);
        return Ty::Boolean;
    }
    if op.is_comparison() {
        if !lt.comparable(rt) {
            mismatch(text, (lt, lr), (rt, rr), op, out);
        }
        return Ty::Boolean;
    }
    match op {
        BinaryOp::Has => {
            if !matches!(lt, Ty::Enum | Ty::Unknown) {
                out.push(diagnostic(
                    Code::QueryTypeMismatch,
                    op_range,
                    format!(
                        "`has` tests enumeration flags, and `{}` is {}",
                        slice(text, lr),
                        lt.label()
                    ),
                    None,
                ));
            }
            Ty::Boolean
        }
        BinaryOp::In => {
            if let Some(ExprKind::List(items)) = e.node(right).map(|n| &n.kind) {
                for item in items {
                    if let Some(node) = e.node(*item) {
                        if let ExprKind::Literal(shape, _) = node.kind {
                            let it = literal_type(shape);
                            if !lt.comparable(it) {
                                mismatch(text, (lt, lr), (it, node.range), op, out);
                            }
                        }
                    }
                }
            }
            Ty::Boolean
        }
        _ => {
            let fits = |t: Ty| {
                t.is_numeric()
                    || matches!(
                        t,
                        Ty::Unknown | Ty::Null | Ty::Duration | Ty::DateTimeOffset | Ty::Date
                    )
            };
            for (t, r) in [(lt, lr), (rt, rr)] {
                if !fits(t) {
                    out.push(diagnostic(
                        Code::QueryTypeMismatch,
                        r,
                        format!(
                            "`{}` needs numbers, and `{}` is {}",
                            op.keyword(),
                            slice(text, r),
                            t.label()
                        ),
                        None,
                    ));
                }
            }
            match (lt, rt) {
                (Ty::Integer, Ty::Integer) => Ty::Integer,
                (Ty::DateTimeOffset, _) | (_, Ty::DateTimeOffset) => Ty::DateTimeOffset,
                (a, b) if a.is_numeric() || b.is_numeric() => Ty::Number,
                _ => Ty::Unknown,
            }
        }
    }
}

/// Two operands of a comparison whose types differ. The finding points at the literal side
/// when there is one, and fixes a quoted timestamp or an unquoted string.
fn mismatch(
    text: &str,
    (lt, lr): (Ty, TextRange),
    (rt, rr): (Ty, TextRange),
    op: BinaryOp,
    out: &mut Vec<Diagnostic>,
) {
    let right_is_value = !slice(text, rr)
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic())
        || rt == Ty::String;
    let ((pt, pr), (vt, vr)) = if right_is_value {
        ((lt, lr), (rt, rr))
    } else {
        ((rt, rr), (lt, lr))
    };
    let value = slice(text, vr);
    let mut fix = None;
    if vt == Ty::String {
        let inner = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\''));
        if let Some(inner) = inner {
            let shape = lexer_classify(inner);
            if literal_type(shape) == pt
                && matches!(pt, Ty::DateTimeOffset | Ty::Date | Ty::Guid | Ty::TimeOfDay)
                || (pt.is_numeric() && literal_type(shape).is_numeric())
            {
                fix = Some(Fix::replace("Remove the quotes", vr, inner));
            }
        }
    } else if pt == Ty::String
        && matches!(
            vt,
            Ty::Guid | Ty::Integer | Ty::Number | Ty::Date | Ty::DateTimeOffset | Ty::Boolean
        )
        && !value.contains('\'')
    {
        fix = Some(Fix::replace(
            "Quote it as a string",
            vr,
            format!("'{value}'"),
        ));
    }
    out.push(diagnostic(
        Code::QueryTypeMismatch,
        vr,
        format!(
            "`{}` is {}; {value} is not one\n`{}` compares it with {}",
            slice(text, pr),
            pt.label(),
            op.keyword(),
            pt.literal_shape()
        ),
        fix,
    ));
}

/// The result of a function call, reporting an unknown function or arguments that do not fit.
fn call(
    name: &credsum_syntax::odata_query::Name,
    args: Vec<(Ty, TextRange)>,
    range: TextRange,
    out: &mut Vec<Diagnostic>,
) -> Ty {
    let Some(f) = function(&name.text) else {
        if UNTYPED_FUNCTIONS.contains(&name.text.as_str()) {
            return Ty::Unknown;
        }
        let names = || FUNCTIONS.iter().map(|f| f.name);
        let closest = names()
            .find(|n| n.eq_ignore_ascii_case(&name.text))
            .or_else(|| suggest::closest(&name.text, names()));
        out.push(diagnostic(
            Code::QueryUnknownFunction,
            name.range,
            format!(
                "`{}` is not an OData function{}",
                name.text,
                closest.map_or(String::new(), |c| format!(": did you mean `{c}`?"))
            ),
            closest.map(|c| Fix::replace(format!("Rename to `{c}`"), name.range, c)),
        ));
        return Ty::Unknown;
    };
    let (min, max) = (f.params.len() - f.optional, f.params.len());
    if args.len() < min || args.len() > max {
        let count = if min == max {
            min.to_string()
        } else {
            format!("{min} or {max}")
        };
        out.push(diagnostic(
            Code::QueryTypeMismatch,
            range,
            format!(
                "`{}` takes {count} argument(s), not {} ({})",
                f.name,
                args.len(),
                f.doc
            ),
            None,
        ));
        return f.result;
    }
    for ((t, r), accepted) in args.iter().zip(f.params) {
        if !matches!(t, Ty::Unknown | Ty::Null)
            && !accepted.iter().any(|a| a.comparable(*t) && *t != Ty::Null)
        {
            let wanted: Vec<&str> = accepted.iter().map(|a| a.label()).collect();
            out.push(diagnostic(
                Code::QueryTypeMismatch,
                *r,
                format!(
                    "`{}` takes {} here, not {}",
                    f.name,
                    wanted.join(" or "),
                    t.label()
                ),
                None,
            ));
        }
    }
    f.result
}

//! Parser tests: credsum's own positive and negative cases (rewritten in the spirit of the OData
//! ABNF suite, not copied from it), each rendered as a tree and its errors in a snapshot.

use super::*;

/// `id` of `e` as an S-expression with the source text of leaves.
fn render(src: &str, e: &Expression, id: ExprId) -> String {
    let Some(node) = e.node(id) else {
        return "?".to_owned();
    };
    let text = |r: TextRange| src.get(r.as_usize()).unwrap_or("").to_owned();
    let list = |ids: &[ExprId]| {
        ids.iter()
            .map(|i| render(src, e, *i))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match &node.kind {
        ExprKind::Literal(shape, _) => format!("{shape:?}:{}", text(node.range)),
        ExprKind::Path(names) => names
            .iter()
            .map(|n| n.text.clone())
            .collect::<Vec<_>>()
            .join("/"),
        ExprKind::Alias => text(node.range),
        ExprKind::Call(name, args) => format!("({} {})", name.text, list(args)),
        ExprKind::Lambda(path, op, var, body) => format!(
            "({op:?} {} {} {})",
            render(src, e, *path),
            var.as_ref().map_or("_", |v| v.text.as_str()),
            body.map_or(String::new(), |b| render(src, e, b))
        ),
        ExprKind::Not(x) => format!("(not {})", render(src, e, *x)),
        ExprKind::Negate(x) => format!("(- {})", render(src, e, *x)),
        ExprKind::Binary(op, _, l, r) => format!(
            "({} {} {})",
            op.keyword(),
            render(src, e, *l),
            render(src, e, *r)
        ),
        ExprKind::List(items) => format!("[{}]", list(items)),
        ExprKind::Paren(x) => render(src, e, *x),
        ExprKind::Error => "ERROR".to_owned(),
    }
}

/// One option's value, rendered.
fn render_value(src: &str, option: &QueryOption) -> String {
    match &option.content {
        OptionValue::Expression(e) => e.root.map_or("-".to_owned(), |r| render(src, e, r)),
        OptionValue::OrderBy(items) => items
            .iter()
            .map(|i| {
                let e = i
                    .expression
                    .root
                    .map_or("-".to_owned(), |r| render(src, &i.expression, r));
                format!("{e} {:?}", i.direction.map(|d| d.0))
            })
            .collect::<Vec<_>>()
            .join(", "),
        OptionValue::Paths(items) => items
            .iter()
            .map(|i| {
                let path: Vec<&str> = i.segments.iter().map(|s| s.text.as_str()).collect();
                let nested = i.options.as_ref().map_or(String::new(), |o| {
                    let inner: Vec<String> = o
                        .iter()
                        .map(|n| format!("{}={}", n.name.text, render_value(src, n)))
                        .collect();
                    format!("({})", inner.join("; "))
                });
                format!("{}{nested}", path.join("/"))
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => format!("{other:?}"),
    }
}

/// The options and errors of each query, one block each.
fn show(queries: &[&str]) -> String {
    let mut out = String::new();
    for query in queries {
        let parsed = parse_query(
            query,
            TextRange::new(0, to_u32(query.len())),
            ParseOptions::graph(),
        );
        out.push_str(&format!("{query}\n"));
        for option in &parsed.options {
            out.push_str(&format!(
                "  {} = {}\n",
                option.name.text,
                render_value(query, option)
            ));
        }
        for error in &parsed.errors {
            let at = query.get(error.range.as_usize()).unwrap_or("");
            out.push_str(&format!(
                "  error {:?} at {:?} `{at}`: {}\n",
                error.kind, error.range, error.message
            ));
        }
    }
    out
}

#[test]
fn positive_filters() {
    insta::assert_snapshot!(show(&[
        "$filter=a eq 1 or b gt 2 and not c",
        "$filter=a add 2 mul 3 sub 1 ge 10",
        "$filter=(a eq 1 or b eq 2) and c ne null",
        "$filter=name eq 'O''Neil' and x eq -5.5e3",
        "$filter=startswith(tenantDisplayName,'Con') and contains(tenantId, 'x')",
        "$filter=when ge 2024-05-01T10:00:00Z and day eq 2024-05-01 and t lt 10:30",
        "$filter=id eq 01234567-89ab-cdef-0123-456789abcdef",
        "$filter=d eq duration'P1DT2H' and c has Ns.Color'Red'",
        "$filter=tenantId in ('a', 'b', 'c')",
        "$filter=members/any(m: m/count gt 5) and tags/all(t: t ne 'x')",
        "$filter=x%20eq%20'a%27%27b'",
        "$filter=x+eq+1",
        "filter=x EQ 1",
    ]));
}

#[test]
fn positive_other_options() {
    insta::assert_snapshot!(show(&[
        "$select=tenantId,totalUserCount&$top=10&$skip=0&$count=true",
        "$orderby=lastRefreshedDateTime desc,tenantId asc,x",
        "$expand=members($select=id,name;$top=2;$expand=owner($levels=max)),*",
        "$select=*&$format=json&$skiptoken=X'4453'",
        "$search=\"blue sky\" AND NOT red OR (green yellow)",
        "$search=AND",
        "@p=1 add 2&custom=anything",
    ]));
}

#[test]
fn negative_cases() {
    insta::assert_snapshot!(show(&[
        "$filter=",
        "$filter=a eq",
        "$filter=eq eq or and",
        "$filter=a eq 'open",
        "$filter=(a eq 1",
        "$filter=a eq 1)",
        "$filter=a eq 12abc",
        "$filter=any(x: x eq 1)",
        "$filter=a%zzb eq 1",
        "$filter=a eq '%FF'",
        "$select=a,,b/",
        "$expand=a($select=b",
        "$count",
        "$search=(blue OR",
        "$filter=a eq 1#frag",
        "$filter= a eq 1",
    ]));
}

/// The shapes the OData ABNF rejects that an earlier parser let through: options after a
/// path's `/$ref` or `/$count` that OData does not allow there, `$levels` with a leading zero,
/// an unencoded `&` or `;` in `$search`/`$skiptoken`, a non-integer `$index`, lists outside
/// `in` or of non-literals, a qualified name that is no call; and their allowed neighbours.
#[test]
fn negative_shapes_of_the_odata_abnf() {
    insta::assert_snapshot!(show(&[
        "$expand=owner/$ref($select=id)",
        "$expand=members/$ref($filter=id eq 'a';$top=2)",
        "$expand=members/$count($top=1)",
        "$expand=members/$count($search=blue)",
        "$expand=owner($levels=07)",
        "$expand=owner($levels=0)",
        "$search=black&white",
        "$search=black&$top=2",
        "$search=black;white",
        "$search=black%3Bwhite",
        "$skiptoken=abc&def",
        "$index=-3&$index=three",
        "$filter=tenantId eq ('a','b')",
        "$filter=tenantId in (tenantId,'b')",
        "$filter=tenantId in ('a',-1,@p)",
        "$filter=Ns.Fn",
        "$filter=Ns.Fn() and a/Ns.Fn() and isof(Ns.Type) and cast(a,Edm.String) eq 'x'",
        "$filter =true",
    ]));
}

#[test]
fn deep_nesting_is_one_error_and_no_overflow() {
    for depth in [MAX_DEPTH + 1, 10_000] {
        let query = format!("$filter={}a eq 1{}", "(".repeat(depth), ")".repeat(depth));
        let parsed = parse_query(
            &query,
            TextRange::new(0, to_u32(query.len())),
            ParseOptions::graph(),
        );
        let deep: Vec<_> = parsed
            .errors
            .iter()
            .filter(|e| e.kind == QueryErrorKind::TooDeep)
            .collect();
        assert_eq!(deep.len(), 1, "{:?}", parsed.errors);
        let nots = format!("$filter={}a", "not ".repeat(depth));
        let parsed = parse_query(
            &nots,
            TextRange::new(0, to_u32(nots.len())),
            ParseOptions::graph(),
        );
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
        let expands = format!("$expand={}", "a($expand=".repeat(depth));
        let parsed = parse_query(
            &expands,
            TextRange::new(0, to_u32(expands.len())),
            ParseOptions::graph(),
        );
        assert!(parsed
            .errors
            .iter()
            .any(|e| e.kind == QueryErrorKind::TooDeep));
    }
}

proptest::proptest! {
    #[test]
    fn never_panics_and_ranges_stay_inside(s in "[a-z$=&;,()'\" %0-9+:/@*.-]{0,80}") {
        let parsed = parse_query(&s, TextRange::new(0, to_u32(s.len())), ParseOptions::graph());
        for e in &parsed.errors {
            proptest::prop_assert!(e.range.end as usize <= s.len());
        }
        for o in &parsed.options {
            proptest::prop_assert!(o.range.end as usize <= s.len());
        }
    }
}

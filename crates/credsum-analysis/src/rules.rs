//! The rule catalogue: every diagnostic code credsum emits, with its default severity, whether it
//! comes from the JSON Schema (so the exported schema agrees), and a one-line summary.

use crate::diagnostic::Severity;

/// Facts about one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case code.
    pub code: &'static str,
    /// Severity unless configured otherwise; `None` means off by default.
    pub default: Option<Severity>,
    /// `true` when the finding is a JSON Schema violation of the exported schema.
    pub schema_level: bool,
    /// What the rule checks.
    pub summary: &'static str,
}

/// A rule that is on by default at `severity`.
const fn on(
    code: &'static str,
    severity: Severity,
    schema_level: bool,
    summary: &'static str,
) -> Rule {
    Rule {
        code,
        default: Some(severity),
        schema_level,
        summary,
    }
}

use Severity::{Error, Hint, Information, Warning};

/// Every rule except the `syntax-*` family, which [`find`] derives from the parser.
pub const RULES: &[Rule] = &[
    on("file-too-large", Error, false, "The file is larger than max-file-size and was not analysed."),
    on("unreadable-file", Error, false, "The file could not be read or is not UTF-8 text."),
    on("empty-body", Error, false, "The request body is empty or missing (an empty object is a warning: the PATCH changes nothing)."),
    on("root-not-object", Error, true, "The body must be a JSON object."),
    on("unknown-property", Error, true, "The property does not exist on the resource; Graph answers 400. Offers the closest name."),
    on("wrong-type", Error, true, "The value has the wrong JSON type for the property."),
    on("null-not-allowed", Error, true, "The property cannot be null."),
    on("not-an-integer", Error, true, "An Int32 property got a number with a fraction."),
    on("int32-out-of-range", Error, true, "A number outside the bounds its schema gives (for Int32, the 32-bit range)."),
    on("invalid-date-time", Error, true, "A DateTimeOffset is not an RFC 3339 timestamp with offset, or names an impossible date."),
    on("docs-placeholder", Error, true, "A placeholder from the Graph docs (\"Integer\", \"Boolean\", \"String (timestamp)\") instead of a value."),
    on("quoted-value", Error, true, "A number or boolean written as a string (\"42\", \"true\")."),
    on("wrong-odata-type", Error, true, "@odata.type names another type."),
    on("schema", Error, true, "Any other JSON Schema violation."),
    on("string-placeholder", Warning, false, "The text \"String\" copied from the Graph docs instead of a real value."),
    on("duplicate-key", Error, false, "The same property appears twice; Graph rejects the body."),
    on("id-in-body", Warning, false, "The key `id` in a PATCH body: the key comes from the URL."),
    on("id-mismatch", Error, false, "The body's `id` differs from the id in the request URL."),
    Rule { code: "read-only-property", default: None, schema_level: false, summary: "A property the Graph docs call read-only (off by default: the generated API accepts it)." },
    on("negative-count", Warning, false, "A user count below zero."),
    on("count-exceeds-total", Warning, false, "A count above the sibling count its schema names as its bound (x-graph-at-most), e.g. a registered count above totalUserCount."),
    on("unknown-value", Hint, false, "A string outside the values Graph is known to use for the property."),
    on("date-time-precision", Information, false, "More than 7 fractional second digits: Graph keeps 7."),
    on("http-method", Error, false, "The request method is not the one the endpoint supports (PATCH)."),
    on("http-url", Error, false, "The request path does not match the endpoint template."),
    on("api-version", Error, false, "The API version does not serve this endpoint (managedTenants is beta only)."),
    on("missing-content-type", Error, false, "A request with a JSON body needs `Content-Type: application/json`."),
    on("wrong-content-type", Error, false, "The Content-Type is not application/json."),
    on("content-length-mismatch", Warning, false, "Content-Length disagrees with the body's byte length."),
    on("missing-authorization", Information, false, "No Authorization header: Graph needs `Authorization: Bearer {token}`."),
    on("key-placeholder", Warning, false, "The URL still holds the docs placeholder for the key."),
    on("too-many-diagnostics", Information, false, "Language server only: the document has more findings than max-diagnostics; the most severe are shown."),
];

/// Facts shared by every `syntax-*` code.
const SYNTAX: Rule = on("syntax", Error, false, "The text is not valid JSON.");

/// The rule with `code`; every `syntax-*` code maps to the syntax family.
pub fn find(code: &str) -> Option<Rule> {
    if code.starts_with("syntax-") {
        return Some(Rule {
            code: SYNTAX.code,
            ..SYNTAX
        });
    }
    RULES.iter().find(|r| r.code == code).copied()
}

/// Whether findings with `code` are JSON Schema violations.
pub fn is_schema_level(code: &str) -> bool {
    find(code).is_some_and(|r| r.schema_level)
}

//! The rule catalogue: every diagnostic code credsum emits, declared once with its default
//! severity (and, for a rule with two, the circumstance of the second), the kinds of fix it
//! offers, whether it is a JSON Schema rule (so the exported schema agrees) and what it checks.
//! Emit sites name a [`Code`] variant, so a misspelt code does not compile. Each rule's long
//! documentation is the file `rules/<code>.md` of this crate, compiled in by the same macro line
//! (see [`crate::rule_docs`] for its format); `docs/rules.md` is generated from both
//! ([`reference_markdown`]) and a test fails when it drifts.

use std::fmt;

use credsum_syntax::json::SyntaxErrorKind;

/// How serious a finding is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Graph rejects the request, or it does something other than intended.
    Error,
    /// Likely a mistake, but Graph accepts it.
    Warning,
    /// Worth knowing.
    Information,
    /// A gentle suggestion.
    Hint,
}

impl Severity {
    /// Lower-case name (`error`, `warning`, `information`, `hint`).
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

/// How far a fix can be trusted, after ruff's `Applicability` (clippy's `MachineApplicable`,
/// `MaybeIncorrect`, `HasPlaceholders`). Ordered from the most to the least trusted.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// The request still means what its author meant (a typo renamed, `"42"` unquoted, the key
    /// `id` removed): `credsum lint --fix` and the editor's "Fix all" apply it.
    Safe,
    /// The fix changes what is sent (a docs placeholder replaced with an example value, a value
    /// removed): applied only with `--unsafe-fixes`; the editor offers it, never as preferred.
    Unsafe,
    /// Shown for the reader to apply by hand: the editor offers it, no command applies it.
    DisplayOnly,
}

impl Applicability {
    /// Kebab-case name (`safe`, `unsafe`, `display-only`).
    pub fn name(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::DisplayOnly => "display-only",
        }
    }
}

/// A rule's second severity and the circumstance that gives it (e.g. an unknown property in a
/// response, where Graph rejects nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Secondary {
    /// The severity in that circumstance, unless configured otherwise.
    pub severity: Severity,
    /// The circumstance, completing "a … finding …" in the docs, e.g. "in a response".
    pub when: &'static str,
}

/// Facts about one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case code (`syntax` for the whole `syntax-*` family).
    pub code: &'static str,
    /// Severity unless configured otherwise; `None` means off by default.
    pub default: Option<Severity>,
    /// The severity of the rule's findings in one named circumstance, if it has a second one.
    pub secondary: Option<Secondary>,
    /// The kinds of fix the rule offers (empty when it has none), its usual kind first.
    pub fixes: &'static [Applicability],
    /// `true` when the finding is a JSON Schema violation of the exported schema.
    pub schema_level: bool,
    /// What the rule checks, in one line.
    pub summary: &'static str,
    /// The long documentation: the Markdown of `rules/<code>.md` (see [`crate::rule_docs`]).
    pub doc: &'static str,
}

/// Declares [`Code`] and [`RULES`] from one line per rule: variant, code, default severity,
/// schema-level, summary, then optional `fixes: […]` and `secondary: …` (the rest of
/// [`Rule`] as in [`Rule::BASE`]); each rule's long documentation is the file `rules/<code>.md`
/// next to `src/`.
macro_rules! rules {
    ($($variant:ident = $code:literal, $default:expr, $schema:literal, $summary:literal $(, $key:ident: $value:expr)*;)*) => {
        /// A diagnostic code: one variant per rule, plus the `syntax-*` family.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = $summary]
                $variant,
            )*
            /// The text is not valid JSON; one code per kind of syntax error.
            Syntax(SyntaxErrorKind),
        }

        /// Every rule except the `syntax-*` family ([`SYNTAX`]), in documentation order.
        // A line that names every optional field leaves nothing to `..Rule::BASE`.
        #[allow(clippy::needless_update)]
        pub const RULES: &[Rule] = &[
            $(Rule {
                code: $code,
                default: $default,
                schema_level: $schema,
                summary: $summary,
                doc: include_str!(concat!("../rules/", $code, ".md")),
                $($key: $value,)*
                ..Rule::BASE
            },)*
        ];

        impl Code {
            /// Every code except the `syntax-*` family, in the order of [`RULES`].
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case code, e.g. `unknown-property` or `syntax-trailing-comma`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                    Code::Syntax(kind) => kind.code(),
                }
            }
        }
    };
}

const ERROR: Option<Severity> = Some(Severity::Error);
const WARNING: Option<Severity> = Some(Severity::Warning);
const INFORMATION: Option<Severity> = Some(Severity::Information);
const HINT: Option<Severity> = Some(Severity::Hint);
const OFF: Option<Severity> = None;
const SAFE: Applicability = Applicability::Safe;
const UNSAFE: Applicability = Applicability::Unsafe;

/// A second severity `severity` for the circumstance `when`.
const fn secondary(severity: Severity, when: &'static str) -> Option<Secondary> {
    Some(Secondary { severity, when })
}

impl Rule {
    /// The facts a rule line leaves out: no second severity, no fixes.
    const BASE: Rule = Rule {
        code: "",
        default: OFF,
        secondary: None,
        fixes: &[],
        schema_level: false,
        summary: "",
        doc: "",
    };

    /// The severity of a finding, before configuration: the second one when `secondary` (the
    /// circumstance the rule declares) and the rule has one, else the default.
    pub fn severity(&self, secondary: bool) -> Option<Severity> {
        match self.secondary {
            Some(second) if secondary => Some(second.severity),
            _ => self.default,
        }
    }
}

rules! {
    FileTooLarge = "file-too-large", ERROR, false, "The file is larger than max-file-size and was not analysed.";
    UnreadableFile = "unreadable-file", ERROR, false, "The file could not be read, is not UTF-8 text, or holds a NUL byte.";
    BodyFile = "body-file", ERROR, false, "The file a request sends as its body (`< ./body.json`) cannot be read: missing, a folder, a symbolic link loop, too large, or not UTF-8 text.";
    EmptyBody = "empty-body", ERROR, false, "A request that needs a body has none, or an empty one (an empty object in a PATCH is a warning: the PATCH changes nothing).", secondary: secondary(Severity::Warning, "for an empty object in a PATCH, which changes nothing");
    RootNotObject = "root-not-object", ERROR, true, "The body must be a JSON object.";
    UnknownProperty = "unknown-property", ERROR, true, "The property does not exist on the resource; Graph answers 400. Offers the closest name as a rename fix. In an object with more than 100 unknown properties (generated or foreign data, not typos) they share one message naming their number, without suggestions; each still marks its own key. In a response, a warning: Graph does not return such a property.", fixes: &[SAFE, UNSAFE], secondary: secondary(Severity::Warning, "in a response, where Graph rejects nothing");
    WrongType = "wrong-type", ERROR, true, "The value has the wrong JSON type for the property.";
    NullNotAllowed = "null-not-allowed", ERROR, true, "The property cannot be null.";
    NotAnInteger = "not-an-integer", ERROR, true, "An Int32 property got a number that is not whole, judged on the literal's text (`1.5`, `1e-324`, `1.0000000000000000001`).";
    Int32OutOfRange = "int32-out-of-range", ERROR, true, "A number outside the bounds its schema gives (for Int32, the 32-bit range), judged on the literal's text however large its exponent or digit count.";
    IntegerNotation = "integer-notation", WARNING, false, "An Int32 whole number written with a fraction part or an exponent (`90.0`, `9e1`): Graph's SDKs read it as unset.", fixes: &[SAFE];
    InvalidDateTime = "invalid-date-time", ERROR, true, "A DateTimeOffset is not an RFC 3339 timestamp with offset, or names an impossible date.";
    DocsPlaceholder = "docs-placeholder", ERROR, true, "A placeholder from the Graph docs (\"Integer\", \"Boolean\", \"String (timestamp)\") instead of a value.", fixes: &[UNSAFE];
    QuotedValue = "quoted-value", ERROR, true, "A number or boolean written as a string (\"42\", \"true\").", fixes: &[SAFE];
    WrongOdataType = "wrong-odata-type", ERROR, true, "@odata.type names another type.", fixes: &[UNSAFE];
    Schema = "schema", ERROR, true, "Any other JSON Schema violation.";
    StringPlaceholder = "string-placeholder", WARNING, false, "The text \"String\" copied from the Graph docs instead of a real value.";
    DuplicateKey = "duplicate-key", ERROR, false, "The same property appears twice; Graph rejects the body.";
    IdInBody = "id-in-body", WARNING, false, "The key `id` in a PATCH body: the key comes from the URL.", fixes: &[SAFE];
    IdMismatch = "id-mismatch", ERROR, false, "The body's `id` differs from the id in the request URL.";
    ReadOnlyProperty = "read-only-property", OFF, false, "A property the Graph docs call read-only, in a request body (off by default: the generated API accepts it).";
    NegativeCount = "negative-count", WARNING, false, "A user count below zero.";
    CountExceedsTotal = "count-exceeds-total", WARNING, false, "A count above the sibling count its schema names as its bound (x-graph-at-most), e.g. a registered count above totalUserCount.";
    UnknownValue = "unknown-value", HINT, false, "A string outside the values Graph is known to use for the property.", fixes: &[SAFE];
    DateTimePrecision = "date-time-precision", INFORMATION, false, "More than 7 fractional second digits: Graph keeps 7.";
    HttpMethod = "http-method", ERROR, false, "No operation of the resource answers this method on this path (e.g. PUT on an item: Graph updates with PATCH).", fixes: &[UNSAFE];
    HttpUrl = "http-url", ERROR, false, "The request path matches none of the resource's operations.", fixes: &[SAFE];
    ApiVersion = "api-version", ERROR, false, "The API version does not serve this endpoint (managedTenants is beta only).", fixes: &[SAFE];
    GeneratedOnlyOperation = "generated-only-operation", INFORMATION, false, "The operation exists in Graph's generated API (and its SDKs) but the Graph docs document only some operations of the resource (list and get).";
    UnexpectedBody = "unexpected-body", WARNING, false, "A body on a request that takes none (GET, DELETE, $count): Graph ignores it.";
    UnexpectedStatus = "unexpected-status", WARNING, false, "A response status the request's operation does not answer with (e.g. 200 for a DELETE, which answers 204).";
    MissingContentType = "missing-content-type", ERROR, false, "A request with a JSON body needs `Content-Type: application/json`.", fixes: &[SAFE];
    WrongContentType = "wrong-content-type", ERROR, false, "The Content-Type is not application/json.", fixes: &[SAFE];
    ContentLengthMismatch = "content-length-mismatch", WARNING, false, "Content-Length disagrees with the body's byte length. In Markdown docs, the length with CRLF line endings (how Graph's docs count) is right too.", fixes: &[SAFE];
    MissingAuthorization = "missing-authorization", INFORMATION, false, "No Authorization header: Graph needs `Authorization: Bearer {token}`.";
    KeyPlaceholder = "key-placeholder", WARNING, false, "The URL still holds the docs placeholder for the key.";
    UndefinedVariable = "undefined-variable", WARNING, false, "A `{{variable}}` of an `.http` file defined nowhere: not in the file, in any environment, nor among the clients' system variables. The client sends it as written.";
    UnresolvedVariable = "unresolved-variable", INFORMATION, false, "A `{{variable}}` whose value is not known before sending (a request's response, a prompt, a process environment variable, a variable only another environment defines): the checks of what it stands for are skipped, and this note says so.";
    EnvironmentFile = "environment-file", ERROR, false, "An environment file of `.http` requests (`http-client.env.json`, `http-client.private.env.json`, `.vscode/settings.json`, a `.env` file) that is not JSON, not readable or has the wrong shape; lint reports it in the environment file, an editor at the start of the request file. The environments it could still read are used.";
    RecursiveVariable = "recursive-variable", WARNING, false, "A file variable whose value refers back to itself (`@a = {{b}}`, `@b = {{a}}`): it has no value.";
    TooManyDiagnostics = "too-many-diagnostics", INFORMATION, false, "Language server only: a document with more findings than `max-diagnostics` (default 1000, as VS Code itself shows at most 1,000 per file; 0 = no limit) is sent the most severe ones, errors first, each severity in text order, plus this note at the start of the document. `credsum lint` always reports every finding.";
    JsonPatchDocument = "json-patch-document", ERROR, false, "An RFC 6902 JSON Patch document (an array of operations) where Graph reads a PATCH body: Graph takes the merge-style object and rejects an array. Converts it (and, in a request, its Content-Type and Content-Length) when every operation is an add, replace or remove of a top-level property; otherwise says which operation prevents that.", fixes: &[SAFE];
    JsonPatchOp = "json-patch-op", ERROR, false, "A JSON Patch operation that is not an object, or whose `op` is not one of add, remove, replace, move, copy, test (with the closest as a rename fix).", fixes: &[SAFE];
    JsonPatchPath = "json-patch-path", ERROR, false, "A JSON Patch `path` or `from` that is not an RFC 6901 pointer to a property of the resource: no leading `/`, a `~` escape other than `~0`/`~1`, `\"\"` (the whole resource), an unknown property (with the closest as a rename fix), or a path inside a property that has no members.", fixes: &[SAFE];
    JsonPatchMissingMember = "json-patch-missing-member", ERROR, false, "A JSON Patch operation lacks a member its kind needs: `op` and `path` always, `value` for add, replace and test, `from` for move and copy.";
    JsonPatchUnknownMember = "json-patch-unknown-member", WARNING, false, "A member a JSON Patch operation of its kind does not have (e.g. `value` on a remove, a misspelt `vaule`); JSON Patch ignores it. Offers the closest member as a rename fix.", fixes: &[SAFE];
    JsonPatchDuplicatePath = "json-patch-duplicate-path", INFORMATION, false, "Two JSON Patch operations change the same property: the later one wins.";
    QuerySyntax = "query-syntax", ERROR, false, "A request's OData query options are not well-formed: a bad percent-escape, bytes that are not UTF-8 once decoded, an unterminated string, an unclosed parenthesis, a missing operand, nesting deeper than the parser reads.";
    QueryUnknownOption = "query-unknown-option", ERROR, false, "A `$`-option that OData does not define (e.g. `$filtr`), with the closest option as a rename fix.", fixes: &[SAFE];
    QueryOptionNotAllowed = "query-option-not-allowed", WARNING, false, "A query option the request's operation does not take (e.g. `$filter` on get, which takes `$select` and `$expand`).";
    QueryDuplicateOption = "query-duplicate-option", ERROR, false, "The same query option twice; Graph rejects the request. The fix drops the later one.", fixes: &[UNSAFE];
    QueryUnknownProperty = "query-unknown-property", ERROR, false, "A name in `$select`, `$filter` or `$orderby` that is no property of the resource (with the closest as a rename fix; a name that differs only in case is a warning).", fixes: &[SAFE], secondary: secondary(Severity::Warning, "when the name differs from a property only in case");
    QueryTypeMismatch = "query-type-mismatch", ERROR, false, "A `$filter`/`$orderby` expression whose types do not fit: an Int32 compared with a string, a quoted DateTimeOffset, `startswith` on a number, a `$filter` that is no condition. Fixes remove or add quotes where that is the whole mistake.", fixes: &[SAFE];
    QueryStringQuotes = "query-string-quotes", ERROR, false, "A double-quoted string in an OData expression: OData strings are single-quoted (`'Contoso'`). Swaps the quotes.", fixes: &[SAFE];
    QueryUnknownFunction = "query-unknown-function", ERROR, false, "A function that is not one of OData's canonical functions, with the closest as a rename fix (`startsWith` becomes `startswith`).", fixes: &[SAFE];
    QueryOrderbyDirection = "query-orderby-direction", ERROR, false, "An `$orderby` direction other than `asc` or `desc` (`descending` becomes `desc`).", fixes: &[SAFE];
    QueryValue = "query-value", ERROR, false, "`$top` or `$skip` that is not a non-negative integer, `$count` that is not true or false.";
    QueryExpand = "query-expand", ERROR, false, "`$expand` of something that is not a navigation property of the resource (the registered resources have none).";
}

/// Facts shared by every `syntax-*` code; `syntax` is also the configuration key for all of them.
pub const SYNTAX: Rule = Rule {
    code: "syntax",
    default: ERROR,
    secondary: None,
    fixes: &[SAFE],
    schema_level: false,
    summary: "The text is not valid JSON (one code per kind: `syntax-missing-comma`, `syntax-trailing-comma`, `syntax-comment`, `syntax-unterminated-string`, …). Safe fixes for missing/trailing commas and comments. Configure all at once with the key `syntax`.",
    doc: include_str!("../rules/syntax.md"),
};

impl Code {
    /// The rule's facts (the `syntax` family's for every `syntax-*` code).
    pub fn rule(self) -> &'static Rule {
        match self {
            Code::Syntax(_) => &SYNTAX,
            other => &RULES[Code::ALL.iter().position(|c| *c == other).unwrap_or(0)],
        }
    }

    /// The code named `name` (`syntax-*` names included).
    pub fn from_name(name: &str) -> Option<Code> {
        if let Some(i) = RULES.iter().position(|r| r.code == name) {
            return Some(Code::ALL[i]);
        }
        SyntaxErrorKind::ALL
            .into_iter()
            .find(|k| k.code() == name)
            .map(Code::Syntax)
    }

    /// The configuration key that sets this code's level: its own code, or `syntax`.
    pub fn config_key(self) -> &'static str {
        self.rule().code
    }

    /// Whether findings with this code are JSON Schema violations.
    pub fn is_schema_level(self) -> bool {
        self.rule().schema_level
    }

    /// The rule's documentation: its entry in `docs/rules.md` of the repository.
    pub fn doc_url(self) -> String {
        doc_url(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Where the rules reference is published.
pub const DOCS_URL: &str = "https://github.com/credsum/credsum/blob/main/docs/rules.md";

/// The rule named `code`, a `syntax-*` code, or the configuration key `syntax`.
pub fn find(code: &str) -> Option<Rule> {
    if code == SYNTAX.code || code.starts_with("syntax-") {
        return Some(SYNTAX);
    }
    RULES.iter().find(|r| r.code == code).copied()
}

/// The documentation link of rule `code`: its entry in `docs/rules.md` (every `syntax-*` code
/// shares the `syntax` entry).
pub fn doc_url(code: &str) -> String {
    let anchor = find(code).map_or(code, |rule| rule.code);
    format!("{DOCS_URL}#{anchor}")
}

/// Whether findings with `code` are JSON Schema violations.
pub fn is_schema_level(code: &str) -> bool {
    find(code).is_some_and(|r| r.schema_level)
}

/// Every rule: [`RULES`], then the `syntax` family ([`SYNTAX`]).
pub fn catalogue() -> impl Iterator<Item = &'static Rule> {
    RULES.iter().chain(std::iter::once(&SYNTAX))
}

/// The known codes closest to `name`, closest first (at most three): likely typos of it, else
/// codes that contain it (`placeholder` names every placeholder rule).
pub fn closest_codes(name: &str) -> Vec<&'static str> {
    let codes = || {
        catalogue()
            .map(|rule| rule.code)
            .chain(SyntaxErrorKind::ALL.into_iter().map(SyntaxErrorKind::code))
    };
    let typos = crate::suggest::nearest(name, codes(), 3);
    if !typos.is_empty() || name.is_empty() {
        return typos;
    }
    codes().filter(|code| code.contains(name)).take(3).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_their_names() {
        for code in Code::ALL
            .iter()
            .copied()
            .chain(SyntaxErrorKind::ALL.map(Code::Syntax))
        {
            assert_eq!(Code::from_name(code.as_str()), Some(code));
            assert_eq!(find(code.as_str()), Some(*code.rule()));
        }
        assert_eq!(Code::from_name("syntax-unexpected-token"), None);
        assert_eq!(find("syntax").map(|r| r.code), Some("syntax"));
    }

    #[test]
    fn closest_codes_name_typos_then_codes_containing_the_word() {
        assert_eq!(closest_codes("unknwn-property"), ["unknown-property"]);
        assert_eq!(
            closest_codes("syntax-trailng-comma"),
            [
                "syntax-trailing-comma",
                "syntax-missing-comma",
                "syntax-trailing-content"
            ]
        );
        assert_eq!(
            closest_codes("placeholder"),
            ["docs-placeholder", "string-placeholder", "key-placeholder"]
        );
        let long = "é".repeat(10_000);
        for odd in ["", "-", "é", long.as_str()] {
            assert!(closest_codes(odd).len() <= 3, "{odd}");
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), RULES.len());
    }
}

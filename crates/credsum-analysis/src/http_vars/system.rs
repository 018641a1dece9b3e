//! The catalogue of system variables (`{{$name args}}`) the clients define, each typed by what it
//! produces. Where the value has a fixed shape (a GUID, Unix seconds, an ISO 8601 instant), a
//! representative value of that shape stands for it, so the sent text can be checked; values
//! that come from the machine (`$processEnv`, `$dotenv`, tokens, custom formats) are unknown.

/// How a system variable's value is known statically.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sample {
    /// Always text of this shape.
    Fixed(&'static str),
    /// `$datetime` / `$localDatetime`: shaped by the first argument.
    DateTime {
        /// The `iso8601` shape.
        iso8601: &'static str,
    },
    /// `$randomInt min max` / `$random.integer(min, max)`: an integer, at least `min`.
    RandomInt,
    /// Read from the machine when sending.
    Runtime,
}

/// A system variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SystemVariable {
    /// The name, with its `$`.
    pub name: &'static str,
    /// The arguments it takes, for completion and hover (empty when none).
    pub arguments: &'static str,
    /// What it produces, for hover.
    pub produces: &'static str,
    /// The clients that define it.
    pub clients: &'static str,
    /// How its value is known.
    sample: Sample,
}

/// A representative instant: 2026-01-01T00:00:00Z.
const UNIX_SECONDS: &str = "1767225600";
/// The same instant in ISO 8601, as the clients format it.
const ISO_INSTANT: &str = "2026-01-01T00:00:00.000Z";
/// The same instant in RFC 1123.
const RFC1123_INSTANT: &str = "Thu, 01 Jan 2026 00:00:00 GMT";
/// A representative version-4 GUID.
const GUID: &str = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";

/// Every system variable credsum knows, sorted by name.
pub const SYSTEM_VARIABLES: &[SystemVariable] = &[
    SystemVariable { name: "$aadToken", arguments: "[new] [public|cn|de|us|ppe] [<domain|tenantId>] [aud:<domain|tenantId>]", produces: "an Entra ID access token, fetched when sending", clients: "REST Client", sample: Sample::Runtime },
    SystemVariable { name: "$aadV2Token", arguments: "[new] [AzureCloud|AzureChinaCloud|AzureUSGovernment|ppe] [appOnly] [scopes:<scope>] [tenantid:<tenant>] [clientid:<id>]", produces: "an Entra ID v2 access token, fetched when sending", clients: "REST Client", sample: Sample::Runtime },
    SystemVariable { name: "$datetime", arguments: "rfc1123|iso8601|\"custom format\" [offset unit]", produces: "the current UTC date and time in the format named", clients: "REST Client, httpyac", sample: Sample::DateTime { iso8601: ISO_INSTANT } },
    SystemVariable { name: "$dotenv", arguments: "[%]NAME", produces: "a variable of the .env file beside the request file, read when sending", clients: "REST Client, httpyac", sample: Sample::Runtime },
    SystemVariable { name: "$guid", arguments: "", produces: "a new version-4 GUID", clients: "REST Client, httpyac", sample: Sample::Fixed(GUID) },
    SystemVariable { name: "$isoTimestamp", arguments: "", produces: "the current UTC date and time in ISO 8601", clients: "JetBrains, httpyac", sample: Sample::Fixed(ISO_INSTANT) },
    SystemVariable { name: "$localDatetime", arguments: "rfc1123|iso8601|\"custom format\" [offset unit]", produces: "the current local date and time in the format named", clients: "REST Client, httpyac", sample: Sample::DateTime { iso8601: "2026-01-01T00:00:00.000+00:00" } },
    SystemVariable { name: "$processEnv", arguments: "[%]NAME", produces: "an environment variable of the process, read when sending", clients: "REST Client, httpyac", sample: Sample::Runtime },
    SystemVariable { name: "$random.integer", arguments: "(from, to)", produces: "a random integer from `from` up to `to`", clients: "JetBrains", sample: Sample::RandomInt },
    SystemVariable { name: "$random.uuid", arguments: "", produces: "a new version-4 UUID", clients: "JetBrains", sample: Sample::Fixed(GUID) },
    SystemVariable { name: "$randomInt", arguments: "min max", produces: "a random integer from min up to max", clients: "REST Client, JetBrains, httpyac", sample: Sample::RandomInt },
    SystemVariable { name: "$timestamp", arguments: "[offset unit]", produces: "the current Unix time in seconds (a number, not a DateTimeOffset)", clients: "REST Client, JetBrains, httpyac", sample: Sample::Fixed(UNIX_SECONDS) },
    SystemVariable { name: "$uuid", arguments: "", produces: "a new version-4 UUID", clients: "JetBrains, httpyac", sample: Sample::Fixed(GUID) },
];

/// The system variable a reference's inner text (`$datetime iso8601`, trimmed) names, and its
/// value when known statically (`None`: read from the machine, or a custom format).
#[must_use]
pub fn system_variable(inner: &str) -> Option<(&'static SystemVariable, Option<String>)> {
    let name_end = inner
        .find(|c: char| c.is_whitespace() || c == '(')
        .unwrap_or(inner.len());
    let (name, args) = inner.split_at(name_end);
    let var = SYSTEM_VARIABLES.iter().find(|v| v.name == name)?;
    let args = args.trim_start_matches('(').trim_end_matches(')');
    let mut words = args.split([' ', '\t', ',']).filter(|w| !w.is_empty());
    let value = match var.sample {
        Sample::Fixed(value) => Some(value.to_owned()),
        Sample::DateTime { iso8601 } => match words.next() {
            Some("iso8601") => Some(iso8601.to_owned()),
            Some("rfc1123") if var.name == "$datetime" => Some(RFC1123_INSTANT.to_owned()),
            _ => None,
        },
        Sample::RandomInt => match words.next() {
            None => Some("0".to_owned()),
            Some(min) => min.parse::<i64>().ok().map(|n| n.to_string()),
        },
        Sample::Runtime => None,
    };
    Some((var, value))
}

//! OData (Edm) primitive types as Graph serialises them, with the schemas Graph's OpenAPI gives them.
//!
//! Each type's [`JsonSchema`] impl is the only place its JSON type, format, bounds, pattern, docs
//! placeholder and example live.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize};

use crate::extensions;

/// `Edm.Int32`: a 32-bit signed integer, written by Graph's OpenAPI as
/// `type: integer, format: int32` with the Int32 bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Int32(pub i32);

impl JsonSchema for Int32 {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Int32".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "format": "int32",
            "minimum": i32::MIN,
            "maximum": i32::MAX,
            (extensions::EDM_TYPE): "Edm.Int32",
            (extensions::DOCS_PLACEHOLDER): "Integer",
            "examples": [42],
        })
    }
}

/// How Graph's SDKs read a JSON number literal where an `Edm.Int32` goes, judged on its text
/// (never through a 64-bit float, which makes `1.0000000000000000001` and `1e-324` whole). Kiota's
/// JSON parse nodes take only plain integer digits: the Python one keeps a value only when
/// `json.loads` gives an `int`, the .NET one only when `JsonElement.TryGetInt32` succeeds, and
/// neither does for a fraction part or an exponent, so such a value reads as unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Int32Literal {
    /// Integer digits only (`90`, `-5`): read as written (its range is checked by the schema).
    Plain,
    /// A whole number written with a fraction part or an exponent (`90.0`, `9e1`, `900e-1`),
    /// with its plain digits when they have at most [`MAX_PLAIN_DIGITS`] (longer ones are far
    /// outside Int32 anyway).
    Whole(Option<String>),
    /// Not a whole number (`1.5`, `1e-324`, `1.0000000000000000001`).
    NotWhole,
}

/// Where [`Int32Literal::of`] saturates exponents: far past any digit count a file can hold.
const LARGE_EXPONENT: i64 = 1_000_000_000;

/// The most digits [`Int32Literal::Whole`] spells out: more than any Int32 has.
pub const MAX_PLAIN_DIGITS: usize = 20;

impl Int32Literal {
    /// Reads `text`, a JSON number literal (`None` when it is not one).
    pub fn of(text: &str) -> Option<Int32Literal> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], Some(&rest[at + 1..])),
            None => (rest, None),
        };
        let (integer, fraction) = match mantissa.split_once('.') {
            Some((integer, fraction)) => (integer, Some(fraction)),
            None => (mantissa, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let json_integer = all_digits(integer) && (integer == "0" || !integer.starts_with('0'));
        if !json_integer || !fraction.is_none_or(all_digits) {
            return None;
        }
        let exponent = match exponent {
            None => 0,
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if !all_digits(digits) {
                    return None;
                }
                // Saturated: an exponent beyond a billion decides the same way as a billion
                // (only digits are left, so a failed parse is an overflow).
                let size = match digits.trim_start_matches('0') {
                    "" => 0,
                    digits => digits
                        .parse::<i64>()
                        .map_or(LARGE_EXPONENT, |n| n.min(LARGE_EXPONENT)),
                };
                if e.starts_with('-') {
                    -size
                } else {
                    size
                }
            }
        };
        if fraction.is_none() && exponent == 0 && !text.contains(['e', 'E']) {
            return Some(Int32Literal::Plain);
        }
        // The value is `digits` × 10^scale.
        let fraction = fraction.unwrap_or("");
        let all = format!("{integer}{fraction}");
        let digits = all.trim_start_matches('0');
        if digits.is_empty() {
            return Some(Int32Literal::Whole(Some("0".to_owned())));
        }
        let significant = digits.trim_end_matches('0');
        let scale = exponent - fraction.len() as i64 + (digits.len() - significant.len()) as i64;
        if scale < 0 {
            return Some(Int32Literal::NotWhole);
        }
        let sign = if negative { "-" } else { "" };
        let plain = (significant.len() as i64 + scale <= MAX_PLAIN_DIGITS as i64)
            .then(|| format!("{sign}{significant}{}", "0".repeat(scale as usize)));
        Some(Int32Literal::Whole(plain))
    }
}

/// `Edm.Boolean` as a schema fragment (the Rust type is plain `bool`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Boolean(pub bool);

impl JsonSchema for Boolean {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Boolean".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "boolean",
            (extensions::EDM_TYPE): "Edm.Boolean",
            (extensions::DOCS_PLACEHOLDER): "Boolean",
            "examples": [true],
        })
    }
}

/// `Edm.String`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EdmString(pub String);

impl JsonSchema for EdmString {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "String".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            (extensions::EDM_TYPE): "Edm.String",
            (extensions::DOCS_PLACEHOLDER): "String",
        })
    }
}

/// The pattern Graph's OpenAPI gives `Edm.DateTimeOffset` values. It checks the shape only, so
/// [`DateTimeOffset::parse`] also checks the calendar.
pub const DATE_TIME_OFFSET_PATTERN: &str = "^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$";

/// How many fractional second digits Graph keeps (it writes `2021-07-11T11:15:52.9375367Z`).
pub const GRAPH_FRACTION_DIGITS: usize = 7;

/// `Edm.DateTimeOffset`: an RFC 3339 timestamp with an offset, e.g. `2021-07-11T11:15:52.9375367Z`.
///
/// Deserialising checks the text with [`DateTimeOffset::parse`], so a model value is always a
/// real instant.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct DateTimeOffset(String);

/// Why a text is not a valid `Edm.DateTimeOffset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateTimeError {
    /// The text does not have the `YYYY-MM-DDThh:mm:ss[.f]Z|±hh:mm` shape.
    Shape,
    /// The shape is right but a field is out of range (month 13, day 32, Feb 30, hour 24, offset 25:00).
    Calendar(&'static str),
    /// More fractional second digits than Graph's pattern allows (12).
    FractionTooLong(usize),
    /// A valid RFC 3339 timestamp that .NET's `DateTimeOffset` cannot hold (year 0000, an offset
    /// beyond ±14:00, an instant before year 1 or after 9999 in UTC): JSON Schema's `date-time`
    /// format lets it by.
    DotNetRange(&'static str),
}

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateTimeError::Shape => f.write_str(
                "expected an RFC 3339 timestamp with an offset, like 2021-07-11T11:15:52.9375367Z",
            ),
            DateTimeError::Calendar(what) | DateTimeError::DotNetRange(what) => {
                write!(f, "{what}")
            }
            DateTimeError::FractionTooLong(n) => {
                write!(f, "{n} fractional second digits; at most 12 are allowed")
            }
        }
    }
}

impl DateTimeOffset {
    /// Checks `text` as Graph does (the OpenAPI pattern) and also the calendar (no Feb 30) and
    /// .NET's `DateTimeOffset` range (years 0001 to 9999, offsets within ±14:00).
    pub fn parse(text: &str) -> Result<DateTimeOffset, DateTimeError> {
        Self::fraction_digits_of(text)?;
        Ok(DateTimeOffset(text.to_owned()))
    }

    /// Checks `text` as [`DateTimeOffset::parse`] does, without keeping it: the number of
    /// fractional second digits of a valid timestamp.
    pub fn fraction_digits_of(text: &str) -> Result<usize, DateTimeError> {
        let parts = DateTimeParts::split(text).ok_or(DateTimeError::Shape)?;
        parts.check()?;
        Ok(parts.fraction_digits)
    }

    /// Number of fractional second digits in an already valid timestamp.
    pub fn fraction_digits(&self) -> usize {
        DateTimeParts::split(&self.0).map_or(0, |p| p.fraction_digits)
    }

    /// The timestamp text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for DateTimeOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTimeOffset::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for DateTimeOffset {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "DateTimeOffset".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date-time",
            "pattern": DATE_TIME_OFFSET_PATTERN,
            (extensions::EDM_TYPE): "Edm.DateTimeOffset",
            (extensions::DOCS_PLACEHOLDER): "String (timestamp)",
            "examples": ["2021-07-11T11:15:52.9375367Z"],
        })
    }
}

/// The numeric fields of a timestamp whose shape matched.
struct DateTimeParts {
    year: u32,
    /// How many digits the year is written with.
    year_digits: usize,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    fraction_digits: usize,
    /// The offset in minutes east of UTC (`None` for `Z`), whatever its size.
    offset: Option<i64>,
}

impl DateTimeParts {
    /// Splits `text` by the shape `Y{4,}-MM-DDThh:mm:ss[.f+](Z|±hh:mm)`; `None` if it differs.
    fn split(text: &str) -> Option<DateTimeParts> {
        let bytes = text.as_bytes();
        let year_len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(4..=9).contains(&year_len) {
            return None;
        }
        let rest = &bytes[year_len..];
        let fixed = |at: usize, len: usize| -> Option<u32> { digits(rest.get(at..at + len)?) };
        let sep = |at: usize, ch: u8| rest.get(at) == Some(&ch);
        if !(sep(0, b'-') && sep(3, b'-') && sep(6, b'T') && sep(9, b':') && sep(12, b':')) {
            return None;
        }
        let mut parts = DateTimeParts {
            year: digits(&bytes[..year_len])?,
            year_digits: year_len,
            month: fixed(1, 2)?,
            day: fixed(4, 2)?,
            hour: fixed(7, 2)?,
            minute: fixed(10, 2)?,
            second: fixed(13, 2)?,
            fraction_digits: 0,
            offset: None,
        };
        let mut at = 15;
        if sep(at, b'.') {
            parts.fraction_digits = rest[at + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if parts.fraction_digits == 0 {
                return None;
            }
            at += 1 + parts.fraction_digits;
        }
        match rest.get(at..)? {
            [b'Z'] => {}
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (h, m) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
                // Minutes past 59 make no offset at all: out of range like one past 14:00.
                let minutes = if m > 59 {
                    i64::MAX
                } else {
                    i64::from(h * 60 + m)
                };
                parts.offset = Some(if *sign == b'-' { -minutes } else { minutes });
            }
            _ => return None,
        }
        Some(parts)
    }

    /// Range and calendar checks on the fields, with .NET's `DateTimeOffset` limits (the type
    /// Graph and its .NET SDK read the value into; `System.Text.Json` reads the same text):
    /// a four-digit year 0001 to 9999, an offset within ±14:00, and the instant itself, once
    /// the offset is applied, between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.9999999Z.
    fn check(&self) -> Result<(), DateTimeError> {
        use DateTimeError::{Calendar, DotNetRange};
        if self.year_digits != 4 {
            return Err(Calendar("year must be 0001 to 9999 (four digits)"));
        }
        if !(1..=12).contains(&self.month) {
            return Err(Calendar("month must be 01 to 12"));
        }
        if self.day == 0 || self.day > days_in_month(self.year, self.month) {
            return Err(Calendar("no such day in that month"));
        }
        if self.hour > 23 {
            return Err(Calendar("hour must be 00 to 23"));
        }
        if self.minute > 59 || self.second > 59 {
            return Err(Calendar("minutes and seconds must be 00 to 59"));
        }
        if self.fraction_digits > 12 {
            return Err(DateTimeError::FractionTooLong(self.fraction_digits));
        }
        // RFC 3339 takes offsets to ±23:59; .NET only to ±14:00.
        let offset = self.offset.unwrap_or(0);
        if offset.abs() > 23 * 60 + 59 {
            return Err(Calendar("offset must be between -14:00 and +14:00"));
        }
        if self.year == 0 {
            return Err(DotNetRange("year must be 0001 to 9999 (four digits)"));
        }
        if offset.abs() > MAX_OFFSET_MINUTES {
            return Err(DotNetRange("offset must be between -14:00 and +14:00"));
        }
        // Only the first and the last day of the range can cross it once the offset applies.
        let local = i64::from(self.hour * 60 + self.minute);
        let first_day = self.year == 1 && self.month == 1 && self.day == 1;
        let last_day = self.year == 9999 && self.month == 12 && self.day == 31;
        let utc = local - offset;
        if (first_day && utc < 0) || (last_day && utc >= 24 * 60) {
            return Err(DotNetRange(
                "the instant is outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.9999999Z",
            ));
        }
        Ok(())
    }
}

/// The largest offset .NET's `DateTimeOffset` takes: 14 hours, in minutes.
const MAX_OFFSET_MINUTES: i64 = 14 * 60;

/// Decimal value of an all-digit byte slice.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, b| {
        b.is_ascii_digit()
            .then(|| acc.checked_mul(10)?.checked_add(u32::from(b - b'0')))
            .flatten()
    })
}

/// Days in `month` of `year` in the proleptic Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int32_literals_are_judged_on_their_text() {
        use Int32Literal::{NotWhole, Plain, Whole};
        let whole = |plain: &str| Some(Whole(Some(plain.to_owned())));
        let cases = [
            ("90", Some(Plain)),
            ("-0", Some(Plain)),
            ("90.0", whole("90")),
            ("9e1", whole("90")),
            ("9E+1", whole("90")),
            ("900e-1", whole("90")),
            ("0.1e1", whole("1")),
            ("-0.0", whole("0")),
            ("0e-99999999999999999999", whole("0")),
            ("1e0", whole("1")),
            ("-25.00e1", whole("-250")),
            ("1e99999999999999999999", Some(Whole(None))),
            ("0.1e0", Some(NotWhole)),
            ("1.5", Some(NotWhole)),
            ("1e-324", Some(NotWhole)),
            ("1.0000000000000000001", Some(NotWhole)),
            ("1e-99999999999999999999", Some(NotWhole)),
            ("01", None),
            ("1.", None),
            (".5", None),
            ("1e", None),
            ("+1", None),
            ("0x10", None),
        ];
        for (text, read) in cases {
            assert_eq!(Int32Literal::of(text), read, "{text}");
        }
    }

    #[test]
    fn accepts_graph_timestamps() {
        for ok in [
            "2021-07-11T11:15:52.9375367Z",
            "2024-02-29T00:00:00Z",
            "2000-02-29T23:59:59+05:30",
            "1999-12-31T23:59:59.123456789012-08:00",
            "0001-01-01T00:00:00Z",
            "0001-01-01T01:00:00+01:00",
            "9999-12-31T23:59:59.9999999Z",
            "9999-12-31T22:59:59-01:00",
            "2021-01-01T00:00:00+14:00",
            "2021-01-01T00:00:00-14:00",
        ] {
            assert!(DateTimeOffset::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            DateTimeOffset::parse("2021-07-11T11:15:52.9375367Z")
                .unwrap()
                .fraction_digits(),
            7
        );
        assert_eq!(
            DateTimeOffset::fraction_digits_of("2024-02-29T00:00:00Z"),
            Ok(0)
        );
        assert_eq!(
            DateTimeOffset::fraction_digits_of("2024-02-29T00:00:00.123456789+01:00"),
            Ok(9)
        );
        assert_eq!(
            DateTimeOffset::fraction_digits_of("2023-02-29T00:00:00Z"),
            DateTimeOffset::parse("2023-02-29T00:00:00Z").map(|_| 0)
        );
    }

    #[test]
    fn rejects_impossible_or_misshapen_timestamps() {
        let cases = [
            ("2023-02-29T00:00:00Z", "no such day in that month"),
            ("1900-02-29T00:00:00Z", "no such day in that month"),
            ("2021-04-31T00:00:00Z", "no such day in that month"),
            ("2021-13-01T00:00:00Z", "month must be 01 to 12"),
            ("2021-01-01T24:00:00Z", "hour must be 00 to 23"),
            (
                "2021-01-01T00:60:00Z",
                "minutes and seconds must be 00 to 59",
            ),
            (
                "2021-01-01T00:00:00+24:00",
                "offset must be between -14:00 and +14:00",
            ),
            (
                "2021-01-01T00:00:00+14:01",
                "offset must be between -14:00 and +14:00",
            ),
            (
                "2021-01-01T00:00:00-15:00",
                "offset must be between -14:00 and +14:00",
            ),
            (
                "0000-01-01T00:00:00Z",
                "year must be 0001 to 9999 (four digits)",
            ),
            (
                "10000-01-01T00:00:00Z",
                "year must be 0001 to 9999 (four digits)",
            ),
            (
                "02024-01-01T00:00:00Z",
                "year must be 0001 to 9999 (four digits)",
            ),
            (
                "0001-01-01T00:30:00+01:00",
                "the instant is outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.9999999Z",
            ),
            (
                "9999-12-31T23:00:00-01:00",
                "the instant is outside 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.9999999Z",
            ),
            (
                "2021-01-01T00:00:00.1234567890123Z",
                "13 fractional second digits; at most 12 are allowed",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(
                DateTimeOffset::parse(text).unwrap_err().to_string(),
                message,
                "{text}"
            );
        }
        for shape in [
            "",
            "2021-01-01",
            "2021-01-01T00:00:00",
            "2021-01-01 00:00:00Z",
            "String (timestamp)",
            "2021-01-01T00:00:00.Z",
            "21-01-01T00:00:00Z",
            "2021-01-01T00:00:00z",
        ] {
            assert_eq!(
                DateTimeOffset::parse(shape),
                Err(DateTimeError::Shape),
                "{shape}"
            );
        }
    }
}

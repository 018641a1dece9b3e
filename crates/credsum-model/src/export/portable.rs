//! What makes a generated schema portable to validators and code generators that know nothing of
//! Graph: a date pattern that also checks the calendar, and JSON Schema documents without the
//! `x-graph-*` keywords strict validators (ajv) refuse.

use serde_json::Value;

use crate::edm::DATE_TIME_OFFSET_PATTERN;
use crate::extensions;

/// [`DATE_TIME_OFFSET_PATTERN`] with the calendar checked too: day 31 only in 31-day months, day
/// 30 not in February, Feb 29 only in leap years (a year ending in a multiple of 4 other than
/// `00`, or in `00` after a multiple of 4), offsets within ±14:00 and years 0001 to 9999 (.NET's
/// `DateTimeOffset`), as credsum's own timestamp check, except the one limit a pattern cannot
/// say: an instant that leaves the range once its offset applies (`0001-01-01T00:30:00+01:00`).
/// A validator that does not assert `format` (the default of most) then rejects impossible
/// dates too.
pub const CALENDAR_DATE_TIME_PATTERN: &str = concat!(
    "^(?:(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)-(?:",
    "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))",
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])",
    "|(?:0[48]|[2468][048]|[13579][26])00)-02-29)",
    "T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:[.][0-9]{1,12})?",
    "(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))$",
);

/// Replaces Graph's shape-only timestamp pattern by [`CALENDAR_DATE_TIME_PATTERN`] everywhere in
/// `schema`, keeping Graph's own under [`extensions::GRAPH_PATTERN`].
pub fn check_calendar_in_patterns(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.get("pattern").and_then(Value::as_str) == Some(DATE_TIME_OFFSET_PATTERN) {
                map.insert("pattern".into(), CALENDAR_DATE_TIME_PATTERN.into());
                map.insert(
                    extensions::GRAPH_PATTERN.into(),
                    DATE_TIME_OFFSET_PATTERN.into(),
                );
            }
            map.values_mut().for_each(check_calendar_in_patterns);
        }
        Value::Array(items) => items.iter_mut().for_each(check_calendar_in_patterns),
        _ => {}
    }
}

/// Removes every `x-graph-*` keyword from `schema` (property names that happen to start with
/// `x-graph-` stay: keys of `properties` maps are names, not keywords).
pub fn strip_graph_extensions(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            map.retain(|key, _| !key.starts_with(extensions::PREFIX));
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value) {
                    (
                        "properties" | "patternProperties" | "$defs" | "definitions",
                        Value::Object(named),
                    ) => {
                        named.values_mut().for_each(strip_graph_extensions);
                    }
                    (_, value) => strip_graph_extensions(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_graph_extensions),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edm::DateTimeOffset;
    use serde_json::json;

    /// Every day of `year` as a timestamp, plus the impossible days 29 to 31 of each month.
    fn days_of(year: &str) -> Vec<String> {
        (1..=12)
            .flat_map(|month| (1..=31).map(move |day| (month, day)))
            .map(|(month, day)| format!("{year}-{month:02}-{day:02}T12:00:00Z"))
            .collect()
    }

    #[test]
    fn calendar_pattern_accepts_exactly_the_real_dates() {
        let pattern = jsonschema::validator_for(&json!({ "pattern": CALENDAR_DATE_TIME_PATTERN }))
            .expect("pattern compiles");
        let years = [
            "0000",
            "0004",
            "0100",
            "0400",
            "1900",
            "1996",
            "2000",
            "2023",
            "2024",
            "2100",
            "2400",
            "10000",
            "10400",
            "12345",
            "123456789",
        ];
        let mut texts: Vec<String> = years.iter().flat_map(|y| days_of(y)).collect();
        texts.extend(
            [
                "2021-07-11T11:15:52.9375367Z",
                "2021-07-11T23:59:59.123456789012+05:30",
                "2021-07-11T24:00:00Z",
                "2021-07-11T00:60:00Z",
                "2021-07-11T00:00:00+24:00",
                "2021-07-11T00:00:00+14:00",
                "2021-07-11T00:00:00-14:01",
                "2021-07-11T00:00:00+15:00",
                "2021-07-11T00:00:00-23:60",
                "2021-07-11T00:00:00.1234567890123Z",
                "2021-00-11T00:00:00Z",
                "2021-13-11T00:00:00Z",
                "1234567890-01-01T00:00:00Z",
                "2021-07-11",
            ]
            .map(String::from),
        );
        for text in texts {
            assert_eq!(
                pattern.is_valid(&json!(text)),
                DateTimeOffset::parse(&text).is_ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn graph_keywords_go_and_property_names_stay() {
        let mut schema = json!({
            "x-graph-resource": {},
            "properties": { "x-graph-name": { "type": "string", "x-graph-key": true } },
            "items": [{ "x-graph-edm-type": "Edm.Int32", "type": "integer" }],
        });
        strip_graph_extensions(&mut schema);
        assert_eq!(
            schema,
            json!({
                "properties": { "x-graph-name": { "type": "string" } },
                "items": [{ "type": "integer" }],
            })
        );
    }
}

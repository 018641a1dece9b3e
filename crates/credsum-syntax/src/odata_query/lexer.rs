//! Tokens of an OData expression (`$filter`, `$orderby`, a lambda's body, an alias value), read
//! from decoded text. Literal shapes (numbers, GUIDs, dates, times, DateTimeOffsets, quoted and
//! type-prefixed literals) are told apart here; keywords stay identifiers for the parser.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A name, maybe qualified (`Ns.Type`), maybe `$`-prefixed (`$it`, `$count`).
    Ident,
    /// A literal; `terminated` is false for a quoted literal missing its closing quote.
    Literal(LitShape, bool),
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `,`
    Comma,
    /// `/`
    Slash,
    /// `:`
    Colon,
    /// `*`
    Star,
    /// `-` not starting a number (negation).
    Minus,
    /// `@name` (a parameter alias or an annotation).
    At,
    /// A JSON object or array written in the URL, `{…}` or `[…]`.
    Json,
    /// A character that starts no token.
    Unknown,
}

/// The shape of a literal token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LitShape {
    /// `'text'` with `''` for a quote.
    String,
    /// `"text"`: not an OData string literal (a frequent mistake).
    DoubleQuoted,
    /// `42`, `-7`.
    Integer,
    /// `3.14`.
    Decimal,
    /// `1e5`, `2.5E-3`, `INF`, `NaN`.
    Double,
    /// `01234567-89ab-cdef-0123-456789abcdef`.
    Guid,
    /// `2024-05-01`.
    Date,
    /// `2024-05-01T10:00:00Z`.
    DateTimeOffset,
    /// `10:00:00`.
    TimeOfDay,
    /// `duration'P1D'`.
    Duration,
    /// `binary'…'`.
    Binary,
    /// `geography'…'`, `geometry'…'`.
    Spatial,
    /// `Ns.Type'Member'`.
    Enum,
    /// `true`, `false`.
    Boolean,
    /// `null`.
    Null,
    /// Starts like a number, date or GUID but is none of them.
    Malformed,
}

/// One token: its kind, its decoded byte span, and whether whitespace came right before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// What it is.
    pub kind: Tok,
    /// Decoded start offset.
    pub start: usize,
    /// Decoded end offset.
    pub end: usize,
    /// Whitespace (space or tab) separates it from the token before.
    pub space_before: bool,
}

/// The tokens of `text[start..end]`.
pub(crate) fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let bytes = text.as_bytes();
    let end = end.min(bytes.len());
    let mut out = Vec::new();
    let mut i = start;
    let mut space = false;
    while i < end {
        let b = bytes[i];
        if b == b' ' || b == b'\t' {
            space = true;
            i += 1;
            continue;
        }
        let (kind, next) = match b {
            b'(' => (Tok::LParen, i + 1),
            b')' => (Tok::RParen, i + 1),
            b',' => (Tok::Comma, i + 1),
            b'/' => (Tok::Slash, i + 1),
            b':' => (Tok::Colon, i + 1),
            b'*' => (Tok::Star, i + 1),
            b'\'' => quoted(bytes, i, end, b'\'', LitShape::String),
            b'"' => quoted(bytes, i, end, b'"', LitShape::DoubleQuoted),
            b'{' | b'[' => (Tok::Json, json_end(bytes, i, end)),
            b'@' => (Tok::At, name_end(text, i + 1, end)),
            b'-' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => word(text, i, end),
            b'-' if text[i + 1..end].starts_with("INF") => {
                (Tok::Literal(LitShape::Double, true), i + 4)
            }
            b'-' => (Tok::Minus, i + 1),
            b'0'..=b'9' => word(text, i, end),
            _ if is_name_start(text, i) => ident(text, i, end),
            _ => (
                Tok::Unknown,
                i + text[i..].chars().next().map_or(1, char::len_utf8),
            ),
        };
        out.push(Token {
            kind,
            start: i,
            end: next.min(end).max(i + 1),
            space_before: space,
        });
        space = false;
        i = next.min(end).max(i + 1);
    }
    out
}

/// Whether a name may start at `i`: a letter, `_` or `$`.
fn is_name_start(text: &str, i: usize) -> bool {
    text[i..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
}

/// End of a name's characters (letters, digits, `_`) from `i`.
fn name_end(text: &str, i: usize, end: usize) -> usize {
    let mut j = i;
    for c in text[i..end].chars() {
        if c.is_alphanumeric() || c == '_' || c == '.' {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    j
}

/// An identifier at `i` (with dots for qualified names), or a type-prefixed literal
/// (`duration'P1D'`, `Ns.Color'Red'`), or a keyword literal, or a GUID starting with a letter.
fn ident(text: &str, i: usize, end: usize) -> (Tok, usize) {
    let first = text[i..].chars().next().map_or(1, char::len_utf8);
    let mut j = name_end(text, i + first, end);
    // A trailing dot is not part of the name.
    while j > i + first && text.as_bytes()[j - 1] == b'.' {
        j -= 1;
    }
    let name = &text[i..j];
    let bytes = text.as_bytes();
    if bytes.get(j) == Some(&b'\'') && j < end {
        let shape = match name {
            "duration" => LitShape::Duration,
            "binary" => LitShape::Binary,
            "geography" | "geometry" => LitShape::Spatial,
            _ => LitShape::Enum,
        };
        let (kind, next) = quoted(bytes, j, end, b'\'', shape);
        return (kind, next);
    }
    if bytes.get(j) == Some(&b'-') && name.len() == 8 && name.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return word(text, i, end);
    }
    let kind = match name {
        "true" | "false" => Tok::Literal(LitShape::Boolean, true),
        "null" => Tok::Literal(LitShape::Null, true),
        "INF" | "NaN" => Tok::Literal(LitShape::Double, true),
        _ => Tok::Ident,
    };
    (kind, j)
}

/// A quoted literal from the opening quote at `i`; a doubled quote is an escaped one.
fn quoted(bytes: &[u8], i: usize, end: usize, quote: u8, shape: LitShape) -> (Tok, usize) {
    let mut j = i + 1;
    while j < end {
        if bytes[j] == quote {
            if bytes.get(j + 1) == Some(&quote) && j + 1 < end {
                j += 2;
                continue;
            }
            return (Tok::Literal(shape, true), j + 1);
        }
        if quote == b'"' && bytes[j] == b'\\' {
            j += 1;
        }
        j += 1;
    }
    (Tok::Literal(shape, false), end)
}

/// End of a JSON value in the URL: brackets balanced outside strings, or the end.
fn json_end(bytes: &[u8], i: usize, end: usize) -> usize {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut j = i;
    while j < end {
        match (bytes[j], in_string) {
            (b'\\', true) => j += 1,
            (b'"', _) => in_string = !in_string,
            (b'{' | b'[', false) => depth += 1,
            (b'}' | b']', false) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    end
}

/// A literal that starts with a digit or `-`: the longest run of literal characters, then
/// classified by its shape.
fn word(text: &str, i: usize, end: usize) -> (Tok, usize) {
    let bytes = text.as_bytes();
    let mut j = i + 1;
    while j < end {
        let b = bytes[j];
        let sign_in_exponent = (b == b'+' || b == b'-')
            && matches!(bytes[j - 1], b'e' | b'E')
            && !text[i..j].contains('-');
        if b.is_ascii_alphanumeric() || b == b'.' || b == b':' || b == b'-' || sign_in_exponent {
            j += 1;
        } else if b == b'+' && text[i..j].contains('T') {
            // The offset of a DateTimeOffset (only where `+` was escaped: Graph reads `+` as a space).
            j += 1;
        } else {
            break;
        }
    }
    (Tok::Literal(classify(&text[i..j]), true), j)
}

/// The shape of a literal word.
pub fn classify(word: &str) -> LitShape {
    if is_guid(word) {
        LitShape::Guid
    } else if is_date(word) {
        LitShape::Date
    } else if let Some(time) = word.get(10..).and_then(|t| t.strip_prefix('T')) {
        if is_date(&word[..10]) && is_time_with_offset(time) {
            LitShape::DateTimeOffset
        } else {
            LitShape::Malformed
        }
    } else if is_time(word) {
        LitShape::TimeOfDay
    } else {
        number_shape(word)
    }
}

/// `8-4-4-4-12` hex digits.
fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `s` is all ASCII digits, `n` of them.
fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD` with a month 01–12 and a day 01–31 (and an optional `-` for years before 0).
fn is_date(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let in_range = |t: &str, hi: u32| t.parse::<u32>().is_ok_and(|v| (1..=hi).contains(&v));
    y.len() >= 4
        && y.bytes().all(|b| b.is_ascii_digit())
        && digits(m, 2)
        && digits(d, 2)
        && in_range(m, 12)
        && in_range(d, 31)
}

/// `hh:mm[:ss[.fffffff]]` with hours below 24 and minutes and seconds below 60.
fn is_time(s: &str) -> bool {
    let (main, fraction) = match s.split_once('.') {
        Some((main, f)) => (main, Some(f)),
        None => (s, None),
    };
    let parts: Vec<&str> = main.split(':').collect();
    let below = |t: &str, hi: u32| digits(t, 2) && t.parse::<u32>().is_ok_and(|v| v < hi);
    let fields_ok = match parts.as_slice() {
        [h, m] => fraction.is_none() && below(h, 24) && below(m, 60),
        [h, m, sec] => below(h, 24) && below(m, 60) && below(sec, 60),
        _ => false,
    };
    fields_ok
        && fraction
            .is_none_or(|f| !f.is_empty() && f.len() <= 12 && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A time followed by `Z` or `±hh:mm`.
fn is_time_with_offset(s: &str) -> bool {
    if let Some(time) = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        return is_time(time);
    }
    match s
        .len()
        .checked_sub(6)
        .and_then(|at| s.get(at..).map(|off| (at, off)))
    {
        Some((at, offset)) if offset.starts_with(['+', '-']) => {
            is_time(&s[..at]) && is_time(&offset[1..]) && offset[1..].len() == 5
        }
        _ => false,
    }
}

/// Integer, decimal or double, else malformed.
fn number_shape(s: &str) -> LitShape {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (mantissa, None),
    };
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| all_digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) || !exponent_ok {
        LitShape::Malformed
    } else if exponent.is_some() {
        LitShape::Double
    } else if frac.is_some() {
        LitShape::Decimal
    } else {
        LitShape::Integer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_shapes() {
        for (word, shape) in [
            ("42", LitShape::Integer),
            ("-7", LitShape::Integer),
            ("3.14", LitShape::Decimal),
            ("1e5", LitShape::Double),
            ("2.5E-3", LitShape::Double),
            ("2024-05-01", LitShape::Date),
            ("2024-05-01T10:00:00Z", LitShape::DateTimeOffset),
            (
                "2024-05-01T10:00:00.1234567+01:00",
                LitShape::DateTimeOffset,
            ),
            ("2024-13-01", LitShape::Malformed),
            ("10:00", LitShape::TimeOfDay),
            ("01234567-89ab-cdef-0123-456789abcdef", LitShape::Guid),
            ("12abc", LitShape::Malformed),
        ] {
            assert_eq!(classify(word), shape, "{word}");
        }
    }
}

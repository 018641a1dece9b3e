//! Syntax errors reported by the tolerant JSON parser, with stable codes and safe fixes.

use crate::TextRange;

/// One syntax error: what went wrong, where, and (when safe) how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What went wrong.
    pub kind: SyntaxErrorKind,
    /// The smallest range showing the problem (absolute byte offsets).
    pub range: TextRange,
    /// A machine-applicable edit, only where applying it cannot make things worse.
    pub fix: Option<SyntaxFix>,
}

/// A safe machine-applicable edit: replace `range` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxFix {
    /// The bytes to replace (empty for an insertion).
    pub range: TextRange,
    /// The text to put there (empty for a deletion).
    pub replacement: &'static str,
}

/// The kinds of JSON syntax error; see [`SyntaxErrorKind::code`] for their stable codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyntaxErrorKind {
    /// Two values or properties with no comma between them; points at the second one.
    MissingComma,
    /// A comma right before `}` or `]`; points at the comma.
    TrailingComma,
    /// A `//` or `/* */` comment; points at the comment.
    Comment,
    /// A string with no closing quote on its line; points at the string.
    UnterminatedString,
    /// The text ends where more was needed; an empty range at the end.
    UnexpectedEnd,
    /// Something after the root value; points at the first token of it.
    TrailingContent,
    /// A property name not followed by `:`; points at the token that follows the name.
    MissingColon,
    /// A `:`, `,` or `[` not followed by a value; points at the token found instead.
    MissingValue,
    /// A property name that is not a double-quoted string (bare word, single quotes, number…).
    PropertyNameExpected,
    /// A word or character that is no JSON value (`tru`, `undefined`, `NaN`, a stray `]`).
    InvalidToken,
    /// A number literal outside JSON's grammar (`01`, `+1`, `.5`, `1.`, `1e`, `0x1F`).
    InvalidNumber,
    /// A backslash escape JSON does not know, or a bad or lone-surrogate `\u` escape.
    InvalidEscape,
    /// A raw control character (such as a tab) inside a string.
    ControlCharacter,
    /// An object whose `}` is missing; points at its `{`.
    UnclosedObject,
    /// An array whose `]` is missing; points at its `[`.
    UnclosedArray,
    /// A string value in single quotes.
    SingleQuotedString,
}

impl SyntaxErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [SyntaxErrorKind; 16] = [
        Self::MissingComma,
        Self::TrailingComma,
        Self::Comment,
        Self::UnterminatedString,
        Self::UnexpectedEnd,
        Self::TrailingContent,
        Self::MissingColon,
        Self::MissingValue,
        Self::PropertyNameExpected,
        Self::InvalidToken,
        Self::InvalidNumber,
        Self::InvalidEscape,
        Self::ControlCharacter,
        Self::UnclosedObject,
        Self::UnclosedArray,
        Self::SingleQuotedString,
    ];

    /// The stable kebab-case code, always prefixed `syntax-`.
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingComma => "syntax-missing-comma",
            Self::TrailingComma => "syntax-trailing-comma",
            Self::Comment => "syntax-comment",
            Self::UnterminatedString => "syntax-unterminated-string",
            Self::UnexpectedEnd => "syntax-unexpected-end",
            Self::TrailingContent => "syntax-trailing-content",
            Self::MissingColon => "syntax-missing-colon",
            Self::MissingValue => "syntax-missing-value",
            Self::PropertyNameExpected => "syntax-property-name-expected",
            Self::InvalidToken => "syntax-invalid-token",
            Self::InvalidNumber => "syntax-invalid-number",
            Self::InvalidEscape => "syntax-invalid-escape",
            Self::ControlCharacter => "syntax-control-character",
            Self::UnclosedObject => "syntax-unclosed-object",
            Self::UnclosedArray => "syntax-unclosed-array",
            Self::SingleQuotedString => "syntax-single-quoted-string",
        }
    }

    /// A short plain-English message.
    pub fn message(self) -> &'static str {
        match self {
            Self::MissingComma => "Missing comma between properties or array items",
            Self::TrailingComma => "Trailing comma is not allowed in JSON",
            Self::Comment => "Comments are not allowed in JSON",
            Self::UnterminatedString => "String is missing its closing double quote",
            Self::UnexpectedEnd => "Unexpected end of JSON: something is missing here",
            Self::TrailingContent => "Unexpected content after the end of the JSON value",
            Self::MissingColon => "Missing colon after the property name",
            Self::MissingValue => "Missing value",
            Self::PropertyNameExpected => "Property names must be strings in double quotes",
            Self::InvalidToken => {
                "Unexpected token: expected a string, number, object, array, true, false or null"
            }
            Self::InvalidNumber => {
                "Invalid number: JSON numbers have no leading zeros, no '+' sign and digits on both sides of '.'"
            }
            Self::InvalidEscape => "Invalid escape sequence in string",
            Self::ControlCharacter => "Control characters such as tabs must be escaped in strings",
            Self::UnclosedObject => "Object is missing its closing '}'",
            Self::UnclosedArray => "Array is missing its closing ']'",
            Self::SingleQuotedString => "Strings must use double quotes in JSON",
        }
    }
}

impl SyntaxError {
    /// An error without a fix.
    pub(crate) fn new(kind: SyntaxErrorKind, range: TextRange) -> Self {
        Self {
            kind,
            range,
            fix: None,
        }
    }

    /// An error with a fix replacing `fix_range` with `replacement`.
    pub(crate) fn with_fix(
        kind: SyntaxErrorKind,
        range: TextRange,
        fix_range: TextRange,
        replacement: &'static str,
    ) -> Self {
        Self {
            kind,
            range,
            fix: Some(SyntaxFix {
                range: fix_range,
                replacement,
            }),
        }
    }
}

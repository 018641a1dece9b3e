//! Byte-level JSON tokenizer: skips whitespace, reports comments, and classifies tokens.

use super::error::{SyntaxError, SyntaxErrorKind};
use super::escape::range;

/// The kind of one token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// A double-quoted string (possibly unterminated).
    Str,
    /// A single-quoted string (possibly unterminated).
    SingleStr,
    /// Something that starts like a number (possibly invalid, see [`Token::flag`]).
    Number,
    /// `true`
    True,
    /// `false`
    False,
    /// `null`
    Null,
    /// Any other bare word (`tru`, `undefined`, `NaN`, an unquoted key).
    Word,
    /// One character that starts no token (`@`, `#`, a lone `/`…).
    Invalid,
    /// The end of the text (or of the parsed range).
    Eof,
}

/// One token, with absolute byte offsets. It ends where the lexer stands after reading it
/// ([`Lexer::pos`]): leaving the end out keeps a token in eight bytes, passed in a register.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// What it is.
    pub kind: Tok,
    /// Its first byte.
    pub start: u32,
    /// Whether a line break (in whitespace or a comment) separates it from the previous token.
    pub newline_before: bool,
    /// Strings: contains an escape or a control character (needs validating).
    /// Numbers: is not a valid JSON number.
    pub flag: bool,
    /// Strings: has no closing quote.
    pub unterminated: bool,
}

impl Token {
    /// Whether the token is no proper JSON token: a bare word, a single-quoted or
    /// unterminated string, or an invalid number.
    pub fn is_improper(&self) -> bool {
        match self.kind {
            Tok::Word | Tok::SingleStr => true,
            Tok::Number => self.flag,
            _ => self.unterminated,
        }
    }
}

/// Byte classes, as bits in [`CLASS`].
const WORD: u8 = 1;
const NUMBER: u8 = 2;
const STRING_STOP: u8 = 4;

/// Byte class table: which bytes continue a word or number, which stop a string scan.
const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut class = 0;
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 {
            class |= WORD;
        }
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' {
            class |= NUMBER;
        }
        if c < 0x20 || c == b'"' || c == b'\'' || c == b'\\' {
            class |= STRING_STOP;
        }
        table[b] = class;
        b += 1;
    }
    table
};

/// Tokenizer over `text[pos..end]`; cloning it gives a lookahead.
#[derive(Clone)]
pub(crate) struct Lexer<'a> {
    /// The text's bytes up to `end` only, so that no look at a next byte leaves the range.
    bytes: &'a [u8],
    pos: usize,
    end: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer over `text[start..end]`; both must be char boundaries.
    pub fn new(text: &'a str, start: usize, end: usize) -> Self {
        let bytes = &text.as_bytes()[..end];
        Self {
            bytes,
            pos: start,
            end: bytes.len(),
        }
    }

    /// Where the lexer stands: the end of the last token read.
    pub fn pos(&self) -> u32 {
        self.pos as u32
    }

    /// The next token; comments on the way are reported to `errors`.
    pub fn next(&mut self, errors: &mut Vec<SyntaxError>) -> Token {
        let newline_before = self.skip_trivia(errors);
        let start = self.pos;
        let mut token = Token {
            kind: Tok::Eof,
            start: start as u32,
            newline_before,
            flag: false,
            unterminated: false,
        };
        if start >= self.end {
            return token;
        }
        let b = self.bytes[start];
        token.kind = match b {
            b'{' => Tok::LBrace,
            b'}' => Tok::RBrace,
            b'[' => Tok::LBracket,
            b']' => Tok::RBracket,
            b':' => Tok::Colon,
            b',' => Tok::Comma,
            b'"' | b'\'' => {
                token.kind = if b == b'"' { Tok::Str } else { Tok::SingleStr };
                self.lex_string(b, &mut token);
                return token;
            }
            b'-' | b'+' | b'.' | b'0'..=b'9' => {
                token.kind = Tok::Number;
                self.lex_number();
                token.flag = !is_valid_number(&self.bytes[start..self.pos]);
                return token;
            }
            _ if CLASS[b as usize] & WORD != 0 => {
                self.pos += 1;
                while self.pos < self.end && CLASS[self.bytes[self.pos] as usize] & WORD != 0 {
                    self.pos += 1;
                }
                token.kind = match &self.bytes[start..self.pos] {
                    b"true" => Tok::True,
                    b"false" => Tok::False,
                    b"null" => Tok::Null,
                    _ => Tok::Word,
                };
                return token;
            }
            _ => Tok::Invalid,
        };
        // All single-byte tokens are ASCII, so `start + 1` is a char boundary.
        self.pos += 1;
        token
    }

    /// Skips whitespace and comments (reporting each comment); returns whether a line break
    /// was skipped.
    fn skip_trivia(&mut self, errors: &mut Vec<SyntaxError>) -> bool {
        // Fast exit: most tokens follow no whitespace or a single space.
        match self.bytes.get(self.pos) {
            Some(&b) if b > b' ' && b != b'/' => return false,
            Some(b' ')
                if self
                    .bytes
                    .get(self.pos + 1)
                    .is_some_and(|&b| b > b' ' && b != b'/') =>
            {
                self.pos += 1;
                return false;
            }
            _ => {}
        }
        let mut newline = false;
        loop {
            while self.pos < self.end {
                match self.bytes[self.pos] {
                    b' ' | b'\t' => {}
                    b'\n' | b'\r' => newline = true,
                    _ => break,
                }
                self.pos += 1;
            }
            if self.pos + 1 >= self.end || self.bytes[self.pos] != b'/' {
                return newline;
            }
            let start = self.pos;
            match self.bytes[start + 1] {
                b'/' => {
                    self.pos = self.line_end(start + 2);
                    let comment = range(start, self.pos);
                    errors.push(SyntaxError::with_fix(
                        SyntaxErrorKind::Comment,
                        comment,
                        comment,
                        "",
                    ));
                }
                b'*' => {
                    let body = &self.bytes[start + 2..self.end];
                    let close = body.windows(2).position(|w| w == b"*/");
                    self.pos = close.map_or(self.end, |at| start + 2 + at + 2);
                    let comment = range(start, self.pos);
                    newline |= self.bytes[start..self.pos]
                        .iter()
                        .any(|&b| b == b'\n' || b == b'\r');
                    errors.push(match close {
                        Some(_) => {
                            SyntaxError::with_fix(SyntaxErrorKind::Comment, comment, comment, "")
                        }
                        // Deleting up to the end of the text is not a safe fix.
                        None => SyntaxError::new(SyntaxErrorKind::Comment, comment),
                    });
                }
                _ => return newline,
            }
        }
    }

    /// The offset of the first line break at or after `from` (or the end).
    fn line_end(&self, from: usize) -> usize {
        self.bytes[from..self.end]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(self.end, |at| from + at)
    }

    /// Scans a string opened by `quote` at `self.pos`. It ends at the matching quote, or
    /// (unterminated) before the end of its line.
    fn lex_string(&mut self, quote: u8, token: &mut Token) {
        let mut i = self.pos + 1;
        loop {
            i = skip_plain_string_bytes(self.bytes, i, self.end, quote);
            while i < self.end && CLASS[self.bytes[i] as usize] & STRING_STOP == 0 {
                i += 1;
            }
            if i >= self.end {
                token.unterminated = true;
                break;
            }
            match self.bytes[i] {
                b if b == quote => {
                    i += 1;
                    break;
                }
                b'"' | b'\'' => i += 1,
                b'\\' => {
                    token.flag = true;
                    if i + 1 < self.end && !matches!(self.bytes[i + 1], b'\n' | b'\r') {
                        // Skipping one byte may land inside a multi-byte char: its continuation
                        // bytes are never special, so the scan stays correct.
                        i += 2;
                    } else {
                        i += 1;
                        token.unterminated = true;
                        break;
                    }
                }
                b'\n' | b'\r' => {
                    token.unterminated = true;
                    break;
                }
                _ => {
                    token.flag = true;
                    i += 1;
                }
            }
        }
        self.pos = i;
    }

    /// Scans a number-like token at `self.pos`: an optional sign, then digits, letters, `.`,
    /// `_`, and a sign right after an exponent `e`/`E`.
    fn lex_number(&mut self) {
        let mut i = self.pos + 1;
        while i < self.end {
            let b = self.bytes[i];
            let sign_after_exponent =
                matches!(b, b'+' | b'-') && matches!(self.bytes[i - 1], b'e' | b'E');
            if CLASS[b as usize] & NUMBER == 0 && !sign_after_exponent {
                break;
            }
            i += 1;
        }
        self.pos = i;
    }
}

/// Skips string bytes that need no attention, eight at a time, starting at `i`: stops at or
/// before the first `quote`, backslash or control character, leaving the rest of the
/// eight-byte window (and the tail of the text) to the byte loop.
fn skip_plain_string_bytes(bytes: &[u8], mut i: usize, end: usize, quote: u8) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    /// Bytes of `x` that are zero get their high bit set (the lowest one exactly; higher ones
    /// may be false positives, which only stops the fast path early).
    fn zero_bytes(x: u64) -> u64 {
        x.wrapping_sub(ONES) & !x & HIGHS
    }
    while i + 8 <= end {
        let Some(chunk) = bytes
            .get(i..i + 8)
            .and_then(|c| <[u8; 8]>::try_from(c).ok())
        else {
            break;
        };
        let x = u64::from_le_bytes(chunk);
        let quotes = zero_bytes(x ^ (ONES * u64::from(quote)));
        let backslashes = zero_bytes(x ^ (ONES * u64::from(b'\\')));
        let controls = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
        let stops = quotes | backslashes | controls;
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i
}

/// Whether `bytes` is a number in RFC 8259's grammar:
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub(crate) fn is_valid_number(bytes: &[u8]) -> bool {
    let digits = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut i = usize::from(bytes.first() == Some(&b'-'));
    match bytes.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(i),
        _ => return false,
    }
    if bytes.get(i) == Some(&b'.') {
        let after = digits(i + 1);
        if after == i + 1 {
            return false;
        }
        i = after;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let after = digits(i);
        if after == i {
            return false;
        }
        i = after;
    }
    i == bytes.len()
}

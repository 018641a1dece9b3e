//! The parser proper: an explicit-stack state machine building the node arena.

use std::borrow::Cow;
use std::collections::HashSet;

use super::error::{SyntaxError, SyntaxErrorKind};
use super::escape;
use super::lexer::{Lexer, Tok, Token};
use super::{JsonParse, JsonTree, KeyText, Member, Node, NodeId, NodeKind, NONE};
use crate::TextRange;

/// Where an open container is in its grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Right after `{`: a key or `}`.
    ObjectOpen,
    /// After a comma: a key (a `}` makes the comma trailing).
    ObjectKey,
    /// After a key: `:`.
    ObjectColon,
    /// After `:`: a value.
    ObjectValue,
    /// After a member: `,` or `}`.
    ObjectAfter,
    /// Right after `[`: a value or `]`.
    ArrayOpen,
    /// After a comma: a value (a `]` makes the comma trailing).
    ArrayValue,
    /// After an element: `,` or `]`.
    ArrayAfter,
}

/// One open container.
struct Frame {
    /// Its node index.
    node: u32,
    /// Where its children start in the parser's scratch vector.
    scratch_start: usize,
    /// What it expects next.
    state: State,
    /// The start of its last comma.
    comma: u32,
    /// The pending key was not a double-quoted string.
    bogus_key: bool,
    /// An invalid token was already reported where the pending value should be.
    value_error: bool,
    /// Tokens were just skipped after an error: do not report a missing comma now.
    recovered: bool,
    /// A misplaced-token error was reported in this container: report no more (see
    /// [`Parser::misplaced`]).
    quiet: bool,
}

/// A member of an open object, kept compact until the object closes and the [`Member`]
/// (with its decoded name) is built.
struct PendingMember {
    /// The key token.
    key: TextRange,
    /// The start of the one-byte `:` token, or [`NONE`].
    colon: u32,
    /// The value node index, or [`NONE`].
    value: u32,
    /// The key is a quoted string (its name is the contents), not a bare word or number.
    quoted: bool,
    /// The quoted key has no closing quote.
    unterminated: bool,
    /// The quoted key contains an escape or a control character.
    escaped: bool,
}

/// Parser state over `text[start..end]`.
pub(crate) struct Parser<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    /// The current (not yet consumed) token.
    tok: Token,
    /// The end of the last consumed token.
    last_end: u32,
    /// The last consumed token was an unterminated string.
    last_unterminated: bool,
    /// The last consumed token was improper (see [`Token::is_improper`]).
    last_improper: bool,
    /// The end of the parsed range.
    end: u32,
    nodes: Vec<Node>,
    members: Vec<Member>,
    elements: Vec<NodeId>,
    /// Keys with escapes, decoded, by key start.
    decoded_keys: Vec<(u32, Box<str>)>,
    /// Members of open objects, innermost last; moved to `members` when an object closes.
    member_scratch: Vec<PendingMember>,
    /// Elements of open arrays, innermost last; moved to `elements` when an array closes.
    element_scratch: Vec<NodeId>,
    stack: Vec<Frame>,
    open_objects: usize,
    open_arrays: usize,
    errors: Vec<SyntaxError>,
    /// Starts of the structural errors so far, to never report two at the same offset.
    error_starts: HashSet<u32>,
}

impl<'a> Parser<'a> {
    /// A parser over `text[start..end]` (char boundaries, `end <= u32::MAX`).
    pub fn new(text: &'a str, start: usize, end: usize) -> Self {
        let mut errors = Vec::new();
        let mut lexer = Lexer::new(text, start, end);
        // Sized for a PATCH body (about one member per 32 bytes), so that the common small file
        // grows no vector; a bigger or denser text grows them as usual.
        let len = end.saturating_sub(start);
        let tok = lexer.next(&mut errors);
        Self {
            text,
            lexer,
            tok,
            last_end: start as u32,
            last_unterminated: false,
            last_improper: false,
            end: end as u32,
            nodes: Vec::with_capacity(len / 16),
            members: Vec::with_capacity(len / 32),
            elements: Vec::new(),
            decoded_keys: Vec::new(),
            member_scratch: Vec::with_capacity((len / 32).min(64)),
            element_scratch: Vec::new(),
            stack: Vec::new(),
            open_objects: 0,
            open_arrays: 0,
            errors,
            error_starts: HashSet::new(),
        }
    }

    /// Parses the root value, then checks that nothing follows it.
    pub fn run(mut self) -> JsonParse<'a> {
        let mut root = None;
        let mut reported = false;
        while self.tok.kind != Tok::Eof {
            root = self.start_value();
            if root.is_some() {
                break;
            }
            if !reported {
                self.error(SyntaxErrorKind::InvalidToken, self.tok_range());
                reported = true;
            }
            self.bump();
        }
        while !self.stack.is_empty() {
            self.step();
        }
        if root.is_some() && self.tok.kind != Tok::Eof {
            self.error(SyntaxErrorKind::TrailingContent, self.tok_range());
        }
        let mut errors = self.errors;
        errors.sort_by_key(|error| error.range.start);
        // Objects close inner first, so keys were decoded out of text order.
        let mut decoded_keys = self.decoded_keys;
        decoded_keys.sort_unstable_by_key(|(start, _)| *start);
        JsonParse {
            tree: JsonTree {
                text: self.text,
                nodes: self.nodes,
                members: self.members,
                elements: self.elements,
                decoded_keys,
                root,
            },
            errors,
        }
    }

    /// Consumes the current token.
    fn bump(&mut self) {
        self.last_end = self.lexer.pos();
        self.last_unterminated = self.tok.unterminated;
        self.last_improper = self.tok.is_improper();
        self.tok = self.lexer.next(&mut self.errors);
    }

    /// The kind of the token after the current one (comment errors on the way are dropped:
    /// they are reported when that token is really reached).
    fn peek_kind(&self) -> Tok {
        self.lexer.clone().next(&mut Vec::new()).kind
    }

    /// The current token's range.
    fn tok_range(&self) -> TextRange {
        TextRange::new(self.tok.start, self.lexer.pos())
    }

    /// Reports a structural error, unless one already starts at the same offset.
    fn error(&mut self, kind: SyntaxErrorKind, range: TextRange) {
        self.push_error(SyntaxError::new(kind, range));
    }

    /// Reports a structural error with its fix, unless one already starts at the same offset.
    fn push_error(&mut self, error: SyntaxError) {
        if self.error_starts.insert(error.range.start) {
            self.errors.push(error);
        }
    }

    /// The innermost open container.
    fn top(&mut self) -> &mut Frame {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    /// Moves the innermost container to `state`, clearing its per-slot flags.
    fn set_state(&mut self, state: State) {
        let frame = self.top();
        frame.state = state;
        frame.value_error = false;
        frame.recovered = false;
    }

    /// Reports errors inside the current string or number token.
    fn check_token(&mut self) {
        let t = self.tok;
        match t.kind {
            Tok::Str | Tok::SingleStr => {
                if t.unterminated {
                    self.errors.push(SyntaxError::new(
                        SyntaxErrorKind::UnterminatedString,
                        self.tok_range(),
                    ));
                }
                if t.flag {
                    let (start, end) = self.string_contents(t);
                    let quote = self.text.as_bytes()[t.start as usize];
                    escape::validate(self.text, start, end, quote, &mut self.errors);
                }
            }
            Tok::Number if t.flag => self.errors.push(SyntaxError::new(
                SyntaxErrorKind::InvalidNumber,
                self.tok_range(),
            )),
            _ => {}
        }
    }

    /// The contents of the current string token `t`, quotes excluded.
    fn string_contents(&self, t: Token) -> (usize, usize) {
        let end = self.lexer.pos() - u32::from(!t.unterminated);
        (t.start as usize + 1, end as usize)
    }

    /// Starts a value at the current token: creates its node, links it to the pending member
    /// or element slot, consumes the token and opens a frame for a container. Returns `None`
    /// (consuming nothing) when the token starts no value.
    fn start_value(&mut self) -> Option<NodeId> {
        let t = self.tok;
        let kind = match t.kind {
            Tok::LBrace => NodeKind::Object,
            Tok::LBracket => NodeKind::Array,
            Tok::Str | Tok::SingleStr => NodeKind::String,
            Tok::Number => NodeKind::Number,
            Tok::True | Tok::False => NodeKind::Bool,
            Tok::Null => NodeKind::Null,
            _ => return None,
        };
        if t.kind == Tok::SingleStr {
            self.error(SyntaxErrorKind::SingleQuotedString, self.tok_range());
        }
        self.check_token();
        let id = NodeId(self.nodes.len() as u32);
        let (first, last) = match kind {
            NodeKind::String => {
                let (start, end) = self.string_contents(t);
                (start as u32, end as u32)
            }
            _ => (0, 0),
        };
        let parent = self.stack.last().map_or(NONE, |frame| frame.node);
        self.nodes.push(Node {
            range: self.tok_range(),
            parent,
            first,
            last,
            kind,
        });
        match self
            .stack
            .last()
            .map(|frame| self.nodes[frame.node as usize].kind)
        {
            Some(NodeKind::Object) => {
                if let Some(member) = self.member_scratch.last_mut() {
                    member.value = id.0;
                }
            }
            Some(_) => self.element_scratch.push(id),
            None => {}
        }
        self.bump();
        let state = match kind {
            NodeKind::Object => {
                self.open_objects += 1;
                State::ObjectOpen
            }
            NodeKind::Array => {
                self.open_arrays += 1;
                State::ArrayOpen
            }
            _ => return Some(id),
        };
        let scratch_start = match kind {
            NodeKind::Object => self.member_scratch.len(),
            _ => self.element_scratch.len(),
        };
        self.stack.push(Frame {
            node: id.0,
            scratch_start,
            state,
            comma: 0,
            bogus_key: false,
            value_error: false,
            recovered: false,
            quiet: false,
        });
        Some(id)
    }

    /// Closes the innermost container at the last consumed byte (its closing bracket, or
    /// where it stopped when unclosed) and moves its children to their final place.
    fn close_top(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let index = frame.node as usize;
        self.nodes[index].range.end = self.last_end;
        let (first, last) = if self.nodes[index].kind == NodeKind::Object {
            self.open_objects -= 1;
            let first = self.members.len();
            for pending in self.member_scratch.drain(frame.scratch_start..) {
                let key = pending.key;
                let mut end = key.end;
                if pending.colon != NONE {
                    end = pending.colon + 1;
                }
                if pending.value != NONE {
                    end = self.nodes[pending.value as usize].range.end;
                }
                let name = match (pending.quoted, pending.unterminated) {
                    (false, _) => KeyText::Token,
                    (true, false) => KeyText::Quoted,
                    (true, true) => KeyText::Unterminated,
                };
                // `escaped` is the lexer's flag, which means escapes only on a quoted key.
                let name = if pending.quoted && pending.escaped {
                    let contents_end = key.end - u32::from(!pending.unterminated);
                    match escape::decode(self.text, key.start as usize + 1, contents_end as usize) {
                        Cow::Owned(decoded) => {
                            self.decoded_keys.push((key.start, decoded.into()));
                            KeyText::Decoded
                        }
                        Cow::Borrowed(_) => name,
                    }
                } else {
                    name
                };
                self.members.push(Member {
                    key,
                    colon: pending.colon,
                    value: pending.value,
                    end,
                    name,
                });
            }
            (first, self.members.len())
        } else {
            self.open_arrays -= 1;
            let first = self.elements.len();
            self.elements
                .extend(self.element_scratch.drain(frame.scratch_start..));
            (first, self.elements.len())
        };
        self.nodes[index].first = first as u32;
        self.nodes[index].last = last as u32;
    }

    /// Reports the innermost container as unclosed and closes it where it stopped.
    fn close_unclosed(&mut self) {
        let Some(frame) = self.stack.last() else {
            return;
        };
        let node = &self.nodes[frame.node as usize];
        let kind = match node.kind {
            NodeKind::Object => SyntaxErrorKind::UnclosedObject,
            _ => SyntaxErrorKind::UnclosedArray,
        };
        let open = TextRange::new(node.range.start, node.range.start + 1);
        self.error(kind, open);
        self.close_top();
    }

    /// Handles a `}` in an array or a `]` in an object: when an outer container of the other
    /// kind is open, the innermost one lacks its closing bracket; otherwise the token is stray.
    fn foreign_close(&mut self) {
        let outer_open = match self.tok.kind {
            Tok::RBrace => self.open_objects > 0,
            _ => self.open_arrays > 0,
        };
        if outer_open {
            self.close_unclosed();
        } else {
            self.error(SyntaxErrorKind::InvalidToken, self.tok_range());
            self.bump();
        }
    }

    /// Reports the end of the text inside open containers and closes them all. Right after
    /// an unterminated string nothing more is reported: it swallowed the rest of its line,
    /// closing brackets included, and its own error says what to fix.
    fn finish_at_eof(&mut self) {
        let state = self.top().state;
        match state {
            _ if self.last_unterminated => {}
            State::ObjectOpen | State::ObjectAfter | State::ArrayOpen | State::ArrayAfter => {
                self.close_unclosed();
            }
            _ => self.error(SyntaxErrorKind::UnexpectedEnd, TextRange::empty(self.end)),
        }
        while !self.stack.is_empty() {
            self.close_top();
        }
    }

    /// Skips tokens after an error, silently, up to a recovery point: a `,`, or a `}` or `]`
    /// closing an open container, outside nested brackets; the end; or (in an object) a
    /// string on a new line, likely the next key.
    fn skip_to_recovery(&mut self) {
        let in_object = matches!(
            self.top().state,
            State::ObjectOpen
                | State::ObjectKey
                | State::ObjectColon
                | State::ObjectValue
                | State::ObjectAfter
        );
        let mut depth = 0u32;
        loop {
            let t = self.tok;
            match t.kind {
                Tok::Eof => break,
                Tok::Comma if depth == 0 => break,
                // A closer that closes nothing open is garbage too.
                Tok::RBrace if depth == 0 && self.open_objects > 0 => break,
                Tok::RBracket if depth == 0 && self.open_arrays > 0 => break,
                Tok::Str if depth == 0 && in_object && t.newline_before => break,
                Tok::LBrace | Tok::LBracket => depth += 1,
                Tok::RBrace | Tok::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
    }

    /// Reports an error about a misplaced token, only the first in each container: one stray
    /// bracket or quote can shift the structure so that many later tokens look misplaced, and
    /// errors must not multiply with the input.
    fn misplaced(&mut self, kind: SyntaxErrorKind, range: TextRange) {
        self.push_misplaced(SyntaxError::new(kind, range));
    }

    /// [`Parser::misplaced`] for an error with a fix.
    fn push_misplaced(&mut self, error: SyntaxError) {
        if !self.top().quiet {
            self.top().quiet = true;
            self.push_error(error);
        }
    }

    /// A missing comma or colon is only guessed: between two tokens with no gap at all (which
    /// valid JSON never has next to a value, and which a stray quote makes by the dozen) it
    /// counts as misplaced, reported once per container.
    fn guessed(&mut self, error: SyntaxError) {
        if self.tok.start == self.last_end {
            self.push_misplaced(error);
        } else {
            self.push_error(error);
        }
    }

    /// Reports the current token as misplaced, skips to a recovery point, and waits for a
    /// separator.
    fn recover(&mut self, kind: SyntaxErrorKind, after: State) {
        self.misplaced(kind, self.tok_range());
        self.skip_then(after);
    }

    /// Skips to a recovery point after an error, then waits for a separator in `after`.
    fn skip_then(&mut self, after: State) {
        self.skip_to_recovery();
        self.set_state(after);
        self.top().recovered = true;
    }

    /// Reports a missing comma before the current token, with a fix inserting it after the
    /// previous value. Only between two proper tokens, and not right after a recovery: next
    /// to a bare word, invalid number or unterminated string (a stray quote) the comma is a
    /// guess, the token's own error comes first, and the fix could land inside the string.
    fn missing_comma(&mut self) {
        if !self.tok.is_improper() && !self.last_improper && !self.top().recovered {
            let error = SyntaxError::with_fix(
                SyntaxErrorKind::MissingComma,
                self.tok_range(),
                TextRange::empty(self.last_end),
                ",",
            );
            self.guessed(error);
        }
    }

    /// Reports the innermost container's last comma as trailing, with a fix deleting it.
    fn trailing_comma(&mut self) {
        let comma = TextRange::new(self.top().comma, self.top().comma + 1);
        let error = SyntaxError::with_fix(SyntaxErrorKind::TrailingComma, comma, comma, "");
        self.push_error(error);
    }

    /// Takes one step in the innermost open container.
    fn step(&mut self) {
        if self.tok.kind == Tok::Eof {
            self.finish_at_eof();
            return;
        }
        match self.top().state {
            state @ (State::ObjectOpen | State::ObjectKey) => self.object_key(state),
            State::ObjectColon => self.object_colon(),
            State::ObjectValue => self.object_value(),
            State::ObjectAfter => self.object_after(),
            state @ (State::ArrayOpen | State::ArrayValue) => self.array_value(state),
            State::ArrayAfter => self.array_after(),
        }
    }

    /// Where a key (or `}`) is expected.
    fn object_key(&mut self, state: State) {
        let t = self.tok;
        match t.kind {
            Tok::RBrace => {
                if state == State::ObjectKey {
                    self.trailing_comma();
                }
                self.bump();
                self.close_top();
            }
            Tok::Str => self.start_member(false),
            // Reported once a `:` does or does not follow (see `object_colon`).
            Tok::SingleStr | Tok::Word | Tok::Number | Tok::True | Tok::False | Tok::Null => {
                self.start_member(true);
            }
            Tok::Comma => {
                self.misplaced(SyntaxErrorKind::PropertyNameExpected, self.tok_range());
                self.top().comma = t.start;
                self.bump();
                self.set_state(State::ObjectKey);
            }
            Tok::RBracket => self.foreign_close(),
            _ => self.recover(SyntaxErrorKind::PropertyNameExpected, State::ObjectAfter),
        }
    }

    /// Records the current token as the key of a new member.
    fn start_member(&mut self, bogus: bool) {
        let t = self.tok;
        let quoted = matches!(t.kind, Tok::Str | Tok::SingleStr);
        if quoted {
            self.check_token();
        }
        self.member_scratch.push(PendingMember {
            key: self.tok_range(),
            colon: NONE,
            value: NONE,
            quoted,
            unterminated: t.unterminated,
            escaped: t.flag,
        });
        self.bump();
        self.set_state(State::ObjectColon);
        self.top().bogus_key = bogus;
    }

    /// Where the `:` after a key is expected.
    fn object_colon(&mut self) {
        let t = self.tok;
        let bogus_key = match self.top().bogus_key {
            true => self.member_scratch.last().map(|member| member.key),
            false => None,
        };
        if t.kind == Tok::Colon {
            if let Some(key) = bogus_key {
                // `{a: 1}`, `{'a': 1}`, `{1: 2}`: used as a key, so reported as one.
                self.error(SyntaxErrorKind::PropertyNameExpected, key);
            }
            if let Some(member) = self.member_scratch.last_mut() {
                member.colon = t.start;
            }
            self.bump();
            self.set_state(State::ObjectValue);
            return;
        }
        if let Some(key) = bogus_key {
            // A bare word or number not followed by `:` was no key: misplaced, dropped.
            self.misplaced(SyntaxErrorKind::PropertyNameExpected, key);
            self.member_scratch.pop();
            self.skip_then(State::ObjectAfter);
            return;
        }
        let ends_member = match t.kind {
            Tok::RBrace | Tok::RBracket | Tok::Comma => true,
            Tok::Str => t.newline_before,
            _ => false,
        };
        if ends_member {
            // `{"a"}`, `{"a", "b"}`: a list-like string rather than a key missing its colon.
            self.misplaced(SyntaxErrorKind::MissingColon, self.tok_range());
            self.set_state(State::ObjectAfter);
        } else {
            // Before a bare word or invalid number the colon is a guess: the value's own
            // error comes first (as for a missing comma).
            if !t.is_improper() {
                self.guessed(SyntaxError::new(
                    SyntaxErrorKind::MissingColon,
                    self.tok_range(),
                ));
            }
            self.set_state(State::ObjectValue);
        }
    }

    /// Where a member value is expected.
    fn object_value(&mut self) {
        let t = self.tok;
        // `"a": ⏎ "b": 2`: the string is the next key (common while typing), not the value.
        let next_key = t.kind == Tok::Str && t.newline_before && self.peek_kind() == Tok::Colon;
        match t.kind {
            _ if next_key => {
                self.error(SyntaxErrorKind::MissingValue, self.tok_range());
                self.set_state(State::ObjectAfter);
            }
            Tok::RBrace | Tok::RBracket | Tok::Comma => {
                if !self.top().value_error {
                    self.error(SyntaxErrorKind::MissingValue, self.tok_range());
                }
                self.set_state(State::ObjectAfter);
            }
            _ => self.value_slot(State::ObjectAfter),
        }
    }

    /// A value slot (in an object or array) whose token is not a separator or closer.
    fn value_slot(&mut self, after: State) {
        match self.tok.kind {
            // `tru`, `undefined`, `hello world`: each such value is reported (no misplaced
            // token, a plain mistake), and the rest of it skipped.
            Tok::Word => {
                self.error(SyntaxErrorKind::InvalidToken, self.tok_range());
                self.skip_then(after);
            }
            Tok::Colon | Tok::Invalid => {
                self.misplaced(SyntaxErrorKind::InvalidToken, self.tok_range());
                self.bump();
                self.top().value_error = true;
            }
            _ => {
                // The slot is filled now: `start_value` links the node to this frame's
                // pending member or element, and may push a frame above it.
                self.set_state(after);
                self.start_value();
            }
        }
    }

    /// Where `,` or `}` is expected after a member.
    fn object_after(&mut self) {
        let t = self.tok;
        match t.kind {
            Tok::Comma => {
                self.top().comma = t.start;
                self.bump();
                self.set_state(State::ObjectKey);
            }
            Tok::RBrace => {
                self.bump();
                self.close_top();
            }
            Tok::RBracket => self.foreign_close(),
            Tok::Str
            | Tok::SingleStr
            | Tok::Word
            | Tok::Number
            | Tok::True
            | Tok::False
            | Tok::Null => {
                self.missing_comma();
                self.set_state(State::ObjectKey);
            }
            _ => self.recover(SyntaxErrorKind::InvalidToken, State::ObjectAfter),
        }
    }

    /// Where an array element (or `]`) is expected.
    fn array_value(&mut self, state: State) {
        let t = self.tok;
        match t.kind {
            Tok::RBracket => {
                if state == State::ArrayValue && !self.top().value_error {
                    self.trailing_comma();
                }
                self.bump();
                self.close_top();
            }
            Tok::Comma => {
                if !self.top().value_error {
                    self.error(SyntaxErrorKind::MissingValue, self.tok_range());
                }
                self.top().comma = t.start;
                self.bump();
                self.set_state(State::ArrayValue);
            }
            Tok::RBrace => self.foreign_close(),
            _ => self.value_slot(State::ArrayAfter),
        }
    }

    /// Where `,` or `]` is expected after an element.
    fn array_after(&mut self) {
        let t = self.tok;
        match t.kind {
            Tok::Comma => {
                self.top().comma = t.start;
                self.bump();
                self.set_state(State::ArrayValue);
            }
            Tok::RBracket => {
                self.bump();
                self.close_top();
            }
            Tok::RBrace => self.foreign_close(),
            Tok::Colon | Tok::Invalid => {
                self.recover(SyntaxErrorKind::InvalidToken, State::ArrayAfter)
            }
            _ => {
                self.missing_comma();
                self.set_state(State::ArrayValue);
            }
        }
    }
}

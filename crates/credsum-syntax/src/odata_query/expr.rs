//! OData expressions (`$filter`, `$orderby` items, lambda bodies): a precedence-climbing parser
//! over [`lexer`](super::lexer) tokens into an arena of nodes. A node's children always come
//! before it in the arena, so one forward pass sees every child before its parent (no recursion
//! is needed to walk a tree). Nesting deeper than [`MAX_DEPTH`] is one error and is skipped, so
//! 10,000 parentheses cannot overflow the stack; the work is linear in the tokens.

use crate::TextRange;

use super::decode::Decoded;
use super::lexer::{tokenize, LitShape, Tok, Token};
use super::{QueryError, QueryErrorKind};

/// How deep expressions may nest (parentheses, `not`, calls, lambdas) before the rest of the
/// group is skipped with one error.
pub const MAX_DEPTH: usize = 100;

/// Index of a node in an [`Expression`]'s arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExprId(pub u32);

/// A binary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `eq`
    Eq,
    /// `ne`
    Ne,
    /// `gt`
    Gt,
    /// `ge`
    Ge,
    /// `lt`
    Lt,
    /// `le`
    Le,
    /// `has`
    Has,
    /// `in`
    In,
    /// `add`
    Add,
    /// `sub`
    Sub,
    /// `mul`
    Mul,
    /// `div`
    Div,
    /// `divby`
    DivBy,
    /// `mod`
    Mod,
}

impl BinaryOp {
    /// Every binary operator, for completion.
    pub const ALL: [BinaryOp; 16] = [
        BinaryOp::Or,
        BinaryOp::And,
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Has,
        BinaryOp::In,
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
        BinaryOp::DivBy,
        BinaryOp::Mod,
    ];

    /// The operator as written.
    pub fn keyword(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "eq",
            BinaryOp::Ne => "ne",
            BinaryOp::Gt => "gt",
            BinaryOp::Ge => "ge",
            BinaryOp::Lt => "lt",
            BinaryOp::Le => "le",
            BinaryOp::Has => "has",
            BinaryOp::In => "in",
            BinaryOp::Add => "add",
            BinaryOp::Sub => "sub",
            BinaryOp::Mul => "mul",
            BinaryOp::Div => "div",
            BinaryOp::DivBy => "divby",
            BinaryOp::Mod => "mod",
        }
    }

    /// The operator written `word`, if any, in any case (OData 4.01 reads `EQ` and `And` too;
    /// the checker says when the spelling is not the canonical lower case).
    pub fn from_keyword(word: &str) -> Option<BinaryOp> {
        BinaryOp::ALL
            .into_iter()
            .find(|op| op.keyword().eq_ignore_ascii_case(word))
    }

    /// Binding power: OData's precedence, `or` lowest, `has`/`in` highest (URL Conventions
    /// §5.1.1.15).
    fn power(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq | BinaryOp::Ne => 3,
            BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Lt | BinaryOp::Le => 4,
            BinaryOp::Add | BinaryOp::Sub => 5,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::DivBy | BinaryOp::Mod => 6,
            BinaryOp::Has | BinaryOp::In => 8,
        }
    }

    /// Whether the operator compares (its result is a Boolean, its operands of one type).
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Gt | BinaryOp::Ge | BinaryOp::Lt | BinaryOp::Le
        )
    }

    /// Whether the operator is arithmetic (numbers in, a number out).
    pub fn is_arithmetic(self) -> bool {
        matches!(
            self,
            BinaryOp::Add
                | BinaryOp::Sub
                | BinaryOp::Mul
                | BinaryOp::Div
                | BinaryOp::DivBy
                | BinaryOp::Mod
        )
    }

    /// Whether the operator is `and` or `or`.
    pub fn is_logical(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or)
    }
}

/// Binding power of the prefix operators `not` and `-`.
const UNARY_POWER: u8 = 7;

/// A lambda operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lambda {
    /// `any`
    Any,
    /// `all`
    All,
}

/// A name in an expression or path, decoded, with its source range.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Name {
    /// Source range in the request text.
    pub range: TextRange,
    /// The decoded name.
    pub text: String,
}

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExprKind {
    /// A literal of some shape, and its decoded text.
    Literal(LitShape, String),
    /// A member path `a/b/c` (one segment for a property).
    Path(Vec<Name>),
    /// `@alias`.
    Alias,
    /// `name(args)`: the function name and the arguments.
    Call(Name, Vec<ExprId>),
    /// `path/any(v: body)`: the collection path, the operator, the variable and the body (both
    /// absent in `any()`).
    Lambda(ExprId, Lambda, Option<Name>, Option<ExprId>),
    /// `not x`.
    Not(ExprId),
    /// `-x`.
    Negate(ExprId),
    /// `a op b`: the operator's range between the operands.
    Binary(BinaryOp, TextRange, ExprId, ExprId),
    /// `(a, b, c)`, the right side of `in`.
    List(Vec<ExprId>),
    /// `(x)`.
    Paren(ExprId),
    /// Something that is not an expression (an error was reported).
    Error,
}

/// One node: what it is and its source range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Source range in the request text.
    pub range: TextRange,
}

/// A parsed expression: the arena and its root.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Expression {
    /// Every node, children before parents.
    pub nodes: Vec<Expr>,
    /// The root node; `None` for an empty expression.
    pub root: Option<ExprId>,
}

impl Expression {
    /// The node `id`.
    pub fn node(&self, id: ExprId) -> Option<&Expr> {
        self.nodes.get(id.0 as usize)
    }
}

/// The parser's state over one token list.
pub(crate) struct Parser<'a> {
    text: &'a str,
    map: &'a Decoded,
    tokens: Vec<Token>,
    pos: usize,
    nodes: Vec<Expr>,
    /// Where the parsed piece ends (decoded offset), for "expected … at the end" findings.
    end: usize,
    /// Whether the arguments being read may name a type (`isof(Ns.T)`, `cast(x, Edm.String)`).
    type_arguments: bool,
    pub errors: Vec<QueryError>,
}

impl<'a> Parser<'a> {
    /// A parser of the decoded `map.text[start..end]`.
    pub fn new(map: &'a Decoded, start: usize, end: usize) -> Parser<'a> {
        Parser {
            text: &map.text,
            map,
            tokens: tokenize(&map.text, start, end),
            pos: 0,
            nodes: Vec::new(),
            end,
            type_arguments: false,
            errors: Vec::new(),
        }
    }

    /// Parses one whole expression: anything after it is an error.
    pub fn whole(mut self) -> (Expression, Vec<QueryError>) {
        let root = self.expression_or_error();
        if let Some(t) = self.peek() {
            self.error_at_token(t, "Unexpected text after the expression");
        }
        self.finish(root)
    }

    /// The arena and the errors, with `root` as the root.
    pub fn finish(self, root: Option<ExprId>) -> (Expression, Vec<QueryError>) {
        (
            Expression {
                nodes: self.nodes,
                root,
            },
            self.errors,
        )
    }

    /// An expression, or an error when there is none at all.
    pub fn expression_or_error(&mut self) -> Option<ExprId> {
        if self.tokens.is_empty() {
            let at = self.map.range(self.end, self.end);
            self.errors.push(QueryError::new(
                QueryErrorKind::Expected,
                at,
                "Expected an expression".to_owned(),
            ));
            return None;
        }
        Some(self.expr(0, 0))
    }

    /// The next token, if any.
    pub fn peek(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    /// Moves past the next token.
    pub fn bump(&mut self) {
        self.pos += 1;
    }

    /// The decoded text of `t`.
    pub fn token_text(&self, t: Token) -> &'a str {
        self.text.get(t.start..t.end).unwrap_or("")
    }

    /// The source range of `t`.
    pub fn token_range(&self, t: Token) -> TextRange {
        self.map.range(t.start, t.end)
    }

    /// Token `t` as a name.
    fn name(&self, t: Token) -> Name {
        Name {
            range: self.token_range(t),
            text: self.token_text(t).to_owned(),
        }
    }

    fn push(&mut self, kind: ExprKind, range: TextRange) -> ExprId {
        let id = ExprId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.nodes.push(Expr { kind, range });
        id
    }

    fn range_of(&self, id: ExprId) -> TextRange {
        self.nodes
            .get(id.0 as usize)
            .map_or(TextRange::default(), |n| n.range)
    }

    /// Reports an error at token `t`.
    pub fn error_at_token(&mut self, t: Token, message: &str) {
        let range = self.token_range(t);
        self.errors.push(QueryError::new(
            QueryErrorKind::Unexpected,
            range,
            message.to_owned(),
        ));
    }

    /// An error at the end of the input, or at the next token.
    fn expected(&mut self, what: &str) {
        let range = match self.peek() {
            Some(t) => self.token_range(t),
            None => self.map.range(self.end, self.end),
        };
        self.errors.push(QueryError::new(
            QueryErrorKind::Expected,
            range,
            format!("Expected {what}"),
        ));
    }

    /// The binary operator the next token is, if it is one.
    fn binary_op(&self) -> Option<(BinaryOp, Token)> {
        let t = self.peek()?;
        if t.kind != Tok::Ident || !t.space_before {
            return None;
        }
        BinaryOp::from_keyword(self.token_text(t)).map(|op| (op, t))
    }

    /// An expression whose operators bind at least as tightly as `min`.
    pub fn expr(&mut self, min: u8, depth: usize) -> ExprId {
        if depth > MAX_DEPTH {
            return self.skip_too_deep();
        }
        let mut lhs = self.prefix(depth);
        while let Some((op, t)) = self.binary_op() {
            if op.power() <= min {
                break;
            }
            self.bump();
            let op_range = self.token_range(t);
            if self
                .peek()
                .is_some_and(|n| !n.space_before && op != BinaryOp::In)
            {
                let n = self.peek().unwrap_or(t);
                self.error_at_token(n, &format!("`{}` needs a space after it", op.keyword()));
            }
            let rhs = if op == BinaryOp::In {
                self.in_list(depth + 1)
            } else if self.peek().is_none() {
                self.expected(&format!("an operand after `{}`", op.keyword()));
                self.push(ExprKind::Error, TextRange::empty(op_range.end))
            } else {
                self.expr(op.power(), depth + 1)
            };
            let range = self.range_of(lhs).cover(self.range_of(rhs));
            lhs = self.push(ExprKind::Binary(op, op_range, lhs, rhs), range);
        }
        lhs
    }

    /// The right side of `in`: a parenthesised list (or one expression), or a path or alias.
    fn in_list(&mut self, depth: usize) -> ExprId {
        match self.peek() {
            Some(t) if t.kind == Tok::LParen => self.paren(depth, true),
            Some(_) => self.prefix(depth),
            None => {
                self.expected("a list `(…)` after `in`");
                self.push(ExprKind::Error, self.map.range(self.end, self.end))
            }
        }
    }

    /// Skips the rest of the current group (up to a `)` or `,` at this level) with one error.
    fn skip_too_deep(&mut self) -> ExprId {
        let start = self.peek();
        let mut open = 0usize;
        let mut last = start;
        while let Some(t) = self.peek() {
            match t.kind {
                Tok::LParen => open += 1,
                Tok::RParen | Tok::Comma if open == 0 => break,
                Tok::RParen => open -= 1,
                _ => {}
            }
            last = Some(t);
            self.bump();
        }
        let range = match (start, last) {
            (Some(a), Some(b)) => self.map.range(a.start, b.end),
            _ => self.map.range(self.end, self.end),
        };
        self.errors.push(QueryError::new(
            QueryErrorKind::TooDeep,
            range,
            format!("The expression nests deeper than {MAX_DEPTH} levels: the rest of this group is not read"),
        ));
        self.push(ExprKind::Error, range)
    }

    /// A primary or prefix expression.
    fn prefix(&mut self, depth: usize) -> ExprId {
        let Some(t) = self.peek() else {
            self.expected("an expression");
            return self.push(ExprKind::Error, self.map.range(self.end, self.end));
        };
        let range = self.token_range(t);
        match t.kind {
            Tok::Ident if self.token_text(t).eq_ignore_ascii_case("not") => {
                self.bump();
                let operand = self.expr(UNARY_POWER, depth + 1);
                let r = range.cover(self.range_of(operand));
                self.push(ExprKind::Not(operand), r)
            }
            Tok::Minus => {
                self.bump();
                let operand = self.expr(UNARY_POWER, depth + 1);
                let r = range.cover(self.range_of(operand));
                self.push(ExprKind::Negate(operand), r)
            }
            Tok::LParen => self.paren(depth, false),
            Tok::Literal(shape, terminated) => {
                self.bump();
                if !terminated {
                    self.errors.push(QueryError::new(
                        QueryErrorKind::UnterminatedString,
                        range,
                        "Unterminated string: a quote is missing at the end".to_owned(),
                    ));
                } else if shape == LitShape::Malformed {
                    self.errors.push(QueryError::new(
                        QueryErrorKind::Unexpected,
                        range,
                        format!("`{}` is not a valid literal", self.token_text(t)),
                    ));
                }
                let text = self.token_text(t).to_owned();
                self.push(ExprKind::Literal(shape, text), range)
            }
            Tok::Json => {
                self.bump();
                let text = self.token_text(t).to_owned();
                self.push(ExprKind::Literal(LitShape::String, text), range)
            }
            Tok::At => {
                self.bump();
                self.push(ExprKind::Alias, range)
            }
            Tok::Ident => self.path(depth),
            _ => {
                let what = match t.kind {
                    Tok::RParen | Tok::Comma => "Expected an expression",
                    _ => "Not an expression",
                };
                if !matches!(t.kind, Tok::RParen | Tok::Comma) {
                    self.bump();
                }
                self.error_at_token(t, what);
                self.push(ExprKind::Error, range)
            }
        }
    }

    /// `(x)`, or `(a, b)`: a list, which holds literals and belongs only after `in`.
    fn paren(&mut self, depth: usize, after_in: bool) -> ExprId {
        let Some(open) = self.peek() else {
            return self.push(ExprKind::Error, TextRange::default());
        };
        self.bump();
        if depth + 1 > MAX_DEPTH {
            let id = self.skip_too_deep();
            self.close(open);
            return id;
        }
        let mut items = Vec::new();
        let mut first_comma = None;
        if self.peek().is_some_and(|t| t.kind == Tok::RParen) {
            // `()`: an empty list.
        } else {
            items.push(self.expr(0, depth + 1));
            while let Some(comma) = self.peek().filter(|t| t.kind == Tok::Comma) {
                first_comma.get_or_insert(comma);
                self.bump();
                items.push(self.expr(0, depth + 1));
            }
        }
        match first_comma {
            Some(comma) if !after_in => {
                self.error_at_token(comma, "A list `(a, b)` belongs only after `in`");
            }
            Some(_) => self.literals_only(&items),
            None => {}
        }
        let end = self.close(open);
        let range = self.token_range(open).cover(end);
        match items.as_slice() {
            [one] => {
                let one = *one;
                self.push(ExprKind::Paren(one), range)
            }
            _ => self.push(ExprKind::List(items), range),
        }
    }

    /// Reports the first item of an `in` list that is no literal (OData lists hold literals).
    fn literals_only(&mut self, items: &[ExprId]) {
        let is_literal = |id: ExprId| match self.nodes.get(id.0 as usize).map(|n| &n.kind) {
            Some(ExprKind::Literal(..) | ExprKind::Alias | ExprKind::Error) => true,
            Some(ExprKind::Negate(inner)) => matches!(
                self.nodes.get(inner.0 as usize).map(|n| &n.kind),
                Some(ExprKind::Literal(..))
            ),
            _ => false,
        };
        if let Some(&item) = items.iter().find(|&&id| !is_literal(id)) {
            let range = self.range_of(item);
            self.errors.push(QueryError::new(
                QueryErrorKind::Unexpected,
                range,
                "A list after `in` holds literals only: this is no literal".to_owned(),
            ));
        }
    }

    /// Expects the `)` matching `open`; returns the range it ends at.
    fn close(&mut self, open: Token) -> TextRange {
        match self.peek() {
            Some(t) if t.kind == Tok::RParen => {
                self.bump();
                self.token_range(t)
            }
            _ => {
                let range = self.token_range(open);
                self.errors.push(QueryError::new(
                    QueryErrorKind::Unclosed,
                    range,
                    "This `(` is never closed".to_owned(),
                ));
                match self.peek() {
                    Some(t) => TextRange::empty(self.token_range(t).start),
                    None => self.map.range(self.end, self.end),
                }
            }
        }
    }

    /// A member path, function call or lambda, starting at an identifier.
    fn path(&mut self, depth: usize) -> ExprId {
        let mut segments: Vec<Name> = Vec::new();
        // Whether the last segment read is a call (`Ns.f()`), which may end a path.
        let mut called = false;
        while let Some(t) = self.peek() {
            match t.kind {
                Tok::Ident | Tok::Star => self.bump(),
                _ => {
                    self.expected("a property name after `/`");
                    break;
                }
            }
            let name = self.name(t);
            let next = self.peek();
            if next.is_some_and(|n| n.kind == Tok::LParen && !n.space_before) {
                if let Some(lambda) = lambda(&name.text) {
                    if segments.is_empty() {
                        self.errors.push(QueryError::new(
                            QueryErrorKind::Expected,
                            name.range,
                            format!(
                                "`{}` needs a collection before it (`members/{}(…)`)",
                                name.text, name.text
                            ),
                        ));
                    }
                    let path_range = cover(&segments);
                    let path = self.push(ExprKind::Path(segments), path_range);
                    return self.lambda(path, lambda, name.range, depth);
                }
                if segments.is_empty() {
                    return self.call(name, depth);
                }
                // A key or function segment inside a path: its arguments are read and kept
                // as a call node of their own.
                let range = name.range;
                self.call(name.clone(), depth);
                segments.push(Name { range, ..name });
                called = true;
            } else {
                segments.push(name);
                called = false;
            }
            match self.peek() {
                Some(s) if s.kind == Tok::Slash && !s.space_before => self.bump(),
                _ => break,
            }
        }
        if let Some(last) = segments.last().filter(|n| n.text.contains('.')) {
            if !self.type_arguments && !called {
                let at = TextRange::empty(last.range.end);
                self.errors.push(QueryError::new(
                    QueryErrorKind::Expected,
                    at,
                    format!(
                        "Expected `(` after `{}`: a qualified name ends a path only as a call",
                        last.text
                    ),
                ));
            }
        }
        let range = cover(&segments);
        self.push(ExprKind::Path(segments), range)
    }

    /// `name(arg, …)` at the `(`.
    fn call(&mut self, name: Name, depth: usize) -> ExprId {
        let Some(open) = self.peek() else {
            let range = name.range;
            return self.push(ExprKind::Error, range);
        };
        self.bump();
        let mut args = Vec::new();
        let outer = self.type_arguments;
        self.type_arguments = matches!(name.text.as_str(), "isof" | "cast");
        if depth + 1 > MAX_DEPTH {
            args.push(self.skip_too_deep());
        } else if !self.peek().is_some_and(|t| t.kind == Tok::RParen) {
            args.push(self.expr(0, depth + 1));
            while self.peek().is_some_and(|t| t.kind == Tok::Comma) {
                self.bump();
                args.push(self.expr(0, depth + 1));
            }
        }
        self.type_arguments = outer;
        let end = self.close(open);
        let range = name.range.cover(end);
        self.push(ExprKind::Call(name, args), range)
    }

    /// `path/any(v: body)` at the `(`.
    fn lambda(&mut self, path: ExprId, op: Lambda, op_range: TextRange, depth: usize) -> ExprId {
        let Some(open) = self.peek() else {
            return path;
        };
        self.bump();
        let mut variable = None;
        let mut body = None;
        if depth + 1 > MAX_DEPTH {
            body = Some(self.skip_too_deep());
        } else if !self.peek().is_some_and(|t| t.kind == Tok::RParen) {
            match (self.peek(), self.tokens.get(self.pos + 1).copied()) {
                (Some(v), Some(c)) if v.kind == Tok::Ident && c.kind == Tok::Colon => {
                    variable = Some(self.name(v));
                    self.pos += 2;
                }
                _ => self.expected("a lambda variable and `:` (`any(x: x eq 1)`)"),
            }
            body = Some(self.expr(0, depth + 1));
        }
        if op == Lambda::All && body.is_none() {
            self.expected("a lambda expression: `all` needs one (`all(x: x gt 0)`)");
        }
        let end = self.close(open);
        let range = self.range_of(path).cover(op_range).cover(end);
        self.push(ExprKind::Lambda(path, op, variable, body), range)
    }
}

/// The range covering every name of `names`.
fn cover(names: &[Name]) -> TextRange {
    let first = names.first().map(|n| n.range).unwrap_or_default();
    names.iter().fold(first, |r, n| r.cover(n.range))
}

/// The lambda operator named `word`.
fn lambda(word: &str) -> Option<Lambda> {
    match word {
        "any" => Some(Lambda::Any),
        "all" => Some(Lambda::All),
        _ => None,
    }
}

/// Parses the decoded `map.text[start..end]` as one expression.
pub fn parse_expression(map: &Decoded, start: usize, end: usize) -> (Expression, Vec<QueryError>) {
    Parser::new(map, start, end).whole()
}

//! JSONata parser: a Pratt (top-down operator precedence) parser that builds a small
//! syntax tree with byte ranges, following the grammar and binding powers of JSONata 2.x.

use std::ops::Range;

use super::lexer::{Lexer, Token, TokenKind};
use super::JsonataError;

/// How deeply expressions may nest while parsing (guards the stack).
const MAX_DEPTH: usize = 64;
/// How tall the finished tree may grow, e.g. through long operator chains.
const MAX_HEIGHT: u32 = 400;

/// A syntax tree node. `span` is the node's main token (its name, literal or operator).
#[derive(Debug)]
pub(super) struct Node {
    pub kind: NodeKind,
    pub span: Range<usize>,
    height: u32,
}

#[derive(Debug)]
pub(super) enum NodeKind {
    Str(String),
    Num,
    Value,
    Regex,
    Name(String),
    /// `$name` without the `$`: `$` is `""`, `$$` is `"$"`.
    Var(String),
    Wildcard,
    Descendant,
    Parent,
    /// `?` in the arguments of a partial application.
    Placeholder,
    Neg(Box<Node>),
    /// Arithmetic, comparison, boolean, `&`, `in`, `..`, `?:` and `??`.
    Binary(Box<Node>, Box<Node>),
    /// Path step `lhs.rhs`.
    Dot(Box<Node>, Box<Node>),
    /// Filter / index `lhs[rhs]`.
    Predicate(Box<Node>, Box<Node>),
    /// `lhs[]`.
    KeepArray(Box<Node>),
    /// Group-by `lhs{k: v, …}`.
    Group(Box<Node>, Vec<(Node, Node)>),
    /// Order-by `lhs^(<a, >b)`.
    Sort(Box<Node>, Vec<Node>),
    /// Context binding `lhs@$var`.
    Focus(Box<Node>, Box<Node>),
    /// Positional binding `lhs#$var`.
    Index(Box<Node>, Box<Node>),
    /// `$var := rhs`.
    Bind(Box<Node>, Box<Node>),
    /// `lhs ~> rhs`.
    Apply(Box<Node>, Box<Node>),
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    Block(Vec<Node>),
    Array(Vec<Node>),
    Object(Vec<(Node, Node)>),
    /// `procedure(args…)`.
    Call(Box<Node>, Vec<Node>),
    /// `function($a, …) { body }`: parameters are `Var` nodes.
    Lambda(Vec<Node>, Box<Node>),
    /// `| pattern | update [, delete] |`.
    Transform(Box<Node>, Box<Node>, Option<Box<Node>>),
}

impl Node {
    fn new(kind: NodeKind, span: Range<usize>) -> Result<Node, JsonataError> {
        let height = 1 + kind.children().map(|c| c.height).max().unwrap_or(0);
        if height > MAX_HEIGHT {
            return Err(JsonataError {
                range: span,
                message: "Expression is too deeply nested".to_string(),
            });
        }
        Ok(Node { kind, span, height })
    }

    fn boxed(self) -> Box<Node> {
        Box::new(self)
    }

    /// The step under any predicates, bindings and group-by on it.
    pub fn step_base(&self) -> (&Node, bool) {
        let mut node = self;
        let mut wrapped = false;
        loop {
            match &node.kind {
                NodeKind::Predicate(inner, _)
                | NodeKind::KeepArray(inner)
                | NodeKind::Group(inner, _)
                | NodeKind::Focus(inner, _)
                | NodeKind::Index(inner, _) => {
                    node = inner;
                    wrapped = true;
                }
                _ => return (node, wrapped),
            }
        }
    }
}

impl NodeKind {
    /// The direct children, in source order.
    pub fn children(&self) -> impl Iterator<Item = &Node> {
        let mut out: Vec<&Node> = Vec::new();
        match self {
            NodeKind::Str(_)
            | NodeKind::Num
            | NodeKind::Value
            | NodeKind::Regex
            | NodeKind::Name(_)
            | NodeKind::Var(_)
            | NodeKind::Wildcard
            | NodeKind::Descendant
            | NodeKind::Parent
            | NodeKind::Placeholder => {}
            NodeKind::Neg(a) | NodeKind::KeepArray(a) => out.push(a),
            NodeKind::Binary(a, b)
            | NodeKind::Dot(a, b)
            | NodeKind::Predicate(a, b)
            | NodeKind::Focus(a, b)
            | NodeKind::Index(a, b)
            | NodeKind::Bind(a, b)
            | NodeKind::Apply(a, b) => {
                out.push(a);
                out.push(b);
            }
            NodeKind::Lambda(params, body) => {
                out.extend(params);
                out.push(body);
            }
            NodeKind::Condition(a, b, c) | NodeKind::Transform(a, b, c) => {
                out.push(a);
                out.push(b);
                out.extend(c.as_deref());
            }
            NodeKind::Group(a, pairs) => {
                out.push(a);
                out.extend(pairs.iter().flat_map(|(k, v)| [k, v]));
            }
            NodeKind::Object(pairs) => out.extend(pairs.iter().flat_map(|(k, v)| [k, v])),
            NodeKind::Sort(a, terms) => {
                out.push(a);
                out.extend(terms);
            }
            NodeKind::Block(items) | NodeKind::Array(items) => out.extend(items),
            NodeKind::Call(a, args) => {
                out.push(a);
                out.extend(args);
            }
        }
        out.into_iter()
    }
}

/// Left binding power of a token in operator position.
fn lbp(token: &Token) -> u8 {
    match token.kind {
        TokenKind::Op(op) => op_bp(op),
        _ => 0,
    }
}

/// Binding power of an infix operator (0 for punctuation that never binds).
fn op_bp(op: &str) -> u8 {
    match op {
        "[" | "(" | "@" | "#" => 80,
        "." => 75,
        "{" => 70,
        "*" | "/" | "%" => 60,
        "+" | "-" | "&" => 50,
        "=" | "!=" | "<" | "<=" | ">" | ">=" | "^" | "~>" | "?:" | "??" | "in" => 40,
        "and" => 30,
        "or" => 25,
        "?" => 20,
        ":=" => 10,
        _ => 0,
    }
}

fn err(range: Range<usize>, message: impl Into<String>) -> JsonataError {
    JsonataError {
        range,
        message: message.into(),
    }
}

/// Parse a whole expression.
pub(super) fn parse(src: &str) -> Result<Node, JsonataError> {
    let mut lexer = Lexer::new(src);
    let tok = lexer.next_token(true)?;
    let mut parser = Parser {
        src,
        lexer,
        tok,
        depth: 0,
    };
    let node = parser.expression(0)?;
    if !matches!(parser.tok.kind, TokenKind::End) {
        let span = parser.tok.span.clone();
        return Err(err(span.clone(), format!("Syntax error: {}", &src[span])));
    }
    Ok(node)
}

struct Parser<'a> {
    src: &'a str,
    lexer: Lexer<'a>,
    /// The current (look-ahead) token.
    tok: Token,
    depth: usize,
}

impl Parser<'_> {
    /// Take the current token and read the next one.
    fn bump(&mut self, regex_allowed: bool) -> Result<Token, JsonataError> {
        let next = self.lexer.next_token(regex_allowed)?;
        Ok(std::mem::replace(&mut self.tok, next))
    }

    fn at(&self, op: &str) -> bool {
        self.tok.is_op(op)
    }

    /// Consume the operator `op` or fail.
    fn expect(&mut self, op: &str, regex_allowed: bool) -> Result<Token, JsonataError> {
        if self.at(op) {
            return self.bump(regex_allowed);
        }
        let span = self.tok.span.clone();
        if matches!(self.tok.kind, TokenKind::End) {
            Err(err(span, format!("Expected {op} before end of expression")))
        } else {
            let got = &self.src[span.clone()];
            Err(err(span, format!("Expected {op}, got {got}")))
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Node, JsonataError> {
        if self.depth >= MAX_DEPTH {
            return Err(err(self.tok.span.clone(), "Expression is too deeply nested"));
        }
        self.depth += 1;
        let result = self.expression_inner(rbp);
        self.depth -= 1;
        result
    }

    fn expression_inner(&mut self, rbp: u8) -> Result<Node, JsonataError> {
        // After an opening bracket or a prefix operator, a `/` starts a regex.
        let regex_next = matches!(self.tok.kind, TokenKind::Op("(" | "[" | "{" | "-" | "|"));
        let t = self.bump(regex_next)?;
        let mut left = self.nud(t)?;
        while rbp < lbp(&self.tok) {
            let t = self.bump(true)?;
            left = self.led(t, left)?;
        }
        Ok(left)
    }

    /// A token in operand position.
    fn nud(&mut self, t: Token) -> Result<Node, JsonataError> {
        let span = t.span;
        let kind = match t.kind {
            TokenKind::Str(s) => NodeKind::Str(s),
            TokenKind::Num => NodeKind::Num,
            TokenKind::Value => NodeKind::Value,
            TokenKind::Regex => NodeKind::Regex,
            TokenKind::Name(n) => NodeKind::Name(n),
            TokenKind::Var(v) => NodeKind::Var(v),
            TokenKind::End => return Err(err(span, "Unexpected end of expression")),
            TokenKind::Op(op) => match op {
                "and" | "or" | "in" => NodeKind::Name(op.to_string()),
                "-" => NodeKind::Neg(self.expression(70)?.boxed()),
                "*" => NodeKind::Wildcard,
                "**" => NodeKind::Descendant,
                "%" => NodeKind::Parent,
                "(" => self.block()?,
                "[" => self.array()?,
                "{" => NodeKind::Object(self.object_body()?),
                "|" => self.transform()?,
                _ => return Err(err(span, format!("The symbol {op} cannot be used as a unary operator"))),
            },
        };
        Node::new(kind, span)
    }

    /// `a; b; …)` after a `(`.
    fn block(&mut self) -> Result<NodeKind, JsonataError> {
        let mut items = Vec::new();
        while !self.at(")") {
            items.push(self.expression(0)?);
            if !self.at(";") {
                break;
            }
            self.bump(true)?;
        }
        self.expect(")", false)?;
        Ok(NodeKind::Block(items))
    }

    /// `a, b..c, …]` after a `[`.
    fn array(&mut self) -> Result<NodeKind, JsonataError> {
        let mut items = Vec::new();
        if !self.at("]") {
            loop {
                let mut item = self.expression(0)?;
                if self.at("..") {
                    let op = self.bump(true)?;
                    let rhs = self.expression(0)?;
                    item = Node::new(NodeKind::Binary(item.boxed(), rhs.boxed()), op.span)?;
                }
                items.push(item);
                if !self.at(",") {
                    break;
                }
                self.bump(true)?;
            }
        }
        self.expect("]", false)?;
        Ok(NodeKind::Array(items))
    }

    /// `pattern | update [, delete] |` after a `|`.
    fn transform(&mut self) -> Result<NodeKind, JsonataError> {
        let pattern = self.expression(0)?;
        self.expect("|", true)?;
        let update = self.expression(0)?;
        let mut delete = None;
        if self.at(",") {
            self.bump(true)?;
            delete = Some(self.expression(0)?.boxed());
        }
        self.expect("|", false)?;
        Ok(NodeKind::Transform(pattern.boxed(), update.boxed(), delete))
    }

    /// `k: v, …}` after a `{`.
    fn object_body(&mut self) -> Result<Vec<(Node, Node)>, JsonataError> {
        let mut pairs = Vec::new();
        if !self.at("}") {
            loop {
                let key = self.expression(0)?;
                self.expect(":", true)?;
                let value = self.expression(0)?;
                pairs.push((key, value));
                if !self.at(",") {
                    break;
                }
                self.bump(true)?;
            }
        }
        self.expect("}", false)?;
        Ok(pairs)
    }

    /// A token in operator position, applied to `left`.
    fn led(&mut self, t: Token, left: Node) -> Result<Node, JsonataError> {
        let TokenKind::Op(op) = t.kind else {
            // Only operators have a binding power, so only they get here.
            return Err(err(t.span, "Syntax error"));
        };
        let span = t.span;
        let kind = match op {
            "." => self.dot(left)?,
            "[" => self.predicate(left)?,
            "{" => {
                if matches!(left.kind, NodeKind::Group(..)) {
                    return Err(err(span, "Each step can only have one grouping expression"));
                }
                NodeKind::Group(left.boxed(), self.object_body()?)
            }
            "(" => return self.call(left, span),
            "^" => self.sort(left)?,
            ":=" => {
                if !matches!(left.kind, NodeKind::Var(_)) {
                    return Err(err(
                        left.span,
                        "The left side of := must be a variable name (start with $)",
                    ));
                }
                NodeKind::Bind(left.boxed(), self.expression(9)?.boxed())
            }
            "@" | "#" => self.binding(op, &span, left)?,
            "?" => self.condition(left)?,
            "~>" => NodeKind::Apply(left.boxed(), self.expression(40)?.boxed()),
            // `?:` and `??` take everything to their right, like jsonata-js.
            "?:" | "??" => NodeKind::Binary(left.boxed(), self.expression(0)?.boxed()),
            _ => NodeKind::Binary(left.boxed(), self.expression(op_bp(op))?.boxed()),
        };
        Node::new(kind, span)
    }

    /// The step after a `.`.
    fn dot(&mut self, left: Node) -> Result<NodeKind, JsonataError> {
        let rhs = self.expression(75)?;
        if !matches!(left.kind, NodeKind::Dot(..)) {
            self.literal_step(&left)?;
        }
        self.literal_step(&rhs)?;
        Ok(NodeKind::Dot(left.boxed(), rhs.boxed()))
    }

    /// `expr]` or `]` after a `[` in operator position.
    fn predicate(&mut self, left: Node) -> Result<NodeKind, JsonataError> {
        if self.at("]") {
            self.bump(false)?;
            return Ok(NodeKind::KeepArray(left.boxed()));
        }
        let rhs = self.expression(0)?;
        self.expect("]", false)?;
        Ok(NodeKind::Predicate(left.boxed(), rhs.boxed()))
    }

    /// `(<a, >b)` after a `^`.
    fn sort(&mut self, left: Node) -> Result<NodeKind, JsonataError> {
        self.expect("(", true)?;
        let mut terms = Vec::new();
        loop {
            if self.at("<") || self.at(">") {
                self.bump(true)?;
            }
            terms.push(self.expression(0)?);
            if !self.at(",") {
                break;
            }
            self.bump(true)?;
        }
        self.expect(")", false)?;
        Ok(NodeKind::Sort(left.boxed(), terms))
    }

    /// `@$var` or `#$var`.
    fn binding(&mut self, op: &str, span: &Range<usize>, left: Node) -> Result<NodeKind, JsonataError> {
        let rhs = self.expression(80)?;
        if !matches!(rhs.kind, NodeKind::Var(_)) {
            return Err(err(
                rhs.span,
                format!("The right side of {op} must be a variable name (start with $)"),
            ));
        }
        if op == "#" {
            return Ok(NodeKind::Index(left.boxed(), rhs.boxed()));
        }
        match left.kind {
            NodeKind::Predicate(..) => Err(err(
                span.clone(),
                "A context variable binding must precede any predicates on a step",
            )),
            NodeKind::Sort(..) => Err(err(
                span.clone(),
                "A context variable binding must precede the 'order-by' clause on a step",
            )),
            _ => Ok(NodeKind::Focus(left.boxed(), rhs.boxed())),
        }
    }

    /// `then [: else]` after a `?`.
    fn condition(&mut self, left: Node) -> Result<NodeKind, JsonataError> {
        let then = self.expression(0)?;
        let mut otherwise = None;
        if self.at(":") {
            self.bump(true)?;
            otherwise = Some(self.expression(0)?.boxed());
        }
        Ok(NodeKind::Condition(left.boxed(), then.boxed(), otherwise))
    }

    /// A call `left(args…)`, or a lambda definition when `left` is `function` or `λ`.
    fn call(&mut self, left: Node, paren: Range<usize>) -> Result<Node, JsonataError> {
        let args = self.arguments()?;
        if matches!(&left.kind, NodeKind::Name(n) if n == "function" || n == "λ") {
            self.lambda(left, args)
        } else {
            Node::new(NodeKind::Call(left.boxed(), args), paren)
        }
    }

    /// `a, ?, …)` after a `(` in operator position.
    fn arguments(&mut self) -> Result<Vec<Node>, JsonataError> {
        let mut args = Vec::new();
        if !self.at(")") {
            loop {
                if self.at("?") {
                    let t = self.bump(true)?;
                    args.push(Node::new(NodeKind::Placeholder, t.span)?);
                } else {
                    args.push(self.expression(0)?);
                }
                if !self.at(",") {
                    break;
                }
                self.bump(true)?;
            }
        }
        self.expect(")", false)?;
        Ok(args)
    }

    /// The rest of `function($a, …)<signature> { body }` once the parameters are read.
    fn lambda(&mut self, keyword: Node, params: Vec<Node>) -> Result<Node, JsonataError> {
        for (index, param) in params.iter().enumerate() {
            if !matches!(param.kind, NodeKind::Var(_)) {
                return Err(err(
                    param.span.clone(),
                    format!(
                        "Parameter {} of function definition must be a variable name (start with $)",
                        index + 1
                    ),
                ));
            }
        }
        if self.at("<") {
            let start = self.tok.span.start;
            self.lexer.signature(start)?;
            self.tok = self.lexer.next_token(false)?;
        }
        self.expect("{", true)?;
        let body = self.expression(0)?;
        self.expect("}", false)?;
        Node::new(NodeKind::Lambda(params, body.boxed()), keyword.span)
    }

    /// Numbers, `true`, `false` and `null` cannot be path steps.
    fn literal_step(&self, step: &Node) -> Result<(), JsonataError> {
        let (base, _) = step.step_base();
        if matches!(base.kind, NodeKind::Num | NodeKind::Value) {
            let span = base.span.clone();
            let text = &self.src[span.clone()];
            return Err(err(
                span,
                format!("The literal value {text} cannot be used as a step within a path expression"),
            ));
        }
        Ok(())
    }
}

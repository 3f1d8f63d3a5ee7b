//! JSONata (the text between `{%` and `%}`): syntax check and collection of the
//! variables, function calls and top-level field references an expression uses.
//!
//! All ranges are byte offsets into the expression text given to [`analyze`].

mod functions;
mod lexer;
mod parser;
#[cfg(test)]
mod tests;

use std::ops::Range;

pub use functions::{function, JsonataFunction, FUNCTIONS};
use parser::{Node, NodeKind};

/// A JSONata expression as a string value holds it: `{%` … `%}` with nothing outside.
pub fn is_expression(text: &str) -> bool {
    text.len() >= 4 && text.starts_with("{%") && text.ends_with("%}")
}

/// Meant as a JSONata expression but with a delimiter missing.
pub fn looks_like_expression(text: &str) -> bool {
    !is_expression(text) && (text.trim_start().starts_with("{%") || text.trim_end().ends_with("%}"))
}

/// A syntax error (or one of the few structural errors JSONata reports after parsing).
pub use super::Problem as JsonataError;

/// A reference to a variable that the expression does not bind itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableRef {
    /// The name without `$`. `$$` (the root input, which Step Functions forbids) is `"$"`.
    pub name: String,
    /// The `$name` token.
    pub range: Range<usize>,
    /// Plain `.name` member accesses that follow, e.g. `$states.context.Execution.Id` →
    /// `context`, `Execution`, `Id`. A member carrying a predicate (`items[0]`) is the last.
    pub members: Vec<(String, Range<usize>)>,
}

/// A call of a `$name(…)` that is not a local variable or lambda parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionCall {
    /// The name without `$`.
    pub name: String,
    /// The `$name` token.
    pub range: Range<usize>,
    /// The number of arguments, counting `?` placeholders and, for `x ~> $f(…)` or
    /// `x ~> $f`, the value piped in as the first argument.
    pub arg_count: usize,
}

/// What [`analyze`] finds in an expression.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// Syntax errors: at most one, the first found (the other lists are then empty).
    /// Besides the grammar, this covers a parent `%` at the top level.
    pub errors: Vec<JsonataError>,
    /// Free `$name` references in source order; names bound by `:=`, lambda parameters
    /// and `@$x`/`#$i` bindings are left out, and so are called functions. The context
    /// `$` is not a variable (see `top_level_field_refs`).
    pub variables: Vec<VariableRef>,
    /// Names bound with `:=` inside the expression, in order of first binding.
    pub assigned_locals: Vec<String>,
    /// Calls of functions that are not local, in source order.
    pub calls: Vec<FunctionCall>,
    /// Field names, `$`, `*` and `**` evaluated against the implicit input document.
    pub top_level_field_refs: Vec<(String, Range<usize>)>,
}

/// Parse `expr` (the text between `{%` and `%}`) and collect what it references.
pub fn analyze(expr: &str) -> Analysis {
    match parser::parse(expr) {
        Ok(node) => {
            let mut walker = Walker::default();
            walker.frames.push(Frame::default());
            walker.walk(&node, true);
            walker.close_frame();
            let mut analysis = walker.out;
            if !analysis.errors.is_empty() {
                return Analysis {
                    errors: analysis.errors,
                    ..Analysis::default()
                };
            }
            analysis.variables.sort_by_key(|v| v.range.start);
            analysis.calls.sort_by_key(|c| c.range.start);
            analysis.top_level_field_refs.sort_by_key(|r| r.1.start);
            analysis
        }
        Err(error) => Analysis {
            errors: vec![error],
            ..Analysis::default()
        },
    }
}

/// A reference that was not bound when it was met.
enum Pending {
    Var(VariableRef),
    Call(FunctionCall),
}

impl Pending {
    fn name(&self) -> &str {
        match self {
            Pending::Var(v) => &v.name,
            Pending::Call(c) => &c.name,
        }
    }
}

/// A scope: the whole expression, a block `( … )` or a lambda body.
#[derive(Default)]
struct Frame {
    names: Vec<String>,
    lambda: bool,
    /// Unbound references made in this frame or inner ones; `true` when made inside a
    /// lambda defined here, which may run after later bindings of this frame.
    pending: Vec<(bool, Pending)>,
}

#[derive(Default)]
struct Walker {
    frames: Vec<Frame>,
    out: Analysis,
}

impl Walker {
    fn bound(&self, name: &str) -> bool {
        self.frames.iter().any(|frame| frame.names.iter().any(|n| n == name))
    }

    fn bind(&mut self, name: &str) {
        if let Some(frame) = self.frames.last_mut() {
            frame.names.push(name.to_string());
        }
    }

    fn reference(&mut self, item: Pending) {
        if self.bound(item.name()) {
            return;
        }
        if let Some(frame) = self.frames.last_mut() {
            frame.pending.push((false, item));
        }
    }

    /// Leave the innermost frame: resolve what its late bindings can, pass the rest out.
    fn close_frame(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        for (lazy, item) in frame.pending {
            if lazy && frame.names.iter().any(|n| n == item.name()) {
                continue;
            }
            match self.frames.last_mut() {
                Some(parent) => parent.pending.push((lazy || frame.lambda, item)),
                None => match item {
                    Pending::Var(v) => self.out.variables.push(v),
                    Pending::Call(c) => self.out.calls.push(c),
                },
            }
        }
    }

    fn top_ref(&mut self, name: &str, span: &Range<usize>) {
        self.out.top_level_field_refs.push((name.to_string(), span.clone()));
    }

    fn variable(&mut self, name: &str, span: &Range<usize>, members: Vec<(String, Range<usize>)>) {
        self.reference(Pending::Var(VariableRef {
            name: name.to_string(),
            range: span.clone(),
            members,
        }));
    }

    /// A call; `piped` is 1 when the call is the right side of `~>`.
    fn call(&mut self, procedure: &Node, args: &[Node], piped: usize, top: bool) {
        match &procedure.kind {
            NodeKind::Var(name) if !name.is_empty() && name != "$" => {
                self.reference(Pending::Call(FunctionCall {
                    name: name.clone(),
                    range: procedure.span.clone(),
                    arg_count: args.len() + piped,
                }));
            }
            _ => self.walk(procedure, top),
        }
        for arg in args {
            self.walk(arg, top);
        }
    }

    /// Walk `node`; `top` says whether it is evaluated against the implicit input.
    fn walk(&mut self, node: &Node, top: bool) {
        match &node.kind {
            NodeKind::Str(_) | NodeKind::Num | NodeKind::Value | NodeKind::Regex | NodeKind::Placeholder => {}
            NodeKind::Name(name) => {
                if top {
                    self.top_ref(name, &node.span);
                }
            }
            NodeKind::Var(name) => match name.as_str() {
                "" => {
                    if top {
                        self.top_ref("$", &node.span);
                    }
                }
                // `$$` is always the root input: never local.
                "$" => self.out.variables.push(VariableRef {
                    name: name.clone(),
                    range: node.span.clone(),
                    members: Vec::new(),
                }),
                _ => self.variable(name, &node.span, Vec::new()),
            },
            NodeKind::Wildcard => {
                if top {
                    self.top_ref("*", &node.span);
                }
            }
            NodeKind::Descendant => {
                if top {
                    self.top_ref("**", &node.span);
                }
            }
            NodeKind::Parent => {
                if top && self.out.errors.is_empty() {
                    self.out.errors.push(JsonataError {
                        range: node.span.clone(),
                        message: "The object representing the 'parent' cannot be derived from this expression"
                            .to_string(),
                    });
                }
            }
            NodeKind::Dot(..) => self.path(node, top),
            NodeKind::Predicate(lhs, rhs) => {
                self.walk(lhs, top);
                self.walk(rhs, false);
            }
            NodeKind::KeepArray(lhs) | NodeKind::Neg(lhs) => self.walk(lhs, top),
            NodeKind::Group(lhs, pairs) => {
                self.walk(lhs, top);
                for (key, value) in pairs {
                    self.walk(key, false);
                    self.walk(value, false);
                }
            }
            NodeKind::Sort(lhs, terms) => {
                self.walk(lhs, top);
                for term in terms {
                    self.walk(term, false);
                }
            }
            NodeKind::Focus(lhs, var) | NodeKind::Index(lhs, var) => {
                self.walk(lhs, top);
                if let NodeKind::Var(name) = &var.kind {
                    self.bind(name);
                }
            }
            NodeKind::Bind(var, rhs) => {
                self.walk(rhs, top);
                if let NodeKind::Var(name) = &var.kind {
                    self.bind(name);
                    if !self.out.assigned_locals.contains(name) {
                        self.out.assigned_locals.push(name.clone());
                    }
                }
            }
            NodeKind::Apply(lhs, rhs) => {
                self.walk(lhs, top);
                match &rhs.kind {
                    NodeKind::Call(procedure, args) => self.call(procedure, args, 1, top),
                    NodeKind::Var(_) => self.call(rhs, &[], 1, top),
                    _ => self.walk(rhs, top),
                }
            }
            NodeKind::Call(procedure, args) => self.call(procedure, args, 0, top),
            NodeKind::Lambda(params, body) => {
                let names = params
                    .iter()
                    .filter_map(|p| match &p.kind {
                        NodeKind::Var(name) => Some(name.clone()),
                        _ => None,
                    })
                    .collect();
                self.frames.push(Frame {
                    names,
                    lambda: true,
                    pending: Vec::new(),
                });
                self.walk(body, false);
                self.close_frame();
            }
            NodeKind::Block(items) => {
                self.frames.push(Frame::default());
                for item in items {
                    self.walk(item, top);
                }
                self.close_frame();
            }
            NodeKind::Transform(pattern, update, delete) => {
                self.walk(pattern, false);
                self.walk(update, false);
                if let Some(delete) = delete {
                    self.walk(delete, false);
                }
            }
            NodeKind::Binary(..) | NodeKind::Condition(..) | NodeKind::Array(_) | NodeKind::Object(_) => {
                for child in node.kind.children() {
                    self.walk(child, top);
                }
            }
        }
    }

    /// A path `a.b.c`: only the first step sees the input of the expression.
    fn path(&mut self, node: &Node, top: bool) {
        let mut steps = Vec::new();
        let mut cur = node;
        while let NodeKind::Dot(lhs, rhs) = &cur.kind {
            steps.push(&**rhs);
            cur = lhs;
        }
        steps.push(cur);
        steps.reverse();
        let first = steps[0];
        match &first.kind {
            NodeKind::Var(name) if !name.is_empty() && name != "$" => {
                let mut members = Vec::new();
                for step in &steps[1..] {
                    let (base, wrapped) = step.step_base();
                    match &base.kind {
                        NodeKind::Name(member) | NodeKind::Str(member) => {
                            members.push((member.clone(), base.span.clone()));
                        }
                        _ => break,
                    }
                    if wrapped {
                        break;
                    }
                }
                self.variable(name, &first.span, members);
            }
            // A string literal as a path step is a field name.
            NodeKind::Str(name) => {
                if top {
                    self.top_ref(name, &first.span);
                }
            }
            _ => self.walk(first, top),
        }
        for step in &steps[1..] {
            self.walk(step, false);
        }
    }
}

//! The rules of each intrinsic function: argument count, argument types and
//! values where they are known, the Format placeholder count, the limit on
//! calls per field and the paths passed as arguments.

use super::*;

/// What an argument is known to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Bool,
    Null,
    Array,
    Object,
    Unknown,
}

fn kind(arg: &Arg) -> Kind {
    match arg {
        Arg::String { .. } => Kind::String,
        Arg::Number { .. } => Kind::Number,
        Arg::Bool(..) => Kind::Bool,
        Arg::Null(_) => Kind::Null,
        Arg::Path { .. } => Kind::Unknown,
        Arg::Call(call) => match function(&call.name).map(|f| f.returns) {
            Some("string") => Kind::String,
            Some("integer") => Kind::Number,
            Some("boolean") => Kind::Bool,
            Some("array") => Kind::Array,
            Some("object") => Kind::Object,
            _ => Kind::Unknown,
        },
    }
}

fn accepts(want: Want, arg: &Arg) -> bool {
    let kind = kind(arg);
    match want {
        Want::Any => true,
        Want::Path => matches!(arg, Arg::Path { .. }),
        _ if kind == Kind::Unknown => true,
        Want::String => kind == Kind::String,
        Want::Integer => kind == Kind::Number,
        Want::Array => kind == Kind::Array,
        Want::Object => kind == Kind::Object,
        Want::Bool => kind == Kind::Bool,
        Want::Scalar => !matches!(kind, Kind::Array | Kind::Object),
    }
}

fn describe_arg(arg: &Arg) -> String {
    match arg {
        Arg::String { .. } => "a string".to_string(),
        Arg::Number { text, .. } => format!("the number `{text}`"),
        Arg::Bool(value, _) => format!("`{value}`"),
        Arg::Null(_) => "`null`".to_string(),
        Arg::Path { .. } => "a path".to_string(),
        Arg::Call(call) => match function(&call.name) {
            Some(f) => {
                let article = if f.returns.starts_with(['a', 'i', 'o']) {
                    "an"
                } else {
                    "a"
                };
                format!("`{}(…)`, which returns {article} {}", call.name, f.returns)
            }
            None => format!("`{}(…)`", call.name),
        },
    }
}

/// The value of a numeric literal.
fn number(arg: &Arg) -> Option<f64> {
    match arg {
        Arg::Number { text, .. } => text.parse().ok().filter(|v: &f64| v.is_finite()),
        _ => None,
    }
}

/// The value of an integer literal.
fn integer(arg: &Arg) -> Option<f64> {
    number(arg).filter(|v| v.fract() == 0.0)
}

/// Counts the `{}` placeholders of a Format template as written (escaped
/// braces `\{` `\}` don't count).
fn placeholders(raw: &str) -> usize {
    let mut count = 0;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                count += 1;
            }
            _ => {}
        }
    }
    count
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) struct Checker {
    pub(super) errors: Vec<IntrinsicError>,
    pub(super) calls: usize,
}

impl Checker {
    fn error(&mut self, range: Range<usize>, message: impl Into<String>) {
        self.errors.push(IntrinsicError::new(range, message));
    }

    pub(super) fn call(&mut self, call: &Call) {
        self.calls += 1;
        if self.calls == MAX_CALLS + 1 {
            self.error(call.name_range.clone(), too_many_calls());
        }
        match function(&call.name) {
            Some(f) => self.signature(f, call),
            None => self.unknown(call),
        }
        for arg in &call.args {
            match arg {
                Arg::Call(inner) => self.call(inner),
                Arg::Path { path: Err(e), .. } => self.errors.push(e.clone()),
                Arg::Path {
                    path: Ok(path),
                    text,
                    range,
                } => self.path(path, text, range.start),
                _ => {}
            }
        }
    }

    fn unknown(&mut self, call: &Call) {
        let names = FUNCTIONS.iter().map(|f| f.name);
        let prefixed = format!("States.{}", call.name);
        let message = if function(&prefixed).is_some() {
            format!(
                "unknown intrinsic function `{}`: built-in functions need the `States.` prefix, as in `{prefixed}`",
                call.name
            )
        } else if let Some(suggestion) = closest(&call.name, names.clone()).or_else(|| closest(&prefixed, names)) {
            format!(
                "unknown intrinsic function `{}`: did you mean `{suggestion}`?",
                call.name
            )
        } else {
            format!(
                "unknown intrinsic function `{}`: expected one of the `States.*` functions such as `States.Format`",
                call.name
            )
        };
        self.error(call.name_range.clone(), message);
    }

    fn signature(&mut self, f: &IntrinsicFunction, call: &Call) {
        let count = call.args.len();
        let expected = match f.max_args() {
            Some(0) => "no arguments".to_string(),
            Some(max) if max == f.min_args() => plural(max, "argument", "arguments"),
            Some(max) => format!("{} to {max} arguments", f.min_args()),
            None => format!("at least {}", plural(f.min_args(), "argument", "arguments")),
        };
        let given = match count {
            0 => "none were given".to_string(),
            1 => "1 was given".to_string(),
            n => format!("{n} were given"),
        };
        let message = format!("`{}` takes {expected} but {given}: `{}`", f.name, f.signature());
        if count < f.min_args() {
            self.error(call.name_range.clone(), message);
        } else if let Some(max) = f.max_args().filter(|&max| count > max) {
            let start = call.args[max].range().start;
            let end = call.args[count - 1].range().end;
            self.error(start..end, message);
        }

        let (fixed, rest) = (f.params, f.rest);
        for (i, arg) in call.args.iter().enumerate() {
            let Some((param, want)) = fixed.get(i).copied().or(rest) else {
                break;
            };
            if !accepts(want, arg) {
                self.error(
                    arg.range(),
                    format!(
                        "the `{param}` argument of `{}` must be {}, but this is {}",
                        f.name,
                        want.describe(),
                        describe_arg(arg)
                    ),
                );
            } else if want == Want::Integer && number(arg).is_some() && integer(arg).is_none() {
                self.error(
                    arg.range(),
                    format!(
                        "the `{param}` argument of `{}` must be an integer, but {} is not a whole number",
                        f.name,
                        describe_arg(arg)
                    ),
                );
            }
        }
        self.values(f, call);
    }

    /// Rules on literal values beyond their type.
    fn values(&mut self, f: &IntrinsicFunction, call: &Call) {
        let args = &call.args;
        match f.name {
            "States.Format" => {
                if let Some(Arg::String { raw, range, .. }) = args.first() {
                    let wanted = placeholders(raw);
                    let given = args.len() - 1;
                    let message = format!(
                        "the template has {} but {} given",
                        plural(wanted, "`{}` placeholder", "`{}` placeholders"),
                        match given {
                            0 => "no value is".to_string(),
                            1 => "1 value is".to_string(),
                            n => format!("{n} values are"),
                        }
                    );
                    if wanted > given {
                        self.error(range.clone(), message);
                    } else if given > wanted {
                        let start = args[wanted + 1].range().start;
                        let end = args[given].range().end;
                        self.error(start..end, message);
                    }
                }
            }
            "States.ArrayPartition" => {
                if let Some(arg) = args.get(1) {
                    if integer(arg).is_some_and(|v| v <= 0.0) {
                        self.error(arg.range(), "the chunk size must be greater than 0");
                    }
                }
            }
            "States.ArrayRange" => {
                if let Some(step) = args.get(2) {
                    if integer(step) == Some(0.0) {
                        self.error(step.range(), "the step must not be 0");
                    }
                }
                if let [start, end, step] = &args[..] {
                    if let (Some(a), Some(b), Some(s)) = (integer(start), integer(end), integer(step)) {
                        let items = if s != 0.0 && (b - a) * s >= 0.0 {
                            ((b - a) / s).floor() + 1.0
                        } else {
                            0.0
                        };
                        if items > MAX_RANGE_ITEMS {
                            self.error(
                                start.range().start..step.range().end,
                                format!(
                                    "this range has {items} items, but `States.ArrayRange` may produce at most {MAX_RANGE_ITEMS}"
                                ),
                            );
                        }
                    }
                }
            }
            "States.MathAdd" => {
                for arg in args.iter().take(2) {
                    if integer(arg).is_some_and(|v| v < f64::from(i32::MIN) || v > f64::from(i32::MAX)) {
                        self.error(
                            arg.range(),
                            "`States.MathAdd` takes integers between -2147483648 and 2147483647",
                        );
                    }
                }
            }
            "States.Hash" => {
                if let Some(Arg::String { value, range, .. }) = args.get(1) {
                    if !HASH_ALGORITHMS.contains(&value.as_str()) {
                        let hint = match closest(value, HASH_ALGORITHMS.iter().copied()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!(
                                "expected one of {}",
                                HASH_ALGORITHMS
                                    .iter()
                                    .map(|a| format!("`{a}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        self.error(range.clone(), format!("unsupported hash algorithm `{value}`: {hint}"));
                    }
                }
            }
            "States.JsonMerge" => {
                if let Some(Arg::Bool(true, range)) = args.get(2) {
                    self.error(
                        range.clone(),
                        "Step Functions supports only shallow merges: the third argument of `States.JsonMerge` must be `false`",
                    );
                }
            }
            _ => {}
        }
        if matches!(f.name, "States.Base64Encode" | "States.Base64Decode" | "States.Hash") {
            if let Some(Arg::String { value, range, .. }) = args.first() {
                let chars = value.chars().count();
                if chars > MAX_INPUT_CHARS {
                    self.error(
                        range.clone(),
                        format!(
                            "`{}` accepts at most {MAX_INPUT_CHARS} characters, but this string has {chars}",
                            f.name
                        ),
                    );
                }
            }
        }
    }

    /// Context-object members, and dot members that need bracket notation
    /// inside intrinsic arguments.
    fn path(&mut self, path: &Path, text: &str, offset: usize) {
        if let Some(error) = check_context_path(path) {
            self.errors.push(error);
        }
        for segment in &path.segments {
            let Segment::Field(name) = &segment.segment else {
                continue;
            };
            let written = segment
                .range
                .start
                .checked_sub(offset)
                .and_then(|at| text.get(at..))
                .unwrap_or("");
            if written.starts_with('[') {
                continue;
            }
            if let Some(c) = name.chars().find(|&c| !(c.is_alphanumeric() || c == '_')) {
                let quoted = name.replace('\\', "\\\\").replace('\'', "\\'");
                self.error(
                    segment.range.clone(),
                    format!(
                        "in an intrinsic function argument, a member name containing {} must use bracket notation: `['{quoted}']`",
                        describe(c)
                    ),
                );
            }
        }
    }
}

//! Tests of the intrinsic function parser, rules and catalogue.

use super::*;
use crate::lang::path::tests::{assert_range_ok, carets, mutations};
use expect_test::{expect, Expect};
use std::fmt::Write;

fn render_arg(input: &str, arg: &Arg, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    match arg {
        Arg::Call(call) => render_call(input, call, indent, out),
        Arg::String { value, .. } => {
            let _ = writeln!(out, "{pad}String {value:?} `{}`", &input[arg.range()]);
        }
        Arg::Number { text, .. } => {
            let _ = writeln!(out, "{pad}Number {text}");
        }
        Arg::Bool(value, _) => {
            let _ = writeln!(out, "{pad}Bool {value}");
        }
        Arg::Null(_) => {
            let _ = writeln!(out, "{pad}Null");
        }
        Arg::Path { text, path, .. } => {
            let parsed = match path {
                Ok(path) => format!("{} segments", path.segments.len()),
                Err(e) => format!("invalid: {}", e.message),
            };
            let _ = writeln!(out, "{pad}Path `{text}` ({parsed})");
        }
    }
}

fn render_call(input: &str, call: &Call, indent: usize, out: &mut String) {
    let pad = "  ".repeat(indent);
    let _ = writeln!(
        out,
        "{pad}Call `{}` args `{}`",
        &input[call.name_range.clone()],
        &input[call.args_range.clone()]
    );
    for arg in &call.args {
        render_arg(input, arg, indent + 1, out);
    }
}

/// Parses and checks `input`; renders the tree, or the syntax error, and
/// every semantic error, each with a caret line.
fn check(input: &str, expect: Expect) {
    let mut out = String::new();
    match parse_intrinsic(input) {
        Err(error) => {
            let _ = write!(out, "syntax error: {}\n{}", error.message, carets(input, &error.range));
        }
        Ok(call) => {
            render_call(input, &call, 0, &mut out);
            let errors = check_call(&call);
            if errors.is_empty() {
                out.push_str("ok");
            }
            for (i, error) in errors.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let _ = write!(out, "error: {}\n{}", error.message, carets(input, &error.range));
            }
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn real_world_calls() {
    check(
        "States.Format('Hello, {}! You have {} items', $.name, States.ArrayLength($.items))",
        expect![[r#"
            Call `States.Format` args `'Hello, {}! You have {} items', $.name, States.ArrayLength($.items)`
              String "Hello, {}! You have {} items" `'Hello, {}! You have {} items'`
              Path `$.name` (1 segments)
              Call `States.ArrayLength` args `$.items`
                Path `$.items` (1 segments)
            ok"#]],
    );
    check(
        "States.JsonMerge($.a, $.b, false)",
        expect![[r#"
        Call `States.JsonMerge` args `$.a, $.b, false`
          Path `$.a` (1 segments)
          Path `$.b` (1 segments)
          Bool false
        ok"#]],
    );
    check(
        "States.Hash($.x, 'SHA-256')",
        expect![[r#"
        Call `States.Hash` args `$.x, 'SHA-256'`
          Path `$.x` (1 segments)
          String "SHA-256" `'SHA-256'`
        ok"#]],
    );
    check(
        "States.StringSplit($.csv, ',')",
        expect![[r#"
        Call `States.StringSplit` args `$.csv, ','`
          Path `$.csv` (1 segments)
          String "," `','`
        ok"#]],
    );
    check(
        "States.Array($.Id)",
        expect![[r#"
        Call `States.Array` args `$.Id`
          Path `$.Id` (1 segments)
        ok"#]],
    );
    check(
        "States.UUID()",
        expect![[r#"
        Call `States.UUID` args ``
        ok"#]],
    );
    check(
        "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), $$.Execution.Name)",
        expect![[r#"
            Call `States.Format` args `'{}.{}', States.ArrayGetItem(States.StringSplit($.arn, '/'), 2), $$.Execution.Name`
              String "{}.{}" `'{}.{}'`
              Call `States.ArrayGetItem` args `States.StringSplit($.arn, '/'), 2`
                Call `States.StringSplit` args `$.arn, '/'`
                  Path `$.arn` (1 segments)
                  String "/" `'/'`
                Number 2
              Path `$$.Execution.Name` (2 segments)
            ok"#]],
    );
    check(
        "States.MathRandom($.start, $.end)",
        expect![[r#"
        Call `States.MathRandom` args `$.start, $.end`
          Path `$.start` (1 segments)
          Path `$.end` (1 segments)
        ok"#]],
    );
    check(
        "States.MathRandom(1, 999, 1234)",
        expect![[r#"
        Call `States.MathRandom` args `1, 999, 1234`
          Number 1
          Number 999
          Number 1234
        ok"#]],
    );
    check(
        "States.ArrayRange(1, 9, 2)",
        expect![[r#"
        Call `States.ArrayRange` args `1, 9, 2`
          Number 1
          Number 9
          Number 2
        ok"#]],
    );
    check(
        "States.ArrayPartition($.items, 4)",
        expect![[r#"
        Call `States.ArrayPartition` args `$.items, 4`
          Path `$.items` (1 segments)
          Number 4
        ok"#]],
    );
    check(
        "States.MathAdd($.count, -1)",
        expect![[r#"
        Call `States.MathAdd` args `$.count, -1`
          Path `$.count` (1 segments)
          Number -1
        ok"#]],
    );
    check(
        "States.Format($.template, $.name)",
        expect![[r#"
        Call `States.Format` args `$.template, $.name`
          Path `$.template` (1 segments)
          Path `$.name` (1 segments)
        ok"#]],
    );
    check(
        "States.JsonToString($myVar)",
        expect![[r#"
        Call `States.JsonToString` args `$myVar`
          Path `$myVar` (0 segments)
        ok"#]],
    );
    check(
        "States.StringToJson($.escaped)",
        expect![[r#"
        Call `States.StringToJson` args `$.escaped`
          Path `$.escaped` (1 segments)
        ok"#]],
    );
    check(
        "States.Base64Encode('data')",
        expect![[r#"
        Call `States.Base64Encode` args `'data'`
          String "data" `'data'`
        ok"#]],
    );
}

#[test]
fn literals_and_whitespace() {
    check(
        "States.Array( 'a' , -1, 2.5, 1e3, -0.5E-2, true, false, null, $, $$, $v )  ",
        expect![[r#"
            Call `States.Array` args ` 'a' , -1, 2.5, 1e3, -0.5E-2, true, false, null, $, $$, $v `
              String "a" `'a'`
              Number -1
              Number 2.5
              Number 1e3
              Number -0.5E-2
              Bool true
              Bool false
              Null
              Path `$` (0 segments)
              Path `$$` (0 segments)
              Path `$v` (0 segments)
            ok"#]],
    );
    check(
        "States.Array('it\\'s', '\\{\\}', 'a\\\\b', '名前 🎉')",
        expect![[r#"
        Call `States.Array` args `'it\'s', '\{\}', 'a\\b', '名前 🎉'`
          String "it's" `'it\'s'`
          String "{}" `'\{\}'`
          String "a\\b" `'a\\b'`
          String "名前 🎉" `'名前 🎉'`
        ok"#]],
    );
    check(
        "States.Array($.a['b c'], $.x['p,q)'], $.y[0], $.f.length())",
        expect![[r#"
        Call `States.Array` args `$.a['b c'], $.x['p,q)'], $.y[0], $.f.length()`
          Path `$.a['b c']` (2 segments)
          Path `$.x['p,q)']` (2 segments)
          Path `$.y[0]` (2 segments)
          Path `$.f.length()` (2 segments)
        ok"#]],
    );
    check(
        "States.Array(States.Array(States.Array()))",
        expect![[r#"
        Call `States.Array` args `States.Array(States.Array())`
          Call `States.Array` args `States.Array()`
            Call `States.Array` args ``
        ok"#]],
    );
}

#[test]
fn syntax_errors() {
    check(
        "",
        expect![[r#"
        syntax error: empty intrinsic function: expected a call such as `States.Format(…)`
          ∅
          ^"#]],
    );
    check(
        "States.UUID",
        expect![[r#"
        syntax error: expected `(` right after `States.UUID`: a call is written `States.UUID(…)`
          States.UUID
          ^^^^^^^^^^^"#]],
    );
    check(
        "States.UUID x",
        expect![[r#"
        syntax error: expected `(` right after `States.UUID`: a call is written `States.UUID(…)`
          States.UUID x
          ^^^^^^^^^^^"#]],
    );
    check(
        "States.For-mat('x')",
        expect![[r#"
        syntax error: unexpected `-` in a function name: names are made of letters, digits, `.` and `_`
          States.For-mat('x')
                    ^"#]],
    );
    check(
        "(1)",
        expect![[r#"
        syntax error: unexpected `(`: expected a function name such as `States.Format`
          (1)
          ^"#]],
    );
    check(
        " States.UUID()",
        expect![[r#"
        syntax error: unexpected space: expected a function name such as `States.Format`
           States.UUID()
          ^"#]],
    );
    check(
        "States.Format('abc",
        expect![[r#"
        syntax error: unterminated string: expected a closing `'`
          States.Format('abc
                        ^^^^"#]],
    );
    check(
        "States.Format('abc)",
        expect![[r#"
        syntax error: unterminated string: expected a closing `'`
          States.Format('abc)
                        ^^^^^"#]],
    );
    check(
        "States.Format('a', $.b",
        expect![[r#"
        syntax error: `(` is never closed: expected `)`
          States.Format('a', $.b
                       ^"#]],
    );
    check(
        "States.Array(States.Array(1)",
        expect![[r#"
        syntax error: `(` is never closed: expected `)`
          States.Array(States.Array(1)
                      ^"#]],
    );
    check(
        "States.UUID() x",
        expect![[r#"
        syntax error: unexpected text after the call: an intrinsic function field holds exactly one call
          States.UUID() x
                        ^"#]],
    );
    check(
        "States.UUID()()",
        expect![[r#"
        syntax error: unexpected text after the call: an intrinsic function field holds exactly one call
          States.UUID()()
                       ^^"#]],
    );
    check(
        "States.Array(1,,2)",
        expect![[r#"
        syntax error: empty argument: expected a value between `,` and `,`
          States.Array(1,,2)
                        ^^"#]],
    );
    check(
        "States.Array(1,)",
        expect![[r#"
        syntax error: empty argument: expected a value between `,` and `)`
          States.Array(1,)
                        ^^"#]],
    );
    check(
        "States.Array(,1)",
        expect![[r#"
        syntax error: empty argument: expected a value before `,`
          States.Array(,1)
                       ^"#]],
    );
    check(
        "States.Array(1 2)",
        expect![[r#"
        syntax error: unexpected `2` after an argument: expected `,` or `)`
          States.Array(1 2)
                         ^"#]],
    );
    check(
        "States.Format('\\n')",
        expect![[r#"
        syntax error: unknown escape `\n`: only `\'`, `\{`, `\}` and `\\` are allowed (write `\\` for a backslash)
          States.Format('\n')
                         ^^"#]],
    );
    check(
        "States.Format('a\\",
        expect![[r#"
        syntax error: unterminated string: expected a closing `'`
          States.Format('a\
                        ^^^"#]],
    );
    check(
        "States.Format(\"a\")",
        expect![[r#"
        syntax error: strings in intrinsic functions use single quotes: `'text'`
          States.Format("a")
                        ^^^"#]],
    );
    check(
        "States.Array(True)",
        expect![[r#"
        syntax error: `True` is not a value: write `true` in lower case
          States.Array(True)
                       ^^^^"#]],
    );
    check(
        "States.Array(foo)",
        expect![[r#"
        syntax error: unexpected `foo`: expected a string `'…'`, a number, `true`, `false`, `null`, a path `$…` or a function call
          States.Array(foo)
                       ^^^"#]],
    );
    check(
        "States.Array(States.UUID)",
        expect![[r#"
        syntax error: expected `(` right after `States.UUID`: a call is written `States.UUID(…)`
          States.Array(States.UUID)
                       ^^^^^^^^^^^"#]],
    );
    check(
        "States.Array(1a)",
        expect![[r#"
        syntax error: `1a` is not a number
          States.Array(1a)
                       ^^"#]],
    );
    check(
        "States.Array(-)",
        expect![[r#"
        syntax error: `-` is not a number
          States.Array(-)
                       ^"#]],
    );
    check(
        "States.Array(1.)",
        expect![[r#"
        syntax error: `1.` is not a number
          States.Array(1.)
                       ^^"#]],
    );
    check(
        "States.Array(1e)",
        expect![[r#"
        syntax error: `1e` is not a number
          States.Array(1e)
                       ^^"#]],
    );
    check(
        "States.Array($.a['b)",
        expect![[r#"
        syntax error: unterminated quoted name: expected a closing `'`
          States.Array($.a['b)
                           ^^^"#]],
    );
    check(
        "States.Array($.a[0)",
        expect![[r#"
        Call `States.Array` args `$.a[0`
          Path `$.a[0` (invalid: `[` is never closed: expected `]`)
        error: `[` is never closed: expected `]`
          States.Array($.a[0)
                          ^"#]],
    );
    check(
        "States.Array(@)",
        expect![[r#"
        syntax error: unexpected `@`: expected a string `'…'`, a number, `true`, `false`, `null`, a path `$…` or a function call
          States.Array(@)
                       ^"#]],
    );
}

#[test]
fn names() {
    check(
        "States.Formatt('x')",
        expect![[r#"
        Call `States.Formatt` args `'x'`
          String "x" `'x'`
        error: unknown intrinsic function `States.Formatt`: did you mean `States.Format`?
          States.Formatt('x')
          ^^^^^^^^^^^^^^"#]],
    );
    check(
        "Format('x')",
        expect![[r#"
        Call `Format` args `'x'`
          String "x" `'x'`
        error: unknown intrinsic function `Format`: built-in functions need the `States.` prefix, as in `States.Format`
          Format('x')
          ^^^^^^"#]],
    );
    check(
        "states.format('x')",
        expect![[r#"
        Call `states.format` args `'x'`
          String "x" `'x'`
        error: unknown intrinsic function `states.format`: did you mean `States.Format`?
          states.format('x')
          ^^^^^^^^^^^^^"#]],
    );
    check(
        "States.Foo()",
        expect![[r#"
        Call `States.Foo` args ``
        error: unknown intrinsic function `States.Foo`: expected one of the `States.*` functions such as `States.Format`
          States.Foo()
          ^^^^^^^^^^"#]],
    );
    check(
        "My.Function(1)",
        expect![[r#"
        Call `My.Function` args `1`
          Number 1
        error: unknown intrinsic function `My.Function`: expected one of the `States.*` functions such as `States.Format`
          My.Function(1)
          ^^^^^^^^^^^"#]],
    );
    check(
        "States.Array(States.Lenght($.a))",
        expect![[r#"
        Call `States.Array` args `States.Lenght($.a)`
          Call `States.Lenght` args `$.a`
            Path `$.a` (1 segments)
        error: unknown intrinsic function `States.Lenght`: expected one of the `States.*` functions such as `States.Format`
          States.Array(States.Lenght($.a))
                       ^^^^^^^^^^^^^"#]],
    );
}

#[test]
fn argument_counts() {
    check(
        "States.Format()",
        expect![[r#"
        Call `States.Format` args ``
        error: `States.Format` takes at least 1 argument but none were given: `States.Format(template, values...)`
          States.Format()
          ^^^^^^^^^^^^^"#]],
    );
    check(
        "States.StringToJson($.a, $.b)",
        expect![[r#"
        Call `States.StringToJson` args `$.a, $.b`
          Path `$.a` (1 segments)
          Path `$.b` (1 segments)
        error: `States.StringToJson` takes 1 argument but 2 were given: `States.StringToJson(jsonText)`
          States.StringToJson($.a, $.b)
                                   ^^^"#]],
    );
    check(
        "States.ArrayRange(1, 2)",
        expect![[r#"
        Call `States.ArrayRange` args `1, 2`
          Number 1
          Number 2
        error: `States.ArrayRange` takes 3 arguments but 2 were given: `States.ArrayRange(start, end, step)`
          States.ArrayRange(1, 2)
          ^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "States.UUID(1, 2)",
        expect![[r#"
        Call `States.UUID` args `1, 2`
          Number 1
          Number 2
        error: `States.UUID` takes no arguments but 2 were given: `States.UUID()`
          States.UUID(1, 2)
                      ^^^^"#]],
    );
    check(
        "States.MathRandom(1)",
        expect![[r#"
        Call `States.MathRandom` args `1`
          Number 1
        error: `States.MathRandom` takes 2 to 3 arguments but 1 was given: `States.MathRandom(start, end, seed?)`
          States.MathRandom(1)
          ^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "States.MathRandom(1, 2, 3, 4)",
        expect![[r#"
        Call `States.MathRandom` args `1, 2, 3, 4`
          Number 1
          Number 2
          Number 3
          Number 4
        error: `States.MathRandom` takes 2 to 3 arguments but 4 were given: `States.MathRandom(start, end, seed?)`
          States.MathRandom(1, 2, 3, 4)
                                     ^"#]],
    );
    check(
        "States.Hash($.a)",
        expect![[r#"
        Call `States.Hash` args `$.a`
          Path `$.a` (1 segments)
        error: `States.Hash` takes 2 arguments but 1 was given: `States.Hash(data, algorithm)`
          States.Hash($.a)
          ^^^^^^^^^^^"#]],
    );
    check(
        "States.JsonMerge($.a, $.b)",
        expect![[r#"
        Call `States.JsonMerge` args `$.a, $.b`
          Path `$.a` (1 segments)
          Path `$.b` (1 segments)
        error: `States.JsonMerge` takes 3 arguments but 2 were given: `States.JsonMerge(object1, object2, deepMerge)`
          States.JsonMerge($.a, $.b)
          ^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "States.ArrayLength()",
        expect![[r#"
        Call `States.ArrayLength` args ``
        error: `States.ArrayLength` takes 1 argument but none were given: `States.ArrayLength(array)`
          States.ArrayLength()
          ^^^^^^^^^^^^^^^^^^"#]],
    );
}

#[test]
fn argument_types() {
    check(
        "States.JsonToString('text')",
        expect![[r#"
        Call `States.JsonToString` args `'text'`
          String "text" `'text'`
        error: the `path` argument of `States.JsonToString` must be a path (`$…`), but this is a string
          States.JsonToString('text')
                              ^^^^^^"#]],
    );
    check(
        "States.JsonToString(States.Array(1))",
        expect![[r#"
        Call `States.JsonToString` args `States.Array(1)`
          Call `States.Array` args `1`
            Number 1
        error: the `path` argument of `States.JsonToString` must be a path (`$…`), but this is `States.Array(…)`, which returns an array
          States.JsonToString(States.Array(1))
                              ^^^^^^^^^^^^^^^"#]],
    );
    check(
        "States.Format(42)",
        expect![[r#"
        Call `States.Format` args `42`
          Number 42
        error: the `template` argument of `States.Format` must be a string, but this is the number `42`
          States.Format(42)
                        ^^"#]],
    );
    check(
        "States.Format('{}', States.Array(1))",
        expect![[r#"
        Call `States.Format` args `'{}', States.Array(1)`
          String "{}" `'{}'`
          Call `States.Array` args `1`
            Number 1
        error: the `value` argument of `States.Format` must be a string, number, boolean or null, but this is `States.Array(…)`, which returns an array
          States.Format('{}', States.Array(1))
                              ^^^^^^^^^^^^^^^"#]],
    );
    check(
        "States.Format('{}', States.JsonMerge($.a, $.b, false))",
        expect![[r#"
        Call `States.Format` args `'{}', States.JsonMerge($.a, $.b, false)`
          String "{}" `'{}'`
          Call `States.JsonMerge` args `$.a, $.b, false`
            Path `$.a` (1 segments)
            Path `$.b` (1 segments)
            Bool false
        error: the `value` argument of `States.Format` must be a string, number, boolean or null, but this is `States.JsonMerge(…)`, which returns an object
          States.Format('{}', States.JsonMerge($.a, $.b, false))
                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "States.Format('{} {} {}', 1, true, null)",
        expect![[r#"
        Call `States.Format` args `'{} {} {}', 1, true, null`
          String "{} {} {}" `'{} {} {}'`
          Number 1
          Bool true
          Null
        ok"#]],
    );
    check(
        "States.ArrayRange('1', 5, 1)",
        expect![[r#"
        Call `States.ArrayRange` args `'1', 5, 1`
          String "1" `'1'`
          Number 5
          Number 1
        error: the `start` argument of `States.ArrayRange` must be an integer, but this is a string
          States.ArrayRange('1', 5, 1)
                            ^^^"#]],
    );
    check(
        "States.ArrayRange(1, 5.5, 1)",
        expect![[r#"
        Call `States.ArrayRange` args `1, 5.5, 1`
          Number 1
          Number 5.5
          Number 1
        error: the `end` argument of `States.ArrayRange` must be an integer, but the number `5.5` is not a whole number
          States.ArrayRange(1, 5.5, 1)
                               ^^^"#]],
    );
    check(
        "States.ArrayRange(1.0, 5, 1)",
        expect![[r#"
        Call `States.ArrayRange` args `1.0, 5, 1`
          Number 1.0
          Number 5
          Number 1
        ok"#]],
    );
    check(
        "States.ArrayPartition('abc', 2)",
        expect![[r#"
        Call `States.ArrayPartition` args `'abc', 2`
          String "abc" `'abc'`
          Number 2
        error: the `array` argument of `States.ArrayPartition` must be an array, but this is a string
          States.ArrayPartition('abc', 2)
                                ^^^^^"#]],
    );
    check(
        "States.ArrayPartition($.a, null)",
        expect![[r#"
        Call `States.ArrayPartition` args `$.a, null`
          Path `$.a` (1 segments)
          Null
        error: the `chunkSize` argument of `States.ArrayPartition` must be an integer, but this is `null`
          States.ArrayPartition($.a, null)
                                     ^^^^"#]],
    );
    check(
        "States.ArrayContains(States.ArrayLength($.a), 1)",
        expect![[r#"
        Call `States.ArrayContains` args `States.ArrayLength($.a), 1`
          Call `States.ArrayLength` args `$.a`
            Path `$.a` (1 segments)
          Number 1
        error: the `array` argument of `States.ArrayContains` must be an array, but this is `States.ArrayLength(…)`, which returns an integer
          States.ArrayContains(States.ArrayLength($.a), 1)
                               ^^^^^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "States.ArrayGetItem($.a, 'first')",
        expect![[r#"
        Call `States.ArrayGetItem` args `$.a, 'first'`
          Path `$.a` (1 segments)
          String "first" `'first'`
        error: the `index` argument of `States.ArrayGetItem` must be an integer, but this is a string
          States.ArrayGetItem($.a, 'first')
                                   ^^^^^^^"#]],
    );
    check(
        "States.ArrayLength(States.Array())",
        expect![[r#"
        Call `States.ArrayLength` args `States.Array()`
          Call `States.Array` args ``
        ok"#]],
    );
    check(
        "States.MathAdd('1', true)",
        expect![[r#"
        Call `States.MathAdd` args `'1', true`
          String "1" `'1'`
          Bool true
        error: the `a` argument of `States.MathAdd` must be an integer, but this is a string
          States.MathAdd('1', true)
                         ^^^
        error: the `b` argument of `States.MathAdd` must be an integer, but this is `true`
          States.MathAdd('1', true)
                              ^^^^"#]],
    );
    check(
        "States.MathAdd(States.ArrayLength($.a), States.UUID())",
        expect![[r#"
        Call `States.MathAdd` args `States.ArrayLength($.a), States.UUID()`
          Call `States.ArrayLength` args `$.a`
            Path `$.a` (1 segments)
          Call `States.UUID` args ``
        error: the `b` argument of `States.MathAdd` must be an integer, but this is `States.UUID(…)`, which returns a string
          States.MathAdd(States.ArrayLength($.a), States.UUID())
                                                  ^^^^^^^^^^^^^"#]],
    );
    check(
        "States.MathRandom(1, 10, 'seed')",
        expect![[r#"
        Call `States.MathRandom` args `1, 10, 'seed'`
          Number 1
          Number 10
          String "seed" `'seed'`
        error: the `seed` argument of `States.MathRandom` must be an integer, but this is a string
          States.MathRandom(1, 10, 'seed')
                                   ^^^^^^"#]],
    );
    check(
        "States.Base64Encode(42)",
        expect![[r#"
        Call `States.Base64Encode` args `42`
          Number 42
        error: the `data` argument of `States.Base64Encode` must be a string, but this is the number `42`
          States.Base64Encode(42)
                              ^^"#]],
    );
    check(
        "States.Base64Decode(States.Base64Encode('x'))",
        expect![[r#"
        Call `States.Base64Decode` args `States.Base64Encode('x')`
          Call `States.Base64Encode` args `'x'`
            String "x" `'x'`
        ok"#]],
    );
    check(
        "States.StringSplit($.csv, 1)",
        expect![[r#"
        Call `States.StringSplit` args `$.csv, 1`
          Path `$.csv` (1 segments)
          Number 1
        error: the `delimiters` argument of `States.StringSplit` must be a string, but this is the number `1`
          States.StringSplit($.csv, 1)
                                    ^"#]],
    );
    check(
        "States.StringSplit(States.Array(), ',')",
        expect![[r#"
        Call `States.StringSplit` args `States.Array(), ','`
          Call `States.Array` args ``
          String "," `','`
        error: the `text` argument of `States.StringSplit` must be a string, but this is `States.Array(…)`, which returns an array
          States.StringSplit(States.Array(), ',')
                             ^^^^^^^^^^^^^^"#]],
    );
    check(
        "States.StringToJson(States.JsonToString($.a))",
        expect![[r#"
        Call `States.StringToJson` args `States.JsonToString($.a)`
          Call `States.JsonToString` args `$.a`
            Path `$.a` (1 segments)
        ok"#]],
    );
    check(
        "States.JsonMerge('a', {}, false)",
        expect![[r#"
        syntax error: unexpected `{}`: expected a string `'…'`, a number, `true`, `false`, `null`, a path `$…` or a function call
          States.JsonMerge('a', {}, false)
                                ^^"#]],
    );
    check(
        "States.JsonMerge(States.StringToJson($.a), $.b, $.deep)",
        expect![[r#"
        Call `States.JsonMerge` args `States.StringToJson($.a), $.b, $.deep`
          Call `States.StringToJson` args `$.a`
            Path `$.a` (1 segments)
          Path `$.b` (1 segments)
          Path `$.deep` (1 segments)
        ok"#]],
    );
    check(
        "States.JsonMerge($.a, $.b, 'false')",
        expect![[r#"
        Call `States.JsonMerge` args `$.a, $.b, 'false'`
          Path `$.a` (1 segments)
          Path `$.b` (1 segments)
          String "false" `'false'`
        error: the `deepMerge` argument of `States.JsonMerge` must be a boolean, but this is a string
          States.JsonMerge($.a, $.b, 'false')
                                     ^^^^^^^"#]],
    );
}

#[test]
fn argument_values() {
    check(
        "States.JsonMerge($.a, $.b, true)",
        expect![[r#"
        Call `States.JsonMerge` args `$.a, $.b, true`
          Path `$.a` (1 segments)
          Path `$.b` (1 segments)
          Bool true
        error: Step Functions supports only shallow merges: the third argument of `States.JsonMerge` must be `false`
          States.JsonMerge($.a, $.b, true)
                                     ^^^^"#]],
    );
    check(
        "States.Hash($.x, 'SHA256')",
        expect![[r#"
        Call `States.Hash` args `$.x, 'SHA256'`
          Path `$.x` (1 segments)
          String "SHA256" `'SHA256'`
        error: unsupported hash algorithm `SHA256`: did you mean `SHA-256`?
          States.Hash($.x, 'SHA256')
                           ^^^^^^^^"#]],
    );
    check(
        "States.Hash($.x, 'sha-1')",
        expect![[r#"
        Call `States.Hash` args `$.x, 'sha-1'`
          Path `$.x` (1 segments)
          String "sha-1" `'sha-1'`
        error: unsupported hash algorithm `sha-1`: did you mean `SHA-1`?
          States.Hash($.x, 'sha-1')
                           ^^^^^^^"#]],
    );
    check(
        "States.Hash($.x, 'CRC32')",
        expect![[r#"
        Call `States.Hash` args `$.x, 'CRC32'`
          Path `$.x` (1 segments)
          String "CRC32" `'CRC32'`
        error: unsupported hash algorithm `CRC32`: expected one of `MD5`, `SHA-1`, `SHA-256`, `SHA-384`, `SHA-512`
          States.Hash($.x, 'CRC32')
                           ^^^^^^^"#]],
    );
    check(
        "States.Hash($.x, $.algorithm)",
        expect![[r#"
        Call `States.Hash` args `$.x, $.algorithm`
          Path `$.x` (1 segments)
          Path `$.algorithm` (1 segments)
        ok"#]],
    );
    check(
        "States.ArrayPartition($.a, 0)",
        expect![[r#"
        Call `States.ArrayPartition` args `$.a, 0`
          Path `$.a` (1 segments)
          Number 0
        error: the chunk size must be greater than 0
          States.ArrayPartition($.a, 0)
                                     ^"#]],
    );
    check(
        "States.ArrayPartition($.a, -2)",
        expect![[r#"
        Call `States.ArrayPartition` args `$.a, -2`
          Path `$.a` (1 segments)
          Number -2
        error: the chunk size must be greater than 0
          States.ArrayPartition($.a, -2)
                                     ^^"#]],
    );
    check(
        "States.ArrayRange(1, 10, 0)",
        expect![[r#"
        Call `States.ArrayRange` args `1, 10, 0`
          Number 1
          Number 10
          Number 0
        error: the step must not be 0
          States.ArrayRange(1, 10, 0)
                                   ^"#]],
    );
    check(
        "States.ArrayRange(0, 999, 1)",
        expect![[r#"
        Call `States.ArrayRange` args `0, 999, 1`
          Number 0
          Number 999
          Number 1
        ok"#]],
    );
    check(
        "States.ArrayRange(0, 1000, 1)",
        expect![[r#"
        Call `States.ArrayRange` args `0, 1000, 1`
          Number 0
          Number 1000
          Number 1
        error: this range has 1001 items, but `States.ArrayRange` may produce at most 1000
          States.ArrayRange(0, 1000, 1)
                            ^^^^^^^^^^"#]],
    );
    check(
        "States.ArrayRange(5000, 1, -2)",
        expect![[r#"
        Call `States.ArrayRange` args `5000, 1, -2`
          Number 5000
          Number 1
          Number -2
        error: this range has 2500 items, but `States.ArrayRange` may produce at most 1000
          States.ArrayRange(5000, 1, -2)
                            ^^^^^^^^^^^"#]],
    );
    check(
        "States.ArrayRange(1, 5000, -1)",
        expect![[r#"
        Call `States.ArrayRange` args `1, 5000, -1`
          Number 1
          Number 5000
          Number -1
        ok"#]],
    );
    check(
        "States.MathAdd(2147483647, -2147483648)",
        expect![[r#"
        Call `States.MathAdd` args `2147483647, -2147483648`
          Number 2147483647
          Number -2147483648
        ok"#]],
    );
    check(
        "States.MathAdd(2147483648, 1)",
        expect![[r#"
        Call `States.MathAdd` args `2147483648, 1`
          Number 2147483648
          Number 1
        error: `States.MathAdd` takes integers between -2147483648 and 2147483647
          States.MathAdd(2147483648, 1)
                         ^^^^^^^^^^"#]],
    );
    check(
        "States.MathAdd(1, -2147483649)",
        expect![[r#"
        Call `States.MathAdd` args `1, -2147483649`
          Number 1
          Number -2147483649
        error: `States.MathAdd` takes integers between -2147483648 and 2147483647
          States.MathAdd(1, -2147483649)
                            ^^^^^^^^^^^"#]],
    );
}

#[test]
fn format_placeholders() {
    check(
        "States.Format('\\{\\}')",
        expect![[r#"
        Call `States.Format` args `'\{\}'`
          String "{}" `'\{\}'`
        ok"#]],
    );
    check(
        "States.Format('{}')",
        expect![[r#"
        Call `States.Format` args `'{}'`
          String "{}" `'{}'`
        error: the template has 1 `{}` placeholder but no value is given
          States.Format('{}')
                        ^^^^"#]],
    );
    check(
        "States.Format('{} and {}', $.a)",
        expect![[r#"
        Call `States.Format` args `'{} and {}', $.a`
          String "{} and {}" `'{} and {}'`
          Path `$.a` (1 segments)
        error: the template has 2 `{}` placeholders but 1 value is given
          States.Format('{} and {}', $.a)
                        ^^^^^^^^^^^"#]],
    );
    check(
        "States.Format('no placeholders', $.a, $.b)",
        expect![[r#"
        Call `States.Format` args `'no placeholders', $.a, $.b`
          String "no placeholders" `'no placeholders'`
          Path `$.a` (1 segments)
          Path `$.b` (1 segments)
        error: the template has 0 `{}` placeholders but 2 values are given
          States.Format('no placeholders', $.a, $.b)
                                           ^^^^^^^^"#]],
    );
    check(
        "States.Format('{}', $.a, $.b, $.c)",
        expect![[r#"
        Call `States.Format` args `'{}', $.a, $.b, $.c`
          String "{}" `'{}'`
          Path `$.a` (1 segments)
          Path `$.b` (1 segments)
          Path `$.c` (1 segments)
        error: the template has 1 `{}` placeholder but 3 values are given
          States.Format('{}', $.a, $.b, $.c)
                                   ^^^^^^^^"#]],
    );
    check(
        "States.Format('\\{} {}', $.a)",
        expect![[r#"
        Call `States.Format` args `'\{} {}', $.a`
          String "{} {}" `'\{} {}'`
          Path `$.a` (1 segments)
        ok"#]],
    );
    check(
        "States.Format('{ } {x}', $.a)",
        expect![[r#"
        Call `States.Format` args `'{ } {x}', $.a`
          String "{ } {x}" `'{ } {x}'`
          Path `$.a` (1 segments)
        error: the template has 0 `{}` placeholders but 1 value is given
          States.Format('{ } {x}', $.a)
                                   ^^^"#]],
    );
    check(
        "States.Format('\\\\{}', $.a)",
        expect![[r#"
        Call `States.Format` args `'\\{}', $.a`
          String "\\{}" `'\\{}'`
          Path `$.a` (1 segments)
        ok"#]],
    );
}

#[test]
fn path_arguments() {
    check(
        "States.Format('{}', $.a b)",
        expect![[r#"
        Call `States.Format` args `'{}', $.a b`
          String "{}" `'{}'`
          Path `$.a b` (invalid: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`)
        error: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`
          States.Format('{}', $.a b)
                                 ^"#]],
    );
    check(
        "States.Format('{}', $.)",
        expect![[r#"
        Call `States.Format` args `'{}', $.`
          String "{}" `'{}'`
          Path `$.` (invalid: the path ends after `.`: expected a member name, `*` or `[`)
        error: the path ends after `.`: expected a member name, `*` or `[`
          States.Format('{}', $.)
                               ^"#]],
    );
    check(
        "States.Format('{}', $$.Executon.Id)",
        expect![[r#"
        Call `States.Format` args `'{}', $$.Executon.Id`
          String "{}" `'{}'`
          Path `$$.Executon.Id` (2 segments)
        error: `Executon` is not a member of the context object: did you mean `Execution`?
          States.Format('{}', $$.Executon.Id)
                                 ^^^^^^^^"#]],
    );
    check(
        "States.Format('{}', $$.Execution.Input.x-y)",
        expect![[r#"
        Call `States.Format` args `'{}', $$.Execution.Input.x-y`
          String "{}" `'{}'`
          Path `$$.Execution.Input.x-y` (3 segments)
        error: in an intrinsic function argument, a member name containing `-` must use bracket notation: `['x-y']`
          States.Format('{}', $$.Execution.Input.x-y)
                                                 ^^^"#]],
    );
    check(
        "States.Array($.foo-bar, $['foo-bar'], $.名前, $.a_1)",
        expect![[r#"
        Call `States.Array` args `$.foo-bar, $['foo-bar'], $.名前, $.a_1`
          Path `$.foo-bar` (1 segments)
          Path `$['foo-bar']` (1 segments)
          Path `$.名前` (1 segments)
          Path `$.a_1` (1 segments)
        error: in an intrinsic function argument, a member name containing `-` must use bracket notation: `['foo-bar']`
          States.Array($.foo-bar, $['foo-bar'], $.名前, $.a_1)
                         ^^^^^^^"#]],
    );
    check(
        "States.Array($.a\\.b)",
        expect![[r#"
        Call `States.Array` args `$.a\.b`
          Path `$.a\.b` (1 segments)
        error: in an intrinsic function argument, a member name containing `.` must use bracket notation: `['a.b']`
          States.Array($.a\.b)
                         ^^^^"#]],
    );
    check(
        "States.Array($..a, $[*], $.a[?(@.b, 1)])",
        expect![[r#"
        Call `States.Array` args `$..a, $[*], $.a[?(@.b, 1)]`
          Path `$..a` (2 segments)
          Path `$[*]` (1 segments)
          Path `$.a[?(@.b, 1)]` (2 segments)
        ok"#]],
    );
}

#[test]
fn nesting_limit() {
    fn errors(text: &str) -> Vec<(String, String)> {
        check_call(&parse_intrinsic(text).unwrap())
            .into_iter()
            .map(|e| (text[e.range].to_string(), e.message))
            .collect()
    }
    let nested = |n: usize| format!("{}$.x{}", "States.Array(".repeat(n), ")".repeat(n));
    assert_eq!(errors(&nested(10)), vec![]);
    let too_deep = nested(11);
    let expected_range = 10 * "States.Array(".len()..11 * "States.Array(".len() - 1;
    assert_eq!(
        check_call(&parse_intrinsic(&too_deep).unwrap())
            .iter()
            .map(|e| e.range.clone())
            .collect::<Vec<_>>(),
        vec![expected_range]
    );
    // The limit counts every call in the field, not only the depth (AWS
    // calls a field with nine calls at most five deep "nine nested").
    let flat = |n: usize| format!("States.Array({})", vec!["States.UUID()"; n].join(", "));
    assert_eq!(errors(&flat(9)), vec![]);
    expect![[r#"
        [
            (
                "States.UUID",
                "too many intrinsic functions: at most 10 calls can be nested in one field",
            ),
        ]
    "#]]
    .assert_debug_eq(&errors(&flat(10)));
    // Absurd nesting is refused by the parser without exhausting the stack.
    let error = parse_intrinsic(&nested(100_000)).unwrap_err();
    assert!(error.message.contains("at most 10"), "{}", error.message);
    assert_eq!(error.range.len(), "States.Array".len());
}

#[test]
fn looks_like() {
    let cases = [
        ("States.Format('x')", true),
        ("States.UUID()", true),
        ("f(", true),
        ("States.Format", false),
        ("States.Format ('x')", false),
        (" States.UUID()", false),
        ("Hello (world)", false),
        ("(1)", false),
        ("$.a(", false),
        ("", false),
        ("名前()", false),
    ];
    for (text, expected) in cases {
        assert_eq!(looks_like_intrinsic(text), expected, "{text:?}");
    }
}

#[test]
fn catalogue_is_consistent() {
    assert_eq!(FUNCTIONS.len(), 18);
    for f in FUNCTIONS {
        assert!(f.name.starts_with("States."));
        assert!(!f.doc.is_empty());
        assert!(f.optional <= f.params.len(), "{}", f.name);
        assert!(f.rest.is_none() || f.optional == 0, "{}", f.name);
        assert!(["string", "integer", "boolean", "array", "object", "JSON"].contains(&f.returns));
    }
    // Arity and signature text follow from the parameters.
    let random = function("States.MathRandom").unwrap();
    assert_eq!((random.min_args(), random.max_args()), (2, Some(3)));
    assert_eq!(random.signature(), "States.MathRandom(start, end, seed?)");
    let format = function("States.Format").unwrap();
    assert_eq!((format.min_args(), format.max_args()), (1, None));
    assert_eq!(format.signature(), "States.Format(template, values...)");
    assert_eq!(function("States.UUID").unwrap().signature(), "States.UUID()");
}

const SAMPLES: &[&str] = &[
    "States.Format('Hello, {}! You have {} items', $.name, States.ArrayLength($.items))",
    "States.JsonMerge($.a, $.b, false)",
    "States.Hash($.x, 'SHA-256')",
    "States.StringSplit($.csv, ',')",
    "States.Format('\\{\\}')",
    "States.Array( 'a' , -1, 2.5e3, true, null, $, $$, $v )",
    "States.Array($.a['b c'], $.x['p,q)'])",
    "States.Format('{}', $$.Execution.Input.orderId)",
    "States.ArrayRange(1, 9, 2)",
    "States.MathRandom(1, 999, 1234)",
    "States.UUID()",
    "States.Format('{}', States.ArrayGetItem(States.StringSplit($.arn, '/'), 2))",
    "States.Format('名前 {} 🎉', $.名前)",
    "States.Array($.a[?(@.b == 'x)')], $..c, $.d.length())",
    "States.JsonToString($myVar)",
    "States.Base64Decode(States.Base64Encode('it\\'s'))",
    "States.Hash(States.Format('{}', $$.Map.Item.Value), 'MD5')",
    "States.MathAdd(-2147483648, 2147483647)",
    "States.ArrayPartition($.items, 4)",
    "States.Array(\"x\", True, 1a, 2)",
];

#[test]
fn never_panics_and_ranges_are_sound() {
    fn walk(text: &str, call: &Call) {
        assert_range_ok(text, &call.range);
        assert_range_ok(text, &call.name_range);
        assert_range_ok(text, &call.args_range);
        for arg in &call.args {
            assert_range_ok(text, &arg.range());
            match arg {
                Arg::Call(inner) => walk(text, inner),
                Arg::Path { path: Ok(p), .. } => {
                    assert_range_ok(text, &p.root_range);
                    for s in &p.segments {
                        assert_range_ok(text, &s.range);
                    }
                }
                Arg::Path { path: Err(e), .. } => assert_range_ok(text, &e.range),
                _ => {}
            }
        }
    }
    for text in mutations(SAMPLES) {
        looks_like_intrinsic(&text);
        match parse_intrinsic(&text) {
            Ok(call) => {
                walk(&text, &call);
                for error in check_call(&call) {
                    assert_range_ok(&text, &error.range);
                    assert!(!error.message.is_empty());
                }
            }
            Err(error) => {
                assert_range_ok(&text, &error.range);
                if !text.is_empty() {
                    assert!(error.range.start < error.range.end, "{text:?}: empty range");
                }
            }
        }
    }
}

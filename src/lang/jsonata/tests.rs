//! Tests for the JSONata checker: snapshots of errors and references, the function
//! catalogue, and robustness against truncated, mangled and deeply nested input.

use expect_test::{expect, Expect};

use super::{analyze, function, FUNCTIONS};

/// Render the analysis of `expr`: errors with a caret line, then every reference.
fn render(expr: &str) -> String {
    let analysis = analyze(expr);
    let mut out = String::new();
    for error in &analysis.errors {
        let line_start = expr[..error.range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = expr[line_start..].find('\n').map_or(expr.len(), |i| line_start + i);
        let line = &expr[line_start..line_end];
        let pad = expr[line_start..error.range.start].chars().count();
        let end = error.range.end.min(line_end).max(error.range.start);
        let width = expr[error.range.start..end].chars().count().max(1);
        out += &format!("error {:?}: {}\n", error.range, error.message);
        out += &format!("  |{line}|\n   {}{}\n", " ".repeat(pad), "^".repeat(width));
    }
    for var in &analysis.variables {
        out += &format!("var ${} {:?}", var.name, var.range);
        for (member, range) in &var.members {
            out += &format!(" .{member} {range:?}");
        }
        out += "\n";
    }
    for call in &analysis.calls {
        out += &format!("call ${}/{} {:?}\n", call.name, call.arg_count, call.range);
    }
    if !analysis.assigned_locals.is_empty() {
        out += &format!("locals {}\n", analysis.assigned_locals.join(", "));
    }
    for (name, range) in &analysis.top_level_field_refs {
        out += &format!("top-level {name} {range:?}\n");
    }
    if out.is_empty() {
        out += "(nothing)\n";
    }
    out
}

fn check(expr: &str, expect: Expect) {
    expect.assert_eq(&render(expr));
}

// ---------------------------------------------------------------- real expressions

#[test]
fn state_input_path_with_predicate() {
    check(
        "$states.input.order.items[price > 10].sku",
        expect![[r#"
            var $states 0..7 .input 8..13 .order 14..19 .items 20..25
        "#]],
    );
}

#[test]
fn sum_over_mapped_path() {
    check(
        "$sum($states.input.items.(price * qty))",
        expect![[r#"
            var $states 5..12 .input 13..18 .items 19..24
            call $sum/1 0..4
        "#]],
    );
}

#[test]
fn context_members() {
    check(
        "$states.context.Execution.Id",
        expect![[r#"
            var $states 0..7 .context 8..15 .Execution 16..25 .Id 26..28
        "#]],
    );
    check(
        "$states.context.Map.Item.Value.id & $states.context.Task.Token",
        expect![[r#"
            var $states 0..7 .context 8..15 .Map 16..19 .Item 20..24 .Value 25..30 .id 31..33
            var $states 36..43 .context 44..51 .Task 52..56 .Token 57..62
        "#]],
    );
}

#[test]
fn conditional_on_result() {
    check(
        "$count($states.result.Payload.items) > 0 ? 'yes' : 'no'",
        expect![[r#"
            var $states 7..14 .result 15..21 .Payload 22..29 .items 30..35
            call $count/1 0..6
        "#]],
    );
}

#[test]
fn object_constructor_with_variable_and_call() {
    check(
        "{ 'total': $total, 'id': $uuid() }",
        expect![[r#"
            var $total 11..17
            call $uuid/0 25..30
        "#]],
    );
}

#[test]
fn string_concatenation() {
    check(
        "$orderId & '-' & $string($now())",
        expect![[r#"
            var $orderId 0..8
            call $string/1 17..24
            call $now/0 25..29
        "#]],
    );
}

#[test]
fn block_with_local_binding() {
    check(
        "( $x := 5; $x * 2 )",
        expect![[r#"
            locals x
        "#]],
    );
}

#[test]
fn binding_reads_outer_value_first() {
    check(
        "( $count := $count + 1; $count )",
        expect![[r#"
            var $count 12..18
            locals count
        "#]],
    );
}

#[test]
fn recursive_lambda_is_local() {
    check(
        "( $fact := function($n) { $n <= 1 ? 1 : $n * $fact($n - 1) }; $fact($states.input.n) )",
        expect![[r#"
            var $states 68..75 .input 76..81 .n 82..83
            locals fact
        "#]],
    );
}

#[test]
fn lambda_parameters_are_local() {
    check(
        "$map($states.input.list, function($v) { $v * 2 })",
        expect![[r#"
            var $states 5..12 .input 13..18 .list 19..23
            call $map/2 0..4
        "#]],
    );
    check(
        "$reduce($states.input.items, function($acc, $i) { $acc + $i.price * $rate }, 0)",
        expect![[r#"
            var $states 8..15 .input 16..21 .items 22..27
            var $rate 68..73
            call $reduce/3 0..7
        "#]],
    );
    check(
        "λ($x) { $x + 1 }(2)",
        expect![[r#"
            (nothing)
        "#]],
    );
    check(
        "function($a, $b)<nn:n> { $a + $b }",
        expect![[r#"
            (nothing)
        "#]],
    );
}

#[test]
fn filter_with_free_variable() {
    check(
        "$filter($states.input.records, function($r) { $r.status = 'ACTIVE' and $r.score >= $threshold })",
        expect![[r#"
            var $states 8..15 .input 16..21 .records 22..29
            var $threshold 83..93
            call $filter/2 0..7
        "#]],
    );
}

#[test]
fn step_functions_functions() {
    check(
        "$partition($states.input.items, 10)",
        expect![[r#"
            var $states 11..18 .input 19..24 .items 25..30
            call $partition/2 0..10
        "#]],
    );
    check(
        "$range(0, 10, 2) ~> $map(function($i) { $hash($string($i), 'SHA-256') })",
        expect![[r#"
            call $range/3 0..6
            call $map/2 20..24
            call $hash/2 40..45
            call $string/1 46..53
        "#]],
    );
    check(
        "$parse($states.input.body).detail.id",
        expect![[r#"
            var $states 7..14 .input 15..20 .body 21..25
            call $parse/1 0..6
        "#]],
    );
}

#[test]
fn chaining_counts_the_piped_argument() {
    check(
        "$states.input ~> $keys()",
        expect![[r#"
            var $states 0..7 .input 8..13
            call $keys/1 17..22
        "#]],
    );
    check(
        "$states.input.name ~> $uppercase ~> $substring(0, 3)",
        expect![[r#"
            var $states 0..7 .input 8..13 .name 14..18
            call $uppercase/1 22..32
            call $substring/3 36..46
        "#]],
    );
    check(
        "$states.input ~> | order | { 'updated': true } |",
        expect![[r#"
            var $states 0..7 .input 8..13
        "#]],
    );
}

#[test]
fn error_output_and_result() {
    check(
        "$states.errorOutput.Cause ~> $parse()",
        expect![[r#"
            var $states 0..7 .errorOutput 8..19 .Cause 20..25
            call $parse/1 29..35
        "#]],
    );
    check(
        "$states.result.Payload.body",
        expect![[r#"
            var $states 0..7 .result 8..14 .Payload 15..22 .body 23..27
        "#]],
    );
}

#[test]
fn group_by_and_object_step() {
    check(
        "$states.input.customer.{ 'name': firstName & ' ' & lastName }",
        expect![[r#"
            var $states 0..7 .input 8..13 .customer 14..22
        "#]],
    );
    check(
        "$states.input.orders{ customer: $sum(total) }",
        expect![[r#"
            var $states 0..7 .input 8..13 .orders 14..20
            call $sum/1 32..36
        "#]],
    );
}

#[test]
fn order_by_positional_and_context_binding() {
    check(
        "$states.input.items^(>price, <name)[0]",
        expect![[r#"
            var $states 0..7 .input 8..13 .items 14..19
        "#]],
    );
    check(
        "$states.input.items#$i[$i < 3].name",
        expect![[r#"
            var $states 0..7 .input 8..13 .items 14..19
        "#]],
    );
    check(
        "$states.input.items@$item.($item.id & $sep)",
        expect![[r#"
            var $states 0..7 .input 8..13 .items 14..19
            var $sep 38..42
        "#]],
    );
}

#[test]
fn elvis_and_coalescing() {
    check(
        "$states.input.value ?: 'default'",
        expect![[r#"
            var $states 0..7 .input 8..13 .value 14..19
        "#]],
    );
    check(
        "$states.input.value ?? 0",
        expect![[r#"
            var $states 0..7 .input 8..13 .value 14..19
        "#]],
    );
}

#[test]
fn ranges_arrays_and_membership() {
    check(
        "[1..$count($states.input.items)]",
        expect![[r#"
            var $states 11..18 .input 19..24 .items 25..30
            call $count/1 4..10
        "#]],
    );
    check(
        "$states.input.items[type in ['a', 'b']]",
        expect![[r#"
            var $states 0..7 .input 8..13 .items 14..19
        "#]],
    );
    check(
        "$states.input.items[]",
        expect![[r#"
            var $states 0..7 .input 8..13 .items 14..19
        "#]],
    );
}

#[test]
fn regex_literals() {
    check(
        r"$replace($states.input.text, /\s+/, ' ')",
        expect![[r#"
            var $states 9..16 .input 17..22 .text 23..27
            call $replace/3 0..8
        "#]],
    );
    check(
        "$contains($states.input.email, /[a-z]+@example\\.com/i)",
        expect![[r#"
            var $states 10..17 .input 18..23 .email 24..29
            call $contains/2 0..9
        "#]],
    );
    check(
        "$states.input.a / 2 / $b",
        expect![[r#"
            var $states 0..7 .input 8..13 .a 14..15
            var $b 22..24
        "#]],
    );
}

#[test]
fn partial_application_and_unary_minus() {
    check(
        "( $first3 := $substring(?, 0, 3); $first3($states.input.s) )",
        expect![[r#"
            var $states 42..49 .input 50..55 .s 56..57
            call $substring/3 13..23
            locals first3
        "#]],
    );
    check(
        "-$states.input.n * -2",
        expect![[r#"
            var $states 1..8 .input 9..14 .n 15..16
        "#]],
    );
}

#[test]
fn quoted_names_comments_and_unicode() {
    check(
        "/* pick */ $states.input.`order id` & $states.input.'x-y'",
        expect![[r#"
            var $states 11..18 .input 19..24 .order id 25..35
            var $states 38..45 .input 46..51 .x-y 52..57
        "#]],
    );
    check(
        "$states.input.café & \"\\u00e9t\\u00e9\"",
        expect![[r#"
            var $states 0..7 .input 8..13 .café 14..19
        "#]],
    );
    check(
        "$données.prénom",
        expect![[r#"
            var $données 0..9 .prénom 10..17
        "#]],
    );
}

#[test]
fn root_variable() {
    check(
        "$$.Execution.Id",
        expect![[r#"
            var $$ 0..2
        "#]],
    );
}

#[test]
fn keywords_as_names() {
    check(
        "$states.input.in and $states.input.or",
        expect![[r#"
            var $states 0..7 .input 8..13 .in 14..16
            var $states 21..28 .input 29..34 .or 35..37
        "#]],
    );
}

#[test]
fn multi_line_expression() {
    check(
        "(\n  $total := $sum($states.input.items.price);\n  $total > 100 ? $total * 0.9 : $total\n)",
        expect![[r#"
            var $states 19..26 .input 27..32 .items 33..38 .price 39..44
            call $sum/1 14..18
            locals total
        "#]],
    );
}

#[test]
fn scoping_of_locals() {
    // A lambda may use a block binding made after it is defined.
    check(
        "( $double := function($v) { $v * $factor }; $factor := 2; $double($states.input.n) )",
        expect![[r#"
            var $states 66..73 .input 74..79 .n 80..81
            locals double, factor
        "#]],
    );
    // Bindings inside a block do not leak out of it.
    check(
        "( $a := 1 ) + $a",
        expect![[r#"
            var $a 14..16
            locals a
        "#]],
    );
    // Local functions are not calls, even when piped into.
    check(
        "( $up := $uppercase; $states.input.s ~> $up )",
        expect![[r#"
            var $uppercase 9..19
            var $states 21..28 .input 29..34 .s 35..36
            locals up
        "#]],
    );
    // A function passed by name is a variable reference, not a call.
    check(
        "$map($states.input.ids, $string)",
        expect![[r#"
            var $states 5..12 .input 13..18 .ids 19..22
            var $string 24..31
            call $map/2 0..4
        "#]],
    );
}

#[test]
fn members_stop_at_non_names() {
    check(
        "$states.input.items[0].sku",
        expect![[r#"
            var $states 0..7 .input 8..13 .items 14..19
        "#]],
    );
    check(
        "$states.input.(a).b",
        expect![[r#"
            var $states 0..7 .input 8..13
        "#]],
    );
    check(
        "$states[0].input",
        expect![[r#"
            var $states 0..7
        "#]],
    );
    check(
        "$states.input.*.id",
        expect![[r#"
            var $states 0..7 .input 8..13
        "#]],
    );
}

// ---------------------------------------------------------------- syntax errors

#[test]
fn error_dangling_dot() {
    check(
        "420.",
        expect![[r#"
            error 4..4: Unexpected end of expression
              |420.|
                   ^
        "#]],
    );
    check(
        "$states.input.",
        expect![[r#"
            error 14..14: Unexpected end of expression
              |$states.input.|
                             ^
        "#]],
    );
}

#[test]
fn error_unclosed_block() {
    check(
        "(1 + ",
        expect![[r#"
            error 5..5: Unexpected end of expression
              |(1 + |
                    ^
        "#]],
    );
    check(
        "( $x := 1; $x",
        expect![[r#"
            error 13..13: Expected ) before end of expression
              |( $x := 1; $x|
                            ^
        "#]],
    );
}

#[test]
fn error_strings() {
    check(
        "'unterminated",
        expect![[r#"
            error 0..13: String literal must be terminated by a matching quote
              |'unterminated|
               ^^^^^^^^^^^^^
        "#]],
    );
    check(
        r"'it\'s'",
        expect![[r#"
            error 3..5: Unsupported escape sequence: \'
              |'it\'s'|
                  ^^
        "#]],
    );
    check(
        r#""\u12g4""#,
        expect![[r#"
            error 1..3: The escape sequence \u must be followed by 4 hex digits
              |"\u12g4"|
                ^^
        "#]],
    );
    check(
        r#"'café \é'"#,
        expect![[r#"
            error 7..10: Unsupported escape sequence: \é
              |'café \é'|
                     ^^
        "#]],
    );
}

#[test]
fn condition_without_else_is_valid() {
    check(
        "a ? b",
        expect![[r#"
            top-level a 0..1
            top-level b 4..5
        "#]],
    );
    check(
        "$x ? 1 :",
        expect![[r#"
            error 8..8: Unexpected end of expression
              |$x ? 1 :|
                       ^
        "#]],
    );
}

#[test]
fn error_unclosed_array_and_predicate() {
    check(
        "[1, 2",
        expect![[r#"
            error 5..5: Expected ] before end of expression
              |[1, 2|
                    ^
        "#]],
    );
    check(
        "$states.input.items[0",
        expect![[r#"
            error 21..21: Expected ] before end of expression
              |$states.input.items[0|
                                    ^
        "#]],
    );
    check(
        "[1, 2)",
        expect![[r#"
            error 5..6: Expected ], got )
              |[1, 2)|
                    ^
        "#]],
    );
}

#[test]
fn error_stray_tokens() {
    check(
        "}",
        expect![[r#"
            error 0..1: The symbol } cannot be used as a unary operator
              |}|
               ^
        "#]],
    );
    check(
        "$states.input )",
        expect![[r#"
            error 14..15: Syntax error: )
              |$states.input )|
                             ^
        "#]],
    );
    check(
        "a b",
        expect![[r#"
            error 2..3: Syntax error: b
              |a b|
                 ^
        "#]],
    );
    check(
        "$f(1,)",
        expect![[r#"
            error 5..6: The symbol ) cannot be used as a unary operator
              |$f(1,)|
                    ^
        "#]],
    );
    check(
        "$x ! 2",
        expect![[r#"
            error 3..4: Unknown operator: !
              |$x ! 2|
                  ^
        "#]],
    );
    check(
        "",
        expect![[r#"
            error 0..0: Unexpected end of expression
              ||
               ^
        "#]],
    );
    check(
        "   /* only a comment */ ",
        expect![[r#"
            error 24..24: Unexpected end of expression
              |   /* only a comment */ |
                                       ^
        "#]],
    );
}

#[test]
fn error_structural() {
    check(
        "1 := 2",
        expect![[r#"
            error 0..1: The left side of := must be a variable name (start with $)
              |1 := 2|
               ^
        "#]],
    );
    check(
        "function(a) { a }",
        expect![[r#"
            error 9..10: Parameter 1 of function definition must be a variable name (start with $)
              |function(a) { a }|
                        ^
        "#]],
    );
    check(
        "$states.input.items@item",
        expect![[r#"
            error 20..24: The right side of @ must be a variable name (start with $)
              |$states.input.items@item|
                                   ^^^^
        "#]],
    );
    check(
        "$states.input.items[0]@$x",
        expect![[r#"
            error 22..23: A context variable binding must precede any predicates on a step
              |$states.input.items[0]@$x|
                                     ^
        "#]],
    );
    check(
        "a{'x': 1}{'y': 2}",
        expect![[r#"
            error 9..10: Each step can only have one grouping expression
              |a{'x': 1}{'y': 2}|
                        ^
        "#]],
    );
    check(
        "$states.input.items.1",
        expect![[r#"
            error 20..21: The literal value 1 cannot be used as a step within a path expression
              |$states.input.items.1|
                                   ^
        "#]],
    );
    check(
        "function($a)<n:q> { $a }",
        expect![[r#"
            error 15..16: Unexpected character in function signature: q
              |function($a)<n:q> { $a }|
                              ^
        "#]],
    );
    check(
        "%.a",
        expect![[r#"
            error 0..1: The object representing the 'parent' cannot be derived from this expression
              |%.a|
               ^
        "#]],
    );
}

#[test]
fn error_lexical() {
    check(
        "1e999",
        expect![[r#"
            error 0..5: Number out of range: 1e999
              |1e999|
               ^^^^^
        "#]],
    );
    check(
        "$states.input.`open",
        expect![[r#"
            error 14..19: Quoted property name must be terminated with a backquote (`)
              |$states.input.`open|
                             ^^^^^
        "#]],
    );
    check(
        "/* never closed",
        expect![[r#"
            error 0..15: Comment has no closing tag
              |/* never closed|
               ^^^^^^^^^^^^^^^
        "#]],
    );
    check(
        "$match($states.input.s, /ab)",
        expect![[r#"
            error 24..28: No terminating / in regular expression
              |$match($states.input.s, /ab)|
                                       ^^^^
        "#]],
    );
    check(
        "$match($states.input.s, //)",
        expect![[r#"
            error 24..26: Empty regular expressions are not allowed
              |$match($states.input.s, //)|
                                       ^^
        "#]],
    );
}

// ---------------------------------------------------------------- top-level field references

#[test]
fn top_level_references() {
    check(
        "orderId",
        expect![[r#"
            top-level orderId 0..7
        "#]],
    );
    check(
        "$.x",
        expect![[r#"
            top-level $ 0..1
        "#]],
    );
    check(
        "$states.input[price > 5]",
        expect![[r#"
            var $states 0..7 .input 8..13
        "#]],
    );
    check(
        "$count(items) + items[0].qty",
        expect![[r#"
            call $count/1 0..6
            top-level items 7..12
            top-level items 16..21
        "#]],
    );
    check(
        "*.id & **.name",
        expect![[r#"
            top-level * 0..1
            top-level ** 7..9
        "#]],
    );
    check(
        "$map(list, function($v) { $v.x + y })",
        expect![[r#"
            call $map/2 0..4
            top-level list 5..9
        "#]],
    );
    check(
        "{ 'a': b, c: 1 }",
        expect![[r#"
            top-level b 7..8
            top-level c 10..11
        "#]],
    );
    check(
        "'a'.b",
        expect![[r#"
            top-level a 0..3
        "#]],
    );
    check(
        "$states.input.items^(price)",
        expect![[r#"
            var $states 0..7 .input 8..13 .items 14..19
        "#]],
    );
}

// ---------------------------------------------------------------- catalogue

#[test]
fn function_catalogue() {
    for (i, f) in FUNCTIONS.iter().enumerate() {
        assert!(FUNCTIONS[..i].iter().all(|g| g.name != f.name), "duplicate {}", f.name);
        assert!(f.signature.starts_with(&format!("${}(", f.name)), "{}", f.name);
        assert!(!f.doc.is_empty() && !f.doc.contains('\n'), "{}", f.name);
        assert!(f.max_args.is_none_or(|max| f.min_args <= max), "{}", f.name);
    }
    for name in ["partition", "range", "hash", "random", "uuid", "parse"] {
        assert!(function(name).is_some(), "{name}");
    }
    assert!(function("eval").is_none());
    assert_eq!(function("zip").map(|f| f.max_args), Some(None));
    assert_eq!(FUNCTIONS.len(), 68);
}

// ---------------------------------------------------------------- robustness

const CORPUS: &[&str] = &[
    "$states.input.order.items[price > 10].sku",
    "$sum($states.input.items.(price * qty))",
    "$states.context.Execution.Id",
    "$count($states.result.Payload.items) > 0 ? 'yes' : 'no'",
    "{ 'total': $total, 'id': $uuid() }",
    "$orderId & '-' & $string($now())",
    "( $x := 5; $x * 2 )",
    "$map($states.input.list, function($v) { $v * 2 })",
    "$partition($states.input.items, 10)",
    "$states.input ~> $keys()",
    "$reduce($states.input.items, function($acc, $i) { $acc + $i.price }, 0)",
    "$states.input.items^(>price, <name)[0]",
    "$states.input.items#$i[$i < 3].name",
    "$states.input.items@$item.($item.id)",
    "$states.input.value ?: 'default' & ($states.input.v ?? 0)",
    "[1..$count($states.input.items), 5]",
    r"$replace($states.input.text, /\s+(a|b)[c]/im, ' ')",
    "$states.input ~> | order | { 'updated': true }, ['old'] |",
    "( $first3 := $substring(?, 0, 3); $first3($states.input.s) )",
    "/* pick */ $states.input.`order id` & $states.input.'x-y'",
    "$states.input.café & \"\\u00e9t\\u00e9 \\\" \\n\"",
    "$$.Execution.Id",
    "function($a, $b)<nn:n> { $a + $b }(1, 2)",
    "λ($x) { $x }",
    "$states.input.orders{ customer: $sum(total) }[]",
    "-$states.input.n * -2.5e3 % 7 != 0 or true and null = false",
    "$states.input.items[type in ['a', 'b']].{ 'k': `key`, \"v\": %.x }",
    "**.id & *.name & $.x",
    "(\n  $t := $sum($states.input.items.price);\n  $t > 100 ? $t * 0.9 : $t\n)",
    "'日本語' & $états.`ключ` & /ü+/",
];

fn assert_sane(expr: &str) {
    let analysis = analyze(expr);
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end && r.end <= expr.len() && expr.is_char_boundary(r.start) && expr.is_char_boundary(r.end)
    };
    for e in &analysis.errors {
        assert!(ok(&e.range), "{expr:?}: error range {:?}", e.range);
        assert!(!e.message.is_empty());
    }
    assert!(analysis.errors.len() <= 1, "{expr:?}");
    for v in &analysis.variables {
        assert!(ok(&v.range), "{expr:?}: {v:?}");
        assert!(v.members.iter().all(|(_, r)| ok(r)), "{expr:?}: {v:?}");
    }
    for c in &analysis.calls {
        assert!(ok(&c.range), "{expr:?}: {c:?}");
    }
    for (_, r) in &analysis.top_level_field_refs {
        assert!(ok(r), "{expr:?}: {r:?}");
    }
}

#[test]
fn corpus_is_valid() {
    for expr in CORPUS {
        let analysis = analyze(expr);
        assert_eq!(analysis.errors, vec![], "{expr:?}");
    }
}

#[test]
fn prefixes_and_deletions_do_not_break() {
    for expr in CORPUS {
        let boundaries: Vec<usize> = expr.char_indices().map(|(i, _)| i).chain([expr.len()]).collect();
        for &end in &boundaries {
            assert_sane(&expr[..end]);
        }
        for pair in boundaries.windows(2) {
            let mangled = format!("{}{}", &expr[..pair[0]], &expr[pair[1]..]);
            assert_sane(&mangled);
        }
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = [
        "(".repeat(10_000),
        "[".repeat(10_000),
        "{".repeat(10_000),
        "-".repeat(10_000) + "1",
        "$f(".repeat(10_000),
        "a[".repeat(10_000),
        "|".repeat(10_000),
        "(".repeat(10_000) + &")".repeat(10_000),
        vec!["1"; 10_000].join(" + "),
        vec!["a"; 10_000].join("."),
        "$x := ".repeat(10_000) + "1",
        "a ? ".repeat(10_000) + "b",
        "a~>".repeat(10_000) + "$f()",
    ];
    for expr in &deep {
        assert_eq!(analyze_on_small_stack(expr).errors.len(), 1, "{expr:.20}");
    }
    // The tallest trees the parser accepts are analysed without trouble too.
    let tallest = [
        "(".repeat(63) + "1" + &")".repeat(63),
        vec!["1"; 399].join(" + "),
        vec!["$a"; 399].join("."),
        "$x ~> ".to_string() + &vec!["$f()"; 398].join(" ~> "),
        "function($x) { ".repeat(63) + "$x" + &" }".repeat(63),
        "-".repeat(63) + &vec!["$b"; 300].join(" & "),
    ];
    for expr in &tallest {
        assert_eq!(analyze_on_small_stack(expr).errors, vec![], "{expr:.20}");
    }
    let too_tall = vec!["1"; 401].join(" + ");
    assert_eq!(analyze(&too_tall).errors.len(), 1);
}

#[test]
fn random_mutations_do_not_break() {
    const ALPHABET: &[&str] = &[
        "(", ")", "[", "]", "{", "}", "'", "\"", "`", "/", "*", ".", "..", "$", "$$", "?", ":", ":=", ";", ",", "|",
        "\\", "~>", "#", "@", "%", "^", "<", "-", "1", "e", "a", " ", "function", "λ", "é", "/*", "*/", "\\u", "??",
        "?:",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % bound
    };
    for expr in CORPUS {
        for _ in 0..300 {
            let mut text = expr.to_string();
            for _ in 0..1 + next(3) {
                let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
                let at = boundaries[next(boundaries.len())];
                if next(2) == 0 {
                    text.insert_str(at, ALPHABET[next(ALPHABET.len())]);
                } else if let Some(c) = text[at..].chars().next() {
                    text.replace_range(at..at + c.len_utf8(), "");
                }
            }
            assert_sane(&text);
        }
    }
}

/// Analyse on a thread with half the stack a test thread gets by default.
fn analyze_on_small_stack(expr: &str) -> super::Analysis {
    let expr = expr.to_string();
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || analyze(&expr))
        .expect("spawn")
        .join()
        .expect("no stack overflow")
}

//! Tests of the path parser and the context object check.

use super::*;
use expect_test::{expect, Expect};

/// Renders `range` of `text` as a caret line under the text.
/// Tabs and trailing whitespace are drawn visibly (one column per
/// character), and empty text as `∅`.
pub(crate) fn carets(text: &str, range: &Range<usize>) -> String {
    let trimmed = text.trim_end().len();
    let shown: String = if text.is_empty() {
        "∅".to_string()
    } else {
        text.char_indices()
            .map(|(i, c)| match c {
                '\t' => '→',
                _ if i >= trimmed => '·',
                c => c,
            })
            .collect()
    };
    let before = text[..range.start].chars().count();
    let width = text[range.clone()].chars().count().max(1);
    format!("  {shown}\n  {}{}", " ".repeat(before), "^".repeat(width))
}

fn render(input: &str) -> String {
    match parse_path(input) {
        Err(error) => format!("error: {}\n{}", error.message, carets(input, &error.range)),
        Ok(path) => {
            let mut out = format!("{:?} `{}`", path.root, &input[path.root_range.clone()]);
            for segment in &path.segments {
                out.push_str(&format!("\n{:?} `{}`", segment.segment, &input[segment.range.clone()]));
            }
            match path.first_non_reference_segment() {
                None => out.push_str("\nreference path"),
                Some(segment) => out.push_str(&format!("\nnot a reference path:\n{}", carets(input, &segment.range))),
            }
            if let Some(error) = check_context_path(&path) {
                out.push_str(&format!(
                    "\ncontext error: {}\n{}",
                    error.message,
                    carets(input, &error.range)
                ));
            }
            out
        }
    }
}

fn check(input: &str, expect: Expect) {
    expect.assert_eq(&render(input));
}

#[test]
fn roots() {
    check(
        "$",
        expect![[r#"
        Input `$`
        reference path"#]],
    );
    check(
        "$$",
        expect![[r#"
        Context `$$`
        reference path"#]],
    );
    check(
        "$myVar",
        expect![[r#"
        Variable("myVar") `$myVar`
        reference path"#]],
    );
    check(
        "$myVar.a[0]",
        expect![[r#"
        Variable("myVar") `$myVar`
        Field("a") `a`
        Index(0) `[0]`
        reference path"#]],
    );
    check(
        "$名前.x",
        expect![[r#"
        Variable("名前") `$名前`
        Field("x") `x`
        reference path"#]],
    );
    check(
        "$_tmp",
        expect![[r#"
        Variable("_tmp") `$_tmp`
        reference path"#]],
    );
}

#[test]
fn dot_members() {
    check(
        "$.store.book",
        expect![[r#"
        Input `$`
        Field("store") `store`
        Field("book") `book`
        reference path"#]],
    );
    check(
        "$.foo-bar",
        expect![[r#"
        Input `$`
        Field("foo-bar") `foo-bar`
        reference path"#]],
    );
    check(
        "$.名前",
        expect![[r#"
        Input `$`
        Field("名前") `名前`
        reference path"#]],
    );
    check(
        "$.🎉.x",
        expect![[r#"
        Input `$`
        Field("🎉") `🎉`
        Field("x") `x`
        reference path"#]],
    );
    check(
        "$.a1_b2.3",
        expect![[r#"
        Input `$`
        Field("a1_b2") `a1_b2`
        Field("3") `3`
        reference path"#]],
    );
    check(
        "$.store\\.book",
        expect![[r#"
        Input `$`
        Field("store.book") `store\.book`
        reference path"#]],
    );
    check(
        "$.foo\\@bar",
        expect![[r#"
        Input `$`
        Field("foo@bar") `foo\@bar`
        reference path"#]],
    );
}

#[test]
fn bracket_members() {
    check(
        "$.detail['order-id']",
        expect![[r#"
        Input `$`
        Field("detail") `detail`
        Field("order-id") `['order-id']`
        reference path"#]],
    );
    check(
        "$['a b'][\"c d\"]",
        expect![[r#"
        Input `$`
        Field("a b") `['a b']`
        Field("c d") `["c d"]`
        reference path"#]],
    );
    check(
        "$['it\\'s']",
        expect![[r#"
        Input `$`
        Field("it's") `['it\'s']`
        reference path"#]],
    );
    check(
        "$[ 'spaced' ]",
        expect![[r#"
        Input `$`
        Field("spaced") `[ 'spaced' ]`
        reference path"#]],
    );
    check(
        "$.['dot bracket']",
        expect![[r#"
        Input `$`
        Field("dot bracket") `['dot bracket']`
        reference path"#]],
    );
    check(
        "$.store.book[0]['a b']",
        expect![[r#"
        Input `$`
        Field("store") `store`
        Field("book") `book`
        Index(0) `[0]`
        Field("a b") `['a b']`
        reference path"#]],
    );
}

#[test]
fn indices_slices_unions() {
    check(
        "$.items[0]",
        expect![[r#"
        Input `$`
        Field("items") `items`
        Index(0) `[0]`
        reference path"#]],
    );
    check(
        "$.items[-1]",
        expect![[r#"
        Input `$`
        Field("items") `items`
        Index(-1) `[-1]`
        reference path"#]],
    );
    check(
        "$.items[1:3]",
        expect![[r#"
        Input `$`
        Field("items") `items`
        Slice `[1:3]`
        not a reference path:
          $.items[1:3]
                 ^^^^^"#]],
    );
    check(
        "$.items[:2]",
        expect![[r#"
        Input `$`
        Field("items") `items`
        Slice `[:2]`
        not a reference path:
          $.items[:2]
                 ^^^^"#]],
    );
    check(
        "$.items[-2:]",
        expect![[r#"
        Input `$`
        Field("items") `items`
        Slice `[-2:]`
        not a reference path:
          $.items[-2:]
                 ^^^^^"#]],
    );
    check(
        "$.items[::2]",
        expect![[r#"
        Input `$`
        Field("items") `items`
        Slice `[::2]`
        not a reference path:
          $.items[::2]
                 ^^^^^"#]],
    );
    check(
        "$.items[0, 1]",
        expect![[r#"
        Input `$`
        Field("items") `items`
        Union `[0, 1]`
        not a reference path:
          $.items[0, 1]
                 ^^^^^^"#]],
    );
    check(
        "$['a','b']",
        expect![[r#"
        Input `$`
        Union `['a','b']`
        not a reference path:
          $['a','b']
           ^^^^^^^^^"#]],
    );
}

#[test]
fn wildcards_scans_filters_expressions() {
    check(
        "$[*][*]",
        expect![[r#"
        Input `$`
        Wildcard `[*]`
        Wildcard `[*]`
        not a reference path:
          $[*][*]
           ^^^"#]],
    );
    check(
        "$.a.*",
        expect![[r#"
        Input `$`
        Field("a") `a`
        Wildcard `*`
        not a reference path:
          $.a.*
              ^"#]],
    );
    check(
        "$..author",
        expect![[r#"
        Input `$`
        RecursiveDescent `..`
        Field("author") `author`
        not a reference path:
          $..author
           ^^"#]],
    );
    check(
        "$..*",
        expect![[r#"
        Input `$`
        RecursiveDescent `..`
        Wildcard `*`
        not a reference path:
          $..*
           ^^"#]],
    );
    check(
        "$..[0]",
        expect![[r#"
        Input `$`
        RecursiveDescent `..`
        Index(0) `[0]`
        not a reference path:
          $..[0]
           ^^"#]],
    );
    check(
        "$.book[?(@.price < 10)]",
        expect![[r#"
        Input `$`
        Field("book") `book`
        Filter `[?(@.price < 10)]`
        not a reference path:
          $.book[?(@.price < 10)]
                ^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "$.book[?(@.title == 'a)]b' && @.x[0])].isbn",
        expect![[r#"
        Input `$`
        Field("book") `book`
        Filter `[?(@.title == 'a)]b' && @.x[0])]`
        Field("isbn") `isbn`
        not a reference path:
          $.book[?(@.title == 'a)]b' && @.x[0])].isbn
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "$.book[(@.length-1)]",
        expect![[r#"
        Input `$`
        Field("book") `book`
        Expression `[(@.length-1)]`
        not a reference path:
          $.book[(@.length-1)]
                ^^^^^^^^^^^^^^"#]],
    );
    check(
        "$.book.length()",
        expect![[r#"
        Input `$`
        Field("book") `book`
        Expression `length()`
        not a reference path:
          $.book.length()
                 ^^^^^^^^"#]],
    );
    check(
        "$.book.concat(\"a\", 'b)')",
        expect![[r#"
        Input `$`
        Field("book") `book`
        Expression `concat("a", 'b)')`
        not a reference path:
          $.book.concat("a", 'b)')
                 ^^^^^^^^^^^^^^^^^"#]],
    );
}

#[test]
fn syntax_errors() {
    check(
        "",
        expect![[r#"
        error: empty path: expected `$`
          ∅
          ^"#]],
    );
    check(
        "a.b",
        expect![[r#"
        error: a path must start with `$`, found `a`
          a.b
          ^"#]],
    );
    check(
        "$.",
        expect![[r#"
        error: the path ends after `.`: expected a member name, `*` or `[`
          $.
           ^"#]],
    );
    check(
        "$..",
        expect![[r#"
        error: the path ends after `..`: expected a member name, `*` or `[`
          $..
           ^^"#]],
    );
    check(
        "$[",
        expect![[r#"
        error: the path ends after `[`: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
          $[
           ^"#]],
    );
    check(
        "$[]",
        expect![[r#"
        error: empty brackets: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
          $[]
           ^^"#]],
    );
    check(
        "$[ ]",
        expect![[r#"
        error: empty brackets: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
          $[ ]
           ^^^"#]],
    );
    check(
        "$.a]",
        expect![[r#"
        error: unexpected `]` without a matching `[`
          $.a]
             ^"#]],
    );
    check(
        "$.a b",
        expect![[r#"
        error: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`
          $.a b
             ^"#]],
    );
    check(
        "$.a ",
        expect![[r#"
        error: unexpected whitespace at the end of the path
          $.a·
             ^"#]],
    );
    check(
        "$ .a",
        expect![[r#"
        error: unexpected space after `$`: expected `.`, `[`, `$` or a variable name
          $ .a
           ^"#]],
    );
    check(
        "$['a",
        expect![[r#"
        error: unterminated quoted name: expected a closing `'`
          $['a
            ^^"#]],
    );
    check(
        "$['a'",
        expect![[r#"
        error: `[` is never closed: expected `]`
          $['a'
           ^"#]],
    );
    check(
        "$['a' 'b']",
        expect![[r#"
        error: unexpected `'` after a quoted name: expected `,` or `]`
          $['a' 'b']
                ^"#]],
    );
    check(
        "$['a',]",
        expect![[r#"
        error: unexpected `]` after `,`: expected another quoted name
          $['a',]
                ^"#]],
    );
    check(
        "$.a'b'",
        expect![[r#"
        error: unexpected `'`: quoted names go in brackets, like `['name']`
          $.a'b'
             ^"#]],
    );
    check(
        "$1",
        expect![[r#"
        error: unexpected `1` after `$`: expected `.`, `[`, `$` or a variable name
          $1
           ^"#]],
    );
    check(
        "$.a\\",
        expect![[r#"
        error: the path ends with `\`: expected a character to escape
          $.a\
             ^"#]],
    );
    check(
        "$...a",
        expect![[r#"
        error: unexpected `.` after `..`: expected a member name, `*` or `[`
          $...a
             ^"#]],
    );
    check(
        "$.a.[",
        expect![[r#"
        error: the path ends after `[`: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
          $.a.[
              ^"#]],
    );
    check(
        "$[0",
        expect![[r#"
        error: `[` is never closed: expected `]`
          $[0
           ^"#]],
    );
    check(
        "$[1.5]",
        expect![[r#"
        error: unexpected `.` inside `[…]`: expected a digit, `,`, `:` or `]`
          $[1.5]
             ^"#]],
    );
    check(
        "$[-]",
        expect![[r#"
        error: expected digits after `-`
          $[-]
            ^"#]],
    );
    check(
        "$[0,1:2]",
        expect![[r#"
        error: `,` and `:` can't be mixed: write a union `[0,1]` or a slice `[start:end:step]`
          $[0,1:2]
           ^^^^^^^"#]],
    );
    check(
        "$[0,]",
        expect![[r#"
        error: empty entry in a union: expected an index on each side of `,`
          $[0,]
             ^"#]],
    );
    check(
        "$[1:2:3:4]",
        expect![[r#"
        error: a slice has at most three parts: `[start:end:step]`
          $[1:2:3:4]
                 ^"#]],
    );
    check(
        "$[::0]",
        expect![[r#"
        error: a slice step can't be 0
          $[::0]
              ^"#]],
    );
    check(
        "$[99999999999999999999]",
        expect![[r#"
        error: index `99999999999999999999` is out of range
          $[99999999999999999999]
            ^^^^^^^^^^^^^^^^^^^^"#]],
    );
    check(
        "$[?@.a]",
        expect![[r#"
        error: expected `(` after `?`: a filter is written `[?(…)]`
          $[?@.a]
            ^"#]],
    );
    check(
        "$[?(@.a]",
        expect![[r#"
        error: unexpected `]`: expected `)` to close the `(` at offset 3
          $[?(@.a]
                 ^"#]],
    );
    check(
        "$[?(@.a == 'x)]",
        expect![[r#"
        error: unterminated string: expected a closing `'`
          $[?(@.a == 'x)]
                     ^^^^"#]],
    );
    check(
        "$[?(@.a)",
        expect![[r#"
        error: `[` is never closed: expected `]`
          $[?(@.a)
           ^"#]],
    );
    check(
        "$[(@.a])]",
        expect![[r#"
        error: unexpected `]`: expected `)` to close the `(` at offset 2
          $[(@.a])]
                ^"#]],
    );
    check(
        "$[abc]",
        expect![[r#"
        error: unexpected `a` inside `[…]`: expected an index, a quoted name, `*`, a slice, a filter `?(…)` or an expression `(…)`
          $[abc]
            ^"#]],
    );
    check(
        "$.a(",
        expect![[r#"
        error: `(` is never closed: expected `)`
          $.a(
             ^"#]],
    );
    check(
        "$.a)",
        expect![[r#"
        error: unexpected `)`: expected `.` or `[` to start the next member
          $.a)
             ^"#]],
    );
    check(
        "$$foo",
        expect![[r#"
        error: unexpected `f`: expected `.` or `[` to start the next member
          $$foo
            ^"#]],
    );
    check(
        "$.a\tb",
        expect![[r#"
        error: unexpected whitespace in the path: write names containing spaces in brackets, like `['first name']`
          $.a→b
             ^"#]],
    );
}

#[test]
fn context_paths() {
    check(
        "$$.Execution.Input.orderId",
        expect![[r#"
        Context `$$`
        Field("Execution") `Execution`
        Field("Input") `Input`
        Field("orderId") `orderId`
        reference path"#]],
    );
    check(
        "$$.Execution.Input[0]['x y']",
        expect![[r#"
        Context `$$`
        Field("Execution") `Execution`
        Field("Input") `Input`
        Index(0) `[0]`
        Field("x y") `['x y']`
        reference path"#]],
    );
    check(
        "$$.Map.Item.Value",
        expect![[r#"
        Context `$$`
        Field("Map") `Map`
        Field("Item") `Item`
        Field("Value") `Value`
        reference path"#]],
    );
    check(
        "$$.Map.Item.Value.id",
        expect![[r#"
        Context `$$`
        Field("Map") `Map`
        Field("Item") `Item`
        Field("Value") `Value`
        Field("id") `id`
        reference path"#]],
    );
    check(
        "$$.Map.Item.Index",
        expect![[r#"
        Context `$$`
        Field("Map") `Map`
        Field("Item") `Item`
        Field("Index") `Index`
        reference path"#]],
    );
    check(
        "$$.Task.Token",
        expect![[r#"
        Context `$$`
        Field("Task") `Task`
        Field("Token") `Token`
        reference path"#]],
    );
    check(
        "$$.Execution",
        expect![[r#"
        Context `$$`
        Field("Execution") `Execution`
        reference path"#]],
    );
    check(
        "$$['State']['EnteredTime']",
        expect![[r#"
        Context `$$`
        Field("State") `['State']`
        Field("EnteredTime") `['EnteredTime']`
        reference path"#]],
    );
    check(
        "$$.Executon.Id",
        expect![[r#"
        Context `$$`
        Field("Executon") `Executon`
        Field("Id") `Id`
        reference path
        context error: `Executon` is not a member of the context object: did you mean `Execution`?
          $$.Executon.Id
             ^^^^^^^^"#]],
    );
    check(
        "$$.execution.id",
        expect![[r#"
        Context `$$`
        Field("execution") `execution`
        Field("id") `id`
        reference path
        context error: `execution` is not a member of the context object: did you mean `Execution`?
          $$.execution.id
             ^^^^^^^^^"#]],
    );
    check(
        "$$.Execution.Nmae",
        expect![[r#"
        Context `$$`
        Field("Execution") `Execution`
        Field("Nmae") `Nmae`
        reference path
        context error: `Nmae` is not a member of `$$.Execution`: did you mean `Name`?
          $$.Execution.Nmae
                       ^^^^"#]],
    );
    check(
        "$$.Foo",
        expect![[r#"
        Context `$$`
        Field("Foo") `Foo`
        reference path
        context error: `Foo` is not a member of the context object: expected one of `Execution`, `State`, `StateMachine`, `Task`, `Map`
          $$.Foo
             ^^^"#]],
    );
    check(
        "$$.State.Name.first",
        expect![[r#"
        Context `$$`
        Field("State") `State`
        Field("Name") `Name`
        Field("first") `first`
        reference path
        context error: `$$.State.Name` is a single value: it has no members or elements
          $$.State.Name.first
                        ^^^^^"#]],
    );
    check(
        "$$.Map.Item.Index[0]",
        expect![[r#"
        Context `$$`
        Field("Map") `Map`
        Field("Item") `Item`
        Field("Index") `Index`
        Index(0) `[0]`
        reference path
        context error: `$$.Map.Item.Index` is a single value: it has no members or elements
          $$.Map.Item.Index[0]
                           ^^^"#]],
    );
    check(
        "$$[0]",
        expect![[r#"
        Context `$$`
        Index(0) `[0]`
        reference path
        context error: `$$` is an object, not an array
          $$[0]
            ^^^"#]],
    );
    check(
        "$$.Execution.*",
        expect![[r#"
        Context `$$`
        Field("Execution") `Execution`
        Wildcard `*`
        not a reference path:
          $$.Execution.*
                       ^"#]],
    );
    check(
        "$$..Id",
        expect![[r#"
        Context `$$`
        RecursiveDescent `..`
        Field("Id") `Id`
        not a reference path:
          $$..Id
            ^^"#]],
    );
    check(
        "$$.Map.Item.Nope",
        expect![[r#"
        Context `$$`
        Field("Map") `Map`
        Field("Item") `Item`
        Field("Nope") `Nope`
        reference path
        context error: `Nope` is not a member of `$$.Map.Item`: expected one of `Index`, `Value`, `Key`, `Source`
          $$.Map.Item.Nope
                      ^^^^"#]],
    );
}

#[test]
fn looks_like() {
    let cases = [
        ("$", true),
        ("$.a", true),
        ("$[0]", true),
        ("$$", true),
        ("$$.Execution.Id", true),
        ("$var", true),
        ("$var.x", true),
        ("$名前[0]", true),
        ("$.a b", true),
        ("", false),
        ("a", false),
        ("$5.00", false),
        ("$ 5", false),
        ("$$$", false),
        ("$USD amount", false),
        ("US$", false),
        ("{% $x %}", false),
    ];
    for (text, expected) in cases {
        assert_eq!(looks_like_path(text), expected, "{text:?}");
    }
}

#[test]
fn context_members_are_consistent() {
    for (member, doc) in CONTEXT_MEMBERS {
        assert!(!doc.is_empty());
        let path = parse_path(&format!("$$.{member}")).unwrap();
        assert_eq!(check_context_path(&path), None, "{member}");
    }
    for open in OPEN_CONTEXT_MEMBERS {
        assert!(CONTEXT_MEMBERS.iter().any(|(m, _)| m == open));
    }
}

#[test]
fn shifted_moves_every_range() {
    let path = parse_path("$.a[0]").unwrap().shifted(10);
    assert_eq!(path.root_range, 10..11);
    assert_eq!(path.segments[0].range, 12..13);
    assert_eq!(path.segments[1].range, 13..16);
    let error = parse_path("$.").unwrap_err().shifted(3);
    assert_eq!(error.range, 4..5);
}

pub(crate) const SAMPLES: &[&str] = &[
    "$",
    "$$",
    "$.store.book[0]['a b']",
    "$$.Execution.Input.orderId",
    "$.detail['order-id']",
    "$$.Map.Item.Value",
    "$myVar.items[-1]",
    "$.store\\.book",
    "$..author",
    "$[*][*]",
    "$.book[?(@.price < 10 && @.t == 'x]')]",
    "$.book[(@.length-1)]",
    "$.book.length()",
    "$.items[1:3]",
    "$.items[::2]",
    "$['a','b']",
    "$[0, 1]",
    "$.名前.🎉",
    "$['名前 🎉']",
    "$$['State'][\"Name\"]",
    "$.a\\'b",
];

/// Every prefix and every single-character deletion of the samples.
pub(crate) fn mutations(samples: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for sample in samples {
        let bounds: Vec<usize> = sample.char_indices().map(|(i, _)| i).chain([sample.len()]).collect();
        for &end in &bounds {
            out.push(sample[..end].to_string());
        }
        for pair in bounds.windows(2) {
            out.push(format!("{}{}", &sample[..pair[0]], &sample[pair[1]..]));
        }
    }
    out
}

pub(crate) fn assert_range_ok(text: &str, range: &Range<usize>) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{text:?}: {range:?} out of bounds"
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{text:?}: {range:?} not on char boundaries"
    );
}

#[test]
fn never_panics_and_ranges_are_sound() {
    for text in mutations(SAMPLES) {
        looks_like_path(&text);
        match parse_path(&text) {
            Ok(path) => {
                assert_range_ok(&text, &path.root_range);
                for segment in &path.segments {
                    assert_range_ok(&text, &segment.range);
                }
                if let Some(error) = check_context_path(&path) {
                    assert_range_ok(&text, &error.range);
                }
            }
            Err(error) => {
                assert_range_ok(&text, &error.range);
                assert!(!error.message.is_empty());
                if !text.is_empty() {
                    assert!(error.range.start < error.range.end, "{text:?}: empty range");
                }
            }
        }
    }
}

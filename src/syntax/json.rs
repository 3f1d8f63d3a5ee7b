//! JSON front end: jsonc-parser's scanner feeds our own recovering parser.
//!
//! An editor shows half-typed documents far more often than finished ones,
//! so this parser never gives up: it reports a syntax error and carries on
//! with the next key it can make sense of. Everything that was intact ends up
//! in the [`Tree`], so diagnostics, the outline and go-to-definition keep
//! working while the user types. Comments and trailing commas are accepted
//! (editors use them) but reported, because JSON and the service reject them.
//!
//! The guarantee: a mistake costs at most its own line (a stray word, a
//! missing comma or colon, a bad or unterminated string, a value missing),
//! or the brackets it unbalances; whatever the number of mistakes, every
//! intact line of the document is in the tree, and the parse is linear.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use jsonc_parser::tokens::Token;
use jsonc_parser::{Scanner, ScannerOptions};

use super::edit::Edit;
use super::tree::{CompactString, Member, NodeId, NodeKind, SyntaxError, SyntaxErrorKind, TextRange, Tree};

/// Deeper nesting than this is reported and skipped instead of recursed into.
const MAX_DEPTH: usize = 256;

/// Parse JSON text into a tree. Never fails: problems land in `Tree::errors`.
pub fn parse(text: &str) -> Tree {
    // About one node per 16 bytes of a typical definition.
    let tree = Tree::with_capacity(text.len() / 16);
    let Some(at) = split_point(text).filter(|_| crate::util::parallel::cores() > 1) else {
        return document(Parser::at(text, tree, 0, 0));
    };
    // A large text is read by two threads: this one from the start, the
    // other from a line in the middle that looks like the key of a member
    // (the members of `States`, in a definition written out with
    // indentation). When this thread reaches that key as a member of an
    // object, after a comma, with no error so far, and the other read the
    // members from there to the object's closer without one, both read what
    // one parser would: the other's nodes join the tree and this thread
    // goes on at that closer. Otherwise the other's work is dropped.
    let abandon = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel(1);
        let abandon = &abandon;
        let other = std::thread::Builder::new()
            .name("asl-lsp-parse".to_string())
            .spawn_scoped(scope, move || {
                let _ = sender.send(members_from(text, at, abandon));
            });
        let mut parser = Parser::at(text, tree, 0, 0);
        if other.is_ok() {
            parser.speculation = Some(Speculation { at, receiver });
        }
        let tree = document(parser);
        abandon.store(true, Ordering::Relaxed);
        tree
    })
}

/// Texts from this size on are read by two threads (`parse`).
const PARALLEL_BYTES: usize = 256 << 10;

/// Where a second parser may start in a large text: in the 64 KiB after
/// its middle, the least indented line that starts with a string.
fn split_point(text: &str) -> Option<usize> {
    if text.len() < PARALLEL_BYTES {
        return None;
    }
    let bytes = text.as_bytes();
    let middle = text.len() / 2;
    let window = (middle + (64 << 10)).min(bytes.len());
    let mut line = middle + memchr::memchr(b'\n', &bytes[middle..window])? + 1;
    let mut best: Option<(usize, usize)> = None;
    while line < window {
        let indent = bytes[line..window].iter().take_while(|&&byte| byte == b' ').count();
        let at = line + indent;
        if bytes.get(at) == Some(&b'"') && best.is_none_or(|(least, _)| indent < least) {
            best = Some((indent, at));
        }
        match memchr::memchr(b'\n', &bytes[at..window]) {
            Some(end) => line = at + end + 1,
            None => break,
        }
    }
    best.map(|(_, at)| at)
}

/// What the second parser of a large text found (`parse`).
struct Part {
    tree: Tree,
    /// The members read, their ids in `tree`.
    members: Vec<Member>,
    /// Where the closer of their object is.
    closer: usize,
    /// How many containers deep it went.
    deepest: usize,
}

/// The second parser's work, as the first sees it.
struct Speculation {
    /// Where the second parser started.
    at: usize,
    receiver: mpsc::Receiver<Option<Part>>,
}

/// The members of an object from `at` to the object's closer, when they
/// read without any error; `None` otherwise or once `abandon` is set.
fn members_from(text: &str, at: usize, abandon: &AtomicBool) -> Option<Part> {
    let mut parser = Parser::at(text, Tree::with_capacity((text.len() - at) / 16), at, 0);
    parser.abandon = Some(abandon);
    let (members, _, end, _) = parser.parse_elements(true, NodeId(u32::MAX), TextRange::empty(at), None);
    let clean = !parser.lexer.invalid && parser.lexer.errors.is_empty() && !abandon.load(Ordering::Relaxed);
    (clean && !members.is_empty()).then(|| Part {
        tree: parser.tree,
        members,
        closer: end.start(),
        deepest: parser.deepest,
    })
}

/// Parse the JSON written at `range` of a larger text (a YAML block
/// scalar, a Terraform heredoc), with its ranges in that text. The text
/// after the range is never read.
pub fn parse_region(text: &str, range: TextRange) -> Tree {
    match text.get(..range.end()) {
        Some(bounded) => document(Parser::at(bounded, Tree::new(), range.start(), 0)),
        None => Tree::new(),
    }
}

/// The tree of the one document `parser` reads, its errors in order.
fn document(mut parser: Parser<'_>) -> Tree {
    let root = parser.parse_document();
    parser.tree.set_root(root);
    let mut tree = parser.tree;
    tree.errors.append(&mut parser.lexer.errors);
    tree.errors.sort_by_key(|error| error.range);
    tree
}

/// Bring `tree`, parsed from the text before `edit`, up to `text`, the
/// text after it, by parsing again only the innermost object or array
/// that holds the edit (and every syntax error of the old text) inside its
/// brackets. `None` when that cannot give what a fresh parse gives: the
/// edit reaches the brackets of every container around it, or the
/// container no longer ends at its own closer; the caller then parses
/// the whole text. With the tree comes the range of the container parsed
/// again: every node inside it is new, every node outside it kept its id.
///
/// Why the rest stays valid: the text before the container is unchanged
/// and was parsed without error, so a fresh parse reaches the container's
/// opening bracket in the same state; inside, the parser reads only the
/// container's own tokens (at the same depth, with the same layout rule);
/// and when it ends at the same closer, what follows is parsed as before,
/// only moved by the edit's change in length.
pub fn reparse(mut tree: Tree, text: &str, edit: Edit) -> Option<(Tree, TextRange)> {
    let mut path = Vec::new();
    let mut current = tree.root()?;
    let strictly_inside = |range: TextRange| range.start() < edit.start && edit.old_end < range.end();
    while strictly_inside(tree.range(current)) && tree.is_closed(current) {
        path.push(current);
        match tree.child_before(current, edit.start) {
            Some(child) if matches!(tree.node(child).kind, NodeKind::Object(_) | NodeKind::Array(_)) => {
                current = child;
            }
            _ => break,
        }
    }
    // In an object (the `States` of a machine, say), an edit between or
    // inside its members parses again only the members it touched.
    if let Some(&object) = path.last() {
        if let Some(window) = MemberWindow::find(&tree, object, edit) {
            return window.reparse(tree, text, edit, path.len());
        }
    }
    // The innermost container that also holds every error of the old text;
    // the root is not worth it: that is a fresh parse.
    let inside = |container: TextRange, error: TextRange| {
        container.start < error.start && error.end <= container.end && error.start < container.end
    };
    let level = (1..path.len()).rev().find(|&level| {
        let range = tree.range(path[level]);
        tree.errors
            .iter()
            .filter(|error| error.kind == SyntaxErrorKind::Invalid)
            .all(|error| inside(range, error.range))
    })?;
    let old = path[level];
    let old_range = tree.range(old);
    if !balanced(text.get(old_range.start()..edit.shift(old_range.end()))?) {
        return None;
    }
    let is_object = matches!(tree.node(old).kind, NodeKind::Object(_));
    tree.shift(edit.old_end, edit.delta(), old_range);
    let mut parser = Parser::at(text, tree, old_range.start(), level);
    let new = parser.parse_value()?;
    let mut tree = parser.tree;
    let expected = TextRange::new(old_range.start(), edit.shift(old_range.end()));
    let same_kind = match tree.node(new).kind {
        NodeKind::Object(_) => is_object,
        NodeKind::Array(_) => !is_object,
        _ => false,
    };
    if !same_kind || !tree.is_closed(new) || tree.range(new) != expected {
        return None;
    }
    tree.errors.append(&mut parser.lexer.errors);
    tree.errors.sort_by_key(|error| error.range);
    tree.replace_node(level.checked_sub(1).map(|parent| path[parent]), old, new);
    // Rebuild the arena once most of it is garbage.
    if tree.garbage() > tree.len() / 2 {
        return None;
    }
    Some((tree, expected))
}

/// Members `first..=last` of an object, whose text holds an edit, to be
/// parsed again alone: from the first one's key to the end of the last
/// one's value, which must then be followed by the same `,` or `}` as before.
struct MemberWindow {
    object: NodeId,
    first: usize,
    last: usize,
    /// From the first key to the end of the last value, in the old text.
    range: TextRange,
}

impl MemberWindow {
    fn find(tree: &Tree, object: NodeId, edit: Edit) -> Option<MemberWindow> {
        // Only in a text without syntax errors: then every member is
        // `"key": value` and a member boundary means the same to a fresh parse.
        if tree.errors.iter().any(|error| error.kind == SyntaxErrorKind::Invalid) {
            return None;
        }
        let members = tree.members(object)?;
        let end_of = |member: &Member| member.value.map(|value| tree.range(value).end());
        // The last member whose key starts before the edit, and the first
        // from there whose value ends after it.
        let first = members
            .partition_point(|member| tree.key_range(member).start() < edit.start)
            .checked_sub(1)?;
        let last = first
            + members[first..]
                .iter()
                .position(|member| end_of(member).is_some_and(|end| end > edit.old_end))?;
        Some(MemberWindow {
            object,
            first,
            last,
            range: TextRange::new(tree.key_range(&members[first]).start(), end_of(&members[last])?),
        })
    }

    fn reparse(self, mut tree: Tree, text: &str, edit: Edit, depth: usize) -> Option<(Tree, TextRange)> {
        if !balanced(text.get(self.range.start()..edit.shift(self.range.end()))?) {
            return None;
        }
        let open = TextRange::new(tree.range(self.object).start(), tree.range(self.object).start() + 1);
        tree.shift(edit.old_end, edit.delta(), self.range);
        let stop = edit.shift(self.range.end());
        let mut parser = Parser::at(text, tree, self.range.start(), depth);
        let (members, _, end, stopped) = parser.parse_elements(true, self.object, open, Some(stop));
        let next = parser.lexer.peek().kind;
        let mut tree = parser.tree;
        if parser.lexer.invalid
            || !stopped
            || members.is_empty()
            || end.end() != stop
            || !matches!(next, Kind::Comma | Kind::CloseBrace)
        {
            return None;
        }
        tree.errors.append(&mut parser.lexer.errors);
        tree.errors.sort_by_key(|error| error.range);
        tree.splice_members(self.object, self.first..self.last + 1, members);
        if tree.garbage() > tree.len() / 2 {
            return None;
        }
        Some((tree, TextRange::new(self.range.start(), stop)))
    }
}

/// A quick look before parsing part of a text again: as many brackets of
/// `part` closed as opened, never more, outside strings (which end at their line, as the
/// lexer reads them) and comments. A part that fails it cannot parse as the
/// same one value, and the whole text is parsed instead.
fn balanced(part: &str) -> bool {
    let bytes = part.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at += 1;
                loop {
                    match bytes.get(at) {
                        None => return false,
                        // As the lexer reads it: an unterminated string ends at its line.
                        Some(b'\n' | b'\r') => break,
                        Some(b'\\') => at += 2,
                        Some(b'"') => break,
                        Some(_) => at += 1,
                    }
                }
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                while at < bytes.len() && !matches!(bytes[at], b'\n' | b'\r') {
                    at += 1;
                }
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => match part[at + 2..].find("*/") {
                Some(end) => at += end + 3,
                None => return false,
            },
            b'{' | b'[' => depth += 1,
            b'}' | b']' => match depth.checked_sub(1) {
                Some(inner) => depth = inner,
                None => return false,
            },
            _ => {}
        }
        at += 1;
    }
    depth == 0
}

/// A token's kind, one byte. Tokens are small and copied freely: a string's
/// value is made only when the parser takes it (`Lexer::value`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Colon,
    /// A string, its value between the token's quotes.
    String,
    /// A string without its closing quote: the value runs to the token's end.
    Unterminated,
    /// A string with escapes: its value is in `Lexer::decoded`.
    Decoded,
    /// A number, its text is the token's.
    Number,
    True,
    False,
    Null,
    /// A bare `${Name}` deployment placeholder standing for a value.
    Placeholder,
    /// A token that is no JSON at all; the lexer has reported it already.
    Bad,
    Eof,
}

impl Kind {
    fn is_string(self) -> bool {
        matches!(self, Kind::String | Kind::Unterminated | Kind::Decoded)
    }
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    range: TextRange,
}

/// Tokens of a JSON text: plain ones read by our own byte loop, the rest
/// by jsonc-parser's scanner, with comments skipped (and reported) and
/// scanner errors turned into `Bad` tokens so parsing can go on.
struct Lexer<'a> {
    text: &'a str,
    /// Where the next token's scan starts.
    pos: usize,
    /// Where `scanner` started in `text`; the scanner is restarted at each
    /// token the fast path leaves to it.
    base: usize,
    scanner: Scanner<'a>,
    /// The next token, once scanned (`ahead`), kept field by field: a token
    /// written whole and read back at once stalls the processor's store
    /// forwarding, which cost a fifth of the parse.
    ahead: bool,
    kind: Kind,
    start: u32,
    end: u32,
    /// The token after it, when the parser looked that far.
    second: Option<Tok>,
    /// The values of strings with escapes, by token start, until taken.
    decoded: Vec<(u32, CompactString)>,
    errors: Vec<SyntaxError>,
    /// One of `errors` says the text is not well formed.
    invalid: bool,
}

fn strict_options() -> ScannerOptions {
    ScannerOptions {
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            pos: 0,
            base: 0,
            scanner: Scanner::new(text, &strict_options()),
            ahead: false,
            kind: Kind::Eof,
            start: 0,
            end: 0,
            second: None,
            decoded: Vec::new(),
            errors: Vec::new(),
            invalid: false,
        }
    }

    #[inline(always)]
    fn peek(&mut self) -> Tok {
        if !self.ahead {
            let token = match self.second.take() {
                Some(token) => token,
                None => self.scan(),
            };
            self.kind = token.kind;
            self.start = token.range.start;
            self.end = token.range.end;
            self.ahead = true;
        }
        Tok {
            kind: self.kind,
            range: TextRange {
                start: self.start,
                end: self.end,
            },
        }
    }

    /// The token after the next one.
    fn peek_second(&mut self) -> Tok {
        self.peek();
        if self.second.is_none() {
            self.second = Some(self.scan());
        }
        self.second.unwrap_or(Tok {
            kind: Kind::Eof,
            range: TextRange::empty(self.text.len()),
        })
    }

    #[inline(always)]
    fn next(&mut self) -> Tok {
        let token = self.peek();
        self.ahead = false;
        token
    }

    /// The value of a string or placeholder token, or the text of a number.
    fn value(&mut self, token: Tok) -> CompactString {
        let (start, end) = (token.range.start(), token.range.end());
        match token.kind {
            Kind::String => CompactString::from(&self.text[start + 1..end - 1]),
            Kind::Unterminated => CompactString::from(&self.text[start + 1..end]),
            Kind::Decoded => match self.decoded.iter().rposition(|(at, _)| *at == token.range.start) {
                Some(index) => self.decoded.swap_remove(index).1,
                None => CompactString::default(),
            },
            _ => CompactString::from(&self.text[start..end]),
        }
    }

    fn error(&mut self, range: TextRange, kind: SyntaxErrorKind, message: impl Into<String>) {
        // One error per place: what follows a first error is mostly its echo.
        if self.errors.last().is_some_and(|last| last.range.start == range.start) {
            return;
        }
        self.invalid |= kind == SyntaxErrorKind::Invalid;
        self.errors.push(SyntaxError {
            range,
            kind,
            message: message.into(),
        });
    }

    /// Go on reading at `offset`, forgetting any token looked at.
    fn jump_to(&mut self, offset: usize) {
        self.ahead = false;
        self.second = None;
        self.restart_at(offset);
    }

    fn restart_at(&mut self, offset: usize) {
        let offset = offset.min(self.text.len());
        self.pos = offset;
        self.base = offset;
        self.scanner = Scanner::new(&self.text[offset..], &strict_options());
    }

    #[inline(always)]
    fn scan(&mut self) -> Tok {
        match self.scan_plain() {
            Some(token) => token,
            None => self.scan_rest(),
        }
    }

    #[cold]
    #[inline(never)]
    fn scan_rest(&mut self) -> Tok {
        self.restart_at(self.pos);
        let token = self.scan_with_scanner();
        self.pos = token.range.end();
        token
    }

    /// The next token when it is plain JSON: punctuation, a string without
    /// escapes or control characters, a number, `true`, `false` or `null`
    /// followed by a delimiter, or the end. Anything else (escapes, comments,
    /// mistakes, unusual white space) is left to jsonc-parser's scanner,
    /// which reads it and words its errors; both read plain JSON alike.
    #[inline(always)]
    fn scan_plain(&mut self) -> Option<Tok> {
        let bytes = self.text.as_bytes();
        let mut start = self.pos;
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(start) {
            start += 1;
        }
        let Some(&first) = bytes.get(start) else {
            self.pos = start;
            return Some(Tok {
                kind: Kind::Eof,
                range: TextRange::empty(self.text.len()),
            });
        };
        let (kind, end) = match first {
            b'{' => (Kind::OpenBrace, start + 1),
            b'}' => (Kind::CloseBrace, start + 1),
            b'[' => (Kind::OpenBracket, start + 1),
            b']' => (Kind::CloseBracket, start + 1),
            b',' => (Kind::Comma, start + 1),
            b':' => (Kind::Colon, start + 1),
            b'"' => {
                let body = start + 1;
                let length = bytes[body..]
                    .iter()
                    .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)?;
                if bytes[body + length] != b'"' {
                    return None;
                }
                let end = body + length + 1;
                (Kind::String, end)
            }
            b't' if bytes[start..].starts_with(b"true") => (Kind::True, start + 4),
            b'f' if bytes[start..].starts_with(b"false") => (Kind::False, start + 5),
            b'n' if bytes[start..].starts_with(b"null") => (Kind::Null, start + 4),
            b'-' | b'0'..=b'9' => {
                let end = plain_number_end(bytes, start)?;
                (Kind::Number, end)
            }
            _ => return None,
        };
        let delimited = kind == Kind::String
            || matches!(
                kind,
                Kind::OpenBrace | Kind::CloseBrace | Kind::OpenBracket | Kind::CloseBracket | Kind::Comma | Kind::Colon
            )
            || matches!(
                bytes.get(end),
                None | Some(b' ' | b'\n' | b'\r' | b'\t' | b',' | b']' | b'}' | b':')
            );
        if !delimited {
            return None;
        }
        self.pos = end;
        Some(Tok {
            kind,
            range: TextRange::new(start, end),
        })
    }

    fn scan_with_scanner(&mut self) -> Tok {
        loop {
            match self.scanner.scan() {
                Ok(None) => {
                    return Tok {
                        kind: Kind::Eof,
                        range: TextRange::empty(self.text.len()),
                    }
                }
                Ok(Some(token)) => {
                    let range = TextRange::new(
                        self.base + self.scanner.token_start(),
                        self.base + self.scanner.token_end(),
                    );
                    let kind = match token {
                        Token::OpenBrace => Kind::OpenBrace,
                        Token::CloseBrace => Kind::CloseBrace,
                        Token::OpenBracket => Kind::OpenBracket,
                        Token::CloseBracket => Kind::CloseBracket,
                        Token::Comma => Kind::Comma,
                        Token::Colon => Kind::Colon,
                        Token::String(value) => {
                            let raw = &self.text[range.start()..range.end()];
                            // One pass for both: a line break ends an unterminated
                            // string, another control character is only reported.
                            if let Some(control) = raw.bytes().position(|byte| byte < 0x20) {
                                if let Some(line_break) = raw.find(['\n', '\r']) {
                                    return self.unterminated_string(range.start(), range.start() + line_break);
                                }
                                debug_assert!(raw.as_bytes()[control] < 0x20);
                                self.error(
                                    range,
                                    SyntaxErrorKind::Invalid,
                                    "A control character (such as a tab) inside a string must be escaped",
                                );
                            }
                            match value {
                                Cow::Borrowed(_) => Kind::String,
                                Cow::Owned(value) => {
                                    self.decoded.push((range.start, CompactString::from(value)));
                                    Kind::Decoded
                                }
                            }
                        }
                        Token::Number(_) => Kind::Number,
                        Token::Boolean(true) => Kind::True,
                        Token::Boolean(false) => Kind::False,
                        Token::Null => Kind::Null,
                        Token::Word(word) => {
                            self.error(
                                range,
                                SyntaxErrorKind::Invalid,
                                format!("Unexpected '{word}': strings must be written in double quotes"),
                            );
                            Kind::Bad
                        }
                        Token::CommentLine(_) | Token::CommentBlock(_) => {
                            self.error(
                                range,
                                SyntaxErrorKind::NotJson,
                                "Comments are not allowed in JSON; Step Functions rejects them",
                            );
                            continue;
                        }
                    };
                    return Tok { kind, range };
                }
                Err(error) => return self.recover(error),
            }
        }
    }

    /// A string that runs past the end of its line: take it up to the line
    /// end, report it, and go on scanning on the next line.
    fn unterminated_string(&mut self, start: usize, end: usize) -> Tok {
        let range = TextRange::new(start, end);
        self.error(
            range,
            SyntaxErrorKind::Invalid,
            "Unterminated string: a closing '\"' is missing",
        );
        self.restart_at(end);
        Tok {
            kind: Kind::Unterminated,
            range,
        }
    }

    /// Turn a scanner error into a token and restart the scanner after it.
    fn recover(&mut self, error: jsonc_parser::errors::ParseError) -> Tok {
        let token_start = (self.base + self.scanner.token_start()).min(self.text.len());
        let message = error.kind().to_string();
        if self.text.as_bytes().get(token_start) == Some(&b'"') {
            let start = token_start;
            // A string the scanner refused: unterminated, or with a bad escape
            // or a raw control character. Take it up to its closing quote on
            // the same line, or to the end of the line.
            let rest = &self.text[start + 1..];
            // Up to the line's end, found by the same walk: a search for it
            // first would read the rest of a long line once per string.
            let mut end = start + 1 + rest.len();
            let mut closed = false;
            let mut escaped = false;
            for (index, byte) in rest.bytes().enumerate() {
                if byte == b'\n' || byte == b'\r' {
                    end = start + 1 + index;
                    break;
                }
                if escaped {
                    escaped = false;
                } else if byte == b'\\' {
                    escaped = true;
                } else if byte == b'"' {
                    end = start + 1 + index + 1;
                    closed = true;
                    break;
                }
            }
            if !closed {
                return self.unterminated_string(start, end);
            }
            let error_range = TextRange::new(
                (self.base + error.range().start).min(end),
                (self.base + error.range().end).clamp(start + 1, end),
            );
            self.error(error_range, SyntaxErrorKind::Invalid, message);
            self.restart_at(end);
            return Tok {
                kind: Kind::String,
                range: TextRange::new(start, end),
            };
        }
        // A bare `${Name}` placeholder, as in `"Seconds": ${WaitSeconds}`
        // inside a CloudFormation `Fn::Sub` template: it becomes a value
        // once deployed, so it is read as one, without an error.
        if self.text[token_start..].starts_with("${") {
            // Its `}` before the line ends, found without reading the rest
            // of a long line.
            let close = self.text[token_start..]
                .find(['}', '\n', '\r'])
                .filter(|&offset| self.text.as_bytes()[token_start + offset] == b'}');
            if let Some(close) = close {
                let end = token_start + close + 1;
                self.restart_at(end);
                return Tok {
                    kind: Kind::Placeholder,
                    range: TextRange::new(token_start, end),
                };
            }
        }
        let start = (self.base + error.range().start).clamp(token_start, self.text.len());
        let mut end = (self.base + error.range().end).clamp(start, self.text.len());
        if end == start {
            end = start + self.text[start..].chars().next().map_or(0, char::len_utf8);
        }
        // Skip the rest of a run of garbage characters in one token.
        while let Some(ch) = self.text[end..].chars().next() {
            if ch.is_whitespace() || "{}[],:\"/".contains(ch) {
                break;
            }
            end += ch.len_utf8();
        }
        let range = TextRange::new(start, end);
        self.error(range, SyntaxErrorKind::Invalid, message);
        self.restart_at(end);
        Tok { kind: Kind::Bad, range }
    }
}

/// The end of the JSON number starting at `start`
/// (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`), if one does.
fn plain_number_end(bytes: &[u8], start: usize) -> Option<usize> {
    let digits = |from: usize| bytes[from..].iter().take_while(|byte| byte.is_ascii_digit()).count();
    let mut end = start + usize::from(bytes[start] == b'-');
    match bytes.get(end) {
        Some(b'0') => end += 1,
        Some(b'1'..=b'9') => end += digits(end),
        _ => return None,
    }
    if bytes.get(end) == Some(&b'.') {
        let fraction = digits(end + 1);
        if fraction == 0 {
            return None;
        }
        end += 1 + fraction;
    }
    if let Some(b'e' | b'E') = bytes.get(end) {
        end += 1;
        if let Some(b'+' | b'-') = bytes.get(end) {
            end += 1;
        }
        let exponent = digits(end);
        if exponent == 0 {
            return None;
        }
        end += exponent;
    }
    Some(end)
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    tree: Tree,
    /// The members and items of the containers being read, innermost last:
    /// each container takes its own off the top in one exact allocation,
    /// rather than growing a vector of its own step by step.
    member_stack: Vec<Member>,
    item_stack: Vec<NodeId>,
    depth: usize,
    /// The greatest depth reached.
    deepest: usize,
    /// Some line of the text is indented.
    indented: bool,
    /// A second parser reading the rest of a large text (`parse`).
    speculation: Option<Speculation>,
    /// Set when that second parser's work is no longer wanted (on it).
    abandon: Option<&'a AtomicBool>,
}

impl<'a> Parser<'a> {
    /// A parser adding to `tree` what it reads of `text` from byte `offset`
    /// on, as if `depth` containers were open around it.
    fn at(text: &'a str, tree: Tree, offset: usize, depth: usize) -> Parser<'a> {
        let mut lexer = Lexer::new(text);
        if offset > 0 {
            lexer.restart_at(offset);
        }
        Parser {
            lexer,
            tree,
            member_stack: Vec::new(),
            item_stack: Vec::new(),
            depth,
            deepest: depth,
            // Layout tells where a closer is missing only in an indented text.
            indented: text.lines().any(|line| line.starts_with([' ', '\t'])),
            speculation: None,
            abandon: None,
        }
    }

    fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.lexer.error(range, SyntaxErrorKind::Invalid, message);
    }

    /// At `offset`, between two members of an object: take in the members
    /// the second parser read from there, when it started there and all
    /// was read without error; returns where their object's closer is.
    fn join_speculation(&mut self, offset: usize) -> Option<usize> {
        if self.speculation.as_ref()?.at != offset {
            return None;
        }
        let speculation = self.speculation.take()?;
        if self.lexer.invalid || !self.lexer.errors.is_empty() {
            return None;
        }
        let part = speculation.receiver.recv().ok().flatten()?;
        if self.depth + part.deepest >= MAX_DEPTH {
            return None;
        }
        let (nodes, keys) = self.tree.append(part.tree);
        for mut member in part.members {
            member.renumber(nodes, keys);
            self.member_stack.push(member);
        }
        Some(part.closer)
    }

    fn parse_document(&mut self) -> Option<NodeId> {
        if self.lexer.peek().kind == Kind::Eof {
            let range = self.lexer.peek().range;
            self.error(range, "The document is empty: a state machine is a JSON object");
            return None;
        }
        let root = self.parse_value();
        let mut trailing: Option<TextRange> = None;
        loop {
            let token = self.lexer.next();
            if token.kind == Kind::Eof {
                break;
            }
            trailing = Some(trailing.map_or(token.range, |range| range.cover(token.range)));
        }
        if let Some(range) = trailing {
            self.error(range, "Unexpected text after the end of the JSON document");
        }
        root
    }

    fn parse_value(&mut self) -> Option<NodeId> {
        let peeked = self.lexer.peek();
        match peeked.kind {
            Kind::OpenBrace => return Some(self.parse_container(true)),
            Kind::OpenBracket => return Some(self.parse_container(false)),
            Kind::Eof | Kind::CloseBrace | Kind::CloseBracket | Kind::Comma | Kind::Colon => {
                let range = peeked.range;
                self.error(range, "Expected a value");
                return None;
            }
            _ => {}
        }
        let token = self.lexer.next();
        let kind = match token.kind {
            Kind::String | Kind::Unterminated | Kind::Decoded | Kind::Placeholder => {
                NodeKind::String(self.lexer.value(token))
            }
            Kind::Number => NodeKind::Number(self.lexer.value(token).as_str().into()),
            Kind::True => NodeKind::Bool(true),
            Kind::False => NodeKind::Bool(false),
            Kind::Null => NodeKind::Null,
            _ => NodeKind::Error,
        };
        Some(self.tree.alloc(token.range, kind))
    }

    /// Parse an object (`is_object`) or an array, recovering from missing
    /// commas, colons, values and closing brackets.
    fn parse_container(&mut self, is_object: bool) -> NodeId {
        let open = self.lexer.next();
        let id = self.tree.alloc(open.range, NodeKind::Null);
        if self.depth >= MAX_DEPTH {
            self.error(open.range, "Nesting is too deep");
            let end = self.skip_nested();
            self.tree.set_range(id, open.range.cover(end));
            self.tree.set_kind(id, NodeKind::Error);
            return id;
        }
        self.depth += 1;
        self.deepest = self.deepest.max(self.depth);
        let (members, items, end, _) = self.parse_elements(is_object, id, open.range, None);
        self.depth -= 1;
        self.tree.set_range(id, open.range.cover(end));
        let kind = if is_object {
            NodeKind::Object(members)
        } else {
            NodeKind::Array(items)
        };
        self.tree.set_kind(id, kind);
        id
    }

    /// The elements of the container `id` opened at `open`, up to its
    /// closer (consumed), or, with `stop`, up to the first token at or after
    /// that offset (left unread). Returns the members (of an object), the
    /// items (of an array), the range of the last token read, and whether
    /// the loop ended at `stop` (rather than at a closer or the end).
    fn parse_elements(
        &mut self,
        is_object: bool,
        id: NodeId,
        open: TextRange,
        stop: Option<usize>,
    ) -> (Vec<Member>, Vec<NodeId>, TextRange, bool) {
        let (closer, closer_text) = if is_object {
            (Kind::CloseBrace, "'}'")
        } else {
            (Kind::CloseBracket, "']'")
        };
        let (members_from, items_from) = (self.member_stack.len(), self.item_stack.len());
        let mut end = open;
        // Set after a comma, so that a closer right after it is a trailing comma.
        let mut after_comma: Option<TextRange> = None;
        // Set after an element, so that a missing comma can be reported.
        let mut needs_comma = false;
        let mut stopped = false;
        loop {
            if let Some(stop) = stop {
                // A window of members read again: a syntax error means a full
                // parse anyway, so there is no point reading on.
                if self.lexer.invalid {
                    break;
                }
                if self.lexer.peek().range.start() >= stop {
                    stopped = true;
                    break;
                }
            }
            if self.abandon.is_some_and(|abandon| abandon.load(Ordering::Relaxed)) {
                break;
            }
            let token = self.lexer.peek();
            if is_object && after_comma.is_some() {
                if let Some(closer) = self.join_speculation(token.range.start()) {
                    // The members up to the closer were read by the other
                    // parser; they are on the member stack now.
                    self.lexer.jump_to(closer);
                    end = TextRange::empty(closer);
                    after_comma = None;
                    needs_comma = true;
                    continue;
                }
            }
            match token.kind {
                kind if kind == closer => {
                    self.lexer.next();
                    if let Some(comma) = after_comma {
                        self.lexer.error(
                            comma,
                            SyntaxErrorKind::NotJson,
                            "Trailing commas are not allowed in JSON; Step Functions rejects them",
                        );
                    }
                    end = token.range;
                    break;
                }
                Kind::Eof => {
                    self.tree.mark_unclosed(id);
                    self.error(
                        open,
                        format!(
                            "This {} is never closed: {closer_text} is missing",
                            if is_object { "object" } else { "array" }
                        ),
                    );
                    break;
                }
                Kind::CloseBrace | Kind::CloseBracket => {
                    // A closer that belongs to an enclosing container.
                    self.tree.mark_unclosed(id);
                    self.error(token.range, format!("Expected {closer_text} before this"));
                    break;
                }
                Kind::Comma => {
                    self.lexer.next();
                    if after_comma.is_some() || !needs_comma {
                        self.error(token.range, "Unexpected ','");
                    }
                    after_comma = Some(token.range);
                    needs_comma = false;
                    end = token.range;
                    continue;
                }
                _ => {}
            }
            if needs_comma {
                if self.closes_implicitly(open, end, token.range) {
                    self.tree.mark_unclosed(id);
                    self.error(open, format!("This object is never closed: {closer_text} is missing"));
                    break;
                }
                let at = TextRange::empty(end.end());
                self.error(at, "Expected ',' here");
            }
            after_comma = None;
            needs_comma = true;
            if !is_object {
                match self.parse_value() {
                    Some(item) => {
                        end = self.tree.range(item);
                        self.item_stack.push(item);
                    }
                    None => {
                        // `parse_value` reported it; skip the token (a stray ':').
                        end = self.lexer.next().range;
                    }
                }
                continue;
            }
            if !token.kind.is_string() {
                if matches!(token.kind, Kind::OpenBrace | Kind::OpenBracket) {
                    self.error(token.range, "Expected a property name in double quotes");
                    if let Some(value) = self.parse_value() {
                        end = self.tree.range(value);
                    }
                } else {
                    self.lexer.next();
                    if token.kind != Kind::Bad {
                        self.error(token.range, "Expected a property name in double quotes");
                    }
                    end = token.range;
                }
                continue;
            }
            let key = self.lexer.next();
            let key = self.lexer.value(key);
            // The key's range is kept before the value's keys: in text order.
            let mut member = self.tree.new_member(key, token.range, None);
            end = token.range;
            let colon_range = self.lexer.peek().range;
            let value = if self.lexer.peek().kind == Kind::Colon {
                self.lexer.next();
                end = colon_range;
                let value = if self.next_is_a_key(colon_range) {
                    // `"Next": ⏎ "Other": …`: the value is still to be typed.
                    self.error(TextRange::empty(colon_range.end()), "Expected a value");
                    None
                } else {
                    self.parse_value()
                };
                if let Some(value) = value {
                    end = self.tree.range(value);
                }
                value
            } else {
                self.error(
                    TextRange::empty(token.range.end()),
                    "Expected ':' after the property name",
                );
                None
            };
            member.value = value;
            self.member_stack.push(member);
        }
        let members = self.member_stack.split_off(members_from);
        let items = self.item_stack.split_off(items_from);
        (members, items, end, stopped)
    }

    /// After a colon, a string on a later line followed by its own colon is
    /// the next key, not this member's value.
    fn next_is_a_key(&mut self, colon: TextRange) -> bool {
        let token = self.lexer.peek();
        if !token.kind.is_string() {
            return false;
        }
        let start = token.range.start();
        let text = self.lexer.text;
        let on_later_line = text[colon.end().min(start)..start].contains(['\n', '\r']);
        on_later_line && self.lexer.peek_second().kind == Kind::Colon
    }

    /// Recovery by layout: when a comma is missing before a token that starts
    /// a new line indented no deeper than the line that opened the container,
    /// the container most likely lost its closer (say, to an unterminated
    /// string) and the token belongs to an enclosing one. A text without
    /// indentation says nothing of the kind: there it is a missing comma.
    fn closes_implicitly(&self, open: TextRange, last: TextRange, token: TextRange) -> bool {
        if !self.indented {
            return false;
        }
        let text = self.lexer.text;
        let between = &text[last.end().min(token.start())..token.start()];
        if !between.contains(['\n', '\r']) {
            return false;
        }
        indentation(text, token.start()) <= indentation(text, open.start())
    }

    /// Skip tokens until the container just opened is balanced; returns the
    /// range of the last token skipped.
    fn skip_nested(&mut self) -> TextRange {
        let mut depth = 1usize;
        let mut last = TextRange::default();
        while depth > 0 {
            let token = self.lexer.next();
            match token.kind {
                Kind::Eof => break,
                Kind::OpenBrace | Kind::OpenBracket => depth += 1,
                Kind::CloseBrace | Kind::CloseBracket => depth -= 1,
                _ => {}
            }
            last = token.range;
        }
        last
    }
}

/// The width of the leading white space of the line that `offset` is on.
fn indentation(text: &str, offset: usize) -> usize {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    text[line_start..]
        .bytes()
        .take_while(|&byte| byte == b' ' || byte == b'\t')
        .count()
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;

    /// A compact dump: one line per node with its kind and source text,
    /// members as `key:`, then the syntax errors.
    fn check(text: &str, expect: Expect) {
        fn dump(tree: &Tree, text: &str, id: NodeId, depth: usize, out: &mut String) {
            let node = tree.node(id);
            let source = &text[node.range.start()..node.range.end()];
            match &node.kind {
                NodeKind::Object(members) => {
                    out.push_str(&format!("{}object {:?}\n", "  ".repeat(depth), node.range));
                    for member in members {
                        out.push_str(&format!("{}{:?}:\n", "  ".repeat(depth + 1), member.key));
                        match member.value {
                            Some(value) => dump(tree, text, value, depth + 2, out),
                            None => out.push_str(&format!("{}(no value)\n", "  ".repeat(depth + 2))),
                        }
                    }
                }
                NodeKind::Array(items) => {
                    out.push_str(&format!("{}array {:?}\n", "  ".repeat(depth), node.range));
                    for &item in items {
                        dump(tree, text, item, depth + 1, out);
                    }
                }
                kind => out.push_str(&format!("{}{kind:?} `{source}`\n", "  ".repeat(depth))),
            }
        }
        let tree = parse(text);
        let mut actual = String::new();
        if let Some(root) = tree.root() {
            dump(&tree, text, root, 0, &mut actual);
        }
        for error in &tree.errors {
            actual.push_str(&format!("{:?} {:?}: {}\n", error.kind, error.range, error.message));
        }
        expect.assert_eq(&actual);
    }

    #[test]
    fn balance_is_read_outside_strings_and_comments() {
        assert!(balanced(r#"{"a": [1, {"b": "}]"}], "c": "{"} // ]"#));
        assert!(balanced("{\"a\": \"unterminated\n}"));
        assert!(!balanced(r#"{"a": 1"#));
        assert!(!balanced(r#"{"a": 1}}"#));
        assert!(!balanced(r#"{"a": 1 /* } "#));
    }

    #[test]
    fn well_formed_values() {
        check(
            r#"{"a": [1, -2.5e3, true, false, null], "b\u00e9\n": {"c": "d\"e"}, "a": {}}"#,
            expect![[r#"
                object 0..74
                  "a":
                    array 6..36
                      Number("1") `1`
                      Number("-2.5e3") `-2.5e3`
                      Bool(true) `true`
                      Bool(false) `false`
                      Null `null`
                  "bé\n":
                    object 51..64
                      "c":
                        String("d\"e") `"d\"e"`
                  "a":
                    object 71..73
            "#]],
        );
    }

    /// Every kind of mistake on a line of its own, over and over: each
    /// costs only its line, and every line between them is kept.
    #[test]
    fn every_mistake_costs_at_most_its_line() {
        let mistakes = [
            r#""a": tru,"#,
            r#""b" 1,"#,
            r#""c": "unterminated,"#,
            r#"oops,"#,
            r#""d": [1 2],"#,
            r#","#,
            r#""e": ,"#,
            r#""f": "bad \q escape","#,
            r#""g": 1 // comment"#,
            r#""h": {"i": 1 "j": 2},"#,
        ];
        let mut text = String::from("{\n");
        let mut mistake_lines = Vec::new();
        for round in 0..50 {
            for (index, mistake) in mistakes.iter().enumerate() {
                text.push_str(&format!("  \"k{round}_{index}\": {index},\n"));
                mistake_lines.push(text.lines().count());
                text.push_str(&format!("  {mistake}\n"));
            }
        }
        text.push_str("  \"last\": true\n}\n");
        let tree = parse(&text);
        let root = tree.root().unwrap();
        let keys: Vec<&str> = tree
            .members(root)
            .unwrap()
            .iter()
            .map(|member| member.key.as_str())
            .collect();
        for round in 0..50 {
            for index in 0..mistakes.len() {
                let key = format!("k{round}_{index}");
                assert!(keys.contains(&key.as_str()), "{key} lost");
            }
        }
        assert_eq!(keys.last(), Some(&"last"));
        // Every error on a line with a mistake, and every mistake reported.
        let line_of = |offset: usize| text[..offset].matches('\n').count();
        let mut reported: Vec<usize> = tree.errors.iter().map(|error| line_of(error.range.start())).collect();
        reported.dedup();
        assert_eq!(reported, mistake_lines);
    }

    /// Without indentation, a missing comma at a line break is only that:
    /// it does not close the object and lose the rest of the document.
    #[test]
    fn a_missing_comma_in_unindented_text() {
        let mut text = String::from("{\"States\": {\n");
        for index in 0..20 {
            let comma = if index % 2 == 0 { "" } else { "," };
            let close = if index == 19 { "" } else { "," };
            text.push_str(&format!(
                "\"S{index}\": {{\"Type\": \"Pass\"{comma}\n\"End\": true}}{close}\n"
            ));
        }
        text.push_str("}}\n");
        let tree = parse(&text);
        let root = tree.root().unwrap();
        let states = tree.members(root).unwrap()[0].value.unwrap();
        let states = tree.members(states).unwrap();
        assert_eq!(states.len(), 20);
        assert!(states
            .iter()
            .all(|state| tree.members(state.value.unwrap()).unwrap().len() == 2));
        assert_eq!(tree.errors.len(), 10, "{:?}", tree.errors);
    }

    #[test]
    fn recovers_from_typing_mistakes() {
        check(
            r#"{"a": , "b" 1, "c": tru, d: 2, "e": [1 2,], }"#,
            expect![[r#"
            object 0..45
              "a":
                (no value)
              "b":
                (no value)
              "c":
                Error `tru`
              "e":
                array 36..42
                  Number("1") `1`
                  Number("2") `2`
            Invalid 6..7: Expected a value
            Invalid 11..11: Expected ':' after the property name
            Invalid 12..13: Expected a property name in double quotes
            Invalid 20..23: Unexpected token
            Invalid 25..26: Unexpected 'd': strings must be written in double quotes
            Invalid 26..26: Expected ',' here
            Invalid 27..27: Expected ',' here
            Invalid 28..29: Expected a property name in double quotes
            Invalid 38..38: Expected ',' here
            NotJson 40..41: Trailing commas are not allowed in JSON; Step Functions rejects them
            NotJson 42..43: Trailing commas are not allowed in JSON; Step Functions rejects them
        "#]],
        );
        check(
            "{\"a\": \"unterminated\n, \"b\": 1}",
            expect![[r#"
            object 0..29
              "a":
                String("unterminated") `"unterminated`
              "b":
                Number("1") `1`
            Invalid 6..19: Unterminated string: a closing '"' is missing
        "#]],
        );
        check(
            r#"{"a": {"b": [1, 2}, "c": 3"#,
            expect![[r#"
            object 0..26
              "a":
                object 6..18
                  "b":
                    array 12..17
                      Number("1") `1`
                      Number("2") `2`
              "c":
                Number("3") `3`
            Invalid 0..1: This object is never closed: '}' is missing
            Invalid 17..18: Expected ']' before this
        "#]],
        );
        check(
            r#"{"a": 1} trailing"#,
            expect![[r#"
            object 0..8
              "a":
                Number("1") `1`
            Invalid 9..17: Unexpected 'trailing': strings must be written in double quotes
        "#]],
        );
        check(
            "/* c */ {\"a\": \"bad \\q escape\", \"t\": \"tab\there\"}",
            expect![[r#"
            object 8..47
              "a":
                String("bad \\q escape") `"bad \q escape"`
              "t":
                String("tab\there") `"tab	here"`
            NotJson 0..7: Comments are not allowed in JSON; Step Functions rejects them
            Invalid 19..21: Invalid escape
            Invalid 36..46: A control character (such as a tab) inside a string must be escaped
        "#]],
        );
    }
}

#[cfg(test)]
mod two_threads {
    use super::*;

    /// Every node in arena order, with its range, kind and key ranges: two
    /// trees that print alike are the same tree, ids and all.
    fn print(tree: &Tree) -> String {
        let mut out = format!("root {:?}\n", tree.root());
        for index in 0..tree.len() {
            let id = NodeId(index as u32);
            let node = tree.node(id);
            out.push_str(&format!(
                "{index} {:?} {:?} closed={}",
                node.range,
                node.kind,
                tree.is_closed(id)
            ));
            if let NodeKind::Object(members) = node.kind {
                for member in members {
                    out.push_str(&format!(" {}@{:?}", member.key, tree.key_range(member)));
                }
            }
            out.push('\n');
        }
        for error in &tree.errors {
            out.push_str(&format!("{:?} {:?} {}\n", error.kind, error.range, error.message));
        }
        out
    }

    fn one_thread(text: &str) -> Tree {
        document(Parser::at(text, Tree::new(), 0, 0))
    }

    /// A definition of `states` states, written out with indentation.
    fn definition(states: usize) -> String {
        let mut text = String::from("{\n  \"StartAt\": \"S0\",\n  \"States\": {\n");
        for index in 0..states {
            let next = if index + 1 == states {
                "\"End\": true".to_string()
            } else {
                format!("\"Next\": \"S{}\"", index + 1)
            };
            text.push_str(&format!(
                "    \"S{index}\": {{\n      \"Type\": \"Pass\",\n      \"Result\": {{\"n\": {index}, \"list\": [1, \"two\", null]}},\n      {next}\n    }}{}\n",
                if index + 1 == states { "" } else { "," }
            ));
        }
        text.push_str("  },\n  \"Comment\": \"after the states\"\n}\n");
        text
    }

    #[test]
    fn a_large_definition_is_read_as_one_thread_reads_it() {
        let text = definition(4_000);
        assert!(text.len() >= PARALLEL_BYTES);
        let at = split_point(&text).expect("a place to split");
        assert!(text[at..].starts_with("\"S"), "{:?}", &text[at..at + 20]);
        assert!(
            members_from(&text, at, &AtomicBool::new(false)).is_some(),
            "the second parser reads the rest of the states"
        );
        assert_eq!(print(&parse(&text)), print(&one_thread(&text)));
    }

    #[test]
    fn mistakes_on_either_side_fall_back_to_one_parser() {
        let text = definition(4_000);
        let at = split_point(&text).unwrap();
        // A missing comma before the split, after it, and a stray closer.
        let first = text.find("\"S10\"").unwrap() - 6;
        let second = at + text[at..].find("\"Type\"").unwrap() - 1;
        let broken = [
            format!("{}{}", &text[..first], &text[first + 1..]),
            format!("{}{}", &text[..second], &text[second + 1..]),
            format!("{}}}{}", &text[..second], &text[second..]),
            format!("{}// a comment\n{}", &text[..second], &text[second..]),
        ];
        for text in broken {
            assert_eq!(print(&parse(&text)), print(&one_thread(&text)));
        }
    }

    #[test]
    fn a_split_that_is_no_member_boundary_is_never_taken() {
        // The least indented string line after the middle is an array item.
        let mut text = String::from("{\"list\": [\n");
        while text.len() < PARALLEL_BYTES * 2 {
            text.push_str("\"item\",\n");
        }
        text.push_str("\"last\"], \"after\": 1}");
        let at = split_point(&text).unwrap();
        assert!(members_from(&text, at, &AtomicBool::new(false)).is_none());
        assert_eq!(print(&parse(&text)), print(&one_thread(&text)));
        // The states of a definition, all on one line: no split at all.
        let minified: String = definition(4_000).split('\n').map(str::trim).collect();
        assert_eq!(split_point(&minified), None);
        assert_eq!(print(&parse(&minified)), print(&one_thread(&minified)));
    }
}

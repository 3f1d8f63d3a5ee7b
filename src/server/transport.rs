//! The base protocol, read by us before the LSP framework sees a byte.
//!
//! The framework's reader stops at the first frame it cannot decode, so
//! every frame is read and checked here first: a malformed one is answered
//! as JSON-RPC says (-32700 parse error, -32600 invalid request, with the
//! request's id whenever it can be found) and skipped, and only messages the
//! framework can decode reach it, through an in-memory pipe. Header names
//! are matched without regard to case, unknown headers are ignored and
//! `Content-Type` may leave out its charset. After a bad `Content-Length`
//! the reader finds its footing again on the next header; a frame over
//! [`MAX_FRAME`] bytes is skipped without being kept. Each step is linear in
//! the bytes read, and nothing here recurses on the nesting of the input.

use std::collections::VecDeque;
use std::io::{self, Read};

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, BufReader};
use tokio::sync::{mpsc, oneshot};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest frame that is read; a larger one is answered and skipped.
pub const MAX_FRAME: u64 = 256 << 20;
/// The longest header line kept; a longer one is skipped as garbage.
const MAX_HEADER_LINE: usize = 8 << 10;
/// How much of a refused frame is kept to find its id.
const ID_PREFIX: usize = 4 << 10;
const CHUNK: usize = 64 << 10;

/// Deeper messages take the slow path, which parses them as the framework
/// will (its parser stops at 128 levels).
const MAX_PLAIN_DEPTH: u64 = 100;

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

/// The method a `didChange` without a usable version is forwarded as, with
/// its version removed, so that its edits are still applied.
pub const CHANGE_WITHOUT_VERSION: &str = "asl/didChangeWithoutVersion";

/// What the reader makes of the input, one frame at a time.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    /// A message the framework can decode: its body.
    Message(Vec<u8>),
    /// Bytes that are no message: the error response to send, and why.
    Invalid { response: Value, reason: String },
}

/// A frame reader over any byte source that never gives up: it returns
/// `None` only when the input ends.
pub struct Reader<R> {
    input: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Set after a malformed frame until the next header line, so that one
    /// broken frame is answered once however many lines it leaves behind.
    garbage: bool,
    ready: VecDeque<Incoming>,
}

impl<R: Read> Reader<R> {
    pub fn new(input: R) -> Reader<R> {
        Reader {
            input,
            buf: Vec::new(),
            start: 0,
            end: 0,
            eof: false,
            garbage: false,
            ready: VecDeque::new(),
        }
    }

    /// The next message or malformed frame; `None` at the end of the input.
    pub fn next_incoming(&mut self) -> io::Result<Option<Incoming>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Ok(Some(item));
            }
            if !self.read_frame()? {
                return Ok(self.ready.pop_front());
            }
        }
    }

    fn available(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    fn consume(&mut self, n: usize) {
        self.start = (self.start + n).min(self.end);
    }

    /// Read more input; false when the input has ended.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        } else if self.start > 0 {
            // Only a partial header line or a few body bytes are ever left
            // unconsumed, so this copy is short.
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.buf.len() < self.end + CHUNK {
            self.buf.resize(self.end + CHUNK, 0);
        }
        loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            }
        }
    }

    /// Wait until the buffer starts with a whole line (up to its `\n`), or
    /// holds `MAX_HEADER_LINE` bytes without one, or the input has ended.
    /// Returns how many bytes to look at and whether a `\n` ends them.
    fn peek_line(&mut self) -> io::Result<(usize, bool)> {
        let mut searched = 0;
        loop {
            let available = self.available();
            if let Some(index) = available[searched..].iter().position(|&b| b == b'\n') {
                return Ok((searched + index + 1, true));
            }
            searched = available.len();
            if searched >= MAX_HEADER_LINE || !self.fill()? {
                return Ok((self.available().len(), false));
            }
        }
    }

    fn push_invalid(&mut self, code: i64, message: String, id: Value) {
        self.garbage = true;
        self.ready.push_back(Incoming::Invalid {
            response: error_response(code, &message, id),
            reason: message,
        });
    }

    /// Read one frame, pushing what it yields to `ready`. False at the end
    /// of the input.
    fn read_frame(&mut self) -> io::Result<bool> {
        let mut length: Option<Result<u64, String>> = None;
        let mut header_lines = 0;
        loop {
            let (len, complete) = self.peek_line()?;
            if len == 0 {
                return Ok(false);
            }
            // A header line is short (at most `MAX_HEADER_LINE`).
            let line = self.available()[..len].to_vec();
            let text = trim_line_end(&line);
            if complete && text.is_empty() {
                self.consume(len);
                if header_lines == 0 {
                    // A stray blank line between frames.
                    continue;
                }
                break;
            }
            match header(text).filter(|_| complete) {
                Some((name, value)) => {
                    header_lines += 1;
                    self.garbage = false;
                    if name.eq_ignore_ascii_case(b"content-length") {
                        length = Some(content_length(value));
                    } else if name.eq_ignore_ascii_case(b"content-type") {
                        check_content_type(value);
                    } else {
                        tracing::debug!(
                            header = %String::from_utf8_lossy(name),
                            "ignoring an unknown header"
                        );
                    }
                    self.consume(len);
                }
                None => {
                    // Not a header: bytes left over from a broken frame, or
                    // noise. Find the footing again on a `Content-Length`
                    // inside it, if there is one.
                    let skip = find_ignoring_case(&line, b"content-length")
                        .filter(|&at| at > 0)
                        .unwrap_or(len);
                    self.consume(skip);
                    if !self.garbage {
                        self.push_invalid(
                            PARSE_ERROR,
                            "Parse error: bytes outside any frame".to_string(),
                            Value::Null,
                        );
                    }
                    length = None;
                    header_lines = 0;
                    if !self.ready.is_empty() {
                        return Ok(true);
                    }
                }
            }
        }
        match length {
            Some(Ok(length)) => self.read_body(length)?,
            Some(Err(raw)) => self.read_unframed(format!("Parse error: Content-Length {raw:?} is not a byte count"))?,
            None => self.read_unframed("Parse error: the frame has no Content-Length header".to_string())?,
        }
        Ok(true)
    }

    /// Read a body of `length` bytes. When a JSON value ends early and
    /// something other than white space follows inside the declared length,
    /// the length was wrong: the frame stops there and the rest is read as
    /// the next frame.
    fn read_body(&mut self, length: u64) -> io::Result<()> {
        if length > MAX_FRAME {
            return self.skip_oversized(length);
        }
        // Room for a plausible body at once (a declared length is not
        // trusted further than that).
        let mut body = Vec::with_capacity(usize::try_from(length).unwrap_or(0).min(32 << 20));
        let mut scan = JsonEnd::default();
        let mut read = 0u64;
        while read < length {
            if self.available().is_empty() && !self.fill()? {
                tracing::warn!(length, read, "the input ended inside a frame");
                return Ok(());
            }
            let available = self.available();
            let want = available
                .len()
                .min(usize::try_from(length - read).unwrap_or(usize::MAX));
            let overrun = scan.overrun(&available[..want]);
            let take = overrun.unwrap_or(want);
            body.extend_from_slice(&available[..take]);
            self.consume(take);
            read += take as u64;
            if overrun.is_some() {
                let id = top_level_id(&body);
                let message = format!(
                    "Parse error: Content-Length {length} is longer than the message ({} bytes)",
                    body.len()
                );
                self.push_invalid(PARSE_ERROR, message, id);
                // What follows is most likely the next frame's header.
                self.garbage = false;
                return Ok(());
            }
        }
        self.finish(body, scan.max_depth);
        Ok(())
    }

    /// Skip a frame over the size limit, keeping only its first bytes to
    /// answer it with its id.
    fn skip_oversized(&mut self, length: u64) -> io::Result<()> {
        let mut prefix = Vec::new();
        let mut scan = JsonEnd::default();
        let mut read = 0u64;
        while read < length {
            if self.available().is_empty() && !self.fill()? {
                break;
            }
            let available = self.available();
            let want = available
                .len()
                .min(usize::try_from(length - read).unwrap_or(usize::MAX));
            let overrun = scan.overrun(&available[..want]);
            let take = overrun.unwrap_or(want);
            let keep = take.min(ID_PREFIX.saturating_sub(prefix.len()));
            prefix.extend_from_slice(&available[..keep]);
            self.consume(take);
            read += take as u64;
            if overrun.is_some() {
                break;
            }
        }
        let message = format!("Invalid request: a frame of {length} bytes is over the limit of {MAX_FRAME} bytes");
        self.push_invalid(INVALID_REQUEST, message, top_level_id(&prefix));
        self.garbage = false;
        Ok(())
    }

    /// A header block without a usable `Content-Length`: when a JSON object
    /// or array follows, skip it by its brackets and answer it with its id;
    /// anything else is skipped line by line as garbage.
    fn read_unframed(&mut self, message: String) -> io::Result<()> {
        if self.available().is_empty() && !self.fill()? {
            self.push_invalid(PARSE_ERROR, message, Value::Null);
            return Ok(());
        }
        if !matches!(self.available().first(), Some(b'{' | b'[')) {
            self.push_invalid(PARSE_ERROR, message, Value::Null);
            return Ok(());
        }
        let mut prefix = Vec::new();
        let mut scan = JsonEnd::default();
        let mut read = 0u64;
        loop {
            if self.available().is_empty() && !self.fill()? {
                break;
            }
            let available = self.available();
            let end = scan.end(available);
            let take = end.unwrap_or(available.len());
            let keep = take.min(ID_PREFIX.saturating_sub(prefix.len()));
            prefix.extend_from_slice(&available[..keep]);
            self.consume(take);
            read += take as u64;
            if end.is_some() || read > MAX_FRAME {
                break;
            }
        }
        self.push_invalid(PARSE_ERROR, message, top_level_id(&prefix));
        self.garbage = false;
        Ok(())
    }

    /// Check a whole body and queue it as a message or as its error.
    fn finish(&mut self, body: Vec<u8>, depth: u64) {
        match validate(body, depth) {
            Ok(body) => self.ready.push_back(Incoming::Message(body)),
            Err((code, message, id)) => self.push_invalid(code, message, id),
        }
    }
}

/// The members of a message the framework reads, checked without building
/// its params (the framework builds them once more anyway).
#[derive(Deserialize)]
struct Envelope {
    jsonrpc: Option<Value>,
    id: Option<Value>,
    method: Option<Value>,
    /// Only `textDocument.version` is kept, for the notifications that
    /// carry one; declared also so that a second `params` is caught here,
    /// as the framework would refuse it.
    params: Option<ProbeParams>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProbeParams {
    text_document: Option<ProbeDocument>,
}

#[derive(Deserialize)]
struct ProbeDocument {
    version: Option<Value>,
}

/// True when `text` is a request or notification the framework will
/// decode as it is: one pass that builds nothing but the small members.
/// Anything else takes the slow path in `validate`.
fn plainly_valid(text: &str) -> bool {
    let Ok(envelope) = serde_json::from_str::<Envelope>(text) else {
        return false;
    };
    let Some(Value::String(method)) = &envelope.method else {
        return false;
    };
    if envelope.jsonrpc.as_ref().and_then(Value::as_str) != Some("2.0")
        || envelope.id.as_ref().is_some_and(|id| !(id.is_i64() || id.is_string()))
    {
        return false;
    }
    if matches!(method.as_str(), "textDocument/didChange" | "textDocument/didOpen") {
        let version = envelope
            .params
            .and_then(|params| params.text_document)
            .and_then(|document| document.version);
        return version
            .as_ref()
            .and_then(Value::as_i64)
            .is_some_and(|version| i32::try_from(version).is_ok());
    }
    true
}

/// A message the framework can decode (perhaps rewritten), or the error
/// code, message and id to answer it with. `depth` is how deep its brackets
/// nest: skipping the params does not count it, and the framework's parser
/// stops at 128 levels.
fn validate(body: Vec<u8>, depth: u64) -> Result<Vec<u8>, (i64, String, Value)> {
    let Ok(text) = std::str::from_utf8(&body) else {
        return Err((
            PARSE_ERROR,
            "Parse error: the message is not UTF-8".to_string(),
            top_level_id(&body),
        ));
    };
    if depth <= MAX_PLAIN_DEPTH && plainly_valid(text) {
        return Ok(body);
    }
    // The slow path: odd messages, responses, and the versions to mend.
    // What is forwarded is written anew from the parsed value, so that a
    // repeated member (which the framework would refuse) is gone.
    let mut value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) if error.to_string().starts_with("recursion limit exceeded") => {
            return Err((
                INVALID_REQUEST,
                "Invalid request: the message is nested too deeply".to_string(),
                top_level_id(&body),
            ));
        }
        Err(error) => return Err((PARSE_ERROR, format!("Parse error: {error}"), top_level_id(&body))),
    };
    let Value::Object(object) = &value else {
        let message = if value.is_array() {
            "Invalid request: batches are not part of the Language Server Protocol"
        } else {
            "Invalid request: a message is a JSON object"
        };
        return Err((INVALID_REQUEST, message.to_string(), Value::Null));
    };
    let rewritten =
        |value: &Value| serde_json::to_vec(value).map_err(|error| (PARSE_ERROR, error.to_string(), Value::Null));
    if Response::deserialize(&value).is_ok() {
        return rewritten(&value);
    }
    if Request::deserialize(&value).is_err() {
        let id = match object.get("id") {
            Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
            _ => Value::Null,
        };
        let message = if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
            "Invalid request: \"jsonrpc\" must be \"2.0\"".to_string()
        } else if object
            .get("id")
            .is_some_and(|id| !(id.is_i64() || id.is_string() || id.is_null()))
        {
            "Invalid request: an id is an integer or a string".to_string()
        } else {
            "Invalid request: not a request, notification or response".to_string()
        };
        return Err((INVALID_REQUEST, message, id));
    }
    let method = object.get("method").and_then(Value::as_str);
    if let Some(method @ ("textDocument/didChange" | "textDocument/didOpen")) = method {
        let version = value.pointer("/params/textDocument/version");
        let valid = version
            .and_then(Value::as_i64)
            .is_some_and(|version| i32::try_from(version).is_ok());
        if !valid && value.pointer("/params/textDocument/uri").is_some() {
            tracing::warn!(
                version = %version.map_or("missing".to_string(), |version| version.to_string()),
                "{method} without a valid version: applied all the same"
            );
            if method == "textDocument/didChange" {
                value["method"] = Value::from(CHANGE_WITHOUT_VERSION);
                if let Some(document) = value.pointer_mut("/params/textDocument").and_then(Value::as_object_mut) {
                    document.remove("version");
                }
            } else if let Some(version) = value.pointer_mut("/params/textDocument/version") {
                *version = Value::from(0);
            } else if let Some(document) = value.pointer_mut("/params/textDocument").and_then(Value::as_object_mut) {
                document.insert("version".to_string(), Value::from(0));
            }
        }
    }
    rewritten(&value)
}

pub fn error_response(code: i64, message: &str, id: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A `Name: value` header line, split; `None` when the line is not one.
fn header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = &line[..colon];
    let token = |b: &u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b);
    if name.is_empty() || !name.iter().all(token) {
        return None;
    }
    Some((name, line[colon + 1..].trim_ascii()))
}

fn content_length(value: &[u8]) -> Result<u64, String> {
    let text = String::from_utf8_lossy(value);
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(text.into_owned());
    }
    text.parse::<u64>().map_err(|_| text.into_owned())
}

/// A charset other than UTF-8 is logged; the body is read as UTF-8, the
/// only encoding LSP allows, whatever the header says.
fn check_content_type(value: &[u8]) {
    let value = String::from_utf8_lossy(value);
    let charset = value
        .split(';')
        .skip(1)
        .filter_map(|parameter| parameter.trim().split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, charset)| charset.trim().trim_matches('"').to_ascii_lowercase());
    if let Some(charset) = charset.filter(|charset| charset != "utf-8" && charset != "utf8") {
        tracing::warn!(%charset, "Content-Type names a charset other than UTF-8; reading the body as UTF-8");
    }
}

fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    // Linear enough: the needle is a short constant.
    (0..=haystack.len().checked_sub(needle.len())?)
        .find(|&at| haystack[at..at + needle.len()].eq_ignore_ascii_case(needle))
}

/// Finds where a JSON object or array ends, byte by byte, without parsing
/// it (and without recursion, whatever the nesting).
#[derive(Default)]
struct JsonEnd {
    state: Scan,
    depth: u64,
    /// The deepest nesting seen.
    max_depth: u64,
    in_string: bool,
    escape: bool,
}

#[derive(Default, PartialEq)]
enum Scan {
    #[default]
    Before,
    Inside,
    Done,
    /// Not an object or array: the scan has nothing to say.
    Opaque,
}

impl JsonEnd {
    /// Feed one byte; true when it closes the top-level value.
    fn step(&mut self, byte: u8) -> bool {
        match self.state {
            Scan::Before => match byte {
                b' ' | b'\t' | b'\r' | b'\n' => {}
                b'{' | b'[' => {
                    self.state = Scan::Inside;
                    self.depth = 1;
                    self.max_depth = 1;
                }
                _ => self.state = Scan::Opaque,
            },
            Scan::Inside if self.in_string => {
                if self.escape {
                    self.escape = false;
                } else if byte == b'\\' {
                    self.escape = true;
                } else if byte == b'"' {
                    self.in_string = false;
                }
            }
            Scan::Inside => match byte {
                b'"' => self.in_string = true,
                b'{' | b'[' => {
                    self.depth += 1;
                    self.max_depth = self.max_depth.max(self.depth);
                }
                b'}' | b']' => {
                    self.depth -= 1;
                    if self.depth == 0 {
                        self.state = Scan::Done;
                        return true;
                    }
                }
                _ => {}
            },
            Scan::Done | Scan::Opaque => {}
        }
        false
    }

    /// Feed bytes; the index of the first byte that is not white space
    /// after the value has ended, if there is one among them.
    fn overrun(&mut self, bytes: &[u8]) -> Option<usize> {
        let mut index = 0;
        while index < bytes.len() {
            match self.state {
                Scan::Done => {
                    return bytes[index..]
                        .iter()
                        .position(|byte| !byte.is_ascii_whitespace())
                        .map(|offset| index + offset);
                }
                Scan::Opaque => return None,
                Scan::Inside if self.in_string && !self.escape => {
                    // Most of a message is inside strings: jump to the next
                    // byte that can end one.
                    match memchr::memchr2(b'"', b'\\', &bytes[index..]) {
                        Some(offset) => index += offset,
                        None => return None,
                    }
                }
                _ => {}
            }
            self.step(bytes[index]);
            index += 1;
        }
        None
    }

    /// Feed bytes; the index just past the value's end, if among them.
    fn end(&mut self, bytes: &[u8]) -> Option<usize> {
        bytes.iter().position(|&byte| self.step(byte)).map(|index| index + 1)
    }
}

/// The `id` of a JSON object, found by a flat scan that needs neither valid
/// JSON past the id, nor UTF-8, nor bounded nesting: it answers a broken
/// request with its own id. `null` when there is none to find.
fn top_level_id(bytes: &[u8]) -> Value {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_none_or(|start| bytes[start] != b'{') {
        return Value::Null;
    }
    let mut depth = 0u64;
    let mut in_string = false;
    let mut escape = false;
    let mut string_start = 0;
    let mut last_key: &[u8] = &[];
    let mut id_start = None;
    for (index, &byte) in bytes.iter().enumerate() {
        if in_string {
            if escape {
                escape = false;
            } else if byte == b'\\' {
                escape = true;
            } else if byte == b'"' {
                in_string = false;
                if depth == 1 {
                    last_key = &bytes[string_start..=index];
                }
            }
            continue;
        }
        match byte {
            b'"' => {
                in_string = true;
                string_start = index;
            }
            b':' if depth == 1 && last_key == b"\"id\"" => id_start = Some(index + 1),
            b'{' | b'[' => depth += 1,
            b'}' | b']' | b',' => {
                if depth == 1 {
                    if let Some(start) = id_start {
                        return match serde_json::from_slice::<Value>(&bytes[start..index]) {
                            Ok(id @ (Value::Number(_) | Value::String(_))) => id,
                            _ => Value::Null,
                        };
                    }
                }
                if byte != b',' {
                    depth = depth.saturating_sub(1);
                }
            }
            _ => {}
        }
    }
    Value::Null
}

/// What the writer task is asked to do.
pub enum Out {
    /// Write one whole frame, header included.
    Frame(Vec<u8>),
    /// Answer once everything queued before has been written.
    Flush(oneshot::Sender<()>),
}

/// A frame around a JSON body.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

/// Write frames to `output` in the order they are sent, one at a time, so
/// that our own answers and the framework's never interleave. It runs on a
/// thread of its own and writes with blocking calls: the runtime's stdout
/// would hand each write and each flush to its blocking pool, two thread
/// wake-ups per answer.
pub fn write_frames(mut output: impl io::Write, mut frames: mpsc::Receiver<Out>) {
    while let Some(out) = frames.blocking_recv() {
        match out {
            Out::Frame(frame) => {
                if output.write_all(&frame).and_then(|()| output.flush()).is_err() {
                    // The client has gone; there is no one left to answer.
                    return;
                }
            }
            Out::Flush(done) => {
                let _ = done.send(());
            }
        }
    }
}

/// Split the framework's output into frames and pass them on. The
/// framework writes well-formed frames only.
pub async fn relay_framework_output(input: impl AsyncRead + Unpin, frames: mpsc::Sender<Out>) {
    let mut input = BufReader::new(input);
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            match input.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.trim().eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let Some(length) = length else {
            continue;
        };
        let mut body = vec![0; length];
        if input.read_exact(&mut body).await.is_err() {
            return;
        }
        if frames.send(Out::Frame(frame(&body))).await.is_err() {
            return;
        }
    }
}

/// Read frames from `input` on the calling (blocking) thread until it
/// ends: the bodies of messages go to `messages`, malformed frames are
/// answered on `answers`.
pub fn read_frames(input: impl Read, messages: mpsc::Sender<Vec<u8>>, answers: mpsc::Sender<Out>) {
    let mut reader = Reader::new(input);
    loop {
        match reader.next_incoming() {
            Ok(Some(Incoming::Message(body))) => {
                if messages.blocking_send(body).is_err() {
                    return;
                }
            }
            Ok(Some(Incoming::Invalid { response, reason })) => {
                tracing::error!(id = %response["id"], "malformed message answered and skipped: {reason}");
                if answers
                    .blocking_send(Out::Frame(frame(response.to_string().as_bytes())))
                    .is_err()
                {
                    return;
                }
            }
            Ok(None) => return,
            Err(error) => {
                tracing::error!("cannot read the input: {error}");
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8]) -> Vec<Incoming> {
        let mut reader = Reader::new(input);
        let mut items = Vec::new();
        while let Some(item) = reader.next_incoming().unwrap() {
            items.push(item);
        }
        items
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// The error code and id of each item, or "ok" for a message.
    fn summary(items: &[Incoming]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                Incoming::Message(body) => {
                    // Whatever is forwarded, the framework decodes straight from the text.
                    assert!(
                        serde_json::from_slice::<Response>(body).is_ok()
                            || serde_json::from_slice::<Request>(body).is_ok(),
                        "{}",
                        String::from_utf8_lossy(body)
                    );
                    format!("ok {}", String::from_utf8_lossy(body))
                }
                Incoming::Invalid { response, .. } => {
                    format!("{} id={}", response["error"]["code"], response["id"])
                }
            })
            .collect()
    }

    fn after(bad: &str) -> Vec<String> {
        summary(&read_all(format!("{bad}{}", framed(PING)).as_bytes()))
    }

    #[test]
    fn well_formed_frames_pass_unchanged() {
        let input = format!("{}{}", framed(PING), framed(PING));
        assert_eq!(
            summary(&read_all(input.as_bytes())),
            [format!("ok {PING}"), format!("ok {PING}")]
        );
    }

    #[test]
    fn headers_in_any_case_with_or_without_charset_and_unknown_ones() {
        let ok = format!("ok {PING}");
        let n = PING.len();
        for headers in [
            format!("content-length: {n}\r\n"),
            format!("CONTENT-LENGTH:{n}\r\n"),
            format!("Content-Length: {n}\r\nContent-Type: application/vscode-jsonrpc\r\n"),
            format!("Content-Type: application/vscode-jsonrpc; charset=utf8\r\nContent-Length: {n}\r\n"),
            format!("Content-Length: {n}\r\nX-Trace: 1\r\nContent-Type: text/plain; charset=latin1\r\n"),
            format!("Content-Length: {n}\n"),
        ] {
            let input = format!("{headers}\r\n{PING}");
            assert_eq!(summary(&read_all(input.as_bytes())), vec![ok.clone()], "{headers:?}");
        }
    }

    #[test]
    fn bad_frames_are_answered_once_and_the_next_frame_is_read() {
        let ok = format!("ok {PING}");
        let request = r#"{"jsonrpc":"2.0","id":3,"method":"hover"}"#;
        let cases = [
            // Malformed JSON, with the id it has.
            (framed(r#"{"jsonrpc":"2.0","id":3,"method":"#), "-32700 id=3"),
            (framed("[]"), "-32600 id=null"),
            (framed(&format!("[{request}]")), "-32600 id=null"),
            (
                framed(r#"{"jsonrpc":"2.0","id":1.5,"method":"hover"}"#),
                "-32600 id=1.5",
            ),
            (
                framed(r#"{"jsonrpc":"2.0","id":{"a":1},"method":"hover"}"#),
                "-32600 id=null",
            ),
            (framed(r#"{"jsonrpc":"1.0","id":3,"method":"hover"}"#), "-32600 id=3"),
            (framed("42"), "-32600 id=null"),
            // Too short: the rest of the body is skipped up to the next header.
            (format!("Content-Length: 26\r\n\r\n{request}"), "-32700 id=3"),
            // Too long: the message ends before the next header.
            (
                format!("Content-Length: {}\r\n\r\n{request}", request.len() + 30),
                "-32700 id=3",
            ),
            (format!("Content-Length: -5\r\n\r\n{request}"), "-32700 id=3"),
            (format!("Content-Length: ten\r\n\r\n{request}"), "-32700 id=3"),
            (
                format!("Content-Length: 99999999999999999999999\r\n\r\n{request}"),
                "-32700 id=3",
            ),
            (format!("\r\n\r\n{request}"), "-32700 id=null"),
            (
                format!("Content-Type: application/json\r\n\r\n{request}"),
                "-32700 id=3",
            ),
            ("hello there\r\n".to_string(), "-32700 id=null"),
            (
                "Content-Length: 5\r\n".to_string() + "garbage\r\n\r\n",
                "-32700 id=null",
            ),
        ];
        for (bad, expected) in cases {
            assert_eq!(after(&bad), [expected.to_string(), ok.clone()], "{bad:?}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_a_parse_error() {
        let body = b"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"h\xffver\"}";
        let mut input = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        input.extend_from_slice(body);
        input.extend_from_slice(framed(PING).as_bytes());
        assert_eq!(
            summary(&read_all(&input)),
            ["-32700 id=4".to_string(), format!("ok {PING}")]
        );
    }

    #[test]
    fn deep_nesting_is_refused_with_the_id() {
        let body = format!(
            r#"{{"jsonrpc":"2.0","id":5,"method":"hover","params":{}1{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        assert_eq!(after(&framed(&body)), ["-32600 id=5".to_string(), format!("ok {PING}")]);
        // Very deep nesting costs no stack either.
        let body = format!(r#"{{"id":6,"params":{}}}"#, "[".repeat(1_000_000));
        assert_eq!(after(&framed(&body))[0], "-32600 id=6");
    }

    #[test]
    fn oversized_frames_are_skipped_unread() {
        // A declared length over the limit, with a short body: the next
        // frame is found after the body's closing brace.
        let bad = format!("Content-Length: {}\r\n\r\n{PING}", MAX_FRAME + 1);
        assert_eq!(after(&bad), ["-32600 id=7".to_string(), format!("ok {PING}")]);
    }

    #[test]
    fn a_change_without_a_version_is_forwarded_under_its_own_method() {
        for version in ["null", "\"3\"", "1.5", "99999999999"] {
            let body = format!(
                r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"file:///a.json","version":{version}}},"contentChanges":[]}}}}"#
            );
            let items = read_all(framed(&body).as_bytes());
            let [Incoming::Message(forwarded)] = &items[..] else {
                panic!("{items:?}");
            };
            let forwarded: Value = serde_json::from_slice(forwarded).unwrap();
            assert_eq!(forwarded["method"], CHANGE_WITHOUT_VERSION);
            assert_eq!(forwarded["params"]["textDocument"], json!({"uri": "file:///a.json"}));
        }
        let body = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.json","version":2},"contentChanges":[]}}"#;
        assert_eq!(summary(&read_all(framed(body).as_bytes())), [format!("ok {body}")]);
    }

    #[test]
    fn an_open_without_a_version_opens_at_version_zero() {
        for document in [
            r#"{"uri":"file:///a.json","languageId":"json","version":null,"text":"{}"}"#,
            r#"{"uri":"file:///a.json","languageId":"json","text":"{}"}"#,
        ] {
            let body = format!(
                r#"{{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{{"textDocument":{document}}}}}"#
            );
            let items = read_all(framed(&body).as_bytes());
            let [Incoming::Message(forwarded)] = &items[..] else {
                panic!("{items:?}");
            };
            let forwarded: Value = serde_json::from_slice(forwarded).unwrap();
            assert_eq!(forwarded["method"], "textDocument/didOpen");
            assert_eq!(forwarded["params"]["textDocument"]["version"], 0, "{forwarded}");
        }
    }

    #[test]
    fn responses_from_the_client_pass() {
        let body = r#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        let forwarded = r#"{"id":1,"jsonrpc":"2.0","result":null}"#;
        assert_eq!(summary(&read_all(framed(body).as_bytes())), [format!("ok {forwarded}")]);
    }

    #[test]
    fn a_repeated_member_is_forwarded_once() {
        // The framework refuses a repeated member; the last one is kept.
        let body = r#"{"jsonrpc":"2.0","id":1,"method":"ping","id":2}"#;
        let forwarded = r#"{"id":2,"jsonrpc":"2.0","method":"ping"}"#;
        assert_eq!(summary(&read_all(framed(body).as_bytes())), [format!("ok {forwarded}")]);
    }
}

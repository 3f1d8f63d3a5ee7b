//! The protocol abused: every kind of malformed frame a client (or a broken
//! pipe) can send, each followed by a normal request that must be answered
//! by a server still running; and a request that panics on purpose (under
//! the debug-only `ASL_LSP_TEST_PANIC` hook) costs that one answer only.
//! Runs the built binary on pipes; every wait has a timeout; no sleeps.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(30);

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    backlog: Vec<Value>,
}

impl Server {
    fn start(env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_asl-lsp"));
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .env_remove("ASL_LSP_LOG");
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("the asl-lsp binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    let (name, value) = line.split_once(':').expect("a header line");
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let message: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            backlog: Vec::new(),
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.send_raw(&frame(message.to_string().as_bytes()));
    }

    fn wait_for(&mut self, what: &str, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(index);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(message) = self.messages.recv_timeout(left) else {
                let status = self.child.try_wait().unwrap();
                panic!("no {what}; server status {status:?}; seen: {:#?}", self.backlog);
            };
            if matches(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// The response to request `id`.
    fn response(&mut self, id: Value) -> Value {
        self.wait_for(&format!("response to {id}"), |message| {
            message["id"] == id && message.get("method").is_none()
        })
    }

    /// A normal request, which must get a normal answer.
    fn ping(&mut self, id: i64) {
        self.send_ping(id);
        self.pong(id);
    }

    fn send_ping(&mut self, id: i64) {
        self.send(
            json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
            "params": {"textDocument": {"uri": "file:///nowhere.json"}}}),
        );
    }

    /// The normal answer to a ping, from a server still running.
    fn pong(&mut self, id: i64) {
        let response = self.response(json!(id));
        assert_eq!(response.get("result"), Some(&Value::Null), "{response}");
        assert!(self.child.try_wait().unwrap().is_none(), "the server has ended");
    }

    fn initialize(&mut self) {
        self.initialize_with(json!({"diagnosticsDelayMs": 0}));
    }

    fn initialize_with(&mut self, options: Value) {
        self.send(json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"processId": null, "rootUri": null, "capabilities": {},
                       "initializationOptions": options}}));
        let response = self.response(json!(0));
        assert!(response.get("result").is_some(), "{response}");
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    fn shutdown(mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": "bye", "method": "shutdown"}));
        let response = self.response(json!("bye"));
        assert_eq!(response.get("result"), Some(&Value::Null), "{response}");
        self.send(json!({"jsonrpc": "2.0", "method": "exit"}));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status}");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

const SYMBOLS: &str = r#"{"jsonrpc":"2.0","id":77,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///x.json"}}}"#;

/// Frames that are malformed, each with the error code and id it must be
/// answered with.
fn malformed() -> Vec<(&'static str, Vec<u8>, i64, Value)> {
    let request = SYMBOLS.as_bytes();
    let mut not_utf8 = SYMBOLS.replace("documentSymbol", "documentSymbo\u{0}").into_bytes();
    let nul = not_utf8.iter().position(|&b| b == 0).unwrap();
    not_utf8[nul] = 0xff;
    let deep = format!(
        r#"{{"jsonrpc":"2.0","id":77,"method":"textDocument/hover","params":{}1{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let with_header = |header: String| {
        let mut bytes = header.into_bytes();
        bytes.extend_from_slice(request);
        bytes
    };
    vec![
        (
            "malformed JSON",
            frame(br#"{"jsonrpc":"2.0","id":77,"method":}"#),
            -32700,
            json!(77),
        ),
        (
            "a batch array",
            frame(format!("[{SYMBOLS}]").as_bytes()),
            -32600,
            Value::Null,
        ),
        ("an empty batch", frame(b"[]"), -32600, Value::Null),
        (
            "a float id",
            frame(SYMBOLS.replace("77", "7.5").as_bytes()),
            -32600,
            json!(7.5),
        ),
        (
            "an object id",
            frame(SYMBOLS.replace("77", r#"{"n":77}"#).as_bytes()),
            -32600,
            Value::Null,
        ),
        (
            "jsonrpc 1.0",
            frame(SYMBOLS.replace("2.0", "1.0").as_bytes()),
            -32600,
            json!(77),
        ),
        ("a string body", frame(br#""hello""#), -32600, Value::Null),
        ("a non-UTF-8 byte", frame(&not_utf8), -32700, json!(77)),
        ("params nested 200 deep", frame(deep.as_bytes()), -32600, json!(77)),
        (
            "Content-Length too short",
            with_header(format!("Content-Length: {}\r\n\r\n", request.len() - 20)),
            -32700,
            json!(77),
        ),
        (
            "Content-Length too long",
            with_header(format!("Content-Length: {}\r\n\r\n", request.len() + 20)),
            -32700,
            json!(77),
        ),
        (
            "Content-Length negative",
            with_header("Content-Length: -4\r\n\r\n".to_string()),
            -32700,
            json!(77),
        ),
        (
            "Content-Length not a number",
            with_header("Content-Length: 1e3\r\n\r\n".to_string()),
            -32700,
            json!(77),
        ),
        (
            "Content-Length missing",
            with_header("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n".to_string()),
            -32700,
            json!(77),
        ),
        (
            "a frame over the size limit",
            with_header("Content-Length: 300000000\r\n\r\n".to_string()),
            -32600,
            json!(77),
        ),
        (
            "bytes outside any frame",
            b"GET / HTTP/1.1\r\n".to_vec(),
            -32700,
            Value::Null,
        ),
    ]
}

#[test]
fn malformed_frames_are_answered_and_skipped() {
    let mut server = Server::start(&[]);
    server.initialize();
    for (index, (case, bytes, code, id)) in malformed().into_iter().enumerate() {
        // The bad frame and a good request right behind it, as a client
        // would send them: a too-long Content-Length only shows as such
        // when the next frame comes.
        server.send_raw(&bytes);
        server.send_ping(1000 + index as i64);
        let answer = server.wait_for(case, |message| message.get("error").is_some() && message["id"] == id);
        assert_eq!(answer["error"]["code"], code, "{case}: {answer}");
        assert_eq!(answer["jsonrpc"], "2.0", "{case}: {answer}");
        server.pong(1000 + index as i64);
        assert!(
            !server.backlog.iter().any(|message| message.get("error").is_some()),
            "{case}: more than one answer: {:#?}",
            server.backlog
        );
    }
    server.shutdown();
}

#[test]
fn unusual_but_valid_frames_are_served() {
    let mut server = Server::start(&[]);
    server.initialize();
    let body = |id: i64| SYMBOLS.replace("77", &id.to_string());
    let cases = [
        ("lowercase content-length", "content-length: {n}\r\n\r\n"),
        ("uppercase CONTENT-LENGTH, no space", "CONTENT-LENGTH:{n}\r\n\r\n"),
        (
            "Content-Type without charset",
            "Content-Length: {n}\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n",
        ),
        (
            "Content-Type with charset utf8",
            "Content-Type: application/vscode-jsonrpc; charset=utf8\r\nContent-Length: {n}\r\n\r\n",
        ),
        (
            "a third, unknown header line",
            "Content-Length: {n}\r\nContent-Type: application/json\r\nX-Request: 1\r\n\r\n",
        ),
        ("bare newlines", "Content-Length: {n}\n\n"),
        ("blank lines between frames", "\r\n\r\nContent-Length: {n}\r\n\r\n"),
    ];
    for (index, (case, header)) in cases.into_iter().enumerate() {
        let id = 2000 + index as i64;
        let body = body(id);
        let mut bytes = header.replace("{n}", &body.len().to_string()).into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        server.send_raw(&bytes);
        let response = server.response(json!(id));
        assert_eq!(response.get("result"), Some(&Value::Null), "{case}: {response}");
    }
    // A string id is as good as a number.
    server.send_raw(&frame(SYMBOLS.replace("77", "\"s-1\"").as_bytes()));
    assert_eq!(server.response(json!("s-1"))["result"], Value::Null);
    server.shutdown();
}

#[test]
fn a_frame_over_the_limit_is_skipped_without_being_kept() {
    // 300 MB of real body: read through and thrown away, never buffered (the
    // server would need 300 MB more to keep it; this only checks that it is
    // skipped and the next request is served).
    let mut server = Server::start(&[]);
    server.initialize();
    let length = 300_000_000usize;
    let head = r#"{"jsonrpc":"2.0","id":55,"method":"textDocument/hover","params":{"padding":""#;
    let tail = r#""}}"#;
    let mut bytes = format!("Content-Length: {length}\r\n\r\n{head}").into_bytes();
    let padding = length - head.len() - tail.len();
    let chunk = vec![b'x'; 1 << 20];
    server.send_raw(&bytes);
    let mut left = padding;
    while left > 0 {
        let n = left.min(chunk.len());
        server.send_raw(&chunk[..n]);
        left -= n;
    }
    bytes.clear();
    bytes.extend_from_slice(tail.as_bytes());
    server.send_raw(&bytes);
    let answer = server.response(json!(55));
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    server.ping(56);
    server.shutdown();
}

#[test]
fn a_panicking_request_is_an_internal_error_and_the_next_is_served() {
    let marker = "PANIC-ON-PURPOSE";
    let mut server = Server::start(&[("ASL_LSP_TEST_PANIC", marker)]);
    server.initialize();
    let bad = "file:///bad.asl.json";
    let good = "file:///good.asl.json";
    let text = |extra: &str| {
        format!(
            r#"{{"Comment": "{extra}", "StartAt": "A", "States": {{"A": {{"Type": "Pass", "Next": "B"}}, "B": {{"Type": "Succeed"}}}}}}"#
        )
    };
    let open = |server: &mut Server, uri: &str, text: String| {
        server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}}));
    };
    open(&mut server, bad, text(marker));
    open(&mut server, good, text("fine"));
    let hover = |uri: &str, id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 60}}})
    };
    server.send(hover(bad, 1));
    let answer = server.response(json!(1));
    assert_eq!(answer["error"]["code"], -32603, "{answer}");
    server.send(hover(good, 2));
    let answer = server.response(json!(2));
    assert!(answer.get("error").is_none(), "{answer}");
    // The good document got its diagnostics; the bad one's task panicked
    // and published nothing, but a fixed version of it is published.
    server.wait_for("diagnostics of the good document", |message| {
        message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == good
    });
    server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
        "params": {"textDocument": {"uri": bad, "version": 2}, "contentChanges": [{"text": text("fixed")}]}}));
    let published = server.wait_for("diagnostics of the fixed document", |message| {
        message["method"] == "textDocument/publishDiagnostics" && message["params"]["uri"] == bad
    });
    assert_eq!(published["params"]["version"], 2, "{published}");
    server.send(hover(bad, 3));
    assert!(server.response(json!(3)).get("error").is_none());
    // Both panics were logged as errors to the client.
    for what in ["request failed", "diagnostics failed"] {
        let log = server.wait_for(what, |message| {
            message["method"] == "window/logMessage"
                && message["params"]["message"]
                    .as_str()
                    .is_some_and(|text| text.contains(what))
        });
        assert_eq!(log["params"]["type"], 1, "{log}");
    }
    server.shutdown();
}

/// A document whose analysis takes a while: a chain of 40,000 states.
fn open_big_document(server: &mut Server, uri: &str) {
    let mut text = String::from(r#"{"StartAt": "S0", "States": {"#);
    let states = 40_000;
    for index in 0..states {
        text.push_str(&format!(r#""S{index}": {{"Type": "Pass", "Next": "S{}"}},"#, index + 1));
    }
    text.push_str(&format!(r#""S{states}": {{"Type": "Succeed"}}}}}}"#));
    server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}}));
}

#[test]
fn a_cancelled_request_is_answered_at_once_and_the_server_goes_on() {
    let mut server = Server::start(&[]);
    server.initialize();
    let uri = "file:///big.asl.json";
    open_big_document(&mut server, uri);
    server.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/documentSymbol",
        "params": {"textDocument": {"uri": uri}}}),
    );
    server.send(json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 1}}));
    let answer = server.response(json!(1));
    assert_eq!(
        answer["error"]["code"],
        -32800,
        "answered with a result, once the work was done: {}",
        answer.get("error").unwrap_or(&Value::Null)
    );
    server.ping(2);
    server.shutdown();
}

#[test]
fn logs_reach_the_client_at_the_level_asked_for() {
    let is_log = |message: &Value| message["method"] == "window/logMessage";
    // Quiet by default: a request leaves no log line, a malformed frame an
    // error line.
    let mut server = Server::start(&[]);
    server.initialize();
    server.ping(1);
    server.send_raw(&frame(b"{oops"));
    let log = server.wait_for("an error log line", is_log);
    assert_eq!(log["params"]["type"], 1, "{log}");
    assert!(
        log["params"]["message"].as_str().unwrap().contains("malformed"),
        "{log}"
    );
    assert!(!server.backlog.iter().any(is_log), "{:#?}", server.backlog);
    server.shutdown();

    // At debug level, chosen by the option: each request, with its
    // document's version and the time it took.
    let mut server = Server::start(&[]);
    server.initialize_with(json!({"diagnosticsDelayMs": 0, "logLevel": "debug"}));
    let uri = "file:///logged.asl.json";
    server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 3, "text": "{}"}}}));
    server.send(
        json!({"jsonrpc": "2.0", "id": 5, "method": "textDocument/documentSymbol",
        "params": {"textDocument": {"uri": uri}}}),
    );
    server.response(json!(5));
    let log = server.wait_for("a debug line for the request", |message| {
        is_log(message)
            && message["params"]["message"]
                .as_str()
                .is_some_and(|text| text.contains("request served") && text.contains("documentSymbol"))
    });
    let text = log["params"]["message"].as_str().unwrap();
    assert!(text.contains("version=3") && text.contains("elapsed="), "{text}");
    assert_eq!(log["params"]["type"], 4, "{log}");
    server.shutdown();

    // Or by the environment.
    let mut server = Server::start(&[("ASL_LSP_LOG", "DEBUG")]);
    server.initialize();
    server.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 8, "text": "{}"}}}));
    server.wait_for("a debug line for didOpen", |message| {
        is_log(message)
            && message["params"]["message"]
                .as_str()
                .is_some_and(|text| text.contains("didOpen") && text.contains("version=8"))
    });
    server.shutdown();
}

#[test]
fn shutdown_is_answered_while_a_slow_request_runs() {
    // A slow request, then `shutdown` at once: the shutdown answer comes
    // first, then `exit` ends the process.
    let mut server = Server::start(&[]);
    server.initialize();
    let uri = "file:///big.asl.json";
    open_big_document(&mut server, uri);
    server.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/documentSymbol",
        "params": {"textDocument": {"uri": uri}}}),
    );
    server.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    let first = server.wait_for("an answer", |message| message.get("id").is_some());
    assert_eq!(first["id"], 2, "shutdown waited for the slow request: {first}");
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            return;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(5));
    }
}

//! Benchmark: the editor's view, over the real protocol against the built
//! binary with `diagnosticsDelayMs: 0`. On generated definitions of 1,000 and
//! 5,000 states: the time from `didOpen` to the `publishDiagnostics` of the
//! document, the time from a one-character `didChange` inside a state to the
//! `publishDiagnostics` of that version (with a full analysis in process, of
//! the same text, for scale), and on the largest document completion, hover
//! and definition round trips after an edit. `cargo bench --bench lsp` runs it.

mod common;
mod support;

use std::collections::HashSet;
use std::hint::black_box;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use asl_lsp::syntax::Format;
use asl_lsp::Analysis;
use serde_json::{json, Value};
use support::measure;

// The allocator of the binary, so that the in-process figure is the one users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn read_message(reader: &mut impl BufRead) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("the server answers");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().expect("a length");
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("a body");
    serde_json::from_slice(&body).expect("JSON")
}

/// The server under test, initialised with diagnostics published as soon as they are ready.
struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
    /// Diagnostics that arrived while an answer was awaited: (uri, version).
    published: HashSet<(String, i64)>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_asl-lsp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("asl-lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut server = Server {
            child,
            stdin,
            stdout,
            next_id: 1,
            published: HashSet::new(),
        };
        server.request(
            "initialize",
            json!({"capabilities": {}, "initializationOptions": {"diagnosticsDelayMs": 0}}),
        );
        server.notify("initialized", json!({}));
        server
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.stdin
            .write_all(&frame(&json!({"jsonrpc": "2.0", "method": method, "params": params})))
            .unwrap();
    }

    /// Send a request and wait for its answer, skipping whatever comes before it.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.stdin
            .write_all(&frame(
                &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
            ))
            .unwrap();
        loop {
            let message = read_message(&mut self.stdout);
            if message["id"] == id && message.get("method").is_none() {
                return message;
            }
            if message["method"] == "textDocument/publishDiagnostics" {
                let params = &message["params"];
                if let (Some(uri), Some(version)) = (params["uri"].as_str(), params["version"].as_i64()) {
                    self.published.insert((uri.to_string(), version));
                }
            }
        }
    }

    fn wait_for_diagnostics(&mut self, uri: &str, version: i64) {
        if self.published.remove(&(uri.to_string(), version)) {
            return;
        }
        loop {
            let message = read_message(&mut self.stdout);
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"] == version
            {
                return;
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

/// Where the edits and requests go, as LSP positions (the text is ASCII):
/// inside the `Comment` value and the `Next` value of the middle state.
struct Spots {
    comment: (u32, u32),
    next: (u32, u32),
}

fn spots(text: &str, states: usize) -> Spots {
    let lines: Vec<&str> = text.lines().collect();
    let key = format!("    \"Step{:05}\": {{", states / 2);
    let state = lines.iter().position(|line| *line == key).expect("the middle state");
    let after = |needle: &str| {
        let line = state
            + lines[state..]
                .iter()
                .position(|line| line.contains(needle))
                .expect(needle);
        (line as u32, (lines[line].find(needle).unwrap() + needle.len()) as u32)
    };
    let (line, character) = after("\"Comment\": \"");
    Spots {
        comment: (line, character + 4),
        next: after("\"Next\": \""),
    }
}

fn position((line, character): (u32, u32)) -> Value {
    json!({"line": line, "character": character})
}

/// Even versions type an `x` at `at`, odd ones take it away again.
fn typing(version: i64, at: (u32, u32)) -> Value {
    let end = if version % 2 == 0 { at } else { (at.0, at.1 + 1) };
    let text = if version % 2 == 0 { "x" } else { "" };
    json!({"range": {"start": position(at), "end": position(end)}, "text": text})
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn quantiles(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |quantile: f64| ms(times[((times.len() - 1) as f64 * quantile) as usize]);
    format!(
        "median {:.3}ms, p90 {:.3}ms, max {:.3}ms ({} runs)",
        at(0.5),
        at(0.9),
        at(1.0),
        times.len()
    )
}

fn main() {
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let sizes: &[usize] = if quick { &[100] } else { &[1000, 5000] };
    let uri = "file:///bench.asl.json";
    let mut last = None;
    for &states in sizes {
        let text = common::generated(states);
        let spots = spots(&text, states);
        let (budget, fewest) = if quick {
            (Duration::ZERO, 2)
        } else {
            (Duration::from_secs(1), 7)
        };
        let full = measure(budget, fewest, 1000, || {
            black_box(Analysis::new(black_box(&text), Format::Json));
        });

        let mut server = Server::start();
        // Open→diagnostics: each time a document of its own, closed once analysed.
        let opens = if quick { 2 } else { 9 };
        let open_times: Vec<Duration> = (0..opens)
            .map(|index| {
                let uri = format!("file:///open-{index}.asl.json");
                let start = Instant::now();
                server.open(&uri, &text);
                server.wait_for_diagnostics(&uri, 1);
                let elapsed = start.elapsed();
                server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
                elapsed
            })
            .collect();
        let open = median(open_times);

        server.open(uri, &text);
        server.wait_for_diagnostics(uri, 1);
        let rounds = if quick { 4 } else { 200 };
        let mut times = Vec::new();
        for version in 2..2 + rounds {
            let start = Instant::now();
            server.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version},
                       "contentChanges": [typing(version, spots.comment)]}),
            );
            server.wait_for_diagnostics(uri, version);
            times.push(start.elapsed());
        }
        let edit = median(times.clone());
        println!("{states} states, {} bytes:", text.len());
        println!("  full analysis in process            {:>9.3}ms", ms(full));
        println!(
            "  didOpen to diagnostics               {:>9.3}ms (median of {opens})",
            ms(open)
        );
        println!("  one-character didChange to diagnostics: {}", quantiles(times));
        println!(
            "  edit/open {:.3}, edit/full analysis {:.3}",
            edit.as_secs_f64() / open.as_secs_f64(),
            edit.as_secs_f64() / full.as_secs_f64()
        );
        if let Some((_, previous, _, _)) = last.replace((states, server, spots, 2 + rounds)) {
            previous.stop();
        }
    }

    // Requests on the largest document after an edit: sent right behind the
    // `didChange` (they wait for its analysis, as when typing triggers
    // completion), and sent once its diagnostics are out (the feature alone).
    let (states, mut server, spots, mut version) = last.expect("at least one size");
    let document = json!({"uri": uri});
    let at = position(spots.next);
    let inside = position((spots.next.0, spots.next.1 + 2));
    let requests = [
        ("completion", "textDocument/completion", &at),
        ("hover", "textDocument/hover", &inside),
        ("definition", "textDocument/definition", &inside),
    ];
    let rounds = if quick { 2 } else { 60 };
    println!("{states} states, requests in the middle state's Next value after a one-character edit:");
    for (name, method, position) in requests {
        let params = json!({"textDocument": document, "position": position});
        let answer = server.request(method, params.clone());
        let found = match &answer["result"] {
            Value::Null => 0,
            Value::Array(items) => items.len(),
            Value::Object(result) => result.get("items").and_then(Value::as_array).map_or(1, Vec::len),
            _ => 1,
        };
        assert!(found > 0, "{name}: no result ({answer}), so nothing worth timing");
        println!(
            "  {name:<10} answers {found} result(s), {} bytes of JSON",
            answer["result"].to_string().len()
        );
        let mut behind = Vec::new();
        let mut alone = Vec::new();
        for _ in 0..rounds {
            for analysed in [false, true] {
                server.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version},
                           "contentChanges": [typing(version, spots.comment)]}),
                );
                if analysed {
                    server.wait_for_diagnostics(uri, version);
                }
                let start = Instant::now();
                server.request(method, params.clone());
                let elapsed = start.elapsed();
                if !analysed {
                    server.wait_for_diagnostics(uri, version);
                }
                (if analysed { &mut alone } else { &mut behind }).push(elapsed);
                version += 1;
            }
        }
        println!("  {name:<10} right behind the edit: {}", quantiles(behind));
        println!("  {name:<10} once it is analysed:   {}", quantiles(alone));
    }
    server.stop();
}

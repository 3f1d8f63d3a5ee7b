//! Benchmark: the editor's view. Time from a `didChange` notification to the
//! `publishDiagnostics` of that version, over the real protocol against the
//! built binary, on a generated 1,000-state definition, with
//! `diagnosticsDelayMs: 0`. `cargo bench --bench lsp` runs it.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

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

fn main() {
    let quick = !std::env::args().any(|arg| arg == "--bench");
    let states = if quick { 100 } else { 1000 };
    let text = common::generated(states);
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl-lsp"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("asl-lsp starts");
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let uri = "file:///bench.asl.json";
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "capabilities": {}, "initializationOptions": {"diagnosticsDelayMs": 0}}}),
        ))
        .unwrap();
    while read_message(&mut stdout)["id"] != 1 {}
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ))
        .unwrap();
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}}),
        ))
        .unwrap();
    let wait_for = |stdout: &mut BufReader<_>, version: i64| loop {
        let message = read_message(stdout);
        if message["method"] == "textDocument/publishDiagnostics" && message["params"]["version"] == version {
            return;
        }
    };
    wait_for(&mut stdout, 1);
    // Type a comment character into the first state's Comment and back, one edit at a time.
    let line = text
        .lines()
        .position(|line| line.contains("\"Comment\": \"Task number"))
        .unwrap() as u32;
    let mut times: Vec<Duration> = Vec::new();
    let rounds = if quick { 5 } else { 200 };
    for version in 2..2 + rounds {
        let edit = if version % 2 == 0 {
            json!({"range": {"start": {"line": line, "character": 18}, "end": {"line": line, "character": 18}}, "text": "x"})
        } else {
            json!({"range": {"start": {"line": line, "character": 18}, "end": {"line": line, "character": 19}}, "text": ""})
        };
        let start = Instant::now();
        stdin
            .write_all(&frame(
                &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version}, "contentChanges": [edit]}}),
            ))
            .unwrap();
        wait_for(&mut stdout, version);
        times.push(start.elapsed());
    }
    times.sort();
    let at = |quantile: f64| times[((times.len() - 1) as f64 * quantile) as usize].as_secs_f64() * 1e3;
    println!(
        "{states} states, {} bytes: edit to diagnostics median {:.2}ms, p90 {:.2}ms, max {:.2}ms ({rounds} edits)",
        text.len(),
        at(0.5),
        at(0.9),
        at(1.0)
    );
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
        ))
        .unwrap();
    stdin
        .write_all(&frame(&json!({"jsonrpc": "2.0", "method": "exit", "params": null})))
        .unwrap();
    let _ = child.wait();
}

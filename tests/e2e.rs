//! End to end over the real protocol: the built `asl-lsp` binary on pipes,
//! driven like an editor drives it. Every wait has a timeout; no sleeps.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_asl-lsp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the asl-lsp binary starts");
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
                    if let Some(value) = line.strip_prefix("Content-Length: ") {
                        length = value.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let message: Value = serde_json::from_slice(&body).expect("a JSON-RPC message");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
            backlog: Vec::new(),
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.wait_for(|message| message["id"] == json!(id) && message.get("method").is_none());
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The first message (read now or earlier) that satisfies `matches`.
    fn wait_for(&mut self, matches: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.backlog.iter().position(&matches) {
            return self.backlog.remove(index);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("timed out; seen: {:#?}", self.backlog));
            if matches(&message) {
                return message;
            }
            self.backlog.push(message);
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self.wait_for(|message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"] == json!(version)
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, encodings: &[&str]) -> Value {
        self.initialize_with(json!({"general": {"positionEncodings": encodings}}))
    }

    /// `initialize` with the client capabilities `capabilities`, then `initialized`.
    fn initialize_with(&mut self, capabilities: Value) -> Value {
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": capabilities,
                "initializationOptions": {"diagnosticsDelayMs": 0},
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// `shutdown`, then `exit`: the process must end promptly with status 0.
    fn shutdown(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let status = self.wait_for_exit();
        assert!(status.success(), "exit status {status}");
    }

    /// Wait, with the timeout, for the server process to end.
    fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

const URI: &str = "file:///work/order.asl.json";

/// A state name with emoji and CJK text before the mistake, so that UTF-8
/// and UTF-16 columns differ.
const DOCUMENT: &str = r#"{
  "StartAt": "注文😀",
  "States": {
    "注文😀": {"Type": "Pass", "Next": "Ship"},
    "Ship": {"Type": "Succeed"}
  }
}
"#;

fn open(client: &mut Client, text: &str) {
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "json", "version": 1, "text": text}}),
    );
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

#[test]
fn utf16_session_with_edits_definition_and_symbols() {
    let mut client = Client::start();
    let result = client.initialize(&["utf-16"]);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
    open(&mut client, DOCUMENT);
    assert_eq!(client.diagnostics(URI, 1), Vec::<Value>::new());

    // Mistype the Next target: "Ship" -> "Shop". Line 3 is
    // `    "注文😀": {"Type": "Pass", "Next": "Ship"},`; in UTF-16 the emoji
    // counts two units, so the `i` of "Ship" is at character 40 (byte 46).
    let line = DOCUMENT.lines().nth(3).unwrap();
    let column = line.find("Ship").unwrap();
    let utf16_column = line[..column].encode_utf16().count() as u32 + 2;
    assert_eq!((utf16_column, column + 2), (40, 46));
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": range((3, utf16_column), (3, utf16_column + 1)), "text": "o"}],
        }),
    );
    let diagnostics = client.diagnostics(URI, 2);
    let missing: Vec<&Value> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic["code"] == "MISSING_TRANSITION_TARGET")
        .collect();
    assert_eq!(missing.len(), 2, "{diagnostics:#?}");
    let target = missing
        .iter()
        .find(|diagnostic| {
            diagnostic["message"]
                .as_str()
                .unwrap()
                .contains("Did you mean \"Ship\"?")
        })
        .expect("a did-you-mean for the typo");
    assert_eq!(target["range"], range((3, utf16_column - 3), (3, utf16_column + 3)));
    assert_eq!(target["severity"], 1);

    // Two edits in one notification, applied in order: fix the typo back.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 3},
            "contentChanges": [
                {"range": range((3, utf16_column), (3, utf16_column + 1)), "text": "X"},
                {"range": range((3, utf16_column), (3, utf16_column + 1)), "text": "i"},
            ],
        }),
    );
    assert_eq!(client.diagnostics(URI, 3), Vec::<Value>::new());

    // Go to definition from the Next value to the state key.
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": URI}, "position": {"line": 3, "character": utf16_column}}),
    );
    assert_eq!(definition["uri"], URI);
    assert_eq!(definition["range"], range((4, 4), (4, 10)));
    // And from StartAt to the emoji state, whose key ends after 2 + 2 UTF-16 units.
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 15}}),
    );
    assert_eq!(definition["range"], range((3, 4), (3, 10)));

    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| symbol["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["注文😀", "Ship"]);
    assert_eq!(symbols[0]["detail"], "Pass");
    assert_eq!(symbols[0]["selectionRange"], range((3, 4), (3, 10)));
    client.shutdown();
}

#[test]
fn utf8_session() {
    let mut client = Client::start();
    let result = client.initialize(&["utf-8", "utf-16"]);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    open(&mut client, DOCUMENT);
    assert_eq!(client.diagnostics(URI, 1), Vec::<Value>::new());
    // In UTF-8, `"注文😀"` spans 1 + 3 + 3 + 4 + 1 = 12 bytes from column 4.
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 16}}),
    );
    assert_eq!(definition["range"], range((3, 4), (3, 16)));
    // Typing a new Next target byte-positioned in UTF-8 after the emoji state key.
    let line = DOCUMENT.lines().nth(3).unwrap();
    let column = (line.find("Ship").unwrap() + 2) as u32;
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": range((3, column), (3, column + 1)), "text": "o"}],
        }),
    );
    let diagnostics = client.diagnostics(URI, 2);
    let target = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["message"].as_str().unwrap().contains("\"Shop\""))
        .expect("the typo is reported");
    assert_eq!(target["range"], range((3, column - 3), (3, column + 3)));
    client.shutdown();
}

#[test]
fn half_typed_document_still_gets_diagnostics_and_definition() {
    let mut client = Client::start();
    client.initialize(&[]);
    let text = "{\"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"Next\": \"B\"},\n  \"B\": {\"Type\": \"Pass\", \"Next\": \"";
    open(&mut client, text);
    let diagnostics = client.diagnostics(URI, 1);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "INVALID_JSON_DESCRIPTION"),
        "{diagnostics:#?}"
    );
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 34}}),
    );
    assert_eq!(definition["range"], range((2, 2), (2, 5)));
    client.shutdown();
}

#[test]
fn exit_without_shutdown_is_status_one() {
    let mut client = Client::start();
    client.initialize(&[]);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait_for_exit().code(), Some(1));
}

#[test]
fn yaml_documents_are_analysed_too() {
    let mut client = Client::start();
    client.initialize(&[]);
    let uri = "file:///work/flow.asl.yaml";
    let text = "StartAt: First\nStates:\n  First:\n    Type: Pass\n    Next: Secnd\n  Second:\n    Type: Succeed\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let diagnostics = client.diagnostics(uri, 1);
    let target = diagnostics
        .iter()
        .find(|diagnostic| {
            diagnostic["message"]
                .as_str()
                .unwrap()
                .contains("Did you mean \"Second\"?")
        })
        .unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(target["range"], range((4, 10), (4, 15)));
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 10}}),
    );
    assert_eq!(definition["range"], range((2, 2), (2, 7)));
    client.shutdown();
}

#[test]
fn odd_messages_never_stop_the_server() {
    let mut client = Client::start();
    client.initialize(&[]);
    // Requests about documents that were never opened.
    let result = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": "file:///nowhere.json"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(result, Value::Null);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere.json", "version": 2}, "contentChanges": [{"text": "{}"}]}),
    );
    // Invalid parameters get an error response, not a crash.
    client.send(json!({"jsonrpc": "2.0", "id": 900, "method": "textDocument/definition", "params": {"bogus": 1}}));
    let response = client.wait_for(|message| message["id"] == 900);
    assert!(response.get("error").is_some(), "{response}");
    // An unknown method is answered with an error too.
    client.send(json!({"jsonrpc": "2.0", "id": 901, "method": "asl/doesNotExist", "params": {}}));
    let response = client.wait_for(|message| message["id"] == 901);
    assert!(response.get("error").is_some(), "{response}");
    // Edits far outside the document, and positions past the end, are clamped.
    open(&mut client, "{}");
    client.diagnostics(URI, 1);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": range((99, 99), (120, 0)), "text": "\u{0}😀\r\n"},
                               {"range": range((0, 50), (0, 1)), "text": "x"}],
        }),
    );
    client.diagnostics(URI, 2);
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert!(symbols.is_array());
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": URI}, "position": {"line": 4000, "character": 4000}}),
    );
    assert_eq!(definition, Value::Null);
    client.shutdown();
}

#[test]
fn hover_completion_references_and_rename() {
    let mut client = Client::start();
    let result = client.initialize(&["utf-16"]);
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(capabilities["renameProvider"]["prepareProvider"], true);
    open(&mut client, DOCUMENT);
    client.diagnostics(URI, 1);
    let at = |line: u32, character: u32| json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}});

    // Hover on the state type.
    let line = DOCUMENT.lines().nth(3).unwrap();
    let on_pass = line[..line.find("Pass").unwrap()].encode_utf16().count() as u32;
    let hover = client.request("textDocument/hover", at(3, on_pass));
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**Pass state**"),
        "{hover}"
    );

    // Completion of the Next target lists the other states.
    let inside_next = line[..line.find("Ship").unwrap()].encode_utf16().count() as u32;
    let items = client.request("textDocument/completion", at(3, inside_next));
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Ship"]);

    // References of "Ship" from its key: the key and the Next value.
    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": {"line": 4, "character": 6}, "context": {"includeDeclaration": true}}),
    );
    assert_eq!(references.as_array().unwrap().len(), 2, "{references}");

    // Rename "Ship" to "Deliver": both places change; a taken name is refused.
    let prepared = client.request("textDocument/prepareRename", at(4, 6));
    assert_eq!(prepared["placeholder"], "Ship");
    let rename = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": {"line": 4, "character": 6}, "newName": "Deliver"}),
    );
    let edits = rename["changes"][URI].as_array().unwrap();
    assert_eq!(edits.len(), 2);
    assert!(edits.iter().all(|edit| edit["newText"] == "\"Deliver\""));
    client.send(json!({"jsonrpc": "2.0", "id": 700, "method": "textDocument/rename",
        "params": {"textDocument": {"uri": URI}, "position": {"line": 4, "character": 6}, "newName": "注文😀"}}));
    let refused = client.wait_for(|message| message["id"] == 700);
    assert!(
        refused["error"]["message"].as_str().unwrap().contains("already exists"),
        "{refused}"
    );
    client.shutdown();
}

#[test]
fn quick_fix_for_a_mistyped_target() {
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    open(
        &mut client,
        &DOCUMENT.replace("\"Next\": \"Ship\"", "\"Next\": \"Shp\""),
    );
    let diagnostics = client.diagnostics(URI, 1);
    let typo = diagnostics
        .iter()
        .find(|diagnostic| {
            diagnostic["message"]
                .as_str()
                .unwrap()
                .contains("Did you mean \"Ship\"?")
        })
        .unwrap_or_else(|| panic!("{diagnostics:#?}"))
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": typo["range"], "context": {"diagnostics": [typo]}}),
    );
    let action = &actions.as_array().unwrap()[0];
    assert_eq!(action["title"], "Change to \"Ship\"");
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "\"Ship\"");
    assert_eq!(edit["range"], typo["range"]);
    // After the correction, a suppression, into the state's `Comment` (made
    // first in the state, which has none).
    let suppress = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|action| action["title"] == "Suppress MISSING_TRANSITION_TARGET here (asl-lsp: ignore)")
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(suppress["isPreferred"], false);
    let edit = &suppress["edit"]["changes"][URI][0];
    assert_eq!(
        edit["newText"],
        "\"Comment\": \"asl-lsp: ignore MISSING_TRANSITION_TARGET\", "
    );
    client.shutdown();
}

/// A transition to a state that is not there yet: an action creates it;
/// applied (as the client does, through `didChange`), the problem is gone.
/// Asked for refactorings only, the quick fixes are left out.
#[test]
fn create_the_state_a_transition_names() {
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    let text =
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"Save\"}\n  }\n}\n";
    let uri = "file:///tmp/create.asl.json";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
    );
    let diagnostics = client.diagnostics(uri, 1);
    let missing = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == "MISSING_TRANSITION_TARGET")
        .unwrap_or_else(|| panic!("{diagnostics:#?}"))
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": missing["range"], "context": {"diagnostics": [missing]}}),
    );
    let create = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|action| action["title"] == "Create state \"Save\"")
        .unwrap_or_else(|| panic!("{actions}"))
        .clone();
    assert_eq!(create["kind"], "quickfix");
    assert_eq!(create["diagnostics"][0]["code"], "MISSING_TRANSITION_TARGET");
    let edits = create["edit"]["changes"][uri].as_array().unwrap().clone();
    let changes: Vec<Value> = edits
        .iter()
        .rev()
        .map(|edit| json!({"range": edit["range"], "text": edit["newText"]}))
        .collect();
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": changes}),
    );
    assert_eq!(client.diagnostics(uri, 2), Vec::<Value>::new());
    let refactorings = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": missing["range"],
               "context": {"diagnostics": [], "only": ["refactor"]}}),
    );
    assert!(
        refactorings
            .as_array()
            .unwrap()
            .iter()
            .all(|action| action["kind"].as_str().unwrap().starts_with("refactor")),
        "{refactorings}"
    );
    client.shutdown();
}

/// Converting a JSONPath state to JSONata over the protocol: applied, the
/// definition stays clean; where it is declined, a client that shows
/// disabled actions gets the reason and one that does not gets nothing.
#[test]
fn convert_a_state_to_jsonata() {
    let text = "{\n  \"StartAt\": \"Get\",\n  \"States\": {\n    \"Get\": {\n      \"Type\": \"Pass\",\n      \"Parameters\": {\"id.$\": \"$.order.id\"},\n      \"ResultPath\": \"$.found\",\n      \"Next\": \"Pick\"\n    },\n    \"Pick\": {\"Type\": \"Pass\", \"Parameters\": {\"all.$\": \"$.items[*]\"}, \"End\": true}\n  }\n}\n";
    let uri = "file:///tmp/convert.asl.json";
    let at = |name: &str| {
        let offset = text.find(name).unwrap();
        let line = text[..offset].matches('\n').count() as u32;
        let column = (offset - text[..offset].rfind('\n').map_or(0, |at| at + 1)) as u32;
        json!({"start": {"line": line, "character": column + 1}, "end": {"line": line, "character": column + 1}})
    };
    let conversion = |client: &mut Client, name: &str| -> Option<Value> {
        let actions = client.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": at(name), "context": {"diagnostics": [], "only": ["refactor"]}}),
        );
        actions
            .as_array()
            .unwrap()
            .iter()
            .find(|action| {
                action["title"]
                    .as_str()
                    .is_some_and(|title| title.ends_with("to JSONata"))
            })
            .cloned()
    };
    for disabled_support in [true, false] {
        let mut client = Client::start();
        client.initialize_with(json!({"textDocument": {"codeAction": {"disabledSupport": disabled_support}}}));
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
        );
        assert_eq!(client.diagnostics(uri, 1), Vec::<Value>::new());
        let declined = conversion(&mut client, "\"Pick\": {");
        if disabled_support {
            let declined = declined.unwrap_or_else(|| panic!("no declined conversion"));
            assert_eq!(declined["title"], "Convert \"Pick\" to JSONata");
            assert!(declined.get("edit").is_none(), "{declined}");
            assert!(
                declined["disabled"]["reason"]
                    .as_str()
                    .is_some_and(|reason| reason.contains("wildcard")),
                "{declined}"
            );
        } else {
            assert_eq!(declined, None);
        }
        // The whole machine: when the author asks, not whenever the cursor moves.
        let machine = |client: &mut Client, trigger: u32| -> Option<Value> {
            let actions = client.request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": at("\"Get\": {"),
                       "context": {"diagnostics": [], "triggerKind": trigger}}),
            );
            actions
                .as_array()
                .unwrap()
                .iter()
                .find(|action| action["title"] == "Convert the state machine to JSONata")
                .cloned()
        };
        assert_eq!(machine(&mut client, 2), None);
        if disabled_support {
            let whole = machine(&mut client, 1).unwrap_or_else(|| panic!("no machine conversion"));
            assert!(
                whole["disabled"]["reason"]
                    .as_str()
                    .is_some_and(|reason| reason.starts_with("state \"Pick\": ")),
                "{whole}"
            );
        }
        let convert = conversion(&mut client, "\"Get\": {").unwrap_or_else(|| panic!("no conversion"));
        assert_eq!(convert["kind"], "refactor.rewrite");
        let converted = apply_edits(text, &convert["edit"]["changes"][uri]);
        assert!(
            converted
                .contains("\"Output\": \"{% $merge([$states.input, {'found': {'id': $states.input.order.id}}]) %}\""),
            "{converted}"
        );
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": converted}]}),
        );
        assert_eq!(client.diagnostics(uri, 2), Vec::<Value>::new());
        client.shutdown();
    }
}

#[test]
fn rapid_edits_publish_only_current_versions_in_order() {
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    open(&mut client, DOCUMENT);
    client.diagnostics(URI, 1);
    // Type "Shipping" character by character over "Ship", as fast as the pipe takes it.
    let line = DOCUMENT.lines().nth(3).unwrap();
    let column = line[..line.find("Ship").unwrap() + 4].encode_utf16().count() as u32;
    let mut version = 1;
    for (column, ch) in (column..).zip("ping".chars()) {
        version += 1;
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": version},
                "contentChanges": [{"range": range((3, column), (3, column)), "text": ch.to_string()}],
            }),
        );
    }
    let last = client.diagnostics(URI, version);
    assert!(
        last.iter()
            .any(|diagnostic| diagnostic["message"].as_str().unwrap().contains("\"Shipping\"")),
        "{last:#?}"
    );
    // Whatever was published on the way came in version order, and nothing after the last.
    let published: Vec<i64> = client
        .backlog
        .iter()
        .filter(|message| message["method"] == "textDocument/publishDiagnostics")
        .map(|message| message["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(published.windows(2).all(|pair| pair[0] < pair[1]), "{published:?}");
    assert!(published.iter().all(|&published| published < version), "{published:?}");
    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert_eq!(symbols[1]["name"], "Ship");
    client.shutdown();
}

impl Client {
    /// `shutdown` and `exit`, then everything the server wrote that was not
    /// read yet, up to the end of its output.
    fn shutdown_and_collect(mut self) -> Vec<Value> {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        let status = self.wait_for_exit();
        assert!(status.success(), "exit status {status}");
        let mut messages = std::mem::take(&mut self.backlog);
        while let Ok(message) = self.messages.recv_timeout(TIMEOUT) {
            messages.push(message);
        }
        messages
    }
}

#[test]
fn a_closed_document_keeps_no_diagnostics() {
    // The race this guards against showed in about one run in eight at
    // 3,000 cycles.
    const CYCLES: i64 = 10_000;
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    let text = DOCUMENT.replace("\"Next\": \"Ship\"", "\"Next\": \"Shp\"");
    for version in 1..=CYCLES {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "json", "version": version, "text": text}}),
        );
        client.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    }
    // Another document opened after the last close, and its diagnostics
    // awaited: by then the closed one's tasks have had their turn.
    let other = "file:///work/other.asl.json";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": other, "languageId": "json", "version": 1, "text": text}}),
    );
    assert!(!client.diagnostics(other, 1).is_empty());
    let messages = client.shutdown_and_collect();
    // The n-th clearing (published without a version) answers the n-th
    // close, of version n: nothing of version n or older may follow it.
    let mut closed = 0;
    for message in &messages {
        if message["method"] != "textDocument/publishDiagnostics" || message["params"]["uri"] != URI {
            continue;
        }
        let params = &message["params"];
        match params["version"].as_i64() {
            None => {
                assert_eq!(params["diagnostics"], json!([]), "{message}");
                closed += 1;
            }
            Some(version) => assert!(
                version > closed,
                "version {version} published after its close: {message}"
            ),
        }
    }
    assert_eq!(closed, CYCLES);
}

#[test]
fn edits_with_an_invalid_version_are_applied_all_the_same() {
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    open(&mut client, DOCUMENT);
    assert_eq!(client.diagnostics(URI, 1), Vec::<Value>::new());
    let line = DOCUMENT.lines().nth(3).unwrap();
    let ship = line[..line.find("Ship").unwrap()].encode_utf16().count() as u32;
    // "Ship" becomes "Shop", "Shap", then "Shapp", each edit with a version
    // that is null, missing, or a string.
    let edits = [
        (
            json!({"uri": URI, "version": null}),
            range((3, ship + 2), (3, ship + 3)),
            "o",
        ),
        (json!({"uri": URI}), range((3, ship + 2), (3, ship + 3)), "a"),
        (
            json!({"uri": URI, "version": "4"}),
            range((3, ship + 3), (3, ship + 3)),
            "p",
        ),
    ];
    for (document, range, text) in edits {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": document, "contentChanges": [{"range": range, "text": text}]}),
        );
    }
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 5}, "contentChanges": []}),
    );
    let diagnostics = client.diagnostics(URI, 5);
    assert!(
        diagnostics
            .iter()
            .any(|diagnostic| diagnostic["message"].as_str().unwrap().contains("\"Shapp\"")),
        "{diagnostics:#?}"
    );
    // A document opened without a version is opened at version 0.
    let other = "file:///work/unversioned.asl.json";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": other, "languageId": "json", "version": null, "text": "{}"}}),
    );
    assert!(!client.diagnostics(other, 0).is_empty());
    client.shutdown();
}

/// Every position in `value` (any object with `line` and `character`) lies
/// within its line's text, never inside its line break.
fn assert_positions_within_lines(value: &Value, lines: &[Vec<u16>]) {
    match value {
        Value::Object(object) => {
            if let (Some(line), Some(character)) = (
                object.get("line").and_then(Value::as_u64),
                object.get("character").and_then(Value::as_u64),
            ) {
                let length = lines.get(line as usize).map_or(0, Vec::len) as u64;
                assert!(
                    character <= length,
                    "position {value} past the end of its line ({length})"
                );
            }
            object
                .values()
                .for_each(|value| assert_positions_within_lines(value, lines));
        }
        Value::Array(values) => values
            .iter()
            .for_each(|value| assert_positions_within_lines(value, lines)),
        _ => {}
    }
}

#[test]
fn ranges_in_crlf_documents_never_end_inside_a_line_break() {
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    let documents = [
        ("file:///work/crlf.asl.json", "json", "{\r\n  \"StartAt\": \"A\",\r\n  \"States\": {\r\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"B\r\n    \"C\": {\"Type\": \"Tsk\"}\r\n  }\r\n"),
        ("file:///work/crlf.asl.yaml", "yaml", "StartAt: A\r\nStates:\r\n  A:\r\n    Type: Pass\r\n    Next: Nowhere\r\n  B:\r\n    Type: [\r\n  C: {Type: Succeed\r\n"),
    ];
    for (uri, language, text) in documents {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        let lines: Vec<Vec<u16>> = text
            .split('\n')
            .map(|line| line.trim_end_matches('\r').encode_utf16().collect())
            .collect();
        let diagnostics = client.diagnostics(uri, 1);
        assert!(!diagnostics.is_empty(), "{uri}");
        assert_positions_within_lines(&Value::Array(diagnostics), &lines);
        let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
        assert_positions_within_lines(&symbols, &lines);
    }
    client.shutdown();
}

#[test]
fn formatting_folding_highlights_and_the_graph_over_the_protocol() {
    let mut client = Client::start();
    let result = client.initialize(&["utf-16"]);
    let capabilities = &result["capabilities"];
    for capability in [
        "documentFormattingProvider",
        "documentRangeFormattingProvider",
        "foldingRangeProvider",
        "selectionRangeProvider",
        "documentHighlightProvider",
    ] {
        assert_eq!(capabilities[capability], true, "{capability}");
    }
    let squeezed = "{\"StartAt\": \"A\",\n\"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}, \"B\": {\"Type\": \"Succeed\"}}\n}";
    open(&mut client, squeezed);
    client.diagnostics(URI, 1);
    let document = json!({"uri": URI});

    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": document, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().expect("edits for a one-line document");
    assert!(!edits.is_empty());
    assert!(edits
        .iter()
        .any(|edit| edit["newText"].as_str().unwrap().contains('\n')));

    // The root spans three lines: it folds up to its closing line.
    let folds = client.request("textDocument/foldingRange", json!({"textDocument": document}));
    assert_eq!(folds[0]["startLine"], 0, "{folds}");
    assert_eq!(folds[0]["endLine"], 1, "{folds}");

    let selections = client.request(
        "textDocument/selectionRange",
        json!({"textDocument": document, "positions": [{"line": 1, "character": 20}]}),
    );
    assert!(selections[0]["parent"].is_object(), "{selections}");

    // On the key of B: its key (written) and the Next naming it (read).
    let second_line = squeezed.lines().nth(1).unwrap();
    let on_b = second_line.find("\"B\": {").unwrap() as u32 + 1;
    let marks = client.request(
        "textDocument/documentHighlight",
        json!({"textDocument": document, "position": {"line": 1, "character": on_b}}),
    );
    assert_eq!(marks.as_array().map(Vec::len), Some(2), "{marks}");

    let graph = client.request("asl/graph", json!({"textDocument": document}));
    assert!(graph["svg"].as_str().unwrap().starts_with("<svg"), "{graph}");
    assert!(graph["mermaid"].as_str().unwrap().contains("-->"), "{graph}");
    // A definition file is one machine, the whole of it.
    assert_eq!(graph["machine"], 0, "{graph}");
    assert_eq!(graph["machines"].as_array().map(Vec::len), Some(1), "{graph}");
    assert_eq!(
        graph["machines"][0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    client.shutdown();
}

/// Each state's `data-state` and `data-offset` in an SVG picture, in order.
fn graph_states(svg: &str) -> Vec<(String, usize)> {
    svg.split("data-state=\"")
        .skip(1)
        .map(|rest| {
            let name = &rest[..rest.find('"').unwrap()];
            let offset = rest.split("data-offset=\"").nth(1).unwrap();
            (name.to_string(), offset[..offset.find('"').unwrap()].parse().unwrap())
        })
        .collect()
}

/// `asl/graph` in a template of two machines, one of them a quoted
/// `DefinitionString`: the machine drawn is the one the cursor is in (else
/// the one asked for, else the first), and every box's `data-offset` is
/// where its key is written in the file, escapes included.
#[test]
fn the_graph_of_the_machine_under_the_cursor() {
    let uri = "file:///work/two.template.json";
    // Text that is not ASCII before both machines: UTF-16 columns and byte offsets differ.
    let text = r#"{
  "Description": "Orders — and refunds ✓",
  "Resources": {
    "OrderMachine": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "Definition": {
          "StartAt": "Take order",
          "States": {
            "Take order": {"Type": "Pass", "Next": "Done"},
            "Done": {"Type": "Succeed"}
          }
        }
      }
    },
    "RefundMachine": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "DefinitionString": "{\"Comment\": \"é\", \"StartAt\": \"Check refund\", \"States\": {\"Check refund\": {\"Type\": \"Pass\", \"Next\": \"Refunded\"}, \"Refunded\": {\"Type\": \"Succeed\"}}}"
      }
    }
  }
}
"#;
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
    );
    assert_eq!(client.diagnostics(uri, 1), Vec::<Value>::new());
    let position = |needle: &str| {
        let line = text.lines().position(|line| line.contains(needle)).unwrap();
        let before = &text.lines().nth(line).unwrap()[..text.lines().nth(line).unwrap().find(needle).unwrap()];
        json!({"line": line, "character": before.encode_utf16().count() + 2})
    };
    let graph = |client: &mut Client, extra: Value| {
        let mut params = json!({"textDocument": {"uri": uri}});
        params
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        client.request("asl/graph", params)
    };
    let drawn = |answer: &Value| -> Vec<String> {
        graph_states(answer["svg"].as_str().unwrap())
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    };

    let order = graph(&mut client, json!({"position": position("\"Take order\": {")}));
    assert_eq!(
        (&order["machine"], &order["name"]),
        (&json!(0), &json!("OrderMachine")),
        "{order}"
    );
    assert_eq!(drawn(&order), ["Take order", "Done"]);
    let refund = graph(&mut client, json!({"position": position("Check refund\\\": {")}));
    assert_eq!(
        (&refund["machine"], &refund["name"]),
        (&json!(1), &json!("RefundMachine")),
        "{refund}"
    );
    assert_eq!(drawn(&refund), ["Check refund", "Refunded"]);
    assert!(refund["mermaid"].as_str().unwrap().contains("Check refund"), "{refund}");

    // Each box points at its key as the file writes it: `"Name":`, or `\"Name\":` inside the string.
    for (answer, quote) in [(&order, "\""), (&refund, "\\\"")] {
        for (name, offset) in graph_states(answer["svg"].as_str().unwrap()) {
            let key = format!("{quote}{name}{quote}:");
            assert!(
                text[offset..].starts_with(&key),
                "{name} at {offset}: {:?}",
                &text[offset..(offset + 30).min(text.len())]
            );
        }
    }

    // Both machines with the ranges they are read from, for the client to tell which one its cursor is in.
    let machines = order["machines"].as_array().unwrap();
    assert_eq!(machines, refund["machines"].as_array().unwrap());
    let names: Vec<&Value> = machines.iter().map(|machine| &machine["name"]).collect();
    assert_eq!(names, [&json!("OrderMachine"), &json!("RefundMachine")]);
    let definition = text.lines().position(|line| line.contains("\"Definition\":")).unwrap();
    assert_eq!(machines[0]["range"]["start"]["line"], definition, "{machines:?}");
    assert_eq!(machines[0]["range"]["end"]["line"], definition + 6, "{machines:?}");
    let string = text
        .lines()
        .position(|line| line.contains("\"DefinitionString\":"))
        .unwrap();
    assert_eq!(machines[1]["range"]["start"]["line"], string, "{machines:?}");
    assert_eq!(machines[1]["range"]["end"]["line"], string, "{machines:?}");

    // Outside both: the one asked for, else the first; with no position, the first.
    let outside = position("Description");
    let asked = graph(&mut client, json!({"position": outside, "machine": 1}));
    assert_eq!(drawn(&asked), ["Check refund", "Refunded"]);
    let first = graph(&mut client, json!({"position": outside}));
    assert_eq!(first["machine"], 0);
    let unknown = graph(&mut client, json!({"machine": 7}));
    assert_eq!(unknown["machine"], 0);
    assert_eq!(graph(&mut client, json!({}))["svg"], order["svg"]);
    client.shutdown();
}

/// A machine of hundreds of states: completion of a `Next` value sends the
/// best 100 names and says the list is incomplete, so the client asks again
/// as the user types; what is typed decides which names are sent.
#[test]
fn long_completion_lists_are_cut_and_marked_incomplete() {
    let names: Vec<String> = (0..500).map(|index| format!("S{index:03}")).collect();
    let states: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(index, name)| match names.get(index + 1) {
            Some(next) => format!("    \"{name}\": {{\"Type\": \"Pass\", \"Next\": \"{next}\"}}"),
            None => format!("    \"{name}\": {{\"Type\": \"Succeed\"}}"),
        })
        .collect();
    let text = format!(
        "{{\n  \"StartAt\": \"S000\",\n  \"States\": {{\n{}\n  }}\n}}\n",
        states.join(",\n")
    );
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    open(&mut client, &text);
    client.diagnostics(URI, 1);
    // Line 3 is the first state: `    "S000": {"Type": "Pass", "Next": "S001"}`.
    let line = text.lines().nth(3).unwrap();
    let value_start = line.find("\"S001\"").unwrap() as u32 + 1;
    let complete = |client: &mut Client, character: u32| {
        client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": {"line": 3, "character": character}}),
        )
    };
    let labels = |answer: &Value| -> Vec<String> {
        answer["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["label"].as_str().unwrap().to_string())
            .collect()
    };
    let answer = complete(&mut client, value_start);
    assert_eq!(answer["isIncomplete"], true, "{answer}");
    assert_eq!(labels(&answer).len(), 100);
    // With "S4" typed, the names that start with it come first, all of them.
    let answer = complete(&mut client, value_start + 2);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": range((3, value_start), (3, value_start + 4)), "text": "S4"}]}),
    );
    client.diagnostics(URI, 2);
    let typed = complete(&mut client, value_start + 2);
    let typed = labels(&typed);
    // All hundred of them, and only they, are the hundred sent (the client sorts by sortText).
    assert_eq!(
        typed.iter().filter(|label| label.starts_with("S4")).count(),
        100,
        "{typed:?}"
    );
    assert!(typed.contains(&"S499".to_string()));
    assert_eq!(answer["isIncomplete"], true);
    client.shutdown();
}

/// A SAM template over the protocol: the mistake inside its state machine
/// is reported at its place (and nothing of the template itself), definition
/// and rename work inside the definition, the outline has the machine by its
/// resource name, and an edit that fixes the mistake clears it.
#[test]
fn state_machine_inside_a_sam_template() {
    let uri = "file:///work/template.yaml";
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/templates/sam.template.yaml"
    ))
    .unwrap();
    let line_of = |needle: &str| text.lines().position(|line| line.contains(needle)).unwrap() as u32;
    let column_of = |needle: &str| {
        let line = text.lines().rev().find(|line| line.contains(needle)).unwrap();
        line.find(needle).unwrap() as u32
    };
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let diagnostics = client.diagnostics(uri, 1);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["MISSING_TRANSITION_TARGET", "MISSING_TRANSITION_TARGET"],
        "{diagnostics:?}"
    );
    let typo = line_of("            Next: Notfy");
    assert_eq!(diagnostics[0]["range"], range((typo, 18), (typo, 23)));

    // Definition of `Next: Store` is the `Store:` key.
    let next = line_of("            Next: Store");
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": next, "character": 20}}),
    );
    let store = line_of("          Store:");
    assert_eq!(definition["range"]["start"]["line"], store, "{definition}");

    // Rename `Store` everywhere in its machine.
    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": store, "character": 11}, "newName": "Save"}),
    );
    let edits = edit["changes"][uri].as_array().unwrap();
    let mut lines: Vec<u64> = edits
        .iter()
        .map(|edit| edit["range"]["start"]["line"].as_u64().unwrap())
        .collect();
    lines.sort();
    assert_eq!(lines, [u64::from(next), u64::from(store)], "{edit}");

    // Hover and completion answer inside the template; outside any machine, nothing.
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": typo, "character": 18}}),
    );
    let labels: Vec<&str> = completion
        .as_array()
        .or_else(|| completion["items"].as_array())
        .unwrap()
        .iter()
        .map(|item| item["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"Notify"), "{labels:?}");
    let outside = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line_of("Runtime:"), "character": 8}}),
    );
    assert_eq!(outside, Value::Null);

    let symbols = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert_eq!(symbols[0]["name"], "OrderStateMachine", "{symbols}");
    let states: Vec<&str> = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|state| state["name"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["Process", "Store", "Notify"]);

    // Fix the typo: the diagnostics go.
    let start = column_of("Next: Notfy") + 6;
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": range((typo, start), (typo, start + 5)), "text": "Notify"}]}),
    );
    assert_eq!(client.diagnostics(uri, 2), Vec::<Value>::new());

    // A file named like a template that holds something else gets nothing,
    // since clients attach to such names whatever they hold.
    let other = "file:///work/config/template.json";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": other, "languageId": "json", "version": 1, "text": "{\"name\": \"not a template\"}"}}),
    );
    assert_eq!(client.diagnostics(other, 1), Vec::<Value>::new());

    // A client may attach the server to every JSON file: what is neither a
    // definition nor a template gets nothing; a definition by its content does.
    let package = "file:///work/package.json";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": package, "languageId": "json", "version": 1, "text": "{\"name\": \"app\", \"version\": \"1.0.0\"}"}}),
    );
    assert_eq!(client.diagnostics(package, 1), Vec::<Value>::new());
    let flow = "file:///work/flow.json";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": flow, "languageId": "json", "version": 1, "text": "{\"StartAt\": \"A\", \"States\": {}}"}}),
    );
    assert!(!client.diagnostics(flow, 1).is_empty());
    client.shutdown();
}

/// The `Fn::Join` that CDK synthesises: a problem lands on the escaped
/// characters it is about, and definition and hover reach inside the
/// string, in the file's coordinates.
#[test]
fn state_machine_inside_a_cdk_join() {
    let uri = "file:///work/cdk.template.json";
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/templates/cdk.template.json"
    ))
    .unwrap()
    .replacen(r#"\"Next\":\"Done\""#, r#"\"Next\":\"Don\""#, 1);
    let find = |needle: &str| {
        let at = text.find(needle).unwrap();
        let line = text[..at].matches('\n').count() as u32;
        let character = (at - text[..at].rfind('\n').map_or(0, |index| index + 1)) as u32;
        (line, character)
    };
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
    );
    let diagnostics = client.diagnostics(uri, 1);
    let typo = find(r#"\"Don\""#);
    assert_eq!(diagnostics[0]["code"], "MISSING_TRANSITION_TARGET", "{diagnostics:?}");
    assert_eq!(diagnostics[0]["range"], range(typo, (typo.0, typo.1 + 7)));

    // Definition from `StartAt` to the state "Invoke", both inside the
    // escaped text of the first part.
    let start_at = find(r#"\"StartAt\":\"Invoke\""#);
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": {"line": start_at.0, "character": start_at.1 + 16}}),
    );
    let key = find(r#"\"Invoke\":{"#);
    assert_eq!(
        definition["range"]["start"],
        json!({"line": key.0, "character": key.1}),
        "{definition}"
    );
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": start_at.0, "character": start_at.1 + 4}}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|text| text.contains("StartAt")),
        "{hover}"
    );

    // Completion in the mistyped `Next` offers the state, over the
    // characters between the escaped quotes.
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": typo.0, "character": typo.1 + 4}}),
    );
    let items = completion.as_array().or(completion["items"].as_array()).unwrap();
    let done = items
        .iter()
        .find(|item| item["label"] == "Done")
        .unwrap_or_else(|| panic!("{completion}"));
    assert_eq!(done["textEdit"]["newText"], "Done", "{done}");
    assert_eq!(
        done["textEdit"]["range"],
        range((typo.0, typo.1 + 2), (typo.0, typo.1 + 5))
    );

    // The quick fix writes its text the same way, and applied, the mistake is gone.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": diagnostics[0]["range"], "context": {"diagnostics": []}}),
    );
    let fix = &actions[0]["edit"]["changes"][uri];
    let fixed = apply_edits(&text, fix);
    assert!(fixed.contains(r#"\"Next\":\"Done\""#), "{fix}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(client.diagnostics(uri, 2), Vec::<Value>::new());

    // Rename "Invoke" to a name with a quote in it: the key and `StartAt`,
    // escaped, and the template still reads as the same machine.
    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": {"line": key.0, "character": key.1 + 4}, "newName": "Call \"it\""}),
    );
    let edits = &edit["changes"][uri];
    assert_eq!(edits.as_array().map(Vec::len), Some(2), "{edit}");
    let renamed = apply_edits(&fixed, edits);
    assert!(renamed.contains(r#"\"StartAt\":\"Call \\\"it\\\"\""#), "{renamed}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": renamed}]}),
    );
    assert_eq!(client.diagnostics(uri, 3), Vec::<Value>::new());
    client.shutdown();
}

/// `edits` (LSP text edits over ASCII text) applied to `text`.
fn apply_edits(text: &str, edits: &Value) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + position["character"].as_u64().unwrap() as usize
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|edit| {
            (
                offset(&edit["range"]["start"]),
                offset(&edit["range"]["end"]),
                edit["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|&(start, _, _)| std::cmp::Reverse(start));
    let mut text = text.to_string();
    for (start, end, new_text) in edits {
        text.replace_range(start..end, new_text);
    }
    text
}

/// A SAM template and the definition file its `DefinitionUri` names, open
/// side by side: each one's diagnostics say what the other leaves out, the
/// file on disk stands in for the one not open, and an edit in either one
/// re-publishes the other.
#[test]
fn a_definition_file_and_its_template_check_each_other() {
    let dir = std::env::temp_dir().join(format!("asl-lsp-e2e-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("statemachine")).unwrap();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/templates/sam-uri");
    let template = std::fs::read_to_string(format!("{example}/template.yaml"))
        .unwrap()
        .replace("DDBTable: !Ref", "DDBTabel: !Ref");
    let definition = std::fs::read_to_string(format!("{example}/statemachine/stock_trader.asl.json")).unwrap();
    std::fs::write(dir.join("template.yaml"), &template).unwrap();
    std::fs::write(dir.join("statemachine/stock_trader.asl.json"), &definition).unwrap();
    let template_uri = format!("file://{}/template.yaml", dir.display());
    let definition_uri = format!("file://{}/statemachine/stock_trader.asl.json", dir.display());
    let at = |text: &str, needle: &str| {
        let line = text.lines().position(|line| line.contains(needle)).unwrap();
        let column = text.lines().nth(line).unwrap().find(needle).unwrap();
        json!({"line": line, "character": column})
    };
    let codes = |diagnostics: &[Value]| -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };

    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    // The definition alone: the template on disk does not fill in DDBTable.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": definition_uri, "languageId": "json", "version": 1, "text": definition}}),
    );
    let diagnostics = client.diagnostics(&definition_uri, 1);
    assert_eq!(codes(&diagnostics), ["UNDEFINED_PLACEHOLDER"], "{diagnostics:?}");
    assert_eq!(diagnostics[0]["range"]["start"], at(&definition, "${DDBTable}"));

    // The template: its misspelt substitution is used by nothing.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": template_uri, "languageId": "yaml", "version": 1, "text": template}}),
    );
    let diagnostics = client.diagnostics(&template_uri, 1);
    assert_eq!(codes(&diagnostics), ["UNUSED_SUBSTITUTION"], "{diagnostics:?}");
    assert_eq!(diagnostics[0]["range"]["start"], at(&template, "DDBTabel"));

    // Fixed in the open template (not saved): the definition is clean.
    let fixed = template.replace("DDBTabel: !Ref", "DDBTable: !Ref");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": template_uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(client.diagnostics(&template_uri, 2), Vec::<Value>::new());
    let uri = definition_uri.clone();
    client.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri.as_str()
            && message["params"]["diagnostics"] == json!([])
    });

    // A placeholder renamed in the definition leaves the template's
    // substitution unused, and is itself filled in by nothing.
    let renamed = definition.replace("${DDBTable}", "${TableName}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": definition_uri, "version": 2}, "contentChanges": [{"text": renamed}]}),
    );
    let diagnostics = client.diagnostics(&definition_uri, 2);
    assert_eq!(codes(&diagnostics), ["UNDEFINED_PLACEHOLDER"], "{diagnostics:?}");
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("TableName"));
    let uri = template_uri.clone();
    let republished = client.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri.as_str()
            && message["params"]["version"] == 2
            && message["params"]["diagnostics"] != json!([])
    });
    let diagnostics = republished["params"]["diagnostics"].as_array().unwrap();
    assert_eq!(codes(diagnostics), ["UNUSED_SUBSTITUTION"], "{diagnostics:?}");
    assert_eq!(diagnostics[0]["range"]["start"], at(&fixed, "DDBTable: !Ref"));

    // A second machine whose file is not there.
    let more = format!(
        "{fixed}\n  Refunds:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: statemachine/refunds.asl.json\n"
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": template_uri, "version": 3}, "contentChanges": [{"text": more}]}),
    );
    let diagnostics = client.diagnostics(&template_uri, 3);
    assert_eq!(
        codes(&diagnostics),
        ["UNUSED_SUBSTITUTION", "MISSING_DEFINITION_FILE"],
        "{diagnostics:?}"
    );
    assert_eq!(
        diagnostics[1]["range"]["start"],
        at(&more, "statemachine/refunds.asl.json")
    );
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// `asl-lsp.toml` beside a definition: a code turned off is not published,
/// another is published at the severity it sets; a change to the file
/// (announced as a watched-file change) publishes again under it, and a
/// file with a mistake is shown to the user while the last good one applies.
#[test]
fn a_configuration_file_sets_what_is_published() {
    let dir = std::env::temp_dir().join(format!("asl-lsp-e2e-config-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let config = dir.join("asl-lsp.toml");
    std::fs::write(
        &config,
        "[rules]\nMISSING_TRANSITION_TARGET = \"warning\"\nNO_DOLLAR = \"off\"\n",
    )
    .unwrap();
    let definition = r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Parameters": {"x": "$.y"}, "Next": "Bee"},
  "B": {"Type": "Succeed"}}}"#;
    let uri = format!("file://{}/flow.asl.json", dir.display());
    let config_uri = format!("file://{}", config.display());
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": definition}}),
    );
    let published = |diagnostics: &[Value]| -> Vec<(String, u64)> {
        diagnostics
            .iter()
            .map(|d| (d["code"].as_str().unwrap().to_string(), d["severity"].as_u64().unwrap()))
            .collect()
    };
    let diagnostics = client.diagnostics(&uri, 1);
    // Two targets missing ("Bee", and "B" unreachable), as warnings; no NO_DOLLAR.
    assert_eq!(
        published(&diagnostics),
        [
            ("MISSING_TRANSITION_TARGET".to_string(), 2),
            ("MISSING_TRANSITION_TARGET".to_string(), 2)
        ],
        "{diagnostics:?}"
    );

    // The file changes: NO_DOLLAR comes back, and the targets are errors again.
    std::fs::write(&config, "[rules]\nUNUSED_VARIABLE = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let uri_now = uri.clone();
    let republished = client.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri_now.as_str()
            && message["params"]["diagnostics"]
                .as_array()
                .is_some_and(|list| list.iter().any(|d| d["code"] == "NO_DOLLAR"))
    });
    let diagnostics = republished["params"]["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] != "MISSING_TRANSITION_TARGET" || d["severity"] == 1),
        "{diagnostics:?}"
    );

    // A mistake: shown once, with its place; the last good configuration stays.
    std::fs::write(&config, "[rules]\nUNUSED_VARIABLE = \"off\"\nNO_DOLAR = \"off\"\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let shown = client.wait_for(|message| message["method"] == "window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap();
    assert!(
        text.contains("asl-lsp.toml:3:1") && text.contains("NO_DOLLAR"),
        "{text}"
    );
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// `placeholders = ["{{ name }}"]`: a templating tool's placeholders are
/// read as `${…}` ones while the user types around them, and a change of
/// the configuration reads the open document afresh.
#[test]
fn a_templating_tool_s_placeholders_are_no_errors() {
    let dir = std::env::temp_dir().join(format!("asl-lsp-e2e-placeholders-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let config = dir.join("asl-lsp.toml");
    std::fs::write(&config, "placeholders = [\"{{ name }}\"]\n").unwrap();
    let definition = "StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: {{ lambda_arn }}\n    End: true\n";
    let uri = format!("file://{}/flow.asl.yaml", dir.display());
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": definition}}),
    );
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    // Typed after the placeholder: the line is read again, the placeholder with it.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 4, "character": 30}, "end": {"line": 4, "character": 30}}, "text": " "},
            {"range": {"start": {"line": 5, "character": 4}, "end": {"line": 5, "character": 7}}, "text": "Emd"}
        ]}),
    );
    let diagnostics = client.diagnostics(&uri, 2);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(
        !codes.is_empty()
            && codes
                .iter()
                .all(|code| *code != "INVALID_YAML" && *code != "INVALID_RESOURCE"),
        "{diagnostics:?}"
    );
    // Without the syntax, `{{ lambda_arn }}` is a YAML flow mapping again.
    std::fs::write(&config, "[rules]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}", config.display()), "type": 2}]}),
    );
    let uri_now = uri.clone();
    client.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri_now.as_str()
            && message["params"]["diagnostics"]
                .as_array()
                .is_some_and(|list| list.iter().any(|d| d["code"] == "INVALID_YAML"))
    });
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The client's `aslLsp` settings configure the files no `asl-lsp.toml`
/// covers: asked for after `initialized`, pushed again with
/// `didChangeConfiguration`.
#[test]
fn the_client_s_settings_configure_what_no_file_does() {
    let dir = std::env::temp_dir().join(format!("asl-lsp-e2e-settings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let uri = format!("file://{}/flow.asl.json", dir.display());
    let definition = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x": "$.y"}, "End": true}}}"#;
    let mut client = Client::start();
    client.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": format!("file://{}", dir.display()),
            "capabilities": {"workspace": {"configuration": true}},
            "initializationOptions": {"diagnosticsDelayMs": 0},
        }),
    );
    client.notify("initialized", json!({}));
    let asked = client.wait_for(|message| message["method"] == "workspace/configuration");
    assert_eq!(asked["params"]["items"][0]["section"], "aslLsp");
    client.send(
        json!({"jsonrpc": "2.0", "id": asked["id"], "result": [{"rules": {"NO_DOLLAR": "off"}, "logLevel": null}]}),
    );
    // Opened whenever, the document is published under the settings once
    // they are taken (again, if it was opened before).
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": definition}}),
    );
    let uri_now = uri.clone();
    client.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri_now.as_str()
            && message["params"]["diagnostics"] == json!([])
    });
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"aslLsp": {"rules": {"NO_DOLLAR": "error"}}}}),
    );
    let uri_now = uri.clone();
    let republished = client.wait_for(|message| {
        message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri_now.as_str()
            && message["params"]["diagnostics"][0]["severity"] == 1
    });
    let diagnostic = &republished["params"]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "NO_DOLLAR");
    client.shutdown();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Where a new state goes: whole states, as snippets (tab stops, later lines
/// indented relative to the line, for the client to adjust) when the client
/// takes them, else as plain text with the indentation written out.
#[test]
fn state_snippets_with_and_without_snippet_support() {
    let definition =
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"End\": true},\n    \n  }\n}\n";
    for snippets in [true, false] {
        let mut client = Client::start();
        client
            .initialize_with(json!({"textDocument": {"completion": {"completionItem": {"snippetSupport": snippets}}}}));
        let uri = "file:///tmp/snippets.asl.json";
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": definition}}),
        );
        let answer = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 4}}),
        );
        let items = answer
            .get("items")
            .and_then(Value::as_array)
            .or_else(|| answer.as_array())
            .cloned()
            .unwrap_or_default();
        let wait = items
            .iter()
            .find(|item| item["label"] == "Wait state")
            .unwrap_or_else(|| panic!("no Wait state snippet: {answer}"));
        assert_eq!(wait["kind"], 15, "{wait}");
        let new_text = wait["textEdit"]["newText"].as_str().unwrap();
        if snippets {
            assert_eq!(wait["insertTextFormat"], 2);
            assert_eq!(wait["insertTextMode"], 2);
            assert_eq!(
                new_text,
                "\"${1:Wait}\": {\n  \"Type\": \"Wait\",\n  \"Seconds\": ${2:10},\n  \"Next\": \"$0\"\n}"
            );
        } else {
            assert_eq!(wait["insertTextFormat"], 1);
            assert_eq!(wait["insertTextMode"], 1);
            assert_eq!(
                new_text,
                "\"Wait\": {\n      \"Type\": \"Wait\",\n      \"Seconds\": 10,\n      \"Next\": \"\"\n    }"
            );
        }
        client.shutdown();
    }
}

/// Semantic tokens: state names declared and named, a path, an intrinsic
/// function, in the legend the server announced, positions in UTF-16.
#[test]
fn semantic_tokens_colour_what_the_grammar_cannot() {
    let mut client = Client::start();
    let initialized = client.initialize(&["utf-16"]);
    let legend = &initialized["capabilities"]["semanticTokensProvider"]["legend"];
    let types: Vec<&str> = legend["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kind| kind.as_str().unwrap())
        .collect();
    let uri = "file:///tmp/tokens.asl.json";
    let text = "{\"StartAt\": \"Ünïcode\", \"States\": {\n  \"Ünïcode\": {\"Type\": \"Pass\", \"Parameters\": {\"n.$\": \"States.ArrayLength($.items)\"}, \"End\": true}\n}}\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}),
    );
    let answer = client.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": uri}}),
    );
    let data: Vec<u64> = answer["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let lines: Vec<Vec<u16>> = text.lines().map(|line| line.encode_utf16().collect()).collect();
    let (mut line, mut start) = (0u64, 0u64);
    let mut decoded = Vec::new();
    for token in data.chunks(5) {
        if token[0] > 0 {
            line += token[0];
            start = token[1];
        } else {
            start += token[1];
        }
        let units = &lines[line as usize][start as usize..(start + token[2]) as usize];
        decoded.push(format!(
            "{} {}{}",
            String::from_utf16(units).unwrap(),
            types[token[3] as usize],
            if token[4] & 1 == 1 { " declaration" } else { "" }
        ));
    }
    assert_eq!(
        decoded,
        [
            "Ünïcode class",
            "Ünïcode class declaration",
            "States.ArrayLength function",
            "$.items variable"
        ]
    );
    client.shutdown();
}

/// `workspace/symbol` finds states by part of their name in every open
/// definition, each with the state (or machine) it is in.
#[test]
fn workspace_symbols_over_open_documents() {
    let mut client = Client::start();
    client.initialize(&["utf-16"]);
    let first = "file:///tmp/orders.asl.json";
    let second = "file:///tmp/returns.asl.yaml";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": first, "languageId": "json", "version": 1,
            "text": "{\"StartAt\": \"Ship order\", \"States\": {\"Ship order\": {\"Type\": \"Succeed\"}}}"}}),
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": second, "languageId": "yaml", "version": 1,
            "text": "StartAt: Each\nStates:\n  Each:\n    Type: Map\n    End: true\n    ItemProcessor:\n      StartAt: Reship\n      States:\n        Reship:\n          Type: Succeed\n"}}),
    );
    let answer = client.request("workspace/symbol", json!({"query": "SHIP"}));
    let mut found: Vec<(String, String, Value)> = answer
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| {
            (
                symbol["name"].as_str().unwrap().to_string(),
                symbol["location"]["uri"].as_str().unwrap().to_string(),
                symbol["containerName"].clone(),
            )
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        found,
        [
            ("Reship".to_string(), second.to_string(), json!("Each")),
            ("Ship order".to_string(), first.to_string(), Value::Null),
        ]
    );
    client.shutdown();
}

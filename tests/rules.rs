//! The registry of rules against the code and the docs: every code the
//! checker declares is registered, documented, and has a fixture that
//! triggers it and one that does not (checked with the real command line);
//! `docs/rules.md` is what the registry generates.

use std::path::{Path, PathBuf};
use std::process::Command;

use asl_lsp::check::registry::{self, RULES};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The string value of every `pub const X: &str = "…";` in `codes`.
fn declared_codes() -> Vec<String> {
    let source = std::fs::read_to_string(Path::new(ROOT).join("src/check/mod.rs")).unwrap();
    let start = source.find("pub mod codes {").unwrap();
    let end = start + source[start..].find("\n}\n").unwrap();
    source[start..end]
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub const "))
        .filter_map(|line| line.split('"').nth(1))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_declared_code_is_registered_once_and_documented() {
    let declared = declared_codes();
    assert!(declared.len() >= 45, "{declared:?}");
    for code in &declared {
        assert!(registry::find(code).is_some(), "{code} is declared but not registered");
    }
    for (index, rule) in RULES.iter().enumerate() {
        assert!(
            declared.iter().any(|code| code == rule.code),
            "{} is registered but not declared",
            rule.code
        );
        assert!(
            RULES[..index].iter().all(|other| other.code != rule.code),
            "{} is registered twice",
            rule.code
        );
        assert!(!rule.summary.is_empty() && rule.summary.len() < 100, "{}", rule.code);
        for section in ["**Why it matters.**", "**Example**", "**Fixed**", "**How to fix.**"] {
            assert!(
                rule.doc.contains(section),
                "docs/rules/{}.md lacks {section}",
                rule.code
            );
        }
    }
}

/// The one file of `dir` whose name starts with `stem.`.
fn fixture(dir: &Path, stem: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with(&format!("{stem}.")))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{}: one {stem}.* file expected: {found:?}",
        dir.display()
    );
    found.into_iter().next().unwrap()
}

/// What `asl-lsp check --format json` reports for a file (and the files it links).
fn reported(path: &Path) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_asl-lsp"))
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .expect("asl-lsp runs");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn every_rule_has_a_fixture_that_triggers_it_and_one_that_does_not() {
    for rule in RULES {
        let dir = Path::new(ROOT).join("tests/rules").join(rule.code);
        let bad = reported(&fixture(&dir, "bad"));
        assert!(
            bad.iter().any(|diagnostic| diagnostic["code"] == rule.code),
            "tests/rules/{}/bad.* does not trigger it: {bad:?}",
            rule.code
        );
        let good = reported(&fixture(&dir, "good"));
        assert!(
            good.iter()
                .all(|diagnostic| diagnostic["code"] != rule.code && diagnostic["severity"] != "error"),
            "tests/rules/{}/good.* is not clean of it: {good:?}",
            rule.code
        );
    }
}

#[test]
fn the_rules_document_is_what_the_registry_generates() {
    let path = Path::new(ROOT).join("docs/rules.md");
    let generated = registry::markdown();
    if std::env::var_os("UPDATE_RULES_DOC").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == generated,
        "docs/rules.md is out of date: run `UPDATE_RULES_DOC=1 cargo test --test rules`"
    );
}

#[test]
fn rule_prints_a_code_s_documentation() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_asl-lsp"))
            .args(args)
            .output()
            .expect("asl-lsp runs")
    };
    let output = run(&["rule", "unused_variable"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("UNUSED_VARIABLE\n\n"), "{text}");
    assert!(text.contains(registry::find("UNUSED_VARIABLE").unwrap().doc.trim()));
    let all = String::from_utf8(run(&["rule", "--all"]).stdout).unwrap();
    assert_eq!(all.lines().count(), RULES.len());
    let unknown = run(&["rule", "UNUSED_VARIABEL"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean UNUSED_VARIABLE"));
}

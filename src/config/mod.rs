//! The configuration file, `asl-lsp.toml` (or `.asl-lsp.toml`): which
//! codes to report and how severely, per file glob. Read from its text
//! here (every mistake in it reported with its place); finding the file
//! is the caller's (the CLI and the server walk up from the checked file).
//!
//! ```toml
//! [rules]
//! UNUSED_VARIABLE = "off"            # or "error", "warning", "information", "hint"
//!
//! [[overrides]]
//! files = ["express/**/*.asl.json"]  # globs relative to this file's folder
//! type = "EXPRESS"                   # their definitions are Express workflows
//! ignore = ["RESERVED_ERROR_NAME"]
//! rules = { NO_DOLLAR = "error" }
//! placeholders = ["{{ name }}"]      # a templating tool's, besides ${name}
//! ```

mod glob;

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::check::{registry, Diagnostic, Severity};
use crate::syntax::placeholders::{Placeholders, Syntax};
use crate::syntax::TextRange;

/// The names the configuration file goes by, looked for in this order in
/// each folder.
pub const FILE_NAMES: [&str; 2] = ["asl-lsp.toml", ".asl-lsp.toml"];

/// What a code is set to: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    Report(Severity),
}

/// A configuration read without mistakes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    rules: BTreeMap<String, Level>,
    /// `type = "EXPRESS"` (true) or `"STANDARD"` for every file.
    express: Option<bool>,
    /// `placeholders = ["{{ name }}"]`: a templating tool's placeholder
    /// syntaxes, read as `${…}` ones.
    placeholders: Option<Placeholders>,
    overrides: Vec<Override>,
}

#[derive(Clone, Debug, PartialEq)]
struct Override {
    files: Vec<glob::Glob>,
    rules: BTreeMap<String, Level>,
    express: Option<bool>,
    placeholders: Option<Placeholders>,
}

/// A mistake in the configuration file, at its place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mistake {
    pub range: TextRange,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default, rename = "type")]
    workflow: Option<Spanned<String>>,
    #[serde(default)]
    placeholders: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideFile {
    files: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default, rename = "type")]
    workflow: Option<Spanned<String>>,
    #[serde(default)]
    placeholders: Option<Vec<Spanned<String>>>,
}

/// `placeholders = ["{{ name }}", …]`: the syntaxes the examples show.
fn placeholders(value: &Option<Vec<Spanned<String>>>, mistakes: &mut Vec<Mistake>) -> Option<Placeholders> {
    let examples = value.as_ref()?;
    let mut syntaxes = Vec::new();
    for example in examples {
        match Syntax::from_example(example.get_ref()) {
            Ok(syntax) => syntaxes.push(syntax),
            Err(why) => mistakes.push(Mistake {
                range: range(example),
                message: why,
            }),
        }
    }
    Some(Placeholders::new(syntaxes))
}

/// `type = "EXPRESS"` or `"STANDARD"`: whether it says Express.
fn workflow(value: &Option<Spanned<String>>, mistakes: &mut Vec<Mistake>) -> Option<bool> {
    let value = value.as_ref()?;
    match value.get_ref().to_ascii_uppercase().as_str() {
        "EXPRESS" => Some(true),
        "STANDARD" => Some(false),
        _ => {
            mistakes.push(Mistake {
                range: range(value),
                message: format!(
                    "{:?} is no workflow type: write \"STANDARD\" or \"EXPRESS\"",
                    value.get_ref()
                ),
            });
            None
        }
    }
}

impl Config {
    /// The configuration a file's text gives, or every mistake in it.
    pub fn parse(text: &str) -> Result<Config, Vec<Mistake>> {
        let file: File = toml::from_str(text).map_err(|error| {
            let range = error.span().map_or(TextRange::empty(0), |span| {
                TextRange::new(span.start, span.end.max(span.start))
            });
            vec![Mistake {
                range,
                message: error.message().trim().to_string(),
            }]
        })?;
        let mut mistakes = Vec::new();
        let rules = levels(&file.rules, &mut mistakes);
        let express = workflow(&file.workflow, &mut mistakes);
        let top_placeholders = placeholders(&file.placeholders, &mut mistakes);
        let mut overrides = Vec::new();
        for entry in &file.overrides {
            let mut files = Vec::new();
            if entry.files.get_ref().is_empty() {
                mistakes.push(Mistake {
                    range: range(&entry.files),
                    message: "`files` lists no glob: the override would apply to nothing".to_string(),
                });
            }
            for pattern in entry.files.get_ref() {
                match glob::Glob::new(pattern.get_ref()) {
                    Ok(glob) => files.push(glob),
                    Err(why) => mistakes.push(Mistake {
                        range: range(pattern),
                        message: format!("{:?} is not a glob this file takes: {why}", pattern.get_ref()),
                    }),
                }
            }
            let mut rules = levels(&entry.rules, &mut mistakes);
            for code in &entry.ignore {
                if known(code, &mut mistakes) {
                    rules.insert(code.get_ref().clone(), Level::Off);
                }
            }
            let express = workflow(&entry.workflow, &mut mistakes);
            let placeholders = placeholders(&entry.placeholders, &mut mistakes);
            overrides.push(Override {
                files,
                rules,
                express,
                placeholders,
            });
        }
        if mistakes.is_empty() {
            Ok(Config {
                rules,
                express,
                placeholders: top_placeholders,
                overrides,
            })
        } else {
            mistakes.sort_by_key(|mistake| mistake.range);
            Err(mistakes)
        }
    }

    /// The configuration an editor gives in its settings (`aslLsp`): the
    /// same keys as the file's, as JSON.
    pub fn from_json(settings: &serde_json::Value) -> Result<Config, Vec<Mistake>> {
        let text = toml::to_string(settings).map_err(|error| {
            vec![Mistake {
                range: TextRange::empty(0),
                message: format!("the settings are not a table of the configuration's keys: {error}"),
            }]
        })?;
        Config::parse(&text)
    }

    /// What `code` is set to for the file at `path` (relative to the
    /// configuration file's folder, `/` between its parts); `None` when the
    /// configuration says nothing of it.
    pub fn level(&self, path: &str, code: &str) -> Option<Level> {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.overrides
            .iter()
            .rev()
            .filter(|entry| entry.files.iter().any(|glob| glob.matches(path, name)))
            .find_map(|entry| entry.rules.get(code).copied())
            .or_else(|| self.rules.get(code).copied())
    }

    /// Whether the file at `path` (as for `level`) is an Express workflow's
    /// definition.
    pub fn express(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.overrides
            .iter()
            .rev()
            .filter(|entry| entry.files.iter().any(|glob| glob.matches(path, name)))
            .find_map(|entry| entry.express)
            .or(self.express)
            .unwrap_or(false)
    }

    /// The placeholder syntaxes of a templating tool that the file at
    /// `path` (as for `level`) is written with.
    pub fn placeholders(&self, path: &str) -> Placeholders {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.overrides
            .iter()
            .rev()
            .filter(|entry| entry.files.iter().any(|glob| glob.matches(path, name)))
            .find_map(|entry| entry.placeholders.as_ref())
            .or(self.placeholders.as_ref())
            .cloned()
            .unwrap_or_default()
    }

    /// `diagnostics` of the file at `path` as the configuration wants them:
    /// a code turned off left out, a code given a severity reported so.
    pub fn apply(&self, path: &str, diagnostics: &mut Vec<Diagnostic>) {
        if self.rules.is_empty() && self.overrides.is_empty() {
            return;
        }
        diagnostics.retain_mut(|diagnostic| match self.level(path, diagnostic.code) {
            None => true,
            Some(Level::Off) => false,
            Some(Level::Report(severity)) => {
                diagnostic.severity = severity;
                true
            }
        });
    }
}

fn range<T>(spanned: &Spanned<T>) -> TextRange {
    let span = spanned.span();
    TextRange::new(span.start, span.end.max(span.start))
}

/// Whether `code` names a rule; a mistake when it does not.
fn known(code: &Spanned<String>, mistakes: &mut Vec<Mistake>) -> bool {
    if registry::find(code.get_ref()).is_some() {
        return true;
    }
    let suggestion = registry::closest(code.get_ref())
        .map(|close| format!(": did you mean {close}?"))
        .unwrap_or_else(|| " (`asl-lsp rule --all` lists them)".to_string());
    mistakes.push(Mistake {
        range: range(code),
        message: format!("There is no rule {}{suggestion}", code.get_ref()),
    });
    false
}

/// A `CODE = "level"` table, its mistakes added to `mistakes`.
fn levels(table: &BTreeMap<Spanned<String>, Spanned<String>>, mistakes: &mut Vec<Mistake>) -> BTreeMap<String, Level> {
    let mut levels = BTreeMap::new();
    for (code, level) in table {
        if !known(code, mistakes) {
            continue;
        }
        let parsed = match level.get_ref().to_ascii_lowercase().as_str() {
            "off" | "none" | "ignore" => Level::Off,
            "error" => Level::Report(Severity::Error),
            "warning" | "warn" => Level::Report(Severity::Warning),
            "information" | "info" => Level::Report(Severity::Information),
            "hint" => Level::Report(Severity::Hint),
            _ => {
                mistakes.push(Mistake {
                    range: range(level),
                    message: format!(
                        "{:?} is no level: write \"off\", \"error\", \"warning\", \"information\" or \"hint\"",
                        level.get_ref()
                    ),
                });
                continue;
            }
        };
        levels.insert(code.get_ref().clone(), parsed);
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::codes;

    fn diagnostic(code: &'static str) -> Diagnostic {
        Diagnostic {
            range: TextRange::empty(0),
            severity: Severity::Warning,
            code,
            message: String::new(),
            fix: None,
        }
    }

    #[test]
    fn rules_and_overrides_set_each_code() {
        let config = Config::parse(
            r#"
[rules]
UNUSED_VARIABLE = "off"
NO_DOLLAR = "error"

[[overrides]]
files = ["express/**/*.asl.json", "legacy.asl.yaml"]
ignore = ["RESERVED_ERROR_NAME"]
rules = { UNUSED_VARIABLE = "hint" }
"#,
        )
        .unwrap();
        let codes_of = |path: &str| {
            let mut found = vec![
                diagnostic(codes::UNUSED_VARIABLE),
                diagnostic(codes::NO_DOLLAR),
                diagnostic(codes::RESERVED_ERROR_NAME),
                diagnostic(codes::NO_PATH),
            ];
            config.apply(path, &mut found);
            found
                .iter()
                .map(|d| format!("{}:{:?}", d.code, d.severity))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes_of("main.asl.json"),
            ["NO_DOLLAR:Error", "RESERVED_ERROR_NAME:Warning", "NO_PATH:Warning"]
        );
        assert_eq!(
            codes_of("express/orders/a.asl.json"),
            ["UNUSED_VARIABLE:Hint", "NO_DOLLAR:Error", "NO_PATH:Warning"]
        );
        // A glob without a slash matches the name in any folder.
        assert_eq!(codes_of("old/legacy.asl.yaml").len(), 3);
    }

    #[test]
    fn an_editor_s_settings_read_as_the_file() {
        let settings = serde_json::json!({
            "rules": {"NO_DOLLAR": "off"},
            "overrides": [{"files": ["legacy/**"], "type": "EXPRESS"}]
        });
        let config = Config::from_json(&settings).unwrap();
        assert_eq!(config.level("a.asl.json", "NO_DOLLAR"), Some(Level::Off));
        assert!(config.express("legacy/a.asl.json"));
        let mistakes = Config::from_json(&serde_json::json!({"rules": {"NO_DOLAR": "off"}})).unwrap_err();
        assert!(mistakes[0].message.contains("did you mean NO_DOLLAR"), "{mistakes:?}");
    }

    #[test]
    fn the_workflow_type_per_file() {
        let config =
            Config::parse("type = \"STANDARD\"\n[[overrides]]\nfiles = [\"express/**\"]\ntype = \"EXPRESS\"\n")
                .unwrap();
        assert!(config.express("express/a.asl.json"));
        assert!(!config.express("main.asl.json"));
        assert!(Config::parse("type = \"FAST\"\n").is_err());
    }

    #[test]
    fn placeholder_syntaxes_per_file() {
        let config = Config::parse(
            "placeholders = [\"{{ name }}\"]\n[[overrides]]\nfiles = [\"erb/**\"]\nplaceholders = [\"<%= name %>\"]\n",
        )
        .unwrap();
        let examples = |path: &str| {
            let placeholders = config.placeholders(path);
            ["{{ a }}", "<%= a %>"]
                .into_iter()
                .filter(|example| placeholders.opens_at(example, 0))
                .collect::<Vec<_>>()
        };
        assert_eq!(examples("a.asl.json"), ["{{ a }}"]);
        assert_eq!(examples("erb/a.asl.json"), ["<%= a %>"]);
        assert!(Config::default().placeholders("a.asl.json").is_empty());
        let text = "placeholders = [\"{{ x }}\"]\n";
        let mistakes = Config::parse(text).unwrap_err();
        assert_eq!(&text[mistakes[0].range.start()..mistakes[0].range.end()], "\"{{ x }}\"");
        assert!(mistakes[0].message.contains("the word `name`"), "{mistakes:?}");
    }

    #[test]
    fn mistakes_are_reported_at_their_place() {
        let text = "[rules]\nUNUSED_VARIABEL = \"off\"\nNO_DOLLAR = \"loud\"\n";
        let mistakes = Config::parse(text).unwrap_err();
        let found: Vec<(&str, &str)> = mistakes
            .iter()
            .map(|m| (&text[m.range.start()..m.range.end()], m.message.as_str()))
            .collect();
        assert_eq!(found[0].0, "UNUSED_VARIABEL");
        assert!(found[0].1.contains("did you mean UNUSED_VARIABLE"), "{found:?}");
        assert_eq!(found[1].0, "\"loud\"");
        let unknown_key = Config::parse("[rules]\n[overide]\nfiles = []\n").unwrap_err();
        assert!(unknown_key[0].message.contains("overide"), "{unknown_key:?}");
        assert!(Config::parse("[[overrides]]\nfiles = [\"[a\"]\n").is_err());
    }
}

//! The command line: `asl-lsp check FILE...` and the report formats.
//!
//! The checker runs the very analysis the server runs. Human output follows
//! rustc (`file:line:col`, code, message, the source line with carets);
//! `--format json` prints one JSON object per diagnostic per line, with
//! LSP-style ranges (0-based line, UTF-16 character); `--format sarif` prints
//! one SARIF 2.1.0 log for code-scanning services. A directory stands for
//! every `*.asl.json`, `*.asl.yaml` and `*.asl.yml` file below it, and `-`
//! for standard input (see [`inputs`]).

pub mod format;
pub mod graph;
pub mod inputs;
pub mod settings;
pub mod svg;

use std::io::{Read, Write};
use std::path::PathBuf;

use serde_json::json;

use crate::check::{codes, Diagnostic, Severity};
use crate::document::Document;
use crate::syntax::placeholders::Placeholders;
use crate::syntax::{Format, TextRange};
use crate::text::{Encoding, Text};
use inputs::{Problem, Source};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::message`): annotations on a pull request.
    Github,
    /// JUnit XML: a test suite per file, a failing test case per problem, for CI dashboards.
    Junit,
}

/// What `check` found over all files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Files and directories that could not be read.
    pub unreadable: usize,
    /// Configuration files with mistakes.
    pub bad_configs: usize,
}

impl Summary {
    /// 0 when clean (warnings allowed), 1 when any error, 2 when a file could not be read.
    pub fn exit_code(&self) -> i32 {
        if self.unreadable > 0 || self.bad_configs > 0 {
            2
        } else if self.errors > 0 {
            1
        } else {
            0
        }
    }
}

/// How `check` reports, and what it calls standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckOptions {
    pub format: OutputFormat,
    /// The name standard input (`-`) goes by in the report; its extension
    /// picks the format as a file name's does, and its folder the
    /// configuration file. JSON when not given.
    pub stdin_filename: Option<String>,
    /// `--select` / `--ignore`.
    pub selection: settings::Selection,
    /// Count the diagnostics per code instead of listing them.
    pub statistics: bool,
    /// Apply the quick fixes to the files, then report what is left.
    pub fix: bool,
    /// Colour the human report (for a terminal).
    pub color: bool,
}

impl CheckOptions {
    pub fn new(format: OutputFormat) -> CheckOptions {
        CheckOptions {
            format,
            stdin_filename: None,
            selection: settings::Selection::default(),
            statistics: false,
            fix: false,
            color: false,
        }
    }
}

/// How many syntax errors a file that holds no state machine shows.
const MAX_SYNTAX_ERRORS_SHOWN: usize = 10;

/// The code of the warning about a byte order mark at the start of a file.
pub const BYTE_ORDER_MARK: &str = crate::check::codes::BYTE_ORDER_MARK;

/// Check each file (a directory stands for the definitions below it, `-`
/// for standard input) and write the report to `out`, problems reading
/// files to `err`.
pub fn check_files(
    paths: &[PathBuf],
    options: &CheckOptions,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Summary {
    let format = options.format;
    let mut summary = Summary::default();
    let mut sarif_results = Vec::new();
    let mut junit_suites = Vec::new();
    let (sources, problems) = inputs::gather(paths);
    for problem in problems {
        let _ = match problem {
            Problem::Unreadable(message) => {
                summary.unreadable += 1;
                writeln!(err, "error: {message}")
            }
            Problem::Skipped(message) => writeln!(err, "warning: {message}"),
        };
    }
    // Standard input is read here, once; the files are read and analysed
    // on every core, and reported in the order they were named.
    let mut stdin_read = false;
    let mut stdin_text: Option<Result<String, String>> = None;
    let mut sources_once = Vec::with_capacity(sources.len());
    for source in &sources {
        if *source == Source::Stdin {
            if stdin_read {
                // Its text was all taken by the first `-`.
                let _ = writeln!(
                    err,
                    "warning: standard input (-) is named more than once; it is read once"
                );
                continue;
            }
            stdin_read = true;
            stdin_text = Some(inputs::read(source, stdin));
        }
        sources_once.push(source);
    }
    // Each file's placeholder syntaxes (from its configuration) are needed
    // to read it: looked up here, once per folder.
    let mut configs = settings::Configs::default();
    let placeholders: Vec<Placeholders> = sources_once
        .iter()
        .map(|source| {
            let path = match source {
                Source::File(path) | Source::Template(path) => path.clone(),
                Source::Stdin => stdin_config_path(options),
            };
            placeholders_of(&mut configs, &path)
        })
        .collect();
    let sources_once: Vec<(&Source, &Placeholders)> = sources_once.into_iter().zip(&placeholders).collect();
    let read: Vec<Result<Option<Checked>, String>> =
        crate::util::parallel::map_each(&sources_once, |&(source, placeholders)| {
            let content = match source {
                Source::Stdin => stdin_text.clone().unwrap_or_else(|| Ok(String::new())),
                _ => inputs::read(source, &mut std::io::empty()),
            }?;
            let (name, path) = match source {
                Source::File(path) | Source::Template(path) => {
                    (path.to_string_lossy().into_owned(), Some(path.clone()))
                }
                Source::Stdin => (
                    options.stdin_filename.clone().unwrap_or_else(|| "<stdin>".to_string()),
                    None,
                ),
            };
            let file = Checked::new(name, path, content, placeholders.clone());
            // Named like a template but not one: not ours to check.
            let ours = !matches!(source, Source::Template(_)) || file.document.is_template();
            Ok(ours.then_some(file))
        });
    let mut checked: Vec<Checked> = Vec::new();
    for outcome in read {
        match outcome {
            Ok(Some(file)) => checked.push(file),
            Ok(None) => {}
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                summary.unreadable += 1;
            }
        }
    }
    if options.fix {
        checked = checked
            .into_iter()
            .map(|file| fix(file, &mut configs, &options.selection, err))
            .collect();
    }
    let checked = follow_links(checked, &mut configs);
    let mut config_mistakes = std::collections::HashSet::new();
    // Per code: how many, and at what severity.
    let mut statistics: std::collections::BTreeMap<&'static str, (usize, Severity)> = Default::default();
    for file in &checked {
        summary.files += 1;
        let content = file.content();
        let text = Text::new(content);
        // Standard input is configured as a file of its name in the current folder.
        let config_path = file.path.clone().unwrap_or_else(|| stdin_config_path(options));
        let found = configs.for_file(&config_path);
        if let Some(mistakes) = found.mistakes {
            if config_mistakes.insert(mistakes.clone()) {
                let _ = writeln!(err, "error: the configuration is not read:\n{mistakes}");
                summary.bad_configs += 1;
            }
        }
        let mut junit_cases = Vec::new();
        for (diagnostic, machine) in file.reported(&found.config, &options.selection) {
            let diagnostic = &diagnostic;
            let machine = machine.as_deref();
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                _ => {}
            }
            if options.statistics {
                let entry = statistics.entry(diagnostic.code).or_insert((0, diagnostic.severity));
                entry.0 += 1;
                continue;
            }
            let name = &file.name;
            let _ = match format {
                OutputFormat::Human => {
                    let paint = Paint::new(options.color, diagnostic.severity);
                    write_human(out, name, content, &text, diagnostic, machine, paint)
                }
                OutputFormat::Json => write_json(out, name, &text, diagnostic, machine),
                OutputFormat::Github => write_github(out, name, &text, diagnostic, machine),
                OutputFormat::Junit => {
                    junit_cases.push(junit_case(name, &text, diagnostic, machine));
                    Ok(())
                }
                OutputFormat::Sarif => {
                    sarif_results.push(sarif_result(name, &text, diagnostic));
                    Ok(())
                }
            };
        }
        if format == OutputFormat::Junit {
            junit_suites.push((file.name.clone(), junit_cases));
        }
    }
    if options.statistics {
        write_statistics(out, format, &statistics);
    } else if format == OutputFormat::Sarif {
        let _ = writeln!(out, "{}", sarif_log(sarif_results));
    } else if format == OutputFormat::Junit {
        let _ = write!(out, "{}", junit_report(&junit_suites));
    }
    if format == OutputFormat::Human {
        let _ = writeln!(
            out,
            "{} file{} checked: {} error{}, {} warning{}",
            summary.files,
            plural(summary.files),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings)
        );
    }
    summary
}

/// Standard input is configured as a file of its name in the current folder.
fn stdin_config_path(options: &CheckOptions) -> PathBuf {
    PathBuf::from(options.stdin_filename.as_deref().unwrap_or("stdin.asl.json"))
}

/// The placeholder syntaxes the configuration of the file at `path` gives.
pub fn placeholders_of(configs: &mut settings::Configs, path: &std::path::Path) -> Placeholders {
    configs
        .for_file(path)
        .config
        .map(|(config, relative)| config.placeholders(&relative))
        .unwrap_or_default()
}

/// `--fix`: apply the quick fixes of what `file` reports (under its
/// configuration and the selection), write the file, and check it again,
/// until no fix is left (a few rounds at most: a fix may uncover another).
fn fix(
    mut file: Checked,
    configs: &mut settings::Configs,
    selection: &settings::Selection,
    err: &mut dyn Write,
) -> Checked {
    let Some(path) = file.path.clone() else {
        return file;
    };
    let mut fixed = 0;
    for _round in 0..4 {
        let found = configs.for_file(&path);
        let mut fixes: Vec<crate::check::Fix> = file
            .reported(&found.config, selection)
            .into_iter()
            .filter_map(|(diagnostic, _)| diagnostic.fix)
            .collect();
        fixes.sort_by_key(|fix| fix.range);
        // Where two fixes overlap, the first one is applied this round.
        let mut end = 0;
        fixes.retain(|fix| {
            let keep = fix.range.start() >= end;
            if keep {
                end = fix.range.end();
            }
            keep
        });
        if fixes.is_empty() {
            break;
        }
        let mut content = file.content.clone();
        for fix in fixes.iter().rev() {
            content.replace_range(fix.range.start()..fix.range.end(), &fix.new_text);
        }
        let written = if file.bom {
            format!("{}{content}", inputs::BOM)
        } else {
            content.clone()
        };
        if let Err(error) = std::fs::write(&path, written) {
            let _ = writeln!(err, "error: cannot write the fixes to {}: {error}", path.display());
            break;
        }
        fixed += fixes.len();
        let placeholders = file.document.placeholders().clone();
        file = Checked::new(file.name.clone(), Some(path.clone()), content, placeholders);
    }
    if fixed > 0 {
        let _ = writeln!(err, "fixed {fixed} problem{} in {}", plural(fixed), file.name);
    }
    file
}

/// One file read and analysed, with what other files say of it.
struct Checked {
    /// As the report names it.
    name: String,
    /// Where it was read from; `None` for standard input.
    path: Option<PathBuf>,
    content: String,
    /// It started with a byte order mark, which `content` leaves out.
    bom: bool,
    document: Document,
    /// Diagnostics that come from another file: a template's substitutions
    /// against this definition's placeholders, or the other way round; each
    /// with the state machine it is about.
    linked: Vec<(Diagnostic, Option<String>)>,
    /// The state machines of templates that name this file.
    linked_from: Vec<String>,
}

impl Checked {
    fn new(name: String, path: Option<PathBuf>, content: String, placeholders: Placeholders) -> Checked {
        // Editors hide a byte order mark and count columns without it; so
        // does the report, with a warning, since the service's reading of
        // one is not documented.
        let (content, bom) = match content.strip_prefix(inputs::BOM) {
            Some(rest) => (rest.to_string(), true),
            None => (content, false),
        };
        let document = Document::with_placeholders(&content, Format::from_path(&name), placeholders);
        Checked {
            name,
            path,
            content,
            bom,
            document,
            linked: Vec::new(),
            linked_from: Vec::new(),
        }
    }

    fn content(&self) -> &str {
        &self.content
    }

    /// The document's own diagnostics; for a file that shows no state
    /// machine at all and is not named as a definition (a `package.json`
    /// named by mistake), its syntax errors (a few) and one line saying so,
    /// instead of a schema error for every key it has, and no fixes.
    fn own_diagnostics(&self) -> std::borrow::Cow<'_, [Diagnostic]> {
        let all = self.document.diagnostics();
        let lower = self.name.to_ascii_lowercase();
        let named_as_definition = lower.contains(".asl.") || lower.ends_with(".asl");
        if named_as_definition || self.document.is_definition() || self.document.is_template() {
            return std::borrow::Cow::Borrowed(all);
        }
        let syntax = [codes::INVALID_JSON, codes::INVALID_YAML, codes::MISSING_DESCRIPTION];
        let mut kept: Vec<Diagnostic> = all
            .iter()
            .filter(|diagnostic| syntax.contains(&diagnostic.code))
            .take(MAX_SYNTAX_ERRORS_SHOWN)
            .cloned()
            .collect();
        if !all
            .iter()
            .any(|diagnostic| diagnostic.code == codes::MISSING_DESCRIPTION)
        {
            kept.push(Diagnostic {
                range: TextRange::empty(0),
                severity: Severity::Error,
                code: codes::SCHEMA,
                message: "This file holds no state machine: its top level has neither \"StartAt\" nor \"States\", \
                          and it is no template that holds one"
                    .to_string(),
                fix: None,
            });
            kept.sort_by_key(|diagnostic| diagnostic.range);
        }
        std::borrow::Cow::Owned(kept)
    }

    /// What is reported of this file under its configuration (what it turns
    /// off left out, the severities it sets) and the command line's
    /// selection.
    fn reported(
        &self,
        config: &Option<(std::sync::Arc<crate::config::Config>, String)>,
        selection: &settings::Selection,
    ) -> Vec<(Diagnostic, Option<String>)> {
        // A definition the configuration makes an Express workflow's.
        let express = config
            .as_ref()
            .is_some_and(|(config, relative)| config.express(relative));
        let mut reported = self.diagnostics(express);
        reported.retain_mut(|(diagnostic, _)| {
            if let Some((config, relative)) = config {
                match config.level(relative, diagnostic.code) {
                    Some(crate::config::Level::Off) => return false,
                    Some(crate::config::Level::Report(severity)) => diagnostic.severity = severity,
                    None => {}
                }
            }
            selection.keeps(diagnostic)
        });
        reported
    }

    /// Everything to report (with `express`, what the definition cannot do
    /// as an Express workflow too), in the order of the file, each with the
    /// state machine it is about when there is one to name: in a template,
    /// the one it is in; in a file that templates name, the one that reads
    /// it (when only one does).
    fn diagnostics(&self, express: bool) -> Vec<(Diagnostic, Option<String>)> {
        let mut diagnostics = Vec::new();
        if self.bom {
            diagnostics.push((
                Diagnostic {
                    range: TextRange::empty(0),
                    severity: Severity::Warning,
                    code: BYTE_ORDER_MARK,
                    message: "The file starts with a UTF-8 byte order mark; it was ignored here, but Step Functions \
                          is not documented to accept one: save the file without it"
                        .to_string(),
                    fix: None,
                },
                None,
            ));
        }
        let reader = match self.linked_from.as_slice() {
            [only] => Some(only.as_str()),
            _ => None,
        };
        let mut linked = self.linked.clone();
        if express {
            linked.extend(
                self.document
                    .express_problems()
                    .into_iter()
                    .map(|problem| (problem, None)),
            );
        }
        linked.sort_by_key(|(diagnostic, _)| diagnostic.range);
        let own_diagnostics = self.own_diagnostics();
        let mut own = own_diagnostics.iter().peekable();
        let mut linked = linked.into_iter().peekable();
        loop {
            let next = match (own.peek(), linked.peek()) {
                (Some(a), Some((b, _))) if b.range < a.range => linked.next(),
                (Some(_), _) => own.next().map(|diagnostic| {
                    let machine = self
                        .document
                        .machine_at(diagnostic.range.start())
                        .and_then(|machine| machine.name.as_deref())
                        .or(reader);
                    (diagnostic.clone(), machine.map(str::to_string))
                }),
                (None, _) => linked.next(),
            };
            match next {
                Some(item) => diagnostics.push(item),
                None => break,
            }
        }
        if let Some(mut suppressions) = self.document.suppressions(&self.content) {
            diagnostics.retain(|(diagnostic, _)| suppressions.allows(diagnostic));
            diagnostics.extend(suppressions.unused().into_iter().map(|hint| (hint, None)));
            diagnostics.sort_by_key(|(diagnostic, _)| diagnostic.range);
        }
        diagnostics
    }
}

/// The files that templates name as their state machines' definitions
/// (SAM's `DefinitionUri`): each one is checked against its template's
/// substitutions, and read and reported too when it was not among the
/// files to check. A path that names no readable file is a warning in the
/// template.
fn follow_links(mut checked: Vec<Checked>, configs: &mut settings::Configs) -> Vec<Checked> {
    // Most checks name no linked file: then no path is resolved at all.
    let linking = checked
        .iter()
        .any(|file| file.document.is_template() && !file.document.links(&file.content).is_empty());
    if !linking {
        return checked;
    }
    let identity = |path: &std::path::Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut by_path: std::collections::HashMap<PathBuf, usize> = checked
        .iter()
        .enumerate()
        .filter_map(|(index, file)| Some((identity(file.path.as_deref()?), index)))
        .collect();
    let mut index = 0;
    while index < checked.len() {
        let links = match &checked[index].path {
            Some(path) if checked[index].document.is_template() => checked[index]
                .document
                .links(&checked[index].content)
                .into_iter()
                .map(|link| {
                    let folder = path.parent().unwrap_or(std::path::Path::new(""));
                    (folder.join(link.path.trim()), link)
                })
                .collect(),
            _ => Vec::new(),
        };
        for (path, link) in links {
            let target = match by_path.get(&identity(&path)) {
                Some(&target) => target,
                None => match std::fs::read_to_string(&path) {
                    Ok(content) => {
                        let placeholders = placeholders_of(configs, &path);
                        let file = Checked::new(
                            path.to_string_lossy().into_owned(),
                            Some(path.clone()),
                            content,
                            placeholders,
                        );
                        checked.push(file);
                        by_path.insert(identity(&path), checked.len() - 1);
                        checked.len() - 1
                    }
                    Err(error) => {
                        let why = error.to_string();
                        let machine = Some(link.machine.to_string());
                        checked[index].linked.push((link.unreadable(&why), machine));
                        continue;
                    }
                },
            };
            let machine = link.machine.to_string();
            if !checked[target].linked_from.contains(&machine) {
                checked[target].linked_from.push(machine.clone());
            }
            let linked = link.check(&checked[target].document, &checked[target].content);
            let with_machine = |diagnostic| (diagnostic, Some(machine.clone()));
            checked[target]
                .linked
                .extend(linked.in_definition.into_iter().map(with_machine));
            checked[index]
                .linked
                .extend(linked.in_template.into_iter().map(with_machine));
        }
        index += 1;
    }
    checked
}

fn sarif_result(path: &str, text: &Text, diagnostic: &Diagnostic) -> serde_json::Value {
    // SARIF counts lines and columns from 1, columns in UTF-16 code units by default.
    let start = text.position(diagnostic.range.start(), Encoding::Utf16);
    let end = text.position(diagnostic.range.end(), Encoding::Utf16);
    let level = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    };
    json!({
        "ruleId": diagnostic.code,
        "level": level,
        "message": {"text": diagnostic.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": path.replace('\\', "/")},
                "region": {
                    "startLine": start.line + 1,
                    "startColumn": start.character + 1,
                    "endLine": end.line + 1,
                    "endColumn": end.character + 1,
                },
            },
        }],
    })
}

fn sarif_log(results: Vec<serde_json::Value>) -> serde_json::Value {
    let mut rules: Vec<&str> = results.iter().filter_map(|result| result["ruleId"].as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    let rules: Vec<serde_json::Value> = rules.into_iter().map(|id| json!({"id": id})).collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {"driver": {
                "name": "asl-lsp",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// `--statistics`: each code with its count, most frequent first.
fn write_statistics(
    out: &mut dyn Write,
    format: OutputFormat,
    statistics: &std::collections::BTreeMap<&'static str, (usize, Severity)>,
) {
    let mut rows: Vec<(&&str, &(usize, Severity))> = statistics.iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    for (code, (count, severity)) in rows {
        let summary = crate::check::registry::find(code).map_or("", |rule| rule.summary);
        let _ = match format {
            OutputFormat::Json | OutputFormat::Sarif => writeln!(
                out,
                "{}",
                json!({"code": code, "count": count, "severity": severity.name(), "summary": summary})
            ),
            _ => writeln!(out, "{count:>6}  {code:<32} {summary}"),
        };
    }
}

/// One JUnit test case: a problem, failing.
fn junit_case(path: &str, text: &Text, diagnostic: &Diagnostic, machine: Option<&str>) -> String {
    let start = text.position(diagnostic.range.start(), Encoding::Utf32);
    let (line, column) = (start.line + 1, start.character + 1);
    let message = match machine {
        Some(machine) => format!("{machine}: {}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    format!(
        "    <testcase name=\"{code} at {line}:{column}\" classname=\"{file}\" file=\"{file}\" line=\"{line}\">\n      \
         <failure type=\"{code}\" message=\"{message}\">{severity}: {file}:{line}:{column}: {message}</failure>\n    </testcase>\n",
        code = diagnostic.code,
        file = svg::escape(path),
        severity = diagnostic.severity.name(),
        message = svg::escape(&message),
    )
}

/// The JUnit XML report: a suite per file, a passing case for a clean one.
fn junit_report(suites: &[(String, Vec<String>)]) -> String {
    let failures: usize = suites.iter().map(|(_, cases)| cases.len()).sum();
    let tests: usize = suites.iter().map(|(_, cases)| cases.len().max(1)).sum();
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"asl-lsp\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n"
    );
    for (file, cases) in suites {
        let file = svg::escape(file);
        xml.push_str(&format!(
            "  <testsuite name=\"{file}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
            cases.len().max(1),
            cases.len()
        ));
        if cases.is_empty() {
            xml.push_str(&format!(
                "    <testcase name=\"no problems\" classname=\"{file}\" file=\"{file}\"/>\n"
            ));
        }
        for case in cases {
            xml.push_str(case);
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// One GitHub Actions workflow command: an annotation on the file and lines.
fn write_github(
    out: &mut dyn Write,
    path: &str,
    text: &Text,
    diagnostic: &Diagnostic,
    machine: Option<&str>,
) -> std::io::Result<()> {
    // Columns count characters, as GitHub shows them.
    let start = text.position(diagnostic.range.start(), Encoding::Utf32);
    let end = text.position(diagnostic.range.end(), Encoding::Utf32);
    let level = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    };
    let property = |value: &str| {
        value
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
            .replace(':', "%3A")
            .replace(',', "%2C")
    };
    let message = match machine {
        Some(machine) => format!("{machine}: {}", diagnostic.message),
        None => diagnostic.message.clone(),
    };
    let message = message.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    writeln!(
        out,
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{message}",
        property(&path.replace('\\', "/")),
        start.line + 1,
        start.character + 1,
        end.line + 1,
        end.character + 1,
        property(diagnostic.code),
    )
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

/// At most this many characters of a line are shown under a diagnostic,
/// this many of them before the caret: a minified definition is one long line.
const SHOWN_CHARS: usize = 240;
const SHOWN_BEFORE: usize = 100;

/// The ANSI colours of the human report, as rustc uses them; empty when
/// the report is not for a terminal (or `NO_COLOR` is set).
#[derive(Clone, Copy)]
struct Paint {
    /// The severity's colour: the header and the carets.
    level: &'static str,
    /// The gutter and the arrow.
    frame: &'static str,
    bold: &'static str,
    reset: &'static str,
}

impl Paint {
    fn new(color: bool, severity: Severity) -> Paint {
        if !color {
            return Paint {
                level: "",
                frame: "",
                bold: "",
                reset: "",
            };
        }
        Paint {
            level: match severity {
                Severity::Error => "\x1b[1;31m",
                Severity::Warning => "\x1b[1;33m",
                Severity::Information | Severity::Hint => "\x1b[1;36m",
            },
            frame: "\x1b[1;34m",
            bold: "\x1b[1m",
            reset: "\x1b[0m",
        }
    }
}

fn write_human(
    out: &mut dyn Write,
    path: &str,
    content: &str,
    text: &Text,
    diagnostic: &Diagnostic,
    machine: Option<&str>,
    paint: Paint,
) -> std::io::Result<()> {
    let start = text.position(diagnostic.range.start(), Encoding::Utf32);
    let end = text.position(diagnostic.range.end(), Encoding::Utf32);
    let Paint {
        level,
        frame,
        bold,
        reset,
    } = paint;
    writeln!(
        out,
        "{level}{}[{}]{reset}{bold}: {}{}{reset}",
        diagnostic.severity.name(),
        diagnostic.code,
        machine.map_or_else(String::new, |machine| format!("{machine}: ")),
        diagnostic.message
    )?;
    let number = (start.line + 1).to_string();
    let gutter = " ".repeat(number.len());
    writeln!(
        out,
        "{gutter}{frame}-->{reset} {path}:{}:{}",
        start.line + 1,
        start.character + 1
    )?;
    writeln!(out, "{gutter} {frame}|{reset}")?;
    // The line around the start, cut to a window when it is long.
    let mut at = diagnostic.range.start().min(content.len());
    while !content.is_char_boundary(at) {
        at -= 1;
    }
    let mut from = at;
    let mut before = 0;
    let mut cut_before = false;
    for (index, ch) in content[..at].char_indices().rev() {
        if ch == '\n' || ch == '\r' {
            break;
        }
        if before == SHOWN_BEFORE {
            cut_before = true;
            break;
        }
        from = index;
        before += 1;
    }
    let mut to = at;
    let mut cut_after = false;
    for (shown, (index, ch)) in content[at..].char_indices().enumerate() {
        if ch == '\n' || ch == '\r' {
            break;
        }
        if before + shown == SHOWN_CHARS {
            cut_after = true;
            break;
        }
        to = at + index + ch.len_utf8();
    }
    let (open, close) = (if cut_before { "…" } else { "" }, if cut_after { "…" } else { "" });
    writeln!(out, "{frame}{number} |{reset} {open}{}{close}", &content[from..to])?;
    let shown_after = content[at..to].chars().count() as u32;
    let caret_end = if end.line == start.line {
        end.character.min(start.character + shown_after)
    } else {
        start.character + shown_after
    };
    let width = caret_end.saturating_sub(start.character).max(1) as usize;
    let indent: String = open
        .chars()
        .chain(content[from..at].chars())
        .map(|ch| if ch == '\t' { '\t' } else { ' ' })
        .collect();
    writeln!(
        out,
        "{gutter} {frame}|{reset} {indent}{level}{}{reset}",
        "^".repeat(width)
    )?;
    writeln!(out)
}

fn write_json(
    out: &mut dyn Write,
    path: &str,
    text: &Text,
    diagnostic: &Diagnostic,
    machine: Option<&str>,
) -> std::io::Result<()> {
    let start = text.position(diagnostic.range.start(), Encoding::Utf16);
    let end = text.position(diagnostic.range.end(), Encoding::Utf16);
    let mut value = json!({
        "file": path,
        "range": {
            "start": {"line": start.line, "character": start.character},
            "end": {"line": end.line, "character": end.character},
        },
        "severity": diagnostic.severity.name(),
        "code": diagnostic.code,
        "message": diagnostic.message,
    });
    if let Some(machine) = machine {
        value["machine"] = json!(machine);
    }
    if let Some(fix) = &diagnostic.fix {
        let (start, end) = (
            text.position(fix.range.start(), Encoding::Utf16),
            text.position(fix.range.end(), Encoding::Utf16),
        );
        value["fix"] = json!({
            "title": fix.title,
            "range": {
                "start": {"line": start.line, "character": start.character},
                "end": {"line": end.line, "character": end.character},
            },
            "newText": fix.new_text,
        });
    }
    writeln!(out, "{value}")
}

//! The language server: tower-lsp handlers over the document store.
//!
//! This is the only module that knows LSP and tokio. Handlers convert
//! positions at the edge and call the pure features in `crate::ide`.
//!
//! The framework never reads the client directly: `transport` reads and
//! checks every frame, answers the malformed ones and hands the rest on
//! through an in-memory pipe, so no input ends the server. Every request
//! and every analysis runs on the blocking pool under `catch_unwind`
//! (`worker`): a panic costs one answer (-32603), the task that reads the
//! input never waits for an analysis, and `shutdown`/`exit` are answered at
//! once whatever is running. Diagnostics are computed after a short,
//! configurable delay and published with the version they were computed
//! from, only while that version is still the current one; `didClose`
//! clears them under the same lock, so nothing stale can follow it.

mod convert;
mod documents;
mod features;
mod links;
pub mod log;
pub mod transport;
mod worker;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use serde::Deserialize;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::ide;
use crate::syntax::placeholders::Placeholders;
use crate::syntax::Format;
use crate::text::Encoding;
use documents::{lock, Documents, Snapshot};
use links::Links;
use worker::Failure;

/// Settings a client gives in `initializationOptions`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// How long to wait after an edit before computing diagnostics, in
    /// milliseconds; 0 computes them at once.
    pub diagnostics_delay_ms: u64,
    /// The log level (`off`, `error`, `warn`, `info`, `debug`, `trace`);
    /// when absent, `ASL_LSP_LOG` decides, and warn when that is unset.
    pub log_level: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            diagnostics_delay_ms: 50,
            log_level: None,
        }
    }
}

/// How many requests the framework runs at once. Requests wait on the
/// blocking pool, not on the framework's tasks, so this only needs to be
/// large enough that `shutdown`, `$/cancelRequest` and the notifications
/// are never queued behind slow requests.
const CONCURRENCY: usize = 1024;

struct Backend {
    client: Client,
    documents: Arc<Documents>,
    /// Templates and the definition files they name (SAM's `DefinitionUri`).
    links: Arc<Links>,
    /// The configuration files (`asl-lsp.toml`) that apply to open documents.
    configs: Arc<std::sync::Mutex<crate::cli::settings::Configs>>,
    /// The last mistake in a configuration file shown to the user, so that
    /// each one is shown once.
    config_mistake: Arc<std::sync::Mutex<Option<String>>>,
    /// The configuration the client's settings give (`aslLsp`), for the
    /// files no configuration file applies to; the last good one.
    client_config: Arc<std::sync::Mutex<Option<Arc<crate::config::Config>>>>,
    /// The workspace's root folder: the client's globs are relative to it.
    root: OnceLock<Option<std::path::PathBuf>>,
    /// Whether the client answers `workspace/configuration`.
    asks_configuration: OnceLock<bool>,
    encoding: OnceLock<Encoding>,
    settings: OnceLock<Settings>,
    logs: Option<Arc<log::Logs>>,
    /// Whether the client takes snippets in completion items.
    snippets: OnceLock<bool>,
    /// The client shows a code action that cannot be applied, with why.
    disabled_actions: OnceLock<bool>,
    /// Whether the client watches files for us when asked to.
    watches_files: OnceLock<bool>,
    /// Set by `shutdown`; decides the exit status when the client says `exit`.
    shut_down: Arc<AtomicBool>,
    /// Held from the "is this version still current?" check to the end of
    /// the publication, and by `didClose` while it clears a document's
    /// diagnostics, so that an older version can never be published after a
    /// newer one, nor anything after a close.
    publishing: Arc<tokio::sync::Mutex<()>>,
}

/// A request's document, analysis and cursor.
struct At {
    snapshot: Arc<Snapshot>,
    encoding: Encoding,
    offset: usize,
    document: Arc<crate::document::Document>,
    /// Named like a template without being one: nothing to answer.
    quiet: bool,
}

/// The state machine under a request's cursor: its analysis, the cursor
/// in the analysis' coordinates, and the machine, which moves answers back
/// to the file (`file_range`, `file_edit`: a definition decoded from a
/// string has coordinates and escapes of its own).
struct Under<'a> {
    analysis: &'a crate::Analysis,
    offset: usize,
    machine: &'a crate::document::Machine,
}

impl At {
    /// The machine under the cursor: the file's, or in a template, the one
    /// whose definition holds the cursor (also one decoded from a string).
    fn under(&self) -> Option<Under<'_>> {
        if self.quiet {
            return None;
        }
        let machine = self.document.machine_at(self.offset)?;
        Some(Under {
            analysis: &machine.analysis,
            offset: machine.offset_in(self.offset)?,
            machine,
        })
    }

    /// A range of the machine under the cursor as an LSP range of the file.
    fn machine_range(&self, under: &Under<'_>, range: crate::syntax::TextRange) -> Range {
        self.range(under.machine.file_range(range))
    }

    /// The document's diagnostics (none for a quiet one).
    fn diagnostics(&self) -> &[crate::check::Diagnostic] {
        if self.quiet {
            return &[];
        }
        self.document.diagnostics()
    }

    fn range(&self, range: crate::syntax::TextRange) -> Range {
        convert::range(&self.snapshot.text, range, self.encoding)
    }
}

/// The parameters of a `didChange` whose version was missing or invalid,
/// forwarded by the transport under its own method.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeWithoutVersion {
    text_document: DocumentUri,
    content_changes: Vec<TextDocumentContentChangeEvent>,
}

#[derive(Deserialize)]
struct DocumentUri {
    uri: Uri,
}

impl Backend {
    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    fn settings(&self) -> Settings {
        self.settings.get().cloned().unwrap_or_default()
    }

    /// Serve a request on `uri` on the blocking pool: `job` gets the
    /// document's current snapshot, its analysis and `position` as an
    /// offset. Logged at debug level with the document's version and the
    /// time taken; a panic is logged and answered with an internal error.
    async fn request<T: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        position: Option<Position>,
        job: impl FnOnce(&At) -> Result<Option<T>> + Send + 'static,
    ) -> Result<Option<T>> {
        let Some(snapshot) = self.documents.get(uri) else {
            tracing::debug!(method, uri = uri.as_str(), "request on a document that is not open");
            return Ok(None);
        };
        let version = snapshot.version;
        let encoding = self.encoding();
        let started = Instant::now();
        let outcome = worker::run(move || {
            worker::test_panic(&snapshot.content());
            let offset = position.map_or(0, |position| convert::offset(&snapshot.text, position, encoding));
            let document = snapshot.analysis();
            let quiet = quiet(&snapshot, &document);
            job(&At {
                snapshot,
                encoding,
                offset,
                document,
                quiet,
            })
        })
        .await;
        let elapsed = started.elapsed();
        match outcome {
            Ok(result) => {
                tracing::debug!(method, uri = uri.as_str(), version, ?elapsed, "request served");
                result
            }
            Err(Failure::Panicked(message)) => {
                tracing::error!(
                    method,
                    uri = uri.as_str(),
                    version,
                    ?elapsed,
                    "request failed: {message}"
                );
                Err(Error {
                    code: tower_lsp_server::jsonrpc::ErrorCode::InternalError,
                    message: format!("internal error in {method}: {message}").into(),
                    data: None,
                })
            }
            Err(Failure::Cancelled) => Err(Error::request_cancelled()),
        }
    }

    /// Compute and publish diagnostics for `snapshot` after the configured
    /// delay, unless a newer version has arrived by then.
    fn schedule_diagnostics(&self, uri: Uri, snapshot: Arc<Snapshot>) {
        let client = self.client.clone();
        let documents = self.documents.clone();
        let delay = Duration::from_millis(self.settings().diagnostics_delay_ms);
        let encoding = self.encoding();
        let publishing = self.publishing.clone();
        let links = self.links.clone();
        let configs = self.configs.clone();
        let config_mistake = self.config_mistake.clone();
        let client_config = lock(&self.client_config).clone();
        let root = self.root.get().cloned().flatten();
        tokio::spawn(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let is_current = |documents: &Documents| {
                documents
                    .get(&uri)
                    .is_some_and(|current| Arc::ptr_eq(&current, &snapshot))
            };
            if !is_current(&documents) {
                return;
            }
            let version = snapshot.version;
            let started = Instant::now();
            let worker = snapshot.clone();
            let (worker_documents, worker_uri) = (documents.clone(), uri.clone());
            let outcome = worker::run(move || {
                worker::test_panic(&worker.content());
                let document = worker.analysis();
                if quiet(&worker, &document) {
                    return (Vec::new(), None);
                }
                let linked = links.diagnostics(&worker_documents, &worker_uri, &worker.content(), &document);
                let (config, mistakes) = configuration_of(&configs, client_config, root.as_deref(), &worker_uri);
                let content = worker.content();
                // Besides what the file says of itself: what linked files say
                // of it, and what it cannot do as the Express workflow the
                // configuration makes it.
                let mut linked = linked;
                if let Some((config, relative)) = &config {
                    if config.express(relative) {
                        linked.extend(document.express_problems());
                        linked.sort_by_key(|diagnostic| diagnostic.range);
                    }
                }
                // Inline `asl-lsp: ignore`: what they cover is left out, and
                // one that covers nothing is a hint of its own.
                let mut suppressions = document.suppressions(&content);
                let mut all: Vec<&crate::check::Diagnostic> =
                    crate::check::interleaved(document.diagnostics(), &linked)
                        .filter(|diagnostic| suppressions.as_mut().is_none_or(|found| found.allows(diagnostic)))
                        .collect();
                let unused = suppressions.map(|found| found.unused()).unwrap_or_default();
                if !unused.is_empty() {
                    all.extend(unused.iter());
                    all.sort_by_key(|diagnostic| diagnostic.range);
                }

                let diagnostics = all
                    .into_iter()
                    .filter_map(|diagnostic| {
                        let mut converted = convert::diagnostic(&worker.text, diagnostic, encoding);
                        if let Some((config, relative)) = &config {
                            match config.level(relative, diagnostic.code) {
                                Some(crate::config::Level::Off) => return None,
                                Some(crate::config::Level::Report(severity)) => {
                                    converted.severity = Some(convert::severity(severity));
                                }
                                None => {}
                            }
                        }
                        Some(converted)
                    })
                    .collect::<Vec<_>>();
                (diagnostics, mistakes)
            })
            .await;
            let diagnostics = match outcome {
                Ok((diagnostics, mistakes)) => {
                    if let Some(mistakes) = mistakes {
                        let new = lock(&config_mistake).replace(mistakes.clone()) != Some(mistakes.clone());
                        if new {
                            tracing::warn!("configuration not read: {mistakes}");
                            client
                                .show_message(
                                    MessageType::WARNING,
                                    format!("asl-lsp: the configuration has mistakes; the last good one applies.\n{mistakes}"),
                                )
                                .await;
                        }
                    }
                    diagnostics
                }
                Err(Failure::Panicked(message)) => {
                    tracing::error!(uri = uri.as_str(), version, "diagnostics failed: {message}");
                    return;
                }
                Err(Failure::Cancelled) => return,
            };
            let count = diagnostics.len();
            let _turn = publishing.lock().await;
            if is_current(&documents) {
                client
                    .publish_diagnostics(uri.clone(), diagnostics, Some(version))
                    .await;
                tracing::debug!(uri = uri.as_str(), version, count, elapsed = ?started.elapsed(), "diagnostics published");
            }
        });
    }

    /// The placeholder syntaxes the configuration of the document at `uri` gives.
    fn placeholders_of(&self, uri: &Uri) -> Placeholders {
        let client_config = lock(&self.client_config).clone();
        let root = self.root.get().cloned().flatten();
        let (config, _) = configuration_of(&self.configs, client_config, root.as_deref(), uri);
        config
            .map(|(config, relative)| config.placeholders(&relative))
            .unwrap_or_default()
    }

    /// After the configuration changed: every open document read with
    /// placeholder syntaxes it no longer gives is read afresh, and every
    /// open document's diagnostics are published again.
    fn reconfigure_all(&self) {
        for (open, snapshot) in self.documents.all() {
            let placeholders = self.placeholders_of(&open);
            let snapshot = self.documents.reconfigure(&open, placeholders).unwrap_or(snapshot);
            self.schedule_diagnostics(open, snapshot);
        }
    }

    /// Ask the client for its `aslLsp` settings, where it answers such requests.
    async fn ask_client_settings(&self) {
        if !self.asks_configuration.get().copied().unwrap_or(false) {
            return;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("aslLsp".to_string()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(mut values) => {
                if let Some(settings) = values.pop() {
                    self.take_client_settings(settings).await;
                }
            }
            Err(error) => tracing::info!("the client gave no settings: {error}"),
        }
    }

    /// The client's settings as the configuration of files that no
    /// configuration file covers; with mistakes, shown, and the last good
    /// settings kept.
    async fn take_client_settings(&self, settings: serde_json::Value) {
        // Only the configuration's keys: the server's own options live beside them.
        let keys = ["rules", "overrides", "type", "placeholders"];
        let Some(object) = settings.as_object() else {
            return;
        };
        let chosen: serde_json::Map<String, serde_json::Value> = object
            .iter()
            .filter(|(key, value)| keys.contains(&key.as_str()) && !value.is_null())
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        match crate::config::Config::from_json(&serde_json::Value::Object(chosen)) {
            Ok(config) => *lock(&self.client_config) = Some(Arc::new(config)),
            Err(mistakes) => {
                let text = mistakes
                    .iter()
                    .map(|mistake| mistake.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                tracing::warn!("settings not taken: {text}");
                self.client
                    .show_message(
                        MessageType::WARNING,
                        format!("asl-lsp: the aslLsp settings have mistakes; the last good ones apply. {text}"),
                    )
                    .await;
            }
        }
    }

    /// After a configuration file was opened, saved, closed or changed on
    /// disk: look for configuration files again, and publish every open
    /// document's diagnostics under it.
    fn configuration_changed(&self, uri: &Uri) {
        let path = uri.path().as_str();
        let name = path.rsplit('/').next().unwrap_or(path);
        if !crate::config::FILE_NAMES.contains(&name) {
            return;
        }
        tracing::info!(uri = uri.as_str(), "configuration changed");
        lock(&self.configs).forget_folders();
        self.reconfigure_all();
    }

    /// Publish again the diagnostics of the open documents that read the
    /// file at `uri` (a template and the definition file it names).
    fn schedule_readers(&self, uri: &Uri) {
        for reader in self.links.readers_of(uri) {
            if let Some(snapshot) = self.documents.get(&reader) {
                self.schedule_diagnostics(reader, snapshot);
            }
        }
    }

    fn apply_change(&self, uri: Uri, version: Option<i32>, changes: &[TextDocumentContentChangeEvent]) {
        let snapshot = self.documents.change(&uri, version, changes, self.encoding());
        match snapshot {
            Some(snapshot) => {
                tracing::debug!(uri = uri.as_str(), version = snapshot.version, "didChange");
                self.schedule_readers(&uri);
                self.schedule_diagnostics(uri, snapshot);
            }
            None => tracing::warn!(uri = uri.as_str(), "didChange for a document that is not open: ignored"),
        }
    }

    /// Apply the edits of a `didChange` that had no valid version.
    async fn did_change_without_version(&self, params: ChangeWithoutVersion) {
        self.apply_change(params.text_document.uri, None, &params.content_changes);
    }
}

/// The documentation of the rules whose problems cover `offset`, each once:
/// the rule's code and summary, what it catches and how to fix it.
fn rules_at(diagnostics: &[crate::check::Diagnostic], offset: usize) -> String {
    let mut codes: Vec<&str> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.range.start() <= offset && offset <= diagnostic.range.end())
        .map(|diagnostic| diagnostic.code)
        .collect();
    codes.dedup();
    let mut out = Vec::new();
    for code in codes {
        let Some(rule) = crate::check::registry::find(code) else {
            continue;
        };
        let mut paragraphs = rule.doc.split("\n\n");
        let catches = paragraphs.next().unwrap_or_default().trim();
        let fix = rule
            .doc
            .split("\n\n")
            .find(|paragraph| paragraph.starts_with("**How to fix.**"))
            .unwrap_or_default()
            .trim();
        let section = format!(
            "**{code}**: {}\n\n{catches}\n\n{fix}\n\n(`asl-lsp rule {code}` has an example.)",
            rule.summary
        );
        if !out.contains(&section) {
            out.push(section);
        }
    }
    out.join("\n\n---\n\n")
}

/// A completion of a machine decoded from a string, as an edit of the
/// file (see `Machine::file_edit`): its text escaped, what the client
/// filters on too (it filters on the file's text) and its other edits,
/// and no snippet; `None` when one of them cannot be written there.
fn in_file(machine: &crate::document::Machine, item: ide::Completion) -> Option<ide::Completion> {
    let (range, insert_text) = machine.file_edit(item.range, &item.insert_text)?;
    let filter_text = match &item.filter_text {
        Some(filter) => Some(machine.file_edit(item.range, filter)?.1),
        None => None,
    };
    let additional_edits = item
        .additional_edits
        .iter()
        .map(|(range, new_text)| machine.file_edit(*range, new_text))
        .collect::<Option<Vec<_>>>()?;
    Some(ide::Completion {
        insert_text,
        filter_text,
        snippet: None,
        range,
        additional_edits,
        ..item
    })
}

/// Whether the client says a document is a state machine definition: a
/// name with `.asl` in it, or a language id with `asl` in it (`asl`,
/// `asl-yaml`, `json.asl`) on a file not named like a template. A client
/// may attach the server to every JSON and YAML file, or to templates by
/// name whatever they hold: what it does not claim is answered only when
/// the text is a definition or a template (`quiet`).
fn claimed(uri: &Uri, language_id: &str) -> bool {
    let path = uri.path().as_str();
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name.contains(".asl.") || name.ends_with(".asl") {
        return true;
    }
    language_id.to_ascii_lowercase().contains("asl") && !crate::document::is_template_name(&name)
}

/// Nothing to answer for a document the client did not claim and whose
/// text is neither a definition nor a template.
/// The configuration of the document at `uri`, with its path relative to
/// the configuration's folder: its configuration file's, or else the
/// client's settings (their globs taken from the workspace's root); and
/// what is wrong with that file, if anything.
fn configuration_of(
    configs: &std::sync::Mutex<crate::cli::settings::Configs>,
    client_config: Option<Arc<crate::config::Config>>,
    root: Option<&std::path::Path>,
    uri: &Uri,
) -> (Option<(Arc<crate::config::Config>, String)>, Option<String>) {
    let found = uri.to_file_path().map(|path| lock(configs).for_file(&path));
    let (config, mistakes) = match found {
        Some(found) => (found.config, found.mistakes),
        None => (None, None),
    };
    let config = config.or_else(|| {
        let config = client_config?;
        let path = uri.to_file_path()?;
        let relative = root
            .and_then(|root| path.strip_prefix(root).ok())
            .map(|relative| {
                relative
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .or_else(|| Some(path.file_name()?.to_string_lossy().into_owned()))?;
        Some((config, relative))
    });
    (config, mistakes)
}

/// The most symbols `workspace/symbol` answers with.
const WORKSPACE_SYMBOLS: usize = 500;

fn quiet(snapshot: &Snapshot, document: &crate::document::Document) -> bool {
    !snapshot.claimed && !document.is_template() && !document.is_definition()
}

fn format_of(uri: &Uri, language_id: Option<&str>) -> Format {
    if language_id.is_some_and(|id| id.to_ascii_lowercase().contains("yaml")) {
        return Format::Yaml;
    }
    Format::from_path(uri.path().as_str())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_ref())
            .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
        let encoding = if offers_utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        let _ = self.encoding.set(encoding);
        let snippets = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|text_document| text_document.completion.as_ref())
            .and_then(|completion| completion.completion_item.as_ref())
            .and_then(|item| item.snippet_support)
            .unwrap_or(false);
        let _ = self.snippets.set(snippets);
        let disabled_actions = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|text_document| text_document.code_action.as_ref())
            .and_then(|code_action| code_action.disabled_support)
            .unwrap_or(false);
        let _ = self.disabled_actions.set(disabled_actions);
        let watches_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.did_change_watched_files.as_ref())
            .and_then(|watched| watched.dynamic_registration)
            .unwrap_or(false);
        let _ = self.watches_files.set(watches_files);
        let asks_configuration = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.configuration)
            .unwrap_or(false);
        let _ = self.asks_configuration.set(asks_configuration);
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|folder| &folder.uri)
            .or(params.root_uri.as_ref())
            .and_then(|uri| uri.to_file_path())
            .map(|path| path.into_owned());
        let _ = self.root.set(root);
        let settings = match params.initialization_options {
            None => Settings::default(),
            Some(options) => serde_json::from_value::<Settings>(options).unwrap_or_else(|error| {
                tracing::warn!("initializationOptions ignored: {error}");
                Settings::default()
            }),
        };
        if let Some(name) = &settings.log_level {
            match log::parse_level(name) {
                Some(level) => {
                    if let Some(logs) = &self.logs {
                        logs.set_level(level);
                    }
                }
                None => tracing::warn!("logLevel {name:?} is not a log level (off, error, warn, info, debug, trace)"),
            }
        }
        tracing::info!(?encoding, ?settings, "initialize");
        let _ = self.settings.set(settings);
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(match encoding {
                    Encoding::Utf8 => PositionEncodingKind::UTF8,
                    _ => PositionEncodingKind::UTF16,
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                definition_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
                    SemanticTokensOptions {
                        legend: SemanticTokensLegend {
                            token_types: features::TOKEN_TYPES.to_vec(),
                            token_modifiers: features::TOKEN_MODIFIERS.to_vec(),
                        },
                        full: Some(SemanticTokensFullOptions::Bool(true)),
                        range: None,
                        ..Default::default()
                    },
                )),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["\"".to_string(), ".".to_string(), "$".to_string()]),
                    ..Default::default()
                }),
                references_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::REFACTOR_REWRITE]),
                    ..Default::default()
                })),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "asl-lsp".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn shutdown(&self) -> Result<()> {
        tracing::info!("shutdown");
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let format = format_of(&document.uri, Some(&document.language_id));
        tracing::debug!(
            uri = document.uri.as_str(),
            version = document.version,
            bytes = document.text.len(),
            "didOpen"
        );
        let claimed = claimed(&document.uri, &document.language_id);
        let placeholders = self.placeholders_of(&document.uri);
        let snapshot = self.documents.open(
            document.uri.clone(),
            &document.text,
            document.version,
            format,
            claimed,
            placeholders,
        );
        self.links.touched(&document.uri);
        self.schedule_readers(&document.uri);
        self.configuration_changed(&document.uri);
        self.schedule_diagnostics(document.uri, snapshot);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        tracing::debug!(uri = uri.as_str(), "didSave");
        // A template saved may name other files now; the readers of this
        // one read the same text, which they have already.
        self.links.touched(&uri);
        self.configuration_changed(&uri);
        if let Some(snapshot) = self.documents.get(&uri) {
            self.schedule_diagnostics(uri, snapshot);
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            self.configuration_changed(&change.uri);
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients that push the settings give them here; the others are asked.
        match params.settings.get("aslLsp") {
            Some(settings) => self.take_client_settings(settings.clone()).await,
            None => self.ask_client_settings().await,
        }
        self.reconfigure_all();
    }

    async fn initialized(&self, _: InitializedParams) {
        self.ask_client_settings().await;
        // Documents opened while the settings were on their way.
        self.reconfigure_all();
        // Watch configuration files where the client lets us ask for it.
        let registration = Registration {
            id: "asl-lsp-configuration".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/{asl-lsp,.asl-lsp}.toml".to_string()),
                    kind: None,
                }],
            })
            .ok(),
        };
        if self.watches_files.get().copied().unwrap_or(false) {
            if let Err(error) = self.client.register_capability(vec![registration]).await {
                tracing::info!("the client does not watch configuration files: {error}");
            }
        }
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let document = params.text_document;
        self.apply_change(document.uri, Some(document.version), &params.content_changes);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        // Forget the document before the first `.await`, so that a `didOpen`
        // after this `didClose` can never be handled before it.
        let was_open = self.documents.close(&uri);
        tracing::debug!(uri = uri.as_str(), was_open, "didClose");
        // Its readers read the file on disk from now on.
        self.links.closed(&uri);
        self.schedule_readers(&uri);
        self.configuration_changed(&uri);
        // Every publication checks that its version is current under this
        // lock: once we hold it, none for the closed document can follow.
        let _turn = self.publishing.lock().await;
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri;
        let target = uri.clone();
        self.request("textDocument/definition", &uri, Some(position.position), move |at| {
            let mut locations: Vec<Location> = match at.under() {
                Some(under) => ide::definitions(under.analysis, under.offset)
                    .into_iter()
                    .map(|range| Location {
                        uri: target.clone(),
                        range: at.machine_range(&under, range),
                    })
                    .collect(),
                None => Vec::new(),
            };
            Ok(match locations.len() {
                0 => None,
                1 => locations.pop().map(GotoDefinitionResponse::Scalar),
                _ => Some(GotoDefinitionResponse::Array(locations)),
            })
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        self.request(
            "textDocument/hover",
            &position.text_document.uri,
            Some(position.position),
            |at| {
                let Some(under) = at.under() else {
                    return Ok(None);
                };
                let found = ide::hover(under.analysis, under.offset);
                // What the problems under the cursor are about: each rule's
                // summary, what it catches and how to fix it.
                let rules = rules_at(at.diagnostics(), at.offset);
                let (markdown, range) = match found {
                    Some(hover) if rules.is_empty() => (hover.markdown, Some(at.machine_range(&under, hover.range))),
                    Some(hover) => (
                        format!("{}\n\n---\n\n{rules}", hover.markdown),
                        Some(at.machine_range(&under, hover.range)),
                    ),
                    None if rules.is_empty() => return Ok(None),
                    None => (rules, None),
                };
                Ok(Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range,
                }))
            },
        )
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position;
        let snippets = self.snippets.get().copied().unwrap_or(false);
        self.request(
            "textDocument/completion",
            &position.text_document.uri,
            Some(position.position),
            move |at| {
                let Some(under) = at.under() else {
                    return Ok(None);
                };
                let content = at.snapshot.content();
                let mut items = ide::completions(under.analysis, under.machine.text(&content), under.offset);
                // Inside a string (a quoted `DefinitionString`, CDK's join):
                // each item's text written with the string's escapes, as
                // plain text, and where that cannot be, the item left out.
                let snippets = snippets && !under.machine.is_decoded();
                if under.machine.is_decoded() {
                    items = items
                        .into_iter()
                        .filter_map(|item| in_file(under.machine, item))
                        .collect();
                }
                // A machine of thousands of states offers thousands of names:
                // send the best ones and let the client ask again as the user types.
                // (Lists of state names come cut to that many already.)
                let incomplete = items.len() >= ide::MAX_COMPLETIONS;
                if items.len() > ide::MAX_COMPLETIONS {
                    // The best ones, in linear time; the client sorts them.
                    items.select_nth_unstable_by(ide::MAX_COMPLETIONS - 1, |a, b| a.sort_text.cmp(&b.sort_text));
                    items.truncate(ide::MAX_COMPLETIONS);
                }
                // Items share their range: it is converted once per distinct range.
                let mut converted: Option<(crate::syntax::TextRange, Range)> = None;
                let items = items
                    .iter()
                    .map(|item| {
                        let range = match converted {
                            Some((from, to)) if from == item.range => to,
                            _ => {
                                let to = at.range(item.range);
                                converted = Some((item.range, to));
                                to
                            }
                        };
                        let mut converted = convert::completion(item, range, snippets);
                        if !item.additional_edits.is_empty() {
                            converted.additional_text_edits = Some(
                                item.additional_edits
                                    .iter()
                                    .map(|(range, new_text)| TextEdit {
                                        range: at.range(*range),
                                        new_text: new_text.clone(),
                                    })
                                    .collect(),
                            );
                        }
                        converted
                    })
                    .collect();
                Ok(Some(if incomplete {
                    CompletionResponse::List(CompletionList {
                        is_incomplete: true,
                        items,
                    })
                } else {
                    CompletionResponse::Array(items)
                }))
            },
        )
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let target = uri.clone();
        let include_declaration = params.context.include_declaration;
        self.request("textDocument/references", &uri, Some(position.position), move |at| {
            let Some(under) = at.under() else {
                return Ok(Some(Vec::new()));
            };
            let locations = ide::references(under.analysis, under.offset, include_declaration)
                .into_iter()
                .map(|range| Location {
                    uri: target.clone(),
                    range: at.machine_range(&under, range),
                })
                .collect();
            Ok(Some(locations))
        })
        .await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        self.request(
            "textDocument/prepareRename",
            &params.text_document.uri,
            Some(params.position),
            |at| {
                let Some(under) = at.under() else {
                    return Ok(None);
                };
                let found = ide::prepare_rename(under.analysis, under.offset);
                Ok(found.map(|(range, name)| PrepareRenameResponse::RangeWithPlaceholder {
                    range: at.machine_range(&under, range),
                    placeholder: name,
                }))
            },
        )
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let target = uri.clone();
        let new_name = params.new_name;
        self.request("textDocument/rename", &uri, Some(position.position), move |at| {
            let Some(under) = at.under() else {
                return Err(Error::invalid_params("There is no state machine here to rename in"));
            };
            let content = at.snapshot.content();
            let edits = ide::rename(under.analysis, under.machine.text(&content), under.offset, &new_name)
                .map_err(Error::invalid_params)?
                .into_iter()
                .map(|edit| {
                    let (range, new_text) = under.machine.file_edit(edit.range, &edit.new_text).ok_or_else(|| {
                        Error::invalid_params(
                            "A name here is written across parts of the string (or in a form it cannot be \
                             escaped in): rename it by hand",
                        )
                    })?;
                    Ok(TextEdit {
                        range: at.range(range),
                        new_text,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Some(WorkspaceEdit {
                changes: Some(std::collections::HashMap::from([(target, edits)])),
                ..Default::default()
            }))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let target = uri.clone();
        let range = params.range;
        let only = params.context.only;
        // Asked for by the author (not because the cursor moved): the refactorings that look at the whole machine too.
        let invoked = params.context.trigger_kind != Some(CodeActionTriggerKind::AUTOMATIC);
        let disabled_actions = self.disabled_actions.get().copied().unwrap_or(false);
        self.request("textDocument/codeAction", &uri, None, move |at| {
            let text = &at.snapshot.text;
            let encoding = at.encoding;
            let start = convert::offset(text, range.start, encoding);
            let end = convert::offset(text, range.end, encoding);
            let content = at.snapshot.content();
            let action = |diagnostic: &crate::check::Diagnostic, fix: &crate::check::Fix, preferred: bool| {
                let edit = TextEdit {
                    range: convert::range(text, fix.range, encoding),
                    new_text: fix.new_text.clone(),
                };
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![convert::diagnostic(text, diagnostic, encoding)]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(std::collections::HashMap::from([(target.clone(), vec![edit])])),
                        ..Default::default()
                    }),
                    is_preferred: Some(preferred),
                    ..Default::default()
                })
            };
            let touched: Vec<&crate::check::Diagnostic> = at
                .diagnostics()
                .iter()
                .filter(|diagnostic| diagnostic.range.start() <= end && start <= diagnostic.range.end())
                .collect();
            // The corrections first, then a suppression for each problem.
            let mut actions: Vec<CodeActionOrCommand> = touched
                .iter()
                .filter_map(|diagnostic| Some(action(diagnostic, diagnostic.fix.as_ref()?, true)))
                .collect();
            // What changes the structure (create a state, end one, remove a
            // field, …), for a machine written as it is in the file.
            if let Some(machine) = at.document.machine_at(start).filter(|machine| !machine.is_decoded()) {
                let analysis = &machine.analysis;
                let mut found_actions =
                    ide::actions(analysis, &content, crate::syntax::TextRange::new(start, end.max(start)));
                if invoked {
                    found_actions.extend(ide::machine_to_jsonata(analysis, &content));
                }
                for found in found_actions {
                    // One that cannot be applied here is shown, with why, only where the client can.
                    if found.declined.is_some() && !disabled_actions {
                        continue;
                    }
                    let edits = found
                        .edits
                        .iter()
                        .map(|(range, new_text)| TextEdit {
                            range: convert::range(text, *range, encoding),
                            new_text: new_text.clone(),
                        })
                        .collect();
                    let resolved = found.resolves.and_then(|index| analysis.diagnostics.get(index));
                    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: found.title,
                        kind: Some(match found.kind {
                            ide::ActionKind::QuickFix => CodeActionKind::QUICKFIX,
                            ide::ActionKind::Refactor => CodeActionKind::REFACTOR_REWRITE,
                        }),
                        diagnostics: resolved.map(|diagnostic| vec![convert::diagnostic(text, diagnostic, encoding)]),
                        edit: found.declined.is_none().then(|| WorkspaceEdit {
                            changes: Some(std::collections::HashMap::from([(target.clone(), edits)])),
                            ..Default::default()
                        }),
                        disabled: found.declined.map(|reason| CodeActionDisabled { reason }),
                        ..Default::default()
                    }));
                }
            }
            actions.extend(touched.iter().filter_map(|diagnostic| {
                let fix = at.document.suppression_fix(&content, diagnostic)?;
                Some(action(diagnostic, &fix, false))
            }));
            // Only the kinds asked for, when the client says (`quickfix`
            // covers `quickfix.*`).
            if let Some(only) = &only {
                actions.retain(|action| match action {
                    CodeActionOrCommand::CodeAction(action) => action.kind.as_ref().is_none_or(|kind| {
                        only.iter().any(|wanted| {
                            kind.as_str() == wanted.as_str()
                                || kind.as_str().starts_with(&format!("{}.", wanted.as_str()))
                        })
                    }),
                    CodeActionOrCommand::Command(_) => true,
                });
            }
            Ok(Some(actions))
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.request("textDocument/documentSymbol", &params.text_document.uri, None, |at| {
            let symbols = features::symbols(&at.document)
                .iter()
                .map(|symbol| convert::symbol(&at.snapshot.text, symbol, at.encoding))
                .collect();
            Ok(Some(DocumentSymbolResponse::Nested(symbols)))
        })
        .await
    }

    async fn document_highlight(&self, params: DocumentHighlightParams) -> Result<Option<Vec<DocumentHighlight>>> {
        let position = params.text_document_position_params;
        self.request(
            "textDocument/documentHighlight",
            &position.text_document.uri,
            Some(position.position),
            |at| {
                let Some(under) = at.under() else {
                    return Ok(None);
                };
                Ok(Some(features::highlights(
                    ide::highlights(under.analysis, under.offset)
                        .into_iter()
                        .map(|(range, write)| (at.machine_range(&under, range), write)),
                )))
            },
        )
        .await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let options = params.options;
        self.request("textDocument/formatting", &params.text_document.uri, None, move |at| {
            let found = features::formatting(
                &at.snapshot.text,
                &at.snapshot.content(),
                &at.document,
                at.encoding,
                &options,
            );
            Ok(declined_as_none(found))
        })
        .await
    }

    async fn range_formatting(&self, params: DocumentRangeFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let (options, range) = (params.options, params.range);
        self.request(
            "textDocument/rangeFormatting",
            &params.text_document.uri,
            None,
            move |at| {
                let found = features::range_formatting(
                    &at.snapshot.text,
                    &at.snapshot.content(),
                    &at.document,
                    at.encoding,
                    range,
                    &options,
                );
                Ok(declined_as_none(found))
            },
        )
        .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let query = params.query.to_lowercase();
        let open = self.documents.all();
        let encoding = self.encoding();
        let outcome = worker::run(move || {
            let mut found = Vec::new();
            for (uri, snapshot) in open {
                let document = snapshot.analysis();
                if quiet(&snapshot, &document) {
                    continue;
                }
                let mut stack: Vec<(&ide::Symbol, Option<&str>)> = Vec::new();
                let symbols = features::symbols(&document);
                stack.extend(symbols.iter().rev().map(|symbol| (symbol, None)));
                while let Some((symbol, container)) = stack.pop() {
                    if found.len() >= WORKSPACE_SYMBOLS {
                        break;
                    }
                    if symbol.name.to_lowercase().contains(&query) {
                        #[allow(deprecated)]
                        found.push(SymbolInformation {
                            name: symbol.name.clone(),
                            kind: convert::document_symbol_kind(symbol.kind),
                            tags: None,
                            deprecated: None,
                            location: Location {
                                uri: uri.clone(),
                                range: convert::range(&snapshot.text, symbol.selection_range, encoding),
                            },
                            container_name: container.map(str::to_string),
                        });
                    }
                    // A state's children are in it; a branch's or a processor's
                    // in the state that holds them.
                    let holder = match symbol.kind {
                        ide::SymbolKind::Branch | ide::SymbolKind::Processor => container,
                        _ => Some(symbol.name.as_str()),
                    };
                    stack.extend(symbol.children.iter().rev().map(|child| (child, holder)));
                }
            }
            found
        })
        .await;
        match outcome {
            Ok(found) => Ok(Some(WorkspaceSymbolResponse::Flat(found))),
            Err(Failure::Panicked(message)) => {
                tracing::error!("workspace/symbol failed: {message}");
                Err(Error::internal_error())
            }
            Err(Failure::Cancelled) => Err(Error::request_cancelled()),
        }
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        self.request(
            "textDocument/semanticTokens/full",
            &params.text_document.uri,
            None,
            |at| {
                Ok(Some(SemanticTokensResult::Tokens(features::semantic_tokens(
                    &at.snapshot.text,
                    &at.snapshot.content(),
                    &at.document,
                    at.encoding,
                ))))
            },
        )
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.request("textDocument/foldingRange", &params.text_document.uri, None, |at| {
            Ok(Some(features::folding(&at.snapshot.content(), &at.document)))
        })
        .await
    }

    async fn selection_range(&self, params: SelectionRangeParams) -> Result<Option<Vec<SelectionRange>>> {
        let positions = params.positions;
        self.request(
            "textDocument/selectionRange",
            &params.text_document.uri,
            None,
            move |at| {
                Ok(Some(features::selection(
                    &at.snapshot.text,
                    &at.snapshot.content(),
                    &at.document,
                    at.encoding,
                    &positions,
                )))
            },
        )
        .await
    }
}

/// Formatting a document we cannot format safely answers with no edits;
/// the reason goes to the log (and so to the client's).
fn declined_as_none(found: std::result::Result<Vec<TextEdit>, String>) -> Option<Vec<TextEdit>> {
    match found {
        Ok(edits) => Some(edits),
        Err(reason) => {
            tracing::info!("not formatted: {reason}");
            None
        }
    }
}

/// The parameters of `asl/graph`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphParams {
    text_document: TextDocumentIdentifier,
    /// The cursor: the machine drawn is the one it is in.
    #[serde(default)]
    position: Option<Position>,
    /// The machine drawn when the cursor is in none (an index of the
    /// answer's `machines`, the one shown so far); else the first.
    #[serde(default)]
    machine: Option<usize>,
}

impl Backend {
    /// `asl/graph`: a state machine of the document as SVG and Mermaid, for a
    /// picture beside the text: the one the cursor is in, else the one asked
    /// for, else the first.
    async fn graph(&self, params: GraphParams) -> Result<Option<serde_json::Value>> {
        let GraphParams { position, machine, .. } = params;
        self.request("asl/graph", &params.text_document.uri, position, move |at| {
            let machines = &at.document.machines;
            let under = position
                .and_then(|_| at.document.machine_at(at.offset))
                .and_then(|found| machines.iter().position(|machine| std::ptr::eq(machine, found)));
            let index = under.or(machine.filter(|&index| index < machines.len())).unwrap_or(0);
            Ok(features::graph(&at.snapshot.text, &at.document, index, at.encoding))
        })
        .await
    }
}

/// Log panics (with where they happened) instead of printing them bare;
/// `worker` turns them into answers.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map_or_else(String::new, |location| format!(" at {location}"));
        let message = worker::panic_message(info.payload());
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            tracing::error!("panic{location}: {message}\n{backtrace}");
        } else {
            tracing::error!("panic{location}: {message}");
        }
    }));
}

/// Serve LSP on stdin/stdout until the client says `exit` or closes the
/// input. Returns the exit status LSP prescribes: 0 after a `shutdown`
/// request, 1 otherwise.
pub async fn run_stdio() -> i32 {
    use tokio::io::AsyncWriteExt;
    use tokio::sync::{mpsc, oneshot};
    use transport::Out;

    let logs = log::install().map(Arc::new);
    install_panic_hook();
    let shut_down = Arc::new(AtomicBool::new(false));
    let (service, socket) = LspService::build(|client| {
        if let Some(logs) = &logs {
            logs.connect(client.clone());
        }
        Backend {
            client,
            documents: Arc::new(Documents::default()),
            links: Arc::new(Links::default()),
            configs: Arc::default(),
            config_mistake: Arc::default(),
            client_config: Arc::default(),
            root: OnceLock::new(),
            asks_configuration: OnceLock::new(),
            encoding: OnceLock::new(),
            settings: OnceLock::new(),
            logs: logs.clone(),
            snippets: OnceLock::new(),
            disabled_actions: OnceLock::new(),
            watches_files: OnceLock::new(),
            shut_down: shut_down.clone(),
            publishing: Arc::new(tokio::sync::Mutex::new(())),
        }
    })
    .custom_method(transport::CHANGE_WITHOUT_VERSION, Backend::did_change_without_version)
    .custom_method("asl/graph", Backend::graph)
    .finish();

    // One writer for stdout: the framework's frames and our answers to
    // malformed ones, whole frames in order.
    let (output, frames) = mpsc::channel::<Out>(64);
    let writer = std::thread::Builder::new()
        .name("asl-lsp-stdout".to_string())
        .spawn(move || transport::write_frames(std::io::stdout().lock(), frames));
    if let Err(error) = writer {
        tracing::error!("cannot start the output thread: {error}");
        return 1;
    }
    let (framework_output, relay_input) = tokio::io::duplex(64 << 10);
    let relay = tokio::spawn(transport::relay_framework_output(relay_input, output.clone()));
    // Stdin is read on a thread of its own; well-formed messages reach the
    // framework through a pipe.
    let (messages, mut to_framework) = mpsc::channel::<Vec<u8>>(64);
    let (mut framework_writer, framework_input) = tokio::io::duplex(64 << 10);
    let answers = output.clone();
    let reader = std::thread::Builder::new()
        .name("asl-lsp-stdin".to_string())
        .spawn(move || transport::read_frames(std::io::stdin().lock(), messages, answers));
    if let Err(error) = reader {
        tracing::error!("cannot start the input thread: {error}");
        return 1;
    }
    tokio::spawn(async move {
        while let Some(body) = to_framework.recv().await {
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            let written = framework_writer.write_all(header.as_bytes()).await;
            if written.is_err() || framework_writer.write_all(&body).await.is_err() {
                return;
            }
        }
    });
    Server::new(framework_input, framework_output, socket)
        .concurrency_level(CONCURRENCY)
        .serve(service)
        .await;
    // The framework has stopped: pass on what it wrote last, and wait (a
    // little: a client that reads nothing must not hold the exit) for the
    // writer to have written everything.
    let flushed = async {
        let _ = relay.await;
        let (done, written) = oneshot::channel();
        if output.send(Out::Flush(done)).await.is_ok() {
            let _ = written.await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), flushed).await;
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

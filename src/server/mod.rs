//! The language server: tower-lsp handlers over the document store.
//!
//! This is the only module that knows LSP and tokio. Handlers convert
//! positions at the edge and call the pure features in `crate::ide`.
//! Diagnostics are computed off the async runtime after a short, configurable
//! delay, and published with the version they were computed from, only while
//! that version is still the current one.

mod convert;
mod documents;
mod features;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde::Deserialize;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use crate::ide;
use crate::syntax::Format;
use crate::text::Encoding;
use documents::{Documents, Snapshot};

/// Settings a client gives in `initializationOptions`.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// How long to wait after an edit before computing diagnostics, in
    /// milliseconds; 0 computes them at once.
    pub diagnostics_delay_ms: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            diagnostics_delay_ms: 50,
        }
    }
}

struct Backend {
    client: Client,
    documents: Arc<Documents>,
    encoding: OnceLock<Encoding>,
    settings: OnceLock<Settings>,
    /// Whether the client takes snippets in completion items.
    snippets: OnceLock<bool>,
    /// Set by `shutdown`; decides the exit status when the client says `exit`.
    shut_down: Arc<AtomicBool>,
    /// Held from the "is this version still current?" check to the end of
    /// the publication, so that an older version can never be published
    /// after a newer one.
    publishing: Arc<tokio::sync::Mutex<()>>,
}

impl Backend {
    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or_default()
    }

    fn settings(&self) -> Settings {
        self.settings.get().cloned().unwrap_or_default()
    }

    /// The current snapshot of `uri`, its analysis, and `position` as a byte
    /// offset: what every position-based request starts from.
    fn at(&self, uri: &Uri, position: Position) -> Option<At> {
        let snapshot = self.documents.get(uri)?;
        let encoding = self.encoding();
        let offset = convert::offset(&snapshot.text, position, encoding);
        let analysis = snapshot.analysis();
        Some(At {
            snapshot,
            encoding,
            offset,
            analysis,
        })
    }

    /// Compute and publish diagnostics for `snapshot` after the configured
    /// delay, unless a newer version has arrived by then.
    fn schedule_diagnostics(&self, uri: Uri, snapshot: Arc<Snapshot>) {
        let client = self.client.clone();
        let documents = self.documents.clone();
        let delay = Duration::from_millis(self.settings().diagnostics_delay_ms);
        let encoding = self.encoding();
        let publishing = self.publishing.clone();
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
            let worker = snapshot.clone();
            let Ok(diagnostics) = tokio::task::spawn_blocking(move || {
                let analysis = worker.analysis();
                analysis
                    .diagnostics
                    .iter()
                    .map(|diagnostic| convert::diagnostic(&worker.text, diagnostic, encoding))
                    .collect::<Vec<_>>()
            })
            .await
            else {
                return;
            };
            let _turn = publishing.lock().await;
            if is_current(&documents) {
                client
                    .publish_diagnostics(uri, diagnostics, Some(snapshot.version))
                    .await;
            }
        });
    }
}

/// A request's document, analysis and cursor.
struct At {
    snapshot: Arc<Snapshot>,
    encoding: Encoding,
    offset: usize,
    analysis: Arc<crate::Analysis>,
}

impl At {
    fn range(&self, range: crate::syntax::TextRange) -> Range {
        convert::range(&self.snapshot.text, range, self.encoding)
    }
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
        let settings = params
            .initialization_options
            .and_then(|options| serde_json::from_value::<Settings>(options).ok())
            .unwrap_or_default();
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
                    ..Default::default()
                })),
                definition_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                document_highlight_provider: Some(OneOf::Left(true)),
                document_formatting_provider: Some(OneOf::Left(true)),
                document_range_formatting_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["\"".to_string(), ".".to_string(), "$".to_string()]),
                    ..Default::default()
                }),
                references_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
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
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        let format = format_of(&document.uri, Some(&document.language_id));
        let snapshot = self
            .documents
            .open(document.uri.clone(), &document.text, document.version, format);
        self.schedule_diagnostics(document.uri, snapshot);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let snapshot = self.documents.change(
            &uri,
            params.text_document.version,
            &params.content_changes,
            self.encoding(),
        );
        if let Some(snapshot) = snapshot {
            self.schedule_diagnostics(uri, snapshot);
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents.close(&uri);
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        let uri = position.text_document.uri;
        let Some(at) = self.at(&uri, position.position) else {
            return Ok(None);
        };
        let mut locations: Vec<Location> = ide::definitions(&at.analysis, at.offset)
            .into_iter()
            .map(|range| Location {
                uri: uri.clone(),
                range: at.range(range),
            })
            .collect();
        Ok(match locations.len() {
            0 => None,
            1 => locations.pop().map(GotoDefinitionResponse::Scalar),
            _ => Some(GotoDefinitionResponse::Array(locations)),
        })
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let position = params.text_document_position_params;
        let Some(at) = self.at(&position.text_document.uri, position.position) else {
            return Ok(None);
        };
        Ok(ide::hover(&at.analysis, at.offset).map(|hover| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: hover.markdown,
            }),
            range: Some(at.range(hover.range)),
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let position = params.text_document_position;
        let Some(at) = self.at(&position.text_document.uri, position.position) else {
            return Ok(None);
        };
        let snippets = self.snippets.get().copied().unwrap_or(false);
        let items = ide::completions(&at.analysis, &at.snapshot.content, at.offset)
            .iter()
            .map(|item| convert::completion(&at.snapshot.text, item, at.encoding, snippets))
            .collect();
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let Some(at) = self.at(&uri, position.position) else {
            return Ok(None);
        };
        let locations = ide::references(&at.analysis, at.offset, params.context.include_declaration)
            .into_iter()
            .map(|range| Location {
                uri: uri.clone(),
                range: at.range(range),
            })
            .collect();
        Ok(Some(locations))
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        let Some(at) = self.at(&params.text_document.uri, params.position) else {
            return Ok(None);
        };
        Ok(ide::prepare_rename(&at.analysis, at.offset).map(|(range, name)| {
            PrepareRenameResponse::RangeWithPlaceholder {
                range: at.range(range),
                placeholder: name,
            }
        }))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let position = params.text_document_position;
        let uri = position.text_document.uri;
        let Some(at) = self.at(&uri, position.position) else {
            return Ok(None);
        };
        let edits = ide::rename_in(&at.analysis, &at.snapshot.content, at.offset, &params.new_name)
            .map_err(tower_lsp_server::jsonrpc::Error::invalid_params)?
            .into_iter()
            .map(|edit| TextEdit {
                range: at.range(edit.range),
                new_text: edit.new_text,
            })
            .collect();
        Ok(Some(WorkspaceEdit {
            changes: Some(std::collections::HashMap::from([(uri, edits)])),
            ..Default::default()
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(snapshot) = self.documents.get(&uri) else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let start = convert::offset(&snapshot.text, params.range.start, encoding);
        let end = convert::offset(&snapshot.text, params.range.end, encoding);
        let analysis = snapshot.analysis();
        let actions = analysis
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.range.start() <= end && start <= diagnostic.range.end())
            .filter_map(|diagnostic| {
                let fix = diagnostic.fix.as_ref()?;
                let edit = TextEdit {
                    range: convert::range(&snapshot.text, fix.range, encoding),
                    new_text: fix.new_text.clone(),
                };
                Some(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![convert::diagnostic(&snapshot.text, diagnostic, encoding)]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(std::collections::HashMap::from([(uri.clone(), vec![edit])])),
                        ..Default::default()
                    }),
                    is_preferred: Some(true),
                    ..Default::default()
                }))
            })
            .collect();
        Ok(Some(actions))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let Some(snapshot) = self.documents.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let encoding = self.encoding();
        let analysis = snapshot.analysis();
        let symbols = ide::document_symbols(&analysis)
            .iter()
            .map(|symbol| convert::symbol(&snapshot.text, symbol, encoding))
            .collect();
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    async fn document_highlight(&self, params: DocumentHighlightParams) -> Result<Option<Vec<DocumentHighlight>>> {
        let position = params.text_document_position_params;
        let Some(at) = self.at(&position.text_document.uri, position.position) else {
            return Ok(None);
        };
        Ok(Some(features::highlights(
            &at.snapshot.text,
            &at.analysis,
            at.encoding,
            at.offset,
        )))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(snapshot) = self.documents.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = snapshot.analysis();
        let found = features::formatting(
            &snapshot.text,
            &snapshot.content,
            &analysis,
            self.encoding(),
            &params.options,
        );
        Ok(self.declined_as_none(found).await)
    }

    async fn range_formatting(&self, params: DocumentRangeFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(snapshot) = self.documents.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = snapshot.analysis();
        let found = features::range_formatting(
            &snapshot.text,
            &snapshot.content,
            &analysis,
            self.encoding(),
            params.range,
            &params.options,
        );
        Ok(self.declined_as_none(found).await)
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(snapshot) = self.documents.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = snapshot.analysis();
        Ok(Some(features::folding(&snapshot.content, &analysis)))
    }

    async fn selection_range(&self, params: SelectionRangeParams) -> Result<Option<Vec<SelectionRange>>> {
        let Some(snapshot) = self.documents.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = snapshot.analysis();
        Ok(Some(features::selection(
            &snapshot.text,
            &snapshot.content,
            &analysis,
            self.encoding(),
            &params.positions,
        )))
    }
}

/// The parameters of `asl/graph`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphParams {
    text_document: TextDocumentIdentifier,
}

impl Backend {
    /// Formatting a document we cannot format safely answers with no edits,
    /// and the reason goes to the client's log.
    async fn declined_as_none(&self, found: std::result::Result<Vec<TextEdit>, String>) -> Option<Vec<TextEdit>> {
        match found {
            Ok(edits) => Some(edits),
            Err(reason) => {
                self.client
                    .log_message(MessageType::INFO, format!("Not formatted: {reason}"))
                    .await;
                None
            }
        }
    }

    /// `asl/graph`: the state machine as SVG and Mermaid, for a picture beside the text.
    async fn graph(&self, params: GraphParams) -> Result<Option<serde_json::Value>> {
        let Some(snapshot) = self.documents.get(&params.text_document.uri) else {
            return Ok(None);
        };
        let analysis = snapshot.analysis();
        Ok(Some(features::graph(&analysis)))
    }
}

/// Serve LSP on stdin/stdout until the client says `exit` or closes the
/// input. Returns the exit status LSP prescribes: 0 after a `shutdown`
/// request, 1 otherwise.
pub async fn run_stdio() -> i32 {
    let shut_down = Arc::new(AtomicBool::new(false));
    let (service, socket) = LspService::build(|client| Backend {
        client,
        documents: Arc::new(Documents::default()),
        encoding: OnceLock::new(),
        snippets: OnceLock::new(),
        settings: OnceLock::new(),
        shut_down: shut_down.clone(),
        publishing: Arc::new(tokio::sync::Mutex::new(())),
    })
    .custom_method("asl/graph", Backend::graph)
    .finish();
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

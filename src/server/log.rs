//! Logs: `tracing` events to standard error and to the client's log
//! (`window/logMessage`), quiet by default (warnings and errors only).
//!
//! The level comes from the `ASL_LSP_LOG` environment variable (`off`,
//! `error`, `warn`, `info`, `debug`, `trace`) and may be changed by the
//! `logLevel` initialization option. Only this crate's events go to the
//! client: the framework logs every message it writes at trace level, and
//! forwarding those would write a message for each message written.

use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use tokio::sync::mpsc;
use tower_lsp_server::ls_types::MessageType;
use tower_lsp_server::Client;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::{reload, Layer, Registry};

pub const ENV: &str = "ASL_LSP_LOG";
const DEFAULT: LevelFilter = LevelFilter::WARN;
/// Log lines waiting for the client; past this many, new ones are dropped
/// (they still reach standard error).
const CLIENT_QUEUE: usize = 1024;

type Sender = mpsc::Sender<(Level, String)>;

/// The installed logger: its level can change, and it can be connected to
/// a client once there is one.
pub struct Logs {
    level: reload::Handle<LevelFilter, Registry>,
    client: Arc<OnceLock<Sender>>,
}

/// A level by its name, in any case.
pub fn parse_level(name: &str) -> Option<LevelFilter> {
    name.trim().parse::<LevelFilter>().ok()
}

/// Install the logger for the whole process, at the level `ASL_LSP_LOG`
/// names (warn when unset or not a level). `None` if a logger was already
/// installed.
pub fn install() -> Option<Logs> {
    let from_env = std::env::var(ENV).ok();
    let level = from_env.as_deref().and_then(parse_level).unwrap_or(DEFAULT);
    let (filter, handle) = reload::Layer::new(level);
    let client = Arc::new(OnceLock::new());
    let subscriber = tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false),
        )
        .with(ClientLayer { client: client.clone() });
    tracing::subscriber::set_global_default(subscriber).ok()?;
    if let Some(name) = from_env.filter(|name| parse_level(name).is_none()) {
        tracing::warn!("{ENV}={name:?} is not a log level (off, error, warn, info, debug, trace)");
    }
    Some(Logs { level: handle, client })
}

impl Logs {
    pub fn set_level(&self, level: LevelFilter) {
        if self.level.modify(|filter| *filter = level).is_err() {
            tracing::warn!("the log level cannot be changed");
        }
    }

    /// From now on, send log lines to `client` too.
    pub fn connect(&self, client: Client) {
        let (sender, mut receiver) = mpsc::channel::<(Level, String)>(CLIENT_QUEUE);
        if self.client.set(sender).is_err() {
            return;
        }
        tokio::spawn(async move {
            while let Some((level, message)) = receiver.recv().await {
                let kind = match level {
                    Level::ERROR => MessageType::ERROR,
                    Level::WARN => MessageType::WARNING,
                    Level::INFO => MessageType::INFO,
                    _ => MessageType::LOG,
                };
                client.log_message(kind, message).await;
            }
        });
    }
}

struct ClientLayer {
    client: Arc<OnceLock<Sender>>,
}

impl<S: Subscriber> Layer<S> for ClientLayer {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let metadata = event.metadata();
        if !metadata.target().starts_with("asl_lsp") {
            return;
        }
        let Some(sender) = self.client.get() else {
            return;
        };
        let mut line = Line::default();
        event.record(&mut line);
        let _ = sender.try_send((*metadata.level(), line.text()));
    }
}

/// An event as one line: its message, then its fields as `name=value`.
#[derive(Default)]
struct Line {
    message: String,
    fields: String,
}

impl Line {
    fn text(self) -> String {
        if self.fields.is_empty() {
            self.message
        } else {
            format!("{}{}", self.message, self.fields)
        }
    }
}

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={value}", field.name());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_by_name() {
        assert_eq!(parse_level("debug"), Some(LevelFilter::DEBUG));
        assert_eq!(parse_level(" WARN "), Some(LevelFilter::WARN));
        assert_eq!(parse_level("off"), Some(LevelFilter::OFF));
        assert_eq!(parse_level("loud"), None);
    }
}

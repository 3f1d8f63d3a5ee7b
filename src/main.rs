//! The `asl-lsp` binary: a language server on stdio, or `check` for CI.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use asl_lsp::cli::{self, OutputFormat};

// Parsing allocates many small strings and vectors; mimalloc serves them
// markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's own settings (its `mi_option_e`, as built by the mimalloc
// crate): a long-running server gives memory back to the system.
extern "C" {
    fn mi_option_set(option: i32, value: std::ffi::c_long);
}
/// `mi_option_purge_delay`: milliseconds before freed memory is returned.
const MI_OPTION_PURGE_DELAY: i32 = 15;
/// `mi_option_allow_thp`: whether transparent huge pages may back the heap.
const MI_OPTION_ALLOW_THP: i32 = 43;

/// Return freed memory to the system at once and keep the heap out of
/// transparent huge pages, which the kernel fills in behind an idle
/// process: closing documents then gives their memory back.
fn tune_allocator() {
    // SAFETY: both are plain integer settings of the allocator the binary
    // links (mimalloc's options are set this way before threads start).
    unsafe {
        mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        mi_option_set(MI_OPTION_ALLOW_THP, 0);
    }
    // mimalloc reads its huge-page setting when it starts, before `main`:
    // tell the kernel directly.
    #[cfg(target_os = "linux")]
    {
        extern "C" {
            fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
        }
        const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
        // SAFETY: a process-wide flag; the call has no memory effects of its own.
        unsafe {
            prctl(
                PR_SET_THP_DISABLE,
                1 as std::ffi::c_ulong,
                0 as std::ffi::c_ulong,
                0 as std::ffi::c_ulong,
                0 as std::ffi::c_ulong,
            );
        }
    }
}

/// Language server and linter for the Amazon States Language (AWS Step Functions).
///
/// With no command (or with --stdio) it serves the Language Server Protocol on
/// standard input and output, for editors.
#[derive(Parser)]
#[command(name = "asl-lsp", version, about, long_about)]
struct Args {
    /// Serve LSP on stdin/stdout (the default when no command is given).
    #[arg(long)]
    stdio: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

/// When `check` colours its report.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Check state machine definitions and report every problem found.
    ///
    /// Exit status: 0 when there are no errors (warnings allowed), 1 when any
    /// error was found, 2 when a file could not be read.
    Check {
        /// Definition files: `.json` (or any other name) as JSON, `.yaml`/`.yml` as YAML.
        /// A directory stands for every *.asl.json, *.asl.yaml and *.asl.yml file below it,
        /// `-` for standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<std::path::PathBuf>,

        /// The name to report standard input (`-`) under; a `.yaml`/`.yml` name reads it as YAML.
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<String>,

        /// Report format: rustc-like text, one JSON object per diagnostic per line, a SARIF 2.1.0 log,
        /// or GitHub Actions annotations.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,

        /// Report only these codes (comma-separated, or the option repeated).
        #[arg(long, value_name = "CODE")]
        select: Vec<String>,

        /// Never report these codes (comma-separated, or the option repeated).
        #[arg(long, value_name = "CODE")]
        ignore: Vec<String>,

        /// Count the problems per code instead of listing them.
        #[arg(long)]
        statistics: bool,

        /// Apply the quick fixes (corrections of misspelt names: states, fields, types, values,
        /// SDK members) to the files, then report what is left.
        #[arg(long)]
        fix: bool,

        /// Colour the report: on a terminal unless NO_COLOR is set (auto), always, or never.
        #[arg(long, value_enum, default_value = "auto")]
        color: ColorChoice,
    },

    /// Explain a diagnostic code: what it catches, why it matters, an example and the fix.
    Rule {
        /// The code, e.g. UNUSED_VARIABLE.
        #[arg(value_name = "CODE", required_unless_present = "all")]
        code: Option<String>,

        /// List every code with its severity and summary.
        #[arg(long)]
        all: bool,
    },

    /// Format definitions in place (JSON laid out, YAML re-indented).
    ///
    /// Exit status: 0 when done (or, with --check, when every file is formatted),
    /// 1 when --check found a file to reformat, 2 when a file could not be read.
    Format {
        /// Definition files: `.yaml`/`.yml` as YAML, anything else as JSON.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,

        /// Write nothing; list the files that would change and exit with 1 if there is any.
        #[arg(long)]
        check: bool,

        /// Columns per indentation level.
        #[arg(long, default_value_t = 2)]
        tab_size: u32,

        /// Indent JSON with tabs instead of spaces (YAML always uses spaces).
        #[arg(long)]
        use_tabs: bool,
    },

    /// Draw a state machine: Mermaid (for Markdown, GitHub, docs) or Graphviz DOT.
    Graph {
        /// The definition to draw.
        #[arg(value_name = "FILE")]
        file: String,

        /// Output format.
        #[arg(long, value_enum, default_value = "mermaid")]
        format: cli::graph::GraphFormat,

        /// In a template with several state machines, the one to draw (its
        /// resource name); the first one by default.
        #[arg(long, value_name = "NAME")]
        machine: Option<String>,
    },
}

fn main() -> ExitCode {
    tune_allocator();
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match args.command {
        Some(Command::Check {
            files,
            format,
            stdin_filename,
            select,
            ignore,
            statistics,
            fix,
            color,
        }) => {
            let selection = match cli::settings::Selection::new(select, ignore) {
                Ok(selection) => selection,
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::from(2);
                }
            };
            let options = cli::CheckOptions {
                format,
                stdin_filename,
                selection,
                statistics,
                fix,
                color: match color {
                    ColorChoice::Always => true,
                    ColorChoice::Never => false,
                    ColorChoice::Auto => {
                        use std::io::IsTerminal;
                        std::io::stdout().is_terminal()
                            && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                    }
                },
            };
            let (stdout, stderr) = (std::io::stdout(), std::io::stderr());
            let summary = cli::check_files(
                &files,
                &options,
                &mut std::io::stdin().lock(),
                &mut stdout.lock(),
                &mut stderr.lock(),
            );
            ExitCode::from(summary.exit_code() as u8)
        }
        Some(Command::Rule { code, all }) => {
            use asl_lsp::check::registry;
            if all {
                for rule in registry::RULES {
                    println!("{:<32} {:<11} {}", rule.code, rule.severity.name(), rule.summary);
                }
                return ExitCode::SUCCESS;
            }
            let code = code.unwrap_or_default();
            match registry::find(&code.to_ascii_uppercase()) {
                Some(rule) => {
                    print!("{}\n\n{}", rule.code, registry::text(rule));
                    ExitCode::SUCCESS
                }
                None => {
                    let close = registry::closest(&code);
                    match close {
                        Some(close) => eprintln!("error: there is no rule {code}: did you mean {close}?"),
                        None => eprintln!("error: there is no rule {code}; `asl-lsp rule --all` lists them"),
                    }
                    ExitCode::from(2)
                }
            }
        }
        Some(Command::Format {
            files,
            check,
            tab_size,
            use_tabs,
        }) => {
            let options = asl_lsp::format::FormatOptions {
                tab_size,
                insert_spaces: !use_tabs,
                final_newline: true,
            };
            let summary = cli::format::format_files(
                &files,
                check,
                &options,
                &mut std::io::stdout().lock(),
                &mut std::io::stderr().lock(),
            );
            ExitCode::from(summary.exit_code(check) as u8)
        }
        Some(Command::Graph { file, format, machine }) => {
            let content = match std::fs::read_to_string(&file) {
                Ok(content) => content,
                Err(error) => {
                    eprintln!("error: cannot read {file}: {error}");
                    return ExitCode::from(2);
                }
            };
            let placeholders =
                cli::placeholders_of(&mut cli::settings::Configs::default(), std::path::Path::new(&file));
            let document = asl_lsp::document::Document::with_placeholders(
                &content,
                asl_lsp::syntax::Format::from_path(&file),
                placeholders,
            );
            let names = || {
                let names: Vec<&str> = document
                    .machines
                    .iter()
                    .filter_map(|machine| machine.name.as_deref())
                    .collect();
                if names.is_empty() {
                    "it holds none".to_string()
                } else {
                    format!("it holds {}", names.join(", "))
                }
            };
            let chosen = match &machine {
                Some(name) => document
                    .machines
                    .iter()
                    .find(|machine| machine.name.as_deref() == Some(name.as_str())),
                None => document.machines.first(),
            };
            let Some(chosen) = chosen else {
                match &machine {
                    Some(name) => eprintln!("error: {file} has no state machine named {name}: {}", names()),
                    None => eprintln!("error: {file} is a template without a state machine definition to draw"),
                }
                return ExitCode::from(2);
            };
            if document.tree().is_some_and(|tree| !tree.errors.is_empty()) {
                eprintln!("warning: {file} has syntax errors; only its intact part is drawn");
            }
            print!("{}", cli::graph::render_machine(chosen, format));
            ExitCode::SUCCESS
        }
        None => {
            let _ = args.stdio;
            // Analyses run on the blocking pool. Memory they allocated and
            // that is freed elsewhere (a closed document) goes back to the
            // system only once the allocating thread allocates again or
            // ends: let idle pool threads end after a second instead of ten,
            // so that closing documents returns their memory promptly.
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .thread_keep_alive(std::time::Duration::from_secs(1))
                .build()
            {
                Ok(runtime) => runtime,
                Err(error) => {
                    eprintln!("error: cannot start the async runtime: {error}");
                    return ExitCode::from(2);
                }
            };
            let code = runtime.block_on(asl_lsp::server::run_stdio());
            // Reading stdin happens on a blocking thread that would keep the
            // runtime (and so the process) alive until the client closes the
            // pipe; the client said `exit`, so leave now.
            std::process::exit(code);
        }
    }
}

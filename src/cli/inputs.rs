//! What `check` reads: the files and directories named on the command line,
//! standard input for `-`, and the text of each definition.
//!
//! The walk below a directory never leaves it through a symbolic link to a
//! directory (so a link loop cannot make it run forever), never opens
//! anything but a regular file (a FIFO would block, a device would never
//! end), and reports every entry it could not read instead of skipping it
//! in silence. Paths stay `OsStr`s throughout: a name that is not UTF-8 is
//! read under its own name and only shown lossily.

use std::ffi::OsStr;
use std::fs::FileType;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A UTF-8 byte order mark, as it may open a file saved by some editors.
pub const BOM: &str = "\u{feff}";

/// One definition to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    /// A file a directory walk found by a template's name (`template.yaml`,
    /// `*.template.json`, `serverless.yml`): checked when it is a template.
    Template(PathBuf),
    /// Standard input, named `-` on the command line.
    Stdin,
}

/// A problem met while gathering or reading the inputs.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// Something named or found could not be read: exit status 2.
    Unreadable(String),
    /// Something left alone on purpose; the check goes on.
    Skipped(String),
}

/// The definitions the arguments stand for, in order, with the problems met
/// on the way. A directory stands for every `*.asl.json`, `*.asl.yaml` and
/// `*.asl.yml` regular file below it, and every file named like a template
/// (checked if it is one); `-` for standard input.
pub fn gather(arguments: &[PathBuf]) -> (Vec<Source>, Vec<Problem>) {
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    for argument in arguments {
        if argument.as_os_str() == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        // What the argument names, links followed: the user chose it.
        let metadata = match std::fs::metadata(argument) {
            Ok(metadata) => metadata,
            Err(error) => {
                problems.push(Problem::Unreadable(format!(
                    "cannot read {}: {error}",
                    argument.display()
                )));
                continue;
            }
        };
        let kind = metadata.file_type();
        if kind.is_dir() {
            let before = sources.len();
            walk(argument, &mut sources, &mut problems);
            if sources.len() == before {
                problems.push(Problem::Skipped(format!(
                    "no *.asl.json, *.asl.yaml, *.asl.yml or template file under {}",
                    argument.display()
                )));
            }
        } else if kind.is_file() || is_stream(&kind) {
            // A pipe or a terminal named on purpose (`check <(generate)`,
            // `/dev/stdin`) is read like a file: it ends when its writer does.
            sources.push(Source::File(argument.clone()));
        } else {
            problems.push(Problem::Unreadable(format!(
                "cannot read {}: {}",
                argument.display(),
                special_kind(&kind)
            )));
        }
    }
    (sources, problems)
}

/// A FIFO or a character device: something that can be read as a stream.
fn is_stream(kind: &FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        kind.is_fifo() || kind.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = kind;
        false
    }
}

/// What a file that is neither a regular file nor a directory is, for messages.
fn special_kind(kind: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "it is a FIFO (named pipe), not a regular file";
        }
        if kind.is_socket() {
            return "it is a socket, not a regular file";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "it is a device, not a regular file";
        }
    }
    let _ = kind;
    "it is not a regular file"
}

/// True for the names a directory walk picks up.
fn is_definition_name(name: &OsStr) -> bool {
    let name = name.to_string_lossy().to_lowercase();
    [".asl.json", ".asl.yaml", ".asl.yml"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// True for the names of templates that may hold state machines.
fn is_template_name(name: &OsStr) -> bool {
    crate::document::find::is_template_name(&name.to_string_lossy())
}

/// True for the names a directory walk picks up: definitions and templates.
fn is_walked_name(name: &OsStr) -> bool {
    is_definition_name(name) || is_template_name(name)
}

/// Directories a walk does not enter: hidden ones and build output.
fn is_skipped_directory(name: &OsStr) -> bool {
    let name = name.to_string_lossy().to_lowercase();
    name.starts_with('.') || name == "node_modules" || name == "target"
}

/// Every definition below `root`, depth first, each directory's entries by
/// name. Symbolic links to files are followed, to directories not.
pub fn walk(root: &Path, sources: &mut Vec<Source>, problems: &mut Vec<Problem>) {
    // Entries still to visit, the next one last; an explicit stack, so that
    // a deep tree cannot exhaust the call stack.
    let mut pending: Vec<(PathBuf, bool)> = vec![(root.to_path_buf(), true)];
    while let Some((path, is_dir)) = pending.pop() {
        if !is_dir {
            let by_template_name = path.file_name().is_some_and(|name| !is_definition_name(name));
            sources.push(if by_template_name {
                Source::Template(path)
            } else {
                Source::File(path)
            });
            continue;
        }
        let entries = match std::fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(error) => {
                problems.push(Problem::Unreadable(format!(
                    "cannot read directory {}: {error}",
                    path.display()
                )));
                continue;
            }
        };
        let mut found: Vec<(PathBuf, bool)> = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    problems.push(Problem::Unreadable(format!(
                        "cannot read directory {}: {error}",
                        path.display()
                    )));
                    break;
                }
            };
            let name = entry.file_name();
            let entry_path = entry.path();
            // The entry itself, links not followed.
            let kind = match entry.file_type() {
                Ok(kind) => kind,
                Err(error) => {
                    if is_walked_name(&name) {
                        problems.push(Problem::Unreadable(format!(
                            "cannot read {}: {error}",
                            entry_path.display()
                        )));
                    }
                    continue;
                }
            };
            if kind.is_dir() {
                if !is_skipped_directory(&name) {
                    found.push((entry_path, true));
                }
                continue;
            }
            if !is_walked_name(&name) {
                continue;
            }
            let kind = if kind.is_symlink() {
                // A link to a directory is not entered, whatever its name; a
                // link to a file stands for the file.
                match std::fs::metadata(&entry_path) {
                    Ok(target) if target.is_dir() => continue,
                    Ok(target) => target.file_type(),
                    Err(error) => {
                        problems.push(Problem::Unreadable(format!(
                            "cannot read {}: {error}",
                            entry_path.display()
                        )));
                        continue;
                    }
                }
            } else {
                kind
            };
            if kind.is_file() {
                found.push((entry_path, false));
            } else {
                problems.push(Problem::Skipped(format!(
                    "skipped {}: {}",
                    entry_path.display(),
                    special_kind(&kind)
                )));
            }
        }
        found.sort();
        pending.extend(found.into_iter().rev());
    }
}

/// The text of a definition, or why it cannot be had.
pub fn read(source: &Source, stdin: &mut dyn Read) -> Result<String, String> {
    let (bytes, shown) = match source {
        Source::Stdin => {
            let mut bytes = Vec::new();
            stdin
                .read_to_end(&mut bytes)
                .map_err(|error| format!("cannot read standard input: {error}"))?;
            (bytes, "standard input".to_string())
        }
        Source::File(path) | Source::Template(path) => {
            let bytes = std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            (bytes, path.display().to_string())
        }
    };
    String::from_utf8(bytes).map_err(|_| format!("cannot read {shown}: the file is not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("asl-lsp-inputs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_directory_that_cannot_be_listed_is_reported() {
        // Listing a regular file as a directory fails whoever runs the test,
        // root included, as an unreadable directory would.
        let mut sources = Vec::new();
        let mut problems = Vec::new();
        walk(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml").as_path(),
            &mut sources,
            &mut problems,
        );
        assert!(sources.is_empty());
        assert!(
            matches!(&problems[..], [Problem::Unreadable(message)] if message.starts_with("cannot read directory ")),
            "{problems:?}"
        );
    }

    #[test]
    fn walk_order_and_skips() {
        let dir = scratch("order");
        for name in [
            "b.asl.json",
            "a.asl.yaml",
            "c.json",
            "sub/z.asl.yml",
            "sub/a.ASL.JSON",
            ".git/x.asl.json",
            "app/template.yaml",
            "app/serverless.yml",
            "app/stack.template.json",
            "app/package.json",
        ] {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        let (sources, problems) = gather(std::slice::from_ref(&dir));
        let names: Vec<String> = sources
            .iter()
            .map(|source| match source {
                Source::File(path) | Source::Template(path) => {
                    path.strip_prefix(&dir).unwrap().to_string_lossy().into_owned()
                }
                Source::Stdin => "-".to_string(),
            })
            .collect();
        assert_eq!(
            names,
            [
                "a.asl.yaml",
                "app/serverless.yml",
                "app/stack.template.json",
                "app/template.yaml",
                "b.asl.json",
                "sub/a.ASL.JSON",
                "sub/z.asl.yml"
            ]
        );
        assert!(matches!(&sources[1], Source::Template(_)), "{sources:?}");
        assert!(problems.is_empty(), "{problems:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn read_reports_bytes_that_are_not_utf8() {
        let mut input: &[u8] = b"{\"a\": \xff}";
        let error = read(&Source::Stdin, &mut input).unwrap_err();
        assert_eq!(error, "cannot read standard input: the file is not UTF-8 text");
        let mut input: &[u8] = b"{}";
        assert_eq!(read(&Source::Stdin, &mut input).unwrap(), "{}");
    }
}

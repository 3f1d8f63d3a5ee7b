//! The layering of `src/`: every `crate::` edge between the top-level
//! modules is listed here, and a new one fails this test until it is added on
//! purpose (and `ARCHITECTURE.md` says why). Test code is left out: fixtures
//! may build a whole `Analysis` from any layer.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The layers from the bottom up, each with the layers it may use. A layer
/// may only use layers listed before it, which keeps the graph free of circles.
const LAYERS: &[(&str, &[&str])] = &[
    ("util", &[]),
    ("text", &[]),
    ("catalog", &[]),
    ("syntax", &["util"]),
    ("format", &["syntax"]),
    ("lang", &["catalog", "util"]),
    ("model", &["catalog", "lang", "syntax", "util"]),
    ("check", &["catalog", "lang", "model", "syntax", "util"]),
    ("analysis", &["catalog", "check", "model", "syntax", "util"]),
    ("document", &["analysis", "check", "syntax"]),
    ("ide", &["analysis", "catalog", "lang", "model", "syntax"]),
    ("config", &["check", "syntax"]),
    (
        "cli",
        &[
            "analysis", "catalog", "check", "config", "document", "format", "model", "syntax", "text", "util",
        ],
    ),
    (
        "server",
        &[
            "analysis", "catalog", "check", "cli", "config", "document", "format", "ide", "model", "syntax", "text",
        ],
    ),
    ("main", &["cli", "server"]),
    ("lib", &[]),
];

/// The top-level module a file belongs to.
fn layer_of(path: &Path, src: &Path) -> String {
    let relative = path.strip_prefix(src).unwrap_or(path);
    let first = relative
        .components()
        .next()
        .map(|part| part.as_os_str().to_string_lossy().into_owned());
    let first = first.unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// The top-level modules a piece of code names with `crate::`.
fn crate_edges(code: &str) -> BTreeSet<String> {
    let mut edges = BTreeSet::new();
    for (index, _) in code.match_indices("crate::") {
        // `asl_lsp::crate` does not occur; `$crate::` (macros) is not ours.
        if code[..index].ends_with('$') || code[..index].ends_with(|ch: char| ch.is_alphanumeric() || ch == '_') {
            continue;
        }
        let rest = &code[index + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|ch| ch.is_alphanumeric() || *ch == '_')
            .collect();
        match name.as_str() {
            "" => {
                // `use crate::{a, b::c}`: every name at the top of the braces.
                if let Some(inner) = rest.strip_prefix('{') {
                    let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
                    for part in inner.split(',') {
                        let top = part.trim().split("::").next().unwrap_or("").trim();
                        if !top.is_empty() {
                            edges.insert(top_module(top));
                        }
                    }
                }
            }
            name => {
                edges.insert(top_module(name));
            }
        }
    }
    edges
}

/// `Analysis` is re-exported at the crate root from `analysis`.
fn top_module(name: &str) -> String {
    match name {
        "Analysis" => "analysis".to_string(),
        other => other.to_string(),
    }
}

/// The code of a file without its test module(s): everything from the first
/// `#[cfg(test)]` on (tests sit at the end of a file, by convention here).
fn production_code(text: &str) -> &str {
    match text.find("#[cfg(test)]") {
        Some(index) => &text[..index],
        None => text,
    }
}

fn is_test_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    name == "tests.rs" || name.ends_with("_tests.rs") || path.components().any(|part| part.as_os_str() == "tests")
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src/ is readable")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn layers_only_use_the_layers_below_them() {
    // The table itself: each layer uses only layers listed before it.
    let position: BTreeMap<&str, usize> = LAYERS
        .iter()
        .enumerate()
        .map(|(index, (name, _))| (*name, index))
        .collect();
    for (index, (name, uses)) in LAYERS.iter().enumerate() {
        for used in *uses {
            assert!(
                position.get(used).is_some_and(|&at| at < index),
                "the table lets {name} use {used}, which is not below it"
            );
        }
    }

    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "src/ holds the whole crate");
    let mut unexpected = Vec::new();
    for path in files.iter().filter(|path| !is_test_file(path)) {
        let layer = layer_of(path, &src);
        let Some(&(_, allowed)) = LAYERS.iter().find(|(name, _)| *name == layer) else {
            unexpected.push(format!(
                "{}: a top-level module the layering test does not know",
                path.display()
            ));
            continue;
        };
        let text = fs::read_to_string(path).expect("source files are UTF-8");
        for used in crate_edges(production_code(&text)) {
            if used != layer && !allowed.contains(&used.as_str()) {
                unexpected.push(format!("{}: {layer} uses {used}", path.display()));
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "imports against the layers (add the edge to LAYERS and ARCHITECTURE.md only if it belongs there):\n{}",
        unexpected.join("\n")
    );
}

#[test]
fn the_edge_finder_sees_every_form() {
    let code = "use crate::model::{Machine, StateId};\nuse crate::{lang::path, Analysis};\nlet x = crate::util::suggest::closest(a, b);\n";
    let edges: Vec<String> = crate_edges(code).into_iter().collect();
    assert_eq!(edges, ["analysis", "lang", "model", "util"]);
    assert_eq!(
        production_code("a\n#[cfg(test)]\nmod tests { use crate::check; }"),
        "a\n"
    );
}

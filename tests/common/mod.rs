//! What several integration tests read: every JSON and YAML document written
//! by others or for real use (the conformance corpus, our workflows, the
//! examples), in a stable order.

use std::path::{Path, PathBuf};

/// The documents of `tests/conformance`, `tests/workflows` and `examples`, sorted.
pub fn corpus_documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut folders: Vec<PathBuf> = ["tests/conformance", "tests/workflows", "examples"]
        .iter()
        .map(|dir| root.join(dir))
        .collect();
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() {
                folders.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "json" || ext == "yaml" || ext == "yml")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    assert!(found.len() > 200, "the corpus is incomplete: {} documents", found.len());
    found
}

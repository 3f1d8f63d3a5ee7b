//! The checked-in AWS SDK table (`src/catalog/data/sdk.tsv.z`) must be what
//! `scripts/gen-sdk.py` makes from its pinned botocore release: the script
//! runs (downloading the wheel once into `target/sdk-gen/`) and its text is
//! compared with the table the binary embeds. Skipped only when there is no
//! `python3`; refresh the table with `python3 scripts/gen-sdk.py`.

use std::path::Path;
use std::process::Command;

#[test]
fn checked_in_table_is_what_the_generator_makes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("scripts/gen-sdk.py");
    let cache = root.join("target/sdk-gen");
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    std::fs::create_dir_all(&cache).expect("create target/sdk-gen");
    let out = cache.join("sdk-current.tsv");
    let status = Command::new("python3")
        .arg(&script)
        .arg("--text")
        .arg("--out")
        .arg(&out)
        .arg("--cache")
        .arg(&cache)
        .status()
        .expect("run scripts/gen-sdk.py");
    assert!(status.success(), "scripts/gen-sdk.py failed: {status}");
    let generated = std::fs::read_to_string(&out).expect("read the generated table");
    let embedded = asl_lsp::catalog::sdk::table_text();
    if generated != embedded {
        let line = generated
            .lines()
            .zip(embedded.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| generated.lines().count().min(embedded.lines().count()));
        panic!(
            "src/catalog/data/sdk.tsv.z is stale: the generator's output differs from line {} on \
             (generated: {:?}, checked in: {:?}). Refresh it with `python3 scripts/gen-sdk.py`.",
            line + 1,
            generated.lines().nth(line),
            embedded.lines().nth(line)
        );
    }
}

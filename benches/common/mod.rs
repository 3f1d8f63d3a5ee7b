//! What the benchmarks share: the generated definitions they measure.

use std::path::PathBuf;
use std::process::Command;

/// A generated definition of `states` top-level states (made once by
/// `benches/gen-asl.py`, which needs python3, and kept in the target folder).
pub fn generated(states: usize) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("gen-{states}.asl.json"));
    if !path.exists() {
        let status = Command::new("python3")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/gen-asl.py"))
            .arg(states.to_string())
            .arg(&path)
            .status()
            .expect("python3 runs the generator");
        assert!(status.success(), "the generator failed");
    }
    std::fs::read_to_string(&path).expect("the generated document")
}

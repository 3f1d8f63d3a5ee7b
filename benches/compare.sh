#!/usr/bin/env bash
# Times AWS's own Amazon States Language service (npm amazon-states-language-service,
# the version pinned in benches/compare/package.json) against asl-lsp, in one run, on
# the same generated documents of 100, 1,000 and 5,000 states, and prints the ratios.
#
# Usage: benches/compare.sh        (from anywhere; needs cargo, python3, Node 18+ and npm)
#
# Ours: `cargo bench --bench incremental` (full analysis of each document, and an edit
# of it), which also writes its figures to $target/compare/ours.jsonl. Theirs:
# benches/compare/official.js on the documents that bench generated. The npm packages
# go to benches/compare/node_modules (git-ignored), installed from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
compare=benches/compare
pinned=$(node -p "require('./$compare/package.json').dependencies['amazon-states-language-service']")
installed=$(node -p "try { require('./$compare/node_modules/amazon-states-language-service/package.json').version } catch { '' }")
if [ "$installed" != "$pinned" ]; then
    (cd "$compare" && npm ci --no-audit --no-fund)
fi
target=${CARGO_TARGET_DIR:-target}
out=$target/compare
mkdir -p "$out"
ASL_BENCH_SUMMARY="$out/ours.jsonl" cargo bench --bench incremental
node "$compare/official.js" "$target"/tmp/gen-{100,1000,5000}.asl.json | tee "$out/official.jsonl"
node "$compare/report.js" "$out/ours.jsonl" "$out/official.jsonl"

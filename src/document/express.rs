//! Express workflows: what a `STANDARD` machine may do and an `EXPRESS`
//! one may not (the service refuses to create it): wait for a job
//! (`.sync`), wait for a callback (`.waitForTaskToken`), run an activity,
//! or run a distributed Map. A template says which type its machine is
//! (`StateMachineType`, SAM's `Type`, Serverless' `type`, Terraform's
//! `type`); for a definition file, the configuration says it.

use crate::check::{codes, quoted, Diagnostic, Severity};
use crate::syntax::TextRange;
use crate::Analysis;

/// The problems of `analysis` as an Express workflow.
pub fn problems(analysis: &Analysis) -> Vec<Diagnostic> {
    let tree = &analysis.tree;
    let mut found = Vec::new();
    let mut problem = |range: TextRange, message: String| {
        found.push(Diagnostic {
            range,
            severity: Severity::Error,
            code: codes::EXPRESS_UNSUPPORTED,
            message,
            fix: None,
        })
    };
    for state in &analysis.machine.states {
        let Some(node) = state.node else {
            continue;
        };
        match tree.get(node, "Type").and_then(|ty| tree.str(ty)) {
            Some("Task") => {
                let Some(resource) = tree.get(node, "Resource") else {
                    continue;
                };
                let Some(arn) = tree.str(resource) else {
                    continue;
                };
                let pattern = if arn.ends_with(".sync") || arn.contains(".sync:") {
                    Some("waits for a job to finish (.sync)")
                } else if arn.ends_with(".waitForTaskToken") {
                    Some("waits for a callback (.waitForTaskToken)")
                } else if arn.starts_with("arn:") && arn.contains(":states:") && arn.contains(":activity:") {
                    Some("runs an activity")
                } else {
                    None
                };
                if let Some(pattern) = pattern {
                    problem(
                        tree.range(resource),
                        format!(
                            "State {} {pattern}, which an Express workflow cannot do: use a Standard workflow, or the request-response form of the integration",
                            quoted(&state.name)
                        ),
                    );
                }
            }
            Some("Map") => {
                let processor = tree.get(node, "ItemProcessor").or_else(|| tree.get(node, "Iterator"));
                let mode = processor
                    .and_then(|processor| tree.get(processor, "ProcessorConfig"))
                    .and_then(|config| tree.get(config, "Mode"))
                    .filter(|&mode| tree.str(mode) == Some("DISTRIBUTED"));
                if let Some(mode) = mode {
                    problem(
                        tree.range(mode),
                        format!(
                            "Map state {} is distributed, which an Express workflow cannot run: make it INLINE, or use a Standard workflow",
                            quoted(&state.name)
                        ),
                    );
                }
            }
            _ => {}
        }
    }
    found
}

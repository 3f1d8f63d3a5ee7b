//! Formatting over the whole corpus (same value, stable on a second run,
//! comments kept, broken documents declined), `asl-lsp format` on the
//! command line, and the SVG graph of every corpus machine.

use std::path::{Path, PathBuf};
use std::process::Command;

use asl_lsp::cli::graph::{render, GraphFormat};
use asl_lsp::cli::svg;
use asl_lsp::format::{format_text, FormatOptions};
use asl_lsp::syntax::{parse, Format, SyntaxErrorKind};
use asl_lsp::Analysis;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every JSON and YAML document of the conformance corpus, our workflows and the examples.
fn corpus() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> = ["tests/conformance", "tests/workflows", "examples"]
        .iter()
        .map(|dir| Path::new(ROOT).join(dir))
        .collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("corpus folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "json" || ext == "yaml" || ext == "yml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The document's value as our own parser reads it, as serde_json data
/// (numbers as written, last of repeated keys kept).
fn value_of(text: &str, format: Format) -> serde_json::Value {
    use asl_lsp::syntax::{NodeId, NodeKind, Tree};
    fn value(tree: &Tree, id: NodeId) -> serde_json::Value {
        match &tree.node(id).kind {
            NodeKind::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .filter_map(|member| Some((member.key.to_string(), value(tree, member.value?))))
                    .collect(),
            ),
            NodeKind::Array(items) => serde_json::Value::Array(items.iter().map(|&item| value(tree, item)).collect()),
            NodeKind::String(text) => serde_json::Value::String(text.to_string()),
            NodeKind::Number(text) => serde_json::Value::String(format!("number {text}")),
            NodeKind::Bool(value) => serde_json::Value::Bool(*value),
            NodeKind::Null => serde_json::Value::Null,
            NodeKind::Error => serde_json::Value::String("error".to_string()),
        }
    }
    let tree = parse(text, format);
    tree.root().map_or(serde_json::Value::Null, |root| value(&tree, root))
}

fn has_syntax_errors(text: &str, format: Format) -> bool {
    parse(text, format)
        .errors
        .iter()
        .any(|error| error.kind == SyntaxErrorKind::Invalid)
}

#[test]
fn every_corpus_document_keeps_its_value_and_is_stable() {
    let options = [
        FormatOptions::default(),
        FormatOptions {
            tab_size: 4,
            insert_spaces: false,
            final_newline: false,
        },
    ];
    let (mut formatted_count, mut changed, mut declined, mut yaml) = (0, 0, 0, 0);
    for path in corpus() {
        let name = path.display().to_string();
        let format = Format::from_path(&name);
        let text = read(&path);
        for options in &options {
            let result = format_text(&text, format, options);
            if has_syntax_errors(&text, format) {
                assert!(result.is_err(), "{name}: should be declined");
                declined += 1;
                continue;
            }
            let formatted = result.unwrap_or_else(|declined| panic!("{name}: declined: {declined}"));
            formatted_count += 1;
            if format == Format::Yaml {
                yaml += 1;
            }
            if formatted != text {
                changed += 1;
            }
            assert_eq!(
                value_of(&text, format),
                value_of(&formatted, format),
                "{name}: the value changed\n{formatted}"
            );
            if let Ok(before) = serde_json::from_str::<serde_json::Value>(&text) {
                let after: serde_json::Value = serde_json::from_str(&formatted)
                    .unwrap_or_else(|error| panic!("{name}: formatted text is not JSON: {error}\n{formatted}"));
                assert_eq!(before, after, "{name}: the value changed");
            }
            let again = format_text(&formatted, format, options).expect("formats again");
            assert_eq!(again, formatted, "{name}: formatting twice changed the text");
        }
    }
    // Most of the corpus is JSON and well formed; all of it must be handled.
    assert!(formatted_count >= 300, "only {formatted_count} formatted");
    assert!(changed > 0, "{changed} changed, {declined} declined");
    assert!(yaml >= 80, "only {yaml} YAML documents formatted");
}

#[test]
fn broken_documents_are_declined_not_mangled() {
    for path in corpus()
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
    {
        let text = read(&path);
        let Some(brace) = text.rfind('}') else { continue };
        // The document with its last closing brace gone.
        let broken = format!("{}{}", &text[..brace], &text[brace + 1..]);
        assert!(
            format_text(&broken, Format::Json, &FormatOptions::default()).is_err(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn cut_and_damaged_documents_never_panic_and_never_change_a_value() {
    let mut formatted = 0;
    for path in corpus() {
        let format = Format::from_path(&path.display().to_string());
        let text = read(&path);
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&index| text.is_char_boundary(index)).collect();
        let step = (boundaries.len() / 40).max(1);
        for &cut in boundaries.iter().step_by(step) {
            let next = text[cut..].chars().next().map_or(cut, |ch| cut + ch.len_utf8());
            // Every 40th prefix, and the document with one character deleted there.
            for variant in [text[..cut].to_string(), format!("{}{}", &text[..cut], &text[next..])] {
                let Ok(result) = format_text(&variant, format, &FormatOptions::default()) else {
                    continue;
                };
                formatted += 1;
                assert_eq!(
                    value_of(&variant, format),
                    value_of(&result, format),
                    "{}",
                    path.display()
                );
                if let (Format::Json, Ok(before)) = (format, serde_json::from_str::<serde_json::Value>(&variant)) {
                    let after: serde_json::Value = serde_json::from_str(&result).expect("still JSON");
                    assert_eq!(before, after, "{}: value changed", path.display());
                }
                let again = format_text(&result, format, &FormatOptions::default());
                assert_eq!(again.as_ref(), Ok(&result), "{}: not stable", path.display());
            }
        }
    }
    assert!(formatted > 1000, "only {formatted} variants formatted");
}

#[test]
fn jsonc_comments_are_kept() {
    let text = "// header\n{\n\"StartAt\": \"A\", // where it starts\n/* the states */\n\"States\": {\"A\": {\"Type\": \"Succeed\"}}\n}\n";
    let formatted = format_text(text, Format::Json, &FormatOptions::default()).expect("formats");
    assert_eq!(
        formatted,
        "// header\n{\n  \"StartAt\": \"A\", // where it starts\n  /* the states */\n  \"States\": { \"A\": { \"Type\": \"Succeed\" } }\n}\n"
    );
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_asl-lsp"))
        .args(args)
        .output()
        .expect("asl-lsp runs")
}

#[test]
fn format_command_checks_and_rewrites() {
    let dir = std::env::temp_dir().join(format!("asl-lsp-format-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let messy = dir.join("messy.asl.json");
    let tidy = dir.join("tidy.asl.json");
    let yaml = dir.join("machine.asl.yaml");
    let messy_text = "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}";
    std::fs::write(&messy, messy_text).expect("write");
    std::fs::write(&tidy, "{\n  \"StartAt\": \"A\"\n}\n").expect("write");
    std::fs::write(&yaml, "StartAt: A\nStates: [\n").expect("write");
    let paths = [&messy, &tidy, &yaml].map(|path| path.display().to_string());

    let check = run(&["format", "--check", &paths[0], &paths[1], &paths[2]]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&check.stdout), format!("{}\n", paths[0]));
    assert!(String::from_utf8_lossy(&check.stderr).contains("machine.asl.yaml left as it is"));
    assert_eq!(read(&messy), messy_text, "--check writes nothing");

    let write = run(&["format", &paths[0], &paths[1]]);
    assert_eq!(write.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&write.stdout),
        format!("formatted {}\n", paths[0])
    );
    assert_eq!(
        read(&messy),
        "{\n  \"StartAt\": \"A\",\n  \"States\": { \"A\": { \"Type\": \"Succeed\" } }\n}\n"
    );
    assert_eq!(run(&["format", "--check", &paths[0], &paths[1]]).status.code(), Some(0));

    let missing = dir.join("missing.asl.json").display().to_string();
    let unreadable = run(&["format", "--check", &missing, &paths[0]]);
    assert_eq!(unreadable.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unreadable.stderr).contains("cannot read"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A small well-formedness check: tags balance, attributes are quoted, and
/// every `&` starts an entity.
fn well_formed(xml: &str) -> Result<(), String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    let check_text = |text: &str| -> Result<(), String> {
        for (index, _) in text.match_indices('&') {
            let entity = &text[index..];
            let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| entity.starts_with(e))
                || (entity.starts_with("&#") && entity.contains(';'));
            if !ok {
                return Err(format!("bad entity at {:?}", &entity[..entity.len().min(10)]));
            }
        }
        Ok(())
    };
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open])?;
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("unclosed comment")?;
            rest = &rest[end + 3..];
            continue;
        }
        // The tag runs to the first '>' outside quotes.
        let mut quote = None;
        let mut end = None;
        for (index, ch) in rest.char_indices().skip(1) {
            match (quote, ch) {
                (None, '"' | '\'') => quote = Some(ch),
                (Some(q), c) if c == q => quote = None,
                (None, '<') => return Err("'<' inside a tag".to_string()),
                (None, '>') => {
                    end = Some(index);
                    break;
                }
                _ => {}
            }
        }
        let end = end.ok_or("unclosed tag")?;
        let tag = &rest[1..end];
        check_text(tag)?;
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().ok_or("closing tag without opening")?;
            if top != name.trim() {
                return Err(format!("</{name}> closes <{top}>"));
            }
        } else if !tag.starts_with('?') && !tag.ends_with('/') {
            let name = tag.split_whitespace().next().ok_or("empty tag")?;
            stack.push(name);
        }
        rest = &rest[end + 1..];
    }
    check_text(rest)?;
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed: {stack:?}"))
    }
}

#[test]
fn the_well_formedness_check_can_fail() {
    assert!(well_formed("<svg><g></svg>").is_err());
    assert!(well_formed("<svg><text>a & b</text></svg>").is_err());
    assert!(well_formed("<svg><g/><text>a &amp; b</text></svg>").is_ok());
}

#[test]
fn svg_of_every_corpus_machine_is_well_formed_and_draws_every_state_once() {
    let mut drawn = 0;
    for path in corpus() {
        let name = path.display().to_string();
        let analysis = Analysis::new(&read(&path), Format::from_path(&name));
        let picture = render(&analysis, GraphFormat::Svg);
        well_formed(&picture).unwrap_or_else(|error| panic!("{name}: {error}\n{picture}"));
        for id in analysis.machine.state_ids() {
            let mark = format!("id=\"s{}\"", id.0);
            assert_eq!(
                picture.matches(&mark).count(),
                1,
                "{name}: state {}",
                analysis.machine.state(id).name
            );
            drawn += 1;
        }
        // No two boxes overlap unless one holds the other (a branch in its Parallel).
        let boxes = svg::boxes(&analysis);
        assert_eq!(boxes.len(), analysis.machine.state_ids().count(), "{name}");
        for (index, a) in boxes.iter().enumerate() {
            for b in &boxes[index + 1..] {
                let overlap =
                    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
                let inside = |p: &svg::StateBox, q: &svg::StateBox| {
                    q.x <= p.x && p.x + p.width <= q.x + q.width && q.y <= p.y && p.y + p.height <= q.y + q.height
                };
                assert!(
                    !overlap || inside(a, b) || inside(b, a),
                    "{name}: {a:?} and {b:?} overlap"
                );
            }
        }
    }
    assert!(drawn > 500, "only {drawn} states drawn");
}

//! `asl-lsp graph --format svg`: the state machine drawn as SVG, with a
//! layered layout of our own and no external tool.
//!
//! Each scope (the machine, each Parallel branch, each Map processor) is laid
//! out on its own, Sugiyama-style: back edges found by a depth-first search
//! are set aside so cycles cannot hang the layout, layers come from the
//! longest path over the remaining acyclic graph, a few barycentre sweeps
//! order each layer to uncross edges, and boxes are placed left to right near
//! the centre of their predecessors without overlapping. A Parallel or Map
//! state is a box holding its branches or processor side by side, laid out
//! first. Every step is linear or `n log n` in the scope's states and edges.
//!
//! Choice states are hexagons, Succeed and Fail rounded ends, Parallel boxes
//! dashed, Map boxes doubled; Choice rules and catchers are labelled and
//! catchers dashed; a state with a diagnostic has a red (error) or amber
//! (warning) outline and the message in its tooltip. Each state's group
//! carries `data-state` (its name) and `data-offset` (the byte offset of its
//! key) so an editor can jump to the state when its box is clicked; the
//! offset is of the analysed text, or of the file through a mapping given
//! to `render_mapped` (a definition decoded from a string has its own
//! coordinates).

use std::collections::HashMap;
use std::fmt::Write;

use super::graph::{edges, scope_title};
use crate::catalog::kinds::StateType;
use crate::check::Severity;
use crate::model::{Machine, ScopeId, StateId};
use crate::syntax::TextRange;
use crate::Analysis;

const CHAR_WIDTH: f64 = 7.0;
const NODE_HEIGHT: f64 = 44.0;
const MIN_WIDTH: f64 = 90.0;
const PAD: f64 = 14.0;
const NODE_GAP: f64 = 28.0;
const LAYER_GAP: f64 = 46.0;
const HEADER: f64 = 52.0;
const MARKER: f64 = 16.0;
const MAX_LABEL: usize = 40;

/// A box of the picture, in absolute coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StateBox {
    pub state: StateId,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Item {
    Start,
    End,
    State(StateId),
    /// A point an edge passes through on a layer it crosses.
    Dummy,
}

struct Placed {
    item: Item,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    /// Child scopes drawn inside this box, at offsets relative to it.
    children: Vec<(ScopeId, f64, f64, Layout)>,
}

struct LaidEdge {
    from: usize,
    to: usize,
    label: Option<String>,
    catch: bool,
    /// Set aside to break a cycle: drawn around the side.
    back: bool,
    /// The dummy nodes a long edge passes through, top to bottom.
    via: Vec<usize>,
}

struct Layout {
    nodes: Vec<Placed>,
    edges: Vec<LaidEdge>,
    width: f64,
    height: f64,
}

/// The SVG picture of a whole definition, its offsets in the analysed text.
pub fn render(analysis: &Analysis) -> String {
    render_mapped(analysis, &|range| range)
}

/// The SVG picture of a whole definition, each `data-offset` the start of
/// `to_file` of the state's key range: where the key is written in a file
/// the analysed text was decoded from.
pub fn render_mapped(analysis: &Analysis, to_file: &dyn Fn(TextRange) -> TextRange) -> String {
    let machine = &analysis.machine;
    let marks = diagnostic_marks(analysis);
    let layout = machine.root_scope().map(|root| layout_scope(machine, root));
    let (width, height) = layout
        .as_ref()
        .map_or((2.0 * PAD, 2.0 * PAD), |layout| (layout.width, layout.height));
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="Helvetica, Arial, sans-serif" font-size="12">"#,
        w = width,
        h = height
    );
    out.push_str(concat!(
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">",
        "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555\"/></marker></defs>\n",
        "<style>.edge{fill:none;stroke:#555;stroke-width:1.3}.catch{stroke-dasharray:5 4;stroke:#b05a00}",
        ".label{font-size:10px;fill:#333;stroke:#fff;stroke-width:3px;paint-order:stroke}",
        ".state{cursor:pointer}.type{font-size:10px;fill:#666}.error>.shape{stroke:#d0021b;stroke-width:2.5}",
        ".warning>.shape{stroke:#e0a000;stroke-width:2.5}.scope{fill:none;stroke:#999;stroke-dasharray:2 3}",
        ".title{font-size:10px;fill:#666}</style>\n"
    ));
    if let Some(layout) = &layout {
        draw(machine, &marks, to_file, layout, &mut out);
    }
    out.push_str("</svg>\n");
    out
}

/// Where each state's box is drawn, for tests and for editors that map a
/// click to a state without reading the SVG.
pub fn boxes(analysis: &Analysis) -> Vec<StateBox> {
    let machine = &analysis.machine;
    let mut boxes = Vec::new();
    if let Some(root) = machine.root_scope() {
        collect_boxes(&layout_scope(machine, root), 0.0, 0.0, &mut boxes);
    }
    boxes
}

fn collect_boxes(layout: &Layout, dx: f64, dy: f64, boxes: &mut Vec<StateBox>) {
    for node in &layout.nodes {
        if let Item::State(state) = node.item {
            boxes.push(StateBox {
                state,
                x: dx + node.x,
                y: dy + node.y,
                width: node.w,
                height: node.h,
            });
        }
        for (_, cx, cy, child) in &node.children {
            collect_boxes(child, dx + node.x + cx, dy + node.y + cy, boxes);
        }
    }
}

fn label_width(text: &str) -> f64 {
    text.chars().count().min(MAX_LABEL + 1) as f64 * CHAR_WIDTH
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(MAX_LABEL - 1).collect();
        short.push('…');
        short
    }
}

fn layout_scope(machine: &Machine, scope_id: ScopeId) -> Layout {
    let scope = machine.scope(scope_id);
    // Nodes: the start marker, the states in source order, the end marker.
    let mut nodes: Vec<Placed> = Vec::with_capacity(scope.states.len() + 2);
    nodes.push(marker(Item::Start));
    let mut index_of: HashMap<StateId, usize> = HashMap::new();
    for &state_id in &scope.states {
        index_of.entry(state_id).or_insert(nodes.len());
        nodes.push(state_node(machine, state_id));
    }
    let mut laid_edges = Vec::new();
    if let Some(first) = scope
        .start_at
        .as_ref()
        .and_then(|start_at| machine.resolve(scope_id, &start_at.name))
        .and_then(|first| index_of.get(&first))
    {
        laid_edges.push(LaidEdge {
            from: 0,
            to: *first,
            label: None,
            catch: false,
            back: false,
            via: Vec::new(),
        });
    }
    let end = nodes.len();
    let mut has_end = false;
    for (offset, &state_id) in scope.states.iter().enumerate() {
        let from = offset + 1;
        for edge in edges(machine, state_id) {
            if let Some(&to) = index_of.get(&edge.to) {
                laid_edges.push(LaidEdge {
                    from,
                    to,
                    label: edge.label,
                    catch: edge.catch,
                    back: false,
                    via: Vec::new(),
                });
            }
        }
        if machine.state(state_id).is_terminal() {
            has_end = true;
            laid_edges.push(LaidEdge {
                from,
                to: end,
                label: None,
                catch: false,
                back: false,
                via: Vec::new(),
            });
        }
    }
    if has_end {
        nodes.push(marker(Item::End));
    }
    let mut order = mark_back_edges(nodes.len(), &mut laid_edges);
    let mut layers = assign_layers(nodes.len(), &laid_edges, &order);
    let segments = split_long_edges(&mut nodes, &mut laid_edges, &mut layers, &mut order);
    let rows = order_layers(nodes.len(), &segments, &layers, &order);
    let back = laid_edges.iter().any(|edge| edge.back);
    let (width, height) = place(&mut nodes, &segments, &rows, back);
    Layout {
        nodes,
        edges: laid_edges,
        width,
        height,
    }
}

fn marker(item: Item) -> Placed {
    Placed {
        item,
        x: 0.0,
        y: 0.0,
        w: MARKER,
        h: MARKER,
        children: Vec::new(),
    }
}

fn state_node(machine: &Machine, state_id: StateId) -> Placed {
    let state = machine.state(state_id);
    let ty = state.ty.map_or("?", StateType::name);
    let text = label_width(&state.name).max(label_width(ty)) + 2.0 * PAD;
    let mut w = text.max(MIN_WIDTH);
    if state.ty == Some(StateType::Choice) {
        w += 24.0;
    }
    let mut h = NODE_HEIGHT;
    let mut children = Vec::new();
    if !state.children.is_empty() {
        let mut x = PAD;
        let mut tallest: f64 = 0.0;
        for &child in &state.children {
            let layout = layout_scope(machine, child);
            let (cw, ch) = (layout.width, layout.height);
            children.push((child, x, HEADER, layout));
            x += cw + PAD;
            tallest = tallest.max(ch);
        }
        w = w.max(x);
        h = HEADER + tallest + PAD;
    }
    Placed {
        item: Item::State(state_id),
        x: 0.0,
        y: 0.0,
        w,
        h,
        children,
    }
}

/// Depth-first search from the start marker (then from every node not yet
/// reached, in order) marking each edge into a node still on the stack as a
/// back edge. Returns the nodes in the order first reached.
fn mark_back_edges(count: usize, edges: &mut [LaidEdge]) -> Vec<usize> {
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, edge) in edges.iter().enumerate() {
        outgoing[edge.from].push(index);
    }
    // 0 unseen, 1 on the stack, 2 done.
    let mut state = vec![0u8; count];
    let mut order = Vec::with_capacity(count);
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..count {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        order.push(root);
        stack.push((root, 0));
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&edge) = outgoing[node].get(*next) {
                *next += 1;
                let to = edges[edge].to;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        order.push(to);
                        stack.push((to, 0));
                    }
                    1 => edges[edge].back = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    order
}

/// Longest-path layering over the forward edges (Kahn's order).
fn assign_layers(count: usize, edges: &[LaidEdge], order: &[usize]) -> Vec<usize> {
    let mut incoming = vec![0usize; count];
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); count];
    for edge in edges.iter().filter(|edge| !edge.back) {
        incoming[edge.to] += 1;
        outgoing[edge.from].push(edge.to);
    }
    let mut layer = vec![0usize; count];
    let mut ready: Vec<usize> = order.iter().copied().filter(|&node| incoming[node] == 0).collect();
    ready.reverse();
    while let Some(node) = ready.pop() {
        for &to in &outgoing[node] {
            layer[to] = layer[to].max(layer[node] + 1);
            incoming[to] -= 1;
            if incoming[to] == 0 {
                ready.push(to);
            }
        }
    }
    layer
}

/// Give each forward edge that spans several layers a dummy node on every
/// layer it crosses, so that ordering and placement route it between the
/// boxes. Returns the forward segments (edges of one layer each). The
/// dummies are bounded by a multiple of the graph's size, so a pathological
/// graph cannot make the layout quadratic; edges past the bound are drawn
/// straight.
fn split_long_edges(
    nodes: &mut Vec<Placed>,
    edges: &mut [LaidEdge],
    layers: &mut Vec<usize>,
    order: &mut Vec<usize>,
) -> Vec<(usize, usize)> {
    let mut budget = 4 * (nodes.len() + edges.len()) + 64;
    let mut segments = Vec::with_capacity(edges.len());
    for edge in edges.iter_mut() {
        if edge.back || edge.from == edge.to {
            continue;
        }
        let span = layers[edge.to].saturating_sub(layers[edge.from]);
        if span <= 1 || span - 1 > budget {
            segments.push((edge.from, edge.to));
            continue;
        }
        budget -= span - 1;
        let mut previous = edge.from;
        for layer in layers[edge.from] + 1..layers[edge.to] {
            let dummy = nodes.len();
            nodes.push(Placed {
                item: Item::Dummy,
                x: 0.0,
                y: 0.0,
                w: 10.0,
                h: 0.0,
                children: Vec::new(),
            });
            layers.push(layer);
            order.push(dummy);
            edge.via.push(dummy);
            segments.push((previous, dummy));
            previous = dummy;
        }
        segments.push((previous, edge.to));
    }
    segments
}

/// Nodes per layer, ordered by a few barycentre sweeps (down, up, down).
fn order_layers(count: usize, segments: &[(usize, usize)], layers: &[usize], order: &[usize]) -> Vec<Vec<usize>> {
    let depth = layers.iter().copied().max().map_or(0, |max| max + 1);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); depth];
    for &node in order {
        rows[layers[node]].push(node);
    }
    let mut forward_in: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut forward_out: Vec<Vec<usize>> = vec![Vec::new(); count];
    for &(from, to) in segments {
        forward_in[to].push(from);
        forward_out[from].push(to);
    }
    // A node's position as a fraction of its row's width.
    let mut position = vec![0.0f64; count];
    let update = |rows: &[Vec<usize>], position: &mut [f64], row: usize| {
        let len = rows[row].len().max(1) as f64;
        for (index, &node) in rows[row].iter().enumerate() {
            position[node] = (index as f64 + 0.5) / len;
        }
    };
    for row in 0..depth {
        update(&rows, &mut position, row);
    }
    let sweep = |rows: &mut Vec<Vec<usize>>, position: &mut Vec<f64>, neighbours: &[Vec<usize>], row: usize| {
        let keys: HashMap<usize, f64> = rows[row]
            .iter()
            .map(|&node| {
                let near = &neighbours[node];
                let key = if near.is_empty() {
                    position[node]
                } else {
                    near.iter().map(|&other| position[other]).sum::<f64>() / near.len() as f64
                };
                (node, key)
            })
            .collect();
        rows[row].sort_by(|a, b| keys[a].total_cmp(&keys[b]));
        update(rows, position, row);
    };
    for pass in 0..3 {
        if pass % 2 == 0 {
            for row in 1..depth {
                sweep(&mut rows, &mut position, &forward_in, row);
            }
        } else {
            for row in (0..depth.saturating_sub(1)).rev() {
                sweep(&mut rows, &mut position, &forward_out, row);
            }
        }
    }
    rows
}

/// Coordinates: rows top to bottom, boxes aligned at the top; in a row, each box as near the mean
/// centre of its predecessors as the boxes on its left allow.
fn place(nodes: &mut [Placed], segments: &[(usize, usize)], rows: &[Vec<usize>], back: bool) -> (f64, f64) {
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for &(from, to) in segments {
        preds[to].push(from);
    }
    let mut y = PAD;
    for row in rows {
        let height = row.iter().map(|&node| nodes[node].h).fold(0.0, f64::max);
        let mut right = f64::NEG_INFINITY;
        for &node in row {
            let wanted = if preds[node].is_empty() {
                PAD
            } else {
                let centre =
                    preds[node].iter().map(|&p| nodes[p].x + nodes[p].w / 2.0).sum::<f64>() / preds[node].len() as f64;
                centre - nodes[node].w / 2.0
            };
            let x = wanted.max(right + NODE_GAP);
            nodes[node].x = x;
            // Top-aligned: an edge into a short box beside a tall one stays short.
            nodes[node].y = y;
            right = x + nodes[node].w;
        }
        y += height + LAYER_GAP;
    }
    let min_x = nodes.iter().map(|node| node.x).fold(f64::INFINITY, f64::min);
    let shift = if min_x.is_finite() { PAD - min_x } else { 0.0 };
    let mut width: f64 = 0.0;
    for node in nodes.iter_mut() {
        node.x += shift;
        width = width.max(node.x + node.w);
    }
    // Room on the right for back edges drawn around the side.
    let back = if back { 50.0 } else { 0.0 };
    (width + PAD + back, y - LAYER_GAP + PAD)
}

/// The worst diagnostic of each state (innermost state holding it).
fn diagnostic_marks(analysis: &Analysis) -> HashMap<StateId, (Severity, String)> {
    let machine = &analysis.machine;
    // State spans sorted by start, longest first, with their enclosing span.
    let mut spans: Vec<(usize, usize, StateId)> = machine
        .state_ids()
        .map(|id| {
            let state = machine.state(id);
            let end = state.value.map_or(machine.range(state.key_range).end(), |value| {
                analysis.tree.range(value).end()
            });
            (machine.range(state.key_range).start(), end, id)
        })
        .collect();
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut parent: Vec<Option<usize>> = vec![None; spans.len()];
    let mut open: Vec<usize> = Vec::new();
    for index in 0..spans.len() {
        while open.last().is_some_and(|&top| spans[top].1 < spans[index].1) {
            open.pop();
        }
        parent[index] = open.last().copied();
        open.push(index);
    }
    let mut marks: HashMap<StateId, (Severity, String)> = HashMap::new();
    for diagnostic in &analysis.diagnostics {
        if !matches!(diagnostic.severity, Severity::Error | Severity::Warning) {
            continue;
        }
        let (start, end) = (diagnostic.range.start(), diagnostic.range.end());
        let mut candidate = spans.partition_point(|span| span.0 <= start).checked_sub(1);
        while let Some(index) = candidate {
            if spans[index].1 >= end {
                break;
            }
            candidate = parent[index];
        }
        let Some(index) = candidate else { continue };
        let state = spans[index].2;
        let worse = marks
            .get(&state)
            .is_none_or(|(severity, _)| *severity == Severity::Warning && diagnostic.severity == Severity::Error);
        if worse {
            marks.insert(state, (diagnostic.severity, diagnostic.message.clone()));
        }
    }
    marks
}

/// Text for XML (SVG here, JUnit reports too): markup characters as
/// entities, characters XML 1.0 cannot hold as U+FFFD.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            ch if (ch as u32) < 0x20 && !matches!(ch, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            ch => out.push(ch),
        }
    }
    out
}

/// How a state's key range becomes the offset written in `data-offset`.
type ToFile<'a> = &'a dyn Fn(TextRange) -> TextRange;

fn draw(
    machine: &Machine,
    marks: &HashMap<StateId, (Severity, String)>,
    to_file: ToFile<'_>,
    layout: &Layout,
    out: &mut String,
) {
    let ports = out_ports(layout);
    for (edge, port) in layout.edges.iter().zip(ports) {
        draw_edge(layout, edge, port, out);
    }
    for node in &layout.nodes {
        match node.item {
            Item::Start => {
                let _ = writeln!(
                    out,
                    r##"<circle cx="{:.1}" cy="{:.1}" r="7" fill="#222"/>"##,
                    node.x + node.w / 2.0,
                    node.y + node.h / 2.0
                );
            }
            Item::End => {
                let (cx, cy) = (node.x + node.w / 2.0, node.y + node.h / 2.0);
                let _ = writeln!(
                    out,
                    r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="8" fill="none" stroke="#222" stroke-width="1.5"/><circle cx="{cx:.1}" cy="{cy:.1}" r="5" fill="#222"/>"##
                );
            }
            Item::State(state_id) => draw_state(machine, marks, to_file, node, state_id, out),
            Item::Dummy => {}
        }
    }
}

fn draw_state(
    machine: &Machine,
    marks: &HashMap<StateId, (Severity, String)>,
    to_file: ToFile<'_>,
    node: &Placed,
    state_id: StateId,
    out: &mut String,
) {
    let state = machine.state(state_id);
    let ty = state.ty.map_or("?", StateType::name);
    let mark = marks.get(&state_id);
    let class = match mark {
        Some((Severity::Error, _)) => " error",
        Some(_) => " warning",
        None => "",
    };
    let _ = write!(
        out,
        r#"<g class="state {}{class}" id="s{}" data-state="{}" data-offset="{}" transform="translate({:.1},{:.1})"><title>{} ({ty})"#,
        ty.to_ascii_lowercase(),
        state_id.0,
        escape(&state.name),
        to_file(machine.range(state.key_range)).start,
        node.x,
        node.y,
        escape(&state.name)
    );
    if let Some((_, message)) = mark {
        let _ = write!(out, "\n{}", escape(message));
    }
    out.push_str("</title>");
    let (w, h) = (node.w, node.h);
    let shape = match state.ty {
        Some(StateType::Choice) => format!(
            r##"<polygon class="shape" points="12,0 {:.1},0 {w:.1},{:.1} {:.1},{h:.1} 12,{h:.1} 0,{:.1}" fill="#fff6d5" stroke="#b8860b"/>"##,
            w - 12.0,
            h / 2.0,
            w - 12.0,
            h / 2.0
        ),
        Some(StateType::Succeed) => {
            format!(r##"<rect class="shape" width="{w:.1}" height="{h:.1}" rx="22" fill="#dff3df" stroke="#3c8c3c"/>"##)
        }
        Some(StateType::Fail) => {
            format!(r##"<rect class="shape" width="{w:.1}" height="{h:.1}" rx="22" fill="#f8dcdc" stroke="#b03030"/>"##)
        }
        Some(StateType::Parallel) => format!(
            r##"<rect class="shape" width="{w:.1}" height="{h:.1}" rx="6" fill="#eef3fb" stroke="#4a6fa5" stroke-dasharray="6 3"/>"##
        ),
        Some(StateType::Map) => format!(
            r##"<rect class="shape" width="{w:.1}" height="{h:.1}" rx="6" fill="#eef8f6" stroke="#2f7f72"/><rect x="3" y="3" width="{:.1}" height="{:.1}" rx="4" fill="none" stroke="#2f7f72"/>"##,
            w - 6.0,
            h - 6.0
        ),
        Some(StateType::Task) => {
            format!(r##"<rect class="shape" width="{w:.1}" height="{h:.1}" rx="6" fill="#ffffff" stroke="#444"/>"##)
        }
        _ => format!(r##"<rect class="shape" width="{w:.1}" height="{h:.1}" rx="2" fill="#f4f4f4" stroke="#777"/>"##),
    };
    out.push_str(&shape);
    let text_y = if state.children.is_empty() { h / 2.0 - 3.0 } else { 17.0 };
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{text_y:.1}" text-anchor="middle">{}</text><text class="type" x="{:.1}" y="{:.1}" text-anchor="middle">{ty}</text>"#,
        w / 2.0,
        escape(&shorten(&state.name)),
        w / 2.0,
        text_y + 13.0
    );
    if mark.is_some() {
        let _ = write!(
            out,
            r##"<circle cx="{:.1}" cy="0" r="7" fill="{}"/><text x="{:.1}" y="4" text-anchor="middle" fill="#fff" font-weight="bold">!</text>"##,
            w - 4.0,
            if class == " error" { "#d0021b" } else { "#e0a000" },
            w - 4.0
        );
    }
    out.push('\n');
    for (child, cx, cy, layout) in &node.children {
        let _ = writeln!(
            out,
            r#"<g class="scope-box" transform="translate({cx:.1},{cy:.1})"><rect class="scope" width="{:.1}" height="{:.1}" rx="4"/><text class="title" x="4" y="-3">{}</text>"#,
            layout.width,
            layout.height,
            escape(&scope_title(machine, *child))
        );
        draw(machine, marks, to_file, layout, out);
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

/// Where each forward edge leaves its source: offsets along the bottom,
/// ordered like the edges' next points so they do not cross at the box.
fn out_ports(layout: &Layout) -> Vec<f64> {
    let mut ports = vec![0.0; layout.edges.len()];
    let mut by_source: HashMap<usize, Vec<(f64, usize)>> = HashMap::new();
    for (index, edge) in layout.edges.iter().enumerate() {
        if edge.back || edge.from == edge.to {
            continue;
        }
        let next = edge.via.first().copied().unwrap_or(edge.to);
        if let Some(node) = layout.nodes.get(next) {
            by_source
                .entry(edge.from)
                .or_default()
                .push((node.x + node.w / 2.0, index));
        }
    }
    for (source, mut list) in by_source {
        list.sort_by(|a, b| a.0.total_cmp(&b.0));
        let width = layout.nodes.get(source).map_or(0.0, |node| node.w);
        let step = (width * 0.6 / list.len() as f64).min(14.0);
        let middle = (list.len() as f64 - 1.0) / 2.0;
        for (rank, (_, index)) in list.into_iter().enumerate() {
            ports[index] = (rank as f64 - middle) * step;
        }
    }
    ports
}

fn draw_edge(layout: &Layout, edge: &LaidEdge, port: f64, out: &mut String) {
    let (Some(from), Some(to)) = (layout.nodes.get(edge.from), layout.nodes.get(edge.to)) else {
        return;
    };
    let class = if edge.catch { "edge catch" } else { "edge" };
    let (path, mid) = if edge.from == edge.to {
        let (x, y) = (from.x + from.w, from.y + from.h / 2.0);
        (
            format!(
                "M {:.1} {:.1} C {:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
                x,
                y - 8.0,
                x + 36.0,
                y - 20.0,
                x + 36.0,
                y + 20.0,
                x,
                y + 8.0
            ),
            (x + 27.0, y),
        )
    } else if edge.back || to.y <= from.y {
        let (x1, y1) = (from.x + from.w, from.y + from.h / 2.0);
        let (x2, y2) = (to.x + to.w, to.y + to.h / 2.0);
        let bulge = x1.max(x2) + 40.0;
        (
            format!("M {x1:.1} {y1:.1} C {bulge:.1} {y1:.1} {bulge:.1} {y2:.1} {x2:.1} {y2:.1}"),
            ((x1 + 6.0 * bulge + x2) / 8.0, (y1 + y2) / 2.0),
        )
    } else {
        // From the source's bottom, through the dummies, to the target's top.
        let mut points = vec![(from.x + from.w / 2.0 + port, from.y + from.h)];
        points.extend(
            edge.via
                .iter()
                .filter_map(|&dummy| layout.nodes.get(dummy))
                .map(|dummy| (dummy.x + dummy.w / 2.0, dummy.y)),
        );
        points.push((to.x + to.w / 2.0, to.y));
        let mut path = format!("M {:.1} {:.1}", points[0].0, points[0].1);
        for pair in points.windows(2) {
            let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
            let bend = ((y2 - y1) / 2.0).max(6.0);
            let _ = write!(
                path,
                " C {x1:.1} {:.1} {x2:.1} {:.1} {x2:.1} {y2:.1}",
                y1 + bend,
                y2 - bend
            );
        }
        // The label sits on the first stretch, near the state it leaves.
        let (first, second) = (points[0], points[1]);
        (path, ((first.0 + second.0) / 2.0, (first.1 + second.1) / 2.0))
    };
    let _ = writeln!(out, r#"<path class="{class}" d="{path}" marker-end="url(#arrow)"/>"#);
    if let Some(label) = &edge.label {
        let _ = writeln!(
            out,
            r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            mid.0,
            mid.1,
            escape(label)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Format;

    fn analyse(text: &str) -> Analysis {
        Analysis::new(text, Format::Json)
    }

    /// The opening tag of a state's group.
    fn group<'a>(svg: &'a str, name: &str) -> &'a str {
        let at = svg
            .find(&format!("data-state=\"{name}\""))
            .unwrap_or_else(|| panic!("{name} not drawn"));
        let start = svg[..at].rfind("<g ").expect("group start");
        let end = at + svg[at..].find('>').expect("group end");
        &svg[start..end]
    }

    fn overlaps(boxes: &[StateBox]) -> Vec<(StateId, StateId)> {
        let mut found = Vec::new();
        for (index, a) in boxes.iter().enumerate() {
            for b in &boxes[index + 1..] {
                if a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height {
                    found.push((a.state, b.state));
                }
            }
        }
        found
    }

    #[test]
    fn cycles_and_self_loops_are_drawn() {
        let analysis = analyse(
            r#"{"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Next": "B"},
              "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": true, "Next": "A"}], "Default": "B"}
            }}"#,
        );
        let svg = render(&analysis);
        assert!(group(&svg, "A").contains("class=\"state pass"));
        assert!(group(&svg, "B").contains("class=\"state choice"));
        assert!(svg.contains(">rule 1</text>") && svg.contains(">Default</text>"));
        assert!(overlaps(&boxes(&analysis)).is_empty());
    }

    #[test]
    fn a_state_with_a_diagnostic_is_marked() {
        let analysis = analyse(
            r#"{"StartAt": "A", "States": {
              "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "Nowhere"}], "Default": "B"},
              "B": {"Type": "Succeed"}
            }}"#,
        );
        let svg = render(&analysis);
        assert!(group(&svg, "A").contains(" error\""), "{}", group(&svg, "A"));
        assert!(!group(&svg, "B").contains(" error\""));
    }

    #[test]
    fn fifty_states_with_loops_lay_out_without_overlap() {
        // A chain of Choice/Task pairs, each Choice looping back or skipping
        // ahead, every Task caught by one shared Fail state.
        let mut states = Vec::new();
        for index in 0..25usize {
            let next = if index == 24 {
                "Done".to_string()
            } else {
                format!("Check {}", index + 1)
            };
            let back = format!("Work {}", index.saturating_sub(2));
            states.push(format!(
                r#""Check {index}": {{"Type": "Choice", "Choices": [{{"Variable": "$.again", "BooleanEquals": true, "Next": "{back}"}}], "Default": "Work {index}"}}"#
            ));
            states.push(format!(
                r#""Work {index}": {{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "{next}", "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "Failed"}}]}}"#
            ));
        }
        let text = format!(
            r#"{{"StartAt": "Check 0", "States": {{{}, "Done": {{"Type": "Succeed"}}, "Failed": {{"Type": "Fail"}}}}}}"#,
            states.join(",\n")
        );
        let analysis = analyse(&text);
        assert_eq!(analysis.machine.state_ids().count(), 52);
        let boxes = boxes(&analysis);
        assert_eq!(boxes.len(), 52);
        assert_eq!(overlaps(&boxes), vec![]);
        // Readable: a column, not a wall; each layer holds a handful of boxes.
        let width = boxes.iter().map(|b| b.x + b.width).fold(0.0, f64::max);
        assert!(width < 1200.0, "{width}");
        let svg = render(&analysis);
        assert_eq!(svg.matches("class=\"state ").count(), 52);
    }
}

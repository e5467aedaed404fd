//! No module of the workspace may depend on another that depends back on
//! it, directly or through others (issue 19: cycles make every module of
//! the loop impossible to read, test or move alone). This test reads every
//! crate's `src/`, takes each file's `crate::`, `super::` and `self::`
//! paths as edges between modules (a module and its own ancestors or
//! descendants do not count: `super::ServiceError` is the module's own
//! parent), and finds the strongly connected components.
//!
//! The cycles the code had when this check arrived are listed in
//! [`KNOWN`]; a new one fails the test, and so does a listed one that is
//! gone (take it off the list: the check only tightens).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Cycles present when the check was added, each as its sorted modules;
/// issue 19 (services by capability) removes them.
const KNOWN: &[&[&str]] = &[];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/api/repair/mod.rs` -> `api::repair`; `mod.rs` names its
/// directory; `lib.rs`/`main.rs` are the crate root ("").
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and string literals, which would
/// otherwise be read as paths.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut in_string = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_string = !in_string;
            } else if !in_string {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// Every module path a file names: `crate::a::b`, `super::a`, `self::a`,
/// and the items of `use crate::a::{b, c::d}` groups, resolved against the
/// file's own module.
fn referenced(code: &str, module: &[String], is_mod_file: bool) -> Vec<Vec<String>> {
    let _ = is_mod_file;
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0
            || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':');
        let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
        let root = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|r| rest.starts_with(r));
        if !starts_word || root.is_none() {
            i += 1;
            continue;
        }
        // Read the whole path, braces included.
        let mut j = i;
        let mut depth = 0;
        while j < chars.len() {
            let c = chars[j];
            if c == '{' {
                depth += 1;
            } else if c == '}' {
                if depth == 0 {
                    break;
                }
                depth -= 1;
                if depth == 0 {
                    j += 1;
                    break;
                }
            } else if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') {
                break;
            }
            j += 1;
        }
        let path: String = chars[i..j].iter().collect();
        for p in expand(&path) {
            let mut segments: Vec<String> = p
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let mut base: Vec<String> = Vec::new();
            match segments.first().map(String::as_str) {
                Some("crate") => {
                    segments.remove(0);
                }
                Some("self") => {
                    segments.remove(0);
                    base = module.to_vec();
                }
                Some("super") => {
                    base = module.to_vec();
                    while segments.first().map(String::as_str) == Some("super") {
                        segments.remove(0);
                        base.pop();
                    }
                }
                _ => continue,
            }
            base.extend(segments);
            found.push(base);
        }
        i = j.max(i + 1);
    }
    found
}

/// `a::{b, c::{d, e}}` -> `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else {
        return vec![path.to_owned()];
    };
    let prefix = &path[..open];
    let inner = &path[open + 1..path.rfind('}').unwrap_or(path.len())];
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (k, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "self")
        .flat_map(|item| expand(&format!("{prefix}{item}")))
        .collect()
}

fn is_ancestor(a: &[String], b: &[String]) -> bool {
    a.len() <= b.len() && b[..a.len()] == *a
}

/// Modules of one crate and the edges between them.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(src, file);
        let text = std::fs::read_to_string(file).unwrap();
        let is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
        for target in referenced(&code_only(&text), &module, is_mod) {
            // The longest prefix that is a module (a file) of the crate.
            let Some(to) = (0..=target.len())
                .rev()
                .map(|n| target[..n].to_vec())
                .find(|p| modules.contains(p))
            else {
                continue;
            };
            if is_ancestor(&to, &module) || is_ancestor(&module, &to) {
                continue;
            }
            edges
                .entry(module.join("::"))
                .or_default()
                .insert(to.join("::"));
        }
        edges.entry(module.join("::")).or_default();
    }
    edges
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_owned());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

/// The crates of the workspace, as the root `Cargo.toml` lists them, so a
/// new crate is checked without being added here.
fn workspace_members(root: &Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let start = manifest.find("members = [").expect("a members list");
    let end = start + manifest[start..].find(']').unwrap();
    let members: Vec<String> = manifest[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    assert!(members.len() >= 7, "members read: {members:?}");
    members
}

#[test]
fn no_module_depends_on_itself_through_others() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found: Vec<Vec<String>> = Vec::new();
    for krate in workspace_members(&root) {
        let krate = krate.as_str();
        let src = root.join(krate).join("src");
        for cycle in cycles(&graph(&src)) {
            found.push(cycle.into_iter().map(|m| format!("{krate}: {m}")).collect());
        }
    }
    let known: Vec<Vec<String>> = KNOWN
        .iter()
        .map(|c| c.iter().map(|m| (*m).to_owned()).collect())
        .collect();
    let new: Vec<&Vec<String>> = found.iter().filter(|c| !known.contains(c)).collect();
    let gone: Vec<&Vec<String>> = known.iter().filter(|c| !found.contains(c)).collect();
    assert!(new.is_empty(), "module cycles: {new:#?}");
    assert!(
        gone.is_empty(),
        "these cycles are gone: take them off KNOWN: {gone:#?}"
    );
}

#[test]
fn the_reader_finds_paths_the_way_rustc_resolves_them() {
    let module: Vec<String> = vec!["services".into(), "tickets".into()];
    let got = referenced(
        &code_only(
            "use super::{ServiceError, notifications::HookEvent};\nlet x = crate::api::tmf621::Version::V4; // crate::ui::x\nlet s = \"crate::report\";",
        ),
        &module,
        false,
    );
    let got: Vec<String> = got.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        got,
        [
            "services::ServiceError",
            "services::notifications::HookEvent",
            "api::tmf621::Version::V4",
        ]
    );
}

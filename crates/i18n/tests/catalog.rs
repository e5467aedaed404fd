//! The catalog is whole: every file parses, Spanish and English hold the same
//! messages, no id is defined twice, and every id the code uses (console
//! templates and handlers, notification layouts, report tables, refusals
//! built from error codes, labels built from the procedure's enums) is there
//! in both languages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use averias_domain::maintenance::WorkState;
use averias_domain::repair::AppointmentStatus;
use averias_domain::{Channel, Lang, Role, Severity, Stage, Status};
use fluent_templates::fluent_bundle::FluentResource;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file under `dir` whose name ends with one of `exts`.
fn files(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if exts.iter().any(|x| path.to_string_lossy().ends_with(x)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The message ids of each catalog file of `lang`, by file name, checking
/// that each file parses and defines no id twice.
fn catalog(lang: Lang) -> BTreeMap<String, Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang.code());
    let mut by_file = BTreeMap::new();
    for path in files(&dir, &[".ftl"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        let resource = FluentResource::try_new(text.clone());
        assert!(
            resource.is_ok(),
            "{} does not parse: {:?}",
            path.display(),
            resource.err().map(|(_, errors)| errors)
        );
        let ids: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        by_file.insert(name, ids);
    }
    by_file
}

#[test]
fn spanish_and_english_hold_the_same_messages_once_each() {
    let es = catalog(Lang::Es);
    let en = catalog(Lang::En);
    assert_eq!(
        es.keys().collect::<Vec<_>>(),
        en.keys().collect::<Vec<_>>(),
        "the same files in both languages"
    );
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (file, ids) in &es {
        let es_ids: BTreeSet<&String> = ids.iter().collect();
        let en_ids: BTreeSet<&String> = en[file].iter().collect();
        assert_eq!(
            es_ids.difference(&en_ids).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "{file}: in Spanish only"
        );
        assert_eq!(
            en_ids.difference(&es_ids).collect::<Vec<_>>(),
            Vec::<&&String>::new(),
            "{file}: in English only"
        );
        for lang_ids in [ids, &en[file]] {
            let mut once = BTreeSet::new();
            for id in lang_ids {
                assert!(once.insert(id), "{file}: {id} defined twice");
            }
        }
        for id in ids {
            if let Some(other) = seen.insert(id, file) {
                panic!("{id} is in both {other} and {file}");
            }
        }
    }
    assert!(seen.len() > 500, "only {} messages found", seen.len());
}

/// Every string literal of a source text.
fn literals(text: &str) -> Vec<&str> {
    text.split('"').skip(1).step_by(2).collect()
}

/// The ids passed as a literal to a call of `name` in `text`: `t("id"`,
/// `tr.t_with("id"`, or with `lang` first, `text(lang, "id"`.
fn called(text: &str, name: &str, lang_first: bool) -> Vec<String> {
    let call = format!("{name}(");
    let mut ids = Vec::new();
    for (at, _) in text.match_indices(&call) {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue; // `format(`, `default(`...
        }
        let mut rest = text[at + call.len()..].trim_start();
        if lang_first {
            // `text(lang, "id"`: a language, then the literal.
            match rest.split_once(',') {
                Some((arg, after))
                    if !arg.contains(['(', ')', '"', '\n'])
                        && arg.to_lowercase().contains("lang") =>
                {
                    rest = after.trim_start();
                }
                _ => continue,
            }
        }
        if let Some((id, _)) = rest.strip_prefix('"').and_then(|l| l.split_once('"')) {
            ids.push(id.to_owned());
        }
    }
    ids
}

/// The ids of `ids` that a language lacks, as `id (lang)`.
fn missing(ids: impl IntoIterator<Item = String>) -> Vec<String> {
    let defined: Vec<(Lang, BTreeSet<String>)> = Lang::ALL
        .into_iter()
        .map(|l| (l, catalog(l).into_values().flatten().collect()))
        .collect();
    let mut gaps: Vec<String> = ids
        .into_iter()
        .flat_map(|id| {
            defined
                .iter()
                .filter(|(_, ids)| !ids.contains(&id))
                .map(|(l, _)| format!("{id} ({l})"))
                .collect::<Vec<_>>()
        })
        .collect();
    gaps.sort();
    gaps.dedup();
    gaps
}

#[test]
fn every_id_a_template_or_handler_names_is_in_both_languages() {
    let root = root();
    let mut used = Vec::new();
    for path in files(&root.join("crates/server/templates"), &[".html"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        used.extend(called(&text, "t", false));
        used.extend(called(&text, "t_with", false));
    }
    for path in files(&root.join("crates/services/templates"), &[".jinja"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        used.extend(called(&text, "t", false));
    }
    // Rust: `.t("…")`, `t_with("…"`, `text(lang, "…")`, `text_with(lang, "…"`,
    // and in the console any literal shaped like an id of a catalog area
    // (tables of keys, such as the queue's status filter).
    let es = catalog(Lang::Es);
    let areas: BTreeSet<String> = es
        .values()
        .flatten()
        .filter_map(|id| id.split_once('-').map(|(a, _)| a.to_owned()))
        .collect();
    let mut rust_files = Vec::new();
    for dir in [
        "crates/server/src",
        "crates/services/src",
        "crates/averias/src",
    ] {
        rust_files.extend(files(&root.join(dir), &[".rs"]));
    }
    for path in &rust_files {
        let text = std::fs::read_to_string(path).unwrap();
        // `tr.t("…")` (a method: `t(` alone is some other function).
        used.extend(
            text.split(".t(\"")
                .skip(1)
                .filter_map(|rest| rest.split_once('"').map(|(id, _)| id.to_owned())),
        );
        used.extend(called(&text, "t_with", false));
        for name in ["text", "text_with"] {
            used.extend(called(&text, name, true));
        }
        if !path.starts_with(root.join("crates/server/src/ui")) {
            continue;
        }
        for lit in literals(&text) {
            let shaped = lit.split_once('-').is_some_and(|(area, rest)| {
                areas.contains(area)
                    && !rest.is_empty()
                    && lit
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            });
            if shaped {
                used.push(lit.to_owned());
            }
        }
    }
    assert!(used.len() > 400, "only {} uses found", used.len());
    assert_eq!(missing(used), Vec::<String>::new());
}

#[test]
fn every_label_built_from_the_procedure_is_in_both_languages() {
    // `format!("status-{}", status.as_str())` and the like.
    let mut ids = Vec::new();
    for s in Status::ALL {
        ids.push(format!("status-{}", s.as_str()));
        ids.push(format!("next-{}", s.as_str()));
    }
    for r in Role::ALL {
        ids.push(format!("role-{}", r.as_str()));
    }
    for stage in [
        "with_csm",
        "escalated",
        "solution_returned",
        "awaiting_repair",
        "linked_to_incident",
        "repaired",
        "resolved",
        "closed",
        "cancelled",
    ] {
        let parsed = Stage::from_parts(stage, "cor");
        assert!(parsed.is_ok(), "{stage} is a stage");
        ids.push(format!("stage-{stage}"));
    }
    for action in [
        "start_work",
        "resolve",
        "classify_point_fault",
        "escalate",
        "return_solution",
        "certify_repair",
        "link_to_incident",
        "unlink_from_incident",
        "resolve_with_incident",
        "resolve_incident",
        "reject_resolution",
        "close",
        "cancel",
    ] {
        ids.push(format!("action-{action}"));
    }
    // What pages show for the other codes (`Tr::label`).
    ids.push("action-open".to_owned());
    ids.push("action-edit_facts".to_owned());
    ids.extend((0..7).map(|d| format!("weekday-{d}")));
    for condition in ["unresolved", "not_taken"] {
        ids.push(format!("esc-{condition}"));
    }
    ids.extend(
        Channel::ALL
            .iter()
            .map(|c| format!("channel-{}", c.as_str())),
    );
    ids.extend(
        Severity::ALL
            .iter()
            .map(|s| format!("severity-{}", s.as_str())),
    );
    ids.extend(
        AppointmentStatus::ALL
            .iter()
            .map(|a| format!("appointment-{}", a.as_str())),
    );
    ids.extend(
        WorkState::ALL
            .iter()
            .map(|w| format!("work-{}", w.as_str())),
    );
    for state in ["pending", "sent", "dead", "logged"] {
        ids.push(format!("delivery-{state}"));
    }
    for channel in ["email", "sms", "webhook"] {
        ids.push(format!("sent-{channel}"));
    }
    for step in [
        "start_work",
        "resolve",
        "classify_point_fault",
        "escalate",
        "return_solution",
        "certify_repair",
        "reject_resolution",
        "close",
        "cancel",
        "note",
        "edit_facts",
    ] {
        ids.push(format!("done-{step}"));
    }
    for action in ["cancel", "close", "reject_resolution"] {
        ids.push(format!("confirm-{action}"));
    }
    assert_eq!(missing(ids), Vec::<String>::new());
}

#[test]
fn every_error_code_has_a_refusal_in_both_languages() {
    // The codes the services, the domain and the HTTP layer refuse with:
    // `invalid("code"`, `clash("code"`, `code: "code"`, and the literals of
    // `ServiceError::code` and `ValueError::code`.
    let root = root();
    let mut codes = BTreeSet::new();
    let is_code = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let mut sources = files(&root.join("crates/services/src"), &[".rs"]);
    sources.extend(files(&root.join("crates/server/src/ui"), &[".rs"]));
    sources.push(root.join("crates/domain/src/values.rs"));
    for path in &sources {
        let text = std::fs::read_to_string(path).unwrap();
        let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for call in [
            "invalid( \"",
            "invalid(\"",
            "clash( \"",
            "clash(\"",
            "code: \"",
        ] {
            for rest in squeezed.split(call).skip(1) {
                let code = &rest[..rest.find('"').unwrap_or(0)];
                if is_code(code) {
                    codes.insert(code.to_owned());
                }
            }
        }
        for marker in ["pub fn code(&self) -> &'static str {"] {
            if let Some((_, body)) = text.split_once(marker) {
                let body = &body[..body.find("\n    }\n").unwrap_or(body.len())];
                codes.extend(
                    literals(body)
                        .into_iter()
                        .filter(|c| is_code(c))
                        .map(str::to_owned),
                );
            }
        }
    }
    assert!(codes.len() > 90, "only {} codes found", codes.len());
    for expected in [
        "slot_full",
        "stale_version",
        "invalid_msisdn",
        "illegal_transition",
    ] {
        assert!(
            codes.contains(expected),
            "{expected} not found in the sources"
        );
    }
    assert_eq!(
        missing(codes.into_iter().map(|c| format!("refusal-{c}"))),
        Vec::<String>::new()
    );
}

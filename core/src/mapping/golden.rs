//! Golden files: `tests/golden/mapping/NAME.case.json` names a document and
//! the mapping options, `NAME.golden.json` is what `map_task` answers,
//! pretty JSON compared exactly. `UPDATE_GOLDEN=1 cargo test -p
//! scalepoint-core mapping` rewrites them; review the diff. The end-to-end
//! tests (tests/tests/mapping.rs) hold the built component to the same files.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{map_task, MappingError, MappingOptions, WorkOrder};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The spec clauses the case shows.
    #[allow(dead_code)]
    spec: String,
    /// The task document, relative to the repository root.
    document: String,
    #[serde(default)]
    options: MappingOptions,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn golden_dir() -> PathBuf {
    root().join("tests/golden/mapping")
}

/// What a mapping answers, as the golden file holds it: `{"workOrders":
/// [...]}` or `{"error": {...}}`, keys in the order of the structs.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum Answer {
    WorkOrders(Vec<WorkOrder>),
    Error(MappingError),
}

fn answer(case: &Case) -> Answer {
    let document = std::fs::read(root().join(&case.document))
        .unwrap_or_else(|e| panic!("{}: {e}", case.document));
    match map_task(&document, &case.options) {
        Ok(orders) => Answer::WorkOrders(orders),
        Err(error) => Answer::Error(error),
    }
}

/// Every case, by name, in name order.
fn cases() -> Vec<(String, Case)> {
    let mut names: Vec<String> = std::fs::read_dir(golden_dir())
        .expect("tests/golden/mapping")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".case.json").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "golden cases: {names:?}");
    names
        .into_iter()
        .map(|name| {
            let case_path = golden_dir().join(format!("{name}.case.json"));
            let case = serde_json::from_slice(&std::fs::read(&case_path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", case_path.display()));
            (name, case)
        })
        .collect()
}

#[test]
fn mappings_match_their_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (name, case) in cases() {
        let text = serde_json::to_string_pretty(&answer(&case)).unwrap() + "\n";
        let golden = golden_dir().join(format!("{name}.golden.json"));
        if update {
            // Written whole then renamed: a reader never sees half a file.
            let partial = golden.with_extension("json.partial");
            std::fs::write(&partial, &text).unwrap();
            std::fs::rename(&partial, &golden).unwrap();
        } else if std::fs::read_to_string(&golden).ok().as_deref() != Some(text.as_str()) {
            failures.push(format!("{name}: differs from {}", golden.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nrerun with UPDATE_GOLDEN=1 and review the diff",
        failures.join("\n")
    );
}

/// A work order's `json` (and any answer) is written by the crate's own
/// serializer: it must be serde_json's text, byte for byte.
#[test]
fn every_answer_is_written_as_serde_json_writes_it() {
    for (name, case) in cases() {
        let answer = answer(&case);
        assert_eq!(
            crate::json::to_string(&answer).unwrap(),
            serde_json::to_string(&answer).unwrap(),
            "{name}"
        );
        if let Answer::WorkOrders(orders) = &answer {
            for order in orders {
                assert_eq!(
                    order.to_json(),
                    serde_json::to_string(order).unwrap(),
                    "{name}"
                );
            }
        }
    }
}

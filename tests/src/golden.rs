//! Golden files: readable expected outputs under `tests/golden/`, compared
//! exactly; `UPDATE_GOLDEN=1 cargo test` rewrites them for review in the diff.

use serde::Deserialize;

use crate::{read, repo_path};

/// One case of `tests/golden/mapping/`: a document, the mapping options it
/// is mapped with, and the spec text it illustrates.
#[derive(Deserialize)]
pub struct MappingCase {
    pub spec: String,
    pub document: String,
    #[serde(default)]
    pub options: scalepoint_core::MappingOptions,
}

/// `tests/golden/mapping/{name}.case.json`.
pub fn mapping_case(name: &str) -> MappingCase {
    serde_json::from_slice(&read(&format!("tests/golden/mapping/{name}.case.json")))
        .unwrap_or_else(|e| panic!("{name}.case.json: {e}"))
}

/// Compares `actual` with `tests/golden/{name}`.
pub fn assert_golden(name: &str, actual: &str) {
    let path = repo_path(&format!("tests/golden/{name}"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("golden dir")).expect("create golden dir");
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "{} differs from the golden file (UPDATE_GOLDEN=1 rewrites it):\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

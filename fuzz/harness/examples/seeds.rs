//! Writes the starting corpus and a dictionary per fuzz target from the
//! repository's documents (examples/, tests/fixtures/, tests/golden/mapping/)
//! and schemas (schemas/): `cargo run -p scalepoint-fuzz-harness --example
//! seeds -- target/fuzz/seeds`. FUZZING.md says how the two are used.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use scalepoint_fuzz_harness::{seed, Target};
use serde_json::Value;

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative)
}

fn json(relative: &str) -> Value {
    serde_json::from_slice(&fs::read(repo(relative)).unwrap()).unwrap()
}

fn files(dir: &str, suffix: &str) -> Vec<Vec<u8>> {
    let mut names: Vec<_> = fs::read_dir(repo(dir))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    names.sort();
    names.iter().map(|p| fs::read(p).unwrap()).collect()
}

/// The documents of `kind` among the fixture rows, as JSON text.
fn fixture_rows(kind: &str) -> Vec<Vec<u8>> {
    let rows = json("tests/fixtures/documents.json");
    rows.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == kind)
        .map(|r| serde_json::to_vec_pretty(&r["document"]).unwrap())
        .collect()
}

fn documents(target: Target) -> Vec<Vec<u8>> {
    let read = |f: &str| fs::read(repo(f)).unwrap();
    let mut docs = match target {
        Target::ValidateCase => {
            let mut docs: Vec<_> = files("examples/case", ".json")
                .into_iter()
                .map(|d| seed(target, &d))
                .collect();
            for row in json("tests/fixtures/case-rules.json").as_array().unwrap() {
                // The product byte: 1 + its place in CaseInput's list.
                let products = [
                    "hub-property",
                    "hub-motor",
                    "hub-health",
                    "claimshop",
                    "ecx",
                    "subrogation",
                ];
                let byte = row["product"]
                    .as_str()
                    .and_then(|p| products.iter().position(|q| *q == p))
                    .map_or(0, |i| i as u8 + 1);
                let mut bytes = vec![byte];
                bytes.extend(serde_json::to_vec_pretty(&row["document"]).unwrap());
                docs.push(bytes);
            }
            return docs;
        }
        Target::ValidateTask | Target::MapTask => {
            let mut d = vec![read("examples/task-b1.json")];
            d.extend(files("tests/golden/mapping", ".task.json"));
            d.extend(fixture_rows("task"));
            d
        }
        Target::ValidateFeedback => {
            let mut d = files("examples", ".json");
            d.retain(|f| String::from_utf8_lossy(f).contains("servicePartner"));
            d.push(read("tests/fixtures/feedback-a1-uncommented.json"));
            d.extend(fixture_rows("feedback"));
            d
        }
        Target::CheckInvoice => {
            let mut d = vec![read("tests/fixtures/feedback-a1-uncommented.json")];
            d.extend(fixture_rows("feedback"));
            d.iter()
                .filter_map(|f| serde_json::from_slice::<Value>(f).ok())
                .filter(|v| v["invoice"].is_object())
                .map(|v| serde_json::to_vec_pretty(&v["invoice"]).unwrap())
                .collect()
        }
        Target::ValidateStatusMessage => {
            let mut d = vec![read("examples/status-message-c1.json")];
            d.extend(fixture_rows("status-message"));
            d
        }
        Target::ValidateTextMessage => {
            let mut d = vec![read("examples/text-message-d1.json")];
            d.extend(fixture_rows("text-message"));
            d
        }
        Target::ValidateStatusUpdate | Target::BuildFeedback => Vec::new(),
    };
    docs.iter_mut().for_each(|d| *d = seed(target, d));
    docs
}

/// Every property name and enum string of the schemas a target reads.
fn dictionary(target: Target) -> BTreeSet<String> {
    let schemas: &[&str] = match target {
        Target::ValidateCase => &["case"],
        Target::ValidateTask | Target::MapTask => &["task"],
        Target::ValidateFeedback | Target::CheckInvoice => &["feedback"],
        Target::ValidateStatusMessage => &["status-message"],
        Target::ValidateTextMessage => &["text-message"],
        Target::ValidateStatusUpdate | Target::BuildFeedback => &[],
    };
    let mut words = BTreeSet::new();
    for name in schemas {
        collect(&json(&format!("schemas/{name}.schema.json")), &mut words);
    }
    words
}

fn collect(schema: &Value, words: &mut BTreeSet<String>) {
    match schema {
        Value::Object(o) => {
            for (key, value) in o {
                if key == "properties" || key == "definitions" {
                    if let Value::Object(p) = value {
                        words.extend(p.keys().map(|k| format!("\"{k}\":")));
                    }
                }
                if key == "enum" || key == "const" {
                    for v in value.as_array().into_iter().flatten().chain([value]) {
                        if let Value::String(s) = v {
                            words.insert(format!("\"{s}\""));
                        }
                    }
                }
                collect(value, words);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect(v, words)),
        _ => {}
    }
}

/// libFuzzer's dictionary syntax: one quoted entry a line, `"` and `\` escaped.
fn dict_line(word: &str) -> String {
    let escaped: String = word
        .bytes()
        .map(|b| match b {
            b'"' | b'\\' => format!("\\{}", b as char),
            0x20..=0x7e => (b as char).to_string(),
            _ => format!("\\x{b:02X}"),
        })
        .collect();
    format!("\"{escaped}\"\n")
}

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: seeds OUT_DIR"));
    for target in Target::ALL {
        let dir = out.join(target.name());
        fs::create_dir_all(&dir).unwrap();
        let docs = documents(target);
        for (i, doc) in docs.iter().enumerate() {
            fs::write(dir.join(format!("seed-{i:03}")), doc).unwrap();
        }
        let words = dictionary(target);
        let dict: String = words.iter().map(|w| dict_line(w)).collect();
        fs::write(out.join(format!("{}.dict", target.name())), dict).unwrap();
        println!(
            "{}: {} seeds, {} words",
            target.name(),
            docs.len(),
            words.len()
        );
    }
}

//! Drives `tests/fixtures/case-rules.json` (the table the end-to-end tests
//! share) and `examples/case/` through `validate_case`, schema and rules
//! together, exactly as a host calls it.

use std::collections::BTreeSet;

use scalepoint_core::{validate_case, CaseOptions, Product, Report};
use serde::Deserialize;
use serde_json::Value;

const FIXTURES: &str = include_str!("../../tests/fixtures/case-rules.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    spec: String,
    product: Option<String>,
    document: Value,
    valid: bool,
    expect: Vec<Expected>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Expected {
    code: String,
    path: String,
}

fn entries() -> Vec<Entry> {
    serde_json::from_str(FIXTURES)
        .expect("tests/fixtures/case-rules.json is a JSON array of entries")
}

fn run(document: &Value, product: Option<Product>) -> Report {
    let bytes = serde_json::to_vec(document).expect("a JSON value serialises");
    validate_case(&bytes, &CaseOptions { product })
}

/// (code, path) of every issue found, errors and warnings alike.
fn found(report: &Report) -> BTreeSet<(String, String)> {
    report
        .issues
        .iter()
        .map(|i| (i.code.to_string(), i.path.clone()))
        .collect()
}

/// What is wrong with one entry, if anything.
fn judge(entry: &Entry) -> Option<String> {
    let product = match entry.product.as_deref().map(str::parse::<Product>) {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(e)) => return Some(e.to_string()),
    };
    let report = run(&entry.document, product);
    let expected: BTreeSet<(String, String)> = entry
        .expect
        .iter()
        .map(|e| (e.code.clone(), e.path.clone()))
        .collect();
    let found = found(&report);
    if report.valid == entry.valid && found == expected {
        return None;
    }
    let missing: Vec<_> = expected.difference(&found).collect();
    let unexpected: Vec<_> = report
        .issues
        .iter()
        .filter(|i| !expected.contains(&(i.code.to_string(), i.path.clone())))
        .map(|i| format!("{:?} {} {}: {}", i.severity, i.code, i.path, i.message))
        .collect();
    Some(format!(
        "valid {} (expected {}); missing {missing:?}; unexpected {unexpected:#?}",
        report.valid, entry.valid
    ))
}

#[test]
fn every_fixture_gives_exactly_its_expected_issues() {
    let failures: Vec<String> = entries()
        .iter()
        .filter_map(|e| judge(e).map(|why| format!("{} ({}): {why}", e.name, e.spec)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixtures_are_well_formed() {
    let entries = entries();
    let mut names = BTreeSet::new();
    for e in &entries {
        assert!(
            names.insert(e.name.as_str()),
            "duplicate fixture name {}",
            e.name
        );
        assert!(
            e.spec.starts_with("seed 001"),
            "{}: spec must quote seed 001",
            e.name
        );
        assert!(
            e.document.is_object(),
            "{}: document must be an object",
            e.name
        );
        // Valid exactly when every expected issue is a warning.
        let only_warnings = e.expect.iter().all(|x| is_warning_code(&x.code));
        assert_eq!(
            e.valid, only_warnings,
            "{}: valid flag disagrees with its expected codes",
            e.name
        );
    }
    // Every rule has a passing and a failing document, so both kinds exist.
    assert!(entries.iter().any(|e| e.valid) && entries.iter().any(|e| !e.valid));
}

/// The codes that are only ever warnings.
fn is_warning_code(code: &str) -> bool {
    use scalepoint_core::case::issue_codes as c;
    [
        c::DEDUCTIBLE_BOUND_WITHOUT_PERCENTAGE,
        c::DEDUCTIBLE_CONDITIONAL_WITHOUT_ITEM_VALUE,
        c::AUTO_COMPLETE_WITHOUT_CASE_OWNER,
        c::DEPRECATED_EXTRA_MODIFIER,
        c::UNSUPPORTED_BBCODE_TAG,
        c::LOSS_SUBTYPE_MISMATCH,
        c::FIELD_NOT_USED_BY_PRODUCT,
        c::VALUE_NOT_USED_BY_PRODUCT,
    ]
    .contains(&code)
}

#[test]
fn every_case_rule_code_has_a_fixture() {
    let covered: BTreeSet<String> = entries()
        .into_iter()
        .flat_map(|e| e.expect)
        .map(|x| x.code)
        .collect();
    let uncovered: Vec<&str> = scalepoint_core::case::issue_codes::ALL
        .iter()
        .copied()
        .filter(|c| !covered.contains(*c))
        .collect();
    assert!(
        uncovered.is_empty(),
        "codes without a failing fixture: {uncovered:?}"
    );
}

fn example(name: &str) -> Value {
    let path = format!("{}/../examples/case/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An example must pass with no issue at all, not even a warning.
fn assert_clean(name: &str, product: Option<Product>) {
    let report = run(&example(name), product);
    assert!(
        report.valid && report.issues.is_empty(),
        "{name}: {:#?}",
        report.issues
    );
}

#[test]
fn the_spec_simplest_example_is_valid() {
    // seed 001 "Create Case Request": the simplest create case request data.
    assert_clean("simplest.json", None);
}

#[test]
fn the_rich_examples_are_valid_for_their_products() {
    // seed 001 Appendix A: every field of the examples, for the product that uses it.
    assert_clean("hub-property-full.json", Some(Product::HubProperty));
    assert_clean("hub-health.json", Some(Product::HubHealth));
    assert_clean("claimshop-self-service.json", Some(Product::ClaimShop));
}

#[test]
fn the_invalid_deductible_example_is_refused() {
    // seed 001 Appendix A, policy.deductible: value excludes percentage and conditionalItemValue;
    // conditionalItemsCount is a positive integer.
    let report = run(
        &example("invalid-deductible.json"),
        Some(Product::HubProperty),
    );
    let expected: BTreeSet<(String, String)> = [
        ("deductible-value-and-percentage", "/policy/deductible"),
        (
            "deductible-value-and-conditional-item-value",
            "/policy/deductible",
        ),
        ("out-of-range", "/policy/deductible/conditionalItemsCount"),
    ]
    .into_iter()
    .map(|(c, p)| (c.to_string(), p.to_string()))
    .collect();
    assert!(!report.valid);
    assert_eq!(found(&report), expected, "{:#?}", report.issues);
}

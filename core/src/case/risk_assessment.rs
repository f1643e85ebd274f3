//! Seed 001 Appendix A, Risk Assessment: riskAssessment.buildings[].coverages[].
//! "name: Must be one of the names listed in riskAssessment.additionalCoverages[]";
//! "value: Must have the same type as corresponding type listed in
//! riskAssessment.additionalCoverages[]".

use std::collections::BTreeMap;

use crate::json::Value;

use crate::report::{pointer_child, Issue};

use super::fields::{elements, select, text_of};
use super::issue_codes as codes;
use super::Case;

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    let declared = declared_coverages(case.doc);
    for (at, coverage) in select(case.doc, "/riskAssessment/buildings/*/coverages/*") {
        let Some(name) = coverage.get("name").and_then(Value::as_str) else {
            continue;
        };
        match declared.get(name) {
            None => issues.push(unknown(&at, name, &declared)),
            Some(kind) => {
                if let Some(value) = coverage.get("value").filter(|v| !has_type(v, kind)) {
                    issues.push(Issue::error(
                        pointer_child(&at, "value"),
                        codes::BUILDING_COVERAGE_TYPE_MISMATCH,
                        format!(
                            "coverage {name:?} is declared of type {kind} in riskAssessment.additionalCoverages, \
                             but its value is {}",
                            crate::schema::describe(value)
                        ),
                    ))
                }
            }
        }
    }
}

/// additionalCoverages[] by name, with their declared type ("" when the
/// declaration's type is missing or wrong: the schema reports that, and any
/// value is then accepted). A BTreeMap: the keys are the document's, and
/// std's HashMap keys are fixed in the pre-initialised component (see
/// `scalepoint-preinit`), so crafted names could collide in one.
fn declared_coverages<'a>(doc: &'a Value<'a>) -> BTreeMap<&'a str, &'a str> {
    elements(doc, "/riskAssessment/additionalCoverages")
        .into_iter()
        .filter_map(|(_, c)| Some((c.get("name")?.as_str()?, text_of(c, "type").unwrap_or(""))))
        .collect()
}

fn has_type(value: &Value, kind: &str) -> bool {
    match kind {
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        _ => true,
    }
}

fn unknown(at: &str, name: &str, declared: &BTreeMap<&str, &str>) -> Issue {
    // A BTreeMap's keys come sorted.
    let names: Vec<&str> = declared.keys().copied().collect();
    let listed = if names.is_empty() {
        "none are listed".to_string()
    } else {
        format!("listed: {}", names.join(", "))
    };
    Issue::error(
        pointer_child(at, "name"),
        codes::UNKNOWN_BUILDING_COVERAGE,
        format!(
            "coverage {name:?} is not one of riskAssessment.additionalCoverages[].name ({listed})"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::{json, Value};

    fn assessment(coverages: Value) -> Value {
        case_with(json!({
            "caseType": "buildingRiskAssessment",
            "riskAssessment": {
                "additionalCoverages": [
                    {"name": "Solar panels", "type": "boolean"},
                    {"name": "Pool", "type": "number"},
                    {"name": "Note", "type": "string"}
                ],
                "buildings": [{"name": "Main house", "coverages": coverages}]
            }
        }))
    }

    #[test]
    fn building_coverages_name_a_declared_coverage() {
        // seed 001 Appendix A, riskAssessment.buildings[].coverages[].name: one of additionalCoverages[].name.
        let doc = assessment(
            json!([{"name": "Solar panels", "value": true}, {"name": "Garage", "value": true}]),
        );
        assert_eq!(
            found(&doc, None),
            [error(
                "/riskAssessment/buildings/0/coverages/1/name",
                codes::UNKNOWN_BUILDING_COVERAGE
            )]
        );
    }

    #[test]
    fn building_coverage_values_have_the_declared_type() {
        // seed 001 Appendix A, riskAssessment.buildings[].coverages[].value: same type as declared.
        let doc = assessment(json!([
            {"name": "Solar panels", "value": "yes"},
            {"name": "Pool", "value": 25.5},
            {"name": "Note", "value": 3},
            {"name": "Pool"}
        ]));
        assert_eq!(
            found(&doc, None),
            [
                error(
                    "/riskAssessment/buildings/0/coverages/0/value",
                    codes::BUILDING_COVERAGE_TYPE_MISMATCH
                ),
                error(
                    "/riskAssessment/buildings/0/coverages/2/value",
                    codes::BUILDING_COVERAGE_TYPE_MISMATCH
                ),
            ]
        );
    }
}

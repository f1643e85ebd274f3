//! Seed 001 Appendix F, descriptive content (policy.data): `properties` is an
//! object of named properties or an array of properties; each property has a
//! `title` and either a `value` (with an optional `formattedValue`) or nested
//! `properties`. The schema checks the top level (our engine has no schema
//! for "every member of an object"); here: every property, at any depth.

use crate::json::Value;

use crate::report::{pointer_child, pointer_index, Issue};

use super::fields::text_of;
use super::issue_codes as codes;
use super::Case;

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    if let Some(properties) = case.field("/policy/data/properties").value() {
        // Its type (object or array) is the schema's to report.
        members(properties, "/policy/data/properties", issues);
    }
}

/// Each member of a `properties` object or array.
fn members(properties: &Value, at: &str, issues: &mut Vec<Issue>) {
    match properties {
        Value::Object(map) => {
            for (name, property) in map {
                one(property, &pointer_child(at, name), issues);
            }
        }
        Value::Array(items) => {
            for (i, property) in items.iter().enumerate() {
                one(property, &pointer_index(at, i), issues);
            }
        }
        _ => {}
    }
}

fn one(property: &Value, at: &str, issues: &mut Vec<Issue>) {
    let Value::Object(map) = property else {
        issues.push(invalid(
            at,
            "a descriptive property must be an object with a title",
        ));
        return;
    };
    if text_of(property, "title").is_none() {
        issues.push(Issue::error(
            pointer_child(at, "title"),
            codes::DESCRIPTIVE_PROPERTY_TITLE_MISSING,
            "a descriptive property needs a title (seed 001, Appendix F)",
        ));
    }
    if map.get("formattedValue").is_some_and(|v| !v.is_string()) {
        issues.push(invalid(
            &pointer_child(at, "formattedValue"),
            "formattedValue must be a string",
        ));
    }
    match map.get("properties") {
        Some(nested @ (Value::Object(_) | Value::Array(_))) => {
            members(nested, &pointer_child(at, "properties"), issues)
        }
        Some(_) => issues.push(invalid(
            &pointer_child(at, "properties"),
            "nested properties must be an object or an array",
        )),
        None if !map.contains_key("value") => issues.push(Issue::error(
            at,
            codes::DESCRIPTIVE_PROPERTY_VALUE_MISSING,
            "a descriptive property needs a value or nested properties (seed 001, Appendix F)",
        )),
        None => {}
    }
}

fn invalid(at: &str, message: &str) -> Issue {
    Issue::error(at, codes::DESCRIPTIVE_PROPERTY_INVALID, message)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::{json, Value};

    fn with(data: Value) -> Value {
        case_with(json!({"policy": {"number": "1", "data": data}}))
    }

    #[test]
    fn the_appendix_f_examples_pass() {
        // seed 001 Appendix F: both examples.
        let flat = json!({"properties": {"deductible": {"title": "Deductible", "value": 5000.57, "formattedValue": "5,000.57 kr."}}});
        let nested = json!({
            "title": "Deductible section",
            "properties": {
                "deductibleHistory": {"title": "Deductible history", "value": "No"},
                "selfRisk": {"title": "Self risk", "properties": {
                    "deductible": {"title": "Deductible", "value": 5000.57, "formattedValue": "5,000.57 kr."}
                }}
            }
        });
        let array =
            json!({"properties": [{"title": "A", "value": 1}, {"title": "B", "properties": []}]});
        for data in [flat, nested, array] {
            assert_eq!(found(&with(data), None), []);
        }
    }

    #[test]
    fn properties_need_title_and_value_or_properties() {
        // seed 001 Appendix F: properties[].title and properties[].value "Yes" required.
        let data = json!({"properties": {"a": {"value": 1}, "b": {"title": "B"}, "c": 3,
            "d": {"title": "D", "properties": {"e": {"title": "E"}}}}});
        assert_eq!(
            found(&with(data), None),
            [
                error(
                    "/policy/data/properties/a/title",
                    codes::DESCRIPTIVE_PROPERTY_TITLE_MISSING
                ),
                error(
                    "/policy/data/properties/b",
                    codes::DESCRIPTIVE_PROPERTY_VALUE_MISSING
                ),
                error(
                    "/policy/data/properties/c",
                    codes::DESCRIPTIVE_PROPERTY_INVALID
                ),
                error(
                    "/policy/data/properties/d/properties/e",
                    codes::DESCRIPTIVE_PROPERTY_VALUE_MISSING
                ),
            ]
        );
    }
}

//! Seed 001 Appendix A, AssignTo (and Appendices G and I). The schema checks
//! the role and service type lists and that every service has a type; here:
//! what each role needs besides.

use crate::json::Value;

use crate::report::Issue;

use super::fields::{elements, text_of};
use super::issue_codes as codes;
use super::Case;

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    for (at, assignment) in elements(case.doc, "/assignTo") {
        let has_email = text_of(assignment, "email").is_some();
        match text_of(assignment, "role") {
            // "Field "email" or "autoAssign" will be required as well."
            Some("caseOwner") if !has_email && !auto_assigns(assignment) => {
                issues.push(Issue::error(
                    at,
                    codes::CASE_OWNER_NEEDS_EMAIL_OR_AUTO_ASSIGN,
                    "a caseOwner assignment needs an email, or autoAssign set to true",
                ))
            }
            // "The field: "email" will then be used to specify an email of the external craftsman."
            Some("externalCraftsman") if !has_email => issues.push(Issue::error(
                at,
                codes::EXTERNAL_CRAFTSMAN_NEEDS_EMAIL,
                "an externalCraftsman assignment needs the craftsman's email",
            )),
            _ => {}
        }
    }
}

fn auto_assigns(assignment: &Value) -> bool {
    assignment.get("autoAssign").and_then(Value::as_bool) == Some(true)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::{json, Value};

    fn with(assign_to: Value) -> Value {
        case_with(json!({"assignTo": assign_to}))
    }

    #[test]
    fn the_spec_assign_to_examples_pass() {
        // seed 001 Appendix A AssignTo format example, Appendix G and Appendix I.
        let doc = with(json!([
            {"role": "caseOwner", "email": "user@abcinsurance.dk"},
            {"services": [{"type": "vehicleRepair"}], "id": "12345-3445-AD45-3445-AD45"},
            {"role": "networkCraftsman", "autoAssign": true, "services": [
                {"type": "buildingRepair", "allowToStartRepairImmediately": true, "repairAllowanceLimit": 11111},
                {"type": "buildingInspection"}
            ]}
        ]));
        assert_eq!(found(&doc, None), []);
    }

    #[test]
    fn case_owner_needs_email_or_auto_assign() {
        // seed 001 Appendix A, AssignTo caseOwner: "Field email or autoAssign will be required as well."
        let doc = with(
            json!([{"role": "caseOwner"}, {"role": "caseOwner", "autoAssign": false}, {"role": "caseOwner", "autoAssign": true}]),
        );
        assert_eq!(
            found(&doc, None),
            [
                error("/assignTo/0", codes::CASE_OWNER_NEEDS_EMAIL_OR_AUTO_ASSIGN),
                error("/assignTo/1", codes::CASE_OWNER_NEEDS_EMAIL_OR_AUTO_ASSIGN)
            ]
        );
    }

    #[test]
    fn external_craftsman_needs_email() {
        // seed 001 Appendix A, AssignTo externalCraftsman: "The field email will then be used".
        let doc = with(json!([{"role": "externalCraftsman", "damageExtent": "Roof"}]));
        assert_eq!(
            found(&doc, None),
            [error("/assignTo/0", codes::EXTERNAL_CRAFTSMAN_NEEDS_EMAIL)]
        );
    }
}

//! Seed 001 Appendix A, Integration options: what autoCompleteCreation and
//! startSelfService need to work.

use crate::json::Value;

use crate::report::Issue;

use super::fields::{elements, text_of, Field};
use super::formats::{is_email, is_mobile};
use super::issue_codes as codes;
use super::Case;

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    if is_on(case, "/integrationOptions/autoCompleteCreation") {
        auto_complete(case, issues);
    }
    if is_on(case, "/integrationOptions/startSelfService") {
        self_service(case, issues);
    }
}

fn is_on(case: &Case, pointer: &str) -> bool {
    case.field(pointer).value().and_then(Value::as_bool) == Some(true)
}

/// "Using this option requires that assignTo is also filled out." Appendix G
/// fills it with a caseOwner, whom the role table marks "Required: Yes"; yet
/// Appendix I assigns a craftsman alone, so a missing caseOwner is only a
/// warning.
fn auto_complete(case: &Case, issues: &mut Vec<Issue>) {
    let assignments = match case.field("/assignTo") {
        Field::Present(Value::Array(items)) => items,
        Field::Absent | Field::Present(Value::Null) => &Vec::new(),
        _ => return,
    };
    if assignments.is_empty() {
        issues.push(Issue::error(
            "/integrationOptions/autoCompleteCreation",
            codes::AUTO_COMPLETE_NEEDS_ASSIGN_TO,
            "autoCompleteCreation requires assignTo to be filled out (seed 001, Integration options)",
        ));
        return;
    }
    let has_owner = elements(case.doc, "/assignTo")
        .iter()
        .any(|(_, a)| text_of(a, "role") == Some("caseOwner"));
    if !has_owner {
        issues.push(Issue::warning(
            "/assignTo",
            codes::AUTO_COMPLETE_WITHOUT_CASE_OWNER,
            "autoCompleteCreation without a caseOwner in assignTo: Scalepoint may not find a case owner \
             to complete the case with (see Appendix G)",
        ));
    }
}

type Validator = fn(&str) -> bool;

/// The customer's contact details a self-service invitation goes to.
const SELF_SERVICE_CONTACTS: &[(&str, &str, Validator)] = &[
    ("/customer/mobile", "mobile number", is_mobile),
    ("/customer/email", "e-mail address", is_email),
];

/// "Using this option requires that customer.mobile and customer.email are
/// filled out and valid": the invitation goes out by e-mail and SMS.
fn self_service(case: &Case, issues: &mut Vec<Issue>) {
    for &(pointer, what, valid) in SELF_SERVICE_CONTACTS {
        // Another type (null included) is the schema's wrong-type.
        let field = case.field(pointer);
        let problem = match field.text() {
            _ if field.is_missing() => Some("is missing its"),
            Some(s) if !valid(s) => Some("is not a valid"),
            _ => None,
        };
        if let Some(problem) = problem {
            issues.push(Issue::error(
                pointer,
                codes::SELF_SERVICE_NEEDS_CONTACT_DETAILS,
                format!(
                    "startSelfService sends the customer an invitation by e-mail and SMS, but the customer \
                     {problem} {what} (customer.{})",
                    pointer.rsplit('/').next().unwrap_or_default()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn auto_complete_needs_assign_to() {
        // seed 001 Appendix A, Integration options: autoCompleteCreation requires assignTo.
        for assign in [json!(null), json!([])] {
            let doc = case_with(
                json!({"integrationOptions": {"autoCompleteCreation": true}, "assignTo": assign}),
            );
            assert_eq!(
                found(&doc, None),
                [error(
                    "/integrationOptions/autoCompleteCreation",
                    codes::AUTO_COMPLETE_NEEDS_ASSIGN_TO
                )]
            );
        }
        let doc = case_with(json!({"integrationOptions": {"autoCompleteCreation": false}}));
        assert_eq!(found(&doc, None), []);
    }

    #[test]
    fn auto_complete_with_appendix_g_assignments_passes() {
        // seed 001 Appendix G: autoCompleteCreation with a service provider and a caseOwner.
        let doc = case_with(json!({
            "integrationOptions": {"autoCompleteCreation": true},
            "assignTo": [
                {"services": [{"type": "vehicleRepair"}], "id": "12345-3445-AD45-3445-AD45"},
                {"role": "caseOwner", "email": "john@doe.com"}
            ]
        }));
        assert_eq!(found(&doc, None), []);
    }

    #[test]
    fn auto_complete_without_case_owner_is_a_warning() {
        // seed 001 Appendix A, AssignTo: caseOwner "Required: Yes"; Appendix I has none.
        let doc = case_with(json!({
            "integrationOptions": {"autoCompleteCreation": true},
            "assignTo": [{"role": "networkCraftsman", "autoAssign": true}]
        }));
        assert_eq!(
            found(&doc, None),
            [warning(
                "/assignTo",
                codes::AUTO_COMPLETE_WITHOUT_CASE_OWNER
            )]
        );
    }

    #[test]
    fn self_service_needs_valid_mobile_and_email() {
        // seed 001 Appendix A, Integration options: startSelfService requires customer.mobile and customer.email, valid.
        let on = json!({"startSelfService": true});
        let doc = case_with(
            json!({"integrationOptions": on, "customer": {"mobile": "+45-1234", "email": " "}}),
        );
        assert_eq!(
            found(&doc, None),
            [
                error(
                    "/customer/mobile",
                    codes::SELF_SERVICE_NEEDS_CONTACT_DETAILS
                ),
                error("/customer/email", codes::SELF_SERVICE_NEEDS_CONTACT_DETAILS)
            ]
        );
        let doc = case_with(
            json!({"integrationOptions": on, "customer": {"mobile": "+45 12 34 56 78", "email": "a@b.dk"}}),
        );
        assert_eq!(found(&doc, None), []);
        let doc = case_with(json!({"integrationOptions": on}));
        assert_eq!(found(&doc, None).len(), 2);
    }
}

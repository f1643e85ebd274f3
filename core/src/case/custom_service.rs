//! Seed 001 Appendix A, CustomService: "customService.id ... can be null if
//! would like to create new Service Partner, but email must be set". The
//! schema requires asigneeType (Internal/External).

use crate::json::Value;

use crate::report::Issue;

use super::fields::Field;
use super::issue_codes as codes;
use super::Case;

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    let Some(Value::Object(_)) = case.field("/customService").value() else {
        return;
    };
    let id_missing = match case.field("/customService/id") {
        Field::Absent | Field::Present(Value::Null) => true,
        Field::Present(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    };
    if id_missing && case.field("/customService/email").is_missing() {
        issues.push(Issue::error(
            "/customService/email",
            codes::CUSTOM_SERVICE_NEEDS_EMAIL,
            "customService has no id, so a new service partner is created and its email is required",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn the_spec_example_passes() {
        // seed 001 Appendix A, CustomService example: empty id with email.
        let doc = case_with(
            json!({"customService": {"id": "", "title": "Test", "asigneeType": "External", "email": "testservicepartner@example.com"}}),
        );
        assert_eq!(found(&doc, None), []);
    }

    #[test]
    fn email_required_without_id() {
        // seed 001 Appendix A, customService.email: "Use for new service partner when customService.id is not set".
        for id in [json!(null), json!(""), json!("  ")] {
            let doc = case_with(json!({"customService": {"id": id, "asigneeType": "Internal"}}));
            assert_eq!(
                found(&doc, None),
                [error(
                    "/customService/email",
                    codes::CUSTOM_SERVICE_NEEDS_EMAIL
                )]
            );
        }
        let doc = case_with(json!({"customService": {"id": "sp-17", "asigneeType": "Internal"}}));
        assert_eq!(found(&doc, None), []);
    }
}

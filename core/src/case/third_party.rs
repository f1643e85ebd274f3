//! Seed 001 Appendix A, Root: thirdPartyPolicies[].policyType. "If caseType =
//! privateMedicalInsuranceClaim and CVR 22656511 'Member of Sygesikring
//! Danmark' can be set by using the following values: 1, 2, 5, 5Surgery,
//! Basic, DontKnow" — a closed list for that one company.

use crate::report::{pointer_child, Issue};
use crate::schema::nearest;

use super::code_lists::{SYGESIKRING_DANMARK_CVR, SYGESIKRING_POLICY_TYPES};
use super::fields::elements;
use super::issue_codes as codes;
use super::Case;

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    if case.case_type() != Some("privateMedicalInsuranceClaim") {
        return;
    }
    for (at, policy) in elements(case.doc, "/thirdPartyPolicies") {
        let company = policy
            .get("companyCode")
            .and_then(|v| v.as_str())
            .map(str::trim);
        let policy_type = policy.get("policyType").and_then(|v| v.as_str());
        if let (Some(SYGESIKRING_DANMARK_CVR), Some(value)) = (company, policy_type) {
            if !SYGESIKRING_POLICY_TYPES.contains(&value) {
                issues.push(Issue::error(
                    pointer_child(&at, "policyType"),
                    codes::INVALID_SYGESIKRING_POLICY_TYPE,
                    message(value),
                ));
            }
        }
    }
}

fn message(value: &str) -> String {
    let hint = nearest(value, SYGESIKRING_POLICY_TYPES.iter().copied())
        .map(|s| format!(" Did you mean {s:?}?"))
        .unwrap_or_default();
    format!(
        "policyType {value:?} is not a Sygesikring Danmark (CVR {SYGESIKRING_DANMARK_CVR}) policy type; \
         allowed: {}.{hint}",
        SYGESIKRING_POLICY_TYPES.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::json;

    fn medical(policy_type: &str, company: &str) -> serde_json::Value {
        case_with(json!({
            "caseType": "privateMedicalInsuranceClaim",
            "thirdPartyPolicies": [{"companyCode": company, "name": "Sygesikring Danmark", "isMember": "yes", "policyType": policy_type}]
        }))
    }

    #[test]
    fn sygesikring_policy_types_are_a_closed_list() {
        // seed 001 Appendix A, Root: thirdPartyPolicies[].policyType for CVR 22656511.
        assert_eq!(found(&medical("5Surgery", "22656511"), None), []);
        assert_eq!(
            found(&medical("Gold", "22656511"), None),
            [error(
                "/thirdPartyPolicies/0/policyType",
                codes::INVALID_SYGESIKRING_POLICY_TYPE
            )]
        );
    }

    #[test]
    fn other_companies_and_case_types_are_free_text() {
        // seed 001 Appendix A, Root: the list applies only to CVR 22656511 on privateMedicalInsuranceClaim.
        assert_eq!(found(&medical("Gold", "12345678"), None), []);
        let mut doc = medical("Gold", "22656511");
        doc["caseType"] = json!("contentClaim");
        assert_eq!(found(&doc, None), []);
    }
}

//! Fields required only under a condition (seed 001 Appendix A): the schema
//! requires tenant, country, caseType and caseNumber; these depend on the
//! case type or the product.

use crate::product::Product::{self, *};
use crate::report::Issue;

use super::fields::spec_name;
use super::issue_codes as codes;
use super::Case;

/// Fields a product requires, as the Appendix A tables mark them
/// ("HUB Health required, ClaimShop required", "Yes for subrogation").
const REQUIRED_BY_PRODUCT: &[(&str, &[Product])] = &[
    ("/customer/firstName", &[HubHealth, ClaimShop]),
    ("/customer/lastName", &[HubHealth, ClaimShop]),
    ("/customer/address/street1", &[ClaimShop, HubHealth, Ecx]),
    ("/customer/address/postalCode", &[HubHealth]),
    ("/customer/address/city", &[HubHealth]),
    ("/accidentDate", &[Subrogation]),
    ("/case/accidentPlace", &[Subrogation]),
];

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    policy_number(case, issues);
    sub_case_type(case, issues);
    by_product(case, issues);
}

/// Appendix A, Policy: policy.number "HUB Motor, HUB Property, ClaimShop,
/// HUB Health, ECX Required; Subrogation optional". With no product named the
/// table's "Required: Yes" holds.
fn policy_number(case: &Case, issues: &mut Vec<Issue>) {
    if case.is_for(Subrogation) || !case.field("/policy/number").is_missing() {
        return;
    }
    let who = case
        .product
        .map_or("every product but Subrogation".to_string(), |p| {
            p.to_string()
        });
    issues.push(Issue::error(
        "/policy/number",
        codes::POLICY_NUMBER_REQUIRED,
        format!("policy.number is required (by {who})"),
    ));
}

/// Appendix A, Root: subCaseType, read with shared/README.md §7: required
/// only when caseType is insuranceClaim (the spec's simplest example has none).
fn sub_case_type(case: &Case, issues: &mut Vec<Issue>) {
    if case.case_type() == Some("insuranceClaim") && case.field("/subCaseType").is_missing() {
        issues.push(Issue::error(
            "/subCaseType",
            codes::SUB_CASE_TYPE_REQUIRED,
            "subCaseType is required when caseType is insuranceClaim, e.g. \"{tenant}.product.motor\"",
        ));
    }
}

fn by_product(case: &Case, issues: &mut Vec<Issue>) {
    let Some(product) = case.product else { return };
    for (pointer, products) in REQUIRED_BY_PRODUCT {
        if products.contains(&product) && case.field(pointer).is_missing() {
            issues.push(Issue::error(
                *pointer,
                codes::FIELD_REQUIRED_BY_PRODUCT,
                format!("{} is required by {product}", spec_name(pointer)),
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
    fn policy_number_required_except_subrogation() {
        // seed 001 Appendix A, Policy: policy.number required except Subrogation.
        let doc = case_with(json!({"policy": {}}));
        let missing = vec![error("/policy/number", codes::POLICY_NUMBER_REQUIRED)];
        assert_eq!(found(&doc, None), missing);
        assert_eq!(found(&doc, Some(HubMotor)), missing);
        let sub = case_with(
            json!({"policy": {}, "accidentDate": "2020-10-19", "case": {"accidentPlace": "Vejle"}}),
        );
        assert_eq!(found(&sub, Some(Subrogation)), []);
    }

    #[test]
    fn policy_number_blank_counts_as_missing_wrong_type_does_not() {
        // seed 001 Appendix A, Policy: policy.number required; a number is the schema's wrong-type.
        let blank = case_with(json!({"policy": {"number": "  "}}));
        assert_eq!(
            found(&blank, None),
            [error("/policy/number", codes::POLICY_NUMBER_REQUIRED)]
        );
        assert_eq!(
            found(&case_with(json!({"policy": {"number": 4405}})), None),
            []
        );
        assert_eq!(found(&case_with(json!({"policy": "4405"})), None), []);
    }

    #[test]
    fn sub_case_type_required_only_for_insurance_claim() {
        // seed 001 Appendix A, Root: subCaseType; shared/README.md §7.
        let doc = case_with(json!({"caseType": "insuranceClaim"}));
        assert_eq!(
            found(&doc, None),
            [error("/subCaseType", codes::SUB_CASE_TYPE_REQUIRED)]
        );
        let doc = case_with(
            json!({"caseType": "insuranceClaim", "subCaseType": "abcinsurance.product.motor"}),
        );
        assert_eq!(found(&doc, None), []);
    }

    #[test]
    fn hub_health_requires_name_and_full_address() {
        // seed 001 Appendix A, Customer: firstName, lastName, street1, postalCode, city "HUB Health required".
        let doc = case_with(json!({"customer": {"firstName": "Ann"}}));
        let paths: Vec<_> = found(&doc, Some(HubHealth))
            .into_iter()
            .map(|(_, _, p)| p)
            .collect();
        assert_eq!(
            paths,
            [
                "/customer/lastName",
                "/customer/address/street1",
                "/customer/address/postalCode",
                "/customer/address/city"
            ]
        );
    }

    #[test]
    fn subrogation_requires_accident_date_and_place() {
        // seed 001 Appendix A, Root accidentDate and Case accidentPlace: "Yes for subrogation".
        let doc = case_with(json!({}));
        assert_eq!(
            found(&doc, Some(Subrogation)),
            [
                error("/accidentDate", codes::FIELD_REQUIRED_BY_PRODUCT),
                error("/case/accidentPlace", codes::FIELD_REQUIRED_BY_PRODUCT)
            ]
        );
    }
}

//! Seed 001 Appendix A, Customer: customer.paymentDetails[].
//! registrationNumber and accountNumber "should be specified only if type is
//! bankAccount"; iban and swift "only if type is iban".

use crate::report::{pointer_child, Issue};

use super::fields::{elements, has_content};
use super::issue_codes as codes;
use super::Case;

/// Each account type with the fields that belong to it only.
const FIELDS_OF_TYPE: &[(&str, &[&str])] = &[
    ("bankAccount", &["registrationNumber", "accountNumber"]),
    ("iban", &["iban", "swift"]),
];

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    for (at, detail) in elements(case.doc, "/customer/paymentDetails") {
        let kind = detail.get("type");
        // A type outside the list is the schema's value-not-allowed; judging
        // its fields against it would only add noise.
        if kind.is_some_and(|k| !FIELDS_OF_TYPE.iter().any(|(t, _)| k.as_str() == Some(t))) {
            continue;
        }
        let kind = kind.and_then(|k| k.as_str());
        for (owner, fields) in FIELDS_OF_TYPE.iter().filter(|(t, _)| Some(*t) != kind) {
            for name in fields
                .iter()
                .filter(|f| detail.get(**f).is_some_and(has_content))
            {
                issues.push(Issue::error(
                    pointer_child(&at, name),
                    codes::PAYMENT_DETAIL_FIELD_FOR_OTHER_TYPE,
                    format!(
                        "{name} belongs to payment details of type {owner:?}, but this one's type is {}",
                        kind.map_or("not given".to_string(), |k| format!("{k:?}"))
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::json;

    fn with(details: serde_json::Value) -> serde_json::Value {
        case_with(json!({"customer": {"paymentDetails": details}}))
    }

    #[test]
    fn bank_account_and_iban_fields_stay_with_their_type() {
        // seed 001 Appendix A, customer.paymentDetails[]: registrationNumber/accountNumber only with bankAccount, iban/swift only with iban.
        let ok = with(json!([
            {"type": "bankAccount", "registrationNumber": "1234", "accountNumber": "0001234567"},
            {"type": "iban", "iban": "DK5000400440116243", "swift": "DABADKKK"}
        ]));
        assert_eq!(found(&ok, None), []);
        let mixed = with(json!([
            {"type": "iban", "iban": "DK5000400440116243", "accountNumber": "0001234567"},
            {"swift": "DABADKKK"}
        ]));
        assert_eq!(
            found(&mixed, None),
            [
                error(
                    "/customer/paymentDetails/0/accountNumber",
                    codes::PAYMENT_DETAIL_FIELD_FOR_OTHER_TYPE
                ),
                error(
                    "/customer/paymentDetails/1/swift",
                    codes::PAYMENT_DETAIL_FIELD_FOR_OTHER_TYPE
                ),
            ]
        );
    }

    #[test]
    fn an_unknown_type_is_left_to_the_schema() {
        // seed 001 Appendix A, paymentDetails[].type: allowed values bankAccount, iban (schema enum).
        assert_eq!(
            found(&with(json!([{"type": "IBAN", "iban": "DK50"}])), None),
            []
        );
    }
}

//! Seed 001 Appendix A, Contacts: "Either `firstName` and `lastName`, or
//! `name` should be specified".

use crate::json::Value;

use crate::report::Issue;

use super::fields::text_of;
use super::issue_codes as codes;
use super::Case;

const NAME_FIELDS: [&str; 3] = ["name", "firstName", "lastName"];

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    for (at, contact) in super::fields::elements(case.doc, "/contacts") {
        if !contact.is_object() || has_wrong_type(contact) || is_named(contact) {
            continue;
        }
        issues.push(Issue::error(
            at,
            codes::CONTACT_NAME_MISSING,
            "a contact needs either `name`, or both `firstName` and `lastName`",
        ));
    }
}

fn is_named(contact: &Value) -> bool {
    let has = |key| text_of(contact, key).is_some();
    has("name") || (has("firstName") && has("lastName"))
}

/// A name field of another type is the schema's wrong-type; skip the rule.
fn has_wrong_type(contact: &Value) -> bool {
    NAME_FIELDS
        .iter()
        .any(|k| contact.get(*k).is_some_and(|v| !v.is_string()))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn contacts_need_name_or_first_and_last_name() {
        // seed 001 Appendix A, Contacts: "Either firstName and lastName, or name should be specified".
        let doc = case_with(json!({"contacts": [
            {"name": "ABC Rør ApS"},
            {"firstName": "Jens", "lastName": "Hansen"},
            {"firstName": "Jens"},
            {"name": " ", "relation": "neighbour"},
            {"name": 5}
        ]}));
        assert_eq!(
            found(&doc, None),
            [
                error("/contacts/2", codes::CONTACT_NAME_MISSING),
                error("/contacts/3", codes::CONTACT_NAME_MISSING)
            ]
        );
    }
}

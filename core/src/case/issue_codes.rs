//! Issue codes of the case rules (stable API: hosts and tests match on them).
//! Problems the schema finds carry the schema engine's codes
//! (`crate::schema::codes`): an unknown `caseType`, loss type, sub-type or
//! extra modifier type is its `value-not-allowed`, with the nearest allowed
//! value named in the message.

// Required fields (required.rs).
/// `policy.number` is missing for a product other than Subrogation.
pub const POLICY_NUMBER_REQUIRED: &str = "policy-number-required";
/// `subCaseType` is missing while `caseType` is insuranceClaim.
pub const SUB_CASE_TYPE_REQUIRED: &str = "sub-case-type-required";
/// A field the named product requires is missing.
pub const FIELD_REQUIRED_BY_PRODUCT: &str = "field-required-by-product";

// Codes (countries.rs).
/// A lower-case two-letter country that ISO 3166-1 does not assign.
pub const UNKNOWN_COUNTRY_CODE: &str = "unknown-country-code";
/// `language` whose language (ISO 639-1) or country (ISO 3166-1) part is not assigned.
pub const UNKNOWN_LANGUAGE_CODE: &str = "unknown-language-code";

// Deductible (deductible.rs).
pub const DEDUCTIBLE_VALUE_AND_PERCENTAGE: &str = "deductible-value-and-percentage";
pub const DEDUCTIBLE_VALUE_AND_CONDITIONAL_ITEM_VALUE: &str =
    "deductible-value-and-conditional-item-value";
/// Warning: minValue/maxValue without a percentage to bound.
pub const DEDUCTIBLE_BOUND_WITHOUT_PERCENTAGE: &str = "deductible-bound-without-percentage";
pub const DEDUCTIBLE_MIN_ABOVE_MAX: &str = "deductible-min-above-max";
/// Warning: conditionalItemsCount/conditionalTotalValueModifier without conditionalItemValue.
pub const DEDUCTIBLE_CONDITIONAL_WITHOUT_ITEM_VALUE: &str =
    "deductible-conditional-without-item-value";
/// conditionalItemValue * conditionalItemsCount + conditionalTotalValueModifier < 0.
pub const DEDUCTIBLE_TOTAL_NEGATIVE: &str = "deductible-total-negative";

// Integration options (integration_options.rs).
pub const AUTO_COMPLETE_NEEDS_ASSIGN_TO: &str = "auto-complete-needs-assign-to";
/// Warning: autoCompleteCreation with assignments but no caseOwner.
pub const AUTO_COMPLETE_WITHOUT_CASE_OWNER: &str = "auto-complete-without-case-owner";
pub const SELF_SERVICE_NEEDS_CONTACT_DETAILS: &str = "self-service-needs-contact-details";

// Contacts (contacts.rs).
pub const CONTACT_NAME_MISSING: &str = "contact-name-missing";

// Extra modifiers (extra_modifiers.rs, follow_up.rs).
pub const INVALID_EXTRA_MODIFIER_VALUE: &str = "invalid-extra-modifier-value";
pub const DUPLICATE_INSPECTION_TYPE: &str = "duplicate-inspection-type";
/// Warning: windowsCount is deprecated.
pub const DEPRECATED_EXTRA_MODIFIER: &str = "deprecated-extra-modifier";
/// Warning: selfServiceExtraText uses a BBcode outside the documented subset.
pub const UNSUPPORTED_BBCODE_TAG: &str = "unsupported-bbcode-tag";
pub const FOLLOW_UP_QUESTION_MISSING: &str = "follow-up-question-missing";

// Loss (loss.rs).
pub const LOSS_TYPE_NOT_FOR_PRODUCT: &str = "loss-type-not-for-product";
/// Warning: a known sub-type of another damage type (shared/README.md §9).
pub const LOSS_SUBTYPE_MISMATCH: &str = "loss-subtype-mismatch";

// AssignTo and customService (assign_to.rs, custom_service.rs).
pub const CASE_OWNER_NEEDS_EMAIL_OR_AUTO_ASSIGN: &str = "case-owner-needs-email-or-auto-assign";
pub const EXTERNAL_CRAFTSMAN_NEEDS_EMAIL: &str = "external-craftsman-needs-email";
pub const CUSTOM_SERVICE_NEEDS_EMAIL: &str = "custom-service-needs-email";

// Risk assessment (risk_assessment.rs).
pub const UNKNOWN_BUILDING_COVERAGE: &str = "unknown-building-coverage";
pub const BUILDING_COVERAGE_TYPE_MISMATCH: &str = "building-coverage-type-mismatch";

// Customer and third parties (payment_details.rs, third_party.rs).
pub const PAYMENT_DETAIL_FIELD_FOR_OTHER_TYPE: &str = "payment-detail-field-for-other-type";
pub const INVALID_SYGESIKRING_POLICY_TYPE: &str = "invalid-sygesikring-policy-type";

// Appendix F (descriptive_content.rs).
pub const DESCRIPTIVE_PROPERTY_INVALID: &str = "descriptive-property-invalid";
pub const DESCRIPTIVE_PROPERTY_TITLE_MISSING: &str = "descriptive-property-title-missing";
pub const DESCRIPTIVE_PROPERTY_VALUE_MISSING: &str = "descriptive-property-value-missing";

// Products (usage.rs).
/// Warning: a field the named product does not use (it will be ignored).
pub const FIELD_NOT_USED_BY_PRODUCT: &str = "field-not-used-by-product";
/// Warning: a role or extra modifier type the named product does not use.
pub const VALUE_NOT_USED_BY_PRODUCT: &str = "value-not-used-by-product";

/// Every code above, for tests and documentation.
pub const ALL: &[&str] = &[
    POLICY_NUMBER_REQUIRED,
    SUB_CASE_TYPE_REQUIRED,
    FIELD_REQUIRED_BY_PRODUCT,
    UNKNOWN_COUNTRY_CODE,
    UNKNOWN_LANGUAGE_CODE,
    DEDUCTIBLE_VALUE_AND_PERCENTAGE,
    DEDUCTIBLE_VALUE_AND_CONDITIONAL_ITEM_VALUE,
    DEDUCTIBLE_BOUND_WITHOUT_PERCENTAGE,
    DEDUCTIBLE_MIN_ABOVE_MAX,
    DEDUCTIBLE_CONDITIONAL_WITHOUT_ITEM_VALUE,
    DEDUCTIBLE_TOTAL_NEGATIVE,
    AUTO_COMPLETE_NEEDS_ASSIGN_TO,
    AUTO_COMPLETE_WITHOUT_CASE_OWNER,
    SELF_SERVICE_NEEDS_CONTACT_DETAILS,
    CONTACT_NAME_MISSING,
    INVALID_EXTRA_MODIFIER_VALUE,
    DUPLICATE_INSPECTION_TYPE,
    DEPRECATED_EXTRA_MODIFIER,
    UNSUPPORTED_BBCODE_TAG,
    FOLLOW_UP_QUESTION_MISSING,
    LOSS_TYPE_NOT_FOR_PRODUCT,
    LOSS_SUBTYPE_MISMATCH,
    CASE_OWNER_NEEDS_EMAIL_OR_AUTO_ASSIGN,
    EXTERNAL_CRAFTSMAN_NEEDS_EMAIL,
    CUSTOM_SERVICE_NEEDS_EMAIL,
    UNKNOWN_BUILDING_COVERAGE,
    BUILDING_COVERAGE_TYPE_MISMATCH,
    PAYMENT_DETAIL_FIELD_FOR_OTHER_TYPE,
    INVALID_SYGESIKRING_POLICY_TYPE,
    DESCRIPTIVE_PROPERTY_INVALID,
    DESCRIPTIVE_PROPERTY_TITLE_MISSING,
    DESCRIPTIVE_PROPERTY_VALUE_MISSING,
    FIELD_NOT_USED_BY_PRODUCT,
    VALUE_NOT_USED_BY_PRODUCT,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ALL {
            assert!(seen.insert(code), "duplicate code {code}");
            assert!(
                code.split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
                "{code} is not kebab-case"
            );
        }
    }
}

//! Which product uses which field (seed 001 Appendix A, the product line
//! under each field's "Required" column), as data. A field sent to a named
//! product that does not use it is ignored by Scalepoint: a warning, never an
//! error (the document is still well formed).
//!
//! Transcribed literally, with these readings:
//! - "Not used" / "Not currently used": no product (warned for any product).
//! - customer.mobile lists "HUB Health, ECX", yet startSelfService (ClaimShop
//!   only) requires it: ClaimShop uses it too.
//! - customer.address.street2 lists "HUB Motor ?": an unknown is not warned.
//! - loss.building.address notes "HUB Health: Building.address is Primary
//!   Address": HUB Health uses street1..city too.
//! - Contacts: the per-field lists win over the section's "For the moment
//!   only HUB Property and Subrogation support contacts".
//! - The `case` section names "Motor" and "Indbo", which are no products
//!   here: it is an extension point and is not judged.
//! - allowAutoClose, accidentDate, policy.number and the root fields list no
//!   product or every product: not listed.

use crate::product::Product::{self, *};
use crate::report::Issue;

use super::fields::{has_content, select, spec_name};
use super::issue_codes as codes;
use super::Case;

/// Where a field (or one value of it) is used.
struct Usage {
    /// A pointer with `*` for array elements; a whole subtree when every
    /// field under it has the same products.
    path: &'static str,
    /// For a value-level entry (an assignTo role, an extra modifier type):
    /// the value this entry is about.
    value: Option<&'static str>,
    products: &'static [Product],
    /// Case types that use the field whatever the product ("ContentItemization only").
    case_types: &'static [&'static str],
}

const fn field(path: &'static str, products: &'static [Product]) -> Usage {
    Usage {
        path,
        value: None,
        products,
        case_types: &[],
    }
}

const fn value(path: &'static str, value: &'static str, products: &'static [Product]) -> Usage {
    Usage {
        path,
        value: Some(value),
        products,
        case_types: &[],
    }
}

const NONE: &[Product] = &[];
const CS: &[Product] = &[ClaimShop];
const ECX: &[Product] = &[Ecx];
const HH: &[Product] = &[HubHealth];
const HM: &[Product] = &[HubMotor];
const HP: &[Product] = &[HubProperty];
const HP_HH_ECX: &[Product] = &[HubProperty, HubHealth, Ecx];
const HP_HH_ECX_SUB: &[Product] = &[HubProperty, HubHealth, Ecx, Subrogation];
const CUSTOMER_NAME: &[Product] = &[HubHealth, ClaimShop, HubMotor, HubProperty, Ecx];

const USAGE: &[Usage] = &[
    // Root
    field("/externalReference", CS),
    field("/itemizationCaseReference", CS),
    field("/checkForFraud", CS),
    field("/relatedCaseNumbers", HP_HH_ECX),
    field("/isUrgent", HP_HH_ECX),
    field("/firstNotificationDate", HP_HH_ECX),
    field("/sourceSystem", HP),
    field("/sourceOfCreation", &[HubHealth, HubMotor]),
    field("/thirdPartyPolicies", HH),
    // Integration options, questionnaire
    field(
        "/integrationOptions/autoCompleteCreation",
        &[HubMotor, HubProperty],
    ),
    field("/integrationOptions/startSelfService", CS),
    field("/questionnaire", HP),
    // Policy
    field("/policy/policyHolder/name", HH),
    field("/policy/policyHolder/commercialTaxId", HH),
    field("/policy/policyHolder/email", NONE),
    field("/policy/policyHolder/phone", NONE),
    field("/policy/policyHolder/mobile", NONE),
    field("/policy/policyHolder/address", NONE),
    field("/policy/policyHolder/disableNotifications", ECX),
    field("/policy/policyHolder/disableSystemNotifications", ECX),
    field("/policy/type", CS),
    field("/policy/productAlias", ECX),
    field("/policy/productName", HP_HH_ECX),
    field("/policy/conditions", HP_HH_ECX),
    field("/policy/vatSharePercentage", HP),
    field("/policy/customerRating", &[HubProperty, ClaimShop]),
    field("/policy/serviceLevel", HM),
    field(
        "/policy/deductible/value",
        &[HubProperty, ClaimShop, HubHealth, Ecx],
    ),
    field("/policy/deductible/percentage", HP),
    field("/policy/deductible/minValue", HP),
    field("/policy/deductible/maxValue", HP),
    field("/policy/deductible/conditionalItemValue", HP),
    field("/policy/deductible/conditionalItemsCount", HP),
    field("/policy/deductible/conditionalTotalValueModifier", HP),
    field("/policy/deductible/comment", NONE),
    field("/policy/specialCoverage", HP_HH_ECX),
    field("/policy/clauses", HP_HH_ECX),
    field("/policy/remarks", HP_HH_ECX),
    field("/policy/data", ECX),
    field("/policy/numberOfPeopleCovered", CS),
    field("/policy/coverageWithNewTermsAndConditions", CS),
    field("/policy/coverageId", CS),
    field("/policy/coverageLimit", CS),
    // Customer
    field("/customer/customerId", &[HubMotor, ClaimShop]),
    field("/customer/firstName", CUSTOMER_NAME),
    field("/customer/lastName", CUSTOMER_NAME),
    field("/customer/salutation", CS),
    field("/customer/email", CUSTOMER_NAME),
    field("/customer/phone", &[HubHealth, Ecx]),
    field("/customer/mobile", &[HubHealth, Ecx, ClaimShop]),
    field("/customer/comment", HP_HH_ECX),
    field("/customer/address/street1", &[ClaimShop, HubHealth, Ecx]),
    field(
        "/customer/address/street2",
        &[HubProperty, HubHealth, Ecx, ClaimShop, HubMotor],
    ),
    field("/customer/address/postalCode", &[HubHealth, ClaimShop, Ecx]),
    field("/customer/address/city", &[HubHealth, ClaimShop, Ecx]),
    field("/customer/address/state", CS),
    field("/customer/address/country", NONE),
    field("/customer/personalTaxId", &[ClaimShop, HubHealth]),
    field("/customer/paymentDetails", CS),
    field("/customer/type", CS),
    field("/customer/liveOutsideHomeMunicipality", CS),
    field("/customer/personalAssociationCode", CS),
    field("/customer/personalTravelCardNumber", CS),
    field("/customer/disableNotifications", ECX),
    field("/customer/disableSystemNotifications", ECX),
    // Contacts
    field("/contacts/*/firstName", HP_HH_ECX),
    field("/contacts/*/lastName", HP_HH_ECX),
    field("/contacts/*/name", HP_HH_ECX_SUB),
    field("/contacts/*/salutation", HP_HH_ECX),
    field("/contacts/*/email", HP_HH_ECX),
    field("/contacts/*/phone", HP_HH_ECX),
    field("/contacts/*/mobile", HP_HH_ECX),
    field("/contacts/*/commercialTaxId", HP_HH_ECX),
    field("/contacts/*/comment", HP_HH_ECX),
    field("/contacts/*/relation", HP_HH_ECX_SUB),
    field("/contacts/*/isExternal", HP_HH_ECX_SUB),
    field("/contacts/*/street", HP_HH_ECX),
    field("/contacts/*/street2", HP_HH_ECX),
    field("/contacts/*/postalCode", HP_HH_ECX),
    field("/contacts/*/city", HP_HH_ECX),
    // Loss
    field("/loss/type", &[HubMotor, HubProperty, Ecx]),
    field("/loss/subType", &[HubProperty, Ecx]),
    field(
        "/loss/description",
        &[HubMotor, HubProperty, HubHealth, Ecx],
    ),
    field("/loss/reserve", &[HubProperty, Ecx]),
    field("/loss/coverage", HP),
    field("/loss/coverageReason", HP),
    field("/loss/vehicle/type", NONE),
    field("/loss/vehicle/licensePlateNo", HM),
    field("/loss/vehicle/brand", HM),
    field("/loss/vehicle/model", HM),
    field("/loss/vehicle/variant", HM),
    field("/loss/vehicle/year", HM),
    field("/loss/vehicle/chassisNo", HM),
    field("/loss/vehicle/location", HM),
    field("/loss/vehicle/damageAreas", HM),
    field("/loss/building/sector", HP),
    field("/loss/building/address/street1", &[HubProperty, HubHealth]),
    field("/loss/building/address/street2", &[HubProperty, HubHealth]),
    field(
        "/loss/building/address/postalCode",
        &[HubProperty, HubHealth],
    ),
    field("/loss/building/address/city", &[HubProperty, HubHealth]),
    field("/loss/building/address/state", NONE),
    field("/loss/building/address/country", NONE),
    field("/loss/building/buildingYear", HP),
    field("/loss/building/livingArea", HP),
    field("/loss/building/basementArea", HP),
    field("/loss/building/garageOutbuildingArea", HP),
    field("/loss/building/roofType", HP),
    field("/loss/building/timber", HP),
    field("/loss/building/conditionReport", HP),
    field("/loss/building/propertyUnits", HP),
    field("/loss/health", HH),
    // Risk assessment: HUB Property only, but its address's state and country are "Not used".
    field("/riskAssessment", HP),
    field("/riskAssessment/address/state", NONE),
    field("/riskAssessment/address/country", NONE),
    // Extra modifiers, by type
    value("/extraModifiers/*/type", "propertyCode", HM),
    value("/extraModifiers/*/type", "inspectionType", HP),
    value("/extraModifiers/*/type", "typeOfHiddenPlacesPipes", HP),
    value("/extraModifiers/*/type", "typeOfServicePipes", HP),
    value("/extraModifiers/*/type", "leakType", HP),
    value("/extraModifiers/*/type", "damageToRoof", HP),
    value("/extraModifiers/*/type", "stormDamageRoofType", HP),
    value("/extraModifiers/*/type", "windowsCount", HP),
    value(
        "/extraModifiers/*/type",
        "damageCauseDescription",
        &[HubProperty, ClaimShop],
    ),
    value("/extraModifiers/*/type", "leakTypeOtherDescription", HP),
    Usage {
        path: "/extraModifiers/*/type",
        value: Some("postItemizationCompletedUrl"),
        products: NONE,
        case_types: &["contentItemization"],
    },
    value("/extraModifiers/*/type", "sourceOfFNOL", CS),
    Usage {
        path: "/extraModifiers/*/type",
        value: Some("selfServiceExtraText"),
        products: CS,
        case_types: &["contentItemization"],
    },
    // AssignTo: "HUB Motor, HUB Property and ClaimShop applications", then by role.
    field("/assignTo", &[HubMotor, HubProperty, ClaimShop]),
    value(
        "/assignTo/*/role",
        "caseOwner",
        &[ClaimShop, HubProperty, HubMotor],
    ),
    value("/assignTo/*/role", "networkCraftsman", HP),
    value("/assignTo/*/role", "externalCraftsman", HP),
    value("/assignTo/*/role", "damageService", HP),
    value("/assignTo/*/role", "riskAssessor", HP),
    value("/assignTo/*/role", "assessor", &[HubMotor, HubProperty]),
    // DamageAddress
    field("/damageAddress/country", NONE),
];

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    let Some(product) = case.product else { return };
    let case_type = case.case_type();
    let mut unused: Vec<(String, &Usage)> = Vec::new();
    for usage in USAGE {
        if usage.products.contains(&product)
            || case_type.is_some_and(|t| usage.case_types.contains(&t))
        {
            continue;
        }
        for (at, found) in select(case.doc, usage.path) {
            let matches = match usage.value {
                Some(v) => found.as_str() == Some(v),
                None => has_content(found),
            };
            if matches {
                unused.push((at, usage));
            }
        }
    }
    // One warning for a subtree: none again for the fields inside it.
    let inside = |at: &str| {
        unused
            .iter()
            .any(|(outer, _)| at.starts_with(&format!("{outer}/")))
    };
    for (at, usage) in unused.iter().filter(|(at, _)| !inside(at)) {
        issues.push(warning(at, usage, product));
    }
}

fn warning(at: &str, usage: &Usage, product: Product) -> Issue {
    let mut users: Vec<String> = usage.products.iter().map(|p| p.to_string()).collect();
    users.extend(usage.case_types.iter().map(|t| format!("{t} cases")));
    let used_by = if users.is_empty() {
        "no product uses it".to_string()
    } else {
        format!("only {} use it", users.join(", "))
    };
    let (code, what) = match usage.value {
        Some(v) => (
            codes::VALUE_NOT_USED_BY_PRODUCT,
            format!("{} {v:?}", spec_name(usage.path)),
        ),
        None => (codes::FIELD_NOT_USED_BY_PRODUCT, spec_name(usage.path)),
    };
    Issue::warning(
        at,
        code,
        format!(
            "{product} does not use {what} and will ignore it: {used_by} (seed 001, Appendix A)"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::{json, Value};

    const USAGE_CODES: &[&str] = &[
        codes::FIELD_NOT_USED_BY_PRODUCT,
        codes::VALUE_NOT_USED_BY_PRODUCT,
    ];

    fn found_of(
        codes: &[&str],
        doc: &Value,
        product: Option<Product>,
    ) -> Vec<(crate::report::Severity, &'static str, String)> {
        super::super::test_support::found_of(doc, product, codes)
    }

    #[test]
    fn an_x_only_field_warns_for_other_products() {
        // seed 001 Appendix A, policy.serviceLevel "HUB Motor only".
        let doc = case_with(json!({"policy": {"number": "1", "serviceLevel": "Gold"}}));
        assert_eq!(found_of(USAGE_CODES, &doc, Some(HubMotor)), []);
        assert_eq!(found_of(USAGE_CODES, &doc, None), []);
        assert_eq!(
            found_of(USAGE_CODES, &doc, Some(ClaimShop)),
            [warning_of(
                "/policy/serviceLevel",
                codes::FIELD_NOT_USED_BY_PRODUCT
            )]
        );
    }

    fn warning_of(
        path: &str,
        code: &'static str,
    ) -> (crate::report::Severity, &'static str, String) {
        super::super::test_support::warning(path, code)
    }

    #[test]
    fn not_used_fields_warn_for_every_product() {
        // seed 001 Appendix A, customer.address.country "Not used".
        let doc = case_with(json!({"customer": {"address": {"country": "dk"}}}));
        for product in Product::ALL {
            assert!(
                found_of(USAGE_CODES, &doc, Some(product)).contains(&warning_of(
                    "/customer/address/country",
                    codes::FIELD_NOT_USED_BY_PRODUCT
                ))
            );
        }
    }

    #[test]
    fn a_subtree_warns_once() {
        // seed 001 Appendix A, Risk Assessment: every field "HUB Property only".
        let doc = case_with(
            json!({"riskAssessment": {"address": {"country": "dk"}, "riskAssessmentConditions": "x"}}),
        );
        assert_eq!(
            found_of(USAGE_CODES, &doc, Some(HubHealth)),
            [warning_of(
                "/riskAssessment",
                codes::FIELD_NOT_USED_BY_PRODUCT
            )]
        );
        assert_eq!(
            found_of(USAGE_CODES, &doc, Some(HubProperty)),
            [warning_of(
                "/riskAssessment/address/country",
                codes::FIELD_NOT_USED_BY_PRODUCT
            )]
        );
    }

    #[test]
    fn roles_and_modifiers_are_judged_by_value() {
        // seed 001 Appendix A, AssignTo networkCraftsman "HUB Property"; propertyCode "HUB Motor only".
        let doc = case_with(json!({
            "assignTo": [{"role": "networkCraftsman", "autoAssign": true}],
            "extraModifiers": [{"type": "propertyCode", "value": "1102"}]
        }));
        assert_eq!(
            found_of(USAGE_CODES, &doc, Some(HubMotor)),
            [warning_of(
                "/assignTo/0/role",
                codes::VALUE_NOT_USED_BY_PRODUCT
            )]
        );
        assert_eq!(
            found_of(USAGE_CODES, &doc, Some(HubProperty)),
            [warning_of(
                "/extraModifiers/0/type",
                codes::VALUE_NOT_USED_BY_PRODUCT
            )]
        );
    }

    #[test]
    fn case_type_only_modifiers_follow_the_case_type() {
        // seed 001 Appendix A, postItemizationCompletedUrl "ContentItemization only".
        let url: Value =
            json!([{"type": "postItemizationCompletedUrl", "value": "https://abc.dk/thanks"}]);
        let itemization =
            case_with(json!({"caseType": "contentItemization", "extraModifiers": url}));
        assert_eq!(found_of(USAGE_CODES, &itemization, Some(ClaimShop)), []);
        let claim = case_with(json!({"caseType": "contentClaim", "extraModifiers": url}));
        assert_eq!(found_of(USAGE_CODES, &claim, Some(ClaimShop)).len(), 1);
    }

    #[test]
    fn empty_values_are_not_judged() {
        // seed 001 Appendix A, DamageAddress example: empty strings carry no data.
        let doc =
            case_with(json!({"damageAddress": {"street1": "Vej 1", "state": "", "country": ""}}));
        assert_eq!(found_of(USAGE_CODES, &doc, Some(Ecx)), []);
    }
}

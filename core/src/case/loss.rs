//! Seed 001 Appendix A, Loss, with Appendix B (damage types). The schema
//! accepts any code of either list; here: which list the named product takes,
//! and whether the sub-type belongs to the type (a sub-type of another type is
//! a warning, shared/README.md §9; one in no list is the schema's error).

use crate::product::Product;
use crate::report::Issue;

use super::code_lists::{hub_property_type, is_hub_motor_type, types_of_sub_type};
use super::issue_codes as codes;
use super::Case;

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    let loss_type = case.text("/loss/type");
    if let Some(loss_type) = loss_type {
        type_for_product(case.product, loss_type, issues);
    }
    if let Some(sub_type) = case.text("/loss/subType") {
        sub_type_belongs(loss_type, sub_type, issues);
    }
}

/// "Specific values apply to different applications": HUB Motor takes the
/// HUB Motor codes, HUB Property its own types; other products either.
fn type_for_product(product: Option<Product>, loss_type: &str, issues: &mut Vec<Issue>) {
    let (expected, fits) = match product {
        Some(Product::HubMotor) => (
            "a HUB Motor damage type code (e.g. KOLLISION)",
            is_hub_motor_type(loss_type),
        ),
        Some(Product::HubProperty) => (
            "a HUB Property damage type (e.g. WaterDamage)",
            hub_property_type(loss_type).is_some(),
        ),
        _ => return,
    };
    // A code in neither list is the schema's value-not-allowed.
    let known = is_hub_motor_type(loss_type) || hub_property_type(loss_type).is_some();
    if known && !fits {
        let product = product.map(|p| p.to_string()).unwrap_or_default();
        issues.push(Issue::error(
            "/loss/type",
            codes::LOSS_TYPE_NOT_FOR_PRODUCT,
            format!("loss.type {loss_type:?} is not for {product}: expected {expected} (seed 001, Appendix B)"),
        ));
    }
}

fn sub_type_belongs(loss_type: Option<&str>, sub_type: &str, issues: &mut Vec<Issue>) {
    let owners: Vec<&str> = types_of_sub_type(sub_type).map(|t| t.name).collect();
    if owners.is_empty() || loss_type.is_some_and(|t| owners.contains(&t)) {
        return;
    }
    let given = loss_type.map_or("no loss.type is given".to_string(), |t| {
        format!("loss.type is {t:?}")
    });
    issues.push(Issue::warning(
        "/loss/subType",
        codes::LOSS_SUBTYPE_MISMATCH,
        format!(
            "loss.subType {sub_type:?} belongs to loss.type {}, but {given} (seed 001, Appendix B)",
            owners.join(" or ")
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::json;

    fn loss(value: serde_json::Value) -> serde_json::Value {
        case_with(json!({"loss": value}))
    }

    #[test]
    fn hub_motor_takes_hub_motor_codes() {
        // seed 001 Appendix B: HUB Motor damage type codes.
        let doc = loss(json!({"type": "KOLLISION"}));
        assert_eq!(found(&doc, Some(Product::HubMotor)), []);
        assert_eq!(found(&doc, None), []);
        assert_eq!(
            found(&doc, Some(Product::HubProperty)),
            [error("/loss/type", codes::LOSS_TYPE_NOT_FOR_PRODUCT)]
        );
    }

    #[test]
    fn hub_property_takes_hub_property_types() {
        // seed 001 Appendix B: HUB Property damage types.
        let doc = loss(json!({"type": "PipeDamage", "subType": "HiddenPlaces"}));
        assert_eq!(
            found(&doc, Some(Product::HubMotor)),
            [
                error("/loss/type", codes::LOSS_TYPE_NOT_FOR_PRODUCT),
                warning("/loss/subType", codes::FIELD_NOT_USED_BY_PRODUCT)
            ]
        );
    }

    #[test]
    fn a_sub_type_of_another_type_is_a_warning() {
        // seed 001 Appendix B + shared/README.md §9: a sub-type of another type warns.
        let doc = loss(json!({"type": "WaterDamage", "subType": "Storm"}));
        let issues = issues(&doc, None);
        assert_eq!(issues.len(), 1);
        assert_eq!(
            (issues[0].code, issues[0].path.as_str()),
            (codes::LOSS_SUBTYPE_MISMATCH, "/loss/subType")
        );
        assert!(
            issues[0].message.contains("StormDamage"),
            "{}",
            issues[0].message
        );
        assert_eq!(found(&loss(json!({"subType": "Rain"})), None).len(), 1);
        // Shared names: SuddenDamage is a sub-type of SuddenDamage.
        assert_eq!(
            found(
                &loss(json!({"type": "SuddenDamage", "subType": "SuddenDamage"})),
                None
            ),
            []
        );
    }

    #[test]
    fn unknown_codes_are_left_to_the_schema() {
        // seed 001 Appendix B: a code in no list is the schema's value-not-allowed.
        let doc = loss(json!({"type": "Flood", "subType": "Tsunami"}));
        assert_eq!(found(&doc, Some(Product::HubProperty)), []);
    }
}

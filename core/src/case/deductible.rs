//! Seed 001 Appendix A, Policy: policy.deductible. A deductible is a value, a
//! percentage (optionally bounded by minValue/maxValue), or a value per item
//! (conditionalItemValue × conditionalItemsCount + conditionalTotalValueModifier).
//! The schema checks each number (non-negative amounts, percentage 0..100,
//! count a positive integer, modifier an integer); here: the combinations.
//! Amounts are compared as exact decimals.

use crate::json::{Map, Value};
use rust_decimal::Decimal;

use crate::decimal::{from_number, is_integer};
use crate::report::{pointer_child, Issue};

use super::fields::{amount, has_content};
use super::issue_codes as codes;
use super::Case;

const AT: &str = "/policy/deductible";

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    let Some(Value::Object(map)) = case.field(AT).value() else {
        return;
    };
    let deductible = Deductible(map);
    exclusive_with_value(&deductible, issues);
    percentage_bounds(&deductible, issues);
    conditional_parts(&deductible, issues);
}

struct Deductible<'a>(&'a Map<'a>);

impl Deductible<'_> {
    fn given(&self, key: &str) -> bool {
        self.0.get(key).is_some_and(has_content)
    }

    fn amount(&self, key: &str) -> Option<Decimal> {
        self.0.get(key).and_then(amount)
    }

    /// An integer field, `default` when absent; `None` when the schema
    /// refuses its type.
    fn integer_or(&self, key: &str, default: Decimal) -> Option<Decimal> {
        match self.0.get(key) {
            None | Some(Value::Null) => Some(default),
            Some(Value::Number(n)) if is_integer(n) => from_number(n),
            Some(_) => None,
        }
    }
}

/// Warns for each of `parts` given without `owner`, the field they qualify;
/// returns whether `owner` is given.
fn warn_parts_without(
    deductible: &Deductible,
    owner: &str,
    parts: &[&str],
    code: &'static str,
    issues: &mut Vec<Issue>,
) -> bool {
    if deductible.given(owner) {
        return true;
    }
    for part in parts.iter().filter(|p| deductible.given(p)) {
        issues.push(Issue::warning(
            pointer_child(AT, part),
            code,
            format!("policy.deductible.{part} only applies with {owner}, and none is given"),
        ));
    }
    false
}

/// "Deductible can be specified as a percentage ... In this case deductible
/// should not be specified as value"; the same is written of
/// conditionalItemValue.
fn exclusive_with_value(deductible: &Deductible, issues: &mut Vec<Issue>) {
    if !deductible.given("value") {
        return;
    }
    if deductible.given("percentage") {
        issues.push(Issue::error(
            AT,
            codes::DEDUCTIBLE_VALUE_AND_PERCENTAGE,
            "policy.deductible has both value and percentage; a deductible given as a percentage must not \
             also be given as a value",
        ));
    }
    if deductible.given("conditionalItemValue") {
        issues.push(Issue::error(
            AT,
            codes::DEDUCTIBLE_VALUE_AND_CONDITIONAL_ITEM_VALUE,
            "policy.deductible has both value and conditionalItemValue; a deductible given per item must not \
             also be given as a value",
        ));
    }
}

/// "If a deductible percentage is specified, optionally a minimum [maximum]
/// deductible value can be specified." Without a percentage the bound has
/// nothing to bound: Scalepoint ignores it, which loses no data and breaks
/// nothing, so it is a warning (an error would refuse a case that is
/// otherwise well defined). A minimum above the maximum is contradictory
/// data, so an error.
fn percentage_bounds(deductible: &Deductible, issues: &mut Vec<Issue>) {
    let bounds = ["minValue", "maxValue"];
    warn_parts_without(
        deductible,
        "percentage",
        &bounds,
        codes::DEDUCTIBLE_BOUND_WITHOUT_PERCENTAGE,
        issues,
    );
    if let (Some(min), Some(max)) = (deductible.amount("minValue"), deductible.amount("maxValue")) {
        if min > max {
            issues.push(Issue::error(
                pointer_child(AT, "minValue"),
                codes::DEDUCTIBLE_MIN_ABOVE_MAX,
                format!("policy.deductible.minValue {min} is above maxValue {max}"),
            ));
        }
    }
}

/// conditionalItemsCount and conditionalTotalValueModifier apply "when
/// conditional deductible item value is set" (a warning without it, for the
/// reason given at `percentage_bounds`). The total
/// `conditionalItemValue * conditionalItemsCount + conditionalTotalValueModifier`
/// is a deductible, so it cannot be negative.
fn conditional_parts(deductible: &Deductible, issues: &mut Vec<Issue>) {
    let parts = ["conditionalItemsCount", "conditionalTotalValueModifier"];
    let code = codes::DEDUCTIBLE_CONDITIONAL_WITHOUT_ITEM_VALUE;
    if !warn_parts_without(deductible, "conditionalItemValue", &parts, code, issues) {
        return;
    }
    // The spec's defaults: count 1, no modifier.
    let (Some(item), Some(count), Some(modifier)) = (
        deductible.amount("conditionalItemValue"),
        deductible.integer_or("conditionalItemsCount", Decimal::ONE),
        deductible.integer_or("conditionalTotalValueModifier", Decimal::ZERO),
    ) else {
        return;
    };
    let total = item
        .checked_mul(count)
        .and_then(|t| t.checked_add(modifier));
    if total.is_some_and(|t| t < Decimal::ZERO) {
        issues.push(Issue::error(
            pointer_child(AT, "conditionalTotalValueModifier"),
            codes::DEDUCTIBLE_TOTAL_NEGATIVE,
            format!(
                "the total deductible conditionalItemValue {item} * conditionalItemsCount {count} + \
                 conditionalTotalValueModifier {modifier} is negative"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::{json, Value};

    fn with(deductible: Value) -> Value {
        case_with(json!({"policy": {"number": "1", "deductible": deductible}}))
    }

    #[test]
    fn value_and_percentage_are_exclusive() {
        // seed 001 Appendix A, policy.deductible.percentage: "should not be specified as value".
        assert_eq!(
            found(&with(json!({"value": 5000.00, "percentage": 10})), None),
            [error(AT, codes::DEDUCTIBLE_VALUE_AND_PERCENTAGE)]
        );
        assert_eq!(found(&with(json!({"value": "5000.00"})), None), []);
        assert_eq!(
            found(
                &with(json!({"percentage": 10, "minValue": 1000, "maxValue": 5000})),
                None
            ),
            []
        );
    }

    #[test]
    fn conditional_item_value_excludes_value() {
        // seed 001 Appendix A, policy.deductible.conditionalItemValue: "should not be specified as value".
        assert_eq!(
            found(
                &with(json!({"value": 100, "conditionalItemValue": 500})),
                None
            ),
            [error(
                AT,
                codes::DEDUCTIBLE_VALUE_AND_CONDITIONAL_ITEM_VALUE
            )]
        );
    }

    #[test]
    fn bounds_without_percentage_warn_and_min_above_max_fails() {
        // seed 001 Appendix A, policy.deductible.minValue/maxValue: "If a deductible percentage is specified".
        assert_eq!(
            found(&with(json!({"value": 100, "minValue": 50})), None),
            [warning(
                "/policy/deductible/minValue",
                codes::DEDUCTIBLE_BOUND_WITHOUT_PERCENTAGE
            )]
        );
        assert_eq!(
            found(
                &with(json!({"percentage": 5, "minValue": "5000.01", "maxValue": 5000})),
                None
            ),
            [error(
                "/policy/deductible/minValue",
                codes::DEDUCTIBLE_MIN_ABOVE_MAX
            )]
        );
    }

    #[test]
    fn conditional_total_is_not_negative() {
        // seed 001 Appendix A, conditionalTotalValueModifier: (itemValue * count) + modifier = totalDeductible.
        let ok = with(
            json!({"conditionalItemValue": 500, "conditionalItemsCount": 2, "conditionalTotalValueModifier": -1000}),
        );
        assert_eq!(found(&ok, None), []);
        let negative =
            with(json!({"conditionalItemValue": 500, "conditionalTotalValueModifier": -501}));
        assert_eq!(
            found(&negative, None),
            [error(
                "/policy/deductible/conditionalTotalValueModifier",
                codes::DEDUCTIBLE_TOTAL_NEGATIVE
            )]
        );
    }

    #[test]
    fn count_and_modifier_need_conditional_item_value() {
        // seed 001 Appendix A, conditionalItemsCount: "when conditional deductible item value is set".
        assert_eq!(
            found(&with(json!({"conditionalItemsCount": 2})), None),
            [warning(
                "/policy/deductible/conditionalItemsCount",
                codes::DEDUCTIBLE_CONDITIONAL_WITHOUT_ITEM_VALUE
            )]
        );
    }
}

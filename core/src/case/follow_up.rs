//! Seed 001 Appendix A, Extra modifiers: the "required follow-up questions"
//! of HUB Property. They are written for HUB Property ("HUB Property only"),
//! so they are errors only when the caller names HUB Property
//! (shared/README.md §9); the value rules of each modifier apply always
//! (extra_modifiers.rs).

use crate::json::Value;

use crate::product::Product;
use crate::report::Issue;

use super::extra_modifiers::{modifier_value, modifiers, Modifier};
use super::fields::has_content;
use super::issue_codes as codes;
use super::Case;

/// What makes a follow-up question required.
enum Trigger {
    /// loss.subType has this value.
    SubType(&'static str),
    /// loss.type has this value.
    Type(&'static str),
    /// loss.type is the first and loss.subType one of the others.
    TypeAndSubType(&'static str, &'static [&'static str]),
    /// An extra modifier of this type has this value.
    Modifier(&'static str, &'static str),
}

/// Where an answer may be given.
enum Answer {
    Modifier(&'static str),
    /// A document field that answers the question as well.
    Field(&'static str),
}

/// The follow-up table of Appendix A, Extra modifiers: when, and which
/// answers (any one of them) satisfy it.
const FOLLOW_UPS: &[(Trigger, &[Answer])] = &[
    (
        Trigger::SubType("HiddenPlaces"),
        &[Answer::Modifier("typeOfHiddenPlacesPipes")],
    ),
    (
        Trigger::SubType("HiddenPlaces"),
        &[Answer::Modifier("leakType")],
    ),
    (
        Trigger::SubType("ServicePipes"),
        &[Answer::Modifier("typeOfServicePipes")],
    ),
    (
        Trigger::TypeAndSubType("StormDamage", &["Storm", "StormRain"]),
        &[Answer::Modifier("damageToRoof")],
    ),
    (
        Trigger::Modifier("damageToRoof", "Yes"),
        &[Answer::Modifier("stormDamageRoofType")],
    ),
    // windowsCount is deprecated in favour of conditionalItemsCount, which
    // answers the question too.
    (
        Trigger::Type("RotInsectDamage"),
        &[
            Answer::Modifier("windowsCount"),
            Answer::Field("/policy/deductible/conditionalItemsCount"),
        ],
    ),
    (
        Trigger::SubType("Other"),
        &[Answer::Modifier("damageCauseDescription")],
    ),
    (
        Trigger::Modifier("leakType", "Other"),
        &[Answer::Modifier("leakTypeOtherDescription")],
    ),
];

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    if !case.is_for(Product::HubProperty) {
        return;
    }
    let modifiers = modifiers(case);
    for (trigger, answers) in FOLLOW_UPS {
        let Some(reason) = triggered(case, &modifiers, trigger) else {
            continue;
        };
        if !answers.iter().any(|a| answered(case, &modifiers, a)) {
            issues.push(Issue::error(
                "/extraModifiers",
                codes::FOLLOW_UP_QUESTION_MISSING,
                format!(
                    "{reason}: HUB Property requires the follow-up question {} (seed 001, Extra modifiers)",
                    describe(answers)
                ),
            ));
        }
    }
}

/// Why the trigger fires, or `None`.
fn triggered(case: &Case, modifiers: &[Modifier], trigger: &Trigger) -> Option<String> {
    let loss_type = case.text("/loss/type");
    let sub_type = case.text("/loss/subType");
    match *trigger {
        Trigger::SubType(s) => (sub_type == Some(s)).then(|| format!("loss.subType is {s:?}")),
        Trigger::Type(t) => (loss_type == Some(t)).then(|| format!("loss.type is {t:?}")),
        Trigger::TypeAndSubType(t, subs) => {
            (loss_type == Some(t) && sub_type.is_some_and(|s| subs.contains(&s))).then(|| {
                format!(
                    "loss.type is {t:?} with loss.subType {:?}",
                    sub_type.unwrap_or_default()
                )
            })
        }
        Trigger::Modifier(kind, value) => (modifier_value(modifiers, kind).and_then(Value::as_str)
            == Some(value))
        .then(|| format!("extra modifier {kind} is {value:?}")),
    }
}

fn answered(case: &Case, modifiers: &[Modifier], answer: &Answer) -> bool {
    match answer {
        Answer::Modifier(kind) => modifier_value(modifiers, kind).is_some(),
        Answer::Field(pointer) => case.field(pointer).value().is_some_and(has_content),
    }
}

fn describe(answers: &[Answer]) -> String {
    let names: Vec<String> = answers
        .iter()
        .map(|a| match a {
            Answer::Modifier(kind) => format!("extraModifiers type {kind:?}"),
            Answer::Field(pointer) => super::fields::spec_name(pointer),
        })
        .collect();
    names.join(" or ")
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::{json, Value};

    fn property_case(loss: Value, modifiers: Value) -> Value {
        case_with(json!({"loss": loss, "extraModifiers": modifiers}))
    }

    fn missing(doc: &Value) -> usize {
        found(doc, Some(Product::HubProperty))
            .iter()
            .filter(|(_, c, _)| *c == codes::FOLLOW_UP_QUESTION_MISSING)
            .count()
    }

    #[test]
    fn hidden_places_needs_pipe_and_leak_type() {
        // seed 001 Appendix A, typeOfHiddenPlacesPipes and leakType: follow-ups of loss.subType = HiddenPlaces.
        let loss = json!({"type": "PipeDamage", "subType": "HiddenPlaces"});
        assert_eq!(missing(&property_case(loss.clone(), json!([]))), 2);
        let answered = json!([{"type": "typeOfHiddenPlacesPipes", "value": "FloorHeating"}, {"type": "leakType", "value": "OilLeak"}]);
        assert_eq!(
            found(&property_case(loss, answered), Some(Product::HubProperty)),
            []
        );
    }

    #[test]
    fn follow_ups_are_hub_property_rules_only() {
        // seed 001 Appendix A, Extra modifiers "HUB Property only"; shared/README.md §9.
        let doc = property_case(
            json!({"type": "PipeDamage", "subType": "ServicePipes"}),
            json!([]),
        );
        assert_eq!(missing(&doc), 1);
        assert_eq!(found(&doc, None), []);
        let codes = [codes::FOLLOW_UP_QUESTION_MISSING];
        assert_eq!(found_of(&doc, Some(Product::Ecx), &codes), []);
    }

    #[test]
    fn storm_roof_chain() {
        // seed 001 Appendix A, damageToRoof for StormDamage/Storm|StormRain; stormDamageRoofType for damageToRoof = Yes.
        let loss = json!({"type": "StormDamage", "subType": "StormRain"});
        assert_eq!(missing(&property_case(loss.clone(), json!([]))), 1);
        assert_eq!(
            missing(&property_case(
                loss.clone(),
                json!([{"type": "damageToRoof", "value": "Yes"}])
            )),
            1
        );
        assert_eq!(
            missing(&property_case(
                loss.clone(),
                json!([{"type": "damageToRoof", "value": "No"}])
            )),
            0
        );
        let full = json!([{"type": "damageToRoof", "value": "Yes"}, {"type": "stormDamageRoofType", "value": "RoofingTile"}]);
        assert_eq!(missing(&property_case(loss, full)), 0);
        assert_eq!(
            missing(&property_case(
                json!({"type": "StormDamage", "subType": "OtherStorm"}),
                json!([])
            )),
            0
        );
    }

    #[test]
    fn rot_insect_damage_takes_windows_count_or_conditional_items_count() {
        // seed 001 Appendix A, [deprecated] windowsCount: follow-up of RotInsectDamage; conditionalItemsCount instead.
        let loss = json!({"type": "RotInsectDamage", "subType": "Rot"});
        assert_eq!(missing(&property_case(loss.clone(), json!([]))), 1);
        let mut doc = property_case(loss, json!([]));
        doc["policy"]["deductible"] =
            json!({"conditionalItemValue": 1000, "conditionalItemsCount": 3});
        assert_eq!(found(&doc, Some(Product::HubProperty)), []);
    }

    #[test]
    fn other_sub_type_and_other_leak_need_descriptions() {
        // seed 001 Appendix A, damageCauseDescription (subType Other), leakTypeOtherDescription (leakType Other).
        assert_eq!(
            missing(&property_case(
                json!({"type": "Other", "subType": "Other"}),
                json!([])
            )),
            1
        );
        let leak = json!([{"type": "typeOfHiddenPlacesPipes", "value": "Water"}, {"type": "leakType", "value": "Other"}]);
        assert_eq!(
            missing(&property_case(
                json!({"type": "PipeDamage", "subType": "HiddenPlaces"}),
                leak
            )),
            1
        );
    }
}

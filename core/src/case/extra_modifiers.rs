//! Seed 001 Appendix A, Extra modifiers: the value rules of each modifier
//! type, which apply whenever the modifier is present (shared/README.md §9).
//! The schema checks that `type` is one of the listed codes; which product
//! uses which modifier is in `usage.rs`, the follow-up questions of HUB
//! Property in `follow_up.rs`.

use crate::json::Value;

use crate::report::{pointer_child, Issue};
use crate::schema::nearest;

use super::code_lists::*;
use super::fields::elements;
use super::formats::is_web_url;
use super::issue_codes as codes;
use super::Case;

/// What a modifier's value must be.
#[derive(Debug, Clone, Copy)]
enum ValueRule {
    /// One of the "Allowed values" / "PossibleValues".
    OneOf(&'static [&'static str]),
    /// Free text (or a code such as propertyCode "1102"): not blank.
    Text,
    /// windowsCount: "Integer value greater than 0".
    PositiveInteger,
    /// postItemizationCompletedUrl: where the claimant is redirected.
    WebUrl,
    /// policyHolderIsClaimant: "boolean value" (the strings "true"/"false"
    /// too, as the value is usually written as a string).
    Boolean,
    /// selfServiceExtraText: text with a subset of BBcodes.
    BbCodeText,
}

/// Every modifier type of the spec with its value rule (the same list as
/// the schema's `#/definitions/extraModifier/properties/type/enum`).
const MODIFIERS: &[(&str, ValueRule)] = &[
    ("propertyCode", ValueRule::Text),
    ("inspectionType", ValueRule::OneOf(INSPECTION_TYPES)),
    (
        "typeOfHiddenPlacesPipes",
        ValueRule::OneOf(HIDDEN_PLACES_PIPES),
    ),
    ("typeOfServicePipes", ValueRule::OneOf(SERVICE_PIPES)),
    ("leakType", ValueRule::OneOf(LEAK_TYPES)),
    ("damageToRoof", ValueRule::OneOf(YES_NO)),
    (
        "stormDamageRoofType",
        ValueRule::OneOf(STORM_DAMAGE_ROOF_TYPES),
    ),
    ("windowsCount", ValueRule::PositiveInteger),
    ("damageCauseDescription", ValueRule::Text),
    ("leakTypeOtherDescription", ValueRule::Text),
    ("postItemizationCompletedUrl", ValueRule::WebUrl),
    ("sourceOfFNOL", ValueRule::OneOf(SOURCES_OF_FNOL)),
    ("policyType", ValueRule::OneOf(POLICY_TYPE_MODIFIERS)),
    ("policyHolderIsClaimant", ValueRule::Boolean),
    ("selfServiceExtraText", ValueRule::BbCodeText),
];

/// The BBcodes selfServiceExtraText may use: [br], [b], [i], [u], [s],
/// [color=#FF0000], [size=20] and their closing tags.
const BBCODE_TAGS: &[&str] = &["br", "b", "i", "u", "s", "color", "size"];

/// One `{type, value}` entry, with where it is.
pub(super) struct Modifier<'a> {
    pub at: String,
    pub kind: &'a str,
    pub value: &'a Value<'a>,
}

/// The well-formed entries of extraModifiers (type a string, value present).
pub(super) fn modifiers<'a>(case: &Case<'a>) -> Vec<Modifier<'a>> {
    elements(case.doc, "/extraModifiers")
        .into_iter()
        .filter_map(|(at, entry)| {
            let kind = entry.get("type")?.as_str()?;
            let value = entry.get("value")?;
            Some(Modifier { at, kind, value })
        })
        .collect()
}

/// The value of the first modifier of `kind` that carries one.
pub(super) fn modifier_value<'a>(modifiers: &[Modifier<'a>], kind: &str) -> Option<&'a Value<'a>> {
    modifiers
        .iter()
        .find(|m| m.kind == kind && super::fields::has_content(m.value))
        .map(|m| m.value)
}

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    let modifiers = modifiers(case);
    for modifier in &modifiers {
        if let Some((_, rule)) = MODIFIERS.iter().find(|(kind, _)| *kind == modifier.kind) {
            check_value(modifier, *rule, issues);
        }
    }
    single_inspection_type(&modifiers, issues);
    windows_count_deprecated(case, &modifiers, issues);
}

fn check_value(modifier: &Modifier, rule: ValueRule, issues: &mut Vec<Issue>) {
    let at = pointer_child(&modifier.at, "value");
    let value = modifier.value;
    let expected = match rule {
        ValueRule::OneOf(allowed) => one_of(value, allowed),
        ValueRule::Text => text(value),
        ValueRule::PositiveInteger => positive_integer(value),
        ValueRule::WebUrl => web_url(value),
        ValueRule::Boolean => boolean(value),
        ValueRule::BbCodeText => {
            bbcode(value, &at, issues);
            text(value)
        }
    };
    // A value of a type the schema refuses (object, array, null) is its to report.
    if let Some(expected) =
        expected.filter(|_| value.is_string() || value.is_number() || value.is_boolean())
    {
        issues.push(Issue::error(
            at,
            codes::INVALID_EXTRA_MODIFIER_VALUE,
            format!(
                "extra modifier {:?} has value {}; expected {expected}",
                modifier.kind,
                crate::schema::describe(value)
            ),
        ));
    }
}

/// `None` when the value is allowed, else what was expected.
fn one_of(value: &Value, allowed: &[&str]) -> Option<String> {
    let s = value.as_str();
    if s.is_some_and(|s| allowed.contains(&s)) {
        return None;
    }
    let hint = s
        .and_then(|s| nearest(s, allowed.iter().copied()))
        .map(|n| format!(" (did you mean {n:?}?)"))
        .unwrap_or_default();
    Some(format!("one of {}{hint}", allowed.join(", ")))
}

/// What was expected, unless the value is fine.
fn unless(ok: bool, expected: &str) -> Option<String> {
    (!ok).then(|| expected.to_string())
}

fn text(value: &Value) -> Option<String> {
    let ok = match value {
        Value::String(s) => !s.trim().is_empty(),
        Value::Number(_) => true,
        _ => false,
    };
    unless(ok, "a non-empty text")
}

fn positive_integer(value: &Value) -> Option<String> {
    let n = match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) if s.bytes().all(|b| b.is_ascii_digit()) => s.parse::<u64>().ok(),
        _ => None,
    };
    unless(n.is_some_and(|n| n > 0), "an integer greater than 0")
}

fn web_url(value: &Value) -> Option<String> {
    unless(
        value.as_str().is_some_and(is_web_url),
        "an absolute http(s) URL",
    )
}

fn boolean(value: &Value) -> Option<String> {
    let ok = value.is_boolean() || matches!(value.as_str(), Some("true" | "false"));
    unless(ok, "true or false")
}

/// `[tag]`s and `[/tag]`s outside the documented subset: Scalepoint shows
/// them as text, so a warning names them.
fn bbcode(value: &Value, at: &str, issues: &mut Vec<Issue>) {
    let Some(text) = value.as_str() else { return };
    let mut unsupported: Vec<String> = Vec::new();
    for tag in text
        .split('[')
        .skip(1)
        .filter_map(|rest| rest.split_once(']').map(|(tag, _)| tag))
    {
        let name = tag.trim_start_matches('/');
        let name = name
            .split_once('=')
            .map_or(name, |(n, _)| n)
            .to_ascii_lowercase();
        if !BBCODE_TAGS.contains(&name.as_str()) && !unsupported.contains(&name) {
            unsupported.push(name);
        }
    }
    if !unsupported.is_empty() {
        issues.push(Issue::warning(
            at,
            codes::UNSUPPORTED_BBCODE_TAG,
            format!(
                "selfServiceExtraText uses BBcode {}, which is not in the supported subset \
                 (br, b, i, u, s, color, size) and will show as text",
                unsupported.join(", ")
            ),
        ));
    }
}

/// "Only one inspectionType should be used for a case."
fn single_inspection_type(modifiers: &[Modifier], issues: &mut Vec<Issue>) {
    for extra in modifiers
        .iter()
        .filter(|m| m.kind == "inspectionType")
        .skip(1)
    {
        issues.push(Issue::error(
            extra.at.as_str(),
            codes::DUPLICATE_INSPECTION_TYPE,
            "only one inspectionType may be given for a case",
        ));
    }
}

/// "[deprecated] windowsCount ... NOTE: Use policy.deductible.conditionalItemsCount
/// instead. Value from conditionalItemsCount overrides when set together."
/// "Windowscount > 0 requires conditional deductible should be set manually."
fn windows_count_deprecated(case: &Case, modifiers: &[Modifier], issues: &mut Vec<Issue>) {
    let overridden = case
        .field("/policy/deductible/conditionalItemsCount")
        .value()
        .is_some();
    for modifier in modifiers.iter().filter(|m| m.kind == "windowsCount") {
        let note = if overridden {
            "; policy.deductible.conditionalItemsCount is also set and overrides it"
        } else {
            "; the conditional deductible must then be set manually in HUB Property"
        };
        issues.push(Issue::warning(
            modifier.at.as_str(),
            codes::DEPRECATED_EXTRA_MODIFIER,
            format!("extra modifier windowsCount is deprecated: use policy.deductible.conditionalItemsCount{note}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::{json, Value};

    fn with(modifiers: Value) -> Value {
        case_with(json!({"extraModifiers": modifiers}))
    }

    #[test]
    fn every_schema_modifier_type_has_a_value_rule() {
        // seed 001 Appendix A, Extra modifiers: the modifier code table.
        let schema: Value =
            serde_json::from_str(include_str!("../../../schemas/case.schema.json")).unwrap();
        let listed = &schema["definitions"]["extraModifier"]["properties"]["type"]["enum"];
        let ours: Vec<&str> = MODIFIERS.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect::<Vec<_>>(),
            ours
        );
    }

    #[test]
    fn the_spec_examples_pass_their_value_rules() {
        // seed 001 Appendix A, Extra modifiers "Examples" (LeakType aside: the schema's enum catches it).
        let doc = with(json!([
            {"type": "propertyCode", "value": "1102"},
            {"type": "inspectionType", "value": "field"},
            {"type": "typeOfHiddenPlacesPipes", "value": "FloorHeating"},
            {"type": "postItemizationCompletedUrl", "value": "http://www.abcinsurance.com/thankyou.aspx?userid=DPMWI29us9IcUvGb"},
            {"type": "sourceOfFNOL", "value": "claimant"},
            {"type": "policyHolderIsClaimant", "value": true},
            {"type": "policyType", "value": "reference"},
            {"type": "selfServiceExtraText", "value": "[b]Hello[/b][br][color=#FF0000]red[/color] [size=20]big[/size]"}
        ]));
        assert_eq!(found(&doc, None), []);
    }

    #[test]
    fn values_outside_their_list_fail() {
        // seed 001 Appendix A, inspectionType: "any", "field", "desk", "content"; leakType PossibleValues.
        let doc = with(json!([
            {"type": "inspectionType", "value": "Field"},
            {"type": "leakType", "value": "Drip"},
            {"type": "windowsCount", "value": 0},
            {"type": "postItemizationCompletedUrl", "value": "www.abc.dk"},
            {"type": "damageCauseDescription", "value": " "}
        ]));
        let found = found(&doc, None);
        let invalid: Vec<_> = found
            .iter()
            .filter(|(_, c, _)| *c == codes::INVALID_EXTRA_MODIFIER_VALUE)
            .map(|(_, _, p)| p.as_str())
            .collect();
        assert_eq!(
            invalid,
            [
                "/extraModifiers/0/value",
                "/extraModifiers/1/value",
                "/extraModifiers/2/value",
                "/extraModifiers/3/value",
                "/extraModifiers/4/value"
            ]
        );
        let message = &issues(&doc, None)[0].message;
        assert!(message.contains("did you mean \"field\""), "{message}");
    }

    #[test]
    fn only_one_inspection_type() {
        // seed 001 Appendix A, inspectionType: "Only one inspectionType should be used for a case."
        let doc = with(
            json!([{"type": "inspectionType", "value": "field"}, {"type": "inspectionType", "value": "desk"}]),
        );
        assert_eq!(
            found(&doc, None),
            [error("/extraModifiers/1", codes::DUPLICATE_INSPECTION_TYPE)]
        );
    }

    #[test]
    fn windows_count_is_deprecated() {
        // seed 001 Appendix A, [deprecated] windowsCount: use policy.deductible.conditionalItemsCount.
        let doc = with(json!([{"type": "windowsCount", "value": "3"}]));
        assert_eq!(
            found(&doc, None),
            [warning(
                "/extraModifiers/0",
                codes::DEPRECATED_EXTRA_MODIFIER
            )]
        );
    }

    #[test]
    fn unsupported_bbcodes_warn() {
        // seed 001 Appendix A, selfServiceExtraText: "subset of BBcodes".
        let doc = with(json!([{"type": "selfServiceExtraText", "value": "[url=x]y[/url]"}]));
        assert_eq!(
            found(&doc, None),
            [warning(
                "/extraModifiers/0/value",
                codes::UNSUPPORTED_BBCODE_TAG
            )]
        );
    }
}

//! The rules of seed 001 (Case Integration API, Appendix A and code lists
//! B-I) that `schemas/case.schema.json` cannot express: rules across fields,
//! rules for a named product, and code lists that depend on context. One
//! module per part of the case document; `issue_codes` holds every code.

mod assign_to;
pub mod code_lists;
mod contacts;
mod countries;
mod custom_service;
mod deductible;
mod descriptive_content;
mod extra_modifiers;
mod fields;
mod follow_up;
mod formats;
mod integration_options;
pub mod iso_codes;
pub mod issue_codes;
mod loss;
mod payment_details;
mod required;
mod risk_assessment;
mod third_party;
mod usage;

use crate::json::Value;

use crate::product::Product;
use crate::report::Issue;

/// Rules of seed 001 that the case schema cannot express. Runs after the
/// schema; `doc` is the parsed document (root is an object, but any field may
/// still have the wrong type: skip a rule quietly when its inputs have the
/// wrong type, the schema already reported that).
pub fn check_rules(doc: &Value, product: Option<Product>, issues: &mut Vec<Issue>) {
    let case = Case { doc, product };
    for rule in RULES {
        rule(&case, issues);
    }
}

/// Every rule, in the order of Appendix A.
const RULES: &[fn(&Case, &mut Vec<Issue>)] = &[
    required::check,
    countries::check,
    third_party::check,
    integration_options::check,
    deductible::check,
    descriptive_content::check,
    payment_details::check,
    contacts::check,
    loss::check,
    risk_assessment::check,
    extra_modifiers::check,
    follow_up::check,
    assign_to::check,
    custom_service::check,
    usage::check,
];

/// The document with what every rule asks about it.
pub(crate) struct Case<'a> {
    pub doc: &'a Value<'a>,
    /// Rules written for one product apply only when the caller names it
    /// (shared/README.md §9).
    pub product: Option<Product>,
}

impl<'a> Case<'a> {
    pub fn field(&self, pointer: &str) -> fields::Field<'a> {
        fields::field(self.doc, pointer)
    }

    /// The text at `pointer`, when it is a string.
    pub fn text(&self, pointer: &str) -> Option<&'a str> {
        self.field(pointer).text()
    }

    pub fn case_type(&self) -> Option<&'a str> {
        self.text("/caseType")
    }

    /// Whether the caller named `product`.
    pub fn is_for(&self, product: Product) -> bool {
        self.product == Some(product)
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Runs the rules alone (without the schema) on small documents.

    use super::*;
    use crate::report::Severity;

    /// A minimal valid case (the spec's "simplest" example) with `extra`
    /// merged in at the top level. Tests build and edit documents with
    /// serde_json; the rules read them as `json::Value`.
    pub fn case_with(extra: serde_json::Value) -> serde_json::Value {
        let mut doc = serde_json::json!({
            "tenant": "abcinsurance",
            "company": "budgetinsurance",
            "country": "dk",
            "caseType": "buildingClaim",
            "caseNumber": "9871234-01",
            "policy": {"number": "4405.09228"}
        });
        if let (serde_json::Value::Object(base), serde_json::Value::Object(more)) =
            (&mut doc, extra)
        {
            base.extend(more);
        }
        doc
    }

    pub fn issues(doc: &serde_json::Value, product: Option<Product>) -> Vec<Issue> {
        let mut issues = Vec::new();
        check_rules(&Value::from(doc), product, &mut issues);
        issues
    }

    /// (severity, code, path) of every issue, in order.
    pub fn found(
        doc: &serde_json::Value,
        product: Option<Product>,
    ) -> Vec<(Severity, &'static str, String)> {
        issues(doc, product)
            .into_iter()
            .map(|i| (i.severity, i.code, i.path))
            .collect()
    }

    /// Like `found`, keeping only the issues with one of `codes`.
    pub fn found_of(
        doc: &serde_json::Value,
        product: Option<Product>,
        codes: &[&str],
    ) -> Vec<(Severity, &'static str, String)> {
        let mut all = found(doc, product);
        all.retain(|(_, code, _)| codes.contains(code));
        all
    }

    pub fn error(path: &str, code: &'static str) -> (Severity, &'static str, String) {
        (Severity::Error, code, path.to_string())
    }

    pub fn warning(path: &str, code: &'static str) -> (Severity, &'static str, String) {
        (Severity::Warning, code, path.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn the_simplest_example_passes_every_rule() {
        // seed 001 "Create Case Request": the simplest create case request data.
        assert_eq!(found(&case_with(json!({})), None), []);
    }

    #[test]
    fn wrong_types_everywhere_never_panic_and_add_nothing() {
        // Rules skip quietly where the schema reports a wrong type.
        let mut doc = case_with(json!({}));
        for key in [
            "policy",
            "customer",
            "contacts",
            "loss",
            "riskAssessment",
            "extraModifiers",
            "assignTo",
            "customService",
            "integrationOptions",
            "thirdPartyPolicies",
            "damageAddress",
            "case",
            "accidentDate",
            "language",
            "country",
            "caseType",
            "subCaseType",
        ] {
            doc[key] = json!(7);
        }
        // A field a product does not use is still reported, whatever its type.
        let unused = issue_codes::FIELD_NOT_USED_BY_PRODUCT;
        for product in Product::ALL.map(Some).into_iter().chain([None]) {
            let mut found = found(&doc, product);
            found.retain(|(_, code, _)| *code != unused);
            assert_eq!(found, [], "{product:?}");
        }
    }

    /// Keys of the case document, so random documents reach the rules.
    const KEYS: &[&str] = &[
        "policy",
        "number",
        "deductible",
        "value",
        "percentage",
        "minValue",
        "maxValue",
        "conditionalItemValue",
        "conditionalItemsCount",
        "conditionalTotalValueModifier",
        "data",
        "properties",
        "title",
        "customer",
        "mobile",
        "email",
        "address",
        "country",
        "street1",
        "paymentDetails",
        "type",
        "iban",
        "contacts",
        "name",
        "firstName",
        "loss",
        "subType",
        "riskAssessment",
        "additionalCoverages",
        "buildings",
        "coverages",
        "extraModifiers",
        "assignTo",
        "role",
        "autoAssign",
        "customService",
        "id",
        "integrationOptions",
        "autoCompleteCreation",
        "startSelfService",
        "thirdPartyPolicies",
        "companyCode",
        "policyType",
        "caseType",
        "language",
        "case",
        "accidentPlace",
    ];

    fn any_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            (-3i64..5).prop_map(Value::from),
            prop::sample::select(vec![
                "",
                " ",
                "Yes",
                "Other",
                "HiddenPlaces",
                "PipeDamage",
                "StormDamage",
                "Storm",
                "caseOwner",
                "boolean",
                "22656511",
                "insuranceClaim",
                "privateMedicalInsuranceClaim",
                "uk",
                "da-DK",
                "1.5",
                "[b]x[/y]",
                "leakType",
                "inspectionType",
                "windowsCount",
            ])
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                    Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                }),
            ]
        })
    }

    proptest::proptest! {
        // No panic on any input: every rule reads the document defensively.
        #[test]
        fn random_documents_never_panic(
            fields in proptest::collection::vec((proptest::sample::select(KEYS), any_json()), 0..8)
        ) {
            let mut doc = case_with(serde_json::json!({}));
            for (key, value) in fields {
                doc[key] = value;
            }
            for product in Product::ALL.map(Some).into_iter().chain([None]) {
                issues(&doc, product);
            }
        }
    }
}

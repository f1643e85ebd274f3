//! The insurance company of a task, and the ERP's settings for it (seed
//! 000: alias, sub-alias, customer type, team, responsible user, template).

use crate::json::Value;

use super::error::{MappingError, OptionProblem};
use super::model::Insurer;
use super::options::InsurerSettings;
use crate::decimal;
use crate::report::Issue;

/// Warning code when no settings match the task's insurer (stable API).
pub const INSURER_NOT_CONFIGURED: &str = "insurer-not-configured";

/// Every `insuranceCompanyId` setting must be a number: one that is not
/// would silently never match.
pub fn check_settings(insurers: &[InsurerSettings]) -> Result<(), MappingError> {
    for (i, settings) in insurers.iter().enumerate() {
        if let Some(id) = &settings.insurance_company_id {
            if decimal::parse(id.trim()).is_none() {
                return Err(MappingError::InvalidOption(OptionProblem {
                    name: format!("insurers[{i}].insuranceCompanyId"),
                    message: format!(
                        "{id:?} is not a number; B2 writes claim.insuranceCompanyId as an integer, e.g. 7"
                    ),
                }));
            }
        }
    }
    Ok(())
}

/// The settings for the task's `claim`: the first entry whose id equals
/// `insuranceCompanyId` by value, else the first whose name equals
/// `insuranceCompanyName` ignoring case and spacing.
pub fn find_settings<'a>(
    claim: &Value,
    insurers: &'a [InsurerSettings],
) -> Option<&'a InsurerSettings> {
    let id = match claim.get("insuranceCompanyId") {
        Some(Value::Number(n)) => decimal::from_number(n),
        _ => None,
    };
    let by_id = id.and_then(|id| {
        insurers.iter().find(|s| {
            s.insurance_company_id
                .as_deref()
                .and_then(|text| decimal::parse(text.trim()))
                == Some(id)
        })
    });
    let name = claim
        .get("insuranceCompanyName")
        .and_then(Value::as_str)
        .map(fold);
    by_id.or_else(|| {
        let name = name?;
        insurers
            .iter()
            .find(|s| s.insurance_company_name.as_deref().map(fold) == Some(name.clone()))
    })
}

/// The customer's parent.
pub fn insurer(
    claim: &Value,
    company_id: Option<String>,
    settings: Option<&InsurerSettings>,
) -> Insurer {
    Insurer {
        company_id,
        name: claim
            .get("insuranceCompanyName")
            .and_then(Value::as_str)
            .map(str::to_string),
        alias: settings.and_then(|s| s.alias.clone()),
        sub_alias: settings.and_then(|s| s.sub_alias.clone()),
        configured: settings.is_some(),
    }
}

/// The warning for a task whose insurer the ERP has not set up: the work
/// order is still made (refusing it would make Scalepoint retry and then
/// give up on a real job), without team, user, template or customer type.
pub fn not_configured(claim: &Value, task_path: &str) -> Issue {
    let id = claim.get("insuranceCompanyId").map(Value::to_string);
    let name = claim.get("insuranceCompanyName").map(Value::to_string);
    Issue::warning(
        format!("{task_path}/claim"),
        INSURER_NOT_CONFIGURED,
        format!(
            "no insurer settings match insuranceCompanyId {} / insuranceCompanyName {}: the work \
             order has no team, responsible user, task template or customer type",
            id.as_deref().unwrap_or("(none)"),
            name.as_deref().unwrap_or("(none)")
        ),
    )
}

fn fold(name: &str) -> String {
    super::customer::normalise_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn settings(id: Option<&str>, name: Option<&str>, team: &str) -> InsurerSettings {
        InsurerSettings {
            insurance_company_id: id.map(str::to_string),
            insurance_company_name: name.map(str::to_string),
            default_team: Some(team.into()),
            ..InsurerSettings::default()
        }
    }

    #[test]
    fn settings_match_by_id_first_then_by_name() {
        // seed 002 B1: claim.insuranceCompanyId 7, insuranceCompanyName "Zurich".
        let claim = json!({"insuranceCompanyId": 7, "insuranceCompanyName": "Zurich"});
        let insurers = [
            settings(None, Some("  ZURICH "), "by-name"),
            settings(Some("7.0"), None, "by-id"),
        ];
        let found = find_settings(&claim, &insurers).unwrap();
        assert_eq!(found.default_team.as_deref(), Some("by-id"));
        let found = find_settings(&claim, &insurers[..1]).unwrap();
        assert_eq!(found.default_team.as_deref(), Some("by-name"));
        assert_eq!(
            find_settings(&json!({"insuranceCompanyId": 8}), &insurers[1..]),
            None
        );
    }

    #[test]
    fn an_id_setting_that_is_no_number_is_refused() {
        let err = check_settings(&[settings(Some("seven"), None, "t")]).unwrap_err();
        let MappingError::InvalidOption(p) = err else {
            panic!()
        };
        assert_eq!(p.name, "insurers[0].insuranceCompanyId");
    }
}

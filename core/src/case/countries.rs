//! Country and language codes (seed 001 Appendix A, Root: country and
//! language; every address's country). The schema checks their shape
//! (`^[a-z]{2}$`, `^[a-z]{2}-[A-Z]{2}$`); here: is the code assigned?

use crate::report::Issue;

use super::iso_codes::{is_country, is_language};
use super::issue_codes as codes;
use super::Case;

/// Root `country` and every address `country` of Appendix A.
const COUNTRY_FIELDS: &[&str] = &[
    "/country",
    "/policy/policyHolder/address/country",
    "/customer/address/country",
    "/loss/building/address/country",
    "/riskAssessment/address/country",
    "/damageAddress/country",
];

pub(super) fn check(case: &Case, issues: &mut Vec<Issue>) {
    for pointer in COUNTRY_FIELDS {
        if let Some(code) = case.text(pointer) {
            country(pointer, code, issues);
        }
    }
    if let Some(tag) = case.text("/language") {
        language(tag, issues);
    }
}

/// Only two lower-case letters are judged here; anything else (including
/// the empty string an optional address may carry) is the schema's.
fn country(pointer: &str, code: &str, issues: &mut Vec<Issue>) {
    if !is_two_letters(code, |c| c.is_ascii_lowercase()) || is_country(code) {
        return;
    }
    let hint = match code {
        "uk" => "; the United Kingdom is \"gb\"",
        "el" => "; Greece is \"gr\"",
        _ => "",
    };
    issues.push(Issue::error(
        pointer,
        codes::UNKNOWN_COUNTRY_CODE,
        format!("{code:?} is not an ISO 3166-1 alpha-2 country code{hint}"),
    ));
}

/// Appendix A, Root: language is an ISO 639 language, a dash and an ISO 3166
/// country in upper case ("fr-CA").
fn language(tag: &str, issues: &mut Vec<Issue>) {
    let Some((lang, country)) = tag.split_once('-') else {
        return;
    };
    if !is_two_letters(lang, |c| c.is_ascii_lowercase())
        || !is_two_letters(country, |c| c.is_ascii_uppercase())
    {
        return;
    }
    let mut wrong = Vec::new();
    if !is_language(lang) {
        wrong.push(format!("{lang:?} is not an ISO 639-1 language code"));
    }
    if !is_country(&country.to_ascii_lowercase()) {
        wrong.push(format!("{country:?} is not an ISO 3166-1 country code"));
    }
    if !wrong.is_empty() {
        issues.push(Issue::error(
            "/language",
            codes::UNKNOWN_LANGUAGE_CODE,
            format!("language {tag:?}: {}", wrong.join("; ")),
        ));
    }
}

fn is_two_letters(s: &str, letter: fn(&char) -> bool) -> bool {
    s.len() == 2 && s.chars().all(|c| letter(&c))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn root_country_must_be_assigned_iso_3166_1() {
        // seed 001 Appendix A, Root: country, ISO 3166-1 alpha-2 in lower case.
        let doc = case_with(json!({"country": "uk"}));
        let issues = issues(&doc, None);
        assert_eq!(issues[0].code, codes::UNKNOWN_COUNTRY_CODE);
        assert!(
            issues[0].message.contains("\"gb\""),
            "{}",
            issues[0].message
        );
        // Upper case is the schema's pattern-mismatch, not ours.
        assert_eq!(found(&case_with(json!({"country": "DK"})), None), []);
    }

    #[test]
    fn address_countries_are_checked_and_may_be_empty() {
        // seed 001 Appendix A, DamageAddress: country ISO 3166-1; its example has empty strings.
        let doc = case_with(
            json!({"damageAddress": {"country": "xx"}, "customer": {"address": {"country": ""}}}),
        );
        assert_eq!(
            found(&doc, None),
            [error("/damageAddress/country", codes::UNKNOWN_COUNTRY_CODE)]
        );
    }

    #[test]
    fn language_parts_must_be_assigned() {
        // seed 001 Appendix A, Root: language "fr-CA" = ISO 639 + ISO 3166.
        assert_eq!(found(&case_with(json!({"language": "da-DK"})), None), []);
        assert_eq!(found(&case_with(json!({"language": "fr-CA"})), None), []);
        let doc = case_with(json!({"language": "dk-DA"}));
        let issues = issues(&doc, None);
        assert_eq!(issues.len(), 1);
        assert_eq!(
            (issues[0].code, issues[0].path.as_str()),
            (codes::UNKNOWN_LANGUAGE_CODE, "/language")
        );
        assert!(
            issues[0].message.contains("\"dk\" is not an ISO 639-1"),
            "{}",
            issues[0].message
        );
    }
}

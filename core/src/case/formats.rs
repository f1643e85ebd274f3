//! The formats that rules need to judge themselves (the schema checks them
//! too, but a rule such as "startSelfService needs a valid mobile" must know
//! the answer, not only report it).

use crate::schema::Format;

/// Seed 001 Appendix A, customer.mobile: an optional prefix "+CC" or "00CC",
/// then digits and spaces only. The same language as the schema's
/// `#/definitions/mobile` pattern
/// `^(\+[0-9]{1,3}|00[0-9]{1,3})?[0-9 ]*[0-9][0-9 ]*$`: after a `+` a digit
/// must follow and two digits at least are needed (one for the prefix, one
/// for the number); "00CC" is digits already.
pub fn is_mobile(s: &str) -> bool {
    let (body, min_digits) = match s.strip_prefix('+') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => (rest, 2),
        Some(_) => return false,
        None => (s, 1),
    };
    body.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && body.chars().filter(char::is_ascii_digit).count() >= min_digits
}

/// The schema's `email` format, so both judge alike.
pub fn is_email(s: &str) -> bool {
    Format::Email.matches(s)
}

/// An absolute http(s) URL: a claimant is redirected there (Appendix A,
/// extra modifier postItemizationCompletedUrl).
pub fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/')) && Format::Uri.matches(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    fn schema_mobile_pattern() -> regex_lite::Regex {
        let schema: Value =
            serde_json::from_str(include_str!("../../../schemas/case.schema.json")).unwrap();
        let source = schema["definitions"]["mobile"]["pattern"].as_str().unwrap();
        regex_lite::Regex::new(source).unwrap()
    }

    #[test]
    fn the_spec_mobile_examples_pass() {
        // seed 001 Appendix A, customer.mobile: "+45 12 34 56 78", "+4512345678", prefix "0045".
        for ok in [
            "+45 12 34 56 78",
            "+4512345678",
            "0045 12345678",
            "12345678",
        ] {
            assert!(is_mobile(ok), "{ok}");
        }
        for bad in [
            "+45-12345678",
            "(45) 1234",
            "+ 45 1234",
            "",
            " ",
            "+",
            "+4",
            "12.34",
        ] {
            assert!(!is_mobile(bad), "{bad}");
        }
    }

    proptest! {
        // seed 001 Appendix A, customer.mobile: Rust and the schema pattern agree.
        #[test]
        fn mobile_check_agrees_with_the_schema_pattern(s in "[+0-9 a-]{0,8}") {
            prop_assert_eq!(is_mobile(&s), schema_mobile_pattern().is_match(&s));
        }
    }

    #[test]
    fn redirect_urls_are_absolute_http() {
        // seed 001 Appendix A, extraModifiers postItemizationCompletedUrl example.
        assert!(is_web_url(
            "http://www.abcinsurance.com/thankyou.aspx?userid=DPMWI29us9IcUvGb"
        ));
        assert!(!is_web_url("www.abcinsurance.com/thankyou"));
        assert!(!is_web_url("ftp://abcinsurance.com"));
        assert!(!is_web_url("https://"));
    }
}

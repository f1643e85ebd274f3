//! The claimant as the ERP's customer, under the insurance company (seed
//! 000: "The insurance client will also be created as a CRM object related
//! to the appropriate insurance company"), with a key that finds the same
//! person again however a task writes their phone, e-mail or name.

use crate::json::Value;

use super::addresses;
use super::model::{Customer, Insurer};
use super::options::InsurerSettings;

/// The customer of one task. `claimant` and `claim` are B2's objects.
pub fn customer(
    claimant: &Value,
    claim: &Value,
    parent: Insurer,
    settings: Option<&InsurerSettings>,
) -> Customer {
    let string = |object: &Value, field: &str| {
        object
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let name = string(claimant, "name").unwrap_or_default();
    let email = string(claimant, "email");
    let phone = string(claimant, "phone");
    let mobile_phone = string(claimant, "mobilePhone");
    let address = addresses::address(claimant);
    // The mobile is the person's own; a landline may be shared.
    let key_phone = [mobile_phone.as_deref(), phone.as_deref()]
        .into_iter()
        .flatten()
        .find(|p| normalise_phone(p).is_some());
    let dedup_key = dedup_key(
        &name,
        key_phone,
        email.as_deref(),
        address.as_ref().map(address_text).as_deref(),
    );
    Customer {
        dedup_key,
        name,
        email,
        phone,
        mobile_phone,
        address,
        policy_number: string(claim, "policyNumber"),
        customer_type: settings.and_then(|s| s.customer_type.clone()),
        parent,
    }
}

/// `phone:P|email:E|name:N`, each part normalised, absent parts empty. With
/// neither phone nor e-mail a name alone would merge namesakes, so the
/// address is added: `|address:A`.
pub fn dedup_key(
    name: &str,
    phone: Option<&str>,
    email: Option<&str>,
    address: Option<&str>,
) -> String {
    let phone = phone.and_then(normalise_phone);
    let email = email.and_then(normalise_email);
    let mut key = format!(
        "phone:{}|email:{}|name:{}",
        phone.as_deref().unwrap_or_default(),
        email.as_deref().unwrap_or_default(),
        normalise_name(name)
    );
    if phone.is_none() && email.is_none() {
        key.push_str("|address:");
        key.push_str(&normalise_name(address.unwrap_or_default()));
    }
    key
}

/// Digits only, without the Danish country prefix: `+45 81-53-44-28`,
/// `0045 81534428` and `81 53 44 28` are all `81534428`. Another country's
/// prefix is kept as `+CC`, whether written `+CC` or `00CC` (Danish
/// national numbers never start with 0). `None` when no digit is left.
pub fn normalise_phone(phone: &str) -> Option<String> {
    let trimmed = phone.trim();
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let international = if trimmed.starts_with('+') {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    let normalised = match international {
        Some(rest) => match rest.strip_prefix("45") {
            Some(national) => national.to_string(),
            None => format!("+{rest}"),
        },
        None => digits.clone(),
    };
    (!normalised.trim_start_matches('+').is_empty()).then_some(normalised)
}

/// Trimmed and lower-cased; `None` when empty.
pub fn normalise_email(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    (!email.is_empty()).then_some(email)
}

/// Lower-cased, with single spaces between words.
pub fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn address_text(address: &super::model::Address) -> String {
    [
        &address.line1,
        &address.line2,
        &address.postal_code,
        &address.city,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect::<Vec<_>>()
    .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_prefixes_spaces_and_dashes_are_stripped() {
        // seed 002 B1 writes the claimant's phone "+45 81-53-44-28".
        for written in [
            "+45 81-53-44-28",
            "0045 81534428",
            "81 53 44 28",
            "+4581534428",
            " 81-53-44-28 ",
        ] {
            assert_eq!(
                normalise_phone(written).as_deref(),
                Some("81534428"),
                "{written}"
            );
        }
    }

    #[test]
    fn other_countries_keep_their_prefix() {
        assert_eq!(
            normalise_phone("+46 70 123 45 67").as_deref(),
            Some("+46701234567")
        );
        assert_eq!(
            normalise_phone("0046 70 123 45 67").as_deref(),
            Some("+46701234567")
        );
        assert_eq!(normalise_phone(" - "), None);
        assert_eq!(normalise_phone("+45"), None);
    }

    #[test]
    fn the_same_person_gives_the_same_key() {
        let a = dedup_key(
            "Dorthey  Tieman",
            Some("+45 44 44 44 44"),
            Some("JohnDoe@Mail.com "),
            None,
        );
        let b = dedup_key(
            " dorthey tieman",
            Some("0045-44444444"),
            Some("johndoe@mail.com"),
            None,
        );
        assert_eq!(a, b);
        assert_eq!(
            a,
            "phone:44444444|email:johndoe@mail.com|name:dorthey tieman"
        );
    }

    #[test]
    fn namesakes_without_phone_or_email_are_told_apart_by_address() {
        let a = dedup_key("Jens Hansen", None, None, Some("Nørregade 1 9000 Aalborg"));
        let b = dedup_key(
            "Jens Hansen",
            None,
            Some(""),
            Some("Vestergade 2 8000 Aarhus"),
        );
        assert_ne!(a, b);
        assert_eq!(
            a,
            "phone:|email:|name:jens hansen|address:nørregade 1 9000 aalborg"
        );
    }
}

//! Who is posting: the insurer whose security token came with the request
//! (seed 002, Authentication: a pre-shared GUID in the form data).
//!
//! Every stored token is compared in constant time and none is skipped, so
//! the time a request takes says nothing about how close its token was.
//! Tokens are never logged.

use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::store::Insurer;

/// The insurer `token` belongs to. GUIDs are case-insensitive; the store
/// keeps them lower-case.
pub fn authenticate<'a>(insurers: &'a [Insurer], token: &[u8]) -> Option<&'a Insurer> {
    let token = token.to_ascii_lowercase();
    // 1-based index of the match; 0 for none.
    let mut found = 0u64;
    for (index, insurer) in insurers.iter().enumerate() {
        let equal = insurer.settings.security_token.as_bytes().ct_eq(&token);
        found.conditional_assign(&(index as u64 + 1), equal);
    }
    let index = usize::try_from(found).ok()?.checked_sub(1)?;
    insurers.get(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewInsurer;

    fn insurer(id: i64, token: &str) -> Insurer {
        Insurer {
            id,
            settings: NewInsurer {
                name: format!("insurer {id}"),
                security_token: token.into(),
                ..NewInsurer::default()
            },
            created_at: String::new(),
        }
    }

    #[test]
    fn finds_the_insurer_of_a_token_in_any_case() {
        let insurers = [
            insurer(1, "0829a953-5f85-4d41-a30c-a582101812f4"),
            insurer(2, "9a4da5d2-ec13-4d10-9949-0461c7ad15c6"),
        ];
        let found = authenticate(&insurers, b"9A4DA5D2-EC13-4D10-9949-0461C7AD15C6");
        assert_eq!(found.map(|i| i.id), Some(2));
        assert!(authenticate(&insurers, b"9a4da5d2-ec13-4d10-9949-0461c7ad15c7").is_none());
        assert!(authenticate(&insurers, b"").is_none());
        assert!(authenticate(&[], b"0829a953-5f85-4d41-a30c-a582101812f4").is_none());
    }
}

//! The `format` values our schemas use, checked with chrono.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `yyyy-MM-dd` (RFC 3339 full-date).
    Date,
    /// RFC 3339 date-time with offset.
    DateTime,
    /// ISO 8601 as seed 001 uses it: a date, or a date-time with or without
    /// an offset.
    Iso8601,
    Email,
    Uri,
}

impl Format {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "date" => Format::Date,
            "date-time" => Format::DateTime,
            "iso8601" => Format::Iso8601,
            "email" => Format::Email,
            "uri" => Format::Uri,
            _ => return None,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            Format::Date => "a date (yyyy-MM-dd)",
            Format::DateTime => "an RFC 3339 date-time (e.g. 2020-10-20T13:14:46Z)",
            Format::Iso8601 => {
                "an ISO 8601 date or date-time (e.g. 2020-10-19 or 2020-10-19T22:00:00Z)"
            }
            Format::Email => "an e-mail address",
            Format::Uri => "an absolute URI",
        }
    }

    pub fn matches(self, s: &str) -> bool {
        match self {
            Format::Date => is_date(s),
            Format::DateTime => is_rfc3339(s),
            Format::Iso8601 => is_date(s) || is_rfc3339(s) || is_local_date_time(s),
            Format::Email => is_email(s),
            Format::Uri => is_absolute_uri(s),
        }
    }
}

/// `yyyy-MM-dd`, a real calendar day. Read by hand rather than through a
/// strftime pattern, which chrono parses anew on every call: this runs for
/// every date of every document.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    match (digits(0..4), digits(5..7), digits(8..10)) {
        (Some(year), Some(month), Some(day)) => {
            NaiveDate::from_ymd_opt(year as i32, month, day).is_some()
        }
        _ => false,
    }
}

pub fn is_rfc3339(s: &str) -> bool {
    DateTime::parse_from_rfc3339(s).is_ok()
}

fn is_local_date_time(s: &str) -> bool {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").is_ok()
}

/// One `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !has_whitespace(s)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// `s.contains(char::is_whitespace)`, settled eight bytes at a time for
/// text with no byte at or below a space and none outside ASCII (a link, an
/// address); other text is read character by character as before. In the
/// guest the character loop (a decode and a table look-up per character,
/// and a deadline check per turn) was 2 % of validating B1, most of it on
/// one attachment link.
fn has_whitespace(s: &str) -> bool {
    use crate::swar::{ascii_in_range, HIGH_BITS};
    // Marks the bytes below 0x21 or above 0x7F.
    let unusual = |word: u64| !ascii_in_range(word, 0x21, 0x7F) & HIGH_BITS;
    let (words, tail) = s.as_bytes().as_chunks::<8>();
    let plain = words
        .iter()
        .all(|word| unusual(u64::from_le_bytes(*word)) == 0)
        && tail.iter().all(|&b| (0x21..0x80).contains(&b));
    !plain && s.chars().any(char::is_whitespace)
}

/// `scheme:rest` with an RFC 3986 scheme and no spaces.
pub fn is_absolute_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !has_whitespace(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_days() {
        assert!(Format::Date.matches("2020-02-29"));
        assert!(!Format::Date.matches("2021-02-29"));
        assert!(!Format::Date.matches("2020-2-1"));
        assert!(!Format::Date.matches("2020- 2-01"));
        assert!(!Format::Date.matches("2020-02-1x"));
        assert!(!Format::Date.matches("2020/02/01"));
        assert!(Format::Date.matches("0000-01-01"));
        assert!(!Format::Date.matches("2020-00-10"));
        assert!(!Format::Date.matches("2020-04-31"));
    }

    #[test]
    fn iso8601_takes_both_forms_seed_001_uses() {
        assert!(Format::Iso8601.matches("2020-10-19"));
        assert!(Format::Iso8601.matches("2020-10-19T22:00:00Z"));
        assert!(Format::Iso8601.matches("2020-10-19T22:00:00"));
        assert!(!Format::Iso8601.matches("19/10/2020"));
    }

    #[test]
    fn emails_and_uris() {
        assert!(Format::Email.matches("shop@servicepartner1.com"));
        assert!(!Format::Email.matches("shop@localhost"));
        assert!(Format::Uri.matches("https://www.scalepoint.com/x"));
        assert!(!Format::Uri.matches("www.scalepoint.com"));
    }

    /// `has_whitespace` says what `contains(char::is_whitespace)` says:
    /// every character that may be whitespace or near it, at every offset
    /// of a word and in the tail.
    #[test]
    fn whitespace_is_found_wherever_it_is() {
        let near = [
            '\t',
            '\n',
            '\u{b}',
            '\u{c}',
            '\r',
            ' ',
            '\0',
            '\u{1f}',
            '!',
            '~',
            '\u{7f}',
            '\u{85}',
            '\u{a0}',
            'é',
            '\u{1680}',
            '\u{2000}',
            '\u{200b}',
            '\u{3000}',
            '\u{10ffff}',
        ];
        for len in 0..20 {
            for at in 0..len {
                for c in near {
                    let text: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    assert_eq!(
                        has_whitespace(&text),
                        text.contains(char::is_whitespace),
                        "{text:?}"
                    );
                }
            }
        }
        assert!(!has_whitespace(
            "https://www.scalepoint.com/webapp/ScalePoint/dk/rest/file/56EFF336"
        ));
    }
}

//! Reading a case document that the schema may already have found fault
//! with: every helper answers "absent", "present" or "cannot tell" (an
//! ancestor has the wrong type), so a rule can skip quietly where the schema
//! has spoken.

use crate::json::Value;
use rust_decimal::Decimal;

use crate::report::{pointer_child, pointer_index};

/// What a JSON Pointer leads to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field<'a> {
    /// Every ancestor is an object and the last one lacks the member.
    Absent,
    Present(&'a Value<'a>),
    /// An ancestor is not an object: the schema reports that, not us.
    Unreachable,
}

impl<'a> Field<'a> {
    /// Absent, or a string of nothing but spaces (a required text that says
    /// nothing). `null` and other types count as present: the schema's type
    /// check reports them.
    pub fn is_missing(self) -> bool {
        match self {
            Field::Absent => true,
            Field::Present(v) => is_blank(v),
            Field::Unreachable => false,
        }
    }

    pub fn value(self) -> Option<&'a Value<'a>> {
        match self {
            Field::Present(v) => Some(v),
            _ => None,
        }
    }

    pub fn text(self) -> Option<&'a str> {
        self.value().and_then(Value::as_str)
    }
}

/// Follows `pointer` (unescaped `/a/b` tokens, as our rules write them).
pub fn field<'a>(doc: &'a Value<'a>, pointer: &str) -> Field<'a> {
    let mut current = doc;
    for token in pointer.split('/').skip(1) {
        let Value::Object(map) = current else {
            return Field::Unreachable;
        };
        match map.get(token) {
            Some(v) => current = v,
            None => return Field::Absent,
        }
    }
    Field::Present(current)
}

/// A string of nothing but whitespace.
pub fn is_blank(value: &Value) -> bool {
    value.as_str().is_some_and(|s| s.trim().is_empty())
}

/// A value that carries data: not null, not a blank string, not an empty
/// array or object.
pub fn has_content(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

/// The non-blank text at `key` of `object`.
pub fn text_of<'a>(object: &'a Value<'a>, key: &str) -> Option<&'a str> {
    object
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

/// The elements of the array at `pointer`, each with its own pointer; none
/// when the value is absent or not an array.
pub fn elements<'a>(doc: &'a Value<'a>, pointer: &str) -> Vec<(String, &'a Value<'a>)> {
    match field(doc, pointer).value() {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (pointer_index(pointer, i), v))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every value matching `pattern`, a pointer in which `*` stands for each
/// element of an array: `/contacts/*/firstName`.
pub fn select<'a>(doc: &'a Value<'a>, pattern: &str) -> Vec<(String, &'a Value<'a>)> {
    let mut found = vec![(String::new(), doc)];
    for token in pattern.split('/').skip(1) {
        found = found
            .into_iter()
            .flat_map(|(at, value)| step(at, value, token))
            .collect();
    }
    found
}

fn step<'a>(at: String, value: &'a Value<'a>, token: &str) -> Vec<(String, &'a Value<'a>)> {
    match (value, token) {
        (Value::Array(items), "*") => items
            .iter()
            .enumerate()
            .map(|(i, v)| (pointer_index(&at, i), v))
            .collect(),
        (Value::Object(map), _) => map
            .get(token)
            .map(|v| vec![(pointer_child(&at, token), v)])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The spec's own spelling of a pattern: `/contacts/*/firstName` is
/// `contacts[].firstName`.
pub fn spec_name(pattern: &str) -> String {
    pattern
        .trim_start_matches('/')
        .replace("/*", "[]")
        .replace('/', ".")
}

/// An amount, read exactly: a JSON number, or a string in US format without
/// thousand delimiters (seed 001 Appendix A, policy.deductible.value).
pub fn amount(value: &Value) -> Option<Decimal> {
    match value {
        Value::Number(n) => crate::decimal::from_number(n),
        Value::String(s) if is_us_decimal(s) => crate::decimal::parse(s),
        _ => None,
    }
}

/// Digits, optionally a point and more digits: `5000.00`.
fn is_us_decimal(s: &str) -> bool {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, "0"));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && digits(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn fields_distinguish_absent_from_unreachable() {
        let doc = json!({"policy": {"number": " "}, "customer": "x"});
        assert!(field(&doc, "/policy/number").is_missing());
        assert_eq!(field(&doc, "/policy/type"), Field::Absent);
        assert_eq!(field(&doc, "/customer/firstName"), Field::Unreachable);
        assert!(!field(&doc, "/customer/firstName").is_missing());
    }

    #[test]
    fn select_walks_arrays() {
        let doc = json!({"contacts": [{"name": "a"}, {"firstName": "b"}, {"name": "c"}]});
        let found: Vec<_> = select(&doc, "/contacts/*/name")
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(found, ["/contacts/0/name", "/contacts/2/name"]);
        assert_eq!(spec_name("/contacts/*/name"), "contacts[].name");
    }

    #[test]
    fn amounts_in_us_format_are_exact() {
        // seed 001 Appendix A, policy.deductible.value: "US format without thousand delimiters (e.g. 5000.00)".
        let n = crate::json::from_serde_text("1152.6");
        assert_eq!(amount(&n), Some(Decimal::new(11526, 1)));
        assert_eq!(amount(&json!("5000.00")), Some(Decimal::new(500000, 2)));
        assert_eq!(amount(&json!("5,000.00")), None);
        assert_eq!(amount(&json!("-5")), None);
    }
}

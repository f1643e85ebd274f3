//! Reading fields of a validated task. Numbers become decimal text from
//! their exact JSON text (STYLE.md "Money": never through a float); a number
//! longer than a decimal holds cannot be carried exactly and is reported.

use crate::json::{Number, Value};
use rust_decimal::Decimal;

use crate::report::{pointer_child, Issue};

/// Issue code of a number the mapping cannot carry exactly (stable API).
pub const NUMBER_TOO_LONG: &str = "number-too-long";

/// The exact decimal text of a JSON number, exponent expanded: `5200.0`
/// stays `5200.0`, `1.5e2` becomes `150`. `None` when a `Decimal` cannot
/// hold it exactly (more than 28 significant digits, or out of range).
pub fn decimal_text(n: &Number) -> Option<String> {
    exact(n.as_str()).map(|d| d.to_string())
}

/// Parses JSON number text, refusing instead of rounding: `Decimal`'s own
/// parser (and `crate::decimal`) round digits beyond 28 places away.
fn exact(text: &str) -> Option<Decimal> {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (text, 0),
    };
    crate::decimal::readable(mantissa).ok()?;
    let mut d = Decimal::from_str_exact(mantissa).ok()?;
    if exponent < 0 {
        let scale = i64::from(d.scale()).checked_sub(exponent)?;
        d.set_scale(u32::try_from(scale).ok()?).ok()?;
    } else {
        let target = i64::from(d.scale()).saturating_sub(exponent).max(0);
        for _ in 0..exponent {
            d = d.checked_mul(Decimal::TEN)?;
        }
        // Only zeros the multiplication appended are dropped: 1.05e4 is 10500.
        d.rescale(u32::try_from(target).ok()?);
    }
    Some(d)
}

/// Reads fields and remembers every number it could not carry.
#[derive(Debug, Default)]
pub struct Reader {
    pub problems: Vec<Issue>,
}

impl Reader {
    /// The string at `field`, if present.
    pub fn string(&self, object: &Value, field: &str) -> Option<String> {
        object
            .get(field)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The boolean at `field`, if present.
    pub fn boolean(&self, object: &Value, field: &str) -> Option<bool> {
        object.get(field).and_then(Value::as_bool)
    }

    /// The number at `field` (of the object at JSON Pointer `path`) as
    /// decimal text.
    pub fn number(&mut self, object: &Value, field: &str, path: &str) -> Option<String> {
        let Some(Value::Number(n)) = object.get(field) else {
            return None;
        };
        let text = decimal_text(n);
        if text.is_none() {
            self.problems.push(Issue::error(
                pointer_child(path, field),
                NUMBER_TOO_LONG,
                format!(
                    "{field} {n} has more digits than an exact decimal holds (28); it cannot be \
                     carried into a work order without rounding"
                ),
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_json_text() {
        // STYLE.md: read money from the JSON text exactly.
        let doc = crate::json::from_serde_text(r#"{"a": 4213.02, "b": 5200.0, "c": 1e-2, "d": 7}"#);
        let mut reader = Reader::default();
        assert_eq!(reader.number(&doc, "a", "").as_deref(), Some("4213.02"));
        assert_eq!(reader.number(&doc, "b", "").as_deref(), Some("5200.0"));
        assert_eq!(reader.number(&doc, "c", "").as_deref(), Some("0.01"));
        assert_eq!(reader.number(&doc, "d", "").as_deref(), Some("7"));
        assert!(reader.problems.is_empty());
    }

    #[test]
    fn exponents_are_expanded_exactly() {
        for (text, expected) in [
            ("1.05e4", "10500"),
            ("1.2345E2", "123.45"),
            ("25e-1", "2.5"),
            ("-3.10e-2", "-0.0310"),
            (
                "0.30000000000000000000000001",
                "0.30000000000000000000000001",
            ),
        ] {
            assert_eq!(
                exact(text).map(|d| d.to_string()).as_deref(),
                Some(expected),
                "{text}"
            );
        }
        for text in [
            "1e29",
            "1e-29",
            "4213.0200000000000000000000000001",
            "1e999999999",
        ] {
            assert_eq!(exact(text), None, "{text}");
        }
    }

    #[test]
    fn a_number_too_long_is_reported_not_rounded() {
        let doc = crate::json::from_serde_text(r#"{"x": 123456789012345678901234567890.5}"#);
        let mut reader = Reader::default();
        assert_eq!(reader.number(&doc, "x", "/serviceTasks/0"), None);
        assert_eq!(reader.problems[0].code, NUMBER_TOO_LONG);
        assert_eq!(reader.problems[0].path, "/serviceTasks/0/x");
    }
}

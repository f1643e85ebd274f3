//! Exact decimals from JSON numbers. serde_json is built with
//! `arbitrary_precision`, so a number keeps its JSON text and `1152.6` stays
//! 1152.6 instead of the nearest f64.

use rust_decimal::Decimal;
use serde_json::Number;

/// The number's exact value, or `None` when it does not fit a `Decimal`
/// (about 28 significant digits).
pub fn from_number(n: &Number) -> Option<Decimal> {
    parse(n.as_str())
}

/// Parses JSON number text, exponents included. Text that a `Decimal`
/// cannot hold exactly (more than 28 significant digits) is `None`, never
/// silently rounded.
pub fn parse(text: &str) -> Option<Decimal> {
    if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()
    } else {
        Decimal::from_str_exact(text).ok()
    }
}

/// JSON Schema's `integer`: any number whose value has no fractional part
/// (`1.0` counts, as draft-07 says).
pub fn is_integer(n: &Number) -> bool {
    let text = n.as_str();
    if !text.contains(['.', 'e', 'E']) {
        return true;
    }
    from_number(n).is_some_and(|d| d.fract().is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn number(text: &str) -> Number {
        match serde_json::from_str::<Value>(text).unwrap() {
            Value::Number(n) => n,
            _ => unreachable!(),
        }
    }

    #[test]
    fn money_is_read_exactly() {
        assert_eq!(from_number(&number("1152.6")), Some(Decimal::new(11526, 1)));
        assert_eq!(
            from_number(&number("0.1")).unwrap() + from_number(&number("0.2")).unwrap(),
            Decimal::new(3, 1)
        );
        assert_eq!(from_number(&number("1.5e2")), Some(Decimal::new(150, 0)));
        assert_eq!(
            parse("4213.0200000000000000000000000001"),
            None,
            "never rounded"
        );
    }

    #[test]
    fn integers_follow_draft_07() {
        assert!(is_integer(&number("24")));
        assert!(is_integer(&number("24.0")));
        assert!(!is_integer(&number("24.5")));
        assert!(is_integer(&number("2e3")));
    }
}

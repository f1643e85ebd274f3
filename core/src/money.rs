//! Reading and comparing amounts: `rust_decimal`, 2 places, a tolerance.

use rust_decimal::{Decimal, RoundingStrategy};

/// The amount at `field` of `object`, if it is a number that fits a Decimal.
/// For tests only: it reads a number no Decimal holds as "absent", which the
/// invoice check must not (it reports `amount-out-of-range` instead).
#[cfg(test)]
pub(crate) fn amount(object: &serde_json::Value, field: &str) -> Option<Decimal> {
    match object.get(field)? {
        serde_json::Value::Number(n) => crate::decimal::parse(n.as_str()),
        _ => None,
    }
}

/// Rounds to cents, half away from zero, as invoices are written.
pub fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Whether two amounts agree at 2 places: their difference in cents is
/// smaller than `tolerance`. With the default 0.01 that means equal to the
/// cent, so any one-cent error is caught, while sub-cent noise is not an
/// error; 0.02 lets a one-cent rounding difference pass. A difference too
/// large for a `Decimal` is larger than any tolerance: they disagree.
pub fn agree(a: Decimal, b: Decimal, tolerance: Decimal) -> bool {
    match cents(a).checked_sub(cents(b)) {
        Some(difference) => difference.is_zero() || difference.abs() < tolerance,
        None => false,
    }
}

/// Formats an amount the way A3 writes them (`#0.00`).
pub fn show(d: Decimal) -> String {
    format!("{:.2}", cents(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn agreement_is_at_cents_within_tolerance() {
        assert!(agree(d("500.00"), d("500.004"), d("0")));
        assert!(agree(d("500.00"), d("500.004"), d("0.01")));
        assert!(!agree(d("500.00"), d("500.01"), d("0.01")));
        assert!(agree(d("500.00"), d("500.01"), d("0.02")));
        assert_eq!(show(d("400")), "400.00");
    }
}

//! Text a host passes across the WIT boundary: decimals, dates, GUIDs.
//! Mostly well-formed (so the fuzzer gets past the first check), sometimes
//! anything at all (so the first check is fuzzed too).

use arbitrary::{Arbitrary, Result, Unstructured};
use rust_decimal::Decimal;

/// Decimal text, e.g. an amount or a VAT rate: `"500.00"`, `"-0.0001"`, a
/// 28-digit number, or any string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalText(pub String);

impl<'a> Arbitrary<'a> for DecimalText {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let text = match u.int_in_range(0..=4u8)? {
            // Cents, as invoices are written.
            0 => Decimal::new(i64::from(u.arbitrary::<i32>()?), 2).to_string(),
            // Any i64 at a small scale.
            1 => Decimal::new(u.arbitrary()?, u.int_in_range(0..=6)?).to_string(),
            // The whole range of a Decimal: 96 bits, scale up to 28.
            2 => {
                let mantissa = u.arbitrary::<i128>()? % (1i128 << 96);
                Decimal::try_from_i128_with_scale(mantissa, u.int_in_range(0..=28)?)
                    .map_or_else(|_| "0".to_string(), |d| d.to_string())
            }
            // Exponent notation, which JSON allows and Decimal reads apart.
            3 => format!("{}e{}", u.arbitrary::<i32>()?, u.int_in_range(-40i8..=40)?),
            _ => u.arbitrary()?,
        };
        Ok(DecimalText(text))
    }
}

/// A date as A2 writes them: `yyyy-MM-dd`, an RFC 3339 date-time, or any text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateText(pub String);

impl<'a> Arbitrary<'a> for DateText {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let year = u.int_in_range(0..=10_000u32)?;
        let month = u.int_in_range(0..=13u32)?;
        let day = u.int_in_range(0..=32u32)?;
        let text = match u.int_in_range(0..=3u8)? {
            0 => format!("{year:04}-{month:02}-{day:02}"),
            1 => format!(
                "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
                u.int_in_range(0..=24u32)?,
                u.int_in_range(0..=60u32)?,
                u.int_in_range(0..=61u32)?
            ),
            2 => format!(
                "{year:04}-{month:02}-{day:02}T12:00:00.{}+{:02}:30",
                u.int_in_range(0..=999_999u32)?,
                u.int_in_range(0..=24u32)?
            ),
            _ => u.arbitrary()?,
        };
        Ok(DateText(text))
    }
}

/// S2's `created` mask `yyyy-MM-dd HH:mm:ss`, or any text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedText(pub String);

impl<'a> Arbitrary<'a> for CreatedText {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if u.arbitrary()? {
            return Ok(CreatedText(u.arbitrary()?));
        }
        Ok(CreatedText(format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            u.int_in_range(0..=10_000u32)?,
            u.int_in_range(0..=13u32)?,
            u.int_in_range(0..=32u32)?,
            u.int_in_range(0..=25u32)?,
            u.int_in_range(0..=60u32)?,
            u.int_in_range(0..=61u32)?
        )))
    }
}

/// A GUID in one of the spellings hosts use, or any text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidText(pub String);

impl<'a> Arbitrary<'a> for GuidText {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let bytes: [u8; 16] = u.arbitrary()?;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dashed = format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        );
        Ok(GuidText(match u.int_in_range(0..=4u8)? {
            0 => dashed,
            1 => dashed.to_uppercase(),
            2 => format!("{{{dashed}}}"),
            3 => hex,
            _ => u.arbitrary()?,
        }))
    }
}

/// One of `known`, or any text.
pub fn pick_or_any(u: &mut Unstructured<'_>, known: &[&str]) -> Result<String> {
    let i = u.int_in_range(0..=known.len())?;
    match known.get(i) {
        Some(k) => Ok((*k).to_string()),
        None => u.arbitrary(),
    }
}

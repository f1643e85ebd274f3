//! `invoice-options` as a host passes it (wit/types.wit): decimal text, read
//! into the core's options the way the component reads it.

use arbitrary::{Arbitrary, Result, Unstructured};
use rust_decimal::Decimal;
use scalepoint_core::{InvoiceOptions, SentInvoice};

use crate::text::{pick_or_any, DecimalText};

#[derive(Debug, Clone, Default, PartialEq, Eq, Arbitrary)]
pub struct InvoiceOptionsInput {
    pub vat_rate: Option<DecimalText>,
    pub tolerance: Option<DecimalText>,
    pub previously_sent: Vec<SentInvoiceInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentInvoiceInput {
    pub invoice_type: String,
    pub invoice_number: String,
    pub credit_note_number: Option<String>,
    pub total_amount: DecimalText,
}

/// Invoice numbers from a small set, so history and document meet.
pub const NUMBERS: [&str; 3] = ["Invoice_1", "Invoice_2", "CN_1"];
pub const TYPES: [&str; 2] = ["INVOICE", "CREDIT_NOTE"];

impl<'a> Arbitrary<'a> for SentInvoiceInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(SentInvoiceInput {
            invoice_type: pick_or_any(u, &TYPES)?,
            invoice_number: pick_or_any(u, &NUMBERS)?,
            credit_note_number: if u.arbitrary()? {
                Some(pick_or_any(u, &NUMBERS)?)
            } else {
                None
            },
            total_amount: u.arbitrary()?,
        })
    }
}

/// What the component answers instead of a report: `invalid-option`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidOption {
    pub name: String,
}

impl InvoiceOptionsInput {
    /// As component/src/convert.rs reads them: trimmed text, `scalepoint_core::decimal::from_text`.
    pub fn to_core(&self) -> std::result::Result<InvoiceOptions, InvalidOption> {
        let defaults = InvoiceOptions::default();
        Ok(InvoiceOptions {
            vat_rate: optional("vat-rate", &self.vat_rate, defaults.vat_rate)?,
            tolerance: optional("tolerance", &self.tolerance, defaults.tolerance)?,
            previously_sent: self
                .previously_sent
                .iter()
                .map(|s| {
                    Ok(SentInvoice {
                        invoice_type: s.invoice_type.clone(),
                        invoice_number: s.invoice_number.clone(),
                        credit_note_number: s.credit_note_number.clone(),
                        total_amount: decimal("previously-sent.total-amount", &s.total_amount)?,
                    })
                })
                .collect::<std::result::Result<_, _>>()?,
        })
    }
}

fn optional(
    name: &str,
    text: &Option<DecimalText>,
    default: Decimal,
) -> std::result::Result<Decimal, InvalidOption> {
    text.as_ref().map_or(Ok(default), |t| decimal(name, t))
}

fn decimal(name: &str, text: &DecimalText) -> std::result::Result<Decimal, InvalidOption> {
    scalepoint_core::decimal::from_text(text.0.trim()).map_err(|_| InvalidOption {
        name: name.to_string(),
    })
}

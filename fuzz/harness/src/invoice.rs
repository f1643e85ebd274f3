//! Invoices for `check-invoice` (an A2 `invoice` object as JSON) and for
//! `build-feedback` (the WIT record, amounts as text). Half of them balance
//! by construction, so the arithmetic rules have a property to keep: an
//! invoice whose totals are the sums of its lines has no mismatch.

use arbitrary::{Arbitrary, Result, Unstructured};
use rust_decimal::Decimal;
use scalepoint_core::feedback_builder::{Invoice, InvoiceLine};
use serde_json::{Map, Number, Value};

use crate::options::{NUMBERS, TYPES};
use crate::text::{pick_or_any, DateText, DecimalText};

/// A value where A2 wants an amount: a number mostly, sometimes not.
#[derive(Debug, Clone, PartialEq, Eq, Arbitrary)]
pub enum JsonAmount {
    Number(DecimalText),
    Absent,
    Null,
    Text(String),
}

impl JsonAmount {
    fn put(&self, object: &mut Map<String, Value>, key: &str) {
        let value = match self {
            JsonAmount::Absent => return,
            JsonAmount::Null => Value::Null,
            JsonAmount::Text(s) => Value::String(s.clone()),
            JsonAmount::Number(d) => number(&d.0),
        };
        object.insert(key.into(), value);
    }
}

/// JSON number text kept exactly (serde_json's `arbitrary_precision`), or
/// the text as a string when it is no JSON number.
fn number(text: &str) -> Value {
    text.parse::<Number>()
        .map_or_else(|_| Value::String(text.to_string()), Value::Number)
}

fn cents(c: i32) -> Decimal {
    Decimal::new(i64::from(c), 2)
}

#[derive(Debug, Clone, PartialEq, Eq, Arbitrary)]
pub struct JsonLine {
    pub description: Option<String>,
    pub units: Option<String>,
    pub quantity: JsonAmount,
    pub unit_net_amount: JsonAmount,
    pub unit_vat_amount: JsonAmount,
    pub unit_price: JsonAmount,
    pub line_total: JsonAmount,
    /// Used instead of the amounts above when the invoice balances.
    pub cents: (i32, i32),
}

/// An A2 `invoice` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonInvoice {
    pub fields: Map<String, Value>,
    /// Built so that every total is the sum of its parts, in cents.
    pub balanced: bool,
}

impl<'a> Arbitrary<'a> for JsonInvoice {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut o = Map::new();
        for (key, known) in [
            ("invoiceType", &TYPES[..]),
            ("invoiceNumber", &NUMBERS[..]),
            ("creditNoteNumber", &NUMBERS[..]),
        ] {
            if u.arbitrary()? {
                o.insert(key.into(), Value::String(pick_or_any(u, known)?));
            }
        }
        for key in ["invoiceDate", "paymentDueDate", "dateOfValuation"] {
            if u.arbitrary()? {
                o.insert(key.into(), Value::String(u.arbitrary::<DateText>()?.0));
            }
        }
        if u.arbitrary()? {
            o.insert(
                "nameOfValuationResponsible".into(),
                Value::String(u.arbitrary()?),
            );
        }
        let balanced: bool = u.arbitrary()?;
        let lines: Vec<JsonLine> = u.arbitrary()?;
        let mut sums = Some((Decimal::ZERO, Decimal::ZERO));
        let mut json_lines = Vec::new();
        for line in &lines {
            let mut l = Map::new();
            if let Some(d) = &line.description {
                l.insert("description".into(), Value::String(d.clone()));
            }
            if let Some(units) = &line.units {
                l.insert("units".into(), Value::String(units.clone()));
            }
            line.quantity.put(&mut l, "quantity");
            line.unit_price.put(&mut l, "unitPrice");
            if balanced {
                let (net, vat) = (cents(line.cents.0), cents(line.cents.1));
                l.insert("unitNetAmount".into(), number(&net.to_string()));
                l.insert("unitVatAmount".into(), number(&vat.to_string()));
                l.insert("lineTotal".into(), number(&(net + vat).to_string()));
                sums = sums.map(|(n, v)| (n + net, v + vat));
            } else {
                line.unit_net_amount.put(&mut l, "unitNetAmount");
                line.unit_vat_amount.put(&mut l, "unitVatAmount");
                line.line_total.put(&mut l, "lineTotal");
            }
            json_lines.push(Value::Object(l));
        }
        match (balanced, sums) {
            (true, Some((net, vat))) => {
                o.insert("netAmount".into(), number(&net.to_string()));
                o.insert("vat".into(), number(&vat.to_string()));
                o.insert("totalAmount".into(), number(&(net + vat).to_string()));
            }
            _ => {
                for key in ["netAmount", "vat", "totalAmount"] {
                    u.arbitrary::<JsonAmount>()?.put(&mut o, key);
                }
            }
        }
        if balanced || u.arbitrary()? {
            o.insert("invoiceLines".into(), Value::Array(json_lines));
        }
        Ok(JsonInvoice {
            fields: o,
            balanced,
        })
    }
}

impl JsonInvoice {
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&Value::Object(self.fields.clone())).expect("a JSON value serialises")
    }
}

/// The `invoice` record of `build-feedback`.
pub fn record(u: &mut Unstructured<'_>) -> Result<Invoice> {
    let balanced: bool = u.arbitrary()?;
    let mut lines = Vec::new();
    let (mut net_sum, mut vat_sum) = (Decimal::ZERO, Decimal::ZERO);
    for _ in 0..u.int_in_range(0..=4u8)? {
        let mut line = InvoiceLine {
            description: u.arbitrary()?,
            units: u.arbitrary()?,
            quantity: u.arbitrary::<DecimalText>()?.0,
            unit_price: u.arbitrary::<DecimalText>()?.0,
            ..InvoiceLine::default()
        };
        if balanced {
            let (net, vat) = (cents(u.arbitrary()?), cents(u.arbitrary()?));
            (net_sum, vat_sum) = (net_sum + net, vat_sum + vat);
            line.unit_net_amount = net.to_string();
            line.unit_vat_amount = vat.to_string();
            line.line_total = (net + vat).to_string();
        } else {
            line.unit_net_amount = u.arbitrary::<DecimalText>()?.0;
            line.unit_vat_amount = u.arbitrary::<DecimalText>()?.0;
            line.line_total = u.arbitrary::<DecimalText>()?.0;
        }
        lines.push(line);
    }
    let (net_amount, vat, total_amount) = if balanced {
        (
            net_sum.to_string(),
            vat_sum.to_string(),
            (net_sum + vat_sum).to_string(),
        )
    } else {
        (
            u.arbitrary::<DecimalText>()?.0,
            u.arbitrary::<DecimalText>()?.0,
            u.arbitrary::<DecimalText>()?.0,
        )
    };
    Ok(Invoice {
        invoice_type: pick_or_any(u, &TYPES)?,
        invoice_number: pick_or_any(u, &NUMBERS)?,
        credit_note_number: if u.arbitrary()? {
            Some(pick_or_any(u, &NUMBERS)?)
        } else {
            None
        },
        invoice_date: u.arbitrary::<DateText>()?.0,
        payment_due_date: u.arbitrary::<DateText>()?.0,
        name_of_valuation_responsible: u.arbitrary()?,
        date_of_valuation: u.arbitrary::<Option<DateText>>()?.map(|d| d.0),
        net_amount,
        vat,
        total_amount,
        lines,
    })
}

//! The typed invoice of a request as the A2 `invoice` object.

use serde_json::{Map, Value};

use super::request::{amount_value, put, Invoice, InvoiceLine};
use super::BuildError;

pub(super) fn to_json(invoice: &Invoice) -> Result<Value, BuildError> {
    let mut object = Map::new();
    object.insert(
        "invoiceType".into(),
        Value::String(invoice.invoice_type.clone()),
    );
    object.insert(
        "invoiceNumber".into(),
        Value::String(invoice.invoice_number.clone()),
    );
    put(&mut object, "creditNoteNumber", &invoice.credit_note_number);
    object.insert(
        "invoiceDate".into(),
        Value::String(invoice.invoice_date.clone()),
    );
    object.insert(
        "paymentDueDate".into(),
        Value::String(invoice.payment_due_date.clone()),
    );
    put(
        &mut object,
        "nameOfValuationResponsible",
        &invoice.name_of_valuation_responsible,
    );
    put(&mut object, "dateOfValuation", &invoice.date_of_valuation);
    for (field, text) in [
        ("netAmount", &invoice.net_amount),
        ("vat", &invoice.vat),
        ("totalAmount", &invoice.total_amount),
    ] {
        object.insert(
            field.into(),
            amount_value(&format!("invoice.{field}"), text)?,
        );
    }
    let lines = invoice
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| line_json(i, line))
        .collect::<Result<_, _>>()?;
    object.insert("invoiceLines".into(), Value::Array(lines));
    Ok(Value::Object(object))
}

fn line_json(index: usize, line: &InvoiceLine) -> Result<Value, BuildError> {
    let mut object = Map::new();
    object.insert(
        "description".into(),
        Value::String(line.description.clone()),
    );
    put(&mut object, "units", &line.units);
    for (field, text) in [
        ("quantity", &line.quantity),
        ("unitNetAmount", &line.unit_net_amount),
        ("unitVatAmount", &line.unit_vat_amount),
        ("unitPrice", &line.unit_price),
        ("lineTotal", &line.line_total),
    ] {
        object.insert(
            field.into(),
            amount_value(&format!("invoice.lines[{index}].{field}"), text)?,
        );
    }
    Ok(Value::Object(object))
}

//! What was delivered before, for `check-invoice`'s history rules (seed
//! 001: a re-sent invoice number must carry the same total; a credit note
//! must credit an invoice that was sent). The history of a task is the
//! invoices of its feedback entries Scalepoint accepted (`sent`): an entry
//! being retried is still pending, so it never counts against itself.

use anyhow::Result;
use serde_json::Value;

use crate::runtime::wit;
use crate::store::{Backend, Outbound, OutboundCall};

/// The invoices already delivered for `outbound`'s task, when it is S1
/// feedback (other requests carry no invoice: nothing to compare).
pub fn previously_sent(
    store: &mut dyn Backend,
    outbound: &Outbound,
) -> Result<Vec<wit::SentInvoice>> {
    if !matches!(outbound.call, OutboundCall::Feedback { .. }) {
        return Ok(Vec::new());
    }
    let documents = store.sent_feedback(&outbound.task)?;
    Ok(documents.iter().filter_map(|d| sent_invoice(d)).collect())
}

/// The invoice of a delivered feedback document; `None` when it has none
/// (the component refused any that lacked what these rules read).
fn sent_invoice(document: &[u8]) -> Option<wit::SentInvoice> {
    let feedback: Value = serde_json::from_slice(document).ok()?;
    let invoice = feedback.get("invoice")?;
    let text = |field: &str| invoice.get(field)?.as_str().map(str::to_string);
    // Read exactly from its JSON text, as the component reads amounts.
    let Value::Number(total) = invoice.get("totalAmount")? else {
        return None;
    };
    let total = scalepoint_core::decimal::parse(total.as_str())?;
    Some(wit::SentInvoice {
        invoice_type: text("invoiceType")?,
        invoice_number: text("invoiceNumber")?,
        credit_note_number: text("creditNoteNumber"),
        total_amount: total.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_invoice_of_a_delivered_feedback_is_read_exactly() {
        let document = br#"{"uniqueId": "x", "invoice": {"invoiceType": "CREDIT_NOTE",
            "invoiceNumber": "F-17", "creditNoteNumber": "K-3", "totalAmount": 1250.10}}"#;
        let sent = sent_invoice(document).unwrap();
        assert_eq!(sent.invoice_type, "CREDIT_NOTE");
        assert_eq!(sent.invoice_number, "F-17");
        assert_eq!(sent.credit_note_number.as_deref(), Some("K-3"));
        assert_eq!(sent.total_amount, "1250.10");
    }

    #[test]
    fn feedback_without_an_invoice_adds_nothing() {
        assert!(sent_invoice(br#"{"uniqueId": "x"}"#).is_none());
        assert!(sent_invoice(b"not json").is_none());
        let no_total = br#"{"invoice": {"invoiceType": "INVOICE", "invoiceNumber": "1"}}"#;
        assert!(sent_invoice(no_total).is_none());
    }
}

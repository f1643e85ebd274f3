//! What the ERP hands to `build-feedback`. Amounts are decimal text, as they
//! cross the WIT boundary; they become exact JSON numbers.

use serde_json::{Map, Number, Value};

use super::BuildError;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedbackRequest<'a> {
    /// The B2 document as received on SP1.
    pub task_document: &'a [u8],
    /// Which serviceTask of it the feedback is for.
    pub task_unique_id: String,
    /// RFC 3339 date-time of creation (A3 `createdDate`).
    pub created_date: String,
    pub service_partner: ServicePartner,
    pub changes: Vec<LineChange>,
    pub invoice: Option<Invoice>,
    pub taken_self_risk: Option<String>,
    pub update_claim_self_risk: Option<String>,
    pub update_claim_self_risk_reason: Option<String>,
}

/// A2 `servicePartner`: always sent, with `bank` (shared/README.md §2).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServicePartner {
    pub name: String,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub postal_code: Option<String>,
    pub cvr_number: Option<String>,
    pub city: Option<String>,
    pub bank: Bank,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bank {
    pub bank_name: Option<String>,
    pub reg_number: Option<String>,
    pub account_number: Option<String>,
    pub iban: Option<String>,
    pub giro: Option<String>,
    pub fik_number: Option<String>,
    pub fik_type: Option<String>,
    pub fik_creditor_code: Option<String>,
}

/// One A2 valuation field (`repairPrice`, `newPrice`, ...) and its amount.
#[derive(Debug, Clone, PartialEq)]
pub struct Valuation {
    pub field: String,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LineChange {
    Update(LineUpdate),
    Insert(NewLine),
    /// The only way a line leaves the feedback.
    Remove {
        claim_line_id: String,
    },
}

/// Changes to a line the task has, found by claimLineId (an update, A3).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LineUpdate {
    /// The claimLineId as the task writes it, e.g. "10882352".
    pub claim_line_id: String,
    pub task_type: Option<String>,
    pub valuations: Vec<Valuation>,
    pub service_partner_note: Option<String>,
    pub total_damage: Option<bool>,
    pub reject_reason_id: Option<i64>,
    pub reject_reason_explanation: Option<String>,
}

/// A line the partner adds: no claimLineId, no uniqueId (an insert, A3).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewLine {
    pub task_type: String,
    pub category_name: String,
    pub category_unique_id: String,
    pub parent_category: String,
    pub product_match_description: String,
    pub customer_description: Option<String>,
    pub quantity: i64,
    pub valuations: Vec<Valuation>,
    pub service_partner_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Invoice {
    /// "INVOICE" or "CREDIT_NOTE".
    pub invoice_type: String,
    pub invoice_number: String,
    pub credit_note_number: Option<String>,
    /// yyyy-MM-dd or RFC 3339, sent as given (shared/README.md §3).
    pub invoice_date: String,
    pub payment_due_date: String,
    pub name_of_valuation_responsible: Option<String>,
    pub date_of_valuation: Option<String>,
    pub net_amount: String,
    pub vat: String,
    pub total_amount: String,
    pub lines: Vec<InvoiceLine>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct InvoiceLine {
    pub description: String,
    pub units: Option<String>,
    pub quantity: String,
    pub unit_net_amount: String,
    pub unit_vat_amount: String,
    pub unit_price: String,
    pub line_total: String,
}

/// Decimal text → an exact JSON number (serde_json keeps the text).
pub(super) fn amount_value(field: &str, text: &str) -> Result<Value, BuildError> {
    let invalid = || {
        BuildError::InvalidValue(
            field.to_string(),
            format!("{text:?} is not a decimal amount"),
        )
    };
    let decimal = crate::decimal::parse(text.trim()).ok_or_else(invalid)?;
    decimal
        .to_string()
        .parse::<Number>()
        .map(Value::Number)
        .map_err(|_| invalid())
}

/// Inserts `value` under `key` when present.
pub(super) fn put(object: &mut Map<String, Value>, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        object.insert(key.into(), Value::String(v.clone()));
    }
}

impl ServicePartner {
    pub fn to_json(&self) -> Value {
        let mut partner = Map::new();
        partner.insert("name".into(), Value::String(self.name.clone()));
        for (key, value) in [
            ("address1", &self.address1),
            ("address2", &self.address2),
            ("phone", &self.phone),
            ("email", &self.email),
            ("postalCode", &self.postal_code),
            ("cvrNumber", &self.cvr_number),
            ("city", &self.city),
        ] {
            put(&mut partner, key, value);
        }
        partner.insert("bank".into(), self.bank.to_json());
        Value::Object(partner)
    }
}

impl Bank {
    fn to_json(&self) -> Value {
        let mut bank = Map::new();
        for (key, value) in [
            ("bankName", &self.bank_name),
            ("regNumber", &self.reg_number),
            ("accountNumber", &self.account_number),
            ("iban", &self.iban),
            ("giro", &self.giro),
            ("fikNumber", &self.fik_number),
            ("fikType", &self.fik_type),
            ("fikCreditorCode", &self.fik_creditor_code),
        ] {
            put(&mut bank, key, value);
        }
        Value::Object(bank)
    }
}

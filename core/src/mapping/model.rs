//! The neutral work order: what any ERP needs to create a job from one
//! Scalepoint service task. Serialised as JSON with camelCase keys; absent
//! values are `null`, so every work order has the same keys.

use serde::Serialize;

use crate::report::Issue;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrder {
    pub heading: String,
    pub requisition: String,
    pub description: String,
    pub customer: Customer,
    /// Where the work is done, when not at the customer's address.
    pub installation_address: Option<Address>,
    pub team: Option<String>,
    pub responsible_user: Option<String>,
    pub task_template: Option<String>,
    pub custom_fields: CustomFields,
    pub claim: Claim,
    pub created_date: String,
    pub reply_address: String,
    pub invoice_paid_by: Option<String>,
    pub damage_cause_description: Option<String>,
    pub note_to_service_partner: String,
    pub allowed_to_collect_self_risk: Option<bool>,
    pub allowed_to_update_self_risk: Option<bool>,
    pub lines: Vec<ServiceLine>,
    /// Task-level attachments; line-level ones are on their lines.
    pub attachments: Vec<Attachment>,
    /// Every image link of the task and its lines, once each, in order.
    pub image_links: Vec<String>,
    pub contacts: Vec<Contact>,
    /// The validation warnings of this task and the mapping's own.
    pub warnings: Vec<Issue>,
}

impl WorkOrder {
    /// Compact JSON, for hosts that store the work order as it is.
    pub fn to_json(&self) -> String {
        // The crate's own writer: serde_json's text, faster (json::serialize).
        crate::json::to_string(self).expect("a work order always serialises")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Insurer {
    pub company_id: Option<String>,
    pub name: Option<String>,
    pub alias: Option<String>,
    pub sub_alias: Option<String>,
    /// Whether an insurer-settings entry matched.
    pub configured: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub dedup_key: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile_phone: Option<String>,
    pub address: Option<Address>,
    pub policy_number: Option<String>,
    pub customer_type: Option<String>,
    pub parent: Insurer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomFields {
    pub scalepoint_id: String,
    pub scalepoint_url: Option<String>,
    pub responsibility: String,
    pub damage_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    pub claim_number: String,
    pub claim_reference_number: Option<String>,
    pub claim_date: Option<String>,
    pub policy_number: Option<String>,
    pub policy_type: Option<String>,
    pub self_risk: Option<String>,
    pub customer_note: Option<String>,
    pub language: Option<String>,
}

/// B2 `taskType`, spelt as the spec spells it in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskType {
    Repair,
    RepairEstimate,
    Valuation,
    MatchService,
}

impl TaskType {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "REPAIR" => TaskType::Repair,
            "REPAIR_ESTIMATE" => TaskType::RepairEstimate,
            "VALUATION" => TaskType::Valuation,
            "MATCH_SERVICE" => TaskType::MatchService,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    pub name: String,
    pub parent_category: String,
    pub unique_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// `productMatchDescription`.
    pub description: String,
    pub customer_description: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub ean: Option<String>,
    pub quantity: String,
    pub age: Option<String>,
    pub depreciation: Option<String>,
    pub damage_description: Option<String>,
    pub damage_type: Option<String>,
    pub repair_limit: Option<String>,
    pub customer_notes: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Valuations {
    pub purchase_price: Option<String>,
    pub new_price: Option<String>,
    pub customer_demand: Option<String>,
    pub discretionary_valuation: Option<String>,
    pub used_price: Option<String>,
    pub repair_estimate: Option<String>,
    pub repair_price: Option<String>,
    pub product_price: Option<String>,
    pub retail_price: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub name: String,
    pub link: String,
    pub is_image: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RejectReason {
    pub id: String,
    pub text: String,
    pub locale: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLine {
    pub claim_line_id: String,
    pub unique_id: String,
    pub task_type: TaskType,
    pub category: Category,
    pub item: Item,
    pub valuations: Valuations,
    pub attachments: Vec<Attachment>,
    pub reject_reasons: Vec<RejectReason>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ContactRole {
    ClaimHandler,
    ServicePartnerLocation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub role: ContactRole,
    pub name: Option<String>,
    pub login: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<Address>,
}

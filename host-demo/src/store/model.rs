//! What goes into the store and what comes out of it.

use std::ops::Range;

use serde::Serialize;
use serde_json::Value;

/// An insurance company as the ERP keeps it (seed 000, "Setting up an
/// insurance company"): the security token, alias and sub-alias Scalepoint
/// gave for it, and the ERP settings applied to its tasks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewInsurer {
    pub name: String,
    /// A GUID, stored lower-case; identifies the insurer on every request.
    pub security_token: String,
    pub alias: Option<String>,
    pub sub_alias: Option<String>,
    pub default_team: Option<String>,
    pub responsible: Option<String>,
    pub customer_type: Option<String>,
    pub template: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Insurer {
    pub id: i64,
    pub settings: NewInsurer,
    pub created_at: String,
}

/// The three endpoints Scalepoint posts to (seed 002: SP1, SP2, SP3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Tasks,
    Statuses,
    Messages,
}

impl Endpoint {
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::Tasks => "tasks",
            Endpoint::Statuses => "statuses",
            Endpoint::Messages => "messages",
        }
    }
}

/// One POST from Scalepoint: who sent it, the `jsonString` exactly as
/// received, and the component's validation report (JSON).
#[derive(Clone, Copy)]
pub struct Delivery<'a> {
    pub endpoint: Endpoint,
    pub insurer_id: i64,
    pub document: &'a [u8],
    pub report: &'a str,
}

/// A [`Delivery`] that owns its document and report, for a write that runs
/// after the request's own buffers are gone (the group-commit writer).
#[derive(Clone, Debug)]
pub struct OwnedDelivery {
    pub endpoint: Endpoint,
    pub insurer_id: i64,
    pub document: Vec<u8>,
    pub report: String,
}

impl OwnedDelivery {
    pub fn of(delivery: &Delivery<'_>) -> Self {
        Self {
            endpoint: delivery.endpoint,
            insurer_id: delivery.insurer_id,
            document: delivery.document.to_vec(),
            report: delivery.report.to_string(),
        }
    }

    pub fn get(&self) -> Delivery<'_> {
        Delivery {
            endpoint: self.endpoint,
            insurer_id: self.insurer_id,
            document: &self.document,
            report: &self.report,
        }
    }
}

/// One `serviceTask` of a valid task document.
#[derive(Clone, Debug)]
pub struct IncomingTask {
    /// `uniqueId`, lower-case: the key a redelivery is matched on.
    pub unique_id: String,
    /// Where the service task's JSON is in the delivery's document (byte
    /// offsets): stored as that part of the inbox's copy, not a second one.
    pub document: Range<usize>,
    pub claim_number: Option<String>,
    pub claimant_name: Option<String>,
    pub created_date: Option<String>,
    /// What the component's `map-task` made of it.
    pub work_orders: Vec<WorkOrder>,
}

/// One work order (the component's `map-task`): its JSON, and the columns
/// an ERP searches on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkOrder {
    pub document: String,
    pub heading: String,
    pub requisition: String,
    /// The claimant's dedup key: the same person gives the same key.
    pub customer_key: String,
    pub team: Option<String>,
    pub responsible_user: Option<String>,
    pub task_template: Option<String>,
}

/// A valid status message (seed 002, C2).
#[derive(Clone, Debug)]
pub struct IncomingStatus {
    /// `details.taskGuid`, lower-case.
    pub task_guid: String,
    /// `type`, e.g. `RVTaskApprovedNotificationToServicePartner`.
    pub kind: String,
    pub text: Option<String>,
    pub document: String,
}

/// A valid free-text message (seed 002, D2).
#[derive(Clone, Debug)]
pub struct IncomingMessage {
    /// `taskGuid`, lower-case.
    pub task_guid: String,
    pub text: String,
    pub document: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TasksReceipt {
    pub inbox_id: i64,
    /// Service tasks seen for the first time.
    pub created: usize,
    /// Service tasks already known, updated in place (a redelivery).
    pub updated: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkReceipt {
    pub inbox_id: i64,
    /// False when exactly this document was stored before (a redelivery).
    pub created: bool,
    /// False when no task with its `taskGuid` exists: kept and flagged.
    pub task_known: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskView {
    pub unique_id: String,
    pub insurer: String,
    pub claim_number: Option<String>,
    pub claimant_name: Option<String>,
    pub created_date: Option<String>,
    pub received_at: String,
    pub updated_at: String,
    pub deliveries: i64,
    pub work_orders: Vec<Value>,
    pub statuses: Vec<StatusView>,
    pub messages: Vec<MessageView>,
    /// What the ERP sent (or is sending) to Scalepoint about this task.
    pub outbox: Vec<OutboxView>,
    pub task: Value,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusView {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: Option<String>,
    pub received_at: String,
    pub deliveries: i64,
    /// False when it arrived before its task (it was flagged then).
    pub task_known_on_arrival: bool,
    pub document: Value,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    pub text: String,
    pub received_at: String,
    pub deliveries: i64,
    pub task_known_on_arrival: bool,
    pub document: Value,
}

/// A status or message whose task the ERP does not have.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unlinked {
    /// `status` or `message`.
    pub kind: &'static str,
    pub insurer: String,
    pub task_guid: String,
    /// The status type or the message text.
    pub summary: String,
    pub received_at: String,
}

/// A document kept in the inbox because it failed validation.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RejectedView {
    pub inbox_id: i64,
    pub endpoint: String,
    pub insurer: String,
    pub received_at: String,
    /// The validation report, `{valid, issues}`.
    pub report: Value,
    /// The document as received (lossy UTF-8).
    pub document: String,
}

/// Parses JSON the store wrote itself; text that somehow is not JSON is
/// shown as a string rather than lost.
pub fn json_or_text(text: String) -> Value {
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}

/// Where an outbound request goes (seed 002, S1–S3): Scalepoint's host,
/// the country part of the URL, the pre-shared security token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    pub base_url: String,
    pub country: String,
    pub security_token: String,
}

/// One S1, S2 or S3 call as the component's `send-*` export takes it,
/// without its files. Stored as JSON in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum OutboundCall {
    /// S1: an A2 feedback document (with its invoice, if any), as given:
    /// bytes, so that a document that is not UTF-8 gets the component's
    /// report. The outbox keeps it in a column of its own.
    #[serde(rename_all = "camelCase")]
    Feedback {
        #[serde(skip)]
        document: Vec<u8>,
        vat_rate: Option<String>,
        tolerance: Option<String>,
    },
    /// S2: a status of a received task (`task` is its `uniqueId`).
    Status {
        task: String,
        status: String,
        created: Option<String>,
    },
    /// S3: a free-text message (`task` is the task's GUID).
    Message { task: String, text: String },
}

impl OutboundCall {
    /// The S1 document, if this is S1.
    pub fn document(&self) -> Option<&[u8]> {
        match self {
            OutboundCall::Feedback { document, .. } => Some(document),
            _ => None,
        }
    }

    pub fn set_document(&mut self, bytes: Vec<u8>) {
        if let OutboundCall::Feedback { document, .. } = self {
            *document = bytes;
        }
    }

    /// `feedback`, `status` or `message`.
    pub fn kind(&self) -> &'static str {
        match self {
            OutboundCall::Feedback { .. } => "feedback",
            OutboundCall::Status { .. } => "status",
            OutboundCall::Message { .. } => "message",
        }
    }
}

/// A file sent with S1 or S3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboundFile {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// Everything needed to (re)send one request, as the outbox keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outbound {
    pub destination: Destination,
    pub call: OutboundCall,
    pub files: Vec<OutboundFile>,
    /// The task's GUID, lower-case: messages of one task go out in order.
    pub task: String,
}

/// An outbox entry claimed for an attempt.
#[derive(Clone, Debug)]
pub struct ClaimedOutbound {
    pub id: i64,
    /// Including the one just claimed.
    pub attempts: i64,
    pub outbound: Outbound,
}

/// What became of an attempt, as the outbox records it.
#[derive(Clone, Debug, PartialEq)]
pub enum AttemptResult {
    /// Scalepoint accepted it.
    Sent { outcome: Value },
    /// Refused for good (4xx, invalid, the invoice not saved): a dead letter.
    Refused { outcome: Value },
    /// Failed in a way worth another attempt at `due_at_ms` (Unix ms).
    Retry { outcome: Value, due_at_ms: i64 },
    /// Failed retryably with no attempts left: a dead letter.
    GaveUp { outcome: Value },
}

/// An outbox entry as listed (`host-demo outbox list`, `tasks list`, `GET /`).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxView {
    pub id: i64,
    pub kind: String,
    pub task: String,
    /// `pending`, `sent`, `refused` or `dead`.
    pub state: String,
    pub attempts: i64,
    pub created_at: String,
    pub updated_at: String,
    /// When a pending entry is tried next (UTC).
    pub next_attempt_at: Option<String>,
    /// What the last attempt gave (`{"outcome": ...}`), if any.
    pub last_outcome: Option<Value>,
}

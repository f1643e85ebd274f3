//! Status messages (seed 002, SP2, C1/C2): prose rules after the schema.

use crate::json::Value;

use super::{codes::INVALID_GUID, str_field};
use crate::report::Issue;
use crate::schema::codes::WRONG_TYPE;

pub mod codes {
    pub const UNKNOWN_MESSAGE_CODE: &str = "unknown-message-code";
}

/// "List of available message codes" (seed 002, posting status messages).
pub const MESSAGE_CODES: [&str; 12] = [
    "RVInvoiceWasReceivedMail",
    "RVInvoiceWasRejectedMail",
    "RVInvoiceWasUnrejectedMail",
    "RVAutoApprovalSuccessNotificationToClaimant",
    "RVAutoApprovalSuccessNotificationToServicePartner",
    "RVReminderEmailNotificationToClaimant",
    "RVDeductibleNegativeAmountNotificationToCustomer",
    "RVAutoApprovalInvoicePayToServicePartnerNotificationToClaimant",
    "RVTaskCancelNotificationToSP",
    "RVTaskApprovedNotificationToServicePartner",
    "RVTaskRejectedNotificationToServicePartner",
    "NotificationToClaimant",
];

pub fn check_rules(doc: &Value, issues: &mut Vec<Issue>) {
    if let Some(code) = str_field(doc, "type") {
        if !MESSAGE_CODES.contains(&code) {
            // C2 types it as any string and Scalepoint may add codes: keep
            // the message, flag it.
            let hint = crate::schema::nearest(code, MESSAGE_CODES)
                .map(|s| format!("; did you mean {s:?}?"))
                .unwrap_or_default();
            issues.push(Issue::warning(
                "/type",
                codes::UNKNOWN_MESSAGE_CODE,
                format!("{code:?} is not one of the documented message codes{hint}"),
            ));
        }
    }
    if let Some(guid) = doc.get("details").and_then(|d| str_field(d, "taskGuid")) {
        if !crate::schema::is_guid(guid) {
            issues.push(Issue::error(
                "/details/taskGuid",
                INVALID_GUID,
                format!(
                    "taskGuid {guid:?} is not a GUID; the message cannot be linked to its task"
                ),
            ));
        }
    }
    check_self_risk(doc, issues);
}

/// C2 as published misplaces the `selfRisk` schema (inside `invoice`), so
/// the schema checks nothing of it. Its intended shape is plain: three
/// optional numbers and a reason. Deviations are warnings, since the
/// published schema accepts them.
fn check_self_risk(doc: &Value, issues: &mut Vec<Issue>) {
    let Some(self_risk) = doc.get("selfRisk") else {
        return;
    };
    let Some(object) = self_risk.as_object() else {
        issues.push(Issue::warning(
            "/selfRisk",
            WRONG_TYPE,
            "selfRisk should be an object (C2's intended schema)",
        ));
        return;
    };
    let expected = [
        ("claimSelfRisk", "number"),
        ("updatedClaimSelfRisk", "number"),
        ("claimSelfRiskUpdateReason", "string"),
    ];
    for (field, kind) in expected {
        let fits = match object.get(field) {
            None => true,
            Some(v) if kind == "number" => v.is_number(),
            Some(v) => v.is_string(),
        };
        if !fits {
            issues.push(Issue::warning(
                format!("/selfRisk/{field}"),
                WRONG_TYPE,
                format!("selfRisk.{field} should be a {kind} (C2's intended schema)"),
            ));
        }
    }
}

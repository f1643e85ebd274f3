//! Free-text messages (seed 002, SP3, D1/D2): prose rules after the schema.

use crate::json::Value;

use super::{check_attachment_links, str_field};
use crate::report::Issue;

pub mod codes {
    pub const EMPTY_TEXT: &str = "empty-text";
}

pub fn check_rules(doc: &Value, issues: &mut Vec<Issue>) {
    let has_attachments = doc
        .get("attachments")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if str_field(doc, "textMessage").is_some_and(|t| t.trim().is_empty()) && !has_attachments {
        issues.push(Issue::warning(
            "/textMessage",
            codes::EMPTY_TEXT,
            "the message has neither text nor attachments",
        ));
    }
    check_attachment_links(doc, &String::new, issues);
}

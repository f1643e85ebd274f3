//! The status a partner posts to S2 (seed 002, "Posting task status"): not a
//! JSON document but three form fields, checked before anything is sent.

use chrono::NaiveDateTime;

use super::codes::INVALID_GUID;
use crate::report::{Issue, Report};

pub mod codes {
    pub const STATUS_EMPTY: &str = "status-empty";
    pub const STATUS_TOO_LONG: &str = "status-too-long";
    pub const INVALID_CREATED: &str = "invalid-created";
}

/// S2: "If size 100 characters than we create bad response" — at most 100
/// (shared/README.md §8).
pub const MAX_STATUS_CHARS: usize = 100;

/// S2's mask for `created`.
pub const CREATED_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub fn validate_status_update(unique_id: &str, status: &str, created: Option<&str>) -> Report {
    let mut issues = Vec::new();
    if !crate::schema::is_guid(unique_id) {
        issues.push(Issue::error(
            "/uniqueId",
            INVALID_GUID,
            format!("uniqueId {unique_id:?} is not the GUID of a received task"),
        ));
    }
    let length = status.chars().count();
    if status.trim().is_empty() {
        issues.push(Issue::error(
            "/status",
            codes::STATUS_EMPTY,
            "the status text is empty",
        ));
    } else if length > MAX_STATUS_CHARS {
        issues.push(Issue::error(
            "/status",
            codes::STATUS_TOO_LONG,
            format!(
                "the status is {length} characters; Scalepoint accepts at most {MAX_STATUS_CHARS}"
            ),
        ));
    }
    if let Some(created) = created.filter(|c| !is_created(c)) {
        issues.push(Issue::error(
            "/created",
            codes::INVALID_CREATED,
            format!("created {created:?} must be exactly yyyy-MM-dd HH:mm:ss (e.g. 2020-02-21 16:00:00)"),
        ));
    }
    Report::from_issues(issues)
}

/// Exactly `yyyy-MM-dd HH:mm:ss`: 19 characters and a real instant.
pub fn is_created(s: &str) -> bool {
    s.len() == 19 && NaiveDateTime::parse_from_str(s, CREATED_FORMAT).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TASK: &str = "dc100952-2005-4fbf-bbdf-badd1ec5a912";

    #[test]
    fn status_text_is_at_most_100_characters() {
        // seed 002, S2 `status`: at most 100 characters (counted as characters: æøå are one each).
        assert!(validate_status_update(TASK, &"æ".repeat(100), None).valid);
        let report = validate_status_update(TASK, &"æ".repeat(101), None);
        assert!(report.has_code(codes::STATUS_TOO_LONG));
    }

    #[test]
    fn created_uses_the_exact_mask() {
        // seed 002, S2 `created`: mask "yyyy-MM-dd HH:mm:ss".
        assert!(validate_status_update(TASK, "Repaired", Some("2020-02-21 16:00:00")).valid);
        for bad in [
            "2020-02-21T16:00:00",
            "2020-02-21 16:00",
            "2020-02-30 16:00:00",
            "2020-2-21 16:00:00",
        ] {
            assert!(
                validate_status_update(TASK, "Repaired", Some(bad))
                    .has_code(codes::INVALID_CREATED),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_task_id_is_a_guid_and_the_status_not_empty() {
        let report = validate_status_update("123", " ", None);
        assert!(report.has_code(INVALID_GUID));
        assert!(report.has_code(codes::STATUS_EMPTY));
    }
}

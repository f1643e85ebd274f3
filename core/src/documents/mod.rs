//! The prose rules of each document that its schema cannot express.

pub mod feedback;
pub mod status_message;
pub mod status_update;
pub mod task;
pub mod text_message;

use crate::json::Value;

use crate::report::{pointer_child, Issue, LazyPointer};

/// Codes shared by several documents (stable API).
pub mod codes {
    pub const INVALID_GUID: &str = "invalid-guid";
    pub const INVALID_DATE: &str = crate::invoice::codes::INVALID_DATE;
    pub const INVALID_LINK: &str = "invalid-link";
    pub const DUPLICATE_ID: &str = "duplicate-id";
}

/// The string at `field`, if present and a string.
pub(crate) fn str_field<'a>(object: &'a Value<'a>, field: &str) -> Option<&'a str> {
    object.get(field).and_then(Value::as_str)
}

/// The array at `field`, or an empty slice.
pub(crate) fn array_field<'a>(object: &'a Value<'a>, field: &str) -> &'a [Value<'a>] {
    object
        .get(field)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Date-time fields (B3 "Date and time ...") must parse when present.
pub(crate) fn check_date_time(
    object: &Value,
    field: &str,
    path: LazyPointer,
    issues: &mut Vec<Issue>,
) {
    if let Some(s) = str_field(object, field) {
        if !crate::invoice::is_spec_date(s) {
            issues.push(Issue::error(
                pointer_child(&path(), field),
                codes::INVALID_DATE,
                format!("{field} {s:?} is not an RFC 3339 date-time (e.g. 2020-10-20T13:14:46Z) or a yyyy-MM-dd date"),
            ));
        }
    }
}

/// Attachment links are fetched by the ERP: they must be absolute URLs.
pub(crate) fn check_attachment_links(object: &Value, path: LazyPointer, issues: &mut Vec<Issue>) {
    for (i, attachment) in array_field(object, "attachments").iter().enumerate() {
        if let Some(link) = str_field(attachment, "link") {
            if !crate::schema::Format::Uri.matches(link) {
                issues.push(Issue::warning(
                    format!("{}/{i}/link", pointer_child(&path(), "attachments")),
                    codes::INVALID_LINK,
                    format!(
                        "attachment link {link:?} is not an absolute URL; it cannot be downloaded"
                    ),
                ));
            }
        }
    }
}

/// Reports every repeat of an identifier among `items` (by `field`).
pub(crate) fn check_unique(
    items: &[Value],
    field: &str,
    path: LazyPointer,
    what: &str,
    issues: &mut Vec<Issue>,
) {
    let mut seen: Vec<(&Value, usize)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Some(id) = item.get(field).filter(|v| !v.is_null()) else {
            continue;
        };
        match seen.iter().find(|(other, _)| *other == id) {
            Some((_, first)) => {
                let path = path();
                issues.push(Issue::error(
                    format!("{path}/{i}/{field}"),
                    codes::DUPLICATE_ID,
                    format!("{what} {field} {id} appears again; first at {path}/{first}"),
                ))
            }
            None => seen.push((id, i)),
        }
    }
}

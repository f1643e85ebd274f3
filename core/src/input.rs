//! Reading raw bytes into JSON, refusing bad input with a clear, located
//! error instead of a panic: empty, too large, not UTF-8, not JSON, nested too
//! deeply, or not an object at the top.

use crate::json::Value;

use crate::report::{Issue, Position};

/// Issue codes for input that cannot be read as a document (stable API).
pub mod codes {
    pub const EMPTY_DOCUMENT: &str = "empty-document";
    pub const DOCUMENT_TOO_LARGE: &str = "document-too-large";
    pub const INVALID_UTF8: &str = "invalid-utf8";
    pub const INVALID_JSON: &str = "invalid-json";
    pub const NESTING_TOO_DEEP: &str = "nesting-too-deep";
    pub const NOT_AN_OBJECT: &str = "not-an-object";
}

/// Documents of the spec are kilobytes; 4 MiB leaves room for tasks with
/// hundreds of lines while keeping a parsed document well inside a sandboxed
/// instance's memory.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// serde_json refuses nesting deeper than this (its recursion limit); the
/// spec's documents nest at most 8 levels.
pub const MAX_NESTING: usize = 128;

/// Parses `input` as one JSON object. On failure returns the single issue
/// that explains why (nothing else can be checked on unreadable input).
pub fn parse_object(input: &[u8], max_bytes: usize) -> Result<Value<'_>, Issue> {
    if input.len() > max_bytes {
        return Err(Issue::error(
            "",
            codes::DOCUMENT_TOO_LARGE,
            format!(
                "the document is {} bytes; the limit is {max_bytes} bytes",
                input.len()
            ),
        ));
    }
    // The fast parser checks UTF-8 as it reads, and declines what it does
    // not take: anything not UTF-8, empty or not JSON is explained below.
    let value = match crate::json::parse_bytes(input) {
        Some(value) => value,
        None => read_declined(input)?,
    };
    if !value.is_object() {
        return Err(Issue::error(
            "",
            codes::NOT_AN_OBJECT,
            format!(
                "the document must be a JSON object, found {}",
                crate::schema::describe(&value)
            ),
        ));
    }
    Ok(value)
}

/// What the fast parser declined: the first of not UTF-8, empty, and
/// serde_json's verdict (with its message when the text is not JSON).
#[cold]
fn read_declined(input: &[u8]) -> Result<Value<'_>, Issue> {
    let text = std::str::from_utf8(input).map_err(|e| utf8_issue(input, e))?;
    if text.trim().is_empty() {
        return Err(Issue::error(
            "",
            codes::EMPTY_DOCUMENT,
            "the document is empty",
        ));
    }
    serde_json::from_str::<serde_json::Value>(text)
        .map(Value::from)
        .map_err(|e| json_issue(text, &e))
}

fn utf8_issue(input: &[u8], e: std::str::Utf8Error) -> Issue {
    let offset = e.valid_up_to();
    // Everything before `offset` is valid UTF-8, so lines and columns are exact.
    let valid = std::str::from_utf8(&input[..offset]).unwrap_or_default();
    let position = position_at(valid, offset);
    located(
        Issue::error(
            "",
            codes::INVALID_UTF8,
            format!(
                "the document is not valid UTF-8: invalid byte 0x{:02X} at byte offset {offset} (line {}, column {})",
                input[offset], position.line, position.column
            ),
        ),
        position,
    )
}

fn json_issue(text: &str, e: &serde_json::Error) -> Issue {
    let offset = offset_of(text, e.line(), e.column());
    let position = position_at(text, offset);
    let rest = text.get(offset.saturating_sub(1)..).unwrap_or_default();
    let (code, what) = if e.to_string().contains("recursion limit") {
        (
            codes::NESTING_TOO_DEEP,
            format!("the document nests deeper than {MAX_NESTING} levels"),
        )
    } else if rest.starts_with("//") || rest.starts_with("/*") || text[offset..].starts_with("//") {
        (
            codes::INVALID_JSON,
            "comments are not allowed in JSON".to_string(),
        )
    } else {
        (codes::INVALID_JSON, strip_location(&e.to_string()))
    };
    located(
        Issue::error(
            "",
            code,
            format!(
                "not valid JSON at line {}, column {}: {what}",
                position.line, position.column
            ),
        ),
        position,
    )
}

fn located(mut issue: Issue, position: Position) -> Issue {
    issue.position = Some(position);
    issue
}

/// serde_json appends " at line L column C"; we report the position ourselves.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Byte offset of serde_json's (1-based line, byte column) position.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let offset = (line_start + column.saturating_sub(1)).min(text.len());
    // Land on a character boundary.
    (0..=offset)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// 1-based line and character column of byte `offset` in `text`.
fn position_at(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: u32::try_from(before.matches('\n').count() + 1).unwrap_or(u32::MAX),
        column: u32::try_from(before[line_start..].chars().count() + 1).unwrap_or(u32::MAX),
        offset: offset as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(input: &[u8]) -> Issue {
        parse_object(input, DEFAULT_MAX_DOCUMENT_BYTES).unwrap_err()
    }

    #[test]
    fn empty_input_is_refused() {
        assert_eq!(fail(b"").code, codes::EMPTY_DOCUMENT);
        assert_eq!(fail(b"  \n ").code, codes::EMPTY_DOCUMENT);
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let issue = fail(b"{\"a\": \"\xC3\x28\"}");
        assert_eq!(issue.code, codes::INVALID_UTF8);
        assert_eq!(issue.position.unwrap().offset, 7);
        assert!(issue.message.contains("byte offset 7"), "{}", issue.message);
    }

    #[test]
    fn a_comment_is_named_as_such_with_line_and_column() {
        // shared/README.md §1: example A1 carries a `//` comment.
        let issue = fail(b"{\n  \"a\": 1, // note\n  \"b\": 2\n}");
        assert_eq!(issue.code, codes::INVALID_JSON);
        assert!(
            issue.message.contains("comments are not allowed"),
            "{}",
            issue.message
        );
        let position = issue.position.unwrap();
        assert_eq!((position.line, position.column), (2, 11));
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let issue = fail(b"{\"a\": tru}");
        assert_eq!(issue.code, codes::INVALID_JSON);
        assert_eq!(issue.position.unwrap().line, 1);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = "[".repeat(MAX_NESTING + 10) + &"]".repeat(MAX_NESTING + 10);
        assert_eq!(fail(deep.as_bytes()).code, codes::NESTING_TOO_DEEP);
    }

    #[test]
    fn size_limit_and_top_level_type() {
        assert_eq!(
            parse_object(b"{}", 1).unwrap_err().code,
            codes::DOCUMENT_TOO_LARGE
        );
        assert_eq!(fail(b"[1, 2]").code, codes::NOT_AN_OBJECT);
        assert!(parse_object(b"{}", 2).is_ok());
    }
}

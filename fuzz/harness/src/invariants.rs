//! What every report keeps, whatever the input (STYLE.md, "Errors and
//! reports"; wit/types.wit `report`). A violation panics: to the fuzzer it
//! is a crash like any other.

use scalepoint_core::{Issue, Report, Severity};
use serde_json::Value;

/// `valid` is false exactly when an issue is an error; every issue is
/// well-formed; a read failure's position lies inside the input.
pub fn check_report(report: &Report, input: &[u8]) {
    let has_error = report.issues.iter().any(|i| i.severity == Severity::Error);
    assert_eq!(
        report.valid, !has_error,
        "valid={} disagrees with the issues: {report:?}",
        report.valid
    );
    for issue in &report.issues {
        check_issue(issue);
        if let Some(position) = issue.position {
            assert!(
                position.offset <= input.len() as u64,
                "position beyond the input ({} bytes): {issue:?}",
                input.len()
            );
            assert!(position.line >= 1 && position.column >= 1, "{issue:?}");
        }
    }
}

/// The fast parser (`scalepoint_core::json`) takes bytes only if they are
/// UTF-8 and serde_json takes their text, and reads the same value from
/// it: validation reads documents with it and leaves serde_json the rest.
pub fn check_fast_parse(document: &[u8]) {
    let Some(fast) = scalepoint_core::json::parse_bytes(document) else {
        return;
    };
    let text = std::str::from_utf8(document)
        .unwrap_or_else(|e| panic!("the fast parser took bytes that are not UTF-8 ({e})"));
    let serde = serde_json::from_str::<Value>(text)
        .unwrap_or_else(|e| panic!("the fast parser took a text serde_json refuses ({e})"));
    assert!(
        fast == scalepoint_core::json::Value::from(&serde),
        "the fast parser read {fast} where serde_json read {serde}"
    );
}

/// A report on a document that was read: every path walks into the
/// document. An object may lack the rest of the path (a required field
/// that is missing, under a parent that may be missing too) and a scalar
/// may end it early, but a list is only ever entered at an index it has.
pub fn check_paths_resolve(report: &Report, document: &[u8]) {
    let Ok(value) = serde_json::from_slice::<Value>(document) else {
        return;
    };
    for issue in &report.issues {
        if issue.position.is_some() {
            continue;
        }
        let mut at = &value;
        for token in issue.path.split('/').skip(1) {
            match at {
                Value::Object(o) => {
                    let key = token.replace("~1", "/").replace("~0", "~");
                    match o.get(&key) {
                        Some(next) => at = next,
                        None => break,
                    }
                }
                Value::Array(a) => {
                    let next = token.parse::<usize>().ok().and_then(|i| a.get(i));
                    assert!(
                        next.is_some() && (token == "0" || !token.starts_with('0')),
                        "{token:?} is no index of a list of {}: {issue:?}",
                        a.len()
                    );
                    at = next.expect("checked");
                }
                _ => break,
            }
        }
    }
}

pub fn check_issue(issue: &Issue) {
    assert!(
        is_json_pointer(&issue.path),
        "not a JSON Pointer: {issue:?}"
    );
    assert!(is_kebab_case(issue.code), "code not kebab-case: {issue:?}");
    assert!(!issue.message.trim().is_empty(), "empty message: {issue:?}");
}

/// RFC 6901: empty, or `/`-separated tokens where `~` is only `~0` or `~1`.
pub fn is_json_pointer(path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    let Some(tokens) = path.strip_prefix('/') else {
        return false;
    };
    tokens.split('/').all(|token| {
        let mut chars = token.chars();
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                return false;
            }
        }
        true
    })
}

/// `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_kebab_case(code: &str) -> bool {
    !code.is_empty()
        && code.split('-').all(|part| {
            !part.is_empty() && part.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_and_codes() {
        assert!(is_json_pointer(""));
        assert!(is_json_pointer("/a~1b/~0/0"));
        assert!(!is_json_pointer("a"));
        assert!(!is_json_pointer("/a~2"));
        assert!(!is_json_pointer("/a~"));
        assert!(is_kebab_case("invoice-total-mismatch"));
        assert!(!is_kebab_case("Invoice"));
        assert!(!is_kebab_case("a--b"));
        assert!(!is_kebab_case("-a"));
    }
}

//! The one shape every problem takes: severity, JSON Pointer path, stable
//! kebab-case code and a sentence for a person. Hosts match on codes; the
//! wording of messages may change.

use serde::Serialize;

/// How bad a problem is. Warnings never make a document invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where in the raw input a parse failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// 0-based byte offset into the input.
    pub offset: u64,
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    /// JSON Pointer (RFC 6901) to the offending value; "" is the whole document.
    pub path: String,
    /// Stable kebab-case code, part of the API.
    pub code: &'static str,
    pub message: String,
    /// Set only for failures to read the input at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
}

impl Issue {
    pub fn error(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            code,
            message: message.into(),
            position: None,
        }
    }

    pub fn warning(
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, code, message)
        }
    }
}

/// Every problem found in one document; it never stops at the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub valid: bool,
    pub issues: Vec<Issue>,
}

impl Report {
    pub fn from_issues(issues: Vec<Issue>) -> Self {
        let valid = !issues.iter().any(|i| i.severity == Severity::Error);
        Self { valid, issues }
    }

    pub fn has_code(&self, code: &str) -> bool {
        self.issues.iter().any(|i| i.code == code)
    }
}

/// A JSON Pointer written only when an issue needs it: a valid document
/// needs none, and rules that formatted one per line and field did so on
/// every document.
pub type LazyPointer<'a> = &'a dyn Fn() -> String;

/// Escapes one reference token of a JSON Pointer (RFC 6901 §3).
pub fn escape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        token.replace('~', "~0").replace('/', "~1").into()
    } else {
        token.into()
    }
}

/// Builds `base/token` with the token escaped.
pub fn pointer_child(base: &str, token: &str) -> String {
    let token = escape_pointer_token(token);
    let mut out = String::with_capacity(base.len() + 1 + token.len());
    out.push_str(base);
    out.push('/');
    out.push_str(&token);
    out
}

/// Builds `base/index`.
pub fn pointer_index(base: &str, index: usize) -> String {
    format!("{base}/{index}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped_per_rfc6901() {
        assert_eq!(pointer_child("", "a/b~c"), "/a~1b~0c");
        assert_eq!(pointer_index("/serviceLines", 3), "/serviceLines/3");
    }

    #[test]
    fn warnings_alone_keep_a_report_valid() {
        let r = Report::from_issues(vec![Issue::warning("/a", "x", "m")]);
        assert!(r.valid);
        let r = Report::from_issues(vec![Issue::error("/a", "x", "m")]);
        assert!(!r.valid);
    }
}

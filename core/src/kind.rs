//! The documents of the specification, each with its schema.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use crate::schema::{compile, Schema};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// Seed 001: the case an insurer sends to the Case Integration API.
    Case,
    /// Seed 002 B1/B2: a repair or valuation task Scalepoint posts to SP1.
    Task,
    /// Seed 002 A1/A2: task feedback and invoices the partner posts to S1.
    Feedback,
    /// Seed 002 C1/C2: a status message Scalepoint posts to SP2.
    StatusMessage,
    /// Seed 002 D1/D2: a free-text message Scalepoint posts to SP3.
    TextMessage,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 5] = [
        DocumentKind::Case,
        DocumentKind::Task,
        DocumentKind::Feedback,
        DocumentKind::StatusMessage,
        DocumentKind::TextMessage,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Case => "case",
            DocumentKind::Task => "task",
            DocumentKind::Feedback => "feedback",
            DocumentKind::StatusMessage => "status-message",
            DocumentKind::TextMessage => "text-message",
        }
    }

    /// The schema's text as shipped in `schemas/`.
    pub fn schema_source(self) -> &'static str {
        match self {
            DocumentKind::Case => include_str!("../../schemas/case.schema.json"),
            DocumentKind::Task => include_str!("../../schemas/task.schema.json"),
            DocumentKind::Feedback => include_str!("../../schemas/feedback.schema.json"),
            DocumentKind::StatusMessage => include_str!("../../schemas/status-message.schema.json"),
            DocumentKind::TextMessage => include_str!("../../schemas/text-message.schema.json"),
        }
    }

    /// Unknown keywords a published schema really contains; draft-07 ignores
    /// them, and so do we, by name only.
    fn ignored_keywords(self) -> &'static [&'static str] {
        match self {
            // C2 nests the `selfRisk` schema inside `invoice`, beside its
            // `properties`, so as published it checks nothing;
            // documents::status_message checks the intended shape instead.
            DocumentKind::StatusMessage => &["/properties/invoice/selfRisk"],
            _ => &[],
        }
    }

    /// The schema document, parsed once per process (per component
    /// instance) and shared by everything that reads it (the compiled
    /// schema, map-task's field list).
    pub fn schema_document(self) -> &'static serde_json::Value {
        static CACHE: [OnceLock<serde_json::Value>; 5] = [const { OnceLock::new() }; 5];
        CACHE[self as usize].get_or_init(|| {
            serde_json::from_str(self.schema_source())
                .unwrap_or_else(|e| panic!("schemas/{}.schema.json is not JSON: {e}", self.name()))
        })
    }

    /// The compiled schema, built once per process (per component instance)
    /// and reused: compiling per call would cost more than validating.
    pub fn schema(self) -> &'static Schema {
        static CACHE: [OnceLock<Schema>; 5] = [const { OnceLock::new() }; 5];
        CACHE[self as usize].get_or_init(|| {
            compile(self.schema_document(), self.ignored_keywords())
                .unwrap_or_else(|e| panic!("schemas/{}.schema.json: {e}", self.name()))
        })
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DocumentKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = DocumentKind::ALL.iter().map(|k| k.name()).collect();
                format!(
                    "unknown document kind {s:?}; expected one of {}",
                    names.join(", ")
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped schema compiles with the strict engine: a keyword it does
    /// not understand would fail here, never be skipped silently.
    #[test]
    fn every_schema_compiles() {
        for kind in DocumentKind::ALL {
            let _ = kind.schema();
        }
    }
}

//! Why a task could not be mapped. Configuration errors name the template
//! and the field, so the ERP's settings page can point at them.

use std::fmt;

use serde::Serialize;

use super::options::TemplateName;
use crate::report::Report;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MappingError {
    /// Not a valid B2 task (the report of `validate_task`), or a number too
    /// long to carry exactly.
    InvalidDocument(Report),
    UnknownMergeField(MergeFieldProblem),
    InvalidTemplate(TemplateProblem),
    InvalidOption(OptionProblem),
}

/// A merge field that is neither a field of a B2 task nor one of ours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeFieldProblem {
    pub template: TemplateName,
    /// As written between the braces.
    pub field: String,
    pub message: String,
}

/// A template that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateProblem {
    pub template: TemplateName,
    pub field: Option<String>,
    pub message: String,
}

/// An option that cannot be used, named as the ERP wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionProblem {
    pub name: String,
    pub message: String,
}

impl MappingError {
    pub(super) fn unknown_field(template: TemplateName, field: &str, message: String) -> Self {
        MappingError::UnknownMergeField(MergeFieldProblem {
            template,
            field: field.to_string(),
            message,
        })
    }

    pub(super) fn template(
        template: TemplateName,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        MappingError::InvalidTemplate(TemplateProblem {
            template,
            field: field.map(str::to_string),
            message: message.into(),
        })
    }
}

impl fmt::Display for MappingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MappingError::InvalidDocument(report) => {
                let errors = report
                    .issues
                    .iter()
                    .filter(|i| i.severity == crate::report::Severity::Error)
                    .count();
                write!(f, "the task document is not valid ({errors} errors)")
            }
            MappingError::UnknownMergeField(p) => f.write_str(&p.message),
            MappingError::InvalidTemplate(p) => f.write_str(&p.message),
            MappingError::InvalidOption(p) => write!(f, "{}: {}", p.name, p.message),
        }
    }
}

impl std::error::Error for MappingError {}

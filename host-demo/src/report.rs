//! Printing a report: JSON for programs, text for people.

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;
use serde_json::{json, Value};

use crate::runtime::wit;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Json,
    Text,
}

fn severity(s: wit::Severity) -> &'static str {
    match s {
        wit::Severity::Error => "error",
        wit::Severity::Warning => "warning",
    }
}

/// The report as `{"valid": bool, "issues": [{"severity", "path", "code", "message"}]}`
/// (plus `position` on read failures).
pub fn report_json(report: &wit::Report) -> Value {
    let issues: Vec<Value> = report
        .issues
        .iter()
        .map(|i| {
            let mut issue = json!({
                "severity": severity(i.severity),
                "path": i.path,
                "code": i.code,
                "message": i.message,
            });
            if let Some(p) = &i.position {
                issue["position"] = json!({"line": p.line, "column": p.column, "offset": p.offset});
            }
            issue
        })
        .collect();
    json!({"valid": report.valid, "issues": issues})
}

/// Writes the report to stdout in `format`; `source` names the input in text.
pub fn print_report(report: &wit::Report, format: OutputFormat, source: &str) -> Result<()> {
    let mut out = crate::output::stdout();
    match format {
        OutputFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report_json(report))?
        )?,
        OutputFormat::Text => write_text(&mut out, report, source)?,
    }
    Ok(())
}

fn write_text(out: &mut impl Write, report: &wit::Report, source: &str) -> Result<()> {
    let errors = report
        .issues
        .iter()
        .filter(|i| i.severity == wit::Severity::Error)
        .count();
    let warnings = report.issues.len() - errors;
    let verdict = if report.valid { "valid" } else { "INVALID" };
    writeln!(
        out,
        "{source}: {verdict} ({errors} error(s), {warnings} warning(s))"
    )?;
    for i in &report.issues {
        let path = if i.path.is_empty() {
            "(document)"
        } else {
            i.path.as_str()
        };
        writeln!(
            out,
            "  {:<7} {path}  [{}]  {}",
            severity(i.severity),
            i.code,
            i.message
        )?;
    }
    Ok(())
}

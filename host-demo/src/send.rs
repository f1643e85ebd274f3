//! `host-demo send feedback|status|message`: S1, S2, S3 through the
//! component, over a real HTTP client.
//!
//! Exit status: 0 Scalepoint accepted; 1 refused (invalid locally, nothing
//! sent; or Scalepoint's errors, printed); 2 usage or transport failure.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::http::UreqTransport;
use crate::report::report_json;
use crate::runtime::exports::scalepoint::integration::service_partner as sp;
use crate::runtime::{wit, ComponentHost, HostImports};

#[derive(Subcommand)]
pub enum SendCommand {
    /// S1: task feedback (and invoice) with attachments.
    Feedback {
        /// The feedback document (A2 JSON); `-` reads standard input.
        file: PathBuf,
        #[command(flatten)]
        endpoint: EndpointArgs,
        /// A file to send with it; repeat for more.
        #[arg(long = "attach", value_name = "PATH")]
        attachments: Vec<PathBuf>,
    },
    /// S2: a status of a received task.
    Status {
        #[command(flatten)]
        endpoint: EndpointArgs,
        /// The uniqueId of the received task.
        #[arg(long, value_name = "UNIQUEID")]
        task: String,
        /// At most 100 characters.
        #[arg(long)]
        status: String,
        /// `yyyy-MM-dd HH:mm:ss`; without it Scalepoint uses the time it receives the status.
        #[arg(long)]
        created: Option<String>,
    },
    /// S3: a free-text message with files.
    Message {
        #[command(flatten)]
        endpoint: EndpointArgs,
        /// The task's GUID.
        #[arg(long, value_name = "GUID")]
        task: String,
        #[arg(long)]
        text: String,
        #[arg(long = "attach", value_name = "PATH")]
        attachments: Vec<PathBuf>,
    },
}

#[derive(Args)]
pub struct EndpointArgs {
    /// Scalepoint's host for this environment, e.g. https://hostname.
    #[arg(long, value_name = "URL")]
    pub base_url: String,
    /// The country part of the URL, e.g. dk.
    #[arg(long, value_name = "CC")]
    pub country: String,
    /// The pre-shared GUID.
    #[arg(long, value_name = "GUID")]
    pub security_token: String,
}

impl EndpointArgs {
    fn endpoint(&self) -> sp::Endpoint {
        sp::Endpoint {
            base_url: self.base_url.clone(),
            country: self.country.clone(),
            security_token: self.security_token.clone(),
        }
    }
}

pub fn run(host: &ComponentHost, command: &SendCommand) -> Result<i32> {
    let imports = HostImports {
        http: Some(Arc::new(UreqTransport::new())),
        ..HostImports::default()
    };
    let result = match command {
        SendCommand::Feedback {
            file,
            endpoint,
            attachments,
        } => {
            let document = crate::cli::read_input(file)?;
            let files = read_files(attachments)?;
            let options = wit::InvoiceOptions {
                vat_rate: None,
                tolerance: None,
                previously_sent: Vec::new(),
            };
            host.call_with(imports, |instance, store| {
                instance
                    .scalepoint_integration_service_partner()
                    .call_send_feedback(store, &endpoint.endpoint(), &document, &files, &options)
            })?
        }
        SendCommand::Status {
            endpoint,
            task,
            status,
            created,
        } => host.call_with(imports, |instance, store| {
            instance
                .scalepoint_integration_service_partner()
                .call_send_status(
                    store,
                    &endpoint.endpoint(),
                    task,
                    status,
                    created.as_deref(),
                )
        })?,
        SendCommand::Message {
            endpoint,
            task,
            text,
            attachments,
        } => {
            let files = read_files(attachments)?;
            host.call_with(imports, |instance, store| {
                instance
                    .scalepoint_integration_service_partner()
                    .call_send_message(store, &endpoint.endpoint(), task, text, &files)
            })?
        }
    };
    finish(result)
}

/// Prints the outcome as JSON and returns the exit status.
fn finish(result: Result<sp::SendOutcome, sp::SendError>) -> Result<i32> {
    let (code, output) = match result {
        Ok(outcome) => {
            let accepted = matches!(outcome, sp::SendOutcome::Accepted);
            (if accepted { 0 } else { 1 }, outcome_json(&outcome))
        }
        Err(sp::SendError::Invalid(report)) => (
            1,
            json!({"outcome": "invalid", "sent": false, "report": report_json(&report)}),
        ),
        Err(sp::SendError::InvalidOption(option)) => {
            anyhow::bail!("--{}: {}", option.name, option.message)
        }
        Err(sp::SendError::Transport(error)) => anyhow::bail!("transport failure: {error:?}"),
    };
    println!("{}", serde_json::to_string_pretty(&output)?);
    Ok(code)
}

/// The outcome as `{"outcome": kebab-case, ...}`.
pub fn outcome_json(outcome: &sp::SendOutcome) -> Value {
    let rejection = |kind: &str, r: &sp::Rejection| json!({"outcome": kind, "sent": true, "status": r.status, "message": r.message, "errors": r.errors});
    match outcome {
        sp::SendOutcome::Accepted => json!({"outcome": "accepted", "sent": true}),
        sp::SendOutcome::InvoiceNotSaved(r) => rejection("invoice-not-saved", r),
        sp::SendOutcome::Rejected(r) => rejection("rejected", r),
        sp::SendOutcome::Forbidden(message) => {
            json!({"outcome": "forbidden", "sent": true, "status": 403, "message": message})
        }
        sp::SendOutcome::Unexpected(u) => json!({
            "outcome": "unexpected", "sent": true, "status": u.status, "body": u.body, "retryable": u.retryable
        }),
    }
}

fn read_files(paths: &[PathBuf]) -> Result<Vec<sp::File>> {
    paths.iter().map(|p| read_file(p)).collect()
}

fn read_file(path: &Path) -> Result<sp::File> {
    let data =
        std::fs::read(path).with_context(|| format!("read attachment {}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .with_context(|| format!("{} has no file name", path.display()))?;
    let content_type = mime_guess::from_path(path)
        .first_or_octet_stream()
        .to_string();
    Ok(sp::File {
        name,
        content_type,
        data,
    })
}

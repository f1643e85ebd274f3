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
use crate::output::outln;
use crate::report::report_json;
use crate::runtime::exports::scalepoint::integration::service_partner as sp;
use crate::runtime::{wit, ComponentHost, HostImports};
use crate::store::{Destination, Outbound, OutboundCall, OutboundFile};

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
    pub fn destination(&self) -> Destination {
        Destination {
            base_url: self.base_url.clone(),
            country: self.country.clone(),
            security_token: self.security_token.clone(),
        }
    }
}

impl SendCommand {
    /// The call this command makes, its files read; `task` is the GUID the
    /// outbox orders by (for feedback, the document's `uniqueId`).
    pub fn outbound(&self) -> Result<Outbound> {
        let (endpoint, call, files) = match self {
            SendCommand::Feedback {
                file,
                endpoint,
                attachments,
            } => {
                let call = OutboundCall::Feedback {
                    document: crate::cli::read_input(file)?,
                    vat_rate: None,
                    tolerance: None,
                };
                (endpoint, call, attachments.as_slice())
            }
            SendCommand::Status {
                endpoint,
                task,
                status,
                created,
            } => {
                let call = OutboundCall::Status {
                    task: task.clone(),
                    status: status.clone(),
                    created: created.clone(),
                };
                (endpoint, call, &[][..])
            }
            SendCommand::Message {
                endpoint,
                task,
                text,
                attachments,
            } => {
                let call = OutboundCall::Message {
                    task: task.clone(),
                    text: text.clone(),
                };
                (endpoint, call, attachments.as_slice())
            }
        };
        Ok(Outbound {
            task: task_of(&call),
            destination: endpoint.destination(),
            call,
            files: read_files(files)?,
        })
    }
}

/// The task an outbound call is about, lower-case (empty when a feedback
/// document names none: it is then refused by validation anyway).
fn task_of(call: &OutboundCall) -> String {
    match call {
        OutboundCall::Status { task, .. } | OutboundCall::Message { task, .. } => {
            task.to_ascii_lowercase()
        }
        OutboundCall::Feedback { document, .. } => serde_json::from_slice::<Value>(document)
            .ok()
            .and_then(|v| v.get("uniqueId")?.as_str().map(str::to_ascii_lowercase))
            .unwrap_or_default(),
    }
}

pub fn run(host: &ComponentHost, command: &SendCommand) -> Result<i32> {
    let imports = HostImports {
        http: Some(Arc::new(UreqTransport::new())),
        ..HostImports::default()
    };
    // A direct send keeps no record of what went before: no history.
    finish(call(host, imports, &command.outbound()?, Vec::new())?)
}

/// What the component's `send-*` export gives for `outbound`, sent
/// through `imports`: the one path of the CLI, the outbox and its checks.
/// `previously_sent`: the invoices delivered before for its task
/// ([`crate::outbox::history`]), which S1's invoice is checked against.
pub fn call(
    host: &ComponentHost,
    imports: HostImports,
    outbound: &Outbound,
    previously_sent: Vec<wit::SentInvoice>,
) -> Result<Result<sp::SendOutcome, sp::SendError>> {
    let d = &outbound.destination;
    let endpoint = sp::Endpoint {
        base_url: d.base_url.clone(),
        country: d.country.clone(),
        security_token: d.security_token.clone(),
    };
    let files: Vec<sp::File> = outbound
        .files
        .iter()
        .map(|f| sp::File {
            name: f.name.clone(),
            content_type: f.content_type.clone(),
            data: f.data.clone(),
        })
        .collect();
    host.call_with(imports, |instance, store| {
        let export = instance.service_partner(&mut *store)?;
        match &outbound.call {
            OutboundCall::Feedback {
                document,
                vat_rate,
                tolerance,
            } => {
                let options = wit::InvoiceOptions {
                    vat_rate: vat_rate.clone(),
                    tolerance: tolerance.clone(),
                    previously_sent,
                };
                export.call_send_feedback(store, &endpoint, document, &files, &options)
            }
            OutboundCall::Status {
                task,
                status,
                created,
            } => export.call_send_status(store, &endpoint, task, status, created.as_deref()),
            OutboundCall::Message { task, text } => {
                export.call_send_message(store, &endpoint, task, text, &files)
            }
        }
    })
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
    outln!("{}", serde_json::to_string_pretty(&output)?)?;
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

fn read_files(paths: &[PathBuf]) -> Result<Vec<OutboundFile>> {
    paths.iter().map(|p| read_file(p)).collect()
}

fn read_file(path: &Path) -> Result<OutboundFile> {
    let data =
        std::fs::read(path).with_context(|| format!("read attachment {}", path.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .with_context(|| format!("{} has no file name", path.display()))?;
    let content_type = mime_guess::from_path(path)
        .first_or_octet_stream()
        .to_string();
    Ok(OutboundFile {
        name,
        content_type,
        data,
    })
}

//! The command line: `host-demo validate KIND FILE`, ...
//!
//! Exit status (stable, scripts rely on it): 0 valid (warnings allowed),
//! 1 invalid, 2 usage or I/O error with a message on stderr. A closed stdout
//! is not an error (`output`).

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::outln;
use crate::report::{print_report, OutputFormat};
use crate::runtime::{wit, ComponentHost};

#[derive(Parser)]
#[command(
    name = "host-demo",
    version,
    about = "A service partner's ERP that embeds the Scalepoint component"
)]
pub struct Cli {
    /// Use this component instead of the one built with the host.
    #[arg(long, global = true, value_name = "WASM")]
    pub component: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Validate a document against the specification, inside the component.
    Validate(ValidateArgs),
    /// Measure validation in the component vs natively, and instantiation.
    Bench(BenchArgs),
    /// List what the component imports and exports.
    Inspect,
    /// The whole story on loopback: receive a task, map it, send status, message, feedback and invoice, receive the approval.
    Demo(crate::demo::DemoArgs),
    /// Send to Scalepoint: S1 feedback, S2 status, S3 message.
    #[command(subcommand)]
    Send(crate::send::SendCommand),
    /// The insurer's side: send a case to Scalepoint (`case submit FILE ...`).
    Case(crate::case::CaseArgs),
    /// Run the ERP's endpoints for Scalepoint (SP1 tasks, SP2 statuses, SP3 messages).
    Serve(crate::server::ServeArgs),
    /// Add or list the insurance companies the ERP accepts tasks from.
    Insurer(crate::store::commands::InsurerArgs),
    /// List the tasks received, as work orders with their statuses and messages.
    Tasks(crate::store::commands::TasksArgs),
    /// Load a running `serve` with SP1 tasks; report requests/s and latency percentiles.
    Load(crate::load::LoadArgs),
    /// Queue S1/S2/S3 for `serve` to send durably; list the outbox and its dead letters.
    Outbox(crate::outbox::commands::OutboxArgs),
}

#[derive(Args)]
pub struct BenchArgs {
    /// Print one JSON object on the last line instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Case,
    Task,
    Feedback,
    StatusMessage,
    TextMessage,
}

#[derive(Args)]
pub struct ValidateArgs {
    /// What the document is.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The document; `-` reads standard input.
    pub file: PathBuf,
    /// Apply the product rules of a case (hub-property, hub-motor, hub-health, claimshop, ecx, subrogation).
    #[arg(long, value_name = "NAME")]
    pub product: Option<String>,
    /// `json` (default) for programs, `text` for people.
    #[arg(long, value_enum, default_value = "json")]
    pub format: OutputFormat,
    /// VAT rate of invoices as a fraction of net (feedback), default 0.25.
    #[arg(long, value_name = "RATE")]
    pub vat_rate: Option<String>,
    /// Largest accepted difference between two amounts (feedback), default 0.01.
    #[arg(long, value_name = "AMOUNT")]
    pub tolerance: Option<String>,
}

/// Exit status for a usage or I/O error.
pub const EXIT_USAGE: i32 = 2;

/// Runs the command; returns the process exit status.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Validate(args) => validate(cli.component.as_deref(), &args),
        Command::Bench(args) => bench(cli.component.as_deref(), &args),
        Command::Case(args) => crate::case::run(cli.component.as_deref(), args),
        Command::Send(command) => {
            crate::send::run(&ComponentHost::load(cli.component.as_deref())?, &command)
        }
        Command::Demo(args) => {
            crate::demo::run(ComponentHost::load(cli.component.as_deref())?, &args)
        }
        Command::Inspect => {
            let host = ComponentHost::load(cli.component.as_deref())?;
            let (imports, exports) = host.interface_names();
            outln!(
                "imports:\n  {}\nexports:\n  {}",
                imports.join("\n  "),
                exports.join("\n  ")
            )?;
            Ok(0)
        }
        Command::Serve(args) => crate::server::serve(cli.component.as_deref(), &args),
        Command::Insurer(args) => crate::store::commands::insurer(args),
        Command::Tasks(args) => crate::store::commands::tasks(args),
        Command::Load(args) => crate::load::run(&args),
        Command::Outbox(args) => {
            crate::outbox::commands::run(|| ComponentHost::load(cli.component.as_deref()), args)
        }
    }
}

fn bench(component: Option<&Path>, args: &BenchArgs) -> Result<i32> {
    let path = component.unwrap_or(Path::new(crate::COMPONENT_WASM_PATH));
    let wasm = std::fs::read(path).with_context(|| format!("read component {}", path.display()))?;
    let figures = crate::bench::run(&wasm)?;
    if args.json {
        outln!("{}", figures.to_json())?;
    } else {
        outln!(
            "component: {} ({} bytes)\n{}",
            path.display(),
            wasm.len(),
            figures.to_text()
        )?;
    }
    Ok(0)
}

fn validate(component: Option<&Path>, args: &ValidateArgs) -> Result<i32> {
    let product = args
        .product
        .as_deref()
        .map(crate::runtime::parse_product)
        .transpose()?;
    if product.is_some() && !matches!(args.kind, Kind::Case) {
        anyhow::bail!("--product applies to `case` documents only");
    }
    let document = read_input(&args.file)?;
    let host = ComponentHost::load(component)?;
    let invoice_options = wit::InvoiceOptions {
        vat_rate: args.vat_rate.clone(),
        tolerance: args.tolerance.clone(),
        previously_sent: Vec::new(),
    };
    let report = host.call(|instance, store| {
        let v = instance.validation(&mut *store)?;
        Ok(match args.kind {
            Kind::Case => {
                Ok(v.call_validate_case(store, &document, wit::CaseOptions { product })?)
            }
            Kind::Task => Ok(v.call_validate_task(store, &document)?),
            Kind::Feedback => v.call_validate_feedback(store, &document, &invoice_options)?,
            Kind::StatusMessage => Ok(v.call_validate_status_message(store, &document)?),
            Kind::TextMessage => Ok(v.call_validate_text_message(store, &document)?),
        })
    })?;
    let report = report.map_err(|e| anyhow::anyhow!("--{}: {}", e.name, e.message))?;
    print_report(&report, args.format, &args.file.display().to_string())?;
    Ok(if report.valid { 0 } else { 1 })
}

/// The file's bytes, or standard input's for `-`.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("read standard input")?;
        Ok(bytes)
    } else {
        std::fs::read(path).with_context(|| format!("read {}", path.display()))
    }
}

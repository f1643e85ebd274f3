//! `host-demo demo`: the whole story in one command, on loopback, with no
//! setup. A stand-in Scalepoint and our ERP server run in this process; the
//! transcript says who sends what to whom.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::Args;
use serde_json::json;

use std::time::{Duration, Instant};

use crate::http::UreqTransport;
use crate::outbox::commands::{last_outcome, refusal};
use crate::output::outln;
use crate::runtime::exports::scalepoint::integration::service_partner as sp;
use crate::runtime::{http_client, wit, ComponentHost, HttpTransport};
use crate::server::{Server, ServerConfig};
use crate::stand_in::StandIn;
use crate::store::{self, model::NewInsurer, Backend, SqliteConnector};
use crate::store::{Destination, Outbound, OutboundCall, OutboundFile, OutboxFilter};

#[derive(Args)]
pub struct DemoArgs {
    /// Keep the ERP database here (default: a new file in the temp directory).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

const B1: &[u8] = include_bytes!("../../examples/task-b1.json");
const TASK: &str = "dc100952-2005-4fbf-bbdf-badd1ec5a912";
const TOKEN: &str = "5b0c0e3a-9c1d-4a2b-8f7e-6d5c4b3a2f10";
/// A 1×1 PNG: the "photo" of the damage.
const PHOTO: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

struct Demo {
    host: Arc<ComponentHost>,
    net: Arc<UreqTransport>,
    scalepoint: StandIn,
    server: Server,
    /// The ERP's own connection: it queues into the outbox and reads it.
    store: Box<dyn Backend>,
    erp: String,
    step: usize,
}

pub fn run(host: ComponentHost, args: &DemoArgs) -> Result<i32> {
    let db = args.db.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("scalepoint-demo-{}.db", std::process::id()))
    });
    let mut demo = Demo::start(host, &db)?;
    demo.receive_task()?;
    demo.show_work_order(&db)?;
    demo.send_status()?;
    demo.send_message()?;
    demo.send_feedback(None, "feedback with the repair price")?;
    demo.send_feedback(
        Some(invoice()),
        "the invoice, with the invoice PDF attached",
    )?;
    demo.receive_approval()?;
    demo.show_history(&db)?;
    let received = demo.scalepoint.received().len();
    outln!(
        "\nDone: Scalepoint received {received} requests, all accepted. ERP database: {}",
        db.display()
    )?;
    Ok(0)
}

impl Demo {
    fn start(host: ComponentHost, db: &std::path::Path) -> Result<Self> {
        let scalepoint = StandIn::start(Vec::new())?;
        outln!("Scalepoint (stand-in) listens on {}", scalepoint.url())?;
        let mut store = store::open(db)?;
        if !store
            .insurers()?
            .iter()
            .any(|i| i.settings.security_token == TOKEN)
        {
            store.add_insurer(&NewInsurer {
                name: "Zurich".into(),
                security_token: TOKEN.into(),
                alias: Some("zurich".into()),
                default_team: Some("Glass & phones".into()),
                responsible: Some("Jens".into()),
                customer_type: Some("Private".into()),
                ..NewInsurer::default()
            })?;
        }
        outln!(
            "ERP: insurer Zurich registered with its security token (database {})",
            db.display()
        )?;
        let host = Arc::new(host);
        let connector = Arc::new(SqliteConnector {
            path: db.to_path_buf(),
        });
        let config = ServerConfig {
            workers: 2,
            ..ServerConfig::default()
        };
        let server = Server::start(host.clone(), connector, "127.0.0.1:0", config)?;
        let erp = format!("http://{}", server.addr());
        outln!("ERP server listens on {erp}; its outbox worker sends to Scalepoint\n")?;
        Ok(Self {
            host,
            net: Arc::new(UreqTransport::new()),
            scalepoint,
            server,
            store,
            erp,
            step: 0,
        })
    }

    fn say(&mut self, who: &str, what: &str) -> std::io::Result<()> {
        self.step += 1;
        outln!("{:>2}. {who}: {what}", self.step)
    }

    /// Scalepoint → ERP, as Scalepoint posts: urlencoded securityToken + jsonString.
    fn post_to_erp(&self, path: &str, document: &[u8]) -> Result<(u16, String)> {
        let json = std::str::from_utf8(document)?;
        let body = scalepoint_core::wire::urlencoded_body(&[
            ("securityToken", TOKEN),
            ("jsonString", json),
        ]);
        let response = self
            .net
            .send(http_client::Request {
                method: http_client::Method::Post,
                url: format!("{}{path}", self.erp),
                headers: vec![(
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                )],
                body,
                timeout_ms: 10_000,
            })
            .map_err(|e| anyhow::anyhow!("post to the ERP: {e:?}"))?;
        Ok((
            response.status,
            String::from_utf8_lossy(&response.body).into_owned(),
        ))
    }

    fn receive_task(&mut self) -> Result<()> {
        self.say(
            "Scalepoint → ERP",
            "SP1 POST /scalepoint/tasks with task B1 (a broken iPhone, claim claimnumber1234)",
        )?;
        let (status, _) = self.post_to_erp("/scalepoint/tasks", B1)?;
        expect_2xx(status, "SP1")?;
        outln!("    ERP answered {status}: validated in the component, mapped, committed to disk")?;
        Ok(())
    }

    fn show_work_order(&mut self, db: &std::path::Path) -> Result<()> {
        let tasks = store::open(db)?.tasks(None)?;
        let task = tasks.first().context("the task is stored")?;
        let order = serde_json::to_value(task)?;
        self.say("ERP", "work order created")?;
        let first = order
            .pointer("/workOrders/0")
            .or_else(|| order.pointer("/work_orders/0"));
        if let Some(work_order) = first {
            let field = |p: &str| {
                work_order
                    .pointer(p)
                    .and_then(|v| v.as_str())
                    .unwrap_or("-")
                    .to_string()
            };
            outln!("    heading:  {}", field("/heading"))?;
            outln!(
                "    customer: {} (dedup key {})",
                field("/customer/name"),
                field("/customer/dedupKey")
            )?;
            outln!("    team:     {}", field("/team"))?;
        }
        Ok(())
    }

    fn destination(&self) -> Destination {
        Destination {
            base_url: self.scalepoint.url().to_string(),
            country: "dk".into(),
            security_token: TOKEN.into(),
        }
    }

    /// ERP → Scalepoint the way the server sends: checked by the component,
    /// stored in the outbox, sent by the server's outbox worker.
    fn deliver(&mut self, what: &str, call: OutboundCall, files: Vec<OutboundFile>) -> Result<()> {
        let outbound = Outbound {
            destination: self.destination(),
            call,
            files,
            task: TASK.into(),
        };
        if let Some(report) = refusal(&self.host, self.store.as_mut(), &outbound)? {
            bail!("{what} is invalid: {report}");
        }
        let id = self.store.enqueue(&outbound)?;
        self.server.wake_outbox();
        let deadline = Instant::now() + Duration::from_secs(30);
        let entry = loop {
            let entry = self
                .store
                .outbox(OutboxFilter::All)?
                .into_iter()
                .find(|e| e.id == id);
            match entry {
                Some(e) if e.state != "pending" => break e,
                _ if Instant::now() > deadline => bail!("{what} is still in the outbox after 30 s"),
                _ => std::thread::sleep(Duration::from_millis(10)),
            }
        };
        if entry.state != "sent" {
            bail!("{what} was not accepted: {}", last_outcome(&entry));
        }
        let last = self
            .scalepoint
            .received()
            .pop()
            .context("Scalepoint received it")?;
        outln!(
            "    stored in the outbox as #{id}, sent on attempt {}: Scalepoint accepted {what}: {} {} ({} bytes)",
            entry.attempts,
            last.method,
            last.path,
            last.body.len()
        )?;
        Ok(())
    }

    fn send_status(&mut self) -> Result<()> {
        self.say("ERP → Scalepoint", "S2 status \"Repair started\"")?;
        let call = OutboundCall::Status {
            task: TASK.into(),
            status: "Repair started".into(),
            created: Some("2020-10-21 09:30:00".into()),
        };
        self.deliver("the status", call, Vec::new())
    }

    fn send_message(&mut self) -> Result<()> {
        self.say("ERP → Scalepoint", "S3 message with a photo of the damage")?;
        let photo = OutboundFile {
            name: "damage.png".into(),
            content_type: "image/png".into(),
            data: PHOTO.to_vec(),
        };
        let call = OutboundCall::Message {
            task: TASK.into(),
            text: "The display is cracked; photo attached.".into(),
        };
        self.deliver("the message", call, vec![photo])
    }

    fn send_feedback(&mut self, invoice: Option<sp::Invoice>, what: &str) -> Result<()> {
        self.say("ERP → Scalepoint", &format!("S1 {what}"))?;
        let attachments = match invoice {
            Some(_) => vec![OutboundFile {
                name: "invoice-1001.pdf".into(),
                content_type: "application/pdf".into(),
                data: b"%PDF-1.4\n% demo invoice\n".to_vec(),
            }],
            None => Vec::new(),
        };
        let request = feedback_request(vec![repair_price("400.00")], invoice);
        let built = self.host.call(|instance, store| {
            instance.service_partner(&mut *store)?.call_build_feedback(
                store,
                &request,
                &default_options(),
            )
        })?;
        let built = built.map_err(|e| anyhow::anyhow!("build-feedback: {e:?}"))?;
        outln!(
            "    built in the component: every task line kept, repairPrice 400.00, {} warning(s)",
            built.report.issues.len()
        )?;
        let call = OutboundCall::Feedback {
            document: built.json.into_bytes(),
            vat_rate: None,
            tolerance: None,
        };
        self.deliver(what, call, attachments)
    }

    fn receive_approval(&mut self) -> Result<()> {
        self.say(
            "Scalepoint → ERP",
            "SP2 POST /scalepoint/statuses: RVTaskApprovedNotificationToServicePartner",
        )?;
        let approval = json!({
            "type": "RVTaskApprovedNotificationToServicePartner",
            "details": {
                "taskGuid": TASK, "insuranceCompanyName": "Zurich", "claimNumber": "claimnumber1234",
                "policyNumber": "12345678", "claimantName": "Dorthey Tieman", "servicePartnerName": "Service partner 1"
            },
            "invoice": {"count": 1, "amount": 500.00},
            "selfRisk": {"claimSelfRisk": 200.00, "updatedClaimSelfRisk": 200.00, "claimSelfRiskUpdateReason": ""}
        });
        let (status, _) =
            self.post_to_erp("/scalepoint/statuses", approval.to_string().as_bytes())?;
        expect_2xx(status, "SP2")?;
        outln!("    ERP answered {status}: approval linked to the task")?;
        Ok(())
    }

    fn show_history(&mut self, db: &std::path::Path) -> Result<()> {
        let tasks = store::open(db)?.tasks(None)?;
        self.say(
            "ERP",
            &format!("`host-demo tasks list --db {}` now shows:", db.display()),
        )?;
        for task in &tasks {
            outln!(
                "    task {} · claim {} · {} · {} work order(s)",
                task.unique_id,
                task.claim_number.as_deref().unwrap_or("-"),
                task.insurer,
                task.work_orders.len()
            )?;
            for sent in &task.outbox {
                outln!(
                    "      sent {} #{}: {} after {} attempt(s)",
                    sent.kind,
                    sent.id,
                    sent.state,
                    sent.attempts
                )?;
            }
            for status in &task.statuses {
                outln!(
                    "      status {} (received {})",
                    status.kind,
                    status.received_at
                )?;
            }
        }
        Ok(())
    }
}

fn expect_2xx(status: u16, what: &str) -> Result<()> {
    if (200..300).contains(&status) {
        Ok(())
    } else {
        bail!("{what} was answered {status}")
    }
}

fn default_options() -> wit::InvoiceOptions {
    wit::InvoiceOptions {
        vat_rate: None,
        tolerance: None,
        previously_sent: Vec::new(),
    }
}

/// The demo's invoice: one line, 400.00 + 25 % VAT.
pub fn invoice() -> sp::Invoice {
    sp::Invoice {
        invoice_type: "INVOICE".into(),
        invoice_number: "1001".into(),
        credit_note_number: None,
        invoice_date: "2020-10-23".into(),
        payment_due_date: "2020-11-22".into(),
        name_of_valuation_responsible: Some("Jens".into()),
        date_of_valuation: None,
        net_amount: "400.00".into(),
        vat: "100.00".into(),
        total_amount: "500.00".into(),
        lines: vec![sp::InvoiceLine {
            description: "Display replacement, APPLE iPhone 7".into(),
            units: Some("item".into()),
            quantity: "1".into(),
            unit_net_amount: "400.00".into(),
            unit_vat_amount: "100.00".into(),
            unit_price: "500.00".into(),
            line_total: "500.00".into(),
        }],
    }
}

/// A feedback request for task B1 from "Service partner 1" (A1's partner).
pub fn feedback_request(
    changes: Vec<sp::LineChange>,
    invoice: Option<sp::Invoice>,
) -> sp::FeedbackRequest {
    sp::FeedbackRequest {
        task_document: B1.to_vec(),
        task_unique_id: TASK.into(),
        created_date: "2020-10-21T08:00:00Z".into(),
        service_partner: sp::ServicePartnerDetails {
            name: "Service partner 1".into(),
            address1: Some("Fisketorvet Shopping Center, 201 Kalvebod Brygge".into()),
            address2: None,
            phone: Some("88 81 80 01".into()),
            email: Some("shop@servicepartner1.com".into()),
            postal_code: Some("1560".into()),
            cvr_number: Some("10166896".into()),
            city: Some("København V".into()),
            bank: sp::Bank {
                bank_name: Some("big bank".into()),
                reg_number: Some("1233".into()),
                account_number: Some("1222222342321112".into()),
                iban: None,
                giro: None,
                fik_number: None,
                fik_type: None,
                fik_creditor_code: None,
            },
        },
        changes,
        invoice,
        taken_self_risk: None,
        update_claim_self_risk: None,
        update_claim_self_risk_reason: None,
    }
}

/// Sets the repair price of B1's one line (seed 002 S1: required for REPAIR).
pub fn repair_price(amount: &str) -> sp::LineChange {
    sp::LineChange::Update(sp::LineUpdate {
        claim_line_id: "10882352".into(),
        task_type: None,
        valuations: vec![sp::Valuation {
            field: "repairPrice".into(),
            amount: amount.into(),
        }],
        service_partner_note: Some("Display replaced".into()),
        total_damage: None,
        reject_reason_id: None,
        reject_reason_explanation: None,
    })
}

//! `service-partner`: WIT <-> scalepoint-core's feedback builder and wire
//! requests; the requests go out through the host's `http-client`.

use scalepoint_core::feedback_builder as fb;
use scalepoint_core::wire;

use crate::exports::scalepoint::integration::service_partner::{
    BuildError, BuiltFeedback, Endpoint, FeedbackRequest, File, Guest, Invoice, LineChange,
    Rejection, SendError, SendOutcome, UnexpectedAnswer, Valuation,
};
use crate::scalepoint::integration::http_client;
use crate::scalepoint::integration::types::InvoiceOptions;

/// How long one exchange with Scalepoint may take.
const TIMEOUT_MS: u32 = 30_000;

impl Guest for crate::Component {
    fn build_feedback(
        request: FeedbackRequest,
        options: InvoiceOptions,
    ) -> Result<BuiltFeedback, BuildError> {
        let options =
            crate::convert::invoice_options(options).map_err(BuildError::InvalidOption)?;
        let request = feedback_request(&request);
        fb::build_feedback(&request, &options)
            .map(|built| BuiltFeedback {
                json: built.json,
                report: crate::convert::report(built.report),
            })
            .map_err(build_error)
    }

    fn send_feedback(
        endpoint: Endpoint,
        feedback: Vec<u8>,
        attachments: Vec<File>,
        options: InvoiceOptions,
    ) -> Result<SendOutcome, SendError> {
        let options = crate::convert::invoice_options(options).map_err(SendError::InvalidOption)?;
        let files = files(attachments);
        let request = wire::feedback_request(&endpoint_of(endpoint), &feedback, &files, &options);
        send(request, wire::read_feedback_response)
    }

    fn send_status(
        endpoint: Endpoint,
        unique_id: String,
        status: String,
        created: Option<String>,
    ) -> Result<SendOutcome, SendError> {
        let update = wire::StatusUpdate {
            unique_id,
            status,
            created,
        };
        send(
            wire::status_request(&endpoint_of(endpoint), &update),
            wire::read_plain_response,
        )
    }

    fn send_message(
        endpoint: Endpoint,
        task_guid: String,
        text: String,
        files_in: Vec<File>,
    ) -> Result<SendOutcome, SendError> {
        let request =
            wire::message_request(&endpoint_of(endpoint), &task_guid, &text, &files(files_in));
        send(request, wire::read_plain_response)
    }
}

fn send(
    request: Result<wire::HttpRequest, scalepoint_core::Report>,
    read: fn(u16, &[u8]) -> wire::SendOutcome,
) -> Result<SendOutcome, SendError> {
    let request = request.map_err(|report| SendError::Invalid(crate::convert::report(report)))?;
    let request = http_client::Request {
        method: http_client::Method::Post,
        url: request.url,
        headers: request.headers,
        body: request.body,
        timeout_ms: TIMEOUT_MS,
    };
    let response = http_client::send(&request).map_err(SendError::Transport)?;
    Ok(outcome(read(response.status, &response.body)))
}

fn outcome(outcome: wire::SendOutcome) -> SendOutcome {
    let retryable = outcome.is_retryable();
    match outcome {
        wire::SendOutcome::Accepted => SendOutcome::Accepted,
        wire::SendOutcome::InvoiceNotSaved { message, errors } => {
            SendOutcome::InvoiceNotSaved(Rejection {
                status: 201,
                message,
                errors,
            })
        }
        wire::SendOutcome::Rejected {
            status,
            message,
            errors,
        } => SendOutcome::Rejected(Rejection {
            status,
            message,
            errors,
        }),
        wire::SendOutcome::Forbidden { message } => SendOutcome::Forbidden(message),
        wire::SendOutcome::Unexpected { status, body } => {
            SendOutcome::Unexpected(UnexpectedAnswer {
                status,
                body,
                retryable,
            })
        }
    }
}

fn endpoint_of(endpoint: Endpoint) -> wire::Endpoint {
    wire::Endpoint {
        base_url: endpoint.base_url,
        country: endpoint.country,
        security_token: endpoint.security_token,
    }
}

fn files(files: Vec<File>) -> Vec<wire::File> {
    files
        .into_iter()
        .map(|f| wire::File {
            name: f.name,
            content_type: f.content_type,
            data: f.data,
        })
        .collect()
}

fn valuations(list: &[Valuation]) -> Vec<fb::Valuation> {
    list.iter()
        .map(|v| fb::Valuation {
            field: v.field.clone(),
            amount: v.amount.clone(),
        })
        .collect()
}

fn feedback_request(r: &FeedbackRequest) -> fb::FeedbackRequest<'_> {
    let partner = &r.service_partner;
    let bank = &partner.bank;
    fb::FeedbackRequest {
        task_document: &r.task_document,
        task_unique_id: r.task_unique_id.clone(),
        created_date: r.created_date.clone(),
        service_partner: fb::ServicePartner {
            name: partner.name.clone(),
            address1: partner.address1.clone(),
            address2: partner.address2.clone(),
            phone: partner.phone.clone(),
            email: partner.email.clone(),
            postal_code: partner.postal_code.clone(),
            cvr_number: partner.cvr_number.clone(),
            city: partner.city.clone(),
            bank: fb::Bank {
                bank_name: bank.bank_name.clone(),
                reg_number: bank.reg_number.clone(),
                account_number: bank.account_number.clone(),
                iban: bank.iban.clone(),
                giro: bank.giro.clone(),
                fik_number: bank.fik_number.clone(),
                fik_type: bank.fik_type.clone(),
                fik_creditor_code: bank.fik_creditor_code.clone(),
            },
        },
        changes: r.changes.iter().map(line_change).collect(),
        invoice: r.invoice.as_ref().map(invoice),
        taken_self_risk: r.taken_self_risk.clone(),
        update_claim_self_risk: r.update_claim_self_risk.clone(),
        update_claim_self_risk_reason: r.update_claim_self_risk_reason.clone(),
    }
}

fn line_change(change: &LineChange) -> fb::LineChange {
    match change {
        LineChange::Update(u) => fb::LineChange::Update(fb::LineUpdate {
            claim_line_id: u.claim_line_id.clone(),
            task_type: u.task_type.clone(),
            valuations: valuations(&u.valuations),
            service_partner_note: u.service_partner_note.clone(),
            total_damage: u.total_damage,
            reject_reason_id: u.reject_reason_id,
            reject_reason_explanation: u.reject_reason_explanation.clone(),
        }),
        LineChange::Insert(n) => fb::LineChange::Insert(fb::NewLine {
            task_type: n.task_type.clone(),
            category_name: n.category_name.clone(),
            category_unique_id: n.category_unique_id.clone(),
            parent_category: n.parent_category.clone(),
            product_match_description: n.product_match_description.clone(),
            customer_description: n.customer_description.clone(),
            quantity: n.quantity,
            valuations: valuations(&n.valuations),
            service_partner_note: n.service_partner_note.clone(),
        }),
        LineChange::Remove(id) => fb::LineChange::Remove {
            claim_line_id: id.clone(),
        },
    }
}

fn invoice(i: &Invoice) -> fb::Invoice {
    fb::Invoice {
        invoice_type: i.invoice_type.clone(),
        invoice_number: i.invoice_number.clone(),
        credit_note_number: i.credit_note_number.clone(),
        invoice_date: i.invoice_date.clone(),
        payment_due_date: i.payment_due_date.clone(),
        name_of_valuation_responsible: i.name_of_valuation_responsible.clone(),
        date_of_valuation: i.date_of_valuation.clone(),
        net_amount: i.net_amount.clone(),
        vat: i.vat.clone(),
        total_amount: i.total_amount.clone(),
        lines: i
            .lines
            .iter()
            .map(|l| fb::InvoiceLine {
                description: l.description.clone(),
                units: l.units.clone(),
                quantity: l.quantity.clone(),
                unit_net_amount: l.unit_net_amount.clone(),
                unit_vat_amount: l.unit_vat_amount.clone(),
                unit_price: l.unit_price.clone(),
                line_total: l.line_total.clone(),
            })
            .collect(),
    }
}

fn build_error(error: fb::BuildError) -> BuildError {
    match error {
        fb::BuildError::InvalidTask(r) => BuildError::InvalidTask(crate::convert::report(r)),
        fb::BuildError::UnknownTask(id) => BuildError::UnknownTask(id),
        fb::BuildError::UnknownClaimLine(id) => BuildError::UnknownClaimLine(id),
        fb::BuildError::DuplicateChange(id) => BuildError::DuplicateChange(id),
        fb::BuildError::InvalidValue(field, message) => BuildError::InvalidValue((field, message)),
        fb::BuildError::InvalidFeedback(r) => {
            BuildError::InvalidFeedback(crate::convert::report(r))
        }
    }
}

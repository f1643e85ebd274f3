//! Every input the fuzzers kept (fuzz/corpus/<target>/, minimised) and every
//! input that once crashed one (fuzz/regressions/<target>/), replayed
//! natively — with the fuzz targets' invariants — and through the built
//! component: no panic, no trap, and the component answers what the native
//! code answers. FUZZING.md says how the corpus was made.

use std::path::PathBuf;

use host_demo::runtime::exports::scalepoint::integration::mapping as wm;
use host_demo::runtime::exports::scalepoint::integration::service_partner as sp;
use host_demo::runtime::wit;
use scalepoint_core::feedback_builder as fb;
use scalepoint_core::mapping as core_mapping;
use scalepoint_core::DocumentKind;
use scalepoint_e2e::convert::wit_mapping_options;
use scalepoint_e2e::{host, repo_path, Outcome};
use scalepoint_fuzz_harness::{
    self as harness, BuildInput, CaseInput, CheckInvoiceInput, FeedbackInput, InvoiceOptionsInput,
    MapInput, StatusUpdateInput, Target,
};

/// The kept inputs of `target`: (file name, bytes). `FUZZ_CORPUS_EXTRA`
/// names one more directory of per-target corpora (e.g. the working corpus
/// `target/fuzz/corpus`) to replay the same way.
fn inputs(target: Target) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let extra = std::env::var("FUZZ_CORPUS_EXTRA").ok();
    // Only a working corpus changes under our feet: a running fuzzer
    // replaces its inputs as it shortens them, so one listed a moment ago
    // may be gone. A kept input that vanishes is an error.
    let kept = ["fuzz/corpus", "fuzz/regressions"].map(|dir| (dir, false));
    for (dir, may_vanish) in kept.into_iter().chain(extra.as_deref().map(|d| (d, true))) {
        let dir: PathBuf = repo_path(dir).join(target.name());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(repo_path("")).unwrap_or(&path);
            let bytes = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) if may_vanish && e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => panic!("{}: {e}", path.display()),
            };
            found.push((name.display().to_string(), bytes));
        }
    }
    found.sort();
    found
}

/// Runs `check` on every kept input of `target`, collecting failures (a panic
/// on the native side is a failure too) so one run names them all.
fn replay(target: Target, check: impl Fn(&[u8]) -> Result<(), String>) {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "no kept inputs for {}", target.name());
    let mut failures = Vec::new();
    for (name, bytes) in &inputs {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(bytes))) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(format!("{name}: {e}")),
            Err(panic) => failures.push(format!(
                "{name}: panicked: {}",
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("?")
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} inputs of {} failed:\n{}",
        failures.len(),
        inputs.len(),
        target.name(),
        failures.join("\n")
    );
}

fn same(native: Outcome, component: Outcome) -> Result<(), String> {
    if native == component {
        Ok(())
    } else {
        Err(format!(
            "native and component differ:\n  {native:?}\n  {component:?}"
        ))
    }
}

fn wit_invoice_options(o: &InvoiceOptionsInput) -> wit::InvoiceOptions {
    wit::InvoiceOptions {
        vat_rate: o.vat_rate.as_ref().map(|d| d.0.clone()),
        tolerance: o.tolerance.as_ref().map(|d| d.0.clone()),
        previously_sent: o
            .previously_sent
            .iter()
            .map(|s| wit::SentInvoice {
                invoice_type: s.invoice_type.clone(),
                invoice_number: s.invoice_number.clone(),
                credit_note_number: s.credit_note_number.clone(),
                total_amount: s.total_amount.0.clone(),
            })
            .collect(),
    }
}

/// Native `Err(InvalidOption)` must be the component's `invalid-option`, with
/// the same name; otherwise both reports must agree.
fn same_or_invalid_option(
    native: Result<scalepoint_core::Report, harness::InvalidOption>,
    component: Result<wit::Report, wit::InvalidOption>,
) -> Result<(), String> {
    match (native, component) {
        (Ok(n), Ok(c)) => same(n.into(), c.into()),
        (Err(n), Err(c)) if n.name == c.name => Ok(()),
        (n, c) => Err(format!("native {n:?}, component {c:?}")),
    }
}

#[test]
fn validate_task_status_message_text_message() {
    for (target, kind) in [
        (Target::ValidateTask, DocumentKind::Task),
        (Target::ValidateStatusMessage, DocumentKind::StatusMessage),
        (Target::ValidateTextMessage, DocumentKind::TextMessage),
    ] {
        replay(target, |bytes| {
            let native = harness::validate_plain(kind, bytes);
            let component = scalepoint_e2e::validate_in_component(kind, bytes, None);
            same(native.into(), component)
        });
    }
}

#[test]
fn validate_case() {
    replay(Target::ValidateCase, |bytes| {
        let input = CaseInput::decode(bytes);
        let native = harness::validate_case(&input);
        let component = scalepoint_e2e::validate_in_component(
            DocumentKind::Case,
            &input.document,
            input.product,
        );
        same(native.into(), component)
    });
}

#[test]
fn validate_feedback() {
    replay(Target::ValidateFeedback, |bytes| {
        let Some(input) = FeedbackInput::decode(bytes) else {
            return Ok(());
        };
        let native = harness::validate_feedback(&input);
        let options = wit_invoice_options(&input.options);
        let component = host()
            .call(|instance, store| {
                instance.validation(&mut *store)?.call_validate_feedback(
                    store,
                    &input.document,
                    &options,
                )
            })
            .map_err(|e| format!("trap: {e:#}"))?;
        same_or_invalid_option(native, component)
    });
}

#[test]
fn check_invoice() {
    replay(Target::CheckInvoice, |bytes| {
        let Some(input) = CheckInvoiceInput::decode(bytes) else {
            return Ok(());
        };
        let native = harness::check_invoice(&input);
        let options = wit_invoice_options(&input.options);
        let component = host()
            .call(|instance, store| {
                instance.validation(&mut *store)?.call_check_invoice(
                    store,
                    &input.invoice,
                    &options,
                )
            })
            .map_err(|e| format!("trap: {e:#}"))?;
        same_or_invalid_option(native, component)
    });
}

#[test]
fn validate_status_update() {
    replay(Target::ValidateStatusUpdate, |bytes| {
        let Some(input) = StatusUpdateInput::decode(bytes) else {
            return Ok(());
        };
        let native = harness::validate_status_update(&input);
        let component = host()
            .call(|instance, store| {
                instance
                    .validation(&mut *store)?
                    .call_validate_status_update(
                        store,
                        &input.unique_id,
                        &input.status,
                        input.created.as_deref(),
                    )
            })
            .map_err(|e| format!("trap: {e:#}"))?;
        same(native.into(), component.into())
    });
}

#[test]
fn map_task() {
    replay(Target::MapTask, |bytes| {
        let Some(input) = MapInput::decode(bytes) else {
            return Ok(());
        };
        let native = harness::map_task(&input);
        let options = wit_mapping_options(&input.options);
        let component = host()
            .call(|instance, store| {
                instance
                    .mapping(&mut *store)?
                    .call_map_task(store, &input.document, &options)
            })
            .map_err(|e| format!("trap: {e:#}"))?;
        match (native, component) {
            (Ok(n), Ok(c)) => {
                let n: Vec<String> = n.iter().map(|o| o.to_json()).collect();
                let c: Vec<String> = c.into_iter().map(|o| o.json).collect();
                if n == c {
                    Ok(())
                } else {
                    Err(format!("work orders differ:\n  {n:?}\n  {c:?}"))
                }
            }
            (Err(n), Err(c)) if mapping_error(&n) == wit_mapping_error(&c) => Ok(()),
            (n, c) => Err(format!("native {n:?}\ncomponent {c:?}")),
        }
    });
}

#[test]
fn build_feedback() {
    replay(Target::BuildFeedback, |bytes| {
        let Some(input) = BuildInput::decode(bytes) else {
            return Ok(());
        };
        let native = harness::build_feedback(&input);
        let options = wit_invoice_options(&input.options);
        let request = wit_request(&input.request);
        let component = host()
            .call(|instance, store| {
                instance
                    .service_partner(&mut *store)?
                    .call_build_feedback(store, &request, &options)
            })
            .map_err(|e| format!("trap: {e:#}"))?;
        let native = native.map(|r| {
            r.map(|b| (b.json, Outcome::from(b.report)))
                .map_err(build_error)
        });
        let component = match component {
            Err(sp::BuildError::InvalidOption(o)) => Err(o.name),
            Ok(b) => Ok(Ok((b.json, Outcome::from(b.report)))),
            Err(e) => Ok(Err(wit_build_error(e))),
        };
        let native = native.map_err(|o| o.name);
        if native == component {
            Ok(())
        } else {
            Err(format!("native {native:?}\ncomponent {component:?}"))
        }
    });
}

/// The fuzzers' inputs stay small enough to replay in every `cargo test`.
#[test]
fn the_kept_corpus_stays_small() {
    let (mut files, mut bytes) = (0, 0);
    for target in Target::ALL {
        for (_, input) in inputs(target) {
            files += 1;
            bytes += input.len();
        }
    }
    if std::env::var_os("FUZZ_CORPUS_EXTRA").is_some() {
        return;
    }
    assert!(files <= 600, "{files} files: minimise (FUZZING.md)");
    assert!(bytes <= 1 << 20, "{bytes} bytes: minimise (FUZZING.md)");
}

// ---------------------------------------------------------------------------
// Both sides' errors into one comparable shape
// ---------------------------------------------------------------------------

/// (variant, template, field, message, report)
type ErrorShape = (
    &'static str,
    String,
    Option<String>,
    String,
    Option<Outcome>,
);

fn mapping_error(e: &core_mapping::MappingError) -> ErrorShape {
    use core_mapping::MappingError as E;
    match e {
        E::InvalidDocument(r) => (
            "invalid-document",
            String::new(),
            None,
            String::new(),
            Some(r.clone().into()),
        ),
        E::UnknownMergeField(p) => (
            "unknown-merge-field",
            p.template.name().into(),
            Some(p.field.clone()),
            p.message.clone(),
            None,
        ),
        E::InvalidTemplate(p) => (
            "invalid-template",
            p.template.name().into(),
            p.field.clone(),
            p.message.clone(),
            None,
        ),
        E::InvalidOption(p) => (
            "invalid-option",
            p.name.clone(),
            None,
            p.message.clone(),
            None,
        ),
    }
}

fn wit_template_name(t: wm::TemplateName) -> String {
    match t {
        wm::TemplateName::Heading => "heading",
        wm::TemplateName::Requisition => "requisition",
        wm::TemplateName::Description => "description",
        wm::TemplateName::Responsibility => "responsibility",
        wm::TemplateName::ScalepointUrl => "scalepointUrl",
    }
    .into()
}

fn wit_mapping_error(e: &wm::MappingError) -> ErrorShape {
    match e {
        wm::MappingError::InvalidDocument(r) => (
            "invalid-document",
            String::new(),
            None,
            String::new(),
            Some(r.clone().into()),
        ),
        wm::MappingError::UnknownMergeField(p) => (
            "unknown-merge-field",
            wit_template_name(p.template),
            Some(p.field.clone()),
            p.message.clone(),
            None,
        ),
        wm::MappingError::InvalidTemplate(p) => (
            "invalid-template",
            wit_template_name(p.template),
            p.field.clone(),
            p.message.clone(),
            None,
        ),
        wm::MappingError::InvalidOption(p) => (
            "invalid-option",
            p.name.clone(),
            None,
            p.message.clone(),
            None,
        ),
    }
}

/// (variant, text, report)
type BuildErrorShape = (&'static str, String, Option<Outcome>);

fn build_error(e: fb::BuildError) -> BuildErrorShape {
    match e {
        fb::BuildError::InvalidTask(r) => ("invalid-task", String::new(), Some(r.into())),
        fb::BuildError::UnknownTask(id) => ("unknown-task", id, None),
        fb::BuildError::UnknownClaimLine(id) => ("unknown-claim-line", id, None),
        fb::BuildError::DuplicateChange(id) => ("duplicate-change", id, None),
        fb::BuildError::InvalidValue(field, message) => {
            ("invalid-value", format!("{field}: {message}"), None)
        }
        fb::BuildError::InvalidFeedback(r) => ("invalid-feedback", String::new(), Some(r.into())),
    }
}

fn wit_build_error(e: sp::BuildError) -> BuildErrorShape {
    match e {
        sp::BuildError::InvalidTask(r) => ("invalid-task", String::new(), Some(r.into())),
        sp::BuildError::UnknownTask(id) => ("unknown-task", id, None),
        sp::BuildError::UnknownClaimLine(id) => ("unknown-claim-line", id, None),
        sp::BuildError::DuplicateChange(id) => ("duplicate-change", id, None),
        sp::BuildError::InvalidValue((field, message)) => {
            ("invalid-value", format!("{field}: {message}"), None)
        }
        sp::BuildError::InvalidFeedback(r) => ("invalid-feedback", String::new(), Some(r.into())),
        sp::BuildError::InvalidOption(o) => ("invalid-option", o.name, None),
    }
}

fn wit_valuations(list: &[fb::Valuation]) -> Vec<sp::Valuation> {
    list.iter()
        .map(|v| sp::Valuation {
            field: v.field.clone(),
            amount: v.amount.clone(),
        })
        .collect()
}

fn wit_change(c: &fb::LineChange) -> sp::LineChange {
    match c {
        fb::LineChange::Update(u) => sp::LineChange::Update(sp::LineUpdate {
            claim_line_id: u.claim_line_id.clone(),
            task_type: u.task_type.clone(),
            valuations: wit_valuations(&u.valuations),
            service_partner_note: u.service_partner_note.clone(),
            total_damage: u.total_damage,
            reject_reason_id: u.reject_reason_id,
            reject_reason_explanation: u.reject_reason_explanation.clone(),
        }),
        fb::LineChange::Insert(n) => sp::LineChange::Insert(sp::NewLine {
            task_type: n.task_type.clone(),
            category_name: n.category_name.clone(),
            category_unique_id: n.category_unique_id.clone(),
            parent_category: n.parent_category.clone(),
            product_match_description: n.product_match_description.clone(),
            customer_description: n.customer_description.clone(),
            quantity: n.quantity,
            valuations: wit_valuations(&n.valuations),
            service_partner_note: n.service_partner_note.clone(),
        }),
        fb::LineChange::Remove { claim_line_id } => sp::LineChange::Remove(claim_line_id.clone()),
    }
}

fn wit_invoice(i: &fb::Invoice) -> sp::Invoice {
    sp::Invoice {
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
            .map(|l| sp::InvoiceLine {
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

fn wit_request(r: &fb::FeedbackRequest<'_>) -> sp::FeedbackRequest {
    let p = &r.service_partner;
    let b = &p.bank;
    sp::FeedbackRequest {
        task_document: r.task_document.to_vec(),
        task_unique_id: r.task_unique_id.clone(),
        created_date: r.created_date.clone(),
        service_partner: sp::ServicePartnerDetails {
            name: p.name.clone(),
            address1: p.address1.clone(),
            address2: p.address2.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            postal_code: p.postal_code.clone(),
            cvr_number: p.cvr_number.clone(),
            city: p.city.clone(),
            bank: sp::Bank {
                bank_name: b.bank_name.clone(),
                reg_number: b.reg_number.clone(),
                account_number: b.account_number.clone(),
                iban: b.iban.clone(),
                giro: b.giro.clone(),
                fik_number: b.fik_number.clone(),
                fik_type: b.fik_type.clone(),
                fik_creditor_code: b.fik_creditor_code.clone(),
            },
        },
        changes: r.changes.iter().map(wit_change).collect(),
        invoice: r.invoice.as_ref().map(wit_invoice),
        taken_self_risk: r.taken_self_risk.clone(),
        update_claim_self_risk: r.update_claim_self_risk.clone(),
        update_claim_self_risk_reason: r.update_claim_self_risk_reason.clone(),
    }
}

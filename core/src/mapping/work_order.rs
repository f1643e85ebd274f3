//! One service task into one work order: the pieces put together, the
//! insurer's settings applied, the templates rendered.

use crate::json::Value;

use super::addresses;
use super::attachments::{attachments, image_links};
use super::contacts::contacts;
use super::customer::customer;
use super::insurer;
use super::lines::service_lines;
use super::model::{Claim, CustomFields, WorkOrder};
use super::options::MappingOptions;
use super::templates::{MergeSource, Prepared};
use super::values::Reader;
use crate::report::Issue;

/// Warning code when the URL template names a field the task lacks.
pub const SCALEPOINT_URL_INCOMPLETE: &str = "scalepoint-url-incomplete";

/// What is the same for every task of one document.
pub struct Context<'a> {
    pub options: &'a MappingOptions,
    pub templates: &'a Prepared,
    /// Validation warnings of the whole document.
    pub warnings: &'a [Issue],
}

/// The work order of the task at `/serviceTasks/{index}`.
pub fn work_order(task: &Value, index: usize, context: &Context, reader: &mut Reader) -> WorkOrder {
    let path = format!("/serviceTasks/{index}");
    let null = Value::Null;
    let claim = task.get("claim").unwrap_or(&null);
    let claimant = task.get("claimant").unwrap_or(&null);
    let settings = insurer::find_settings(claim, &context.options.insurers);
    let mut warnings = own_warnings(context.warnings, &path);
    if settings.is_none() {
        warnings.push(insurer::not_configured(claim, &path));
    }

    let claim_path = format!("{path}/claim");
    let company_id = reader.number(claim, "insuranceCompanyId", &claim_path);
    let parent = insurer::insurer(claim, company_id, settings);
    let customer = customer(claimant, claim, parent, settings);
    let installation_address =
        addresses::installation_address(customer.address.as_ref(), addresses::damage_address(task));

    let mut source = MergeSource {
        task,
        settings,
        scalepoint_url: None,
    };
    let scalepoint_url = context.templates.scalepoint_url.as_ref().and_then(|t| {
        t.render_url(&source)
            .map_err(|missing| warnings.push(url_incomplete(&path, &missing)))
            .ok()
    });
    source.scalepoint_url = scalepoint_url.as_deref();

    let lines = service_lines(task, &path, reader);
    let task_attachments = attachments(task);
    let image_links = image_links(
        task_attachments
            .iter()
            .chain(lines.iter().flat_map(|l| &l.attachments)),
    );
    WorkOrder {
        heading: context.templates.heading.render(&source),
        requisition: context.templates.requisition.render(&source),
        description: context.templates.description.render(&source),
        customer,
        installation_address,
        team: settings.and_then(|s| s.default_team.clone()),
        responsible_user: settings.and_then(|s| s.responsible_user.clone()),
        task_template: settings.and_then(|s| s.task_template.clone()),
        custom_fields: CustomFields {
            scalepoint_id: reader.string(task, "uniqueId").unwrap_or_default(),
            responsibility: context.templates.responsibility.render(&source),
            damage_type: reader.string(task, "damageType"),
            scalepoint_url,
        },
        claim: Claim {
            claim_number: reader.string(claim, "claimNumber").unwrap_or_default(),
            claim_reference_number: reader.number(claim, "claimReferenceNumber", &claim_path),
            claim_date: reader.string(claim, "claimDate"),
            policy_number: reader.string(claim, "policyNumber"),
            policy_type: reader.string(claim, "policyType"),
            self_risk: reader.number(claim, "selfRisk", &claim_path),
            customer_note: reader.string(claim, "customerNoteToClaim"),
            language: reader.string(claim, "language"),
        },
        created_date: reader.string(task, "createdDate").unwrap_or_default(),
        reply_address: reader.string(task, "replyAddress").unwrap_or_default(),
        invoice_paid_by: reader.string(task, "invoicePaidBy"),
        damage_cause_description: reader.string(task, "damageCauseDescription"),
        note_to_service_partner: reader
            .string(task, "noteToServicePartner")
            .unwrap_or_default(),
        allowed_to_collect_self_risk: reader.boolean(task, "allowedToCollectSelfRisk"),
        allowed_to_update_self_risk: reader.boolean(task, "allowedToUpdateSelfRisk"),
        lines,
        attachments: task_attachments,
        image_links,
        contacts: contacts(task),
        warnings,
    }
}

/// The document's warnings that concern this task.
fn own_warnings(all: &[Issue], path: &str) -> Vec<Issue> {
    all.iter()
        .filter(|i| {
            i.path == path
                || i.path
                    .strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .cloned()
        .collect()
}

fn url_incomplete(path: &str, missing: &[String]) -> Issue {
    let fields = missing
        .iter()
        .map(|f| format!("{{{f}}}"))
        .collect::<Vec<_>>()
        .join(", ");
    Issue::warning(
        path,
        SCALEPOINT_URL_INCOMPLETE,
        format!(
            "the scalepointUrl template needs {fields}, which this task does not have: the \
             Scalepoint URL is left out rather than stored broken"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_keeps_only_its_own_warnings() {
        let all = [
            Issue::warning("/serviceTasks/1/attachments/0/link", "invalid-link", "m"),
            Issue::warning("/serviceTasks/10", "x", "m"),
            Issue::warning("/serviceTasks/1", "y", "m"),
        ];
        let own = own_warnings(&all, "/serviceTasks/1");
        assert_eq!(
            own.iter().map(|i| i.code).collect::<Vec<_>>(),
            ["invalid-link", "y"]
        );
    }
}

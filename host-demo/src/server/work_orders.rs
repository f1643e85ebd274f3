//! Tasks become work orders through the component's `map-task`, with the
//! settings of the insurer that sent them (seed 000: alias, sub-alias,
//! customer type, default team, responsible user, task template).

use std::borrow::Cow;

use anyhow::{anyhow, Context, Result};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::runtime::exports::scalepoint::integration::mapping as wit_mapping;
use crate::runtime::{wit, ComponentHost};
use crate::store::{Insurer, WorkOrder};

/// What the component made of a task document.
pub enum Mapped {
    /// Valid: its validation report (warnings) and one work order per
    /// element of `serviceTasks`, in document order.
    Orders {
        report: wit::Report,
        orders: Vec<WorkOrder>,
    },
    /// Invalid, or refused by the mapping's own checks (e.g. a number too
    /// long to carry exactly): the report to reject it with.
    Invalid(wit::Report),
}

/// Validates a B2 document and, when it is valid, maps it: one call of
/// `validate-and-map-task` in one sandboxed instance, so the document is
/// parsed and validated once per request. `service_tasks` are the
/// document's `serviceTasks` elements as far as it could be parsed (only
/// their insurer names are read).
///
/// The security token already says which insurer this is. `map-task` picks
/// settings by the task's `claim.insuranceCompanyId`/`insuranceCompanyName`,
/// so the insurer's settings are offered under each task's own id and name:
/// whatever the task calls its insurance company, the sender's settings
/// apply. (A task naming neither gets no settings, and the work order says
/// so in its warnings.)
pub fn validate_and_map(
    host: &ComponentHost,
    insurer: &Insurer,
    document: &[u8],
    service_tasks: &[TaskFields<'_>],
) -> Result<Mapped> {
    let options = wit_mapping::MappingOptions {
        templates: default_templates(),
        insurers: settings_for(insurer, service_tasks),
    };
    let mapped = host
        .call(|instance, store| {
            let answer = instance.mapping(&mut *store)?.call_validate_and_map_task(
                &mut *store,
                document,
                &options,
            )?;
            Ok(match answer {
                Ok(mapped) => Ok(Mapped::Orders {
                    report: mapped.report,
                    orders: mapped.work_orders.into_iter().map(record).collect(),
                }),
                Err(wit_mapping::MappingError::InvalidDocument(report)) => {
                    Ok(Mapped::Invalid(report))
                }
                // The settings are checked before the document: an invalid
                // document is still rejected as invalid, not answered 500.
                Err(refusal) => {
                    let report = instance
                        .validation(&mut *store)?
                        .call_validate_task(store, document)?;
                    if report.valid {
                        Err(refusal)
                    } else {
                        Ok(Mapped::Invalid(report))
                    }
                }
            })
        })
        .context("validate-and-map-task in the component")?
        .map_err(|refusal| anyhow!("map-task refused the insurer's settings: {refusal:?}"))?;
    if let Mapped::Orders { orders, .. } = &mapped {
        anyhow::ensure!(
            orders.len() == service_tasks.len(),
            "map-task made {} work orders of {} service tasks",
            orders.len(),
            service_tasks.len()
        );
    }
    Ok(mapped)
}

/// No template given: the component's default heading, requisition,
/// description and responsibility, and no Scalepoint URL (what `serve`
/// maps with, and `bench` measures).
pub(crate) fn default_templates() -> wit_mapping::Templates {
    wit_mapping::Templates {
        heading: None,
        requisition: None,
        description: None,
        responsibility: None,
        scalepoint_url: None,
    }
}

/// What the host reads of one element of `serviceTasks`, borrowed from the
/// document rather than built into a tree: the columns of its row and the
/// insurer it names.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskFields<'a> {
    #[serde(default, borrow)]
    pub unique_id: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub created_date: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    pub claim: Option<ClaimFields<'a>>,
    #[serde(default, borrow)]
    pub claimant: Option<ClaimantFields<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimFields<'a> {
    #[serde(default, borrow)]
    pub claim_number: Option<Cow<'a, str>>,
    /// A number, as the document wrote it.
    #[serde(default, borrow)]
    insurance_company_id: Option<&'a RawValue>,
    #[serde(default, borrow)]
    insurance_company_name: Option<Cow<'a, str>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ClaimantFields<'a> {
    #[serde(default, borrow)]
    pub name: Option<Cow<'a, str>>,
}

fn settings_for(
    insurer: &Insurer,
    service_tasks: &[TaskFields<'_>],
) -> Vec<wit_mapping::InsurerSettings> {
    let s = &insurer.settings;
    let mut entries: Vec<wit_mapping::InsurerSettings> = Vec::new();
    for task in service_tasks {
        let claim = task.claim.as_ref();
        let entry = wit_mapping::InsurerSettings {
            // A number, as the document wrote it (anything else names no id).
            insurance_company_id: claim
                .and_then(|c| c.insurance_company_id)
                .map(RawValue::get)
                .filter(|text| text.starts_with(|c: char| c == '-' || c.is_ascii_digit()))
                .map(str::to_string),
            insurance_company_name: claim
                .and_then(|c| c.insurance_company_name.as_deref())
                .map(str::to_string),
            alias: s.alias.clone(),
            sub_alias: s.sub_alias.clone(),
            customer_type: s.customer_type.clone(),
            default_team: s.default_team.clone(),
            responsible_user: s.responsible.clone(),
            task_template: s.template.clone(),
        };
        let names_nothing =
            entry.insurance_company_id.is_none() && entry.insurance_company_name.is_none();
        let known = entries.iter().any(|e| {
            e.insurance_company_id == entry.insurance_company_id
                && e.insurance_company_name == entry.insurance_company_name
        });
        if !names_nothing && !known {
            entries.push(entry);
        }
    }
    entries
}

fn record(order: wit_mapping::WorkOrder) -> WorkOrder {
    WorkOrder {
        heading: order.heading,
        requisition: order.requisition,
        customer_key: order.customer.dedup_key,
        team: order.team,
        responsible_user: order.responsible_user,
        task_template: order.task_template,
        document: order.json,
    }
}

//! Tasks become work orders through the component's `map-task`, with the
//! settings of the insurer that sent them (seed 000: alias, sub-alias,
//! customer type, default team, responsible user, task template).

use anyhow::{Context, Result};
use serde_json::Value;

use crate::runtime::exports::scalepoint::integration::mapping as wit_mapping;
use crate::runtime::{wit, ComponentHost};
use crate::store::{Insurer, WorkOrder};

/// What `map-task` made of a task document.
pub enum Mapped {
    /// One work order per element of `serviceTasks`, in document order.
    Orders(Vec<WorkOrder>),
    /// The mapping's own checks refused the document (e.g. a number too long
    /// to carry exactly): it is rejected like an invalid document.
    Invalid(wit::Report),
}

/// Validates a B2 document and, when it is valid, maps it: both in one
/// sandboxed instance, so the component parses its schema once per request,
/// not once per call. `service_tasks` are the document's `serviceTasks`
/// elements as far as it could be parsed (only their insurer names are read).
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
    service_tasks: &[Value],
) -> Result<(wit::Report, Option<Mapped>)> {
    let options = wit_mapping::MappingOptions {
        templates: wit_mapping::Templates {
            heading: None,
            requisition: None,
            description: None,
            responsibility: None,
            scalepoint_url: None,
        },
        insurers: settings_for(insurer, service_tasks),
    };
    let (report, mapping) = host
        .call(|instance, store| {
            let report = instance
                .scalepoint_integration_validation()
                .call_validate_task(&mut *store, document)?;
            if !report.valid {
                return Ok((report, None));
            }
            let mapping = instance
                .scalepoint_integration_mapping()
                .call_map_task(store, document, &options)?;
            Ok((report, Some(mapping)))
        })
        .context("validate-task and map-task in the component")?;
    let mapped = match mapping {
        None => None,
        Some(Ok(orders)) => {
            anyhow::ensure!(
                orders.len() == service_tasks.len(),
                "map-task made {} work orders of {} service tasks",
                orders.len(),
                service_tasks.len()
            );
            Some(Mapped::Orders(orders.into_iter().map(record).collect()))
        }
        Some(Err(wit_mapping::MappingError::InvalidDocument(report))) => {
            Some(Mapped::Invalid(report))
        }
        Some(Err(other)) => anyhow::bail!("map-task refused the insurer's settings: {other:?}"),
    };
    Ok((report, mapped))
}

fn settings_for(insurer: &Insurer, service_tasks: &[Value]) -> Vec<wit_mapping::InsurerSettings> {
    let s = &insurer.settings;
    let mut entries: Vec<wit_mapping::InsurerSettings> = Vec::new();
    for task in service_tasks {
        let entry = wit_mapping::InsurerSettings {
            insurance_company_id: match task.pointer("/claim/insuranceCompanyId") {
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            },
            insurance_company_name: task
                .pointer("/claim/insuranceCompanyName")
                .and_then(Value::as_str)
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

//! `mapping`: a task document into work orders, by scalepoint-core.

use scalepoint_core::mapping as core;

use crate::exports::scalepoint::integration::mapping::{
    Address, Attachment, Category, Claim, Contact, ContactRole, CustomFields, Customer, Guest,
    Insurer, InsurerSettings, Item, MappedTask, MappingError, MappingOptions, MergeFieldProblem,
    RejectReason, ServiceLine, TaskType, TemplateName, TemplateProblem, Templates, Valuations,
    WorkOrder,
};
use crate::scalepoint::integration::types::InvalidOption;

impl Guest for crate::Component {
    fn map_task(
        document: Vec<u8>,
        options: MappingOptions,
    ) -> Result<Vec<WorkOrder>, MappingError> {
        scalepoint_core::map_task(&document, &mapping_options(options))
            .map(|orders| orders.into_iter().map(work_order).collect())
            .map_err(error)
    }

    fn validate_and_map_task(
        document: Vec<u8>,
        options: MappingOptions,
    ) -> Result<MappedTask, MappingError> {
        scalepoint_core::validate_and_map_task(&document, &mapping_options(options))
            .map(|mapped| MappedTask {
                report: crate::convert::report(mapped.report),
                work_orders: mapped.work_orders.into_iter().map(work_order).collect(),
            })
            .map_err(error)
    }

    fn check_mapping_options(options: MappingOptions) -> Result<(), MappingError> {
        scalepoint_core::check_mapping_options(&mapping_options(options)).map_err(error)
    }
}

fn mapping_options(options: MappingOptions) -> core::MappingOptions {
    let Templates {
        heading,
        requisition,
        description,
        responsibility,
        scalepoint_url,
    } = options.templates;
    core::MappingOptions {
        templates: core::Templates {
            heading,
            requisition,
            description,
            responsibility,
            scalepoint_url,
        },
        insurers: options.insurers.into_iter().map(insurer_settings).collect(),
    }
}

fn insurer_settings(s: InsurerSettings) -> core::InsurerSettings {
    core::InsurerSettings {
        insurance_company_id: s.insurance_company_id,
        insurance_company_name: s.insurance_company_name,
        alias: s.alias,
        sub_alias: s.sub_alias,
        customer_type: s.customer_type,
        default_team: s.default_team,
        responsible_user: s.responsible_user,
        task_template: s.task_template,
    }
}

fn error(e: core::MappingError) -> MappingError {
    match e {
        core::MappingError::InvalidDocument(report) => {
            MappingError::InvalidDocument(crate::convert::report(report))
        }
        core::MappingError::UnknownMergeField(p) => {
            MappingError::UnknownMergeField(MergeFieldProblem {
                template: template_name(p.template),
                field: p.field,
                message: p.message,
            })
        }
        core::MappingError::InvalidTemplate(p) => MappingError::InvalidTemplate(TemplateProblem {
            template: template_name(p.template),
            field: p.field,
            message: p.message,
        }),
        core::MappingError::InvalidOption(p) => MappingError::InvalidOption(InvalidOption {
            name: p.name,
            message: p.message,
        }),
    }
}

fn template_name(name: core::TemplateName) -> TemplateName {
    match name {
        core::TemplateName::Heading => TemplateName::Heading,
        core::TemplateName::Requisition => TemplateName::Requisition,
        core::TemplateName::Description => TemplateName::Description,
        core::TemplateName::Responsibility => TemplateName::Responsibility,
        core::TemplateName::ScalepointUrl => TemplateName::ScalepointUrl,
    }
}

fn work_order(order: core::WorkOrder) -> WorkOrder {
    let json = order.to_json();
    // The warnings as a report converts them: the same issue records as validation.
    let warnings =
        crate::convert::report(scalepoint_core::Report::from_issues(order.warnings)).issues;
    WorkOrder {
        heading: order.heading,
        requisition: order.requisition,
        description: order.description,
        customer: customer(order.customer),
        installation_address: order.installation_address.map(address),
        team: order.team,
        responsible_user: order.responsible_user,
        task_template: order.task_template,
        custom_fields: CustomFields {
            scalepoint_id: order.custom_fields.scalepoint_id,
            scalepoint_url: order.custom_fields.scalepoint_url,
            responsibility: order.custom_fields.responsibility,
            damage_type: order.custom_fields.damage_type,
        },
        claim: claim(order.claim),
        created_date: order.created_date,
        reply_address: order.reply_address,
        invoice_paid_by: order.invoice_paid_by,
        damage_cause_description: order.damage_cause_description,
        note_to_service_partner: order.note_to_service_partner,
        allowed_to_collect_self_risk: order.allowed_to_collect_self_risk,
        allowed_to_update_self_risk: order.allowed_to_update_self_risk,
        lines: order.lines.into_iter().map(service_line).collect(),
        attachments: order.attachments.into_iter().map(attachment).collect(),
        image_links: order.image_links,
        contacts: order.contacts.into_iter().map(contact).collect(),
        warnings,
        json,
    }
}

fn address(a: core::Address) -> Address {
    Address {
        line1: a.line1,
        line2: a.line2,
        postal_code: a.postal_code,
        city: a.city,
    }
}

fn customer(c: core::Customer) -> Customer {
    Customer {
        dedup_key: c.dedup_key,
        name: c.name,
        email: c.email,
        phone: c.phone,
        mobile_phone: c.mobile_phone,
        address: c.address.map(address),
        policy_number: c.policy_number,
        customer_type: c.customer_type,
        parent: Insurer {
            company_id: c.parent.company_id,
            name: c.parent.name,
            alias: c.parent.alias,
            sub_alias: c.parent.sub_alias,
            configured: c.parent.configured,
        },
    }
}

fn claim(c: core::Claim) -> Claim {
    Claim {
        claim_number: c.claim_number,
        claim_reference_number: c.claim_reference_number,
        claim_date: c.claim_date,
        policy_number: c.policy_number,
        policy_type: c.policy_type,
        self_risk: c.self_risk,
        customer_note: c.customer_note,
        language: c.language,
    }
}

fn service_line(l: core::ServiceLine) -> ServiceLine {
    ServiceLine {
        claim_line_id: l.claim_line_id,
        unique_id: l.unique_id,
        task_type: match l.task_type {
            core::TaskType::Repair => TaskType::Repair,
            core::TaskType::RepairEstimate => TaskType::RepairEstimate,
            core::TaskType::Valuation => TaskType::Valuation,
            core::TaskType::MatchService => TaskType::MatchService,
        },
        category: Category {
            name: l.category.name,
            parent_category: l.category.parent_category,
            unique_id: l.category.unique_id,
        },
        item: item(l.item),
        valuations: valuations(l.valuations),
        attachments: l.attachments.into_iter().map(attachment).collect(),
        reject_reasons: l
            .reject_reasons
            .into_iter()
            .map(|r| RejectReason {
                id: r.id,
                text: r.text,
                locale: r.locale,
            })
            .collect(),
    }
}

fn item(i: core::Item) -> Item {
    Item {
        description: i.description,
        customer_description: i.customer_description,
        manufacturer: i.manufacturer,
        model: i.model,
        serial_number: i.serial_number,
        ean: i.ean,
        quantity: i.quantity,
        age: i.age,
        depreciation: i.depreciation,
        damage_description: i.damage_description,
        damage_type: i.damage_type,
        repair_limit: i.repair_limit,
        customer_notes: i.customer_notes,
    }
}

fn valuations(v: core::Valuations) -> Valuations {
    Valuations {
        purchase_price: v.purchase_price,
        new_price: v.new_price,
        customer_demand: v.customer_demand,
        discretionary_valuation: v.discretionary_valuation,
        used_price: v.used_price,
        repair_estimate: v.repair_estimate,
        repair_price: v.repair_price,
        product_price: v.product_price,
        retail_price: v.retail_price,
    }
}

fn attachment(a: core::Attachment) -> Attachment {
    Attachment {
        name: a.name,
        link: a.link,
        is_image: a.is_image,
    }
}

fn contact(c: core::Contact) -> Contact {
    Contact {
        role: match c.role {
            core::ContactRole::ClaimHandler => ContactRole::ClaimHandler,
            core::ContactRole::ServicePartnerLocation => ContactRole::ServicePartnerLocation,
        },
        name: c.name,
        login: c.login,
        email: c.email,
        phone: c.phone,
        address: c.address.map(address),
    }
}

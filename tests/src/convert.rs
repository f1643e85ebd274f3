//! Core values as the WIT values a host passes to the component, for tests
//! that run the same input natively and in the component.

use host_demo::runtime::exports::scalepoint::integration::mapping as wm;
use scalepoint_core::mapping::MappingOptions;

/// `map-task`'s options, field for field.
pub fn wit_mapping_options(o: &MappingOptions) -> wm::MappingOptions {
    let t = &o.templates;
    wm::MappingOptions {
        templates: wm::Templates {
            heading: t.heading.clone(),
            requisition: t.requisition.clone(),
            description: t.description.clone(),
            responsibility: t.responsibility.clone(),
            scalepoint_url: t.scalepoint_url.clone(),
        },
        insurers: o
            .insurers
            .iter()
            .map(|s| wm::InsurerSettings {
                insurance_company_id: s.insurance_company_id.clone(),
                insurance_company_name: s.insurance_company_name.clone(),
                alias: s.alias.clone(),
                sub_alias: s.sub_alias.clone(),
                customer_type: s.customer_type.clone(),
                default_team: s.default_team.clone(),
                responsible_user: s.responsible_user.clone(),
                task_template: s.task_template.clone(),
            })
            .collect(),
    }
}

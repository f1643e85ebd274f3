//! `map-task` in the built component: the golden files of
//! tests/golden/mapping/ (the same ones core's tests write), the WIT records
//! against their own `json`, and typed errors instead of traps.

use host_demo::runtime::exports::scalepoint::integration::mapping as wm;
use host_demo::runtime::wit;
use scalepoint_core::mapping as core;
use scalepoint_e2e::convert::wit_mapping_options;
use scalepoint_e2e::golden::mapping_case as golden_case;
use scalepoint_e2e::{host, read, repo_path};
use serde_json::{json, Value};

fn map_in_component(
    document: &[u8],
    options: &wm::MappingOptions,
) -> Result<Vec<wm::WorkOrder>, wm::MappingError> {
    host()
        .call(|instance, store| {
            instance
                .mapping(&mut *store)?
                .call_map_task(store, document, options)
        })
        .expect("map-task answers, never traps")
}

fn check_in_component(options: &wm::MappingOptions) -> Result<(), wm::MappingError> {
    host()
        .call(|instance, store| {
            instance
                .mapping(&mut *store)?
                .call_check_mapping_options(store, options)
        })
        .expect("check-mapping-options answers, never traps")
}

fn default_options() -> wm::MappingOptions {
    wit_mapping_options(&core::MappingOptions::default())
}

/// The names of tests/golden/mapping/*.case.json, sorted, without the suffix.
fn golden_case_names() -> Vec<String> {
    let dir = repo_path("tests/golden/mapping");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".case.json").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "{names:?}");
    names
}

/// Every golden case, mapped in the component, is its golden file; every
/// work order's WIT record says what its `json` says.
#[test]
fn the_component_answers_every_golden_file() {
    let names = golden_case_names();
    let mut failures = Vec::new();
    for name in &names {
        let case = golden_case(name);
        let answer =
            match map_in_component(&read(&case.document), &wit_mapping_options(&case.options)) {
                Ok(orders) => {
                    let mut from_json = Vec::new();
                    for order in &orders {
                        let stored: Value =
                            serde_json::from_str(&order.json).expect("json is JSON");
                        if order_value(order) != stored {
                            failures.push(format!("{name}: the record and its json differ"));
                        }
                        from_json.push(stored);
                    }
                    json!({ "workOrders": from_json })
                }
                Err(error) => json!({ "error": error_value(&error) }),
            };
        let golden: Value =
            serde_json::from_slice(&read(&format!("tests/golden/mapping/{name}.golden.json")))
                .unwrap();
        if answer != golden {
            failures.push(format!(
                "{name} ({}): the component answers\n{}",
                case.spec,
                serde_json::to_string_pretty(&answer).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `validate-and-map-task` on every golden case (valid, invalid, refused by
/// its configuration) answers what `validate-task` and `map-task` answer.
#[test]
fn validate_and_map_task_answers_what_the_two_calls_answer() {
    let mut seen = (0, 0);
    for name in &golden_case_names() {
        let case = golden_case(name);
        let (document, options) = (read(&case.document), wit_mapping_options(&case.options));
        let (both, validated) = host()
            .call(|instance, store| {
                let both = instance.mapping(&mut *store)?.call_validate_and_map_task(
                    &mut *store,
                    &document,
                    &options,
                )?;
                let validated = instance
                    .validation(&mut *store)?
                    .call_validate_task(store, &document)?;
                Ok((both, validated))
            })
            .expect("validate-and-map-task answers, never traps");
        match (both, map_in_component(&document, &options)) {
            (Ok(mapped), Ok(orders)) => {
                seen.0 += 1;
                let issues = |r: &wit::Report| r.issues.iter().map(issue_value).collect::<Vec<_>>();
                assert!(mapped.report.valid, "{name}");
                assert_eq!(issues(&mapped.report), issues(&validated), "{name}");
                let values = |o: &[wm::WorkOrder]| o.iter().map(order_value).collect::<Vec<_>>();
                assert_eq!(values(&mapped.work_orders), values(&orders), "{name}");
            }
            (Err(e), Err(expected)) => {
                seen.1 += 1;
                assert_eq!(error_value(&e), error_value(&expected), "{name}");
            }
            (both, alone) => panic!("{name}: {both:?} but map-task {alone:?}"),
        }
    }
    assert!(
        seen.0 > 0 && seen.1 > 0,
        "valid and refused cases: {seen:?}"
    );
}

/// seed 002 B1 through the component: one work order, the claimant under
/// Zurich, seed 000's custom fields, valuations as exact decimal text.
#[test]
fn b1_becomes_one_work_order() {
    let mut options = default_options();
    options.templates.scalepoint_url = Some("https://sp.example/task/{uniqueId}".into());
    options.insurers.push(wm::InsurerSettings {
        insurance_company_id: Some("7".into()),
        insurance_company_name: None,
        alias: Some("zurich".into()),
        sub_alias: None,
        customer_type: Some("Private".into()),
        default_team: Some("Team A".into()),
        responsible_user: Some("mbj".into()),
        task_template: Some("Repair".into()),
    });
    let orders = map_in_component(&read("examples/task-b1.json"), &options).unwrap();
    assert_eq!(orders.len(), 1);
    let order = &orders[0];
    assert_eq!(order.heading, "Scalepoint – claimnumber1234");
    assert_eq!(
        order.custom_fields.scalepoint_id,
        "dc100952-2005-4fbf-bbdf-badd1ec5a912"
    );
    assert_eq!(
        order.custom_fields.scalepoint_url.as_deref(),
        Some("https://sp.example/task/dc100952-2005-4fbf-bbdf-badd1ec5a912")
    );
    assert_eq!(order.custom_fields.damage_type.as_deref(), Some("type1"));
    assert_eq!(
        order.customer.dedup_key,
        "phone:44444444|email:johndoe@mail.com|name:dorthey tieman"
    );
    assert_eq!(order.customer.parent.name.as_deref(), Some("Zurich"));
    assert!(order.customer.parent.configured);
    assert_eq!(order.customer.customer_type.as_deref(), Some("Private"));
    assert_eq!(
        (order.team.as_deref(), order.task_template.as_deref()),
        (Some("Team A"), Some("Repair"))
    );
    let valuations = &order.lines[0].valuations;
    assert_eq!(valuations.product_price.as_deref(), Some("4213.02"));
    assert_eq!(valuations.purchase_price.as_deref(), Some("5200.0"));
    assert_eq!(order.lines[0].task_type, wm::TaskType::Repair);
    assert_eq!(order.image_links.len(), 1);
    assert!(order.warnings.is_empty(), "{:?}", order.warnings);
}

/// An invalid document is refused with validate-task's report: typed, no trap.
#[test]
fn invalid_input_is_a_typed_error() {
    for (input, code) in [
        (&b""[..], "empty-document"),
        (&b"{\"serviceTasks\": \"\xFF\"}"[..], "invalid-utf8"),
        (&b"{\"serviceTasks\": [{}]}"[..], "required-field-missing"),
        (&read("examples/feedback-a1.json")[..], "invalid-json"),
    ] {
        match map_in_component(input, &default_options()) {
            Err(wm::MappingError::InvalidDocument(report)) => {
                assert!(!report.valid);
                assert!(
                    report.issues.iter().any(|i| i.code == code),
                    "{code}: {report:?}"
                );
            }
            other => panic!("{code}: {other:?}"),
        }
    }
}

/// A configuration error names the template and the field, whatever the
/// document, and check-mapping-options finds it without one.
#[test]
fn configuration_errors_name_template_and_field() {
    let mut options = default_options();
    options.templates.heading = Some("{claim.policyNumbr}".into());
    let expected = |e: Result<_, wm::MappingError>| match e {
        Err(wm::MappingError::UnknownMergeField(p)) => {
            assert_eq!(p.template, wm::TemplateName::Heading);
            assert_eq!(p.field, "claim.policyNumbr");
            assert!(p.message.contains("{claim.policyNumber}"), "{}", p.message);
        }
        other => panic!("{other:?}"),
    };
    expected(check_in_component(&options).map(|_| Vec::new()));
    expected(map_in_component(&read("examples/task-b1.json"), &options));
    // Configuration first: even an empty document gets the configuration error.
    expected(map_in_component(b"", &options));

    options.templates.heading = None;
    options.templates.scalepoint_url = Some("sp.example/{uniqueId}".into());
    assert!(matches!(
        check_in_component(&options),
        Err(wm::MappingError::InvalidTemplate(wm::TemplateProblem {
            template: wm::TemplateName::ScalepointUrl,
            ..
        }))
    ));

    let mut options = default_options();
    options.insurers.push(wm::InsurerSettings {
        insurance_company_id: Some("seven".into()),
        insurance_company_name: None,
        alias: None,
        sub_alias: None,
        customer_type: None,
        default_team: None,
        responsible_user: None,
        task_template: None,
    });
    match check_in_component(&options) {
        Err(wm::MappingError::InvalidOption(o)) => {
            assert_eq!(o.name, "insurers[0].insuranceCompanyId")
        }
        other => panic!("{other:?}"),
    }
    assert!(check_in_component(&default_options()).is_ok());
}

// ---------------------------------------------------------------------------
// WIT answers into the JSON shape of core's serde.
// ---------------------------------------------------------------------------

fn template_name(t: wm::TemplateName) -> &'static str {
    match t {
        wm::TemplateName::Heading => "heading",
        wm::TemplateName::Requisition => "requisition",
        wm::TemplateName::Description => "description",
        wm::TemplateName::Responsibility => "responsibility",
        wm::TemplateName::ScalepointUrl => "scalepointUrl",
    }
}

fn error_value(e: &wm::MappingError) -> Value {
    match e {
        wm::MappingError::InvalidDocument(r) => json!({"invalidDocument": {
            "valid": r.valid,
            "issues": r.issues.iter().map(issue_value).collect::<Vec<_>>(),
        }}),
        wm::MappingError::UnknownMergeField(p) => json!({"unknownMergeField": {
            "template": template_name(p.template), "field": p.field, "message": p.message,
        }}),
        wm::MappingError::InvalidTemplate(p) => json!({"invalidTemplate": {
            "template": template_name(p.template), "field": p.field, "message": p.message,
        }}),
        wm::MappingError::InvalidOption(p) => json!({"invalidOption": {
            "name": p.name, "message": p.message,
        }}),
    }
}

fn issue_value(i: &wit::Issue) -> Value {
    let severity = match i.severity {
        wit::Severity::Error => "error",
        wit::Severity::Warning => "warning",
    };
    json!({"severity": severity, "path": i.path, "code": i.code, "message": i.message})
}

fn address_value(a: &Option<wm::Address>) -> Value {
    a.as_ref().map_or(Value::Null, |a| {
        json!({"line1": a.line1, "line2": a.line2, "postalCode": a.postal_code, "city": a.city})
    })
}

fn attachment_value(a: &wm::Attachment) -> Value {
    json!({"name": a.name, "link": a.link, "isImage": a.is_image})
}

fn order_value(o: &wm::WorkOrder) -> Value {
    let c = &o.customer;
    let p = &c.parent;
    json!({
        "heading": o.heading,
        "requisition": o.requisition,
        "description": o.description,
        "customer": {
            "dedupKey": c.dedup_key, "name": c.name, "email": c.email, "phone": c.phone,
            "mobilePhone": c.mobile_phone, "address": address_value(&c.address),
            "policyNumber": c.policy_number, "customerType": c.customer_type,
            "parent": {"companyId": p.company_id, "name": p.name, "alias": p.alias,
                       "subAlias": p.sub_alias, "configured": p.configured},
        },
        "installationAddress": address_value(&o.installation_address),
        "team": o.team,
        "responsibleUser": o.responsible_user,
        "taskTemplate": o.task_template,
        "customFields": {
            "scalepointId": o.custom_fields.scalepoint_id,
            "scalepointUrl": o.custom_fields.scalepoint_url,
            "responsibility": o.custom_fields.responsibility,
            "damageType": o.custom_fields.damage_type,
        },
        "claim": {
            "claimNumber": o.claim.claim_number,
            "claimReferenceNumber": o.claim.claim_reference_number,
            "claimDate": o.claim.claim_date, "policyNumber": o.claim.policy_number,
            "policyType": o.claim.policy_type, "selfRisk": o.claim.self_risk,
            "customerNote": o.claim.customer_note, "language": o.claim.language,
        },
        "createdDate": o.created_date,
        "replyAddress": o.reply_address,
        "invoicePaidBy": o.invoice_paid_by,
        "damageCauseDescription": o.damage_cause_description,
        "noteToServicePartner": o.note_to_service_partner,
        "allowedToCollectSelfRisk": o.allowed_to_collect_self_risk,
        "allowedToUpdateSelfRisk": o.allowed_to_update_self_risk,
        "lines": o.lines.iter().map(line_value).collect::<Vec<_>>(),
        "attachments": o.attachments.iter().map(attachment_value).collect::<Vec<_>>(),
        "imageLinks": o.image_links,
        "contacts": o.contacts.iter().map(contact_value).collect::<Vec<_>>(),
        "warnings": o.warnings.iter().map(issue_value).collect::<Vec<_>>(),
    })
}

fn line_value(l: &wm::ServiceLine) -> Value {
    let task_type = match l.task_type {
        wm::TaskType::Repair => "REPAIR",
        wm::TaskType::RepairEstimate => "REPAIR_ESTIMATE",
        wm::TaskType::Valuation => "VALUATION",
        wm::TaskType::MatchService => "MATCH_SERVICE",
    };
    let (i, v) = (&l.item, &l.valuations);
    json!({
        "claimLineId": l.claim_line_id,
        "uniqueId": l.unique_id,
        "taskType": task_type,
        "category": {"name": l.category.name, "parentCategory": l.category.parent_category,
                     "uniqueId": l.category.unique_id},
        "item": {
            "description": i.description, "customerDescription": i.customer_description,
            "manufacturer": i.manufacturer, "model": i.model, "serialNumber": i.serial_number,
            "ean": i.ean, "quantity": i.quantity, "age": i.age, "depreciation": i.depreciation,
            "damageDescription": i.damage_description, "damageType": i.damage_type,
            "repairLimit": i.repair_limit, "customerNotes": i.customer_notes,
        },
        "valuations": {
            "purchasePrice": v.purchase_price, "newPrice": v.new_price,
            "customerDemand": v.customer_demand, "discretionaryValuation": v.discretionary_valuation,
            "usedPrice": v.used_price, "repairEstimate": v.repair_estimate,
            "repairPrice": v.repair_price, "productPrice": v.product_price,
            "retailPrice": v.retail_price,
        },
        "attachments": l.attachments.iter().map(attachment_value).collect::<Vec<_>>(),
        "rejectReasons": l.reject_reasons.iter()
            .map(|r| json!({"id": r.id, "text": r.text, "locale": r.locale}))
            .collect::<Vec<_>>(),
    })
}

fn contact_value(c: &wm::Contact) -> Value {
    let role = match c.role {
        wm::ContactRole::ClaimHandler => "claimHandler",
        wm::ContactRole::ServicePartnerLocation => "servicePartnerLocation",
    };
    json!({
        "role": role, "name": c.name, "login": c.login, "email": c.email, "phone": c.phone,
        "address": address_value(&c.address),
    })
}

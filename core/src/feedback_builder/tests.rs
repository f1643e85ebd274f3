use super::*;
use serde_json::Value;

const B1: &[u8] = include_bytes!("../../../examples/task-b1.json");
const TASK: &str = "dc100952-2005-4fbf-bbdf-badd1ec5a912";
const LINE: &str = "10882352";

fn partner() -> ServicePartner {
    ServicePartner {
        name: "Service partner 1".into(),
        cvr_number: Some("10166896".into()),
        bank: Bank {
            reg_number: Some("1233".into()),
            account_number: Some("1222222342321112".into()),
            ..Bank::default()
        },
        ..ServicePartner::default()
    }
}

fn repair_price(amount: &str) -> LineChange {
    LineChange::Update(LineUpdate {
        claim_line_id: LINE.into(),
        valuations: vec![Valuation {
            field: "repairPrice".into(),
            amount: amount.into(),
        }],
        ..LineUpdate::default()
    })
}

fn request(changes: Vec<LineChange>) -> FeedbackRequest<'static> {
    FeedbackRequest {
        task_document: B1,
        task_unique_id: TASK.into(),
        created_date: "2020-10-21T08:00:00Z".into(),
        service_partner: partner(),
        changes,
        ..FeedbackRequest::default()
    }
}

fn build(request: &FeedbackRequest) -> Result<Value, BuildError> {
    build_feedback(request, &InvoiceOptions::default())
        .map(|b| serde_json::from_str(&b.json).unwrap())
}

fn invoice(total: &str) -> Invoice {
    Invoice {
        invoice_type: "INVOICE".into(),
        invoice_number: "Invoice_1".into(),
        invoice_date: "2020-10-22".into(),
        payment_due_date: "2020-11-21".into(),
        net_amount: "400.00".into(),
        vat: "100.00".into(),
        total_amount: total.into(),
        lines: vec![InvoiceLine {
            description: "Repair of iPhone 7".into(),
            units: Some("item".into()),
            quantity: "1".into(),
            unit_net_amount: "400.00".into(),
            unit_vat_amount: "100.00".into(),
            unit_price: "500.00".into(),
            line_total: "500.00".into(),
        }],
        ..Invoice::default()
    }
}

#[test]
fn a_repair_price_update_keeps_the_rest_of_the_line_as_received() {
    // seed 002 S1: "Lines that are not changed must be included ... without changes".
    let built = build(&request(vec![repair_price("400.00")])).unwrap();
    let task: Value = serde_json::from_slice(B1).unwrap();
    let mut expected = task["serviceTasks"][0]["serviceLines"][0].clone();
    expected["valuations"]["repairPrice"] = serde_json::from_str("400.00").unwrap();
    assert_eq!(built["serviceLines"], Value::Array(vec![expected]));
    assert_eq!(built["uniqueId"], TASK);
    assert_eq!(built["servicePartner"]["bank"]["regNumber"], "1233");
}

#[test]
fn amounts_are_written_exactly() {
    let built = build_feedback(
        &request(vec![repair_price("1152.60")]),
        &InvoiceOptions::default(),
    )
    .unwrap();
    assert!(
        built.json.contains("\"repairPrice\": 1152.60"),
        "{}",
        built.json
    );
}

#[test]
fn a_repair_line_without_price_is_never_built() {
    // seed 002 S1 requirements: repairPrice is required for REPAIR; B1's line has none.
    match build(&request(vec![])) {
        Err(BuildError::InvalidFeedback(report)) => {
            assert!(report.has_code("repair-price-required"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_an_explicit_remove_drops_a_line() {
    // shared/README.md §6: omission deletes at Scalepoint; we never omit by accident.
    let new = NewLine {
        task_type: "VALUATION".into(),
        category_name: "Mobiltelefoner".into(),
        category_unique_id: "09F7146D-26B6-4F6D-AE3C-2118F833B4FD".into(),
        parent_category: "Telefoni".into(),
        product_match_description: "Charger".into(),
        quantity: 1,
        ..NewLine::default()
    };
    let built = build(&request(vec![
        LineChange::Remove {
            claim_line_id: LINE.into(),
        },
        LineChange::Insert(new),
    ]))
    .unwrap();
    let lines = built["serviceLines"].as_array().unwrap();
    assert_eq!(lines.len(), 1);
    assert!(lines[0].get("claimLineId").is_none() && lines[0].get("uniqueId").is_none());
}

#[test]
fn changes_must_name_lines_the_task_has_once() {
    assert_eq!(
        build(&request(vec![LineChange::Remove {
            claim_line_id: "1".into()
        }])),
        Err(BuildError::UnknownClaimLine("1".into()))
    );
    assert_eq!(
        build(&request(vec![repair_price("1"), repair_price("2")])),
        Err(BuildError::DuplicateChange(LINE.into()))
    );
}

#[test]
fn unknown_tasks_and_bad_values_are_typed_errors() {
    let mut r = request(vec![repair_price("400.00")]);
    r.task_unique_id = "00000000-0000-0000-0000-000000000000".into();
    assert!(matches!(build(&r), Err(BuildError::UnknownTask(_))));
    assert!(matches!(
        build(&request(vec![repair_price("4oo")])),
        Err(BuildError::InvalidValue(..))
    ));
    let mut r = request(vec![repair_price("400.00")]);
    r.created_date = "yesterday".into();
    assert!(matches!(build(&r), Err(BuildError::InvalidValue(..))));
}

#[test]
fn an_invoice_is_checked_before_it_can_be_sent() {
    let mut r = request(vec![repair_price("400.00")]);
    r.invoice = Some(invoice("500.00"));
    let built = build(&r).unwrap();
    assert_eq!(built["invoice"]["totalAmount"].to_string(), "500.00");
    r.invoice = Some(invoice("510.00"));
    match build(&r) {
        Err(BuildError::InvalidFeedback(report)) => {
            assert!(report.has_code("invoice-total-mismatch"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_invalid_task_is_refused() {
    let r = FeedbackRequest {
        task_document: b"{}",
        ..request(vec![])
    };
    assert!(matches!(build(&r), Err(BuildError::InvalidTask(_))));
}

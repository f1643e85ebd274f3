//! Service lines (B2 `serviceLine`): what to repair or value, with every
//! number as exact decimal text and the ids feedback needs to update the
//! line (A3: a line is matched by `claimLineId`).

use crate::json::Value;

use super::attachments::attachments;
use super::model::{Category, Item, RejectReason, ServiceLine, TaskType, Valuations};
use super::values::Reader;

/// The lines of one task; `path` is the task's JSON Pointer.
pub fn service_lines(task: &Value, path: &str, reader: &mut Reader) -> Vec<ServiceLine> {
    task.get("serviceLines")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, line)| service_line(line, &format!("{path}/serviceLines/{i}"), reader))
        .collect()
}

/// One line. The document is valid, so required fields are there.
fn service_line(line: &Value, path: &str, reader: &mut Reader) -> ServiceLine {
    let null = Value::Null;
    let category = line.get("category").unwrap_or(&null);
    ServiceLine {
        claim_line_id: reader.number(line, "claimLineId", path).unwrap_or_default(),
        unique_id: reader.string(line, "uniqueId").unwrap_or_default(),
        task_type: reader
            .string(line, "taskType")
            .and_then(|t| TaskType::parse(&t))
            .unwrap_or(TaskType::Repair),
        category: Category {
            name: reader.string(category, "name").unwrap_or_default(),
            parent_category: reader
                .string(category, "parentCategory")
                .unwrap_or_default(),
            unique_id: reader.string(category, "uniqueId").unwrap_or_default(),
        },
        item: item(
            line.get("item").unwrap_or(&null),
            &format!("{path}/item"),
            reader,
        ),
        valuations: valuations(
            line.get("valuations").unwrap_or(&null),
            &format!("{path}/valuations"),
            reader,
        ),
        attachments: attachments(line),
        reject_reasons: reject_reasons(line, path, reader),
    }
}

fn item(item: &Value, path: &str, reader: &mut Reader) -> Item {
    Item {
        description: reader
            .string(item, "productMatchDescription")
            .unwrap_or_default(),
        customer_description: reader.string(item, "customerDescription"),
        manufacturer: reader.string(item, "manufacturer"),
        model: reader.string(item, "model"),
        serial_number: reader.string(item, "serialNumber"),
        ean: reader.string(item, "ean"),
        quantity: reader.number(item, "quantity", path).unwrap_or_default(),
        age: reader.number(item, "age", path),
        depreciation: reader.number(item, "depreciation", path),
        damage_description: reader.string(item, "damageDescription"),
        damage_type: reader.string(item, "damageType"),
        repair_limit: reader.number(item, "repairLimit", path),
        customer_notes: reader.string(item, "customerNotesToClaimLine"),
    }
}

fn valuations(valuations: &Value, path: &str, reader: &mut Reader) -> Valuations {
    let mut amount = |field| reader.number(valuations, field, path);
    Valuations {
        purchase_price: amount("purchasePrice"),
        new_price: amount("newPrice"),
        customer_demand: amount("customerDemand"),
        discretionary_valuation: amount("discretionaryValuation"),
        used_price: amount("usedPrice"),
        repair_estimate: amount("repairEstimate"),
        repair_price: amount("repairPrice"),
        product_price: amount("productPrice"),
        retail_price: amount("retailPrice"),
    }
}

fn reject_reasons(line: &Value, path: &str, reader: &mut Reader) -> Vec<RejectReason> {
    line.get("rejectReasons")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, reason)| RejectReason {
            id: reader
                .number(reason, "id", &format!("{path}/rejectReasons/{i}"))
                .unwrap_or_default(),
            text: reader.string(reason, "text").unwrap_or_default(),
            locale: reader.string(reason, "locale"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b1_line() -> Value<'static> {
        let b1 = crate::json::from_serde_text(include_str!("../../../examples/task-b1.json"));
        b1["serviceTasks"][0].clone()
    }

    #[test]
    fn b1_line_valuations_are_decimal_text_as_written() {
        // seed 002 B1: "productPrice": 4213.02, "purchasePrice": 5200.0.
        let mut reader = Reader::default();
        let lines = service_lines(&b1_line(), "/serviceTasks/0", &mut reader);
        assert!(reader.problems.is_empty());
        let line = &lines[0];
        assert_eq!(line.claim_line_id, "10882352");
        assert_eq!(line.task_type, TaskType::Repair);
        assert_eq!(line.valuations.product_price.as_deref(), Some("4213.02"));
        assert_eq!(line.valuations.purchase_price.as_deref(), Some("5200.0"));
        assert_eq!(line.valuations.repair_price, None);
        assert_eq!(line.item.quantity, "1");
        assert_eq!(line.item.repair_limit.as_deref(), Some("2000"));
        assert_eq!(line.item.description, "APPLE iPhone 7 128GB Jetsort");
        assert_eq!(line.reject_reasons[1].id, "2");
        assert!(line.attachments[0].is_image);
    }

    #[test]
    fn b2_task_types_are_all_known() {
        // seed 002 B3: REPAIR, REPAIR_ESTIMATE, VALUATION, MATCH_SERVICE.
        for t in ["REPAIR", "REPAIR_ESTIMATE", "VALUATION", "MATCH_SERVICE"] {
            let parsed = TaskType::parse(t).unwrap();
            assert_eq!(serde_json::to_value(parsed).unwrap(), serde_json::json!(t));
        }
    }
}

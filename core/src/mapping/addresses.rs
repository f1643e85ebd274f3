//! Addresses: the customer's, and where the work is done.

use crate::json::Value;

use super::model::Address;

/// The address of a B2 `claimant` or `location` (`address1`, `address2`,
/// `postalCode`, `city`); `None` when it has none of them.
pub fn address(object: &Value) -> Option<Address> {
    let field = |name: &str| {
        object
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    let address = Address {
        line1: field("address1"),
        line2: field("address2"),
        postal_code: field("postalCode"),
        city: field("city"),
    };
    let empty = address.line1.is_none()
        && address.line2.is_none()
        && address.postal_code.is_none()
        && address.city.is_none();
    (!empty).then_some(address)
}

/// Where the damage is, for one B2 `serviceTask`.
///
/// B2 has no damage (loss) address: unlike the Case Integration API's loss
/// location (seed 001), a ClaimShop task names only the claimant's address,
/// which is the insured address the claim is made under, and the service
/// partner's location, which is where the partner works, not where the
/// damage is. So we take the claimant's address: the only place the task
/// ties to the damage. The installation address is then never set for a B2
/// task, and it is set by the rule below as soon as a document carries a
/// damage address of its own.
pub fn damage_address(task: &Value) -> Option<Address> {
    task.get("claimant").and_then(address)
}

/// The installation address: the damage address when it is another place
/// than the customer's (compared ignoring case and spacing), else `None`
/// (the ERP uses the customer's).
pub fn installation_address(
    customer: Option<&Address>,
    damage: Option<Address>,
) -> Option<Address> {
    let damage = damage?;
    match customer {
        Some(customer) if same_place(customer, &damage) => None,
        _ => Some(damage),
    }
}

fn same_place(a: &Address, b: &Address) -> bool {
    let key = |x: &Address| {
        [&x.line1, &x.line2, &x.postal_code, &x.city].map(|part| {
            part.as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        })
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    fn at(line1: &str, postal_code: &str) -> Address {
        Address {
            line1: Some(line1.into()),
            line2: None,
            postal_code: Some(postal_code.into()),
            city: Some("København S".into()),
        }
    }

    #[test]
    fn b2_claimant_address_fields() {
        // seed 002 B3: claimant address1, address2, postalCode, city.
        let claimant = json!({"name": "x", "address1": "Random Street", "address2": "3/14",
                              "postalCode": "2300", "city": "København S"});
        let a = address(&claimant).unwrap();
        assert_eq!(a.line2.as_deref(), Some("3/14"));
        assert_eq!(address(&json!({"name": "x", "city": " "})), None);
    }

    #[test]
    fn a_b2_task_has_no_installation_address_of_its_own() {
        // B2 carries no damage address: the claimant's is used, so it never differs.
        let task = json!({"claimant": {"name": "x", "address1": "Random Street"}});
        let customer = address(&task["claimant"]);
        assert_eq!(
            installation_address(customer.as_ref(), damage_address(&task)),
            None
        );
    }

    #[test]
    fn the_installation_address_is_set_only_when_it_differs() {
        let home = at("Random Street 1", "2300");
        assert_eq!(
            installation_address(Some(&home), Some(at("random  street 1", "2300"))),
            None
        );
        let summer_house = at("Strandvejen 9", "3000");
        assert_eq!(
            installation_address(Some(&home), Some(summer_house.clone())),
            Some(summer_house.clone())
        );
        assert_eq!(
            installation_address(None, Some(summer_house.clone())),
            Some(summer_house)
        );
        assert_eq!(installation_address(Some(&home), None), None);
    }
}

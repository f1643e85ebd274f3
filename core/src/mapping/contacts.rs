//! The people and places of a task an ERP keeps as contacts: the insurer's
//! claim handler (B3 `claim.claimHandler*`) and the service partner's
//! location the task was sent to (B3 `servicePartner.location`).

use crate::json::Value;

use super::addresses;
use super::model::{Contact, ContactRole};

/// The contacts of one task, those with nothing in them left out.
pub fn contacts(task: &Value) -> Vec<Contact> {
    let claim = task.get("claim").unwrap_or(&Value::Null);
    let location = task
        .get("servicePartner")
        .and_then(|p| p.get("location"))
        .unwrap_or(&Value::Null);
    [claim_handler(claim), service_partner_location(location)]
        .into_iter()
        .filter(|c| {
            c.name.is_some()
                || c.login.is_some()
                || c.email.is_some()
                || c.phone.is_some()
                || c.address.is_some()
        })
        .collect()
}

fn claim_handler(claim: &Value) -> Contact {
    let login = string(claim, "claimHandlerName");
    Contact {
        role: ContactRole::ClaimHandler,
        // The full name for people; the login when that is all there is.
        name: string(claim, "claimHandlerFullName").or_else(|| login.clone()),
        login,
        email: string(claim, "claimHandlerEmail"),
        phone: None,
        address: None,
    }
}

fn service_partner_location(location: &Value) -> Contact {
    Contact {
        role: ContactRole::ServicePartnerLocation,
        name: string(location, "name"),
        login: None,
        email: string(location, "email"),
        phone: string(location, "phone"),
        address: addresses::address(location),
    }
}

fn string(object: &Value, field: &str) -> Option<String> {
    object
        .get(field)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn claim_handler_and_location_become_contacts() {
        // seed 002 B3: claimHandlerName is the login, claimHandlerFullName the name.
        let task = json!({
            "claim": {"claimHandlerName": "johndoe", "claimHandlerFullName": "John Doe"},
            "servicePartner": {"name": "SP", "location": {"name": "Bahne - Aalborg", "city": "Aalborg"}}
        });
        let found = contacts(&task);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name.as_deref(), Some("John Doe"));
        assert_eq!(found[0].login.as_deref(), Some("johndoe"));
        assert_eq!(found[1].role, ContactRole::ServicePartnerLocation);
        assert_eq!(
            found[1].address.as_ref().unwrap().city.as_deref(),
            Some("Aalborg")
        );
    }

    #[test]
    fn empty_contacts_are_left_out() {
        let found = contacts(&json!({"claim": {"claimNumber": "1"}}));
        assert!(found.is_empty());
        let found = contacts(&json!({"claim": {"claimHandlerName": "jd"}}));
        assert_eq!(found[0].name.as_deref(), Some("jd"));
    }
}

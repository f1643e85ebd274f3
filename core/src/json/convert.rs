//! Between this module's values and serde_json's: a document serde_json
//! read where the fast parser declined, and the values of schemas and tests,
//! which are written with serde_json.

use std::borrow::Cow;

use super::{Map, Member, Number, Value};

impl From<&serde_json::Value> for Value<'static> {
    fn from(value: &serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            // `arbitrary_precision`: the number's own text.
            serde_json::Value::Number(n) => Value::Number(Number(Cow::Owned(n.to_string()))),
            serde_json::Value::String(s) => Value::String(Cow::Owned(s.clone())),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(Value::from).collect())
            }
            serde_json::Value::Object(map) => Value::Object(Map::from_entries(
                map.iter()
                    .map(|(k, v)| Member::new(Cow::Owned(k.clone()), Value::from(v)))
                    .collect(),
            )),
        }
    }
}

impl From<serde_json::Value> for Value<'static> {
    fn from(value: serde_json::Value) -> Self {
        Value::from(&value)
    }
}

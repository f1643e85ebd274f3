//! Several fields of one JSON object in one pass over it.
//!
//! `Value::get` searches the object's map anew for each name, comparing keys
//! with `memcmp` on the way; rules that read five or seven fields of every
//! line did that for each. Walking the entries once and matching each key
//! against the wanted names by their first eight bytes (`names::Name`)
//! finds them all, mostly without a call.

use crate::json::Value;

use crate::names::Name;

/// The values of `names` in `object`, in the order of `names`: `None` where
/// a name is absent, all `None` when `object` is not an object.
pub fn fields<'v, const N: usize>(
    object: &'v Value<'v>,
    names: &[&str; N],
) -> [Option<&'v Value<'v>>; N] {
    let mut found = [None; N];
    let Some(map) = object.as_object() else {
        return found;
    };
    let wanted = names.map(Name::new);
    for (key, value) in map.named() {
        if let Some(i) = wanted.iter().position(|name| name.same(key)) {
            found[i] = Some(value);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::json;

    #[test]
    fn finds_what_get_finds() {
        let object =
            json!({"unitNetAmount": 1, "unitVatAmount": 2, "a": null, "": 3, "lineTotal": [4]});
        let names = [
            "lineTotal",
            "unitVatAmount",
            "missing",
            "",
            "a",
            "unitNetAmoun",
        ];
        let found = fields(&object, &names);
        for (name, value) in names.iter().zip(found) {
            assert_eq!(value, object.get(name), "{name}");
        }
        assert_eq!(fields(&json!([1]), &["a"]), [None]);
    }
}

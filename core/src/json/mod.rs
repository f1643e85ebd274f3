//! The parsed form of an incoming document: a JSON tree that borrows its
//! strings and numbers from the input text.
//!
//! Reading a document into `serde_json::Value` was most of what validation
//! cost (BENCHMARKS.md, ninth session, "Where the time had gone"): a
//! `String` per key, per string and (with `arbitrary_precision`) per number,
//! and a `BTreeMap` node per few keys, each allocated and freed again. Here a
//! string without escapes and a number are slices of the input, and every
//! object and array is one exactly sized allocation.
//!
//! It behaves as serde_json's `Value` does where the rest of the crate can
//! tell: an object's keys iterate in byte order and a repeated key keeps its
//! last value; a number keeps its JSON text as serde_json's
//! `arbitrary_precision` writes it (`1E5` is `1e+5`); and a document is
//! accepted exactly when serde_json accepts it (`input::parse_object` hands
//! anything the fast parser declines to serde_json, for its verdict and its
//! error message).

mod convert;
mod parse;
mod serialize;
mod string;
mod write;

use std::borrow::Cow;

use crate::names::Name;

pub use parse::{parse, parse_bytes};
pub use serialize::{to_string, Error as SerializeError};

/// A JSON value whose strings and numbers may borrow from the text it was
/// read from (`'a`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(Number<'a>),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Map<'a>),
}

/// A JSON number as its text (`arbitrary_precision`'s form: an exponent is
/// written `e` with its sign, `1E5` as `1e+5`). Two numbers are equal when
/// their texts are, as with serde_json's `arbitrary_precision`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number<'a>(Cow<'a, str>);

/// A JSON object: its members sorted by key, each key once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Map<'a> {
    entries: Vec<Member<'a>>,
}

/// A key, its first eight bytes as a number (`names::Name`: most
/// comparisons of keys are settled by it), and its value.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Member<'a> {
    prefix: u64,
    key: Cow<'a, str>,
    value: Value<'a>,
}

impl<'a> Member<'a> {
    fn new(key: Cow<'a, str>, value: Value<'a>) -> Self {
        Member {
            prefix: Name::new(&key).prefix(),
            key,
            value,
        }
    }

    fn name(&self) -> Name<'_> {
        Name::known(&self.key, self.prefix)
    }
}

static NULL: Value<'static> = Value::Null;

impl<'a> Number<'a> {
    /// The number's JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}

impl std::fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'a> Map<'a> {
    /// Sorts `entries` by key; of a repeated key the last value stays.
    fn from_entries(mut entries: Vec<Member<'a>>) -> Self {
        let ordered = |a: &Member, b: &Member| a.name().cmp(b.name());
        if !entries.windows(2).all(|w| ordered(&w[0], &w[1]).is_lt()) {
            // Stable, so repeats stay in document order and the last wins.
            entries.sort_by(ordered);
            entries.dedup_by(|later, kept| {
                let repeat = later.name().same(kept.name());
                if repeat {
                    std::mem::swap(&mut later.value, &mut kept.value);
                }
                repeat
            });
        }
        Map { entries }
    }

    /// `entries` already sorted by key, each key once.
    fn from_sorted(entries: Vec<Member<'a>>) -> Self {
        debug_assert!(entries
            .windows(2)
            .all(|w| w[0].name().cmp(w[1].name()).is_lt()));
        Map { entries }
    }

    /// Inlined, and its binary search with it: the rules look fields up by
    /// literal names, and in the guest the call to `get` (2 % of validating
    /// B1), then to `binary_search_by` (2.4 %), cost more than the search.
    #[inline(always)]
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        let key = Name::new(key);
        let mut entries = &self.entries[..];
        loop {
            let half = entries.len() / 2;
            let middle = entries.get(half)?;
            if middle.name().same(key) {
                return Some(&middle.value);
            }
            entries = if middle.name().before(key) {
                &entries[half + 1..]
            } else {
                &entries[..half]
            };
        }
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The members in key order.
    pub fn iter(&self) -> Iter<'_, 'a> {
        Iter(self.entries.iter())
    }

    /// The members in key order, each key as a `Name` (its prefix computed
    /// once, when the document was read).
    pub(crate) fn named(&self) -> impl Iterator<Item = (Name<'_>, &Value<'a>)> {
        self.entries.iter().map(|m| (m.name(), &m.value))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|m| m.key.as_ref())
    }
}

/// The members of a `Map` in key order.
pub struct Iter<'m, 'a>(std::slice::Iter<'m, Member<'a>>);

impl<'m, 'a> Iterator for Iter<'m, 'a> {
    type Item = (&'m str, &'m Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|m| (m.key.as_ref(), &m.value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'m, 'a> IntoIterator for &'m Map<'a> {
    type Item = (&'m str, &'m Value<'a>);
    type IntoIter = Iter<'m, 'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// What a value can be indexed by: a key of an object, a position in an
/// array (as with serde_json's `Value::get`).
pub trait Index {
    fn index_into<'v, 'a>(&self, value: &'v Value<'a>) -> Option<&'v Value<'a>>;
}

impl Index for str {
    fn index_into<'v, 'a>(&self, value: &'v Value<'a>) -> Option<&'v Value<'a>> {
        value.as_object()?.get(self)
    }
}

impl Index for usize {
    fn index_into<'v, 'a>(&self, value: &'v Value<'a>) -> Option<&'v Value<'a>> {
        value.as_array()?.get(*self)
    }
}

impl<T: Index + ?Sized> Index for &T {
    fn index_into<'v, 'a>(&self, value: &'v Value<'a>) -> Option<&'v Value<'a>> {
        (**self).index_into(value)
    }
}

impl<'a> Value<'a> {
    /// The member or item at `index`, if this is an object or array that
    /// has one.
    pub fn get<I: Index>(&self, index: I) -> Option<&Value<'a>> {
        index.index_into(self)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value<'a>>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map<'a>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&Number<'a>> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        self.as_number()?.as_u64()
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The value at a JSON Pointer (RFC 6901), as serde_json's
    /// `Value::pointer`: `""` is the value itself.
    pub fn pointer(&self, pointer: &str) -> Option<&Value<'a>> {
        if pointer.is_empty() {
            return Some(self);
        }
        let tokens = pointer.strip_prefix('/')?;
        tokens.split('/').try_fold(self, |target, token| {
            let token = token.replace("~1", "/").replace("~0", "~");
            match target {
                Value::Object(map) => map.get(&token),
                Value::Array(items) => array_position(&token).and_then(|i| items.get(i)),
                _ => None,
            }
        })
    }
}

/// An RFC 6901 array index: digits, no leading zero.
fn array_position(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() > 1) {
        return None;
    }
    token.parse().ok()
}

impl<'a, I: Index> std::ops::Index<I> for Value<'a> {
    type Output = Value<'a>;

    /// The member or item at `index`, or null (as serde_json's `Value`).
    fn index(&self, index: I) -> &Value<'a> {
        index.index_into(self).unwrap_or(&NULL)
    }
}

#[cfg(test)]
mod tests;

/// `serde_json::json!`, as this module's value: the documents of tests.
#[cfg(test)]
macro_rules! test_json {
    ($($json:tt)+) => {
        $crate::json::Value::from(::serde_json::json!($($json)+))
    };
}
#[cfg(test)]
pub(crate) use test_json as json;

/// `text` read by serde_json, as this module's value: tests' documents.
#[cfg(test)]
pub(crate) fn from_serde_text(text: &str) -> Value<'static> {
    Value::from(serde_json::from_str::<serde_json::Value>(text).expect("test JSON"))
}

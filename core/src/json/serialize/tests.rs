use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::{Serialize, Serializer};

use super::to_string;

/// Ours and serde_json's text for `value`, which must be equal.
fn same_as_serde_json<T: Serialize + ?Sized>(value: &T) -> String {
    let ours = to_string(value).expect("written");
    assert_eq!(ours, serde_json::to_string(value).unwrap());
    ours
}

#[derive(Serialize)]
struct UnitStruct;

#[derive(Serialize)]
struct Newtype(u8);

#[derive(Serialize)]
struct Pair(i32, &'static str);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
enum Shape {
    Unit,
    Newtype(Option<bool>),
    Tuple(u8, Vec<u8>),
    Struct { side_a: u32, side_b: Option<u32> },
    EmptyTuple(),
    EmptyStruct {},
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Everything {
    flag: bool,
    small: i8,
    negative: i64,
    large: u64,
    huge: i128,
    letter: char,
    quote: char,
    text: &'static str,
    missing: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<String>,
    unit: (),
    unit_struct: UnitStruct,
    newtype: Newtype,
    pair: Pair,
    tuple: (u8, (), &'static str),
    shapes: Vec<Shape>,
    empty: Vec<Vec<u8>>,
    nested: Vec<Vec<u8>>,
    map: BTreeMap<&'static str, Option<u8>>,
    #[serde(serialize_with = "as_bytes")]
    bytes: Vec<u8>,
    floats: Vec<f64>,
    single: f32,
}

fn as_bytes<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytes)
}

#[test]
fn every_kind_of_value_is_written_as_serde_json_writes_it() {
    let everything = Everything {
        flag: true,
        small: -8,
        negative: i64::MIN,
        large: u64::MAX,
        huge: i128::MIN,
        letter: 'ø',
        quote: '"',
        text: "tab\there, \"quoted\" \\ and \u{1} and æøå",
        missing: None,
        skipped: None,
        unit: (),
        unit_struct: UnitStruct,
        newtype: Newtype(7),
        pair: Pair(-1, "one"),
        tuple: (1, (), "three"),
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(Some(false)),
            Shape::Newtype(None),
            Shape::Tuple(1, vec![2, 3]),
            Shape::Struct {
                side_a: 4,
                side_b: None,
            },
            Shape::EmptyTuple(),
            Shape::EmptyStruct {},
        ],
        empty: Vec::new(),
        nested: vec![vec![], vec![1], vec![2, 3]],
        map: BTreeMap::from([("a\"b", Some(1)), ("", None)]),
        bytes: vec![0, 127, 255],
        floats: vec![0.1, 1.0, -0.0, 1e300, f64::NAN, f64::INFINITY],
        single: 0.1,
    };
    let text = same_as_serde_json(&everything);
    assert!(text.starts_with(r#"{"flag":true,"small":-8,"#), "{text}");
    assert!(!text.contains("skipped"), "{text}");
}

#[test]
fn every_control_character_quote_and_backslash_is_escaped_at_every_position() {
    // Positions across a word boundary and into the byte-by-byte tail.
    for special in (0u8..0x20).chain([b'"', b'\\', 0x7F]) {
        for at in 0..20 {
            let mut text = "abcdefghijklmnopqrst".to_string().into_bytes();
            text[at] = special;
            let text = String::from_utf8(text).unwrap();
            same_as_serde_json(text.as_str());
        }
    }
}

#[test]
fn keys_that_are_not_strings_and_serde_json_numbers_are_refused() {
    let error = to_string(&BTreeMap::from([(1, 2)])).unwrap_err();
    assert_eq!(error.to_string(), "a map key must be a string");
    let number: serde_json::Number = "1.50".parse().unwrap();
    assert!(to_string(&number).is_err());
}

proptest! {
    #[test]
    fn any_string_is_written_as_serde_json_writes_it(text in any::<String>()) {
        same_as_serde_json(text.as_str());
    }

    #[test]
    fn any_text_with_many_escapes_is_written_as_serde_json_writes_it(
        text in "[a-z\"\\\\\\x00-\\x1f\\x7fæ€😀]{0,40}",
    ) {
        same_as_serde_json(text.as_str());
    }
}

use super::*;

/// What serde_json reads from `text`, in this module's form.
fn by_serde(text: &str) -> Option<Value<'static>> {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .map(Value::from)
}

/// The fast parser takes `text` only if serde_json does, and reads the same
/// value from it.
fn agrees(text: &str) {
    let fast = parse(text);
    let serde = by_serde(text);
    if let Some(fast) = &fast {
        assert_eq!(Some(fast), serde.as_ref(), "{text:?}");
    }
}

const EXAMPLES: [&str; 5] = [
    include_str!("../../../examples/task-b1.json"),
    include_str!("../../../examples/feedback-valid.json"),
    include_str!("../../../examples/status-message-c1.json"),
    include_str!("../../../examples/text-message-d1.json"),
    include_str!("../../../examples/case/hub-property-full.json"),
];

#[test]
fn the_examples_read_as_serde_json_reads_them() {
    for text in EXAMPLES {
        assert_eq!(parse(text), by_serde(text));
        assert!(parse(text).is_some());
    }
}

#[test]
fn numbers_keep_arbitrary_precisions_text() {
    for text in [
        "0",
        "-0",
        "7",
        "-12",
        "1.50",
        "4213.02",
        "1e5",
        "1E5",
        "1e+5",
        "1E-5",
        "-2.5e-3",
        "123456789012345678901234567890.5",
        "18446744073709551616",
        "-9223372036854775809",
    ] {
        let value = parse(text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(Some(value), by_serde(text), "{text}");
    }
    assert_eq!(parse("1E5").unwrap().to_string(), "1e+5");
}

#[test]
fn refuses_what_serde_json_refuses() {
    for text in [
        "",
        " ",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "[1 2]",
        "\"\t\"",
        "\"\\x\"",
        "\"\\u12\"",
        "tru",
        "nul",
        "{\"a\" 1}",
        "{} {}",
        "[",
        "{\"a\":",
        "\"abc",
        "// c\n{}",
        "NaN",
        "[1] x",
    ] {
        assert_eq!(parse(text), None, "{text:?}");
        assert_eq!(by_serde(text), None, "{text:?}");
    }
}

#[test]
fn strings_unescape_as_serde_json_does() {
    for text in [
        r#""plain""#,
        r#""a\"b\\c\/d\b\f\n\r\t""#,
        r#""\u00e6\u00F8\u0000 x""#,
        "\"æøå 😀\"",
        r#""\ud83d\ude00""#,
        r#""\ud83d""#,
        r#""\ude00 lone""#,
    ] {
        agrees(text);
    }
    assert!(matches!(
        parse(r#""plain""#),
        Some(Value::String(Cow::Borrowed("plain")))
    ));
}

#[test]
fn a_repeated_key_keeps_its_last_value_and_keys_iterate_in_order() {
    let text = r#"{"b": 1, "a": 2, "b": 3, "c": {"z": 0, "y": [1, {"x": null}]}, "a": 4}"#;
    let value = parse(text).unwrap();
    assert_eq!(Some(&value), by_serde(text).as_ref());
    let keys: Vec<&str> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["a", "b", "c"]);
    assert_eq!(value["b"].as_u64(), Some(3));
    assert_eq!(value["a"].as_u64(), Some(4));
}

#[test]
fn members_in_any_order_with_repeats_read_as_serde_json_reads_them() {
    // Keys that share their first eight bytes, in a scrambled order with
    // repeats: each insertion lands before, between, after or on a member.
    let keys: Vec<String> = (0..40)
        .map(|i| format!("claimLine{}", (i * 17) % 23))
        .collect();
    let members: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, key)| format!("{key:?}: {i}"))
        .collect();
    let text = format!("{{{}}}", members.join(", "));
    agrees(&text);
    assert!(parse(&text).is_some());
}

#[test]
fn nesting_near_serde_jsons_limit_is_left_to_serde_json() {
    let nest = |n: usize| "[".repeat(n) + &"]".repeat(n);
    assert!(parse(&nest(MAX_TESTED_DEPTH)).is_some());
    assert!(parse(&nest(120)).is_none());
    assert!(by_serde(&nest(120)).is_some());
    assert!(by_serde(&nest(200)).is_none());
}
const MAX_TESTED_DEPTH: usize = 100;

#[test]
fn display_writes_what_serde_json_writes() {
    for text in EXAMPLES.into_iter().chain([
        r#"{"s": "q\"b\\n\n\u0001\u001f\u007f/é", "n": [1.0, -0, 2e-3], "t": true, "z": null}"#,
    ]) {
        let ours = parse(text).unwrap().to_string();
        let serde: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, serde.to_string());
    }
}

#[test]
fn get_index_and_pointer_behave_as_serde_jsons() {
    let text = r#"{"a": [10, {"b/c": "x", "d~e": true}], "": 5}"#;
    let ours = parse(text).unwrap();
    let serde: serde_json::Value = serde_json::from_str(text).unwrap();
    for pointer in [
        "",
        "/a",
        "/a/0",
        "/a/1/b~1c",
        "/a/1/d~0e",
        "/a/01",
        "/a/2",
        "/",
        "a",
        "/x/y",
    ] {
        assert_eq!(
            ours.pointer(pointer),
            serde.pointer(pointer).map(Value::from).as_ref(),
            "{pointer}"
        );
    }
    assert_eq!(ours["a"][0].as_u64(), Some(10));
    assert!(ours["missing"]["deeper"].is_null());
    assert_eq!(
        ours.get("a").and_then(|a| a.get(1)).map(Value::is_object),
        Some(true)
    );
}

/// The position of the first byte `string::special` marks.
fn first_special(word: u64) -> Option<usize> {
    first_marked(string::special(word))
}

fn first_marked(marks: u64) -> Option<usize> {
    (marks != 0).then(|| crate::swar::first_marked(marks))
}

/// The one-byte tests that finish a scan where no word is left agree with
/// the word tests, for every byte (first in a word of plain `a`s, where a
/// mark is exact: the word tests' stray marks fall only above a real one).
#[test]
fn the_byte_tests_mark_what_the_word_tests_mark() {
    for byte in 0..=u8::MAX {
        let mut bytes = [b'a'; 8];
        bytes[0] = byte;
        let word = u64::from_le_bytes(bytes);
        let first = |marks: u64| marks & 0x80 != 0;
        assert_eq!(
            string::is_special(byte),
            first(string::special(word)),
            "{byte:#x}"
        );
        assert_eq!(
            parse::is_special_or_non_ascii(byte),
            first(parse::special_or_non_ascii(word)),
            "{byte:#x}"
        );
    }
}

#[test]
fn the_word_scan_finds_the_first_quote_backslash_or_control_character() {
    let naive = |word: u64| {
        word.to_le_bytes()
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
    };
    // Every special byte at every position, over plain bytes of every kind
    // (ASCII, UTF-8 continuation and lead bytes, 0x20 and 0x7F at the edges).
    for plain in [b'a', b' ', 0x7F, 0x80, 0xC3, 0xFF, b'!', b'#', b'[', b']'] {
        for special in (0..0x20).chain([b'"', b'\\']) {
            for at in 0..8 {
                let mut bytes = [plain; 8];
                bytes[at] = special;
                let word = u64::from_le_bytes(bytes);
                assert_eq!(first_special(word), Some(at), "{bytes:?}");
                // A second special byte above the first changes nothing.
                if at < 7 {
                    bytes[7] = b'"';
                    let word = u64::from_le_bytes(bytes);
                    assert_eq!(first_special(word), Some(at), "{bytes:?}");
                }
            }
        }
        assert_eq!(first_special(u64::from_le_bytes([plain; 8])), None);
    }
    // And pseudo-random words against the byte-by-byte answer.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    for _ in 0..200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        assert_eq!(first_special(state), naive(state), "{state:#x}");
        let or_non_ascii = state
            .to_le_bytes()
            .iter()
            .position(|&b| matches!(b, b'"' | b'\\' | 0..=0x1F | 0x80..));
        assert_eq!(
            first_marked(parse::special_or_non_ascii(state)),
            or_non_ascii,
            "{state:#x}"
        );
    }
}

/// The fast parser reads bytes, not text: it must take exactly the UTF-8
/// ones (and read them as `parse` reads the text), wherever in a string,
/// and wherever against the scan's 8-byte words, a sequence falls.
#[test]
fn bytes_are_read_only_if_they_are_utf8() {
    let sequences: [&[u8]; 14] = [
        "é".as_bytes(),
        "€".as_bytes(),
        "😀".as_bytes(),
        "æøå ÆØÅ".as_bytes(),
        b"\x80",             // a continuation byte alone
        b"\xC3",             // a lead byte without its continuation
        b"\xC3(",            // ... followed by ASCII
        b"\xE2\x82",         // a three-byte sequence cut short
        b"\xC0\xAF",         // an overlong encoding of '/'
        b"\xED\xA0\x80",     // a surrogate, encoded
        b"\xF4\x90\x80\x80", // beyond U+10FFFF
        b"\xFF",
        b"\xC3\\n\xA9", // a sequence split by an escape
        "a\\u00e9é\\\"ø".as_bytes(),
    ];
    for sequence in sequences {
        for len in 0..20 {
            let plain = "x".repeat(len);
            for wrap in [
                |s: &[u8], p: &str| [b"\"", p.as_bytes(), s, b"\""].concat(),
                |s: &[u8], p: &str| {
                    [
                        b"{\"",
                        p.as_bytes(),
                        s,
                        b"\": [1, \"",
                        p.as_bytes(),
                        b"\"]}",
                    ]
                    .concat()
                },
                |s: &[u8], p: &str| {
                    [b"[\"", p.as_bytes(), b"\\t", s, p.as_bytes(), b"\", 2]"].concat()
                },
            ] {
                let bytes = wrap(sequence, &plain);
                let read = parse_bytes(&bytes);
                match std::str::from_utf8(&bytes) {
                    Ok(text) => {
                        assert!(read.is_some(), "{text:?}");
                        assert_eq!(read, parse(text));
                        agrees(text);
                    }
                    Err(_) => assert_eq!(read, None, "{bytes:?}"),
                }
            }
        }
    }
    // Outside strings a byte beyond ASCII is never JSON.
    for bytes in [
        &b"{\"a\":1\xC2\xA0}"[..],
        b"\xEF\xBB\xBF{}",
        b"[1,\xC3\xA9]",
        b"{}\xC3\xA9",
    ] {
        assert_eq!(parse_bytes(bytes), None, "{bytes:?}");
    }
}

#[test]
fn strings_and_indentation_across_word_boundaries() {
    for len in 0..40 {
        let plain = "x".repeat(len);
        let indent = " ".repeat(len);
        for text in [
            format!("{indent}{{{indent}\"{plain}\"{indent}:{indent}\"{plain}\\n{plain}\"{indent}}}{indent}"),
            format!("[\"{plain}\\\"\", \"{plain}é\", \"{plain}\\u00e9{plain}\"]"),
        ] {
            assert!(parse(&text).is_some(), "{text:?}");
            agrees(&text);
        }
        assert_eq!(parse(&format!("\"{plain}\u{1}\"")), None);
        assert_eq!(parse(&format!("\"{plain}")), None);
    }
}

#[test]
fn numbers_across_word_boundaries() {
    for len in 1..30 {
        let digits: String = (0..len)
            .map(|i| char::from(b'0' + (i % 9 + 1) as u8))
            .collect();
        for text in [
            digits.clone(),
            format!("[{digits}]"),
            format!("[-{digits}.{digits}e-{digits},{digits}]"),
            format!("{{\"a\":{digits}.0{digits}}}"),
            format!("[{digits}x]"),
            format!("[{digits}é]"),
        ] {
            agrees(&text);
        }
        assert_eq!(
            parse(&digits).unwrap().as_number().unwrap().as_str(),
            digits
        );
    }
}

#[test]
fn the_word_scan_marks_exactly_the_bytes_that_are_not_whitespace() {
    let naive = |word: u64| {
        word.to_le_bytes()
            .iter()
            .enumerate()
            .filter(|(_, b)| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
            .fold(0u64, |marks, (i, _)| marks | 0x80 << (8 * i))
    };
    for b in 0..=255u8 {
        for at in 0..8 {
            let mut bytes = [b' '; 8];
            bytes[at] = b;
            let word = u64::from_le_bytes(bytes);
            assert_eq!(parse::not_whitespace(word), naive(word), "{bytes:?}");
        }
    }
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    for _ in 0..200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // Bias towards whitespace: keep a byte or make it one of the four.
        let word = u64::from_le_bytes(state.to_le_bytes().map(|b| match b % 6 {
            0 => b' ',
            1 => b'\n',
            2 => b'\t',
            3 => b'\r',
            _ => b,
        }));
        assert_eq!(parse::not_whitespace(word), naive(word), "{word:#x}");
    }
}

#[test]
fn objects_and_arrays_hold_exactly_their_members() {
    // Each leaves the parser's scratch stacks by `split_off`, whose copy
    // is exactly sized, from the bottom of a stack as from anywhere else.
    fn exact(value: &Value) {
        match value {
            Value::Array(items) => {
                assert_eq!(items.capacity(), items.len(), "{value}");
                items.iter().for_each(exact);
            }
            Value::Object(map) => {
                assert_eq!(map.entries.capacity(), map.entries.len(), "{value}");
                map.entries.iter().for_each(|m| exact(&m.value));
            }
            _ => {}
        }
    }
    for text in EXAMPLES
        .iter()
        .copied()
        .chain([r#"[[1, 2, 3, 4, 5, 6, 7, 8, 9], {"a": {"b": 1, "c": 2, "d": 3}}, 1]"#])
    {
        exact(&parse(text).unwrap());
    }
}

/// `Map::get`'s own binary search: in objects of 0 to 12 members, every key
/// is found and every name before, between and after them is not.
#[test]
fn get_finds_every_key_and_nothing_else() {
    for size in 0..=12 {
        let keys: Vec<String> = (0..size).map(|i| format!("key{:02}", 2 * i + 1)).collect();
        let text = format!(
            "{{{}}}",
            keys.iter()
                .enumerate()
                .map(|(i, k)| format!("\"{k}\": {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let Some(Value::Object(map)) = parse(&text) else {
            panic!("{text} is an object");
        };
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(map.get(key).map(ToString::to_string), Some(i.to_string()));
        }
        for absent in (0..=size).map(|i| format!("key{:02}", 2 * i)) {
            assert_eq!(map.get(&absent), None, "{absent} in {text}");
        }
        assert_eq!(map.get(""), None);
    }
}

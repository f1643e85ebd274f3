//! `application/x-www-form-urlencoded` bodies, read strictly: a broken
//! percent escape is a malformed form (400), not a value to guess at.
//!
//! Values stay bytes: `jsonString` goes to the component as it came, so a
//! document that is not UTF-8 is reported with its byte offset there.

/// The fields of a form, in order; a name may repeat.
#[derive(Debug, Default)]
pub struct Form {
    fields: Vec<(String, Vec<u8>)>,
}

impl Form {
    /// Parses a body (WHATWG URL standard, "application/x-www-form-urlencoded
    /// parsing"), except that `%` must start a valid escape and names must be
    /// UTF-8.
    pub fn parse(body: &[u8]) -> Result<Form, String> {
        let mut fields = Vec::new();
        // memchr finds the separators a word at a time: splitting B1's
        // 5.5 KB form took 3.2 µs byte by byte, 0.1 µs so (BENCHMARKS.md).
        let mut start = 0;
        let ends = memchr::memchr_iter(b'&', body).chain(std::iter::once(body.len()));
        for (index, end) in ends.enumerate() {
            let pair = &body[start..end];
            start = end + 1;
            if pair.is_empty() {
                continue;
            }
            let (name, value) = match memchr::memchr(b'=', pair) {
                Some(eq) => (&pair[..eq], &pair[eq + 1..]),
                None => (pair, &[][..]),
            };
            let field = index + 1;
            let name = String::from_utf8(decode(name).map_err(|e| format!("field {field}: {e}"))?)
                .map_err(|_| format!("field {field}: the name is not UTF-8"))?;
            let value = decode(value).map_err(|e| format!("field {field} ({name}): {e}"))?;
            fields.push((name, value));
        }
        Ok(Form { fields })
    }

    /// The value of `name`: `Ok(None)` when absent, an error when repeated
    /// (two tokens or two documents in one request are ambiguous).
    pub fn single(&self, name: &str) -> Result<Option<&[u8]>, String> {
        let mut values = self.fields.iter().filter(|(n, _)| n == name);
        match (values.next(), values.next()) {
            (None, _) => Ok(None),
            (Some((_, value)), None) => Ok(Some(value)),
            (Some(_), Some(_)) => Err(format!("the field {name} appears more than once")),
        }
    }
}

fn decode(raw: &[u8]) -> Result<Vec<u8>, String> {
    // Every byte decodes to at most one: write into a buffer of the input's
    // length and cut it to size. An encoded JSON document has an escape
    // every few bytes, so one pass with a table lookup beats searching for
    // the next escape and copying the run before it (BENCHMARKS.md, fifth
    // session).
    let mut out = vec![0; raw.len()];
    let (mut i, mut o) = (0, 0);
    while let Some(&b) = raw.get(i) {
        let (byte, width) = match b {
            b'+' => (b' ', 1),
            b'%' => {
                let digits = raw.get(i + 1..i + 3);
                match digits.map(|d| (HEX[usize::from(d[0])], HEX[usize::from(d[1])])) {
                    Some((high, low)) if high | low <= 0xf => (high << 4 | low, 3),
                    _ => return Err(format!("a '%' at byte {i} does not start a %XX escape")),
                }
            }
            _ => (b, 1),
        };
        out[o] = byte;
        o += 1;
        i += width;
    }
    out.truncate(o);
    Ok(out)
}

/// The value of each hex digit; 0xff for every other byte.
const HEX: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut digit = 0;
    while digit < 16 {
        let d = digit as usize;
        table[b"0123456789abcdef"[d] as usize] = digit;
        table[b"0123456789ABCDEF"[d] as usize] = digit;
        digit += 1;
    }
    table
};

/// Encodes a form (for tests and clients of the server).
pub fn encode(fields: &[(&str, &[u8])]) -> String {
    fn escape(bytes: &[u8], out: &mut String) {
        for &b in bytes {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    let mut out = String::new();
    for (n, (name, value)) in fields.iter().enumerate() {
        if n > 0 {
            out.push('&');
        }
        escape(name.as_bytes(), &mut out);
        out.push('=');
        escape(value, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::*;

    /// The decoding rules, one byte at a time: the oracle the decoder is
    /// held to.
    fn decoded_by_the_rules(raw: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            match raw[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    let hex = std::str::from_utf8(raw.get(i + 1..i + 3)?).ok()?;
                    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                        return None;
                    }
                    out.push(u8::from_str_radix(hex, 16).ok()?);
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        Some(out)
    }

    proptest! {
        #[test]
        fn any_value_round_trips(value in vec(any::<u8>(), 0..400)) {
            let body = encode(&[("jsonString", &value)]);
            let form = Form::parse(body.as_bytes()).unwrap();
            prop_assert_eq!(form.single("jsonString").unwrap(), Some(&value[..]));
        }

        /// Bodies made of the pieces that matter (escapes in either case,
        /// '+', separators, plain and non-ASCII bytes, and now and then an
        /// escape cut short or with a bad digit): decoded exactly as the
        /// rules say, or refused when they say so.
        #[test]
        fn any_body_is_decoded_by_the_rules_or_refused(
            pieces in vec(
                prop_oneof![
                    30 => prop::sample::select(vec![
                        &b"%41"[..], b"%7e", b"%7E", b"%c3%a6", b"%00", b"+", b"&", b"=",
                        b"a", b"Z9", "æ".as_bytes(), b"\xc3",
                    ]),
                    1 => prop::sample::select(vec![&b"%"[..], b"%4", b"%g1", b"%+1"]),
                ],
                0..40,
            )
        ) {
            let body = pieces.concat();
            let parsed = Form::parse(&body);
            let pairs: Vec<&[u8]> = body.split(|&b| b == b'&').filter(|p| !p.is_empty()).collect();
            let expected: Option<Vec<(Vec<u8>, Vec<u8>)>> = pairs
                .iter()
                .map(|pair| {
                    let (name, value) = match pair.iter().position(|&b| b == b'=') {
                        Some(eq) => (&pair[..eq], &pair[eq + 1..]),
                        None => (&pair[..], &[][..]),
                    };
                    // Names must be UTF-8; values are bytes.
                    let name = decoded_by_the_rules(name).filter(|n| std::str::from_utf8(n).is_ok())?;
                    Some((name, decoded_by_the_rules(value)?))
                })
                .collect();
            match (parsed, expected) {
                (Ok(form), Some(fields)) => {
                    let got: Vec<(Vec<u8>, Vec<u8>)> = form
                        .fields
                        .into_iter()
                        .map(|(n, v)| (n.into_bytes(), v))
                        .collect();
                    prop_assert_eq!(got, fields);
                }
                (Err(_), None) => {}
                (parsed, expected) => {
                    prop_assert!(false, "{:?} for {:?}, the rules say {:?}", parsed.map(|_| ()), body, expected.is_some());
                }
            }
        }
    }

    #[test]
    fn round_trips_any_bytes() {
        let json = "{\"a\": \"æ ø & = + %\"}".as_bytes();
        let body = encode(&[("securityToken", b"x"), ("jsonString", json)]);
        let form = Form::parse(body.as_bytes()).unwrap();
        assert_eq!(form.single("jsonString").unwrap(), Some(json));
        assert_eq!(form.single("securityToken").unwrap(), Some(&b"x"[..]));
        assert_eq!(form.single("other").unwrap(), None);
    }

    #[test]
    fn every_byte_round_trips_and_escapes_may_be_lower_case() {
        let all: Vec<u8> = (0..=255).collect();
        let body = encode(&[("v", &all)]);
        assert_eq!(
            Form::parse(body.as_bytes()).unwrap().single("v").unwrap(),
            Some(&all[..])
        );
        let form = Form::parse(b"v=a%2fb%2F+c%7e").unwrap();
        assert_eq!(form.single("v").unwrap(), Some(&b"a/b/ c~"[..]));
    }

    #[test]
    fn broken_escapes_and_repeated_fields_are_errors() {
        for body in ["a=%zz", "a=%4", "a=%", "%ff=1", "a=%+1"] {
            assert!(Form::parse(body.as_bytes()).is_err(), "{body}");
        }
        let form = Form::parse(b"a=1&a=2&&b").unwrap();
        assert!(form.single("a").is_err());
        assert_eq!(form.single("b").unwrap(), Some(&b""[..]));
    }
}

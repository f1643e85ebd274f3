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
        for (index, pair) in body.split(|&b| b == b'&').enumerate() {
            if pair.is_empty() {
                continue;
            }
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
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
            b'%' => match raw.get(i + 1..i + 3) {
                Some(&[high, low]) if HEX[usize::from(high)] | HEX[usize::from(low)] <= 0xf => {
                    (HEX[usize::from(high)] << 4 | HEX[usize::from(low)], 3)
                }
                _ => return Err(format!("a '%' at byte {i} does not start a %XX escape")),
            },
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
    use super::*;

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

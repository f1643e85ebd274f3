//! What a JSON string cannot hold as it is: a quote, a backslash or a
//! control character. Reading a string stops at these bytes (`parse`);
//! writing one escapes them (`write_string`). Both find them a word at a
//! time, where a byte at a time costs a loop turn, and in the guest a
//! deadline check, per byte.

use std::fmt::{self, Write};

use crate::swar::{skip_to_marked, splat, HIGH_BITS, ONES};

/// Marks (a byte's high bit) the bytes of `word` that end a plain run in a
/// string: a quote, a backslash or a control character; the lowest mark
/// is the first of them (in little-endian order). Each mask is the classic
/// "has zero byte" or "has byte less than" trick: a borrow can mark bytes
/// above a match as well, never below one.
pub(super) fn special(word: u64) -> u64 {
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH_BITS;
    let quote = zero_byte(word ^ splat(b'"'));
    let backslash = zero_byte(word ^ splat(b'\\'));
    let control = word.wrapping_sub(splat(0x20)) & !word & HIGH_BITS;
    quote | backslash | control
}

/// What [`special`] marks, for one byte (the last few of a text, where no
/// word is left).
pub(super) fn is_special(byte: u8) -> bool {
    matches!(byte, b'"' | b'\\' | 0..=0x1F)
}

/// Writes `text` as a JSON string escaped exactly as serde_json escapes it:
/// the two-character escapes where JSON has one, `\u00xx` (lowercase hex)
/// for the other control characters, every other character as it is. So
/// what is written here compares equal to serde_json's output.
pub fn write_string<W: Write + ?Sized>(out: &mut W, text: &str) -> fmt::Result {
    out.write_char('"')?;
    let bytes = text.as_bytes();
    let mut run = 0;
    while let Some(at) = next_special(bytes, run) {
        // `run` and `at` are at ASCII bytes (or the start), so both are
        // character boundaries.
        out.write_str(&text[run..at])?;
        write_escape(out, bytes[at])?;
        run = at + 1;
    }
    out.write_str(&text[run..])?;
    out.write_char('"')
}

/// The first byte from `from` that [`special`] marks, if any. The parser's
/// `next_marked` is the same few lines; one `swar` function serving both
/// made the parser 2–4 % slower in the guest (Cranelift compiled it
/// differently), so each keeps its own.
#[inline(always)]
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    if skip_to_marked(bytes, &mut at, special) {
        return Some(at);
    }
    let in_tail = bytes[at..].iter().position(|&b| is_special(b))?;
    Some(at + in_tail)
}

/// The escape of one byte [`is_special`] takes.
fn write_escape<W: Write + ?Sized>(out: &mut W, byte: u8) -> fmt::Result {
    let escape = match byte {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        0x08 => "\\b",
        0x0C => "\\f",
        b'\n' => "\\n",
        b'\r' => "\\r",
        b'\t' => "\\t",
        _ => return write!(out, "\\u{byte:04x}"),
    };
    out.write_str(escape)
}

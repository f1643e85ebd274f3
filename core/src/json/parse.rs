//! The fast path of reading a document: one pass over its bytes, strings
//! and numbers borrowed where they can be, UTF-8 checked on the way.
//!
//! It declines (returns `None`) rather than explains: any input it does not
//! take goes to serde_json (`input::parse_object`), whose verdict and
//! message stand. So it must never accept what serde_json refuses, and
//! where that would take care (surrogate escapes, nesting near serde_json's
//! limit) it declines instead.

use std::borrow::Cow;

use super::string::{is_special, special};
use super::{Map, Member, Number, Value};
use crate::swar::{self, ascii_in_range, splat, HIGH_BITS, LOW_BITS};

/// Deeper than this is left to serde_json, whose own limit (128) then
/// decides between a value and its "recursion limit exceeded".
const MAX_DEPTH: usize = 100;

/// As [`special`], and also a byte outside ASCII (its high bit is its mark):
/// the scan of a string stops there to have its run checked as UTF-8.
pub(super) fn special_or_non_ascii(word: u64) -> u64 {
    special(word) | (word & HIGH_BITS)
}

/// What [`special_or_non_ascii`] marks, for one byte.
pub(super) fn is_special_or_non_ascii(byte: u8) -> bool {
    is_special(byte) || !byte.is_ascii()
}

/// The high bit of each byte of `word` that is not JSON whitespace (space,
/// line feed, tab, carriage return), exactly: a byte's test cannot carry
/// into the next, since 0x7F + 0x7F stays within the byte.
pub(super) fn not_whitespace(word: u64) -> u64 {
    let nonzero = |v: u64| (((v & LOW_BITS) + LOW_BITS) | v) & HIGH_BITS;
    let differs = |b: u8| nonzero(word ^ splat(b));
    differs(b' ') & differs(b'\n') & differs(b'\t') & differs(b'\r')
}

/// Reads `text` as one JSON value, or `None` if this parser does not take it.
pub fn parse(text: &str) -> Option<Value<'_>> {
    parse_bytes(text.as_bytes())
}

/// Reads `bytes` as one JSON value, or `None` if this parser does not take
/// them, which it never does unless they are UTF-8. So a document needs no
/// `str::from_utf8` pass of its own before it is read (in the guest that
/// pass was a loop over 4-byte words, with a deadline check each turn):
/// outside strings the parser takes only ASCII (structure, numbers,
/// literals, whitespace), and a string's non-ASCII run is checked where the
/// scan meets it. A run ends at an ASCII byte, which never falls inside a
/// UTF-8 sequence, so checking the runs one by one checks the whole.
pub fn parse_bytes(bytes: &[u8]) -> Option<Value<'_>> {
    let mut parser = Parser {
        bytes,
        at: 0,
        depth: 0,
        members: Vec::with_capacity(SCRATCH_MEMBERS),
        items: Vec::with_capacity(SCRATCH_ITEMS),
    };
    let value = parser.value()?;
    parser.skip_whitespace();
    (parser.at == parser.bytes.len()).then_some(value)
}

/// What the scratch stacks start with. Grown from empty, `members` was
/// reallocated and copied three times in every validation of B1 (29 members
/// open at its deepest) and of the feedback (19); one allocation of this
/// size holds both. Larger documents still grow it.
const SCRATCH_MEMBERS: usize = 32;
const SCRATCH_ITEMS: usize = 8;

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
    /// Members of the objects being read, innermost last: each object takes
    /// its own off the end into one exactly sized `Vec` when it closes.
    members: Vec<Member<'a>>,
    /// The same for arrays' items.
    items: Vec<Value<'a>>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Moves to the first byte that `marks` marks, a word at a time; false
    /// if fewer than eight bytes are left before one (the caller goes on
    /// byte by byte).
    #[inline(always)]
    fn skip_to_marked(&mut self, marks: impl Fn(u64) -> u64) -> bool {
        swar::skip_to_marked(self.bytes, &mut self.at, marks)
    }

    fn skip_whitespace(&mut self) {
        if !matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            return;
        }
        // Pretty-printed documents are a third whitespace (B1: 1,466 of
        // 4,046 bytes), nearly all of it line breaks and indentation.
        if self.skip_to_marked(not_whitespace) {
            return;
        }
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// `bytes[start..end]` as text, not checked again: checking is the
    /// pass over the document this parser exists to save. Inline: in the
    /// guest a range index was a call per string (`split_at` is inlined).
    ///
    /// # Safety
    ///
    /// The parser has seen every byte of the range to be ASCII (a string's
    /// run that the scan crossed without meeting a byte outside ASCII, a
    /// number's characters); debug builds, the fuzzers' among them, check.
    #[inline(always)]
    unsafe fn ascii(&self, start: usize, end: usize) -> &'a str {
        let bytes: &'a [u8] = self.bytes;
        let run = bytes.split_at(end).0.split_at(start).1;
        debug_assert!(run.is_ascii(), "{run:?} is not ASCII");
        // SAFETY: ASCII is UTF-8, and the caller vouches for ASCII.
        unsafe { std::str::from_utf8_unchecked(run) }
    }

    /// Moves to the first byte from `self.at` that `marks` marks (a word
    /// at a time) or, in the last few bytes, that `is_mark` takes, and
    /// returns it; `None` if the text ends first.
    #[inline(always)]
    fn next_marked(
        &mut self,
        marks: impl Fn(u64) -> u64,
        is_mark: impl Fn(u8) -> bool,
    ) -> Option<u8> {
        if !self.skip_to_marked(marks) {
            let tail = &self.bytes[self.at..];
            self.at += tail.iter().position(|&b| is_mark(b))?;
        }
        Some(self.bytes[self.at])
    }

    /// The text of a string from `self.at` up to its next quote, backslash
    /// or control character, and that byte (at `self.at`).
    #[inline(always)]
    fn run(&mut self) -> Option<(&'a str, u8)> {
        let start = self.at;
        let end = self.next_marked(special_or_non_ascii, is_special_or_non_ascii)?;
        if end < 0x80 {
            // SAFETY: the scan marks every byte outside ASCII and stopped
            // at the first mark, which is ASCII.
            Some((unsafe { self.ascii(start, self.at) }, end))
        } else {
            self.non_ascii_run(start)
        }
    }

    /// The rest of [`Parser::run`] once it met a byte outside ASCII: the
    /// run's end, and the run checked as UTF-8 (declined if it is not).
    #[cold]
    #[inline(never)]
    fn non_ascii_run(&mut self, start: usize) -> Option<(&'a str, u8)> {
        let end = self.next_marked(special, is_special)?;
        let run = std::str::from_utf8(&self.bytes[start..self.at]).ok()?;
        Some((run, end))
    }

    /// Consumes `literal` if the text continues with it.
    fn eat(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.at + literal.len();
        (self.bytes.get(self.at..end)? == literal).then(|| self.at = end)
    }

    /// Inlined where a value is read (an object's member, an array's item,
    /// the document), so that only objects and arrays, which nest, cost a
    /// call. In the guest a value returned from a call goes through memory,
    /// written a field at a time and read back a word at a time, which
    /// stalls the processor (store-to-load forwarding fails): with a call
    /// per value that was the most expensive part of reading a document.
    #[inline(always)]
    fn value(&mut self) -> Option<Value<'a>> {
        self.skip_whitespace();
        match self.peek()? {
            b'{' | b'[' => self.nested(),
            b'"' => self.string().map(Value::String),
            b't' => self.eat(b"true").map(|()| Value::Bool(true)),
            b'f' => self.eat(b"false").map(|()| Value::Bool(false)),
            b'n' => self.eat(b"null").map(|()| Value::Null),
            b'-' | b'0'..=b'9' => self.number().map(Value::Number),
            _ => None,
        }
    }

    /// At `{` or `[`: the object or array, one level deeper.
    #[inline(never)]
    fn nested(&mut self) -> Option<Value<'a>> {
        if self.depth == MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        self.at += 1;
        let nested = if self.bytes[self.at - 1] == b'{' {
            self.object()
        } else {
            self.array()
        };
        self.depth -= 1;
        nested
    }

    /// After `{`.
    fn object(&mut self) -> Option<Value<'a>> {
        let start = self.members.len();
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(Value::Object(Map::default()));
        }
        loop {
            self.skip_whitespace();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            let value = self.value()?;
            self.add_member(start, Member::new(key, value));
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    // One exactly sized copy (`split_off`), where collecting a
                    // `drain` moved the members one at a time.
                    let entries = self.members.split_off(start);
                    return Some(Value::Object(Map::from_sorted(entries)));
                }
                _ => return None,
            }
        }
    }

    /// Puts `member` in its place among the object's members so far
    /// (`self.members[start..]`, sorted by key); a repeated key takes the
    /// new value, as serde_json's map does. Sorting as members arrive, rather
    /// than once the object closes, costs one comparison per member of a
    /// document written in key order and a binary search otherwise, where an
    /// insertion sort stepped over each member it moved past (in the guest,
    /// each step also checks the deadline).
    fn add_member(&mut self, start: usize, member: Member<'a>) {
        let sorted = &mut self.members[start..];
        let name = member.name();
        let place = match sorted.last() {
            None => Err(0),
            Some(last) if last.name().before(name) => Err(sorted.len()),
            Some(last) if last.name().same(name) => Ok(sorted.len() - 1),
            Some(_) => sorted.binary_search_by(|m| m.name().cmp(name)),
        };
        match place {
            Ok(repeat) => sorted[repeat].value = member.value,
            Err(i) => self.members.insert(start + i, member),
        }
    }

    /// After `[`.
    fn array(&mut self) -> Option<Value<'a>> {
        let start = self.items.len();
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(Value::Array(Vec::new()));
        }
        loop {
            let item = self.value()?;
            self.items.push(item);
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(Value::Array(self.items.split_off(start)));
                }
                _ => return None,
            }
        }
    }

    /// At `"`: the string, borrowed unless it has escapes (inlined for the
    /// reason `value` is).
    #[inline(always)]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.at += 1;
        match self.run()? {
            (text, b'"') => {
                self.at += 1;
                Some(Cow::Borrowed(text))
            }
            (text, b'\\') => self.escaped_string(text).map(Cow::Owned),
            _ => None,
        }
    }

    /// The rest of a string from its first backslash (at `self.at`), after
    /// the text before it.
    #[cold]
    #[inline(never)]
    fn escaped_string(&mut self, before: &str) -> Option<String> {
        let mut out = String::with_capacity(before.len() + 16);
        out.push_str(before);
        loop {
            let escaped = *self.bytes.get(self.at + 1)?;
            self.at += 2;
            out.push(match escaped {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => self.unicode_escape()?,
                _ => return None,
            });
            let (text, end) = self.run()?;
            out.push_str(text);
            match end {
                b'"' => {
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {}
                _ => return None,
            }
        }
    }

    /// After `\u`: four hex digits naming a character outside the
    /// surrogates. A surrogate (half of a pair, or a lone one, which
    /// serde_json has its own rules for) is declined.
    fn unicode_escape(&mut self) -> Option<char> {
        let hex = self.bytes.get(self.at..self.at + 4)?;
        let code = hex
            .iter()
            .try_fold(0, |code, &b| Some(code * 16 + char::from(b).to_digit(16)?))?;
        self.at += 4;
        char::from_u32(code)
    }

    /// A number in JSON's grammar, kept as serde_json's
    /// `arbitrary_precision` keeps it: the text, with an exponent written as
    /// `e` and an explicit sign.
    #[inline(always)]
    fn number(&mut self) -> Option<Number<'a>> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => {
                self.at += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return None;
                }
            }
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        let Some(b'e' | b'E') = self.peek() else {
            // SAFETY: every byte from `start` was matched above as a minus
            // sign, a digit or a decimal point.
            return Some(Number(Cow::Borrowed(unsafe { self.ascii(start, self.at) })));
        };
        let mantissa_end = self.at;
        self.at += 1;
        let sign = match self.peek()? {
            sign @ (b'+' | b'-') => {
                self.at += 1;
                sign
            }
            _ => b'+',
        };
        let digits_start = self.at;
        if !self.peek()?.is_ascii_digit() {
            return None;
        }
        self.digits();
        // SAFETY: as above, and the exponent's mark, sign and digits.
        let written = unsafe { self.ascii(start, self.at) };
        let canonical = self.bytes[mantissa_end] == b'e' && digits_start == mantissa_end + 2;
        if canonical {
            return Some(Number(Cow::Borrowed(written)));
        }
        let mut text = String::with_capacity(written.len() + 1);
        text.push_str(&written[..mantissa_end - start]);
        text.push('e');
        text.push(char::from(sign));
        text.push_str(&written[digits_start - start..]);
        Some(Number(Cow::Owned(text)))
    }

    /// Moves past the digits from `self.at`, a word at a time (a number's
    /// digits were a loop turn each, and in the guest a deadline check).
    fn digits(&mut self) {
        if self.skip_to_marked(|word| !ascii_in_range(word, b'0', b'9') & HIGH_BITS) {
            return;
        }
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }
}

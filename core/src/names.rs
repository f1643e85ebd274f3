//! Ordering names cheaply. Objects keep their keys sorted (`json::Map`), the
//! schema walk compares each key of an object with the sorted property names
//! it passes, and rules look fields up by name: a name's first eight bytes
//! as one number settle almost every comparison without a call to `memcmp`,
//! which in the guest was a tenth of a validation's time.

use std::cmp::Ordering;

/// A name with its prefix: its first eight bytes read as a big-endian
/// number, zero-padded. Comparing prefixes orders names as `str::cmp` does
/// whenever the prefixes differ (the first differing byte decides both,
/// and a name that ends first pads with zero, which sorts first).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Name<'a> {
    text: &'a str,
    prefix: u64,
}

impl<'a> Name<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            prefix: padded_word(text.as_bytes()),
        }
    }

    /// A name whose prefix was computed before (`Name::new(text).prefix()`).
    pub fn known(text: &'a str, prefix: u64) -> Self {
        debug_assert_eq!(prefix, Name::new(text).prefix);
        Self { text, prefix }
    }

    pub fn prefix(self) -> u64 {
        self.prefix
    }

    pub fn text(self) -> &'a str {
        self.text
    }

    /// What `self.text == other.text` says, without `memcmp`.
    pub fn same(self, other: Name<'_>) -> bool {
        self.prefix == other.prefix
            && self.text.len() == other.text.len()
            && (self.text.len() <= 8 || rest_cmp(self.rest(), other.rest()).is_eq())
    }

    /// What `self.text.cmp(other.text)` says, without `memcmp`.
    ///
    /// Differing prefixes decide with two plain comparisons, not by way of
    /// `u64::cmp`: a `match` on the `Ordering` that computes compiles, in
    /// the guest, to a jump table (an indirect jump, often mispredicted),
    /// where inlined branches let the caller's own `match` on the result
    /// jump straight to its arm.
    #[inline(always)]
    pub fn cmp(self, other: Name<'_>) -> Ordering {
        if self.prefix < other.prefix {
            return Ordering::Less;
        }
        if self.prefix > other.prefix {
            return Ordering::Greater;
        }
        if self.text.len() <= 8 || other.text.len() <= 8 {
            // Equal bytes up to the shorter one's end (a name of eight
            // bytes or fewer is all prefix, zero-padded): the shorter
            // sorts first, and equal lengths are equal names.
            return self.text.len().cmp(&other.text.len());
        }
        rest_cmp(self.rest(), other.rest())
    }

    /// What `self.text < other.text` says, without `memcmp` and without an
    /// `Ordering`: the hot look-ups ask `same`, then this, so that in the
    /// guest no jump table is consulted on an `Ordering` (`cmp`).
    #[inline(always)]
    pub fn before(self, other: Name<'_>) -> bool {
        if self.prefix != other.prefix {
            return self.prefix < other.prefix;
        }
        if self.text.len() <= 8 || other.text.len() <= 8 {
            return self.text.len() < other.text.len();
        }
        rest_cmp(self.rest(), other.rest()).is_lt()
    }

    /// The bytes after the prefix.
    fn rest(self) -> &'a [u8] {
        self.text.as_bytes().get(8..).unwrap_or_default()
    }
}

/// `a.cmp(b)` eight bytes at a time, inline: the property names of the spec
/// run to twenty-odd bytes, and the guest's `memcmp` goes byte by byte
/// behind a call (the schema walk's match of a key with its property, the
/// common case, compares the whole name).
fn rest_cmp(mut a: &[u8], mut b: &[u8]) -> Ordering {
    while let (Some(x), Some(y)) = (a.first_chunk::<8>(), b.first_chunk::<8>()) {
        let (x, y) = (u64::from_be_bytes(*x), u64::from_be_bytes(*y));
        if x != y {
            return x.cmp(&y);
        }
        (a, b) = (&a[8..], &b[8..]);
    }
    // One of them has fewer than eight bytes left. Zero padding orders them
    // as `str::cmp` would up to the shorter one's end (as for prefixes), and
    // then the shorter sorts first. The tail was a loop of a byte per turn,
    // and in the guest each turn also checks the call's deadline: it was a
    // seventh of the schema walk's time.
    padded_word(a)
        .cmp(&padded_word(b))
        .then(a.len().cmp(&b.len()))
}

/// The first eight bytes of `bytes` as a big-endian number, zero-padded
/// (a name's prefix). Fewer than eight bytes are read as two overlapping
/// halves rather than byte by byte, for the same reason as in `rest_cmp`;
/// the halves agree where they overlap, so `|` joins them.
fn padded_word(bytes: &[u8]) -> u64 {
    if let Some(head) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*head);
    }
    // Shifting the last `k` bytes (read as a k-byte number) left by this
    // puts the first of them at byte `len - k` of the word.
    let tail_shift = 64 - 8 * bytes.len() as u32;
    match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(first), Some(last)) => {
            u64::from(u32::from_be_bytes(*first)) << 32
                | u64::from(u32::from_be_bytes(*last)) << tail_shift
        }
        _ => match (bytes.first_chunk::<2>(), bytes.last_chunk::<2>()) {
            (Some(first), Some(last)) => {
                u64::from(u16::from_be_bytes(*first)) << 48
                    | u64::from(u16::from_be_bytes(*last)) << tail_shift
            }
            _ => bytes.first().map_or(0, |&b| u64::from(b) << 56),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_as_str_does() {
        let names = [
            "",
            "a",
            "a\0",
            "a\0\0",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefgh\0",
            "abcdefghi",
            "abcdefgi",
            "b",
            "claimDate",
            "claimLineId",
            "claim",
            "Claim",
            "zz",
            "\u{7f}",
            "é",
            "éa",
            "\u{10ffff}",
            "abcdefgh\u{e9}",
            "abcdefg\0",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "abcdefghijklmnoq",
            "abcdefghijklmnopqrstuvwxyz0",
            "abcdefghijklmnopqrstuvwxyz1",
            "abcdefghijklmnopqrstuvwxyz",
            "serviceTasks",
            "serviceTaskId",
            "servicePartnerNote",
        ];
        for a in names {
            for b in names {
                agrees_with_str(a, b);
            }
        }
    }

    /// `cmp`, `same` and `before` say what `str`'s comparisons say.
    fn agrees_with_str(a: &str, b: &str) {
        let (x, y) = (Name::new(a), Name::new(b));
        assert_eq!(x.cmp(y), a.cmp(b), "{a:?} vs {b:?}");
        assert_eq!(x.same(y), a == b, "{a:?} vs {b:?}");
        assert_eq!(x.before(y), a < b, "{a:?} vs {b:?}");
    }

    /// Names that share their prefix and differ (or not) in a tail of up to
    /// eight bytes, zero bytes included: every pair ordered as `str::cmp`.
    #[test]
    fn tails_order_as_str_does() {
        let mut tails = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = tails
                .iter()
                .filter(|t| t.len() == tails.last().map_or(0, String::len))
                .flat_map(|t| ["\0", "a", "b"].map(|c| format!("{t}{c}")))
                .collect();
            tails.extend(longer);
        }
        tails.push("bbbbbbbbb".into());
        tails.push("aaaaaaaa\0".into());
        let names: Vec<String> = tails.iter().map(|t| format!("abcdefgh{t}")).collect();
        for a in &names {
            for b in &names {
                agrees_with_str(a, b);
            }
        }
    }

    /// What `padded_word` computes without a loop: the bytes placed one by
    /// one, the rest zero.
    #[test]
    fn padded_words_are_the_first_eight_bytes_zero_padded() {
        let text = b"\x01abcdefgh\xffij\0";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let bytes = &text[start..end];
                let expected = bytes
                    .iter()
                    .take(8)
                    .enumerate()
                    .fold(0, |word, (i, &b)| word | u64::from(b) << (56 - 8 * i));
                assert_eq!(padded_word(bytes), expected, "{bytes:?}");
            }
        }
    }
}

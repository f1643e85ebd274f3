//! Eight bytes at a time ("SIMD within a register"): tests on a `u64` that
//! mark (set the high bit of) each byte that passes. Scanning a document a
//! word at a time rather than a byte at a time matters most in the guest,
//! where every turn of a loop also checks the call's deadline.

/// `0x01` in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte: where the tests put their marks.
pub const HIGH_BITS: u64 = ONES * 0x80;
/// Every bit but the high one, in every byte.
pub const LOW_BITS: u64 = ONES * 0x7F;

/// `byte` in every byte of a word.
pub const fn splat(byte: u8) -> u64 {
    ONES * byte as u64
}

/// Marks the bytes of `word` that are ASCII and at least `low` (an ASCII
/// value), exactly: with each byte's high bit set first, no byte's
/// subtraction borrows from the next.
pub const fn ascii_at_least(word: u64, low: u8) -> u64 {
    (word | HIGH_BITS).wrapping_sub(splat(low)) & !word & HIGH_BITS
}

/// Marks the bytes of `word` that are ASCII and within `first..=last`
/// (ASCII values), exactly.
pub const fn ascii_in_range(word: u64, first: u8, last: u8) -> u64 {
    ascii_at_least(word, first) & !ascii_at_least(word, last + 1)
}

/// The eight bytes of `bytes` from `at` (at most `bytes.len()`), as one
/// little-endian word; `None` if fewer than eight are left.
#[inline(always)]
pub fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let eight = bytes.get(at..at + 8)?;
    Some(u64::from_le_bytes(eight.try_into().ok()?))
}

/// Moves `at` through `bytes` a word at a time to the first byte `marks`
/// marks, and says whether it found one; if not, `at` is left where fewer
/// than eight bytes remain, for the caller to go on byte by byte.
#[inline(always)]
pub fn skip_to_marked(bytes: &[u8], at: &mut usize, marks: impl Fn(u64) -> u64) -> bool {
    while let Some(word) = word_at(bytes, *at) {
        let found = marks(word);
        if found != 0 {
            *at += first_marked(found);
            return true;
        }
        *at += 8;
    }
    false
}

/// The index (in little-endian order) of the first byte `marks` marks;
/// 8 if it marks none.
pub const fn first_marked(marks: u64) -> usize {
    marks.trailing_zeros() as usize / 8
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value at every position, among neighbours that are the
    /// edges of the range and bytes outside ASCII.
    #[test]
    fn ranges_mark_exactly_the_ascii_bytes_within_them() {
        for (first, last) in [
            (b'0', b'9'),
            (b'a', b'f'),
            (0, 0x7F),
            (b' ', b' '),
            (0x21, 0x7F),
        ] {
            for neighbour in [first, last, first.wrapping_sub(1), last + 1, 0x80, 0xFF, 0] {
                for byte in 0..=u8::MAX {
                    for at in 0..8 {
                        let mut bytes = [neighbour; 8];
                        bytes[at] = byte;
                        let expected = bytes.iter().enumerate().fold(0, |marks, (i, &b)| {
                            let inside = b.is_ascii() && (first..=last).contains(&b);
                            marks | u64::from(inside) << (8 * i + 7)
                        });
                        let word = u64::from_le_bytes(bytes);
                        assert_eq!(ascii_in_range(word, first, last), expected, "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn word_at_reads_eight_bytes_little_endian_or_none() {
        let bytes: Vec<u8> = (1..=10).collect();
        assert_eq!(word_at(&bytes, 0), Some(0x0807_0605_0403_0201));
        assert_eq!(word_at(&bytes, 2), Some(0x0A09_0807_0605_0403));
        assert_eq!(word_at(&bytes, 3), None);
    }

    #[test]
    fn skip_to_marked_stops_at_the_first_mark_or_before_the_tail() {
        let digits = |word| ascii_in_range(word, b'0', b'9');
        let text = b"abcdefgh ijklmno7pqrstuvw";
        // From 17 one word is left (no digit in it), from 18 none.
        for (from, found, at) in [
            (0, true, 16),
            (16, true, 16),
            (17, false, 25),
            (18, false, 18),
        ] {
            let mut at_now = from;
            assert_eq!(skip_to_marked(text, &mut at_now, digits), found, "{from}");
            assert_eq!(at_now, at, "{from}");
        }
        let mut at = 0;
        assert!(!skip_to_marked(b"abcdefghijk", &mut at, digits));
        assert_eq!(at, 8);
        let mut at = 0;
        assert!(!skip_to_marked(b"", &mut at, digits));
        assert_eq!(at, 0);
    }

    #[test]
    fn first_marked_counts_bytes_from_the_low_end() {
        assert_eq!(first_marked(0), 8);
        assert_eq!(first_marked(0x80), 0);
        assert_eq!(first_marked(0x8000_0000_0000_8000), 1);
        assert_eq!(first_marked(HIGH_BITS & !0xFF), 1);
        assert_eq!(first_marked(1 << 63), 7);
    }
}

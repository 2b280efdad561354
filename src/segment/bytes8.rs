//! Testing eight bytes of text at a time, for the scans that look for a
//! few kinds of byte in long runs of ordinary letters.
//!
//! A test answers with a mask holding, for each byte of the word that
//! passes, its top bit. Only the low seven bits of each byte are ever added
//! to, and no sum reaches past its byte, so every byte is answered exactly.

/// One in each byte.
pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
/// The top bit of each byte.
pub(super) const HIGH: u64 = ONES << 7;

/// The eight bytes at `i`, the first in the lowest bits; `None` when fewer
/// than eight are left.
pub(super) fn word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let chunk = bytes.get(i..i + 8)?;
    Some(u64::from_le_bytes(chunk.try_into().expect("eight bytes")))
}

/// The bytes of `w` equal to `b`.
pub(super) fn equal(w: u64, b: u8) -> u64 {
    let x = w ^ (u64::from(b) * ONES);
    // A byte is zero when neither its top bit nor its low bits plus 0x7f
    // reach the top bit.
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

/// The bytes of `w` below 0x20 (control characters).
pub(super) fn control(w: u64) -> u64 {
    !((w & !HIGH) + 0x60 * ONES) & HIGH & !w
}

/// The bytes of `w` from `lo` to `hi`, inclusive; every byte of `w` must
/// be ASCII.
pub(super) fn within(w: u64, lo: u8, hi: u8) -> u64 {
    // A byte reaches the top bit when at least `lo`, and stays below it
    // when at most `hi`.
    (w + (0x80 - u64::from(lo)) * ONES) & !(w + (0x7f - u64::from(hi)) * ONES) & HIGH
}

/// The offset in the word of the first byte a mask holds.
pub(super) fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn each_byte_is_answered_alone(bytes in proptest::collection::vec(proptest::num::u8::ANY, 8), b in proptest::num::u8::ANY) {
            let w = word_at(&bytes, 0).unwrap();
            for (k, &x) in bytes.iter().enumerate() {
                let top = 0x80u64 << (8 * k);
                proptest::prop_assert_eq!(equal(w, b) & top != 0, x == b);
                proptest::prop_assert_eq!(control(w) & top != 0, x < 0x20);
            }
        }

        #[test]
        fn ranges_answer_each_ascii_byte_alone(bytes in proptest::collection::vec(0u8..0x80, 8), lo in 0u8..0x80, hi in 0u8..0x80) {
            let w = word_at(&bytes, 0).unwrap();
            for (k, &x) in bytes.iter().enumerate() {
                let top = 0x80u64 << (8 * k);
                proptest::prop_assert_eq!(within(w, lo, hi) & top != 0, (lo..=hi).contains(&x));
            }
        }
    }
}

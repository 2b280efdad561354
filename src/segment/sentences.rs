//! Sentence boundaries that survive legal abbreviations (`U.S.C.`, `Sec.`,
//! `No.`, `i.e.`, `e.g.`, `Inc.`) and section signs.

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "u.s.c", "u.s", "i.e", "e.g", "inc", "co", "corp", "ltd", "dept", "mr", "mrs", "ms", "dr",
    "cf", "et al", "approx", "gen", "gov", "govt", "rev", "stat", "stats", "ann", "cal", "ariz",
    "conn", "mass", "tex", "fla", "c.f.r", "cfr", "ofc", "sgt", "lt", "capt", "det", "cpl", "hon",
    "u.s.a", "n.c", "admin", "ord", "reg", "regs", "proc", "pen", "civ", "crim", "fed", "dist",
    "div", "supp", "cir", "ct", "app", "assn", "jr", "sr", "ave", "blvd", "hwy", "univ", "vs", "v",
    "a.k.a", "attn", "ref",
];

/// Abbreviations that do not end a sentence when a number follows them
/// ("No. 5", "Sec. 2-173-020", "Jan. 4"), but may end one otherwise ("the
/// answer is no.").
const BEFORE_NUMBERS: &[&str] = &[
    "no", "nos", "sec", "secs", "art", "arts", "ch", "p", "pp", "para", "paras", "subd", "vol",
    "fig", "ex", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "tit", "pt", "st",
];

/// Length in bytes of the longest entry of [`ABBREVIATIONS`] and
/// [`BEFORE_NUMBERS`].
const LONGEST_ABBREVIATION: usize = 6;

/// A word of at most [`LONGEST_ABBREVIATION`] bytes as one number: its
/// bytes in ASCII lowercase, and its length above them. Two words have the
/// same key exactly when they are equal ignoring ASCII case.
fn abbreviation_key(word: &str) -> Option<u64> {
    if word.len() > LONGEST_ABBREVIATION {
        return None;
    }
    let bytes = word.bytes().map(|b| b.to_ascii_lowercase());
    let packed = bytes.rev().fold(0, |k, b| (k << 8) | u64::from(b));
    Some(packed | (word.len() as u64) << 56)
}

/// The keys of [`ABBREVIATIONS`] and of [`BEFORE_NUMBERS`], sorted: a
/// period ends most sentences after a short word, and looking each one up
/// by comparing it with every entry was a large part of splitting.
fn abbreviation_keys() -> &'static [Vec<u64>; 2] {
    static KEYS: std::sync::OnceLock<[Vec<u64>; 2]> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        [ABBREVIATIONS, BEFORE_NUMBERS].map(|list| {
            let mut keys: Vec<u64> = list.iter().filter_map(|a| abbreviation_key(a)).collect();
            keys.sort_unstable();
            keys
        })
    })
}

/// Splits `text` into sentence byte ranges (trimmed of surrounding space).
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    split_sentences_into(text, &mut out);
    out
}

/// [`split_sentences`], appending to `out`.
pub(super) fn split_sentences_into(text: &str, out: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let mut marks = Marks::new(bytes);
    while let Some(p) = marks.next(i) {
        i = p;
        // Include closing quotes and brackets.
        let mut end = i + 1;
        while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')' | b']') {
            end += 1;
        }
        // Typographic closing quotes (3 bytes in UTF-8).
        while text[end..].starts_with('\u{201d}') || text[end..].starts_with('\u{2019}') {
            end += 3;
        }
        let next_is_space = end >= bytes.len() || bytes[end].is_ascii_whitespace();
        if next_is_space && is_boundary(text, start, i, end) {
            push_trimmed(text, start, end, out);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), out);
}

/// Finds the bytes that may end a sentence, in order. Periods, question
/// and exclamation marks are found by one vectorized search; semicolons,
/// far fewer, by another, whose answer is kept until the scan passes it.
struct Marks<'a> {
    bytes: &'a [u8],
    /// The first semicolon at or after where it was last looked for (None
    /// when there is none); not looked for yet when the outer is None.
    semicolon: Option<Option<usize>>,
}

impl<'a> Marks<'a> {
    fn new(bytes: &'a [u8]) -> Marks<'a> {
        Marks {
            bytes,
            semicolon: None,
        }
    }

    /// The first byte at or after `from` that may end a sentence.
    fn next(&mut self, from: usize) -> Option<usize> {
        let rest = self.bytes.get(from..)?;
        let semicolon = match self.semicolon {
            Some(s) if s.is_none_or(|s| s >= from) => s,
            _ => {
                let s = memchr::memchr(b';', rest).map(|p| from + p);
                self.semicolon = Some(s);
                s
            }
        };
        let before = &self.bytes[from..semicolon.unwrap_or(self.bytes.len())];
        memchr::memchr3(b'.', b'?', b'!', before)
            .map(|p| from + p)
            .or(semicolon)
    }
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if !t.is_empty() {
        out.push((start + lead, start + lead + t.len()));
    }
}

/// Where the last word of `before` starts: after the last white space,
/// `(` or `"`. Read a byte at a time back from the end while the bytes are
/// ASCII; a character outside ASCII (which may be a space) sends the
/// search to the characters.
fn word_start(before: &str) -> usize {
    for (k, &c) in before.as_bytes().iter().enumerate().rev() {
        match c {
            b'(' | b'"' => return k + 1,
            _ if super::is_ascii_space(c) => return k + 1,
            0x80.. => {
                return before
                    .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
                    .map_or(0, |p| p + 1);
            }
            _ => {}
        }
    }
    0
}

/// Whether the punctuation at `at` (with the sentence running to `end`)
/// really ends a sentence.
fn is_boundary(text: &str, start: usize, at: usize, end: usize) -> bool {
    let b = text.as_bytes()[at];
    if b == b';' {
        // A semicolon ends a clause only in long list items, and not before
        // a short tail such as "; and" or "; or".
        let tail = text[end..].split_whitespace().take(4).count();
        return at - start > 200 && tail >= 4;
    }
    if b != b'.' {
        return true;
    }
    // The word before the period.
    // Only the last few bytes can hold an abbreviation; looking further back
    // would make a long run of periods without spaces quadratic.
    let mut from = at.saturating_sub(32).max(start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..at];
    let word_start = word_start(before);
    let raw = &before[word_start..];
    if raw.is_empty() {
        return true;
    }
    // A lowercase word next continues the sentence ("approx. five").
    let rest = text[end..].trim_start();
    if rest.chars().next().is_some_and(|c| c.is_lowercase()) {
        return false;
    }
    if raw.len() > 12 {
        return true;
    }
    let word = raw;
    // No listed abbreviation is longer than the longest; longer words skip
    // the lists.
    let key = abbreviation_key(word);
    let [abbreviations, before_numbers] = abbreviation_keys();
    let listed = |keys: &[u64]| key.is_some_and(|k| keys.binary_search(&k).is_ok());
    if listed(abbreviations) {
        return false;
    }
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == '§') && listed(before_numbers) {
        return false;
    }
    // Single letters and initials: "J.", "U.S.", "A." (list labels inside a line).
    if word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic()) {
        return false;
    }
    if word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        return false;
    }
    // Numbers such as "Sec. 2." or "1." at the start of a sentence, and
    // decimals, are not ends.
    if word.chars().all(|c| c.is_ascii_digit()) && at - start <= 4 {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `b` may end a sentence.
    fn is_mark(b: u8) -> bool {
        matches!(b, b'.' | b'?' | b'!' | b';')
    }

    fn sents(t: &str) -> Vec<&str> {
        split_sentences(t)
            .into_iter()
            .map(|(s, e)| &t[s..e])
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn word_starts_are_found_as_by_characters(s in "[a-z .(\"\t\u{b}\u{1f}\u{a0}\u{2003}é]{0,20}") {
            let by_chars = s
                .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
                .map_or(0, |p| p + 1);
            proptest::prop_assert_eq!(word_start(&s), by_chars);
        }

        #[test]
        fn marks_are_found_as_byte_by_byte(s in "[a-z .?!;é\u{2019}]{0,40}") {
            let b = s.as_bytes();
            // Asked in increasing order, as the splitting asks, with any
            // steps between.
            for step in 1..4 {
                let mut marks = Marks::new(b);
                for from in (0..=b.len()).step_by(step) {
                    let naive = b[from..].iter().position(|&c| is_mark(c)).map(|p| from + p);
                    proptest::prop_assert_eq!(marks.next(from), naive);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn abbreviation_keys_match_as_words_do(a in "[a-cA-C.é\\x00]{0,7}", b in "[a-cA-C.é\\x00]{0,7}", flips in proptest::num::u8::ANY) {
            // `b`, and `a` with the case of some letters changed.
            let recased: String = a
                .chars()
                .enumerate()
                .map(|(i, c)| if flips >> (i % 8) & 1 == 1 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
                .collect();
            for other in [&b, &recased] {
                let same = a.len() <= LONGEST_ABBREVIATION && a.eq_ignore_ascii_case(other);
                let keys = abbreviation_key(&a).is_some() && abbreviation_key(&a) == abbreviation_key(other);
                proptest::prop_assert_eq!(keys, same, "{:?} {:?}", a, other);
            }
        }
    }

    #[test]
    fn every_listed_abbreviation_is_found_in_any_case() {
        let [abbreviations, before_numbers] = abbreviation_keys();
        for (list, keys) in [
            (ABBREVIATIONS, abbreviations),
            (BEFORE_NUMBERS, before_numbers),
        ] {
            assert_eq!(keys.len(), list.len());
            for a in list {
                for w in [a.to_string(), a.to_uppercase()] {
                    let k = abbreviation_key(&w).expect("short enough");
                    assert!(keys.binary_search(&k).is_ok(), "{w:?}");
                }
            }
        }
        assert!(
            abbreviation_key("force").is_some_and(|k| abbreviations.binary_search(&k).is_err())
        );
    }

    #[test]
    fn longest_abbreviation_bounds_the_lists() {
        let longest = ABBREVIATIONS
            .iter()
            .chain(BEFORE_NUMBERS)
            .map(|a| a.len())
            .max();
        assert_eq!(longest, Some(LONGEST_ABBREVIATION));
    }

    #[test]
    fn keeps_legal_abbreviations_inside_sentences() {
        let t = "Nothing here violates 8 U.S.C. § 1373. See Sec. 2 of the code, i.e. the chapter. Done.";
        assert_eq!(
            sents(t),
            vec![
                "Nothing here violates 8 U.S.C. § 1373.",
                "See Sec. 2 of the code, i.e. the chapter.",
                "Done."
            ]
        );
    }

    #[test]
    fn numbered_abbreviations_hold_only_before_numbers() {
        assert_eq!(
            sents("See Resolution No. 88-2 and Sec. 4. The answer is no. Staff shall wait."),
            vec![
                "See Resolution No. 88-2 and Sec. 4.",
                "The answer is no.",
                "Staff shall wait."
            ]
        );
        assert_eq!(
            sents("Acme Inc. The memo of Jan. 4, 2023 applies. It is done."),
            vec!["Acme Inc. The memo of Jan. 4, 2023 applies.", "It is done."]
        );
    }

    #[test]
    fn two_letter_words_end_sentences() {
        assert_eq!(
            sents("No action shall be taken on it. The clerk shall do so. Then stop."),
            vec![
                "No action shall be taken on it.",
                "The clerk shall do so.",
                "Then stop."
            ]
        );
    }

    #[test]
    fn short_tail_after_semicolon_stays() {
        let long = "a ".repeat(110);
        let t = format!("WHEREAS {long}fear; and");
        assert_eq!(sents(&t).len(), 1);
    }

    #[test]
    fn splits_on_question_marks_and_keeps_quotes() {
        assert_eq!(
            sents("He said \"stop.\" Then left? Yes."),
            vec!["He said \"stop.\"", "Then left?", "Yes."]
        );
    }
}

//! Regular expressions over policy text.
//!
//! Every pattern the assessment runs goes through [`compile`], which makes
//! its word boundaries and white space ASCII ones: `\b` falls between an
//! ASCII letter, digit or underscore and anything else, and `\s` is a
//! space, tab or line break. Policy text reaches the patterns with all of
//! its white space already made plain spaces and line breaks (see
//! `extract::normalize`), and the words the rules look for are English, so
//! the ASCII forms mean the same there. They are much faster: with Unicode
//! boundaries the regex engine cannot use its fast automaton on a sentence
//! holding a `§` or a curly quote, and with Unicode white space it finds no
//! literal to search for first. (A letter of another alphabet next to an
//! English word counts as a boundary, as it does for the lexicon's quick
//! presence test.)

use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Compiles `src` with ASCII word boundaries and white space.
pub fn compile(src: &str) -> Result<Regex, regex::Error> {
    Regex::new(&ascii_classes(src))
}

/// A built-in pattern, compiled once into `cell`.
pub fn cached(cell: &'static OnceLock<Regex>, src: &str) -> &'static Regex {
    cell.get_or_init(|| compile(src).expect("built-in pattern"))
}

/// `src` with `\b`, `\B`, `\s` and `\S` written in their ASCII forms.
pub fn ascii_classes(src: &str) -> Cow<'_, str> {
    if !["\\b", "\\B", "\\s", "\\S"].iter().any(|e| src.contains(e)) {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len() + 32);
    let mut chars = src.chars().peekable();
    // How deep inside `[...]` we are: a class inside a class is allowed.
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(b @ ('b' | 'B')) if depth == 0 => {
                    out.push_str("(?-u:\\");
                    out.push(b);
                    out.push(')');
                }
                Some('s') if depth == 0 => out.push_str("[[:space:]]"),
                Some('S') if depth == 0 => out.push_str("[^[:space:]]"),
                Some('s') => out.push_str("[:space:]"),
                Some('S') => out.push_str("[:^space:]"),
                // Any other escape, `\\` included, stays as it is.
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' => {
                out.push('[');
                if depth > 0 && chars.peek() == Some(&':') {
                    // A named class such as `[:alpha:]`, copied whole.
                    for n in chars.by_ref() {
                        out.push(n);
                        if n == ']' {
                            break;
                        }
                    }
                    continue;
                }
                depth += 1;
                // A `]` right after `[` or `[^` is a literal bracket.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(']');
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_boundaries_and_spaces_but_not_escaped_backslashes() {
        assert_eq!(
            ascii_classes(r"\bICE\b|a\\b|\Bx"),
            r"(?-u:\b)ICE(?-u:\b)|a\\b|(?-u:\B)x"
        );
        assert_eq!(
            ascii_classes(r"hold\s+request\S*"),
            r"hold[[:space:]]+request[^[:space:]]*"
        );
        assert_eq!(ascii_classes(r"no\d+change"), r"no\d+change");
    }

    #[test]
    fn rewrites_spaces_inside_classes() {
        assert_eq!(ascii_classes(r"[\s\-]+"), r"[[:space:]\-]+");
        assert_eq!(ascii_classes(r"[^\S]"), r"[^[:^space:]]");
        assert_eq!(ascii_classes(r"[]\s]"), r"[][:space:]]");
        assert_eq!(
            ascii_classes(r"[[:alpha:]\s]\s"),
            r"[[:alpha:][:space:]][[:space:]]"
        );
        assert_eq!(ascii_classes(r"[\]\s]\s"), r"[\][:space:]][[:space:]]");
    }

    #[test]
    fn matches_words_beside_symbols_and_other_alphabets() {
        let r = compile(r"(?i)\bdetainers?\b").expect("compiles");
        assert!(r.is_match("under 8 U.S.C. § 287.7, a detainer’s terms"));
        assert!(r.is_match("“Detainer”"));
        assert!(!r.is_match("detainered"));
        // A Greek letter is no ASCII word character, so it bounds a word.
        assert!(r.is_match("αdetainer"));
    }

    #[test]
    fn compiled_patterns_match_as_before_on_plain_text() {
        let src = r"(?i)\b(?:shall|must)\s+not\s+(?:\w+\s+){0,3}?detain\w*\b";
        let ascii = compile(src).expect("compiles");
        let unicode = Regex::new(src).expect("compiles");
        for t in [
            "Officers shall not detain anyone.",
            "Officers must not, in any case, detain",
            "Officers shall not ever again detain José.",
            "shall not detainee",
            "Officers shall\nnot detain",
            "Officers shallnot detain",
        ] {
            assert_eq!(
                ascii.find(t).map(|m| m.range()),
                unicode.find(t).map(|m| m.range()),
                "{t}"
            );
        }
    }
}

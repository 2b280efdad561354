//! The concept lexicon: many phrasings of one idea ("ICE or CBP",
//! "detainer", "judicial warrant") compiled into one matcher per concept.
//!
//! Phrase syntax, meant for people who do not write regular expressions:
//! words are matched whole and case-insensitively, any run of spaces matches
//! any run of white space, and `*` at the end of a word matches any ending
//! (`detain*` matches detain, detained, detention is not matched).

use regex::Regex;
use std::collections::HashMap;

/// One compiled concept.
#[derive(Debug, Clone)]
pub struct Concept {
    pub name: String,
    pub description: String,
    matchers: Vec<Regex>,
    exclude: Option<Regex>,
    /// Plain words from the phrases, for building search queries.
    pub terms: Vec<String>,
}

/// Where a concept matched inside a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConceptMatch {
    pub concept: usize,
    pub start: usize,
    pub end: usize,
}

/// All concepts of a rule set, addressed by index.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    concepts: Vec<Concept>,
    by_name: HashMap<String, usize>,
}

/// Turns a phrase into a regular expression fragment.
fn phrase_regex(phrase: &str) -> String {
    let mut parts = Vec::new();
    for word in phrase.split_whitespace() {
        let (stem, wild) = match word.strip_suffix('*') {
            Some(s) => (s, true),
            None => (word, false),
        };
        let mut p = regex::escape(stem);
        // Apostrophes in policy text come straight or curly.
        p = p.replace('\'', "['\u{2019}]");
        if wild {
            p.push_str(r"\w*");
        }
        parts.push(p);
    }
    let body = parts.join(r"[\s\-]+");
    let first_is_word = phrase.chars().next().is_some_and(|c| c.is_alphanumeric());
    let last_is_word = phrase
        .trim_end_matches('*')
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric())
        || phrase.ends_with('*');
    format!(
        "{}{}{}",
        if first_is_word { r"\b" } else { "" },
        body,
        if last_is_word { r"\b" } else { "" }
    )
}

fn alternation(items: &[String], case_insensitive: bool) -> Result<Option<Regex>, String> {
    if items.is_empty() {
        return Ok(None);
    }
    let joined = items
        .iter()
        .map(|p| phrase_regex(p))
        .collect::<Vec<_>>()
        .join("|");
    let src = if case_insensitive {
        format!("(?i:{joined})")
    } else {
        joined
    };
    Regex::new(&src).map(Some).map_err(|e| e.to_string())
}

impl Lexicon {
    /// Adds a concept; the error says which phrase or pattern is wrong.
    pub fn add(
        &mut self,
        name: &str,
        description: &str,
        phrases: &[String],
        exact: &[String],
        patterns: &[String],
        exclude: &[String],
    ) -> Result<(), String> {
        if phrases.is_empty() && exact.is_empty() && patterns.is_empty() {
            return Err("needs at least one of `phrases`, `exact` or `patterns`".into());
        }
        let mut matchers = Vec::new();
        if let Some(r) = alternation(phrases, true)? {
            matchers.push(r);
        }
        if let Some(r) = alternation(exact, false)? {
            matchers.push(r);
        }
        for p in patterns {
            let r = Regex::new(&format!("(?i:{p})")).map_err(|e| {
                format!(
                    "pattern `{p}` is not a valid regular expression: {}",
                    first_line(&e.to_string())
                )
            })?;
            matchers.push(r);
        }
        // Longest first: the regex takes the first alternative that matches,
        // and an exclusion must cover the whole phrase it is meant to cancel.
        let mut exclude = exclude.to_vec();
        exclude.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let exclude = alternation(&exclude, true)?;
        let mut terms: Vec<String> = phrases
            .iter()
            .chain(exact)
            .flat_map(|p| p.split_whitespace())
            .map(|w| {
                w.trim_end_matches('*')
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| w.len() > 2 && !STOP.contains(&w.as_str()))
            .collect();
        terms.sort();
        terms.dedup();
        self.by_name.insert(name.to_string(), self.concepts.len());
        self.concepts.push(Concept {
            name: name.to_string(),
            description: description.to_string(),
            matchers,
            exclude,
            terms,
        });
        Ok(())
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    pub fn get(&self, i: usize) -> &Concept {
        &self.concepts[i]
    }

    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// Whether concept `i` matches anywhere in `text` (cheaper than
    /// [`Lexicon::find`] when a yes or no is enough).
    pub fn matches(&self, i: usize, text: &str) -> bool {
        let c = &self.concepts[i];
        if !c.matchers.iter().any(|m| m.is_match(text)) {
            return false;
        }
        // Exclusions need the positions.
        c.exclude.is_none() || !self.find(i, text).is_empty()
    }

    /// Every place concept `i` matches in `text`, left to right, excluded
    /// phrases removed.
    pub fn find(&self, i: usize, text: &str) -> Vec<(usize, usize)> {
        let c = &self.concepts[i];
        let mut out: Vec<(usize, usize)> = c
            .matchers
            .iter()
            .flat_map(|m| m.find_iter(text).map(|x| (x.start(), x.end())))
            .collect();
        if let Some(ex) = &c.exclude {
            let bad: Vec<(usize, usize)> =
                ex.find_iter(text).map(|x| (x.start(), x.end())).collect();
            out.retain(|&(s, e)| !bad.iter().any(|&(bs, be)| s < be && bs < e));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

const STOP: &[&str] = &[
    "the", "and", "for", "with", "from", "any", "that", "this", "into", "upon", "such", "are",
    "was", "has", "have", "not", "all", "its", "his", "her", "their", "who", "any",
];

fn first_line(s: &str) -> &str {
    s.lines().last().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(phrases: &[&str], exact: &[&str], exclude: &[&str]) -> Lexicon {
        let mut l = Lexicon::default();
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        l.add("c", "", &v(phrases), &v(exact), &[], &v(exclude))
            .unwrap();
        l
    }

    #[test]
    fn phrases_match_whole_words_across_line_breaks() {
        let l = lex(&["immigration detainer*"], &[], &[]);
        assert_eq!(l.find(0, "an Immigration\n detainers request").len(), 1);
        assert!(l.find(0, "immigrationdetainer").is_empty());
    }

    #[test]
    fn exact_phrases_keep_case_and_excludes_cancel() {
        let l = lex(&["hold*"], &["ICE"], &["evidence hold*"]);
        assert_eq!(l.find(0, "ICE asked"), vec![(0, 3)]);
        assert!(l.find(0, "ice on the road").is_empty());
        assert!(l.find(0, "an evidence hold").is_empty());
        assert_eq!(l.find(0, "hold the inmate").len(), 1);
    }

    #[test]
    fn a_longer_exclusion_wins_over_a_shorter_one_listed_first() {
        let mut l = Lexicon::default();
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        l.add(
            "c",
            "",
            &v(&["felon*", "conviction*"]),
            &[],
            &[],
            &v(&["class A felon*", "class A felony conviction*"]),
        )
        .unwrap();
        assert!(l.find(0, "a Class A felony conviction").is_empty());
        assert_eq!(l.find(0, "a felony conviction").len(), 2);
    }

    #[test]
    fn matches_agrees_with_find() {
        let l = lex(&["hold*"], &["ICE"], &["evidence hold*"]);
        for t in [
            "ICE asked",
            "an evidence hold",
            "hold the inmate",
            "nothing here",
        ] {
            assert_eq!(l.matches(0, t), !l.find(0, t).is_empty(), "{t}");
        }
    }

    #[test]
    fn curly_apostrophes_match_straight_ones() {
        let l = lex(&["ICE's request"], &[], &[]);
        assert_eq!(l.find(0, "at ICE\u{2019}s request").len(), 1);
    }
}

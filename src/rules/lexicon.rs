//! The concept lexicon: many phrasings of one idea ("ICE or CBP",
//! "detainer", "judicial warrant") compiled into one matcher per concept.
//!
//! Phrase syntax, meant for people who do not write regular expressions:
//! words are matched whole and case-insensitively, any run of spaces matches
//! any run of white space, and `*` at the end of a word matches any ending
//! (`detain*` matches detain, detained, detention is not matched).

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use rayon::prelude::*;
use regex::Regex;
use regex_syntax::hir::{Hir, HirKind, Look, literal};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One compiled concept.
#[derive(Debug, Clone)]
pub struct Concept {
    pub name: String,
    pub description: String,
    matchers: Vec<Regex>,
    exclude: Option<Regex>,
    /// Plain words from the phrases, for building search queries.
    pub terms: Vec<String>,
    /// What every match begins with, for the quick check of
    /// [`Lexicon::presence`].
    triggers: Option<Vec<Alternative>>,
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
    /// Built on first use, once every concept is in.
    scan: OnceLock<Option<TriggerScan>>,
}

/// Many texts joined into a few long strings, so the concepts that may
/// occur in each of them are found in one pass (see [`Lexicon::presence`]).
#[derive(Debug, Default)]
pub struct Haystack {
    chunks: Vec<Chunk>,
    len: usize,
}

/// Consecutive texts joined, each followed by a NUL byte.
#[derive(Debug, Default)]
struct Chunk {
    text: String,
    /// Byte offset where each text starts in `text`.
    starts: Vec<usize>,
}

/// Bytes of text per chunk: chunks are searched in parallel.
const CHUNK: usize = 128 * 1024;

impl Haystack {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Haystack {
        let mut h = Haystack::default();
        let mut chunk = Chunk::default();
        for t in texts {
            h.len += 1;
            chunk.starts.push(chunk.text.len());
            // The two letters outside ASCII that fold to ASCII ones (long s,
            // Kelvin sign) are spelled as those, for the ASCII-only search.
            if t.contains(['\u{17F}', '\u{212A}']) {
                chunk.text.extend(t.chars().map(|c| match c {
                    '\u{17F}' => 's',
                    '\u{212A}' => 'k',
                    c => c,
                }));
            } else {
                chunk.text.push_str(t);
            }
            // No trigger contains it, so none runs on into the next text.
            chunk.text.push('\0');
            if chunk.text.len() >= CHUNK {
                h.chunks.push(std::mem::take(&mut chunk));
            }
        }
        if !chunk.starts.is_empty() {
            h.chunks.push(chunk);
        }
        h
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// For each concept and text, whether the concept may match in the text.
pub struct Presence {
    concepts: usize,
    /// Text by text, one flag per concept.
    bits: Vec<bool>,
}

impl Presence {
    /// Whether concept `concept` may match in text number `text`: false
    /// means it certainly does not.
    pub fn may_match(&self, concept: usize, text: usize) -> bool {
        self.bits[text * self.concepts + concept]
    }
}

/// A literal a match contains, lowercased, and whether it must start a word
/// there ([`STARTS`]), end one ([`ENDS`]), or both.
type Trigger = (String, u8);

/// The literal begins a word: no ASCII letter, digit or underscore before.
const STARTS: u8 = 1;
/// The literal ends a word: no ASCII letter, digit or underscore after.
const ENDS: u8 = 2;

/// Triggers that all occur in any text a concept matches in, by one of its
/// phrasings.
type Alternative = Vec<Trigger>;

/// For each phrase, the words every match of it contains, each at the start
/// of a word; words too common to tell anything are left out when the
/// phrase has others.
fn phrase_triggers<'a>(phrases: impl Iterator<Item = &'a String>) -> Option<Vec<Alternative>> {
    let mut out = Vec::new();
    for phrase in phrases {
        // Runs of letters and digits: each is in every match, and what comes
        // before it is a space, a hyphen, punctuation or a word boundary.
        // A run ends a word too, unless the phrase lets the word go on
        // (`detain*`).
        let mut runs: Vec<Trigger> = Vec::new();
        let mut rest = phrase.as_str();
        while let Some(at) = rest.find(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            let run = &rest[at..];
            let len = run
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(run.len());
            let open = run[len..].starts_with('*');
            runs.push((
                run[..len].to_ascii_lowercase(),
                if open { STARTS } else { STARTS | ENDS },
            ));
            rest = &run[len..];
        }
        let telling = |r: &&Trigger| r.0.len() >= 3 && !COMMON.contains(&r.0.as_str());
        let mut alt: Alternative = runs.iter().filter(telling).cloned().collect();
        if alt.is_empty() {
            alt.push(runs.iter().max_by_key(|r| r.0.len())?.clone());
        }
        alt.sort();
        alt.dedup();
        out.push(alt);
    }
    Some(out)
}

/// For each pattern, literals its every match contains: one of the
/// literals it can begin with (marked when the match must also start a
/// word) and one of those it can end with, as pairs when there are few; else
/// whichever list is more telling. `None` when neither list exists (a
/// pattern that can begin and end with any letter).
fn pattern_triggers(patterns: &[String]) -> Option<Vec<Alternative>> {
    let mut out = Vec::new();
    for src in patterns {
        let hir = regex_syntax::Parser::new()
            .parse(&format!("(?i:{src})"))
            .ok()?;
        // A word boundary next to a letter means no letter on its other side.
        let edge = |at_word: bool, letter: bool, flag: u8| if at_word && letter { flag } else { 0 };
        let (starts, ends) = (edge_of_word(&hir, true), edge_of_word(&hir, false));
        let prefixes: Option<Vec<Trigger>> =
            literals(&hir, literal::ExtractKind::Prefix).map(|v| {
                v.into_iter()
                    .map(|(lit, first, _)| (lit, edge(starts, first, STARTS)))
                    .collect()
            });
        let suffixes: Option<Vec<Trigger>> =
            literals(&hir, literal::ExtractKind::Suffix).map(|v| {
                v.into_iter()
                    .map(|(lit, _, last)| (lit, edge(ends, last, ENDS)))
                    .collect()
            });
        // Telling: no common word among them, and the shortest is long.
        let telling = |v: &Vec<Trigger>| {
            (
                !v.iter().any(|(w, _)| COMMON.contains(&w.as_str())),
                v.iter().map(|(w, _)| w.len()).min().unwrap_or(0),
            )
        };
        match (prefixes, suffixes) {
            (Some(p), Some(s)) if p.len() * s.len() <= 64 => {
                for a in &p {
                    for b in &s {
                        let mut alt = vec![a.clone(), b.clone()];
                        alt.dedup_by(|x, y| x.0 == y.0);
                        out.push(alt);
                    }
                }
            }
            (Some(p), Some(s)) => {
                let best = if telling(&s) > telling(&p) { s } else { p };
                out.extend(best.into_iter().map(|t| vec![t]));
            }
            (Some(one), None) | (None, Some(one)) => out.extend(one.into_iter().map(|t| vec![t])),
            (None, None) => return None,
        }
    }
    Some(out)
}

/// Words too frequent in policies to pick out a phrase by.
const COMMON: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "or",
    "and",
    "as",
    "is",
    "be",
    "are",
    "was",
    "with",
    "from",
    "that",
    "this",
    "any",
    "all",
    "his",
    "her",
    "their",
    "its",
    "not",
    "no",
    "when",
    "where",
    "if",
    "who",
    "which",
    "will",
    "shall",
    "may",
    "must",
    "has",
    "have",
    "other",
    "such",
    "person",
    "persons",
    "member",
    "members",
    "officer",
    "officers",
    "police",
    "department",
    "law",
    "report",
    "request",
    "information",
    "time",
    "s",
];

/// The literals every match of `hir` begins (or ends) with, lowercased,
/// each at most [`TRIGGER_LEN`] bytes, with whether it starts and whether
/// it ends with an ASCII letter or digit. `None` when there is no such finite list or one of them
/// is empty (a match could begin anywhere). Trimmed bytes that split a
/// character are fine: the search is on bytes.
fn literals(hir: &Hir, kind: literal::ExtractKind) -> Option<Vec<(String, bool, bool)>> {
    let mut extractor = literal::Extractor::new();
    extractor
        .kind(kind)
        .limit_literal_len(TRIGGER_LEN)
        .limit_total(4096);
    let seq = extractor.extract(hir);
    let mut out = Vec::new();
    for lit in seq.literals()? {
        let bytes = lit.as_bytes();
        if bytes.is_empty() {
            return None;
        }
        let lower = String::from_utf8_lossy(&bytes.to_ascii_lowercase()).into_owned();
        let word = |b: &u8| b.is_ascii_alphanumeric();
        out.push((
            lower,
            bytes.first().is_some_and(word),
            bytes.last().is_some_and(word),
        ));
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// Whether every match of `hir` begins (`start`) or ends at a word
/// boundary (`\b…`, `…\b`).
fn edge_of_word(hir: &Hir, start: bool) -> bool {
    match hir.kind() {
        HirKind::Look(l) => {
            matches!(l, Look::WordUnicode | Look::WordAscii)
                || start
                    && matches!(
                        l,
                        Look::WordStartUnicode
                            | Look::WordStartAscii
                            | Look::WordStartHalfUnicode
                            | Look::WordStartHalfAscii
                    )
                || !start
                    && matches!(
                        l,
                        Look::WordEndUnicode
                            | Look::WordEndAscii
                            | Look::WordEndHalfUnicode
                            | Look::WordEndHalfAscii
                    )
        }
        HirKind::Concat(v) => {
            let edge = if start { v.first() } else { v.last() };
            edge.is_some_and(|h| edge_of_word(h, start))
        }
        HirKind::Alternation(v) => v.iter().all(|h| edge_of_word(h, start)),
        HirKind::Capture(c) => edge_of_word(&c.sub, start),
        _ => false,
    }
}

/// Literals taken from patterns are cut to this many bytes: long enough
/// to be rare in ordinary prose, short enough to keep case variants few.
/// (A phrase's words are kept whole.)
const TRIGGER_LEN: usize = 8;

/// Every concept's triggers in one automaton, for [`Lexicon::presence`].
///
/// Trigger `4p + f` is literal `p` found where flags `f` ([`STARTS`],
/// [`ENDS`]) hold.
#[derive(Debug, Clone)]
struct TriggerScan {
    automaton: AhoCorasick,
    /// The alternatives each trigger takes part in.
    used_by: Vec<Vec<usize>>,
    /// Each alternative's concept and number of triggers.
    alternatives: Vec<(usize, usize)>,
    /// Concepts with no triggers: they may match anywhere.
    anywhere: Vec<usize>,
}

impl TriggerScan {
    /// The presence flags of one chunk's texts, text by text.
    fn chunk(&self, chunk: &Chunk, concepts: usize) -> Vec<bool> {
        let n = chunk.starts.len();
        let mut bits = vec![false; n * concepts];
        for t in 0..n {
            for &c in &self.anywhere {
                bits[t * concepts + c] = true;
            }
        }
        // The triggers seen in the current text, each once.
        let mut seen_in = vec![usize::MAX; self.used_by.len()];
        let mut seen: Vec<usize> = Vec::new();
        let mut count = vec![0usize; self.alternatives.len()];
        let mut touched: Vec<usize> = Vec::new();
        let mut settle = |t: usize, seen: &mut Vec<usize>, bits: &mut Vec<bool>| {
            for &id in seen.iter() {
                for &a in &self.used_by[id] {
                    if count[a] == 0 {
                        touched.push(a);
                    }
                    count[a] += 1;
                    let (concept, size) = self.alternatives[a];
                    if count[a] == size {
                        bits[t * concepts + concept] = true;
                    }
                }
            }
            for a in touched.drain(..) {
                count[a] = 0;
            }
            seen.clear();
        };
        let text = chunk.text.as_bytes();
        // A letter, digit or underscore: a word goes on. (A byte of another
        // alphabet's letter does not count, so it may stand for a boundary.)
        let wordy = |at: Option<usize>| {
            at.and_then(|b| text.get(b))
                .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
        };
        let mut t = 0;
        for m in self.automaton.find_overlapping_iter(&chunk.text) {
            // Matches arrive in order of where they end; no trigger spans a
            // separator, so the text a match ends in is the one it is in.
            let last = m.end() - 1;
            if chunk.starts.get(t + 1).is_some_and(|&next| next <= last) {
                settle(t, &mut seen, &mut bits);
                while chunk.starts.get(t + 1).is_some_and(|&next| next <= last) {
                    t += 1;
                }
            }
            let mut edges = 0;
            if !wordy(m.start().checked_sub(1)) {
                edges |= STARTS;
            }
            if !wordy(Some(m.end())) {
                edges |= ENDS;
            }
            let p = m.pattern().as_usize();
            for f in 0..4u8 {
                let id = 4 * p + usize::from(f);
                // The trigger asks for flags `f`; the place has `edges`.
                if f & edges == f && seen_in[id] != t {
                    seen_in[id] = t;
                    seen.push(id);
                }
            }
        }
        settle(t, &mut seen, &mut bits);
        bits
    }
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
        let triggers = phrase_triggers(phrases.iter().chain(exact))
            .zip(pattern_triggers(patterns))
            .map(|(mut a, b)| {
                a.extend(b);
                a.sort();
                a.dedup();
                a
            });
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
        self.scan = OnceLock::new();
        self.by_name.insert(name.to_string(), self.concepts.len());
        self.concepts.push(Concept {
            name: name.to_string(),
            description: description.to_string(),
            matchers,
            exclude,
            terms,
            triggers,
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

    /// For every concept and every text of the haystack, whether the
    /// concept may match there: a quick superset of [`Lexicon::matches`],
    /// found in one pass over all the texts, that tells which texts are
    /// worth reading closely.
    pub fn presence(&self, hay: &Haystack) -> Presence {
        let concepts = self.concepts.len();
        let scan = self.scan.get_or_init(|| self.trigger_scan());
        let Some(scan) = scan else {
            return Presence {
                concepts,
                bits: vec![true; concepts * hay.len()],
            };
        };
        let parts: Vec<Vec<bool>> = hay
            .chunks
            .par_iter()
            .map(|chunk| scan.chunk(chunk, concepts))
            .collect();
        Presence {
            concepts,
            bits: parts.concat(),
        }
    }

    fn trigger_scan(&self) -> Option<TriggerScan> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut used_by: Vec<Vec<usize>> = Vec::new();
        let mut alternatives = Vec::new();
        let mut anywhere = Vec::new();
        for (c, concept) in self.concepts.iter().enumerate() {
            let Some(alts) = &concept.triggers else {
                anywhere.push(c);
                continue;
            };
            for alt in alts {
                let a = alternatives.len();
                let mut ids: Vec<usize> = alt
                    .iter()
                    .map(|(lit, edges)| {
                        let p = *index.entry(lit).or_insert_with(|| {
                            patterns.push(lit);
                            used_by.extend(std::iter::repeat_with(Vec::new).take(4));
                            patterns.len() - 1
                        });
                        4 * p + usize::from(*edges)
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                for &id in &ids {
                    used_by[id].push(a);
                }
                alternatives.push((c, ids.len()));
            }
        }
        // A full DFA: the triggers are few and short, and it is the
        // fastest way through a long document.
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .ok()?;
        Some(TriggerScan {
            automaton,
            used_by,
            alternatives,
            anywhere,
        })
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
    fn presence_never_misses_a_match() {
        let mut l = lex(
            &["hold*", "immigration detainer"],
            &["ICE"],
            &["evidence hold*"],
        );
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        l.add("anchored", "", &[], &[], &v(&[r"^\s*whereas"]), &[])
            .unwrap();
        l.add("anywhere", "", &[], &[], &v(&[r"\d+\s*\w+"]), &[])
            .unwrap();
        l.add("kelvin", "", &v(&["kilo", "section 5"]), &[], &[], &[])
            .unwrap();
        assert!(l.concepts[0].triggers.is_some());
        assert!(l.concepts[2].triggers.is_none());
        let texts = [
            "ICE asked for a hold",
            "an immigration",
            "detainer arrived",
            "nothing here",
            "Whereas the council",
            "the council, whereas",
            "HOLDING",
            "",
            "ice",
            "José asked ICE for a hold",
            "within ten days",
            "a \u{212A}ILO of it",
            "a\u{17F}ked for a \u{17F}ection 5",
            "under Section\n5",
        ];
        let hay = Haystack::new(texts);
        let p = l.presence(&hay);
        let mut quiet = 0;
        for c in 0..l.len() {
            for (t, text) in texts.iter().enumerate() {
                let m = l.concepts[c].matchers.iter().any(|m| m.is_match(text));
                assert!(!m || p.may_match(c, t), "concept {c} missed in {text:?}");
                quiet += usize::from(!p.may_match(c, t));
            }
        }
        // And it does rule texts out, words that only contain a phrase too.
        assert!(!p.may_match(0, 3) && !p.may_match(3, 0) && quiet > 15);
        // A phrase needs all its telling words in the same text.
        assert!(!p.may_match(0, 1) && !p.may_match(0, 2));
        let hay = Haystack::new(["the police office", "a notice", "iced tea"]);
        let p = l.presence(&hay);
        assert!(!p.may_match(0, 0) && !p.may_match(0, 1) && !p.may_match(0, 2));
    }

    #[test]
    fn presence_is_the_same_over_many_chunks() {
        let l = lex(
            &["hold*", "immigration detainer"],
            &["ICE"],
            &["evidence hold*"],
        );
        let samples = [
            "ICE asked",
            "an immigration detainer",
            "the holding cell",
            "nothing",
            "police",
        ];
        let texts: Vec<String> = (0..8000)
            .map(|i| format!("{} {i} {}", samples[i % 5], "x".repeat(i % 90)))
            .collect();
        let hay = Haystack::new(texts.iter().map(String::as_str));
        assert!(hay.chunks.len() > 2, "{} chunks", hay.chunks.len());
        let p = l.presence(&hay);
        for (i, t) in texts.iter().enumerate() {
            let alone = l.presence(&Haystack::new([t.as_str()]));
            assert_eq!(p.may_match(0, i), alone.may_match(0, 0), "{t}");
            assert_eq!(p.may_match(0, i), i % 5 < 3, "{t}");
        }
    }

    #[test]
    fn curly_apostrophes_match_straight_ones() {
        let l = lex(&["ICE's request"], &[], &[]);
        assert_eq!(l.find(0, "at ICE\u{2019}s request").len(), 1);
    }
}

//! The concept lexicon: many phrasings of one idea ("ICE or CBP",
//! "detainer", "judicial warrant") compiled into one matcher per concept.
//!
//! Phrase syntax, meant for people who do not write regular expressions:
//! words are matched whole and case-insensitively, any run of spaces matches
//! any run of white space, and `*` at the end of a word matches any ending
//! (`detain*` matches detain, detained, detention is not matched).

use super::triggers::Automaton;
use rayon::prelude::*;
use regex::Regex;
use regex_syntax::hir::{Hir, HirKind, Look};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One compiled concept.
#[derive(Debug, Clone)]
pub struct Concept {
    pub name: String,
    pub description: String,
    matchers: Vec<Matcher>,
    exclude: Option<Regex>,
    /// Plain words from the phrases, for building search queries.
    pub terms: Vec<String>,
    /// What every match begins with, for the quick check of
    /// [`Lexicon::presence`].
    triggers: Option<Vec<Alternative>>,
}

/// One regular expression of a concept.
#[derive(Debug, Clone)]
struct Matcher {
    re: Regex,
    /// The group named `at`, when the pattern has one: a match counts only
    /// that group's words. `release ... (?<at>delayed)` puts the act on the
    /// verb, after its modal, where the polarity reading looks for it.
    at: Option<usize>,
}

impl Matcher {
    fn new(re: Regex) -> Matcher {
        let at = re.capture_names().position(|n| n == Some("at"));
        Matcher { re, at }
    }
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

/// The texts whose concepts [`Lexicon::presence`] finds, in one pass.
#[derive(Debug, Default)]
pub struct Haystack<'a> {
    texts: Vec<Cow<'a, str>>,
}

/// Texts per parallel task of the scan.
const TEXTS_PER_TASK: usize = 1024;

impl<'a> Haystack<'a> {
    pub fn new(texts: impl IntoIterator<Item = &'a str>) -> Haystack<'a> {
        let texts: Vec<&'a str> = texts.into_iter().collect();
        let texts = texts
            .par_iter()
            .with_min_len(TEXTS_PER_TASK)
            .map(|&t| {
                // The two letters outside ASCII that fold to ASCII ones (long
                // s, Kelvin sign) are spelled as those, for the ASCII-only
                // search. Their first bytes are found by a vectorized scan;
                // most texts have none, or only other characters (quotes,
                // dashes) that share the first byte.
                if has_folding_letter(t) {
                    Cow::Owned(t.chars().map(unfold_letter).collect())
                } else {
                    Cow::Borrowed(t)
                }
            })
            .collect();
        Haystack { texts }
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// Whether `t` holds a long s (U+017F) or a Kelvin sign (U+212A).
fn has_folding_letter(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr2_iter(0xC5, 0xE2, b).any(|p| {
        b[p..].starts_with("\u{17F}".as_bytes()) || b[p..].starts_with("\u{212A}".as_bytes())
    })
}

/// For each concept and text, whether the concept may match in the text.
pub struct Presence {
    /// 64-bit words of flags per text.
    words: usize,
    /// Text by text, one bit per concept.
    bits: Vec<u64>,
}

impl Presence {
    /// Whether concept `concept` may match in text number `text`: false
    /// means it certainly does not.
    pub fn may_match(&self, concept: usize, text: usize) -> bool {
        flagged(self.flags(text), concept)
    }

    /// The flags of text number `text`, one bit per concept, for
    /// combining with other texts' and asking [`ConceptSet::meets`].
    pub fn flags(&self, text: usize) -> &[u64] {
        &self.bits[text * self.words..(text + 1) * self.words]
    }
}

/// Whether concept `concept` is among `flags` (see [`Presence::flags`]).
pub fn flagged(flags: &[u64], concept: usize) -> bool {
    flags[concept / 64] & (1 << (concept % 64)) != 0
}

/// Some concepts of a lexicon, for asking what [`Presence`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConceptSet(Vec<u64>);

impl ConceptSet {
    /// Whether any concept of the set is among `flags` (see
    /// [`Presence::flags`]).
    pub fn meets(&self, flags: &[u64]) -> bool {
        self.0.iter().zip(flags).any(|(a, b)| a & b != 0)
    }

    /// The set of `concepts`, numbered as in `lexicon`.
    pub fn new(lexicon: &Lexicon, concepts: &[usize]) -> ConceptSet {
        let mut words = vec![0u64; lexicon.len().div_ceil(64)];
        for &c in concepts {
            words[c / 64] |= 1 << (c % 64);
        }
        ConceptSet(words)
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

/// For each pattern, literals every match of it contains (see [`need`]).
/// `None` when some pattern has none: it could match almost anywhere.
fn pattern_triggers(patterns: &[String]) -> Option<Vec<Alternative>> {
    let mut out = Vec::new();
    for src in patterns {
        let hir = regex_syntax::Parser::new()
            .parse(&format!("(?i:{src})"))
            .ok()?;
        match need(&hir, false, false) {
            Need::Exact(set) => out.extend(exact_alternatives(&set, false, false)?),
            Need::Some(alts) => out.extend(alts),
            Need::Nothing => return None,
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

/// What every match of a part of a pattern holds.
#[derive(Debug, Clone, PartialEq)]
enum Need {
    /// The part matches one of these strings, lowercased (at most
    /// [`EXACT_LIMIT`] of them).
    Exact(Vec<String>),
    /// Every match contains all triggers of one of these alternatives.
    Some(Vec<Alternative>),
    /// Nothing is certain: the part may match anything, or nothing.
    Nothing,
}

/// The most strings an exact part may stand for before it is summed up by
/// its triggers.
const EXACT_LIMIT: usize = 64;

/// The most alternatives two requirements of one sequence may make when
/// both are kept.
const PAIR_LIMIT: usize = 32;

/// What every match of `hir` holds. `before` (`after`) says that no ASCII
/// letter, digit or underscore can stand just before (after) the match, as
/// when the pattern has `\b` or `\s+` there. A sequence is read left to
/// right: its exact parts join into literals, each marked where it must
/// start or end a word, and of the requirements found the most telling one
/// or two are kept, so a pattern that begins with "the" or "a" is known by
/// the rarer word in its middle.
fn need(hir: &Hir, before: bool, after: bool) -> Need {
    let sum_up = |set: &[String]| match exact_alternatives(set, before, after) {
        Some(alts) => Need::Some(alts),
        None => Need::Nothing,
    };
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Need::Exact(vec![String::new()]),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => Need::Exact(vec![fold(s)]),
            Err(_) => Need::Nothing,
        },
        HirKind::Class(class) => match class_letter(class) {
            Some(c) => Need::Exact(vec![c.to_string()]),
            None => Need::Nothing,
        },
        HirKind::Capture(c) => need(&c.sub, before, after),
        HirKind::Repetition(r) if r.min == 0 => Need::Nothing,
        // One copy exactly: the copy is the whole.
        HirKind::Repetition(r) if r.max == Some(1) => need(&r.sub, before, after),
        // Copies stand next to each other, so their edges are unknown.
        HirKind::Repetition(r) => match need(&r.sub, false, false) {
            Need::Exact(set) => match exact_alternatives(&set, false, false) {
                Some(alts) => Need::Some(alts),
                None => Need::Nothing,
            },
            other => other,
        },
        HirKind::Alternation(branches) => {
            let needs: Vec<Need> = branches.iter().map(|b| need(b, before, after)).collect();
            if needs.iter().all(|n| matches!(n, Need::Exact(_))) {
                let mut set: Vec<String> = needs
                    .iter()
                    .flat_map(|n| match n {
                        Need::Exact(s) => s.clone(),
                        _ => Vec::new(),
                    })
                    .collect();
                set.sort();
                set.dedup();
                if set.len() <= EXACT_LIMIT {
                    return Need::Exact(set);
                }
            }
            let mut alts = Vec::new();
            for n in needs {
                match n {
                    Need::Exact(set) => match sum_up(&set) {
                        Need::Some(a) => alts.extend(a),
                        _ => return Need::Nothing,
                    },
                    Need::Some(a) => alts.extend(a),
                    Need::Nothing => return Need::Nothing,
                }
            }
            Need::Some(alts)
        }
        HirKind::Concat(parts) => concat_need(parts, before, after),
    }
}

fn concat_need(parts: &[Hir], before: bool, after: bool) -> Need {
    let mut found: Vec<Vec<Alternative>> = Vec::new();
    // The exact run being read, and whether its start is bounded.
    let mut run: Vec<String> = vec![String::new()];
    let mut bounded_before = before;
    let mut all_exact = true;
    let close =
        |run: &mut Vec<String>, before: bool, after: bool, found: &mut Vec<Vec<Alternative>>| {
            if let Some(alts) = exact_alternatives(run, before, after) {
                found.push(alts);
            }
            *run = vec![String::new()];
        };
    for (i, part) in parts.iter().enumerate() {
        if is_word_boundary(part) {
            all_exact = false;
            if run.iter().any(|s| !s.is_empty()) {
                close(&mut run, bounded_before, true, &mut found);
            }
            bounded_before = true;
            continue;
        }
        // Whether what follows this part bounds it.
        let bounded_after = match parts.get(i + 1) {
            Some(next) => is_word_boundary(next) || edge_is_not_word(next, true),
            None => after,
        };
        // Whether what precedes this part bounds it: the run so far, or
        // what bounded the run.
        let part_before = if run.iter().all(String::is_empty) {
            bounded_before
        } else {
            run.iter()
                .all(|s| s.bytes().last().is_some_and(|b| !is_word_byte(b)))
        };
        match need(part, part_before, bounded_after) {
            Need::Exact(set) if run.len() * set.len() <= EXACT_LIMIT => {
                run = run
                    .iter()
                    .flat_map(|a| set.iter().map(move |b| format!("{a}{b}")))
                    .collect();
            }
            other => {
                all_exact = false;
                // A part that always begins (ends) with a space or a sign
                // bounds the word before (after) it as well as `\b` does.
                close(
                    &mut run,
                    bounded_before,
                    edge_is_not_word(part, true),
                    &mut found,
                );
                bounded_before = edge_is_not_word(part, false);
                match other {
                    Need::Exact(set) => {
                        if let Some(alts) = exact_alternatives(&set, part_before, bounded_after) {
                            found.push(alts);
                        }
                    }
                    Need::Some(alts) => found.push(alts),
                    Need::Nothing => {}
                }
            }
        }
    }
    if all_exact {
        return Need::Exact(run);
    }
    close(&mut run, bounded_before, after, &mut found);
    found.sort_by_key(|alts| std::cmp::Reverse(telling(alts)));
    let mut found = found.into_iter();
    let Some(best) = found.next() else {
        return Need::Nothing;
    };
    // A second requirement makes the test stricter, when the pairs are few.
    match found.next() {
        Some(next) if best.len() * next.len() <= PAIR_LIMIT => Need::Some(
            best.iter()
                .flat_map(|a| {
                    next.iter().map(move |b| {
                        let mut both = a.clone();
                        both.extend(b.iter().cloned());
                        both.sort();
                        both.dedup();
                        both
                    })
                })
                .collect(),
        ),
        _ => Need::Some(best),
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Exact strings as alternatives of one trigger each, marked as starting
/// (ending) a word where a boundary stands before (after) them and they
/// begin (end) with a letter or digit. `None` if one of them is empty.
fn exact_alternatives(set: &[String], before: bool, after: bool) -> Option<Vec<Alternative>> {
    let word = |b: Option<u8>| b.is_some_and(is_word_byte);
    set.iter()
        .map(|s| {
            if s.is_empty() {
                return None;
            }
            let mut edges = 0;
            if before && word(s.bytes().next()) {
                edges |= STARTS;
            }
            if after && word(s.bytes().last()) {
                edges |= ENDS;
            }
            Some(vec![(s.clone(), edges)])
        })
        .collect()
}

/// Leaves out of an alternative the triggers that are common words or
/// one or two letters long, when it has a better one: every text holds
/// them, so they rule little out, and each of their many occurrences would
/// cost the scan a step.
fn drop_weak_triggers(alt: &mut Alternative) {
    let weak = |(w, _): &Trigger| w.len() <= 2 || COMMON.contains(&w.as_str());
    if alt.iter().any(|t| !weak(t)) {
        alt.retain(|t| !weak(t));
    }
}

/// How well a requirement picks out texts: the weakest of its
/// alternatives, each as good as its best trigger. A common word tells
/// nothing; otherwise longer is better, and a word edge counts for two
/// letters.
fn telling(alts: &[Alternative]) -> usize {
    alts.iter()
        .map(|alt| {
            alt.iter()
                .map(|(w, edges)| {
                    if COMMON.contains(&w.as_str()) {
                        0
                    } else {
                        w.len().min(10) + 2 * edges.count_ones() as usize
                    }
                })
                .max()
                .unwrap_or(0)
        })
        .min()
        .unwrap_or(0)
}

/// Whether every match of `hir` begins (`start`) or ends with a character
/// that is no ASCII letter, digit or underscore (`\s+`, `[\s\-]`, `,`).
fn edge_is_not_word(hir: &Hir, start: bool) -> bool {
    let word = |c: u32| char::from_u32(c).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    match hir.kind() {
        HirKind::Literal(lit) => {
            let b = if start { lit.0.first() } else { lit.0.last() };
            b.is_some_and(|&b| !word(u32::from(b)))
        }
        HirKind::Class(regex_syntax::hir::Class::Unicode(u)) => u
            .ranges()
            .iter()
            .all(|r| !(u32::from(r.start())..=u32::from(r.end())).any(|c| c < 128 && word(c))),
        HirKind::Class(regex_syntax::hir::Class::Bytes(b)) => b
            .ranges()
            .iter()
            .all(|r| !(u32::from(r.start())..=u32::from(r.end())).any(|c| c < 128 && word(c))),
        HirKind::Repetition(r) => r.min > 0 && edge_is_not_word(&r.sub, start),
        HirKind::Capture(c) => edge_is_not_word(&c.sub, start),
        HirKind::Alternation(v) => v.iter().all(|h| edge_is_not_word(h, start)),
        HirKind::Concat(v) => {
            // The first (last) part that consumes text decides; looks
            // consume none.
            let mut parts: Box<dyn Iterator<Item = &Hir>> = if start {
                Box::new(v.iter())
            } else {
                Box::new(v.iter().rev())
            };
            parts
                .find(|h| !matches!(h.kind(), HirKind::Look(_)))
                .is_some_and(|h| edge_is_not_word(h, start))
        }
        HirKind::Empty | HirKind::Look(_) => false,
    }
}

fn is_word_boundary(hir: &Hir) -> bool {
    matches!(
        hir.kind(),
        HirKind::Look(
            Look::WordUnicode
                | Look::WordAscii
                | Look::WordStartUnicode
                | Look::WordStartAscii
                | Look::WordEndUnicode
                | Look::WordEndAscii
                | Look::WordStartHalfUnicode
                | Look::WordStartHalfAscii
                | Look::WordEndHalfUnicode
                | Look::WordEndHalfAscii
        )
    )
}

/// Text as the presence scan compares it: ASCII letters lowercased (the
/// scan ignores ASCII case), long s and the Kelvin sign as the letters they
/// fold to (the haystack spells them so).
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| unfold_letter(c).to_ascii_lowercase())
        .collect()
}

/// The ASCII letter that a long s (U+017F) or a Kelvin sign (U+212A)
/// folds to; any other character as it is.
fn unfold_letter(c: char) -> char {
    match c {
        '\u{17F}' => 's',
        '\u{212A}' => 'k',
        c => c,
    }
}

/// The one ASCII letter or digit a small class stands for up to case
/// (`[Dd]`, `[Ssſ]`), if it does.
fn class_letter(class: &regex_syntax::hir::Class) -> Option<char> {
    use regex_syntax::hir::Class;
    let mut letter = None;
    let mut take = |c: char| -> Option<()> {
        let f = fold(c.encode_utf8(&mut [0; 4])).chars().next()?;
        if !f.is_ascii_alphanumeric() || letter.is_some_and(|l| l != f) {
            return None;
        }
        letter = Some(f);
        Some(())
    };
    match class {
        Class::Unicode(u) => {
            for r in u.ranges() {
                if u32::from(r.end()) - u32::from(r.start()) > 4 {
                    return None;
                }
                for c in r.start()..=r.end() {
                    take(c)?;
                }
            }
        }
        Class::Bytes(b) => {
            for r in b.ranges() {
                for c in r.start()..=r.end() {
                    take(char::from(c))?;
                }
            }
        }
    }
    letter
}

/// Every concept's triggers in one automaton, for [`Lexicon::presence`].
///
/// Trigger `4p + f` is literal `p` found where flags `f` ([`STARTS`],
/// [`ENDS`]) hold.
#[derive(Debug, Clone)]
struct TriggerScan {
    automaton: Automaton,
    /// Each literal's length in bytes.
    lens: Vec<usize>,
    /// The alternatives each trigger takes part in.
    used_by: Vec<Vec<usize>>,
    /// Each alternative's concept and number of triggers.
    alternatives: Vec<(usize, usize)>,
    /// Concepts with no triggers: they may match anywhere.
    anywhere: Vec<usize>,
}

impl TriggerScan {
    /// The presence flags of some texts, text by text, `words` words each.
    fn scan(&self, texts: &[Cow<'_, str>], words: usize) -> Vec<u64> {
        let mut bits = vec![0u64; texts.len() * words];
        let mut always = vec![0u64; words];
        for &c in &self.anywhere {
            always[c / 64] |= 1 << (c % 64);
        }
        // The triggers seen in the current text, each once.
        let mut seen_in = vec![usize::MAX; self.used_by.len()];
        let mut seen: Vec<usize> = Vec::new();
        let mut count = vec![0usize; self.alternatives.len()];
        let mut touched: Vec<usize> = Vec::new();
        for (t, text) in texts.iter().enumerate() {
            let flags = &mut bits[t * words..(t + 1) * words];
            flags.copy_from_slice(&always);
            let bytes = text.as_bytes();
            // A letter, digit or underscore: a word goes on. (A byte of
            // another alphabet's letter does not count, so it may stand for a
            // boundary.)
            let wordy = |at: Option<usize>| {
                at.and_then(|b| bytes.get(b))
                    .is_some_and(|&b| is_word_byte(b))
            };
            self.automaton.each_match(bytes, |p, end| {
                let start = end - self.lens[p];
                let mut edges = 0;
                if !wordy(start.checked_sub(1)) {
                    edges |= STARTS;
                }
                if !wordy(Some(end)) {
                    edges |= ENDS;
                }
                for f in 0..4u8 {
                    let id = 4 * p + usize::from(f);
                    // The trigger asks for flags `f`; the place has `edges`.
                    if f & edges == f && seen_in[id] != t {
                        seen_in[id] = t;
                        seen.push(id);
                    }
                }
            });
            // An alternative holds when all its triggers were seen.
            for &id in &seen {
                for &a in &self.used_by[id] {
                    if count[a] == 0 {
                        touched.push(a);
                    }
                    count[a] += 1;
                    let (concept, size) = self.alternatives[a];
                    if count[a] == size {
                        flags[concept / 64] |= 1 << (concept % 64);
                    }
                }
            }
            for a in touched.drain(..) {
                count[a] = 0;
            }
            seen.clear();
        }
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
    crate::pattern::compile(&src)
        .map(Some)
        .map_err(|e| e.to_string())
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
            matchers.push(Matcher::new(r));
        }
        if let Some(r) = alternation(exact, false)? {
            matchers.push(Matcher::new(r));
        }
        for p in patterns {
            let r = crate::pattern::compile(&format!("(?i:{p})")).map_err(|e| {
                format!(
                    "pattern `{p}` is not a valid regular expression: {}",
                    first_line(&e.to_string())
                )
            })?;
            matchers.push(Matcher::new(r));
        }
        let triggers = phrase_triggers(phrases.iter().chain(exact))
            .zip(pattern_triggers(patterns))
            .map(|(mut a, b)| {
                a.extend(b);
                for alt in &mut a {
                    drop_weak_triggers(alt);
                }
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
        if !c.matchers.iter().any(|m| m.re.is_match(text)) {
            return false;
        }
        // Exclusions need the positions.
        c.exclude.is_none() || !self.find(i, text).is_empty()
    }

    /// For every concept and every text of the haystack, whether the
    /// concept may match there: a quick superset of [`Lexicon::matches`],
    /// found in one pass over all the texts, that tells which texts are
    /// worth reading closely.
    pub fn presence(&self, hay: &Haystack<'_>) -> Presence {
        let words = self.concepts.len().div_ceil(64);
        let scan = self.scan.get_or_init(|| self.trigger_scan());
        let Some(scan) = scan else {
            return Presence {
                words,
                bits: vec![u64::MAX; words * hay.len()],
            };
        };
        let parts: Vec<Vec<u64>> = hay
            .texts
            .par_chunks(TEXTS_PER_TASK)
            .map(|texts| scan.scan(texts, words))
            .collect();
        Presence {
            words,
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
        let automaton = Automaton::new(&patterns)?;
        let lens = patterns.iter().map(|p| p.len()).collect();
        Some(TriggerScan {
            automaton,
            lens,
            used_by,
            alternatives,
            anywhere,
        })
    }

    /// Every place concept `i` matches in `text`, left to right, excluded
    /// phrases removed.
    pub fn find(&self, i: usize, text: &str) -> Vec<(usize, usize)> {
        let c = &self.concepts[i];
        let mut out: Vec<(usize, usize)> = Vec::new();
        for m in &c.matchers {
            match m.at {
                None => out.extend(m.re.find_iter(text).map(|x| (x.start(), x.end()))),
                Some(g) => out.extend(m.re.captures_iter(text).map(|c| {
                    let x = c.get(g).or_else(|| c.get(0)).expect("a match has group 0");
                    (x.start(), x.end())
                })),
            }
        }
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
    fn a_pattern_with_an_at_group_matches_only_that_group() {
        let pattern = |p: &str| {
            let mut l = Lexicon::default();
            l.add("c", "", &[], &[], &[p.to_string()], &[]).unwrap();
            l
        };
        let text = "The release shall be delayed.";
        let l = pattern(r"\brelease\s+(?:\w+\s+){1,3}?(?<at>delayed)\b");
        assert_eq!(l.find(0, text), vec![(21, 28)]);
        assert_eq!(&text[21..28], "delayed");
        // Without the group the whole match counts.
        let l = pattern(r"\brelease\s+(?:\w+\s+){1,3}?delayed\b");
        assert_eq!(l.find(0, text), vec![(4, 28)]);
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
                let m = l.concepts[c].matchers.iter().any(|m| m.re.is_match(text));
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
    fn presence_is_the_same_over_many_tasks() {
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
        assert!(hay.len() > 2 * TEXTS_PER_TASK, "{} texts", hay.len());
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

//! Page furniture: running headers and footers, page numbers and
//! table-of-contents pages, found so that they never become clauses.
//!
//! Lines in → a kind for each line that is furniture, and the titles a
//! table of contents lists (hints for recognizing headings later).

use super::numbering::{Label, LineLabels, parse_label};
use super::{Line, SkipKind};
use rayon::prelude::*;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How many non-blank lines at the top and bottom of a page may hold
/// running headers, footers and page numbers.
const ZONE: usize = 5;

/// Furniture found in a document.
pub(crate) struct Furniture {
    /// For each line, the kind of furniture it is (None for content).
    pub kinds: Vec<Option<SkipKind>>,
    /// Normalized titles listed in a table of contents.
    pub toc_titles: HashSet<String>,
}

fn page_number_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:page[ \t]+[0-9]{1,5}(?:[ \t]*(?:of|/)[ \t]*[0-9]{1,5})?|[0-9]{1,5}[ \t]*(?:of|/)[ \t]*[0-9]{1,5}|[-–—][ \t]*[0-9]{1,5}[ \t]*[-–—]|p\.[ \t]*[0-9]{1,5})$",
        )
        .expect("page number pattern")
    })
}

/// Whether a line is a page number ("Page 3 of 40", "- 3 -", "p. 3").
fn is_page_number(t: &str) -> bool {
    // Every form starts with "p", a digit or a dash, and ends with a digit
    // or a dash (a hyphen, or the last byte of an en or em dash); most
    // lines fail that before the pattern runs.
    let b = t.as_bytes();
    let starts = b
        .first()
        .is_some_and(|&c| matches!(c, b'p' | b'P' | b'0'..=b'9' | b'-' | 0xE2));
    let ends = b
        .last()
        .is_some_and(|&c| matches!(c, b'0'..=b'9' | b'-' | 0x93 | 0x94));
    starts && ends && page_number_re().is_match(t)
}

fn leader_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?P<title>.*?\S)[ \t]*(?:\.{3,}|(?:\.[ \t]){3,}|…+|_{3,})[ \t.…]*(?P<page>[0-9]{1,4}|[ivxlc]{1,6})$")
            .expect("leader pattern")
    })
}

fn gap_entry_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?P<title>\S.*?\S)[ \t]{2,}(?P<page>[0-9]{1,4})$").expect("gap entry pattern")
    })
}

fn contents_title(t: &str) -> bool {
    if t.len() > 40 || !t.starts_with(['T', 't', 'C', 'c', 'I', 'i', 'P', 'p']) {
        return false;
    }
    let l = t.trim_end_matches(':');
    let l = match l.find('(') {
        Some(p) if l.ends_with(')') => l[..p].trim_end(),
        _ => l,
    };
    [
        "table of contents",
        "contents",
        "index of policies",
        "policy index",
    ]
    .iter()
    .any(|title| l.eq_ignore_ascii_case(title))
}

/// Whether a line has a dot leader or an ellipsis, cheaply, before the
/// leader pattern is tried.
fn has_leader(t: &str) -> bool {
    // One vectorized pass finds every period, underscore and first byte of
    // an ellipsis; most lines hold few, each checked where it is found.
    let b = t.as_bytes();
    let at = |p: usize, s: &[u8]| b.get(p..).is_some_and(|r| r.starts_with(s));
    memchr::memchr3_iter(b'.', b'_', "…".as_bytes()[0], b).any(|p| match b[p] {
        b'.' => at(p + 1, b".") || at(p + 1, b" ."),
        b'_' => at(p, b"___"),
        _ => at(p, "…".as_bytes()),
    })
}

/// Whether a line ends as the leader pattern needs, in a digit or a small
/// roman numeral's letter: most lines of text end otherwise.
fn ends_like_entry(t: &str) -> bool {
    t.as_bytes()
        .last()
        .is_some_and(|b| b.is_ascii_digit() || b"ivxlc".contains(b))
}

fn leader_match(t: &str) -> Option<regex::Captures<'_>> {
    if ends_like_entry(t) && has_leader(t) {
        leader_re().captures(t)
    } else {
        None
    }
}

/// A piece of a contents list laid out in columns: a bare part number or a
/// short title without sentence punctuation.
fn column_entry(t: &str) -> bool {
    let t = t.trim();
    let bare_number = !t.is_empty()
        && t.len() <= 12
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
    let short_title = t.len() <= 80
        && t.chars().next().is_some_and(|c| c.is_uppercase())
        && !t.ends_with(['.', ';', ':', ','])
        && t.split_whitespace().count() <= 10;
    bare_number || short_title
}

/// A line that can be an entry of a contents list even without a page
/// number: a part number and a title ("428 Immigration Violations").
/// `leader` says whether the line has a leader and `label` is its label.
fn entry_like(t: &str, leader: bool, label: Option<&Label<'_>>) -> bool {
    t.len() <= 100
        && (leader
            || gap_entry_re().is_match(t)
            || label.is_some_and(|l| {
                l.rest
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                    && !l.rest.ends_with(['.', ':', ';', ','])
            }))
}

/// The line with digits masked and case and spacing folded, so that "Page 3
/// of 40" on one page and "Page 4 of 40" on the next read alike, written
/// to `out` (cleared first) as UTF-8.
///
/// Eight bytes of plain ASCII (no digits, control characters or runs of
/// spaces) are lowercased in one step; other characters are read one at a
/// time, by their [`ByteClass`], and only those outside ASCII decoded.
fn mask_into(t: &str, out: &mut Vec<u8>) {
    use super::bytes8::{HIGH, control, equal, within, word_at};
    out.clear();
    out.reserve(t.len());
    let b = t.as_bytes();
    let mut started = false;
    let mut space = false;
    let mut hash = false;
    let mut i = 0;
    while i < b.len() {
        if !space && let Some(w) = word_at(b, i) {
            let spaces = equal(w, b' ');
            let plain = w & HIGH == 0
                && control(w) == 0
                && within(w, b'0', b'9') == 0
                // Single spaces only, none last (a space before the next
                // word is written with it), none first in the line.
                && spaces & (spaces >> 8) == 0
                && spaces >> 56 == 0
                && (started || spaces & 0x80 == 0);
            if plain {
                let lower = w | (within(w, b'A', b'Z') >> 2);
                out.extend_from_slice(&lower.to_le_bytes());
                started = true;
                hash = w >> 56 == u64::from(b'#');
                i += 8;
                continue;
            }
        }
        let x = b[i];
        let class = BYTE_CLASSES[usize::from(x)];
        // An ASCII byte is its own character; another character is decoded
        // (its length read from its first byte).
        let c = if class == ByteClass::Wide {
            let c = t[i..].chars().next().expect("a character starts here");
            i += c.len_utf8();
            Some(c)
        } else {
            i += 1;
            None
        };
        if class == ByteClass::Space || c.is_some_and(char::is_whitespace) {
            space = started;
            continue;
        }
        if space {
            out.push(b' ');
            space = false;
            hash = false;
        }
        started = true;
        match c {
            None if class == ByteClass::Digit => {
                if !hash {
                    out.push(b'#');
                    hash = true;
                }
            }
            None => {
                // A literal '#' also keeps a digit after it from adding
                // another.
                hash = x == b'#';
                out.push(x.to_ascii_lowercase());
            }
            Some(c) => {
                hash = false;
                let mut buf = [0; 4];
                for l in c.to_lowercase() {
                    out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }
}

/// What [`mask_into`] does with a byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    /// An ASCII space character (as `char::is_whitespace` has them).
    Space,
    Digit,
    /// The first or a later byte of a character outside ASCII.
    Wide,
    Other,
}

const BYTE_CLASSES: [ByteClass; 256] = {
    let mut table = [ByteClass::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            x if super::is_ascii_space(x) => ByteClass::Space,
            b'0'..=b'9' => ByteClass::Digit,
            0x80.. => ByteClass::Wide,
            _ => ByteClass::Other,
        };
        b += 1;
    }
    table
};

/// A line's words as printed, one space between each, written to `out`
/// (cleared first).
fn words_into(t: &str, out: &mut Vec<u8>) {
    out.clear();
    for (k, w) in t.split_whitespace().enumerate() {
        if k > 0 {
            out.push(b' ');
        }
        out.extend_from_slice(w.as_bytes());
    }
}

/// A 64-bit hash of bytes, eight at a time: each word is mixed in by a
/// multiplication and a shift, which change every bit of the state when
/// any bit of the word changes, and the length ends it (so that padding the
/// last word with zeros is told from zeros in the text).
fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, w: u64| {
        let h = (h ^ w).wrapping_mul(K);
        h ^ (h >> 29)
    };
    let mut h = 0xcbf2_9ce4_8422_2325 ^ seed;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = mix(h, u64::from_le_bytes(w.try_into().expect("eight bytes")));
    }
    let mut last = [0; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = mix(h, u64::from_le_bytes(last));
    mix(h, bytes.len() as u64)
}

/// A zone line's key for finding repeats: a hash of its masked text, or of
/// its words as printed when it is a part label. Hashes stand in for the
/// texts so that comparing pages allocates nothing per line; two different
/// lines share one only by a 64-bit accident. `scratch` holds the text
/// hashed.
fn zone_key(t: &str, is_label: bool, scratch: &mut Vec<u8>) -> u64 {
    if is_label {
        words_into(t, scratch);
    } else {
        mask_into(t, scratch);
    }
    hash_bytes(u64::from(is_label), scratch)
}

/// Hashes a zone key, which is a hash already, as itself: the tables of
/// keys are read once per zone line, and hashing each key again was most
/// of the time spent comparing pages.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed here; other writes still spread.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyHash = std::hash::BuildHasherDefault<KeyHasher>;

/// Normalizes a title for comparing a TOC entry with a heading line.
pub(crate) fn title_key(t: &str) -> String {
    let t = match parse_label(t) {
        Some(l) if !l.rest.is_empty() => l.rest,
        _ => t,
    };
    t.split_whitespace()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ':'])
        .to_string()
}

/// What furniture detection needs to know of one page, found for all pages
/// in parallel before the passes that compare pages.
struct PageFacts {
    /// The page's non-blank lines.
    nonblank: Vec<usize>,
    /// The first and last few non-blank lines, with whether each is at the
    /// top.
    zone: Vec<(usize, bool)>,
    /// Zone lines that are page numbers.
    page_numbers: Vec<usize>,
    /// Each zone line's key (see [`zone_key`]), and whether it is a part
    /// label.
    keys: Vec<(u64, bool)>,
    /// Zone lines that end in a number after a title ("Use of Force -
    /// 102"), with that number.
    titled_numbers: Vec<(usize, i64)>,
    /// For each non-blank line, whether it has a dot leader entry.
    leader: Vec<bool>,
    /// Whether the page has a "Contents" title.
    titled: bool,
    /// How many lines are entries without leaders ("Detainers    12"),
    /// counted only on a titled page.
    gaps: usize,
    /// How many lines are bare numbers, as contents columns show.
    bare_numbers: usize,
}

fn page_facts(
    text: &str,
    lines: &[Line],
    labels: &LineLabels<'_>,
    p: std::ops::Range<usize>,
    scratch: &mut Vec<u8>,
) -> PageFacts {
    let content = |i: usize| &text[lines[i].start..lines[i].end];
    let page_labels = labels.within(p.clone());
    let mut nonblank = Vec::with_capacity(p.len());
    nonblank.extend(p.filter(|&i| !lines[i].is_blank()));
    let n = nonblank.len();
    let mut zone = Vec::with_capacity(2 * ZONE);
    zone.extend(
        nonblank
            .iter()
            .enumerate()
            .filter(|(k, _)| *k < ZONE || *k + ZONE >= n)
            .map(|(k, &i)| (i, k < ZONE)),
    );
    // Page numbers, wherever a zone holds one; a bare number only as the
    // very first or last line of a page.
    let first = zone.first().map(|x| x.0);
    let last = zone.last().map(|x| x.0);
    let page_numbers: Vec<usize> = zone
        .iter()
        .map(|&(i, _)| i)
        .filter(|&i| {
            let t = content(i);
            let bare = t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
            is_page_number(t) || (bare && (Some(i) == first || Some(i) == last))
        })
        .collect();
    // Lines are compared with digits masked ("Page 3 of 40"), except part
    // labels: "Policy 100" and "Policy 200" at the top of their first
    // pages are different parts, not one header.
    let keys = zone
        .iter()
        .map(|&(i, _)| {
            let is_label = page_labels.get(i).is_some();
            (zone_key(content(i), is_label, scratch), is_label)
        })
        .collect();
    let titled_numbers = zone
        .iter()
        .filter(|&&(i, _)| !page_numbers.contains(&i))
        .filter_map(|&(i, _)| Some((i, titled_page_number(content(i))?)))
        .collect();
    let leader = nonblank
        .iter()
        .map(|&i| leader_match(content(i)).is_some())
        .collect();
    let titled = nonblank.iter().any(|&i| contents_title(content(i)));
    let gaps = if titled {
        nonblank
            .iter()
            .filter(|&&i| gap_entry_re().is_match(content(i)))
            .count()
    } else {
        0
    };
    let bare_numbers = nonblank
        .iter()
        .filter(|&&i| {
            let t = content(i).trim();
            !t.is_empty() && t.len() <= 12 && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
        .count();
    PageFacts {
        nonblank,
        zone,
        page_numbers,
        keys,
        titled_numbers,
        leader,
        titled,
        gaps,
        bare_numbers,
    }
}

/// Finds the furniture of a document whose lines are grouped by page;
/// `labels` holds each line's part label.
pub(crate) fn find(text: &str, lines: &[Line], labels: &LineLabels<'_>) -> Furniture {
    let mut kinds = vec![None; lines.len()];
    let mut toc_titles = HashSet::new();
    let pages = pages_of(lines);
    let content = |i: usize| &text[lines[i].start..lines[i].end];

    let facts: Vec<PageFacts> = pages
        .par_iter()
        .with_min_len(16)
        .map_init(Vec::new, |scratch, p| {
            page_facts(text, lines, labels, p.clone(), scratch)
        })
        .collect();
    for f in &facts {
        for &i in &f.page_numbers {
            kinds[i] = Some(SkipKind::PageNumber);
        }
    }

    titled_page_numbers(&facts, &mut kinds);

    // Running headers and footers: the same line in the zones of several
    // pages, on most pages between its first and last showing.
    let npages = pages.len();
    if npages >= 2 {
        let need = if npages <= 3 { 2 } else { 3 };
        let mut seen: HashMap<u64, (usize, usize, usize), KeyHash> =
            HashMap::with_capacity_and_hasher(facts.len() * 2, KeyHash::default());
        let mut here: HashSet<u64, KeyHash> = HashSet::default();
        for (pi, f) in facts.iter().enumerate() {
            here.clear();
            for &(key, _) in &f.keys {
                if here.insert(key) {
                    let e = seen.entry(key).or_insert((0, pi, pi));
                    e.0 += 1;
                    e.2 = pi;
                }
            }
        }
        for f in &facts {
            let z = &f.zone;
            for (k, &(i, top)) in z.iter().enumerate() {
                if kinds[i].is_some() {
                    continue;
                }
                let (key, is_label) = &f.keys[k];
                let Some(&(count, first, last)) = seen.get(key) else {
                    continue;
                };
                if count < need || count * 10 < (last - first + 1) * 6 {
                    continue;
                }
                // The line under a bare part number is that part's title, even
                // when the same title runs as a header on its later pages.
                if k > 0 && labels.get(z[k - 1].0).is_some_and(|l| l.rest.is_empty()) {
                    continue;
                }
                // A label repeated word for word is a header only when it is
                // on most pages.
                if *is_label && (count * 2 < npages || count < 4) {
                    continue;
                }
                kinds[i] = Some(if top {
                    SkipKind::Header
                } else {
                    SkipKind::Footer
                });
            }
        }
    }
    // Table-of-contents pages and stray leader lines.
    let mut carry_run = false;
    for f in &facts {
        let nonblank = &f.nonblank;
        let titled = f.titled;
        let leaders = f.leader.iter().filter(|&&l| l).count();
        let gaps = f.gaps;
        let entry = |k: usize| {
            let i = nonblank[k];
            entry_like(content(i), f.leader[k], labels.get(i))
        };
        let toc_page =
            (titled && leaders + gaps >= 2) || (leaders >= 3 && leaders * 10 >= nonblank.len() * 4);
        // The run of entries under a "Contents" title, with or without page
        // numbers.
        // A run goes on overleaf only when this page, too, opens with
        // entries (its headers are already set aside above).
        let carried_entries = carry_run
            && (0..nonblank.len())
                .filter(|&k| kinds[nonblank[k]].is_none())
                .take(3)
                .all(|k| entry(k) || column_entry(content(nonblank[k])));
        // Numbers and titles in separate columns show as runs of bare numbers.
        let columns = f.bare_numbers >= 3;
        let carried = carried_entries
            && (columns
                || (0..nonblank.len())
                    .filter(|&k| kinds[nonblank[k]].is_none())
                    .take(3)
                    .all(entry));
        let mut in_run = carried;
        let mut last_in_run = None;
        // A run starts at a "Contents" title or goes on from the page
        // before; most pages have neither, and need no reading here.
        let lines_to_read = if titled || carried { nonblank.len() } else { 0 };
        for (k, &i) in nonblank.iter().enumerate().take(lines_to_read) {
            if kinds[i].is_some() {
                // Headers and page numbers neither break nor join a run.
                continue;
            }
            let t = content(i);
            if contents_title(t) {
                in_run = true;
                kinds[i] = Some(SkipKind::Contents);
                continue;
            }
            // On a page titled as contents, a list whose numbers and titles
            // came out as separate columns ("300" ... "Use of Force") is
            // contents too: bare part numbers and short unpunctuated titles.
            in_run = in_run && (entry(k) || columns && (titled || carried) && column_entry(t));
            if in_run {
                kinds[i] = Some(SkipKind::Contents);
                toc_titles.insert(title_key(strip_page(t)));
                last_in_run = Some(k);
            }
        }
        // Only footer lines may follow the run for it to go on overleaf.
        carry_run = last_in_run.is_some_and(|k| k + ZONE + 1 >= nonblank.len());
        if !toc_page && leaders == 0 {
            // Without leaders, only a contents page has entries here.
            continue;
        }
        for (k, &i) in nonblank.iter().enumerate() {
            let t = content(i);
            let entry = if f.leader[k] {
                leader_re().captures(t)
            } else if toc_page {
                gap_entry_re().captures(t)
            } else {
                None
            };
            if let Some(c) = &entry {
                toc_titles.insert(title_key(&c["title"]));
            }
            if (toc_page || entry.is_some()) && kinds[i].is_none() {
                kinds[i] = Some(SkipKind::Contents);
            }
        }
    }

    Furniture { kinds, toc_titles }
}

/// A header or footer that joins the page number to the title of the part
/// the page is in ("Temporary Custody of Adults - 102"): the title changes
/// from part to part, so the line does not repeat, but its number follows
/// the pages. Such lines whose numbers keep one distance from the page
/// count, on at least three pages, are marked as page numbers.
fn titled_page_numbers(facts: &[PageFacts], kinds: &mut [Option<SkipKind>]) {
    // (line, distance between its number and the page's place).
    let found: Vec<(usize, i64)> = facts
        .iter()
        .enumerate()
        .flat_map(|(pi, f)| {
            f.titled_numbers
                .iter()
                .map(move |&(i, n)| (i, n - pi as i64))
        })
        .collect();
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for &(_, d) in &found {
        *counts.entry(d).or_default() += 1;
    }
    // The most common distance (the smaller one on a tie, for a stable
    // answer).
    let Some((&best, &count)) = counts.iter().max_by_key(|&(d, c)| (*c, -d.abs(), -*d)) else {
        return;
    };
    if count < 3 {
        return;
    }
    for (i, d) in found {
        if d == best {
            kinds[i] = Some(SkipKind::PageNumber);
        }
    }
}

/// The number at the end of a line that joins a title to a page number
/// ("Temporary Custody of Adults - 102"), if it is such a line.
fn titled_page_number(t: &str) -> Option<i64> {
    // Most lines end in a letter or a stop.
    if !t.as_bytes().last().is_some_and(u8::is_ascii_digit) || !t.contains(char::is_alphabetic) {
        return None;
    }
    // Read from the end: up to four digits, an optional "Page" between
    // spaces or tabs, a dash or bar after a space or tab, and a title of 2
    // to 101 characters that starts with one that is not a space.
    let blank = [' ', '\t'];
    let number = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &t[number.len()..];
    if digits.len() > 4 {
        return None;
    }
    let before = number.trim_end_matches(blank);
    let before = match before.strip_suffix("Page") {
        Some(b) if before.len() < number.len() => b.trim_end_matches(blank),
        _ => before,
    };
    let title = before
        .strip_suffix(['-', '–', '—', '|'])?
        .strip_suffix(blank)?;
    let chars = title.chars().count();
    let starts = title.chars().next().is_some_and(|c| !c.is_whitespace());
    if !starts || !(2..=101).contains(&chars) {
        return None;
    }
    digits.parse().ok()
}

/// An entry without its leader and page number.
fn strip_page(t: &str) -> &str {
    if let Some(c) = leader_re()
        .captures(t)
        .or_else(|| gap_entry_re().captures(t))
    {
        return c.name("title").map_or(t, |m| m.as_str());
    }
    t
}

/// Line index ranges of each page, in order.
fn pages_of(lines: &[Line]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=lines.len() {
        if i == lines.len() || lines[i].page_idx != lines[start].page_idx {
            out.push(start..i);
            start = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line's mask, as a string.
    fn masked(t: &str) -> String {
        let mut out = Vec::new();
        mask_into(t, &mut out);
        String::from_utf8(out).expect("masks are UTF-8")
    }

    /// The mask read a character at a time, as its documentation says.
    fn masked_by_characters(t: &str) -> String {
        let mut out = String::new();
        let (mut started, mut space, mut hash) = (false, false, false);
        for c in t.chars() {
            if c.is_whitespace() {
                space = started;
                continue;
            }
            if space {
                out.push(' ');
                (space, hash) = (false, false);
            }
            started = true;
            if c.is_ascii_digit() {
                if !hash {
                    out.push('#');
                }
                hash = true;
                continue;
            }
            hash = c == '#';
            out.extend(c.to_lowercase());
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn titled_page_numbers_are_read_as_the_pattern_reads_them(t in "[A-Za-z é]{0,4}( |\\t|Page|[-–—|]|[ \\t]Page[ \\t]|[0-9]){0,7}[0-9]{0,6}|[a-z]( [a-z]{0,40}){0,3} ?[-|] ?(Page ?)?[0-9]{1,5}") {
            let re = Regex::new(r"^\S.{1,100}?[ \t][-–—|][ \t]*(?:Page[ \t]+)?([0-9]{1,4})$").unwrap();
            let by_pattern = if t.as_bytes().last().is_some_and(u8::is_ascii_digit) && t.contains(char::is_alphabetic) {
                re.captures(&t).and_then(|c| c[1].parse::<i64>().ok())
            } else {
                None
            };
            proptest::prop_assert_eq!(titled_page_number(&t), by_pattern);
        }

        #[test]
        fn masks_read_bytes_as_characters(t in "[a-zA-Z# @\\[`{]{0,40}|[a-zA-Z0-9# @\\[`{\\t\\n\\x0b\\x0c\\r\\u{85}\\u{a0}\\u{2003}ÉİßΣ]{0,40}") {
            proptest::prop_assert_eq!(masked(&t), masked_by_characters(&t));
        }

        #[test]
        fn leader_entries_are_found_as_by_the_pattern(t in "[A-Za-z4 ]{0,8}(\\.{1,4}|(\\. ){1,4}|…{1,2}|_{2,4}|\\.\\.\\.x)?[ .…\t]{0,2}([0-9]{1,5}|[ivxlcI]{1,3}|[a.:])?[ \t]?") {
            proptest::prop_assert_eq!(leader_match(&t).is_some(), leader_re().is_match(&t), "{:?}", t);
        }

        #[test]
        fn leaders_are_found_as_by_substrings(t in "[a. _…é]{0,30}") {
            let plain = t.contains("..") || t.contains(". .") || t.contains("___") || t.contains('…');
            proptest::prop_assert_eq!(has_leader(&t), plain);
        }
    }

    proptest::proptest! {
        #[test]
        fn page_numbers_are_found_as_by_the_pattern(t in "[pP0-9 /of.–—-]{0,12}|(Page|PAGE|p\\.|-|–) ?[0-9]{1,3}( of [0-9]{1,3}| ?[-–—])?") {
            proptest::prop_assert_eq!(is_page_number(&t), page_number_re().is_match(&t));
        }

        #[test]
        fn zone_keys_are_equal_exactly_when_masks_are(a in "[Pp]age ?[0-9]{1,2}|[A-Za-z ]{0,6}", b in "[Pp]age ?[0-9]{1,2}|[A-Za-z ]{0,6}") {
            let key = |t: &str| zone_key(t, false, &mut Vec::new());
            proptest::prop_assert_eq!(key(&a) == key(&b), masked(&a) == masked(&b));
        }
    }

    #[test]
    fn leaders_are_found_wherever_they_stand() {
        for pattern in ["..", ". .", "___", "…"] {
            for len in 0..24 {
                for at in 0..=len {
                    let t = format!("{}{pattern}{}", "a".repeat(at), "é".repeat(len - at));
                    assert!(has_leader(&t), "{t:?}");
                }
            }
        }
        for near in [". a.", "__a_", ".", "a. b. c", "_ _ _", "\u{2025}"] {
            for at in 0..20 {
                let t = format!("{}{near}", "a".repeat(at));
                assert!(!has_leader(&t), "{t:?}");
            }
        }
    }

    #[test]
    fn contents_titles_in_any_case() {
        for t in [
            "Table of Contents",
            "TABLE OF CONTENTS:",
            "Contents (continued)",
            "policy index",
        ] {
            assert!(contents_title(t), "{t:?}");
        }
        for t in [
            "Contents of the vehicle",
            "Table of Contents 2",
            "Index",
            "Contents (continued",
        ] {
            assert!(!contents_title(t), "{t:?}");
        }
    }

    #[test]
    fn masks_digits_and_spacing() {
        assert_eq!(masked("Page  3 of 40"), "page # of #");
        assert_eq!(
            masked("Immigration Violations - 212"),
            "immigration violations - #"
        );
    }

    #[test]
    fn recognizes_leader_lines_and_page_numbers() {
        assert!(leader_re().is_match("428.4 Detainers ........ 212"));
        assert!(leader_re().is_match("Purpose . . . . 3"));
        assert!(!leader_re().is_match("The officer shall wait... then 3"));
        assert!(page_number_re().is_match("Page 3 of 40"));
        assert!(page_number_re().is_match("- 12 -"));
        assert!(!page_number_re().is_match("Page 3 describes"));
        for line in [
            "Page 3 of 40",
            "page 12",
            "3 of 40",
            "12/40",
            "- 12 -",
            "– 7 –",
            "— 7 —",
            "p. 4",
        ] {
            assert!(is_page_number(line), "{line:?}");
        }
        for line in [
            "Page 3 describes",
            "Policy 3",
            "- 12",
            "12 -",
            "3 of 40 pages",
            "Use of Force - 102",
        ] {
            assert!(!is_page_number(line), "{line:?}");
        }
    }
}

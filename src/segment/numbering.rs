//! Part numbers as manuals print them: `Policy 428`, `428.4.1`, `Sec.
//! 2-173-020`, `§ 3`, `Article IV`, `IV.`, `A.`, `1)`, `a.)`, `(b)`, `(iii)`.
//!
//! A line's label is read here; which section it opens is decided by the
//! builder from the sections already open.

use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The letters or digits a list label counts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counter {
    Arabic,
    Upper,
    Lower,
    UpperRoman,
    LowerRoman,
}

/// The punctuation around a list label: `1.`, `1)`, `a.)`, `(1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delim {
    Dot,
    Close,
    DotClose,
    Parens,
}

/// A list numbering style; two labels with the same style are siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ListStyle {
    pub counter: Counter,
    pub delim: Delim,
}

/// A part number split at dots and hyphens, with leading zeros dropped
/// (`428.04` reads as 428, 4), so that `428.1` can find `Policy 428`. It
/// borrows the number as printed and splits it when asked, so reading a
/// label allocates nothing for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key<'a>(&'a str);

impl<'a> Key<'a> {
    pub fn parts(self) -> impl Iterator<Item = &'a str> {
        self.0
            .split(['.', '-'])
            .filter(|s| !s.is_empty())
            .map(|s| s.trim_start_matches('0'))
    }

    pub fn len(self) -> usize {
        self.parts().count()
    }

    /// Whether `prefix`'s parts begin this key's parts.
    pub fn starts_with(self, prefix: Key<'_>) -> bool {
        let mut own = self.parts();
        prefix.parts().all(|p| own.next() == Some(p))
    }

    pub fn first(self) -> Option<&'a str> {
        self.parts().next()
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Key<'_>) -> bool {
        self.parts().eq(other.parts())
    }
}

impl Eq for Key<'_> {}

/// The readings a list label allows: one, or two when a letter is also a
/// roman numeral (`i`, `v`, `x`, `c`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Readings {
    items: [(ListStyle, u32); 2],
    len: u8,
}

impl Readings {
    fn none() -> Readings {
        let arabic = ListStyle {
            counter: Counter::Arabic,
            delim: Delim::Dot,
        };
        Readings {
            items: [(arabic, 0); 2],
            len: 0,
        }
    }

    fn push(&mut self, r: (ListStyle, u32)) {
        if let Some(slot) = self.items.get_mut(usize::from(self.len)) {
            *slot = r;
            self.len += 1;
        }
    }

    pub fn as_slice(&self) -> &[(ListStyle, u32)] {
        &self.items[..usize::from(self.len)]
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// What a label says about where its part sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LabelKind<'a> {
    /// A named part (`Chapter 2`, `Sec. 2-173-020`); `rank` orders the names
    /// from the largest part (title) to the smallest (section).
    Named {
        rank: u8,
        document: bool,
        key: Key<'a>,
    },
    /// A decimal outline number (`428.4.1`, `4.48`, or a bare `428` before a
    /// heading).
    Dotted { key: Key<'a> },
    /// A list label, with every reading it allows (`i.` may be the ninth
    /// letter or roman one) and the ordinal under each reading.
    List { readings: Readings },
}

/// A label read at the start of a line.
#[derive(Debug, Clone)]
pub(crate) struct Label<'a> {
    /// The number as printed, without a trailing dot (`428.4`, `B`, `(1)`,
    /// `Sec. 2-173-020`); only a named part's is respelled.
    pub number: Cow<'a, str>,
    pub kind: LabelKind<'a>,
    /// Byte length of the label (with its delimiter) at the start of the line.
    pub len: usize,
    /// What follows the label on the line.
    pub rest: &'a str,
    /// Whether the label ended with a separator (`Sec. 3.`, `Article IV:`),
    /// which makes it a label even when ordinary text follows.
    pub separated: bool,
}

/// The labels of a document's lines, kept only for the lines that have
/// one (most lines are body text), in the parts they were read in.
pub(crate) struct LineLabels<'a> {
    /// Line numbers in increasing order, each with its label until the
    /// builder takes it; every line of a part comes before the next part's,
    /// and no part is empty.
    parts: Vec<Vec<(usize, Option<Label<'a>>)>>,
    /// Where [`LineLabels::take`] looks first: a part and a place in it.
    next: (usize, usize),
}

impl<'a> LineLabels<'a> {
    /// `at` must be sorted by line.
    #[cfg(test)]
    pub fn new(at: Vec<(usize, Option<Label<'a>>)>) -> LineLabels<'a> {
        LineLabels::from_parts(vec![at])
    }

    /// The labels of consecutive parts of a text, each sorted by line.
    pub fn from_parts(mut parts: Vec<Vec<(usize, Option<Label<'a>>)>>) -> LineLabels<'a> {
        parts.retain(|p| !p.is_empty());
        debug_assert!(
            parts
                .iter()
                .flatten()
                .zip(parts.iter().flatten().skip(1))
                .all(|(a, b)| a.0 < b.0)
        );
        LineLabels {
            parts,
            next: (0, 0),
        }
    }

    /// How many lines have a label.
    pub fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    /// The index of the part that holds `line`'s label if it has one: the
    /// first that reaches as far as `line`.
    fn part_of(&self, line: usize) -> usize {
        self.parts
            .partition_point(|p| p.last().is_some_and(|&(l, _)| l < line))
    }

    /// The label of `line`, if it has one (and it was not taken).
    pub fn get(&self, line: usize) -> Option<&Label<'a>> {
        label_in(self.parts.get(self.part_of(line))?, line)
    }

    /// The labels of the lines in `range` alone: asking a page's few labels
    /// about its lines stays among a few neighbouring entries, where asking
    /// all of a long manual's labels jumps across thousands.
    pub fn within(&self, range: std::ops::Range<usize>) -> LabelsWithin<'_, 'a> {
        let k = self.part_of(range.start);
        let Some(at) = self.parts.get(k) else {
            return LabelsWithin::Some(&[]);
        };
        let from = at.partition_point(|(l, _)| *l < range.start);
        // A page holds a few labels; counting them is cheaper than
        // searching all that follow.
        let to = from
            + at[from..]
                .iter()
                .take_while(|(l, _)| *l < range.end)
                .count();
        // A range that may go on into the next part is asked of all.
        if to == at.len() && k + 1 < self.parts.len() {
            LabelsWithin::All(self)
        } else {
            LabelsWithin::Some(&at[from..to])
        }
    }

    /// Takes the label of `line`; lines are taken in increasing order, so
    /// the search goes on from the last line taken.
    pub fn take(&mut self, line: usize) -> Option<Label<'a>> {
        loop {
            let (k, i) = self.next;
            let part = self.parts.get_mut(k)?;
            match part.get_mut(i) {
                Some((l, _)) if *l < line => self.next.1 += 1,
                Some((l, label)) => return (*l == line).then(|| label.take()).flatten(),
                None => self.next = (k + 1, 0),
            }
        }
    }
}

/// The label of `line` among `at` (sorted by line), if it has one.
fn label_in<'s, 'a>(at: &'s [(usize, Option<Label<'a>>)], line: usize) -> Option<&'s Label<'a>> {
    let k = at.binary_search_by_key(&line, |(l, _)| *l).ok()?;
    at[k].1.as_ref()
}

/// Some lines' labels, from [`LineLabels::within`].
pub(crate) enum LabelsWithin<'s, 'a> {
    /// The labels of the lines asked about.
    Some(&'s [(usize, Option<Label<'a>>)]),
    /// All the labels.
    All(&'s LineLabels<'a>),
}

impl<'s, 'a> LabelsWithin<'s, 'a> {
    /// The label of `line`, if it has one (and it was not taken), as
    /// [`LineLabels::get`] answers for the lines this was made for.
    pub fn get(&self, line: usize) -> Option<&'s Label<'a>> {
        match *self {
            LabelsWithin::Some(at) => label_in(at, line),
            LabelsWithin::All(labels) => labels.get(line),
        }
    }
}

fn label_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)^(?:
                (?P<name>Title|TITLE|Part|PART|Chapter|CHAPTER|Article|ARTICLE|Art\.|ART\.
                  |Division|DIVISION|Section|SECTION|Sec\.|SEC\.|§
                  |Policy|POLICY|General\x20Order|GENERAL\x20ORDER|Special\x20Order|SPECIAL\x20ORDER
                  |Operations\x20Order|OPERATIONS\x20ORDER|Administrative\x20Order|ADMINISTRATIVE\x20ORDER
                  |Executive\x20Order|EXECUTIVE\x20ORDER|Standing\x20Order|STANDING\x20ORDER
                  |Directive|DIRECTIVE|Ordinance|ORDINANCE|Resolution|RESOLUTION)
                (?:[\t\x20]+(?:No\.|NO\.))?
                [\t\x20]*(?P<nid>[0-9]{1,5}[A-Za-z]?(?:[.\-][0-9]{1,5}[A-Za-z]?)*|[IVXLC]{1,7}|[A-Z])
                (?P<ndelim>[.:]|[\t\x20]+[-–—])?
              | (?P<dotted>[0-9]{1,4}[A-Z]?(?:\.(?:[0-9]{1,4}[A-Z]?|[A-Z]|\([0-9a-z]{1,3}\)))+)\.?
              | \((?P<paren>[0-9]{1,3}|[a-z]{1,5}|[A-Z]{1,5})\)
              | (?P<item>[0-9]{1,3}|[a-z]{1,5}|[A-Z]{1,5})(?P<idelim>\.\)|\.|\))
              | (?P<bare>[0-9]{3,4})
            )(?:[\t\x20]+|$)",
        )
        .expect("label pattern")
    })
}

/// Where the label pattern's named groups are, found once: a group looked
/// up by name is looked up in a hash table on every match.
struct Groups {
    name: usize,
    nid: usize,
    ndelim: usize,
    dotted: usize,
    item: usize,
    idelim: usize,
    bare: usize,
}

fn label_groups() -> &'static Groups {
    static GROUPS: OnceLock<Groups> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let names: Vec<Option<&str>> = label_re().capture_names().collect();
        let at = |group: &str| {
            names
                .iter()
                .position(|n| *n == Some(group))
                .expect("the label pattern names this group")
        };
        Groups {
            name: at("name"),
            nid: at("nid"),
            ndelim: at("ndelim"),
            dotted: at("dotted"),
            item: at("item"),
            idelim: at("idelim"),
            bare: at("bare"),
        }
    })
}

/// Part names of one word (besides `§`), as the pattern knows them.
const ONE_WORD_NAMES: &[&str] = &[
    "Title",
    "TITLE",
    "Part",
    "PART",
    "Chapter",
    "CHAPTER",
    "Article",
    "ARTICLE",
    "Art.",
    "ART.",
    "Division",
    "DIVISION",
    "Section",
    "SECTION",
    "Sec.",
    "SEC.",
    "Policy",
    "POLICY",
    "Directive",
    "DIRECTIVE",
    "Ordinance",
    "ORDINANCE",
    "Resolution",
    "RESOLUTION",
];

/// The first words of the pattern's part names of two words (`General
/// Order`).
const TWO_WORD_NAME_STARTS: &[&str] = &[
    "Operations",
    "OPERATIONS",
    "Administrative",
    "ADMINISTRATIVE",
    "Executive",
    "EXECUTIVE",
    "Standing",
    "STANDING",
    "General",
    "GENERAL",
    "Special",
    "SPECIAL",
];

/// Words that start a named part, for the quick test before the pattern.
const NAMES: [&[&str]; 2] = [ONE_WORD_NAMES, TWO_WORD_NAME_STARTS];

/// For each capital letter, the letters that follow it at the start of a
/// name in [`NAMES`] (bit 0 for `a`, in either case): most capitalized
/// words of body text are told from the names by their first two letters.
const NAME_STARTS: [u32; 26] = {
    let mut table = [0; 26];
    let mut k = 0;
    while k < NAMES.len() {
        let mut i = 0;
        while i < NAMES[k].len() {
            let b = NAMES[k][i].as_bytes();
            table[(b[0] - b'A') as usize] |= 1 << (b[1].to_ascii_lowercase() - b'a');
            i += 1;
        }
        k += 1;
    }
    table
};

/// Whether a capitalized word (ASCII, at least two letters) is in
/// [`NAMES`].
fn is_part_name(word: &str) -> bool {
    let b = word.as_bytes();
    let starts = b[1].is_ascii_alphabetic()
        && NAME_STARTS[(b[0] - b'A') as usize] & (1 << (b[1].to_ascii_lowercase() - b'a')) != 0;
    starts && NAMES.iter().any(|names| names.contains(&word))
}

/// The space that ends a label in the label pattern (`[\t\x20]`).
fn is_label_space(b: &u8) -> bool {
    matches!(b, b' ' | b'\t')
}

/// How many such spaces `b` starts with.
fn label_spaces(b: &[u8]) -> usize {
    b.iter().take_while(|c| is_label_space(c)).count()
}

/// Whether the first word of a line could be a label at all; most lines
/// of body text fail here without running the pattern.
fn may_be_label(line: &str) -> bool {
    let b = line.as_bytes();
    let Some(&c) = b.first() else {
        return false;
    };
    if c == b'(' || c.is_ascii_digit() || line.starts_with('§') {
        return true;
    }
    let end = b.iter().position(is_label_space).unwrap_or(b.len());
    let first = &line[..end];
    first.ends_with(['.', ')'])
        || (c.is_ascii_uppercase() && (4..=14).contains(&first.len()) && is_part_name(first))
}

/// Reads the label at the start of `line`, if it has one.
pub(crate) fn parse_label(line: &str) -> Option<Label<'_>> {
    if !may_be_label(line) {
        return None;
    }
    if line.starts_with('(') {
        return paren_label(line);
    }
    let (form, end) = match plain_form(line) {
        Some(read) => read?,
        None => pattern_form(line)?,
    };
    label_of(line, form, end)
}

/// What the label pattern matched at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Form<'a> {
    /// A part name and its number (`Sec. 2-173-020`), with the name as
    /// printed (`Sec.`, `General Order No.`) and whether a separator
    /// followed the number.
    Named {
        name: &'a str,
        printed: &'a str,
        id: &'a str,
        separated: bool,
    },
    Dotted(&'a str),
    Item(&'a str, Delim),
    /// Three or four digits alone (`428` before a heading).
    Bare(&'a str),
}

/// The label pattern's reading of a line that does not start with `(`
/// (those are [`paren_label`]'s): the form, and where the label and the
/// space after it end.
fn pattern_form(line: &str) -> Option<(Form<'_>, usize)> {
    let g = label_groups();
    let c = label_re().captures(line)?;
    let end = c.get(0)?.end();
    let form = if let Some(name) = c.get(g.name) {
        let id = c.get(g.nid)?;
        Form::Named {
            name: name.as_str(),
            printed: line[..id.start()].trim_end(),
            id: id.as_str(),
            separated: c.get(g.ndelim).is_some(),
        }
    } else if let Some(d) = c.get(g.dotted) {
        Form::Dotted(d.as_str())
    } else if let Some(i) = c.get(g.item) {
        let delim = match c.get(g.idelim).map(|m| m.as_str()) {
            Some(".)") => Delim::DotClose,
            Some(")") => Delim::Close,
            _ => Delim::Dot,
        };
        Form::Item(i.as_str(), delim)
    } else {
        Form::Bare(c.get(g.bare)?.as_str())
    };
    Some((form, end))
}

/// The commonest labels read by hand, as the pattern reads them: a first
/// word of digits and dots (`428.4`, `1.`, `428`), or a one-word part
/// name and a plain number (`Policy 428`, `§ 3`), each followed by space
/// or the end of the line. `Some(None)` for such a line that has no
/// label; `None` when the line needs the pattern. Running the pattern
/// on every numbered line was a third of reading lines.
fn plain_form(line: &str) -> Option<Option<(Form<'_>, usize)>> {
    let b = line.as_bytes();
    let spaces_from = |i: usize| i + label_spaces(&b[i..]);
    if b.first()?.is_ascii_digit() {
        let token = b
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b'.')
            .count();
        if !b.get(token).is_none_or(is_label_space) {
            return None;
        }
        let (number, dot) = match line[..token].strip_suffix('.') {
            Some(n) => (n, true),
            None => (&line[..token], false),
        };
        if number.split('.').any(|g| g.is_empty() || g.len() > 4) {
            return None;
        }
        let end = spaces_from(token);
        let form = match (number.contains('.'), dot, number.len()) {
            (true, _, _) => Form::Dotted(number),
            (false, true, 1..=3) => Form::Item(number, Delim::Dot),
            (false, false, 3..=4) => Form::Bare(number),
            (false, true, _) | (false, false, _) => return Some(None),
        };
        return Some(Some((form, end)));
    }
    let name_end = b.iter().position(is_label_space)?;
    let name = &line[..name_end];
    if name != "§" && !ONE_WORD_NAMES.contains(&name) {
        return None;
    }
    let id_start = spaces_from(name_end);
    let digits = b[id_start..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let id_end = id_start + digits;
    if !(1..=5).contains(&digits) || !b.get(id_end).is_none_or(is_label_space) {
        return None;
    }
    // A dash after the number may be a separator (`Policy 428 - Title`).
    let end = spaces_from(id_end);
    if line[end..].starts_with(['-', '\u{2013}', '\u{2014}']) {
        return None;
    }
    let form = Form::Named {
        name,
        printed: name,
        id: &line[id_start..id_end],
        separated: false,
    };
    Some(Some((form, end)))
}

/// The label of `line` read as `form`, the label and the space after it
/// ending at `end`.
fn label_of<'a>(line: &'a str, form: Form<'a>, end: usize) -> Option<Label<'a>> {
    let len = line[..end].trim_end().len();
    let rest = line[end..].trim_end();
    match form {
        Form::Named {
            name,
            printed,
            id,
            separated,
        } => {
            let (rank, document) = name_rank(name);
            let mut number = String::with_capacity(printed.len() + id.len() + 1);
            normalize_name(printed, &mut number);
            number.push(' ');
            number.push_str(id);
            Some(Label {
                number: Cow::Owned(number),
                kind: LabelKind::Named {
                    rank,
                    document,
                    key: Key(id),
                },
                len,
                rest,
                separated,
            })
        }
        Form::Item(item, delim) => {
            let readings = readings(item, delim);
            (!readings.is_empty()).then_some(Label {
                number: Cow::Borrowed(item),
                kind: LabelKind::List { readings },
                len,
                rest,
                separated: true,
            })
        }
        Form::Dotted(key) | Form::Bare(key) => Some(Label {
            number: Cow::Borrowed(key),
            kind: LabelKind::Dotted { key: Key(key) },
            len,
            rest,
            separated: false,
        }),
    }
}

/// Reads a parenthesized list label (`(b)`, `(12)`, `(iv)`) as the
/// pattern's `paren` branch does, which is the only branch that can match a
/// line starting with `(`; parsing it by hand skips the pattern on the most
/// common label lines.
fn paren_label(line: &str) -> Option<Label<'_>> {
    let b = line.as_bytes();
    let first = *b.get(1)?;
    let (class, max): (fn(&u8) -> bool, usize) = if first.is_ascii_digit() {
        (u8::is_ascii_digit, 3)
    } else if first.is_ascii_lowercase() {
        (u8::is_ascii_lowercase, 5)
    } else if first.is_ascii_uppercase() {
        (u8::is_ascii_uppercase, 5)
    } else {
        return None;
    };
    let k = b[1..].iter().take_while(|c| class(c)).count();
    if k > max || b.get(1 + k) != Some(&b')') {
        return None;
    }
    let close = k + 2;
    let spaces = label_spaces(&b[close..]);
    // Copied statute text often loses the space: "(b)complying with ...".
    // A lowercase word straight after a short label still starts an item.
    let glued =
        k <= 2 && b.len() > close + 3 && b[close..close + 3].iter().all(u8::is_ascii_lowercase);
    if spaces == 0 && close < b.len() && !glued {
        return None;
    }
    let p = &line[1..1 + k];
    let readings = readings(p, Delim::Parens);
    (!readings.is_empty()).then(|| Label {
        number: Cow::Borrowed(&line[..close]),
        kind: LabelKind::List { readings },
        len: close,
        rest: line[close + spaces..].trim_end(),
        separated: true,
    })
}

/// How large a named part is (smaller rank = larger part) and whether the
/// name designates a whole document (a policy or an order) rather than a
/// part of one.
fn name_rank(name: &str) -> (u8, bool) {
    const RANKS: &[(&str, (u8, bool))] = &[
        ("title", (0, false)),
        ("part", (1, false)),
        ("chapter", (2, false)),
        ("article", (3, false)),
        ("art.", (3, false)),
        ("division", (4, false)),
        ("policy", (4, true)),
        ("general order", (4, true)),
        ("special order", (4, true)),
        ("directive", (4, true)),
        ("operations order", (4, true)),
        ("administrative order", (4, true)),
        ("executive order", (4, true)),
        ("standing order", (4, true)),
        ("ordinance", (0, true)),
        ("resolution", (0, true)),
    ];
    RANKS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map_or((5, false), |&(_, rank)| rank)
}

/// Appends the printed name in one spelling, so citations read alike:
/// each word capitalized ("SEC." and "sec." read "Sec.", "ARTICLE NO."
/// reads "Article No."), one space between words.
fn normalize_name(name: &str, out: &mut String) {
    for (k, w) in name.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        let mut cs = w.chars();
        if let Some(first) = cs.next() {
            out.push(first.to_ascii_uppercase());
        }
        out.extend(cs.map(|c| c.to_ascii_lowercase()));
    }
}

/// Every (style, ordinal) reading of a list label's counter.
fn readings(s: &str, delim: Delim) -> Readings {
    let mut out = Readings::none();
    let style = |counter| ListStyle { counter, delim };
    if let Ok(n) = s.parse::<u32>() {
        out.push((style(Counter::Arabic), n));
        return out;
    }
    let upper = s.chars().all(|c| c.is_ascii_uppercase());
    if s.len() == 1 {
        let n = u32::from(s.as_bytes()[0].to_ascii_lowercase() - b'a') + 1;
        out.push((
            style(if upper {
                Counter::Upper
            } else {
                Counter::Lower
            }),
            n,
        ));
    }
    if let Some(n) = roman_value(s) {
        out.push((
            style(if upper {
                Counter::UpperRoman
            } else {
                Counter::LowerRoman
            }),
            n,
        ));
    }
    out
}

/// The value of a roman numeral written in one case, up to 399.
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    let digit = |c: u8| match c.to_ascii_uppercase() {
        b'I' => Some(1),
        b'V' => Some(5),
        b'X' => Some(10),
        b'L' => Some(50),
        b'C' => Some(100),
        _ => None,
    };
    let b = s.as_bytes();
    let mut total: i64 = 0;
    for (i, &c) in b.iter().enumerate() {
        let v = digit(c)?;
        if b.get(i + 1).and_then(|&n| digit(n)).is_some_and(|n| n > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    // Only canonical spellings count ("IIII" and "VX" are words or noise).
    let mut canonical = [0u8; 16];
    let len = to_roman(total, &mut canonical);
    canonical[..len].eq_ignore_ascii_case(b).then_some(total)
}

/// Writes the canonical roman spelling of `n` (at most 399, so at most 13
/// letters) into `out`, and returns its length.
fn to_roman(mut n: u32, out: &mut [u8; 16]) -> usize {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut len = 0;
    for (v, r) in TABLE {
        while n >= v && len + r.len() <= out.len() {
            out[len..len + r.len()].copy_from_slice(r.as_bytes());
            len += r.len();
            n -= v;
        }
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_named_parts_with_their_numbers() {
        let l = parse_label("Sec. 2-173-020. Definitions.").unwrap();
        assert_eq!(l.number, "Sec. 2-173-020");
        assert!(l.separated);
        assert_eq!(l.rest, "Definitions.");
        let l = parse_label("SECTION B").unwrap();
        assert_eq!(l.number, "Section B");
        let l = parse_label("§ 3 Scope").unwrap();
        assert_eq!(l.number, "§ 3");
        let l = parse_label("Article IV - PROCEDURES").unwrap();
        assert_eq!(l.number, "Article IV");
        assert_eq!(l.rest, "PROCEDURES");
        assert_eq!(
            parse_label("GENERAL ORDER  NO.\t4.48").unwrap().number,
            "General Order No. 4.48"
        );
        assert_eq!(parse_label("ART. 3").unwrap().number, "Art. 3");
        assert!(matches!(
            parse_label("ARTICLE IV").unwrap().kind,
            LabelKind::Named {
                rank: 3,
                document: false,
                ..
            }
        ));
        assert!(matches!(
            parse_label("General Order 12").unwrap().kind,
            LabelKind::Named {
                rank: 4,
                document: true,
                ..
            }
        ));
        assert!(parse_label("Policy Manual").is_none());
        assert!(parse_label("Section of the code").is_none());
    }

    #[test]
    fn reads_dotted_and_list_labels() {
        let l = parse_label("428.4.1 SUPERVISOR DUTIES").unwrap();
        assert_eq!(l.number, "428.4.1");
        assert_eq!(
            l.kind,
            LabelKind::Dotted {
                key: Key("428.04.1")
            }
        );
        let l = parse_label("1.A.(2) Officers shall").unwrap();
        assert_eq!(
            l.kind,
            LabelKind::Dotted {
                key: Key("1.A.(2)")
            }
        );
        let l = parse_label("a.) Officers shall").unwrap();
        assert_eq!(l.number, "a");
        assert_eq!(l.rest, "Officers shall");
        let l = parse_label("(iv) the fourth").unwrap();
        match l.kind {
            LabelKind::List { readings } => {
                let readings = readings.as_slice();
                assert_eq!(readings.len(), 1);
                assert_eq!(readings[0].0.counter, Counter::LowerRoman);
                assert_eq!(readings[0].1, 4);
            }
            other => panic!("unexpected {other:?}"),
        }
        // "i." may be a letter or a numeral; both readings are kept.
        match parse_label("i. item").unwrap().kind {
            LabelKind::List { readings } => assert_eq!(readings.as_slice().len(), 2),
            other => panic!("unexpected {other:?}"),
        }
        assert!(parse_label("(abc) nope").is_none());
        assert!(parse_label("4.5hours").is_none());
    }

    #[test]
    fn parenthesized_labels_read_as_the_pattern_reads_them() {
        for line in [
            "(a) honor a detainer.",
            "(b)",
            "(12)\tthe twelfth",
            "(iv)  the fourth  ",
            "(ABCDE) five capitals",
            "(abcdef) six letters",
            "(1234) four digits",
            "(1a) mixed",
            "(a)b no space",
            "(NEW) (a) note",
            "() empty",
            "(é) accent",
            "(",
        ] {
            let by_hand = paren_label(line).map(|l| (l.number, l.kind, l.len, l.rest));
            let by_pattern = label_re().captures(line).and_then(|c| {
                let p = c.name("paren")?.as_str();
                let readings = readings(p, Delim::Parens);
                let all = c.get(0)?;
                (!readings.is_empty()).then(|| {
                    (
                        Cow::Owned(format!("({p})")),
                        LabelKind::List { readings },
                        all.as_str().trim_end().len(),
                        line[all.end()..].trim_end(),
                    )
                })
            });
            assert_eq!(by_hand, by_pattern, "{line:?}");
        }
        assert_eq!(paren_label("(c) x").map(|l| l.len), Some(3));
    }

    /// Every reading by hand that [`plain_form`] gives is the pattern's.
    fn check_plain_form(line: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        if let Some(read) = plain_form(line) {
            proptest::prop_assert_eq!(read, pattern_form(line), "{:?}", line);
        }
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn numbers_read_by_hand_read_as_the_pattern_reads_them(
            t in "[0-9.]{1,10}([ \t]{0,3}|[)A-Za-z:\\-])(x|Immigration|[ \t]|\\.)?",
        ) {
            check_plain_form(&t)?;
        }

        #[test]
        fn named_parts_read_by_hand_read_as_the_pattern_reads_them(
            t in "(Policy|POLICY|Sec\\.|SEC\\.|§|Part|Parts|Art\\.|Article|General|Title|Chapter|Resolution)[ \t]{0,2}(No\\.)?[ \t]{0,2}[0-9]{0,7}[A-Za-z.:)\\-]?[ \t]{0,2}[-–—x:]?[ \t]?(Use of Force)?",
        ) {
            check_plain_form(&t)?;
        }
    }

    #[test]
    fn common_labels_are_read_by_hand() {
        for line in [
            "428.4 IMMIGRATION",
            "1. Members",
            "428",
            "Policy 428",
            "§ 3",
            "12 hours",
        ] {
            assert!(plain_form(line).is_some(), "{line:?}");
            check_plain_form(line).expect("as the pattern reads it");
        }
        for line in [
            "Policy 428 - Immigration",
            "General Order 4",
            "a. Members",
            "428.4A x",
        ] {
            assert!(plain_form(line).is_none(), "{line:?}");
        }
    }

    /// The first word of a line, read as before the quick tests.
    fn may_be_label_plainly(line: &str) -> bool {
        let first = line.split([' ', '\t']).next().unwrap_or("");
        let Some(c) = first.chars().next() else {
            return false;
        };
        c == '('
            || c == '§'
            || c.is_ascii_digit()
            || first.ends_with(['.', ')'])
            || (c.is_ascii_uppercase()
                && (4..=14).contains(&first.len())
                && NAMES.concat().contains(&first))
    }

    proptest::proptest! {
        #[test]
        fn label_starts_are_found_as_plainly(t in "(Policy|POLICY|Sec\\.|SECTION|Sections|Part|Parts|Art\\.|Arts|Ordinance|Orders|Staff|Title|Ti|Général|§|\\(|4|a\\.|é)?[ \t]?[A-Za-z.)é]{0,6}") {
            proptest::prop_assert_eq!(may_be_label(&t), may_be_label_plainly(&t));
        }
    }

    #[test]
    fn every_part_name_passes_the_quick_test() {
        for name in NAMES.concat() {
            assert!(may_be_label(&format!("{name} 4")), "{name}");
        }
        for word in ["Officers", "Supervisors", "Sections", "Partial", "Staff"] {
            assert!(!may_be_label(&format!("{word} shall")), "{word}");
        }
    }

    #[test]
    fn roman_numerals_are_canonical() {
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(roman_value("cccxcix"), Some(399));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value("a"), None);
        assert_eq!(roman_value("ví"), None);
    }

    #[test]
    fn keys_compare_part_by_part() {
        let k = Key("428.04.1");
        assert_eq!(k.len(), 3);
        assert_eq!(k.first(), Some("428"));
        assert!(k.starts_with(Key("428")));
        assert!(k.starts_with(Key("428.4")));
        assert!(!k.starts_with(Key("42")));
        assert!(!Key("4284").starts_with(Key("428")));
        assert!(!Key("428").starts_with(k));
        assert_eq!(Key("2-173-020"), Key("2.173.20"));
        assert_ne!(Key("2-173"), Key("2-173-020"));
    }

    #[test]
    fn line_labels_are_taken_once_in_line_order() {
        let mut labels = LineLabels::new(vec![
            (2, parse_label("(a) first")),
            (7, parse_label("(b) second")),
        ]);
        assert!(labels.get(3).is_none());
        assert_eq!(labels.get(7).map(|l| l.rest), Some("second"));
        assert!(labels.take(1).is_none());
        assert_eq!(labels.take(2).map(|l| l.number), Some("(a)".into()));
        assert!(labels.take(2).is_none());
        assert!(labels.get(2).is_none());
        assert!(labels.take(5).is_none());
        assert_eq!(labels.take(7).map(|l| l.rest), Some("second"));
        assert!(labels.take(9).is_none());
    }

    proptest::proptest! {
        /// Labels read in parts answer as one list would, for single lines
        /// and for ranges of lines, wherever the parts are cut.
        #[test]
        fn labels_in_parts_answer_as_one_list(
            lines in proptest::collection::btree_set(0usize..60, 0..20),
            cuts in proptest::collection::vec(0usize..60, 0..5),
            ranges in proptest::collection::vec((0usize..62, 0usize..8), 1..8),
        ) {
            let label = |i: usize| parse_label(["(a) x", "(b) y", "(c) z"][i % 3]);
            let whole: Vec<usize> = lines.iter().copied().collect();
            let mut cuts = cuts;
            cuts.sort_unstable();
            let mut parts: Vec<Vec<(usize, Option<Label<'_>>)>> = vec![Vec::new()];
            for &l in &whole {
                if cuts.iter().filter(|&&c| c <= l).count() >= parts.len() {
                    parts.push(Vec::new());
                }
                parts.last_mut().unwrap().push((l, label(l)));
            }
            let mut labels = LineLabels::from_parts(parts);
            proptest::prop_assert_eq!(labels.len(), whole.len());
            for (start, len) in ranges {
                let within = labels.within(start..start + len);
                for l in start..start + len {
                    proptest::prop_assert_eq!(within.get(l).is_some(), whole.contains(&l));
                }
            }
            for l in 0..62 {
                proptest::prop_assert_eq!(labels.get(l).is_some(), whole.contains(&l));
            }
            for l in (0..62).step_by(2) {
                proptest::prop_assert_eq!(labels.take(l).is_some(), whole.contains(&l));
                proptest::prop_assert!(labels.get(l).is_none());
            }
        }
    }
}

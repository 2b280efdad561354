//! Stage 2, segmentation: [`Document`] → sections and clauses.
//!
//! Page furniture (running headers and footers, page numbers, contents
//! pages) is set aside first. The remaining lines are read as part labels
//! (`428.4`, `Sec. 2-173-020`, `IV.`, `(b)`), unnumbered headings, bullets or
//! body text; labels open sections whose nesting follows from the sections
//! already open, and body text is split into sentence clauses that keep
//! their section, citation, headings, lead-in and page, even when a sentence
//! runs across a page break.

mod bytes8;
mod furniture;
mod handoff;
mod numbering;
mod sentences;

pub use sentences::split_sentences;

use crate::model::{
    Clause, ClauseId, ClauseText, Document, PageCursor, Section, Segmented, SourceKind, Span,
};
use compact_str::{CompactString, format_compact};
use handoff::Handoff;
use numbering::{Counter, Delim, Key, Label, LabelKind, LineLabels, ListStyle, parse_label};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Bytes of text per parallel task when splitting it into lines.
const PAR_SPLIT_BYTES: usize = 256 * 1024;

/// Paragraphs per parallel task when building clauses.
const PAR_PARAS: usize = 256;

/// Deepest nesting of sections kept; deeper labels become siblings, so that
/// hostile input cannot build an unbounded tree.
const MAX_DEPTH: usize = 24;

/// Why a piece of the text is not part of any clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SkipKind {
    /// A line repeated at the top of pages.
    Header,
    /// A line repeated at the bottom of pages.
    Footer,
    /// "Page 3 of 40", "- 3 -" or a bare page number.
    PageNumber,
    /// A table-of-contents page or entry.
    Contents,
    /// A heading, which titles a section instead of being a clause.
    Heading,
    /// A part number such as `428.4` or `(b)`.
    Label,
    /// A bullet character before a list item.
    Bullet,
}

/// A piece of text that segmentation set aside, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    pub kind: SkipKind,
    pub span: Span,
}

/// The full result of segmentation: the sections and clauses, and every
/// piece of text that is in neither, so callers (and tests) can account for
/// all of a document's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub segmented: Segmented,
    pub skipped: Vec<Skipped>,
}

/// A heading known from outside the text, such as a PDF bookmark: its
/// title and the 1-based page it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingHint {
    pub page: u32,
    pub title: String,
    /// Nesting, 0 for top-level bookmarks; hinted headings nest by it.
    pub level: usize,
}

/// Segments a document into sections and clauses.
pub fn segment(doc: &Document) -> Segmented {
    layout(doc).segmented
}

/// Segments a document, taking a line that matches a hint on its page (or
/// the page after) as a heading even when it does not look like one.
pub fn segment_with_hints(doc: &Document, hints: &[HeadingHint]) -> Segmented {
    layout_with_hints(doc, hints).segmented
}

/// Segments a document and also reports the furniture, headings and labels
/// that were set aside.
pub fn layout(doc: &Document) -> Layout {
    layout_with_hints(doc, &[])
}

/// [`layout`] with heading hints (see [`segment_with_hints`]).
pub fn layout_with_hints(doc: &Document, hints: &[HeadingHint]) -> Layout {
    // A helper thread splits paragraphs into clauses while the builder
    // reads on, when the document is long and there is a core for it (not
    // when this already runs on one of several parallel tasks, as in a
    // batch of files).
    let helper = doc.text.len() >= handoff::HELPER_FROM_BYTES
        && rayon::current_num_threads() > 1
        && rayon::current_thread_index().is_none();
    layout_helped(doc, hints, helper)
}

/// [`layout_with_hints`], with or without a helper thread; the result is
/// the same.
fn layout_helped(doc: &Document, hints: &[HeadingHint], helper: bool) -> Layout {
    let (lines, labels, facts) = read_lines(&doc.text);
    let furniture = furniture::find(&doc.text, &lines, &labels);
    let edge_blank = edge_blanks(&lines, &furniture.kinds);
    let next_starts_lower = next_starts_lower(&facts, &furniture.kinds);
    let mut b = Builder::new(doc, &lines, furniture.toc_titles, edge_blank, labels, facts);
    b.next_starts_lower = next_starts_lower;
    b.hints = hints
        .iter()
        .map(|h| ((h.page, furniture::title_key(&h.title)), h.level))
        .filter(|((_, k), _)| !k.is_empty())
        .collect();
    let feed = |b: &mut Builder<'_>| {
        for (i, kind) in furniture.kinds.iter().enumerate() {
            match kind {
                Some(k) => b.skip(*k, lines[i].start, lines[i].end),
                None => b.line(i),
            }
        }
    };
    if !helper {
        feed(&mut b);
        let split = b.end();
        return b.finish(Vec::new(), split);
    }
    // The builder and the helper are the two sides of a join on the
    // thread pool, so that they take its two threads rather than starting
    // a third; should no other thread take up the helper's side, the
    // builder has split everything by the time it gets there.
    let queue = Handoff::default();
    b.handoff = Some(&queue);
    let (split, helped) = rayon::join(
        || {
            // Should the builder panic, the helper must not wait for more
            // paragraphs: the join waits for it before the panic goes on.
            let _closed_at_end = handoff::CloseOnDrop(&queue);
            feed(&mut b);
            b.end()
        },
        || queue.work(doc),
    );
    b.finish(helped, split)
}

/// One line of the text: the byte range of its content without surrounding
/// space, and the index of its page (form feeds counted).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    pub start: usize,
    pub end: usize,
    pub page_idx: usize,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.start == self.end
    }
}

/// A part of the text read by [`read_lines`]: its lines, with page indices
/// counted from the part's start, their labels and facts, with line
/// numbers counted from the part's first line, and its page breaks.
type PartRead<'t> = (Vec<Line>, Vec<(usize, Option<Label<'t>>)>, Vec<u8>, usize);

/// The lines of a text, each line's label (kept only for the lines that
/// have one) and its [`line_facts`]. Reading labels and facts is pure and
/// among the costlier per-line steps, so it is done with the splitting, in
/// parallel parts of a long text cut after line breaks, while each line's
/// text is at hand; each part's page and line numbers then move on by
/// those before it.
fn read_lines(text: &str) -> (Vec<Line>, LineLabels<'_>, Vec<u8>) {
    let parts = text.len() / PAR_SPLIT_BYTES;
    let mut cuts = vec![0];
    for k in 1..parts {
        let from = (text.len() * k / parts).max(*cuts.last().expect("a cut"));
        if let Some(p) = memchr::memchr(b'\n', &text.as_bytes()[from..]) {
            cuts.push(from + p + 1);
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    if cuts.len() == 1 {
        // An empty text is one empty line.
        cuts.push(text.len());
    }
    let read = |w: &[usize]| -> PartRead<'_> {
        let mut lines = lines_of(text, w[0], w[1]);
        // A part that ends after a line break has no line after it; only
        // the text's last part ends with one (empty or not). That line is
        // on the page after the part's last form feed.
        let pages = lines.last().map_or(0, |l| l.page_idx);
        if w[1] < text.len() {
            lines.pop();
        }
        // A numbered manual labels about one line in five.
        let mut labels = Vec::with_capacity(lines.len() / 4);
        let mut facts = Vec::with_capacity(lines.len());
        for (j, l) in lines.iter().enumerate() {
            if l.is_blank() {
                facts.push(0);
                continue;
            }
            let t = &text[l.start..l.end];
            if let Some(label) = parse_label(t) {
                labels.push((j, Some(label)));
            }
            facts.push(line_facts(t));
        }
        (lines, labels, facts, pages)
    };
    let read: Vec<PartRead<'_>> = if cuts.len() <= 2 {
        vec![read(&cuts)]
    } else {
        cuts.par_windows(2).map(read).collect()
    };
    let count = |f: fn(&PartRead<'_>) -> usize| read.iter().map(f).sum::<usize>();
    let mut lines = Vec::with_capacity(count(|r| r.0.len()));
    let mut facts = Vec::with_capacity(lines.capacity());
    // Labels stay in their parts' vectors, renumbered where they are.
    let mut labels = Vec::with_capacity(read.len());
    let mut pages_before = 0;
    for (part_lines, mut part_labels, part_facts, pages) in read {
        let lines_before = lines.len();
        for (j, _) in &mut part_labels {
            *j += lines_before;
        }
        labels.push(part_labels);
        lines.extend(part_lines.into_iter().map(|mut l| {
            l.page_idx += pages_before;
            l
        }));
        facts.extend(part_facts);
        pages_before += pages;
    }
    (lines, LineLabels::from_parts(labels), facts)
}

/// The lines of `text[from..to]` (which starts a line), with page indices
/// counted from 0 at `from`. The last line runs to `to`, empty if `to`
/// follows a line break.
fn lines_of(text: &str, from: usize, to: usize) -> Vec<Line> {
    let mut out = Vec::with_capacity((to - from) / 40 + 1);
    let mut page_idx = 0;
    let mut start = from;
    let mut push = |start: usize, end: usize, page_idx: usize| {
        let raw = &text[start..end];
        let lead = raw.len() - raw.trim_start().len();
        let s = start + lead;
        out.push(Line {
            start: s,
            end: s + raw.trim().len(),
            page_idx,
        });
    };
    // Line and page breaks are found in one vectorized pass over the part;
    // a search per line cost more than the lines.
    for p in memchr::memchr2_iter(b'\n', b'\x0c', &text.as_bytes()[from..to]) {
        let i = from + p;
        push(start, i, page_idx);
        if text.as_bytes()[i] == b'\x0c' {
            page_idx += 1;
        }
        start = i + 1;
    }
    push(start, to, page_idx);
    out
}

/// How an open section was numbered; decides what may nest inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OpenKind<'a> {
    Named {
        rank: u8,
        document: bool,
        key: Key<'a>,
    },
    Dotted {
        key: Key<'a>,
    },
    List {
        style: ListStyle,
        ordinal: u32,
    },
    /// An unnumbered heading; rank 0 for all capitals, 1 for title case.
    Heading {
        rank: u8,
    },
    /// A Markdown `#` heading with its level.
    Markdown {
        level: usize,
    },
}

/// What kind of number gave a section its citation; decides how a child's
/// number is appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CiteKind {
    None,
    Document,
    Named,
    Dotted,
    ParenList,
    List,
}

struct Open<'a> {
    idx: usize,
    kind: OpenKind<'a>,
}

/// Body lines gathered for one paragraph or list item; its lines are the
/// open batch's lines from `from` on.
struct Para {
    from: usize,
    section: Option<usize>,
    bullet: bool,
}

/// A finished paragraph with everything its clauses share; its sentences
/// are split into clauses after the whole document is read, in parallel.
struct ParaJob {
    /// Its lines' range in [`Batch::lines`].
    lines: std::ops::Range<usize>,
    section: Option<usize>,
    lead_in: Option<Arc<str>>,
}

/// Finished paragraphs, and the (start, end) of their lines in one vector,
/// so that a paragraph costs no allocation of its own.
#[derive(Default)]
struct Batch {
    jobs: Vec<ParaJob>,
    lines: Vec<(usize, usize)>,
}

impl Batch {
    fn with_capacity(jobs: usize, lines: usize) -> Batch {
        Batch {
            jobs: Vec::with_capacity(jobs),
            lines: Vec::with_capacity(lines),
        }
    }
}

struct Builder<'a> {
    doc: &'a Document,
    text: &'a str,
    lines: &'a [Line],
    /// Each line's label, read ahead; taken when the line is read.
    labels: LineLabels<'a>,
    /// Paragraphs waiting to be split into clauses (and the lines of the
    /// open paragraph).
    batch: Batch,
    /// Where finished batches of paragraphs go, in order, while the builder
    /// reads on, on a long document.
    handoff: Option<&'a Handoff>,
    toc_titles: HashSet<String>,
    /// For each line, whether only blanks and furniture lie between it and
    /// an edge of its page (such blanks do not end a paragraph).
    edge_blank: Vec<bool>,
    out: Segmented,
    skipped: Vec<Skipped>,
    stack: Vec<Open<'a>>,
    cite_kinds: Vec<CiteKind>,
    leads: Vec<Option<Arc<str>>>,
    pending_lead: Option<(Option<usize>, Arc<str>)>,
    para: Option<Para>,
    last_content_end: usize,
    /// A section opened by a bare label, waiting for its title on the next line.
    fresh: Option<usize>,
    /// A section whose all-capitals heading may continue on the next line,
    /// with how many lines it already has.
    heading_open: Option<(usize, usize)>,
    /// Whether the previous content line ended a sentence or a part.
    prev_finished: bool,
    /// For each line, whether the next line is content that starts with a
    /// lowercase letter (so a short capitalized line above it is the start
    /// of a sentence, not a heading).
    next_starts_lower: Vec<bool>,
    /// Each line's [`line_facts`].
    facts: Vec<u8>,
    /// Buffers for reading the last sentence of a paragraph that ends
    /// with a colon (a list's lead-in).
    scratch: Scratch,
    lead_text: String,
    /// Pages of the text read (the starts of skipped text and sections),
    /// and of the ends of sections.
    pages: PageCursor<'a>,
    end_pages: PageCursor<'a>,
    /// The line being read.
    current: usize,
    /// (page, normalized title) of headings known from bookmarks, with
    /// their nesting level.
    hints: HashMap<(u32, String), usize>,
}

impl<'a> Builder<'a> {
    fn new(
        doc: &'a Document,
        lines: &'a [Line],
        toc_titles: HashSet<String>,
        edge_blank: Vec<bool>,
        labels: LineLabels<'a>,
        facts: Vec<u8>,
    ) -> Self {
        // Nearly every section opens at a label, and a few at headings: room
        // for these, so the vector seldom grows (and copies) on long
        // manuals.
        let mut out = Segmented::default();
        out.sections.reserve(labels.len() + labels.len() / 8 + 16);
        Builder {
            doc,
            text: &doc.text,
            lines,
            labels,
            batch: Batch::with_capacity(PAR_PARAS, PAR_PARAS * 4),
            handoff: None,
            toc_titles,
            edge_blank,
            out,
            skipped: Vec::with_capacity(lines.len() / 2),
            stack: Vec::new(),
            cite_kinds: Vec::new(),
            leads: Vec::new(),
            pending_lead: None,
            para: None,
            last_content_end: 0,
            fresh: None,
            heading_open: None,
            prev_finished: true,
            next_starts_lower: Vec::new(),
            facts,
            pages: doc.page_cursor(),
            end_pages: doc.page_cursor(),
            scratch: Scratch::default(),
            lead_text: String::new(),
            current: 0,
            hints: HashMap::new(),
        }
    }

    fn skip(&mut self, kind: SkipKind, start: usize, end: usize) {
        if start < end {
            self.skipped.push(Skipped {
                kind,
                span: Span {
                    page: self.pages.page_at(start),
                    start,
                    end,
                },
            });
        }
    }

    fn line(&mut self, i: usize) {
        self.current = i;
        let line = self.lines[i];
        if line.is_blank() {
            // A sentence cut by a blank line ("surveillance of a", "",
            // "person or group based ...") goes on: the paragraph before
            // has no end mark and the next line starts in lowercase.
            let cut_sentence =
                self.para.is_some() && !self.prev_finished && self.next_content_starts_lower(i);
            if !self.edge_blank[i] && !cut_sentence {
                // A bare part number keeps waiting for its title across a
                // blank line ("Policy 428", "", "Immigration Violations").
                self.flush();
                self.prev_finished = true;
                self.heading_open = None;
            }
            return;
        }
        let t = &self.text[line.start..line.end];
        let facts = self.facts[i];
        let (field, caps) = (facts & FIELD != 0, facts & CAPS != 0);
        let fresh = self.fresh.take();
        let heading_open = self.heading_open.take();

        // Web pages and Word files mark their headings the same way.
        if matches!(
            self.doc.kind,
            SourceKind::Markdown | SourceKind::Html | SourceKind::Docx
        ) && let Some(level) = markdown_level(t)
        {
            self.markdown_heading(line, level);
        } else if let Some(len) = bullet_len(t) {
            self.flush();
            self.skip(SkipKind::Bullet, line.start, line.start + len);
            let body = t[len..].trim_start();
            self.start_para(line.end - body.len(), line.end, true);
        } else if let Some(label) = self.labels.take(i).filter(|l| self.accepts(l)) {
            self.labelled(line, label);
        } else if let Some((idx, n)) = heading_open.filter(|&(_, n)| n < 3 && caps && !field) {
            // A long all-capitals heading wrapped onto this line.
            self.flush();
            self.skip(SkipKind::Heading, line.start, line.end);
            let h = self.out.sections[idx].heading.get_or_insert_default();
            h.push(' ');
            h.push_str(clean_heading(t));
            self.heading_open = Some((idx, n + 1));
            self.prev_finished = true;
        } else if self.para_is_finished()
            && !field
            && self.is_heading_with(t, caps, || facts & HEADING_LIKE != 0)
        {
            self.flush();
            self.skip(SkipKind::Heading, line.start, line.end);
            let heading = CompactString::from(clean_heading(t));
            let idx = match fresh {
                Some(idx) if self.out.sections[idx].heading.is_none() => {
                    self.out.sections[idx].heading = Some(heading);
                    idx
                }
                _ => {
                    // Bookmarked headings nest by their bookmark level, below
                    // headings found in the text alone.
                    let rank = match self.hint_level(t) {
                        Some(level) => 2 + level.min(20) as u8,
                        None if caps => 0,
                        None => 1,
                    };
                    self.open(OpenKind::Heading { rank }, None, Some(heading), line.start)
                }
            };
            if caps {
                self.heading_open = Some((idx, 1));
            }
            self.prev_finished = true;
        } else {
            if field {
                // "SUBJECT: ...", "EFFECTIVE DATE: ..." in a memo or order
                // header are separate entries, not one sentence.
                self.flush();
            }
            match &self.para {
                Some(_) => self.batch.lines.push((line.start, line.end)),
                None => self.start_para(line.start, line.end, false),
            }
            self.prev_finished = t.ends_with(['.', ':', ';', '?', '!']);
        }
        self.last_content_end = self.last_content_end.max(line.end);
    }

    /// Whether the first content line after line `i` (past blanks) starts
    /// with a lowercase letter.
    fn next_content_starts_lower(&self, i: usize) -> bool {
        (i + 1..self.lines.len().min(i + 4))
            .find(|&k| !self.lines[k].is_blank())
            .is_some_and(|k| self.facts[k] & LOWER_START != 0)
    }

    fn para_is_finished(&self) -> bool {
        self.para.is_none() || self.prev_finished
    }

    /// The bookmark level of a line that a heading hint names, on its page
    /// or the page before.
    fn hint_level(&self, t: &str) -> Option<usize> {
        if self.hints.is_empty() || t.len() > 300 {
            return None;
        }
        let page = self.doc.page_at(self.lines[self.current].start);
        let key = furniture::title_key(t);
        self.hints
            .get(&(page, key.clone()))
            .or_else(|| self.hints.get(&(page.saturating_sub(1), key)))
            .copied()
    }

    fn is_heading(&self, t: &str) -> bool {
        self.is_heading_with(t, is_all_caps(t), || looks_like_heading(t))
    }

    /// [`Builder::is_heading`] with whether `t` is in capitals and whether
    /// it looks like a heading, when these are known already.
    fn is_heading_with(&self, t: &str, caps: bool, looks: impl FnOnce() -> bool) -> bool {
        if self.hint_level(t).is_some() {
            return true;
        }
        if self.next_starts_lower.get(self.current) == Some(&true) && !caps {
            return false;
        }
        looks()
            || (!self.toc_titles.is_empty()
                && t.len() <= 120
                && self.toc_titles.contains(&furniture::title_key(t)))
    }

    fn start_para(&mut self, start: usize, end: usize, bullet: bool) {
        self.para = Some(Para {
            from: self.batch.lines.len(),
            section: self.stack.last().map(|o| o.idx),
            bullet,
        });
        self.batch.lines.push((start, end));
        self.prev_finished = self.text[start..end].ends_with(['.', ':', ';', '?', '!']);
    }

    fn markdown_heading(&mut self, line: Line, level: usize) {
        self.flush();
        self.skip(SkipKind::Heading, line.start, line.end);
        let t = self.text[line.start..line.end]
            .trim_start_matches('#')
            .trim();
        let (number, heading) = match parse_label(t) {
            Some(l) => (
                Some(CompactString::from(l.number)),
                CompactString::from(clean_heading(l.rest)),
            ),
            None => (None, CompactString::from(clean_heading(t))),
        };
        let heading = (!heading.is_empty()).then_some(heading);
        self.open(OpenKind::Markdown { level }, number, heading, line.start);
        self.prev_finished = true;
    }

    /// Whether a label read at the start of a line really numbers a part,
    /// rather than being text that happens to start a wrapped line.
    fn accepts(&self, l: &Label<'_>) -> bool {
        let lower_rest = l.rest.chars().next().is_some_and(|c| c.is_lowercase());
        let unfinished = !self.para_is_finished();
        match &l.kind {
            LabelKind::Named { .. } => {
                (l.separated || l.rest.is_empty() || looks_like_heading(l.rest))
                    && !(unfinished && lower_rest)
            }
            LabelKind::Dotted { key } => {
                if key.len() == 1 {
                    return !l.rest.is_empty() && is_all_caps(l.rest);
                }
                let plausible = self.dotted_parent(*key).is_some();
                plausible || !(unfinished || lower_rest)
            }
            LabelKind::List { readings } => {
                let (score, _) = self.best_reading(readings.as_slice());
                match score {
                    3 | 2 => true,
                    1 => !(unfinished && lower_rest),
                    _ => false,
                }
            }
        }
    }

    /// Picks the reading of a list label that fits the open lists best:
    /// 3 = next in an open list, 2 = later in an open list, 1 = starts a new
    /// list, 0 = fits nothing.
    fn best_reading(&self, readings: &[(ListStyle, u32)]) -> (u8, (ListStyle, u32)) {
        let mut best = (0, readings[0]);
        for &(style, n) in readings {
            let open = self.stack.iter().rev().find_map(|o| match o.kind {
                OpenKind::List { style: s, ordinal } if s == style => Some(ordinal),
                _ => None,
            });
            let score = match open {
                Some(prev) if prev + 1 == n => 3,
                Some(prev) if prev < n => 2,
                _ if n == 1 => 1,
                _ => 0,
            };
            if score > best.0 {
                best = (score, (style, n));
            }
        }
        best
    }

    /// The stack position of the open part a decimal number belongs under.
    fn dotted_parent(&self, key: Key<'_>) -> Option<usize> {
        self.stack.iter().rposition(|o| match &o.kind {
            OpenKind::Named { key: k, .. } | OpenKind::Dotted { key: k } => {
                k.len() < key.len() && key.starts_with(*k)
            }
            // "1.A" belongs under the list item "1.".
            OpenKind::List { style, ordinal } => {
                style.counter == Counter::Arabic
                    && style.delim == Delim::Dot
                    && key.len() > 1
                    && key.first().and_then(|f| f.parse::<u32>().ok()) == Some(*ordinal)
            }
            _ => false,
        })
    }

    fn labelled(&mut self, line: Line, l: Label<'a>) {
        self.flush();
        let label_end = line.start + l.len;
        self.skip(SkipKind::Label, line.start, label_end);
        let rest = l.rest.trim();
        let kind = match &l.kind {
            LabelKind::Named {
                rank,
                document,
                key,
            } => OpenKind::Named {
                rank: *rank,
                document: *document,
                key: *key,
            },
            LabelKind::Dotted { key } => OpenKind::Dotted { key: *key },
            LabelKind::List { readings } => {
                let (_, (style, ordinal)) = self.best_reading(readings.as_slice());
                OpenKind::List { style, ordinal }
            }
        };
        let parens = matches!(&kind, OpenKind::List { style, .. } if style.delim == Delim::Parens);
        let titled = !rest.is_empty()
            && if parens {
                is_all_caps(rest) && looks_like_heading(rest)
            } else {
                self.is_heading(rest)
            };
        // A catchline after a section number: "Sec. 3. Severability. If any
        // part...", "908A.101 Short title.-This chapter...".
        let catch = match (&kind, titled) {
            (OpenKind::Named { .. } | OpenKind::Dotted { .. }, false) => catchline(rest, 6),
            // "1. Detainers. Detention staff should..."
            (OpenKind::List { .. }, false) if !parens => {
                catchline(rest, 3).filter(|&(_, body)| body < rest.len())
            }
            _ => None,
        };
        let titled = titled || catch.is_some();
        let heading = match catch {
            Some((h, _)) => Some(CompactString::from(clean_heading(&rest[..h]))),
            None => titled.then(|| CompactString::from(clean_heading(rest))),
        };
        let idx = self.open(
            kind,
            Some(CompactString::from(l.number)),
            heading,
            line.start,
        );
        let rest_start = line.end - rest.len();
        if let Some((_, body)) = catch {
            self.skip(SkipKind::Heading, rest_start, rest_start + body);
            if body < rest.len() {
                self.start_para(rest_start + body, line.end, false);
            } else {
                self.prev_finished = true;
            }
        } else if titled {
            self.skip(SkipKind::Heading, rest_start, line.end);
            if is_all_caps(rest) {
                self.heading_open = Some((idx, 1));
            }
            self.prev_finished = true;
        } else if rest.is_empty() {
            self.fresh = Some(idx);
            self.prev_finished = true;
        } else if let Some(pos) = matches!(
            self.stack.last().map(|o| &o.kind),
            Some(OpenKind::Named { .. } | OpenKind::Dotted { .. })
        )
        .then(|| inline_first_item(rest))
        .flatten()
        {
            // "Sec. 2. (NEW) (a) No officer shall...": the text before the
            // first subsection belongs to the section, the rest opens (a).
            if pos > 0 {
                self.start_para(rest_start, rest_start + rest[..pos].trim_end().len(), false);
                self.flush();
            }
            let sub = Line {
                start: rest_start + pos,
                end: line.end,
                page_idx: line.page_idx,
            };
            match parse_label(&rest[pos..]) {
                Some(l) => self.labelled(sub, l),
                None => self.start_para(sub.start, sub.end, false),
            }
        } else {
            self.start_para(rest_start, line.end, false);
        }
    }

    /// Opens a section of the given kind, closing the sections it ends, and
    /// returns its index.
    fn open(
        &mut self,
        kind: OpenKind<'a>,
        number: Option<CompactString>,
        heading: Option<CompactString>,
        start: usize,
    ) -> usize {
        let keep = self.keep_for(&kind);
        self.close_to(keep.min(MAX_DEPTH - 1));
        let parent = self.stack.last().map(|o| o.idx);
        let (citation, cite_kind) = self.citation(parent, &kind, number.as_deref());
        let page = self.pages.page_at(start);
        let idx = self.out.sections.len();
        let is_list = matches!(kind, OpenKind::List { .. });
        self.out.sections.push(Section {
            number,
            heading,
            level: self.stack.len(),
            parent,
            citation,
            span: Span {
                page,
                start,
                end: start,
            },
            page_start: page,
            page_end: page,
        });
        self.cite_kinds.push(cite_kind);
        let lead = match &self.pending_lead {
            Some((sec, text)) if is_list && *sec == parent => Some(text.clone()),
            _ => None,
        };
        if !is_list {
            self.pending_lead = None;
        }
        self.leads.push(lead);
        self.stack.push(Open { idx, kind });
        idx
    }

    /// How many open sections stay open when a section of `kind` opens.
    fn keep_for(&self, kind: &OpenKind<'_>) -> usize {
        let s = &self.stack;
        let keep_while = |f: &dyn Fn(&OpenKind<'_>) -> bool| -> usize {
            s.iter().rposition(|o| f(&o.kind)).map_or(0, |p| p + 1)
        };
        match kind {
            OpenKind::Named { rank, .. } => {
                if let Some(p) = s
                    .iter()
                    .rposition(|o| matches!(&o.kind, OpenKind::Named { rank: r, .. } if r == rank))
                {
                    return p;
                }
                // Text quoted into a part ("Section 1. Chapter 2.94 is added
                // to read as follows:") nests a larger part inside a smaller.
                let quoting = matches!(
                    (&self.pending_lead, s.last()),
                    (Some((Some(sec), _)), Some(top)) if *sec == top.idx
                        && matches!(top.kind, OpenKind::Named { .. })
                );
                if quoting {
                    return s.len();
                }
                keep_while(&|k| match k {
                    OpenKind::Named { rank: r, .. } => r < rank,
                    OpenKind::Markdown { .. } => true,
                    _ => false,
                })
            }
            OpenKind::Dotted { key } => {
                if let Some(p) = self.dotted_parent(*key) {
                    return p + 1;
                }
                if let Some(p) = s.iter().rposition(
                    |o| matches!(&o.kind, OpenKind::Dotted { key: k } if k.len() >= key.len()),
                ) {
                    return p;
                }
                keep_while(&|k| matches!(k, OpenKind::Named { .. } | OpenKind::Markdown { .. }))
            }
            OpenKind::List { style, .. } => {
                match s.iter().rposition(
                    |o| matches!(&o.kind, OpenKind::List { style: st, .. } if st == style),
                ) {
                    Some(p) => p,
                    None => s.len(),
                }
            }
            OpenKind::Heading { rank } => {
                // Headings close untitled list items and headings of the same
                // or lower rank; they stay inside titled parts.
                let mut n = s.len();
                while n > 0 {
                    let o = &s[n - 1];
                    let untitled = self.out.sections[o.idx].heading.is_none();
                    let closes = match &o.kind {
                        OpenKind::List { .. } => untitled,
                        OpenKind::Heading { rank: r } => r >= rank,
                        _ => false,
                    };
                    if !closes {
                        break;
                    }
                    n -= 1;
                }
                n
            }
            OpenKind::Markdown { level } => {
                keep_while(&|k| matches!(k, OpenKind::Markdown { level: l } if l < level))
            }
        }
    }

    fn close_to(&mut self, keep: usize) {
        while self.stack.len() > keep {
            let o = self.stack.pop().expect("stack longer than keep");
            let s = &mut self.out.sections[o.idx];
            s.span.end = self.last_content_end.max(s.span.start);
            s.page_end = self
                .end_pages
                .page_at(s.span.end.saturating_sub(1).max(s.span.start));
        }
        if let Some((Some(sec), _)) = &self.pending_lead
            && !self.stack.iter().any(|o| o.idx == *sec)
        {
            self.pending_lead = None;
        }
    }

    /// The citation of a new section under `parent`.
    fn citation(
        &self,
        parent: Option<usize>,
        kind: &OpenKind<'_>,
        number: Option<&str>,
    ) -> (CompactString, CiteKind) {
        let (pc, pk) = parent.map_or(("", CiteKind::None), |p| {
            (self.out.sections[p].citation.as_str(), self.cite_kinds[p])
        });
        let Some(own) = number else {
            return (CompactString::from(pc), pk);
        };
        match kind {
            OpenKind::Named {
                document,
                key,
                rank,
            } => {
                let kind = if *document {
                    CiteKind::Document
                } else {
                    CiteKind::Named
                };
                // "Article IV, Section 2", but "Sec. 2-173-020" alone under
                // "Chapter 2-173", and a part quoted into a smaller one alone.
                let parent_named = parent.and_then(|p| {
                    self.stack
                        .iter()
                        .find(|o| o.idx == p)
                        .and_then(|o| match &o.kind {
                            OpenKind::Named { key, rank, .. } => Some((*key, *rank)),
                            _ => None,
                        })
                });
                let joins = parent_named.is_some_and(|(k, r)| !key.starts_with(k) && r < *rank);
                let parent_own = parent.and_then(|p| self.out.sections[p].number.as_deref());
                if let (CiteKind::Named, true, false, Some(po)) = (pk, joins, *document, parent_own)
                {
                    (format_compact!("{po}, {own}"), kind)
                } else {
                    (CompactString::from(own), kind)
                }
            }
            OpenKind::Dotted { .. } => (CompactString::from(own), CiteKind::Dotted),
            OpenKind::List { style, .. } => {
                let parens = style.delim == Delim::Parens;
                let ck = if parens {
                    CiteKind::ParenList
                } else {
                    CiteKind::List
                };
                let bare = own.trim_start_matches('(').trim_end_matches(')');
                let cite = match pk {
                    CiteKind::None | CiteKind::Document => CompactString::from(own),
                    _ if pc.is_empty() => CompactString::from(own),
                    _ if parens => format_compact!("{pc}{own}"),
                    CiteKind::List => format_compact!("{pc}.{bare}"),
                    CiteKind::Named | CiteKind::Dotted | CiteKind::ParenList => {
                        format_compact!("{pc}({bare})")
                    }
                };
                (cite, ck)
            }
            // A numbered heading of a web page, Word file or Markdown file
            // ("428.4 Inquiries") numbers the items under it as a numbered
            // heading line of a PDF does: "428.4(a)".
            OpenKind::Markdown { .. } if matches!(pk, CiteKind::None | CiteKind::Document) => {
                (CompactString::from(own), CiteKind::Dotted)
            }
            OpenKind::Heading { .. } | OpenKind::Markdown { .. } => (CompactString::from(own), pk),
        }
    }

    /// Ends the open paragraph: queues it to be split into sentence
    /// clauses, and keeps its last sentence as the lead-in of a list when it
    /// ends with a colon.
    fn flush(&mut self) {
        let Some(p) = self.para.take() else { return };
        let section = p.section;
        let lead_in = match &self.pending_lead {
            Some((sec, text)) if p.bullet && *sec == section => Some(text.clone()),
            _ => self.lead_for(section),
        };
        // The last clause ends with a colon exactly when the paragraph's
        // text does; only then is its text needed now.
        let lines = p.from..self.batch.lines.len();
        let colon = self.batch.lines[lines.clone()]
            .iter()
            .rev()
            .map(|&(s, e)| self.text[s..e].trim_end())
            .find(|t| !t.is_empty())
            .is_some_and(announces_a_list);
        let last_text = colon.then(|| {
            let Scratch {
                joined: buffer,
                map,
                sentences,
            } = &mut self.scratch;
            let joined = join_lines_into(self.text, &self.batch.lines[lines.clone()], buffer, map);
            sentences.clear();
            sentences::split_sentences_into(joined, sentences);
            let lead = &mut self.lead_text;
            lead.clear();
            if let Some(&(s, e)) = sentences.last() {
                collapse_into(&joined[s..e], lead);
            }
            Arc::<str>::from(lead.as_str())
        });
        let bullet = p.bullet;
        self.batch.jobs.push(ParaJob {
            lines,
            section,
            lead_in,
        });
        if self.batch.jobs.len() == PAR_PARAS
            && let Some(h) = self.handoff
        {
            let next = Batch::with_capacity(PAR_PARAS, self.batch.lines.len());
            h.push(std::mem::replace(&mut self.batch, next));
        }
        if bullet {
            // A bullet that ends with a colon ("• 'Sanctuary policy' means
            // any rule that:") leads the labeled items under it.
            if let Some(t) = last_text {
                self.pending_lead = Some((section, t));
            }
            return;
        }
        match last_text {
            Some(t) => self.pending_lead = Some((section, t)),
            None => {
                if self
                    .pending_lead
                    .as_ref()
                    .is_some_and(|(sec, _)| *sec == section)
                {
                    self.pending_lead = None;
                }
            }
        }
    }

    fn lead_for(&self, mut section: Option<usize>) -> Option<Arc<str>> {
        for _ in 0..=MAX_DEPTH {
            let i = section?;
            if let Some(l) = &self.leads[i] {
                return Some(l.clone());
            }
            section = self.out.sections[i].parent;
        }
        None
    }

    /// Ends the last paragraph and section, and splits the paragraphs not
    /// handed off yet into clauses, in runs numbered from 0 each.
    fn end(&mut self) -> Vec<Vec<Clause>> {
        self.flush();
        self.close_to(0);
        let last = std::mem::take(&mut self.batch);
        match self.handoff {
            // The queue keeps the builder's order, and the helper takes
            // batches from its front: its clauses come first, already
            // numbered. This thread splits the open batch, then takes
            // batches from the back until the two meet.
            Some(h) => {
                h.close();
                let mut split = vec![];
                let mut next = Some(last);
                while let Some(mut batch) = next {
                    split.push(handoff::split_batch(self.doc, &mut batch));
                    next = h.take_last();
                }
                split.reverse();
                split
            }
            None => handoff::split_all(self.doc, last),
        }
    }

    /// The layout, from the clauses the helper split (the first batches,
    /// in order) and the runs [`Builder::end`] split after them.
    fn finish(mut self, mut clauses: Vec<Clause>, split: Vec<Vec<Clause>>) -> Layout {
        clauses.reserve(split.iter().map(Vec::len).sum::<usize>());
        for c in split {
            let first = clauses.len();
            clauses.extend(c.into_iter().enumerate().map(|(k, mut c)| {
                c.id = ClauseId(first + k);
                c
            }));
        }
        self.out.clauses = clauses;
        Layout {
            segmented: self.out,
            skipped: self.skipped,
        }
    }
}

/// A paragraph's lines joined by newlines, with where each line starts in
/// the joined text and in the document (in `map`). The text is built in
/// `joined`, a buffer kept from one paragraph to the next, except for a
/// paragraph of one line, which is not copied.
fn join_lines_into<'t>(
    text: &'t str,
    lines: &[(usize, usize)],
    joined: &'t mut String,
    map: &mut Vec<(usize, usize)>,
) -> &'t str {
    map.clear();
    if let [(s, e)] = lines {
        map.push((0, *s));
        return &text[*s..*e];
    }
    joined.clear();
    for &(s, e) in lines {
        if !joined.is_empty() {
            joined.push('\n');
        }
        map.push((joined.len(), s));
        joined.push_str(&text[s..e]);
    }
    joined
}

/// Buffers [`para_clauses`] reuses from one paragraph to the next.
#[derive(Default)]
pub(super) struct Scratch {
    joined: String,
    map: Vec<(usize, usize)>,
    sentences: Vec<(usize, usize)>,
}

/// Clauses being split from paragraphs, numbered by their place. The texts
/// of a run of clauses (a batch of paragraphs) are written one after
/// another into one buffer, which the run's clauses share once it is
/// sealed.
pub(super) struct Clauses {
    clauses: Vec<Clause>,
    texts: String,
    /// The range in `texts` of each clause of the open run.
    ranges: Vec<std::ops::Range<usize>>,
    /// Where the open run starts in `clauses`; until the run is sealed,
    /// its clauses' texts are empty.
    first: usize,
}

impl Clauses {
    pub fn with_capacity(n: usize, text: usize) -> Clauses {
        Clauses {
            clauses: Vec::with_capacity(n),
            texts: String::with_capacity(text),
            ranges: Vec::new(),
            first: 0,
        }
    }

    /// Gives the open run's clauses their texts, in one shared buffer, and
    /// opens a new run.
    pub fn seal(&mut self) {
        let buf: Arc<str> = Arc::from(self.texts.as_str());
        for (c, r) in self.clauses[self.first..]
            .iter_mut()
            .zip(self.ranges.drain(..))
        {
            c.text = ClauseText::shared(&buf, r);
        }
        self.texts.clear();
        self.first = self.clauses.len();
    }

    /// The clauses, each with its text.
    pub fn into_vec(mut self) -> Vec<Clause> {
        self.seal();
        self.clauses
    }
}

/// Splits a finished paragraph into sentence clauses, appended to `out`.
/// The paragraph's shared fields move into its last clause.
fn para_clauses(
    pages: &mut PageCursor<'_>,
    text: &str,
    j: &mut ParaJob,
    lines: &[(usize, usize)],
    scratch: &mut Scratch,
    out: &mut Clauses,
) {
    let Scratch {
        joined: buffer,
        map,
        sentences,
    } = scratch;
    let joined = join_lines_into(text, &lines[j.lines.clone()], buffer, map);
    let to_doc = |p: usize| -> usize {
        let k = map.partition_point(|&(js, _)| js <= p).saturating_sub(1);
        let (js, ds) = map[k];
        ds + (p - js)
    };
    sentences.clear();
    sentences::split_sentences_into(joined, sentences);
    let mut sentences = sentences.iter().copied().peekable();
    while let Some((s, e)) = sentences.next() {
        let from = out.texts.len();
        collapse_into(&joined[s..e], &mut out.texts);
        if out.texts.len() == from {
            continue;
        }
        out.ranges.push(from..out.texts.len());
        let start = to_doc(s);
        let end = to_doc(e - 1) + 1;
        let lead_in = if sentences.peek().is_none() {
            j.lead_in.take()
        } else {
            j.lead_in.clone()
        };
        out.clauses.push(Clause {
            id: ClauseId(out.clauses.len()),
            text: ClauseText::default(),
            span: Span {
                page: pages.page_at(start),
                start,
                end,
            },
            section: j.section,
            lead_in,
        });
    }
}

/// Whether a paragraph's last line leads into a list: it ends with a
/// colon, or announces what follows ("... with the information detailed
/// below.", "... the following.").
fn announces_a_list(t: &str) -> bool {
    if t.ends_with(':') {
        return true;
    }
    // Asked of nearly every paragraph: compare in place, without a
    // lowercased copy of the line.
    t.ends_with('.')
        && [
            "the following",
            "as follows",
            "detailed below",
            "listed below",
            "set forth below",
            "set out below",
        ]
        .iter()
        .any(|w| {
            t.as_bytes()
                .windows(w.len())
                .any(|x| x.eq_ignore_ascii_case(w.as_bytes()))
        })
}

/// For each line, whether no content line (furniture does not count) lies
/// between it and the start or the end of its page.
fn edge_blanks(lines: &[Line], furniture: &[Option<SkipKind>]) -> Vec<bool> {
    let empty = |k: usize| lines[k].is_blank() || furniture[k].is_some();
    let n = lines.len();
    let mut out = vec![false; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j < n && lines[j].page_idx == lines[i].page_idx {
            j += 1;
        }
        // Lines i..j are one page.
        let first = (i..j).find(|&k| !empty(k));
        let last = (i..j).rev().find(|&k| !empty(k));
        for (k, flag) in out.iter_mut().enumerate().take(j).skip(i) {
            *flag = match (first, last) {
                (Some(f), Some(l)) => k < f || k > l,
                _ => true,
            };
        }
        i = j;
    }
    out
}

/// The level of a Markdown heading line (`## Title` → 2).
fn markdown_level(t: &str) -> Option<usize> {
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t'])).then_some(hashes)
}

/// The byte length of a bullet and the space after it, if the line has one.
fn bullet_len(t: &str) -> Option<usize> {
    let c = t.chars().next()?;
    if !matches!(
        c,
        '•' | '●' | '▪' | '◦' | '■' | '□' | '➢' | '►' | '‣' | '-' | '*' | '–' | 'o'
    ) {
        return None;
    }
    let after = &t[c.len_utf8()..];
    let body = after.trim_start();
    // "o" is a bullet only in the form Word makes of it ("o  item").
    let needs = if c == 'o' { 2 } else { 1 };
    (after.len() - body.len() >= needs && !body.is_empty()).then(|| t.len() - body.len())
}

/// Where the first subsection label ("(a)", "(1)") starts in the text
/// after a section number, when only parenthetical notes such as "(NEW)"
/// or "(Effective October 1, 2019)" come before it.
fn inline_first_item(rest: &str) -> Option<usize> {
    let mut i = 0;
    for _ in 0..4 {
        let tail = &rest[i..];
        let skip = tail.len() - tail.trim_start().len();
        i += skip;
        let tail = &rest[i..];
        if !tail.starts_with('(') {
            return None;
        }
        let close = tail.find(')').filter(|&c| c <= 60)?;
        let inner = &tail[1..close];
        if matches!(inner, "a" | "1" | "A" | "i") {
            return tail[close + 1..].starts_with(' ').then_some(i);
        }
        i += close + 1;
    }
    None
}

/// For each line, whether the next line holds content that starts with a
/// lowercase letter.
fn next_starts_lower(facts: &[u8], furniture: &[Option<SkipKind>]) -> Vec<bool> {
    let mut out = vec![false; facts.len()];
    for i in 0..facts.len().saturating_sub(1) {
        out[i] = furniture[i + 1].is_none() && facts[i + 1] & LOWER_START != 0;
    }
    out
}

/// A line is a header field ("SUBJECT: Detainers"); see [`is_field_line`].
const FIELD: u8 = 1;
/// A line is in capitals; see [`is_all_caps`].
const CAPS: u8 = 2;
/// A line looks like a heading; see [`looks_like_heading`].
const HEADING_LIKE: u8 = 4;
/// A line starts with a lowercase letter.
const LOWER_START: u8 = 8;

/// What the builder asks of a line's own text, as flags.
fn line_facts(t: &str) -> u8 {
    let mut f = 0;
    if is_field_line(t) {
        f |= FIELD;
    }
    if is_all_caps(t) {
        f |= CAPS;
    }
    if looks_like_heading(t) {
        f |= HEADING_LIKE;
    }
    if t.chars().next().is_some_and(char::is_lowercase) {
        f |= LOWER_START;
    }
    f
}

/// A header field of a memo or order: a short capitalized name, a colon
/// and a value on the same line.
fn is_field_line(t: &str) -> bool {
    // Bytes are read while they are ASCII; a character outside ASCII sends
    // the reading back to the start, a character at a time.
    let ascii = t
        .bytes()
        .enumerate()
        .map_while(|(i, b)| b.is_ascii().then_some((i, char::from(b))));
    field_line_reading(t, ascii)
        .or_else(|| field_line_reading(t, t.char_indices()))
        .unwrap_or(false)
}

/// Reads a field's name from `chars` (each with its offset in `t`) up to
/// the colon, giving up at the first character or word that cannot be in
/// it, so that a sentence is not searched to its end for a colon; None
/// when the characters run out first.
fn field_line_reading(t: &str, chars: impl Iterator<Item = (usize, char)>) -> Option<bool> {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in chars {
        if c == ':' {
            return Some((1..=3).contains(&words) && !t[i + 1..].trim().is_empty());
        }
        if c == ' ' {
            in_word = false;
        } else if !c.is_alphabetic() || (!in_word && !c.is_uppercase()) {
            return Some(false);
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > 3 || (words == 1 && i > 0) {
                return Some(false);
            }
        }
    }
    None
}

/// A short title ending in a period at the start of a section's text:
/// returns the title's length and where the text after it starts.
fn catchline(rest: &str, max_words: usize) -> Option<(usize, usize)> {
    let first = rest.chars().next()?;
    if !first.is_uppercase() {
        return None;
    }
    let dot = rest.find('.')?;
    let title = &rest[..dot];
    let words = title.split_whitespace().count();
    let whole = rest[dot + 1..].trim().is_empty();
    if words == 0
        || words > if whole { 2 * max_words } else { max_words }
        || title
            .split_whitespace()
            .any(|w| ["shall", "must", "may", "will", "should", "is", "are"].contains(&w))
        || !title
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || c == '&')
    {
        return None;
    }
    let after = &rest[dot + 1..];
    let sep = after.len() - after.trim_start_matches(['-', '—', '–', ' ', '\t']).len();
    let body = dot + 1 + sep;
    if body < rest.len() && sep == 0 {
        return None;
    }
    Some((dot, body))
}

fn clean_heading(t: &str) -> &str {
    t.trim().trim_end_matches([':', '.']).trim_end()
}

/// Words a title-case heading may leave in lowercase.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
    "under", "into", "upon", "vs.", "v.", "per",
];

/// A line reads as a heading: short, all capitals or title case, and not the
/// end or middle of a sentence.
fn looks_like_heading(line: &str) -> bool {
    !reads_as_sentence(line) && looks_like_heading_fully(line)
}

/// Whether a line plainly starts a sentence: a capitalized first word and
/// a second word in lowercase that a title would not leave so ("Officers
/// shall ..."). Most body lines are told apart here, a byte at a time;
/// anything less plain (other spaces, characters outside ASCII) is left to
/// the full reading, which gives false for every line this gives true.
fn reads_as_sentence(line: &str) -> bool {
    let b = line.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let word_end = |from: usize| -> Option<usize> {
        for (k, &c) in b[from..].iter().enumerate() {
            if c >= 0x80 {
                return None;
            }
            if c.is_ascii_whitespace() {
                return Some(from + k);
            }
        }
        Some(b.len())
    };
    let Some(first_end) = word_end(0) else {
        return false;
    };
    if b.get(first_end) != Some(&b' ') {
        return false;
    }
    let second = first_end + 1;
    if !b.get(second).is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    let Some(second_end) = word_end(second) else {
        return false;
    };
    let word = &line[second..second_end];
    !SMALL_WORDS.contains(&word)
}

/// [`looks_like_heading`], read in full.
fn looks_like_heading_fully(line: &str) -> bool {
    // Most lines that come here are the rest of a wrapped sentence.
    if line.as_bytes().first().is_some_and(u8::is_ascii_lowercase) {
        return false;
    }
    let t = line.trim();
    if t.len() < 3 || t.len() > 100 || t.ends_with([',', ';', '-']) {
        return false;
    }
    let Some(first) = t.chars().next() else {
        return false;
    };
    // Most body lines fail on their first or second word; the word checks
    // below run lazily for that reason.
    if first.is_lowercase() {
        return false;
    }
    if is_all_caps(t) {
        return words(t).nth(14).is_none() && (!t.ends_with('.') || t.len() < 60);
    }
    if !first.is_uppercase() {
        return false;
    }
    // Words first: a sentence fails on its first small word, before the
    // whole line is searched for punctuation.
    let mut n = 0;
    let mut last = "";
    for w in words(t) {
        n += 1;
        let capital = w
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic());
        if n > 10 || !(capital || SMALL_WORDS.contains(&w)) {
            return false;
        }
        last = w;
    }
    let punctuated = t
        .bytes()
        .any(|b| matches!(b, b':' | b',' | b'.' | b';' | b'"' | b'('))
        || t.contains('\u{201c}');
    if punctuated && !t.ends_with("..") {
        return false;
    }
    // The small words are ASCII, so only an ASCII fold can match them.
    let last = last.trim_end_matches([':', '.']);
    t.chars().filter(|c| c.is_alphabetic()).nth(1).is_some()
        && (n == 1 || !SMALL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(last)))
}

/// The words of `t` between runs of white space, as
/// [`str::split_whitespace`] gives them; a text all in ASCII is split a
/// byte at a time.
fn words(t: &str) -> Words<'_> {
    if t.is_ascii() {
        Words::Ascii(t, 0)
    } else {
        Words::Any(t.split_whitespace())
    }
}

enum Words<'a> {
    /// An ASCII text and where the next word is looked for.
    Ascii(&'a str, usize),
    Any(std::str::SplitWhitespace<'a>),
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Words::Ascii(t, at) => {
                let b = t.as_bytes();
                let start = *at + b[*at..].iter().take_while(|&&c| is_ascii_space(c)).count();
                let end = start
                    + b[start..]
                        .iter()
                        .take_while(|&&c| !is_ascii_space(c))
                        .count();
                *at = end;
                (start < end).then(|| &t[start..end])
            }
            Words::Any(words) => words.next(),
        }
    }
}

fn is_all_caps(t: &str) -> bool {
    // Bytes while they are ASCII, then the characters from the first that
    // is not.
    let mut letters = 0;
    for (i, &b) in t.as_bytes().iter().enumerate() {
        if b >= 0x80 {
            return all_caps_from(&t[i..], letters);
        }
        if b.is_ascii_lowercase() {
            return false;
        }
        if b.is_ascii_uppercase() {
            letters += 1;
        }
    }
    letters >= 3
}

/// Whether `t` has no lowercase letter and, with the `letters` already
/// counted, at least three letters.
fn all_caps_from(t: &str, mut letters: usize) -> bool {
    for c in t.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 3
}

/// Joins a multi-line span into one line: line-end hyphens between letters
/// are removed, other line breaks become spaces, spaces are collapsed.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    collapse_into(s, &mut out);
    out
}

/// [`collapse`], appending to `out`.
fn collapse_into(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    let base = out.len();
    let (mut i, _) = space_run(s, 0);
    // Text runs from `copied` to the next white space that is not a single
    // plain space; such runs are copied whole, not word by word.
    let mut copied = i;
    while i < n {
        i = next_unusual(bytes, i);
        if i == n {
            break;
        }
        let b = bytes[i];
        // Bytes rather than chars: text is mostly ASCII, and only a
        // multi-byte character needs decoding to know whether it is a space.
        if b < 0x80 && !is_ascii_space(b) {
            i += 1;
            continue;
        }
        let len = space_len(s, i);
        if len == 0 {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let run = i;
        let (end, newline) = space_run(s, i);
        i = end;
        if i == n {
            // Trailing space is dropped.
            out.push_str(&s[copied..run]);
            return;
        }
        if b == b' ' && i == run + 1 {
            continue;
        }
        out.push_str(&s[copied..run]);
        copied = i;
        if newline && ends_in_broken_word(&out[base..]) {
            // "immi-" + "gration" joins; "Anti-" + "Sanctuary" keeps its
            // hyphen but loses the line break.
            if s[i..].starts_with(char::is_lowercase) {
                out.pop();
            }
        } else {
            out.push(' ');
        }
    }
    out.push_str(&s[copied..]);
}

/// The first byte at or after `from` that [`collapse`] must look at: a
/// control character, a byte of a character outside ASCII, or a space that
/// is not a single one between printable ASCII characters. Eight bytes are
/// tested at a time; most words of a policy have none of these.
fn next_unusual(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(w) = bytes8::word_at(bytes, i) {
        let high = w & bytes8::HIGH;
        let control = bytes8::control(w);
        let space = bytes8::equal(w, b' ');
        // A space is unusual when the next byte is any of these, or when
        // the next byte is in the next word (then it is looked at anyway).
        let odd = high | control | space;
        let unusual = high | control | (space & ((odd >> 8) | bytes8::HIGH << 56));
        if unusual != 0 {
            return i + bytes8::first(unusual);
        }
        i += 8;
    }
    while i < bytes.len() {
        let b = bytes[i];
        let next_plain = bytes.get(i + 1).is_some_and(|&c| (0x21..0x80).contains(&c));
        if !(0x20..0x80).contains(&b) || (b == b' ' && !next_plain) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// Whether `out` ends in a word a line break cut: a hyphen right after a
/// letter.
fn ends_in_broken_word(out: &str) -> bool {
    out.strip_suffix('-')
        .and_then(|s| s.chars().next_back())
        .is_some_and(char::is_alphabetic)
}

/// The white space characters of ASCII.
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Where the run of white space from byte `i` of `s` (a char boundary)
/// ends, and whether it holds a line break.
fn space_run(s: &str, mut i: usize) -> (usize, bool) {
    let mut newline = false;
    while i < s.len() {
        let len = space_len(s, i);
        if len == 0 {
            break;
        }
        newline |= s.as_bytes()[i] == b'\n';
        i += len;
    }
    (i, newline)
}

/// The length in bytes of the white space character at byte `i` of `s` (a
/// char boundary), or 0 when another character is there.
fn space_len(s: &str, i: usize) -> usize {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return usize::from(is_ascii_space(b));
    }
    s[i..]
        .chars()
        .next()
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_pages("t", SourceKind::Text, &[text.to_string()])
    }

    fn find<'a>(s: &'a Segmented, start: &str) -> &'a Clause {
        s.clauses
            .iter()
            .find(|c| c.text.starts_with(start))
            .unwrap_or_else(|| panic!("no clause starting {start:?} in {:#?}", s.clauses))
    }

    #[test]
    fn lexipol_sections_nest_and_cite() {
        let d = doc(
            "Policy 428\nImmigration Violations\n\n428.1 PURPOSE AND SCOPE\nThis policy guides members.\n\n428.4 DETAINERS\nMembers shall not:\n(a) honor a detainer. It is void.\n(b) ask about status.\n",
        );
        let s = segment(&d);
        let c = find(&s, "ask about status");
        assert_eq!(s.citation(c), Some("428.4(b)"));
        assert_eq!(s.headings(c), vec!["Immigration Violations", "DETAINERS"]);
        assert_eq!(c.lead_in.as_deref(), Some("Members shall not:"));
        assert_eq!(s.citation(find(&s, "honor a detainer")), Some("428.4(a)"));
        assert_eq!(s.citation(find(&s, "It is void")), Some("428.4(a)"));
        assert_eq!(find(&s, "Members shall not:").lead_in, None);
        let purpose = find(&s, "This policy");
        assert_eq!(s.citation(purpose), Some("428.1"));
    }

    #[test]
    fn general_order_outline_cites_with_dots() {
        let d = doc(
            "GENERAL ORDER 07-12\n\nI. PURPOSE\nTo guide officers.\n\nIV. PROCEDURES\nA. Contacts\n1. Officers shall not ask victims about status.\n2. Officers shall accept consular cards.\nB. Arrests\n1. Officers may arrest for crimes.\n",
        );
        let s = segment(&d);
        assert_eq!(
            s.citation(find(&s, "Officers shall accept")),
            Some("IV.A.2")
        );
        assert_eq!(s.citation(find(&s, "Officers may arrest")), Some("IV.B.1"));
        assert_eq!(
            s.headings(find(&s, "Officers may arrest")),
            vec!["PROCEDURES", "Arrests"]
        );
        assert_eq!(s.citation(find(&s, "To guide")), Some("I"));
    }

    #[test]
    fn ordinance_sections_cite_with_parentheses() {
        let d = doc(
            "CHAPTER 2-173\nCOMMUNITY TRUST\n\nSec. 2-173-020. Prohibited acts.\n(a) No agent shall stop a person\n    solely to ask about status.\n(b) No agent shall honor a detainer.\n    (1) unless a judge signed it;\n",
        );
        let s = segment(&d);
        let a = find(&s, "No agent shall stop");
        assert_eq!(s.citation(a), Some("Sec. 2-173-020(a)"));
        assert_eq!(
            a.text,
            "No agent shall stop a person solely to ask about status."
        );
        assert_eq!(
            s.citation(find(&s, "unless a judge")),
            Some("Sec. 2-173-020(b)(1)")
        );
    }

    #[test]
    fn header_fields_in_capitals_are_text_not_headings() {
        let s = segment(&doc(
            "GENERAL ORDER 41-3\n\nSUBJECT: CONTACTS WITH FEDERAL\nIMMIGRATION AUTHORITIES\nPAGES: 4\n\n1. POLICY\nIt applies.\n",
        ));
        assert_eq!(
            find(&s, "SUBJECT").text,
            "SUBJECT: CONTACTS WITH FEDERAL IMMIGRATION AUTHORITIES"
        );
        assert_eq!(find(&s, "PAGES").text, "PAGES: 4");
        assert_eq!(s.headings(find(&s, "It applies")), vec!["POLICY"]);
    }

    #[test]
    fn first_subsection_on_the_section_line_gets_its_own_citation() {
        let s = segment(&doc(
            "Sec. 2. (NEW) (Effective October 1, 2019) (a) No officer shall hold a person.\n(b) No officer shall ask.\n",
        ));
        assert_eq!(
            s.citation(find(&s, "No officer shall hold")),
            Some("Sec. 2(a)")
        );
        assert_eq!(s.citation(find(&s, "(NEW)")), Some("Sec. 2"));
        assert_eq!(
            s.citation(find(&s, "No officer shall ask")),
            Some("Sec. 2(b)")
        );
    }

    #[test]
    fn capitalized_word_that_starts_a_wrapped_sentence_is_not_a_heading() {
        let s = segment(&doc(
            "A. Federal Response\n\n1. Deputies\nmay hold the subject for 45 minutes.\n",
        ));
        assert_eq!(
            find(&s, "Deputies").text,
            "Deputies may hold the subject for 45 minutes."
        );
        assert_eq!(s.citation(find(&s, "Deputies")), Some("A.1"));
    }

    #[test]
    fn bookmark_hints_make_headings_of_lines_that_do_not_look_like_them() {
        // Distinct lines around the title, so that it is not at the top or
        // bottom of its page where running headers live.
        let filler = |p: usize| -> String {
            (1..=6)
                .map(|i| format!("Rule {p}-{i} applies.\n"))
                .collect()
        };
        let pages = vec![
            format!(
                "{}\nDetainers, holds and warrants\nNo one is held.\n{}",
                filler(1),
                filler(2)
            ),
            format!(
                "{}\nDetainers, holds and warrants\nThis line is text.\n{}",
                filler(3),
                filler(4)
            ),
        ];
        let d = Document::from_pages("t", SourceKind::Text, &pages);
        assert!(segment(&d).sections.is_empty());
        let hint = HeadingHint {
            page: 1,
            title: "Detainers,  Holds and Warrants".to_string(),
            level: 0,
        };
        let s = segment_with_hints(&d, &[hint]);
        assert_eq!(s.sections.len(), 2, "the hint's page and the next");
        assert_eq!(
            s.headings(find(&s, "No one is held")),
            vec!["Detainers, holds and warrants"]
        );
    }

    #[test]
    fn markdown_headings_nest_by_level_and_keep_their_numbers() {
        let d = Document::from_pages(
            "t.md",
            SourceKind::Markdown,
            &["# Policy 12: Custody\n\nIntro text.\n\n## 12.1 Detainers\n\nStaff shall:\n- not hold anyone;\n- release on time.\n\n# Training\nYearly.\n".to_string()],
        );
        let s = segment(&d);
        let c = find(&s, "release on time");
        assert_eq!(s.citation(c), Some("12.1"));
        assert_eq!(s.headings(c), vec!["Custody", "Detainers"]);
        assert_eq!(c.lead_in.as_deref(), Some("Staff shall:"));
        assert_eq!(s.headings(find(&s, "Yearly")), vec!["Training"]);
        assert_eq!(s.citation(find(&s, "Yearly")), None);
    }

    #[test]
    fn items_under_a_numbered_markdown_heading_are_cited_under_its_number() {
        for kind in [SourceKind::Markdown, SourceKind::Html, SourceKind::Docx] {
            let d = Document::from_pages(
                "t",
                kind,
                &["# Policy 428\n\n## 428.4 INQUIRIES\n\nNo member shall:\n\n(a) ask about status;\n\n(b) ask for a passport.\n".to_string()],
            );
            let s = segment(&d);
            assert_eq!(
                s.citation(find(&s, "ask about status")),
                Some("428.4(a)"),
                "{kind:?}"
            );
            assert_eq!(
                s.citation(find(&s, "ask for a passport")),
                Some("428.4(b)"),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn catchlines_title_numbered_items() {
        let s = segment(&doc(
            "1. Detainers. Staff shall not hold anyone.\n2. Officers must wait. Then go.\n",
        ));
        assert_eq!(s.sections[0].heading.as_deref(), Some("Detainers"));
        assert_eq!(s.clauses[0].text, "Staff shall not hold anyone.");
        assert_eq!(s.headings(&s.clauses[0]), vec!["Detainers"]);
        assert_eq!(s.sections[1].heading, None);
        assert_eq!(s.clauses[1].text, "Officers must wait.");
    }

    #[test]
    fn compound_numbers_nest_under_their_list_item() {
        let s = segment(&doc(
            "1. POLICY\n1.A. Scope\n1.A.(1) Officers shall not ask.\n2. FIELD\n2.A. Stops\nThey end.\n",
        ));
        let c = find(&s, "Officers shall not ask");
        assert_eq!(s.citation(c), Some("1.A.(1)"));
        assert_eq!(s.headings(c), vec!["POLICY", "Scope"]);
        assert_eq!(s.headings(find(&s, "They end")), vec!["FIELD", "Stops"]);
    }

    #[test]
    fn wrapped_line_starting_with_a_letter_label_is_text() {
        let d = doc("1.1 SCOPE\nThe rule in subsection\n(c) of the code applies here.\n");
        let s = segment(&d);
        assert_eq!(s.clauses.len(), 1);
        assert_eq!(
            s.clauses[0].text,
            "The rule in subsection (c) of the code applies here."
        );
    }

    #[test]
    fn bare_part_number_takes_its_title_across_a_blank_line() {
        let s = segment(&doc(
            "Policy 512\n\nCustody Transfers\n\n512.1 SCOPE\nIt applies.\n",
        ));
        assert_eq!(s.sections[0].heading.as_deref(), Some("Custody Transfers"));
        assert_eq!(s.sections.len(), 2);
        assert_eq!(
            s.headings(&s.clauses[0]),
            vec!["Custody Transfers", "SCOPE"]
        );
    }

    #[test]
    fn footers_of_part_title_and_page_number_are_furniture() {
        // Lexipol-style footers: the policy's title and the page number, so
        // no two pages have the same footer line.
        let bodies = [
            (
                "Use of Force",
                "300.1 PURPOSE\nOfficers shall use only reasonable force.",
            ),
            (
                "Use of Force",
                "Supervisors shall review each use of force.",
            ),
            (
                "Vehicle Pursuits",
                "301.1 PURPOSE\nPursuits shall end when the risk",
            ),
            ("Vehicle Pursuits", "outweighs the need for capture."),
            (
                "Custody of Adults",
                "302.1 PURPOSE\nStaff shall search each person.",
            ),
        ];
        let pages: Vec<String> = bodies
            .iter()
            .enumerate()
            .map(|(i, (title, body))| {
                format!(
                    "Harrow Vale Police Department\n\n{body}\n\n{title} - {}\n",
                    211 + i
                )
            })
            .collect();
        let d = Document::from_pages("t", SourceKind::Text, &pages);
        let l = layout(&d);
        let s = &l.segmented;
        assert!(
            s.sections
                .iter()
                .all(|x| !x.heading.as_deref().unwrap_or("").contains(" - ")),
            "{:?}",
            s.sections
        );
        let c = find(s, "Pursuits shall end");
        assert_eq!(
            c.text,
            "Pursuits shall end when the risk outweighs the need for capture."
        );
        assert_eq!(s.citation(c), Some("301.1"));
        let footers = l
            .skipped
            .iter()
            .filter(|k| d.text[k.span.start..k.span.end].contains(" - 21"))
            .count();
        assert_eq!(footers, 5);
    }

    #[test]
    fn running_header_does_not_break_a_sentence_across_pages() {
        let pages: Vec<String> = (1..=3)
            .map(|i| {
                let body = match i {
                    1 => "1.1 SCOPE\nOfficers shall not hold a person on a detainer unless",
                    2 => "a judge signed a warrant. Staff shall release the person.",
                    _ => "1.2 TRAINING\nStaff shall train.",
                };
                format!("Vale County Jail Manual\n\n{body}\n\nPage {i} of 3\n")
            })
            .collect();
        let d = Document::from_pages("t", SourceKind::Text, &pages);
        let s = segment(&d);
        let c = find(&s, "Officers shall not hold");
        assert_eq!(
            c.text,
            "Officers shall not hold a person on a detainer unless a judge signed a warrant."
        );
        assert_eq!(c.span.page, 1);
        assert_eq!(s.citation(c), Some("1.1"));
        assert_eq!(find(&s, "Staff shall release").span.page, 2);
        assert!(s.clauses.iter().all(|c| !c.text.contains("Page")));
        assert_eq!((s.sections[0].page_start, s.sections[0].page_end), (1, 2));
    }

    #[test]
    fn list_item_continuing_over_lines_is_not_merged_with_the_next() {
        let s = segment(&doc(
            "5.2 DUTIES\nStaff shall:\n(a) keep the record\n    of each request\n    received;\n(b) tell the person.\n",
        ));
        assert_eq!(
            find(&s, "keep the record").text,
            "keep the record of each request received;"
        );
        assert_eq!(s.citation(find(&s, "tell the person")), Some("5.2(b)"));
    }

    /// The plain way to collapse: split into words and join them again.
    fn collapse_by_words(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut word_start: Option<usize> = None;
        let mut newline = false;
        let push_word = |out: &mut String, word: &str, newline: bool| {
            if out.is_empty() {
                out.push_str(word);
                return;
            }
            if newline && ends_in_broken_word(out) {
                // "immi-" + "gration" joins; "Anti-" + "Sanctuary" keeps its
                // hyphen but loses the line break.
                if word.starts_with(char::is_lowercase) {
                    out.pop();
                }
            } else {
                out.push(' ');
            }
            out.push_str(word);
        };
        // Bytes rather than chars: text is mostly ASCII, and only a multi-byte
        // character needs decoding to know whether it is a space.
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (space, len) = if b < 0x80 {
                (matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'), 1)
            } else {
                let c = s[i..].chars().next().expect("i is a char boundary");
                (c.is_whitespace(), c.len_utf8())
            };
            if space {
                if let Some(ws) = word_start.take() {
                    push_word(&mut out, &s[ws..i], newline);
                    newline = false;
                }
                newline |= b == b'\n';
            } else if word_start.is_none() {
                word_start = Some(i);
            }
            i += len;
        }
        if let Some(ws) = word_start {
            push_word(&mut out, &s[ws..], newline);
        }
        out
    }

    #[test]
    fn lines_split_in_parts_are_the_lines_split_whole() {
        // Over a megabyte of lines of many lengths, with blank lines, form
        // feeds (some right before or after a line break), carriage
        // returns and indentation, so that parts are cut in all sorts of
        // places.
        let mut text = String::new();
        let mut seed: u64 = 7;
        while text.len() < 1_200_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = (seed >> 33) as usize;
            match (r / 7) % 6 {
                0 => text.push_str("(c) An item,"),
                1 => text.push_str("  428.4 DETAINERS"),
                _ => text.push_str(&"  word".repeat(r % 13)),
            }
            text.push_str(["\n", "\n", "\n\n", "\x0c", "\x0c\n", "\r\n", "\n\x0c"][r % 7]);
        }
        text.push_str("last line");
        let key = |l: &Line| (l.start, l.end, l.page_idx);
        let whole: Vec<_> = lines_of(&text, 0, text.len()).iter().map(key).collect();
        // The whole text's lines, read a character at a time.
        let mut plain = Vec::new();
        let (mut start, mut page) = (0, 0);
        let mut line = |from: usize, to: usize, page: usize| {
            let raw = &text[from..to];
            let s = from + raw.len() - raw.trim_start().len();
            plain.push((s, s + raw.trim().len(), page));
        };
        for (i, c) in text.char_indices() {
            if c == '\n' || c == '\x0c' {
                line(start, i, page);
                page += usize::from(c == '\x0c');
                start = i + 1;
            }
        }
        line(start, text.len(), page);
        assert!(whole == plain, "lines_of differs from a plain reading");
        let (lines, labels, facts) = read_lines(&text);
        let parts: Vec<_> = lines.iter().map(key).collect();
        assert!(text.len() > 4 * PAR_SPLIT_BYTES);
        assert_eq!(whole.len(), parts.len());
        assert!(
            whole == parts,
            "first difference at line {:?}",
            whole.iter().zip(&parts).position(|(a, b)| a != b)
        );
        // Each line has its own label and facts, wherever its part began.
        let mut labelled = 0;
        for (i, l) in lines.iter().enumerate() {
            let t = &text[l.start..l.end];
            let label = labels.get(i).map(|l| (l.number.to_string(), l.rest));
            assert_eq!(
                label,
                parse_label(t).map(|l| (l.number.to_string(), l.rest)),
                "line {i}"
            );
            assert_eq!(
                facts[i],
                if t.is_empty() { 0 } else { line_facts(t) },
                "line {i}"
            );
            labelled += usize::from(label.is_some());
        }
        assert!(labelled > 1000);
        // And a text that ends with a line break keeps its empty last line.
        text.push('\n');
        assert_eq!(read_lines(&text).0.len(), whole.len() + 1);
        // An empty text is one empty line.
        let (lines, labels, facts) = read_lines("");
        assert_eq!(lines.len(), 1);
        assert!(lines[0].is_blank() && labels.get(0).is_none() && facts == [0]);
    }

    #[test]
    fn a_helper_thread_changes_nothing() {
        // Long enough for many batches of paragraphs: numbered policies
        // with wrapped paragraphs, lists after lead-ins, running headers
        // and footers.
        let mut pages = Vec::new();
        for p in 0..120 {
            let mut page = format!("Springfield PD Policy Manual\n\n{}. Policy {p}\n", 300 + p);
            for k in 1..=6 {
                page.push_str(&format!(
                    "{}.{k} PART {k}\nMembers shall keep record {k} of policy {p}, and\n\
                     shall file it within {k} days. The supervisor shall:\n\
                     (a) review it; and\n(b) sign it, e.g. on the form.\n\n",
                    300 + p
                ));
            }
            page.push_str(&format!("Page {}\n", p + 1));
            pages.push(page);
        }
        let doc = Document::from_pages("t", SourceKind::Text, &pages);
        let alone = layout_helped(&doc, &[], false);
        let helped = layout_helped(&doc, &[], true);
        assert!(
            alone.segmented.clauses.len() > 3 * PAR_PARAS,
            "{} clauses",
            alone.segmented.clauses.len()
        );
        assert_eq!(alone, helped);
    }

    /// A field line read the plain way: the text up to the first colon is
    /// the name.
    fn is_field_line_plainly(t: &str) -> bool {
        let Some(colon) = t.find(':') else {
            return false;
        };
        let name = &t[..colon];
        let words = name.split_whitespace().count();
        (1..=3).contains(&words)
            && name.chars().next().is_some_and(|c| c.is_uppercase())
            && name.chars().all(|c| c.is_alphabetic() || c == ' ')
            && name
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
            && !t[colon + 1..].trim().is_empty()
    }

    /// [`looks_like_heading_fully`], read a character at a time throughout.
    fn looks_like_heading_plainly(line: &str) -> bool {
        let t = line.trim();
        if t.len() < 3 || t.len() > 100 || t.ends_with([',', ';', '-']) {
            return false;
        }
        let Some(first) = t.chars().next() else {
            return false;
        };
        if first.is_lowercase() {
            return false;
        }
        if is_all_caps_plainly(t) {
            return t.split_whitespace().nth(14).is_none() && (!t.ends_with('.') || t.len() < 60);
        }
        if !first.is_uppercase() {
            return false;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        let capital = |w: &str| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        };
        if words.len() > 10 || !words.iter().all(|w| capital(w) || SMALL_WORDS.contains(w)) {
            return false;
        }
        if t.contains([':', ',', '.', ';', '"', '\u{201c}', '(']) && !t.ends_with("..") {
            return false;
        }
        let last = words.last().map_or("", |w| w.trim_end_matches([':', '.']));
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && (words.len() == 1 || !SMALL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(last)))
    }

    fn is_all_caps_plainly(t: &str) -> bool {
        !t.chars().any(char::is_lowercase) && t.chars().filter(|c| c.is_alphabetic()).count() >= 3
    }

    #[test]
    fn heading_edges_are_read_as_plainly() {
        let fourteen = ["A"; 14].join(" ");
        let fifteen = ["A"; 15].join(" ");
        for (line, heading) in [
            ("Use of \u{201c}Force\u{201d}", false),
            ("Use of Force (Deadly)", false),
            ("Use of Force", true),
            ("\u{c9}COLE \u{dc}BER", true),
            (fourteen.as_str(), true),
            (fifteen.as_str(), false),
            ("Immigration\u{a0}Detainers", true),
            ("Immigration \u{b} Detainers", true),
            ("such requests", false),
        ] {
            assert_eq!(looks_like_heading_fully(line), heading, "{line:?}");
            assert_eq!(looks_like_heading_plainly(line), heading, "{line:?}");
        }
        for (t, caps) in [
            ("AB\u{c9}", true),
            ("A\u{c9}", false),
            ("AB\u{e9}", false),
            ("A-B 1 \u{dc}", true),
        ] {
            assert_eq!(is_all_caps(t), caps, "{t:?}");
            assert_eq!(is_all_caps_plainly(t), caps, "{t:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4000))]
        #[test]
        fn headings_are_read_as_plainly(t in "[ \t]?([A-Za-zÉéß0-9“(]{0,6}[.,:;\"-]{0,2}[ \t\x0b\u{a0}\u{2003}]{1,2}|of |the |and |vs\\. ){0,12}[A-Zaé.:,;-]{0,2}|[A-ZÉ(“0-9][A-Za-zé]{0,5}[.,:;\"(-]?([ \t\u{a0}]((“|\\(|[A-ZÉ0-9])[A-Za-zé]{0,5}|of|the|Of)[.,:;\"(-]?){0,11}|([A-ZÉÜß0-9.-]{1,3}[ \t]){0,16}[a.]?") {
            proptest::prop_assert_eq!(looks_like_heading_fully(&t), looks_like_heading_plainly(&t), "{:?}", t);
            proptest::prop_assert_eq!(is_all_caps(&t), is_all_caps_plainly(&t), "{:?}", t);
            let by_words: Vec<&str> = words(&t).collect();
            proptest::prop_assert_eq!(by_words, t.split_whitespace().collect::<Vec<_>>());
        }

        /// The quick test for sentences never turns away a heading.
        #[test]
        fn lines_read_as_sentences_are_not_headings(t in "(Use|Officers|USE|Scope|Éclair|A|Q)( |  |\t|\u{a0})(of|the|a|vs\\.|v\\.|per|shall|may|force|Of|of,|é)( (Force|force|the|Duties|of|and:|Arrest\\.|DUTIES|Ü)){0,3}") {
            if reads_as_sentence(&t) {
                proptest::prop_assert!(!looks_like_heading_fully(&t), "{:?}", t);
            }
            proptest::prop_assert_eq!(looks_like_heading(&t), looks_like_heading_fully(&t));
        }

        #[test]
        fn field_lines_are_read_as_plainly(t in "[ a]?[A-Z][a-zÉ]{0,2}(( | |\t)[A-Z][a-zÉ]{0,2}){0,4}[a1]?(:|:|.)?[ a:]{0,2}|[ aé]{0,2}([A-Za][a-zÉ]{0,3}[ \t]{1,2}){0,5}[A-Z]?[:.1]?[ a:]{0,3}") {
            proptest::prop_assert_eq!(is_field_line(&t), is_field_line_plainly(&t));
        }

        /// Copying runs of text whole gives what joining word by word gives.
        #[test]
        fn collapse_is_joining_words(s in "([a-zA-Z.\\-“—é]{0,9}[ \t\n\r\x0b\x0c\u{85}\u{a0}\u{2003}\u{2028}\u{17f}é]{0,3}){0,12}") {
            proptest::prop_assert_eq!(collapse(&s), collapse_by_words(&s));
        }
    }

    #[test]
    fn collapse_joins_hyphenated_words() {
        assert_eq!(collapse("immi-\n  gration  status"), "immigration status");
        assert_eq!(collapse("Anti-\nSanctuary"), "Anti-Sanctuary");
        assert_eq!(
            collapse("Deadly force -\nany force"),
            "Deadly force - any force"
        );
    }
}

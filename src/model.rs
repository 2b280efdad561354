//! The vocabulary every stage shares: documents, clauses, rule summaries,
//! verdicts, findings and the analysis value that reports render.
//!
//! Nothing here reads files or knows about PDF, tantivy or TOML; the stages
//! convert their own inputs into these types.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// A content hash that names a document independently of its path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(pub String);

/// The stable id of a rule inside a rule set, e.g. `judicial-warrant`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleId(pub String);

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl RuleId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Index of a clause inside one document's segmentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClauseId(pub usize);

/// A byte range into a document's normalized text, with the (1-based) page
/// on which it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub page: u32,
    pub start: usize,
    pub end: usize,
}

/// One page of a document: its 1-based number and its byte range in
/// [`Document::text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub number: u32,
    pub start: usize,
    pub end: usize,
}

/// Where the text of a document came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Pdf,
    Text,
    Markdown,
    /// A web page (`.html`, `.htm`), main content only.
    Html,
    /// A Word file (`.docx`), with its automatic numbering written out.
    Docx,
}

impl SourceKind {
    /// The kind in words, for messages ("a PDF file").
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Pdf => "PDF",
            SourceKind::Text => "text",
            SourceKind::Markdown => "Markdown",
            SourceKind::Html => "HTML",
            SourceKind::Docx => "Word",
        }
    }
}

/// A policy document after extraction: normalized text that analysis sees,
/// split into pages so that every byte maps back to a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    /// The path as the user gave it (for display and citations).
    pub path: String,
    pub kind: SourceKind,
    /// Normalized text; pages are separated by a form feed (`\x0c`).
    pub text: String,
    pub pages: Vec<Page>,
    /// Non-fatal problems worth telling the user (pages with no text layer…).
    pub warnings: Vec<String>,
}

impl Document {
    /// The 1-based page that contains byte `offset` (the last page for an
    /// offset past the end).
    pub fn page_at(&self, offset: usize) -> u32 {
        match self.pages.binary_search_by(|p| {
            if offset < p.start {
                std::cmp::Ordering::Greater
            } else if offset >= p.end {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => self.pages[i].number,
            Err(i) => self
                .pages
                .get(i.saturating_sub(1))
                .or(self.pages.last())
                .map_or(1, |p| p.number),
        }
    }

    /// A reader of [`Document::page_at`] for offsets that mostly increase,
    /// as they do when a document is read from start to end.
    pub fn page_cursor(&self) -> PageCursor<'_> {
        PageCursor {
            pages: &self.pages,
            at: 0,
        }
    }

    /// Builds a document from page texts, joining them with form feeds.
    pub fn from_pages(path: &str, kind: SourceKind, pages: &[String]) -> Document {
        let mut text = String::new();
        let mut out_pages = Vec::with_capacity(pages.len());
        for (i, p) in pages.iter().enumerate() {
            if i > 0 {
                text.push('\x0c');
            }
            let start = text.len();
            text.push_str(p);
            out_pages.push(Page {
                number: i as u32 + 1,
                start,
                end: text.len(),
            });
        }
        Document {
            id: DocumentId(content_digest(text.as_bytes())),
            path: path.to_string(),
            kind,
            text,
            pages: out_pages,
            warnings: Vec::new(),
        }
    }
}

/// Answers [`Document::page_at`] by stepping on from the page of the last
/// offset it was asked about, instead of searching all pages each time.
pub struct PageCursor<'d> {
    pages: &'d [Page],
    at: usize,
}

impl PageCursor<'_> {
    /// Pages stepped over one by one before a search is cheaper.
    const STEPS: usize = 4;

    /// The 1-based page that contains byte `offset`: the last page that
    /// starts at or before it (pages are in order), or the first page.
    pub fn page_at(&mut self, offset: usize) -> u32 {
        let pages = self.pages;
        if pages.is_empty() {
            return 1;
        }
        let mut steps = 0;
        while self.at + 1 < pages.len() && pages[self.at + 1].start <= offset && steps < Self::STEPS
        {
            self.at += 1;
            steps += 1;
        }
        let behind = pages[self.at].start > offset && self.at > 0;
        let far = self.at + 1 < pages.len() && pages[self.at + 1].start <= offset;
        if behind || far {
            self.at = pages
                .partition_point(|p| p.start <= offset)
                .saturating_sub(1);
        }
        pages[self.at].number
    }
}

/// A short hex digest (first 16 hex digits of SHA-256) used for ids.
pub fn content_digest(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(bytes);
    d.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// A section of a document as segmentation understood it. Its texts are
/// mostly short, and a short one is kept in place: a long manual has
/// thousands of sections, and three allocations for each would be a good
/// part of segmenting it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The number as printed (`428.4`, `B`, `(1)`, `Sec. 2-173-020`), if any.
    pub number: Option<CompactString>,
    pub heading: Option<CompactString>,
    /// Nesting depth, 0 for top-level parts.
    pub level: usize,
    /// Index of the enclosing section in [`Segmented::sections`].
    pub parent: Option<usize>,
    /// The citation a reader can look up, e.g. `428.4(b)`.
    pub citation: CompactString,
    pub span: Span,
    pub page_start: u32,
    pub page_end: u32,
}

/// A clause's text. The clauses segmented from one stretch of a document
/// share one buffer, so that a long manual does not cost an allocation per
/// clause; it reads, compares, prints and serializes as a plain string.
#[derive(Clone, Default)]
pub struct ClauseText {
    /// None for an empty text, which then needs no buffer (segmentation
    /// starts each clause so until its run's buffer is made).
    buf: Option<Arc<str>>,
    start: usize,
    end: usize,
}

impl ClauseText {
    /// The text `buf[range]`; the range must lie on character boundaries.
    pub fn shared(buf: &Arc<str>, range: std::ops::Range<usize>) -> ClauseText {
        assert!(
            buf.get(range.clone()).is_some(),
            "clause text range {range:?} is not within its buffer"
        );
        ClauseText {
            buf: Some(Arc::clone(buf)),
            start: range.start,
            end: range.end,
        }
    }

    pub fn as_str(&self) -> &str {
        self.buf.as_ref().map_or("", |b| &b[self.start..self.end])
    }
}

impl std::ops::Deref for ClauseText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ClauseText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for ClauseText {
    fn from(s: String) -> ClauseText {
        ClauseText::from(s.as_str())
    }
}

impl From<&str> for ClauseText {
    fn from(s: &str) -> ClauseText {
        ClauseText {
            buf: Some(Arc::from(s)),
            start: 0,
            end: s.len(),
        }
    }
}

impl fmt::Debug for ClauseText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ClauseText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for ClauseText {
    fn eq(&self, other: &ClauseText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ClauseText {}

impl PartialEq<str> for ClauseText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ClauseText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for ClauseText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ClauseText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ClauseText, D::Error> {
        String::deserialize(d).map(ClauseText::from)
    }
}

/// A clause: one sentence or list item, with where it sits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clause {
    pub id: ClauseId,
    pub text: ClauseText,
    pub span: Span,
    /// Index into [`Segmented::sections`] of the innermost section; its
    /// citation and headings are the clause's ([`Segmented::citation`],
    /// [`Segmented::heading`]).
    pub section: Option<usize>,
    /// For a list item, the sentence that introduces the list (ending with
    /// `:`, e.g. "Members shall not:"), which the item completes. (The
    /// clauses of one paragraph share it.)
    #[serde(default)]
    pub lead_in: Option<Arc<str>>,
}

/// The result of segmentation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Segmented {
    pub sections: Vec<Section>,
    pub clauses: Vec<Clause>,
}

impl Segmented {
    /// The citation of the section a clause is in (e.g. `428.4(b)`), if it
    /// has one.
    pub fn citation(&self, c: &Clause) -> Option<&str> {
        let s = self.sections.get(c.section?)?;
        (!s.citation.is_empty()).then_some(s.citation.as_str())
    }

    /// The heading nearest a clause: its section's, or the nearest
    /// enclosing section's that has one. The assessment reads it as
    /// context for the clause.
    pub fn heading(&self, c: &Clause) -> Option<&str> {
        self.headings_inward(c).next()
    }

    /// The headings of the sections around a clause, from the outermost to
    /// the innermost.
    pub fn headings(&self, c: &Clause) -> Vec<&str> {
        let mut out: Vec<&str> = self.headings_inward(c).collect();
        out.reverse();
        out
    }

    /// The headings around a clause, from the innermost out. A section's
    /// parent comes before it, so the walk ends.
    fn headings_inward(&self, c: &Clause) -> impl Iterator<Item = &str> {
        let mut at = c.section;
        std::iter::from_fn(move || {
            let i = at?;
            let s = self.sections.get(i)?;
            at = s.parent.filter(|&p| p < i);
            Some(s.heading.as_deref())
        })
        .flatten()
    }
}

/// The four answers a rule can get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Met,
    Partial,
    Missing,
    Conflict,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Met,
        Verdict::Partial,
        Verdict::Missing,
        Verdict::Conflict,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Partial => "partial",
            Verdict::Missing => "missing",
            Verdict::Conflict => "conflict",
        }
    }

    /// Words for people: "meets", "partly meets", "missing", "conflicts".
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "meets",
            Verdict::Partial => "partly meets",
            Verdict::Missing => "missing",
            Verdict::Conflict => "conflicts",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        match s.trim().to_ascii_lowercase().as_str() {
            "met" => Some(Verdict::Met),
            "partial" => Some(Verdict::Partial),
            "missing" => Some(Verdict::Missing),
            "conflict" => Some(Verdict::Conflict),
            _ => None,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a piece of evidence does for its finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EvidenceRole {
    /// Establishes the rule (fully or in part).
    Supports,
    /// Directs or permits what the rule forbids.
    Contrary,
}

/// A clause cited for a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub page: u32,
    /// The section citation (e.g. `428.4(b)`), when the clause sits in one.
    pub section: Option<String>,
    /// The innermost heading above the clause.
    pub heading: Option<String>,
    /// The clause, quoted exactly from the normalized text.
    pub text: String,
    pub span: Span,
    pub role: EvidenceRole,
    /// Byte ranges inside `text` of the words that matched the rule.
    pub matched: Vec<(usize, usize)>,
}

/// One part of a word-level diff from a policy clause to model text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextDelta {
    pub kind: DeltaKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeltaKind {
    Equal,
    /// Words the model has that the policy lacks.
    Insert,
    /// Words the policy has that the model does not.
    Delete,
}

/// The assessment of one rule against one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: RuleId,
    pub verdict: Verdict,
    /// 0.0 to 1.0: how sure the assessment is.
    pub confidence: f32,
    /// The deciding clause first; contrary clauses before supporting ones
    /// when the verdict is `conflict`.
    pub evidence: Vec<Evidence>,
    /// Names of the rule's required elements that no clause established.
    pub missing_elements: Vec<String>,
    /// Human-readable reasons, in the order they were weighed.
    pub reasons: Vec<String>,
    /// Word-level diff from the deciding clause to the tailored model text.
    pub diff: Vec<TextDelta>,
}

/// What reports need to know about a rule, already tailored to the
/// jurisdiction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSummary {
    pub id: RuleId,
    pub number: String,
    pub title: String,
    /// Model text with placeholders filled in (left as `[...]` when the
    /// user named no jurisdiction).
    pub model_text: String,
    pub purpose: String,
    /// What a reader should know before acting on the verdict, from the
    /// rule set; empty when it says nothing more.
    #[serde(default)]
    pub note: String,
    pub optional: bool,
}

/// The rule set used for an analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSetSummary {
    pub id: String,
    pub title: String,
    pub source: String,
    /// Digest of the rule file, so a report says exactly which rules it used.
    pub digest: String,
    pub rules: Vec<RuleSummary>,
    /// Optional rules of the set that were left out of this report on
    /// request; absent from the JSON when none were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<RuleSummary>,
}

/// The analysis of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentAnalysis {
    pub path: String,
    pub id: DocumentId,
    pub kind: SourceKind,
    pub pages: u32,
    pub warnings: Vec<String>,
    /// One finding per rule, in rule-set order.
    pub findings: Vec<Finding>,
    /// The normalized text, for the annotated copy of the policy.
    pub text: String,
    pub page_spans: Vec<Page>,
    pub sections: Vec<Section>,
    /// The place this document's model text was tailored to (from the
    /// command line or its folder's settings); in a batch each town has its own.
    #[serde(default)]
    pub jurisdiction: Option<String>,
    /// The oversight body this document's model text names.
    #[serde(default)]
    pub oversight: Option<String>,
    /// Each rule's model text tailored to this document, by rule id; reports
    /// use it instead of [`RuleSummary::model_text`], which a batch of
    /// several towns leaves generic. A rule absent here falls back to that.
    #[serde(default)]
    pub model_texts: BTreeMap<RuleId, String>,
}

/// One row of a batch: analysed, or failed with a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum BatchEntry {
    Analyzed(Box<DocumentAnalysis>),
    Failed { path: String, reason: String },
}

impl BatchEntry {
    pub fn path(&self) -> &str {
        match self {
            BatchEntry::Analyzed(a) => &a.path,
            BatchEntry::Failed { path, .. } => path,
        }
    }
}

/// Everything a report renders: a pure value, built once per run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema_version: u32,
    pub rule_set: RuleSetSummary,
    pub jurisdiction: Option<String>,
    pub oversight: Option<String>,
    /// The date the run was made (passed in, so snapshots stay stable).
    pub generated: String,
    pub documents: Vec<BatchEntry>,
}

/// The JSON schema version of [`Analysis`] output.
pub const SCHEMA_VERSION: u32 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    fn section(number: &str, heading: Option<&str>, parent: Option<usize>) -> Section {
        let span = Span {
            page: 1,
            start: 0,
            end: 0,
        };
        Section {
            number: (!number.is_empty()).then(|| number.into()),
            heading: heading.map(CompactString::from),
            level: 0,
            parent,
            citation: number.into(),
            span,
            page_start: 1,
            page_end: 1,
        }
    }

    #[test]
    fn clauses_take_citations_and_headings_from_their_sections() {
        let clause = |section: Option<usize>| Clause {
            id: ClauseId(0),
            text: "Members shall not ask.".into(),
            span: Span {
                page: 1,
                start: 0,
                end: 0,
            },
            section,
            lead_in: None,
        };
        let seg = Segmented {
            sections: vec![
                section("428", Some("Immigration"), None),
                section("428.4", Some("DETAINERS"), Some(0)),
                section("428.4(a)", None, Some(1)),
                section("", None, Some(0)),
                // A parent that does not come first is not followed.
                section("9", None, Some(5)),
                section("", Some("Elsewhere"), None),
            ],
            clauses: Vec::new(),
        };
        let item = clause(Some(2));
        assert_eq!(seg.citation(&item), Some("428.4(a)"));
        assert_eq!(seg.heading(&item), Some("DETAINERS"));
        assert_eq!(seg.headings(&item), vec!["Immigration", "DETAINERS"]);
        let unnumbered = clause(Some(3));
        assert_eq!(seg.citation(&unnumbered), None);
        assert_eq!(seg.heading(&unnumbered), Some("Immigration"));
        assert_eq!(seg.heading(&clause(Some(4))), None);
        assert_eq!(seg.citation(&clause(None)), None);
        assert!(seg.headings(&clause(Some(99))).is_empty());
    }

    #[test]
    fn page_at_maps_offsets_to_pages() {
        let d = Document::from_pages(
            "x",
            SourceKind::Text,
            &["one".to_string(), "two two".to_string(), "3".to_string()],
        );
        assert_eq!(d.page_at(0), 1);
        assert_eq!(d.page_at(2), 1);
        assert_eq!(d.page_at(4), 2);
        assert_eq!(d.page_at(10), 2);
        assert_eq!(d.page_at(12), 3);
        assert_eq!(d.page_at(999), 3);
        assert_eq!(&d.text[d.pages[1].start..d.pages[1].end], "two two");
    }

    #[test]
    fn shared_clause_texts_read_as_their_own_strings() {
        let buf: Arc<str> = Arc::from("Members shall not ask.Officers may refer.");
        let a = ClauseText::shared(&buf, 0..22);
        let b = ClauseText::shared(&buf, 22..buf.len());
        assert_eq!(a, "Members shall not ask.");
        assert_eq!(&*b, "Officers may refer.");
        assert_eq!(a, ClauseText::from("Members shall not ask."));
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), format!("{:?}", "Members shall not ask."));
        assert_eq!(b.to_string(), "Officers may refer.");
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(json, "\"Officers may refer.\"");
        let back: ClauseText = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
        assert_eq!(ClauseText::default(), "");
        assert_eq!(ClauseText::default(), ClauseText::from(""));
    }

    proptest::proptest! {
        /// The cursor answers as page_at does, whatever order offsets come
        /// in, on pages of any length (empty ones too).
        #[test]
        fn page_cursor_reads_as_page_at(
            lens in proptest::collection::vec(0usize..30, 0..40),
            offsets in proptest::collection::vec(0usize..1000, 0..60),
            sorted in proptest::bool::ANY,
        ) {
            let pages: Vec<String> = lens.iter().map(|&n| "x".repeat(n)).collect();
            let d = Document::from_pages("x", SourceKind::Text, &pages);
            let mut offsets: Vec<usize> = offsets.iter().map(|o| o % (d.text.len() + 5)).collect();
            if sorted {
                offsets.sort();
            }
            let mut cursor = d.page_cursor();
            for o in offsets {
                proptest::prop_assert_eq!(cursor.page_at(o), d.page_at(o), "offset {}", o);
            }
        }
    }
}

//! Stage 5, reports: [`Analysis`] → text for people and programs.
//!
//! Every renderer is a pure function of the analysis value and its options;
//! none reads files, the clock or the environment. Policy text is untrusted
//! and goes through [`escape`] on its way into every format.

mod csv;
pub mod escape;
mod html;
mod json;
mod markdown;
pub mod outline;
mod text;

use std::collections::HashMap;

use crate::model::{
    Analysis, BatchEntry, DeltaKind, DocumentAnalysis, Evidence, EvidenceRole, Finding, RuleId,
    RuleSummary, TextDelta, Verdict,
};

pub use html::{TITLE_START as HTML_TITLE_START, html_index};

/// The JSON Schema of the [`Format::Json`] output, for the README and for
/// tools that check what they read.
pub const JSON_SCHEMA: &str = include_str!("analysis.schema.json");

/// Output formats a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The terminal view: scorecard table, then gaps with citations.
    Text,
    /// The versioned contract described by [`JSON_SCHEMA`].
    Json,
    /// For email and issue trackers.
    Markdown,
    /// One self-contained page: scorecard, rule cards, annotated policy.
    Html,
    /// One row per document × rule, for spreadsheets.
    Csv,
}

impl Format {
    /// All formats, in the order `--help` lists them.
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Json,
        Format::Markdown,
        Format::Html,
        Format::Csv,
    ];

    /// Parses a format name as a user types it (`text`, `json`, `md`,
    /// `markdown`, `html`, `csv`; any case).
    pub fn from_name(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" | "terminal" => Some(Format::Text),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The file extension for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }
}

/// How to lay out the text report; the other formats ignore these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Use ANSI colors in [`Format::Text`].
    pub color: bool,
    /// Terminal width for [`Format::Text`]; lines stay within it where the
    /// content allows.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// Renders the whole batch in the chosen format.
pub fn render(analysis: &Analysis, format: Format, opts: &RenderOptions) -> String {
    let docs: Vec<&BatchEntry> = analysis.documents.iter().collect();
    render_entries(analysis, &docs, format, opts)
}

/// Renders the report for one document of the batch (`index` into
/// [`Analysis::documents`]), as written one file per document. An index past
/// the end renders a report with no documents.
pub fn render_document(
    analysis: &Analysis,
    index: usize,
    format: Format,
    opts: &RenderOptions,
) -> String {
    let docs: Vec<&BatchEntry> = analysis.documents.get(index).into_iter().collect();
    render_entries(analysis, &docs, format, opts)
}

fn render_entries(
    analysis: &Analysis,
    docs: &[&BatchEntry],
    format: Format,
    opts: &RenderOptions,
) -> String {
    let labels = Labels::new(analysis);
    match format {
        Format::Text => text::render(analysis, docs, &labels, opts),
        Format::Json => json::render(analysis, docs, &labels),
        Format::Markdown => markdown::render(analysis, docs, &labels),
        Format::Html => html::render(analysis, docs, &labels),
        Format::Csv => csv::render(analysis, docs),
    }
}

/// The names a batch's documents are shown by, one per entry of
/// [`Analysis::documents`]: each file's name without folders or extension,
/// with as many of its folders in front as it takes to tell it apart from
/// other files of the same name (`north/policy`, `south/policy`).
pub fn doc_labels(analysis: &Analysis) -> Vec<String> {
    let paths: Vec<&str> = analysis.documents.iter().map(BatchEntry::path).collect();
    let split: Vec<(Vec<&str>, String)> = paths
        .iter()
        .map(|p| {
            let mut folders: Vec<&str> = p
                .split(['/', '\\'])
                .filter(|c| !c.is_empty() && *c != ".")
                .collect();
            folders.pop();
            (folders, doc_label(p))
        })
        .collect();
    // The name with its last `k` folders in front.
    let with_folders = |i: usize, k: usize| {
        let (folders, name) = &split[i];
        let mut parts = folders[folders.len().saturating_sub(k)..].to_vec();
        parts.push(name);
        parts.join("/")
    };
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, name)) in split.iter().enumerate() {
        by_name.entry(name).or_default().push(i);
    }
    let mut labels = vec![String::new(); paths.len()];
    for same in by_name.values() {
        for &i in same {
            let others: Vec<usize> = same
                .iter()
                .copied()
                .filter(|&j| paths[j] != paths[i])
                .collect();
            labels[i] = (0..=split[i].0.len())
                .find(|&k| {
                    let mine = with_folders(i, k);
                    others.iter().all(|&j| with_folders(j, k) != mine)
                })
                // Files that differ only in extension keep their full paths.
                .map_or_else(|| paths[i].to_string(), |k| with_folders(i, k));
        }
    }
    labels
}

/// [`doc_labels`] by path, for renderers that hold a document's path.
pub(crate) struct Labels<'a>(HashMap<&'a str, String>);

impl<'a> Labels<'a> {
    pub fn new(analysis: &'a Analysis) -> Labels<'a> {
        let paths = analysis.documents.iter().map(BatchEntry::path);
        Labels(paths.zip(doc_labels(analysis)).collect())
    }

    /// The label of the document at `path`; a path outside the batch gets
    /// its file name.
    pub fn of(&self, path: &str) -> String {
        self.0.get(path).cloned().unwrap_or_else(|| doc_label(path))
    }
}

/// One rule of the scorecard with this document's finding for it (none when
/// the assessment produced no finding for the rule).
pub(crate) struct Row<'a> {
    pub rule: std::borrow::Cow<'a, RuleSummary>,
    pub finding: Option<&'a Finding>,
    /// The rule's model text tailored to this document (its own town and
    /// oversight body), which may differ from `rule.model_text` in a batch.
    pub model_text: &'a str,
}

impl Row<'_> {
    pub fn verdict(&self) -> Option<Verdict> {
        self.finding.map(|f| f.verdict)
    }

    /// True when the rule needs work: missing, partial or conflicting.
    pub fn is_gap(&self) -> bool {
        matches!(
            self.verdict(),
            Some(Verdict::Missing | Verdict::Partial | Verdict::Conflict)
        )
    }
}

/// Pairs every rule of the set with the document's finding, in rule-set
/// order; findings for rules the set does not know come last, titled by id.
pub(crate) fn rows<'a>(analysis: &'a Analysis, doc: &'a DocumentAnalysis) -> Vec<Row<'a>> {
    let mut out: Vec<Row> = analysis
        .rule_set
        .rules
        .iter()
        .map(|r| Row {
            rule: std::borrow::Cow::Borrowed(r),
            finding: doc.findings.iter().find(|f| f.rule == r.id),
            model_text: doc.model_texts.get(&r.id).unwrap_or(&r.model_text),
        })
        .collect();
    for f in &doc.findings {
        if !analysis.rule_set.rules.iter().any(|r| r.id == f.rule) {
            out.push(Row {
                rule: std::borrow::Cow::Owned(unknown_rule(&f.rule)),
                finding: Some(f),
                model_text: doc.model_texts.get(&f.rule).map_or("", String::as_str),
            });
        }
    }
    out
}

/// The place a document's model text was filled in for: its own, else the
/// one named for the whole run.
pub(crate) fn place_of<'a>(analysis: &'a Analysis, doc: &'a DocumentAnalysis) -> Option<&'a str> {
    doc.jurisdiction
        .as_deref()
        .or(analysis.jurisdiction.as_deref())
}

/// The oversight body a document's model text names: its own, else the one
/// named for the whole run.
pub(crate) fn oversight_of<'a>(
    analysis: &'a Analysis,
    doc: &'a DocumentAnalysis,
) -> Option<&'a str> {
    doc.oversight.as_deref().or(analysis.oversight.as_deref())
}

fn unknown_rule(id: &RuleId) -> RuleSummary {
    RuleSummary {
        id: id.clone(),
        number: String::new(),
        title: id.0.clone(),
        model_text: String::new(),
        purpose: String::new(),
        note: String::new(),
        optional: false,
    }
}

/// The name a person knows a document by: its file name without folders or
/// extension (`manuals/Mesa PD.pdf` → `Mesa PD`).
pub(crate) fn doc_label(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    if stem.is_empty() {
        path.to_string()
    } else {
        stem.to_string()
    }
}

/// A rule's title as reports show it, marked "(optional)" when a town may
/// leave the rule out.
pub(crate) fn rule_title(rule: &RuleSummary) -> String {
    if rule.optional {
        format!("{} (optional)", rule.title)
    } else {
        rule.title.clone()
    }
}

/// What a confidence figure means, for the key beside the verdicts.
pub(crate) const CONFIDENCE_MEANS: &str = "Confidence says how clear-cut the reading is, not a \
    measured chance of being right: high when the policy's words settle the verdict, medium \
    when the rule is only partly met and a person should judge whether what is left out matters.";

/// The reminder every report carries.
pub(crate) const READING_AID: &str = "Verdicts are a reading aid: check each cited clause.";

/// "Rule 3" or the rule's title when it has no number.
pub(crate) fn rule_ref(rule: &RuleSummary) -> String {
    if rule.number.is_empty() {
        rule.title.clone()
    } else {
        format!("Rule {}", rule.number)
    }
}

/// The short form of a verdict used in tables: the word, never only a color.
pub(crate) fn verdict_word(v: Option<Verdict>) -> &'static str {
    v.map_or("n/a", Verdict::as_str)
}

/// A text symbol for a verdict that survives black-and-white printing and
/// plain-text email: ✔ met, ½ partial, ○ missing, ✖ conflict (glyphs common
/// fonts have in every weight).
pub(crate) fn verdict_icon(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Met) => "\u{2714}",
        Some(Verdict::Partial) => "\u{bd}",
        Some(Verdict::Missing) => "\u{25cb}",
        Some(Verdict::Conflict) => "\u{2716}",
        None => "\u{2013}",
    }
}

/// How sure the assessment is, in words a reader can weigh.
pub(crate) fn confidence_word(c: f32) -> &'static str {
    if c >= 0.75 {
        "high"
    } else if c >= 0.5 {
        "medium"
    } else {
        "low"
    }
}

/// Where a clause is: `§ 428.4(b), page 12`, or just the page.
pub(crate) fn citation(ev: &Evidence) -> String {
    match ev.section.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => format!("§ {s}, page {}", ev.page),
        _ => format!("page {}", ev.page),
    }
}

/// What a piece of evidence does, in plain words.
pub(crate) fn role_word(role: EvidenceRole) -> &'static str {
    match role {
        EvidenceRole::Supports => "supports the rule",
        EvidenceRole::Contrary => "works against the rule",
    }
}

/// Counts of each verdict among the rows, in [`Verdict::ALL`] order.
pub(crate) fn tally(rows: &[Row]) -> [usize; 4] {
    let mut n = [0; 4];
    for r in rows {
        if let Some(v) = r.verdict() {
            n[Verdict::ALL.iter().position(|x| *x == v).unwrap_or(0)] += 1;
        }
    }
    n
}

/// A diff regrouped for reading: an unchanged stretch of fewer than two
/// words between changes is folded into the change around it, so a
/// rewritten sentence reads as one deletion and one insertion rather than
/// alternating single words.
pub(crate) fn readable_diff(diff: &[TextDelta]) -> Vec<TextDelta> {
    let last_change = diff.iter().rposition(|d| d.kind != DeltaKind::Equal);
    let mut out: Vec<TextDelta> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut Vec<TextDelta>, del: &mut String, ins: &mut String| {
        for (kind, text) in [(DeltaKind::Delete, del), (DeltaKind::Insert, ins)] {
            if !text.is_empty() {
                out.push(TextDelta {
                    kind,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for (i, d) in diff.iter().enumerate() {
        match d.kind {
            DeltaKind::Delete => del.push_str(&d.text),
            DeltaKind::Insert => ins.push_str(&d.text),
            DeltaKind::Equal => {
                let pending = !del.is_empty() || !ins.is_empty();
                let more = last_change.is_some_and(|l| l > i);
                if pending && more && d.text.split_whitespace().count() < 2 {
                    del.push_str(&d.text);
                    ins.push_str(&d.text);
                } else {
                    flush(&mut out, &mut del, &mut ins);
                    out.push(d.clone());
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// The ranges of `matched` that are valid for `text` (in bounds, on
/// character boundaries, non-empty), sorted and merged.
pub(crate) fn clean_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = ranges
        .iter()
        .copied()
        .filter(|&(s, e)| {
            s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
        })
        .collect();
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.extension()), Some(f));
        }
        assert_eq!(Format::from_name("Markdown"), Some(Format::Markdown));
        assert_eq!(Format::from_name("pdf"), None);
    }

    #[test]
    fn labels_add_only_the_folders_that_tell_files_apart() {
        use crate::model::RuleSetSummary;
        let analysis = |paths: &[&str]| Analysis {
            schema_version: 1,
            rule_set: RuleSetSummary {
                id: "x".into(),
                title: String::new(),
                source: String::new(),
                digest: String::new(),
                rules: Vec::new(),
                left_out: Vec::new(),
            },
            jurisdiction: None,
            oversight: None,
            generated: String::new(),
            documents: paths
                .iter()
                .map(|p| BatchEntry::Failed {
                    path: p.to_string(),
                    reason: String::new(),
                })
                .collect(),
        };
        let labels = |paths: &[&str]| doc_labels(&analysis(paths));
        assert_eq!(
            labels(&[
                "towns/north/policy.pdf",
                "towns/south/policy.pdf",
                "x/mesa.pdf"
            ]),
            ["north/policy", "south/policy", "mesa"]
        );
        assert_eq!(
            labels(&["a/x/policy.pdf", "b/x/policy.pdf", "policy.txt"]),
            ["a/x/policy", "b/x/policy", "policy.txt"]
        );
        assert_eq!(
            labels(&["a/policy.pdf", "a/policy.txt"]),
            ["a/policy.pdf", "a/policy.txt"]
        );
    }

    #[test]
    fn doc_label_strips_folders_and_extension() {
        assert_eq!(doc_label("manuals/az/Mesa PD.pdf"), "Mesa PD");
        assert_eq!(doc_label("C:\\x\\tucson.txt"), "tucson");
        assert_eq!(doc_label(".hidden"), ".hidden");
        assert_eq!(doc_label("plain"), "plain");
    }

    #[test]
    fn readable_diff_folds_short_unchanged_stretches() {
        let d = |kind, text: &str| TextDelta {
            kind,
            text: text.to_string(),
        };
        use DeltaKind::{Delete as D, Equal as E, Insert as I};
        let diff = vec![
            d(E, "Officers "),
            d(D, "may"),
            d(I, "shall"),
            d(E, " "),
            d(D, "hold"),
            d(I, "not hold"),
            d(E, " people on a detainer."),
        ];
        assert_eq!(
            readable_diff(&diff),
            vec![
                d(E, "Officers "),
                d(D, "may hold"),
                d(I, "shall not hold"),
                d(E, " people on a detainer."),
            ]
        );
    }

    #[test]
    fn clean_ranges_drops_bad_ranges_and_merges_overlaps() {
        let t = "héllo world";
        assert_eq!(
            clean_ranges(t, &[(7, 12), (0, 2), (1, 3), (0, 1), (5, 5), (3, 99)]),
            vec![(0, 3), (7, 12)]
        );
        assert_eq!(clean_ranges(t, &[(0, 3), (3, 6)]), vec![(0, 6)]);
    }
}

//! The JSON report: a documented, versioned contract (see
//! `analysis.schema.json`) built from the analysis, rather than the
//! in-memory types, so those can change without breaking readers.
//!
//! The document text is left out: it can be megabytes, and the evidence
//! already quotes every clause a finding rests on.

use super::{Labels, Row, oversight_of, place_of, rows, tally};
use crate::model::{
    Analysis, BatchEntry, DeltaKind, DocumentAnalysis, EvidenceRole, RuleSetSummary, SourceKind,
    Verdict,
};
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    generated: &'a str,
    jurisdiction: Option<&'a str>,
    oversight: Option<&'a str>,
    rule_set: &'a RuleSetSummary,
    summary: Summary,
    documents: Vec<Doc<'a>>,
}

#[derive(Serialize)]
struct Summary {
    documents: usize,
    analyzed: usize,
    failed: usize,
}

#[derive(Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
enum Doc<'a> {
    Analyzed {
        path: &'a str,
        name: String,
        id: &'a str,
        kind: SourceKind,
        pages: u32,
        /// The place and oversight body this document's model text names.
        jurisdiction: Option<&'a str>,
        oversight: Option<&'a str>,
        warnings: &'a [String],
        verdicts: Counts,
        findings: Vec<FindingOut<'a>>,
    },
    Failed {
        path: &'a str,
        name: String,
        error: &'a str,
    },
}

#[derive(Serialize)]
struct Counts {
    met: usize,
    partial: usize,
    missing: usize,
    conflict: usize,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    rule_number: &'a str,
    rule_title: &'a str,
    /// `null` when the assessment produced no finding for the rule.
    verdict: Option<Verdict>,
    confidence: Option<f32>,
    /// The rule's model text tailored to this document.
    model_text: &'a str,
    evidence: Vec<EvidenceOut<'a>>,
    missing_elements: &'a [String],
    reasons: &'a [String],
    diff: Vec<DeltaOut<'a>>,
}

#[derive(Serialize)]
struct EvidenceOut<'a> {
    page: u32,
    section: Option<&'a str>,
    heading: Option<&'a str>,
    text: &'a str,
    role: EvidenceRole,
    /// Byte offsets of the clause in the document's normalized text.
    start: usize,
    end: usize,
    /// Byte ranges inside `text` of the words that matched the rule.
    matched: &'a [(usize, usize)],
}

#[derive(Serialize)]
struct DeltaOut<'a> {
    kind: DeltaKind,
    text: &'a str,
}

pub(super) fn render(analysis: &Analysis, docs: &[&BatchEntry], labels: &Labels) -> String {
    let documents: Vec<Doc> = docs
        .iter()
        .map(|e| doc(analysis, e, labels.of(e.path())))
        .collect();
    let failed = docs
        .iter()
        .filter(|e| matches!(e, BatchEntry::Failed { .. }))
        .count();
    let report = Report {
        schema_version: analysis.schema_version,
        generated: &analysis.generated,
        jurisdiction: analysis.jurisdiction.as_deref(),
        oversight: analysis.oversight.as_deref(),
        rule_set: &analysis.rule_set,
        summary: Summary {
            documents: docs.len(),
            analyzed: docs.len() - failed,
            failed,
        },
        documents,
    };
    // Serializing plain structs of strings and numbers cannot fail; a
    // non-finite confidence is written as null by serde_json.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

fn doc<'a>(analysis: &'a Analysis, entry: &'a BatchEntry, name: String) -> Doc<'a> {
    match entry {
        BatchEntry::Failed { path, reason } => Doc::Failed {
            path,
            name,
            error: reason,
        },
        BatchEntry::Analyzed(d) => analyzed(analysis, d, name),
    }
}

fn analyzed<'a>(analysis: &'a Analysis, d: &'a DocumentAnalysis, name: String) -> Doc<'a> {
    let rows = rows(analysis, d);
    let [met, partial, missing, conflict] = tally(&rows);
    Doc::Analyzed {
        path: &d.path,
        name,
        id: &d.id.0,
        kind: d.kind,
        pages: d.pages,
        jurisdiction: place_of(analysis, d),
        oversight: oversight_of(analysis, d),
        warnings: &d.warnings,
        verdicts: Counts {
            met,
            partial,
            missing,
            conflict,
        },
        findings: rows.into_iter().map(finding).collect(),
    }
}

fn finding(row: Row<'_>) -> FindingOut<'_> {
    // The rule text lives in the Cow; copy the few strings out so the
    // finding does not borrow from the row that is consumed here.
    let (rule, number, title) = match row.rule {
        std::borrow::Cow::Borrowed(r) => (r.id.as_str(), r.number.as_str(), r.title.as_str()),
        std::borrow::Cow::Owned(_) => {
            let id = row.finding.map_or("", |f| f.rule.as_str());
            (id, "", id)
        }
    };
    let model_text = row.model_text;
    let Some(f) = row.finding else {
        return FindingOut {
            rule,
            rule_number: number,
            rule_title: title,
            verdict: None,
            confidence: None,
            model_text,
            evidence: Vec::new(),
            missing_elements: &[],
            reasons: &[],
            diff: Vec::new(),
        };
    };
    FindingOut {
        rule,
        rule_number: number,
        rule_title: title,
        verdict: Some(f.verdict),
        confidence: Some(f.confidence),
        model_text,
        evidence: f
            .evidence
            .iter()
            .map(|e| EvidenceOut {
                page: e.page,
                section: e.section.as_deref(),
                heading: e.heading.as_deref(),
                text: &e.text,
                role: e.role,
                start: e.span.start,
                end: e.span.end,
                matched: &e.matched,
            })
            .collect(),
        missing_elements: &f.missing_elements,
        reasons: &f.reasons,
        diff: f
            .diff
            .iter()
            .map(|d| DeltaOut {
                kind: d.kind,
                text: &d.text,
            })
            .collect(),
    }
}

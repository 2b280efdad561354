//! The CSV report: one row per document × rule, for spreadsheets (RFC 4180:
//! CRLF line ends, fields quoted when needed, quotes doubled).

use super::escape::csv_field;
use super::{rows, rule_title, verdict_word};
use crate::model::{Analysis, BatchEntry};

/// The header row; the first eight columns are the documented contract,
/// later ones may grow.
const HEADER: [&str; 11] = [
    "path",
    "status",
    "rule",
    "verdict",
    "confidence",
    "page",
    "section",
    "evidence",
    "rule_title",
    "missing_elements",
    "error",
];

pub(super) fn render(analysis: &Analysis, docs: &[&BatchEntry]) -> String {
    let mut out = String::new();
    push_row(&mut out, HEADER.iter().map(|s| s.to_string()));
    for entry in docs {
        match entry {
            BatchEntry::Failed { path, reason } => {
                // One row per rule even for a failed file, so a pivot table
                // of towns × rules shows the hole instead of losing the town.
                for rule in &analysis.rule_set.rules {
                    push_row(
                        &mut out,
                        [
                            path.as_str(),
                            "failed",
                            rule.id.as_str(),
                            "",
                            "",
                            "",
                            "",
                            "",
                            &rule_title(rule),
                            "",
                            reason.as_str(),
                        ]
                        .map(str::to_string),
                    );
                }
            }
            BatchEntry::Analyzed(doc) => {
                for row in rows(analysis, doc) {
                    let f = row.finding;
                    let ev = f.and_then(|f| f.evidence.first());
                    push_row(
                        &mut out,
                        [
                            doc.path.clone(),
                            "analyzed".to_string(),
                            row.rule.id.0.clone(),
                            if f.is_some() {
                                verdict_word(row.verdict()).to_string()
                            } else {
                                String::new()
                            },
                            f.filter(|f| f.confidence.is_finite())
                                .map(|f| format!("{:.2}", f.confidence))
                                .unwrap_or_default(),
                            ev.map(|e| e.page.to_string()).unwrap_or_default(),
                            ev.and_then(|e| e.section.clone()).unwrap_or_default(),
                            ev.map(|e| e.text.clone()).unwrap_or_default(),
                            rule_title(&row.rule),
                            f.map(|f| f.missing_elements.join("; ")).unwrap_or_default(),
                            String::new(),
                        ],
                    );
                }
            }
        }
    }
    out
}

fn push_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(&f));
    }
    out.push_str("\r\n");
}

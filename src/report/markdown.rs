//! The Markdown report, for email and issue trackers: scorecard table, then
//! each gap with its citation, the quoted clause, what is missing and the
//! model text to propose. No raw HTML, so it reads the same everywhere.

use super::escape::markdown as md;
use super::{
    CONFIDENCE_MEANS, Labels, READING_AID, Row, citation, confidence_word, oversight_of, place_of,
    role_word, rows, rule_ref, rule_title, tally, verdict_icon, verdict_word,
};
use crate::model::{Analysis, BatchEntry, DeltaKind, DocumentAnalysis, TextDelta, Verdict};
use std::fmt::Write;

pub(super) fn render(analysis: &Analysis, docs: &[&BatchEntry], labels: &Labels) -> String {
    let mut out = String::new();
    let rs = &analysis.rule_set;
    // A report of one document is headed by that document's own place and
    // oversight body; a batch of several by those named for the whole run.
    let lone = match docs {
        [BatchEntry::Analyzed(d)] => Some(d.as_ref()),
        _ => None,
    };
    let place = lone.map_or(analysis.jurisdiction.as_deref(), |d| place_of(analysis, d));
    let oversight = lone.map_or(analysis.oversight.as_deref(), |d| oversight_of(analysis, d));
    let title = match (place, docs) {
        (Some(j), _) => md(j),
        (None, [one]) => md(&labels.of(one.path())),
        (None, _) => format!("{} documents", docs.len()),
    };
    let _ = writeln!(out, "# Police policy review: {title}\n");
    let _ = writeln!(
        out,
        "Compared with **{}** ({}, digest {}) · report date {}",
        md(&rs.title),
        md(&rs.id),
        md(&rs.digest),
        md(&analysis.generated)
    );
    if let Some(o) = oversight {
        let _ = writeln!(out, "\nOversight body named in the model text: {}", md(o));
    }
    if !rs.left_out.is_empty() {
        let names: Vec<String> = rs
            .left_out
            .iter()
            .map(|r| format!("{} {}", md(&rule_ref(r)), md(&rule_title(r))))
            .collect();
        let _ = writeln!(out, "\nLeft out: {}", names.join("; "));
    }
    let _ = writeln!(out, "\n{READING_AID} {CONFIDENCE_MEANS}");
    out.push('\n');
    if docs.len() > 1 {
        matrix(&mut out, analysis, docs, labels);
    }
    for e in docs {
        if let BatchEntry::Analyzed(d) = e {
            document(
                &mut out,
                analysis,
                d,
                &labels.of(&d.path),
                (place, oversight),
            );
        }
    }
    let failed: Vec<(&String, &String)> = docs
        .iter()
        .filter_map(|e| match e {
            BatchEntry::Failed { path, reason } => Some((path, reason)),
            BatchEntry::Analyzed(_) => None,
        })
        .collect();
    if !failed.is_empty() {
        out.push_str("## Files that could not be analysed\n\n");
        for (path, reason) in failed {
            let _ = writeln!(out, "- {}: {}", md(path), md(reason));
        }
        out.push('\n');
    }
    if docs.is_empty() {
        out.push_str("No documents.\n");
    }
    out
}

fn matrix(out: &mut String, analysis: &Analysis, docs: &[&BatchEntry], labels: &Labels) {
    let rules = &analysis.rule_set.rules;
    out.push_str("## All documents\n\n| Document |");
    for (i, r) in rules.iter().enumerate() {
        let n = if r.number.is_empty() {
            (i + 1).to_string()
        } else {
            md(&r.number)
        };
        let _ = write!(out, " {n} |");
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(rules.len()));
    out.push('\n');
    for e in docs {
        let _ = write!(out, "| {} |", md(&labels.of(e.path())));
        match e {
            BatchEntry::Failed { .. } => {
                for _ in rules {
                    out.push_str(" failed |");
                }
            }
            BatchEntry::Analyzed(d) => {
                let rows = rows(analysis, d);
                for i in 0..rules.len() {
                    let v = rows.get(i).and_then(Row::verdict);
                    let _ = write!(out, " {} {} |", verdict_icon(v), verdict_word(v));
                }
            }
        }
        out.push('\n');
    }
    out.push_str("\nRules: ");
    let legend: Vec<String> = rules
        .iter()
        .map(|r| format!("{} {}", md(&r.number), md(&rule_title(r))))
        .collect();
    out.push_str(&legend.join("; "));
    out.push_str("\n\n");
}

/// One document's section. `heading` is the place and oversight body the
/// report's heading already names; a document tailored to others says so.
fn document(
    out: &mut String,
    analysis: &Analysis,
    d: &DocumentAnalysis,
    label: &str,
    heading: (Option<&str>, Option<&str>),
) {
    let rows = rows(analysis, d);
    let [met, partial, missing, conflict] = tally(&rows);
    let _ = writeln!(
        out,
        "## {} ({}, {} page{})\n",
        md(label),
        md(&d.path),
        d.pages,
        if d.pages == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        out,
        "**{met} met · {partial} partial · {missing} missing · {conflict} conflict**\n"
    );
    let own = (place_of(analysis, d), oversight_of(analysis, d));
    if own != heading {
        match own {
            (Some(p), Some(o)) => {
                let _ = writeln!(
                    out,
                    "Model text filled in for {} (oversight body: {}).\n",
                    md(p),
                    md(o)
                );
            }
            (Some(p), None) => {
                let _ = writeln!(out, "Model text filled in for {}.\n", md(p));
            }
            (None, Some(o)) => {
                let _ = writeln!(out, "Oversight body named in the model text: {}.\n", md(o));
            }
            (None, None) => {}
        }
    }
    for w in &d.warnings {
        let _ = writeln!(out, "- Warning: {}", md(w));
    }
    if !d.warnings.is_empty() {
        out.push('\n');
    }
    out.push_str("| # | Rule | Verdict | Where in the policy |\n|---|---|---|---|\n");
    for r in &rows {
        let v = r.verdict();
        let label = v.map_or("not assessed", Verdict::label);
        let where_ = r
            .finding
            .and_then(|f| f.evidence.first())
            .map(|e| md(&citation(e)))
            .unwrap_or_else(|| "—".to_string());
        let _ = writeln!(
            out,
            "| {} | {} | {} {label} | {where_} |",
            md(&r.rule.number),
            md(&rule_title(&r.rule)),
            verdict_icon(v)
        );
    }
    out.push('\n');
    for v in [Verdict::Conflict, Verdict::Partial, Verdict::Missing] {
        for r in rows.iter().filter(|r| r.verdict() == Some(v)) {
            gap(out, r);
        }
    }
}

fn gap(out: &mut String, r: &Row) {
    let Some(f) = r.finding else { return };
    let _ = writeln!(
        out,
        "### {} — {}: {} {}\n",
        md(&rule_ref(&r.rule)),
        md(&rule_title(&r.rule)),
        verdict_icon(Some(f.verdict)),
        f.verdict.label()
    );
    if !r.rule.note.is_empty() {
        let _ = writeln!(out, "*About this rule:* {}\n", md(&r.rule.note));
    }
    if f.confidence.is_finite() {
        let _ = writeln!(
            out,
            "Confidence: {} ({:.0}%)\n",
            confidence_word(f.confidence),
            (f.confidence * 100.0).clamp(0.0, 100.0)
        );
    }
    if f.evidence.is_empty() {
        out.push_str("Nothing in the policy addresses this rule.\n\n");
    }
    for e in &f.evidence {
        let mut place = citation(e);
        if let Some(h) = &e.heading {
            place = format!("{place}, under \u{201c}{h}\u{201d}");
        }
        let _ = writeln!(
            out,
            "> {} — {}:\n>\n> {}\n",
            md(&place),
            role_word(e.role),
            md(&e.text)
        );
    }
    if !f.missing_elements.is_empty() {
        let m: Vec<String> = f.missing_elements.iter().map(|m| md(m)).collect();
        let _ = writeln!(out, "Lacks: {}\n", m.join(", "));
    }
    if !f.reasons.is_empty() {
        out.push_str("Why:\n\n");
        for reason in &f.reasons {
            let _ = writeln!(out, "- {}", md(reason));
        }
        out.push('\n');
    }
    if !r.model_text.trim().is_empty() {
        let lead = match f.verdict {
            Verdict::Missing => "Model text to add",
            Verdict::Partial => "Model text that would complete it",
            _ => "Model text to use instead",
        };
        let _ = writeln!(out, "**{lead}:**\n\n> {}\n", md(r.model_text));
    }
    if f.verdict != Verdict::Missing && f.diff.iter().any(|d| d.kind != DeltaKind::Equal) {
        let _ = writeln!(
            out,
            "Redline from the current clause (~~removed~~, **added**):\n\n> {}\n",
            redline(&super::readable_diff(&f.diff))
        );
    }
}

/// The diff as one Markdown line: deletions struck through, insertions bold.
fn redline(diff: &[TextDelta]) -> String {
    let mut out = String::new();
    let mut prev = DeltaKind::Equal;
    for d in diff {
        // A deletion directly followed by its replacement reads better with
        // a space between them.
        if prev == DeltaKind::Delete && d.kind == DeltaKind::Insert && !out.ends_with(' ') {
            out.push(' ');
        }
        prev = d.kind;
        let core = md(&d.text);
        let lead = d.text.starts_with(char::is_whitespace);
        let trail = d.text.ends_with(char::is_whitespace);
        if lead && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
        if !core.is_empty() {
            // Emphasis markers must touch the words they wrap, so the
            // whitespace stays outside them.
            match d.kind {
                DeltaKind::Equal => out.push_str(&core),
                DeltaKind::Insert => {
                    let _ = write!(out, "**{core}**");
                }
                DeltaKind::Delete => {
                    let _ = write!(out, "~~{core}~~");
                }
            }
        }
        if trail && !core.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

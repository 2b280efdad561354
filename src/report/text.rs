//! The terminal report: a table of documents × rules with verdict words,
//! then for each document its gaps and conflicts with page and section.
//!
//! Color is decoration only (every verdict is also a word), and policy text
//! passes through [`escape::terminal`] so it cannot send escape sequences.

use super::escape;
use super::{
    Labels, RenderOptions, Row, citation, rows, rule_ref, rule_title, tally, verdict_word,
};
use crate::model::{Analysis, BatchEntry, DocumentAnalysis, Verdict};
use std::fmt::Write;

/// Longest quote of a clause shown in the terminal, in characters.
const QUOTE_CHARS: usize = 240;

pub(super) fn render(
    analysis: &Analysis,
    docs: &[&BatchEntry],
    labels: &Labels,
    opts: &RenderOptions,
) -> String {
    let width = opts.width.max(40);
    let mut out = String::new();
    let rs = &analysis.rule_set;
    let mut head = format!(
        "Rule set: {} ({}, digest {})",
        escape::terminal(&rs.title),
        escape::terminal(&rs.id),
        escape::terminal(&rs.digest)
    );
    if let Some(j) = &analysis.jurisdiction {
        let _ = write!(head, " · tailored for {}", escape::terminal(j));
    }
    let _ = write!(head, " · {}", escape::terminal(&analysis.generated));
    push_wrapped(&mut out, &head, 0, 0, width);
    if !rs.left_out.is_empty() {
        let names: Vec<String> = rs
            .left_out
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    escape::terminal(&rule_ref(r)),
                    escape::terminal(&rule_title(r))
                )
            })
            .collect();
        push_wrapped(
            &mut out,
            &format!("Left out: {}", names.join("; ")),
            0,
            10,
            width,
        );
    }
    out.push('\n');

    let analyzed: Vec<&DocumentAnalysis> = docs
        .iter()
        .filter_map(|e| match e {
            BatchEntry::Analyzed(d) => Some(d.as_ref()),
            BatchEntry::Failed { .. } => None,
        })
        .collect();

    if docs.len() > 1 {
        matrix(&mut out, analysis, docs, labels, opts, width);
        out.push('\n');
    }
    for d in &analyzed {
        let label = labels.of(&d.path);
        document(&mut out, analysis, d, &label, opts, width, docs.len() == 1);
    }
    let failed: Vec<(&str, &str)> = docs
        .iter()
        .filter_map(|e| match e {
            BatchEntry::Failed { path, reason } => Some((path.as_str(), reason.as_str())),
            BatchEntry::Analyzed(_) => None,
        })
        .collect();
    if !failed.is_empty() {
        let n = failed.len();
        let _ = writeln!(
            out,
            "{n} file{} could not be analysed:",
            if n == 1 { "" } else { "s" }
        );
        for (path, reason) in failed {
            // Wrap the plain words first, then color the marker, so the
            // escape codes do not count towards the width.
            let mut lines = String::new();
            let line = format!(
                "FAILED {}: {}",
                escape::terminal(path),
                escape::terminal(reason)
            );
            push_wrapped(&mut lines, &line, 2, 9, width);
            out.push_str(&lines.replacen("FAILED", &paint("FAILED", "1;31", opts.color), 1));
        }
    }
    if docs.is_empty() {
        out.push_str("No documents.\n");
    }
    out
}

/// The batch table: one row per document, one column per rule.
fn matrix(
    out: &mut String,
    analysis: &Analysis,
    docs: &[&BatchEntry],
    labels: &Labels,
    opts: &RenderOptions,
    width: usize,
) {
    let rules = &analysis.rule_set.rules;
    let labels: Vec<String> = docs
        .iter()
        .map(|e| escape::terminal(&labels.of(e.path())))
        .collect();
    let name_w = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(8)
        .clamp(8, (width / 3).clamp(8, 28));
    let heads: Vec<String> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let n = escape::terminal(&r.number);
            if n.is_empty() { (i + 1).to_string() } else { n }
        })
        .collect();
    // Full words when they fit; four-letter forms otherwise; and when even
    // those do not fit, the rules are split over several tables.
    let full = name_w + rules.len() * 9 <= width;
    let cell_w = if full { 8 } else { 4 };
    let per_block = ((width.saturating_sub(name_w)) / (cell_w + 1)).max(1);
    let all: Vec<usize> = (0..rules.len()).collect();
    for block in all.chunks(per_block) {
        let mut line = pad("", name_w);
        for &i in block {
            line.push(' ');
            line.push_str(&pad(&truncate(&heads[i], cell_w), cell_w));
        }
        out.push_str(line.trim_end());
        out.push('\n');
        for (e, label) in docs.iter().zip(&labels) {
            let mut line = pad(&truncate(label, name_w), name_w);
            match e {
                BatchEntry::Failed { .. } => {
                    line.push(' ');
                    line.push_str(&paint("FAILED (see below)", "1;31", opts.color));
                }
                BatchEntry::Analyzed(d) => {
                    let rows = rows(analysis, d);
                    for &i in block {
                        let v = rows.get(i).and_then(Row::verdict);
                        let word = if full {
                            verdict_word(v).to_string()
                        } else {
                            short_word(v).to_string()
                        };
                        line.push(' ');
                        let padded = pad(&word, cell_w);
                        line.push_str(&paint_verdict(&padded, v, opts.color));
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    let legend: Vec<String> = rules
        .iter()
        .zip(&heads)
        .map(|(r, h)| format!("{h} {}", escape::terminal(&rule_title(r))))
        .collect();
    push_wrapped(out, &format!("Rules: {}", legend.join("; ")), 0, 7, width);
    if !full {
        push_wrapped(
            out,
            "Verdicts: met = meets the rule, part = partly meets, miss = missing, CONF = conflicts",
            0,
            10,
            width,
        );
    }
}

/// One document: its scorecard (when it is the only one), then each gap.
fn document(
    out: &mut String,
    analysis: &Analysis,
    d: &DocumentAnalysis,
    label: &str,
    opts: &RenderOptions,
    width: usize,
    alone: bool,
) {
    let rows = rows(analysis, d);
    let title = format!(
        "{} ({}, {} page{})",
        escape::terminal(label),
        escape::terminal(&d.path),
        d.pages,
        if d.pages == 1 { "" } else { "s" }
    );
    let mut lines = String::new();
    push_wrapped(&mut lines, &title, 0, 2, width);
    for l in lines.lines() {
        out.push_str(&paint(l, "1", opts.color));
        out.push('\n');
    }
    let [met, partial, missing, conflict] = tally(&rows);
    push_wrapped(
        out,
        &format!("{met} met, {partial} partial, {missing} missing, {conflict} conflict"),
        2,
        2,
        width,
    );
    for w in &d.warnings {
        push_wrapped(
            out,
            &format!("warning: {}", escape::terminal(w)),
            2,
            11,
            width,
        );
    }
    if alone {
        scorecard(out, &rows, opts, width);
        out.push('\n');
    }
    let gaps: Vec<&Row> = rows.iter().filter(|r| r.is_gap()).collect();
    if gaps.is_empty() {
        out.push_str("  No gaps: every rule is met.\n\n");
        return;
    }
    out.push_str("  Gaps and conflicts:\n");
    // Conflicts first: they are what a reader must act on.
    let order = [Verdict::Conflict, Verdict::Partial, Verdict::Missing];
    for v in order {
        for r in gaps.iter().filter(|r| r.verdict() == Some(v)) {
            gap(out, r, opts, width);
        }
    }
    out.push('\n');
}

/// The single-document table: rule, verdict and where the deciding clause is.
fn scorecard(out: &mut String, rows: &[Row], opts: &RenderOptions, width: usize) {
    let title_w = rows
        .iter()
        .map(|r| rule_title(&r.rule).chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, (width / 2).max(10))
        .min(width.saturating_sub(17))
        .max(6);
    // Rule numbers are short ("1", "1373"); the column fits the longest.
    let num_w = rows
        .iter()
        .map(|r| r.rule.number.chars().count())
        .max()
        .unwrap_or(1)
        .clamp(1, 6);
    let used = 2 + num_w + 2 + title_w + 2 + 8;
    let room = width.saturating_sub(used + 2);
    let mut head = format!(
        "  {:>num_w$}  {}  {}",
        "#",
        pad("Rule", title_w),
        pad("Verdict", 8)
    );
    if room >= 8 {
        head.push_str("  Where");
    }
    out.push_str(&paint(head.trim_end(), "2", opts.color));
    out.push('\n');
    for r in rows {
        let num = escape::terminal(&r.rule.number);
        let title = truncate(&escape::terminal(&rule_title(&r.rule)), title_w);
        let v = r.verdict();
        let word = pad(verdict_word(v), 8);
        let mut line = format!(
            "  {:>num_w$}  {}  {}",
            truncate(&num, num_w),
            pad(&title, title_w),
            paint_verdict(&word, v, opts.color)
        );
        if let Some(ev) = r.finding.and_then(|f| f.evidence.first()) {
            let c = escape::terminal(&citation(ev));
            if room >= 8 {
                line.push_str("  ");
                line.push_str(&truncate(&c, room));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// One gap: verdict word, rule, where, the quoted clause, what is missing.
fn gap(out: &mut String, r: &Row, opts: &RenderOptions, width: usize) {
    let v = r.verdict();
    let word = pad(verdict_word(v), 8);
    let head = format!(
        "{} {}",
        escape::terminal(&rule_ref(&r.rule)),
        escape::terminal(&rule_title(&r.rule))
    );
    let first = truncate(&head, width.saturating_sub(14).max(10));
    let _ = writeln!(out, "  {}  {}", paint_verdict(&word, v, opts.color), first);
    if !r.rule.note.is_empty() {
        let note = format!("about this rule: {}", escape::terminal(&r.rule.note));
        push_wrapped(out, &note, 12, 12, width);
    }
    if r.rule.optional {
        push_wrapped(
            out,
            "(scan with --skip-optional to leave optional rules out)",
            12,
            13,
            width,
        );
    }
    let Some(f) = r.finding else { return };
    if f.evidence.is_empty() {
        push_wrapped(
            out,
            "nothing in the policy addresses this rule",
            12,
            12,
            width,
        );
    }
    for ev in f.evidence.iter().take(2) {
        let quote = truncate(&escape::terminal(&ev.text), QUOTE_CHARS);
        let what = match ev.role {
            crate::model::EvidenceRole::Contrary => "against",
            crate::model::EvidenceRole::Supports => "for",
        };
        push_wrapped(
            out,
            &format!(
                "{} ({what}): \u{201c}{quote}\u{201d}",
                escape::terminal(&citation(ev))
            ),
            12,
            14,
            width,
        );
    }
    if f.evidence.len() > 2 {
        push_wrapped(
            out,
            &format!("and {} more clause(s)", f.evidence.len() - 2),
            12,
            12,
            width,
        );
    }
    if !f.missing_elements.is_empty() {
        let m: Vec<String> = f
            .missing_elements
            .iter()
            .map(|m| escape::terminal(m))
            .collect();
        push_wrapped(out, &format!("lacks: {}", m.join(", ")), 12, 19, width);
    }
}

fn short_word(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Met) => "met",
        Some(Verdict::Partial) => "part",
        Some(Verdict::Missing) => "miss",
        Some(Verdict::Conflict) => "CONF",
        None => "n/a",
    }
}

fn paint_verdict(s: &str, v: Option<Verdict>, color: bool) -> String {
    let code = match v {
        Some(Verdict::Met) => "32",
        Some(Verdict::Partial) => "33",
        Some(Verdict::Missing) => "35",
        Some(Verdict::Conflict) => "1;31",
        None => "2",
    };
    paint(s, code, color)
}

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(n)));
    out
}

/// Cuts `s` to at most `max` characters, marking the cut with an ellipsis.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Word-wraps `text` to `width`: the first line indented by `first`, the
/// rest by `rest`. A word longer than a line is broken.
fn push_wrapped(out: &mut String, text: &str, first: usize, rest: usize, width: usize) {
    let mut indent = first;
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let room = width.saturating_sub(indent).max(10);
            let sep = usize::from(len > 0);
            if len + sep + word.len() <= room {
                if sep == 1 {
                    line.push(' ');
                }
                line.extend(word.iter());
                len += sep + word.len();
                break;
            }
            if len > 0 {
                flush(out, &mut line, indent);
                indent = rest;
                len = 0;
                continue;
            }
            let rest_of_word = word.split_off(room);
            line.extend(word.iter());
            flush(out, &mut line, indent);
            indent = rest;
            word = rest_of_word;
        }
    }
    if !line.is_empty() {
        flush(out, &mut line, indent);
    }
}

fn flush(out: &mut String, line: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(line);
    out.push('\n');
    line.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_respects_width_and_indents() {
        let mut out = String::new();
        push_wrapped(&mut out, "aaa bbb ccc ddd eee", 2, 4, 14);
        assert_eq!(out, "  aaa bbb ccc\n    ddd eee\n");
        let mut out = String::new();
        push_wrapped(&mut out, &"x".repeat(25), 0, 0, 10);
        assert!(out.lines().all(|l| l.chars().count() <= 10), "{out}");
        assert_eq!(out.replace('\n', ""), "x".repeat(25));
    }

    #[test]
    fn truncate_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}

//! The HTML report: one self-contained page (inline CSS, no scripts, nothing
//! from the network) with a scorecard, rule cards, and the annotated policy —
//! the current text with the passages to replace shaded gray and the
//! tailored model rule after each — plus a town × rule heat map for batches.
//!
//! Every string that is not ours goes through [`escape::push_html`]; policy
//! text sits in `dir="auto"` blocks or `<bdi>` so right-to-left text cannot
//! reorder the page around it.

use super::escape::{self, push_html};
use super::{
    CONFIDENCE_MEANS, Labels, READING_AID, Row, citation, clean_ranges, confidence_word,
    oversight_of, place_of, role_word, rows, rule_ref, tally, verdict_icon, verdict_word,
};
use crate::model::{
    Analysis, BatchEntry, DeltaKind, DocumentAnalysis, Evidence, EvidenceRole, Finding,
    RuleSummary, Verdict,
};
use std::fmt::Write;

/// Documents longer than this many pages show runs of pages with nothing to
/// replace folded away, so the annotated copy stays readable and printable.
const FOLD_AFTER_PAGES: usize = 12;
/// The shortest run of quiet pages worth folding.
const FOLD_MIN_RUN: usize = 3;

const CSS: &str = include_str!("report.css");

pub(super) fn render(analysis: &Analysis, docs: &[&BatchEntry], labels: &Labels) -> String {
    let cap = docs
        .iter()
        .map(|e| match e {
            BatchEntry::Analyzed(d) => d.text.len() + d.text.len() / 8,
            BatchEntry::Failed { .. } => 0,
        })
        .sum::<usize>()
        + 64 * 1024;
    let mut out = String::with_capacity(cap);
    let title = match (&analysis.jurisdiction, docs) {
        (Some(j), _) => j.clone(),
        (None, [BatchEntry::Analyzed(d)]) if d.jurisdiction.is_some() => {
            d.jurisdiction.clone().unwrap_or_default()
        }
        (None, [one]) => labels.of(one.path()),
        (None, _) => format!("{} police policies", docs.len()),
    };
    page_head(&mut out, &title);
    masthead(&mut out, analysis, &title, docs);
    if docs.len() > 1 {
        let links: Vec<String> = (0..docs.len()).map(|i| format!("#d{i}")).collect();
        out.push_str("<section class=\"batch\"><h2>All documents at a glance</h2>\n");
        heat_map(&mut out, analysis, docs, labels, &links);
        out.push_str("</section>\n");
    }
    for (i, e) in docs.iter().enumerate() {
        match e {
            BatchEntry::Analyzed(d) => document(&mut out, analysis, d, &labels.of(&d.path), i),
            BatchEntry::Failed { path, reason } => {
                failed(&mut out, path, &labels.of(path), reason, i);
            }
        }
    }
    if docs.is_empty() {
        out.push_str("<p>No documents.</p>\n");
    }
    page_foot(&mut out, analysis);
    out
}

/// The index page of a batch written one report per document: the town ×
/// rule heat map, each town linking to `links[i]`, the report for
/// `analysis.documents[i]` as a path relative to the index (it is
/// percent-encoded here) or an http(s) address; missing links and other
/// schemes are left out.
pub fn html_index(analysis: &Analysis, links: &[String]) -> String {
    let docs: Vec<&BatchEntry> = analysis.documents.iter().collect();
    let mut out = String::with_capacity(64 * 1024);
    let title = analysis
        .jurisdiction
        .clone()
        .unwrap_or_else(|| format!("{} police policies", docs.len()));
    page_head(&mut out, &title);
    masthead(&mut out, analysis, &title, &docs);
    out.push_str("<section class=\"batch\"><h2>All documents at a glance</h2>\n");
    heat_map(&mut out, analysis, &docs, &Labels::new(analysis), links);
    let failed: Vec<(usize, &String, &String)> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            BatchEntry::Failed { path, reason } => Some((i, path, reason)),
            BatchEntry::Analyzed(_) => None,
        })
        .collect();
    if !failed.is_empty() {
        out.push_str("<h3>Files that could not be analysed</h3>\n<ul class=\"failed\">\n");
        for (_, path, reason) in failed {
            out.push_str("<li><bdi>");
            push_html(&mut out, path);
            out.push_str("</bdi>: <bdi>");
            push_html(&mut out, reason);
            out.push_str("</bdi></li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    page_foot(&mut out, analysis);
    out
}

/// How every HTML report's title begins, so a folder scan can tell a
/// report written into the folder from a policy.
pub const TITLE_START: &str = "<title>Police policy review: ";

fn page_head(out: &mut String, title: &str) {
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'\">\n",
    );
    out.push_str(TITLE_START);
    push_html(out, title);
    out.push_str("</title>\n<style>\n");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n");
}

fn masthead(out: &mut String, analysis: &Analysis, title: &str, docs: &[&BatchEntry]) {
    out.push_str(
        "<header class=\"mast\">\n<p class=\"kicker\">Police policy review</p>\n<h1><bdi>",
    );
    push_html(out, title);
    out.push_str("</bdi></h1>\n<dl class=\"meta\">\n");
    if let [BatchEntry::Analyzed(d)] = docs {
        out.push_str("<div><dt>Policy</dt><dd><bdi>");
        push_html(out, &d.path);
        let _ = writeln!(
            out,
            "</bdi> ({} page{})</dd></div>",
            d.pages,
            if d.pages == 1 { "" } else { "s" }
        );
    } else {
        let failed = docs
            .iter()
            .filter(|e| matches!(e, BatchEntry::Failed { .. }))
            .count();
        let _ = write!(
            out,
            "<div><dt>Policies</dt><dd>{} analysed",
            docs.len() - failed
        );
        if failed > 0 {
            let _ = write!(out, ", {failed} could not be read");
        }
        out.push_str("</dd></div>\n");
    }
    let rs = &analysis.rule_set;
    out.push_str("<div><dt>Compared with</dt><dd><bdi>");
    push_html(out, &rs.title);
    out.push_str("</bdi> <span class=\"set-id\">(<bdi>");
    push_html(out, &rs.id);
    out.push_str("</bdi>, digest <code>");
    push_html(out, &rs.digest);
    out.push_str("</code>)</span></dd></div>\n");
    if !rs.left_out.is_empty() {
        out.push_str("<div><dt>Left out</dt><dd>");
        for (i, r) in rs.left_out.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            push_html(out, &rule_ref(r));
            out.push(' ');
            rule_title(out, r);
        }
        out.push_str("</dd></div>\n");
    }
    // A report of one document names that document's own oversight body.
    let oversight = match docs {
        [BatchEntry::Analyzed(d)] => oversight_of(analysis, d),
        _ => analysis.oversight.as_deref(),
    };
    if let Some(o) = oversight {
        out.push_str("<div><dt>Oversight body</dt><dd><bdi>");
        push_html(out, o);
        out.push_str("</bdi></dd></div>\n");
    }
    out.push_str("<div><dt>Report date</dt><dd>");
    push_html(out, &analysis.generated);
    out.push_str("</dd></div>\n</dl>\n</header>\n");
}

fn page_foot(out: &mut String, analysis: &Analysis) {
    let rs = &analysis.rule_set;
    out.push_str("<footer>Made with policygap from rule set <bdi>");
    push_html(out, &rs.id);
    out.push_str("</bdi> (digest <code>");
    push_html(out, &rs.digest);
    out.push_str("</code>");
    if !rs.source.is_empty() {
        out.push_str("; source: <bdi>");
        push_html(out, &rs.source);
        out.push_str("</bdi>");
    }
    let _ = write!(
        out,
        "), report format {}. {READING_AID}</footer>\n</body>\n</html>\n",
        analysis.schema_version
    );
}

/// A rule's title, isolated from the text around it, and marked optional
/// when a town may leave the rule out.
fn rule_title(out: &mut String, r: &RuleSummary) {
    out.push_str("<bdi>");
    push_html(out, &r.title);
    out.push_str("</bdi>");
    if r.optional {
        out.push_str(" <span class=\"opt\">optional</span>");
    }
}

/// What the rule set says a reader should know about a rule, if anything.
fn rule_note(out: &mut String, r: &RuleSummary) {
    if r.note.is_empty() {
        return;
    }
    out.push_str("<p class=\"note\"><b>About this rule:</b> <bdi>");
    push_html(out, &r.note);
    out.push_str("</bdi></p>");
}

/// The badge for a verdict: symbol and words inside a bordered box whose
/// border style differs per verdict, so it reads in black and white.
fn badge(out: &mut String, v: Option<Verdict>) {
    let class = v.map_or("none", Verdict::as_str);
    let label = v.map_or("not assessed", Verdict::label);
    let _ = write!(
        out,
        "<span class=\"v v-{class}\"><span aria-hidden=\"true\">{}</span> {label}</span>",
        verdict_icon(v)
    );
}

/// A link target that cannot run script: an in-page `#fragment`, an
/// http(s) address, or a relative file path (percent-encoded here, so names
/// with spaces, `#` or `?` still point at the file). Other schemes are
/// refused.
fn safe_href(link: &str) -> Option<String> {
    let l = link.trim();
    if l.is_empty() {
        return None;
    }
    if let Some(fragment) = l.strip_prefix('#') {
        return Some(format!("#{}", percent_encode(fragment)));
    }
    let path_start = l.find(['/', '\\', '?', '#']).unwrap_or(l.len());
    if let Some(i) = l.find(':').filter(|&i| i < path_start) {
        let scheme = l[..i].to_ascii_lowercase();
        return (scheme == "http" || scheme == "https").then(|| escape::html(l));
    }
    Some(percent_encode(&l.replace('\\', "/")))
}

/// Percent-encodes every byte outside the unreserved URL characters and `/`.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn heat_map(
    out: &mut String,
    analysis: &Analysis,
    docs: &[&BatchEntry],
    labels: &Labels,
    links: &[String],
) {
    let rules = &analysis.rule_set.rules;
    out.push_str("<table class=\"heat\">\n<thead><tr><th scope=\"col\">Policy</th>");
    for (i, r) in rules.iter().enumerate() {
        out.push_str("<th scope=\"col\" title=\"");
        push_html(out, &r.title);
        out.push_str("\">");
        if r.number.is_empty() {
            let _ = write!(out, "{}", i + 1);
        } else {
            push_html(out, &r.number);
        }
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let mut met_counts = vec![0usize; rules.len()];
    let mut analyzed = 0;
    for (i, e) in docs.iter().enumerate() {
        out.push_str("<tr><th scope=\"row\">");
        let href = links.get(i).and_then(|l| safe_href(l));
        if let Some(h) = &href {
            let _ = write!(out, "<a href=\"{h}\">");
        }
        out.push_str("<bdi>");
        push_html(out, &labels.of(e.path()));
        out.push_str("</bdi>");
        if href.is_some() {
            out.push_str("</a>");
        }
        out.push_str("</th>");
        match e {
            BatchEntry::Failed { reason, .. } => {
                let _ = write!(
                    out,
                    "<td class=\"h h-failed\" colspan=\"{}\">could not be read: <bdi>",
                    rules.len().max(1)
                );
                push_html(out, reason);
                out.push_str("</bdi></td>");
            }
            BatchEntry::Analyzed(d) => {
                analyzed += 1;
                let rows = rows(analysis, d);
                for (k, count) in met_counts.iter_mut().enumerate() {
                    let v = rows.get(k).and_then(Row::verdict);
                    if v == Some(Verdict::Met) {
                        *count += 1;
                    }
                    let _ = write!(
                        out,
                        "<td class=\"h h-{}\"><span aria-hidden=\"true\">{}</span> {}</td>",
                        v.map_or("none", Verdict::as_str),
                        verdict_icon(v),
                        verdict_word(v)
                    );
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">Policies that meet it</th>");
    for c in met_counts {
        let _ = write!(out, "<td>{c} of {analyzed}</td>");
    }
    out.push_str("</tr></tfoot>\n</table>\n<ol class=\"legend\">\n");
    for r in rules {
        out.push_str("<li><b>");
        push_html(out, &r.number);
        out.push_str("</b> ");
        rule_title(out, r);
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    verdict_key(out);
}

/// What the badges mean, in words.
fn verdict_key(out: &mut String) {
    out.push_str("<p class=\"key\">");
    let words = [
        (Verdict::Met, "the policy does what the rule asks"),
        (
            Verdict::Partial,
            "it addresses the rule but leaves part out or uses weaker words",
        ),
        (Verdict::Missing, "nothing in the policy addresses the rule"),
        (
            Verdict::Conflict,
            "a clause directs or permits the opposite",
        ),
    ];
    for (v, meaning) in words {
        badge(out, Some(v));
        let _ = write!(out, " {meaning}. ");
    }
    let _ = writeln!(
        out,
        "</p>\n<p class=\"key\">{CONFIDENCE_MEANS} {READING_AID}</p>"
    );
}

fn failed(out: &mut String, path: &str, label: &str, reason: &str, i: usize) {
    let _ = write!(out, "<article class=\"doc failed\" id=\"d{i}\">\n<h2><bdi>");
    push_html(out, label);
    out.push_str("</bdi></h2>\n<p class=\"error\">This file could not be analysed: <bdi>");
    push_html(out, reason);
    out.push_str("</bdi></p>\n<p class=\"path\"><bdi>");
    push_html(out, path);
    out.push_str("</bdi></p>\n</article>\n");
}

fn document(out: &mut String, analysis: &Analysis, d: &DocumentAnalysis, label: &str, i: usize) {
    let rows = rows(analysis, d);
    let _ = write!(
        out,
        "<article class=\"doc\" id=\"d{i}\">\n<h2 class=\"doc-title\"><bdi>"
    );
    push_html(out, label);
    out.push_str("</bdi> <small><bdi>");
    push_html(out, &d.path);
    let _ = writeln!(
        out,
        "</bdi> · {} page{}</small></h2>",
        d.pages,
        if d.pages == 1 { "" } else { "s" }
    );
    if !d.warnings.is_empty() {
        out.push_str("<ul class=\"warnings\">\n");
        for w in &d.warnings {
            out.push_str("<li><bdi>");
            push_html(out, w);
            out.push_str("</bdi></li>\n");
        }
        out.push_str("</ul>\n");
    }
    scorecard(out, &rows, i);
    asks(out, &rows, place_of(analysis, d));
    cards(out, &rows, i);
    annotated(out, d, &rows);
    out.push_str("</article>\n");
}

fn scorecard(out: &mut String, rows: &[Row], doc: usize) {
    let [met, partial, missing, conflict] = tally(rows);
    out.push_str("<section class=\"score\">\n<h3>Scorecard</h3>\n<p class=\"tally\">");
    for (v, n) in [
        (Verdict::Conflict, conflict),
        (Verdict::Partial, partial),
        (Verdict::Missing, missing),
        (Verdict::Met, met),
    ] {
        let _ = write!(
            out,
            "<span class=\"t t-{}\"><b>{n}</b> {}</span> ",
            v.as_str(),
            v.label()
        );
    }
    out.push_str("</p>\n<table class=\"score\">\n<thead><tr><th scope=\"col\">Rule</th>\
                  <th scope=\"col\">Verdict</th><th scope=\"col\">Where in the policy</th></tr></thead>\n<tbody>\n");
    for (k, r) in rows.iter().enumerate() {
        let _ = write!(
            out,
            "<tr class=\"r-{}\"><td><a href=\"#d{doc}-r{k}\"><span class=\"num\">",
            r.verdict().map_or("none", Verdict::as_str)
        );
        push_html(out, &r.rule.number);
        out.push_str("</span> ");
        rule_title(out, &r.rule);
        out.push_str("</a></td><td>");
        badge(out, r.verdict());
        out.push_str("</td><td>");
        match r.finding.map(|f| f.evidence.as_slice()) {
            Some([first, ..]) => {
                out.push_str("<bdi>");
                push_html(out, &citation(first));
                out.push_str("</bdi>");
            }
            _ => out.push_str("<span class=\"none\">nowhere</span>"),
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    verdict_key(out);
    out.push_str("</section>\n");
}

/// The handout's core: each gap, worst first, with the tailored model text
/// that would close it.
fn asks(out: &mut String, rows: &[Row], place: Option<&str>) {
    let order = [Verdict::Conflict, Verdict::Partial, Verdict::Missing];
    let gaps: Vec<&Row> = order
        .iter()
        .flat_map(|v| rows.iter().filter(move |r| r.verdict() == Some(*v)))
        .collect();
    out.push_str("<section class=\"asks\">\n<h3>What to ask for</h3>\n");
    if gaps.is_empty() {
        out.push_str("<p class=\"how\">The policy meets every rule.</p>\n</section>\n");
        return;
    }
    out.push_str("<p class=\"how\">Adopting this model text would close every gap found");
    if let Some(p) = place {
        out.push_str(" (filled in for <bdi>");
        push_html(out, p);
        out.push_str("</bdi>)");
    }
    out.push_str(".</p>\n<ol class=\"asks\">\n");
    for r in gaps {
        let v = r.verdict();
        let _ = write!(
            out,
            "<li class=\"ask c-{}\"><p class=\"ask-head\"><span class=\"num\">",
            v.map_or("none", Verdict::as_str)
        );
        push_html(out, &rule_ref(&r.rule));
        out.push_str("</span> <b>");
        rule_title(out, &r.rule);
        out.push_str("</b> ");
        badge(out, v);
        let first = r.finding.and_then(|f| {
            f.evidence
                .iter()
                .find(|e| v != Some(Verdict::Conflict) || e.role == EvidenceRole::Contrary)
        });
        let what = match (v, first) {
            (Some(Verdict::Conflict), Some(e)) => format!("replaces {}", citation(e)),
            (Some(Verdict::Partial), Some(e)) => format!("strengthens {}", citation(e)),
            _ => "add to the policy".to_string(),
        };
        out.push_str(" <span class=\"ask-where\"><bdi>");
        push_html(out, &what);
        out.push_str("</bdi></span></p>");
        rule_note(out, &r.rule);
        if r.model_text.trim().is_empty() {
            out.push_str("<p class=\"none\">The rule set gives no model text for this rule.</p>");
        } else {
            out.push_str("<blockquote dir=\"auto\">");
            push_html(out, r.model_text);
            out.push_str("</blockquote>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn cards(out: &mut String, rows: &[Row], doc: usize) {
    out.push_str("<section class=\"cards\">\n<h3>Rule by rule</h3>\n");
    for (k, r) in rows.iter().enumerate() {
        card(out, r, doc, k);
    }
    out.push_str("</section>\n");
}

fn card(out: &mut String, r: &Row, doc: usize, k: usize) {
    let v = r.verdict();
    let _ = write!(
        out,
        "<article class=\"card c-{}\" id=\"d{doc}-r{k}\">\n<header><h4><span class=\"num\">",
        v.map_or("none", Verdict::as_str)
    );
    push_html(out, &rule_ref(&r.rule));
    out.push_str("</span> ");
    rule_title(out, &r.rule);
    out.push_str("</h4>");
    badge(out, v);
    out.push_str("</header>\n");
    rule_note(out, &r.rule);
    let Some(f) = r.finding else {
        out.push_str("<p>This rule was not assessed.</p>\n</article>\n");
        return;
    };
    let c = f.confidence;
    if c.is_finite() {
        let _ = writeln!(
            out,
            "<p class=\"conf\">Confidence: {} ({:.0}%)</p>",
            confidence_word(c),
            (c * 100.0).clamp(0.0, 100.0)
        );
    }
    if f.evidence.is_empty() {
        out.push_str("<p class=\"nothing\">Nothing in the policy addresses this rule.</p>\n");
    }
    for e in &f.evidence {
        evidence(out, e);
    }
    if !f.missing_elements.is_empty() {
        out.push_str("<p class=\"lacks\">What the policy leaves out: ");
        for (i, m) in f.missing_elements.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str("<span class=\"el\"><bdi>");
            push_html(out, m);
            out.push_str("</bdi></span>");
        }
        out.push_str("</p>\n");
    }
    if !f.reasons.is_empty() {
        out.push_str("<details class=\"why\" open><summary>Why this verdict</summary><ul>\n");
        for reason in &f.reasons {
            out.push_str("<li dir=\"auto\">");
            push_html(out, reason);
            out.push_str("</li>\n");
        }
        out.push_str("</ul></details>\n");
    }
    if r.is_gap() {
        model_box(out, r, f);
        redline(out, f);
    }
    out.push_str("</article>\n");
}

fn evidence(out: &mut String, e: &Evidence) {
    let role = match e.role {
        EvidenceRole::Supports => "supports",
        EvidenceRole::Contrary => "contrary",
    };
    let _ = write!(out, "<figure class=\"ev ev-{role}\"><figcaption><bdi>");
    push_html(out, &citation(e));
    out.push_str("</bdi>");
    if let Some(h) = &e.heading {
        out.push_str(", under \u{201c}<bdi>");
        push_html(out, h);
        out.push_str("</bdi>\u{201d}");
    }
    let _ = write!(
        out,
        " — <b>{}</b></figcaption>\n<blockquote dir=\"auto\">",
        role_word(e.role)
    );
    let mut pos = 0;
    for (s, end) in clean_ranges(&e.text, &e.matched) {
        push_html(out, &e.text[pos..s]);
        out.push_str("<b class=\"hit\">");
        push_html(out, &e.text[s..end]);
        out.push_str("</b>");
        pos = end;
    }
    push_html(out, &e.text[pos..]);
    out.push_str("</blockquote></figure>\n");
}

/// The tailored model text a reader should ask for.
fn model_box(out: &mut String, r: &Row, f: &Finding) {
    if r.model_text.trim().is_empty() {
        return;
    }
    let lead = match f.verdict {
        Verdict::Missing => "Text to add",
        Verdict::Partial => "Model text that would complete it",
        _ => "Model text to use instead",
    };
    let _ = write!(
        out,
        "<div class=\"model\"><p class=\"label\">{lead}</p><blockquote dir=\"auto\">"
    );
    push_html(out, r.model_text);
    out.push_str("</blockquote></div>\n");
}

fn redline(out: &mut String, f: &Finding) {
    if f.verdict == Verdict::Missing || !f.diff.iter().any(|d| d.kind != DeltaKind::Equal) {
        return;
    }
    out.push_str(
        "<div class=\"redline\"><p class=\"label\">Redline: from the current clause to the model \
         text (<del>struck out</del> is removed, <ins>underlined</ins> is added)</p><p dir=\"auto\">",
    );
    let mut prev: Option<&crate::model::TextDelta> = None;
    let diff = super::readable_diff(&f.diff);
    for d in &diff {
        // A deletion directly followed by its replacement reads better with
        // a space between them.
        if let Some(p) = prev
            && p.kind == DeltaKind::Delete
            && d.kind == DeltaKind::Insert
            && !p.text.ends_with(char::is_whitespace)
            && !d.text.starts_with(char::is_whitespace)
        {
            out.push(' ');
        }
        prev = Some(d);
        match d.kind {
            DeltaKind::Equal => push_html(out, &d.text),
            DeltaKind::Insert => {
                out.push_str("<ins>");
                push_html(out, &d.text);
                out.push_str("</ins>");
            }
            DeltaKind::Delete => {
                out.push_str("<del>");
                push_html(out, &d.text);
                out.push_str("</del>");
            }
        }
    }
    out.push_str("</p></div>\n");
}

/// A passage of the policy that a model rule would replace or strengthen,
/// with the rows (indices into the scorecard) of those rules.
#[derive(Debug)]
struct Region {
    start: usize,
    end: usize,
    rules: Vec<usize>,
}

/// The shaded passages: contrary clauses of conflicting rules and the
/// clauses of partly met ones, merged where they overlap. Spans that do not
/// fit the text are skipped (their rules are listed at the end instead).
fn regions(d: &DocumentAnalysis, rows: &[Row]) -> Vec<Region> {
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        let Some(f) = r.finding else { continue };
        for e in &f.evidence {
            let wanted = match f.verdict {
                Verdict::Conflict => e.role == EvidenceRole::Contrary,
                Verdict::Partial => true,
                _ => false,
            };
            let (s, end) = (e.span.start, e.span.end);
            if wanted
                && s < end
                && end <= d.text.len()
                && d.text.is_char_boundary(s)
                && d.text.is_char_boundary(end)
            {
                spans.push((s, end, k));
            }
        }
    }
    spans.sort_unstable();
    let mut out: Vec<Region> = Vec::new();
    for (s, e, k) in spans {
        match out.last_mut() {
            Some(last) if s < last.end => {
                last.end = last.end.max(e);
                if !last.rules.contains(&k) {
                    last.rules.push(k);
                }
            }
            _ => out.push(Region {
                start: s,
                end: e,
                rules: vec![k],
            }),
        }
    }
    out
}

/// Page ranges to show: the analysis's page spans when they fit the text,
/// otherwise the text split at form feeds.
fn pages(d: &DocumentAnalysis) -> Vec<(u32, usize, usize)> {
    let t = &d.text;
    let mut prev = 0;
    let fits = !d.page_spans.is_empty()
        && d.page_spans.iter().all(|p| {
            let ok = prev <= p.start
                && p.start <= p.end
                && p.end <= t.len()
                && t.is_char_boundary(p.start)
                && t.is_char_boundary(p.end);
            prev = p.end;
            ok
        });
    if fits {
        return d
            .page_spans
            .iter()
            .map(|p| (p.number, p.start, p.end))
            .collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (n, piece) in t.split('\x0c').enumerate() {
        out.push((n as u32 + 1, start, start + piece.len()));
        start += piece.len() + 1;
    }
    out
}

/// Paragraphs of `text[a..b]`: pieces between runs of spaces, tabs and
/// newlines that hold at least two newlines. Returns (start, end) pairs
/// covering the page, separators excluded.
fn paragraphs(text: &str, a: usize, b: usize) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = a;
    let mut i = a;
    while i < b {
        if matches!(bytes[i], b' ' | b'\t' | b'\n') {
            let run_start = i;
            let mut newlines = 0;
            while i < b && matches!(bytes[i], b' ' | b'\t' | b'\n') {
                newlines += usize::from(bytes[i] == b'\n');
                i += 1;
            }
            if newlines >= 2 {
                if run_start > start {
                    out.push((start, run_start));
                }
                start = i;
            }
        } else {
            i += 1;
        }
    }
    if b > start {
        out.push((start, b));
    }
    out
}

fn annotated(out: &mut String, d: &DocumentAnalysis, rows: &[Row]) {
    let regions = regions(d, rows);
    let pages = pages(d);
    out.push_str(
        "<section class=\"policy\">\n<h3>The policy, annotated</h3>\n<p class=\"how\">The \
         current policy, in order. Passages <mark class=\"gap\">shaded gray</mark> would be \
         replaced or strengthened by the model rule in the box that follows them.</p>\n\
         <div class=\"text\">\n",
    );
    // Which pages have something to show; long documents fold the rest.
    let busy: Vec<bool> = pages
        .iter()
        .map(|&(_, a, b)| regions.iter().any(|r| r.start < b.max(a + 1) && r.end > a))
        .collect();
    let fold = pages.len() > FOLD_AFTER_PAGES;
    let mut state = Walk {
        regions: &regions,
        first: 0,
        callout_next: 0,
    };
    let mut p = 0;
    while p < pages.len() {
        let run_end = (p..pages.len()).find(|&q| busy[q]).unwrap_or(pages.len());
        if fold && run_end - p >= FOLD_MIN_RUN {
            let (first_no, last_no) = (pages[p].0, pages[run_end - 1].0);
            let _ = writeln!(
                out,
                "<details class=\"fold\"><summary>Pages {first_no}–{last_no}: nothing to replace \
                 ({} pages, folded)</summary>",
                run_end - p
            );
            for q in p..run_end {
                page(out, d, pages[q], next_start(&pages, q), &mut state, rows);
            }
            out.push_str("</details>\n");
            p = run_end;
        } else {
            page(out, d, pages[p], next_start(&pages, p), &mut state, rows);
            p += 1;
        }
    }
    // A passage ending where no paragraph follows still gets its callout.
    for r in &regions[state.callout_next..] {
        for &k in &r.rules {
            callout(out, &rows[k]);
        }
    }
    out.push_str("</div>\n");
    // Gaps with no passage in the text: missing rules, and any whose clause
    // could not be placed.
    let placed: Vec<usize> = regions
        .iter()
        .flat_map(|r| r.rules.iter().copied())
        .collect();
    let rest: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(k, r)| r.is_gap() && !placed.contains(k))
        .map(|(k, _)| k)
        .collect();
    let (missing, unplaced): (Vec<usize>, Vec<usize>) = rest
        .into_iter()
        .partition(|&k| rows[k].verdict() == Some(Verdict::Missing));
    for (list, heading) in [
        (missing, "Rules the policy does not address"),
        (
            unplaced,
            "Other gaps (their passages could not be placed in the text above)",
        ),
    ] {
        if !list.is_empty() {
            let _ = writeln!(out, "<h4 class=\"add\">{heading}</h4>");
            for k in list {
                callout(out, &rows[k]);
            }
        }
    }
    out.push_str("</section>\n");
}

fn next_start(pages: &[(u32, usize, usize)], q: usize) -> usize {
    pages.get(q + 1).map_or(usize::MAX, |p| p.1)
}

/// Progress through the sorted regions while the text is written out.
struct Walk<'a> {
    regions: &'a [Region],
    /// First region that may still overlap what comes next.
    first: usize,
    /// First region whose callout has not been written.
    callout_next: usize,
}

fn page(
    out: &mut String,
    d: &DocumentAnalysis,
    (number, a, b): (u32, usize, usize),
    next_page_start: usize,
    w: &mut Walk,
    rows: &[Row],
) {
    let _ = writeln!(out, "<div class=\"pgmark\">Page {number}</div>");
    let paras = paragraphs(&d.text, a, b);
    let mut prev_end = a;
    for (i, &(ps, pe)) in paras.iter().enumerate() {
        // Keep the separator text, so the page source holds the policy
        // exactly; whitespace between blocks does not render.
        push_html(out, &d.text[prev_end..ps]);
        paragraph(out, &d.text, ps, pe, w, rows);
        prev_end = pe;
        let next = paras.get(i + 1).map_or(next_page_start, |p| p.0);
        while let Some(r) = w.regions.get(w.callout_next) {
            if r.end > next {
                break;
            }
            for &k in &r.rules {
                callout(out, &rows[k]);
            }
            w.callout_next += 1;
        }
    }
    push_html(out, &d.text[prev_end..b]);
    out.push('\n');
}

fn paragraph(out: &mut String, text: &str, a: usize, b: usize, w: &mut Walk, rows: &[Row]) {
    while w.first < w.regions.len() && w.regions[w.first].end <= a {
        w.first += 1;
    }
    out.push_str("<p dir=\"auto\">");
    let mut pos = a;
    for r in &w.regions[w.first..] {
        if r.start >= b {
            break;
        }
        let s = r.start.max(pos);
        let e = r.end.min(b);
        push_html(out, &text[pos..s]);
        out.push_str("<mark class=\"gap\">");
        push_html(out, &text[s..e]);
        out.push_str("</mark>");
        if r.end <= b {
            out.push_str("<sup class=\"ref\">");
            for (i, &k) in r.rules.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_html(out, &rule_ref(&rows[k].rule));
            }
            out.push_str("</sup>");
        }
        pos = e;
        if r.end > b {
            break;
        }
    }
    push_html(out, &text[pos..b]);
    out.push_str("</p>");
}

/// The box after a shaded passage (or in the list of rules to add): what to
/// do, the rule, and its tailored model text.
fn callout(out: &mut String, r: &Row) {
    let v = r.verdict();
    let action = match v {
        Some(Verdict::Conflict) => "Replace with",
        Some(Verdict::Partial) => "Strengthen with",
        _ => "Add",
    };
    let why = match v {
        Some(Verdict::Conflict) => "the passage conflicts with this rule",
        Some(Verdict::Partial) => "the passage only partly meets this rule",
        _ => "nothing in the policy addresses this rule",
    };
    let _ = write!(
        out,
        "<aside class=\"callout c-{}\"><p class=\"co-head\"><b>{action} ",
        v.map_or("none", Verdict::as_str)
    );
    push_html(out, &rule_ref(&r.rule));
    out.push_str(" — ");
    rule_title(out, &r.rule);
    let _ = write!(out, "</b> <span class=\"co-why\">({why})</span></p>");
    rule_note(out, &r.rule);
    if let Some(f) = r.finding
        && !f.missing_elements.is_empty()
    {
        out.push_str("<p class=\"lacks\">Leaves out: ");
        for (i, m) in f.missing_elements.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str("<bdi>");
            push_html(out, m);
            out.push_str("</bdi>");
        }
        out.push_str("</p>");
    }
    if !r.model_text.trim().is_empty() {
        out.push_str("<blockquote dir=\"auto\">");
        push_html(out, r.model_text);
        out.push_str("</blockquote>");
    }
    out.push_str("</aside>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_encoded_and_unsafe_schemes_refused() {
        assert_eq!(
            safe_href("reports/Mesa PD #2.html").as_deref(),
            Some("reports/Mesa%20PD%20%232.html")
        );
        assert_eq!(safe_href("a\\b.html").as_deref(), Some("a/b.html"));
        assert_eq!(safe_href("#d3").as_deref(), Some("#d3"));
        assert_eq!(
            safe_href("https://example.org/a?b=1&c").as_deref(),
            Some("https://example.org/a?b=1&amp;c")
        );
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href(" JavaScript:x"), None);
        assert_eq!(safe_href("data:text/html,x"), None);
        assert_eq!(safe_href(""), None);
    }

    #[test]
    fn paragraphs_split_at_blank_lines_and_cover_the_rest() {
        let t = "one\ntwo\n\n  three\n \n\nfour";
        let p = paragraphs(t, 0, t.len());
        let got: Vec<&str> = p.iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(got, vec!["one\ntwo", "three", "four"]);
    }
}

//! `policygap eval`: scores verdicts against labeled data, so rule authors
//! can see what a change to a rule set does. Documents that exist as both
//! text and PDF are scored separately, so extraction losses show up as
//! verdict losses.

use super::{error, exit};
use crate::extract::ExtractOptions;
use crate::model::{BatchEntry, Verdict};
use crate::rules::{self, Tailoring};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// One labeled (document, rule) pair.
#[derive(Debug, Clone)]
struct Label {
    doc: String,
    rule: String,
    verdict: Verdict,
    evidence: LabelEvidence,
}

/// Where a label's deciding quote is: written out (`evidence` column), or
/// as a character offset and length into the document's text (`ev_start`,
/// `ev_len`: labels of texts that may not be redistributed).
#[derive(Debug, Clone)]
enum LabelEvidence {
    None,
    Quote(String),
    Chars { start: usize, len: usize },
}

impl LabelEvidence {
    /// The quote as text, reading the document for a character range.
    fn quote(&self, doc_text: Option<&str>) -> String {
        match self {
            LabelEvidence::None => String::new(),
            LabelEvidence::Quote(q) => q.clone(),
            LabelEvidence::Chars { start, len } => doc_text
                .map(|t| t.chars().skip(*start).take(*len).collect())
                .unwrap_or_default(),
        }
    }
}

/// Reads a labels file. The header names the columns: `doc`, `rule`,
/// `verdict`, and either `evidence` or `ev_start` and `ev_len`; other
/// columns are ignored. A file without a recognisable header is read as
/// doc, rule, verdict, evidence.
fn read_labels(path: &Path) -> Result<Vec<Label>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let header: Vec<&str> = text.lines().next().unwrap_or("").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (doc, rule, verdict) = (
        col("doc").unwrap_or(0),
        col("rule").unwrap_or(1),
        col("verdict").unwrap_or(2),
    );
    let quote = col("evidence").or(if col("ev_start").is_some() {
        None
    } else {
        Some(3)
    });
    let chars = col("ev_start").zip(col("ev_len"));
    let needed = doc.max(rule).max(verdict) + 1;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let at = |what: &str| format!("{}:{}: {what}", path.display(), i + 1);
        if cols.len() < needed {
            return Err(at("expected doc<TAB>rule<TAB>verdict[<TAB>evidence]"));
        }
        let v = Verdict::parse(cols[verdict]).ok_or_else(|| {
            at(&format!(
                "`{}` is not a verdict (met, partial, missing, conflict)",
                cols[verdict]
            ))
        })?;
        let number = |k: usize| -> Result<Option<usize>, String> {
            match cols.get(k).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(s) => s
                    .parse()
                    .map(Some)
                    .map_err(|_| at(&format!("`{s}` is not a character offset"))),
            }
        };
        let evidence = match (quote, chars) {
            (Some(q), _) => cols
                .get(q)
                .filter(|s| !s.is_empty())
                .map_or(LabelEvidence::None, |s| LabelEvidence::Quote(s.to_string())),
            (None, Some((s, l))) => match (number(s)?, number(l)?) {
                (Some(start), Some(len)) => LabelEvidence::Chars { start, len },
                _ => LabelEvidence::None,
            },
            (None, None) => LabelEvidence::None,
        };
        out.push(Label {
            doc: cols[doc].to_string(),
            rule: cols[rule].to_string(),
            verdict: v,
            evidence,
        });
    }
    Ok(out)
}

/// A per-document table (such as eval-real's `sources.tsv`): the value of
/// each document's column, keyed by the first column (the document's
/// name).
fn read_groups(path: &Path, by: &str) -> Result<BTreeMap<String, String>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let k = header.iter().position(|h| h.trim() == by).ok_or_else(|| {
        format!(
            "{}: no column `{by}` (the columns are: {})",
            path.display(),
            header.join(", ")
        )
    })?;
    Ok(lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (
                cols[0].to_string(),
                cols.get(k).map_or("", |s| s.trim()).to_string(),
            )
        })
        .collect())
}

/// Confusion counts: gold → predicted.
#[derive(Default)]
struct Scores {
    docs: usize,
    confusion: BTreeMap<(Verdict, Verdict), usize>,
    total: usize,
    evidence_checked: usize,
    evidence_hit: usize,
    errors: Vec<String>,
}

impl Scores {
    fn add(&mut self, gold: Verdict, pred: Verdict) {
        *self.confusion.entry((gold, pred)).or_default() += 1;
        self.total += 1;
    }

    /// One labeled pair: its verdicts, and whether a cited clause holds the
    /// labeled quote (asked only where both sides agree on a verdict that
    /// needs evidence).
    fn record(&mut self, gold: Verdict, pred: Verdict, quote: &str, cited: bool) {
        self.add(gold, pred);
        if gold != Verdict::Missing && pred == gold && !quote.is_empty() {
            self.evidence_checked += 1;
            self.evidence_hit += usize::from(cited);
        }
    }

    fn merge(&mut self, other: &Scores) {
        for (k, v) in &other.confusion {
            *self.confusion.entry(*k).or_default() += v;
        }
        self.docs += other.docs;
        self.total += other.total;
        self.evidence_checked += other.evidence_checked;
        self.evidence_hit += other.evidence_hit;
    }

    fn count(&self, gold: Verdict, pred: Verdict) -> usize {
        self.confusion.get(&(gold, pred)).copied().unwrap_or(0)
    }

    fn accuracy(&self) -> f64 {
        let right: usize = Verdict::ALL.iter().map(|&v| self.count(v, v)).sum();
        right as f64 / self.total.max(1) as f64
    }

    /// (precision, recall, f1, support) of one verdict.
    fn prf(&self, v: Verdict) -> (f64, f64, f64, usize) {
        let tp = self.count(v, v) as f64;
        let predicted: usize = Verdict::ALL.iter().map(|&g| self.count(g, v)).sum();
        let support: usize = Verdict::ALL.iter().map(|&p| self.count(v, p)).sum();
        let p = if predicted == 0 {
            0.0
        } else {
            tp / predicted as f64
        };
        let r = if support == 0 {
            0.0
        } else {
            tp / support as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f, support)
    }

    fn macro_f1(&self) -> f64 {
        let present: Vec<Verdict> = Verdict::ALL
            .iter()
            .copied()
            .filter(|&v| self.prf(v).3 > 0)
            .collect();
        present.iter().map(|&v| self.prf(v).2).sum::<f64>() / present.len().max(1) as f64
    }

    fn report(&self, title: &str, out: &mut String) {
        let _ = writeln!(out, "== {title} ==");
        let _ = writeln!(
            out,
            "pairs: {}   accuracy: {:.3}   macro-F1: {:.3}",
            self.total,
            self.accuracy(),
            self.macro_f1()
        );
        let (p, r, f, _) = self.prf(Verdict::Conflict);
        let _ = writeln!(
            out,
            "conflict: precision {p:.3}   recall {r:.3}   F1 {f:.3}"
        );
        if self.evidence_checked > 0 {
            let _ = writeln!(
                out,
                "evidence overlap (met/partial/conflict, both sides agree on a non-missing verdict): {}/{} = {:.3}",
                self.evidence_hit,
                self.evidence_checked,
                self.evidence_hit as f64 / self.evidence_checked as f64
            );
        }
        let _ = writeln!(out, "\n  verdict    precision  recall   F1     support");
        for v in Verdict::ALL {
            let (p, r, f, s) = self.prf(v);
            let _ = writeln!(
                out,
                "  {:<10} {p:>8.3} {r:>8.3} {f:>6.3} {s:>8}",
                v.as_str()
            );
        }
        let _ = writeln!(out, "\n  confusion (rows: labeled, columns: predicted)");
        let _ = write!(out, "  {:<10}", "");
        for p in Verdict::ALL {
            let _ = write!(out, "{:>9}", p.as_str());
        }
        let _ = writeln!(out);
        for g in Verdict::ALL {
            let _ = write!(out, "  {:<10}", g.as_str());
            for p in Verdict::ALL {
                let _ = write!(out, "{:>9}", self.count(g, p));
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out);
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The labeled quote and a cited clause overlap: one contains the other, or
/// they share most of the quote's words in order.
fn evidence_overlaps(label: &str, cited: &str) -> bool {
    let l = squash(label);
    let c = squash(cited);
    if l.is_empty() {
        return false;
    }
    if c.contains(&l) || l.contains(&c) {
        return true;
    }
    let lw: Vec<&str> = l.split(' ').collect();
    let hits = lw.iter().filter(|w| c.split(' ').any(|x| x == **w)).count();
    hits * 10 >= lw.len() * 8
}

/// What `eval` is asked to do besides scoring every labeled document.
#[derive(Debug, Default)]
pub struct EvalOptions<'a> {
    /// Also score a clause bank.
    pub clauses: Option<&'a Path>,
    /// Score only files with this extension.
    pub ext: Option<&'a str>,
    /// List every disagreement.
    pub show_errors: bool,
    pub rules: &'a str,
    /// A per-document table whose columns `by` and `filters` name.
    pub sources: Option<&'a Path>,
    /// Score each value of this column apart, too.
    pub by: Option<&'a str>,
    /// Score only documents whose column has this value (`half=a`).
    pub filters: Vec<(&'a str, &'a str)>,
}

pub fn run(docs: &Path, labels_path: &Path, o: &EvalOptions) -> i32 {
    match run_checked(docs, labels_path, o) {
        Ok((out, failed)) => {
            print!("{out}");
            if failed > 0 {
                exit::SOME_FAILED
            } else {
                exit::OK
            }
        }
        Err(e) => {
            error(&e, None);
            exit::USAGE
        }
    }
}

/// The report, and how many documents could not be analysed.
fn run_checked(
    docs: &Path,
    labels_path: &Path,
    o: &EvalOptions,
) -> Result<(String, usize), String> {
    let set = rules::load(o.rules).map_err(|e| e.to_string())?;
    let mut labels = read_labels(labels_path)?;
    let needs_sources = o.by.is_some() || !o.filters.is_empty();
    let sources = match (o.sources, needs_sources) {
        (Some(p), _) => Some(p),
        (None, true) => {
            return Err("--by and --where need --sources, a table with a row per document".into());
        }
        (None, false) => None,
    };
    for (column, value) in &o.filters {
        let table = read_groups(sources.unwrap_or(labels_path), column)?;
        labels.retain(|l| table.get(&l.doc).is_some_and(|v| v == value));
    }
    let groups = match (o.by, sources) {
        (Some(by), Some(p)) => Some(read_groups(p, by)?),
        _ => None,
    };
    let stems: BTreeSet<String> = labels.iter().map(|l| l.doc.clone()).collect();
    let exts: Vec<&str> = match o.ext {
        Some(e) => vec![e],
        None => vec!["txt", "md", "pdf"],
    };
    // Every (stem, extension) that exists on disk.
    let files: Vec<(String, String, std::path::PathBuf)> = stems
        .iter()
        .flat_map(|s| {
            exts.iter().filter_map(move |e| {
                let p = docs.join(format!("{s}.{e}"));
                p.exists().then(|| (s.clone(), e.to_string(), p))
            })
        })
        .collect();
    if files.is_empty() {
        return Err(format!(
            "{}: none of the documents named in {} were found",
            docs.display(),
            labels_path.display()
        ));
    }
    let results: Vec<(String, String, BatchEntry, Option<String>)> = files
        .par_iter()
        .map(|(stem, e, p)| {
            let entry =
                super::analyze_path(p, &set, &Tailoring::default(), &ExtractOptions::default());
            // Character offsets count in the text file as labeled.
            let raw = (e != "pdf")
                .then(|| std::fs::read_to_string(p).ok())
                .flatten();
            (stem.clone(), e.clone(), entry, raw)
        })
        .collect();
    let mut by_ext: BTreeMap<String, Scores> = BTreeMap::new();
    let mut by_group: BTreeMap<(String, String), Scores> = BTreeMap::new();
    let mut failed = 0;
    for (stem, e, entry, raw) in &results {
        let analysis = match entry {
            BatchEntry::Analyzed(a) => a,
            BatchEntry::Failed { path, reason } => {
                failed += 1;
                error(&format!("{path}: {reason}"), None);
                continue;
            }
        };
        let group = groups
            .as_ref()
            .map(|g| g.get(stem).cloned().unwrap_or_else(|| "(none)".into()));
        by_ext.entry(e.clone()).or_default().docs += 1;
        if let Some(g) = &group {
            by_group.entry((e.clone(), g.clone())).or_default().docs += 1;
        }
        for l in labels.iter().filter(|l| &l.doc == stem) {
            let Some(f) = analysis.findings.iter().find(|f| f.rule.as_str() == l.rule) else {
                continue;
            };
            let quote = l.evidence.quote(raw.as_deref());
            let cited = f
                .evidence
                .iter()
                .any(|ev| evidence_overlaps(&quote, &ev.text));
            by_ext
                .entry(e.clone())
                .or_default()
                .record(l.verdict, f.verdict, &quote, cited);
            if let Some(g) = &group {
                by_group
                    .entry((e.clone(), g.clone()))
                    .or_default()
                    .record(l.verdict, f.verdict, &quote, cited);
            }
            let scores = by_ext.entry(e.clone()).or_default();
            if l.verdict != Verdict::Missing
                && f.verdict == l.verdict
                && !quote.is_empty()
                && !cited
            {
                scores.errors.push(format!(
                    "{stem}.{e}\t{}\tevidence\tlabeled \"{quote}\" | cited \"{}\"",
                    l.rule,
                    f.evidence.first().map_or("", |x| x.text.as_str())
                ));
            }
            if f.verdict != l.verdict {
                scores.errors.push(format!(
                    "{stem}.{e}\t{}\tlabeled {} / predicted {}\t{}",
                    l.rule,
                    l.verdict,
                    f.verdict,
                    f.evidence
                        .first()
                        .map_or(String::new(), |x| format!("p.{} \"{}\"", x.page, x.text))
                ));
            }
        }
    }
    let mut out = String::new();
    let mut overall = Scores::default();
    for s in by_ext.values() {
        overall.merge(s);
    }
    if by_ext.len() > 1 {
        overall.report("all documents", &mut out);
    }
    for (e, s) in &by_ext {
        s.report(&format!(".{e} documents"), &mut out);
        if let Some(by) = o.by {
            group_table(by, e, &by_group, &mut out);
        }
        if o.show_errors {
            for line in &s.errors {
                let _ = writeln!(out, "  {line}");
            }
            let _ = writeln!(out);
        }
    }
    if let Some(cpath) = o.clauses {
        let (s, errs) = score_clauses(cpath, &set)?;
        s.report("clause bank", &mut out);
        if o.show_errors {
            for line in errs {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    Ok((out, failed))
}

/// One line per value of the `--by` column: its size and its figures.
fn group_table(by: &str, ext: &str, groups: &BTreeMap<(String, String), Scores>, out: &mut String) {
    let _ = writeln!(
        out,
        "  by {by:<16} docs  pairs  accuracy  macro-F1  conflict P / R / F1"
    );
    for ((e, g), s) in groups {
        if e != ext {
            continue;
        }
        let (p, r, f, support) = s.prf(Verdict::Conflict);
        let predicted: usize = Verdict::ALL
            .iter()
            .map(|&g| s.count(g, Verdict::Conflict))
            .sum();
        // No conflict labeled and none predicted: nothing to score.
        let conflict = if support == 0 && predicted == 0 {
            "—".to_string()
        } else {
            format!("{p:.3} / {r:.3} / {f:.3}")
        };
        let _ = writeln!(
            out,
            "  {g:<19} {:>4} {:>6}  {:>8.3}  {:>8.3}  {conflict}",
            s.docs,
            s.total,
            s.accuracy(),
            s.macro_f1()
        );
    }
    let _ = writeln!(out);
}

/// Scores single clauses: each is judged alone against its one rule.
fn score_clauses(path: &Path, set: &rules::RuleSet) -> Result<(Scores, Vec<String>), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let mut scores = Scores::default();
    let mut errs = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        let gold = Verdict::parse(cols[2])
            .ok_or_else(|| format!("{}:{}: bad verdict `{}`", path.display(), i + 1, cols[2]))?;
        let Some(rule) = set.rule(cols[1]) else {
            return Err(format!(
                "{}:{}: unknown rule `{}`",
                path.display(),
                i + 1,
                cols[1]
            ));
        };
        let pred = crate::assess::judge_sentence(set, rule, cols[3]);
        scores.add(gold, pred);
        if pred != gold {
            errs.push(format!(
                "{}\t{}\tlabeled {gold} / predicted {pred}\t{}",
                cols[0], cols[1], cols[3]
            ));
        }
    }
    Ok((scores, errs))
}

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
    evidence: String,
}

fn read_labels(path: &Path) -> Result<Vec<Label>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(format!(
                "{}:{}: expected doc<TAB>rule<TAB>verdict[<TAB>evidence]",
                path.display(),
                i + 1
            ));
        }
        let verdict = Verdict::parse(cols[2]).ok_or_else(|| {
            format!(
                "{}:{}: `{}` is not a verdict (met, partial, missing, conflict)",
                path.display(),
                i + 1,
                cols[2]
            )
        })?;
        out.push(Label {
            doc: cols[0].to_string(),
            rule: cols[1].to_string(),
            verdict,
            evidence: cols.get(3).map_or(String::new(), |s| s.to_string()),
        });
    }
    Ok(out)
}

/// Confusion counts: gold → predicted.
#[derive(Default)]
struct Scores {
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

pub fn run(
    docs: &Path,
    labels_path: &Path,
    clauses: Option<&Path>,
    ext: Option<&str>,
    show_errors: bool,
    rules_name: &str,
) -> i32 {
    let set = match rules::load(rules_name) {
        Ok(s) => s,
        Err(e) => {
            error(&e.to_string(), None);
            return exit::USAGE;
        }
    };
    let labels = match read_labels(labels_path) {
        Ok(l) => l,
        Err(e) => {
            error(&e, None);
            return exit::USAGE;
        }
    };
    let stems: BTreeSet<String> = labels.iter().map(|l| l.doc.clone()).collect();
    let exts: Vec<&str> = match ext {
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
        error(
            &format!(
                "{}: none of the documents named in {} were found",
                docs.display(),
                labels_path.display()
            ),
            None,
        );
        return exit::USAGE;
    }
    let results: Vec<(String, String, BatchEntry)> = files
        .par_iter()
        .map(|(stem, e, p)| {
            (
                stem.clone(),
                e.clone(),
                super::analyze_path(p, &set, &Tailoring::default(), &ExtractOptions::default()),
            )
        })
        .collect();
    let mut by_ext: BTreeMap<String, Scores> = BTreeMap::new();
    let mut failed = 0;
    for (stem, e, entry) in &results {
        let scores = by_ext.entry(e.clone()).or_default();
        let analysis = match entry {
            BatchEntry::Analyzed(a) => a,
            BatchEntry::Failed { path, reason } => {
                failed += 1;
                error(&format!("{path}: {reason}"), None);
                continue;
            }
        };
        for l in labels.iter().filter(|l| &l.doc == stem) {
            let Some(f) = analysis.findings.iter().find(|f| f.rule.as_str() == l.rule) else {
                continue;
            };
            scores.add(l.verdict, f.verdict);
            if l.verdict != Verdict::Missing && f.verdict == l.verdict {
                scores.evidence_checked += 1;
                if f.evidence
                    .iter()
                    .any(|ev| evidence_overlaps(&l.evidence, &ev.text))
                {
                    scores.evidence_hit += 1;
                } else {
                    scores.errors.push(format!(
                        "{stem}.{e}\t{}\tevidence\tlabeled \"{}\" | cited \"{}\"",
                        l.rule,
                        l.evidence,
                        f.evidence.first().map_or("", |x| x.text.as_str())
                    ));
                }
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
        for (k, v) in &s.confusion {
            *overall.confusion.entry(*k).or_default() += v;
        }
        overall.total += s.total;
        overall.evidence_checked += s.evidence_checked;
        overall.evidence_hit += s.evidence_hit;
    }
    if by_ext.len() > 1 {
        overall.report("all documents", &mut out);
    }
    for (e, s) in &by_ext {
        s.report(&format!(".{e} documents"), &mut out);
        if show_errors {
            for line in &s.errors {
                let _ = writeln!(out, "  {line}");
            }
            let _ = writeln!(out);
        }
    }
    if let Some(cpath) = clauses {
        match score_clauses(cpath, &set) {
            Ok((s, errs)) => {
                s.report("clause bank", &mut out);
                if show_errors {
                    for line in errs {
                        let _ = writeln!(out, "  {line}");
                    }
                }
            }
            Err(e) => {
                error(&e, None);
                return exit::USAGE;
            }
        }
    }
    print!("{out}");
    if failed > 0 {
        exit::SOME_FAILED
    } else {
        exit::OK
    }
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

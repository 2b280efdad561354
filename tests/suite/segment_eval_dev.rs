//! Segmentation checked against a labeled development set: every gold
//! evidence quote must fall inside one clause (not be cut by a sentence
//! split, a page break or a header), and for PDFs on the page where
//! `pdftotext` shows it.
//!
//! The set lives outside the repository, so these tests are ignored by
//! default; run them with
//! `POLICYGAP_EVAL_DEV=/path/to/eval-dev cargo test --test segment_eval_dev -- --ignored`.

use policygap::extract::{ExtractOptions, extract_file};
use policygap::model::Segmented;
use policygap::segment::{self, collapse};
use std::path::{Path, PathBuf};

/// (document id, evidence quote) for every labeled row with evidence.
fn evidence() -> (PathBuf, Vec<(String, String)>) {
    let dir = std::env::var("POLICYGAP_EVAL_DEV")
        .expect("set POLICYGAP_EVAL_DEV to the eval-dev folder (with labels.tsv and docs/)");
    let dir = PathBuf::from(dir);
    let labels = std::fs::read_to_string(dir.join("labels.tsv")).expect("labels.tsv readable");
    let rows = labels
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() >= 4 && !cols[3].trim().is_empty())
                .then(|| (cols[0].to_string(), collapse(cols[3])))
        })
        .collect();
    (dir.join("docs"), rows)
}

/// Typographic ligatures folded, since which of them survive is a matter
/// for extraction, not segmentation.
fn fold(t: &str) -> String {
    t.replace('\u{fb00}', "ff")
        .replace('\u{fb01}', "fi")
        .replace('\u{fb02}', "fl")
        .replace('\u{fb03}', "ffi")
        .replace('\u{fb04}', "ffl")
}

fn segmented(path: &Path) -> Segmented {
    let doc = extract_file(path, &ExtractOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    segment::segment(&doc)
}

fn check_quotes_inside_one_clause(ext: &str) -> usize {
    let (docs, rows) = evidence();
    let mut misses = Vec::new();
    let mut checked = 0;
    for (id, quote) in rows {
        let path = docs.join(format!("{id}.{ext}"));
        if !path.exists() {
            continue;
        }
        checked += 1;
        let seg = segmented(&path);
        if !seg.clauses.iter().any(|c| fold(&c.text).contains(&quote)) {
            misses.push(format!("{id}.{ext}: {quote:?}"));
        }
    }
    assert!(
        misses.is_empty(),
        "{} of {checked} quotes not inside one clause:\n{}",
        misses.len(),
        misses.join("\n")
    );
    checked
}

#[test]
#[ignore = "needs POLICYGAP_EVAL_DEV"]
fn evidence_quotes_fall_inside_one_clause_in_text() {
    assert!(check_quotes_inside_one_clause("txt") > 0);
}

#[test]
#[ignore = "needs POLICYGAP_EVAL_DEV"]
fn evidence_quotes_fall_inside_one_clause_in_pdf() {
    assert!(check_quotes_inside_one_clause("pdf") > 0);
}

#[test]
#[ignore = "needs POLICYGAP_EVAL_DEV and pdftotext"]
fn evidence_clauses_are_on_the_page_pdftotext_shows() {
    let (docs, rows) = evidence();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (id, quote) in rows {
        let path = docs.join(format!("{id}.pdf"));
        if !path.exists() {
            continue;
        }
        let out = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        // The page holding the quote's first eight words, as pdftotext
        // splits pages; quotes it breaks differently are not counted.
        let head: String = quote.split(' ').take(8).collect::<Vec<_>>().join(" ");
        let Some(expected) = text.split('\x0c').position(|p| collapse(p).contains(&head)) else {
            continue;
        };
        let seg = segmented(&path);
        let Some(c) = seg.clauses.iter().find(|c| fold(&c.text).contains(&quote)) else {
            continue;
        };
        // A clause that starts on an earlier page than its quote would be
        // cited on that earlier page; count it as wrong.
        checked += 1;
        if c.span.page as usize != expected + 1 {
            wrong.push(format!(
                "{id}: {head:?} on page {}, pdftotext page {}",
                c.span.page,
                expected + 1
            ));
        }
    }
    assert!(checked > 0);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

//! Every sample PDF in `corpus/` reads in the order a person reads it:
//! page by page, our words follow pdftotext's in order (columns one after
//! the other, titles in place). Where pdftotext's own order departs from the
//! text the PDF was printed from, that text decides.

use crate::cli::root;
use policygap::extract::{ExtractOptions, pdf::extract_pages};
use unicode_normalization::UnicodeNormalization;

/// Share of the reference's words, at least, that ours give in order.
const ORDER: f64 = 0.98;

fn words(text: &str) -> Vec<String> {
    text.nfkc()
        .collect::<String>()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Length of the longest common subsequence of two word lists.
fn in_order(ours: &[String], reference: &[String]) -> usize {
    let mut prev = vec![0usize; reference.len() + 1];
    let mut cur = vec![0usize; reference.len() + 1];
    for a in ours {
        for (j, b) in reference.iter().enumerate() {
            cur[j + 1] = if a == b {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[reference.len()]
}

/// The order score over pages: words of the reference reproduced in order
/// on the same page, over all the reference's words.
fn score(ours: &[Vec<String>], reference: &[Vec<String>]) -> f64 {
    let total: usize = reference.iter().map(Vec::len).sum();
    let kept: usize = ours
        .iter()
        .zip(reference)
        .map(|(o, r)| in_order(o, r))
        .sum();
    if total == 0 {
        1.0
    } else {
        kept as f64 / total as f64
    }
}

fn pdftotext(pdf: &std::path::Path) -> Option<String> {
    match std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext failed on {}: {:?}", pdf.display(), out.status),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => panic!("pdftotext could not run: {e}"),
    }
}

#[test]
fn every_corpus_pdf_reads_in_pdftotexts_order() {
    let dir = root().join("corpus");
    let mut pdfs: Vec<_> = std::fs::read_dir(&dir)
        .expect("the corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 12, "the corpus has its twelve towns");
    let mut low = Vec::new();
    for pdf in &pdfs {
        let Some(reference) = pdftotext(pdf) else {
            super::tools::skip_without(
                "pdftotext is not installed (apt-get install poppler-utils)",
            );
            return;
        };
        let bytes = std::fs::read(pdf).expect("the corpus PDF");
        let ours = extract_pages(&bytes, &ExtractOptions::default()).expect("the corpus PDF reads");
        let ours_pages: Vec<Vec<String>> = ours.pages.iter().map(|p| words(p)).collect();
        let ref_pages: Vec<Vec<String>> = reference.split('\x0c').map(words).collect();
        let s = score(&ours_pages, &ref_pages);
        if s >= ORDER {
            continue;
        }
        // pdftotext can be the one out of order: then the text the PDF was
        // printed from decides, and ours must follow it better than
        // pdftotext does.
        let stem = pdf.file_stem().expect("a name").to_string_lossy();
        let source = std::fs::read_to_string(dir.join("source").join(format!("{stem}.txt")))
            .expect("every corpus PDF has its source text");
        let source = vec![words(&source)];
        let whole = |pages: &[Vec<String>]| vec![pages.concat()];
        let ours_vs_source = score(&whole(&ours_pages), &source);
        let theirs_vs_source = score(&whole(&ref_pages), &source);
        if ours_vs_source < ORDER || ours_vs_source <= theirs_vs_source {
            low.push(format!(
                "{stem}: {s:.3} against pdftotext; against its source {ours_vs_source:.3} (pdftotext {theirs_vs_source:.3})"
            ));
        }
    }
    assert!(low.is_empty(), "read out of order:\n{}", low.join("\n"));
}

#[test]
fn the_order_score_counts_words_out_of_place() {
    let w = |s: &str| vec![words(s)];
    assert_eq!(score(&w("a b c d"), &w("a b c d")), 1.0);
    // Two columns woven line by line keep only half the words in order.
    assert_eq!(score(&w("a1 b1 a2 b2"), &w("a1 a2 b1 b2")), 0.75);
    assert_eq!(score(&w(""), &w("a b")), 0.0);
}

//! Segmentation cost on a 1,000-page manual, next to the cost of extracting
//! the same manual from PDF.
//!
//! The manual text is generated here (Lexipol-style policies with running
//! headers, footers and list items). When `soffice` is installed, it is
//! turned into a PDF once in a temporary directory and `extract_bytes` is
//! timed on it; otherwise extraction of the plain text is timed instead.
//! After the criterion groups, the bench prints the ratio of the two, and
//! the same for assessment (clause index plus scoring of every rule of
//! `aclu-nine`). The generated manual speaks of immigration on every page,
//! so every rule has many candidates: a worst case for assessment.

use criterion::{Criterion, criterion_group, criterion_main};
use policygap::extract::{ExtractOptions, extract_bytes};
use policygap::model::{Document, SourceKind};
use policygap::segment;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const PAGES: usize = 1000;
const LINES_PER_PAGE: usize = 44;

const SENTENCES: &[&str] = &[
    "Members shall not detain any person solely to determine immigration status.",
    "A detainer from a federal agency shall be filed, and no further action",
    "shall be taken on it unless a judge has signed a warrant (8 U.S.C. § 1357).",
    "Deputies should explain to victims and witnesses, e.g. at the scene, that",
    "the Office does not enforce civil immigration law, i.e. removal cases.",
    "The watch commander shall review each request under Sec. 2-173-020 and",
    "report the result to the Undersheriff within five days of receipt.",
    "Nothing in this policy restricts the exchange of status information as",
    "provided in 8 U.S.C. § 1373 and No. 14 of the county resolutions.",
];

/// The text of a generated manual: pages joined by form feeds.
fn manual_pages() -> Vec<String> {
    let mut pages = Vec::with_capacity(PAGES);
    let mut policy = 300;
    let mut sub = 0;
    let mut k = 0;
    for p in 1..=PAGES {
        let mut lines = vec![
            "Harrow Vale Police Department".to_string(),
            "Policy Manual".to_string(),
            String::new(),
        ];
        while lines.len() < LINES_PER_PAGE - 3 {
            match k % 23 {
                0 => {
                    policy += 1;
                    sub = 0;
                    lines.push(format!("Policy {policy}"));
                    lines.push("Immigration and Federal Requests".to_string());
                    lines.push(String::new());
                }
                5 | 14 => {
                    sub += 1;
                    lines.push(String::new());
                    lines.push(format!("{policy}.{sub} DETAINERS AND HOLDS"));
                }
                9 => {
                    lines.push("Members shall not:".to_string());
                    for (i, l) in ["a", "b", "c"].iter().enumerate() {
                        lines.push(format!("({l}) {}", SENTENCES[(k + i) % SENTENCES.len()]));
                        lines.push(format!("    {}", SENTENCES[(k + i + 1) % SENTENCES.len()]));
                    }
                }
                _ => lines.push(SENTENCES[k % SENTENCES.len()].to_string()),
            }
            k += 1;
        }
        lines.push(String::new());
        lines.push(format!("Immigration and Federal Requests - {p}"));
        lines.push(format!("Page {p} of {PAGES}"));
        pages.push(lines.join("\n") + "\n");
    }
    pages
}

fn manual_doc() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| Document::from_pages("manual.txt", SourceKind::Text, &manual_pages()))
}

/// The manual as a PDF made by soffice, when soffice is installed.
fn manual_pdf() -> &'static Option<Vec<u8>> {
    static PDF: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    PDF.get_or_init(|| {
        let dir = tempfile::tempdir().ok()?;
        let txt: PathBuf = dir.path().join("manual.txt");
        std::fs::write(&txt, manual_pages().join("\x0c")).ok()?;
        // A private profile, so a running soffice does not block this one.
        let profile = format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        );
        let status = Command::new("soffice")
            .arg(profile)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&txt)
            .output()
            .ok()?;
        if !status.status.success() {
            return None;
        }
        let pdf = std::fs::read(dir.path().join("manual.pdf")).ok()?;
        // Keep a copy for comparing with other extractors (pdftotext).
        if let Some(keep) = std::env::var_os("SEGMENT_BENCH_KEEP_PDF") {
            let _ = std::fs::write(keep, &pdf);
        }
        Some(pdf)
    })
}

fn extract_once() -> Document {
    let opts = ExtractOptions::default();
    match manual_pdf() {
        Some(pdf) => {
            extract_bytes("manual.pdf", SourceKind::Pdf, pdf, &opts).expect("pdf extracts")
        }
        None => {
            let text = manual_pages().join("\x0c");
            extract_bytes("manual.txt", SourceKind::Text, text.as_bytes(), &opts)
                .expect("text extracts")
        }
    }
}

fn bench(c: &mut Criterion) {
    let doc = manual_doc();
    let mut g = c.benchmark_group("manual_1000_pages");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("segment", |b| b.iter(|| segment::segment(black_box(doc))));
    let seg = segment::segment(doc);
    let set = policygap::rules::load("aclu-nine").expect("built-in rules");
    let tailoring = policygap::rules::Tailoring::default();
    g.bench_function("assess", |b| {
        b.iter(|| policygap::assess::assess(black_box(&seg), &set, &tailoring))
    });
    let label = if manual_pdf().is_some() {
        "extract_pdf"
    } else {
        "extract_text"
    };
    g.bench_function(label, |b| b.iter(extract_once));
    g.finish();
}

/// Median wall time of `runs` calls.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn ratio(_: &mut Criterion) {
    // Profiling segmentation alone (`--profile-time`) needs no extraction.
    if std::env::var_os("SEGMENT_BENCH_NO_RATIO").is_some() {
        return;
    }
    let extracted = extract_once();
    let seg = segment::segment(&extracted);
    let seg_time = median(5, || {
        black_box(segment::segment(black_box(&extracted)));
    });
    let ext_time = median(3, || {
        black_box(extract_once());
    });
    let source = if manual_pdf().is_some() {
        "PDF (soffice)"
    } else {
        "plain text (no soffice)"
    };
    println!(
        "manual: {} pages, {} bytes of text, {} sections, {} clauses",
        extracted.pages.len(),
        extracted.text.len(),
        seg.sections.len(),
        seg.clauses.len()
    );
    println!(
        "segment {seg_time:?} vs extract from {source} {ext_time:?}: segmentation costs {:.1}% of extraction",
        100.0 * seg_time.as_secs_f64() / ext_time.as_secs_f64()
    );
    let set = policygap::rules::load("aclu-nine").expect("built-in rules");
    let tailoring = policygap::rules::Tailoring::default();
    let assess_time = median(3, || {
        black_box(policygap::assess::assess(black_box(&seg), &set, &tailoring));
    });
    println!(
        "assess (index + {} rules) {assess_time:?} vs extract {ext_time:?}: assessment costs {:.1}% of extraction",
        set.rules.len(),
        100.0 * assess_time.as_secs_f64() / ext_time.as_secs_f64()
    );
}

criterion_group!(benches, bench, ratio);
criterion_main!(benches);

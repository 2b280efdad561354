//! Opens the HTML report in a real headless Chromium: it must print to a
//! Letter-size PDF and take a screenshot without errors, and a printed
//! report must not leave a page holding only a stray line.
//!
//! Skipped (with one line naming the tool) only when Chromium or poppler's
//! pdftotext is absent and `CI` is not set; under CI a missing tool fails
//! the test. The files are kept in `target/tmp/report-chromium/`.

use crate::cli::{bin, root};
use crate::report_fixtures;
use crate::tools::skip_without;

use policygap::report::{self, Format, RenderOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium, from `CHROMIUM` or its usual place; `None` (after saying so)
/// when it is not installed.
pub fn chromium() -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_string()));
    if p.exists() {
        return Some(p);
    }
    skip_without(&format!(
        "Chromium not found at {} (set CHROMIUM=path to run this test)",
        p.display()
    ));
    None
}

/// Whether poppler's `pdftotext` runs here; says so when it does not.
fn pdftotext_runs() -> bool {
    match Command::new("pdftotext")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(_) => true,
        Err(_) => {
            skip_without("pdftotext is not installed (apt-get install poppler-utils)");
            false
        }
    }
}

/// Runs Chromium headless on `page` with `extra` flags; returns its stderr.
pub fn run(chrome: &Path, profile: &Path, page: &Path, extra: &[String]) -> String {
    let url = format!("file://{}", page.display());
    let mut cmd = Command::new(chrome);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(extra)
    .arg(&url)
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start chromium");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            assert!(status.success(), "chromium failed ({status}):\n{err}");
            return err;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    (w, h)
}

fn count(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len()).filter(|w| *w == needle).count()
}

#[test]
fn html_report_prints_to_letter_pdf_and_screenshots_in_chromium() {
    let Some(chrome) = chromium() else { return };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-chromium");
    std::fs::create_dir_all(&dir).unwrap();
    let html = report::render(
        &report_fixtures::quillford(),
        Format::Html,
        &RenderOptions::default(),
    );
    let page = dir.join("quillford.html");
    std::fs::write(&page, &html).unwrap();
    let pdf = dir.join("quillford.pdf");
    let png = dir.join("quillford.png");
    let _ = std::fs::remove_file(&pdf);
    let _ = std::fs::remove_file(&png);

    let profile = tempfile::tempdir().unwrap();
    let err = run(
        &chrome,
        profile.path(),
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_string(),
        ],
    );
    // The page's content security policy forbids scripts and network; a
    // violation would mean the report tried to load or run something.
    assert!(!err.contains("Refused to"), "CSP violation:\n{err}");

    let profile = tempfile::tempdir().unwrap();
    run(
        &chrome,
        profile.path(),
        &page,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1100,1500".to_string(),
            "--hide-scrollbars".to_string(),
        ],
    );

    let pdf_bytes = std::fs::read(&pdf).expect("chromium wrote no PDF");
    assert!(pdf_bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        pdf_bytes.len() > 10_000,
        "PDF only {} bytes",
        pdf_bytes.len()
    );
    // Letter size (8.5 × 11 in = 612 × 792 pt) from the print stylesheet.
    assert!(
        count(&pdf_bytes, b"/MediaBox [0 0 612 792]") >= 2,
        "expected Letter pages"
    );

    let png_bytes = std::fs::read(&png).expect("chromium wrote no screenshot");
    assert_eq!(png_size(&png_bytes), (1100, 1500));
    assert!(
        png_bytes.len() > 20_000,
        "screenshot only {} bytes",
        png_bytes.len()
    );

    // When poppler is here, check the handout holds the town and the
    // tailored model text of a gap (pdftotext is optional for this test).
    if let Ok(out) = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .stderr(Stdio::null())
        .output()
        && out.status.success()
    {
        let text = String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains("Quillford, Vermont"), "{text}");
        assert!(
            text.contains("Quillford Civilian Review Board, which shall investigate"),
            "{text}"
        );
    }
}

/// Fewer words than this on a printed page is a stray line or two: a
/// legend's tail, the end of a clause, a footer on its own.
const FEWEST_WORDS_ON_A_PAGE: usize = 30;

/// The words on each page of a PDF, as pdftotext reads them.
fn words_per_page(pdf: &Path) -> Vec<usize> {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages: Vec<usize> = text
        .split('\x0c')
        .map(|p| p.split_whitespace().count())
        .collect();
    // pdftotext ends every page, the last too, with a form feed.
    if pages.last() == Some(&0) {
        pages.pop();
    }
    pages
}

#[test]
fn printed_corpus_reports_leave_no_page_with_a_stray_line() {
    let Some(chrome) = chromium() else { return };
    if !pdftotext_runs() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-chromium/corpus");
    let _ = std::fs::remove_dir_all(&dir);
    let out = bin()
        .args(["scan", "corpus/", "--format", "html", "--out"])
        .arg(format!("{}/", dir.display()))
        .current_dir(root())
        .output()
        .expect("run policygap");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html") && !p.ends_with("index.html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 8, "one report per corpus town: {pages:?}");

    // Two printers at a time: Chromium's start-up, not the page, is most
    // of the cost.
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(page) = pages.get(i) else { break };
                    let profile = tempfile::tempdir().unwrap();
                    run(
                        &chrome,
                        profile.path(),
                        page,
                        &[
                            format!("--print-to-pdf={}", page.with_extension("pdf").display()),
                            "--no-pdf-header-footer".to_string(),
                        ],
                    );
                }
            });
        }
    });

    let mut strays = Vec::new();
    for page in &pages {
        let counts = words_per_page(&page.with_extension("pdf"));
        assert!(!counts.is_empty(), "{} printed nothing", page.display());
        for (n, &words) in counts.iter().enumerate() {
            if words < FEWEST_WORDS_ON_A_PAGE {
                strays.push(format!(
                    "{}: page {} of {} holds {words} words",
                    page.file_name().unwrap().to_string_lossy(),
                    n + 1,
                    counts.len()
                ));
            }
        }
    }
    assert!(
        strays.is_empty(),
        "printed pages holding only a stray line (PDFs in {}):\n{}",
        dir.display(),
        strays.join("\n")
    );
}

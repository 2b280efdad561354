//! Opens the HTML report in a real headless Chromium: it must print to a
//! Letter-size PDF and take a screenshot without errors.
//!
//! Skipped (with a message) only when Chromium is absent and `CI` is not
//! set; under CI a missing Chromium fails the test. The files are kept in
//! `target/tmp/report-chromium/` (the screenshot is the one the README
//! shows).

use crate::report_fixtures;

use policygap::report::{self, Format, RenderOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium() -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| CHROMIUM.to_string()));
    if p.exists() {
        return Some(p);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    assert!(
        !ci,
        "CI is set but Chromium was not found at {}",
        p.display()
    );
    eprintln!(
        "SKIPPED: Chromium not found at {} (set CHROMIUM=path to run this test)",
        p.display()
    );
    None
}

/// Runs Chromium headless on `page` with `extra` flags; returns its stderr.
fn run(chrome: &Path, profile: &Path, page: &Path, extra: &[String]) -> String {
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
    // Letter size (8.5 × 11 in = 612 × 792 pt) from the print stylesheet,
    // and page breaks between scorecard, rule cards and annotated policy.
    assert!(
        count(&pdf_bytes, b"/MediaBox [0 0 612 792]") >= 3,
        "expected at least three Letter pages"
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

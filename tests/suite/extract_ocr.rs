//! `--ocr`: a corpus town's PDF drawn as page images and wrapped back into
//! a PDF (a scan, with no text layer) gets the original's verdicts, and
//! every report says which pages were read by OCR. Needs pdftoppm and
//! tesseract; skipped with one line where they are missing.

use crate::cli::{bin, root, stderr};
use std::path::Path;
use std::process::Command;

fn has(program: &str, flag: &str) -> bool {
    Command::new(program)
        .arg(flag)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
}

/// `pdf` as a scan: each page drawn as a JPEG at 200 dpi and placed
/// alone on a page of the same size, with no text.
fn scanned_copy(pdf: &Path, dir: &Path) -> Vec<u8> {
    use lopdf::{Stream, dictionary};
    let (w, h) = (1700i64, 2200i64);
    let status = Command::new("pdftoppm")
        .args([
            "-gray",
            "-jpeg",
            "-scale-to-x",
            "1700",
            "-scale-to-y",
            "2200",
        ])
        .arg(pdf)
        .arg(dir.join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut images: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jpg"))
        .collect();
    images.sort();
    assert!(!images.is_empty());
    let mut b = crate::pdf_build::Builder::new();
    for img in &images {
        let jpeg = std::fs::read(img).unwrap();
        b.image_page(
            Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
                    "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
                },
                jpeg,
            )
            .with_compression(false),
        );
    }
    b.finish()
}

fn verdicts(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_scanned_copy_read_by_ocr_gets_the_verdicts_of_the_original() {
    if !has("pdftoppm", "-v") || !has("tesseract", "--version") {
        super::tools::skip_without(
            "pdftoppm or tesseract is not installed: --ocr is not tried (apt-get install poppler-utils tesseract-ocr)",
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let original = root().join("corpus/calloway-springs-co-pd-415.pdf");
    let scan = dir.path().join("calloway-scan.pdf");
    std::fs::write(&scan, scanned_copy(&original, dir.path())).unwrap();

    // Without --ocr the scan is refused, with the way forward named.
    let out = bin().arg("scan").arg(&scan).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no text layer") && err.contains("--ocr"),
        "{err}"
    );

    let out = bin()
        .args(["scan", "--ocr", "--format", "json"])
        .arg(&original)
        .arg(&scan)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    let text = bin()
        .args(["extract", "--ocr"])
        .arg(&scan)
        .output()
        .unwrap();
    assert_eq!(
        verdicts(&docs[1]),
        verdicts(&docs[0]),
        "read by OCR:\n{}{}",
        String::from_utf8_lossy(&text.stdout),
        stderr(&text)
    );
    assert!(
        verdicts(&docs[0]).iter().any(|(_, v)| v != "missing"),
        "the original decides something"
    );
    let warnings: Vec<&str> = docs[1]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("read by OCR: page 1 (") && w.contains("% confidence")),
        "{warnings:?}"
    );
    // Pages read by OCR are not also said to need it.
    assert!(
        !warnings.iter().any(|w| w.contains("OCR is needed")),
        "{warnings:?}"
    );
    // The text original has no such note.
    assert!(
        !docs[0]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("OCR")),
        "{}",
        docs[0]["warnings"]
    );
}

#[test]
fn ocr_without_its_program_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    // A PDF with an image and no text, read with no programs on the path.
    let out = bin()
        .env("PATH", &empty)
        .args(["extract", "--ocr"])
        .arg(root().join("tests/fixtures/formats/alder-falls-428.docx"))
        .output()
        .unwrap();
    // Word files need no OCR: --ocr changes nothing for them.
    assert!(out.status.success(), "{}", stderr(&out));
    let scan = dir.path().join("scan.pdf");
    std::fs::write(&scan, image_only_pdf()).unwrap();
    let out = bin()
        .env("PATH", &empty)
        .args(["extract", "--ocr"])
        .arg(&scan)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].ends_with("--ocr needs the tesseract program, which is not installed"),
        "{err}"
    );
    assert!(lines[1].contains("apt-get install tesseract-ocr"), "{err}");
}

/// A one-page PDF whose page is a small gray image and nothing else.
fn image_only_pdf() -> Vec<u8> {
    use lopdf::{Stream, dictionary};
    let mut b = crate::pdf_build::Builder::new();
    b.image_page(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    ));
    b.finish()
}

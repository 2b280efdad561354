//! One policy as a PDF, a Word file and a town web page gives the same
//! verdicts and cites the same sections. The source is
//! `fixtures/formats/alder-falls-428.md`; the Word copy was written from it
//! by `make.sh` (its "(a)" lists are Word's automatic numbering), the web
//! page wraps it in a site's menus, cookie notice and footer (with a trap
//! in each that would change a verdict if it were read), and the PDF is
//! laid out here, a line at a time.

use crate::cli::{bin, root, stderr};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/formats").join(name)
}

/// The Markdown source as a PDF: headings and paragraphs as lines of
/// Helvetica, wrapped at the margin, over as many pages as it takes.
fn pdf_of(markdown: &str) -> Vec<u8> {
    use lopdf::{Stream, dictionary};
    let mut lines = Vec::new();
    for para in markdown.split("\n\n") {
        let text = para.trim().trim_start_matches('#').trim();
        let mut line = String::new();
        for word in text.split_whitespace() {
            if line.len() + word.len() + 1 > 92 {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
        lines.push(String::new());
    }
    let mut b = crate::pdf_build::Builder::new();
    let font = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    for chunk in lines.chunks(40) {
        let mut content = String::from("BT /F1 10 Tf 14 TL 60 740 Td\n");
        for l in chunk {
            let escaped = l
                .replace('\\', "\\\\")
                .replace('(', "\\(")
                .replace(')', "\\)");
            content.push_str(&format!("({escaped}) Tj T*\n"));
        }
        content.push_str("ET");
        b.page(
            Stream::new(lopdf::Dictionary::new(), content.into_bytes()),
            dictionary! { "Font" => dictionary! { "F1" => font } },
        );
    }
    b.finish()
}

/// For each rule: its verdict and the sections its evidence cites.
fn verdicts(doc: &serde_json::Value) -> Vec<(String, String, Vec<String>)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let sections = f["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["section"].as_str().unwrap_or("").to_string())
                .collect();
            (
                f["rule"].as_str().unwrap().to_string(),
                f["verdict"].as_str().unwrap().to_string(),
                sections,
            )
        })
        .collect()
}

/// The numbered sections `outline` lists for a file.
fn numbered_sections(file: &Path) -> Vec<String> {
    let out = bin().arg("outline").arg(file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.starts_with("428."))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_same_policy_as_pdf_word_and_web_page_gets_the_same_verdicts_and_citations() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = std::fs::read_to_string(fixture("alder-falls-428.md")).unwrap();
    let pdf = dir.path().join("alder-falls-428.pdf");
    std::fs::write(&pdf, pdf_of(&markdown)).unwrap();
    let (docx, html) = (
        fixture("alder-falls-428.docx"),
        fixture("alder-falls-428.html"),
    );
    let out = bin()
        .args(["scan", "--format", "json"])
        .args([&pdf, &docx, &html])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["pdf", "docx", "html"]);

    let from_pdf = verdicts(&docs[0]);
    // The policy meets some rules and conflicts with others, so agreeing
    // is not agreeing on nothing.
    for verdict in ["met", "partial", "conflict", "missing"] {
        assert!(
            from_pdf.iter().any(|(_, v, _)| v == verdict),
            "no {verdict} verdict from the PDF: {from_pdf:?}"
        );
    }
    assert!(
        from_pdf
            .iter()
            .any(|(_, _, s)| s.iter().any(|s| s.starts_with("428."))),
        "the PDF's evidence cites no section: {from_pdf:?}"
    );
    for (doc, kind) in docs.iter().zip(&kinds).skip(1) {
        assert_eq!(verdicts(doc), from_pdf, "{kind} differs from the PDF");
    }
    // Nothing from the site's chrome or from struck text was read.
    let text = String::from_utf8_lossy(&out.stdout);
    for trap in [
        "every visitor",
        "only with a judicial warrant",
        "Related policies",
    ] {
        assert!(!text.contains(trap), "`{trap}` was read from the web page");
    }

    let sections = numbered_sections(&pdf);
    assert_eq!(sections.len(), 7, "{sections:?}");
    assert_eq!(numbered_sections(&docx), sections);
    assert_eq!(numbered_sections(&html), sections);
}

#[test]
fn word_numbering_is_written_into_the_text_as_word_shows_it() {
    let out = bin()
        .arg("extract")
        .arg(fixture("alder-falls-428.docx"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    // The Word file holds no "(b)" among its characters: only the list's
    // definition makes it.
    let file = std::fs::File::open(fixture("alder-falls-428.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut body = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut body)
        .unwrap();
    assert!(body.contains("ask for a passport") && !body.contains("(b)"));
    assert!(
        text.contains("(b) ask for a passport or consular identification card"),
        "{text}"
    );
    assert!(text.contains("(c) record a person"), "{text}");
}

/// The web pages the corpus's PDFs were printed from, read as web pages,
/// get the verdicts `corpus/expected.tsv` gives their PDFs.
#[test]
fn the_corpus_web_pages_get_the_verdicts_of_their_pdfs() {
    let expected = std::fs::read_to_string(root().join("corpus/expected.tsv")).unwrap();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root().join("corpus/source"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 5, "{pages:?}");
    let out = bin()
        .args(["scan", "--format", "json"])
        .args(&pages)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (doc, page) in v["documents"].as_array().unwrap().iter().zip(&pages) {
        let town = page.file_stem().unwrap().to_str().unwrap();
        for (rule, verdict, _) in verdicts(doc) {
            let want = expected
                .lines()
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .find(|f| f[0] == town && f[1] == rule)
                .unwrap_or_else(|| panic!("{town} {rule} is not in expected.tsv"))[2];
            assert_eq!(verdict, want, "{town}: {rule}");
        }
    }
}

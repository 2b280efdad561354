//! Untrusted PDFs must never panic (not even a panic that extraction
//! catches) nor hang: damaged copies of a good file, and every file of the
//! real-world corpus when it is present ($PDF_CORPUS, else
//! ../shared/pdf-corpus beside the checkout; skipped when absent).

use policygap::extract::{ExtractOptions, pdf::extract_pages};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static PANICS: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

/// Counts every panic in this test binary, caught or not.
fn count_panics() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
}

/// A small valid PDF with two pages of text, a form XObject and a CID font.
fn sample() -> Vec<u8> {
    sample_counting(2)
}

/// `sample()` with its page tree claiming `count` pages.
fn sample_counting(count: i64) -> Vec<u8> {
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
        "Encoding" => dictionary! { "Differences" => vec![1.into(), "fi".into()] },
    });
    let form = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        },
        b"BT /F1 9 Tf 10 10 Td (in a form) Tj ET".to_vec(),
    ));
    let mut kids = Vec::new();
    for text in [
        "Officers shall not \x01nd out",
        "Detainers [are] (not) honored",
    ] {
        let content = format!(
            "q BT /F1 12 Tf 72 700 Td [({text})-250(more)] TJ 0 -14 Td (next line) Tj ET /X1 Do Q"
        );
        let c = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => c,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font },
                "XObject" => dictionary! { "X1" => form },
            },
        });
        kids.push(Object::Reference(page));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("written");
    out
}

/// A tiny deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn damaged_copies_neither_panic_nor_hang() {
    count_panics();
    let good = sample();
    let ok = extract_pages(&good, &ExtractOptions::default()).expect("the sample reads");
    assert!(
        ok.pages[0].contains("Officers shall not find out more"),
        "{:?}",
        ok.pages
    );
    let start = Instant::now();
    // The first 8 bytes stay, so most copies still read as PDFs.
    mutate_each(&good, 0x5eed_1234_abcd_0001, 300, 8, |bytes| {
        let _ = extract_pages(bytes, &ExtractOptions::default());
    });
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a damaged copy panicked");
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "damaged copies were too slow"
    );
}

#[test]
fn every_corpus_file_gives_text_or_one_clear_line() {
    count_panics();
    let dir = std::env::var("PDF_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/pdf-corpus").into());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus at {dir}; skipping");
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    for f in files {
        let bytes = std::fs::read(&f).expect("readable");
        let start = Instant::now();
        match extract_pages(&bytes, &ExtractOptions::default()) {
            Ok(raw) => assert!(!raw.pages.is_empty(), "{}", f.display()),
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    !msg.is_empty() && !msg.contains('\n'),
                    "{}: {msg:?}",
                    f.display()
                );
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{} took {:?}",
            f.display(),
            start.elapsed()
        );
    }
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a corpus file panicked");
}

#[test]
fn a_page_tree_that_lies_about_its_page_count_is_read_by_its_pages() {
    count_panics();
    // A count the size of the largest integer once panicked, and a count in
    // the hundreds of millions asked for gigabytes before a page was read.
    for count in [999_999_999, i64::MAX, -5] {
        let bytes = sample_counting(count);
        let raw = extract_pages(&bytes, &ExtractOptions::default())
            .unwrap_or_else(|e| panic!("/Count {count}: {e}"));
        assert_eq!(raw.pages.len(), 2, "/Count {count}");
        assert!(raw.pages[1].contains("honored"), "/Count {count}");
    }
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a page count panicked");
}

#[test]
fn a_decompression_bomb_fails_with_its_reason() {
    let bytes = crate::pdf_build::decompression_bomb();
    let e = extract_pages(&bytes, &ExtractOptions::default()).unwrap_err();
    assert!(e.to_string().contains("decompression bomb"), "{e}");
}

/// Damaged copies of `good`, made by flipping bytes, cutting the end and
/// splicing in junk (the first `keep` bytes are never cut), each handed to
/// `read`. `POLICYGAP_FUZZ_ROUNDS` runs
/// more rounds than the suite's few (and `POLICYGAP_FUZZ_SEED` others),
/// for a longer search by hand.
fn mutate_each(good: &[u8], seed: u64, rounds: usize, keep: usize, read: impl Fn(&[u8])) {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let rounds = env("POLICYGAP_FUZZ_ROUNDS").map_or(rounds, |r| r as usize);
    let mut rng = Rng(seed
        ^ env("POLICYGAP_FUZZ_SEED")
            .unwrap_or(0)
            .wrapping_mul(0x9e37_79b9));
    for round in 0..rounds {
        let mut bytes = good.to_vec();
        match round % 3 {
            0 => {
                for _ in 0..1 + rng.next() % 8 {
                    let i = (rng.next() as usize) % bytes.len();
                    bytes[i] = rng.next() as u8;
                }
            }
            1 => bytes.truncate(keep + (rng.next() as usize) % (bytes.len() - keep)),
            _ => {
                let i = (rng.next() as usize) % bytes.len();
                let junk: Vec<u8> = (0..rng.next() % 64).map(|_| rng.next() as u8).collect();
                bytes.splice(i..i, junk);
            }
        }
        let start = Instant::now();
        read(&bytes);
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "round {round} took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn damaged_word_files_and_web_pages_neither_panic_nor_hang() {
    use policygap::extract::{docx, html};
    count_panics();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats/");
    let word = std::fs::read(format!("{fixtures}alder-falls-428.docx")).unwrap();
    let page = std::fs::read(format!("{fixtures}alder-falls-428.html")).unwrap();
    assert!(docx::pages(&word).is_ok() && html::pages(&page).is_ok());
    // A .docx is compressed, so most damage breaks the archive; its body
    // is also damaged unpacked and packed again, to reach the XML reader.
    mutate_each(&word, 0x0d0c_5eed_0000_0001, 150, 1, |b| {
        let _ = docx::pages(b);
    });
    let body = {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&word)).unwrap();
        let mut s = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name("word/document.xml").unwrap(), &mut s).unwrap();
        s
    };
    mutate_each(&body, 0x0d0c_5eed_0000_0002, 150, 1, |b| {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut zip, b).unwrap();
        zip.finish().unwrap();
        let _ = docx::pages(&buf.into_inner());
    });
    mutate_each(&page, 0x4e7a_5eed_0000_0003, 300, 1, |b| {
        let _ = html::pages(b);
    });
    assert_eq!(PANICS.load(Ordering::SeqCst), 0, "a damaged copy panicked");
}

#[test]
fn damaged_rule_files_neither_panic_nor_hang() {
    count_panics();
    let good = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/model-rules/aclu-nine.toml"
    ))
    .unwrap();
    mutate_each(&good, 0x7011_5eed_0000_0004, 60, 1, |b| {
        let text = String::from_utf8_lossy(b);
        if let Err(e) = policygap::rules::parse("damaged.toml", &text) {
            assert!(!e.problems.is_empty());
        }
    });
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        0,
        "a damaged rule file panicked"
    );
}

/// PDFs from real producers carry embedded TrueType and CFF fonts and
/// ToUnicode CMaps, which the small sample has not; damaged copies of two
/// corpus files reach those readers.
#[test]
fn damaged_copies_of_produced_pdfs_neither_panic_nor_hang() {
    count_panics();
    for (name, seed) in [
        ("calloway-springs-co-pd-415.pdf", 0xca11_5eed_0000_0005),
        ("ashgrove-or-pd-manual.pdf", 0xa5b9_5eed_0000_0006),
    ] {
        let good = std::fs::read(format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert!(
            extract_pages(&good, &ExtractOptions::default()).is_ok(),
            "{name}"
        );
        mutate_each(&good, seed, 40, 8, |bytes| {
            let _ = extract_pages(bytes, &ExtractOptions::default());
        });
    }
    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        0,
        "a damaged corpus PDF panicked"
    );
}

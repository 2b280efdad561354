//! Segmentation of the fixture policies (a Lexipol-style manual, a general
//! order, an ordinance and a memo), as text and as PDF, checked against the
//! expectations written beside them in `tests/fixtures/segment/*.expect`.
//!
//! An `.expect` file applies to the `.txt` and `.pdf` of the same name; one
//! with `source<TAB>path` lines (relative to the crate root) applies to
//! those files instead, such as the long manuals in `corpus/`.

use policygap::extract::{ExtractOptions, extract_file};
use policygap::model::{Document, Segmented};
use policygap::segment;
use std::path::{Path, PathBuf};

const DIR: &str = "tests/fixtures/segment";

/// One expectation line.
enum Expect {
    Clause {
        quote: String,
        citation: Option<String>,
        page: u32,
        headings: Vec<String>,
        lead_in: Option<String>,
    },
    Section {
        path: String,
        heading: Option<String>,
        pages: (u32, u32),
    },
    Absent(String),
}

fn dash_none(s: &str) -> Option<String> {
    (s != "-").then(|| s.to_string())
}

fn parse_expect(path: &Path) -> (Vec<Expect>, Vec<PathBuf>) {
    let text = std::fs::read_to_string(path).expect("expect file readable");
    let mut out = Vec::new();
    let mut sources = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = || -> ! { panic!("{}:{}: malformed line {line:?}", path.display(), n + 1) };
        match f[0] {
            "clause" if f.len() >= 5 => out.push(Expect::Clause {
                quote: f[1].to_string(),
                citation: dash_none(f[2]),
                page: f[3].parse().unwrap_or_else(|_| bad()),
                headings: if f[4].is_empty() {
                    Vec::new()
                } else {
                    f[4].split(" > ").map(str::to_string).collect()
                },
                lead_in: f.get(5).map(|s| s.to_string()),
            }),
            "section" if f.len() == 4 => {
                let (a, b) = f[3].split_once('-').unwrap_or_else(|| bad());
                out.push(Expect::Section {
                    path: f[1].to_string(),
                    heading: dash_none(f[2]),
                    pages: (
                        a.parse().unwrap_or_else(|_| bad()),
                        b.parse().unwrap_or_else(|_| bad()),
                    ),
                });
            }
            "absent" if f.len() == 2 => out.push(Expect::Absent(f[1].to_string())),
            "source" if f.len() == 2 => sources.push(PathBuf::from(f[1])),
            _ => bad(),
        }
    }
    (out, sources)
}

/// The path of a section: the number (or, for unnumbered parts, the
/// heading) of it and each enclosing section, outer first.
fn section_path(seg: &Segmented, mut i: usize) -> String {
    let mut parts = Vec::new();
    loop {
        let s = &seg.sections[i];
        parts.push(
            s.number
                .clone()
                .or_else(|| s.heading.clone())
                .unwrap_or_default(),
        );
        match s.parent {
            Some(p) if p < i => i = p,
            _ => break,
        }
    }
    parts.reverse();
    parts.join(" > ")
}

fn check(doc: &Document, expects: &[Expect]) -> Vec<String> {
    let seg = segment::segment(doc);
    let mut errors = Vec::new();
    for e in expects {
        match e {
            Expect::Clause {
                quote,
                citation,
                page,
                headings,
                lead_in,
            } => {
                let Some(c) = seg.clauses.iter().find(|c| c.text.contains(quote.as_str())) else {
                    errors.push(format!("no clause contains {quote:?}"));
                    continue;
                };
                if seg.citation(c) != citation.as_deref() {
                    errors.push(format!(
                        "{quote:?}: citation {:?}, expected {citation:?}",
                        seg.citation(c)
                    ));
                }
                if c.span.page != *page {
                    errors.push(format!("{quote:?}: page {}, expected {page}", c.span.page));
                }
                if doc.page_at(c.span.start) != c.span.page {
                    errors.push(format!("{quote:?}: span.page disagrees with its offset"));
                }
                if seg.headings(c) != *headings {
                    errors.push(format!(
                        "{quote:?}: headings {:?}, expected {headings:?}",
                        seg.headings(c)
                    ));
                }
                if c.lead_in.as_deref() != lead_in.as_deref() {
                    errors.push(format!(
                        "{quote:?}: lead-in {:?}, expected {lead_in:?}",
                        c.lead_in
                    ));
                }
            }
            Expect::Section {
                path,
                heading,
                pages,
            } => {
                let Some(i) = (0..seg.sections.len()).find(|&i| &section_path(&seg, i) == path)
                else {
                    let all: Vec<String> = (0..seg.sections.len())
                        .map(|i| section_path(&seg, i))
                        .collect();
                    errors.push(format!("no section at path {path:?}; paths: {all:#?}"));
                    continue;
                };
                let s = &seg.sections[i];
                if s.heading.as_deref() != heading.as_deref() {
                    errors.push(format!(
                        "{path:?}: heading {:?}, expected {heading:?}",
                        s.heading
                    ));
                }
                if (s.page_start, s.page_end) != *pages {
                    errors.push(format!(
                        "{path:?}: pages {}-{}, expected {}-{}",
                        s.page_start, s.page_end, pages.0, pages.1
                    ));
                }
            }
            Expect::Absent(text) => {
                if let Some(c) = seg.clauses.iter().find(|c| c.text.contains(text.as_str())) {
                    errors.push(format!("{text:?} leaked into clause {:?}", c.text));
                }
            }
        }
    }
    errors
}

fn expect_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(DIR)
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "expect"))
        .collect();
    v.sort();
    v
}

/// Checks every expectation file against the fixture of the same name with
/// extension `ext`, or, when `ext` is None, against its `source` files.
fn run(ext: Option<&str>) -> usize {
    let mut failures = Vec::new();
    let mut checked = 0;
    for exp in expect_files() {
        let (expects, sources) = parse_expect(&exp);
        let files = match ext {
            Some(ext) => vec![exp.with_extension(ext)]
                .into_iter()
                .filter(|f| f.exists())
                .collect(),
            None => sources,
        };
        for f in files {
            let doc = match extract_file(&f, &ExtractOptions::default()) {
                Ok(d) => d,
                Err(e) => {
                    failures.push(format!("{}: cannot extract: {e}", f.display()));
                    continue;
                }
            };
            checked += 1;
            for e in check(&doc, &expects) {
                failures.push(format!("{}: {e}", f.display()));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    checked
}

#[test]
fn text_fixtures_segment_as_expected() {
    assert_eq!(run(Some("txt")), 4);
}

#[test]
fn pdf_fixtures_segment_as_expected() {
    assert_eq!(run(Some("pdf")), 4);
}

#[test]
fn corpus_manuals_segment_as_expected() {
    assert_eq!(run(None), 3);
}

#[test]
fn outline_lists_the_manual_with_pages() {
    let doc = extract_file(
        Path::new("tests/fixtures/segment/lexipol_manual.pdf"),
        &ExtractOptions::default(),
    )
    .expect("fixture extracts");
    let out = policygap::report::outline::render(&segment::segment(&doc).sections);
    let lines: Vec<&str> = out.lines().collect();
    let policy = lines
        .iter()
        .find(|l| l.contains("Policy 428  Immigration Violations"))
        .expect("policy line");
    assert!(policy.ends_with("pp. 2-5"), "{policy}");
    let sub = lines
        .iter()
        .find(|l| l.contains("428.4.1  JAIL RECORDS SUPERVISOR"))
        .expect("subsection line");
    assert!(sub.ends_with("p. 3"), "{sub}");
    // Deeper parts are indented further than the policy.
    let indent = |l: &str| l.len() - l.trim_start().len();
    assert!(indent(sub) > indent(policy));
    // Untitled list items are not in the table of contents.
    assert!(!out.contains("428.4(a)"));
}

#[test]
fn pdf_bookmarks_title_sections_the_text_alone_does_not() {
    let path = Path::new("tests/fixtures/segment/bookmarked_policy.pdf");
    let bytes = std::fs::read(path).expect("fixture readable");
    let pdf = lopdf::Document::load_mem(&bytes).expect("fixture loads");
    let bookmarks = policygap::extract::outline::read(&pdf);
    let titles: Vec<(&str, usize, Option<u32>)> = bookmarks
        .iter()
        .map(|b| (b.title.as_str(), b.level, b.page))
        .collect();
    assert_eq!(
        titles,
        vec![
            ("Contacts with federal immigration agents", 0, Some(1)),
            ("Detainers, holds and warrants", 1, Some(1)),
            ("Access to people in custody", 1, Some(2)),
            ("Training, review and complaints", 0, Some(2)),
        ]
    );
    let doc = extract_file(path, &ExtractOptions::default()).expect("fixture extracts");
    let hints: Vec<segment::HeadingHint> = bookmarks
        .iter()
        .filter_map(|b| {
            Some(segment::HeadingHint {
                page: b.page?,
                title: b.title.clone(),
                level: b.level,
            })
        })
        .collect();
    let clause = |s: &Segmented, q: &str| {
        s.clauses
            .iter()
            .find(|c| c.text.contains(q))
            .cloned()
            .unwrap_or_else(|| panic!("no clause with {q:?}"))
    };
    // Sentence-case titles with commas do not look like headings by
    // themselves...
    let plain = segment::segment(&doc);
    assert!(
        plain
            .headings(&clause(&plain, "keep a person in custody"))
            .is_empty()
    );
    // ...but the bookmarks name them.
    let hinted = segment::segment_with_hints(&doc, &hints);
    let c = clause(&hinted, "keep a person in custody");
    assert_eq!(
        hinted.headings(&c),
        vec![
            "Contacts with federal immigration agents",
            "Detainers, holds and warrants"
        ]
    );
    assert_eq!(c.span.page, 1);
    let t = clause(&hinted, "training unit shall teach");
    assert_eq!(hinted.headings(&t), vec!["Training, review and complaints"]);
    assert_eq!(t.span.page, 2);
}

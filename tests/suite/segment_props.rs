//! Properties of segmentation that must hold for any document: no text is
//! lost or duplicated, spans are ordered and on the right page, and the
//! section tree is well formed.

use policygap::model::{Document, SourceKind};
use policygap::segment::{self, Layout};
use proptest::prelude::*;
use std::collections::HashMap;

/// Non-space characters with their counts.
fn bag<'a>(parts: impl IntoIterator<Item = &'a str>) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for p in parts {
        for c in p.chars().filter(|c| !c.is_whitespace()) {
            *m.entry(c).or_insert(0) += 1;
        }
    }
    m
}

fn check_accounting(doc: &Document, l: &Layout) -> Result<(), TestCaseError> {
    // Clause texts (whitespace collapsed) plus every piece set aside
    // (headers, footers, page numbers, contents, headings, labels, bullets)
    // hold the document's non-space characters exactly once.
    let kept = l.segmented.clauses.iter().map(|c| c.text.as_str());
    let skipped = l
        .skipped
        .iter()
        .map(|s| &doc.text[s.span.start..s.span.end]);
    prop_assert_eq!(bag(kept.chain(skipped)), bag([doc.text.as_str()]));

    let mut prev_end = 0;
    for c in &l.segmented.clauses {
        prop_assert!(c.span.start < c.span.end && c.span.end <= doc.text.len());
        prop_assert!(c.span.start >= prev_end, "clauses overlap or go backwards");
        prev_end = c.span.end;
        prop_assert_eq!(c.span.page, doc.page_at(c.span.start));
        prop_assert!(!c.text.is_empty());
        if let Some(s) = c.section {
            prop_assert!(s < l.segmented.sections.len());
        }
    }
    for (i, s) in l.segmented.sections.iter().enumerate() {
        if let Some(p) = s.parent {
            prop_assert!(p < i, "a parent comes before its child");
            prop_assert_eq!(s.level, l.segmented.sections[p].level + 1);
        } else {
            prop_assert_eq!(s.level, 0);
        }
        prop_assert!(s.page_start <= s.page_end);
        prop_assert!(s.span.start <= s.span.end);
    }
    Ok(())
}

/// Words policy text is made of, including abbreviations, section signs,
/// numbers and punctuation that segmentation must not trip on.
const WORDS: &[&str] = &[
    "officers",
    "shall",
    "not",
    "detain",
    "any",
    "person",
    "ICE",
    "U.S.C.",
    "8",
    "§",
    "1373.",
    "e.g.",
    "i.e.",
    "No.",
    "5",
    "Sec.",
    "2-173-020",
    "Inc.",
    "the",
    "Department",
    "may",
    "ask",
    "status;",
    "or",
    "and",
    "judge.",
    "warrant.",
    "detainer",
    "request:",
    "-",
    "(see",
    "below)",
    "release.",
    "Policy",
    "Manual",
    "IMMIGRATION",
    "DETAINERS",
    "I-247A",
    "48",
    "hours.",
    "a",
];

const LABELS: &[&str] = &[
    "428",
    "428.1",
    "428.4.1",
    "Policy 428",
    "Sec. 2-173-020.",
    "§ 3",
    "Article IV",
    "SECTION B",
    "I.",
    "IV.",
    "A.",
    "B.",
    "1.",
    "2)",
    "a.)",
    "(a)",
    "(b)",
    "(1)",
    "(i)",
    "(ii)",
    "i.",
    "•",
    "-",
];

fn line() -> impl Strategy<Value = String> {
    let words = prop::collection::vec(prop::sample::select(WORDS), 1..12).prop_map(|w| w.join(" "));
    prop_oneof![
        4 => words.clone(),
        2 => (prop::sample::select(LABELS), words.clone())
            .prop_map(|(l, w)| format!("{l} {w}")),
        1 => (prop::sample::select(LABELS), prop::sample::select(&["PURPOSE AND SCOPE", "Definitions", "Detainers and Holds", "POLICY"][..]))
            .prop_map(|(l, h)| format!("{l} {h}")),
        1 => Just(String::new()),
        1 => words.prop_map(|w| format!("   {w}")),
        1 => (1..400u32).prop_map(|n| format!("{n}.4 Detainers .......... {n}")),
        1 => Just("TABLE OF CONTENTS".to_string()),
    ]
}

fn page_body() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(line(), 0..25)
}

/// A document of several pages that share a running header and a footer
/// with the page number.
fn document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(page_body(), 1..6),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(pages, header, footer)| {
            let n = pages.len();
            let mut out = Vec::new();
            for (i, body) in pages.into_iter().enumerate() {
                let mut p = String::new();
                if header {
                    p.push_str("Harrow Vale Police Department\nPolicy Manual\n\n");
                }
                for l in body {
                    p.push_str(&l);
                    p.push('\n');
                }
                if footer {
                    p.push_str(&format!(
                        "\nImmigration - {}\nPage {} of {n}\n",
                        100 + i,
                        i + 1
                    ));
                }
                out.push(p);
            }
            out.join("\x0c")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn structured_documents_lose_and_duplicate_no_text(text in document()) {
        let doc = Document::from_pages("p", SourceKind::Text, &text.split('\x0c').map(str::to_string).collect::<Vec<_>>());
        let l = segment::layout(&doc);
        check_accounting(&doc, &l)?;
    }

    #[test]
    fn arbitrary_text_loses_and_duplicates_nothing(text in "[a-zA-Z0-9 .;:()§•#\t\n\x0c]{0,600}") {
        let doc = Document::from_pages("p", SourceKind::Text, &text.split('\x0c').map(str::to_string).collect::<Vec<_>>());
        let l = segment::layout(&doc);
        check_accounting(&doc, &l)?;
        let md = Document { kind: SourceKind::Markdown, ..doc };
        let l = segment::layout(&md);
        check_accounting(&md, &l)?;
    }
}

#[test]
fn headers_and_page_numbers_are_set_aside_not_lost() {
    let pages: Vec<String> = (1..=3)
        .map(|i| {
            let verb = ["wait", "write", "leave"][i - 1];
            format!("Harrow Vale PD\n\n{i}.1 SCOPE\nOfficers shall {verb}.\n\nPage {i} of 3\n")
        })
        .collect();
    let doc = Document::from_pages("p", SourceKind::Text, &pages);
    let l = segment::layout(&doc);
    assert_eq!(l.segmented.clauses.len(), 3);
    assert_eq!(l.segmented.sections.len(), 3);
    assert_eq!(
        l.segmented.citation(&l.segmented.clauses[1]),
        Some("2.1"),
        "a part number repeated on every page is not a running header"
    );
    let kinds: Vec<segment::SkipKind> = l
        .skipped
        .iter()
        .filter(|s| doc.text[s.span.start..s.span.end].starts_with("Page"))
        .map(|s| s.kind)
        .collect();
    assert_eq!(kinds, vec![segment::SkipKind::PageNumber; 3]);
}

#[test]
fn hostile_nesting_stays_bounded() {
    // Each line nests one level deeper than the last, and lists alternate.
    let mut text = String::new();
    let mut number = String::from("1");
    for i in 0..400 {
        number.push_str(".1");
        text.push_str(&format!("{number} PART\n(a) Item {i}.\n1. Sub.\n"));
    }
    let doc = Document::from_pages("p", SourceKind::Text, &[text]);
    let s = segment::segment(&doc);
    let deepest = s.sections.iter().map(|x| x.level).max().unwrap_or(0);
    assert!(deepest < 32, "nesting reached {deepest}");
    assert_eq!(s.clauses.len(), 800);
}

#[test]
fn long_runs_without_spaces_are_handled_in_linear_time() {
    // A quadratic scan would take minutes on these in a debug build.
    let dots = "a.".repeat(200_000);
    let doc = Document::from_pages(
        "p",
        SourceKind::Text,
        &[format!("{dots}\n\n{}", "x".repeat(300_000))],
    );
    let l = segment::layout(&doc);
    check_accounting(&doc, &l).expect("text accounted for");
    assert_eq!(l.segmented.clauses.len(), 2);
}

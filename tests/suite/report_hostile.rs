//! Policy text is untrusted: markup, quotes, ampersands, control
//! characters, right-to-left text and very long lines must come out of every
//! format escaped and intact.

use crate::report_fixtures::{analysed, finding, rule_set};
use policygap::model::{
    Analysis, BatchEntry, DeltaKind, Document, EvidenceRole, RuleId, SCHEMA_VERSION, SourceKind,
    Span, TextDelta, Verdict,
};
use policygap::report::escape::{csv_field, html_unescape, markdown, markdown_unescape, terminal};
use policygap::report::{self, Format, RenderOptions, escape::visible};
use proptest::prelude::*;
use regex::Regex;

/// The hostile strings a test puts into one analysis.
#[derive(Debug, Clone)]
struct Hostile {
    page: String,
    clause: String,
    heading: String,
    title: String,
    model: String,
    place: String,
    path: String,
}

fn analysis(h: &Hostile) -> Analysis {
    let mut rules = rule_set(Some(&h.place), None);
    rules.rules.truncate(2);
    rules.rules[0].title = h.title.clone();
    rules.rules[0].model_text = h.model.clone();
    let doc = Document::from_pages(
        &h.path,
        SourceKind::Text,
        &[h.page.clone(), "Second page.".to_string()],
    );
    let len = h.page.len();
    let evidence = policygap::model::Evidence {
        page: 1,
        section: Some(h.heading.clone()),
        heading: Some(h.heading.clone()),
        text: h.clause.clone(),
        span: Span {
            page: 1,
            start: 0,
            end: len,
        },
        role: EvidenceRole::Contrary,
        // Arbitrary ranges, some of them out of bounds or mid-character.
        matched: vec![(0, h.clause.len() / 2), (1, 3), (h.clause.len(), 99_999)],
    };
    let f = finding(
        "judicial-warrant",
        Verdict::Conflict,
        0.5,
        vec![evidence],
        &[h.heading.as_str()],
        &[h.title.as_str()],
        vec![
            TextDelta {
                kind: DeltaKind::Delete,
                text: h.clause.clone(),
            },
            TextDelta {
                kind: DeltaKind::Insert,
                text: h.model.clone(),
            },
        ],
    );
    let mut g = f.clone();
    g.rule = RuleId("access-interviews".into());
    g.verdict = Verdict::Missing;
    g.evidence.clear();
    Analysis {
        schema_version: SCHEMA_VERSION,
        rule_set: rules,
        jurisdiction: Some(h.place.clone()),
        oversight: None,
        generated: "2026-11-23".into(),
        documents: vec![BatchEntry::Analyzed(Box::new(analysed(doc, vec![f, g])))],
    }
}

const TAGS: &[&str] = &[
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "dl",
    "div",
    "dt",
    "dd",
    "bdi",
    "small",
    "section",
    "article",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "span",
    "b",
    "ul",
    "ol",
    "li",
    "details",
    "summary",
    "figure",
    "figcaption",
    "blockquote",
    "ins",
    "del",
    "mark",
    "sup",
    "aside",
    "footer",
    "code",
];

/// Asserts every `<` in the page opens one of our own tags.
fn only_our_tags(html: &str) {
    let tag = Regex::new(r"^</?([A-Za-z0-9!]+)[ >]").unwrap();
    for (i, _) in html.match_indices('<') {
        let rest: String = html[i..].chars().take(40).collect();
        let name = tag
            .captures(&rest)
            .map(|c| c[1].to_string())
            .unwrap_or_default();
        assert!(
            TAGS.contains(&name.as_str()),
            "raw '<' that is not ours at byte {i}: {rest:?}"
        );
    }
}

/// The text a reader sees in the page, without our own inserted notes
/// (callouts, page marks, rule references).
fn reader_text(html: &str) -> String {
    let notes = Regex::new(
        r#"(?s)<aside class="callout.*?</aside>\n?|<div class="pgmark">.*?</div>\n?|<sup class="ref">.*?</sup>|<style>.*?</style>"#,
    )
    .unwrap();
    let tags = Regex::new(r"<[^>]*>").unwrap();
    let without = notes.replace_all(html, "");
    html_unescape(&tags.replace_all(&without, ""))
}

/// Reads RFC 4180 CSV (CRLF rows, quoted fields with doubled quotes).
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = s.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = false,
                c => field.push(c),
            }
        } else {
            match c {
                '"' => quoted = true,
                ',' => row.push(std::mem::take(&mut field)),
                '\r' if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                c => {
                    assert!(c != '\n' && c != '\r', "bare line break outside quotes");
                    field.push(c)
                }
            }
        }
    }
    assert!(!quoted, "unterminated quote");
    assert!(field.is_empty() && row.is_empty(), "last row lacks CRLF");
    rows
}

/// What a CSV cell holds for `s`: the visible text, with a leading
/// apostrophe when a spreadsheet would read it as a formula.
fn csv_cell(s: &str) -> String {
    let v = visible(s).into_owned();
    if v.starts_with(['=', '+', '-', '@']) {
        format!("'{v}")
    } else {
        v
    }
}

/// Counts `|` not escaped by a backslash, and fails on a raw `<`.
fn markdown_pipes(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => n += 1,
            '<' => panic!("unescaped '<' in Markdown line {line:?}"),
            _ => {}
        }
    }
    n
}

fn check_all(h: &Hostile) {
    let a = analysis(h);
    let opts = RenderOptions::default();

    // HTML: nothing but our tags; the page text, clause, heading, title,
    // model text and place all read back exactly (made visible).
    let html = report::render(&a, Format::Html, &opts);
    only_our_tags(&html);
    let seen = reader_text(&html);
    for s in [&h.page, &h.clause, &h.heading, &h.title, &h.place, &h.path] {
        assert!(
            seen.contains(visible(s).as_ref()),
            "HTML lost {s:?}\n--- page text:\n{seen}"
        );
    }
    let model_in_callout = format!(
        "<blockquote dir=\"auto\">{}</blockquote>",
        escape_html(&h.model)
    );
    // Model text that is only whitespace is not shown at all.
    if !h.model.trim().is_empty() {
        assert!(html.contains(&model_in_callout), "model text not intact");
    }
    assert!(!html.contains("<script"), "script tag in output");

    // Markdown: every '<' escaped, table rows keep their columns, and the
    // clause unescapes to what the policy says.
    let md = report::render(&a, Format::Markdown, &opts);
    for line in md.lines() {
        let pipes = markdown_pipes(line);
        if line.starts_with("| ") {
            assert_eq!(pipes, 5, "table row split: {line:?}");
        }
    }
    assert!(
        md.contains(&markdown(&h.clause)),
        "Markdown lost the clause"
    );
    assert_eq!(markdown_unescape(&markdown(&h.clause)), terminal(&h.clause));

    // CSV: parses back into the same cells.
    let csv = report::render(&a, Format::Csv, &opts);
    let rows = parse_csv(&csv);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    assert_eq!(rows[1][0], csv_cell(&h.path));
    assert_eq!(rows[1][7], csv_cell(&h.clause));
    assert_eq!(rows[1][6], csv_cell(&h.heading));
    assert_eq!(csv_field(&h.clause).contains('\n'), h.clause.contains('\n'));

    // Text: no escape sequence reaches the terminal.
    let text = report::render(&a, Format::Text, &opts);
    assert!(
        !text.contains('\x1b'),
        "escape character in terminal output"
    );
    assert!(!text.contains('\u{202e}'), "override in terminal output");

    // JSON: the clause round-trips byte for byte.
    let json: serde_json::Value =
        serde_json::from_str(&report::render(&a, Format::Json, &opts)).unwrap();
    assert_eq!(
        json["documents"][0]["findings"][0]["evidence"][0]["text"],
        serde_json::Value::String(h.clause.clone())
    );
}

fn escape_html(s: &str) -> String {
    policygap::report::escape::html(s)
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("<script>alert('x')</script>".to_string()),
        2 => Just("<img src=x onerror=\"alert(1)\">".to_string()),
        2 => Just("</p></aside><p>".to_string()),
        2 => Just("&amp; & &lt; \" ' < >".to_string()),
        2 => Just("\x1b[31m\0\x07\r\x7f\u{85}".to_string()),
        2 => Just("\u{202e}desrever\u{202c} \u{2067}x\u{2069}".to_string()),
        2 => Just("שלום עולם مرحبا".to_string()),
        2 => Just("| * _ ` [a](b) # ~ \\ -".to_string()),
        2 => Just("\n\n".to_string()),
        2 => Just("\n".to_string()),
        1 => Just("- ".to_string()),
        1 => Just("1. ".to_string()),
        1 => Just("=SUM(A1)".to_string()),
        4 => "[a-z]{1,8} ".prop_map(|s| s),
        3 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn hostile_string() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 1..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn hostile_policy_text_is_escaped_and_intact_in_every_format(
        page in hostile_string(),
        clause in hostile_string(),
        heading in hostile_string(),
        title in hostile_string(),
        model in hostile_string(),
        place in hostile_string(),
        path in hostile_string(),
    ) {
        check_all(&Hostile { page, clause, heading, title, model, place, path });
    }
}

#[test]
fn a_100_kb_single_line_survives_every_format() {
    let line: String = "<a&b>\"'".repeat(100 * 1024 / 7 + 1);
    assert!(line.len() >= 100 * 1024);
    let h = Hostile {
        page: line.clone(),
        clause: line.clone(),
        heading: "IMMIGRATION \u{202e}HOLDS".into(),
        title: "Judicial Warrant Rule".into(),
        model: "Officials shall require a judicial warrant.".into(),
        place: "Quillford, Vermont".into(),
        path: "long/line.txt".into(),
    };
    check_all(&h);
    let html = report::render(&analysis(&h), Format::Html, &RenderOptions::default());
    // The long line must wrap on screen and paper, not widen the page.
    assert!(html.contains("overflow-wrap: anywhere"));
    // Text output keeps to the terminal width even for such a clause.
    let text = report::render(
        &analysis(&h),
        Format::Text,
        &RenderOptions {
            color: false,
            width: 80,
        },
    );
    let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest <= 80, "a text line is {widest} characters wide");
}

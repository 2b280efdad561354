//! The clean layer: raw page texts → the normalized [`Document`] that
//! analysis reads. Running headers, footers and page numbers are removed,
//! line-end hyphens joined, whitespace tidied, and every byte stays on the
//! page it came from (pages are joined with form feeds).

use crate::model::{Document, SourceKind};
use std::collections::HashMap;

/// Lines looked at, from each end of a page, for running headers and
/// footers.
const EDGE_LINES: usize = 4;

/// Cleans raw page texts and assembles the document.
pub fn clean(path: &str, kind: SourceKind, pages: &[String]) -> Document {
    let tidied: Vec<Vec<String>> = pages.iter().map(|p| tidy_lines(p)).collect();
    let running = running_lines(&tidied);
    let cleaned: Vec<String> = tidied
        .iter()
        .map(|lines| {
            let kept = drop_edges(lines, &running);
            join_lines(&kept)
        })
        .collect();
    Document::from_pages(path, kind, &cleaned)
}

/// Tidies one page: trailing spaces removed, control characters (other than
/// newline and tab) dropped, runs of blank lines collapsed to one.
pub fn clean_page(page: &str) -> String {
    join_lines(&tidy_lines(page))
}

/// The page's lines with white space collapsed, controls and soft hyphens
/// dropped; a blank line (empty string) stands for each run of blank lines.
fn tidy_lines(page: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in page.lines() {
        let mut line = String::with_capacity(raw.len());
        let mut space = false;
        for c in raw.chars() {
            if c == '\u{ad}' || (c.is_control() && c != '\t') || c == '\u{feff}' {
                continue;
            }
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && !line.is_empty() {
                line.push(' ');
            }
            space = false;
            line.push(c);
        }
        if line.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// A line's shape with digits folded, so "Page 3 of 40" and "Page 4 of 40"
/// count as the same running line.
fn shape(line: &str) -> String {
    // Only page counters vary from page to page; "Policy 100" and "Policy
    // 428" at the top of two chapters are headings, not one running line.
    let lower = line.to_lowercase();
    if !(lower.contains("page") || lower.contains(" of ") || is_page_number(line)) {
        return lower;
    }
    let mut s = String::with_capacity(line.len());
    let mut in_digits = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                s.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            s.extend(c.to_lowercase());
        }
    }
    s
}

/// Whether a line is only a page number ("12", "- 12 -", "Page 3",
/// "Page 3 of 40", "iv").
fn is_page_number(line: &str) -> bool {
    let t = line
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c == '|' || c.is_whitespace());
    if t.is_empty() {
        return false;
    }
    let lower = t.to_lowercase();
    let rest = lower
        .strip_prefix("page")
        .map(str::trim_start)
        .unwrap_or(&lower);
    let (num, tail) = match rest.find(" of ") {
        Some(i) => (&rest[..i], Some(rest[i + 4..].trim())),
        None => (rest, None),
    };
    let numeric = |s: &str| !s.is_empty() && s.len() <= 5 && s.chars().all(|c| c.is_ascii_digit());
    let roman = |s: &str| !s.is_empty() && s.len() <= 7 && s.chars().all(|c| "ivxlc".contains(c));
    (numeric(num) || roman(num)) && tail.is_none_or(numeric)
}

/// The shapes of lines that recur near the top or bottom of many pages.
fn running_lines(pages: &[Vec<String>]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for lines in pages {
        let content: Vec<&String> = lines.iter().filter(|l| !l.is_empty()).collect();
        let n = content.len();
        let mut seen = std::collections::HashSet::new();
        for (i, l) in content.iter().enumerate() {
            if i < EDGE_LINES || i + EDGE_LINES >= n {
                let s = shape(l);
                if seen.insert(s.clone()) {
                    *counts.entry(s).or_default() += 1;
                }
            }
        }
    }
    // A running line is on at least half the pages (and on three or more);
    // short documents have none we can tell apart from content.
    let pages_n = pages.len();
    let min = (pages_n / 2).max(3);
    counts.retain(|_, c| *c >= min);
    counts
}

/// The page's lines without the running headers, footers and page numbers
/// at its top and bottom.
fn drop_edges<'a>(lines: &'a [String], running: &HashMap<String, usize>) -> Vec<&'a str> {
    let is_edge_noise = |l: &str| running.contains_key(&shape(l)) || is_page_number(l);
    let content_idx: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    let mut drop = vec![false; lines.len()];
    // From the top, then from the bottom, while the lines are noise.
    for &i in content_idx.iter().take(EDGE_LINES) {
        if is_edge_noise(&lines[i]) {
            drop[i] = true;
        } else {
            break;
        }
    }
    for &i in content_idx.iter().rev().take(EDGE_LINES) {
        if is_edge_noise(&lines[i]) {
            drop[i] = true;
        } else {
            break;
        }
    }
    // A page that would be left empty is a page of repeated content (a
    // form, a short document), not of running lines.
    if content_idx.iter().all(|&i| drop[i]) {
        for &i in &content_idx {
            drop[i] = is_page_number(&lines[i]);
        }
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        if drop[i] {
            continue;
        }
        if l.is_empty() && out.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        out.push(l);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// Joins lines with newlines, mending words hyphenated across a line end
/// ("enforce-" + "ment" → "enforcement"). A hyphen stays when the next line
/// starts with a capital or a digit ("Spanish-" + "Speaking"), as it is then
/// more likely part of a compound.
fn join_lines(lines: &[impl AsRef<str>]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].as_ref();
        let next = lines.get(i + 1).map(|l| l.as_ref());
        out.push_str(line);
        let hyphenated = {
            let mut rev = line.chars().rev();
            matches!(rev.next(), Some('-' | '\u{2010}'))
                && rev.next().is_some_and(char::is_alphabetic)
        };
        if hyphenated && next.is_some_and(|n| n.chars().next().is_some_and(char::is_lowercase)) {
            out.pop();
            // The continuation's first word joins this line; the rest of
            // it follows on its own line.
            let n = next.unwrap_or_default();
            let (word, rest) = match n.find(' ') {
                Some(k) => (&n[..k], n[k + 1..].trim_start()),
                None => (n, ""),
            };
            out.push_str(word);
            out.push('\n');
            if !rest.is_empty() {
                out.push_str(rest);
                out.push('\n');
            }
            i += 2;
            continue;
        }
        out.push('\n');
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_blank_runs_and_strips_controls() {
        assert_eq!(clean_page("a  \n\n\n\nb\x07c\n"), "a\n\nbc\n");
    }

    #[test]
    fn collapses_inner_white_space() {
        assert_eq!(clean_page("  shall   not\tdetain \n"), "shall not detain\n");
    }

    #[test]
    fn joins_line_end_hyphens_but_keeps_compounds() {
        assert_eq!(
            clean_page("law enforce-\nment officers\nSpanish-\nSpeaking"),
            "law enforcement\nofficers\nSpanish-\nSpeaking\n"
        );
    }

    #[test]
    fn removes_running_headers_footers_and_page_numbers() {
        let bodies = [
            "Scope and purpose.",
            "Body text 2 here.",
            "Body text 3 here.",
            "Detainers.",
        ];
        let pages: Vec<String> = (1..=4)
            .map(|n| {
                let body = bodies[n - 1];
                format!("Anytown Police Department\nPolicy Manual\n{body}\nPage {n} of 4\n")
            })
            .collect();
        let doc = clean("m.pdf", SourceKind::Pdf, &pages);
        assert!(!doc.text.contains("Anytown"));
        assert!(!doc.text.contains("Page 2 of 4"));
        assert!(doc.text.contains("Body text 3 here."));
        assert_eq!(doc.pages.len(), 4);
        let p3 = &doc.text[doc.pages[2].start..doc.pages[2].end];
        assert_eq!(p3, "Body text 3 here.\n");
        assert_eq!(doc.page_at(doc.text.find("Detainers").unwrap()), 4);
    }

    #[test]
    fn short_documents_keep_their_first_lines() {
        let pages = vec![
            "Title\nText one.\n".to_string(),
            "Title\nText two.\n".to_string(),
        ];
        let doc = clean("m.pdf", SourceKind::Pdf, &pages);
        assert_eq!(doc.text.matches("Title").count(), 2);
    }

    #[test]
    fn page_numbers_are_recognized() {
        for yes in [
            "12",
            "- 12 -",
            "Page 3",
            "Page 3 of 40",
            "iv",
            "page 7 of 9",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["12 officers", "Section 4", "Page three", ""] {
            assert!(!is_page_number(no), "{no}");
        }
    }
}

//! The clean layer: raw page texts → the normalized [`Document`] that
//! analysis reads (line-end hyphens joined, whitespace tidied, every byte
//! still on its page).

use crate::model::{Document, SourceKind};

/// Cleans raw page texts and assembles the document.
pub fn clean(path: &str, kind: SourceKind, pages: &[String]) -> Document {
    let cleaned: Vec<String> = pages.iter().map(|p| clean_page(p)).collect();
    Document::from_pages(path, kind, &cleaned)
}

/// Tidies one page: trailing spaces removed, control characters (other than
/// newline and tab) dropped, runs of blank lines collapsed to one.
pub fn clean_page(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut blank_run = 0;
    for line in page.lines() {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
            out.push('\n');
            continue;
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
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
}

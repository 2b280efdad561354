//! Stage 2, segmentation: [`Document`] → sections and clauses.
//!
//! Lines are classified as headings, numbered items or body text; numbered
//! parts open sections (a stack of numbering styles decides nesting), and
//! body text is split into sentences that keep their section and page.

mod sentences;

pub use sentences::split_sentences;

use crate::model::{Clause, ClauseId, Document, Section, Segmented, Span};
use regex::Regex;
use std::sync::OnceLock;

/// How a numbered line is numbered; the stack of styles decides nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `Section 2`, `Article IV`, `Chapter 3`: a named part.
    Named,
    /// `428`, `428.4`, `4.48.1`: depth from the dots.
    Dotted(usize),
    /// `1.` or `1)`.
    Arabic,
    /// `A.` / `A)`.
    Upper,
    /// `a.` / `a)`.
    Lower,
    /// `(1)`.
    ParenArabic,
    /// `(a)`.
    ParenLower,
    /// `i.` / `(i)`.
    Roman,
}

struct Numbered<'a> {
    number: String,
    style: Style,
    rest: &'a str,
}

fn numbered_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?x)^(?:
                (?P<named>(?:Section|SECTION|Sec\.|SEC\.|§|Article|ARTICLE|Chapter|CHAPTER|Part|PART|Policy|POLICY)\s+[0-9IVXLA-Z][0-9A-Za-z.\-]*?)[.:]?
              | (?P<dotted>[0-9]{1,4}(?:[.\-][0-9]{1,4})+)\.?
              | (?P<arabic>[0-9]{1,3})[.)]
              | (?P<upper>[A-Z])[.)]
              | (?P<roman>(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII))[.)]
              | (?P<lower>[a-z])[.)]
              | \((?P<parena>[0-9]{1,3})\)
              | \((?P<parenr>(?:i|ii|iii|iv|v|vi|vii|viii|ix|x))\)
              | \((?P<parenl>[a-z])\)
              | (?P<bare>[0-9]{3,4})
            )(?:\s+|$)(?P<rest>.*)$",
        )
        .expect("numbering pattern")
    })
}

fn parse_numbered(line: &str) -> Option<Numbered<'_>> {
    let c = numbered_re().captures(line)?;
    let rest = c.name("rest").map_or("", |m| m.as_str());
    let (number, style) = if let Some(m) = c.name("named") {
        (m.as_str().to_string(), Style::Named)
    } else if let Some(m) = c.name("dotted") {
        let depth = m.as_str().matches(['.', '-']).count();
        (m.as_str().to_string(), Style::Dotted(depth))
    } else if let Some(m) = c.name("arabic") {
        (format!("{}.", m.as_str()), Style::Arabic)
    } else if let Some(m) = c.name("upper") {
        (format!("{}.", m.as_str()), Style::Upper)
    } else if let Some(m) = c.name("roman") {
        (format!("{}.", m.as_str()), Style::Roman)
    } else if let Some(m) = c.name("lower") {
        (format!("{}.", m.as_str()), Style::Lower)
    } else if let Some(m) = c.name("parena") {
        (format!("({})", m.as_str()), Style::ParenArabic)
    } else if let Some(m) = c.name("parenr") {
        (format!("({})", m.as_str()), Style::Roman)
    } else if let Some(m) = c.name("parenl") {
        (format!("({})", m.as_str()), Style::ParenLower)
    } else if let Some(m) = c.name("bare") {
        // A bare number opens a section only when a heading follows it.
        if !looks_like_heading(rest) {
            return None;
        }
        (m.as_str().to_string(), Style::Dotted(0))
    } else {
        return None;
    };
    Some(Numbered {
        number,
        style,
        rest,
    })
}

/// A line reads as a heading: short, no sentence punctuation at its end, and
/// mostly capitalised words.
fn looks_like_heading(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > 90 {
        return false;
    }
    if t.ends_with(['.', ',', ';']) && !t.ends_with("..") {
        // "PURPOSE AND SCOPE." is still a heading when it is all caps.
        return is_all_caps(t) && t.len() < 60;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() > 12 {
        return false;
    }
    if is_all_caps(t) {
        return true;
    }
    let small = [
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
        "with", "under", "into", "vs.", "v.",
    ];
    let capitalised = words
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        })
        .count();
    let smalls = words.iter().filter(|w| small.contains(w)).count();
    capitalised + smalls == words.len() && capitalised > 0 && !t.ends_with(':')
}

fn is_all_caps(t: &str) -> bool {
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| !c.is_lowercase())
}

/// Where an open paragraph of body text started, to be split into clauses.
struct Para {
    start: usize,
    end: usize,
}

/// Segments a document into sections and clauses.
pub fn segment(doc: &Document) -> Segmented {
    let text = &doc.text;
    let mut out = Segmented::default();
    // The open sections, innermost last, with their numbering style.
    let mut stack: Vec<(usize, Option<Style>)> = Vec::new();
    let mut para: Option<Para> = None;

    let mut offset = 0;
    for raw_line in text.split_inclusive(['\n', '\x0c']) {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\x0c', '\r']);
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        let content_start = line_start + lead;
        let content_end = content_start + trimmed.len();
        if trimmed.is_empty() {
            flush(doc, &mut out, &stack, para.take());
            continue;
        }
        let markdown_heading = trimmed.starts_with('#');
        let body = trimmed.trim_start_matches('#').trim_start();
        let body_offset = content_end - body.len();

        if let Some(n) = parse_numbered(body) {
            flush(doc, &mut out, &stack, para.take());
            let level = level_for(&mut stack, n.style, &out.sections);
            let rest = n.rest.trim();
            let heading_here = !rest.is_empty() && looks_like_heading(rest);
            let heading = if heading_here {
                Some(rest.trim_end_matches(['.', ':']).to_string())
            } else {
                None
            };
            open_section(
                doc,
                &mut out,
                &mut stack,
                level,
                Some(n.number),
                heading,
                n.style,
                body_offset,
            );
            if !heading_here && !rest.is_empty() {
                let rest_start = content_end - rest.len();
                para = Some(Para {
                    start: rest_start,
                    end: content_end,
                });
            }
            continue;
        }
        if markdown_heading || (looks_like_heading(body) && para.is_none()) {
            flush(doc, &mut out, &stack, para.take());
            // An unnumbered heading titles the innermost numbered section when
            // that section has no heading yet; otherwise it opens a section
            // one level below the innermost named or dotted part.
            if let Some(&(idx, _)) = stack.last()
                && out.sections[idx].heading.is_none()
                && out.clauses.last().is_none_or(|c| c.section != Some(idx))
            {
                out.sections[idx].heading = Some(body.trim_end_matches([':', '.']).to_string());
                continue;
            }
            while stack.last().is_some_and(|(_, s)| {
                matches!(
                    s,
                    None | Some(
                        Style::Arabic
                            | Style::Upper
                            | Style::Lower
                            | Style::ParenArabic
                            | Style::ParenLower
                            | Style::Roman
                    )
                )
            }) {
                stack.pop();
            }
            let level = stack.len();
            let heading = body.trim_end_matches([':', '.']).to_string();
            open_section_plain(doc, &mut out, &mut stack, level, heading, body_offset);
            continue;
        }
        match &mut para {
            Some(p) => p.end = content_end,
            None => {
                para = Some(Para {
                    start: body_offset,
                    end: content_end,
                })
            }
        }
    }
    flush(doc, &mut out, &stack, para.take());
    let text_end = text.len();
    for i in 0..out.sections.len() {
        if out.sections[i].span.end == 0 {
            out.sections[i].span.end = text_end;
            out.sections[i].page_end = doc.page_at(text_end.saturating_sub(1));
        }
    }
    out
}

/// Decides the nesting level for a new numbered line and trims the stack.
fn level_for(stack: &mut Vec<(usize, Option<Style>)>, style: Style, sections: &[Section]) -> usize {
    let _ = sections;
    // The same style seen before closes everything down to it.
    if let Some(pos) = stack.iter().rposition(|(_, s)| match (s, style) {
        (Some(Style::Dotted(a)), Style::Dotted(b)) => *a >= b,
        (Some(Style::Named), Style::Dotted(_)) => false,
        (Some(a), b) => *a == b,
        (None, _) => false,
    }) {
        stack.truncate(pos);
    } else if let Style::Dotted(_) | Style::Named = style {
        // A dotted number after letters and lists goes back up to the last
        // dotted or named part.
        while stack
            .last()
            .is_some_and(|(_, s)| !matches!(s, Some(Style::Dotted(_)) | Some(Style::Named) | None))
        {
            stack.pop();
        }
        // Unnumbered headings above a new dotted/named part close too.
        while stack.last().is_some_and(|(_, s)| s.is_none()) {
            stack.pop();
        }
    }
    stack.len()
}

#[allow(clippy::too_many_arguments)]
fn open_section(
    doc: &Document,
    out: &mut Segmented,
    stack: &mut Vec<(usize, Option<Style>)>,
    level: usize,
    number: Option<String>,
    heading: Option<String>,
    style: Style,
    start: usize,
) {
    close_from(doc, out, stack, level, start);
    let parent = stack.last().map(|(i, _)| *i);
    let citation = citation_for(out, parent, number.as_deref());
    let page = doc.page_at(start);
    out.sections.push(Section {
        number,
        heading,
        level,
        parent,
        citation,
        span: Span {
            page,
            start,
            end: 0,
        },
        page_start: page,
        page_end: page,
    });
    stack.push((out.sections.len() - 1, Some(style)));
}

fn open_section_plain(
    doc: &Document,
    out: &mut Segmented,
    stack: &mut Vec<(usize, Option<Style>)>,
    level: usize,
    heading: String,
    start: usize,
) {
    close_from(doc, out, stack, level, start);
    let parent = stack.last().map(|(i, _)| *i);
    let citation = parent.map_or(String::new(), |p| out.sections[p].citation.clone());
    let page = doc.page_at(start);
    out.sections.push(Section {
        number: None,
        heading: Some(heading),
        level,
        parent,
        citation,
        span: Span {
            page,
            start,
            end: 0,
        },
        page_start: page,
        page_end: page,
    });
    stack.push((out.sections.len() - 1, None));
}

/// Closes the sections at `level` and deeper, ending them at `at`.
fn close_from(
    doc: &Document,
    out: &mut Segmented,
    stack: &mut Vec<(usize, Option<Style>)>,
    level: usize,
    at: usize,
) {
    while stack.len() > level {
        let (idx, _) = stack.pop().expect("non-empty");
        out.sections[idx].span.end = at;
        out.sections[idx].page_end = doc.page_at(at.saturating_sub(1));
    }
}

fn citation_for(out: &Segmented, parent: Option<usize>, number: Option<&str>) -> String {
    let own = number.unwrap_or("").trim_end_matches('.').to_string();
    // A dotted number ("428.4") is a full citation by itself.
    if own.contains(['.', '-']) && own.starts_with(|c: char| c.is_ascii_digit()) {
        return own;
    }
    let Some(p) = parent else { return own };
    let base = &out.sections[p].citation;
    if base.is_empty() {
        return own;
    }
    // A dotted number already carries its parents ("428.4" under "428").
    if let Some(par_num) = &out.sections[p].number
        && own.starts_with(par_num.trim_end_matches('.'))
    {
        return own;
    }
    if own.starts_with('(') || base.ends_with(')') && own.starts_with('(') {
        format!("{base}{own}")
    } else if own.is_empty() {
        base.clone()
    } else {
        format!("{base}.{own}")
    }
}

fn flush(
    doc: &Document,
    out: &mut Segmented,
    stack: &[(usize, Option<Style>)],
    para: Option<Para>,
) {
    let Some(p) = para else { return };
    let section = stack.last().map(|(i, _)| *i);
    let citation = section.and_then(|i| {
        let c = &out.sections[i].citation;
        (!c.is_empty()).then(|| c.clone())
    });
    let headings = headings_for(out, section);
    for (s, e) in split_sentences(&doc.text[p.start..p.end]) {
        let start = p.start + s;
        let end = p.start + e;
        let text = collapse(&doc.text[start..end]);
        if text.is_empty() {
            continue;
        }
        let id = ClauseId(out.clauses.len());
        out.clauses.push(Clause {
            id,
            text,
            span: Span {
                page: doc.page_at(start),
                start,
                end,
            },
            section,
            citation: citation.clone(),
            headings: headings.clone(),
        });
    }
}

fn headings_for(out: &Segmented, mut section: Option<usize>) -> Vec<String> {
    let mut hs = Vec::new();
    let mut guard = 0;
    while let Some(i) = section {
        guard += 1;
        if guard > 64 {
            break;
        }
        if let Some(h) = &out.sections[i].heading {
            hs.push(h.clone());
        }
        section = out.sections[i].parent;
    }
    hs.reverse();
    hs
}

/// Joins a multi-line span into one line: line-end hyphens between letters
/// are removed, other line breaks become spaces, spaces are collapsed.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        if c == '-'
            && out.chars().last().is_some_and(|p| p.is_alphabetic())
            && chars.peek() == Some(&'\n')
        {
            // Skip the newline and any indentation; join the word.
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            if chars.peek().is_some_and(|c| c.is_lowercase()) {
                continue;
            }
            out.push('-');
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceKind;

    fn doc(text: &str) -> Document {
        Document::from_pages("t", SourceKind::Text, &[text.to_string()])
    }

    #[test]
    fn lexipol_sections_nest_and_cite() {
        let d = doc(
            "Policy 428\nIMMIGRATION VIOLATIONS\n\n428.1 PURPOSE AND SCOPE\nThis policy guides members.\n\n428.4 DETAINERS\n(a) Members shall not honor a detainer. It is void.\n(b) Members shall not ask.\n",
        );
        let s = segment(&d);
        let c = s
            .clauses
            .iter()
            .find(|c| c.text == "Members shall not ask.")
            .unwrap();
        assert_eq!(c.citation.as_deref(), Some("428.4(b)"));
        assert!(c.headings.iter().any(|h| h == "DETAINERS"));
        let first = s
            .clauses
            .iter()
            .find(|c| c.text.starts_with("Members shall not honor"))
            .unwrap();
        assert_eq!(first.citation.as_deref(), Some("428.4(a)"));
    }

    #[test]
    fn collapse_joins_hyphenated_words() {
        assert_eq!(collapse("immi-\n  gration  status"), "immigration status");
        assert_eq!(collapse("Anti-\nSanctuary"), "Anti-Sanctuary");
    }
}

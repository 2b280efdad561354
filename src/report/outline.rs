//! The outline of a document as a table of contents: one line per titled
//! section, indented by nesting, with its citation and pages.
//!
//! A pure function of the sections that segmentation found; list items
//! without a title (`(a)`, `1.`) are left out unless [`render_all`] is used.

use crate::model::Section;
use std::fmt::Write;

/// Width the dot leaders fill up to.
const WIDTH: usize = 78;
/// Longest heading shown; longer ones are cut with an ellipsis.
const MAX_HEADING: usize = 90;

/// Renders the titled sections (and the untitled parts that contain them)
/// as an indented table of contents.
pub fn render(sections: &[Section]) -> String {
    let mut keep = vec![false; sections.len()];
    // Sections come parent first, so walking backwards marks every ancestor
    // of a titled section before the ancestor itself is visited.
    for i in (0..sections.len()).rev() {
        if sections[i].heading.is_some() {
            keep[i] = true;
        }
        if keep[i]
            && let Some(p) = sections[i].parent.filter(|&p| p < i)
        {
            keep[p] = true;
        }
    }
    render_kept(sections, &keep)
}

/// Renders every section, list items included.
pub fn render_all(sections: &[Section]) -> String {
    render_kept(sections, &vec![true; sections.len()])
}

fn render_kept(sections: &[Section], keep: &[bool]) -> String {
    let mut depth = vec![0usize; sections.len()];
    let mut out = String::new();
    for (i, s) in sections.iter().enumerate() {
        let parent = s.parent.filter(|&p| p < i);
        depth[i] = parent.map_or(0, |p| depth[p] + usize::from(keep[p]));
        if !keep[i] {
            continue;
        }
        let mut left = "  ".repeat(depth[i].min(12));
        let label = if s.number.is_some() && !s.citation.is_empty() {
            clean(&s.citation, MAX_HEADING)
        } else {
            s.number
                .as_deref()
                .map(|n| clean(n, 40))
                .unwrap_or_default()
        };
        left.push_str(&label);
        if let Some(h) = &s.heading {
            if !label.is_empty() {
                left.push_str("  ");
            }
            left.push_str(&clean(h, MAX_HEADING));
        }
        let pages = if s.page_end > s.page_start {
            format!("pp. {}-{}", s.page_start, s.page_end)
        } else {
            format!("p. {}", s.page_start)
        };
        let used = left.chars().count() + pages.len() + 2;
        if used < WIDTH {
            let _ = writeln!(out, "{left} {} {pages}", ".".repeat(WIDTH - used));
        } else {
            let _ = writeln!(out, "{left}  {pages}");
        }
    }
    out
}

/// Policy text made safe for a terminal: control characters become spaces,
/// runs of space collapse, and long text is cut.
fn clean(t: &str, max: usize) -> String {
    let mut out = String::new();
    for w in t.split(|c: char| c.is_whitespace() || c.is_control()) {
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.chars().count() > max {
        let cut: String = out.chars().take(max.saturating_sub(1)).collect();
        return cut.trim_end().to_string() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn sec(
        number: Option<&str>,
        heading: Option<&str>,
        parent: Option<usize>,
        pages: (u32, u32),
    ) -> Section {
        Section {
            number: number.map(Into::into),
            heading: heading.map(Into::into),
            level: 0,
            parent,
            citation: number.unwrap_or("").into(),
            span: Span {
                page: pages.0,
                start: 0,
                end: 0,
            },
            page_start: pages.0,
            page_end: pages.1,
        }
    }

    #[test]
    fn indents_titled_sections_and_leaves_out_bare_items() {
        let sections = vec![
            sec(
                Some("Policy 428"),
                Some("Immigration Violations"),
                None,
                (3, 5),
            ),
            sec(Some("428.4"), Some("DETAINERS"), Some(0), (4, 4)),
            sec(Some("(a)"), None, Some(1), (4, 4)),
        ];
        let out = render(&sections);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("Policy 428  Immigration Violations ."));
        assert!(lines[0].ends_with(" pp. 3-5"));
        assert!(lines[1].starts_with("  428.4  DETAINERS ."));
        assert!(lines[1].ends_with(" p. 4"));
        assert_eq!(render_all(&sections).lines().count(), 3);
    }

    #[test]
    fn untitled_parent_of_a_titled_part_is_kept() {
        let sections = vec![
            sec(Some("Policy 9"), None, None, (1, 2)),
            sec(Some("9.1"), Some("PURPOSE"), Some(0), (1, 1)),
        ];
        let out = render(&sections);
        assert!(out.lines().next().unwrap().starts_with("Policy 9 ."));
        assert!(out.lines().nth(1).unwrap().starts_with("  9.1  PURPOSE"));
    }

    #[test]
    fn control_characters_in_headings_do_not_reach_the_terminal() {
        let sections = vec![sec(Some("1"), Some("Evil\x1b[31m title\x07"), None, (1, 1))];
        let out = render(&sections);
        assert!(!out.contains('\x1b'));
        assert!(!out.contains('\x07'));
        assert!(out.contains("Evil [31m title"));
    }
}

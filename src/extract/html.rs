//! Web pages: HTML bytes → one page of text, the main content only.
//!
//! A page saved from a municipal-code site carries menus, cookie notices
//! and footers around the ordinance. The document is parsed by a real HTML5
//! parser; the text is taken from `<main>` (or the one `<article>`, else
//! the body), site chrome and scripts are left out, struck text
//! (`<del>`, `<s>`, `<strike>`) is dropped and inserted text kept. Headings
//! become Markdown-style heading lines and ordered lists get their numbers
//! written out, so sections and list items come out as they do from a PDF.

use super::{ExtractError, RawPages};
use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

/// Deepest nesting of elements read; real pages stay far below it.
pub const MAX_DEPTH: usize = 512;

/// Elements whose content is never the policy's text.
const DROPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "textarea", "iframe", "object", "embed", "svg", "canvas", "menu", "dialog",
    // Struck text in bill markup is deleted.
    "del", "s", "strike",
];

/// Landmark roles of site chrome.
const DROPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
];

/// Words in an `id` or `class` that mark site chrome.
const CHROME_WORDS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "navbar",
    "nav",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "footer",
    "header",
    "masthead",
    "skip",
    "share",
    "social",
    "banner",
    "toolbar",
];

/// Elements that start and end a line of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "address",
    "center",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "hr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "caption",
    "ul",
    "ol",
    "li",
    "body",
    "fieldset",
    "legend",
    "details",
    "summary",
];

/// Reads a web page's main text as one page.
pub fn pages(bytes: &[u8]) -> Result<RawPages, ExtractError> {
    let text = decode(bytes);
    // The parser's cost grows with the square of the nesting depth (100,000
    // nested elements take minutes), so depth is estimated before parsing.
    if estimated_depth(&text, 4 * MAX_DEPTH) > 4 * MAX_DEPTH {
        return Err(too_deep());
    }
    let html = Html::parse_document(&text);
    let root = main_content(&html);
    let mut w = Writer::default();
    let mut depth = 0usize;
    // Where a dropped element began: everything until it closes is skipped.
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                let Node::Element(el) = node.value() else {
                    if skipping.is_none()
                        && let Node::Text(t) = node.value()
                    {
                        w.text(t);
                    }
                    continue;
                };
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep());
                }
                if skipping.is_some() {
                    continue;
                }
                if node.id() != root.id() && is_chrome(el) {
                    skipping = Some(node.id());
                    continue;
                }
                w.open(el);
            }
            Edge::Close(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                depth -= 1;
                match skipping {
                    Some(id) if id == node.id() => skipping = None,
                    Some(_) => {}
                    None => w.close(el),
                }
            }
        }
    }
    let out = w.finish();
    super::text::check_lines(&out)?;
    Ok(RawPages {
        pages: vec![out],
        ..RawPages::default()
    })
}

fn too_deep() -> ExtractError {
    ExtractError::Html(format!("its elements nest more than {MAX_DEPTH} deep"))
}

/// Elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements that a start tag of their own kind closes (`<p>a<p>b`).
const SELF_CLOSING_SIBLINGS: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
];

/// How deep the page's elements nest, read from its tags alone and stopping
/// once past `stop`. Tags a browser closes on its own (a `<p>` before the
/// next `<p>`) are closed here too, so the estimate stays close to what the
/// parser builds; it runs in time linear in the page's length.
fn estimated_depth(text: &str, stop: usize) -> usize {
    let b = text.as_bytes();
    let mut stack: Vec<&str> = Vec::new();
    let mut deepest = 0;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &b[i..]) {
        i += at + 1;
        if b[i..].starts_with(b"!--") {
            i = memchr::memmem::find(&b[i..], b"-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = b[start..]
            .iter()
            .position(|c| !c.is_ascii_alphanumeric())
            .unwrap_or(b.len() - start);
        if len == 0 {
            continue;
        }
        let name = &text[start..start + len];
        let end = tag_end(b, start + len);
        let self_closed = end >= 2 && b[end - 2] == b'/';
        i = end;
        let lower = name.to_ascii_lowercase();
        if closing {
            if let Some(k) = stack.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                stack.truncate(k);
            }
            continue;
        }
        if VOID.contains(&lower.as_str()) || self_closed {
            continue;
        }
        if matches!(lower.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{lower}");
            i = find_ignoring_case(&b[i..], close.as_bytes()).map_or(b.len(), |e| i + e);
            continue;
        }
        let closes_top = |top: &str| {
            (SELF_CLOSING_SIBLINGS.contains(&lower.as_str()) && top.eq_ignore_ascii_case(name))
                // A block closes the paragraph it starts in.
                || (top.eq_ignore_ascii_case("p")
                    && (BLOCKS.contains(&lower.as_str()) || is_heading(&lower)))
        };
        if stack.last().is_some_and(|top| closes_top(top)) {
            stack.pop();
        }
        stack.push(name);
        deepest = deepest.max(stack.len());
        if deepest > stop {
            break;
        }
    }
    deepest
}

/// Where a tag that began before `from` ends (just past its `>`), with
/// quoted attribute values skipped.
fn tag_end(b: &[u8], mut from: usize) -> usize {
    let mut quote = None;
    while from < b.len() {
        match (b[from], quote) {
            (q @ (b'"' | b'\''), None) => quote = Some(q),
            (c, Some(q)) if c == q => quote = None,
            (b'>', None) => return from + 1,
            _ => {}
        }
        from += 1;
    }
    b.len()
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn find_ignoring_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The page's text: a byte-order mark or a `<meta charset>` near the start
/// names its encoding; without one, UTF-8 when it is valid, else the
/// Windows Latin encoding older sites were written in.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    if let Some(enc) = declared_charset(&bytes[..bytes.len().min(2048)]) {
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The encoding a `charset=` near the start of the page names.
fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = head.to_ascii_lowercase();
    let at = memchr::memmem::find(&lower, b"charset=")? + 8;
    let rest = &lower[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
        .unwrap_or(rest.len());
    let enc = encoding_rs::Encoding::for_label(&rest[..end])?;
    // A page that names UTF-16 in its text cannot be UTF-16 (the parser
    // read it as ASCII); HTML's rule is to read it as UTF-8.
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        },
    )
}

/// Where the policy is: `<main>` or an element with the main role, else
/// the page's only `<article>`, else the body.
fn main_content(html: &Html) -> ElementRef<'_> {
    let root = html.root_element();
    let elements = || root.descendent_elements().take(200_000);
    if let Some(m) = elements()
        .find(|e| e.value().name() == "main" || e.value().attr("role").is_some_and(|r| r == "main"))
    {
        return m;
    }
    let mut articles = elements().filter(|e| e.value().name() == "article");
    if let (Some(a), None) = (articles.next(), articles.next()) {
        return a;
    }
    elements()
        .find(|e| e.value().name() == "body")
        .unwrap_or(root)
}

/// Whether an element is site chrome, hidden, or struck text.
fn is_chrome(el: &scraper::node::Element) -> bool {
    if DROPPED.contains(&el.name()) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden").is_some_and(|v| v == "true") {
        return true;
    }
    if el.attr("role").is_some_and(|r| DROPPED_ROLES.contains(&r)) {
        return true;
    }
    if el.attr("style").is_some_and(|s| {
        let s: String = s
            .split_whitespace()
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    }) {
        return true;
    }
    // Words in a class name mark containers of chrome, never the policy's
    // own headings, paragraphs, lists and tables ("section-header").
    if matches!(
        el.name(),
        "h1" | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "p"
            | "ol"
            | "li"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "article"
            | "main"
    ) {
        return false;
    }
    let marked = |v: &str| {
        v.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| CHROME_WORDS.contains(&w.to_ascii_lowercase().as_str()))
    };
    el.attr("id").is_some_and(marked) || el.attr("class").is_some_and(marked)
}

/// One open list: whether it is numbered, its next number and its style.
struct List {
    ordered: bool,
    next: i64,
    style: char,
}

/// Builds the text: one line per block, a blank line between paragraphs,
/// white space inside a block collapsed as a browser shows it.
#[derive(Default)]
struct Writer {
    out: String,
    line: String,
    space: bool,
    pre: usize,
    lists: Vec<List>,
    cells: usize,
}

impl Writer {
    fn text(&mut self, t: &str) {
        if self.pre > 0 {
            for (i, part) in t.split('\n').enumerate() {
                if i > 0 {
                    self.end_line();
                }
                self.line.push_str(part);
            }
            return;
        }
        for (i, word) in t.split_ascii_whitespace().enumerate() {
            let gap = i > 0 || t.starts_with(|c: char| c.is_ascii_whitespace());
            if (gap || self.space) && !self.line.is_empty() && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
            self.space = false;
            self.line.push_str(word);
        }
        if t.ends_with(|c: char| c.is_ascii_whitespace()) {
            self.space = true;
        }
    }

    fn end_line(&mut self) {
        let line = self.line.trim_end();
        if !line.trim().is_empty() {
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.line.clear();
        self.space = false;
    }

    /// Ends the line and leaves a blank line after it.
    fn end_paragraph(&mut self) {
        self.end_line();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn open(&mut self, el: &scraper::node::Element) {
        let name = el.name();
        match name {
            "br" => self.end_line(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.end_paragraph();
                let level = usize::from(name.as_bytes()[1] - b'0');
                self.line.push_str(&"#".repeat(level));
                self.line.push(' ');
            }
            "pre" => {
                self.end_paragraph();
                self.pre += 1;
            }
            "ol" | "ul" => {
                self.end_paragraph();
                let ordered = name == "ol";
                let style = el
                    .attr("type")
                    .and_then(|t| t.chars().next())
                    .filter(|c| "1aAiI".contains(*c))
                    .unwrap_or('1');
                let hidden = el.attr("style").is_some_and(|s| {
                    s.split_whitespace()
                        .collect::<String>()
                        .to_ascii_lowercase()
                        .contains("list-style-type:none")
                        || s.replace(' ', "")
                            .to_ascii_lowercase()
                            .contains("list-style:none")
                });
                let next = el
                    .attr("start")
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .unwrap_or(1);
                self.lists.push(List {
                    ordered,
                    next,
                    style: if hidden { ' ' } else { style },
                });
            }
            "li" => {
                self.end_paragraph();
                if let Some(list) = self.lists.last_mut() {
                    if let Some(v) = el.attr("value").and_then(|v| v.trim().parse().ok()) {
                        list.next = v;
                    }
                    if list.ordered && list.style != ' ' {
                        self.line.push_str(&list_label(list.next, list.style));
                        self.line.push(' ');
                    } else if !list.ordered {
                        self.line.push_str("- ");
                    }
                    list.next = list.next.saturating_add(1);
                }
            }
            "tr" => {
                self.end_line();
                self.cells = 0;
            }
            "td" | "th" => {
                if self.cells > 0 {
                    self.line.push_str(" | ");
                }
                self.cells += 1;
                self.space = false;
            }
            _ if BLOCKS.contains(&name) => self.end_paragraph(),
            _ => {}
        }
    }

    fn close(&mut self, el: &scraper::node::Element) {
        let name = el.name();
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                // A heading with no words leaves no heading marker.
                if self.line.trim_end().trim_end_matches('#').is_empty() {
                    self.line.clear();
                }
                self.end_paragraph();
            }
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.end_paragraph();
            }
            "ol" | "ul" => {
                self.lists.pop();
                self.end_paragraph();
            }
            "tr" => self.end_paragraph(),
            _ if BLOCKS.contains(&name) => self.end_paragraph(),
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        self.end_line();
        self.out.trim_end().to_string() + "\n"
    }
}

/// A list item's number as a browser shows it: "3.", "c.", "iii.".
fn list_label(n: i64, style: char) -> String {
    let body = match style {
        'a' | 'A' if (1..=26 * 27).contains(&n) => {
            let mut s = String::new();
            let mut k = n;
            while k > 0 {
                k -= 1;
                s.insert(0, (b'a' + (k % 26) as u8) as char);
                k /= 26;
            }
            if style == 'A' { s.to_uppercase() } else { s }
        }
        'i' | 'I' if (1..4000).contains(&n) => {
            let r = roman(n as u32);
            if style == 'I' { r.to_uppercase() } else { r }
        }
        _ => n.to_string(),
    };
    format!("{body}.")
}

/// A number in lower-case Roman numerals (1–3999).
pub(crate) fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, d) in DIGITS {
        while n >= v {
            s.push_str(d);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        pages(html.as_bytes()).unwrap().pages.remove(0)
    }

    #[test]
    fn site_chrome_is_left_out_and_main_content_kept() {
        let t = text(
            "<html><head><title>Code</title><script>var x = 1;</script></head><body>\
             <header><nav><a href=/>Home</a> <a>Police</a></nav></header>\
             <div id=cookie-notice>We use cookies.</div>\
             <main><h2>415.4 Detainers</h2><p>Officers shall&nbsp;not   hold\n anyone.</p></main>\
             <aside>Related links</aside><footer>&copy; Town of Alder Falls</footer></body></html>",
        );
        assert_eq!(
            t,
            "## 415.4 Detainers\n\nOfficers shall\u{a0}not hold anyone.\n"
        );
    }

    #[test]
    fn without_main_the_body_is_read_less_its_chrome() {
        let t = text(
            "<body><div class='site-header'>Menu</div><div class=content>\
             <p>Staff shall not ask.</p><div role=navigation>Next</div></div></body>",
        );
        assert_eq!(t, "Staff shall not ask.\n");
    }

    #[test]
    fn a_heading_whose_class_names_a_header_is_kept() {
        let t = text(
            "<main><h2 class=section-header>428.4 Inquiries</h2>\
             <div class=page-footer>Page 3</div><p class=nav-note>Staff shall not ask.</p></main>",
        );
        assert_eq!(t, "## 428.4 Inquiries\n\nStaff shall not ask.\n");
    }

    #[test]
    fn struck_text_is_dropped_and_inserted_text_kept() {
        let t = text(
            "<p>Officers <del>may</del><ins>shall not</ins> <s>honor</s> \
             <strike>every</strike><u>detain on</u> a detainer.</p>",
        );
        assert_eq!(t, "Officers shall not detain on a detainer.\n");
    }

    #[test]
    fn ordered_lists_get_their_numbers_in_their_style() {
        let t = text(
            "<p>No officer shall:</p><ol type=a><li>ask about status;</li>\
             <li>hold anyone<ol type=i start=2><li>on a detainer;</li><li>for ICE.</li></ol></li></ol>\
             <ul><li>A bullet.</li></ul>",
        );
        assert_eq!(
            t,
            "No officer shall:\n\na. ask about status;\n\nb. hold anyone\n\nii. on a detainer;\n\n\
             iii. for ICE.\n\n- A bullet.\n"
        );
    }

    #[test]
    fn table_rows_become_lines() {
        let t = text(
            "<table><tr><th>Form</th><th>Use</th></tr><tr><td>I-247</td><td>Not honored</td></tr></table>",
        );
        assert_eq!(t, "Form | Use\n\nI-247 | Not honored\n");
    }

    #[test]
    fn a_declared_legacy_encoding_is_decoded() {
        let bytes = b"<meta charset=windows-1252><p>\x93ask\x94 caf\xe9</p>";
        let t = pages(bytes).unwrap().pages.remove(0);
        assert_eq!(t, "\u{201c}ask\u{201d} caf\u{e9}\n");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused() {
        let deep = "<div>".repeat(MAX_DEPTH + 10);
        match pages(deep.as_bytes()) {
            Err(e @ ExtractError::Html(_)) => assert!(e.to_string().contains("nest"), "{e}"),
            other => panic!("unexpected {other:?}"),
        }
        assert!(pages("<div>".repeat(100).as_bytes()).is_ok());
        // Found before parsing, in time linear in the page.
        let start = std::time::Instant::now();
        let huge = "<div>".repeat(100_000);
        assert!(pages(huge.as_bytes()).is_err());
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn paragraphs_and_items_left_open_do_not_count_as_nesting() {
        let page = "<p>one".repeat(5000) + &"<ul><li>a<li>b</ul>".repeat(5000);
        assert!(estimated_depth(&page, 10_000) <= 2);
        assert_eq!(
            estimated_depth(
                "<div><!-- <div><div> --><script>if (a<b) {}</script></div>",
                9
            ),
            1
        );
    }
}

//! Word files: `.docx` bytes → pages of text.
//!
//! A `.docx` file is a zip archive of XML parts. The body
//! (`word/document.xml`) is read as a stream: paragraphs become lines,
//! paragraphs whose style is a heading become Markdown-style heading lines,
//! table rows become lines with their cells joined, and tracked deletions
//! are dropped. Word stores list numbers ("415.4", "(a)") as numbering
//! definitions (`word/numbering.xml`), not as characters; they are counted
//! and written into the text as Word shows them. Page breaks Word recorded
//! start new pages. Every part is unpacked under a size limit, so a zip
//! bomb fails with one line.

use super::{ExtractError, RawPages};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// Largest unpacked size of one XML part.
pub const MAX_PART: u64 = 64 * 1024 * 1024;
/// Most entries an archive may list.
const MAX_ENTRIES: usize = 20_000;
/// Deepest nesting of XML elements read.
const MAX_DEPTH: usize = 256;
/// Most numbering definitions and styles kept.
const MAX_DEFINITIONS: usize = 50_000;

fn damaged(why: impl Into<String>) -> ExtractError {
    ExtractError::Docx(why.into())
}

/// Reads a Word file's text, split into pages where Word broke them.
pub fn pages(bytes: &[u8]) -> Result<RawPages, ExtractError> {
    if !bytes.starts_with(b"PK") {
        return Err(damaged(
            "it is not a .docx file (a .docx is a zip archive; an old .doc file is not read)",
        ));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| damaged(format!("the zip archive is damaged ({e})")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(damaged(format!(
            "the archive lists more than {MAX_ENTRIES} parts"
        )));
    }
    let body = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| damaged("it has no word/document.xml (is it really a Word file?)"))?;
    let styles = match part(&mut zip, "word/styles.xml")? {
        Some(xml) => read_styles(&xml)?,
        None => HashMap::new(),
    };
    let numbering = match part(&mut zip, "word/numbering.xml")? {
        Some(xml) => read_numbering(&xml)?,
        None => Numbering::default(),
    };
    let text = read_body(&body, &styles, &numbering)?;
    super::text::check_lines(&text)?;
    Ok(RawPages {
        pages: super::text::split_pages(&text),
        ..RawPages::default()
    })
}

/// One part of the archive as text, unpacked under [`MAX_PART`].
fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, ExtractError> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(damaged(format!("{name} cannot be unpacked ({e})"))),
    };
    let mut bytes = Vec::new();
    entry
        .take(MAX_PART + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| damaged(format!("{name} cannot be unpacked ({e})")))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(ExtractError::ZipBomb {
            part: name.to_string(),
            limit: super::size_words(MAX_PART),
        });
    }
    let text = super::text::decode(&bytes)
        .map_err(|_| damaged(format!("{name} is not UTF-8 or UTF-16 text")))?;
    Ok(Some(text.into_owned()))
}

/// The local part of an element or attribute name: `w:p` → `p`.
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// An attribute's value by its local name (`w:val` → `val`).
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|a| local(a.key.as_ref()) == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Steps through an XML part's events under the depth limit, handing each
/// start (or empty) element and each piece of text to `on`.
fn walk(xml: &str, part: &str, mut on: impl FnMut(Step<'_, '_>)) -> Result<(), ExtractError> {
    let mut reader = Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| damaged(format!("{part} is not well-formed XML ({e})")))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(damaged(format!(
                        "{part} nests its elements more than {MAX_DEPTH} deep"
                    )));
                }
                on(Step::Open(&e, false));
            }
            Event::Empty(e) => on(Step::Open(&e, true)),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                on(Step::Close(local(e.name().as_ref())));
            }
            Event::Text(t) => on(Step::Text(&t.xml10_content())),
            Event::CData(t) => on(Step::Text(&t)),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&r)
                        .unwrap_or_default()
                        .to_string(),
                };
                on(Step::Text(&c));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// One event of [`walk`].
enum Step<'a, 'e> {
    /// An element opens; `true` when it is empty (closes at once).
    Open(&'a BytesStart<'e>, bool),
    Close(&'a str),
    Text(&'a str),
}

/// What a paragraph style says: its heading level, and a list it numbers.
#[derive(Debug, Clone, Default)]
struct Style {
    level: Option<usize>,
    num: Option<(String, usize)>,
    based_on: Option<String>,
}

/// Paragraph styles by id, with what they inherit folded in.
fn read_styles(xml: &str) -> Result<HashMap<String, Style>, ExtractError> {
    let mut styles: HashMap<String, Style> = HashMap::new();
    let mut current: Option<(String, Style)> = None;
    walk(xml, "word/styles.xml", |step| match step {
        Step::Open(e, empty) => {
            let name = e.name();
            match local(name.as_ref()) {
                "style" if !empty => {
                    let paragraph = attr(e, "type").is_none_or(|t| t == "paragraph");
                    current = attr(e, "styleId")
                        .filter(|_| paragraph && styles.len() < MAX_DEFINITIONS)
                        .map(|id| (id, Style::default()));
                }
                "name" => {
                    if let (Some((_, s)), Some(n)) = (current.as_mut(), attr(e, "val")) {
                        let n = n.to_ascii_lowercase();
                        if n == "title" {
                            s.level.get_or_insert(1);
                        } else if let Some(l) = n
                            .strip_prefix("heading ")
                            .and_then(|l| l.trim().parse::<usize>().ok())
                        {
                            s.level.get_or_insert(l.clamp(1, 6));
                        }
                    }
                }
                "outlineLvl" => {
                    if let (Some((_, s)), Some(l)) = (
                        current.as_mut(),
                        attr(e, "val").and_then(|v| v.parse::<usize>().ok()),
                    ) && l < 9
                    {
                        s.level = Some((l + 1).min(6));
                    }
                }
                "basedOn" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.based_on = attr(e, "val");
                    }
                }
                "numId" => {
                    if let (Some((_, s)), Some(id)) = (current.as_mut(), attr(e, "val")) {
                        let ilvl = s.num.as_ref().map_or(0, |n| n.1);
                        s.num = Some((id, ilvl));
                    }
                }
                "ilvl" => {
                    if let (Some((_, s)), Some(l)) = (
                        current.as_mut(),
                        attr(e, "val").and_then(|v| v.parse::<usize>().ok()),
                    ) {
                        let id = s.num.take().map_or_else(String::new, |n| n.0);
                        s.num = Some((id, l.min(8)));
                    }
                }
                _ => {}
            }
        }
        Step::Close("style") => {
            if let Some((id, s)) = current.take() {
                styles.insert(id, s);
            }
        }
        _ => {}
    })?;
    // Fold in what each style inherits, following at most a few links.
    let ids: Vec<String> = styles.keys().cloned().collect();
    for id in ids {
        let mut s = styles[&id].clone();
        let mut parent = s.based_on.clone();
        for _ in 0..16 {
            let Some(p) = parent.as_ref().and_then(|p| styles.get(p)) else {
                break;
            };
            if s.level.is_none() {
                s.level = p.level;
            }
            if s.num.is_none() {
                s.num = p.num.clone();
            }
            parent = p.based_on.clone();
        }
        styles.insert(id, s);
    }
    Ok(styles)
}

/// One level of a list definition: where it starts, how a number is
/// written, and the text around the numbers ("%1.%2", "(%1)").
#[derive(Debug, Clone)]
struct Level {
    start: i64,
    format: String,
    text: String,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
        }
    }
}

/// The list definitions of `word/numbering.xml`.
#[derive(Debug, Default)]
struct Numbering {
    /// Abstract definitions by id, each level by index.
    abstracts: HashMap<String, HashMap<usize, Level>>,
    /// List instances: their definition and the starts they override.
    nums: HashMap<String, (String, HashMap<usize, i64>)>,
}

fn read_numbering(xml: &str) -> Result<Numbering, ExtractError> {
    let mut n = Numbering::default();
    let mut abstract_id: Option<String> = None;
    let mut level: Option<(usize, Level)> = None;
    let mut num: Option<(String, String, HashMap<usize, i64>)> = None;
    let mut override_level: Option<usize> = None;
    walk(xml, "word/numbering.xml", |step| match step {
        Step::Open(e, empty) => {
            let name = e.name();
            let val = || attr(e, "val");
            match local(name.as_ref()) {
                "abstractNum" if !empty => abstract_id = attr(e, "abstractNumId"),
                "lvl" if !empty && abstract_id.is_some() => {
                    level = attr(e, "ilvl")
                        .and_then(|l| l.parse::<usize>().ok())
                        .filter(|&l| l < 9)
                        .map(|l| (l, Level::default()));
                }
                "start" => {
                    if let (Some((_, l)), Some(v)) =
                        (level.as_mut(), val().and_then(|v| v.parse().ok()))
                    {
                        l.start = v;
                    }
                }
                "numFmt" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val()) {
                        l.format = v;
                    }
                }
                "lvlText" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val()) {
                        l.text = v;
                    }
                }
                "num" if !empty => {
                    num = attr(e, "numId").map(|id| (id, String::new(), HashMap::new()));
                }
                "abstractNumId" => {
                    if let (Some(num), Some(v)) = (num.as_mut(), val()) {
                        num.1 = v;
                    }
                }
                "lvlOverride" if !empty => {
                    override_level = attr(e, "ilvl").and_then(|l| l.parse().ok());
                }
                "startOverride" => {
                    if let (Some(num), Some(l), Some(v)) = (
                        num.as_mut(),
                        override_level,
                        val().and_then(|v| v.parse().ok()),
                    ) {
                        num.2.insert(l, v);
                    }
                }
                _ => {}
            }
        }
        Step::Close("lvl") => {
            if let (Some(a), Some((i, l))) = (abstract_id.as_ref(), level.take())
                && n.abstracts.len() < MAX_DEFINITIONS
            {
                n.abstracts.entry(a.clone()).or_default().insert(i, l);
            }
        }
        Step::Close("abstractNum") => abstract_id = None,
        Step::Close("num") => {
            if let Some((id, a, starts)) = num.take()
                && n.nums.len() < MAX_DEFINITIONS
            {
                n.nums.insert(id, (a, starts));
            }
        }
        _ => {}
    })?;
    Ok(n)
}

/// The running counters of each list instance.
#[derive(Default)]
struct Counters {
    by_num: HashMap<String, [Option<i64>; 9]>,
}

impl Counters {
    /// The label of the next item at `ilvl` of list `num_id`, as Word
    /// shows it; `None` for a bullet or an unknown list.
    fn next(&mut self, numbering: &Numbering, num_id: &str, ilvl: usize) -> Option<String> {
        let (abstract_id, starts) = numbering.nums.get(num_id)?;
        let levels = numbering.abstracts.get(abstract_id)?;
        let start = |l: usize| {
            starts
                .get(&l)
                .copied()
                .or_else(|| levels.get(&l).map(|v| v.start))
                .unwrap_or(1)
        };
        let counts = self.by_num.entry(num_id.to_string()).or_default();
        counts[ilvl] = Some(counts[ilvl].map_or(start(ilvl), |c| c.saturating_add(1)));
        for deeper in counts.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        let level = levels.get(&ilvl)?;
        if level.format == "bullet" || level.format == "none" {
            return (level.format == "bullet").then(|| "-".to_string());
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d)) if (1..=9).contains(&d) => {
                    chars.next();
                    let l = d as usize - 1;
                    let count = counts[l].unwrap_or_else(|| start(l));
                    let format = levels.get(&l).map_or("decimal", |v| v.format.as_str());
                    label.push_str(&format_number(count, format));
                }
                _ => label.push(c),
            }
        }
        Some(label)
    }
}

/// A number in one of Word's number formats.
fn format_number(n: i64, format: &str) -> String {
    match format {
        "lowerLetter" | "upperLetter" if n >= 1 => {
            // Word repeats the letter past z: aa, bb, ...
            let k = (n - 1) % 26;
            let times = ((n - 1) / 26 + 1).min(10) as usize;
            let letter = (b'a' + k as u8) as char;
            let s = letter.to_string().repeat(times);
            if format == "upperLetter" {
                s.to_uppercase()
            } else {
                s
            }
        }
        "lowerRoman" | "upperRoman" if (1..4000).contains(&n) => {
            let s = super::html::roman(n as u32);
            if format == "upperRoman" {
                s.to_uppercase()
            } else {
                s
            }
        }
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        _ => n.to_string(),
    }
}

/// The state of the body as it is read.
#[derive(Default)]
struct Body {
    out: String,
    para: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    /// Inside a `<w:del>` or `<w:moveFrom>`: tracked deletions.
    deleted: usize,
    /// Inside the fallback of alternate content (a copy of the choice).
    fallback: usize,
    in_text: bool,
    in_ppr: bool,
    in_rpr: bool,
    hidden: bool,
    /// Table cells: the row's cells so far, when inside a row.
    row: Option<Vec<String>>,
    cell_depth: usize,
    page_break: bool,
}

fn read_body(
    xml: &str,
    styles: &HashMap<String, Style>,
    numbering: &Numbering,
) -> Result<String, ExtractError> {
    let mut b = Body::default();
    let mut counters = Counters::default();
    walk(xml, "word/document.xml", |step| match step {
        Step::Open(e, empty) => {
            let name = e.name();
            let name = local(name.as_ref());
            match name {
                "del" | "moveFrom" if !empty => b.deleted += 1,
                "Fallback" if !empty => b.fallback += 1,
                _ if b.deleted > 0 || b.fallback > 0 => {}
                "p" if !empty => {
                    b.para.clear();
                    b.style = None;
                    b.num_id = None;
                    b.ilvl = None;
                }
                "pPr" if !empty => b.in_ppr = true,
                "rPr" if !empty => b.in_rpr = true,
                "r" if !empty => b.hidden = false,
                "vanish" if b.in_rpr && !b.in_ppr => {
                    b.hidden = attr(e, "val").is_none_or(|v| v != "0" && v != "false");
                }
                "pStyle" if b.in_ppr => b.style = attr(e, "val"),
                "numId" if b.in_ppr => b.num_id = attr(e, "val"),
                "ilvl" if b.in_ppr => b.ilvl = attr(e, "val").and_then(|v| v.parse().ok()),
                "pageBreakBefore"
                    if b.in_ppr && attr(e, "val").is_none_or(|v| v != "0" && v != "false") =>
                {
                    b.page_break = true;
                }
                "t" if !empty && !b.in_ppr => b.in_text = true,
                "tab" if !b.in_ppr && !b.hidden => b.para.push('\t'),
                "br" | "cr" if !b.in_ppr && !b.hidden => {
                    if attr(e, "type").is_some_and(|t| t == "page") {
                        b.para.push('\x0c');
                    } else {
                        b.para.push('\n');
                    }
                }
                "lastRenderedPageBreak" => b.para.push('\x0c'),
                "noBreakHyphen" => b.para.push('-'),
                "tr" if !empty => b.row = Some(Vec::new()),
                "tc" if !empty => {
                    b.cell_depth += 1;
                    if let Some(row) = b.row.as_mut() {
                        row.push(String::new());
                    }
                }
                _ => {}
            }
        }
        Step::Close(name) => match name {
            "del" | "moveFrom" => b.deleted = b.deleted.saturating_sub(1),
            "Fallback" => b.fallback = b.fallback.saturating_sub(1),
            _ if b.deleted > 0 || b.fallback > 0 => {}
            "pPr" => b.in_ppr = false,
            "rPr" => b.in_rpr = false,
            "t" => b.in_text = false,
            "p" => end_paragraph(&mut b, styles, numbering, &mut counters),
            "tc" => b.cell_depth = b.cell_depth.saturating_sub(1),
            "tr" => {
                if let Some(row) = b.row.take() {
                    let cells: Vec<&str> = row
                        .iter()
                        .map(|c| c.trim())
                        .filter(|c| !c.is_empty())
                        .collect();
                    if !cells.is_empty() {
                        b.out.push_str(&cells.join(" | "));
                        b.out.push_str("\n\n");
                    }
                }
            }
            _ => {}
        },
        Step::Text(t) => {
            if b.in_text && b.deleted == 0 && b.fallback == 0 && !b.hidden {
                b.para.push_str(t);
            }
        }
    })?;
    Ok(b.out)
}

/// Writes the paragraph just read: its number, as a heading when its style
/// is one, or into the table cell it belongs to.
fn end_paragraph(
    b: &mut Body,
    styles: &HashMap<String, Style>,
    numbering: &Numbering,
    counters: &mut Counters,
) {
    let style = b.style.as_ref().and_then(|s| styles.get(s));
    let level = style.and_then(|s| s.level);
    let num = match (&b.num_id, style.and_then(|s| s.num.clone())) {
        (Some(id), _) => Some((id.clone(), b.ilvl.unwrap_or(0))),
        (None, Some((id, l))) => Some((id, b.ilvl.unwrap_or(l))),
        (None, None) => None,
    };
    let text = std::mem::take(&mut b.para);
    let label = num
        .filter(|(id, _)| id != "0")
        .and_then(|(id, l)| counters.next(numbering, &id, l.min(8)));
    // Word breaks pages where it last laid them out; a break before the
    // paragraph's first words belongs before the paragraph.
    let lead = text.len() - text.trim_start_matches('\x0c').len();
    let (breaks, text) = text.split_at(lead);
    if b.page_break || !breaks.is_empty() {
        b.out.push('\x0c');
        b.page_break = false;
    }
    if text.trim().is_empty() {
        return;
    }
    let mut line = String::new();
    if let Some(l) = level.filter(|_| b.row.is_none()) {
        line.push_str(&"#".repeat(l));
        line.push(' ');
    }
    if let Some(label) = label {
        line.push_str(&label);
        line.push(' ');
    }
    line.push_str(text.trim());
    if let Some(row) = b.row.as_mut().filter(|_| b.cell_depth > 0) {
        if let Some(cell) = row.last_mut() {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&line.replace(['\n', '\x0c'], " "));
        }
        return;
    }
    b.out.push_str(&line);
    b.out.push_str("\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A .docx archive holding the given parts.
    pub(crate) fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        buf.into_inner()
    }

    const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

    fn body(inner: &str) -> String {
        format!("<?xml version=\"1.0\"?><w:document {W}><w:body>{inner}</w:body></w:document>")
    }

    fn para(style: Option<&str>, num: Option<(u32, u32)>, text: &str) -> String {
        let mut ppr = String::new();
        if let Some(s) = style {
            ppr.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
        }
        if let Some((id, l)) = num {
            ppr.push_str(&format!(
                "<w:numPr><w:ilvl w:val=\"{l}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
            ));
        }
        format!(
            "<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
        )
    }

    const STYLES: &str = "<w:styles xmlns:w=\"x\"><w:style w:type=\"paragraph\" w:styleId=\"Heading2\">\
        <w:name w:val=\"heading 2\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Sub\">\
        <w:basedOn w:val=\"Heading2\"/></w:style></w:styles>";

    const NUMBERING: &str = "<w:numbering xmlns:w=\"x\"><w:abstractNum w:abstractNumId=\"7\">\
        <w:lvl w:ilvl=\"0\"><w:start w:val=\"3\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"415.%1\"/></w:lvl>\
        <w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%2)\"/></w:lvl>\
        </w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"7\"/></w:num></w:numbering>";

    #[test]
    fn headings_numbering_and_tracked_changes_come_out_as_word_shows_them() {
        let doc = body(&[
            para(Some("Heading2"), Some((1, 0)), "Detainers"),
            para(None, None, "No officer shall:"),
            para(None, Some((1, 1)), "hold anyone; &amp; or"),
            "<w:p><w:r><w:t>ask </w:t></w:r><w:del><w:r><w:delText>never</w:delText></w:r></w:del>\
             <w:ins><w:r><w:t>about status.</w:t></w:r></w:ins></w:p>"
                .to_string(),
            para(Some("Sub"), Some((1, 0)), "Access"),
            para(None, Some((1, 1)), "No interviews."),
        ]
        .concat());
        let bytes = docx(&[
            ("word/document.xml", &doc),
            ("word/styles.xml", STYLES),
            ("word/numbering.xml", NUMBERING),
        ]);
        let p = pages(&bytes).unwrap();
        assert_eq!(
            p.pages,
            [
                "## 415.3 Detainers\n\nNo officer shall:\n\n(a) hold anyone; & or\n\nask about status.\n\n\
              ## 415.4 Access\n\n(a) No interviews.\n\n"
            ]
        );
    }

    #[test]
    fn table_rows_are_lines_and_page_breaks_split_pages() {
        let doc = body(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Form</w:t></w:r></w:p></w:tc>\
             <w:tc><w:p><w:r><w:t>Not honored</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:p><w:r><w:br w:type=\"page\"/></w:r><w:r><w:t>Page two</w:t></w:r></w:p>",
        );
        let p = pages(&docx(&[("word/document.xml", &doc)])).unwrap();
        assert_eq!(p.pages, ["Form | Not honored\n\n", "Page two\n\n"]);
    }

    #[test]
    fn a_part_that_unpacks_past_the_limit_is_a_zip_bomb() {
        let huge = format!("{}{}", body(""), " ".repeat(MAX_PART as usize + 1));
        match pages(&docx(&[("word/document.xml", &huge)])) {
            Err(e) => assert!(e.to_string().contains("zip bomb"), "{e}"),
            Ok(_) => panic!("read past the limit"),
        }
    }

    #[test]
    fn not_a_zip_or_no_body_gets_a_clear_reason() {
        let e = pages(b"\xd0\xcf\x11\xe0 old doc").unwrap_err().to_string();
        assert!(e.contains("not a .docx"), "{e}");
        let e = pages(&docx(&[("x.xml", "<a/>")])).unwrap_err().to_string();
        assert!(e.contains("no word/document.xml"), "{e}");
    }
}

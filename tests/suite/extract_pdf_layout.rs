//! Reading order within a line on PDFs built here with lopdf: right-to-left
//! scripts, superscripts, and pieces of a word drawn out of order.

use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use policygap::extract::{ExtractOptions, pdf::extract_pages};

/// A one-page PDF with Helvetica as /F1 and, as /F9, a CID font whose
/// ToUnicode maps codes 1..=n to the characters of `cid_chars` (each glyph
/// 500 units wide).
fn pdf(content: &str, cid_chars: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut entries = String::new();
    for (i, c) in cid_chars.chars().enumerate() {
        entries.push_str(&format!("<{:04X}> <{:04X}>\n", i + 1, c as u32));
    }
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
         {} beginbfchar\n{entries}endbfchar\n\
         endcmap CMapName currentdict /CMap defineresource pop end end",
        cid_chars.chars().count()
    );
    let cmap_id = doc.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "TestSans",
        "Encoding" => "Identity-H",
        "ToUnicode" => cmap_id,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "TestSans",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "DW" => 500,
        })],
    });
    let helvetica = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let content_id = doc.add_object(Stream::new(Dictionary::new(), content.as_bytes().to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => helvetica, "F9" => cid_font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("the test PDF is written");
    out
}

fn text_of(bytes: &[u8]) -> String {
    let raw = extract_pages(bytes, &ExtractOptions::default()).expect("the test PDF reads");
    raw.pages.join("\x0c")
}

/// The codes of `s`'s characters in the CID font built from `chars`, as a
/// hex string operand.
fn codes(chars: &str, s: &str) -> String {
    let mut out = String::from("<");
    for c in s.chars() {
        let i = chars
            .chars()
            .position(|k| k == c)
            .expect("the character is in the font");
        out.push_str(&format!("{:04X}", i + 1));
    }
    out.push('>');
    out
}

#[test]
fn hebrew_drawn_right_to_left_with_a_number_reads_in_logical_order() {
    // "סעיף 15 לחוק" set the way Hebrew typesetters emit it: each glyph
    // placed leftwards from the right margin, the number left to right.
    let font = "סעיףלחוק ";
    let mut content = String::from("BT /F9 10 Tf ");
    let mut x = 400.0;
    for c in "סעיף".chars() {
        x -= 5.0;
        content.push_str(&format!(
            "1 0 0 1 {x} 700 Tm {} Tj ",
            codes(font, &c.to_string())
        ));
    }
    content.push_str("ET BT /F1 10 Tf 1 0 0 1 367.5 700 Tm (15) Tj ET BT /F9 10 Tf ");
    x = 362.5;
    for c in "לחוק".chars() {
        x -= 5.0;
        content.push_str(&format!(
            "1 0 0 1 {x} 700 Tm {} Tj ",
            codes(font, &c.to_string())
        ));
    }
    content.push_str("ET");
    let text = text_of(&pdf(&content, font));
    let text = text.trim();
    assert!(text.starts_with("סעיף "), "{text:?}");
    assert!(text.contains("15") && !text.contains("51"), "{text:?}");
    assert!(text.ends_with("לחוק"), "{text:?}");
}

#[test]
fn a_hebrew_name_in_an_english_line_keeps_both_in_reading_order() {
    // Visual order on the page: "Officer", then the two Hebrew words
    // mirrored ("ןהכ השמ" shows משה כהן), then "reported".
    let font = "משהכן ";
    let content = format!(
        "BT /F1 10 Tf 72 700 Td (Officer ) Tj /F9 10 Tf {} Tj /F1 10 Tf ( reported) Tj ET",
        codes(font, "ןהכ השמ")
    );
    let text = text_of(&pdf(&content, font));
    assert_eq!(text.trim(), "Officer משה כהן reported");
}

#[test]
fn superscripts_join_their_base_when_touching_and_not_across_a_gap() {
    // "x²" with the exponent set right against the x, then "y ²" where a
    // lone-character formula leaves a visible gap before the exponent.
    let content = "BT /F1 10 Tf 1 0 0 1 100 700 Tm (E=mc) Tj /F1 7 Tf 3.5 Ts (2) Tj 0 Ts ET \
                   BT /F1 10 Tf 1 0 0 1 100 650 Tm (a) Tj /F1 7 Tf 1 0 0 1 105.562 653.5 Tm (2) Tj \
                   /F1 10 Tf 1 0 0 1 112 650 Tm (+) Tj 1 0 0 1 121 650 Tm (b) Tj \
                   /F1 7 Tf 1 0 0 1 127.2 653.5 Tm (2) Tj ET";
    let text = text_of(&pdf(content, "a"));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines, ["E=mc2", "a2 + b 2"]);
}

#[test]
fn the_end_of_a_word_drawn_before_its_start_reads_as_one_word() {
    // "procedure" shown as "dure" first, then "proce" placed before it.
    let content = "BT /F1 10 Tf 1 0 0 1 125.01 700 Tm (dure) Tj 1 0 0 1 100 700 Tm (proce) Tj ET";
    let text = text_of(&pdf(content, "a"));
    assert_eq!(text.trim(), "procedure");
}

#[test]
fn a_gap_of_an_eighth_of_the_font_size_separates_words() {
    // Tight justification: "shall" (Helvetica, 10 pt, 20.56 wide) and
    // "not" 1.25 pt after it, with no space character between.
    let content = "BT /F1 10 Tf 1 0 0 1 100 700 Tm (shall) Tj 1 0 0 1 121.81 700 Tm (not) Tj ET";
    let text = text_of(&pdf(content, "a"));
    assert_eq!(text.trim(), "shall not");
}

#[test]
fn subscripts_stay_on_a_line_that_ends_in_a_footnote_mark() {
    // "two maps f1 and f2.¹": subscripts 1.5 pt down, the footnote mark
    // 3.5 pt up, so the mark is the topmost word of the line.
    let content = "BT /F1 10 Tf 1 0 0 1 100 700 Tm (two maps f) Tj /F1 7 Tf -1.5 Ts (1) Tj \
                   /F1 10 Tf 0 Ts ( and f) Tj /F1 7 Tf -1.5 Ts (2) Tj /F1 10 Tf 0 Ts (.) Tj \
                   /F1 7 Tf 3.5 Ts (1) Tj ET \
                   BT /F1 10 Tf 1 0 0 1 100 686 Tm (next line) Tj ET";
    let text = text_of(&pdf(content, "a"));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines, ["two maps f1 and f2.1", "next line"]);
}

#[test]
fn accents_drawn_over_letters_make_accented_letters() {
    // "caf" + "e" with an acute (WinAnsi 0xB4) centred over it, and
    // "na" + a dieresis (0xA8) drawn before the "i" it sits on + "ve".
    let content = "BT /F1 10 Tf 1 0 0 1 100 700 Tm (caf) Tj (e) Tj ET \
                   BT /F1 10 Tf 1 0 0 1 114.455 702 Tm (\\264) Tj ET \
                   BT /F1 10 Tf 1 0 0 1 100 680 Tm (na) Tj ET \
                   BT /F1 10 Tf 1 0 0 1 110.565 682 Tm (\\250) Tj ET \
                   BT /F1 10 Tf 1 0 0 1 111.12 680 Tm (ive) Tj ET";
    let text = text_of(&pdf(content, "a"));
    assert_eq!(
        text.split_whitespace().collect::<Vec<_>>(),
        ["café", "naïve"]
    );
}

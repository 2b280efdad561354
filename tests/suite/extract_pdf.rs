//! PDF extraction on PDFs built here with lopdf's writer: one test per font
//! and encoding case, spacing from TJ offsets and positioning, columns,
//! rotation, form XObjects, annotations, encryption, scans and damage.

use lopdf::{Dictionary, Document, Object, Stream, dictionary};
use policygap::extract::{self, ExtractError, ExtractOptions, pdf::extract_pages};
use policygap::model::SourceKind;

/// One page to build: its content stream, fonts and other resources.
struct PageSpec {
    content: Vec<u8>,
    fonts: Vec<(&'static str, Object)>,
    xobjects: Vec<(&'static str, Object)>,
    rotate: i64,
    annots: Vec<Object>,
}

impl PageSpec {
    fn new(content: &str) -> PageSpec {
        PageSpec {
            content: content.as_bytes().to_vec(),
            fonts: vec![("F1", helvetica())],
            xobjects: Vec::new(),
            rotate: 0,
            annots: Vec::new(),
        }
    }
}

fn helvetica() -> Object {
    Object::Dictionary(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    })
}

/// Builds a document; `extra` may add objects and returns what to put in
/// the page's font and XObject dictionaries.
fn build_doc(pages: Vec<PageSpec>) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for p in pages {
        let mut fonts = Dictionary::new();
        for (name, f) in p.fonts {
            let id = doc.add_object(f);
            fonts.set(name, Object::Reference(id));
        }
        let mut xobjects = Dictionary::new();
        for (name, x) in p.xobjects {
            let id = doc.add_object(x);
            xobjects.set(name, Object::Reference(id));
        }
        let content_id = doc.add_object(Stream::new(Dictionary::new(), p.content));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => content_id,
            "Resources" => dictionary! { "Font" => fonts, "XObject" => xobjects },
        };
        if p.rotate != 0 {
            page.set("Rotate", p.rotate);
        }
        if !p.annots.is_empty() {
            page.set("Annots", p.annots);
        }
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    doc
}

fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("the test PDF is written");
    out
}

fn build(pages: Vec<PageSpec>) -> Vec<u8> {
    save(build_doc(pages))
}

fn text_of(bytes: &[u8]) -> String {
    let raw = extract_pages(bytes, &ExtractOptions::default()).expect("the test PDF reads");
    raw.pages.join("\x0c")
}

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn stream(dict: Dictionary, content: &[u8]) -> Object {
    Object::Stream(Stream::new(dict, content.to_vec()))
}

fn to_unicode(entries: &str) -> Object {
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n{entries}\n\
         endcmap CMapName currentdict /CMap defineresource pop end end"
    );
    stream(Dictionary::new(), cmap.as_bytes())
}

#[test]
fn tj_offsets_make_spaces_and_kerning_does_not() {
    let bytes = build(vec![PageSpec::new(
        "BT /F1 12 Tf 72 700 Td [(Officers)-300(shall)-20(not) -280 (de)15(tain)] TJ ET",
    )]);
    assert_eq!(words(&text_of(&bytes)), ["Officers", "shallnot", "detain"]);
}

#[test]
fn positioning_jumps_separate_words_and_lines() {
    let bytes = build(vec![PageSpec::new(
        "BT /F1 12 Tf 72 700 Td (Immigration) Tj 70 0 Td (status) Tj \
         -70 -14 Td (is) Tj 0 -14 Td (confidential) Tj ET",
    )]);
    let text = text_of(&bytes);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines, ["Immigration status", "is", "confidential"]);
}

#[test]
fn standard_font_metrics_space_words_without_widths() {
    // Helvetica has no /Widths here: the positions of the second show must
    // be judged with Helvetica's own advances ("iii" is narrow).
    let bytes = build(vec![PageSpec::new(
        "BT /F1 10 Tf 72 700 Td (iii) Tj ET BT /F1 10 Tf 78.66 700 Td (jjj) Tj ET \
         BT /F1 10 Tf 90 700 Td (next) Tj ET",
    )]);
    assert_eq!(words(&text_of(&bytes)), ["iiijjj", "next"]);
}

#[test]
fn differences_map_glyph_names_and_expand_ligatures() {
    let mut page = PageSpec::new("BT /F2 12 Tf 72 700 Td (\x01\x02ce \x03) Tj ET");
    page.fonts = vec![(
        "F2",
        Object::Dictionary(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Times-Roman",
            "Encoding" => dictionary! {
                "Type" => "Encoding",
                "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![1.into(), "fi".into(), "uni0061".into(), "eacute".into()],
            },
        }),
    )];
    assert_eq!(words(&text_of(&build(vec![page]))), ["fiace", "é"]);
}

#[test]
fn mac_roman_and_standard_encodings_decode_high_codes() {
    let mut page =
        PageSpec::new("BT /F2 12 Tf 72 700 Td (caf\\216) Tj /F3 12 Tf 0 -20 Td (it\\047s) Tj ET");
    page.fonts = vec![
        (
            "F2",
            Object::Dictionary(dictionary! {
                "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
                "Encoding" => "MacRomanEncoding",
            }),
        ),
        (
            "F3",
            Object::Dictionary(dictionary! {
                "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            }),
        ),
    ];
    assert_eq!(words(&text_of(&build(vec![page]))), ["café", "it\u{2019}s"]);
}

#[test]
fn to_unicode_overrides_the_encoding_of_a_simple_font() {
    let mut page = PageSpec::new("BT /F2 12 Tf 72 700 Td (\x01\x02\x03) Tj ET");
    page.fonts = vec![(
        "F2",
        Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+Custom",
            "FirstChar" => 1, "LastChar" => 3,
            "Widths" => vec![500.into(), 500.into(), 500.into()],
            "ToUnicode" => Object::Reference((0, 0)),
        }),
    )];
    let mut doc = build_doc(vec![page]);
    let cmap_id = doc.add_object(to_unicode(
        "3 beginbfchar <01> <0049> <02> <0043> <03> <0045> endbfchar",
    ));
    for o in doc.objects.values_mut() {
        if let Object::Dictionary(d) = o
            && d.get(b"BaseFont").ok() == Some(&Object::Name(b"ABCDEF+Custom".to_vec()))
        {
            d.set("ToUnicode", cmap_id);
        }
    }
    assert_eq!(words(&text_of(&save(doc))), ["ICE"]);
}

fn cid_font(encoding: &str, cmap_id: lopdf::ObjectId) -> Object {
    Object::Dictionary(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "NotoSans",
        "Encoding" => encoding,
        "ToUnicode" => cmap_id,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "NotoSans",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "DW" => 1000,
            "W" => vec![10.into(), vec![400.into(), 600.into()].into(), 20.into(), 30.into(), 250.into()],
        })],
    })
}

#[test]
fn identity_h_cid_fonts_use_w_widths_and_to_unicode() {
    // CIDs 10 and 11 are "N" and "o" (widths 400 and 600); 20 is "!" (250).
    let mut doc = build_doc(vec![PageSpec::new(
        "BT /F9 20 Tf 72 700 Td <000A000B> Tj <0014> Tj [<000A> -400 <000B>] TJ ET",
    )]);
    let cmap = doc.add_object(to_unicode(
        "3 beginbfchar <000A> <004E> <000B> <006F> <0014> <0021> endbfchar",
    ));
    let font = doc.add_object(cid_font("Identity-H", cmap));
    set_font(&mut doc, "F9", font);
    assert_eq!(words(&text_of(&save(doc))), ["No!N", "o"]);
}

#[test]
fn identity_v_text_reads_top_to_bottom_in_columns_right_to_left() {
    let mut doc = build_doc(vec![PageSpec::new(
        "BT /F9 20 Tf 300 700 Td <000A000B> Tj -40 0 Td <0014> Tj ET",
    )]);
    let cmap = doc.add_object(to_unicode(
        "3 beginbfchar <000A> <4E00> <000B> <4E8C> <0014> <4E09> endbfchar",
    ));
    let font = doc.add_object(cid_font("Identity-V", cmap));
    set_font(&mut doc, "F9", font);
    assert_eq!(words(&text_of(&save(doc))), ["一二", "三"]);
}

fn set_font(doc: &mut Document, name: &str, font: lopdf::ObjectId) {
    for o in doc.objects.values_mut() {
        if let Object::Dictionary(d) = o
            && let Ok(Object::Dictionary(res)) = d.get_mut(b"Resources")
            && let Ok(Object::Dictionary(fonts)) = res.get_mut(b"Font")
        {
            fonts.set(name, font);
        }
    }
}

/// A Type 3 font scaled by a tenth, its glyphs 6 units wide from
/// `first`, with `differences` as its encoding.
fn type3_font(first: i64, count: usize, differences: Vec<Object>) -> Object {
    Object::Dictionary(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type3",
        "FontBBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        "FontMatrix" => vec![0.1.into(), 0.into(), 0.into(), 0.1.into(), 0.into(), 0.into()],
        "FirstChar" => first, "LastChar" => first + count as i64 - 1,
        "Widths" => vec![Object::Integer(6); count],
        "Encoding" => dictionary! { "Differences" => differences },
        "CharProcs" => dictionary! {},
        "Resources" => dictionary! {},
    })
}

#[test]
fn type3_fonts_scale_widths_by_their_font_matrix() {
    let mut page = PageSpec::new("BT /T3 12 Tf 72 700 Td (ab) Tj (c) Tj 30 0 Td (ab) Tj ET");
    let differences = vec![97.into(), "x".into(), "y".into(), "z".into()];
    page.fonts = vec![("T3", type3_font(97, 3, differences))];
    assert_eq!(words(&text_of(&build(vec![page]))), ["xyz", "xy"]);
}

#[test]
fn type3_glyphs_named_by_number_read_as_latin_text() {
    // "Información pública" in a Type 3 font whose glyphs are named after
    // their codes, as some producers of Spanish documents write them.
    let text = "Información pública";
    let codes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    let mut differences: Vec<Object> = Vec::new();
    for &c in &codes {
        differences.push(i64::from(c).into());
        differences.push(Object::Name(format!("a{c}").into_bytes()));
    }
    let literal: String = codes.iter().map(|c| format!("\\{c:03o}")).collect();
    let mut page = PageSpec::new(&format!("BT /T3 12 Tf 72 700 Td ({literal}) Tj ET"));
    page.fonts = vec![("T3", type3_font(0, 256, differences))];
    assert_eq!(
        words(&text_of(&build(vec![page]))),
        ["Información", "pública"]
    );
}

#[test]
fn a_right_column_that_starts_higher_is_not_woven_into_the_left() {
    // A heading opens the left column with space above it, so the right
    // column's first lines (the end of a paragraph) sit higher: they must
    // still come after the whole left column.
    let mut content = String::from(
        "BT /F1 10 Tf 72 740 Td (Policy 415 Immigration Matters, a title across the page) Tj ET ",
    );
    for i in 0..8 {
        let y = 700 - i * 12;
        content.push_str(&format!(
            "BT /F1 10 Tf 72 {y} Td (left column, line {i} of the text) Tj ET "
        ));
    }
    for i in 0..9 {
        let y = 718 - i * 12;
        content.push_str(&format!(
            "BT /F1 10 Tf 320 {y} Td (right column, line {i} of the text) Tj ET "
        ));
    }
    let text = text_of(&build(vec![PageSpec::new(&content)]));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let expected: Vec<String> =
        std::iter::once("Policy 415 Immigration Matters, a title across the page".to_string())
            .chain((0..8).map(|i| format!("left column, line {i} of the text")))
            .chain((0..9).map(|i| format!("right column, line {i} of the text")))
            .collect();
    assert_eq!(lines, expected);
}

#[test]
fn two_column_pages_read_column_by_column() {
    let mut content = String::from("BT /F1 10 Tf 72 720 Td (Title across the page) Tj ET ");
    for i in 0..6 {
        let y = 690 - i * 12;
        content.push_str(&format!(
            "BT /F1 10 Tf 72 {y} Td (left column, line {i} of the text) Tj ET \
             BT /F1 10 Tf 320 {y} Td (right column, line {i} of the text) Tj ET "
        ));
    }
    let text = text_of(&build(vec![PageSpec::new(&content)]));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines[0], "Title across the page");
    assert_eq!(lines[1], "left column, line 0 of the text");
    assert_eq!(lines[6], "left column, line 5 of the text");
    assert_eq!(lines[7], "right column, line 0 of the text");
}

#[test]
fn rotated_pages_and_rotated_text_keep_line_order() {
    let content = "BT /F1 12 Tf 72 700 Td (first line) Tj 0 -14 Td (second line) Tj ET";
    for rotate in [90, 180, 270] {
        let mut page = PageSpec::new(content);
        page.rotate = rotate;
        let text = text_of(&build(vec![page]));
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines, ["first line", "second line"], "/Rotate {rotate}");
    }
    // Text set at 90 degrees by its matrix, on an upright page.
    let page = PageSpec::new(
        "BT /F1 12 Tf 0 1 -1 0 300 100 Tm (going up) Tj 0 1 -1 0 314 100 Tm (next line) Tj ET",
    );
    let text = text_of(&build(vec![page]));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines, ["going up", "next line"]);
}

#[test]
fn form_xobjects_are_followed_and_cycles_stop() {
    let mut doc = build_doc(vec![PageSpec::new("q 1 0 0 1 0 0 cm /Fm1 Do Q")]);
    let font = doc.add_object(helvetica());
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font },
                "XObject" => dictionary! { "Fm1" => form_id },
            },
        },
        b"BT /F1 12 Tf 72 700 Td (inside the form) Tj ET /Fm1 Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    for o in doc.objects.values_mut() {
        if let Object::Dictionary(d) = o
            && let Ok(Object::Dictionary(res)) = d.get_mut(b"Resources")
            && let Ok(Object::Dictionary(xo)) = res.get_mut(b"XObject")
        {
            xo.set("Fm1", form_id);
        }
    }
    let text = text_of(&save(doc));
    assert_eq!(words(&text), ["inside", "the", "form"]);
}

#[test]
fn annotation_appearances_are_read() {
    let mut doc = build_doc(vec![PageSpec::new("BT /F1 12 Tf 72 700 Td (Name:) Tj ET")]);
    let font = doc.add_object(helvetica());
    let ap = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 200.into(), 20.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        },
        b"BT /F1 12 Tf 2 5 Td (Jane Roe) Tj ET".to_vec(),
    ));
    let annot = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget",
        "Rect" => vec![150.into(), 695.into(), 350.into(), 715.into()],
        "AP" => dictionary! { "N" => ap },
    });
    for o in doc.objects.values_mut() {
        if let Object::Dictionary(d) = o
            && d.has_type(b"Page")
        {
            d.set("Annots", vec![Object::Reference(annot)]);
        }
    }
    assert_eq!(words(&text_of(&save(doc))), ["Name:", "Jane", "Roe"]);
}

fn encrypted(user: &str) -> Vec<u8> {
    let mut doc = build_doc(vec![PageSpec::new(
        "BT /F1 12 Tf 72 700 Td (Secret policy text) Tj ET",
    )]);
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(b"0123456789abcdef".to_vec()),
            Object::string_literal(b"0123456789abcdef".to_vec()),
        ],
    );
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-pw",
        user_password: user,
        key_length: 128,
        permissions: lopdf::Permissions::default(),
    })
    .expect("encryption parameters");
    doc.encrypt(&state).expect("the test PDF encrypts");
    save(doc)
}

#[test]
fn encrypted_files_need_the_right_password() {
    let bytes = encrypted("letmein");
    let opts = |pw: Option<&str>| ExtractOptions {
        password: pw.map(str::to_string),
        ..Default::default()
    };
    assert!(matches!(
        extract_pages(&bytes, &opts(None)),
        Err(ExtractError::NeedsPassword)
    ));
    assert!(matches!(
        extract_pages(&bytes, &opts(Some("wrong"))),
        Err(ExtractError::WrongPassword)
    ));
    let raw = extract_pages(&bytes, &opts(Some("letmein"))).expect("the password opens it");
    assert_eq!(words(&raw.pages[0]), ["Secret", "policy", "text"]);
}

#[test]
fn an_empty_user_password_opens_without_asking() {
    let bytes = encrypted("");
    let raw = extract_pages(&bytes, &ExtractOptions::default()).expect("opens");
    assert_eq!(words(&raw.pages[0]), ["Secret", "policy", "text"]);
}

/// An AES-256 (revision 6) encryption of a one-page document, made by
/// qpdf with a classic cross-reference table; `None`, with one line
/// saying so, where qpdf is not installed (CI installs it, and there its
/// absence fails the test).
fn aes_256(user: &str) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let plain = dir.path().join("plain.pdf");
    let locked = dir.path().join("locked.pdf");
    let doc = build_doc(vec![PageSpec::new(
        "BT /F1 12 Tf 72 700 Td (Secret policy text) Tj ET",
    )]);
    std::fs::write(&plain, save(doc)).expect("written");
    let status = std::process::Command::new("qpdf")
        .args([
            "--object-streams=disable",
            "--encrypt",
            user,
            "owner-pw",
            "256",
            "--",
        ])
        .arg(&plain)
        .arg(&locked)
        .status();
    let status = match status {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            super::tools::skip_without(
                "qpdf is not installed (apt-get install qpdf to run this test)",
            );
            return None;
        }
        Err(e) => panic!("qpdf could not run: {e}"),
    };
    assert!(status.success(), "qpdf failed");
    Some(std::fs::read(&locked).expect("qpdf's output"))
}

/// Moves the encryption dictionary from its own object into the trailer,
/// as some writers do. The trailer follows the cross-reference table, so
/// no recorded offset moves.
fn inline_encryption(bytes: &[u8]) -> Vec<u8> {
    let find = |from: usize, needle: &[u8]| {
        bytes[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    let trailer = (0..bytes.len())
        .rev()
        .find(|&i| bytes[i..].starts_with(b"trailer"))
        .expect("a trailer");
    let key = find(trailer, b"/Encrypt ").expect("an /Encrypt entry");
    let reference_end = find(key, b" R").expect("a reference") + 2;
    let number = String::from_utf8_lossy(&bytes[key + 9..reference_end]);
    let number = number.split(' ').next().expect("an object number");
    let header = format!("\n{number} 0 obj");
    let start = find(0, header.as_bytes()).expect("the encryption object") + header.len();
    let end = find(start, b"endobj").expect("endobj");
    let mut out = bytes[..key].to_vec();
    out.extend_from_slice(b"/Encrypt ");
    out.extend_from_slice(bytes[start..end].trim_ascii());
    out.extend_from_slice(&bytes[reference_end..]);
    out
}

#[test]
fn aes_256_files_open_with_their_password() {
    let Some(locked) = aes_256("letmein") else {
        return;
    };
    let inline = inline_encryption(&locked);
    assert_ne!(locked, inline);
    assert!(String::from_utf8_lossy(&inline).contains("/Encrypt <<"));
    let opts = |pw: Option<&str>| ExtractOptions {
        password: pw.map(str::to_string),
        ..Default::default()
    };
    for bytes in [&locked, &inline] {
        assert!(matches!(
            extract_pages(bytes, &opts(None)),
            Err(ExtractError::NeedsPassword)
        ));
        assert!(matches!(
            extract_pages(bytes, &opts(Some("wrong"))),
            Err(ExtractError::WrongPassword)
        ));
        let raw = extract_pages(bytes, &opts(Some("letmein"))).expect("the password opens it");
        assert_eq!(words(&raw.pages[0]), ["Secret", "policy", "text"]);
    }
    // Without its revision the dictionary cannot derive a key at all.
    let at = inline
        .windows(3)
        .rposition(|w| w == b"/R ")
        .expect("a revision entry");
    let mut broken = inline.clone();
    broken[at + 1] = b'X';
    assert!(matches!(
        extract_pages(&broken, &opts(Some("letmein"))),
        Err(ExtractError::Damaged(_))
    ));
    let open = inline_encryption(&aes_256("").expect("qpdf ran a moment ago"));
    let raw = extract_pages(&open, &ExtractOptions::default()).expect("opens");
    assert_eq!(words(&raw.pages[0]), ["Secret", "policy", "text"]);
}

fn image_page() -> PageSpec {
    let mut page = PageSpec::new("q 612 0 0 792 0 0 cm /Im1 Do Q");
    page.xobjects = vec![(
        "Im1",
        stream(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
            },
            b"\x80",
        ),
    )];
    page
}

#[test]
fn image_only_pages_are_reported_for_ocr() {
    let bytes = build(vec![
        PageSpec::new("BT /F1 12 Tf 72 700 Td (Typed page) Tj ET"),
        image_page(),
    ]);
    let raw = extract_pages(&bytes, &ExtractOptions::default()).expect("reads");
    assert_eq!(raw.pages.len(), 2);
    assert!(raw.pages[1].trim().is_empty());
    assert_eq!(raw.warnings.len(), 1);
    assert!(
        raw.warnings[0].contains("no text layer"),
        "{:?}",
        raw.warnings
    );
    assert!(raw.warnings[0].contains(": 2;"), "{:?}", raw.warnings);

    let scan = build(vec![image_page(), image_page()]);
    match extract_pages(&scan, &ExtractOptions::default()) {
        Err(e @ ExtractError::NoTextLayer { pages: 2 }) => {
            assert!(e.hint().unwrap().contains("OCR"))
        }
        other => panic!("expected NoTextLayer, got {other:?}"),
    }
}

#[test]
fn damaged_and_foreign_files_give_clear_errors() {
    assert!(matches!(
        extract_pages(b"hello, not a pdf", &ExtractOptions::default()),
        Err(ExtractError::NotPdf)
    ));
    let broken = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer garbage";
    match extract_pages(broken, &ExtractOptions::default()) {
        Err(ExtractError::Damaged(reason)) => assert!(!reason.is_empty()),
        other => panic!("expected Damaged, got {other:?}"),
    }
    // A truncated copy of a good file still gives its text or a clean error.
    let good = build(vec![PageSpec::new(
        "BT /F1 12 Tf 72 700 Td (kept text) Tj ET",
    )]);
    for cut in [good.len() / 2, good.len() - 40] {
        let _ = extract_pages(&good[..cut], &ExtractOptions::default());
    }
}

#[test]
fn clean_documents_map_every_page_back() {
    let bodies = [
        "Officers shall not ask",
        "Detainers are honored only",
        "Records are kept",
    ];
    let pages: Vec<PageSpec> = (1..=3)
        .map(|n| {
            let body = bodies[n - 1];
            PageSpec::new(&format!(
                "BT /F1 10 Tf 72 760 Td (Anytown Police Department) Tj ET \
                 BT /F1 12 Tf 72 700 Td ({body} about immigra-) Tj \
                 0 -14 Td (tion status on page {n}.) Tj ET \
                 BT /F1 10 Tf 300 40 Td (Page {n} of 3) Tj ET"
            ))
        })
        .collect();
    let bytes = build(pages);
    let doc = extract::extract_bytes("m.pdf", SourceKind::Pdf, &bytes, &ExtractOptions::default())
        .expect("reads");
    assert_eq!(doc.pages.len(), 3);
    assert!(!doc.text.contains("Anytown"), "{}", doc.text);
    assert!(!doc.text.contains("of 3"), "{}", doc.text);
    let at = doc.text.find("on page 2").expect("page 2 text");
    assert_eq!(doc.page_at(at), 2);
    assert!(doc.text.contains("immigration status"), "{}", doc.text);
    assert_eq!(doc.text.matches('\x0c').count(), 2);
}

#[test]
fn fonts_without_a_unicode_mapping_are_reported_not_mistaken_for_scans() {
    // A composite font with no ToUnicode and no embedded program.
    let mut page = PageSpec::new("BT /F9 12 Tf 72 700 Td <00410042> Tj ET");
    page.fonts = vec![(
        "F9",
        Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Mystery",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Dictionary(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "Mystery",
            })],
        }),
    )];
    match extract_pages(&build(vec![page]), &ExtractOptions::default()) {
        Err(ExtractError::UnmappedFonts { pages: 1 }) => {}
        other => panic!("expected UnmappedFonts, got {other:?}"),
    }
}

/// A composite font of a CJK character collection, not embedded and with
/// no ToUnicode, as Japanese and Chinese writers often leave them.
fn collection_font(ordering: &str) -> Object {
    collection_font_with(ordering, "Identity-H")
}

fn collection_font_with(ordering: &str, encoding: &str) -> Object {
    Object::Dictionary(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Ryumin-Light",
        "Encoding" => encoding,
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "Ryumin-Light",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal(ordering),
                "Supplement" => 2,
            },
        })],
    })
}

#[test]
fn cjk_collection_fonts_without_to_unicode_read_by_their_cids() {
    // Adobe-Japan1 CIDs 843, 1125 and 34 are "あ", "亜" and "A".
    let mut page = PageSpec::new("BT /F9 12 Tf 72 700 Td <034B04650022> Tj ET");
    page.fonts = vec![("F9", collection_font("Japan1"))];
    assert_eq!(words(&text_of(&build(vec![page]))), ["あ亜A"]);
    // The same CIDs in a collection the tables do not cover stay unmapped.
    let mut page = PageSpec::new("BT /F9 12 Tf 72 700 Td <034B04650022> Tj ET");
    page.fonts = vec![("F9", collection_font("Identity"))];
    assert!(matches!(
        extract_pages(&build(vec![page]), &ExtractOptions::default()),
        Err(ExtractError::UnmappedFonts { pages: 1 })
    ));
}

/// A TrueType font flagged symbolic, with or without a named encoding.
fn symbolic_truetype(encoding: Option<&str>) -> Object {
    let mut font = dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Wingish",
        "FontDescriptor" => dictionary! {
            "Type" => "FontDescriptor", "FontName" => "Wingish", "Flags" => 4,
        },
    };
    if let Some(e) = encoding {
        font.set("Encoding", e);
    }
    Object::Dictionary(font)
}

#[test]
fn a_named_encoding_rules_over_the_symbolic_flag() {
    // Codes 0x93 and 0x94 are curly quotes and 0xAD a hyphen in WinAnsi.
    let mut page = PageSpec::new("BT /F9 12 Tf 72 700 Td <93416DAD4194> Tj ET");
    page.fonts = vec![("F9", symbolic_truetype(Some("WinAnsiEncoding")))];
    assert_eq!(
        words(&text_of(&build(vec![page]))),
        ["\u{201c}Am-A\u{201d}"]
    );
    // Without an encoding the font's own codes are taken as they are.
    let mut page = PageSpec::new("BT /F9 12 Tf 72 700 Td (Am-A) Tj ET");
    page.fonts = vec![("F9", symbolic_truetype(None))];
    assert_eq!(words(&text_of(&build(vec![page]))), ["Am-A"]);
}

#[test]
fn iso_2022_cmaps_read_row_and_cell_codes() {
    // JIS X 0208 row/cell 0x2422 and 0x3021 are "あ" and "亜"; with "V" the
    // two stack in one column.
    for encoding in ["H", "V"] {
        let mut page = PageSpec::new("BT /F9 12 Tf 300 700 Td <24223021> Tj ET");
        page.fonts = vec![("F9", collection_font_with("Japan1", encoding))];
        assert_eq!(words(&text_of(&build(vec![page]))), ["あ亜"], "{encoding}");
    }
    // GB 2312 row/cell 0x4450 is "男" (0xC4D0 in EUC-CN).
    let mut page = PageSpec::new("BT /F9 12 Tf 72 700 Td <4450> Tj ET");
    page.fonts = vec![("F9", collection_font_with("GB1", "GB-H"))];
    assert_eq!(words(&text_of(&build(vec![page]))), ["男"]);
}

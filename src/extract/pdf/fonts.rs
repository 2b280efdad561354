//! Fonts as the text layer needs them: how to split a string into character
//! codes, the Unicode text of each code and its advance width. Covers simple
//! fonts (Type1, TrueType, MMType1), Type3 fonts and composite (Type0) fonts
//! with CID widths, Identity and embedded CMaps and predefined CJK CMaps.

use super::cmap::CMap;
use super::encoding::{BaseEncoding, glyph_to_unicode};
use super::metrics;
use super::objects::Resolver;
use lopdf::{Dictionary, Object};

/// How a composite font turns bytes into codes and CIDs.
#[derive(Debug, Clone)]
enum CodeMap {
    /// Two bytes per code, CID = code (Identity-H / Identity-V).
    Identity,
    /// An embedded CMap stream.
    Embedded(CMap),
    /// A predefined CJK CMap whose codes are those of a legacy character set
    /// (the text is the bytes decoded in that set).
    Legacy(&'static encoding_rs::Encoding, bool),
    /// A predefined UCS-2 / UTF-16 CMap: the codes are Unicode already.
    Utf16,
    /// A predefined CMap of two-byte 7-bit codes (row and cell of JIS X 0208,
    /// GB 2312 or KS X 1001, as in ISO-2022): the text is the code with the
    /// high bits set, decoded in the matching EUC set.
    SevenBit(&'static encoding_rs::Encoding),
}

#[derive(Debug, Clone)]
enum Kind {
    Simple {
        /// Text of each code; empty when unknown.
        text: Vec<Box<str>>,
        /// Advance of each code in text-space units per unit font size.
        widths: Vec<f32>,
    },
    Composite {
        codes: Box<CodeMap>,
        default_width: f32,
        /// (first CID, last CID, width), sorted.
        widths: Vec<(u32, u32, f32)>,
        /// Text from the embedded font program, when there is no ToUnicode.
        glyphs: Option<Box<GlyphText>>,
        /// `/ToUnicode /Identity-H`: the codes are UTF-16 units.
        unicode_codes: bool,
        /// The Adobe CJK collection the CIDs belong to, which gives the
        /// text of CIDs nothing else maps.
        collection: Option<super::cjk::Collection>,
    },
}

/// A loaded font.
#[derive(Debug, Clone)]
pub struct Font {
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Vertical writing (glyphs advance downwards).
    pub vertical: bool,
    /// How tall the glyphs are relative to the font size (1 except for Type3
    /// fonts, whose matrix sets their own scale).
    pub size_scale: f32,
}

/// CID → glyph id → character, from an embedded TrueType program.
#[derive(Debug, Clone)]
struct GlyphText {
    /// CIDToGIDMap as a table; `None` for Identity.
    cid_to_gid: Option<Vec<u16>>,
    chars: std::collections::HashMap<u16, char>,
}

impl GlyphText {
    fn text(&self, cid: u32) -> Option<char> {
        let gid = match &self.cid_to_gid {
            Some(map) => *map.get(cid as usize)?,
            None => u16::try_from(cid).ok()?,
        };
        self.chars.get(&gid).copied()
    }
}

/// One decoded character code.
pub struct Glyph<'a> {
    pub text: std::borrow::Cow<'a, str>,
    /// Advance in text space per unit of font size.
    pub width: f32,
    /// A single-byte code 32, which word spacing (`Tw`) applies to.
    pub is_space_code: bool,
}

/// At most this many width entries are read from a `/W` array.
const MAX_W_ENTRIES: usize = 100_000;

fn base_name(font: &Dictionary) -> Vec<u8> {
    let name = font
        .get(b"BaseFont")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    // Subset fonts are named "ABCDEF+Name".
    match name.iter().position(|&b| b == b'+') {
        Some(6) => name[7..].to_vec(),
        _ => name.to_vec(),
    }
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

/// Width (1/1000 em) of a character in the standard font a name suggests,
/// for simple fonts that carry no `/Widths`.
fn standard_width(name: &[u8], c: char) -> Option<f32> {
    let name = String::from_utf8_lossy(name).to_ascii_lowercase();
    if name.contains("courier") || name.contains("mono") {
        return Some(600.0);
    }
    let bold = name.contains("bold") || name.contains("black") || name.contains("heavy");
    let italic = name.contains("italic") || name.contains("oblique");
    let table: &[(u16, u16)] =
        if name.contains("times") || name.contains("roman") || name.contains("serif") {
            match (bold, italic) {
                (true, true) => metrics::TIMES_BOLD_ITALIC,
                (true, false) => metrics::TIMES_BOLD,
                (false, true) => metrics::TIMES_ITALIC,
                (false, false) => metrics::TIMES_ROMAN,
            }
        } else if bold {
            metrics::HELVETICA_BOLD
        } else {
            metrics::HELVETICA
        };
    let c = u16::try_from(c as u32).ok()?;
    table
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1 as f32)
}

/// Reads the built-in encoding of an embedded Type1 font program
/// (`dup <code> /<name> put` in its clear-text part).
fn type1_builtin_encoding(data: &[u8]) -> Option<Vec<Option<Vec<u8>>>> {
    let clear = &data[..data.len().min(64 * 1024)];
    let start = clear.windows(9).position(|w| w == b"/Encoding")?;
    let rest = &clear[start..];
    if rest.starts_with(b"/Encoding StandardEncoding") {
        return None;
    }
    let mut out: Vec<Option<Vec<u8>>> = vec![None; 256];
    let mut found = false;
    let mut i = 0;
    while i + 4 < rest.len() {
        if &rest[i..i + 4] == b"dup " {
            let mut j = i + 4;
            let ns = j;
            while j < rest.len() && rest[j].is_ascii_digit() {
                j += 1;
            }
            let code: Option<usize> = std::str::from_utf8(&rest[ns..j])
                .ok()
                .and_then(|s| s.parse().ok());
            while j < rest.len() && rest[j] == b' ' {
                j += 1;
            }
            if let Some(code) = code
                && code < 256
                && rest.get(j) == Some(&b'/')
            {
                let s = j + 1;
                let mut e = s;
                while e < rest.len() && !super::lexer::is_white(rest[e]) && rest[e] != b'/' {
                    e += 1;
                }
                out[code] = Some(rest[s..e].to_vec());
                found = true;
                i = e;
                continue;
            }
        } else if &rest[i..i + 4] == b"eexe" || (found && &rest[i..i + 4] == b"def\n") {
            break;
        }
        i += 1;
    }
    found.then_some(out)
}

/// Decodes a glyph name that is not in the glyph list but follows a
/// producer convention of naming glyphs after their code (`g65`, `c65`,
/// `G41`), giving the character of that code. In Type 3 fonts (`a192`,
/// `g150`) codes above ASCII are read in the Windows Latin text encoding
/// such producers use, so accented letters (`a233` is é) come out whole;
/// other fonts' programs number glyphs by their own order there.
fn numbered_glyph(name: &[u8], type3: bool) -> Option<String> {
    let split = name.iter().position(|b| b.is_ascii_digit())?;
    if split == 0 || split > 2 || !name[..split].iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let digits = std::str::from_utf8(&name[split..]).ok()?;
    let code: u32 = if name[0] == b'G' {
        u32::from_str_radix(digits, 16).ok()?
    } else {
        digits.parse().ok()?
    };
    match code {
        32..=126 => char::from_u32(code).map(|c| c.to_string()),
        128..=255 if type3 => BaseEncoding::WinAnsi
            .decode(code as u8)
            .filter(|c| !c.is_control())
            .map(|c| c.to_string()),
        _ => None,
    }
}

impl Font {
    /// Loads a font dictionary. Never fails: missing parts fall back to
    /// defaults, so a damaged font still gives positions and whatever text
    /// can be had.
    pub fn load(r: &Resolver, font: &Dictionary) -> Font {
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let to_unicode = r
            .get(font, b"ToUnicode")
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| r.stream_data(s, r.limits.max_stream))
            .map(|d| CMap::parse(&d))
            .filter(CMap::has_text);
        if subtype == b"Type0" {
            Self::load_composite(r, font, to_unicode)
        } else {
            Self::load_simple(r, font, subtype == b"Type3", to_unicode)
        }
    }

    fn load_simple(r: &Resolver, font: &Dictionary, type3: bool, to_unicode: Option<CMap>) -> Font {
        let name = base_name(font);
        let descriptor = r
            .get(font, b"FontDescriptor")
            .and_then(|o| o.as_dict().ok());
        let flags = descriptor
            .and_then(|d| r.get(d, b"Flags"))
            .and_then(num)
            .unwrap_or(0.0) as u32;
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        let lname = String::from_utf8_lossy(&name).to_ascii_lowercase();

        // The base encoding, from /Encoding (a name or a dictionary with
        // /BaseEncoding), the font's own built-in encoding, or a default.
        let enc_obj = r.get(font, b"Encoding");
        let mut differences: Vec<Option<Vec<u8>>> = vec![None; 256];
        let mut base = None;
        match enc_obj {
            Some(Object::Name(n)) => base = BaseEncoding::from_name(n),
            Some(Object::Dictionary(d)) => {
                base = r
                    .get(d, b"BaseEncoding")
                    .and_then(|o| o.as_name().ok())
                    .and_then(BaseEncoding::from_name);
                if let Some(Object::Array(items)) = r.get(d, b"Differences") {
                    let mut code = 0usize;
                    for item in items.iter().take(4096) {
                        match r.deref(item) {
                            Some(Object::Integer(i)) => code = (*i).clamp(0, 256) as usize,
                            Some(Object::Name(n)) => {
                                if code < 256 {
                                    differences[code] = Some(n.clone());
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
            }
            _ => {}
        }
        // The font program's own encoding, as text per code.
        let builtin: Option<Vec<Option<String>>> = if base.is_none() && !type3 {
            let program = |key: &[u8]| {
                descriptor
                    .and_then(|d| r.get(d, key))
                    .and_then(|o| o.as_stream().ok())
                    .and_then(|s| r.stream_data(s, r.limits.max_stream))
            };
            if let Some(d) = program(b"FontFile") {
                type1_builtin_encoding(&d).map(|names| {
                    names
                        .iter()
                        .map(|n| n.as_deref().and_then(glyph_to_unicode))
                        .collect()
                })
            } else {
                program(b"FontFile3").and_then(|d| super::cff::builtin_encoding(&d))
            }
        } else {
            None
        };
        let is_symbol_font = lname.contains("symbol");
        let is_dingbats = lname.contains("dingbat");
        let default_base = if is_symbol_font {
            BaseEncoding::Symbol
        } else if is_dingbats {
            BaseEncoding::ZapfDingbats
        } else if font.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"TrueType") {
            BaseEncoding::WinAnsi
        } else {
            BaseEncoding::Standard
        };
        let named_base = base.is_some();
        let base = base.unwrap_or(default_base);

        let mut text: Vec<Box<str>> = Vec::with_capacity(256);
        for code in 0..256usize {
            let from_cmap = to_unicode
                .as_ref()
                .and_then(|c| c.lookup(code as u32))
                .map(|t| t.into_owned())
                .filter(|t| !t.is_empty() && !t.starts_with('\0'));
            let t = from_cmap.or_else(|| {
                if differences[code].is_none()
                    && let Some(t) = builtin.as_ref().and_then(|b| b[code].clone())
                {
                    return Some(t);
                }
                match differences[code].as_ref() {
                    Some(n) => glyph_to_unicode(n).or_else(|| numbered_glyph(n, type3)),
                    None if symbolic && !named_base && !is_symbol_font && code >= 32 => {
                        // Symbolic fonts without an encoding use the codes of
                        // their own glyph table; most producers keep them
                        // ASCII-compatible. A named encoding still rules.
                        char::from_u32(code as u32).map(|c| c.to_string())
                    }
                    None => base.decode(code as u8).map(|c| c.to_string()),
                }
            });
            text.push(t.unwrap_or_default().into_boxed_str());
        }

        // Widths: /Widths from /FirstChar, in glyph space; Type3 glyph space
        // is scaled by /FontMatrix.
        let (scale, size_scale) = if type3 {
            let m: Vec<f32> = match r.get(font, b"FontMatrix") {
                Some(Object::Array(a)) => {
                    a.iter().filter_map(|o| r.deref(o).and_then(num)).collect()
                }
                _ => Vec::new(),
            };
            // The glyph box height in text space says how tall the glyphs
            // are; the matrix alone does not (its unit of glyph space is free).
            let bbox: Vec<f32> = match r.get(font, b"FontBBox") {
                Some(Object::Array(a)) => {
                    a.iter().filter_map(|o| r.deref(o).and_then(num)).collect()
                }
                _ => Vec::new(),
            };
            if m.len() == 6 && m[0].abs() > 1e-9 {
                let height = if bbox.len() == 4 {
                    (bbox[3] - bbox[1]).abs()
                } else {
                    0.0
                };
                let scale = if height > 0.0 {
                    (height * m[3].abs()).clamp(0.05, 5.0)
                } else {
                    // No box: judge the height from the typical advance,
                    // about half an em in most fonts.
                    let mut ws: Vec<f32> = match r.get(font, b"Widths") {
                        Some(Object::Array(a)) => a
                            .iter()
                            .filter_map(|o| r.deref(o).and_then(num))
                            .filter(|w| *w > 0.0)
                            .collect(),
                        _ => Vec::new(),
                    };
                    if ws.is_empty() {
                        1.0
                    } else {
                        let mid = ws.len() / 2;
                        ws.select_nth_unstable_by(mid, f32::total_cmp);
                        (ws[mid] * m[0].abs() / 0.55).clamp(0.05, 5.0)
                    }
                };
                (m[0], scale)
            } else {
                (0.001, 1.0)
            }
        } else {
            (0.001, 1.0)
        };
        let first = r
            .get(font, b"FirstChar")
            .and_then(num)
            .unwrap_or(0.0)
            .max(0.0) as usize;
        let missing = descriptor
            .and_then(|d| r.get(d, b"MissingWidth"))
            .and_then(num)
            .unwrap_or(0.0);
        let mut widths = vec![f32::NAN; 256];
        if let Some(Object::Array(ws)) = r.get(font, b"Widths") {
            for (i, w) in ws.iter().enumerate() {
                if first + i >= 256 {
                    break;
                }
                if let Some(w) = r.deref(w).and_then(num) {
                    widths[first + i] = w * scale;
                }
            }
        }
        for (code, w) in widths.iter_mut().enumerate() {
            if w.is_nan() {
                let c = text[code].chars().next().unwrap_or(' ');
                let std = if missing > 0.0 {
                    None
                } else {
                    standard_width(&name, c)
                };
                *w = std.unwrap_or(if missing > 0.0 { missing } else { 500.0 }) * 0.001;
            }
        }
        Font {
            kind: Kind::Simple { text, widths },
            to_unicode: None,
            vertical: false,
            size_scale,
        }
    }

    fn load_composite(r: &Resolver, font: &Dictionary, to_unicode: Option<CMap>) -> Font {
        let mut vertical = false;
        let codes = match r.get(font, b"Encoding") {
            Some(Object::Name(n)) => {
                vertical = n.ends_with(b"-V") || n == b"V";
                predefined_cmap(n)
            }
            Some(Object::Stream(s)) => {
                let cmap = r
                    .stream_data(s, r.limits.max_stream)
                    .map(|d| CMap::parse(&d))
                    .unwrap_or_default();
                vertical = cmap.wmode == 1 || r.get(&s.dict, b"WMode").and_then(num) == Some(1.0);
                match r.get(&s.dict, b"UseCMap") {
                    Some(Object::Name(n)) if !cmap.has_codespace() => predefined_cmap(n),
                    _ => CodeMap::Embedded(cmap),
                }
            }
            _ => CodeMap::Identity,
        };
        let descendant = match r.get(font, b"DescendantFonts") {
            Some(Object::Array(a)) => a
                .first()
                .and_then(|o| r.deref(o))
                .and_then(|o| o.as_dict().ok()),
            _ => None,
        };
        let mut default_width = 1.0;
        let mut widths = Vec::new();
        if let Some(d) = descendant {
            if let Some(dw) = r.get(d, b"DW").and_then(num) {
                default_width = dw * 0.001;
            }
            if let Some(Object::Array(w)) = r.get(d, b"W") {
                let items: Vec<&Object> = w.iter().filter_map(|o| r.deref(o)).collect();
                let mut i = 0;
                while i < items.len() && widths.len() < MAX_W_ENTRIES {
                    let Some(first) = num(items[i]) else {
                        i += 1;
                        continue;
                    };
                    let first = first.max(0.0) as u32;
                    match items.get(i + 1) {
                        Some(Object::Array(list)) => {
                            for (k, w) in list.iter().enumerate().take(MAX_W_ENTRIES) {
                                if let Some(w) = r.deref(w).and_then(num) {
                                    let c = first.saturating_add(k as u32);
                                    widths.push((c, c, w * 0.001));
                                }
                            }
                            i += 2;
                        }
                        Some(o) => {
                            let last = num(o).unwrap_or(0.0).max(0.0) as u32;
                            let w = items.get(i + 2).and_then(|o| num(o)).unwrap_or(0.0);
                            if last >= first {
                                widths.push((first, last, w * 0.001));
                            }
                            i += 3;
                        }
                        None => break,
                    }
                }
            }
        }
        widths.sort_by_key(|w| (w.0, w.1));
        let unicode_codes =
            matches!(font.get(b"ToUnicode"), Ok(Object::Name(n)) if n.starts_with(b"Identity"));
        let glyphs = if to_unicode.is_none() && !unicode_codes {
            descendant
                .and_then(|d| Self::glyph_text(r, d))
                .map(Box::new)
        } else {
            None
        };
        let collection = descendant
            .and_then(|d| r.get_dict(d, b"CIDSystemInfo"))
            .and_then(|info| {
                let text = |key: &[u8]| match r.get(info, key) {
                    Some(Object::String(s, _)) => Some(s.as_slice()),
                    _ => None,
                };
                super::cjk::Collection::from_ordering(text(b"Registry")?, text(b"Ordering")?)
            });
        Font {
            kind: Kind::Composite {
                codes: Box::new(codes),
                default_width,
                widths,
                glyphs,
                unicode_codes,
                collection,
            },
            to_unicode,
            vertical,
            size_scale: 1.0,
        }
    }

    /// Reads the cmap of an embedded TrueType program and the CID → glyph
    /// map, for fonts that carry no ToUnicode.
    fn glyph_text(r: &Resolver, cid_font: &Dictionary) -> Option<GlyphText> {
        let descriptor = r.get_dict(cid_font, b"FontDescriptor")?;
        let program = match r
            .get(descriptor, b"FontFile2")
            .or_else(|| r.get(descriptor, b"FontFile3"))
        {
            Some(Object::Stream(s)) => r.stream_data(s, r.limits.max_stream)?,
            _ => return None,
        };
        let chars = super::truetype::glyph_unicode(&program);
        if chars.is_empty() {
            return None;
        }
        let cid_to_gid = match r.get(cid_font, b"CIDToGIDMap") {
            Some(Object::Stream(s)) => Some(
                r.stream_data(s, r.limits.max_stream)?
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect(),
            ),
            _ => None,
        };
        Some(GlyphText { cid_to_gid, chars })
    }

    /// Splits `bytes` into character codes and calls `f` for each glyph.
    pub fn decode(&self, bytes: &[u8], mut f: impl FnMut(Glyph<'_>)) {
        match &self.kind {
            Kind::Simple { text, widths } => {
                for &b in bytes {
                    f(Glyph {
                        text: std::borrow::Cow::Borrowed(&text[b as usize]),
                        width: widths[b as usize],
                        is_space_code: b == 32,
                    });
                }
            }
            Kind::Composite {
                codes,
                default_width,
                widths,
                glyphs,
                unicode_codes,
                collection,
            } => {
                let mut i = 0;
                while i < bytes.len() {
                    let n = match codes.as_ref() {
                        CodeMap::Identity | CodeMap::Utf16 | CodeMap::SevenBit(_) => {
                            2.min(bytes.len() - i)
                        }
                        CodeMap::Embedded(c) => c.code_len(&bytes[i..], 2),
                        CodeMap::Legacy(_, two_byte_lead) => {
                            if lead_byte(bytes[i], *two_byte_lead) && i + 1 < bytes.len() {
                                2
                            } else {
                                1
                            }
                        }
                    };
                    let chunk = &bytes[i..i + n];
                    i += n;
                    let code = chunk.iter().fold(0u32, |a, &b| (a << 8) | b as u32);
                    let cid = match codes.as_ref() {
                        CodeMap::Embedded(c) => c.cid(code),
                        _ => code,
                    };
                    let width = match widths.binary_search_by(|&(lo, hi, _)| {
                        if cid < lo {
                            std::cmp::Ordering::Greater
                        } else if cid > hi {
                            std::cmp::Ordering::Less
                        } else {
                            std::cmp::Ordering::Equal
                        }
                    }) {
                        Ok(k) => widths[k].2,
                        Err(_) => *default_width,
                    };
                    let text = match self.to_unicode.as_ref().and_then(|c| c.lookup(code)) {
                        Some(t) => t,
                        None if *unicode_codes => std::borrow::Cow::Owned(
                            char::from_u32(code).map(String::from).unwrap_or_default(),
                        ),
                        None => match codes.as_ref() {
                            CodeMap::Legacy(enc, _) if glyphs.is_none() => std::borrow::Cow::Owned(
                                enc.decode_without_bom_handling(chunk).0.into_owned(),
                            ),
                            CodeMap::SevenBit(enc) if glyphs.is_none() => {
                                let high: Vec<u8> = chunk.iter().map(|b| b | 0x80).collect();
                                std::borrow::Cow::Owned(
                                    enc.decode_without_bom_handling(&high).0.into_owned(),
                                )
                            }
                            CodeMap::Utf16 if glyphs.is_none() => std::borrow::Cow::Owned(
                                char::from_u32(code).map(String::from).unwrap_or_default(),
                            ),
                            _ => std::borrow::Cow::Owned(
                                glyphs
                                    .as_ref()
                                    .and_then(|g| g.text(cid))
                                    .or_else(|| collection.and_then(|c| c.char_of(cid)))
                                    .map(String::from)
                                    .unwrap_or_default(),
                            ),
                        },
                    };
                    f(Glyph {
                        text,
                        width,
                        is_space_code: n == 1 && code == 32,
                    });
                }
            }
        }
    }
}

fn lead_byte(b: u8, two_byte_lead: bool) -> bool {
    if two_byte_lead {
        // Shift-JIS: lead bytes 0x81-0x9F and 0xE0-0xFC.
        matches!(b, 0x81..=0x9f | 0xe0..=0xfc)
    } else {
        b >= 0x81
    }
}

/// The code map of a predefined CMap name.
fn predefined_cmap(name: &[u8]) -> CodeMap {
    let n = String::from_utf8_lossy(name);
    if n.starts_with("Identity") {
        return CodeMap::Identity;
    }
    if n.contains("UCS2") || n.contains("UTF16") {
        return CodeMap::Utf16;
    }
    // The ISO-2022 forms: JIS X 0208 ("H", "V" and vendor variants),
    // GB 2312 and KS X 1001.
    let seven_bit = match n.as_ref() {
        "H" | "V" | "Add-H" | "Add-V" | "Ext-H" | "Ext-V" | "NWP-H" | "NWP-V" | "78-H" | "78-V" => {
            Some(encoding_rs::EUC_JP)
        }
        "GB-H" | "GB-V" => Some(encoding_rs::GBK),
        "KSC-H" | "KSC-V" => Some(encoding_rs::EUC_KR),
        _ => None,
    };
    if let Some(enc) = seven_bit {
        return CodeMap::SevenBit(enc);
    }
    if n.contains("RKSJ") {
        return CodeMap::Legacy(encoding_rs::SHIFT_JIS, true);
    }
    if n.starts_with("GB") {
        return CodeMap::Legacy(encoding_rs::GBK, false);
    }
    if n.starts_with("B5") || n.starts_with("ETen") || n.starts_with("HKscs") {
        return CodeMap::Legacy(encoding_rs::BIG5, false);
    }
    if n.starts_with("KSC") {
        return CodeMap::Legacy(encoding_rs::EUC_KR, false);
    }
    if n.starts_with("EUC") {
        return CodeMap::Legacy(encoding_rs::EUC_JP, false);
    }
    CodeMap::Identity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_type1_encoding_is_read_from_the_font_program() {
        let prog = b"%!PS-AdobeFont-1.0: CMR10\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 12 /fi put\ndup 65 /A put\nreadonly def\ncurrentfile eexec";
        let enc = type1_builtin_encoding(prog).unwrap();
        assert_eq!(enc[12].as_deref(), Some(&b"fi"[..]));
        assert_eq!(enc[65].as_deref(), Some(&b"A"[..]));
        assert_eq!(enc[66], None);
    }

    #[test]
    fn standard_font_widths_depend_on_the_family() {
        assert_eq!(standard_width(b"Helvetica", 'i'), Some(222.0));
        assert_eq!(standard_width(b"Times-Roman", 'i'), Some(278.0));
        assert_eq!(standard_width(b"Courier-Bold", 'i'), Some(600.0));
    }

    #[test]
    fn numbered_glyph_names_fall_back_to_their_code() {
        assert_eq!(numbered_glyph(b"g65", false).as_deref(), Some("A"));
        assert_eq!(numbered_glyph(b"G41", false).as_deref(), Some("A"));
        assert_eq!(numbered_glyph(b"glyph65", false), None);
        // Type 3 fonts of Spanish text: codes above ASCII are Latin letters.
        assert_eq!(numbered_glyph(b"a233", true).as_deref(), Some("é"));
        assert_eq!(numbered_glyph(b"a241", true).as_deref(), Some("ñ"));
        assert_eq!(numbered_glyph(b"g150", true).as_deref(), Some("\u{2013}"));
        assert_eq!(numbered_glyph(b"a7", true), None);
        assert_eq!(numbered_glyph(b"g152", false), None);
        assert_eq!(numbered_glyph(b"a300", true), None);
    }
}

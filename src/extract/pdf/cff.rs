//! The built-in encoding of an embedded CFF (Type1C) font program: code →
//! glyph → glyph name (string id) → Unicode, for simple fonts that carry
//! neither `/Encoding` nor ToUnicode (TeX math fonts through many
//! optimizers).

use super::encoding::{BaseEncoding, glyph_to_unicode};

fn u8_at(d: &[u8], at: usize) -> Option<usize> {
    d.get(at).map(|&b| b as usize)
}

fn u16_at(d: &[u8], at: usize) -> Option<usize> {
    Some(((*d.get(at)? as usize) << 8) | *d.get(at + 1)? as usize)
}

fn offset_at(d: &[u8], at: usize, size: usize) -> Option<usize> {
    let mut v = 0usize;
    for i in 0..size {
        v = (v << 8) | *d.get(at + i)? as usize;
    }
    Some(v)
}

/// An INDEX at `pos`: its items and the position after it.
fn index(d: &[u8], pos: usize) -> Option<(Vec<&[u8]>, usize)> {
    let count = u16_at(d, pos)?;
    if count == 0 {
        return Some((Vec::new(), pos + 2));
    }
    let off_size = u8_at(d, pos + 2)?;
    if !(1..=4).contains(&off_size) || count > 65535 {
        return None;
    }
    let offsets_at = pos + 3;
    let data_at = offsets_at + (count + 1) * off_size - 1;
    let mut items = Vec::with_capacity(count);
    let mut prev = offset_at(d, offsets_at, off_size)?;
    for i in 1..=count {
        let next = offset_at(d, offsets_at + i * off_size, off_size)?;
        items.push(d.get(data_at + prev..data_at + next)?);
        prev = next;
    }
    Some((items, data_at + prev))
}

/// The integer operands of the Top DICT operators we need: charset (15),
/// Encoding (16), CharStrings (17).
fn top_dict(dict: &[u8]) -> (usize, usize, Option<usize>) {
    let (mut charset, mut encoding, mut charstrings) = (0, 0, None);
    let mut operands: Vec<i64> = Vec::new();
    let mut i = 0;
    while i < dict.len() {
        let b = dict[i];
        match b {
            32..=246 => {
                operands.push(b as i64 - 139);
                i += 1;
            }
            247..=250 => {
                let w = *dict.get(i + 1).unwrap_or(&0) as i64;
                operands.push((b as i64 - 247) * 256 + w + 108);
                i += 2;
            }
            251..=254 => {
                let w = *dict.get(i + 1).unwrap_or(&0) as i64;
                operands.push(-(b as i64 - 251) * 256 - w - 108);
                i += 2;
            }
            28 => {
                operands.push(u16_at(dict, i + 1).unwrap_or(0) as i16 as i64);
                i += 3;
            }
            29 => {
                operands.push(offset_at(dict, i + 1, 4).unwrap_or(0) as i32 as i64);
                i += 5;
            }
            30 => {
                // A real number: nibbles up to an 0xf nibble.
                i += 1;
                while i < dict.len() {
                    let v = dict[i];
                    i += 1;
                    if v & 0x0f == 0x0f || v >> 4 == 0x0f {
                        break;
                    }
                }
                operands.push(0);
            }
            _ => {
                let last = operands.last().copied().unwrap_or(0).max(0) as usize;
                match b {
                    15 => charset = last,
                    16 => encoding = last,
                    17 => charstrings = Some(last),
                    _ => {}
                }
                i += if b == 12 { 2 } else { 1 };
                operands.clear();
            }
        }
    }
    (charset, encoding, charstrings)
}

/// The text of each code of the font's own encoding; `None` when the
/// program uses the standard encoding or cannot be read.
pub fn builtin_encoding(d: &[u8]) -> Option<Vec<Option<String>>> {
    let header = u8_at(d, 2)?;
    let (_, after_names) = index(d, header)?;
    let (top, after_top) = index(d, after_names)?;
    let (strings, _) = index(d, after_top)?;
    let (charset_at, encoding_at, charstrings_at) = top_dict(top.first()?);
    if encoding_at <= 1 {
        return None;
    }
    let glyphs = u16_at(d, charstrings_at?)?.min(65535);
    // Glyph id → string id.
    let mut sids = vec![0usize; glyphs.max(1)];
    if charset_at == 0 {
        for (gid, sid) in sids.iter_mut().enumerate() {
            *sid = gid;
        }
    } else if charset_at > 2 {
        let format = u8_at(d, charset_at)?;
        let mut pos = charset_at + 1;
        let mut gid = 1;
        while gid < glyphs {
            match format {
                0 => {
                    sids[gid] = u16_at(d, pos)?;
                    pos += 2;
                    gid += 1;
                }
                1 | 2 => {
                    let first = u16_at(d, pos)?;
                    let left = if format == 1 {
                        u8_at(d, pos + 2)?
                    } else {
                        u16_at(d, pos + 2)?
                    };
                    pos += if format == 1 { 3 } else { 4 };
                    for k in 0..=left {
                        if gid >= glyphs {
                            break;
                        }
                        sids[gid] = first + k;
                        gid += 1;
                    }
                }
                _ => return None,
            }
        }
    }
    // Code → string id.
    let mut codes: Vec<Option<usize>> = vec![None; 256];
    let format = u8_at(d, encoding_at)?;
    let mut pos = encoding_at + 1;
    match format & 0x7f {
        0 => {
            let n = u8_at(d, pos)?;
            for gid in 1..=n {
                let code = u8_at(d, pos + gid)?;
                if let Some(&sid) = sids.get(gid) {
                    codes[code] = Some(sid);
                }
            }
            pos += n + 1;
        }
        1 => {
            let ranges = u8_at(d, pos)?;
            let mut gid = 1;
            for r in 0..ranges {
                let first = u8_at(d, pos + 1 + r * 2)?;
                let left = u8_at(d, pos + 2 + r * 2)?;
                for slot in codes.iter_mut().skip(first).take(left + 1) {
                    if let Some(&sid) = sids.get(gid) {
                        *slot = Some(sid);
                    }
                    gid += 1;
                }
            }
            pos += 1 + ranges * 2;
        }
        _ => return None,
    }
    if format & 0x80 != 0 {
        let n = u8_at(d, pos)?;
        for k in 0..n {
            let code = u8_at(d, pos + 1 + k * 3)?;
            codes[code] = Some(u16_at(d, pos + 2 + k * 3)?);
        }
    }
    Some(
        codes
            .into_iter()
            .map(|sid| sid.and_then(|sid| sid_text(sid, &strings)))
            .collect(),
    )
}

/// Standard strings 150-228 (ISO Latin-1 additions), by name.
const LATIN_SIDS: [&str; 79] = [
    "onesuperior",
    "logicalnot",
    "mu",
    "trademark",
    "Eth",
    "onehalf",
    "plusminus",
    "Thorn",
    "onequarter",
    "divide",
    "brokenbar",
    "degree",
    "thorn",
    "threequarters",
    "twosuperior",
    "registered",
    "minus",
    "eth",
    "multiply",
    "threesuperior",
    "copyright",
    "Aacute",
    "Acircumflex",
    "Adieresis",
    "Agrave",
    "Aring",
    "Atilde",
    "Ccedilla",
    "Eacute",
    "Ecircumflex",
    "Edieresis",
    "Egrave",
    "Iacute",
    "Icircumflex",
    "Idieresis",
    "Igrave",
    "Ntilde",
    "Oacute",
    "Ocircumflex",
    "Odieresis",
    "Ograve",
    "Otilde",
    "Scaron",
    "Uacute",
    "Ucircumflex",
    "Udieresis",
    "Ugrave",
    "Yacute",
    "Ydieresis",
    "Zcaron",
    "aacute",
    "acircumflex",
    "adieresis",
    "agrave",
    "aring",
    "atilde",
    "ccedilla",
    "eacute",
    "ecircumflex",
    "edieresis",
    "egrave",
    "iacute",
    "icircumflex",
    "idieresis",
    "igrave",
    "ntilde",
    "oacute",
    "ocircumflex",
    "odieresis",
    "ograve",
    "otilde",
    "scaron",
    "uacute",
    "ucircumflex",
    "udieresis",
    "ugrave",
    "yacute",
    "ydieresis",
    "zcaron",
];

/// The text of a string id: standard strings 1-149 follow the standard
/// encoding's glyphs in code order, 150-228 the Latin-1 additions; higher
/// ids are the font's own strings.
fn sid_text(sid: usize, strings: &[&[u8]]) -> Option<String> {
    match sid {
        0 => None,
        1..=149 => {
            let code = (32u16..=255)
                .filter(|&c| BaseEncoding::Standard.decode(c as u8).is_some())
                .nth(sid - 1)?;
            BaseEncoding::Standard
                .decode(code as u8)
                .map(|c| c.to_string())
        }
        150..=228 => glyph_to_unicode(LATIN_SIDS[sid - 150].as_bytes()),
        229..=390 => None,
        _ => glyph_to_unicode(strings.get(sid - 391)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_string_ids_follow_the_standard_encoding() {
        assert_eq!(sid_text(1, &[]).as_deref(), Some(" "));
        assert_eq!(sid_text(34, &[]).as_deref(), Some("A"));
        assert_eq!(sid_text(109, &[]).as_deref(), Some("\u{fb01}"));
        assert_eq!(sid_text(149, &[]).as_deref(), Some("ß"));
        assert_eq!(sid_text(166, &[]).as_deref(), Some("\u{2212}"));
        assert_eq!(sid_text(391, &[b"element"]).as_deref(), Some("\u{2208}"));
    }

    #[test]
    fn garbage_is_not_an_encoding() {
        assert_eq!(builtin_encoding(b"not a font at all"), None);
        assert_eq!(builtin_encoding(&[1, 0, 4, 1, 0, 0xff, 0xff]), None);
    }
}

//! CMaps: the code-space ranges that split a string into character codes,
//! the ToUnicode mappings (`bfchar`, `bfrange`) from codes to text, and the
//! code → CID mappings (`cidchar`, `cidrange`) of embedded encoding CMaps.

use super::lexer::{Lexer, Operand, Token};
use std::collections::HashMap;

/// Ranges larger than this are cut, so a hostile `bfrange` cannot make us
/// allocate or iterate over billions of codes.
const MAX_RANGE: u32 = 0x10000;
/// At most this many entries are read from one CMap.
const MAX_ENTRIES: usize = 200_000;

/// What a `bfrange` maps its codes to.
#[derive(Debug, Clone)]
enum RangeTarget {
    /// UTF-16 units; the last unit grows with the code.
    Base(Vec<u16>),
    /// One text per code.
    List(Vec<String>),
}

/// A parsed CMap. One type serves both ToUnicode CMaps and encoding CMaps;
/// each fills in the parts it has.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// (byte length, low, high) of each code-space range.
    codespace: Vec<(usize, u32, u32)>,
    chars: HashMap<u32, String>,
    ranges: Vec<(u32, u32, RangeTarget)>,
    cid_chars: HashMap<u32, u32>,
    cid_ranges: Vec<(u32, u32, u32)>,
    /// 1 for vertical writing.
    pub wmode: u8,
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | b as u32)
}

fn utf16_text(bytes: &[u8]) -> String {
    let units = bytes.chunks(2).map(|c| {
        if c.len() == 2 {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            c[0] as u16
        }
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{fffd}'))
        .collect()
}

impl CMap {
    /// Parses a CMap stream's decoded bytes; damaged entries are skipped.
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lex = Lexer::new(data);
        let mut ops: Vec<Operand> = Vec::new();
        let mut entries = 0usize;
        let mut last_name: Option<Vec<u8>> = None;
        while let Some(tok) = lex.next_token() {
            match tok {
                Token::Operand(op) => {
                    if let Operand::Name(n) = &op {
                        last_name = Some(n.to_vec());
                    } else if let (Some(n), Operand::Number(v)) = (&last_name, &op) {
                        if n == b"WMode" {
                            cmap.wmode = (*v as i32 == 1) as u8;
                        }
                        last_name = None;
                    }
                    if ops.len() < 3 * 10_000 {
                        ops.push(op);
                    }
                }
                Token::Operator(op) => {
                    match op {
                        b"endcodespacerange" => {
                            for pair in ops.chunks(2) {
                                if let [Operand::Str(lo), Operand::Str(hi)] = pair
                                    && !lo.is_empty()
                                    && lo.len() <= 4
                                {
                                    cmap.codespace.push((lo.len(), code_of(lo), code_of(hi)));
                                }
                            }
                        }
                        b"endbfchar" => {
                            for pair in ops.chunks(2) {
                                if entries >= MAX_ENTRIES {
                                    break;
                                }
                                if let [Operand::Str(src), dst] = pair {
                                    let text = match dst {
                                        Operand::Str(d) => utf16_text(d),
                                        Operand::Name(n) => {
                                            super::encoding::glyph_to_unicode(n).unwrap_or_default()
                                        }
                                        _ => continue,
                                    };
                                    cmap.chars.insert(code_of(src), text);
                                    entries += 1;
                                }
                            }
                        }
                        b"endbfrange" => {
                            for triple in ops.chunks(3) {
                                if entries >= MAX_ENTRIES {
                                    break;
                                }
                                if let [Operand::Str(lo), Operand::Str(hi), dst] = triple {
                                    let lo = code_of(lo);
                                    let hi = code_of(hi).min(lo.saturating_add(MAX_RANGE));
                                    if hi < lo {
                                        continue;
                                    }
                                    let target = match dst {
                                        Operand::Str(d) => RangeTarget::Base(
                                            d.chunks(2)
                                                .map(|c| {
                                                    if c.len() == 2 {
                                                        u16::from_be_bytes([c[0], c[1]])
                                                    } else {
                                                        c[0] as u16
                                                    }
                                                })
                                                .collect(),
                                        ),
                                        Operand::Array(items) => RangeTarget::List(
                                            items
                                                .iter()
                                                .map(|i| match i {
                                                    Operand::Str(d) => utf16_text(d),
                                                    _ => String::new(),
                                                })
                                                .collect(),
                                        ),
                                        _ => continue,
                                    };
                                    cmap.ranges.push((lo, hi, target));
                                    entries += 1;
                                }
                            }
                        }
                        b"endcidchar" => {
                            for pair in ops.chunks(2) {
                                if let [Operand::Str(src), Operand::Number(cid)] = pair {
                                    cmap.cid_chars.insert(code_of(src), *cid as u32);
                                }
                            }
                        }
                        b"endcidrange" => {
                            for triple in ops.chunks(3) {
                                if let [Operand::Str(lo), Operand::Str(hi), Operand::Number(cid)] =
                                    triple
                                {
                                    let (lo, hi) = (code_of(lo), code_of(hi));
                                    if hi >= lo {
                                        cmap.cid_ranges.push((lo, hi, *cid as u32));
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                    ops.clear();
                }
            }
        }
        cmap
    }

    /// Whether this CMap maps any code to text.
    pub fn has_text(&self) -> bool {
        !self.chars.is_empty() || !self.ranges.is_empty()
    }

    /// Whether code-space ranges were given.
    pub fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// The text for a character code.
    pub fn lookup(&self, code: u32) -> Option<std::borrow::Cow<'_, str>> {
        if let Some(t) = self.chars.get(&code) {
            return Some(std::borrow::Cow::Borrowed(t));
        }
        for (lo, hi, target) in self.ranges.iter().rev() {
            if code < *lo || code > *hi {
                continue;
            }
            let off = code - lo;
            return match target {
                RangeTarget::Base(units) => {
                    let mut units = units.clone();
                    if let Some(last) = units.last_mut() {
                        *last = last.wrapping_add(off as u16);
                    }
                    Some(std::borrow::Cow::Owned(
                        char::decode_utf16(units)
                            .map(|r| r.unwrap_or('\u{fffd}'))
                            .collect(),
                    ))
                }
                RangeTarget::List(items) => items
                    .get(off as usize)
                    .map(|s| std::borrow::Cow::Borrowed(s.as_str())),
            };
        }
        None
    }

    /// The CID of a code in an encoding CMap (the code itself when unmapped).
    pub fn cid(&self, code: u32) -> u32 {
        if let Some(c) = self.cid_chars.get(&code) {
            return *c;
        }
        for (lo, hi, start) in &self.cid_ranges {
            if code >= *lo && code <= *hi {
                return start.saturating_add(code - lo);
            }
        }
        code
    }

    /// How many bytes the code starting at `bytes[0]` takes, by the
    /// code-space ranges; `default` when none matches.
    pub fn code_len(&self, bytes: &[u8], default: usize) -> usize {
        if self.codespace.is_empty() {
            return default.min(bytes.len()).max(1);
        }
        for n in 1..=4.min(bytes.len()) {
            let code = code_of(&bytes[..n]);
            if self
                .codespace
                .iter()
                .any(|&(len, lo, hi)| len == n && code >= lo && code <= hi)
            {
                return n;
            }
        }
        // No range matched: take the shortest declared length, as readers do.
        let min = self.codespace.iter().map(|c| c.0).min().unwrap_or(default);
        min.min(bytes.len()).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        2 beginbfchar <0003> <0020> <0011> <00660069> endbfchar
        2 beginbfrange <0024> <0026> <0041> <0030> <0031> [<0061> <D83DDE00>] endbfrange
        endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn parses_bfchar_and_bfrange_with_one_to_many_and_surrogates() {
        let c = CMap::parse(SAMPLE);
        assert_eq!(c.lookup(0x0003).as_deref(), Some(" "));
        assert_eq!(c.lookup(0x0011).as_deref(), Some("fi"));
        assert_eq!(c.lookup(0x0025).as_deref(), Some("B"));
        assert_eq!(c.lookup(0x0031).as_deref(), Some("😀"));
        assert_eq!(c.lookup(0x0027), None);
        assert_eq!(c.code_len(&[0, 3, 0, 4], 1), 2);
    }

    #[test]
    fn mixed_code_lengths_follow_the_codespace() {
        let c = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange");
        assert_eq!(c.code_len(b"A\x81\x40", 2), 1);
        assert_eq!(c.code_len(b"\x81\x40", 1), 2);
    }

    #[test]
    fn huge_ranges_are_cut() {
        let c = CMap::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert_eq!(c.lookup(1).as_deref(), Some("B"));
        assert_eq!(c.lookup(0x20000), None);
    }
}

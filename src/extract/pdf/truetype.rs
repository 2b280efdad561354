//! The `cmap` table of an embedded TrueType/OpenType font program, read
//! backwards (glyph id → Unicode), for composite fonts that carry no
//! ToUnicode CMap.

use std::collections::HashMap;

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *d.get(at)?,
        *d.get(at + 1)?,
        *d.get(at + 2)?,
        *d.get(at + 3)?,
    ]))
}

/// Characters read from one font at most, so a hostile table stays cheap.
const MAX_CHARS: usize = 70_000;

/// Glyph id → the (lowest) Unicode character the font's cmap maps to it.
/// Empty when the program has no usable Unicode cmap.
pub fn glyph_unicode(font: &[u8]) -> HashMap<u16, char> {
    let mut out = HashMap::new();
    let _ = read(font, &mut out);
    out
}

fn read(font: &[u8], out: &mut HashMap<u16, char>) -> Option<()> {
    let tables = u16_at(font, 4)? as usize;
    let mut cmap = None;
    for i in 0..tables.min(64) {
        let rec = 12 + i * 16;
        if font.get(rec..rec + 4)? == b"cmap" {
            cmap = Some(u32_at(font, rec + 8)? as usize);
        }
    }
    let cmap = cmap?;
    let n = u16_at(font, cmap + 2)? as usize;
    // Prefer the full-repertoire Unicode subtable, then BMP Unicode.
    let mut best: Option<(u8, usize)> = None;
    for i in 0..n.min(64) {
        let rec = cmap + 4 + i * 8;
        let (platform, encoding) = (u16_at(font, rec)?, u16_at(font, rec + 2)?);
        let offset = cmap + u32_at(font, rec + 4)? as usize;
        let rank = match (platform, encoding) {
            (3, 10) | (0, 4) | (0, 6) => 3,
            (3, 1) | (0, _) => 2,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, offset));
        }
    }
    let (_, sub) = best?;
    match u16_at(font, sub)? {
        4 => {
            let segs = u16_at(font, sub + 6)? as usize / 2;
            let ends = sub + 14;
            let starts = ends + segs * 2 + 2;
            let deltas = starts + segs * 2;
            let ranges = deltas + segs * 2;
            for s in 0..segs {
                let end = u16_at(font, ends + s * 2)?;
                let start = u16_at(font, starts + s * 2)?;
                let delta = u16_at(font, deltas + s * 2)?;
                let ro_at = ranges + s * 2;
                let ro = u16_at(font, ro_at)? as usize;
                if start > end {
                    continue;
                }
                for c in start..=end {
                    if c == 0xffff || out.len() >= MAX_CHARS {
                        break;
                    }
                    let gid = if ro == 0 {
                        c.wrapping_add(delta)
                    } else {
                        let at = ro_at + ro + 2 * (c - start) as usize;
                        match u16_at(font, at) {
                            Some(0) | None => continue,
                            Some(g) => g.wrapping_add(delta),
                        }
                    };
                    if let Some(ch) = char::from_u32(c as u32) {
                        out.entry(gid).or_insert(ch);
                    }
                }
            }
        }
        12 => {
            let groups = u32_at(font, sub + 12)? as usize;
            for g in 0..groups.min(MAX_CHARS) {
                let at = sub + 16 + g * 12;
                let (start, end, gid) = (
                    u32_at(font, at)?,
                    u32_at(font, at + 4)?,
                    u32_at(font, at + 8)?,
                );
                if end < start || (end - start) as usize > MAX_CHARS {
                    continue;
                }
                for (k, c) in (start..=end).enumerate() {
                    if out.len() >= MAX_CHARS {
                        return Some(());
                    }
                    let Ok(gid) = u16::try_from(gid as usize + k) else {
                        break;
                    };
                    if let Some(ch) = char::from_u32(c) {
                        out.entry(gid).or_insert(ch);
                    }
                }
            }
        }
        _ => {}
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A font with only a cmap table holding one format-4 segment 'A'..'C'
    /// → glyphs 5..7, and the end segment.
    fn tiny_font() -> Vec<u8> {
        let mut sub = Vec::new();
        let segs: [(u16, u16, u16); 2] =
            [(0x41, 0x43, 5u16.wrapping_sub(0x41)), (0xffff, 0xffff, 1)];
        sub.extend_from_slice(&4u16.to_be_bytes());
        sub.extend_from_slice(&0u16.to_be_bytes()); // length, unused here
        sub.extend_from_slice(&0u16.to_be_bytes());
        sub.extend_from_slice(&(segs.len() as u16 * 2).to_be_bytes());
        sub.extend_from_slice(&[0; 6]);
        segs.iter()
            .for_each(|s| sub.extend_from_slice(&s.1.to_be_bytes()));
        sub.extend_from_slice(&0u16.to_be_bytes());
        segs.iter()
            .for_each(|s| sub.extend_from_slice(&s.0.to_be_bytes()));
        segs.iter()
            .for_each(|s| sub.extend_from_slice(&s.2.to_be_bytes()));
        segs.iter()
            .for_each(|_| sub.extend_from_slice(&0u16.to_be_bytes()));
        let mut cmap = Vec::new();
        cmap.extend_from_slice(&0u16.to_be_bytes());
        cmap.extend_from_slice(&1u16.to_be_bytes());
        cmap.extend_from_slice(&3u16.to_be_bytes());
        cmap.extend_from_slice(&1u16.to_be_bytes());
        cmap.extend_from_slice(&12u32.to_be_bytes());
        cmap.extend_from_slice(&sub);
        let mut font = vec![0, 1, 0, 0];
        font.extend_from_slice(&1u16.to_be_bytes());
        font.extend_from_slice(&[0; 6]);
        font.extend_from_slice(b"cmap");
        font.extend_from_slice(&0u32.to_be_bytes());
        font.extend_from_slice(&28u32.to_be_bytes());
        font.extend_from_slice(&(cmap.len() as u32).to_be_bytes());
        font.extend_from_slice(&cmap);
        font
    }

    #[test]
    fn format_4_segments_map_glyphs_back_to_characters() {
        let m = glyph_unicode(&tiny_font());
        assert_eq!(m.get(&5), Some(&'A'));
        assert_eq!(m.get(&7), Some(&'C'));
        assert_eq!(m.get(&8), None);
    }

    #[test]
    fn garbage_gives_an_empty_map() {
        assert!(glyph_unicode(b"not a font").is_empty());
        assert!(glyph_unicode(&[0xff; 40]).is_empty());
    }
}

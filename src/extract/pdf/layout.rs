//! Page layout: positioned characters → words → lines → blocks in reading
//! order → page text. Words break at space characters, at gaps wider than a
//! fraction of the font size and where the baseline or size changes
//! (superscripts); blocks come from a recursive cut of the page along empty
//! horizontal bands and column gutters, so two-column pages read column by
//! column. A gutter need not cross the whole page: titles, headers and tables
//! that span the columns cross it, stay where they are, and the columns
//! between them read top to bottom, one after the other. Each line joins its words left to right as drawn, touching ones
//! without a space, and is then put into reading order for right-to-left
//! scripts.

use super::content::Char;

/// A gap wider than this fraction of the font size separates two words.
const WORD_GAP: f32 = 0.1;
/// A character this far before the end of the word (overlap) starts a new
/// word: the stream went back.
const MAX_OVERLAP: f32 = 0.5;
/// Two words on a line closer than this fraction of the font size touch:
/// they are written without a space between them.
const JOIN_GAP: f32 = 0.03;
/// In a line of lone characters, a gap this many times the tightest one
/// separates words.
const LETTER_GAP_FACTOR: f32 = 1.3;
/// Characters further apart than this fraction of the font size are not
/// letters of one spaced word.
const MAX_LETTER_GAP: f32 = 0.4;
/// Copies of a character or word closer than this fraction of the font size
/// are one drawn twice.
const DUP_DISTANCE: f32 = 0.15;
/// A baseline moved by more than this fraction of the font size starts a
/// new word.
const SHIFT: f32 = 0.05;
/// A font size differing by more than this fraction starts a new word.
const SIZE_CHANGE: f32 = 0.05;
/// Baselines closer than this fraction of the font size are one line.
const BASELINE_TOLERANCE: f32 = 0.5;
/// A vertical strip at least this wide (in font sizes) with no text across a
/// region is a column gutter.
const GUTTER: f32 = 0.9;
/// A gap in a single line, lined up with no other line, must be this wide
/// (in font sizes) to split the line into columns.
const LONE_GUTTER: f32 = 3.0;
/// Lines a column needs on each side of a gutter crossed by some lines
/// (full-width titles, tables) before the gutter counts.
const COLUMN_LINES: usize = 3;
/// Share of its column's width the median line of running text fills.
const FULL_LINE: f32 = 0.5;
/// Empty height between two lines, in font sizes, that breaks a table
/// row from the next when it runs across both sides of a gutter.
const ROW_BREAK: f32 = 0.5;
/// Lines per side that stretches between such breaks have on average in
/// columns of text, at least, when there are several; fewer make a table.
const TABLE_ROW_LINES: usize = 6;
/// Words the median line of running text holds, at least.
const LINE_WORDS: usize = 4;
/// Bins of the coverage profile a gutter is looked for in, at most: bounds
/// the work per region whatever the page's size.
const MAX_BINS: usize = 2048;
/// Recursion bound of the layout cut.
const MAX_DEPTH: usize = 64;

/// A word: characters on one baseline with no gap between them.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    /// Where the last character added starts (for spotting overprints).
    last_x0: f32,
    /// Where the last character added ends (for placing accents).
    last_x1: f32,
    last_c: char,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    rot: u8,
}

impl Word {
    fn top(&self) -> f32 {
        self.y - 0.75 * self.size
    }
    fn bottom(&self) -> f32 {
        self.y + 0.2 * self.size
    }
}

/// Lays out one page's characters as text: lines separated by `\n`,
/// blocks by an empty line.
pub fn page_text(chars: &[Char]) -> String {
    let words = build_words(chars);
    if words.is_empty() {
        return String::new();
    }
    let rtl = rtl_page(&words);
    let mut out = String::new();
    // Upright text first, then the other directions.
    for rot in [0u8, 1, 3, 2] {
        let ws: Vec<&Word> = words.iter().filter(|w| w.rot == rot).collect();
        if ws.is_empty() {
            continue;
        }
        let mut blocks: Vec<Vec<String>> = Vec::new();
        cut(ws, &mut blocks, rtl, 0);
        for block in blocks {
            if block.is_empty() {
                continue;
            }
            let mut joined = false;
            for (i, line) in block.iter().enumerate() {
                out.push_str(line);
                // A line ending in a hyphen after a letter continues on the
                // next line of its block: the hyphen goes, as pdftotext does,
                // provided the next line goes on with a lowercase letter (a
                // running footer below the last line must not be glued on).
                let mut rev = line.chars().rev();
                let next_lower = block
                    .get(i + 1)
                    .and_then(|n| n.chars().next())
                    .is_none_or(char::is_lowercase);
                joined = rev.next() == Some('-')
                    && rev.next().is_some_and(char::is_alphabetic)
                    && next_lower;
                if joined {
                    out.pop();
                } else {
                    out.push('\n');
                }
            }
            if joined {
                out.push_str("-\n");
            }
            out.push('\n');
        }
    }
    out
}

fn build_words(chars: &[Char]) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Option<Word> = None;
    for ch in chars {
        if ch.c.is_whitespace() {
            if let Some(w) = cur.take() {
                words.push(w);
            }
            continue;
        }
        if let Some(w) = cur.as_mut()
            && attach_accent(w, ch)
        {
            continue;
        }
        if let Some(w) = cur.as_mut() {
            let size = w.size.max(ch.size);
            // A raised or lowered character, or one in another size, starts
            // a word of its own (superscripts, subscripts); the line puts
            // it back against its neighbour when they touch.
            let same_run = w.rot == ch.rot
                && (ch.y - w.y).abs() <= SHIFT * size
                && (ch.size - w.size).abs() <= SIZE_CHANGE * size;
            if same_run {
                // The same character again at the same place: an overprint
                // (fake bold, halo), drawn once.
                if w.last_c == ch.c && (ch.x0 - w.last_x0).abs() < DUP_DISTANCE * size {
                    continue;
                }
                let gap = ch.x0 - w.x1;
                if gap <= WORD_GAP * size && gap >= -MAX_OVERLAP * size {
                    w.text.push(ch.c);
                    w.last_x0 = ch.x0;
                    w.last_x1 = ch.x1;
                    w.last_c = ch.c;
                    w.x1 = w.x1.max(ch.x1);
                    w.size = w.size.max(ch.size);
                    continue;
                }
                // Drawn right to left: the character ends where the word
                // starts.
                let back_gap = w.x0 - ch.x1;
                if back_gap <= WORD_GAP * size && back_gap >= -MAX_OVERLAP * size && ch.x0 < w.x0 {
                    w.text.insert(0, ch.c);
                    w.x0 = ch.x0;
                    continue;
                }
            }
        }
        if let Some(w) = cur.take() {
            words.push(w);
        }
        cur = Some(Word {
            text: ch.c.to_string(),
            last_x0: ch.x0,
            last_x1: ch.x1,
            last_c: ch.c,
            x0: ch.x0,
            x1: ch.x1.max(ch.x0),
            y: ch.y,
            size: if ch.size > 0.0 { ch.size } else { 1.0 },
            rot: ch.rot,
        });
    }
    if let Some(w) = cur.take() {
        words.push(w);
    }
    drop_overprinted_words(words)
}

/// The combining form of a spacing accent (the glyph a producer draws
/// over a letter when the font has no accented letter).
fn combining_accent(c: char) -> Option<char> {
    Some(match c {
        '\u{60}' => '\u{300}',
        '\u{b4}' => '\u{301}',
        '\u{2c6}' => '\u{302}',
        '\u{2dc}' => '\u{303}',
        '\u{af}' | '\u{2c9}' => '\u{304}',
        '\u{2d8}' => '\u{306}',
        '\u{2d9}' => '\u{307}',
        '\u{a8}' => '\u{308}',
        '\u{2da}' => '\u{30a}',
        '\u{2dd}' => '\u{30b}',
        '\u{2c7}' => '\u{30c}',
        '\u{b8}' => '\u{327}',
        '\u{2db}' => '\u{328}',
        '\u{300}'..='\u{36f}' => c,
        _ => return None,
    })
}

/// Adds a combining mark to the end of a word, as one accented letter
/// where Unicode has it ("e" and U+0301 make "é").
fn push_mark(text: &mut String, mark: char) {
    let composed = text
        .chars()
        .next_back()
        .and_then(|c| unicode_normalization::char::compose(c, mark));
    match composed {
        Some(c) => {
            text.pop();
            text.push(c);
        }
        None => text.push(mark),
    }
}

/// Puts an accent drawn over a letter (before or after it, usually on a
/// baseline of its own) after that letter as a combining mark, so "e" and
/// "´" read as "é". True when `ch` was taken.
fn attach_accent(w: &mut Word, ch: &Char) -> bool {
    let size = w.size.max(ch.size);
    if w.rot != ch.rot || (ch.size - w.size).abs() > SIZE_CHANGE * size || (ch.y - w.y).abs() > size
    {
        return false;
    }
    let centred_on = |c: f32, x0: f32, x1: f32| x0 < c && c < x1;
    if let Some(mark) = combining_accent(ch.c) {
        if !centred_on((ch.x0 + ch.x1) / 2.0, w.last_x0, w.last_x1) {
            return false;
        }
        push_mark(&mut w.text, mark);
        return true;
    }
    // The accent came first: the letter goes before it.
    let Some(mark) = combining_accent(w.last_c) else {
        return false;
    };
    if !centred_on((w.last_x0 + w.last_x1) / 2.0, ch.x0, ch.x1) || !w.text.ends_with(w.last_c) {
        return false;
    }
    w.text.pop();
    if w.text.is_empty() {
        // The word was the accent alone, on its raised baseline.
        w.y = ch.y;
        w.x0 = ch.x0;
    }
    w.text.push(ch.c);
    push_mark(&mut w.text, mark);
    w.last_x0 = ch.x0;
    w.last_x1 = ch.x1;
    w.last_c = ch.c;
    w.x1 = w.x1.max(ch.x1);
    true
}

/// Drops words drawn a second time at (almost) the same place: producers
/// draw text twice for fake bold, halos and shadows.
fn drop_overprinted_words(words: Vec<Word>) -> Vec<Word> {
    let mut order: Vec<usize> = (0..words.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&words[a], &words[b]);
        a.rot.cmp(&b.rot).then(a.y.total_cmp(&b.y))
    });
    let mut dropped = vec![false; words.len()];
    for (k, &i) in order.iter().enumerate() {
        if dropped[i] {
            continue;
        }
        let w = &words[i];
        let near = DUP_DISTANCE * w.size;
        for &j in &order[k + 1..] {
            let o = &words[j];
            if o.rot != w.rot || o.y - w.y > 2.0 * near {
                break;
            }
            if !dropped[j] && (o.x0 - w.x0).abs() < near && o.text == w.text {
                dropped[j] = true;
            }
        }
    }
    if !dropped.contains(&true) {
        return words;
    }
    words
        .into_iter()
        .zip(dropped)
        .filter_map(|(w, d)| (!d).then_some(w))
        .collect()
}

fn median_size(words: &[&Word]) -> f32 {
    let mut sizes: Vec<f32> = words.iter().map(|w| w.size).collect();
    let mid = sizes.len() / 2;
    sizes.select_nth_unstable_by(mid, f32::total_cmp);
    sizes[mid].max(0.5)
}

/// Empty vertical strips at least `min` wide between the words' extents,
/// as (left edge, right edge).
fn gutters(words: &[&Word], min: f32) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = words.iter().map(|w| (w.x0, w.x1.max(w.x0))).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut raw = Vec::new();
    let mut reach = spans[0].1;
    for &(s, e) in &spans[1..] {
        if s - reach >= min {
            raw.push((reach, s));
        }
        reach = reach.max(e);
    }
    raw
}

/// Splits words into horizontal bands separated by empty space.
fn bands(mut words: Vec<&Word>) -> Vec<Vec<&Word>> {
    words.sort_by(|a, b| a.top().total_cmp(&b.top()));
    let mut out: Vec<Vec<&Word>> = Vec::new();
    let mut reach = f32::NEG_INFINITY;
    for w in words {
        if w.top() >= reach || out.is_empty() {
            out.push(Vec::new());
        }
        reach = reach.max(w.bottom());
        out.last_mut().expect("a band was pushed").push(w);
    }
    out
}

/// Bands cut as one region, with the gutters they share.
type Group<'w> = (Vec<&'w Word>, Vec<(f32, f32)>);

fn intersect(a: &[(f32, f32)], b: &[(f32, f32)], min: f32) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (s, e) = (a0.max(b0), a1.min(b1));
            if e - s >= min {
                out.push((s, e));
            }
        }
    }
    out
}

/// The recursive cut: columns left to right when a gutter crosses the
/// whole region, else bands top to bottom, where runs of bands that share a
/// gutter are cut again as one region.
fn cut(words: Vec<&Word>, blocks: &mut Vec<Vec<String>>, rtl: bool, depth: usize) {
    if words.is_empty() {
        return;
    }
    let min = GUTTER * median_size(&words);
    if depth < MAX_DEPTH {
        let g = gutters(&words, min);
        if !g.is_empty() {
            let mut cols: Vec<Vec<&Word>> = vec![Vec::new(); g.len() + 1];
            for w in words {
                let i = g.iter().take_while(|(l, _)| w.x0 >= *l).count();
                cols[i].push(w);
            }
            for c in cols {
                cut(c, blocks, rtl, depth + 1);
            }
            return;
        }
        if let Some(parts) = column_parts(&words, min) {
            for part in parts {
                cut(part, blocks, rtl, depth + 1);
            }
            return;
        }
        let bs = bands(words);
        if bs.len() > 1 {
            // Group consecutive bands: plain ones together, and ones whose
            // gutters line up together.
            let mut band_gutters: Vec<Vec<(f32, f32)>> =
                bs.iter().map(|b| gutters(b, min)).collect();
            // A wide gap in one line that lines up with nothing above or
            // below is spacing inside that line (justification, a tab), not
            // a gutter, unless it is very wide.
            let lone: Vec<bool> = (0..bs.len())
                .map(|i| {
                    let g = &band_gutters[i];
                    let aligned = |j: Option<usize>| {
                        j.and_then(|j| band_gutters.get(j))
                            .is_some_and(|o| !intersect(g, o, min).is_empty())
                    };
                    !g.is_empty() && !aligned(i.checked_sub(1)) && !aligned(Some(i + 1))
                })
                .collect();
            for (g, lone) in band_gutters.iter_mut().zip(lone) {
                if lone {
                    g.retain(|(l, r)| r - l >= LONE_GUTTER * min / GUTTER);
                }
            }
            let mut groups: Vec<Group> = Vec::new();
            for (band, bg) in bs.into_iter().zip(band_gutters) {
                if let Some((gw, gg)) = groups.last_mut() {
                    if gg.is_empty() && bg.is_empty() {
                        gw.extend(band);
                        continue;
                    }
                    if !gg.is_empty() && !bg.is_empty() {
                        let common = intersect(gg, &bg, min);
                        if !common.is_empty() {
                            gw.extend(band);
                            *gg = common;
                            continue;
                        }
                    }
                }
                groups.push((band, bg));
            }
            if groups.len() > 1 {
                for (gw, _) in groups {
                    cut(gw, blocks, rtl, depth + 1);
                }
                return;
            }
            let (gw, _) = groups.pop().expect("at least one group");
            blocks.push(lines(gw, rtl));
            return;
        }
        let words = bs.into_iter().flatten().collect();
        blocks.push(lines(words, rtl));
        return;
    }
    blocks.push(lines(words, rtl));
}

/// Words grouped into lines by baseline, top to bottom, each line in the
/// order its words were given.
fn rows(mut words: Vec<&Word>) -> Vec<Vec<&Word>> {
    words.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut rows: Vec<Vec<&Word>> = Vec::new();
    let mut base = f32::NEG_INFINITY;
    let mut base_size = 0.0f32;
    for w in words {
        // A smaller word is judged by its own size: a subscript sits a
        // little below the line, a line of small print further down.
        let tol = BASELINE_TOLERANCE * w.size;
        if rows.is_empty() || w.y - base > tol {
            rows.push(Vec::new());
            base = w.y;
            base_size = w.size;
        } else if w.size > base_size * (1.0 + SIZE_CHANGE) {
            // The line's own baseline is that of its main text, not of a
            // superscript that came first from the top: subscripts are
            // measured from it.
            base = w.y;
            base_size = w.size;
        }
        rows.last_mut().expect("a row was pushed").push(w);
    }
    rows
}

/// A gutter that most lines of a region leave empty, as (left edge, right
/// edge): a vertical strip at least `min` wide with at least
/// [`COLUMN_LINES`] lines on each side, crossed by fewer lines than it
/// parts. The strip is found on a coverage profile (how many lines have a
/// word over each narrow bin of the region's width): the gutter is where
/// that count is lowest, which leaves out the ragged ends of the lines of a
/// left column.
fn column_gutter(rows: &[Vec<&Word>], min: f32) -> Option<(f32, f32)> {
    let words = rows.iter().flatten();
    let left = words.clone().map(|w| w.x0).fold(f32::INFINITY, f32::min);
    let right = words.map(|w| w.x1).fold(f32::NEG_INFINITY, f32::max);
    let width = right - left;
    if width.is_nan() || width < 3.0 * min || rows.len() < 2 * COLUMN_LINES {
        return None;
    }
    // A bin is counted as covered when its centre is: a gap then spans at
    // least its width in bins less one.
    let n = ((8.0 * width / min).ceil() as usize).clamp(1, MAX_BINS);
    let bin = width / n as f32;
    let mut delta = vec![0i32; n + 1];
    for row in rows {
        // A line counts once over a bin however many of its words lie there.
        let mut spans: Vec<(f32, f32)> = row.iter().map(|w| (w.x0, w.x1.max(w.x0))).collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut merged: Vec<(f32, f32)> = Vec::with_capacity(spans.len());
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s - last.1 < bin => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        for (s, e) in merged {
            let b0 = (((s - left) / bin - 0.5).ceil().max(0.0) as usize).min(n);
            let b1 = (((e - left) / bin - 0.5).floor().max(-1.0) + 1.0) as usize;
            let b1 = b1.clamp(b0, n);
            delta[b0] += 1;
            delta[b1] -= 1;
        }
    }
    let mut cover = Vec::with_capacity(n);
    let mut c = 0i32;
    for d in &delta[..n] {
        c += d;
        cover.push(c);
    }
    // Crossing lines must be a minority: at most a quarter of the lines.
    let most_crossing = (rows.len() / 4) as i32;
    let mut best: Option<((f32, f32), usize)> = None;
    for (start, end) in runs_at_most(&cover, most_crossing) {
        if start == 0 || end == n {
            continue;
        }
        // Within the run, the bins at its lowest count, widened a line or
        // two when that alone is too narrow.
        let run = &cover[start..end];
        let low = *run.iter().min().expect("a run is not empty");
        let Some((s, e)) = (0..3).find_map(|slack| {
            widest_at_most(run, low + slack).filter(|(s, e)| (e - s + 1) as f32 * bin >= min)
        }) else {
            continue;
        };
        // From the centre of the first empty bin to that of the last: no
        // line that left the bins empty reaches into it.
        let (l, r) = (
            left + (start + s) as f32 * bin + bin / 2.0,
            left + (start + e) as f32 * bin - bin / 2.0,
        );
        let mut crossing = 0;
        // Each side's lines, as (start, end) of the line's part there.
        let (mut on_left, mut on_right) = (Vec::new(), Vec::new());
        for row in rows {
            if row.iter().any(|w| w.x0 < r && w.x1 > l) {
                crossing += 1;
                continue;
            }
            for (side, on_this_side) in [
                (
                    &mut on_left,
                    &(|w: &Word| w.x1 <= l) as &dyn Fn(&Word) -> bool,
                ),
                (&mut on_right, &|w: &Word| w.x0 >= r),
            ] {
                let (s, e, n) = row
                    .iter()
                    .filter(|w| on_this_side(w))
                    .fold((f32::INFINITY, f32::NEG_INFINITY, 0), |(s, e, n), w| {
                        (s.min(w.x0), e.max(w.x1), n + 1)
                    });
                if s < e {
                    side.push((s, e, n));
                }
            }
        }
        let parted = on_left.len().min(on_right.len());
        if !(text_column(&mut on_left) && text_column(&mut on_right))
            || matches!(table_rows(rows, (l, r), min / GUTTER), n if n > 1 && n * TABLE_ROW_LINES > parted)
        {
            continue;
        }
        if parted >= COLUMN_LINES && crossing < parted && best.is_none_or(|(_, p)| parted > p) {
            best = Some(((l, r), parted));
        }
    }
    best.map(|(g, _)| g)
}

/// Whether lines, as (start, end, words), look like a column of running
/// text: most of them fill at least half the column's width and hold
/// several words. Short lines on both sides of a gap are a form, a table
/// of labels and values or the boxes of a diagram, read line by line.
fn text_column(lines: &mut [(f32, f32, usize)]) -> bool {
    if lines.len() < COLUMN_LINES {
        return false;
    }
    let start = lines.iter().map(|l| l.0).fold(f32::INFINITY, f32::min);
    let end = lines.iter().map(|l| l.1).fold(f32::NEG_INFINITY, f32::max);
    let mid = lines.len() / 2;
    lines.select_nth_unstable_by_key(mid, |l| l.2);
    if lines[mid].2 < LINE_WORDS {
        return false;
    }
    lines.select_nth_unstable_by(mid, |a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)));
    let (s, e, _) = lines[mid];
    e - s >= FULL_LINE * (end - start)
}

/// How many stretches of lines with text on both sides of the gutter
/// (l, r) lie between empty horizontal bands or lines crossing it. The
/// paragraphs of two columns break at different heights, so columns make
/// few such stretches; the rows of a table, spaced apart, make one each.
fn table_rows(rows: &[Vec<&Word>], (l, r): (f32, f32), size: f32) -> usize {
    let mut stretches = 0;
    let mut sides = (false, false);
    let mut bottom = f32::NEG_INFINITY;
    for row in rows {
        let crossing = row.iter().any(|w| w.x0 < r && w.x1 > l);
        let top = row.iter().map(|w| w.top()).fold(f32::INFINITY, f32::min);
        if crossing || top - bottom > ROW_BREAK * size {
            stretches += usize::from(sides.0 && sides.1);
            sides = (false, false);
        }
        bottom = row.iter().map(|w| w.bottom()).fold(bottom, f32::max);
        if !crossing {
            sides.0 |= row.iter().any(|w| w.x1 <= l);
            sides.1 |= row.iter().any(|w| w.x0 >= r);
        }
    }
    stretches + usize::from(sides.0 && sides.1)
}

/// The widest stretch of `counts` whose values are at most `limit`, as
/// (start, end) indexes; the first of equally wide ones.
fn widest_at_most(counts: &[i32], limit: i32) -> Option<(usize, usize)> {
    runs_at_most(counts, limit).min_by_key(|&(s, e)| std::cmp::Reverse(e - s))
}

/// The stretches of `counts` whose values are at most `limit`, left to
/// right, as (start, end) indexes with `end` past the last.
fn runs_at_most(counts: &[i32], limit: i32) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < counts.len() && counts[i] > limit {
            i += 1;
        }
        let start = i;
        while i < counts.len() && counts[i] <= limit {
            i += 1;
        }
        (start < i).then_some((start, i))
    })
}

/// A region cut at a gutter that some lines cross: runs of crossing lines
/// (titles, headers, tables across the columns) stay in place, and each run
/// of lines between them gives its left column, then its right one. None
/// when the region has no such gutter.
fn column_parts<'w>(words: &[&'w Word], min: f32) -> Option<Vec<Vec<&'w Word>>> {
    let rows = rows(words.to_vec());
    let (l, r) = column_gutter(&rows, min)?;
    let mid = (l + r) / 2.0;
    let mut parts: Vec<Vec<&Word>> = Vec::new();
    // The parts of the run being read: (crossing, left, right).
    let mut run: Option<(bool, Vec<&Word>, Vec<&Word>)> = None;
    for row in rows {
        let crossing = row.iter().any(|w| w.x0 < r && w.x1 > l);
        if run.as_ref().is_some_and(|(c, _, _)| *c != crossing) {
            let (_, a, b) = run.take().expect("checked");
            parts.extend([a, b].into_iter().filter(|p| !p.is_empty()));
        }
        let (_, a, b) = run.get_or_insert_with(|| (crossing, Vec::new(), Vec::new()));
        for w in row {
            if crossing || (w.x0 + w.x1) / 2.0 < mid {
                a.push(w);
            } else {
                b.push(w);
            }
        }
    }
    if let Some((_, a, b)) = run {
        parts.extend([a, b].into_iter().filter(|p| !p.is_empty()));
    }
    Some(parts)
}

/// How a character takes part in reordering a line from the order it
/// shows on the page to the order it is read.
#[derive(Clone, Copy, PartialEq)]
enum Dir {
    /// A letter of a left-to-right script.
    Left,
    /// A letter of a right-to-left script (Hebrew, Arabic, ...).
    Right,
    /// A digit or a character that belongs with numbers (`.`, `,`, `%`,
    /// `+`, `-`, `/`, `:`, currency): it keeps its place next to them.
    Number,
    /// Spaces, brackets and other punctuation: they go with the run they
    /// fall in.
    Neutral,
}

fn dir_of(c: char) -> Dir {
    use unicode_bidi::BidiClass::*;
    if c.is_ascii_alphabetic() {
        return Dir::Left;
    }
    if c.is_ascii() && !c.is_ascii_digit() && !"#$%+,-./:".contains(c) {
        return Dir::Neutral;
    }
    match unicode_bidi::bidi_class(c) {
        L => Dir::Left,
        R | AL => Dir::Right,
        EN | ES | ET | CS | AN => Dir::Number,
        _ => Dir::Neutral,
    }
}

/// Whether a page is mostly right-to-left: more Hebrew or Arabic letters
/// than letters of left-to-right scripts. Its lines then read from the
/// right.
fn rtl_page(words: &[Word]) -> bool {
    let mut balance = 0i64;
    for w in words {
        if w.text.is_ascii() {
            balance -= w.text.bytes().filter(u8::is_ascii_alphabetic).count() as i64;
            continue;
        }
        for c in w.text.chars() {
            match dir_of(c) {
                Dir::Right => balance += 1,
                Dir::Left => balance -= 1,
                _ => {}
            }
        }
    }
    balance > 0
}

/// Puts a line given in page order (left to right as drawn) into reading
/// order. Right-to-left runs are reversed; runs of left-to-right letters
/// and numbers keep their order. On a left-to-right page a right-to-left
/// run is the stretch from its first to its last right-to-left letter.
/// On a right-to-left page the line is read from its right end, and the
/// spaces and punctuation left of a Latin or number run go with that run,
/// as pdftotext places them (so the two compare); a space there can then
/// end up on the far side of the run, joining it to the next word.
fn reading_order(visual: &str, rtl_page: bool) -> String {
    if visual.is_ascii() && !rtl_page {
        return visual.to_string();
    }
    let chars: Vec<char> = visual.chars().collect();
    let dirs: Vec<Dir> = chars.iter().map(|&c| dir_of(c)).collect();
    if !rtl_page && !dirs.contains(&Dir::Right) {
        return visual.to_string();
    }
    let ltr_or_num = |d: Dir| matches!(d, Dir::Left | Dir::Number);
    let mut out = String::with_capacity(visual.len());
    let n = chars.len();
    if !rtl_page {
        let mut i = 0;
        while i < n {
            let start = i;
            while i < n && dirs[i] != Dir::Right {
                i += 1;
            }
            out.extend(&chars[start..i]);
            let start = i;
            while i < n && !ltr_or_num(dirs[i]) {
                i += 1;
            }
            // Spaces and punctuation after the last right-to-left letter
            // belong to the left-to-right text that goes on.
            while i > start && dirs[i - 1] == Dir::Neutral {
                i -= 1;
            }
            out.extend(chars[start..i].iter().rev());
        }
    } else {
        let mut i = n;
        while i > 0 {
            while i > 0 && !ltr_or_num(dirs[i - 1]) {
                out.push(chars[i - 1]);
                i -= 1;
            }
            let end = i;
            while i > 0 && dirs[i - 1] != Dir::Right {
                i -= 1;
            }
            out.extend(&chars[i..end]);
        }
    }
    out
}

/// Lines of a block: words grouped by baseline, each line left to right
/// as drawn, then put into reading order (see [`reading_order`]).
fn lines(words: Vec<&Word>, rtl: bool) -> Vec<String> {
    rows(words)
        .into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let gap = |i: usize| row[i].x0 - row[i - 1].x1;
            // In a line of lone characters each placed on its own (spaced
            // letters, CJK set glyph by glyph) the tightest gap is the
            // letter spacing: only clearly wider gaps part words.
            let lone_chars = row.len() > 1 && row.iter().all(|w| w.text.chars().nth(1).is_none());
            let letter_gap = if lone_chars {
                let tightest = (1..row.len()).map(gap).fold(f32::INFINITY, f32::min);
                let size = row.iter().map(|w| w.size).fold(0.0, f32::max);
                // Wide gaps everywhere are a table of single characters.
                if tightest < MAX_LETTER_GAP * size {
                    tightest
                } else {
                    0.0
                }
            } else {
                0.0
            };
            let mut line = String::with_capacity(row.iter().map(|w| w.text.len() + 1).sum());
            for (i, w) in row.iter().enumerate() {
                // Words that touch (one drawn after a jump back, or in
                // another font) read as one; a space needs a gap.
                let min_gap = if letter_gap > 0.0 {
                    LETTER_GAP_FACTOR * letter_gap
                } else {
                    JOIN_GAP * w.size.max(row[i.saturating_sub(1)].size)
                };
                if i > 0 && gap(i) >= min_gap {
                    line.push(' ');
                }
                line.push_str(&w.text);
            }
            reading_order(&line, rtl)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_chars(s: &str, x: f32, y: f32, size: f32, advance: f32) -> Vec<Char> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Char {
                c,
                x0: x + i as f32 * advance,
                x1: x + (i + 1) as f32 * advance,
                y,
                size,
                rot: 0,
            })
            .collect()
    }

    #[test]
    fn gaps_wider_than_a_fraction_of_the_size_split_words() {
        let mut chars = text_chars("ab", 0.0, 0.0, 10.0, 5.0);
        chars.extend(text_chars("cd", 10.5, 0.0, 10.0, 5.0));
        chars.extend(text_chars("ef", 23.0, 0.0, 10.0, 5.0));
        assert_eq!(page_text(&chars).trim(), "abcd ef");
    }

    #[test]
    fn two_columns_read_column_by_column() {
        let mut chars = Vec::new();
        for line in 0..4 {
            let y = line as f32 * 14.0;
            chars.extend(text_chars(
                &format!("leftcolumntext{line}"),
                0.0,
                y,
                10.0,
                5.0,
            ));
            chars.extend(text_chars(
                &format!("rightcolumntext{line}"),
                90.0,
                y,
                10.0,
                5.0,
            ));
        }
        let text = page_text(&chars);
        let order: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(
            order,
            [
                "leftcolumntext0",
                "leftcolumntext1",
                "leftcolumntext2",
                "leftcolumntext3",
                "rightcolumntext0",
                "rightcolumntext1",
                "rightcolumntext2",
                "rightcolumntext3"
            ]
        );
    }

    /// Lines of running text ("{name} line N, with several words") set at
    /// `x`, one every 14 units from `y`.
    fn column(chars: &mut Vec<Char>, name: &str, x: f32, y: f32, lines: usize) {
        for line in 0..lines {
            let text = format!("{name}{line} has words in it");
            chars.extend(text_chars(&text, x, y + line as f32 * 14.0, 10.0, 5.0));
        }
    }

    /// A line from the left margin at height `y`.
    fn full_line(text: &str, y: f32) -> Vec<Char> {
        text_chars(text, 0.0, y, 10.0, 5.0)
    }

    /// The words expected: a title, then each column's numbered lines.
    fn in_turn(title: &str, columns: &[(&str, usize)]) -> Vec<String> {
        let lines = columns
            .iter()
            .flat_map(|&(name, n)| (0..n).map(move |i| format!("{name}{i}")));
        std::iter::once(title.to_string()).chain(lines).collect()
    }

    fn words_of(chars: &[Char]) -> Vec<String> {
        page_text(chars)
            .split_whitespace()
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn columns_under_a_full_width_title_read_one_after_the_other() {
        // The right column starts a line higher than the left one (its
        // first line is the end of a paragraph, the left opens with a
        // heading's space): its lines must not be woven into the left.
        let mut chars = full_line("Title0 across the whole page of text here", 0.0);
        column(&mut chars, "L", 0.0, 30.0, 6);
        column(&mut chars, "R", 140.0, 16.0, 7);
        chars.extend(full_line(
            "Footer0 across the whole page of text here",
            140.0,
        ));
        let mut expected = in_turn("Title0", &[("L", 6), ("R", 7)]);
        expected.push("Footer0".to_string());
        assert_eq!(words_of(&chars), expected);
    }

    #[test]
    fn three_columns_read_left_to_right() {
        let mut chars = full_line("Heading0 of a page in three columns, set across them", 0.0);
        column(&mut chars, "A", 0.0, 30.0, 5);
        column(&mut chars, "B", 130.0, 16.0, 6);
        column(&mut chars, "C", 260.0, 44.0, 3);
        assert_eq!(
            words_of(&chars),
            in_turn("Heading0", &[("A", 5), ("B", 6), ("C", 3)])
        );
    }

    #[test]
    fn words_drawn_twice_appear_once() {
        let mut chars = text_chars("bold", 0.0, 0.0, 10.0, 5.0);
        chars.extend(text_chars("bold", 0.3, 0.0, 10.0, 5.0));
        assert_eq!(page_text(&chars).trim(), "bold");
    }

    /// Characters of `logical` drawn from right to left, the first one
    /// ending at `right`.
    fn rtl_chars(logical: &str, right: f32, y: f32) -> Vec<Char> {
        logical
            .chars()
            .enumerate()
            .map(|(i, c)| Char {
                c,
                x0: right - (i + 1) as f32 * 5.0,
                x1: right - i as f32 * 5.0,
                y,
                size: 10.0,
                rot: 0,
            })
            .collect()
    }

    #[test]
    fn hebrew_drawn_right_to_left_reads_in_logical_order() {
        let text = page_text(&rtl_chars("שלום עולם", 200.0, 0.0));
        assert_eq!(text.trim(), "שלום עולם");
    }

    #[test]
    fn numbers_in_a_right_to_left_line_keep_their_digit_order() {
        // "סעיף 15 לחוק" as shown: the Hebrew words mirrored around the
        // number, whose digits stay left to right.
        let mut chars = rtl_chars("סעיף", 200.0, 0.0);
        chars.extend(text_chars("15", 165.0, 0.0, 10.0, 5.0));
        chars.extend(rtl_chars("לחוק", 160.0, 0.0));
        let text = page_text(&chars);
        assert!(text.starts_with("סעיף"), "{text:?}");
        assert!(text.contains("15") && !text.contains("51"), "{text:?}");
        assert!(text.trim_end().ends_with("לחוק"), "{text:?}");
    }

    #[test]
    fn a_hebrew_phrase_on_a_latin_page_is_put_in_reading_order() {
        let mut chars = text_chars("see", 0.0, 0.0, 10.0, 5.0);
        chars.extend(rtl_chars("שלום עולם", 70.0, 0.0));
        chars.extend(text_chars("here", 80.0, 0.0, 10.0, 5.0));
        chars.extend(text_chars("and some more latin text", 0.0, 14.0, 10.0, 5.0));
        let text = page_text(&chars);
        assert!(text.starts_with("see שלום עולם here\n"), "{text:?}");
    }

    #[test]
    fn touching_words_drawn_out_of_order_read_as_one() {
        // The end of a word drawn first, then its start right before it.
        let mut chars = text_chars("tion", 20.0, 0.0, 10.0, 5.0);
        chars.extend(text_chars("func", 0.0, 0.0, 10.0, 5.0));
        assert_eq!(page_text(&chars).trim(), "function");
    }
}

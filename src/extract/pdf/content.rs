//! The content-stream interpreter: runs a page's operators with the text
//! state and matrices and emits every character with its position, in the
//! order the stream draws them. Form XObjects are followed (bounded, cycle
//! safe); images are only noted, for telling scans apart.

use super::fonts::Font;
use super::lexer::{Lexer, Operand, Token};
use super::objects::Resolver;
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// An affine matrix `[a b c d e f]` as PDF writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix([f32; 6]);

impl Matrix {
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × other`: apply `self` first, then `other`.
    fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [oa, ob, oc, od, oe, of] = o.0;
        Matrix([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }

    fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// The clockwise display rotation of a page's `/Rotate`.
    pub fn rotation(degrees: i64) -> Matrix {
        match degrees.rem_euclid(360) {
            90 => Matrix([0.0, -1.0, 1.0, 0.0, 0.0, 0.0]),
            180 => Matrix([-1.0, 0.0, 0.0, -1.0, 0.0, 0.0]),
            270 => Matrix([0.0, 1.0, -1.0, 0.0, 0.0, 0.0]),
            _ => Matrix::IDENTITY,
        }
    }

    fn from_operands(ops: &[Operand]) -> Option<Matrix> {
        if ops.len() < 6 {
            return None;
        }
        let mut m = [0f32; 6];
        for (i, o) in ops[ops.len() - 6..].iter().enumerate() {
            m[i] = o.number()?;
        }
        Some(Matrix(m))
    }

    fn from_object(r: &Resolver, o: Option<&Object>) -> Option<Matrix> {
        let Object::Array(a) = o? else { return None };
        if a.len() != 6 {
            return None;
        }
        let mut m = [0f32; 6];
        for (i, v) in a.iter().enumerate() {
            m[i] = match r.deref(v)? {
                Object::Integer(n) => *n as f32,
                Object::Real(x) => *x,
                _ => return None,
            };
        }
        Some(Matrix(m))
    }
}

/// One character on the page, in the frame of its text direction: `x0..x1`
/// runs along the baseline, `y` grows down the page (from one line to the
/// next), so every direction reads like upright horizontal text.
#[derive(Debug, Clone, Copy)]
pub struct Char {
    pub c: char,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    /// Text direction: 0 = left to right, 1 = bottom to top, 2 = upside
    /// down, 3 = top to bottom.
    pub rot: u8,
}

/// Fonts already loaded, shared by the pages of one document.
#[derive(Default)]
pub struct FontCache {
    fonts: Mutex<HashMap<ObjectId, Arc<Font>>>,
}

impl FontCache {
    fn get(&self, r: &Resolver, font: &Object) -> Option<Arc<Font>> {
        match font {
            Object::Reference(id) => {
                if let Some(f) = self.fonts.lock().ok()?.get(id) {
                    return Some(f.clone());
                }
                let dict = r.deref(font)?.as_dict().ok()?;
                let f = Arc::new(Font::load(r, dict));
                self.fonts.lock().ok()?.insert(*id, f.clone());
                Some(f)
            }
            Object::Dictionary(d) => Some(Arc::new(Font::load(r, d))),
            _ => None,
        }
    }
}

/// Why interpretation stopped early.
#[derive(Debug)]
pub enum Stop {
    /// The time limit passed.
    Deadline,
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Arc<Font>>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    h_scale: f32,
    leading: f32,
    rise: f32,
}

/// What one page gave.
#[derive(Debug, Default)]
pub struct PageContent {
    pub chars: Vec<Char>,
    /// The page paints at least one image (a scan, when there is no text).
    pub has_images: bool,
    /// Glyphs shown, with or without text (glyphs but no text means fonts
    /// with no Unicode mapping).
    pub glyphs: usize,
}

/// Operators as small integers, so dispatch is one integer match instead
/// of a chain of byte-string comparisons.
mod op {
    /// The operator's bytes packed with its length; 0 for anything longer
    /// than three bytes (no text operator is).
    pub const fn code(op: &[u8]) -> u32 {
        if op.len() > 3 {
            return 0;
        }
        let mut v = (op.len() as u32) << 24;
        let mut i = 0;
        while i < op.len() {
            v |= (op[i] as u32) << (8 * i);
            i += 1;
        }
        v
    }

    pub const Q_SAVE: u32 = code(b"q");
    pub const Q_RESTORE: u32 = code(b"Q");
    pub const CM: u32 = code(b"cm");
    pub const BT: u32 = code(b"BT");
    pub const TF: u32 = code(b"Tf");
    pub const TC: u32 = code(b"Tc");
    pub const TW: u32 = code(b"Tw");
    pub const TZ: u32 = code(b"Tz");
    pub const TL: u32 = code(b"TL");
    pub const TS: u32 = code(b"Ts");
    pub const TD_LOWER: u32 = code(b"Td");
    pub const TD_UPPER: u32 = code(b"TD");
    pub const TM: u32 = code(b"Tm");
    pub const T_STAR: u32 = code(b"T*");
    pub const TJ_LOWER: u32 = code(b"Tj");
    pub const QUOTE: u32 = code(b"'");
    pub const DQUOTE: u32 = code(b"\"");
    pub const TJ_UPPER: u32 = code(b"TJ");
    pub const DO: u32 = code(b"Do");
    pub const BI: u32 = code(b"BI");
}

/// Characters kept per page; beyond this a page is hostile or absurd.
const MAX_CHARS: usize = 4_000_000;
/// Depth of `q` nesting kept.
const MAX_GSTATE: usize = 256;
/// Operators run between two looks at the clock.
const CLOCK_EVERY: u32 = 4096;

pub struct Interpreter<'a, 'd> {
    r: &'a Resolver<'d>,
    fonts: &'a FontCache,
    out: PageContent,
    /// Form XObjects being run, to break cycles.
    forms: Vec<ObjectId>,
    ops: u32,
}

impl<'a, 'd> Interpreter<'a, 'd> {
    pub fn new(r: &'a Resolver<'d>, fonts: &'a FontCache) -> Self {
        Interpreter {
            r,
            fonts,
            out: PageContent::default(),
            forms: Vec::new(),
            ops: 0,
        }
    }

    /// The state a page starts with, under the page transform (the
    /// `/Rotate` rotation).
    fn initial(ctm: Matrix) -> GState {
        GState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }

    /// Runs a page's content with its resources.
    pub fn run_page(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        page_xform: Matrix,
    ) -> Result<(), Stop> {
        self.run(content, resources, Self::initial(page_xform))
    }

    /// Runs an annotation's appearance stream, placed in its `/Rect` as the
    /// spec says (the form's transformed box is fitted to the rectangle).
    pub fn run_appearance(
        &mut self,
        form: &'d lopdf::Stream,
        rect: [f32; 4],
        page_resources: Option<&'d Dictionary>,
        page_xform: Matrix,
    ) -> Result<(), Stop> {
        let r = self.r;
        let matrix =
            Matrix::from_object(r, form.dict.get(b"Matrix").ok()).unwrap_or(Matrix::IDENTITY);
        let bbox: Vec<f32> = match r.get(&form.dict, b"BBox") {
            Some(Object::Array(a)) => a
                .iter()
                .filter_map(|o| match r.deref(o) {
                    Some(Object::Integer(i)) => Some(*i as f32),
                    Some(Object::Real(x)) => Some(*x),
                    _ => None,
                })
                .collect(),
            _ => return Ok(()),
        };
        if bbox.len() != 4 {
            return Ok(());
        }
        let corners = [
            matrix.apply(bbox[0], bbox[1]),
            matrix.apply(bbox[2], bbox[1]),
            matrix.apply(bbox[0], bbox[3]),
            matrix.apply(bbox[2], bbox[3]),
        ];
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for (x, y) in corners {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let (rx0, ry0) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
        let (rx1, ry1) = (rect[0].max(rect[2]), rect[1].max(rect[3]));
        if x1 - x0 <= 0.0 || y1 - y0 <= 0.0 {
            return Ok(());
        }
        let sx = (rx1 - rx0) / (x1 - x0);
        let sy = (ry1 - ry0) / (y1 - y0);
        let fit = Matrix([sx, 0.0, 0.0, sy, rx0 - x0 * sx, ry0 - y0 * sy]);
        let Some(data) = r.stream_data(form, r.limits.max_stream) else {
            return Ok(());
        };
        let res = r.get_dict(&form.dict, b"Resources").or(page_resources);
        let gs = Self::initial(matrix.then(&fit).then(&page_xform));
        self.run(&data, res, gs)
    }

    /// What the page gave.
    pub fn finish(self) -> PageContent {
        self.out
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        mut gs: GState,
    ) -> Result<(), Stop> {
        let r = self.r;
        let mut lex = Lexer::new(content);
        let mut ops: Vec<Operand> = Vec::with_capacity(8);
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        while let Some(tok) = lex.next_token() {
            let op = match tok {
                Token::Operand(o) => {
                    if ops.len() < 64 {
                        ops.push(o);
                    }
                    continue;
                }
                Token::Operator(op) => op,
            };
            self.ops += 1;
            if self.ops.is_multiple_of(CLOCK_EVERY) && std::time::Instant::now() > r.limits.deadline
            {
                return Err(Stop::Deadline);
            }
            let n = |i: usize| -> f32 {
                ops.len()
                    .checked_sub(i)
                    .and_then(|k| ops.get(k))
                    .and_then(Operand::number)
                    .unwrap_or(0.0)
            };
            match op::code(op) {
                op::Q_SAVE if stack.len() < MAX_GSTATE => stack.push(gs.clone()),
                op::Q_RESTORE => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                op::CM => {
                    if let Some(m) = Matrix::from_operands(&ops) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                op::BT => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                op::TF => {
                    gs.font_size = n(1);
                    if let Some(Operand::Name(name)) =
                        ops.len().checked_sub(2).and_then(|k| ops.get(k))
                    {
                        gs.font = resources
                            .and_then(|res| r.get_dict(res, b"Font"))
                            .and_then(|fd| fd.get(name).ok())
                            .and_then(|f| self.fonts.get(r, f));
                    }
                }
                op::TC => gs.char_spacing = n(1),
                op::TW => gs.word_spacing = n(1),
                op::TZ => gs.h_scale = n(1) / 100.0,
                op::TL => gs.leading = n(1),
                op::TS => gs.rise = n(1),
                op::TD_LOWER => {
                    tlm = Matrix::translate(n(2), n(1)).then(&tlm);
                    tm = tlm;
                }
                op::TD_UPPER => {
                    gs.leading = -n(1);
                    tlm = Matrix::translate(n(2), n(1)).then(&tlm);
                    tm = tlm;
                }
                op::TM => {
                    if let Some(m) = Matrix::from_operands(&ops) {
                        tm = m;
                        tlm = m;
                    }
                }
                op::T_STAR => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                }
                op::TJ_LOWER => {
                    if let Some(Operand::Str(s)) = ops.last() {
                        self.show(s, &gs, &mut tm);
                    }
                }
                op::QUOTE => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                    if let Some(Operand::Str(s)) = ops.last() {
                        self.show(s, &gs, &mut tm);
                    }
                }
                op::DQUOTE => {
                    gs.word_spacing = n(3);
                    gs.char_spacing = n(2);
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                    if let Some(Operand::Str(s)) = ops.last() {
                        self.show(s, &gs, &mut tm);
                    }
                }
                op::TJ_UPPER => {
                    if let Some(Operand::Array(items)) = ops.last() {
                        for item in items {
                            match item {
                                Operand::Str(s) => self.show(s, &gs, &mut tm),
                                Operand::Number(adj) => {
                                    let vertical = gs.font.as_ref().is_some_and(|f| f.vertical);
                                    let d = -adj / 1000.0 * gs.font_size;
                                    tm = if vertical {
                                        Matrix::translate(0.0, d)
                                    } else {
                                        Matrix::translate(d * gs.h_scale, 0.0)
                                    }
                                    .then(&tm);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                op::DO => {
                    if let Some(Operand::Name(name)) = ops.last() {
                        self.do_xobject(name, resources, &gs)?;
                    }
                }
                op::BI => {
                    lex.skip_inline_image();
                    self.out.has_images = true;
                }
                _ => {}
            }
            ops.clear();
        }
        Ok(())
    }

    fn do_xobject(
        &mut self,
        name: &[u8],
        resources: Option<&'d Dictionary>,
        gs: &GState,
    ) -> Result<(), Stop> {
        let r = self.r;
        let Some(xobjects) = resources.and_then(|res| r.get_dict(res, b"XObject")) else {
            return Ok(());
        };
        let Ok(entry) = xobjects.get(name) else {
            return Ok(());
        };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Some(Object::Stream(stream)) = r.deref(entry) else {
            return Ok(());
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => self.out.has_images = true,
            Ok(b"Form") => {
                if self.forms.len() >= r.limits.max_form_depth
                    || id.is_some_and(|id| self.forms.contains(&id))
                {
                    return Ok(());
                }
                let Some(data) = r.stream_data(stream, r.limits.max_stream) else {
                    return Ok(());
                };
                let mut inner = gs.clone();
                if let Some(m) = Matrix::from_object(r, stream.dict.get(b"Matrix").ok()) {
                    inner.ctm = m.then(&gs.ctm);
                }
                let res = r.get_dict(&stream.dict, b"Resources").or(resources);
                self.forms.push(id.unwrap_or((0, 0)));
                let result = self.run(&data, res, inner);
                self.forms.pop();
                result?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Shows a string: emits its characters and advances the text matrix.
    fn show(&mut self, s: &[u8], gs: &GState, tm: &mut Matrix) {
        let Some(font) = gs.font.clone() else {
            return;
        };
        let fs = gs.font_size;
        let th = gs.h_scale;
        let vertical = font.vertical;
        // Within one string the text matrix only moves along its own axis,
        // so the glyph frame is worked out once and each glyph's origin is
        // the first one moved by the advance so far.
        let trm = Matrix([fs * th, 0.0, 0.0, fs, 0.0, gs.rise])
            .then(tm)
            .then(&gs.ctm);
        let [a, b, c, d, _, _] = trm.0;
        let (ox0, oy0) = trm.apply(0.0, 0.0);
        let [ta, tb, tc, td, _, _] = tm.then(&gs.ctm).0;
        let (step_x, step_y) = if vertical { (tc, td) } else { (ta, tb) };
        let size = (c * c + d * d).sqrt() * font.size_scale;
        let (dir, unit) = if vertical {
            ((-c, -d), (c * c + d * d).sqrt())
        } else {
            ((a, b), (a * a + b * b).sqrt())
        };
        let rot = rotation_of(dir);
        // A glyph squeezed to nothing by its matrix is invisible; a space
        // drawn that way must not split the word around it.
        let usable = size.is_finite() && unit.is_finite() && size > 1e-3 && unit > 1e-3;
        self.out.glyphs += s.iter().filter(|&&b| b != b' ').count();
        let out = &mut self.out.chars;
        let mut adv = 0.0f32;
        font.decode(s, |g| {
            let (ox, oy) = (ox0 + adv * step_x, oy0 + adv * step_y);
            if usable && out.len() < MAX_CHARS && ox.is_finite() && oy.is_finite() {
                let extent = if vertical { unit } else { g.width * unit };
                let (x, y) = in_frame(rot, ox, oy);
                emit(out, &g.text, x, y, rot, extent, size);
            }
            let spacing = gs.char_spacing
                + if g.is_space_code {
                    gs.word_spacing
                } else {
                    0.0
                };
            adv += if vertical {
                -fs + spacing
            } else {
                (g.width * fs + spacing) * th
            };
        });
        *tm = if vertical {
            Matrix::translate(0.0, adv)
        } else {
            Matrix::translate(adv, 0.0)
        }
        .then(tm);
    }
}

/// The direction class of a baseline vector: 0 = left to right, 1 = bottom
/// to top, 2 = upside down, 3 = top to bottom.
fn rotation_of((dx, dy): (f32, f32)) -> u8 {
    if dx.abs() >= dy.abs() {
        if dx >= 0.0 { 0 } else { 2 }
    } else if dy > 0.0 {
        1
    } else {
        3
    }
}

/// A point in the frame of a direction: along the baseline, and down the
/// page.
fn in_frame(rot: u8, ox: f32, oy: f32) -> (f32, f32) {
    match rot {
        0 => (ox, -oy),
        1 => (oy, ox),
        2 => (-ox, oy),
        _ => (-oy, -ox),
    }
}

/// Expands the typographic ligatures into their letters.
fn expand_ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        _ => return None,
    })
}

/// Adds the characters of one glyph, spreading its advance over them.
fn emit(out: &mut Vec<Char>, text: &str, x: f32, y: f32, rot: u8, extent: f32, size: f32) {
    // Most glyphs are one printable ASCII character.
    if let &[b] = text.as_bytes()
        && (0x21..0x7f).contains(&b)
    {
        out.push(Char {
            c: b as char,
            x0: x,
            x1: x + extent.max(0.0),
            y,
            size,
            rot,
        });
        return;
    }
    let mut chars: smallvec_like::Chars = smallvec_like::Chars::default();
    for c in text.chars() {
        if let Some(exp) = expand_ligature(c) {
            exp.chars().for_each(|e| chars.push(e));
        } else if c == '\u{a0}' {
            chars.push(' ');
        } else if !c.is_control() && c != '\u{fffd}' && c != '\u{feff}' {
            chars.push(c);
        } else if c == '\t' {
            chars.push(' ');
        }
    }
    let n = chars.len().max(1) as f32;
    let w = extent.max(0.0) / n;
    for (i, c) in chars.iter().enumerate() {
        let x0 = x + w * i as f32;
        out.push(Char {
            c,
            x0,
            x1: x0 + w,
            y,
            size,
            rot,
        });
    }
}

/// A small inline buffer of chars, so most glyphs cost no allocation.
mod smallvec_like {
    #[derive(Default)]
    pub struct Chars {
        inline: [char; 4],
        len: usize,
        spill: Vec<char>,
    }

    impl Chars {
        pub fn push(&mut self, c: char) {
            if self.len < 4 {
                self.inline[self.len] = c;
            } else {
                if self.spill.is_empty() {
                    self.spill.extend_from_slice(&self.inline);
                }
                self.spill.push(c);
            }
            self.len += 1;
        }

        pub fn len(&self) -> usize {
            self.len
        }

        pub fn iter(&self) -> impl Iterator<Item = char> + '_ {
            let s: &[char] = if self.len > 4 {
                &self.spill
            } else {
                &self.inline[..self.len]
            };
            s.iter().copied()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix::translate(10.0, 5.0);
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 12.0));
        assert_eq!(Matrix::rotation(90).apply(1.0, 2.0), (2.0, -1.0));
    }

    #[test]
    fn ligatures_expand_and_share_the_advance() {
        let mut out = Vec::new();
        emit(&mut out, "\u{fb01}", 0.0, 0.0, 0, 10.0, 10.0);
        let s: String = out.iter().map(|c| c.c).collect();
        assert_eq!(s, "fi");
        assert_eq!(out[1].x0, 5.0);
    }
}

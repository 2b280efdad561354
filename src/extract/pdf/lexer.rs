//! A tokenizer for PDF content streams and CMaps: bytes → operands and
//! operators. It never fails; malformed input becomes skipped bytes, so a
//! damaged stream still yields the text around the damage.

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'a> {
    Number(f32),
    /// A string with escapes already decoded (literal or hex).
    Str(Vec<u8>),
    Name(&'a [u8]),
    Array(Vec<Operand<'a>>),
    /// Dictionaries, booleans, null and anything else the text layer ignores.
    Other,
}

impl Operand<'_> {
    pub fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// What the lexer hands out: an operand or an operator keyword.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Operand(Operand<'a>),
    Operator(&'a [u8]),
}

/// Arrays and dictionaries deeper than this are skipped, so a hostile
/// stream cannot exhaust the stack.
const MAX_NESTING: usize = 32;

/// A cursor over a content stream.
pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

pub fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    fn skip_space(&mut self) {
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\r' | b'\n') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the data.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_space();
            let b = *self.data.get(self.pos)?;
            match b {
                b'[' | b'(' | b'/' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    if let Some(op) = self.operand(0) {
                        return Some(Token::Operand(op));
                    }
                }
                b'<' => {
                    if let Some(op) = self.operand(0) {
                        return Some(Token::Operand(op));
                    }
                }
                b')' | b'>' | b']' | b'{' | b'}' => {
                    self.pos += 1;
                }
                _ => {
                    let start = self.pos;
                    while self.pos < self.data.len()
                        && !is_white(self.data[self.pos])
                        && !is_delim(self.data[self.pos])
                    {
                        self.pos += 1;
                    }
                    let word = &self.data[start..self.pos];
                    return Some(match word {
                        b"true" | b"false" | b"null" => Token::Operand(Operand::Other),
                        _ => Token::Operator(word),
                    });
                }
            }
        }
    }

    /// Parses one operand at the cursor; `None` when the bytes there are not
    /// an operand (the cursor has then moved past them).
    fn operand(&mut self, depth: usize) -> Option<Operand<'a>> {
        self.skip_space();
        let b = *self.data.get(self.pos)?;
        match b {
            b'(' => Some(Operand::Str(self.literal_string())),
            b'<' => {
                if self.data.get(self.pos + 1) == Some(&b'<') {
                    self.pos += 2;
                    self.skip_dict(depth);
                    Some(Operand::Other)
                } else {
                    Some(Operand::Str(self.hex_string()))
                }
            }
            b'/' => {
                self.pos += 1;
                let start = self.pos;
                while self.pos < self.data.len()
                    && !is_white(self.data[self.pos])
                    && !is_delim(self.data[self.pos])
                {
                    self.pos += 1;
                }
                Some(Operand::Name(&self.data[start..self.pos]))
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.data.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        Some(_) if depth >= MAX_NESTING => {
                            self.pos += 1;
                        }
                        Some(_) => {
                            let before = self.pos;
                            match self.operand(depth + 1) {
                                Some(op) => items.push(op),
                                None => {
                                    // A stray keyword inside an array: skip it,
                                    // but stop if it is an operator that ends
                                    // the array's life (damaged stream).
                                    if self.pos == before {
                                        self.pos += 1;
                                    }
                                }
                            }
                        }
                    }
                }
                Some(Operand::Array(items))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => Some(self.number()),
            _ => {
                // A bare word: true/false/null are operands, anything else is
                // junk inside an array.
                let start = self.pos;
                while self.pos < self.data.len()
                    && !is_white(self.data[self.pos])
                    && !is_delim(self.data[self.pos])
                {
                    self.pos += 1;
                }
                if self.pos == start {
                    self.pos += 1;
                }
                match &self.data[start..self.pos] {
                    b"true" | b"false" | b"null" => Some(Operand::Other),
                    _ => None,
                }
            }
        }
    }

    fn number(&mut self) -> Operand<'a> {
        let start = self.pos;
        let mut neg = false;
        let mut seen_sign = false;
        let mut int: f64 = 0.0;
        let mut frac: f64 = 0.0;
        let mut scale: f64 = 1.0;
        let mut in_frac = false;
        while let Some(&b) = self.data.get(self.pos) {
            match b {
                b'+' | b'-' if !seen_sign && self.pos == start => {
                    neg = b == b'-';
                    seen_sign = true;
                }
                // Some producers write "--5" or "1-2"; treat repeated signs as noise.
                b'+' | b'-' => {}
                b'.' if !in_frac => in_frac = true,
                b'0'..=b'9' => {
                    let d = (b - b'0') as f64;
                    if in_frac {
                        scale *= 0.1;
                        frac += d * scale;
                    } else {
                        int = int * 10.0 + d;
                    }
                }
                _ => break,
            }
            self.pos += 1;
        }
        let v = int + frac;
        let v = if neg { -v } else { v };
        let v = if v.is_finite() {
            v.clamp(-1e9, 1e9)
        } else {
            0.0
        };
        Operand::Number(v as f32)
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push(v as u8);
                        }
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(&b) = self.data.get(self.pos) {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match hi.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    fn skip_dict(&mut self, depth: usize) {
        loop {
            self.skip_space();
            match self.data.get(self.pos) {
                None => return,
                Some(b'>') => {
                    self.pos += 1;
                    if self.data.get(self.pos) == Some(&b'>') {
                        self.pos += 1;
                    }
                    return;
                }
                Some(_) if depth >= MAX_NESTING => self.pos += 1,
                Some(_) => {
                    let before = self.pos;
                    let _ = self.operand(depth + 1);
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    /// Skips an inline image: called after `BI`, it passes the parameters,
    /// `ID`, the binary data and the closing `EI`.
    pub fn skip_inline_image(&mut self) {
        // Parameters up to the ID keyword.
        loop {
            match self.next_token() {
                None => return,
                Some(Token::Operator(b"ID")) => break,
                Some(_) => {}
            }
        }
        // One white-space byte follows ID, then binary data up to a
        // white-space-delimited EI.
        self.pos += 1;
        let d = self.data;
        while self.pos + 1 < d.len() {
            if d[self.pos] == b'E'
                && d[self.pos + 1] == b'I'
                && (self.pos == 0 || is_white(d[self.pos - 1]))
                && d.get(self.pos + 2)
                    .is_none_or(|&b| is_white(b) || is_delim(b))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = d.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &[u8]) -> Vec<Token<'_>> {
        let mut l = Lexer::new(s);
        std::iter::from_fn(|| l.next_token()).collect()
    }

    #[test]
    fn decodes_strings_numbers_and_arrays() {
        let t = tokens(b"[(a\\(b\\)\\101) -250.5 <4142 3>] TJ /F1 12 Tf");
        assert_eq!(
            t[0],
            Token::Operand(Operand::Array(vec![
                Operand::Str(b"a(b)A".to_vec()),
                Operand::Number(-250.5),
                Operand::Str(b"AB0".to_vec()),
            ]))
        );
        assert_eq!(t[1], Token::Operator(b"TJ"));
        assert_eq!(t[2], Token::Operand(Operand::Name(b"F1")));
        assert_eq!(t[4], Token::Operator(b"Tf"));
    }

    #[test]
    fn skips_inline_image_data_that_looks_like_operators() {
        let mut l = Lexer::new(b"BI /W 2 /H 2 ID (Tj) BT EI Q (x) Tj");
        assert_eq!(l.next_token(), Some(Token::Operator(b"BI")));
        l.skip_inline_image();
        assert_eq!(l.next_token(), Some(Token::Operator(b"Q")));
        assert_eq!(
            l.next_token(),
            Some(Token::Operand(Operand::Str(b"x".to_vec())))
        );
    }

    #[test]
    fn unterminated_input_ends_cleanly() {
        let t = tokens(b"[[[(abc");
        assert_eq!(t.len(), 1);
    }
}

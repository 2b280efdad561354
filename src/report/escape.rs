//! Escaping for untrusted text (policy clauses, headings, paths, rule text)
//! in every output format.
//!
//! Policy text comes from documents nobody on our side wrote, so each format
//! gets one function that makes any string safe to place in it, and
//! [`visible`] first turns characters that could hide or reorder text
//! (control characters, bidirectional overrides) into visible stand-ins.

use std::borrow::Cow;

/// True for characters that [`visible`] replaces.
fn is_hidden(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\0'..='\x1f' | '\x7f'..='\u{9f}' => true,
        // Bidirectional embeddings, overrides and isolates: they reorder text
        // that follows them, so a clause could display differently from what
        // it says. Left-to-right and right-to-left marks stay: they are
        // ordinary in right-to-left writing and cannot reorder a whole run.
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// The stand-in for a hidden character: the Unicode control picture for C0
/// controls and DEL, the replacement character for the others.
fn stand_in(c: char) -> char {
    match c {
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\x7f' => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// Replaces control characters (except newline and tab) and bidirectional
/// overrides with visible stand-ins, so nothing in the text is invisible or
/// able to reorder what follows it.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_hidden(c) { stand_in(c) } else { c })
            .collect(),
    )
}

/// Escapes text for HTML element content and quoted attribute values, after
/// [`visible`].
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    push_html(&mut out, s);
    out
}

/// Appends [`html`]`(s)` to `out` without an intermediate allocation.
pub fn push_html(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // The HTML parser turns a lone CR into LF; keep it visible instead.
            c if is_hidden(c) => out.push(stand_in(c)),
            c => out.push(c),
        }
    }
}

/// Escapes text for inline Markdown (a paragraph, quote line or table cell):
/// every character with Markdown meaning gets a backslash, and whitespace
/// runs (line breaks included) become one space, as in [`terminal`], so a
/// table row or quote line cannot be split.
pub fn markdown(s: &str) -> String {
    let v = terminal(s);
    let mut out = String::with_capacity(v.len() + 8);
    // A line that starts like a list item or heading underline would change
    // meaning after "> " or at a paragraph start; escape only that lead.
    let after = |i: usize| v[i..].chars().nth(1);
    let lead_digits = v.chars().take_while(char::is_ascii_digit).count();
    let lead = match v.chars().next() {
        Some(c @ ('-' | '+' | '=' | '*'))
            if matches!(after(0), None | Some(' ')) || after(0) == Some(c) =>
        {
            0
        }
        Some(_)
            if lead_digits > 0
                && matches!(v[lead_digits..].chars().next(), Some('.' | ')'))
                && matches!(after(lead_digits), None | Some(' ')) =>
        {
            lead_digits
        }
        _ => usize::MAX,
    };
    for (i, c) in v.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if i == lead => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Reverses [`markdown`] (for tests and tools that read our Markdown back):
/// drops the backslash before escaped punctuation.
pub fn markdown_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Reverses [`html`] for the five entities it writes.
pub fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF,
/// with quotes doubled. Text that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`) gets a leading apostrophe.
pub fn csv_field(s: &str) -> String {
    let v = visible(s);
    let guarded: Cow<str> = match v.chars().next() {
        Some('=' | '+' | '-' | '@') => Cow::Owned(format!("'{v}")),
        _ => v,
    };
    if guarded.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded.into_owned()
    }
}

/// Text for a terminal: [`visible`] so escape sequences in a policy cannot
/// drive the terminal, with runs of whitespace (line breaks included)
/// collapsed to one space.
pub fn terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in visible(s).chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html("<a href=\"x\">Tom's & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom&#39;s &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(html_unescape(&html("a < b & 'c'")), "a < b & 'c'");
    }

    #[test]
    fn control_and_override_characters_become_visible() {
        assert_eq!(visible("a\x1b[31mb"), "a\u{241b}[31mb");
        assert_eq!(visible("x\u{202e}y"), "x\u{fffd}y");
        assert_eq!(visible("keep\nnew\tlines"), "keep\nnew\tlines");
        assert_eq!(html("\r\0"), "\u{240d}\u{2400}");
    }

    #[test]
    fn markdown_escape_round_trips_and_stays_on_one_line() {
        let s = "| *a* _b_ `c` [d](e) <f> #g\nh ~i~ 1. -j & \\";
        let e = markdown(s);
        assert!(!e.contains('\n'));
        assert_eq!(markdown_unescape(&e), s.replace('\n', " "));
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("12. item"), "12\\. item");
        assert_eq!(markdown("12 items."), "12 items.");
        assert_eq!(markdown("410.2(a) says"), "410.2(a) says");
        assert_eq!(markdown("-5 degrees"), "-5 degrees");
        assert_eq!(markdown("---"), "\\---");
    }

    #[test]
    fn csv_quotes_and_guards_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\"\n"), "\"say \"\"hi\"\"\n\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
    }

    #[test]
    fn terminal_text_collapses_whitespace_and_shows_escapes() {
        assert_eq!(terminal("  a \n\n b\x1b "), "a b\u{241b}");
    }
}

//! Plain text and Markdown: UTF-8 bytes → pages (split on form feeds).

use super::{ExtractError, RawPages};

/// Splits a UTF-8 text file into pages at form feeds.
pub fn pages(bytes: &[u8]) -> Result<RawPages, ExtractError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ExtractError::NotUtf8(e.valid_up_to()))?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = line_break_tags(&text);
    let mut pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
    // A trailing form feed ends the last page; it does not start a new one.
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Ok(RawPages {
        pages,
        warnings: Vec::new(),
    })
}

/// Text copied from a web page often keeps its line-break tags as
/// characters ("detain a <br />person"); each stands for the line break
/// it made, so list items and paragraphs come apart as they were shown.
fn line_break_tags(text: &str) -> std::borrow::Cow<'_, str> {
    static R: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    crate::pattern::cached(&R, r"(?i)[ \t]*<br\s*/?>[ \t]*").replace_all(text, "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_form_feeds_and_drops_trailing_one() {
        let p = pages(b"one\x0ctwo\r\n\x0c").unwrap();
        assert_eq!(p.pages, vec!["one".to_string(), "two\n".to_string()]);
    }

    #[test]
    fn line_break_tags_left_in_copied_text_break_lines() {
        let p = pages(b"shall include: <br />(a) Arresting a <BR>person; <br/>(b) Asking").unwrap();
        assert_eq!(
            p.pages,
            vec!["shall include:\n(a) Arresting a\nperson;\n(b) Asking".to_string()]
        );
    }

    #[test]
    fn rejects_invalid_utf8_with_offset() {
        match pages(b"ok\xff") {
            Err(ExtractError::NotUtf8(2)) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
}

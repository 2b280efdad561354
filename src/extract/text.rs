//! Plain text and Markdown: UTF-8 bytes (or UTF-16 with a byte-order mark)
//! → pages (split on form feeds).

use super::{ExtractError, RawPages};
use std::borrow::Cow;

/// The longest line a text file may have, in bytes. Real policies wrap
/// paragraphs far sooner; a longer line is a binary or generated file.
pub const MAX_LINE: usize = 1024 * 1024;

/// Splits a text file into pages at form feeds. UTF-8 is the rule; a file
/// that starts with a UTF-16 byte-order mark (as Windows tools write
/// "Unicode" text) is decoded as UTF-16.
pub fn pages(bytes: &[u8]) -> Result<RawPages, ExtractError> {
    let text = decode(bytes)?;
    check_lines(&text)?;
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = line_break_tags(&text);
    Ok(RawPages {
        pages: split_pages(&text),
        ..RawPages::default()
    })
}

/// Splits text into pages at form feeds. A trailing form feed ends the
/// last page; it does not start a new one.
pub(crate) fn split_pages(text: &str) -> Vec<String> {
    let mut pages: Vec<String> = text.split('\x0c').map(str::to_string).collect();
    if pages.len() > 1 && pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The file's text: UTF-8 (a UTF-8 byte-order mark dropped), or UTF-16
/// when a byte-order mark says so.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, ExtractError> {
    let utf16 = if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        Some((encoding_rs::UTF_16LE, rest))
    } else {
        bytes
            .strip_prefix(b"\xfe\xff")
            .map(|rest| (encoding_rs::UTF_16BE, rest))
    };
    if let Some((encoding, rest)) = utf16 {
        return encoding
            .decode_without_bom_handling_and_without_replacement(rest)
            .map(|t| Cow::Owned(t.into_owned()))
            .ok_or(ExtractError::NotUtf16);
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| ExtractError::NotUtf8(e.valid_up_to()))
}

/// Refuses text with a line longer than [`MAX_LINE`], naming the line.
pub(crate) fn check_lines(text: &str) -> Result<(), ExtractError> {
    let bytes = text.as_bytes();
    let (mut start, mut line) = (0, 0);
    for end in memchr::memchr2_iter(b'\n', b'\r', bytes).chain([bytes.len()]) {
        // The feed of a "\r\n" pair ends no line of its own.
        if end == start && end > 0 && bytes[end - 1] == b'\r' && bytes.get(end) == Some(&b'\n') {
            start = end + 1;
            continue;
        }
        line += 1;
        if end - start > MAX_LINE {
            return Err(ExtractError::LineTooLong {
                line,
                limit: super::size_words(MAX_LINE as u64),
            });
        }
        start = end + 1;
    }
    Ok(())
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
    fn utf16_with_a_byte_order_mark_is_decoded_either_way_round() {
        let text = "415.4 Detainers\nOfficers shall not ask.\x0cPage two";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [le, be] {
            let p = pages(&bytes).unwrap();
            assert_eq!(
                p.pages,
                ["415.4 Detainers\nOfficers shall not ask.", "Page two"]
            );
        }
        // An odd byte left over is not UTF-16.
        assert!(matches!(
            pages(b"\xff\xfeA\x00B"),
            Err(ExtractError::NotUtf16)
        ));
    }

    #[test]
    fn a_line_longer_than_the_limit_is_refused_with_its_number() {
        let mut text = String::from("one\r\ntwo\n");
        text.push_str(&"x".repeat(MAX_LINE + 1));
        match pages(text.as_bytes()) {
            Err(e @ ExtractError::LineTooLong { line: 3, .. }) => {
                assert!(
                    e.to_string().starts_with("line 3 is longer than 1 MB"),
                    "{e}"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        text.truncate(text.len() - 1);
        assert!(pages(text.as_bytes()).is_ok());
    }

    #[test]
    fn rejects_invalid_utf8_with_offset() {
        match pages(b"ok\xff") {
            Err(ExtractError::NotUtf8(2)) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
}

//! PDF reading on lopdf's object model: bytes → raw page texts.

use super::{ExtractError, ExtractOptions, RawPages};

/// Extracts the text of every page, in page order.
pub fn extract_pages(bytes: &[u8], opts: &ExtractOptions) -> Result<RawPages, ExtractError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| classify(&e.to_string()))?;
    if doc.is_encrypted() {
        let pw = opts.password.clone().unwrap_or_default();
        if doc.decrypt(&pw).is_err() {
            return Err(if opts.password.is_some() {
                ExtractError::WrongPassword
            } else {
                ExtractError::NeedsPassword
            });
        }
    }
    let pages = doc.get_pages();
    let mut out = RawPages::default();
    let mut empty = Vec::new();
    for (&n, _) in pages.iter() {
        let text = doc.extract_text(&[n]).unwrap_or_default();
        if text.trim().is_empty() {
            empty.push(n);
        }
        out.pages.push(text);
    }
    if !empty.is_empty() && empty.len() < out.pages.len() {
        out.warnings.push(format!(
            "{} page(s) have no text layer (image-only; OCR needed): {}",
            empty.len(),
            empty
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(out)
}

fn classify(msg: &str) -> ExtractError {
    let lower = msg.to_ascii_lowercase();
    if lower.contains("encrypt") || lower.contains("password") {
        ExtractError::NeedsPassword
    } else {
        ExtractError::Damaged(msg.lines().next().unwrap_or("unreadable").to_string())
    }
}

//! Stage 1, extraction: file bytes → [`Document`] (normalized text with pages).
//!
//! `pdf` reads PDFs on lopdf's object model, `text` reads plain text and
//! Markdown, and `normalize` turns raw page texts into the clean layer that
//! analysis sees.

pub mod normalize;
pub mod outline;
pub mod pdf;
pub mod text;

use crate::model::{Document, SourceKind};
use std::path::Path;

/// Options that change how a file is read.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// The user password for encrypted PDFs.
    pub password: Option<String>,
}

/// Why a file could not be read. Every message is one line that a person can
/// act on; the caller adds the file name.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("no such file or folder")]
    NotFound,
    #[error("this is a folder, not a file")]
    Folder,
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("unsupported file type ({0}; expected .pdf, .txt or .md)")]
    Unsupported(String),
    #[error("the file is not a PDF (it does not start with %PDF)")]
    NotPdf,
    #[error("the PDF is encrypted and needs a password")]
    NeedsPassword,
    #[error("the PDF password is wrong")]
    WrongPassword,
    #[error("the PDF is damaged: {0}")]
    Damaged(String),
    #[error(
        "the PDF has no text layer on any of its {pages} page(s) (a scan?); it needs OCR first"
    )]
    NoTextLayer { pages: usize },
    #[error(
        "the PDF draws its text ({pages} page(s)) in fonts with no Unicode mapping, so it cannot be read"
    )]
    UnmappedFonts { pages: usize },
    #[error("extraction took longer than {0} s (the file may be hostile or absurdly complex)")]
    TimedOut(u64),
    #[error("the text file is not valid UTF-8 (first bad byte at offset {0})")]
    NotUtf8(usize),
    #[error("the file is empty")]
    Empty,
}

impl ExtractError {
    /// A second line with what to do, when there is an obvious fix.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            ExtractError::NeedsPassword | ExtractError::WrongPassword => {
                Some("run again with --password, or ask the department for an unlocked copy")
            }
            ExtractError::NoTextLayer { .. } | ExtractError::UnmappedFonts { .. } => {
                Some("run the file through OCR (for example ocrmypdf) and scan the result")
            }
            ExtractError::Unsupported(_) => Some("convert the file to PDF or plain text first"),
            ExtractError::Folder => Some(
                "give one file from it, or use `policygap scan FOLDER` to read every file in a folder",
            ),
            _ => None,
        }
    }
}

/// Which reader handles a path, judged by its extension.
pub fn kind_of(path: &Path) -> Option<SourceKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some(SourceKind::Pdf),
        "txt" | "text" => Some(SourceKind::Text),
        "md" | "markdown" => Some(SourceKind::Markdown),
        _ => None,
    }
}

/// Which reader handles a path, or why none does.
pub fn reader_for(path: &Path) -> Result<SourceKind, ExtractError> {
    kind_of(path).ok_or_else(|| {
        ExtractError::Unsupported(match path.extension() {
            Some(ext) => format!(".{}", ext.to_string_lossy()),
            None => "no extension".to_string(),
        })
    })
}

/// Reads a file from disk with the reader that handles it. A missing path
/// or a folder gets its own error, worded the same for every command.
fn read(path: &Path) -> Result<(SourceKind, Vec<u8>), ExtractError> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ExtractError::NotFound),
        Ok(m) if m.is_dir() => return Err(ExtractError::Folder),
        _ => {}
    }
    let kind = reader_for(path)?;
    Ok((kind, std::fs::read(path)?))
}

/// Reads a file from disk and extracts its clean document.
pub fn extract_file(path: &Path, opts: &ExtractOptions) -> Result<Document, ExtractError> {
    let (kind, bytes) = read(path)?;
    extract_bytes(&path.display().to_string(), kind, &bytes, opts)
}

/// Extracts the clean document from bytes already in memory.
pub fn extract_bytes(
    display_path: &str,
    kind: SourceKind,
    bytes: &[u8],
    opts: &ExtractOptions,
) -> Result<Document, ExtractError> {
    let raw = match kind {
        SourceKind::Pdf => pdf::extract_pages(bytes, opts)?,
        SourceKind::Text | SourceKind::Markdown => text::pages(bytes)?,
    };
    let mut doc = normalize::clean(display_path, kind, &raw.pages);
    doc.warnings.extend(raw.warnings);
    if doc.text.trim().is_empty() {
        return Err(if kind == SourceKind::Pdf {
            ExtractError::NoTextLayer {
                pages: raw.pages.len(),
            }
        } else {
            ExtractError::Empty
        });
    }
    Ok(doc)
}

/// Raw page texts as a reader produced them, before cleaning.
#[derive(Debug, Clone, Default)]
pub struct RawPages {
    pub pages: Vec<String>,
    pub warnings: Vec<String>,
}

/// The raw text of a file with pages separated by form feeds, as `pdftotext`
/// prints it.
pub fn raw_text(path: &Path, opts: &ExtractOptions) -> Result<String, ExtractError> {
    let (kind, bytes) = read(path)?;
    let raw = match kind {
        SourceKind::Pdf => pdf::extract_pages(&bytes, opts)?,
        _ => text::pages(&bytes)?,
    };
    let mut out = String::new();
    for p in &raw.pages {
        out.push_str(p);
        if !p.ends_with('\n') && !p.is_empty() {
            out.push('\n');
        }
        out.push('\x0c');
    }
    Ok(out)
}

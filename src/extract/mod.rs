//! Stage 1, extraction: file bytes → [`Document`] (normalized text with pages).
//!
//! `pdf` reads PDFs on lopdf's object model, `text` reads plain text and
//! Markdown, `html` web pages and `docx` Word files; `normalize` turns raw
//! page texts into the clean layer that analysis sees. Every reader works
//! under bounds (file size, line length, nesting, decompressed size), so a
//! hostile file fails with one line instead of taking the batch down.

pub mod docx;
pub mod html;
pub mod normalize;
pub mod ocr;
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
    /// Seconds one file may take to read; `None` for the default.
    pub time_limit: Option<u64>,
    /// Read PDF pages that have no text layer by OCR.
    pub ocr: bool,
}

impl ExtractOptions {
    /// The seconds one file may take to read.
    pub fn seconds(&self) -> u64 {
        self.time_limit.unwrap_or(pdf::TIME_LIMIT_SECS)
    }
}

/// Largest file read, by kind: a 1,000-page manual is about 3 MB of text
/// and rarely 100 MB as a PDF, so these leave room for any real policy.
fn size_limit(kind: SourceKind) -> u64 {
    match kind {
        SourceKind::Pdf => 512 * MB,
        SourceKind::Docx => 128 * MB,
        SourceKind::Text | SourceKind::Markdown | SourceKind::Html => 32 * MB,
    }
}

const MB: u64 = 1024 * 1024;

/// A byte count in words: "48 MB", "700 KB".
pub(crate) fn size_words(n: u64) -> String {
    if n >= MB {
        format!("{} MB", n.div_ceil(MB))
    } else {
        format!("{} KB", n.div_ceil(1024))
    }
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
    #[error("this is not a regular file ({0}), so it may never end; give a saved copy")]
    NotRegular(&'static str),
    #[error("the file is larger than {limit} (the most policygap reads from a {kind} file)")]
    TooLarge { limit: String, kind: &'static str },
    #[error(
        "line {line} is longer than {limit} (a policy's lines are far shorter; is this really text?)"
    )]
    LineTooLong { line: usize, limit: String },
    #[error("unsupported file type ({0}; expected .pdf, .docx, .html, .txt or .md)")]
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
    #[error("the text file starts as UTF-16 does but is not valid UTF-16")]
    NotUtf16,
    #[error("--ocr needs the {program} program, which is not installed")]
    OcrTool {
        program: &'static str,
        hint: &'static str,
    },
    #[error("OCR failed: {0}")]
    Ocr(String),
    #[error("the web page cannot be read: {0}")]
    Html(String),
    #[error("the Word file cannot be read: {0}")]
    Docx(String),
    #[error("the Word file's {part} unpacks to more than {limit} (a zip bomb?)")]
    ZipBomb { part: String, limit: String },
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
            ExtractError::NoTextLayer { .. } => {
                Some("run again with --ocr to read the pages by OCR (needs the tesseract program)")
            }
            ExtractError::UnmappedFonts { .. } => {
                Some("run the file through OCR (for example ocrmypdf) and scan the result")
            }
            ExtractError::OcrTool { hint, .. } => Some(hint),
            ExtractError::Unsupported(_) => Some("convert the file to PDF or plain text first"),
            ExtractError::Docx(_) => Some("open it in Word and save it again, or save it as PDF"),
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
        "html" | "htm" | "xhtml" => Some(SourceKind::Html),
        "docx" => Some(SourceKind::Docx),
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
/// or a folder gets its own error, worded the same for every command. Only
/// regular files are opened (a pipe or a device may never end, and opening
/// a pipe blocks), and no more than the kind's size limit is read, even
/// from a file that grows while it is read.
fn read(path: &Path) -> Result<(SourceKind, Vec<u8>), ExtractError> {
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ExtractError::NotFound),
        Err(e) => return Err(e.into()),
        Ok(m) => m,
    };
    if meta.is_dir() {
        return Err(ExtractError::Folder);
    }
    let kind = reader_for(path)?;
    if !meta.is_file() {
        return Err(ExtractError::NotRegular(special_kind(&meta)));
    }
    let limit = size_limit(kind);
    let too_large = || ExtractError::TooLarge {
        limit: size_words(limit),
        kind: kind.name(),
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    read_at_most(path, limit)?
        .map(|bytes| (kind, bytes))
        .ok_or_else(too_large)
}

/// A file's bytes, or `None` when it holds more than `limit` of them; no
/// more than one byte past the limit is read, even from a file that grows
/// while it is read.
pub(crate) fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let size = file.metadata().map_or(0, |m| m.len()).min(limit + 1);
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// What a file that is not a regular one is, in words.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
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
    let raw = raw_pages(kind, bytes, opts)?;
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

/// The raw pages of a file's bytes, by the reader for its kind.
fn raw_pages(
    kind: SourceKind,
    bytes: &[u8],
    opts: &ExtractOptions,
) -> Result<RawPages, ExtractError> {
    match kind {
        SourceKind::Pdf if opts.ocr => pdf_with_ocr(bytes, opts),
        SourceKind::Pdf => pdf::extract_pages(bytes, opts),
        SourceKind::Text | SourceKind::Markdown => text::pages(bytes),
        SourceKind::Html => html::pages(bytes),
        SourceKind::Docx => docx::pages(bytes),
    }
}

/// A PDF's pages, those without a text layer read by OCR. Each such page
/// is named in a warning with its confidence, so every report marks it.
fn pdf_with_ocr(bytes: &[u8], opts: &ExtractOptions) -> Result<RawPages, ExtractError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(opts.seconds());
    let (mut raw, scans) = match pdf::extract_pages(bytes, opts) {
        Ok(raw) => {
            let scans = raw.image_only.clone();
            (raw, scans)
        }
        Err(ExtractError::NoTextLayer { pages }) => {
            let raw = RawPages {
                pages: vec![String::new(); pages],
                ..RawPages::default()
            };
            (raw, (1..=pages as u32).collect())
        }
        Err(e) => return Err(e),
    };
    if scans.is_empty() {
        return Ok(raw);
    }
    let read = ocr::read_pages(bytes, &scans, deadline, opts.seconds())?;
    let mut low = Vec::new();
    for page in &read {
        if let Some(slot) = raw.pages.get_mut(page.number as usize - 1) {
            *slot = page.text.clone();
        }
        if page.confidence < 80.0 {
            low.push(page.number);
        }
    }
    raw.warnings.push(format!(
        "read by OCR: {}",
        read.iter()
            .map(|p| format!("page {} ({:.0}% confidence)", p.number, p.confidence))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if !low.is_empty() {
        raw.warnings.push(format!(
            "OCR was unsure of page(s) {}: check quotes from them against the scan",
            low.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(raw)
}

/// Raw page texts as a reader produced them, before cleaning.
#[derive(Debug, Clone, Default)]
pub struct RawPages {
    pub pages: Vec<String>,
    pub warnings: Vec<String>,
    /// Pages (numbered from 1) with images and no text layer: scans.
    pub image_only: Vec<u32>,
}

/// The raw text of a file with pages separated by form feeds, as `pdftotext`
/// prints it.
pub fn raw_text(path: &Path, opts: &ExtractOptions) -> Result<String, ExtractError> {
    let (kind, bytes) = read(path)?;
    let raw = raw_pages(kind, &bytes, opts)?;
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

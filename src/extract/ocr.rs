//! OCR for scanned PDF pages: a page with no text layer is drawn as an
//! image (`pdftoppm`) and read by Tesseract (`tesseract`), both run as
//! programs when `--ocr` asks for them. Each page read this way keeps its
//! page number and the mean confidence Tesseract gave its words.

use super::ExtractError;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Dots per inch pages are drawn at for reading.
const DPI: &str = "300";

/// One page read by OCR.
#[derive(Debug, Clone)]
pub struct OcrPage {
    pub number: u32,
    pub text: String,
    /// Mean word confidence, 0–100.
    pub confidence: f32,
}

/// The programs OCR needs, each with how to install it.
const TOOLS: [(&str, &str, &str); 2] = [
    (
        "tesseract",
        "--version",
        "install it with `apt-get install tesseract-ocr` (Debian, Ubuntu) or `brew install tesseract` (macOS)",
    ),
    (
        "pdftoppm",
        "-v",
        "install it with `apt-get install poppler-utils` (Debian, Ubuntu) or `brew install poppler` (macOS)",
    ),
];

/// Whether both programs can be run; the first missing one otherwise.
pub fn check_tools() -> Result<(), ExtractError> {
    for (program, flag, hint) in TOOLS {
        let ran = Command::new(program)
            .arg(flag)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if ran.is_err() {
            return Err(ExtractError::OcrTool { program, hint });
        }
    }
    Ok(())
}

/// A folder of our own under the system's temporary folder, removed when
/// dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch, ExtractError> {
        static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("policygap-ocr-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Reads `pages` (numbered from 1) of a PDF by OCR, stopping at `deadline`.
pub fn read_pages(
    pdf: &[u8],
    pages: &[u32],
    deadline: Instant,
    seconds: u64,
) -> Result<Vec<OcrPage>, ExtractError> {
    check_tools()?;
    let scratch = Scratch::new()?;
    let input = scratch.0.join("input.pdf");
    std::fs::write(&input, pdf)?;
    let mut out = Vec::new();
    for &n in pages {
        let image = scratch.0.join(format!("page-{n}"));
        let page = n.to_string();
        run(
            Command::new("pdftoppm")
                .args([
                    "-r",
                    DPI,
                    "-gray",
                    "-png",
                    "-singlefile",
                    "-f",
                    &page,
                    "-l",
                    &page,
                ])
                .arg(&input)
                .arg(&image),
            deadline,
            seconds,
        )?;
        let png = image.with_extension("png");
        let tsv = scratch.0.join(format!("words-{n}"));
        run(
            Command::new("tesseract")
                .arg(&png)
                .arg(&tsv)
                .arg("tsv")
                // One thread each: pages and files already run side by side.
                .env("OMP_THREAD_LIMIT", "1"),
            deadline,
            seconds,
        )?;
        let words = std::fs::read_to_string(tsv.with_extension("tsv"))?;
        let (text, confidence) = text_of(&words);
        out.push(OcrPage {
            number: n,
            text,
            confidence,
        });
        let _ = std::fs::remove_file(&png);
    }
    Ok(out)
}

/// Runs a program to its end, or stops it at the deadline.
fn run(cmd: &mut Command, deadline: Instant, seconds: u64) -> Result<(), ExtractError> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    loop {
        if let Some(status) = child.try_wait()? {
            if status.success() {
                return Ok(());
            }
            return Err(ExtractError::Ocr(format!(
                "{program} could not read a page ({status})"
            )));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ExtractError::TimedOut(seconds));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The text of Tesseract's word table (TSV): words joined into lines,
/// lines into paragraphs, with the mean confidence of its words.
fn text_of(tsv: &str) -> (String, f32) {
    let mut text = String::new();
    let mut last: Option<(&str, &str, &str)> = None;
    let (mut sum, mut count) = (0.0f32, 0u32);
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let word = f[11].trim();
        if word.is_empty() {
            continue;
        }
        if let Ok(c) = f[10].parse::<f32>()
            && c >= 0.0
        {
            sum += c;
            count += 1;
        }
        let here = (f[2], f[3], f[4]);
        match last {
            Some(l) if l == here => text.push(' '),
            Some((b, p, _)) if (b, p) == (here.0, here.1) => text.push('\n'),
            Some(_) => text.push_str("\n\n"),
            None => {}
        }
        text.push_str(word);
        last = Some(here);
    }
    if !text.is_empty() {
        text.push('\n');
    }
    (text, if count == 0 { 0.0 } else { sum / count as f32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_lines_and_paragraphs_with_their_mean_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t0\t0\t9\t9\t90\t415.4\n\
                   5\t1\t1\t1\t1\t2\t0\t0\t9\t9\t80\tDETAINERS\n\
                   5\t1\t1\t1\t2\t1\t0\t0\t9\t9\t70\tMembers\n\
                   5\t1\t2\t1\t1\t1\t0\t0\t9\t9\t60\tNext.\n";
        let (text, conf) = text_of(tsv);
        assert_eq!(text, "415.4 DETAINERS\nMembers\n\nNext.\n");
        assert!((conf - 75.0).abs() < 0.01, "{conf}");
    }
}

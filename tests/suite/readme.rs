//! The README shows what the program prints, and tells a newcomer how to
//! get the command it uses.
//!
//! Its example of a scan, and the HTML report its screenshot shows (kept
//! beside the screenshot in `docs/`), are compared with what the program
//! prints today; `UPDATE_README=1 cargo test readme` writes them again and
//! retakes the screenshot with headless Chromium.

use crate::cli::{bin, root, run, stdout};
use crate::report_chromium;
use std::path::Path;

const README: &str = "README.md";
const SCAN_START: &str =
    "<!-- scan-output: made by `UPDATE_README=1 cargo test readme`; edits here are overwritten -->";
const SCAN_END: &str = "<!-- end of scan-output -->";
const SAMPLE_POLICY: &str = "corpus/calloway-springs-co-pd-415.pdf";
const SAMPLE_REPORT: &str = "docs/report-calloway-springs.html";
const SCREENSHOT: &str = "docs/report-calloway-springs.png";
const HOW_TO_UPDATE: &str = "run `UPDATE_README=1 cargo test readme` and commit what changed";

fn updating() -> bool {
    std::env::var_os("UPDATE_README").is_some_and(|v| !v.is_empty())
}

/// Reports carry the day they were made; the README's are from the day it
/// was brought up to date.
fn undated(text: &str) -> String {
    regex::Regex::new(r"\b\d{4}-\d{2}-\d{2}\b")
        .unwrap()
        .replace_all(text, "YYYY-MM-DD")
        .into_owned()
}

/// Writes a file of the checkout whole, so a test reading it meanwhile
/// never sees half of it.
fn replace_file(path: &str, bytes: &[u8]) {
    let path = root().join(path);
    let tmp = path.with_extension("updating");
    std::fs::write(&tmp, bytes).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

/// The start of `policygap scan corpus/` on an 80-column terminal: the
/// rule set, the town × rule table and its key, as the README shows it.
fn scan_example() -> String {
    let out = bin()
        .env("COLUMNS", "80")
        .args(["scan", "corpus/"])
        .current_dir(root())
        .output()
        .expect("run policygap");
    assert!(out.status.success(), "the scan failed");
    let text = stdout(&out);
    // The header, a blank line, the table and its key, a blank line.
    let shown: Vec<&str> = text
        .split_inclusive('\n')
        .scan(0, |blanks, line| {
            (*blanks < 2).then(|| {
                *blanks += usize::from(line.trim().is_empty());
                line
            })
        })
        .collect();
    format!(
        "```\n$ policygap scan corpus/\n{}...\n```\n",
        shown.concat()
    )
}

#[test]
fn readme_scan_example_is_what_the_program_prints() {
    let readme = std::fs::read_to_string(root().join(README)).unwrap();
    let start = readme
        .find(SCAN_START)
        .expect("the README marks its scan example")
        + SCAN_START.len()
        + 1;
    let end = readme[start..]
        .find(SCAN_END)
        .expect("the scan example's end mark")
        + start;
    let example = scan_example();
    if updating() {
        let updated = format!("{}{example}{}", &readme[..start], &readme[end..]);
        replace_file(README, updated.as_bytes());
        return;
    }
    assert_eq!(
        undated(&readme[start..end]),
        undated(&example),
        "the README's example of a scan is not what the program prints: {HOW_TO_UPDATE}"
    );
}

#[test]
fn readme_screenshot_shows_the_report_the_program_prints() {
    let out = bin()
        .args(["scan", SAMPLE_POLICY, "--format", "html"])
        .current_dir(root())
        .output()
        .expect("run policygap");
    assert!(out.status.success(), "the scan failed");
    let html = stdout(&out);
    if updating() {
        replace_file(SAMPLE_REPORT, html.as_bytes());
        screenshot(&root().join(SAMPLE_REPORT), &root().join(SCREENSHOT));
        return;
    }
    let kept = std::fs::read_to_string(root().join(SAMPLE_REPORT)).unwrap_or_default();
    assert!(
        undated(&kept) == undated(&html),
        "{SAMPLE_REPORT}, which {SCREENSHOT} shows, is not the report the program prints: {HOW_TO_UPDATE}"
    );
}

/// Takes the README's screenshot of `page` with headless Chromium.
fn screenshot(page: &Path, png: &Path) {
    let chrome = report_chromium::chromium()
        .expect("retaking the README's screenshot needs Chromium (set CHROMIUM=path)");
    let profile = tempfile::tempdir().unwrap();
    let tmp = png.with_extension("updating.png");
    report_chromium::run(
        &chrome,
        profile.path(),
        page,
        &[
            format!("--screenshot={}", tmp.display()),
            "--window-size=1100,1500".to_string(),
            "--hide-scrollbars".to_string(),
        ],
    );
    std::fs::rename(&tmp, png).expect("Chromium wrote no screenshot");
}

#[test]
fn readme_says_how_to_get_the_command_and_lists_every_command() {
    let readme = std::fs::read_to_string(root().join(README)).unwrap();
    for way in ["cargo install --path .", "./target/release/policygap"] {
        assert!(readme.contains(way), "the README does not say `{way}`");
    }
    let help = stdout(&run(&["--help"]));
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 6, "{help}");
    for c in commands {
        assert!(
            readme.contains(&format!("policygap {c} ")),
            "the README's commands leave out `policygap {c}`"
        );
    }
}

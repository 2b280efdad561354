//! System tools some tests drive (poppler, qpdf, Chromium, Tesseract). Where one is
//! missing, the test skips with one line naming it; under CI, which
//! installs every tool, a missing one fails the test instead.

use std::io::Write;

/// Whether the tests run under CI (`CI` set to anything but empty, `0` or
/// `false`).
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Says that a test skips because `what` is missing, or fails under CI.
/// The line goes straight to the terminal: the test harness keeps what a
/// passing test prints with `eprintln!` to itself.
pub fn skip_without(what: &str) {
    assert!(!under_ci(), "CI is set but {what}");
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "SKIPPED: {what}");
}

//! Prints a file's extracted text: raw (pages separated by form feeds, like
//! `pdftotext`) or, with `--clean`, the normalized document text.
//!
//! `cargo run --release --example pdftext -- [--clean] [--password PW] FILE...`

use policygap::extract::{self, ExtractOptions};
use std::io::Write;
use std::path::Path;

fn main() {
    let mut opts = ExtractOptions::default();
    let mut clean = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--clean" => clean = true,
            "--password" => opts.password = args.next(),
            _ => files.push(a),
        }
    }
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for f in &files {
        let path = Path::new(f);
        let res = if clean {
            extract::extract_file(path, &opts).map(|d| {
                for w in &d.warnings {
                    eprintln!("{f}: warning: {w}");
                }
                d.text
            })
        } else {
            extract::raw_text(path, &opts)
        };
        match res {
            Ok(text) => {
                let _ = out.write_all(text.as_bytes());
            }
            Err(e) => {
                failed = true;
                eprintln!("{f}: error: {e}");
            }
        }
    }
    std::process::exit(if failed { 1 } else { 0 });
}

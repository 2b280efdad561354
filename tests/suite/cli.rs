//! The built `policygap` binary, run from the checkout the way a user runs
//! it, with colour off and a fixed terminal width so output is the same on
//! every machine.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The binary, ready for arguments.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_policygap"));
    c.env("NO_COLOR", "1").env("COLUMNS", "160");
    c
}

/// The checkout: relative paths in arguments start here.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary with `args` from the checkout and waits for it.
pub fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(root())
        .output()
        .expect("run policygap")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

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

/// Runs the binary with its standard output on a terminal `cols` columns
/// wide (a pseudo-terminal), the way a user at a terminal sees it, and
/// returns what it showed. `COLUMNS` is unset, so the width comes from the
/// terminal itself; `env` adds or replaces variables.
#[cfg(unix)]
pub fn run_in_terminal(args: &[&str], cols: u16, env: &[(&str, &str)]) -> String {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::process::Stdio;

    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 50,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: openpty writes two new descriptors into the integers given;
    // the null name and settings pointers ask for none.
    let made = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(made, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and nothing else owns them.
    let (mut master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            OwnedFd::from_raw_fd(slave),
        )
    };
    let mut cmd = bin();
    cmd.env_remove("COLUMNS")
        .envs(env.iter().copied())
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::from(slave))
        .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("run policygap");
    // Our copy of the terminal's far end must close, or reading would
    // never see the end of the output.
    drop(cmd);
    let mut shown = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match master.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => shown.extend_from_slice(&buf[..n]),
            // Linux reports the far end closing as an I/O error.
            Err(e) if e.raw_os_error() == Some(libc::EIO) => break,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => panic!("reading the terminal: {e}"),
        }
    }
    child.wait().expect("wait for policygap");
    // The terminal turns each line feed into a carriage return and a feed.
    String::from_utf8_lossy(&shown).replace("\r\n", "\n")
}

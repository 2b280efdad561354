//! A batch that holds hostile files — a 50 MB one-line text file, a
//! decompression bomb, a Word zip bomb, a web page of 100,000 nested
//! elements, and files that never end — finishes, reports each as failed
//! with its reason, analyses the good files, and stays under 1 GB.
//! The files are made in a temporary folder; most are small on disk.

use crate::cli::bin;
use std::io::Write;
use std::path::Path;

const POLICY: &str = "GENERAL ORDER 7\n\nOfficers shall not inquire into the immigration \
                      status of any person.\n";

/// A .docx whose body unpacks to 200 MB.
fn zip_bomb() -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>")
        .unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..200 {
        zip.write_all(&spaces).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

/// A file of `len` zero bytes that takes no room on disk: one line.
fn sparse(path: &Path, len: u64) {
    std::fs::File::create(path).unwrap().set_len(len).unwrap();
}

/// Runs the binary and returns its exit code, output, errors and peak
/// memory in kilobytes.
#[cfg(unix)]
fn run_measured(args: &[&std::ffi::OsStr], dir: &Path) -> (Option<i32>, String, String, i64) {
    use std::process::Stdio;
    let (out_path, err_path) = (dir.join("stdout.json"), dir.join("stderr.txt"));
    // The child is reaped by wait4 below, which also reports its memory.
    #[expect(clippy::zombie_processes, reason = "waited for with wait4")]
    let child = bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; the child is ours
    // and not waited for anywhere else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (
        code,
        std::fs::read_to_string(out_path).unwrap(),
        std::fs::read_to_string(err_path).unwrap(),
        usage.ru_maxrss,
    )
}

#[cfg(unix)]
#[test]
fn a_batch_of_hostile_files_reports_each_and_analyses_the_rest_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("batch");
    std::fs::create_dir(&d).unwrap();
    std::fs::write(d.join("good.txt"), POLICY).unwrap();
    std::fs::write(
        d.join("good.html"),
        format!("<nav>Home</nav><main><p>{POLICY}</p></main>"),
    )
    .unwrap();
    sparse(&d.join("one-line.txt"), 50_000_000);
    sparse(&d.join("long-line.md"), 2_000_000);
    std::fs::write(d.join("bomb.pdf"), crate::pdf_build::decompression_bomb()).unwrap();
    std::fs::write(d.join("bomb.docx"), zip_bomb()).unwrap();
    std::fs::write(
        d.join("nested.html"),
        "<div>".repeat(100_000) + "Officers shall not ask." + &"</div>".repeat(100_000),
    )
    .unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
    let fifo = std::ffi::CString::new(d.join("pipe.txt").as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: the path is a valid C string.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);

    let start = std::time::Instant::now();
    let (code, out, err, peak_kb) = run_measured(
        &[
            "scan".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            d.as_os_str(),
        ],
        dir.path(),
    );
    assert_eq!(code, Some(1), "some files failed: {err}");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(120),
        "the batch took {:?}",
        start.elapsed()
    );
    eprintln!("hostile batch: peak memory {} MB", peak_kb / 1024);
    assert!(
        peak_kb < 1024 * 1024,
        "peak memory {} MB (limit 1 GB)",
        peak_kb / 1024
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("the report is written");
    let docs = v["documents"].as_array().unwrap();
    let entry = |name: &str| {
        docs.iter()
            .find(|x| x["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} is not in the report:\n{err}"))
    };
    for good in ["good.txt", "good.html"] {
        let e = entry(good);
        assert_eq!(e["status"], "analyzed", "{good}: {e}");
        let dont_ask = e["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "dont-ask")
            .unwrap();
        assert_eq!(dont_ask["verdict"], "met", "{good}");
    }
    for (name, why) in [
        ("one-line.txt", "larger than 32 MB"),
        ("long-line.md", "line 1 is longer than 1 MB"),
        ("bomb.pdf", "decompression bomb"),
        ("bomb.docx", "zip bomb"),
        ("nested.html", "nest more than"),
        ("zero.txt", "not a regular file (a device)"),
        ("pipe.txt", "not a regular file (a named pipe)"),
    ] {
        let e = entry(name);
        assert_eq!(e["status"], "failed", "{name}: {e}");
        let reason = e["error"].as_str().unwrap();
        assert!(reason.contains(why), "{name}: {reason}");
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no error line for {name}:\n{err}"));
        assert!(line.starts_with("policygap: error: "), "{line}");
    }
    assert_eq!(docs.len(), 9, "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_file_past_the_timeout_fails_and_the_others_are_analysed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a-good.txt"), POLICY).unwrap();
    // About 20 MB of policy text: far more than a second's work here.
    let mut big = String::new();
    let mut n = 0;
    while big.len() < 20_000_000 {
        n += 1;
        big.push_str(&format!(
            "{n}.1 Officers shall not detain a person on an immigration detainer without a \
             judicial warrant, and shall not ask about status.\n"
        ));
    }
    std::fs::write(d.join("b-slow.txt"), big).unwrap();
    let start = std::time::Instant::now();
    let out = bin()
        .args(["scan", "--format", "json", "--timeout", "1"])
        .arg(d)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no report ({e}); errors:\n{err}"));
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs[0]["status"], "analyzed", "{}", docs[0]);
    assert_eq!(docs[1]["status"], "failed", "{}", docs[1]);
    let reason = docs[1]["error"].as_str().unwrap();
    assert!(reason.contains("longer than 1 s"), "{reason}");
    assert!(
        err.contains("b-slow.txt: reading and analysing it took longer"),
        "{err}"
    );
}

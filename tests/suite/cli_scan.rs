//! `policygap scan` driven the way a user runs it: the bundled corpus, the
//! JSON contract, and files that cannot be read.

use crate::cli::{bin, root, run, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Command;

const RULES: [&str; 10] = [
    "judicial-warrant",
    "no-facilitation",
    "access-interview",
    "clear-identification",
    "dont-ask",
    "privacy-protection",
    "surveillance",
    "redress",
    "fair-impartial",
    "federal-1373",
];

/// The towns the corpus ships, from its expected-verdicts file.
fn corpus_towns() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("corpus/expected.tsv")).unwrap();
    let mut towns: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(str::to_string)
        .collect();
    towns.dedup();
    towns
}

#[test]
fn scanning_the_corpus_reports_every_town_and_rule() {
    let out = run(&["scan", "corpus/", "--format", "json"]);
    let err = stderr(&out);
    assert!(out.status.success(), "scan failed: {err}");
    assert!(!err.contains("error"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let docs = v["documents"].as_array().unwrap();
    let towns = corpus_towns();
    assert!(towns.len() >= 8, "the corpus has at least eight towns");
    assert_eq!(
        docs.len(),
        towns.len(),
        "one entry per town, no sources or notes"
    );
    for town in &towns {
        let d = docs
            .iter()
            .find(|d| d["path"].as_str().unwrap().contains(town.as_str()))
            .unwrap_or_else(|| panic!("{town} missing from the scan"));
        assert_eq!(d["status"], "analyzed", "{town}");
        let rules: Vec<&str> = d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, RULES, "{town}");
    }
}

#[test]
fn text_table_names_every_town_with_verdict_words() {
    let out = run(&["scan", "corpus/"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for town in corpus_towns() {
        let shown = &town[..town.len().min(20)];
        assert!(text.contains(shown), "{town} not in the table:\n{text}");
    }
    for words in [
        ["met", "met"],
        ["part", "partial"],
        ["miss", "missing"],
        ["CONF", "conflict"],
    ] {
        assert!(
            words.iter().any(|w| text.contains(w)),
            "verdict word {words:?} missing:\n{text}"
        );
    }
}

#[test]
fn corpus_verdicts_are_the_ones_the_team_expects() {
    let out = run(&["eval", "corpus", "corpus/expected.tsv", "--errors"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    let disagreements: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("labeled ") && l.contains(" / predicted "))
        .collect();
    assert!(
        disagreements.is_empty(),
        "verdicts differ from corpus/expected.tsv:\n{}",
        disagreements.join("\n")
    );
    assert!(text.contains("pairs: 120"), "{text}");
}

#[test]
fn corpus_findings_cite_the_sections_the_team_expects() {
    // A verdict can stay right while the clause it cites moves (lines of
    // two columns woven together make clauses of the wrong section), so
    // the sections each finding cites are pinned too, in citing order.
    let text = std::fs::read_to_string(root().join("corpus/expected.tsv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (doc, rule, sections) = (col("doc"), col("rule"), col("sections"));
    let out = run(&["scan", "corpus/", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut wrong = Vec::new();
    let mut checked = 0;
    for line in lines {
        let c: Vec<&str> = line.split('\t').collect();
        let d = v["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"].as_str().unwrap().contains(c[doc]))
            .unwrap_or_else(|| panic!("{} missing from the scan", c[doc]));
        let finding = d["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == c[rule])
            .unwrap();
        let mut cited: Vec<&str> = Vec::new();
        for e in finding["evidence"].as_array().unwrap() {
            let s = e["section"].as_str().unwrap_or("");
            if !cited.contains(&s) {
                cited.push(s);
            }
        }
        let want = c.get(sections).copied().unwrap_or("");
        checked += usize::from(!want.is_empty());
        if cited.join(", ") != want {
            wrong.push(format!(
                "{} {}: cites {:?}, expected {want:?}",
                c[doc],
                c[rule],
                cited.join(", ")
            ));
        }
    }
    assert!(checked >= 80, "sections pinned for {checked} findings only");
    assert!(
        wrong.is_empty(),
        "cited sections differ from corpus/expected.tsv:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_jurisdiction_from_the_folder_settings_fills_the_model_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("corpus/harlan-crossing-vt-chief-memo.pdf"),
        dir.path().join("memo.pdf"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("policygap.toml"),
        "[documents.memo]\njurisdiction = \"Town of Testerly, Vermont\"\noversight = \"Testerly Select Board\"\n",
    )
    .unwrap();
    let out = bin()
        .args(["scan", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = v["rule_set"]["rules"].as_array().unwrap();
    let first = rules[0]["model_text"].as_str().unwrap();
    assert!(first.contains("Town of Testerly, Vermont"), "{first}");
    assert!(!first.contains("[County/City/State]"), "{first}");
    let redress = rules.iter().find(|r| r["id"] == "redress").unwrap()["model_text"]
        .as_str()
        .unwrap();
    assert!(redress.contains("Testerly Select Board"), "{redress}");
}

/// A PDF encrypted with a user password, made by qpdf from a corpus PDF.
fn encrypted_pdf(dir: &Path) -> Option<PathBuf> {
    let out = dir.join("locked.pdf");
    let status = Command::new("qpdf")
        .args(["--encrypt", "secret", "owner", "256", "--"])
        .arg(root().join("corpus/harlan-crossing-vt-chief-memo.pdf"))
        .arg(&out)
        .status()
        .ok()?;
    status.success().then_some(out)
}

#[test]
fn unreadable_files_fail_one_by_one_and_the_rest_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("good.txt"),
        "Officers shall not inquire into the immigration status of any person.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("notapdf.pdf"),
        "this is plain text wearing a .pdf name",
    )
    .unwrap();
    let mut corrupt =
        std::fs::read(root().join("corpus/harlan-crossing-vt-chief-memo.pdf")).unwrap();
    corrupt.truncate(300);
    std::fs::write(d.join("corrupt.pdf"), corrupt).unwrap();
    let locked = encrypted_pdf(d);
    if locked.is_none() {
        super::tools::skip_without(
            "qpdf is not installed: the encrypted case is left out (apt-get install qpdf)",
        );
    }
    let missing = d.join("missing.pdf");

    let mut cmd = bin();
    cmd.args(["scan", "--format", "json"]).arg(d).arg(&missing);
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code says something failed"
    );
    let err = stderr(&out);
    let errors: Vec<&str> = err.lines().filter(|l| l.contains("error:")).collect();
    let expect = |name: &str, why: &str| {
        let line = errors
            .iter()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no error line for {name}:\n{err}"));
        assert!(line.to_lowercase().contains(why), "{line}");
    };
    expect("missing.pdf", "no such file");
    expect("notapdf.pdf", "not a pdf");
    expect("corrupt.pdf", "damaged");
    if locked.is_some() {
        expect("locked.pdf", "password");
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON still written");
    let docs = v["documents"].as_array().unwrap();
    let good = docs
        .iter()
        .find(|x| x["path"].as_str().unwrap().ends_with("good.txt"))
        .expect("the good file is still reported");
    assert_eq!(good["status"], "analyzed");
    let failed = docs.iter().filter(|x| x["status"] == "failed").count();
    assert_eq!(failed, if locked.is_some() { 4 } else { 3 });
    for x in docs.iter().filter(|x| x["status"] == "failed") {
        assert!(!x["error"].as_str().unwrap_or("").is_empty(), "{x}");
    }
}

#[test]
fn the_right_password_opens_an_encrypted_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let Some(locked) = encrypted_pdf(dir.path()) else {
        super::tools::skip_without("qpdf is not installed (apt-get install qpdf)");
        return;
    };
    let out = bin()
        .args(["scan", "--format", "json", "--password", "secret"])
        .arg(&locked)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let wrong = bin()
        .args(["scan", "--password", "nope"])
        .arg(&locked)
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    assert!(stderr(&wrong).contains("password"));
}

#[test]
fn development_documents_all_give_valid_json_in_the_contract() {
    let docs = root().join("../shared/eval-dev/docs");
    if !docs.exists() {
        super::tools::skip_without("the development set is not at ../shared/eval-dev");
        return;
    }
    let out = bin()
        .args(["scan", "--format", "json"])
        .arg(&docs)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["schema_version"].is_number());
    assert_eq!(v["rule_set"]["id"], "aclu-nine");
    let list = v["documents"].as_array().unwrap();
    assert_eq!(list.len(), 52, "40 text files and 12 PDFs");
    for d in list {
        assert_eq!(d["status"], "analyzed", "{}", d["path"]);
        for f in d["findings"].as_array().unwrap() {
            assert!(f["verdict"].is_string());
            for e in f["evidence"].as_array().unwrap() {
                assert!(e["page"].as_u64().unwrap() >= 1);
                assert!(!e["text"].as_str().unwrap().is_empty());
                assert!(e.get("section").is_some());
            }
        }
    }
}

/// In a batch, every town's section asks for model text tailored to that
/// town, as its folder's settings name it, not the rule set's generic text.
#[test]
fn batch_reports_tailor_each_towns_model_text() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "GENERAL ORDER 12\nFIELD INTERVIEWS\n\nOfficers shall record the \
                  reason for every field interview in the daily activity log.\n";
    std::fs::write(dir.path().join("a-dorrance.txt"), policy).unwrap();
    std::fs::write(dir.path().join("b-wrenfield.txt"), policy).unwrap();
    std::fs::write(
        dir.path().join("policygap.toml"),
        "[documents.a-dorrance]\njurisdiction = \"Dorrance County, Nevada\"\n\n\
         [documents.b-wrenfield]\njurisdiction = \"Town of Wrenfield, Ohio\"\n",
    )
    .unwrap();
    let ask = |place: &str| format!("{place} officials shall require a judicial warrant");
    for format in ["html", "markdown"] {
        let out = bin()
            .args(["scan", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        let text = stdout(&out);
        let (d, w) = (
            ask("Dorrance County, Nevada"),
            ask("Town of Wrenfield, Ohio"),
        );
        let (Some(d_at), Some(w_at)) = (text.find(&d), text.find(&w)) else {
            panic!("{format}: a town's tailored model text is missing");
        };
        // Each town's text sits in its own section, in file order, and
        // neither town's text turns up in the other's.
        assert!(d_at < w_at, "{format}: texts out of order");
        assert!(
            !text[..d_at].contains(&w),
            "{format}: Wrenfield's text before Dorrance's"
        );
        assert!(
            !text[w_at..].contains(&d),
            "{format}: Dorrance's text in Wrenfield's section"
        );
    }
}

#[test]
fn an_empty_jurisdiction_or_oversight_is_refused() {
    for option in ["--jurisdiction", "--oversight"] {
        let out = run(&[
            "scan",
            "corpus/harlan-crossing-vt-chief-memo.pdf",
            option,
            " ",
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(&format!("{option} is empty")), "{err}");
        assert_eq!(stdout(&out), "");
    }
}

/// A short policy that every format can report on.
const SHORT_POLICY: &str =
    "GENERAL ORDER 7\n\nOfficers shall not inquire into the immigration status of any person.\n";

/// Writes `SHORT_POLICY` to each of `names` under `dir`, making folders.
fn policies(dir: &Path, names: &[&str]) {
    for name in names {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, SHORT_POLICY).unwrap();
    }
}

#[test]
fn the_report_format_comes_from_the_out_extension() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    policies(d, &["alder.txt"]);
    let starts: [(&str, &str); 7] = [
        ("html", "<!DOCTYPE html>"),
        ("HTM", "<!DOCTYPE html>"),
        ("json", "{"),
        ("md", "# Police policy review"),
        ("markdown", "# Police policy review"),
        ("csv", "path,"),
        ("txt", "Rule set:"),
    ];
    for (ext, start) in starts {
        let report = d.join(format!("report.{ext}"));
        let out = bin()
            .arg("scan")
            .arg(d.join("alder.txt"))
            .arg("--out")
            .arg(&report)
            .output()
            .unwrap();
        assert!(out.status.success(), "{ext}: {}", stderr(&out));
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(text.starts_with(start), ".{ext} got:\n{text}");
    }
}

#[test]
fn a_format_that_contradicts_the_out_extension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    policies(d, &["alder.txt"]);
    let report = d.join("r.html");
    let out = bin()
        .args(["scan", "--format", "json", "--out"])
        .arg(&report)
        .arg(d.join("alder.txt"))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--format json") && err.contains("r.html"),
        "{err}"
    );
    assert!(!report.exists());
    // A name the formats do not claim leaves --format free.
    let log = d.join("r.log");
    let out = bin()
        .args(["scan", "--format", "json", "--out"])
        .arg(&log)
        .arg(d.join("alder.txt"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&log).unwrap().starts_with('{'));
}

#[test]
fn reports_that_cannot_be_written_are_counted_in_the_last_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    policies(&d.join("in"), &["alder.txt", "birch.txt"]);
    // A folder where a report should go stops that one write, even for root.
    let out_dir = d.join("out");
    std::fs::create_dir_all(out_dir.join("alder.csv")).unwrap();
    let out = bin()
        .args(["scan", "--format", "csv", "--out"])
        .arg(format!("{}/", out_dir.display()))
        .arg(d.join("in"))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.contains("wrote 1 of 2 report(s)") && last.contains("1 could not be written"),
        "{err}"
    );
    assert!(out_dir.join("birch.csv").is_file());

    // A folder whose path runs through a file cannot be made at all.
    std::fs::write(d.join("plain-file"), "").unwrap();
    let blocked = d.join("plain-file/reports");
    let out = bin()
        .args(["scan", "--format", "csv", "--out"])
        .arg(format!("{}/", blocked.display()))
        .arg(d.join("in"))
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(!blocked.exists(), "the folder should not exist");
    assert_eq!(out.status.code(), Some(1), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.contains("no report was written"), "{err}");
    assert!(last.contains("plain-file is a file, not a folder"), "{err}");
    assert!(!err.contains("wrote"), "{err}");
}

#[test]
fn a_folder_scan_lists_every_file_it_skips_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    policies(d, &["alder.txt"]);
    for name in ["minutes.doc", "letter.rtf", "photos/scan.png", "NOTES"] {
        let path = d.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }
    std::fs::write(d.join(".DS_Store"), "x").unwrap();
    std::fs::write(d.join("policygap.toml"), "").unwrap();
    let out = bin().arg("scan").arg(d).output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "skipping is not failing: {err}");
    assert!(err.contains("skipped 4 file(s)"), "{err}");
    for (name, ext) in [
        ("minutes.doc", ".doc"),
        ("letter.rtf", ".rtf"),
        ("scan.png", ".png"),
        ("NOTES", "no extension"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not listed:\n{err}"));
        assert!(
            line.contains("unsupported file type") && line.contains(ext),
            "{line}"
        );
    }
    assert!(!err.contains(".DS_Store"), "{err}");
    assert!(!err.contains("policygap.toml:"), "{err}");
}

#[test]
fn one_missing_file_prints_its_error_and_no_report() {
    let out = run(&["scan", "no/such/policy.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "", "no report when nothing was read");
    assert_eq!(
        stderr(&out),
        "policygap: error: no/such/policy.pdf: no such file or folder\n"
    );
}

#[test]
fn a_file_named_twice_is_analysed_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    policies(d, &["alder.txt"]);
    let out = bin()
        .args(["scan", "--format", "json"])
        .arg(d.join("alder.txt"))
        .arg(d.join("./alder.txt"))
        .arg(d)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 1, "{v}");
}

#[test]
fn a_misspelled_document_in_folder_settings_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    policies(d, &["ashgrove-pd.txt"]);
    std::fs::write(
        d.join("policygap.toml"),
        "[documents.ashgrov-pd]\njurisdiction = \"City of Ashgrove, Oregon\"\n\n\
         [documents.zzz]\njurisdiction = \"Nowhere\"\n",
    )
    .unwrap();
    let out = bin().arg("scan").arg(d).output().unwrap();
    let err = stderr(&out);
    assert!(
        out.status.success(),
        "a warning does not fail the scan: {err}"
    );
    let warning = |key: &str| {
        err.lines()
            .find(|l| l.contains("warning") && l.contains(key))
            .unwrap_or_else(|| panic!("no warning for {key}:\n{err}"))
            .to_string()
    };
    let near = warning("[documents.ashgrov-pd]");
    assert!(near.contains("policygap.toml"), "{near}");
    assert!(
        near.contains("did you mean [documents.ashgrove-pd]") && near.contains("ashgrove-pd.txt"),
        "{near}"
    );
    assert!(!warning("[documents.zzz]").contains("did you mean"));
}

#[test]
fn files_of_the_same_name_are_told_apart_by_their_folders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    policies(d, &["north/policy.txt", "south/policy.txt", "mesa.txt"]);
    let out = bin().arg("scan").arg(d).output().unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.ends_with("policy") || *w == "mesa")
        .collect();
    assert_eq!(
        rows[..3],
        ["mesa", "north/policy", "south/policy"],
        "{text}"
    );

    let out = bin()
        .args(["scan", "--format", "json"])
        .arg(d)
        .output()
        .unwrap();
    assert_eq!(
        document_names(&out.stdout),
        ["mesa", "north/policy", "south/policy"]
    );

    let reports = d.join("reports");
    let out = bin()
        .args(["scan", "--format", "markdown", "--out"])
        .arg(format!("{}/", reports.display()))
        .arg(d)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["north-policy.md", "south-policy.md", "mesa.md"] {
        assert!(reports.join(name).is_file(), "{name} not written");
    }
}

#[test]
fn reports_written_into_a_scanned_folder_are_not_read_as_policies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A page saved from a council's site is a policy; a report is not.
    policies(d, &["alder.txt", "council-page.html"]);
    let out = bin()
        .args(["scan", "--format", "html", "--out"])
        .arg(format!("{}/", d.join("reports").display()))
        .arg(d)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = bin()
        .args(["scan", "--format", "json"])
        .arg(d)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        document_names(&out.stdout),
        ["alder", "council-page"],
        "{err}"
    );
    assert!(
        err.contains("index.html: a report policygap wrote, not a policy"),
        "{err}"
    );
}

/// The names of the documents in a JSON report, in its order.
fn document_names(json: &[u8]) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(json).expect("a JSON report");
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap().to_string())
        .collect()
}

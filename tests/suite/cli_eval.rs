//! `policygap eval` on labels that locate their evidence by character
//! offsets, grouped and filtered by a per-document table.

use super::cli::{bin, stderr, stdout};

/// Two short policies, one in each half: one protective, one that honours
/// detainers.
fn labeled_set() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let protective = "The Department shall not hold any person on an ICE detainer unless a judge has signed a warrant.\n";
    let contrary = "Jail staff shall honor every ICE detainer and hold the inmate for ICE.\n";
    std::fs::write(docs.join("aldon.txt"), protective).unwrap();
    std::fs::write(docs.join("brisk.txt"), contrary).unwrap();
    // "ICE detainer" starts at character 37 of the first text; "honor" at 16
    // of the second.
    std::fs::write(
        dir.path().join("labels.tsv"),
        "doc\trule\tverdict\tev_start\tev_len\tev_sha1\thalf\n\
         aldon\tjudicial-warrant\tmet\t37\t12\t\ta\n\
         aldon\tredress\tmissing\t\t\t\ta\n\
         brisk\tjudicial-warrant\tconflict\t16\t5\t\tb\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sources.tsv"),
        "slug\tkind\thalf\naldon\tpolice-policy\ta\nbrisk\tjail-policy\tb\n",
    )
    .unwrap();
    dir
}

fn eval(dir: &tempfile::TempDir, extra: &[&str]) -> std::process::Output {
    bin()
        .arg("eval")
        .arg(dir.path().join("docs"))
        .arg(dir.path().join("labels.tsv"))
        .arg("--sources")
        .arg(dir.path().join("sources.tsv"))
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn offsets_locate_the_labeled_quote_and_conflicts_get_their_own_line() {
    let dir = labeled_set();
    let out = eval(&dir, &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.contains("pairs: 3 "), "{text}");
    assert!(text.contains("conflict: precision 1.000"), "{text}");
    // Both agreed verdicts cite a clause holding the labeled quote.
    assert!(text.contains("2/2"), "{text}");
}

#[test]
fn where_keeps_one_half_and_by_scores_each_kind() {
    let dir = labeled_set();
    let out = eval(&dir, &["--where", "half=a", "--by", "kind"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(text.contains("pairs: 2 "), "{text}");
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("police-policy"))
        .unwrap_or_else(|| panic!("no row for the kind:\n{text}"));
    assert!(row.split_whitespace().nth(1) == Some("1"), "{row}");
    assert!(!text.contains("jail-policy"), "{text}");
}

#[test]
fn a_missing_column_or_a_bad_filter_is_one_clear_line() {
    let dir = labeled_set();
    let out = eval(&dir, &["--by", "county"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no column `county`"),
        "{}",
        stderr(&out)
    );
    let out = eval(&dir, &["--where", "half"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("COLUMN=VALUE"), "{}", stderr(&out));
}

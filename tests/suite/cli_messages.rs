//! What the commands say when a user slips (a missing file, a folder where
//! a file belongs, a misspelled name): one clear line, in the same words
//! whichever command met it.

use crate::cli::{run, stderr, stdout};

#[test]
fn every_command_words_a_missing_file_the_same() {
    let want = "policygap: error: no/such/policy.pdf: no such file or folder";
    for args in [
        &["scan", "no/such/policy.pdf"][..],
        &["extract", "no/such/policy.pdf"],
        &["extract", "--clean", "no/such/policy.pdf"],
        &["explain", "no/such/policy.pdf", "--rule", "dont-ask"],
        &["outline", "no/such/policy.pdf"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&out).trim_end(), want, "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
    }
}

#[test]
fn extract_of_a_folder_says_it_takes_one_file() {
    for command in ["extract", "outline"] {
        let out = run(&[command, "corpus/"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.starts_with("policygap: error: corpus/: this is a folder, not a file\n"),
            "{err}"
        );
        assert!(err.contains("policygap scan"), "{err}");
        assert!(!err.contains("unsupported"), "{err}");
    }
}

#[test]
fn a_misspelled_rule_set_gets_the_nearest_name() {
    for args in [
        &["rules", "list", "aclu-nien"][..],
        &["scan", "corpus/", "--rules", "aclu-nien"],
        &[
            "explain",
            "corpus/x.pdf",
            "--rule",
            "dont-ask",
            "--rules",
            "aclu-nien",
        ],
    ] {
        let out = run(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let first = err.lines().next().unwrap_or_default();
        assert!(
            first.contains("aclu-nien") && first.ends_with("did you mean aclu-nine?"),
            "{args:?}: {err}"
        );
    }
    let far = stderr(&run(&["rules", "list", "zoning"]));
    assert!(!far.contains("did you mean"), "{far}");
    assert!(far.contains("built-in sets: aclu-nine"), "{far}");
}

#[test]
fn a_misspelled_rule_gets_the_nearest_id() {
    let out = run(&["rules", "show", "dont-aks"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("did you mean dont-ask?"), "{err}");
}

#[test]
fn an_empty_jurisdiction_is_refused_by_every_command_that_tailors() {
    for args in [
        &["rules", "show", "dont-ask", "--jurisdiction", ""][..],
        &[
            "explain",
            "corpus/harlan-crossing-vt-chief-memo.pdf",
            "--rule",
            "dont-ask",
            "--jurisdiction",
            "",
        ],
    ] {
        let out = run(args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("--jurisdiction is empty"), "{err}");
        assert_eq!(stdout(&out), "");
    }
}

//! `policygap rules check` driven the way a user runs it: every problem in a
//! rule file at once, each with its line, and examples that run as tests.

use crate::cli::{run as policygap, stderr, stdout};
use std::path::Path;

/// The stderr line that mentions `needle`, for readable failures.
fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line mentions `{needle}` in:\n{text}"))
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write rule file");
    p.display().to_string()
}

#[test]
fn three_mistakes_are_reported_in_one_run_with_their_lines() {
    let file = "tests/fixtures/rules/three-mistakes.toml";
    let out = policygap(&["rules", "check", file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        line_with(&err, "not a valid regular expression").contains(&format!("{file}:16:")),
        "{err}"
    );
    assert!(
        line_with(&err, "unknown field `colour`").contains(&format!("{file}:27:")),
        "{err}"
    );
    assert!(
        line_with(&err, "has no model text").contains(&format!("{file}:41:")),
        "{err}"
    );
    assert!(err.contains("3 problem(s) found"), "{err}");
}

#[test]
fn every_builtin_rule_file_checks_clean() {
    for file in [
        "model-rules/trust-policy.toml",
        "model-rules/ct-trust-act.toml",
        "model-rules/model-ordinance.toml",
    ] {
        let out = policygap(&["rules", "check", file]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        let stdout = stdout(&out);
        assert!(stdout.contains("ok"), "{stdout}");
    }
}

const HEAD: &str = "id = \"local\"\ntitle = \"Local rules\"\nsource = \"a test\"\n\n[concepts.ice]\nexact = [\"ICE\"]\n\n[concepts.detain]\nphrases = [\"detain*\", \"hold\"]\n";

fn rule(id: &str, verb: &str, verdict: &str, example: &str) -> String {
    format!(
        "\n[[rules]]\nid = \"{id}\"\nnumber = \"1\"\ntitle = \"No holds\"\nkind = \"prohibition\"\ntext = \"No officer shall hold a person for ICE.\"\n\n[[rules.acts]]\nname = \"holding for ICE\"\nverb = [\"{verb}\"]\nwith = [[\"ice\"]]\n\n[[rules.examples]]\nverdict = \"{verdict}\"\ntext = \"{example}\"\n"
    )
}

#[test]
fn semantic_problems_point_at_the_line_that_causes_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!(
        "{HEAD}{}{}{}",
        rule(
            "no-holds",
            "detian",
            "met",
            "No officer shall hold anyone for ICE."
        ),
        rule(
            "no-holds",
            "detain",
            "mett",
            "No officer shall hold anyone for ICE."
        ),
        "\nstray = 1\n"
    );
    let file = write(dir.path(), "local.toml", &text);
    let out = policygap(&["rules", "check", &file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{needle} not in the file"))
    };
    let unknown = line_with(&err, "unknown concept `detian`");
    assert!(unknown.contains("did you mean `detain`"), "{unknown}");
    assert!(
        unknown.contains(&format!(":{}:", line_of("\"detian\""))),
        "{unknown}"
    );
    // The second rule with the same id is the one reported.
    let second_id = text
        .match_indices("id = \"no-holds\"")
        .nth(1)
        .expect("two ids")
        .0;
    let second_line = text[..second_id].matches('\n').count() + 1;
    assert!(
        line_with(&err, "defined twice").contains(&format!(":{second_line}:")),
        "{err}"
    );
    assert!(
        line_with(&err, "`mett`").contains(&format!(":{}:", line_of("\"mett\""))),
        "{err}"
    );
    assert!(
        line_with(&err, "`stray`").contains(&format!(":{}:", line_of("stray"))),
        "{err}"
    );
}

#[test]
fn an_example_the_engine_disagrees_with_is_named_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!(
        "{HEAD}{}",
        rule(
            "no-holds",
            "detain",
            "met",
            "The jail shall hold every person ICE asks about."
        )
    );
    let file = write(dir.path(), "local.toml", &text);
    let out = policygap(&["rules", "check", &file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let example_line = text
        .lines()
        .position(|l| l.contains("The jail shall hold"))
        .expect("example in file")
        + 1;
    let msg = line_with(&err, "The jail shall hold");
    assert!(msg.contains(&format!(":{example_line}:")), "{msg}");
    assert!(
        msg.contains("should be met, the engine says conflict"),
        "{msg}"
    );
}

#[test]
fn a_syntax_error_names_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(
        dir.path(),
        "broken.toml",
        "id = \"x\"\ntitle = \"t\"\nsource = \"s\n",
    );
    let out = policygap(&["rules", "check", &file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{file}:3:")), "{err}");
}

#[test]
fn a_missing_file_is_one_clear_error() {
    let out = policygap(&["rules", "check", "no/such/rules.toml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no/such/rules.toml"), "{err}");
    assert!(err.contains("built-in sets: aclu-nine"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_file_that_is_not_a_rule_file_gets_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let not_toml = write(
        dir.path(),
        "notes.md",
        "# Notes\n\nSome words.\nMore words.\n",
    );
    let other_toml = write(dir.path(), "other.toml", "[package]\nname = \"x\"\n");
    for file in ["README.md", "Cargo.toml", &not_toml, &other_toml] {
        let out = policygap(&["rules", "check", file]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert_eq!(err.lines().count(), 1, "{file}: {err}");
        assert!(err.contains(&format!("{file}: not a rule file")), "{err}");
    }
    // A rule file with a slip in its syntax is still read as one.
    let slip = write(
        dir.path(),
        "slip.toml",
        "# my rules\nid = \"x\ntitle = \"t\"\n",
    );
    let err = stderr(&policygap(&["rules", "check", &slip]));
    assert!(!err.contains("not a rule file"), "{err}");
    assert!(err.contains(&format!("{slip}:2:")), "{err}");
}

#[test]
fn the_readme_walkthrough_file_checks_clean_and_matches_the_readme() {
    let file = "tests/fixtures/rules/wexmoor.toml";
    let out = policygap(&["rules", "check", file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let readme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("model-rules/README.md"),
    )
    .expect("README");
    let fixture =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).expect("fixture");
    let start = readme
        .find("[concepts.courthouse]")
        .expect("local rule in README");
    let end = start + readme[start..].find("```").expect("end of block");
    for line in readme[start..end].lines() {
        let line = line.trim();
        assert!(
            line.is_empty() || fixture.contains(line),
            "README line missing from {file}: {line}"
        );
    }
}

#[test]
fn a_model_force_that_is_neither_word_is_one_line_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("model-rules/model-ordinance.toml")
        .unwrap()
        .replacen(
            "model_force = \"recommendation\"",
            "model_force = \"advisory\"",
            1,
        );
    assert!(text.contains("\"advisory\""));
    let file = write(dir.path(), "advisory.toml", &text);
    let out = policygap(&["rules", "check", &file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let line = line_with(&err, "model_force");
    assert!(
        line.contains("\"binding\"") && line.contains("\"recommendation\""),
        "{line}"
    );
    assert!(line.contains(&format!("{file}:")), "{line}");
}

/// The built-in aclu-nine set with `extra` copies of its first rule, each
/// with an id of its own.
fn with_extra_rules(extra: usize) -> String {
    let base = std::fs::read_to_string("model-rules/aclu-nine.toml").unwrap();
    let start = base.find("[[rules]]").unwrap();
    let end = start + 1 + base[start + 1..].find("[[rules]]").unwrap();
    let block = &base[start..end];
    let id_line = block.lines().find(|l| l.starts_with("id = ")).unwrap();
    let mut text = base.clone();
    for k in 0..extra {
        text.push('\n');
        text.push_str(&block.replace(id_line, &format!("id = \"extra-{k}\"")));
    }
    text
}

#[test]
fn checking_time_grows_with_the_rules_not_with_their_square() {
    let dir = tempfile::tempdir().unwrap();
    let time = |extra: usize| {
        let file = write(
            dir.path(),
            &format!("r{extra}.toml"),
            &with_extra_rules(extra),
        );
        let start = std::time::Instant::now();
        let out = crate::cli::bin()
            .args(["rules", "check", &file])
            .current_dir(crate::cli::root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stdout(&out).contains(&format!("{} rules", 10 + extra)));
        start.elapsed().as_secs_f64()
    };
    let (few, many) = (time(10), time(160));
    // 8.5 times the rules: linear work takes about 8.5 times as long, work
    // that grows with the square about 70 times.
    assert!(
        many < few * 30.0,
        "170 rules took {many:.1} s, 20 rules {few:.1} s"
    );
}

#[test]
fn an_oversized_rule_file_or_pattern_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("model-rules/aclu-nine.toml").unwrap();
    let huge = base.replacen(
        "[concepts.",
        &format!(
            "[concepts.huge]\npatterns = [\"{}\"]\n\n[concepts.",
            "a".repeat(2_000_000)
        ),
        1,
    );
    let out = policygap(&["rules", "check", &write(dir.path(), "huge.toml", &huge)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("larger than 1024 KB"), "{err}");

    let long = base.replacen(
        "[concepts.",
        &format!(
            "[concepts.long]\npatterns = [\"{}\"]\n\n[concepts.",
            "b".repeat(5000)
        ),
        1,
    );
    let file = write(dir.path(), "long.toml", &long);
    let line = long
        .lines()
        .position(|l| l.starts_with("patterns = [\"bbb"))
        .unwrap()
        + 1;
    let out = policygap(&["rules", "check", &file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        line_with(&err, "longer than 2000 characters").contains(&format!("{file}:{line}:")),
        "{err}"
    );
}

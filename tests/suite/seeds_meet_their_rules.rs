//! The model texts the rule sets were made from must meet their own
//! rules: a reviewer's first test of the tool is to feed it the model.
//! Each rule's model text alone (placeholders raw, and filled in for a
//! town) meets its rule, and each seed document, scanned against its own
//! rule set, gets the verdicts below.

use super::cli::{bin, root, stderr};
use policygap::model::Verdict;
use policygap::rules::{self, Tailoring};

/// The sets whose model texts are checked (each must meet its own rules).
const SETS: &[&str] = &[
    "aclu-nine",
    "trust-policy",
    "ct-trust-act",
    "model-ordinance",
];

fn verdicts_of(set: &rules::RuleSet, text: &str) -> Vec<(String, Verdict)> {
    super::judging::findings_in(set, text)
        .into_iter()
        .map(|f| (f.rule.as_str().to_string(), f.verdict))
        .collect()
}

/// The verdict a rule's model text gets alone: met, but where its rule
/// file says why not.
fn pinned(set: &str, rule: &str) -> Verdict {
    match (set, rule) {
        // Its list runs inline in one paragraph (see trust-policy.toml).
        ("trust-policy", "reporting") => Verdict::Partial,
        _ => Verdict::Met,
    }
}

#[test]
fn each_rules_model_text_meets_its_rule_raw_and_tailored() {
    let town = Tailoring {
        jurisdiction: Some("Town of Harrow Falls, Vermont".into()),
        oversight: Some("the Harrow Falls Police Commission".into()),
    };
    let mut failures = Vec::new();
    for name in SETS {
        let set = rules::load(name).unwrap();
        for rule in &set.rules {
            for (how, text) in [
                ("raw", rule.text.clone()),
                ("tailored", set.tailor(&rule.text, &town)),
            ] {
                let got = verdicts_of(&set, &text)
                    .into_iter()
                    .find(|(id, _)| id == rule.id.as_str())
                    .map(|(_, v)| v);
                if got != Some(pinned(name, rule.id.as_str())) {
                    failures.push(format!("{name}/{} ({how}): {got:?}", rule.id.as_str()));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "model texts that do not meet their rule:\n{}",
        failures.join("\n")
    );
}

/// The seed file whose name starts with `prefix`.
fn seed(prefix: &str) -> Option<std::path::PathBuf> {
    let dir = root().join("../shared/seeds");
    let found = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        });
    if found.is_none() {
        super::tools::skip_without("the seed documents are not at ../shared/seeds");
    }
    found
}

fn scan_csv(path: &std::path::Path, set: &str, extra: &[&str]) -> Vec<(String, String)> {
    let out = bin()
        .args(["scan", "--format", "csv", "--rules", set])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split(',').collect();
            (cols[2].to_string(), cols[3].to_string())
        })
        .collect()
}

fn assert_all_met(prefix: &str, set: &str, extra: &[&str]) {
    assert_met_but(prefix, set, extra, &[]);
}

/// Every rule meets except the ones `pinned`, each with the verdict its
/// rule file explains.
fn assert_met_but(prefix: &str, set: &str, extra: &[&str], pinned: &[(&str, &str)]) {
    let Some(path) = seed(prefix) else { return };
    let got = scan_csv(&path, set, extra);
    assert!(!got.is_empty(), "{prefix}: no findings");
    let wrong: Vec<String> = got
        .iter()
        .filter(|(r, v)| {
            let want = pinned
                .iter()
                .find(|(id, _)| id == r)
                .map_or("met", |&(_, v)| v);
            v != want
        })
        .map(|(r, v)| format!("{r}: {v}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "seed {prefix} against {set}:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_generic_aclu_rules_meet_their_own_set() {
    assert_all_met("001_", "aclu-nine", &[]);
}

#[test]
fn the_aclu_rules_filled_in_for_a_town_meet_their_own_set() {
    assert_all_met(
        "000_",
        "aclu-nine",
        &["--jurisdiction", "Wilton, Connecticut"],
    );
}

#[test]
fn the_sample_trust_policy_meets_its_own_set() {
    assert_all_met("002_", "trust-policy", &[]);
}

#[test]
fn the_ct_trust_act_summary_meets_its_own_set() {
    assert_all_met("003_", "ct-trust-act", &[]);
}

#[test]
fn the_model_ordinance_summary_meets_its_own_set() {
    assert_all_met("004_", "model-ordinance", &[]);
}

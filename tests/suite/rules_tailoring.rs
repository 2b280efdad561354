//! Model text tailored for a place: `--jurisdiction` / `--oversight` on the
//! command line, or a `policygap.toml` in the scanned folder, fill every
//! placeholder a rule set declares for them.

use crate::cli::{run as policygap, stderr, stdout};
use policygap::rules::{self, BUILTIN};

/// The placeholder tokens of a set that the user's names fill.
fn filled_tokens(set: &rules::RuleSet) -> Vec<String> {
    set.placeholders
        .iter()
        .filter(|p| p.fills == "jurisdiction" || p.fills == "oversight")
        .map(|p| p.token.clone())
        .collect()
}

#[test]
fn tailoring_fills_every_jurisdiction_and_oversight_placeholder_of_every_rule() {
    let t = rules::Tailoring {
        jurisdiction: Some("Wexmoor, Vermont".to_string()),
        oversight: Some("the Wexmoor Police Commission".to_string()),
    };
    for (name, _) in BUILTIN {
        let set = rules::load(name).unwrap_or_else(|e| panic!("{e}"));
        let tokens = filled_tokens(&set);
        for rule in &set.rules {
            let text = set.tailor(&rule.text, &t);
            for tok in &tokens {
                assert!(
                    !text.contains(tok.as_str()),
                    "{name} {}: {tok} left in {text}",
                    rule.id
                );
            }
            let uses_jurisdiction = set
                .placeholders
                .iter()
                .any(|p| p.fills == "jurisdiction" && rule.text.contains(&p.token));
            assert_eq!(
                text.contains("Wexmoor, Vermont"),
                uses_jurisdiction,
                "{name} {}",
                rule.id
            );
        }
    }
}

#[test]
fn rules_show_fills_the_jurisdiction_for_every_set() {
    for (name, _) in BUILTIN {
        let set = rules::load(name).unwrap_or_else(|e| panic!("{e}"));
        // The first rule whose text names the jurisdiction, else the first rule.
        let rule = set
            .rules
            .iter()
            .find(|r| set.placeholders.iter().any(|p| r.text.contains(&p.token)))
            .unwrap_or(&set.rules[0]);
        let out = policygap(&[
            "rules",
            "show",
            rule.id.as_str(),
            "--rules",
            name,
            "--jurisdiction",
            "Wexmoor, Vermont",
            "--oversight",
            "the Wexmoor Police Commission",
        ]);
        let text = stdout(&out);
        assert_eq!(out.status.code(), Some(0), "{name} {}", rule.id);
        assert!(text.contains(rule.title.as_str()), "{name}:\n{text}");
        for t in filled_tokens(&set) {
            assert!(
                !text.contains(t.as_str()),
                "{name} {}: {t} left in\n{text}",
                rule.id
            );
        }
        if !set.placeholders.is_empty() {
            assert!(
                text.contains("Wexmoor, Vermont"),
                "{name} {}:\n{text}",
                rule.id
            );
        }
    }
}

#[test]
fn rules_show_of_a_trust_policy_rule_reads_as_the_towns_own() {
    let out = policygap(&[
        "rules",
        "show",
        "holds-warrants",
        "--rules",
        "trust-policy",
        "--jurisdiction",
        "Wexmoor, Vermont",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("no officer or employee of a Wexmoor, Vermont Law Enforcement agency shall arrest or detain"),
        "{text}"
    );
    assert!(!text.contains("[city]"), "{text}");
}

#[test]
fn aclu_nine_fills_both_placeholders() {
    let out = policygap(&[
        "rules",
        "show",
        "redress",
        "--jurisdiction",
        "Wexmoor, Vermont",
        "--oversight",
        "the Wexmoor Police Commission",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains(
            "may file a written complaint for investigation with the Wexmoor Police Commission."
        ),
        "{text}"
    );
    assert!(!text.contains("[oversight entity]"), "{text}");
}

#[test]
fn a_folder_config_names_the_jurisdiction_of_a_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("wexmoor-po-12.txt"),
        "GENERAL ORDER 12\n\nOfficers shall not hold any person on an ICE detainer.\n",
    )
    .expect("write policy");
    std::fs::write(
        dir.path().join("policygap.toml"),
        "[documents.wexmoor-po-12]\njurisdiction = \"Wexmoor, Vermont\"\noversight = \"the Wexmoor Office of Civil Rights\"\n",
    )
    .expect("write config");
    let folder = dir.path().display().to_string();
    for set in ["aclu-nine", "trust-policy"] {
        let out = policygap(&["scan", &folder, "--rules", set, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
        assert_eq!(json["jurisdiction"], "Wexmoor, Vermont");
        let texts: Vec<&str> = json["rule_set"]["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .filter_map(|r| r["model_text"].as_str())
            .collect();
        assert!(
            texts.iter().any(|t| t.contains("Wexmoor, Vermont")),
            "{set}: {texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.contains("Wexmoor Office of Civil Rights")),
            "{set}: {texts:?}"
        );
        for t in &texts {
            assert!(
                !t.contains("[County/City/State]") && !t.contains("[city]"),
                "{set}: {t}"
            );
        }
    }
}

#[test]
fn the_command_line_wins_over_the_folder_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("memo.txt"),
        "Officers shall not ask about immigration status.\n",
    )
    .expect("write policy");
    std::fs::write(
        dir.path().join("policygap.toml"),
        "[documents.memo]\njurisdiction = \"Wexmoor, Vermont\"\n",
    )
    .expect("write config");
    let folder = dir.path().display().to_string();
    let out = policygap(&[
        "scan",
        &folder,
        "--jurisdiction",
        "Orland, Maine",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(json["jurisdiction"], "Orland, Maine");
}

#[test]
fn scan_works_with_every_builtin_set() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("order.txt"),
        "IMMIGRATION\n\nNo officer shall hold any person on an ICE detainer unless a judge has signed a warrant.\n\nThe jail shall let ICE agents interview any inmate.\n",
    )
    .expect("write policy");
    let folder = dir.path().display().to_string();
    for (name, _) in BUILTIN {
        let set = rules::load(name).unwrap_or_else(|e| panic!("{e}"));
        let out = policygap(&["scan", &folder, "--rules", name, "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
        assert_eq!(json["rule_set"]["id"], *name);
        let findings = json["documents"][0]["Analyzed"]["findings"]
            .as_array()
            .or_else(|| json["documents"][0]["findings"].as_array())
            .unwrap_or_else(|| panic!("{name}: no findings in {}", json["documents"][0]));
        assert_eq!(findings.len(), set.rules.len(), "{name}");
        // The interview clause conflicts with every set's ICE-access rule.
        assert!(
            findings.iter().any(|f| f["verdict"] == "conflict"),
            "{name}: {findings:?}"
        );
    }
}

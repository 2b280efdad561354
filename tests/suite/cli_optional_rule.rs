//! The optional 1373 rule as a reader meets it: named once, explained in
//! plain words wherever it asks for a change, and left out on request.

use crate::cli::{run, stdout};
use policygap::report::escape::{html_unescape, markdown_unescape};

const CALLOWAY: &str = "corpus/calloway-springs-co-pd-415.pdf";

/// The words a reader sees in an HTML page: tags dropped, entities decoded.
fn html_words(html: &str) -> String {
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    html_unescape(&tags.replace_all(html, " "))
}

/// Whitespace collapsed, so wrapped lines compare with the one-line text.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Places where `word` follows itself ("1373 1373", "(optional) optional").
fn doubled(text: &str, word: &str) -> Vec<String> {
    let tokens: Vec<String> = text
        .split_whitespace()
        .map(|t| {
            t.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|t| !t.is_empty())
        .collect();
    tokens
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w[0] == word && w[1] == word)
        .map(|(i, _)| tokens[i.saturating_sub(4)..(i + 4).min(tokens.len())].join(" "))
        .collect()
}

fn scan(format: &str, extra: &[&str]) -> String {
    let mut args = vec!["scan", CALLOWAY, "--format", format];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "scan --format {format} failed");
    stdout(&out)
}

#[test]
fn the_1373_rule_is_named_once_in_every_report_and_listing() {
    let outputs = [
        ("text report", scan("text", &[])),
        ("markdown report", scan("markdown", &[])),
        ("HTML report", html_words(&scan("html", &[]))),
        ("rules list", stdout(&run(&["rules", "list", "aclu-nine"]))),
        (
            "rules show",
            stdout(&run(&["rules", "show", "federal-1373"])),
        ),
    ];
    for (what, text) in outputs {
        assert!(
            text.contains("1373"),
            "{what} does not name the rule:\n{text}"
        );
        for word in ["1373", "optional"] {
            let twice = doubled(&text, word);
            assert!(twice.is_empty(), "{what} says {word:?} twice: {twice:?}");
        }
    }
}

#[test]
fn the_optional_rule_says_what_it_is_for_wherever_it_asks_for_a_change() {
    let json: serde_json::Value = serde_json::from_str(&scan("json", &[])).unwrap();
    let rule = json["rule_set"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "federal-1373")
        .expect("the 1373 rule is in the set");
    assert_eq!(rule["optional"], true);
    let note = rule["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("optional") && note.contains("8 U.S.C. § 1373"),
        "the rule set's note says what the rule is for and that it is optional: {note:?}"
    );
    // Calloway's "members shall not share status information" is the
    // conflict the report asks to replace: the note must stand beside it.
    let finding = json["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "federal-1373")
        .unwrap();
    assert_eq!(finding["verdict"], "conflict");

    let note = flat(note);
    let text = flat(&scan("text", &[]));
    assert!(text.contains(&note), "text report lacks the note:\n{text}");
    assert!(text.contains("--skip-optional"), "{text}");
    let md = flat(&markdown_unescape(&scan("markdown", &[])));
    assert!(md.contains(&note), "markdown report lacks the note:\n{md}");
    let html = flat(&html_words(&scan("html", &[])));
    // The rule card, the list of what to ask for, and the callout in the
    // annotated policy each carry it.
    assert_eq!(html.matches(note.as_str()).count(), 3, "{html}");
}

#[test]
fn skip_optional_leaves_optional_rules_out_of_the_scorecard() {
    let out = run(&["scan", "corpus/", "--skip-optional", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = |list: &serde_json::Value, key: &str| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|r| r[key].as_str().unwrap().to_string())
            .collect()
    };
    let rules = ids(&v["rule_set"]["rules"], "id");
    assert_eq!(rules.len(), 9, "{rules:?}");
    assert!(!rules.contains(&"federal-1373".to_string()));
    assert_eq!(ids(&v["rule_set"]["left_out"], "id"), ["federal-1373"]);
    for d in v["documents"].as_array().unwrap() {
        assert_eq!(ids(&d["findings"], "rule"), rules, "{}", d["path"]);
    }

    let text = stdout(&run(&["scan", "corpus/", "--skip-optional"]));
    let header = text
        .lines()
        .find(|l| l.trim_start().starts_with("1 "))
        .expect("the table's header row");
    assert!(!header.contains("1373"), "{header}");
    let left_out = text.lines().find(|l| l.starts_with("Left out:"));
    assert!(
        left_out.is_some_and(|l| l.contains("1373")),
        "the report says which rules it left out:\n{text}"
    );
}

#[test]
fn the_key_says_what_a_confidence_figure_means() {
    let html = scan("html", &[]);
    let keys: Vec<String> = html
        .split("<p class=\"key\">")
        .skip(1)
        .map(|k| html_words(&k[..k.find("</p>").unwrap_or(k.len())]))
        .collect();
    assert!(
        keys.iter()
            .any(|k| k.contains("Confidence") && k.contains("medium")),
        "the key under the scorecard explains confidence: {keys:?}"
    );
    assert!(html.contains("Confidence: medium (70%)"), "a card shows it");
    let md = flat(&markdown_unescape(&scan("markdown", &[])));
    let first_gap = md.find("Confidence:").expect("a gap shows its confidence");
    assert!(
        md[..first_gap].contains("Confidence says"),
        "the markdown explains confidence before it first shows one"
    );
}

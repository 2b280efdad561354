//! The lexicon's quick presence test may only rule texts out where a
//! concept cannot match: for every built-in rule set, every concept and
//! every text, a match means the test said "may match". Checked on the
//! bundled corpus, on the rule sets' own examples, and on random sentences
//! built from the concepts' words.

use policygap::extract::{ExtractOptions, extract_file};
use policygap::rules::{self, BUILTIN, Haystack, RuleSet};
use policygap::segment;
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

/// Asserts the superset property; returns how many (concept, text) pairs
/// the test ruled out.
fn check(set: &RuleSet, texts: &[String]) -> usize {
    let hay = Haystack::new(texts.iter().map(String::as_str));
    let p = set.lexicon.presence(&hay);
    let mut ruled_out = 0;
    for c in 0..set.lexicon.len() {
        for (t, text) in texts.iter().enumerate() {
            let may = p.may_match(c, t);
            assert!(
                may || !set.lexicon.matches(c, text),
                "concept `{}` matches but was ruled out in {text:?}",
                set.lexicon.get(c).name
            );
            ruled_out += usize::from(!may);
        }
    }
    ruled_out
}

fn corpus_texts() -> Vec<String> {
    let mut texts = Vec::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "corpus has {} PDFs", paths.len());
    for path in paths {
        let doc = extract_file(&path, &ExtractOptions::default()).expect("corpus PDF extracts");
        let seg = segment::segment(&doc);
        for c in &seg.clauses {
            texts.push(c.text.to_string());
            texts.extend(c.lead_in.as_deref().map(str::to_string));
            texts.extend(seg.headings(c).into_iter().map(str::to_string));
        }
    }
    texts
}

/// Spellings that trip literal searches: case, curly apostrophes, hyphens
/// for spaces, line breaks, letters that fold to ASCII ones.
const TRICKY: &[&str] = &[
    "ICE’s request to HOLD the inmate",
    "at the request of U.S. Immigration and Customs Enforcement",
    "an immigration-detainer (Form I-247A) or civil hold-request",
    "Deputies shall not ask about\nimmigration status.",
    "No \u{212A}nown detainer; ſhall not detain",
    "José was held 48 hours beyond his release date",
    "WHEN CBP ASKS, THE OFFICE WILL NOT RESPOND TO REQUESTS",
    "the office, police, notice and justice (ICE in none of them)",
    "under 8 U.S.C. § 1373 and § 1644",
    "287(g) agreement",
    "held for 48hours beyond release",
    "the jail held him72 hours; nonICE and reICE",
];

#[test]
fn presence_never_rules_out_a_match_in_the_corpus_or_examples() {
    let corpus = corpus_texts();
    for (name, _) in BUILTIN {
        let set = rules::load(name).expect("built-in rule set");
        let mut texts = corpus.clone();
        for r in &set.rules {
            texts.extend(r.examples.iter().map(|e| e.text.clone()));
            texts.push(r.text.clone());
        }
        texts.extend(TRICKY.iter().map(|t| t.to_string()));
        let ruled_out = check(&set, &texts);
        // And it is worth having: most pairs are ruled out.
        let pairs = set.lexicon.len() * texts.len();
        assert!(
            ruled_out * 10 > pairs * 8,
            "{name}: only {ruled_out} of {pairs} pairs ruled out"
        );
    }
}

fn aclu_nine() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| rules::load("aclu-nine").expect("built-in rule set"))
}

/// Words the concepts of `aclu-nine` are made of, and some that are not.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let set = aclu_nine();
        let mut words: Vec<String> = (0..set.lexicon.len())
            .flat_map(|c| set.lexicon.get(c).terms.clone())
            .collect();
        words.extend(
            [
                "the", "a", "of", "to", "at", "request", "ICE", "CBP", "287", "g", "1373", "I-247",
                "hours", "48", "not", "shall", "may", "U.S.", "Border", "Patrol", "federal",
                "police", "office", "notice", "José",
            ]
            .map(String::from),
        );
        words.sort();
        words.dedup();
        words
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn presence_never_rules_out_a_match_in_random_sentences(
        picks in prop::collection::vec((0usize..10_000, 0usize..7, any::<bool>()), 1..24)
    ) {
        let (set, words) = (aclu_nine(), vocabulary());
        let mut text = String::new();
        for (w, sep, upper) in picks {
            let word = &words[w % words.len()];
            text.push_str(&if upper { word.to_uppercase() } else { word.clone() });
            // Words glued together ("48hours") too.
            text.push_str([" ", " ", "-", "’s ", ", ", "\n", ""][sep]);
        }
        check(set, &[text]);
    }
}

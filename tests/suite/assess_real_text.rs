//! How real policies are written, beyond one sentence with "shall": text
//! that does not operate (recitals, findings, purpose statements, quoted
//! opinions, what could happen), provisos, run-in labels, reports of what a
//! law does, and lists that inherit their lead-in's force. Every sentence
//! here is written for the test, modelled on how such documents are
//! phrased.

use policygap::assess::assess;
use policygap::extract::{ExtractOptions, extract_bytes};
use policygap::model::{SourceKind, Verdict};
use policygap::rules::{self, Tailoring};
use policygap::segment::segment;

fn verdict_in(set: &str, text: &str, rule: &str) -> Verdict {
    let set = rules::load(set).unwrap();
    let doc = extract_bytes(
        "t.txt",
        SourceKind::Text,
        text.as_bytes(),
        &ExtractOptions::default(),
    )
    .unwrap();
    assess(&segment(&doc), &set, &Tailoring::default())
        .into_iter()
        .find(|f| f.rule.as_str() == rule)
        .unwrap()
        .verdict
}

fn verdict(text: &str, rule: &str) -> Verdict {
    verdict_in("aclu-nine", text, rule)
}

#[test]
fn findings_and_their_list_items_decide_nothing() {
    let t = "SECTION 1. FINDINGS\n\nThe Town Council finds that:\n\n(a) local participation in federal immigration programs has led officers to hold residents on ICE detainers for days;\n\n(b) residents could be detained without a warrant at the request of immigration agents.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Missing);
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Missing);
}

#[test]
fn a_quoted_opinion_is_not_the_policy_but_quoted_policy_text_is() {
    let opinion = "\u{201c}Our deputies honor every ICE detainer that comes across the desk,\u{201d} one commissioner said.\n";
    assert_eq!(verdict(opinion, "judicial-warrant"), Verdict::Missing);
    let quoted_rule = "\u{201c}No person shall be held solely on the basis of an immigration detainer,\u{201d} the new language states.\n";
    assert_eq!(verdict(quoted_rule, "judicial-warrant"), Verdict::Partial);
}

#[test]
fn what_could_happen_under_a_program_is_no_permission() {
    let t = "Critics of the program point to the risk that a resident who calls for help could be held for ICE after a minor arrest.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Missing);
    // A possibility the policy itself gives is one.
    let faq = "If a person is arrested for a crime, the person could be held on an ICE detainer for up to 48 hours.\n";
    assert_eq!(verdict(faq, "judicial-warrant"), Verdict::Conflict);
}

#[test]
fn a_run_in_label_lends_the_sentence_no_negation() {
    let t = "#2) No Facilitation Rule: Harrow County officials shall not arrest, detain, or transport an individual solely on the basis of an immigration detainer or other administrative document issued by ICE or CBP, without a judicial warrant.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Met);
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Conflict);
}

#[test]
fn a_digest_reports_the_force_of_the_bill() {
    let t = "This bill would prohibit a law enforcement agency from detaining any person on an immigration detainer unless a judicial warrant has been issued.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Met);
}

#[test]
fn a_construction_clause_is_a_proviso_not_a_purpose() {
    let t = "This order is intended to comply with all applicable federal and state laws.\n";
    assert_eq!(verdict(t, "federal-1373"), Verdict::Partial);
}

//! The cases where verdict engines fail: negation scope, double negatives,
//! exceptions near and far, soft force, protective and contrary clauses in
//! one document, and documents that only define terms.

use policygap::assess::assess;
use policygap::model::{EvidenceRole, Finding, Verdict};
use policygap::rules::{self, Tailoring};

fn findings(text: &str) -> Vec<Finding> {
    super::judging::findings_in(&rules::load("aclu-nine").unwrap(), text)
}

fn finding(text: &str, rule: &str) -> Finding {
    findings(text)
        .into_iter()
        .find(|f| f.rule.as_str() == rule)
        .unwrap()
}

fn verdict(text: &str, rule: &str) -> Verdict {
    finding(text, rule).verdict
}

#[test]
fn shall_and_shall_not_get_opposite_verdicts() {
    assert_eq!(
        verdict(
            "The jail shall honor every ICE detainer.",
            "judicial-warrant"
        ),
        Verdict::Conflict
    );
    assert_ne!(
        verdict(
            "The jail shall not honor any ICE detainer.",
            "judicial-warrant"
        ),
        Verdict::Conflict
    );
}

#[test]
fn negation_inside_a_relative_clause_does_not_flip_the_act() {
    // The "not" describes the person; the sentence directs a hold.
    let t = "A person who is not a United States citizen shall be held for ICE on any detainer.";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Conflict);
    // Here the negation governs the act itself.
    let t2 = "No person shall be held on an ICE detainer unless a judge has signed a warrant.";
    assert_eq!(verdict(t2, "judicial-warrant"), Verdict::Met);
}

#[test]
fn negation_after_the_act_is_out_of_scope() {
    let t = "Officers may ask any person about immigration status, and they need not record the answer.";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Conflict);
}

#[test]
fn double_negatives_permit() {
    let t =
        "No member shall be prohibited from inquiring into the immigration status of an arrestee.";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Conflict);
    let t2 = "Nothing in this policy prohibits any employee from sending citizenship or immigration status information to federal authorities.";
    assert_eq!(verdict(t2, "federal-1373"), Verdict::Met);
}

#[test]
fn shall_not_unless_a_judicial_warrant_meets_the_rule() {
    let t = "Deputies shall not detain any person at the request of ICE or CBP unless the request is accompanied by a warrant signed by a judge.";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Met);
    // The same sentence with an exception at ICE's request permits the hold.
    let t2 = "Deputies shall not detain any person at the request of ICE, unless ICE asks for help with an ongoing operation.";
    assert_eq!(verdict(t2, "judicial-warrant"), Verdict::Conflict);
    // A felony carve-out narrows it.
    let t3 = "Deputies shall not detain any person on an ICE detainer unless the person has been convicted of a violent felony or the detainer is accompanied by a judicial warrant.";
    assert_eq!(verdict(t3, "judicial-warrant"), Verdict::Partial);
}

#[test]
fn an_exception_two_sentences_away_widens_the_rule() {
    let t = "Policy 500\n\n500.1 DETAINERS\nStaff shall not hold an inmate on an ICE detainer unless the detainer is accompanied by a judicial warrant. Holds are logged daily. This section does not apply to inmates who have been convicted of a serious felony.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Partial);
    let t2 = "Policy 500\n\n500.1 DETAINERS\nStaff shall not hold an inmate on an ICE detainer unless the detainer is accompanied by a judicial warrant. Holds are logged daily.\n";
    assert_eq!(verdict(t2, "judicial-warrant"), Verdict::Met);
}

#[test]
fn soft_force_is_partial() {
    let t = "Officers should not inquire into the immigration status of any person.";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Partial);
    let t2 = "Officers shall not inquire into the immigration status of any person.";
    assert_eq!(verdict(t2, "dont-ask"), Verdict::Met);
    let t3 = "Officers shall not routinely inquire into the immigration status of any person.";
    assert_eq!(verdict(t3, "dont-ask"), Verdict::Partial);
}

#[test]
fn a_protective_and_a_contrary_clause_make_a_conflict_citing_both() {
    let t = "Section 1. Members shall not inquire about the immigration status of victims or witnesses.\n\nSection 2. The booking officer shall determine the citizenship and immigration status of every arrestee.\n";
    let f = finding(t, "dont-ask");
    assert_eq!(f.verdict, Verdict::Conflict);
    assert_eq!(f.evidence[0].role, EvidenceRole::Contrary);
    assert!(f.evidence[0].text.contains("booking officer"));
    assert!(
        f.evidence
            .iter()
            .any(|e| e.role == EvidenceRole::Supports && e.text.contains("victims")),
        "{:?}",
        f.evidence
    );
}

#[test]
fn definitions_alone_are_missing() {
    let t = "DEFINITIONS\n\n\"Immigration detainer\" means a request from ICE that a jail hold a person for up to 48 hours.\n\n\"ICE\" means U.S. Immigration and Customs Enforcement.\n";
    for f in findings(t) {
        assert_eq!(f.verdict, Verdict::Missing, "{}: {:?}", f.rule, f.reasons);
    }
}

#[test]
fn glossary_entries_in_a_complaint_policy_direct_nothing() {
    // Dispositions of complaints, as manuals list them: a term, a dash and
    // what it means. "refuses to provide ... information" describes a
    // complainant; it does not turn complaints away.
    let t = "1020.5 CLASSIFICATION\nComplaints shall be classified as follows:\n(a) Formal - A matter that a supervisor finds serious enough to require an investigation.\n(b) Incomplete - A matter in which the complainant refuses to provide enough information to allow an investigation.\n";
    let f = finding(t, "redress");
    assert_ne!(f.verdict, Verdict::Conflict, "{:?}", f.reasons);
}

#[test]
fn a_cap_on_a_hold_still_permits_it() {
    let t = "No inmate shall be held on an immigration detainer for more than 48 hours after the inmate would otherwise be released.";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Conflict);
}

#[test]
fn list_items_are_read_with_their_lead_in() {
    let t = "SECTION 3. A local agency may not prohibit its officers from doing any of the following:\n(1) inquiring into the immigration status of a person under arrest;\n(2) assisting federal immigration officers.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Conflict);
}

#[test]
fn findings_do_not_depend_on_other_documents() {
    // The same text alone and as part of a longer document keeps its verdicts
    // for the rules the extra text does not touch.
    let a = "Officers shall not inquire into the immigration status of any person.";
    let b = format!("{a}\n\nVehicle pursuits shall be ended when the risk is too great.\n");
    assert_eq!(verdict(a, "dont-ask"), verdict(&b, "dont-ask"));
}

#[test]
fn a_document_with_no_clauses_misses_every_rule() {
    let set = rules::load("aclu-nine").unwrap();
    let found = assess(
        &policygap::model::Segmented::default(),
        &set,
        &Tailoring::default(),
    );
    assert_eq!(found.len(), set.rules.len());
    assert!(found.iter().all(|f| f.verdict == Verdict::Missing));
}

#[test]
fn a_statement_of_purpose_decides_nothing_and_a_rule_beside_it_meets() {
    // Purpose statements are not operative (the labeling guide's settled
    // conventions): what the order aims at is no rule of its own.
    let purpose = "I. PURPOSE\nThe purpose of this order is to ensure that members do not hold any person on an immigration detainer without a judicial warrant.\n";
    assert_eq!(verdict(purpose, "judicial-warrant"), Verdict::Missing);
    let with_rule = format!(
        "{purpose}\nII. PROCEDURE\nMembers shall not hold any person on an immigration detainer unless a judge has signed a judicial warrant.\n"
    );
    assert_eq!(verdict(&with_rule, "judicial-warrant"), Verdict::Met);
}

#[test]
fn the_officer_in_a_next_sentence_does_not_carry_its_neighbours_subject() {
    // "the officer" is ours, not a reference back to the civil violation of
    // the sentence before; arresting for a crime is no facilitation.
    let t = "428.4 DETENTIONS\nAn officer shall not detain any person for a civil violation of federal immigration law.\n\nAn officer who has probable cause to believe that a person has committed a criminal immigration violation may arrest the person in the same manner as for any other crime, provided the officer first obtains the approval of a supervisor.\n";
    assert_ne!(verdict(t, "no-facilitation"), Verdict::Conflict);
}

#[test]
fn a_notice_with_an_aside_before_its_that_still_counts() {
    let t = "(b) Staff shall inform the person, before any contact takes place, that he or she is about to speak with an agent of ICE or CBP. The agent shall wear a duty jacket bearing the agency's name and shall display his or her badge in plain view.\n";
    assert_eq!(verdict(t, "clear-identification"), Verdict::Met);
}

#[test]
fn a_ban_on_considering_race_while_enforcing_bears_on_fair_policing() {
    // The form state anti-sanctuary laws use: a trait may not be considered
    // in enforcement, with a broad constitutional exception.
    let t = "SECTION 5. DISCRIMINATION PROHIBITED. A local entity may not consider race, color, language, or national origin while enforcing immigration laws except to the extent permitted by the United States Constitution.\n";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Partial);
}

#[test]
fn a_lead_in_that_opens_conditions_is_read_with_them() {
    // "may ... only if:" is no bare permission; its items say when.
    let t = "9.14.5 TRANSFERS\nAn inmate may be transferred to ICE custody only if:\n(a) a judge has signed a judicial warrant for the transfer; or\n(b) the inmate has been convicted of a serious or violent felony.\n";
    assert_ne!(verdict(t, "no-facilitation"), Verdict::Conflict);
}

#[test]
fn a_condition_that_ice_bring_a_judicial_warrant_protects() {
    // ICE named in the condition is the warrant's bearer, not its asker.
    let t = "An inmate may be transferred to ICE custody only if ICE presents a federal judicial warrant signed by a judge.\n";
    assert_ne!(verdict(t, "no-facilitation"), Verdict::Conflict);
    // Where the condition is only ICE's asking, the transfer is permitted.
    let asked = "An inmate may be transferred to ICE custody only if ICE requests the transfer in writing.\n";
    assert_eq!(verdict(asked, "no-facilitation"), Verdict::Conflict);
}

#[test]
fn a_warrant_required_before_a_hold_rules_the_hold_out_without_it() {
    let must = "Deputies must obtain a judicial warrant before holding any person on an immigration detainer.\n";
    assert_eq!(verdict(must, "judicial-warrant"), Verdict::Met);
    // Soft asking only partly meets the rule; the subject's "Detention"
    // is no act of its own.
    let should = "Detention staff should ask ICE to provide a judicial warrant before holding any person past the person's release time.\n";
    assert_eq!(verdict(should, "judicial-warrant"), Verdict::Partial);
    // A warrant that is not needed protects nothing.
    let need_not = "Deputies need not obtain a judicial warrant before holding a person on an immigration detainer.\n";
    assert_ne!(verdict(need_not, "judicial-warrant"), Verdict::Met);
}

#[test]
fn an_act_named_in_the_subject_takes_the_predicates_polarity() {
    // The act is the subject; "shall not be based on" forbids it.
    for t in [
        "Traffic stops shall not be based on race or immigration status.",
        "No enforcement action shall be based on race or immigration status.",
        "Traffic stops cannot be based on race or immigration status.",
    ] {
        assert_ne!(verdict(t, "fair-impartial"), Verdict::Missing, "{t}");
        assert_ne!(verdict(t, "fair-impartial"), Verdict::Conflict, "{t}");
    }
    let t = "Surveillance of any person or group, whether by cameras or by other \
             technology, shall never be based solely or primarily on religion, \
             ethnicity, race, or immigration status.";
    assert_eq!(verdict(t, "surveillance"), Verdict::Met);
    // An affirmed predicate does not turn into an order to act on a trait,
    // and an act inside a relative clause is not the subject.
    let t = "Traffic stops shall be based on observed violations, not on race.";
    assert_ne!(verdict(t, "fair-impartial"), Verdict::Conflict);
    let t = "Traffic stops may be based on observed violations, not on race.";
    assert_ne!(verdict(t, "fair-impartial"), Verdict::Conflict);
    // A predicate that merely permits the act permits what it names.
    for t in [
        "Traffic stops may be based on immigration status.",
        "Traffic stops can be based on race or national origin.",
        "Traffic stops can be based in part on a person's race.",
    ] {
        assert_eq!(verdict(t, "fair-impartial"), Verdict::Conflict, "{t}");
    }
    let t = "Traffic stops shall not be based in whole or in part on race.";
    assert_ne!(verdict(t, "fair-impartial"), Verdict::Missing, "{t}");
    // The same phrases set off by commas.
    for t in [
        "Traffic stops shall not be based, in whole or in part, on race or immigration status.",
        "No enforcement action shall be based, in part, on race or immigration status.",
    ] {
        assert_ne!(verdict(t, "fair-impartial"), Verdict::Missing, "{t}");
        assert_ne!(verdict(t, "fair-impartial"), Verdict::Conflict, "{t}");
    }
    let t = "Traffic stops can be based, in part, on a person's race.";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Conflict, "{t}");
    let t = "Officers who stop a person because of race shall not be made supervisors.";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Missing);
}

#[test]
fn a_release_that_may_not_be_delayed_reads_as_a_ban_on_the_hold() {
    // The act is the passive verb after its modal, however many words
    // stand between "release" and "delayed".
    for t in [
        "No inmate's release shall be delayed on the basis of an immigration detainer unless a federal judge or magistrate has signed a warrant.",
        "Release of an inmate shall not be delayed on the basis of an ICE detainer unless a judge has signed a warrant.",
        "Staff shall not delay an inmate's release because of an ICE detainer unless a judge has signed a warrant.",
    ] {
        assert_eq!(verdict(t, "judicial-warrant"), Verdict::Met, "{t}");
    }
    let t = "An inmate's release shall be delayed for up to 48 hours when ICE lodges a detainer.";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Conflict);
}

#[test]
fn a_negated_subject_after_a_comma_starts_its_own_predicate() {
    // Without the break at ", and no inmate's release shall", the "not" of
    // the first predicate and the "no" of the second cancel out.
    let t = "Custody staff shall not detain an inmate on the basis of a hold request, and no inmate's release shall be delayed for ICE, unless ICE presents a judicial warrant.";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Met);
}

#[test]
fn words_reported_in_a_leading_condition_end_with_the_condition() {
    // "advises that" reports what ICE says; the order after the comma is
    // the department's own.
    let t = "When ICE advises that it will respond to the scene, officers may detain the person for a reasonable time to allow agents to arrive.";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Conflict);
    let t = "When ICE advises that it will respond to the scene, officers shall not detain the person unless a judge has signed a warrant.";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Met);
}

#[test]
fn a_ban_on_basing_actions_on_a_trait_bears_on_fair_policing() {
    // "base its actions" names both the act and the basis; the act word
    // must not vanish inside the basis phrase.
    let t = "No officer shall base any action on a person's race, national origin, religion, language or immigration status.";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Met);
    let t = "An agency may not base its actions under this chapter on the gender, race or religion of a person.";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Partial);
}

#[test]
fn recording_worship_or_protest_is_surveillance_and_recording_an_arrest_is_not() {
    for t in [
        "Members shall not use a body-worn camera to record persons who are lawfully engaged in religious worship, political speech, or peaceful protest for the purpose of identifying participants.",
        "Officers shall not photograph or record individuals attending a mosque, church or other house of worship.",
        "Members shall not record persons engaged in First Amendment activity for the purpose of identifying them.",
    ] {
        assert_eq!(verdict(t, "surveillance"), Verdict::Partial, "{t}");
    }
    // "political" far from "record", and not naming an activity.
    let t =
        "Officers shall record the time of every arrest in the political corruption investigation.";
    assert_eq!(verdict(t, "surveillance"), Verdict::Missing);
}

#[test]
fn reporting_concerns_about_this_policy_is_a_complaint_process() {
    // "report" is the act and "concerns" its object; as one phrase the
    // act word vanished inside the object.
    let t = "Residents may report concerns about the implementation of this resolution to the County Administrator.";
    assert_eq!(verdict(t, "redress"), Verdict::Partial);
}

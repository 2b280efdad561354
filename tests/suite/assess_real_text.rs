//! How real policies are written, beyond one sentence with "shall": text
//! that does not operate (recitals, findings, purpose statements, quoted
//! opinions, what could happen), provisos, run-in labels, reports of what a
//! law does, and lists that inherit their lead-in's force. Every sentence
//! here is written for the test, modelled on how such documents are
//! phrased.

use policygap::model::Verdict;
use policygap::rules;

fn verdict_in(set: &str, text: &str, rule: &str) -> Verdict {
    super::judging::findings_in(&rules::load(set).unwrap(), text)
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

#[test]
fn stopping_a_practice_is_a_negation() {
    let t = "Effective immediately, the Sheriff's Office will stop honoring ICE detainers and will no longer hold any inmate for ICE past release.\n";
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Conflict);
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Missing);
}

#[test]
fn one_negation_said_twice_counts_once() {
    // "shall not prohibit or in any way restrict ... from sending": the
    // law keeps the exchange open (two negations, not three).
    let t = "No county agency shall prohibit or in any way restrict an officer from sending immigration status information to federal immigration authorities.\n";
    assert_eq!(verdict(t, "federal-1373"), Verdict::Met);
}

#[test]
fn items_of_a_prohibition_inherit_it() {
    let t = "The prohibition in this section shall include but not be limited to:\n\n(a) arresting or detaining a person solely on the basis of an immigration detainer;\n\n(b) asking a person about his or her immigration status.\n";
    assert_ne!(verdict(t, "no-facilitation"), Verdict::Conflict);
    assert_ne!(verdict(t, "no-facilitation"), Verdict::Missing);
    assert_ne!(verdict(t, "dont-ask"), Verdict::Conflict);
}

#[test]
fn a_reported_permission_is_a_permission() {
    let t = "The agreement allows jail officers to ask every arrestee about immigration status at booking.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Conflict);
}

#[test]
fn what_something_may_include_permits_nothing() {
    let t = "Cooperation with ICE may include, for example, holding people on civil immigration detainers or telling ICE when a person will be released.\n";
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Conflict);
    assert_ne!(verdict(t, "privacy-protection"), Verdict::Conflict);
}

#[test]
fn what_a_federal_agency_will_do_binds_no_local_official() {
    let t = "After the fingerprints are matched, ICE can then take enforcement action, including detention of the person.\n";
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Conflict);
    // The jail still gives what the agency receives.
    let access = "ICE will continue to have access to the jail for interviews of inmates.\n";
    assert_eq!(verdict(access, "access-interview"), Verdict::Conflict);
}

#[test]
fn acting_on_a_judges_warrant_is_the_models_own_exception() {
    let t = "The law allows deputies to assist federal agents in the execution of a warrant issued by a federal judge for an inmate in the jail.\n";
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Conflict);
    // A license named elsewhere in the sentence confines nothing.
    let check = "Officers may call ICE to verify the immigration status of any driver who cannot produce a license.\n";
    assert_eq!(verdict(check, "dont-ask"), Verdict::Conflict);
}

#[test]
fn a_flat_ban_on_holds_meets_the_warrant_rule_and_not_required_leaves_discretion() {
    let ban = "The jail shall not hold any inmate beyond the release date on an ICE detainer.\n";
    assert_eq!(verdict(ban, "judicial-warrant"), Verdict::Met);
    let discretion = "A deputy shall not be required to act on an ICE detainer.\n";
    assert_eq!(verdict(discretion, "judicial-warrant"), Verdict::Partial);
}

#[test]
fn a_hold_in_a_sentence_about_notice_is_not_a_notice() {
    let t = "Inmates may post bond even when there is an ICE hold.\n";
    assert_eq!(verdict(t, "clear-identification"), Verdict::Missing);
}

#[test]
fn a_law_against_limits_on_the_following_permits_each_item() {
    // Anti-sanctuary laws forbid local rules that forbid cooperation: two
    // negations, through the lead-in's own exception and its colon.
    let t = "B. A local governmental entity shall not prohibit or in any way restrict a law enforcement agency from taking any of the following actions with respect to information regarding a person's immigration status, except as otherwise expressly prohibited by federal law:\n(1) Sending the information to a federal immigration agency.\n(2) Using the information to comply with an immigration detainer.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Conflict);
    assert_eq!(verdict(t, "federal-1373"), Verdict::Met);
    // Keeping status information is no question about it.
    let keep = "B. No county agency shall prohibit an officer from doing any of the following:\n(1) Recording and maintaining information about a person's immigration status.\n";
    assert_eq!(verdict(keep, "dont-ask"), Verdict::Missing);
}

#[test]
fn items_whose_labels_lost_their_space_still_take_the_lead_in() {
    let t = "(1) A county may not adopt a policy that prohibits or restricts a county official, officer, or employee from:\n(a)cooperating with federal officials on immigration matters; or\n(b)complying with a notification request from the department of homeland security concerning the release of an individual.\n";
    assert_eq!(verdict(t, "privacy-protection"), Verdict::Conflict);
}

#[test]
fn other_than_after_a_noun_narrows_the_noun_and_a_named_act_is_no_negation() {
    // The status is carved out of what may not be given: no ban on
    // sharing status, so no conflict with the 1373 rule.
    let t = "No officer shall respond to an ICE notification request by giving ICE a person's home address or personal information other than citizenship or immigration status, or a release date.\n";
    assert_ne!(verdict(t, "federal-1373"), Verdict::Conflict);
    assert_eq!(verdict(t, "privacy-protection"), Verdict::Partial);
    let named = "Under the Victims of Crime Prevention Act, officers shall ask every arrestee about immigration status.\n";
    assert_eq!(verdict(named, "dont-ask"), Verdict::Conflict);
}

#[test]
fn a_sentence_cut_by_a_blank_line_is_read_whole() {
    let t = "7. No agency or official shall engage in the surveillance of a\n\nperson or group based solely upon religion, ethnicity, race or immigration status.\n";
    assert_eq!(verdict(t, "surveillance"), Verdict::Met);
}

#[test]
fn items_of_a_forbidden_definition_are_forbidden() {
    // The law bans a kind of policy and defines it by what such a policy
    // forbids: each item is a double negation, a permission.
    let t = "Terms used in this chapter\n\n\u{2022} Sanctuary policy: means any rule, order or practice, however adopted, that:\n    (A) Limits or prohibits any county official from communicating with federal agencies to verify or report the immigration status of any person.\n\nNo county or county official shall adopt or enforce a sanctuary policy.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Conflict);
    assert_eq!(verdict(t, "federal-1373"), Verdict::Met);
    // The same definition in a law that bans nothing decides nothing.
    let defined_only = "Terms used in this chapter\n\n\u{2022} Sanctuary policy: means any rule, order or practice, however adopted, that:\n    (A) Limits or prohibits any county official from communicating with federal agencies to verify or report the immigration status of any person.\n";
    assert_eq!(verdict(defined_only, "dont-ask"), Verdict::Missing);
}

#[test]
fn a_title_run_into_its_first_whereas_is_a_recital() {
    let t = "A RESOLUTION AFFIRMING EQUAL TREATMENT REGARDLESS OF RACE OR IMMIGRATION STATUS WHEREAS, the Town has long welcomed residents of every race, religion and national origin, and its officers do not stop anyone based on race;\n";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Missing);
}

#[test]
fn helping_must_be_said_of_the_immigration_agency() {
    // Supporting a sheriff's decision is no assistance to ICE.
    let t = "The board approved a resolution supporting the sheriff's decision to stop complying with federal immigration holds for people in county jails.\n";
    assert_ne!(verdict(t, "no-facilitation"), Verdict::Conflict);
    let assist =
        "Deputies shall assist ICE officers in transporting any inmate named in a detainer.\n";
    assert_eq!(verdict(assist, "no-facilitation"), Verdict::Conflict);
}

#[test]
fn a_discussion_held_is_no_detention() {
    let t = "Prosecutors may take immigration consequences into consideration during discussions held for the purpose of resolving a case with federal immigration authorities.\n";
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Conflict);
}

#[test]
fn a_reported_practice_protects_at_partial_and_a_bare_number_of_hours_is_no_cap() {
    let t = "All three sheriffs said their jails do not hold inmates on ICE detainers for the additional 48 hours.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Partial);
    let cap = "No inmate shall be held on an ICE detainer for more than 48 hours.\n";
    assert_eq!(verdict(cap, "judicial-warrant"), Verdict::Conflict);
}

#[test]
fn line_break_tags_in_copied_text_separate_the_items() {
    let t = "The prohibitions of this section include: <br />(a) Arresting or detaining a person on an immigration detainer; <br />(b) Asking a person about immigration status; and <br />(c) Notifying ICE about the release date of any person.\n";
    assert_ne!(verdict(t, "privacy-protection"), Verdict::Conflict);
    assert_ne!(verdict(t, "privacy-protection"), Verdict::Missing);
}

#[test]
fn a_permission_confined_to_its_conditions_forbids_the_rest() {
    let t = "Officers may only give ICE a person's release date if a judge has signed a warrant for the person.\n";
    assert_eq!(verdict(t, "privacy-protection"), Verdict::Partial);
    assert_ne!(verdict(t, "privacy-protection"), Verdict::Conflict);
}

#[test]
fn what_a_report_counts_is_no_act() {
    let t = "Every six months the Chief shall report to the City Council the following information.\n(a) The total number of individuals detained on an ICE hold, if any;\n(b) Any reimbursements received for any granted hold.\n";
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Conflict);
    // Placing a hold is an act.
    let act = "The booking officer shall place a hold on any inmate named in an ICE detainer.\n";
    assert_eq!(verdict(act, "judicial-warrant"), Verdict::Conflict);
}

#[test]
fn an_agency_describing_its_program_reports_the_policy() {
    let t = "The program \u{201c}authorizes jail deputies to serve and execute ICE administrative warrants on inmates in their agency\u{2019}s jail,\u{201d} the federal agency said.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Conflict);
    // "their agency's jail" is no notice of who is asking.
    assert_eq!(verdict(t, "clear-identification"), Verdict::Missing);
}

#[test]
fn verbs_ending_in_e_are_found_in_every_form() {
    // "investigate*" never matched "investigating".
    let t = "This bill prohibits law enforcement agencies from investigating an inmate's citizenship status.\n";
    assert_ne!(verdict(t, "dont-ask"), Verdict::Missing);
    let honor =
        "The sheriff announced the jail will stop complying with federal immigration holds.\n";
    assert_ne!(verdict(honor, "judicial-warrant"), Verdict::Missing);
}

#[test]
fn what_a_resolution_is_said_to_state_keeps_its_own_negation() {
    let t = "In 2019 the Board adopted a resolution that states that no county resources will be used to identify a person's immigration status.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Met);
    // The same words without the negation direct the act.
    let t = "The Board adopted a resolution that states that county resources will be used to identify a person's immigration status at booking.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Conflict);
    // Two reported statements joined by "and": each keeps its own "no".
    let t = "The county reaffirms that no resources will be used for civil immigration enforcement, and the Board affirmed that no officer shall identify a person's immigration status.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Met);
}

#[test]
fn a_quoted_title_names_a_document_and_directs_nothing() {
    let t = "The Council passed a resolution titled \u{201c}Calling on Local Police to Enforce Federal Immigration Law Against Undocumented Residents\u{201d} at its March meeting.\n";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Missing);
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Missing);
}

#[test]
fn apprehending_on_presence_and_sensitive_records_are_read() {
    // "apprehend" is police action; "not lawfully present" is the
    // immigration-status trait.
    let t = "Officers shall not apprehend any person solely on the belief that the person is not lawfully present in the United States.\n";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Partial);
    let t = "No employee shall disclose sensitive information or records about any resident to federal immigration authorities.\n";
    assert_eq!(verdict(t, "privacy-protection"), Verdict::Partial);
    let t = "Federal immigration agents shall have no in-person contact with inmates at the county jail.\n";
    assert_ne!(verdict(t, "access-interview"), Verdict::Missing);
}

#[test]
fn a_second_reported_prohibition_starts_its_own_predicate() {
    // Each "prohibits" governs its own object; the second is not undone by
    // the first.
    let t = "The bill prohibits blanket policies against honoring detainers and prohibits any government entity from restricting the transmission of immigration status information to federal agencies.\n";
    assert_eq!(verdict(t, "federal-1373"), Verdict::Met);
    // "restricts or prohibits" is still one negation.
    let t = "No local entity shall adopt a policy that restricts or prohibits officials from contacting federal agencies to verify the immigration status of any person.\n";
    assert_ne!(verdict(t, "federal-1373"), Verdict::Conflict);
}

#[test]
fn forbidding_contact_with_federal_agencies_about_status_conflicts_with_1373() {
    let t = "Officers shall not contact federal law enforcement agencies to determine a person's immigration status.\n";
    assert_eq!(verdict(t, "federal-1373"), Verdict::Conflict);
    // Coming into contact with people is no exchange of information.
    let t = "Officers shall not inquire into the immigration status of persons with whom they come into contact.\n";
    assert_ne!(verdict(t, "federal-1373"), Verdict::Conflict);
}

#[test]
fn status_as_a_reason_for_an_act_is_no_status_inquiry() {
    let t = "Officers shall not investigate or detain a person solely on the belief that the person is not present legally in the United States.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Missing);
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Partial);
}

#[test]
fn office_space_for_immigration_agents_is_access() {
    let t = "Officers shall not provide ICE with access to agency resources, including equipment, office space, or databases.\n";
    assert_eq!(verdict(t, "access-interview"), Verdict::Partial);
}

#[test]
fn an_inquiry_the_policy_lets_federal_agents_make_is_theirs() {
    let t = "Jail staff shall give ICE agents access to the jail for the purpose of permitting such agents, with official identification, to meet with named inmates and to inquire into the immigration status of each inmate.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Missing);
    assert_eq!(verdict(t, "access-interview"), Verdict::Conflict);
    // Local staff let to ask is still a permission to ask.
    let t = "Supervisors shall permit deputies to inquire into the immigration status of inmates at booking.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Conflict);
}

#[test]
fn detention_because_of_status_partly_meets_the_hold_rules() {
    let t = "Members may not detain a person solely to investigate immigration status.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Partial);
    let t = "Officers shall not detain any individual based solely on actual or suspected immigration status.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Partial);
    // Said affirmatively it is no order to hold anyone for ICE.
    let t = "Officers may take immigration status into account when determining whether to detain a person.\n";
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Conflict);
}

#[test]
fn profiling_named_as_a_wrong_protects_and_never_directs() {
    assert_eq!(
        verdict(
            "Bias-based profiling is strictly prohibited.\n",
            "fair-impartial"
        ),
        Verdict::Partial
    );
    let t = "If the investigation of a complaint of racial profiling shows that the officer violated this policy, the agency shall take appropriate action.\n";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Missing);
    let t = "Officers shall enforce the law without consideration of race, color, ethnicity, national origin, religion, or immigration status.\n";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Partial);
}

#[test]
fn an_act_the_predicate_prohibits_is_forbidden() {
    let t = "Asking a crime victim about immigration status is prohibited.\n";
    assert_eq!(verdict(t, "dont-ask"), Verdict::Partial);
    let t =
        "Holding an inmate on an ICE detainer without a judicial warrant is strictly prohibited.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Met);
}

#[test]
fn a_duty_to_send_status_to_ice_keeps_the_exchange_open() {
    // LABELING: a text that sends status information to ICE and restricts
    // none of that exchange is `met` for the 1373 rule.
    let t = "Booking staff shall notify ICE of the immigration status of every arrestee born outside the United States.\n";
    assert_eq!(verdict(t, "federal-1373"), Verdict::Met);
    let t = "Booking staff shall not notify ICE of the immigration status of any arrestee.\n";
    assert_eq!(verdict(t, "federal-1373"), Verdict::Conflict);
}

#[test]
fn a_duty_to_support_immigration_enforcement_conflicts() {
    let t = "Every law enforcement agency shall use its best efforts to support the enforcement of federal immigration law.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Conflict);
    let t = "County resources shall not be used to assist in the enforcement of federal immigration laws.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Partial);
}

#[test]
fn honoring_holds_and_civil_arrests_are_the_facilitation_rules_matter() {
    // Honoring a hold is detaining on it; stopping only for people booked
    // on misdemeanors protects some people only.
    let t = "The Sheriff will stop complying with federal immigration holds for people booked on misdemeanors.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Partial);
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Partial);
    let t = "Jail staff shall honor every ICE detainer.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Conflict);
    let t = "A witness going to or returning from court is privileged from civil arrest unless the civil arrest is supported by a judicial warrant.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Partial);
}

#[test]
fn advice_a_committee_gave_is_not_the_policy() {
    let t = "After months of meetings, the advisory committee recommended that the city should no longer accept ICE detainees at the city jail.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Missing);
    // What the city then ordered is.
    let t = "The mayor's order directs that the city jail shall no longer accept ICE detainees.\n";
    assert_ne!(verdict(t, "judicial-warrant"), Verdict::Missing);
}

#[test]
fn a_town_named_maplewood_is_no_mapping_and_official_identification_is_visible_identification() {
    let t = "No employee of the Township of Maplewood shall condition township services on citizenship or immigration status.\n";
    assert_eq!(verdict(t, "surveillance"), Verdict::Missing);
    let t = "ICE agents given access to the jail shall carry official government identification at all times.\n";
    assert_eq!(verdict(t, "clear-identification"), Verdict::Partial);
}

#[test]
fn a_complaint_process_must_be_tied_to_the_policy_to_meet_the_redress_rule() {
    let general = "Pursuant to division (B) of this section, the Inspector General shall investigate complaints about any interaction between a member of the department and a member of the public.\n";
    assert_eq!(verdict(general, "redress"), Verdict::Partial);
    let tied = "Any person who alleges a violation of this policy may file a written complaint with the Civilian Police Review Board, which shall investigate it.\n";
    assert_eq!(verdict(tied, "redress"), Verdict::Met);
}

#[test]
fn an_agency_that_primarily_enforces_immigration_law_is_ice() {
    let t = "The commissioner shall not disclose records or information to any agency that primarily enforces immigration law.\n";
    assert_eq!(verdict(t, "privacy-protection"), Verdict::Partial);
}

#[test]
fn what_a_vote_means_is_a_consequence_not_a_definition() {
    let t = "The vote means that jail staff shall honor every ICE detainer.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Conflict);
    // A definition still decides nothing.
    let t =
        "\u{201c}Immigration hold\u{201d} means a request that jail staff honor an ICE detainer.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Missing);
}

#[test]
fn general_refusals_to_help_ice_partly_meet_the_facilitation_rule() {
    let t = "The city shall not use city funds or personnel to assist ICE.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Partial);
    let t = "Officers may not arrest a person solely for being in the country illegally.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Partial);
    let t = "The county will not participate in any program to register Muslims.\n";
    assert_eq!(verdict(t, "surveillance"), Verdict::Partial);
}

#[test]
fn limiting_cooperation_protects_and_a_ban_on_limiting_it_conflicts() {
    // The limiting verb is the negation: the town's own limit protects.
    let limits = "The council is weighing an ordinance that would restrict cooperation with federal immigration authorities.\n";
    assert_ne!(verdict(limits, "no-facilitation"), Verdict::Conflict);
    let possessive = "The proposal would limit the town\u{2019}s cooperation with federal immigration agencies by barring the use of town facilities for civil immigration enforcement.\n";
    assert_ne!(verdict(possessive, "no-facilitation"), Verdict::Conflict);
    // A state law forbidding that limit affirms the cooperation.
    let state =
        "A local entity shall not limit or restrict the enforcement of federal immigration laws.\n";
    assert_eq!(verdict(state, "no-facilitation"), Verdict::Conflict);
    let full = "Every county jail shall cooperate fully with federal immigration authorities.\n";
    assert_eq!(verdict(full, "no-facilitation"), Verdict::Conflict);
}

#[test]
fn solely_describing_the_detainer_does_not_narrow_the_ban() {
    let t = "No town agency shall use town resources for the following:\n\n(a) Arresting, detaining, or transporting a person on any immigration detainer or administrative warrant, when the detainer or warrant is based solely on a civil violation of immigration law.\n";
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Met);
    let narrowed = "Officers shall not arrest, detain or transport a person solely on the basis of an immigration detainer or administrative warrant.\n";
    assert_eq!(verdict(narrowed, "no-facilitation"), Verdict::Partial);
}

#[test]
fn all_personal_information_about_anyone_takes_in_every_kind_of_data() {
    let all = "Town employees shall not provide federal immigration authorities with non-public information about any person.\n";
    assert_eq!(verdict(all, "privacy-protection"), Verdict::Met);
    // One kind of data alone is still only part of the rule.
    let one = "Town employees shall not give ICE the home address of any person.\n";
    assert_eq!(verdict(one, "privacy-protection"), Verdict::Partial);
}

#[test]
fn a_leading_exception_runs_over_its_list_of_purposes() {
    // "acceptance" sits in the leading exception's second purpose; the
    // clause forbids disclosing records, and holds no one.
    let t = "Except as required to issue a driver license that meets federal standards, as necessary for a person seeking acceptance into a travel program, or to register a vehicle, the registrar shall not disclose records to any agency that primarily enforces immigration law unless presented with a judicial warrant.\n";
    assert_eq!(verdict(t, "judicial-warrant"), Verdict::Missing);
    // "an agency that enforces immigration law" names the agency; it is not
    // the act of enforcing.
    assert_eq!(verdict(t, "no-facilitation"), Verdict::Missing);
}

#[test]
fn duties_laid_down_as_far_as_the_law_allows_follow_federal_law_in_general() {
    let t = "(a) To the extent permitted by law, officers of the police department shall be governed by the following requirements:\n\n(1) Officers shall not ask any person about immigration status.\n";
    assert_eq!(verdict(t, "federal-1373"), Verdict::Partial);
    // The same words inside a duty are no statement about the policy.
    let inside = "Officers shall share information with ICE to the extent permitted by law.\n";
    assert_ne!(verdict(inside, "federal-1373"), Verdict::Partial);
}

#[test]
fn sharing_unnamed_information_with_ice_is_part_of_the_privacy_rule() {
    let ban = "Officers shall not share information with federal immigration authorities.\n";
    assert_eq!(verdict(ban, "privacy-protection"), Verdict::Partial);
    // Unnamed information is too vague to make a conflict on its own.
    let duty = "Officers shall share information with ICE in any criminal investigation.\n";
    assert_ne!(verdict(duty, "privacy-protection"), Verdict::Conflict);
}

#[test]
fn when_a_person_is_released_is_release_information() {
    let t = "The jail will not notify ICE when inmates are released.\n";
    assert_eq!(verdict(t, "privacy-protection"), Verdict::Partial);
    // Releasing the person to someone tells nobody anything.
    let hold = "An inmate subject to a detainer shall not be released to the public until ICE has taken custody.\n";
    assert_eq!(verdict(hold, "privacy-protection"), Verdict::Missing);
}

#[test]
fn a_policy_that_yields_to_what_federal_law_requires_follows_it_in_general() {
    let t = "Nothing in this ordinance prohibits officers from communicating with federal authorities as required by federal law.\n";
    assert_eq!(verdict(t, "federal-1373"), Verdict::Partial);
}

#[test]
fn a_leading_condition_after_a_short_opening_phrase_lends_no_negation() {
    // "no criminal warrant" belongs to the condition; the clause forbids.
    let t = "Under the ordinance, if there is no criminal warrant for a person in custody, the town may not notify ICE of the person\u{2019}s release date.\n";
    assert_eq!(verdict(t, "privacy-protection"), Verdict::Partial);
}

#[test]
fn discrimination_by_a_trait_is_biased_policing_but_not_in_hiring() {
    let t = "Officers shall not discriminate against any person on the basis of national origin or immigration status.\n";
    assert_eq!(verdict(t, "fair-impartial"), Verdict::Partial);
    let hiring = "Applicants for employment shall not be discriminated against on the basis of religion or national origin.\n";
    assert_eq!(verdict(hiring, "fair-impartial"), Verdict::Missing);
}

#[test]
fn violations_reported_to_an_oversight_body_are_complaints() {
    let t = "Violations of this policy may be reported to the Civilian Review Board.\n";
    assert_eq!(verdict(t, "redress"), Verdict::Met);
    // Reporting traffic violations is police work, not redress.
    let traffic = "Officers shall report traffic violations to the shift supervisor.\n";
    assert_eq!(verdict(traffic, "redress"), Verdict::Missing);
}

#[test]
fn information_about_immigration_status_alone_is_not_personal_data() {
    let t = "Members shall not share information about any person\u{2019}s immigration status with a federal immigration official.\n";
    assert_eq!(verdict(t, "privacy-protection"), Verdict::Missing);
}

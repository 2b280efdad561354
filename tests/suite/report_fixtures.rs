//! Hand-made analyses of two fictional towns (Quillford and East Varrow) for
//! the report tests. The policy text and the model rules here are written
//! for these tests; offsets are computed from the text, so editing a
//! sentence keeps every span right.

use policygap::model::{
    Analysis, BatchEntry, DeltaKind, Document, DocumentAnalysis, Evidence, EvidenceRole, Finding,
    RuleId, RuleSetSummary, RuleSummary, SCHEMA_VERSION, Section, SourceKind, Span, TextDelta,
    Verdict,
};

/// The date every fixture report carries.
pub const DATE: &str = "2026-11-23";

/// The test rule set, tailored to `place` (or left with placeholders).
pub fn rule_set(place: Option<&str>, oversight: Option<&str>) -> RuleSetSummary {
    let p = place.unwrap_or("[County/City/State]");
    let o = oversight.unwrap_or("[oversight entity]");
    let rule = |id: &str, n: &str, title: &str, text: String, optional: bool| RuleSummary {
        id: RuleId(id.into()),
        number: n.into(),
        title: title.into(),
        model_text: text,
        purpose: format!("Why the {title} matters."),
        note: if optional {
            "Optional: it only restates federal law, so a town may leave it out.".into()
        } else {
            String::new()
        },
        optional,
    };
    RuleSetSummary {
        id: "fixture-rules".into(),
        title: "Model Rules for Local Policing (test set)".into(),
        source: "written for the policygap tests".into(),
        digest: "5eed0f1xture0001".into(),
        rules: vec![
            rule(
                "judicial-warrant",
                "1",
                "Judicial Warrant Rule",
                format!(
                    "{p} officials shall require a warrant signed by a judge before holding \
                     anyone, or keeping anyone longer, because ICE or CBP asked."
                ),
                false,
            ),
            rule(
                "access-interviews",
                "2",
                "Custody Interview Rule",
                format!(
                    "No {p} official shall let ICE or CBP agents into {p} facilities or to any \
                     person in {p} custody for interviews, unless a court order requires it."
                ),
                false,
            ),
            rule(
                "release-dates",
                "3",
                "Release Information Rule",
                format!(
                    "{p} officials shall not give ICE or CBP a person's release date or time \
                     without a judicial warrant."
                ),
                false,
            ),
            rule(
                "bias-free",
                "4",
                "Fair Policing Rule",
                format!(
                    "{p} officials shall not stop, question, arrest or detain anyone based on \
                     perceived race, national origin, religion, language or immigration status."
                ),
                false,
            ),
            rule(
                "complaints",
                "5",
                "Complaint Rule",
                format!(
                    "Anyone may report a violation of these rules to the {o}, which shall \
                     investigate and publish what it finds."
                ),
                false,
            ),
            rule(
                "federal-law",
                "6",
                "Federal Law Statement",
                format!("Nothing in {p} policy is meant to violate 8 U.S.C. § 1373."),
                true,
            ),
        ],
        left_out: Vec::new(),
    }
}

/// Quillford's manual: three pages in a numbered-manual style.
pub fn quillford_pages() -> Vec<String> {
    vec![
        "QUILLFORD POLICE DEPARTMENT\nPolicy Manual\n\nPolicy 410 Immigration Holds\n\n\
         410.1 PURPOSE AND SCOPE\nThis policy gives officers direction on requests from \
         federal immigration authorities.\n\n410.2 DETAINER REQUESTS\n(a) Officers shall \
         honor an immigration detainer issued by ICE and may hold the person for up to 48 \
         hours past the time the person would otherwise be released.\n(b) The watch \
         commander should confirm the detainer by telephone before release."
            .to_string(),
        "410.3 ACCESS BY FEDERAL AGENTS\nFederal immigration agents may be given access to \
         the holding facility to interview persons in custody during normal business \
         hours.\n\n410.4 RELEASE INFORMATION\nRecords staff will not share release dates \
         with ICE unless a judicial warrant is presented."
            .to_string(),
        "Policy 402 Bias-Based Policing\n\n402.1 POLICY\nOfficers shall not stop or detain \
         any person based on race, ethnicity or religion."
            .to_string(),
    ]
}

/// East Varrow's short general order: one page.
pub fn east_varrow_pages() -> Vec<String> {
    vec![
        "EAST VARROW POLICE\nGeneral Order 17: Federal Immigration Requests\n\n\
         I. Members shall not hold any person on an immigration detainer unless a judge has \
         signed a warrant for that person.\n\nII. ICE and CBP agents shall not be given \
         access to persons in our custody for interviews without a court order.\n\n\
         III. Release dates are not shared with federal immigration agents.\n\n\
         IV. Members shall not stop or question anyone because of race, national origin, \
         religion, language or immigration status."
            .to_string(),
    ]
}

/// Builds evidence for the first occurrence of `clause` in the document,
/// with `words` (each must occur in the clause) as the matched terms.
pub fn ev(
    doc: &Document,
    clause: &str,
    section: Option<&str>,
    heading: Option<&str>,
    role: EvidenceRole,
    words: &[&str],
) -> Evidence {
    let start = doc
        .text
        .find(clause)
        .unwrap_or_else(|| panic!("fixture clause not in text: {clause}"));
    let end = start + clause.len();
    let page = doc.page_at(start);
    let matched = words
        .iter()
        .map(|w| {
            let s = clause
                .find(w)
                .unwrap_or_else(|| panic!("fixture word {w} not in clause"));
            (s, s + w.len())
        })
        .collect();
    Evidence {
        page,
        section: section.map(str::to_string),
        heading: heading.map(str::to_string),
        text: clause.to_string(),
        span: Span { page, start, end },
        role,
        matched,
    }
}

/// A word-level diff from `old` to `new`, consecutive changes of one kind
/// joined, as the assessment stage produces.
pub fn diff(old: &str, new: &str) -> Vec<TextDelta> {
    let d = similar::TextDiff::from_words(old, new);
    let mut out: Vec<TextDelta> = Vec::new();
    for c in d.iter_all_changes() {
        let kind = match c.tag() {
            similar::ChangeTag::Equal => DeltaKind::Equal,
            similar::ChangeTag::Insert => DeltaKind::Insert,
            similar::ChangeTag::Delete => DeltaKind::Delete,
        };
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(c.value()),
            _ => out.push(TextDelta {
                kind,
                text: c.value().to_string(),
            }),
        }
    }
    out
}

pub fn finding(
    rule: &str,
    verdict: Verdict,
    confidence: f32,
    evidence: Vec<Evidence>,
    missing: &[&str],
    reasons: &[&str],
    diff: Vec<TextDelta>,
) -> Finding {
    Finding {
        rule: RuleId(rule.into()),
        verdict,
        confidence,
        evidence,
        missing_elements: missing.iter().map(|s| s.to_string()).collect(),
        reasons: reasons.iter().map(|s| s.to_string()).collect(),
        diff,
    }
}

/// The reports read citations from evidence, not from the section list, so
/// the fixtures leave it empty.
fn sections(_doc: &Document) -> Vec<Section> {
    Vec::new()
}

pub fn analysed(doc: Document, findings: Vec<Finding>) -> DocumentAnalysis {
    DocumentAnalysis {
        path: doc.path.clone(),
        id: doc.id.clone(),
        kind: doc.kind,
        pages: doc.pages.len() as u32,
        warnings: doc.warnings.clone(),
        findings,
        sections: sections(&doc),
        text: doc.text,
        page_spans: doc.pages,
        jurisdiction: None,
        oversight: None,
        model_texts: Default::default(),
    }
}

pub fn quillford_doc(rules: &RuleSetSummary) -> DocumentAnalysis {
    let doc = Document::from_pages(
        "manuals/vt/Quillford Police Manual.pdf",
        SourceKind::Pdf,
        &quillford_pages(),
    );
    let model = |id: &str| {
        rules
            .rules
            .iter()
            .find(|r| r.id.0 == id)
            .map(|r| r.model_text.clone())
            .unwrap_or_default()
    };
    let hold = "(a) Officers shall honor an immigration detainer issued by ICE and may hold the \
                person for up to 48 hours past the time the person would otherwise be released.";
    let access = "Federal immigration agents may be given access to the holding facility to \
                  interview persons in custody during normal business hours.";
    let release = "Records staff will not share release dates with ICE unless a judicial warrant \
                   is presented.";
    let bias = "Officers shall not stop or detain any person based on race, ethnicity or religion.";
    let findings = vec![
        finding(
            "judicial-warrant",
            Verdict::Conflict,
            0.86,
            vec![ev(
                &doc,
                hold,
                Some("410.2(a)"),
                Some("DETAINER REQUESTS"),
                EvidenceRole::Contrary,
                &["honor", "immigration detainer", "ICE", "hold"],
            )],
            &["judicial warrant"],
            &[
                "410.2(a) directs officers to honor ICE detainers (\"shall honor\").",
                "No clause requires a judicial warrant before a hold.",
            ],
            diff(hold, &model("judicial-warrant")),
        ),
        finding(
            "access-interviews",
            Verdict::Conflict,
            0.71,
            vec![ev(
                &doc,
                access,
                Some("410.3"),
                Some("ACCESS BY FEDERAL AGENTS"),
                EvidenceRole::Contrary,
                &["access", "interview", "custody"],
            )],
            &["court order limit"],
            &["410.3 permits agents to interview people in custody (\"may be given access\")."],
            diff(access, &model("access-interviews")),
        ),
        finding(
            "release-dates",
            Verdict::Met,
            0.8,
            vec![ev(
                &doc,
                release,
                Some("410.4"),
                Some("RELEASE INFORMATION"),
                EvidenceRole::Supports,
                &["will not share", "release dates", "judicial warrant"],
            )],
            &[],
            &["410.4 forbids sharing release dates without a judicial warrant."],
            Vec::new(),
        ),
        finding(
            "bias-free",
            Verdict::Partial,
            0.64,
            vec![ev(
                &doc,
                bias,
                Some("402.1"),
                Some("POLICY"),
                EvidenceRole::Supports,
                &["shall not stop", "race", "religion"],
            )],
            &["national origin", "language", "immigration status"],
            &[
                "402.1 names race and religion but not national origin, language or immigration status.",
            ],
            diff(bias, &model("bias-free")),
        ),
        finding(
            "complaints",
            Verdict::Missing,
            0.9,
            Vec::new(),
            &["complaint channel", "oversight body"],
            &["No clause mentions complaints about immigration enforcement."],
            Vec::new(),
        ),
        finding(
            "federal-law",
            Verdict::Missing,
            0.9,
            Vec::new(),
            &["federal law statement"],
            &["No clause mentions 8 U.S.C. 1373."],
            Vec::new(),
        ),
    ];
    analysed(doc, findings)
}

pub fn east_varrow_doc() -> DocumentAnalysis {
    let doc = Document::from_pages(
        "orders/east-varrow-go17.txt",
        SourceKind::Text,
        &east_varrow_pages(),
    );
    let met = |rule: &str, clause: &str, sec: &str, words: &[&str]| {
        finding(
            rule,
            Verdict::Met,
            0.82,
            vec![ev(
                &doc,
                clause,
                Some(sec),
                None,
                EvidenceRole::Supports,
                words,
            )],
            &[],
            &["The clause establishes every element of the rule."],
            Vec::new(),
        )
    };
    let findings = vec![
        met(
            "judicial-warrant",
            "Members shall not hold any person on an immigration detainer unless a judge has \
             signed a warrant for that person.",
            "I",
            &["shall not hold", "immigration detainer", "judge"],
        ),
        met(
            "access-interviews",
            "ICE and CBP agents shall not be given access to persons in our custody for \
             interviews without a court order.",
            "II",
            &["access", "interviews", "court order"],
        ),
        finding(
            "release-dates",
            Verdict::Partial,
            0.55,
            vec![ev(
                &doc,
                "Release dates are not shared with federal immigration agents.",
                Some("III"),
                None,
                EvidenceRole::Supports,
                &["Release dates", "not shared"],
            )],
            &["binding force (\"shall\")"],
            &["III states a practice, not a duty: no \"shall\"."],
            Vec::new(),
        ),
        met(
            "bias-free",
            "Members shall not stop or question anyone because of race, national origin, \
             religion, language or immigration status.",
            "IV",
            &["shall not stop", "immigration status"],
        ),
        finding(
            "complaints",
            Verdict::Missing,
            0.88,
            Vec::new(),
            &["complaint channel"],
            &["No clause mentions complaints."],
            Vec::new(),
        ),
        finding(
            "federal-law",
            Verdict::Missing,
            0.88,
            Vec::new(),
            &[],
            &["No clause mentions 8 U.S.C. 1373."],
            Vec::new(),
        ),
    ];
    analysed(doc, findings)
}

/// One town, tailored: Quillford, Vermont.
pub fn quillford() -> Analysis {
    let place = "Quillford, Vermont";
    let oversight = "Quillford Civilian Review Board";
    let rules = rule_set(Some(place), Some(oversight));
    let doc = quillford_doc(&rules);
    Analysis {
        schema_version: SCHEMA_VERSION,
        rule_set: rules,
        jurisdiction: Some(place.into()),
        oversight: Some(oversight.into()),
        generated: DATE.into(),
        documents: vec![BatchEntry::Analyzed(Box::new(doc))],
    }
}

/// A batch: both towns and one file that could not be read; no
/// jurisdiction, so the model text keeps its placeholders.
pub fn batch() -> Analysis {
    let rules = rule_set(None, None);
    let q = quillford_doc(&rules);
    Analysis {
        schema_version: SCHEMA_VERSION,
        rule_set: rules,
        jurisdiction: None,
        oversight: None,
        generated: DATE.into(),
        documents: vec![
            BatchEntry::Analyzed(Box::new(q)),
            BatchEntry::Analyzed(Box::new(east_varrow_doc())),
            BatchEntry::Failed {
                path: "manuals/vt/Locked Town.pdf".into(),
                reason: "the PDF is encrypted and needs a password".into(),
            },
        ],
    }
}

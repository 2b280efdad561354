//! Stage 4, assessment: rule set × clauses → one [`Finding`] per rule.
//!
//! The clause index proposes candidates; each candidate is then read
//! precisely: does it speak of the rule's act (verb concept plus objects,
//! from the clause or its heading), with which polarity and force, with
//! which exceptions, and which of the rule's elements it establishes. A
//! document's verdict is `conflict` if any clause directs or permits what the
//! rule forbids, else the best protective clause decides.

pub mod diff;
pub mod polarity;

use crate::index::ClauseIndex;
use crate::model::{Clause, Evidence, EvidenceRole, Finding, Segmented, Span, Verdict};
use crate::rules::{Ceiling, PatternPolarity, Rule, RuleKind, RuleSet, Tailoring};
use polarity::{Force, Scope, has_soft_qualifier, is_definition, polarity_at, scopes};
use regex::Regex;
use std::sync::OnceLock;

/// How many index candidates each rule reads closely.
const CANDIDATES_PER_RULE: usize = 400;

/// What one clause does for one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseJudgement {
    pub clause: usize,
    /// `Met` or `Partial` for a protective clause, `Conflict` for a contrary one.
    pub grade: Verdict,
    pub act: String,
    pub negated: bool,
    pub force: String,
    pub elements_found: Vec<String>,
    pub elements_missing: Vec<String>,
    pub reasons: Vec<String>,
    /// Byte ranges in the clause text of the words that matched.
    pub matched: Vec<(usize, usize)>,
}

/// Everything the assessment looked at for one rule, for `explain`.
#[derive(Debug, Clone, Default)]
pub struct RuleTrace {
    pub candidates: usize,
    pub judgements: Vec<ClauseJudgement>,
}

/// Assesses every rule of the set against a segmented document.
pub fn assess(seg: &Segmented, set: &RuleSet, tailoring: &Tailoring) -> Vec<Finding> {
    assess_traced(seg, set, tailoring)
        .into_iter()
        .map(|(f, _)| f)
        .collect()
}

/// Like [`assess`], also returning what was weighed for each rule.
pub fn assess_traced(
    seg: &Segmented,
    set: &RuleSet,
    tailoring: &Tailoring,
) -> Vec<(Finding, RuleTrace)> {
    let index = ClauseIndex::build(&seg.clauses);
    set.rules
        .iter()
        .map(|rule| {
            let terms = query_terms(set, rule);
            let candidates = match &index {
                Ok(ix) => ix.search(&terms, CANDIDATES_PER_RULE),
                // An index failure must not lose findings: read every clause.
                Err(_) => (0..seg.clauses.len()).collect(),
            };
            let mut trace = RuleTrace {
                candidates: candidates.len(),
                judgements: Vec::new(),
            };
            let mut sorted = candidates;
            sorted.sort_unstable();
            for ci in sorted {
                let prev = ci
                    .checked_sub(1)
                    .map(|p| &seg.clauses[p])
                    .filter(|p| p.section == seg.clauses[ci].section);
                if let Some(j) = judge_clause(set, rule, &seg.clauses[ci], prev) {
                    trace.judgements.push(j);
                }
            }
            apply_distant_exceptions(set, rule, seg, &mut trace);
            let finding = decide(set, rule, seg, &trace, tailoring);
            (finding, trace)
        })
        .collect()
}

/// The words of a rule's act concepts, for the index query.
fn query_terms(set: &RuleSet, rule: &Rule) -> Vec<String> {
    let mut terms = Vec::new();
    for act in &rule.acts {
        for &c in act.verb.iter().chain(act.with.iter().flatten()) {
            terms.extend(set.lexicon.get(c).terms.iter().cloned());
        }
    }
    for c in &rule.contrary {
        for &i in c.all.iter().flatten() {
            terms.extend(set.lexicon.get(i).terms.iter().cloned());
        }
    }
    terms.sort();
    terms.dedup();
    terms
}

fn anaphora_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)\b(?:such|these|those|said)\b|\b(?:the|this|that|any)\s+(?:request|detainer|hold|agency|agencies|agent|agents|form|document|notification|inquiry|officers?)s?\b")
            .expect("pattern")
    })
}

/// Judges one clause against one rule: `None` when it does not bear on it.
pub fn judge_clause(
    set: &RuleSet,
    rule: &Rule,
    clause: &Clause,
    previous: Option<&Clause>,
) -> Option<ClauseJudgement> {
    let text = clause.text.as_str();
    if is_definition(text)
        || clause
            .headings
            .last()
            .is_some_and(|h| h.to_ascii_lowercase().contains("definition"))
    {
        return None;
    }
    let lex = &set.lexicon;
    let mut context = clause.headings.last().cloned().unwrap_or_default();
    if let Some(p) = previous
        && anaphora_re().is_match(text)
    {
        context.push_str(" \n ");
        context.push_str(&p.text);
    }
    let sc = scopes(text);
    let main = sc.main_only(text);
    let has = |c: usize, t: &str| !lex.find(c, t).is_empty();

    // Contrary patterns first: they conflict by themselves.
    for pat in &rule.contrary {
        let groups_ok = pat.all.iter().all(|g| g.iter().any(|&c| has(c, text)));
        if !groups_ok {
            continue;
        }
        let first = pat.all[0]
            .iter()
            .flat_map(|&c| lex.find(c, text))
            .filter(|&(s, _)| sc.scope_at(s) == Scope::Main)
            .min();
        let Some((pos, _)) = first else { continue };
        let pol = polarity_at(text, pos);
        let ok = match pat.polarity {
            PatternPolarity::Any => true,
            PatternPolarity::Affirmed => !pol.negated,
            PatternPolarity::Negated => pol.negated,
        };
        if ok {
            let matched = pat
                .all
                .iter()
                .flatten()
                .flat_map(|&c| lex.find(c, text))
                .collect();
            return Some(ClauseJudgement {
                clause: clause.id.0,
                grade: Verdict::Conflict,
                act: pat.name.clone(),
                negated: pol.negated,
                force: pol.force.word().to_string(),
                elements_found: Vec::new(),
                elements_missing: Vec::new(),
                reasons: vec![format!("matches a contrary pattern: {}", pat.name)],
                matched,
            });
        }
    }

    let mut best: Option<ClauseJudgement> = None;
    for act in &rule.acts {
        // Every object group must be present in the clause or its context.
        let mut matched: Vec<(usize, usize)> = Vec::new();
        let mut ok = true;
        for group in &act.with {
            let in_clause: Vec<(usize, usize)> =
                group.iter().flat_map(|&c| lex.find(c, text)).collect();
            if in_clause.is_empty() && !group.iter().any(|&c| has(c, &context)) {
                ok = false;
                break;
            }
            matched.extend(in_clause);
        }
        if !ok {
            continue;
        }
        let mut verbs: Vec<(usize, usize)> =
            act.verb.iter().flat_map(|&c| lex.find(c, text)).collect();
        verbs.sort_unstable();
        let main_verbs: Vec<(usize, usize)> = verbs
            .iter()
            .copied()
            .filter(|&(s, _)| sc.scope_at(s) == Scope::Main)
            .collect();
        if main_verbs.is_empty() {
            continue;
        }
        matched.extend(main_verbs.iter().copied());

        // The reading of each verb occurrence; contrary wins over protective
        // when a modal affirms the act anywhere in the main text.
        let mut protective: Option<polarity::Polarity> = None;
        let mut contrary: Option<polarity::Polarity> = None;
        for &(s, _) in &main_verbs {
            let pol = polarity_at(text, s);
            let protects = match rule.kind {
                RuleKind::Prohibition => pol.negated,
                RuleKind::Requirement => !pol.negated,
            };
            if act.ignore_polarity || protects {
                if protective.is_none() {
                    protective = Some(pol);
                }
            } else if (pol.force != Force::Indicative && pol.force != Force::Soft
                || rule.kind == RuleKind::Requirement && pol.negated)
                && contrary.is_none()
            {
                contrary = Some(pol);
            }
        }
        if act.permission_only
            && let Some(p) = &protective
            && !(p.double_negative || p.force == Force::Permissive || p.force == Force::Indicative)
        {
            protective = None;
        }
        let mut reasons = Vec::new();
        let judgement = if let Some(pol) = contrary {
            reasons.push(format!(
                "{} ({}{})",
                match rule.kind {
                    RuleKind::Prohibition => format!("directs or permits {}", act.name),
                    RuleKind::Requirement => format!("rules out {}", act.name),
                },
                pol.force.word(),
                if pol.cues.is_empty() {
                    String::new()
                } else {
                    format!("; negations: {}", pol.cues.join(", "))
                }
            ));
            ClauseJudgement {
                clause: clause.id.0,
                grade: Verdict::Conflict,
                act: act.name.clone(),
                negated: pol.negated,
                force: pol.force.word().to_string(),
                elements_found: Vec::new(),
                elements_missing: Vec::new(),
                reasons,
                matched: matched.clone(),
            }
        } else if let Some(pol) = protective {
            let mut grade = match act.ceiling {
                Ceiling::Met => Verdict::Met,
                Ceiling::Partial => {
                    reasons.push(format!("{} is only a general statement", act.name));
                    Verdict::Partial
                }
            };
            reasons.insert(
                0,
                format!(
                    "{} {} ({})",
                    match rule.kind {
                        RuleKind::Prohibition => "forbids",
                        RuleKind::Requirement => "provides for",
                    },
                    act.name,
                    pol.force.word()
                ),
            );
            // Force.
            if pol.force == Force::Soft || has_soft_qualifier(&main) {
                grade = Verdict::Partial;
                reasons.push("uses soft language (should, generally, encouraged)".into());
            } else if pol.force == Force::Permissive && rule.kind == RuleKind::Prohibition {
                grade = Verdict::Partial;
                reasons.push("leaves the matter to discretion (may)".into());
            }
            // Exceptions.
            let mut contrary_exception = false;
            for (_, exc) in sc.exceptions(text) {
                let allowed = rule.allowed_exceptions.iter().any(|&c| has(c, exc));
                let contrary_exc = rule.contrary_exceptions.iter().any(|&c| has(c, exc));
                let narrowing = rule.narrowing_exceptions.iter().any(|&c| has(c, exc));
                if contrary_exc && !allowed {
                    contrary_exception = true;
                    reasons.push(format!(
                        "its exception lets the act happen at immigration authorities' request: \"{}\"",
                        exc.trim()
                    ));
                } else if narrowing {
                    grade = Verdict::Partial;
                    reasons.push(format!(
                        "its exception is broader than the model's: \"{}\"",
                        exc.trim()
                    ));
                } else if !allowed {
                    grade = Verdict::Partial;
                    reasons.push(format!(
                        "has an exception the model does not make: \"{}\"",
                        exc.trim()
                    ));
                }
            }
            // Weakeners such as "solely" or "routinely".
            let cancelled = rule.weakeners_cancelled_by.iter().any(|&c| has(c, text));
            if !cancelled {
                for &w in &rule.weakeners {
                    if has(w, &main) {
                        grade = Verdict::Partial;
                        reasons.push(format!(
                            "narrowed by \"{}\"",
                            lex.find(w, &main).first().map_or("", |&(s, e)| &text[s..e])
                        ));
                    }
                }
            }
            // A cap on how long the forbidden act lasts still permits it.
            let cap = rule.duration_cap_conflicts
                && set.lexicon.index("duration").is_some_and(|d| has(d, &main));
            if contrary_exception || cap {
                if cap {
                    reasons.push("limits how long the act may last, so it still permits it".into());
                }
                ClauseJudgement {
                    clause: clause.id.0,
                    grade: Verdict::Conflict,
                    act: act.name.clone(),
                    negated: pol.negated,
                    force: pol.force.word().to_string(),
                    elements_found: Vec::new(),
                    elements_missing: Vec::new(),
                    reasons,
                    matched,
                }
            } else {
                let with_heading =
                    format!("{text} \n {}", clause.headings.last().map_or("", |h| h));
                let mut found = Vec::new();
                let mut missing = Vec::new();
                for el in &rule.elements {
                    let sat = el
                        .any
                        .iter()
                        .any(|t| has(t.concept, &with_heading) != t.negated);
                    if sat {
                        found.push(el.name.clone());
                        matched.extend(
                            el.any
                                .iter()
                                .filter(|t| !t.negated)
                                .flat_map(|t| lex.find(t.concept, text)),
                        );
                    } else {
                        missing.push(el.name.clone());
                    }
                }
                if !missing.is_empty() && grade == Verdict::Met {
                    grade = Verdict::Partial;
                    reasons.push(format!("does not establish: {}", missing.join("; ")));
                }
                ClauseJudgement {
                    clause: clause.id.0,
                    grade,
                    act: act.name.clone(),
                    negated: pol.negated,
                    force: pol.force.word().to_string(),
                    elements_found: found,
                    elements_missing: missing,
                    reasons,
                    matched,
                }
            }
        } else {
            continue;
        };
        best = Some(match best {
            None => judgement,
            Some(b) => {
                if rank(judgement.grade) > rank(b.grade) {
                    judgement
                } else {
                    b
                }
            }
        });
    }
    best
}

/// Orders grades for choosing a clause's strongest reading.
fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Missing => 0,
        Verdict::Partial => 1,
        Verdict::Met => 2,
        Verdict::Conflict => 3,
    }
}

fn widening_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)\b(?:(?:this|the\s+foregoing|these|such|the\s+above)\s+(?:section|policy|prohibition|restriction|rule|provision|subsection|paragraph|limitation)s?\s+(?:does|do|shall|will)\s+not\s+apply|notwithstanding\s+(?:the\s+foregoing|the\s+above|subsection|section|paragraph)|(?:does|do|shall)\s+not\s+apply\s+(?:to|when|where|if))")
            .expect("pattern")
    })
}

/// A clause that says "this section does not apply to ..." within a few
/// sentences of a protective clause narrows (or undoes) that clause.
fn apply_distant_exceptions(set: &RuleSet, rule: &Rule, seg: &Segmented, trace: &mut RuleTrace) {
    let lex = &set.lexicon;
    let mut extra = Vec::new();
    for j in trace.judgements.iter_mut() {
        if !matches!(j.grade, Verdict::Met | Verdict::Partial) {
            continue;
        }
        let here = &seg.clauses[j.clause];
        for k in j.clause + 1..(j.clause + 4).min(seg.clauses.len()) {
            let other = &seg.clauses[k];
            if other.section != here.section || !widening_re().is_match(&other.text) {
                continue;
            }
            let t = &other.text;
            let has = |c: usize| !lex.find(c, t).is_empty();
            if rule.contrary_exceptions.iter().any(|&c| has(c))
                && !rule.allowed_exceptions.iter().any(|&c| has(c))
            {
                extra.push(ClauseJudgement {
                    clause: k,
                    grade: Verdict::Conflict,
                    act: j.act.clone(),
                    negated: false,
                    force: Force::Mandatory.word().to_string(),
                    elements_found: Vec::new(),
                    elements_missing: Vec::new(),
                    reasons: vec![format!(
                        "a later exception in the same section lets the act happen at immigration authorities' request (clause {})",
                        k + 1
                    )],
                    matched: Vec::new(),
                });
            } else if rule.narrowing_exceptions.iter().any(|&c| has(c)) && j.grade == Verdict::Met {
                j.grade = Verdict::Partial;
                j.reasons.push(format!(
                    "a later sentence in the same section exempts categories of people: \"{}\"",
                    other.text
                ));
            }
        }
    }
    trace.judgements.extend(extra);
}

/// Turns a rule's clause judgements into the document's finding.
fn decide(
    set: &RuleSet,
    rule: &Rule,
    seg: &Segmented,
    trace: &RuleTrace,
    tailoring: &Tailoring,
) -> Finding {
    let js = &trace.judgements;
    let contrary: Vec<&ClauseJudgement> =
        js.iter().filter(|j| j.grade == Verdict::Conflict).collect();
    let mut protective: Vec<&ClauseJudgement> = js
        .iter()
        .filter(|j| matches!(j.grade, Verdict::Met | Verdict::Partial))
        .collect();
    // Best protective first: met before partial, more elements first.
    protective.sort_by_key(|j| {
        (
            std::cmp::Reverse(rank(j.grade)),
            std::cmp::Reverse(j.elements_found.len()),
            j.clause,
        )
    });
    let model_text = set.tailor(&rule.text, tailoring);
    let evidence_of = |j: &ClauseJudgement, role: EvidenceRole| -> Evidence {
        let c = &seg.clauses[j.clause];
        evidence_for(c, role, &j.matched)
    };
    let (verdict, mut evidence, reasons, missing, confidence) = if !contrary.is_empty() {
        let mut ev: Vec<Evidence> = contrary
            .iter()
            .take(3)
            .map(|j| evidence_of(j, EvidenceRole::Contrary))
            .collect();
        ev.extend(
            protective
                .iter()
                .take(2)
                .map(|j| evidence_of(j, EvidenceRole::Supports)),
        );
        let mut reasons: Vec<String> = contrary.iter().take(3).map(|j| cite(seg, j)).collect();
        if !protective.is_empty() {
            reasons.push(format!(
                "the document also has a protective clause ({}), but a contrary clause decides",
                location(&seg.clauses[protective[0].clause])
            ));
        }
        let conf = if contrary.len() > 1 { 0.9 } else { 0.8 };
        (Verdict::Conflict, ev, reasons, Vec::new(), conf)
    } else if let Some(best) = protective.first() {
        let ev: Vec<Evidence> = protective
            .iter()
            .take(3)
            .map(|j| evidence_of(j, EvidenceRole::Supports))
            .collect();
        let reasons = vec![cite(seg, best)];
        let conf = match best.grade {
            Verdict::Met => 0.85,
            _ => 0.7,
        };
        (best.grade, ev, reasons, best.elements_missing.clone(), conf)
    } else {
        let missing = rule.elements.iter().map(|e| e.name.clone()).collect();
        let conf = if trace.candidates == 0 { 0.95 } else { 0.8 };
        (
            Verdict::Missing,
            Vec::new(),
            vec!["no clause addresses this rule".to_string()],
            missing,
            conf,
        )
    };
    evidence.dedup_by(|a, b| a.span == b.span);
    let diff = evidence
        .first()
        .map(|e| diff::word_diff(&e.text, &model_text))
        .unwrap_or_default();
    Finding {
        rule: rule.id.clone(),
        verdict,
        confidence,
        evidence,
        missing_elements: missing,
        reasons,
        diff,
    }
}

fn location(c: &Clause) -> String {
    match &c.citation {
        Some(s) => format!("§ {s}, page {}", c.span.page),
        None => format!("page {}", c.span.page),
    }
}

fn cite(seg: &Segmented, j: &ClauseJudgement) -> String {
    format!(
        "{}: {}",
        location(&seg.clauses[j.clause]),
        j.reasons.join("; ")
    )
}

fn evidence_for(c: &Clause, role: EvidenceRole, matched: &[(usize, usize)]) -> Evidence {
    let mut m: Vec<(usize, usize)> = matched
        .iter()
        .copied()
        .filter(|&(s, e)| s < e && e <= c.text.len())
        .collect();
    m.sort_unstable();
    m.dedup();
    // Merge overlaps so renderers can emphasise ranges in order.
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in m {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    Evidence {
        page: c.span.page,
        section: c.citation.clone(),
        heading: c.headings.last().cloned(),
        text: c.text.clone(),
        span: Span { ..c.span },
        role,
        matched: merged,
    }
}

//! Stage 4, assessment: rule set × clauses → one [`Finding`] per rule.
//!
//! The clause index proposes candidates; each candidate is then read
//! precisely: does it speak of the rule's act (verb concept plus objects,
//! from the clause or its heading), with which polarity and force, with
//! which exceptions, and which of the rule's elements it establishes. A
//! document's verdict is `conflict` if any clause directs or permits what the
//! rule forbids, else the best protective clause decides.

pub mod diff;
mod judge;
pub mod polarity;
pub mod standing;

pub use judge::{Around, judge_clause};

use crate::index::ClauseIndex;
use crate::model::{Clause, Evidence, EvidenceRole, Finding, Segmented, Span, Verdict};
use crate::rules::{ConceptSet, Haystack, Presence, Rule, RuleSet, Tailoring};
use polarity::Force;
use rayon::prelude::*;
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// How many index candidates each rule reads closely.
const CANDIDATES_PER_RULE: usize = 400;

/// How many candidates one parallel task judges at least; judging one takes
/// a few microseconds, so smaller tasks would cost more to hand out.
const JUDGED_PER_TASK: usize = 16;

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
    /// Whether the clause operates at all; one that does not gets grade
    /// `Missing` and decides nothing.
    pub standing: standing::Standing,
}

/// Everything the assessment looked at for one rule, for `explain`.
#[derive(Debug, Clone, Default)]
pub struct RuleTrace {
    /// Clauses that name one of the rule's acts or contrary patterns (by
    /// the lexicon's quick presence test), so that they may bear on it.
    pub eligible: usize,
    /// How many of them were read closely: all, or the
    /// [`CANDIDATES_PER_RULE`] the clause index ranks highest.
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
    let (readable, presence) = readable_clauses(set, seg);
    let forbidden = forbidden_definitions(seg);
    let eligible: Vec<usize> = readable
        .iter()
        .map(|r| r.iter().filter(|&&b| b).count())
        .collect();
    // Only rules with more eligible clauses than can be read closely need
    // the index to rank them; only their clauses are indexed, and each
    // crowded rule searches only among its own. The crowded rules are split
    // into two groups with an index each (see [`split_crowded`]), and the
    // rules that need no index make a third group. The groups go side by
    // side, each judging as soon as its index is ready, so no core waits
    // for the longest step.
    let crowded: Vec<usize> = (0..set.rules.len())
        .filter(|&r| eligible[r] > CANDIDATES_PER_RULE)
        .collect();
    let [first, second] = split_crowded(&crowded, &readable, seg.clauses.len());
    let uncrowded: Vec<usize> = (0..set.rules.len())
        .filter(|r| !crowded.contains(r))
        .collect();
    let groups = [(first, true), (second, true), (uncrowded, false)];
    let mut done: Vec<(usize, (Finding, RuleTrace))> = groups
        .par_iter()
        .flat_map_iter(|(rules, indexed)| {
            let index = (*indexed && !rules.is_empty()).then(|| {
                ClauseIndex::build_grouped(seg.clauses.iter().filter_map(|c| {
                    let groups: Vec<usize> = rules
                        .iter()
                        .copied()
                        .filter(|&r| readable[r][c.id.0])
                        .collect();
                    (!groups.is_empty()).then(|| (c, seg.heading(c), groups))
                }))
            });
            rules
                .par_iter()
                .map(|&r| {
                    let candidates = match &index {
                        Some(Ok(ix)) => ix.search_group(
                            r,
                            &query_terms(set, &set.rules[r]),
                            CANDIDATES_PER_RULE,
                        ),
                        // Few enough to read them all; and an index failure
                        // must not lose findings, so then all are read too.
                        _ => (0..seg.clauses.len())
                            .filter(|&ci| readable[r][ci])
                            .collect(),
                    };
                    let trace = judge_rule(
                        set,
                        r,
                        seg,
                        (&presence, &forbidden),
                        candidates,
                        eligible[r],
                    );
                    (
                        r,
                        (decide(set, &set.rules[r], seg, &trace, tailoring), trace),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    done.sort_unstable_by_key(|(r, _)| *r);
    done.into_iter().map(|(_, x)| x).collect()
}

/// Judges a rule's candidate clauses, in document order, and applies the
/// exceptions found elsewhere in the document.
fn judge_rule(
    set: &RuleSet,
    r: usize,
    seg: &Segmented,
    (presence, forbidden): (&Presence, &HashMap<usize, String>),
    mut candidates: Vec<usize>,
    eligible: usize,
) -> RuleTrace {
    let rule = &set.rules[r];
    candidates.sort_unstable();
    // Candidates are judged in parallel too: one crowded rule can hold most
    // of the work, and it should not keep one core busy while another
    // waits.
    let judgements = candidates
        .par_iter()
        .with_min_len(JUDGED_PER_TASK)
        .filter_map(|&ci| {
            let c = &seg.clauses[ci];
            let around = Around {
                previous: ci
                    .checked_sub(1)
                    .map(|p| &seg.clauses[p])
                    .filter(|p| p.section == c.section),
                lead_in: forbidden
                    .get(&ci)
                    .map(String::as_str)
                    .or(c.lead_in.as_deref()),
                heading: seg.heading(c),
            };
            judge_clause(set, rule, c, around, Some(presence.flags(ci)))
        })
        .collect();
    let mut trace = RuleTrace {
        eligible,
        candidates: candidates.len(),
        judgements,
    };
    apply_distant_exceptions(set, rule, seg, &mut trace);
    trace
}

/// Items of a definition whose term the document forbids, with the lead-in
/// they are read after instead. State laws forbid "sanctuary policies" and
/// define one as any rule that "(A) limits or prohibits an official from
/// verifying immigration status": each item is then forbidden, a double
/// negation that permits the act. Without this, the items read as a
/// definition and decide nothing.
fn forbidden_definitions(seg: &Segmented) -> HashMap<usize, String> {
    static TERM: OnceLock<Regex> = OnceLock::new();
    static BAN: OnceLock<Regex> = OnceLock::new();
    let term_re = crate::pattern::cached(
        &TERM,
        r#"^\W{0,3}["“]?([A-Za-z][\w \-/'’]{2,60}?)["”]?\s*:?\s*(?:means|shall\s+mean|includes)\b[^:]*:\s*$"#,
    );
    let ban = crate::pattern::cached(
        &BAN,
        r"(?i)\b(?:no|not|never|prohibited|forbidden)\b[^.;]{0,80}?\b(?:adopt|enact|implement|enforce|have|maintain|endorse|establish|pass)\w*\b",
    );
    let mut out = HashMap::new();
    let mut checked: HashMap<&str, Option<String>> = HashMap::new();
    for (i, c) in seg.clauses.iter().enumerate() {
        let Some(lead) = c.lead_in.as_deref() else {
            continue;
        };
        let synthetic = checked.entry(lead).or_insert_with(|| {
            let term = term_re.captures(lead)?.get(1)?.as_str().trim().to_string();
            let lower = term.to_ascii_lowercase();
            let banned = seg.clauses.iter().any(|o| {
                o.text.to_ascii_lowercase().contains(&lower)
                    && ban.is_match(&o.text)
                    && !polarity::is_definition(&o.text)
            });
            banned.then(|| {
                format!("No one shall adopt or enforce a {lower}, that is, any rule that:")
            })
        });
        if let Some(s) = synthetic {
            out.insert(i, s.clone());
        }
    }
    out
}

/// Splits the crowded rules into two groups, each to get an index of the
/// clauses its rules may read, so that the two can be built at once. Rules
/// that share most of their clauses go together: the split is the one whose
/// larger index is smallest (ties to the first found, so the same document
/// always gets the same indexes and the same ranking). A rule's ranking
/// depends only on the clauses of its own group's index.
fn split_crowded(crowded: &[usize], readable: &[Vec<bool>], n: usize) -> [Vec<usize>; 2] {
    // Up to 16 crowded rules are split by trying every split; beyond that
    // (no built-in set comes near) they are dealt out in turn.
    if crowded.len() > 16 {
        let (a, b): (Vec<_>, Vec<_>) = crowded.iter().enumerate().partition(|(k, _)| k % 2 == 0);
        return [
            a.into_iter().map(|x| *x.1).collect(),
            b.into_iter().map(|x| *x.1).collect(),
        ];
    }
    // How many clauses each set of crowded rules (as a bit mask) shares.
    let mut count: HashMap<u32, usize> = HashMap::new();
    let masks = (0..n).map(|i| {
        crowded
            .iter()
            .enumerate()
            .filter(|(_, r)| readable[**r][i])
            .fold(0u32, |m, (k, _)| m | 1 << k)
    });
    for mask in masks.filter(|&m| m != 0) {
        *count.entry(mask).or_default() += 1;
    }
    let size = |group: u32| -> usize {
        count
            .iter()
            .filter(|(m, _)| *m & group != 0)
            .map(|(_, c)| c)
            .sum()
    };
    let all = (1u32 << crowded.len()) - 1;
    // The first rule always goes in the first group, so each split is
    // tried once.
    let best = (0..=all)
        .filter(|g| g & 1 == 1)
        .min_by_key(|&g| (size(g).max(size(all & !g)), g))
        .unwrap_or(0);
    let pick = |want: bool| {
        crowded
            .iter()
            .enumerate()
            .filter(|(k, _)| (best >> k & 1 == 1) == want)
            .map(|(_, r)| *r)
            .collect()
    };
    [pick(true), pick(false)]
}

/// For each rule, which clauses it is worth reading closely: those where
/// the judging could find something. That needs one of the rule's acts in
/// the clause's own words (with its list lead-in), each of the act's
/// objects there too or, where the act allows it, in the heading or the
/// sentence before; or every part of a contrary pattern. One quick pass
/// over the document tells where each concept may occur, so most of a long
/// manual is ruled out before anything is indexed or judged. That pass's
/// findings come back too: clause `i`'s are text `i` of it.
fn readable_clauses<'a>(set: &RuleSet, seg: &'a Segmented) -> (Vec<Vec<bool>>, Presence) {
    let n = seg.clauses.len();
    // Lead-ins and headings follow the clauses in the haystack. Clauses in
    // a row share them, so each new one is added once per run.
    let mut extra: Vec<&'a str> = Vec::new();
    let mut at = |s: Option<&'a str>, last: &mut Option<(usize, usize)>| -> Option<usize> {
        let s = s?;
        match *last {
            Some((ptr, i)) if ptr == s.as_ptr() as usize || extra[i - n] == s => Some(i),
            _ => {
                extra.push(s);
                let i = n + extra.len() - 1;
                *last = Some((s.as_ptr() as usize, i));
                Some(i)
            }
        }
    };
    let (mut last_lead, mut last_heading) = (None, None);
    let mut lead = Vec::with_capacity(n);
    let mut heading = Vec::with_capacity(n);
    for c in &seg.clauses {
        lead.push(at(c.lead_in.as_deref(), &mut last_lead));
        heading.push(at(seg.heading(c), &mut last_heading));
    }
    let hay = Haystack::new(
        seg.clauses
            .iter()
            .map(|c| c.text.as_str())
            .chain(extra.iter().copied()),
    );
    let p = set.lexicon.presence(&hay);
    let lex = &set.lexicon;
    // For each clause, what may be named in its own words (with its
    // lead-in) and in its context (heading, sentence before), as flag words.
    let words = lex.len().div_ceil(64);
    let mut own = vec![0u64; n * words];
    let mut context = vec![0u64; n * words];
    for i in 0..n {
        let (o, c) = (
            &mut own[i * words..][..words],
            &mut context[i * words..][..words],
        );
        let add = |to: &mut [u64], text: Option<usize>| {
            if let Some(t) = text {
                to.iter_mut().zip(p.flags(t)).for_each(|(a, b)| *a |= b);
            }
        };
        add(o, Some(i));
        add(o, lead[i]);
        add(c, heading[i]);
        add(c, i.checked_sub(1));
    }
    let in_text = |g: &ConceptSet, i: usize| g.meets(&own[i * words..][..words]);
    let in_context = |g: &ConceptSet, i: usize| g.meets(&context[i * words..][..words]);
    let readable = set
        .rules
        .par_iter()
        .map(|rule| {
            let acts: Vec<(ConceptSet, Vec<ConceptSet>, bool)> = rule
                .acts
                .iter()
                .map(|a| {
                    (
                        ConceptSet::new(lex, &a.verb),
                        a.with.iter().map(|g| ConceptSet::new(lex, g)).collect(),
                        a.heading_context,
                    )
                })
                .collect();
            let contrary: Vec<Vec<ConceptSet>> = rule
                .contrary
                .iter()
                .map(|c| c.all.iter().map(|g| ConceptSet::new(lex, g)).collect())
                .collect();
            (0..n)
                .map(|i| {
                    let act = acts.iter().any(|(verb, with, heading_context)| {
                        in_text(verb, i)
                            && with
                                .iter()
                                .all(|g| in_text(g, i) || *heading_context && in_context(g, i))
                    });
                    act || contrary.iter().any(|all| all.iter().all(|g| in_text(g, i)))
                })
                .collect()
        })
        .collect();
    (readable, p)
}

/// The verdict one sentence gets for one rule when it is the whole
/// document: how rule examples and the clause bank are judged.
pub fn judge_sentence(set: &RuleSet, rule: &Rule, text: &str) -> Verdict {
    // White space as a document's clauses have it (the patterns expect
    // plain spaces).
    let seg = Segmented {
        sections: Vec::new(),
        clauses: vec![lone_clause(crate::segment::collapse(text))],
    };
    assess(&seg, set, &Tailoring::default())
        .into_iter()
        .find(|f| f.rule == rule.id)
        .map_or(Verdict::Missing, |f| f.verdict)
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

/// A sentence as the only clause of a document: number 0, on page 1, in
/// no section.
fn lone_clause(text: String) -> Clause {
    Clause {
        id: crate::model::ClauseId(0),
        span: Span {
            page: 1,
            start: 0,
            end: text.len(),
        },
        text: text.into(),
        section: None,
        lead_in: None,
    }
}

/// Orders grades for choosing a clause's strongest reading.
pub(crate) fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Missing => 0,
        Verdict::Partial => 1,
        Verdict::Met => 2,
        Verdict::Conflict => 3,
    }
}

fn widening_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(
        &R,
        r"(?i)\b(?:(?:section|subsection|paragraph)\s+[\w.()\-]+\s+(?:does|do|shall|will)\s+not\s+apply|(?:this|the\s+foregoing|these|such|the\s+above)\s+(?:section|policy|prohibition|restriction|rule|provision|subsection|paragraph|limitation)s?\s+(?:does|do|shall|will)\s+not\s+apply|notwithstanding\s+(?:the\s+foregoing|the\s+above|subsection|section|paragraph)|(?:does|do|shall)\s+not\s+apply\s+(?:to|when|where|if))",
    )
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
        for k in j.clause + 1..(j.clause + 5).min(seg.clauses.len()) {
            let other = &seg.clauses[k];
            if !widening_re().is_match(&other.text) {
                continue;
            }
            let t = &other.text;
            let has = |c: usize| lex.matches(c, t);
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
                    standing: standing::Standing::Operative,
                });
            } else if j.grade == Verdict::Met && !rule.allowed_exceptions.iter().any(|&c| has(c)) {
                j.grade = Verdict::Partial;
                j.reasons.push(format!(
                    "a nearby sentence takes people out of the protection: \"{}\"",
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
    let combined = if rule.combine_in_section {
        combine_in_sections(rule, seg, &trace.judgements)
    } else {
        Vec::new()
    };
    let js: Vec<ClauseJudgement> = trace.judgements.iter().cloned().chain(combined).collect();
    let js = &js;
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
        evidence_for(seg, c, role, &j.matched)
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
                location(seg, &seg.clauses[protective[0].clause])
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

/// Protective clauses of one section that together establish every
/// element (one sentence on jackets, the next on telling the person) count
/// as one met clause, provided nothing else weakened them.
fn combine_in_sections(
    rule: &Rule,
    seg: &Segmented,
    js: &[ClauseJudgement],
) -> Vec<ClauseJudgement> {
    let only_missing = |j: &ClauseJudgement| {
        j.grade == Verdict::Met
            || j.grade == Verdict::Partial
                && j.reasons.len() == 2
                && j.reasons[1].starts_with("does not establish")
    };
    let mut out = Vec::new();
    let mut sections: Vec<Option<usize>> = js
        .iter()
        .filter(|j| only_missing(j))
        .map(|j| seg.clauses[j.clause].section)
        .collect();
    sections.sort_unstable();
    sections.dedup();
    for sec in sections {
        let group: Vec<&ClauseJudgement> = js
            .iter()
            .filter(|j| only_missing(j) && seg.clauses[j.clause].section == sec)
            .collect();
        if group.len() < 2 {
            continue;
        }
        let found: std::collections::BTreeSet<&String> =
            group.iter().flat_map(|j| j.elements_found.iter()).collect();
        if rule.elements.iter().all(|e| found.contains(&e.name)) {
            let mut j = group[0].clone();
            j.grade = Verdict::Met;
            j.elements_found = rule.elements.iter().map(|e| e.name.clone()).collect();
            j.elements_missing.clear();
            j.reasons = vec![format!(
                "together with the next clause(s) of the same section, establishes every element ({})",
                j.elements_found.join("; ")
            )];
            out.push(j);
        }
    }
    out
}

fn location(seg: &Segmented, c: &Clause) -> String {
    match seg.citation(c) {
        Some(s) => format!("§ {s}, page {}", c.span.page),
        None => format!("page {}", c.span.page),
    }
}

fn cite(seg: &Segmented, j: &ClauseJudgement) -> String {
    format!(
        "{}: {}",
        location(seg, &seg.clauses[j.clause]),
        j.reasons.join("; ")
    )
}

fn evidence_for(
    seg: &Segmented,
    c: &Clause,
    role: EvidenceRole,
    matched: &[(usize, usize)],
) -> Evidence {
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
        section: seg.citation(c).map(str::to_string),
        heading: seg.heading(c).map(str::to_string),
        text: c.text.to_string(),
        span: Span { ..c.span },
        role,
        matched: merged,
    }
}

#[cfg(test)]
mod tests {
    use super::{Around, judge_clause, lone_clause, split_crowded};
    use crate::rules::Haystack;

    /// Which of `n` clauses each rule may read: one run of clauses each.
    fn readable(n: usize, rules: &[std::ops::Range<usize>]) -> Vec<Vec<bool>> {
        rules
            .iter()
            .map(|run| (0..n).map(|i| run.contains(&i)).collect())
            .collect()
    }

    #[test]
    fn rules_that_share_clauses_share_an_index() {
        // Rules 0 and 1 read the same 300 clauses; rules 2 and 3 read 200
        // others each. Keeping 0 and 1 together makes indexes of 300 and
        // 400 clauses; any other split has one of 500 or more.
        let r = readable(1000, &[0..300, 0..300, 300..500, 500..700]);
        let [a, b] = split_crowded(&[0, 1, 2, 3], &r, 1000);
        assert_eq!(a, vec![0, 1]);
        assert_eq!(b, vec![2, 3]);
    }

    #[test]
    fn one_crowded_rule_gets_the_first_index_alone() {
        let r = readable(10, &[0..10, 0..0]);
        let none: Vec<usize> = Vec::new();
        assert_eq!(split_crowded(&[0], &r, 10), [vec![0], none.clone()]);
        assert_eq!(split_crowded(&[], &r, 10), [none.clone(), none]);
    }

    #[test]
    fn many_crowded_rules_are_dealt_out() {
        let r = readable(5, &vec![0..5; 20]);
        let all: Vec<usize> = (0..20).collect();
        let [a, b] = split_crowded(&all, &r, 5);
        assert_eq!(a.len(), 10);
        assert_eq!(b.len(), 10);
        assert!(a.iter().all(|x| !b.contains(x)));
    }

    #[test]
    fn presence_flags_change_no_judgement() {
        // Judging with the presence scan's flags skips concepts they rule
        // out; every rule example must be judged as without them.
        let mut judged = 0;
        let mut ruled_out = 0;
        for name in [
            "aclu-nine",
            "ct-trust-act",
            "model-ordinance",
            "trust-policy",
        ] {
            let set = crate::rules::load(name).expect("built-in set");
            let texts: Vec<String> = set
                .rules
                .iter()
                .flat_map(|r| r.examples.iter().map(|e| crate::segment::collapse(&e.text)))
                .collect();
            let p = set
                .lexicon
                .presence(&Haystack::new(texts.iter().map(String::as_str)));
            for (i, text) in texts.iter().enumerate() {
                let clause = lone_clause(text.clone());
                ruled_out += (0..set.lexicon.len())
                    .filter(|&c| !p.may_match(c, i))
                    .count();
                for rule in &set.rules {
                    let plain = judge_clause(&set, rule, &clause, Around::default(), None);
                    let gated =
                        judge_clause(&set, rule, &clause, Around::default(), Some(p.flags(i)));
                    judged += usize::from(plain.is_some());
                    assert_eq!(plain, gated, "{} on {text:?}", rule.id);
                }
            }
        }
        assert!(
            judged > 50 && ruled_out > 1000,
            "{judged} judged, {ruled_out} ruled out"
        );
    }
}

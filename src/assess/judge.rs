//! Reading one clause closely for one rule: which act it speaks of, with
//! which polarity and force, under which exceptions, and which of the
//! rule's elements it establishes.

use super::polarity::{self, Force, Scope, polarity_span_in, scopes};
use super::standing::{self, Standing};
use super::{ClauseJudgement, rank};
use crate::model::{Clause, Verdict};
use crate::rules::lexicon::flagged;
use crate::rules::{Act, Ceiling, Lexicon, PatternPolarity, Rule, RuleKind, RuleSet};
use regex::Regex;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::OnceLock;

fn anaphora_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(
        &R,
        r"(?i)\b(?:such|these|those|said)\b|\b(?:the|this|that|any)\s+(?:request|detainer|hold|agency|agencies|agent|agents|form|document|notification|inquiry)s?\b",
    )
}

/// Words that make the act conditional on something ("only when a judge
/// has signed a warrant", "require the inmate's written consent").
fn frame_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(
        &R,
        r"(?i)\b(?:requires?|required|requiring|before|prior\s+to|until|conditioned\s+on|subject\s+to|without\s+first|only\s+(?:if|when|after|upon|with|where)|(?:may|shall|can|will)\s+only\s+\w+\b[^.;]*?\b(?:if|when|where|upon)\b)",
    )
}

/// Words that set a trait aside ("without regard to immigration status").
fn neutrality_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(
        &R,
        r"(?i)\b(?:without\s+(?:regard|reference)\s+to|without\s+(?:any\s+)?consideration\s+of|regardless\s+of|irrespective\s+of|whatever|equally|equal\s+(?:service|treatment|protection|enforcement))\b",
    )
}

/// A lead-in whose conditions are its list items ("An inmate may be
/// transferred to ICE custody only if:"): alone it would read as a bare
/// permission. Each item is judged together with it instead.
fn opens_conditions(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(
        &R,
        r"(?i)\b(?:only\s+(?:if|when|after|upon|where)|unless|provided\s+that|if|when|where|following\s+(?:conditions|circumstances))\s*:\s*$",
    )
    .is_match(text)
}

/// Words that open a precondition: what follows may happen only after
/// what comes before.
fn precondition_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(&R, r"(?i)\b(?:before|prior\s+to|until)\b")
}

/// "state that", "explain to the inmate that": reported content follows.
fn reported_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(
        &R,
        r"(?i)\b(?:state|states|stating|explain|explains|explaining|inform|informs|tell|tells|told|advise|advises|notify|notifies|say|says|indicate|indicates|read|reads|certify|certifies)\b(?:[\s,]+\w+){0,6}?[\s,]+that\b",
    )
}

/// "The resolution states that no resources shall be used ...": a text's
/// own words reported in the present tense, with no modal before the verb,
/// are the policy, not something an officer must tell someone.
fn reports_a_text(before: &str, reported: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let text_says = crate::pattern::cached(
        &R,
        r"(?i)^(?:states|stated|says|said|reads|indicates|certifies)\b",
    );
    text_says.is_match(reported) && first_modal(before).is_none()
}

/// Where the first modal verb starts: the words before it are the subject.
fn first_modal(text: &str) -> Option<usize> {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(
        &R,
        r"(?i)\b(?:shall|will|must|may|should|can|cannot|is\s+required|are\s+required)\b",
    )
    .find(text)
    .map(|m| m.start())
}

/// Whether the modal before `pos` governs the word there: no subordinate
/// clause ("when", "if", "because") stands between them. In "deputies
/// are to follow these steps when a person they have detained ..." the
/// detention is not what the sentence directs.
fn governed(text: &str, pos: usize) -> bool {
    static SUB: OnceLock<Regex> = OnceLock::new();
    let sub = crate::pattern::cached(
        &SUB,
        r"(?i)\b(?:when|whenever|if|where|because|after|before|until|while|unless|whether)\b",
    );
    let before = &text[..pos.min(text.len())];
    let Some(m) = clause_modal_re_last(before) else {
        return true;
    };
    // "shall make a reasonable attempt, when practicable, to determine"
    // still directs the determination.
    static ASIDE: OnceLock<Regex> = OnceLock::new();
    let aside = crate::pattern::cached(
        &ASIDE,
        r"(?i)\b(?:when|whenever|if|where)\s+(?:practicable|practical|possible|feasible|necessary|appropriate|available|applicable|required|needed)\b",
    );
    !sub.is_match(&aside.replace_all(&before[m..], ""))
}

/// Where the last modal before the end of `text` ends.
fn clause_modal_re_last(text: &str) -> Option<usize> {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(&R, r"(?i)\b(?:shall|will|must|may|should|can|cannot|is\s+to|are\s+to|is\s+required\s+to|are\s+required\s+to|is\s+authori[sz]ed\s+to|are\s+authori[sz]ed\s+to|is\s+permitted\s+to|are\s+permitted\s+to)\b")
    .find_iter(text)
    .last()
    .map(|m| m.end())
}

fn has_modal(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(&R, r"(?i)\b(?:shall|will|must|may|should|can|cannot|is\s+required|are\s+required|prohibited)\b")
    .is_match(text)
}

/// Where each concept matches in one text, each looked up at most once:
/// judging asks the same concepts of a sentence several times over.
struct Found<'a> {
    lex: &'a Lexicon,
    text: &'a str,
    /// The concepts that may match in the text, when known (from the
    /// lexicon's presence scan): the others are not looked for.
    may: Option<&'a [u64]>,
    spans: Vec<OnceCell<Vec<(usize, usize)>>>,
}

impl<'a> Found<'a> {
    fn new(lex: &'a Lexicon, text: &'a str, may: Option<&'a [u64]>) -> Found<'a> {
        Found {
            lex,
            text,
            may,
            spans: (0..lex.len()).map(|_| OnceCell::new()).collect(),
        }
    }

    /// Where concept `c` matches, as [`Lexicon::find`] says.
    fn find(&self, c: usize) -> &[(usize, usize)] {
        if self.may.is_some_and(|f| !flagged(f, c)) {
            return &[];
        }
        self.spans[c].get_or_init(|| self.lex.find(c, self.text))
    }

    /// Whether concept `c` matches, as [`Lexicon::matches`] says.
    fn has(&self, c: usize) -> bool {
        !self.find(c).is_empty()
    }

    /// Whether concept `c` matches in `t`: from what was found when `t` is
    /// this text.
    fn has_in(&self, c: usize, t: &str) -> bool {
        if std::ptr::eq(t, self.text) {
            self.has(c)
        } else {
            self.lex.matches(c, t)
        }
    }
}

/// What lies around a clause that its reading may need.
#[derive(Debug, Clone, Copy, Default)]
pub struct Around<'a> {
    /// The clause before it in the same section (for "such requests").
    pub previous: Option<&'a Clause>,
    /// The sentence ending in a colon that introduces it ("The sheriff
    /// shall: (1) honor every detainer").
    pub lead_in: Option<&'a str>,
    /// The nearest heading over it ("IMMIGRATION DETAINERS").
    pub heading: Option<&'a str>,
}

/// Judges one clause against one rule: `None` when it does not bear on it.
/// `may_name`, when given, is the presence flags of the clause's text (see
/// [`crate::rules::Presence::flags`]): concepts they rule out are not
/// looked for.
pub fn judge_clause(
    set: &RuleSet,
    rule: &Rule,
    clause: &Clause,
    around: Around<'_>,
    may_name: Option<&[u64]>,
) -> Option<ClauseJudgement> {
    let lead_in = around.lead_in;
    // The quick test of `judge_text`, on the clause and its lead-in taken
    // together, before anything costlier is asked of the sentence.
    let lex = &set.lexicon;
    let own = Found::new(lex, &clause.text, may_name);
    let has = |c: usize| own.has(c) || lead_in.is_some_and(|l| lex.matches(c, l));
    let names_an_act = rule.acts.iter().any(|a| a.verb.iter().any(|&c| has(c)));
    if !names_an_act
        && !rule
            .contrary
            .iter()
            .any(|p| p.all.iter().all(|g| g.iter().any(|&c| has(c))))
    {
        return None;
    }
    if opens_conditions(&clause.text) {
        return None;
    }
    let standing = standing::standing(&clause.text, lead_in, around.heading);
    if !standing.decides() {
        return Some(set_aside(clause, standing));
    }
    // A list item with no verb of its own is read after its lead-in. A
    // run-in label ("No Facilitation Rule: officials shall not ...") is no
    // part of the sentence; a report's "would" is the force of what it
    // reports ("The bill would prohibit ...").
    let own_text = read_as_sentence(&clause.text, standing, set.recommends);
    let (text, offset): (Cow<str>, usize) = match lead_in {
        Some(l) if !has_modal(&own_text) => (Cow::Owned(format!("{l} {own_text}")), l.len() + 1),
        _ => (own_text, 0),
    };
    let mut j = match &text {
        // The clause alone: what the quick test found is kept.
        Cow::Borrowed(_) => judge_text(set, rule, &own, clause, around, standing)?,
        Cow::Owned(t) => judge_text(
            set,
            rule,
            &Found::new(lex, t, None),
            clause,
            around,
            standing,
        )?,
    };
    j.standing = standing;
    j.matched = j
        .matched
        .iter()
        .filter(|&&(s, _)| s >= offset)
        .map(|&(s, e)| (s - offset, e - offset))
        .collect();
    if offset > 0 {
        j.reasons
            .push("read together with its lead-in sentence".into());
    }
    Some(j)
}

/// A judgement with no elements yet.
fn judgement(
    clause: &Clause,
    grade: Verdict,
    act: &str,
    pol: &polarity::Polarity,
    reasons: Vec<String>,
    matched: Vec<(usize, usize)>,
) -> ClauseJudgement {
    ClauseJudgement {
        clause: clause.id.0,
        grade,
        act: act.to_string(),
        negated: pol.negated,
        force: pol.force.word().to_string(),
        elements_found: Vec::new(),
        elements_missing: Vec::new(),
        reasons,
        matched,
        standing: Standing::Operative,
    }
}

/// A clause that names the rule's act but decides nothing, kept so that
/// `explain` can say why it was set aside.
fn set_aside(clause: &Clause, standing: Standing) -> ClauseJudgement {
    ClauseJudgement {
        clause: clause.id.0,
        grade: Verdict::Missing,
        act: String::new(),
        negated: false,
        force: String::new(),
        elements_found: Vec::new(),
        elements_missing: Vec::new(),
        reasons: vec![standing.why_nothing().to_string()],
        matched: Vec::new(),
        standing,
    }
}

/// A run-in label before a colon: a few capitalised words with no verb
/// ("#2) No Facilitation Rule:", "Detainers:"), followed by a sentence
/// with a modal of its own.
fn run_in_label(text: &str) -> Option<usize> {
    static R: OnceLock<Regex> = OnceLock::new();
    let label = crate::pattern::cached(
        &R,
        r"^[\W\d]{0,8}(?:[A-Z][\w’'/\-]*|of|and|the|to|for|in|on|a|an|or|\([\w.]{1,4}\)|#?\d+[.)]?)(?:[\s*_]+(?:[A-Z][\w’'/\-]*|of|and|the|to|for|in|on|a|an|or|\([\w.]{1,4}\)|#?\d+[.)]?)){0,7}[\s*_]*:[\s*_]*",
    );
    let m = label.find(text)?;
    (m.end() < text.len() && has_modal(&text[m.end()..]) && !has_modal(&text[..m.end()]))
        .then_some(m.end())
}

/// The quoted names of other texts ("a resolution titled, “Opposing Federal
/// Legislation Calling for Police to Enforce Immigration Laws”"): a title
/// names a document; its words are no act of this one.
fn quoted_titles(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(
        &R,
        r#"(?i)\b(?:titled|entitled|named|called|known\s+as)\s*,?\s*[“"]([^”"]{3,300})[”"]"#,
    )
    .captures_iter(text)
    .filter_map(|c| c.get(1))
    .map(|m| (m.start(), m.end()))
}

/// The clause's words as its polarity and force are read: a run-in label
/// and quoted titles blanked out, a report's "would" read as "shall", and, for a rule set
/// whose model recommends, "should" as "shall" (same lengths, so offsets
/// still line up).
fn read_as_sentence(text: &str, standing: Standing, recommends: bool) -> Cow<'_, str> {
    static WOULD: OnceLock<Regex> = OnceLock::new();
    static SHOULD: OnceLock<Regex> = OnceLock::new();
    let would = crate::pattern::cached(&WOULD, r"(?i)\bwould\b");
    let should = crate::pattern::cached(&SHOULD, r"(?i)\bshould\b");
    let mut names: Vec<(usize, usize)> = quoted_titles(text).collect();
    if let Some(end) = run_in_label(text) {
        names.push((0, end));
    }
    let reported = standing == Standing::Reported && would.is_match(text);
    let recommended = recommends && should.is_match(text);
    if names.is_empty() && !reported && !recommended {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for (start, end) in names {
        let blank: String = text[start..end]
            .chars()
            .map(|c| if c.is_ascii() { ' ' } else { c })
            .collect();
        out.replace_range(start..end, &blank);
    }
    if reported {
        out = would.replace_all(&out, "shall").into_owned();
    }
    if recommended {
        out = should.replace_all(&out, "shall ").into_owned();
    }
    Cow::Owned(out)
}

fn judge_text(
    set: &RuleSet,
    rule: &Rule,
    found: &Found<'_>,
    clause: &Clause,
    around: Around<'_>,
    standing: Standing,
) -> Option<ClauseJudgement> {
    let text = found.text;
    let has = |c: usize, t: &str| found.has_in(c, t);
    // Most candidates name none of the rule's acts and match none of its
    // contrary patterns: say so before the sentence is parsed.
    let names_an_act = rule
        .acts
        .iter()
        .any(|a| a.verb.iter().any(|&c| has(c, text)));
    let all_of = |groups: &[Vec<usize>]| groups.iter().all(|g| g.iter().any(|&c| has(c, text)));
    if !names_an_act && !rule.contrary.iter().any(|p| all_of(&p.all)) {
        return None;
    }
    let mut context = around.heading.unwrap_or_default().to_string();
    if let Some(p) = around.previous
        && anaphora_re().is_match(text)
    {
        context.push_str(" \n ");
        context.push_str(&p.text);
    }
    let sc = scopes(text);
    let main = sc.main_only(text);

    // Contrary patterns conflict by themselves, unless the clause confines
    // them to an exception the model allows ("race may be considered when
    // it is part of a specific suspect description").
    let confined = rule.allowed_exceptions.iter().any(|&c| has(c, text));
    for pat in &rule.contrary {
        if !standing.can_conflict() {
            break;
        }
        if confined && pat.polarity != PatternPolarity::Any {
            continue;
        }
        if !pat.all.iter().all(|g| g.iter().any(|&c| has(c, text))) {
            continue;
        }
        let first = pat.all[0]
            .iter()
            .flat_map(|&c| found.find(c).iter().copied())
            .filter(|&(s, _)| sc.scope_at(s) == Scope::Main)
            .min();
        let Some((pos, end)) = first else { continue };
        if !polarity::directs_here(text, pos) {
            continue;
        }
        let pol = polarity_span_in(text, &sc, pos, end);
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
                .flat_map(|&c| found.find(c).iter().copied())
                .collect();
            let reasons = vec![format!("matches a contrary pattern: {}", pat.name)];
            return Some(judgement(
                clause,
                Verdict::Conflict,
                &pat.name,
                &pol,
                reasons,
                matched,
            ));
        }
    }

    let carved = polarity::carved_out(text);
    // Whether the act is done on what the model allows: the same for every
    // act and verb of the clause, so asked at most once.
    let on_allowed_basis = OnceCell::new();
    let mut best: Option<ClauseJudgement> = None;
    for act in &rule.acts {
        if act.not_with.iter().any(|&c| has(c, text)) {
            continue;
        }
        // Every object group must be present in the clause or its context.
        let mut objects: Vec<(usize, usize)> = Vec::new();
        let mut ok = true;
        for group in &act.with {
            let in_clause: Vec<(usize, usize)> = group
                .iter()
                .flat_map(|&c| found.find(c).iter().copied())
                .filter(|&(s, _)| !carved.iter().any(|&(a, b)| s >= a && s < b))
                .collect();
            if in_clause.is_empty()
                && !(act.heading_context && group.iter().any(|&c| has(c, &context)))
            {
                ok = false;
                break;
            }
            objects.extend(in_clause);
        }
        if !ok {
            continue;
        }
        // A verb inside an object phrase ("hold" in "hold request") is not
        // the act.
        let mut verbs: Vec<(usize, usize)> = act
            .verb
            .iter()
            .flat_map(|&c| found.find(c).iter().copied())
            .filter(|&(s, e)| {
                !objects
                    .iter()
                    .any(|&(os, oe)| os <= s && e <= oe && (os, oe) != (s, e))
            })
            .collect();
        verbs.sort_unstable();
        verbs.dedup();
        // Words reported inside "shall state that the interview is
        // voluntary" describe what someone is told; they are not the act.
        // Reported inside a leading condition or an exception ("When ICE
        // advises that it will respond, officers may detain"), they end
        // where that part ends.
        if rule.kind == RuleKind::Prohibition
            && let Some(r) = reported_re().find(text)
            && !reports_a_text(&text[..r.start()], r.as_str())
        {
            let reported_end = sc
                .part_at(r.start())
                .filter(|p| p.2 != Scope::Main)
                .map_or(text.len(), |p| p.1);
            verbs.retain(|&(s, _)| s < r.end() || s >= reported_end);
        }
        // A requirement can sit inside an exception ("unless the inmate
        // was first told that the interviewer is from ICE").
        let in_scope = |s: usize| {
            let at = sc.scope_at(s);
            at == Scope::Main || rule.kind == RuleKind::Requirement && at == Scope::Exception
        };
        let mut main_verbs: Vec<(usize, usize)> = verbs
            .iter()
            .copied()
            .filter(|&(s, _)| in_scope(s))
            .collect();
        // "Deputies must obtain a judicial warrant before holding anyone on
        // a detainer": the act sits in a precondition, and what the main
        // clause asks for first is an allowed exception. The act is ruled
        // out without it, with the force of that asking.
        let precondition = if rule.kind == RuleKind::Prohibition {
            precondition_re().find(text).and_then(|m| {
                // Only when the act is nowhere in the main clause itself
                // (a word of its subject, "Detention staff", does not count).
                let subject_end = first_modal(text).unwrap_or(0);
                if main_verbs
                    .iter()
                    .any(|&(s, _)| s >= subject_end && s < m.start())
                {
                    return None;
                }
                let inside: Vec<(usize, usize)> = verbs
                    .iter()
                    .copied()
                    .filter(|&(s, _)| s >= m.end())
                    .collect();
                let (ws, we) = rule
                    .allowed_exceptions
                    .iter()
                    .flat_map(|&c| found.find(c).iter().copied())
                    .filter(|&(_, e)| e <= m.start())
                    .min()?;
                let mut pol = polarity_span_in(text, &sc, ws, we);
                (!inside.is_empty() && !pol.negated).then(|| {
                    pol.negated = true;
                    (inside, pol)
                })
            })
        } else {
            None
        };
        if let Some((inside, _)) = &precondition {
            main_verbs = inside.clone();
        }
        if main_verbs.is_empty() {
            continue;
        }
        let mut matched = objects.clone();
        matched.extend(main_verbs.iter().copied());

        // A protective frame: the act is conditioned on an allowed or
        // narrowing exception, or the trait is explicitly set aside.
        let frame_tail = frame_re().find(text).map(|m| &text[m.start()..]);
        let framed_by =
            |list: &[usize]| frame_tail.is_some_and(|t| list.iter().any(|&c| has(c, t)));
        // A condition naming an allowed exception protects even when it
        // names ICE as well ("only if ICE presents a judicial warrant");
        // a narrowing one only when it does not ("only if ICE asks").
        let framed_ok = framed_by(&rule.allowed_exceptions)
            || framed_by(&rule.narrowing_exceptions) && !framed_by(&rule.contrary_exceptions);
        let neutral = rule.kind == RuleKind::Prohibition
            && neutrality_re().find_iter(text).any(|n| {
                objects
                    .iter()
                    .any(|&(os, _)| os >= n.end() && os - n.end() <= 60)
            });

        let mut protective: Option<polarity::Polarity> = None;
        let mut contrary: Option<polarity::Polarity> = None;
        for &(s, e) in &main_verbs {
            if act.local_only && polarity::given_to_federal_agents(text, s) {
                continue;
            }
            let mut pol = match &precondition {
                Some((_, p)) => p.clone(),
                None => polarity_span_in(text, &sc, s, e),
            };
            // An act named in the subject takes its polarity from the
            // predicate ("Traffic stops shall not be based on race").
            if pol.force == Force::Indicative
                && !pol.double_negative
                && let Some(p) = polarity::subject_act_polarity(text, &sc, s, e, pol.negated)
            {
                pol = p;
            }
            if rule.kind == RuleKind::Prohibition && !pol.negated && (neutral || framed_ok) {
                pol.negated = true;
                // "may disclose only if ...": a permission confined to its
                // conditions forbids everything else.
                if framed_ok && pol.force == Force::Permissive {
                    pol.force = Force::Mandatory;
                }
            }
            let protects = match rule.kind {
                RuleKind::Prohibition => pol.negated,
                RuleKind::Requirement => !pol.negated,
            };
            if act.ignore_polarity || protects {
                // A plain statement ("the jail does not honor detainers",
                // a report that the sheriff stopped honoring holds)
                // protects too; grading caps it at partial.
                if protective.is_none() {
                    protective = Some(pol);
                }
            } else if !act.protective_only
                && standing.can_conflict()
                && contrary.is_none()
                && !*on_allowed_basis.get_or_init(|| confined_to_allowed(rule, found))
                && governed(text, s)
                && !describes_not_acts(text, s, e)
                && polarity::directs_here(text, s)
                && pol.force != Force::Indicative
                && (pol.force != Force::Soft || rule.kind == RuleKind::Requirement)
            {
                contrary = Some(pol);
            }
        }
        let j = if let Some(pol) = contrary {
            let reasons = vec![format!(
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
            )];
            judgement(clause, Verdict::Conflict, &act.name, &pol, reasons, matched)
        } else if let Some(pol) = protective {
            let reading = Reading {
                found,
                main: &main,
                scopes: &sc,
                pol: &pol,
                heading: around.heading,
            };
            grade_protective(set, rule, act, &reading, clause, matched)
        } else {
            continue;
        };
        best = Some(match best {
            None => j,
            Some(b) if rank(j.grade) > rank(b.grade) => j,
            Some(b) => b,
        });
    }
    best
}

/// "may assist in the execution of a warrant issued by a federal judge":
/// the act is done on or under what the model allows, so it permits
/// nothing the rule forbids. The allowed basis must be what the act is
/// done on, not a word elsewhere in the sentence ("a driver who cannot
/// produce a license").
fn confined_to_allowed(rule: &Rule, found: &Found<'_>) -> bool {
    static BASIS: OnceLock<Regex> = OnceLock::new();
    let basis = crate::pattern::cached(
        &BASIS,
        r"(?i)\b(?:on|under|upon|pursuant\s+to|in\s+(?:the\s+)?execution\s+of|executing|serving|service\s+of|with|per|based\s+on|accompanied\s+by|supported\s+by)\s+(?:\S+\s+){0,3}$",
    );
    let text = found.text;
    rule.allowed_exceptions.iter().any(|&c| {
        found.find(c).iter().any(|&(s, _)| {
            let from = text[..s].char_indices().rev().nth(60).map_or(0, |(i, _)| i);
            basis.is_match(&text[from..s])
        })
    })
}

/// An exception that only defers to the law: "except as otherwise
/// expressly prohibited by federal law", "unless otherwise required by
/// law".
fn defers_to_law(exception: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    crate::pattern::cached(
        &R,
        r"(?i)^\W*(?:except|unless)\s+(?:as\s+|where\s+|when\s+|to\s+the\s+extent\s+)?(?:otherwise\s+)?(?:expressly\s+|specifically\s+)?(?:prohibited|required|permitted|provided|authorized|allowed)\s+(?:by|under)\s+(?:applicable\s+|federal\s+or\s+state\s+|state\s+or\s+federal\s+|federal\s+|state\s+)?law\W*$",
    )
    .is_match(exception.trim())
}

/// Whether the verb at `s..e` names no act but describes a person or a
/// thing: a participle after a person ("the number of individuals
/// detained on a hold") or a noun after a determiner and a participle
/// ("any granted hold"; "place a hold" stays an act).
fn describes_not_acts(text: &str, s: usize, e: usize) -> bool {
    static PERSON: OnceLock<Regex> = OnceLock::new();
    static DETERMINER: OnceLock<Regex> = OnceLock::new();
    let word = text[s..e].to_ascii_lowercase();
    let before = &text[..s];
    let person = crate::pattern::cached(
        &PERSON,
        r"(?i)\b(?:individuals?|persons?|people|inmates?|prisoners?|detainees?|arrestees?|aliens?|those|anyone)\s+$",
    );
    let determiner = crate::pattern::cached(
        &DETERMINER,
        r"(?i)\b(?:a|an|the|any|each|every|such|this|that|these|those|no)\s+\w+ed\s+$",
    );
    let participle = word.ends_with("ed") || word == "held";
    let noun = matches!(word.as_str(), "hold" | "holds");
    participle && person.is_match(before) || noun && determiner.is_match(before)
}

/// A clause as the grading reads it.
struct Reading<'a> {
    /// The text, and the concepts found in it.
    found: &'a Found<'a>,
    /// The text with exceptions and conditions blanked out.
    main: &'a str,
    scopes: &'a polarity::Scopes,
    pol: &'a polarity::Polarity,
    /// The nearest heading over the clause.
    heading: Option<&'a str>,
}

/// Grades a protective clause: force, exceptions, weakeners, duration caps
/// and the rule's elements.
fn grade_protective(
    set: &RuleSet,
    rule: &Rule,
    act: &Act,
    r: &Reading,
    clause: &Clause,
    mut matched: Vec<(usize, usize)>,
) -> ClauseJudgement {
    let lex = &set.lexicon;
    let has = |c: usize, t: &str| r.found.has_in(c, t);
    let (text, main, pol) = (r.found.text, r.main, r.pol);
    let mut reasons = vec![format!(
        "{} {} ({})",
        match rule.kind {
            RuleKind::Prohibition => "forbids",
            RuleKind::Requirement => "provides for",
        },
        act.name,
        pol.force.word()
    )];
    let mut grade = match act.ceiling {
        Ceiling::Met => Verdict::Met,
        Ceiling::Partial => {
            reasons.push(format!("{} is only a general statement", act.name));
            Verdict::Partial
        }
    };
    // A soft word the model itself uses ("should generally not honor")
    // is no weaker than the model.
    let model = OnceCell::new();
    let model = || model.get_or_init(|| rule.text.to_ascii_lowercase());
    let weaker = |w: &str| {
        let w = w.to_ascii_lowercase();
        !model().contains(w.split_whitespace().collect::<Vec<_>>().join(" ").as_str())
    };
    let soft_force =
        pol.force == Force::Soft && !(main.contains("should") && model().contains("should"));
    if soft_force || polarity::soft_qualifiers(main).any(weaker) {
        grade = Verdict::Partial;
        reasons.push("uses soft language (should, generally, encouraged)".into());
    } else if pol.force == Force::Indicative
        && rule.kind == RuleKind::Prohibition
        && !act.ignore_polarity
    {
        grade = Verdict::Partial;
        reasons.push("a plain statement with no directing word (shall, must, may not)".into());
    } else if pol.force == Force::Permissive
        && rule.kind == RuleKind::Prohibition
        && !pol.double_negative
    {
        grade = Verdict::Partial;
        reasons.push("leaves the matter to discretion (may)".into());
    }
    let mut contrary_exception = false;
    for (_, exc) in r.scopes.exceptions(text) {
        // "except as otherwise prohibited by federal law" defers to the
        // law; it carves no one out.
        if defers_to_law(exc) {
            continue;
        }
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
    if rule.kind == RuleKind::Prohibition
        && frame_re().is_match(text)
        && rule.narrowing_exceptions.iter().any(|&c| has(c, text))
        && !rule.allowed_exceptions.iter().any(|&c| has(c, text))
    {
        grade = Verdict::Partial;
        reasons.push(
            "conditions the act on consent or a category of people, not on what the model allows"
                .into(),
        );
    }
    // Whom the protection covers: the people the subject names ("An inmate
    // who declines to sign shall not be brought to the interview room"),
    // or a class named after the act ("shall stop honoring holds for
    // people booked on misdemeanors").
    static FOR_CLASS: OnceLock<Regex> = OnceLock::new();
    let for_class = crate::pattern::cached(
        &FOR_CLASS,
        r"(?i)\bfor\s+(?:\w+\s+){0,3}?(?:people|persons|individuals|inmates|offenders|arrestees|defendants|detainees|those|anyone)\b[^.;:]{0,80}",
    );
    let subject = first_modal(text).map(|m| &text[..m]);
    let after_modal = first_modal(main).map_or(main, |m| &main[m..]);
    let class = for_class.find(after_modal).map(|m| m.as_str());
    for who in [subject, class].into_iter().flatten() {
        if let Some(&c) = rule.narrowing_exceptions.iter().find(|&&c| has(c, who)) {
            grade = Verdict::Partial;
            reasons.push(format!(
                "protects only some people ({}): \"{}\"",
                lex.get(c).description.trim_end_matches('.'),
                who.trim()
            ));
        }
    }
    if !rule.weakeners_cancelled_by.iter().any(|&c| has(c, text)) {
        for &w in &rule.weakeners {
            if let Some(&(s, e)) = lex.find(w, main).first() {
                grade = Verdict::Partial;
                reasons.push(format!("narrowed by \"{}\"", &text[s..e]));
            }
        }
    }
    let cap = rule.duration_cap_conflicts && lex.index("duration").is_some_and(|d| has(d, main));
    if contrary_exception || cap {
        if cap {
            reasons.push("limits how long the act may last, so it still permits it".into());
        }
        return judgement(clause, Verdict::Conflict, &act.name, pol, reasons, matched);
    }
    let with_heading = format!("{text} \n {}", r.heading.unwrap_or_default());
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for el in &rule.elements {
        if el
            .any
            .iter()
            .any(|t| has(t.concept, &with_heading) != t.negated)
        {
            found.push(el.name.clone());
            matched.extend(
                el.any
                    .iter()
                    .filter(|t| !t.negated)
                    .flat_map(|t| r.found.find(t.concept).iter().copied()),
            );
        } else {
            missing.push(el.name.clone());
        }
    }
    if !missing.is_empty() && grade == Verdict::Met {
        grade = Verdict::Partial;
        reasons.push(format!("does not establish: {}", missing.join("; ")));
    }
    let mut j = judgement(clause, grade, &act.name, pol, reasons, matched);
    j.elements_found = found;
    j.elements_missing = missing;
    j
}

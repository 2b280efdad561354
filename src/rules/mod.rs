//! Rule sets as data: TOML → a validated [`RuleSet`] with a compiled concept
//! lexicon.
//!
//! Loading is two steps: strict parsing (an unknown key is an error) and a
//! validation pass that reports every problem at once, each with the file,
//! the line and what was expected. The format is documented in
//! `model-rules/README.md`.

pub mod lexicon;
mod parse;
mod triggers;

pub use lexicon::{Concept, ConceptMatch, ConceptSet, Haystack, Lexicon, Presence};
pub use parse::parse;

use crate::model::{RuleId, RuleSetSummary, RuleSummary, Verdict};
use serde::Deserialize;
use std::fmt;
use std::path::Path;

/// The rule sets that ship with policygap, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "aclu-nine",
        include_str!("../../model-rules/aclu-nine.toml"),
    ),
    (
        "trust-policy",
        include_str!("../../model-rules/trust-policy.toml"),
    ),
    (
        "ct-trust-act",
        include_str!("../../model-rules/ct-trust-act.toml"),
    ),
    (
        "model-ordinance",
        include_str!("../../model-rules/model-ordinance.toml"),
    ),
];

/// Whether a model rule forbids an act or requires one; this decides which
/// polarity protects and which conflicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// A clause forbidding the act protects; directing or permitting it conflicts.
    Prohibition,
    /// A clause requiring or permitting the act protects; forbidding it conflicts.
    Requirement,
}

/// Which polarity of a contrary pattern signals a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PatternPolarity {
    /// Only when the clause affirms (directs, permits or states) it.
    #[default]
    Affirmed,
    /// Only when the clause negates it.
    Negated,
    /// Whatever the polarity.
    Any,
}

/// The best verdict an act can support on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Ceiling {
    #[default]
    Met,
    Partial,
}

/// A `[Token]` in model text and what fills it.
#[derive(Debug, Clone)]
pub struct Placeholder {
    /// The text as it appears in model text, e.g. `[County/City/State]`.
    pub token: String,
    /// `jurisdiction` or `oversight` (filled from the command line or the
    /// folder's `policygap.toml`); any other name is left as written.
    pub fills: String,
    pub description: String,
}

/// A loaded, validated rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub id: String,
    pub title: String,
    pub source: String,
    pub description: String,
    pub placeholders: Vec<Placeholder>,
    pub lexicon: Lexicon,
    pub rules: Vec<Rule>,
    /// Optional rules taken out by [`RuleSet::skip_optional`]; reports name
    /// them so a reader knows they were not assessed.
    pub left_out: Vec<Rule>,
    /// The source states its provisions as recommendations ("agencies
    /// should not ..."; `model_force = "recommendation"`): "should" in a
    /// policy is then as strong as the model, not weaker.
    pub recommends: bool,
    /// Digest of the file text.
    pub digest: String,
}

/// One model rule and the data the assessment needs to judge it.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: RuleId,
    pub number: String,
    pub title: String,
    pub optional: bool,
    pub kind: RuleKind,
    /// Model text with its placeholders.
    pub text: String,
    pub purpose: String,
    /// What a reader should know before acting on the rule's verdict, in
    /// plain words (for an optional rule: what it is for and why a town
    /// may leave it out); empty when there is nothing to add.
    pub note: String,
    /// What a clause must be about to bear on the rule.
    pub acts: Vec<Act>,
    /// Every element must be in a protective clause for `met`.
    pub elements: Vec<Element>,
    /// Elements that make a clause stronger but are not required.
    pub strengthens: Vec<Element>,
    /// Concepts an `unless`/`except` may name without weakening the rule.
    pub allowed_exceptions: Vec<usize>,
    /// Exceptions that exempt categories of people: `partial`.
    pub narrowing_exceptions: Vec<usize>,
    /// Exceptions that let the forbidden act happen after all: `conflict`.
    pub contrary_exceptions: Vec<usize>,
    /// Concepts that make a protective clause `partial` ("solely", "routinely").
    pub weakeners: Vec<usize>,
    /// Concepts that cancel the weakeners when present.
    pub weakeners_cancelled_by: Vec<usize>,
    /// A prohibition limited by a duration ("for more than 48 hours") still
    /// permits the act.
    pub duration_cap_conflicts: bool,
    /// Elements may be spread over protective clauses of one section
    /// ("The agent shall wear a jacket. Staff shall tell the person ...").
    pub combine_in_section: bool,
    pub contrary: Vec<Contrary>,
    pub examples: Vec<Example>,
    /// The line of the rule's `id` in its file.
    pub line: Option<usize>,
}

/// What a clause must talk about: a verb concept, and objects that may also
/// come from the clause's heading.
#[derive(Debug, Clone)]
pub struct Act {
    pub name: String,
    pub verb: Vec<usize>,
    pub with: Vec<Vec<usize>>,
    pub ceiling: Ceiling,
    /// Any mention protects, whatever its polarity (a statute citation).
    pub ignore_polarity: bool,
    /// The act only ever protects: affirming it is no conflict (general
    /// statements such as "cooperates with federal agencies").
    pub protective_only: bool,
    /// The act is one local officials do: given to federal agents
    /// ("permitting such agents ... to inquire"), it is theirs, not this
    /// rule's.
    pub local_only: bool,
    /// Concepts whose presence shows the clause is about something else
    /// (an interstate detainer, a parole hold).
    pub not_with: Vec<usize>,
    /// Whether the clause's heading (and an earlier sentence that "such
    /// requests" points back to) may supply the objects.
    pub heading_context: bool,
}

/// A required or strengthening element: satisfied when any term is.
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub any: Vec<Term>,
}

/// A concept that must be present, or (`not NAME`) must be absent.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    pub concept: usize,
    pub negated: bool,
}

/// A pattern that signals a conflict by itself.
#[derive(Debug, Clone)]
pub struct Contrary {
    pub name: String,
    pub all: Vec<Vec<usize>>,
    pub polarity: PatternPolarity,
}

/// A labeled clause that runs as a test.
#[derive(Debug, Clone)]
pub struct Example {
    pub verdict: Verdict,
    pub text: String,
    pub note: String,
    /// The line of the example's text in its file.
    pub line: Option<usize>,
}

/// One problem found in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

/// Everything wrong with a rule file, reported at once.
#[derive(Debug, Clone)]
pub struct RuleFileError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match p.line {
                Some(l) => write!(f, "{}:{}: {}", self.file, l, p.message)?,
                None => write!(f, "{}: {}", self.file, p.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for RuleFileError {}

/// The largest rule file read: the built-in sets are under 60 KB.
pub const MAX_RULE_FILE: u64 = 1024 * 1024;

/// Loads a built-in set by name, or a rule file by path.
pub fn load(name_or_path: &str) -> Result<RuleSet, RuleFileError> {
    if let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
        return parse(&format!("{name_or_path} (built in)"), text);
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        let known: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        let message = match crate::spelling::closest(name_or_path, known.iter().copied()) {
            Some(near) => format!("no such rule set or file; did you mean {near}?"),
            None => format!(
                "no such rule set or file (built-in sets: {})",
                known.join(", ")
            ),
        };
        return Err(RuleFileError {
            file: name_or_path.to_string(),
            problems: vec![Problem {
                line: None,
                message,
            }],
        });
    }
    let fail = |message: String| RuleFileError {
        file: name_or_path.to_string(),
        problems: vec![Problem {
            line: None,
            message,
        }],
    };
    if !path.is_file() {
        return Err(fail(
            "this is not a regular file; give a rule file (.toml)".to_string(),
        ));
    }
    let bytes = crate::extract::read_at_most(path, MAX_RULE_FILE)
        .map_err(|e| fail(format!("cannot read the file: {e}")))?
        .ok_or_else(|| {
            fail(format!(
                "the file is larger than {} KB; a rule file is a few dozen KB (is this really a rule file?)",
                MAX_RULE_FILE / 1024
            ))
        })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "the file is not UTF-8 text (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    parse(name_or_path, &text)
}

/// Names the user gave for the placeholders.
#[derive(Debug, Clone, Default)]
pub struct Tailoring {
    pub jurisdiction: Option<String>,
    pub oversight: Option<String>,
}

impl RuleSet {
    /// The set with `rule` as its only rule, for judging that rule's
    /// examples without judging every other rule each time. Only the
    /// lexicon is copied beside the one rule, not the other rules.
    pub fn only(&self, rule: &Rule) -> RuleSet {
        RuleSet {
            id: self.id.clone(),
            title: self.title.clone(),
            source: self.source.clone(),
            description: self.description.clone(),
            placeholders: self.placeholders.clone(),
            lexicon: self.lexicon.clone(),
            rules: vec![rule.clone()],
            left_out: Vec::new(),
            recommends: self.recommends,
            digest: self.digest.clone(),
        }
    }

    /// Model text with placeholders filled in where the user named a value.
    pub fn tailor(&self, text: &str, t: &Tailoring) -> String {
        let mut out = text.to_string();
        for p in &self.placeholders {
            let value = match p.fills.as_str() {
                "jurisdiction" => t.jurisdiction.as_deref(),
                "oversight" => t.oversight.as_deref(),
                _ => None,
            };
            if let Some(v) = value {
                out = out.replace(&p.token, v);
            }
        }
        out
    }

    /// Takes the optional rules out of the set, so they are neither
    /// assessed nor shown in the scorecard.
    pub fn skip_optional(&mut self) {
        let (optional, kept): (Vec<Rule>, Vec<Rule>) = std::mem::take(&mut self.rules)
            .into_iter()
            .partition(|r| r.optional);
        self.rules = kept;
        self.left_out.extend(optional);
    }

    /// The summary reports carry, with model text tailored.
    pub fn summary(&self, t: &Tailoring) -> RuleSetSummary {
        let summarize = |r: &Rule| RuleSummary {
            id: r.id.clone(),
            number: r.number.clone(),
            title: r.title.clone(),
            model_text: self.tailor(&r.text, t),
            purpose: r.purpose.clone(),
            note: r.note.clone(),
            optional: r.optional,
        };
        RuleSetSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            source: self.source.clone(),
            digest: self.digest.clone(),
            rules: self.rules.iter().map(summarize).collect(),
            left_out: self.left_out.iter().map(summarize).collect(),
        }
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id.as_str() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_sets_load() {
        for (name, _) in BUILTIN {
            let set = load(name).unwrap_or_else(|e| panic!("{e}"));
            assert!(!set.rules.is_empty(), "{name}");
        }
    }

    #[test]
    fn unknown_key_is_reported_with_its_line() {
        let text = "id = \"x\"\ntitle = \"t\"\nsource = \"s\"\ncolour = \"red\"\n";
        let err = parse("x.toml", text).unwrap_err();
        assert_eq!(err.problems[0].line, Some(4), "{err}");
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = r#"
id = "x"
title = "t"
source = "s"
[concepts.ice]
phrases = ["ICE"]
[concepts.bad]
patterns = ["(unclosed"]
[[rules]]
id = "one"
number = "1"
title = "One"
kind = "prohibition"
text = ""
[[rules.acts]]
name = "a"
verb = ["nonexistent"]
"#;
        let err = parse("x.toml", text).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("concept `bad`"), "{msg}");
        assert!(msg.contains("no model text"), "{msg}");
        assert!(msg.contains("unknown concept `nonexistent`"), "{msg}");
        assert_eq!(err.problems.len(), 3, "{msg}");
    }
}

//! Rule sets as data: TOML → a validated [`RuleSet`] with a compiled concept
//! lexicon.
//!
//! Loading is two steps: strict parsing (an unknown key is an error) and a
//! validation pass that reports every problem at once, each with the file,
//! the line and what was expected. The format is documented in
//! `model-rules/README.md`.

pub mod lexicon;

pub use lexicon::{Concept, ConceptMatch, Lexicon};

use crate::model::{RuleId, RuleSetSummary, RuleSummary, Verdict, content_digest};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The rule sets that ship with policygap, by name.
pub const BUILTIN: &[(&str, &str)] = &[(
    "aclu-nine",
    include_str!("../../model-rules/aclu-nine.toml"),
)];

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

/// A rule file as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    id: String,
    title: String,
    source: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    placeholders: Vec<Placeholder>,
    #[serde(default)]
    concepts: BTreeMap<String, RawConcept>,
    #[serde(default)]
    rules: Vec<RawRule>,
}

/// A `[Token]` in model text and what fills it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placeholder {
    /// The text as it appears in model text, e.g. `[County/City/State]`.
    pub token: String,
    /// `jurisdiction` or `oversight`.
    pub fills: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    #[serde(default)]
    description: String,
    /// Case-insensitive phrases; `*` at the end of a word matches any ending.
    #[serde(default)]
    phrases: Vec<String>,
    /// Phrases matched with their exact capitalisation (acronyms such as ICE).
    #[serde(default)]
    exact: Vec<String>,
    /// Regular expressions (case-insensitive) for what phrases cannot say.
    #[serde(default)]
    patterns: Vec<String>,
    /// Phrases that, where they overlap a match, cancel it.
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    number: String,
    title: String,
    #[serde(default)]
    optional: bool,
    kind: RuleKind,
    text: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    acts: Vec<RawAct>,
    #[serde(default)]
    elements: Vec<RawElement>,
    #[serde(default)]
    strengthens: Vec<RawElement>,
    #[serde(default)]
    allowed_exceptions: Vec<String>,
    #[serde(default)]
    narrowing_exceptions: Vec<String>,
    #[serde(default)]
    contrary_exceptions: Vec<String>,
    #[serde(default)]
    weakeners: Vec<String>,
    #[serde(default)]
    weakeners_cancelled_by: Vec<String>,
    #[serde(default)]
    duration_cap_conflicts: bool,
    #[serde(default)]
    combine_in_section: bool,
    #[serde(default)]
    contrary: Vec<RawContrary>,
    #[serde(default)]
    examples: Vec<RawExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAct {
    name: String,
    verb: Vec<String>,
    #[serde(default)]
    with: Vec<Vec<String>>,
    #[serde(default)]
    ceiling: Ceiling,
    #[serde(default)]
    ignore_polarity: bool,
    #[serde(default)]
    permission_only: bool,
    #[serde(default)]
    protective_only: bool,
    #[serde(default)]
    not_with: Vec<String>,
    #[serde(default = "yes")]
    heading_context: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawElement {
    name: String,
    any: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContrary {
    name: String,
    all: Vec<Vec<String>>,
    #[serde(default)]
    polarity: PatternPolarity,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    verdict: String,
    text: String,
    #[serde(default)]
    note: String,
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
    /// Protects only as a permission or a double negative ("nothing shall
    /// prevent members from exchanging ..."), not as a directive.
    pub permission_only: bool,
    /// The act only ever protects: affirming it is no conflict (general
    /// statements such as "cooperates with federal agencies").
    pub protective_only: bool,
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

/// Loads a built-in set by name, or a rule file by path.
pub fn load(name_or_path: &str) -> Result<RuleSet, RuleFileError> {
    if let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
        return parse(&format!("{name_or_path} (built in)"), text);
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        let known: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        return Err(RuleFileError {
            file: name_or_path.to_string(),
            problems: vec![Problem {
                line: None,
                message: format!(
                    "no such rule set or file (built-in sets: {})",
                    known.join(", ")
                ),
            }],
        });
    }
    let text = std::fs::read_to_string(path).map_err(|e| RuleFileError {
        file: name_or_path.to_string(),
        problems: vec![Problem {
            line: None,
            message: format!("cannot read the file: {e}"),
        }],
    })?;
    parse(name_or_path, &text)
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Parses and validates a rule file's text.
pub fn parse(file: &str, text: &str) -> Result<RuleSet, RuleFileError> {
    let raw: RawSet = toml::from_str(text).map_err(|e| RuleFileError {
        file: file.to_string(),
        problems: vec![Problem {
            line: e.span().map(|s| line_of(text, s.start)),
            message: e.message().trim().to_string(),
        }],
    })?;
    let mut problems = Vec::new();
    let find_line = |needle: &str| text.find(needle).map(|o| line_of(text, o));

    let mut lexicon = Lexicon::default();
    for (name, c) in &raw.concepts {
        if let Err(msg) = lexicon.add(
            name,
            &c.description,
            &c.phrases,
            &c.exact,
            &c.patterns,
            &c.exclude,
        ) {
            problems.push(Problem {
                line: find_line(&format!("[concepts.{name}]")).or_else(|| find_line(name)),
                message: format!("concept `{name}`: {msg}"),
            });
        }
    }

    let mut rules = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in raw.rules {
        let rule_line = find_line(&format!("id = \"{}\"", r.id));
        let mut here = |message: String| {
            problems.push(Problem {
                line: rule_line,
                message,
            })
        };
        if !seen.insert(r.id.clone()) {
            here(format!("rule `{}` is defined twice", r.id));
        }
        if r.text.trim().is_empty() {
            here(format!(
                "rule `{}` has no model text (`text = \"...\"`)",
                r.id
            ));
        }
        let mut resolve = |names: &[String], what: &str| -> Vec<usize> {
            names
                .iter()
                .filter_map(|n| match lexicon.index(n) {
                    Some(i) => Some(i),
                    None => {
                        problems.push(Problem {
                            line: rule_line,
                            message: format!(
                                "rule `{}`: {what} names unknown concept `{n}` (define it under [concepts.{n}])",
                                r.id
                            ),
                        });
                        None
                    }
                })
                .collect()
        };
        let acts = r
            .acts
            .iter()
            .map(|a| Act {
                name: a.name.clone(),
                verb: resolve(&a.verb, "an act's verb"),
                with: a
                    .with
                    .iter()
                    .map(|g| resolve(g, "an act's `with`"))
                    .collect(),
                ceiling: a.ceiling,
                ignore_polarity: a.ignore_polarity,
                permission_only: a.permission_only,
                protective_only: a.protective_only,
                not_with: resolve(&a.not_with, "an act's `not_with`"),
                heading_context: a.heading_context,
            })
            .collect::<Vec<_>>();
        let mut elements_of = |els: &[RawElement], what: &str| -> Vec<Element> {
            els.iter()
                .map(|e| Element {
                    name: e.name.clone(),
                    any: e
                        .any
                        .iter()
                        .filter_map(|t| {
                            let (negated, name) = match t.strip_prefix("not ") {
                                Some(n) => (true, n.trim()),
                                None => (false, t.as_str()),
                            };
                            resolve(&[name.to_string()], what)
                                .first()
                                .map(|&concept| Term { concept, negated })
                        })
                        .collect(),
                })
                .collect()
        };
        let elements = elements_of(&r.elements, "an element");
        let strengthens = elements_of(&r.strengthens, "a strengthening element");
        let allowed_exceptions = resolve(&r.allowed_exceptions, "allowed_exceptions");
        let narrowing_exceptions = resolve(&r.narrowing_exceptions, "narrowing_exceptions");
        let contrary_exceptions = resolve(&r.contrary_exceptions, "contrary_exceptions");
        let weakeners = resolve(&r.weakeners, "weakeners");
        let weakeners_cancelled_by = resolve(&r.weakeners_cancelled_by, "weakeners_cancelled_by");
        let contrary = r
            .contrary
            .iter()
            .map(|c| Contrary {
                name: c.name.clone(),
                all: c
                    .all
                    .iter()
                    .map(|g| resolve(g, "a contrary pattern"))
                    .collect(),
                polarity: c.polarity,
            })
            .collect();
        let mut examples = Vec::new();
        for ex in &r.examples {
            match Verdict::parse(&ex.verdict) {
                Some(v) => examples.push(Example {
                    verdict: v,
                    text: ex.text.clone(),
                    note: ex.note.clone(),
                }),
                None => problems.push(Problem {
                    line: find_line(&ex.text).or(rule_line),
                    message: format!(
                        "rule `{}`: example verdict `{}` is not one of met, partial, missing, conflict",
                        r.id, ex.verdict
                    ),
                }),
            }
        }
        if acts.is_empty() {
            problems.push(Problem {
                line: rule_line,
                message: format!(
                    "rule `{}` has no [[rules.acts]]: nothing could match it",
                    r.id
                ),
            });
        }
        rules.push(Rule {
            id: RuleId(r.id),
            number: r.number,
            title: r.title,
            optional: r.optional,
            kind: r.kind,
            text: r.text.trim().to_string(),
            purpose: r.purpose.trim().to_string(),
            acts,
            elements,
            strengthens,
            allowed_exceptions,
            narrowing_exceptions,
            contrary_exceptions,
            weakeners,
            weakeners_cancelled_by,
            duration_cap_conflicts: r.duration_cap_conflicts,
            combine_in_section: r.combine_in_section,
            contrary,
            examples,
        });
    }
    if rules.is_empty() {
        problems.push(Problem {
            line: None,
            message: "the file defines no rules ([[rules]])".to_string(),
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line.unwrap_or(0));
        return Err(RuleFileError {
            file: file.to_string(),
            problems,
        });
    }
    Ok(RuleSet {
        id: raw.id,
        title: raw.title,
        source: raw.source,
        description: raw.description,
        placeholders: raw.placeholders,
        lexicon,
        rules,
        digest: content_digest(text.as_bytes()),
    })
}

/// Names the user gave for the placeholders.
#[derive(Debug, Clone, Default)]
pub struct Tailoring {
    pub jurisdiction: Option<String>,
    pub oversight: Option<String>,
}

impl RuleSet {
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

    /// The summary reports carry, with model text tailored.
    pub fn summary(&self, t: &Tailoring) -> RuleSetSummary {
        RuleSetSummary {
            id: self.id.clone(),
            title: self.title.clone(),
            source: self.source.clone(),
            digest: self.digest.clone(),
            rules: self
                .rules
                .iter()
                .map(|r| RuleSummary {
                    id: r.id.clone(),
                    number: r.number.clone(),
                    title: r.title.clone(),
                    model_text: self.tailor(&r.text, t),
                    purpose: r.purpose.clone(),
                    optional: r.optional,
                })
                .collect(),
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

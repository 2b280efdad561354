//! Reading a rule file: TOML text → validated [`RuleSet`], or every problem
//! in the file at once.
//!
//! The file is parsed once into a tree that remembers where each key and
//! value sits, and each part (a placeholder, a concept, a rule) is then read
//! on its own. An unknown key is reported and dropped so the rest of its
//! part can still be checked, and a broken rule does not hide the problems
//! of the rules after it.

use super::{
    Act, Ceiling, Contrary, Element, Example, Lexicon, PatternPolarity, Placeholder, Problem, Rule,
    RuleFileError, RuleKind, RuleSet, Term,
};
use crate::model::{RuleId, Verdict, content_digest};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashSet};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A name or text together with where it was written.
type Name = Spanned<String>;

/// How many unknown keys one part may have before reading it is given up.
const MAX_RETRIES: usize = 64;

/// The keys a rule file may have at the top.
const TOP_KEYS: &[&str] = &[
    "id",
    "title",
    "source",
    "description",
    "placeholders",
    "concepts",
    "rules",
    "model_force",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaceholder {
    token: Name,
    fills: Name,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    #[serde(default)]
    description: String,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    exact: Vec<String>,
    #[serde(default)]
    patterns: Vec<Name>,
    #[serde(default)]
    exclude: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Name,
    number: String,
    title: String,
    #[serde(default)]
    optional: bool,
    kind: RuleKind,
    /// Defaults to empty so that a missing text gets its own clear message.
    #[serde(default)]
    text: Option<Name>,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    acts: Vec<RawAct>,
    #[serde(default)]
    elements: Vec<RawElement>,
    #[serde(default)]
    strengthens: Vec<RawElement>,
    #[serde(default)]
    allowed_exceptions: Vec<Name>,
    #[serde(default)]
    narrowing_exceptions: Vec<Name>,
    #[serde(default)]
    contrary_exceptions: Vec<Name>,
    #[serde(default)]
    weakeners: Vec<Name>,
    #[serde(default)]
    weakeners_cancelled_by: Vec<Name>,
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
    verb: Vec<Name>,
    #[serde(default)]
    with: Vec<Vec<Name>>,
    #[serde(default)]
    ceiling: Ceiling,
    #[serde(default)]
    ignore_polarity: bool,
    #[serde(default)]
    protective_only: bool,
    #[serde(default)]
    local_only: bool,
    #[serde(default)]
    not_with: Vec<Name>,
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
    any: Vec<Name>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContrary {
    name: String,
    all: Vec<Vec<Name>>,
    #[serde(default)]
    polarity: PatternPolarity,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    verdict: Name,
    text: Name,
    #[serde(default)]
    note: String,
}

/// The longest pattern a concept may have, in characters; the built-in
/// sets' longest is a few hundred.
const MAX_PATTERN: usize = 2000;
/// The longest phrase a concept may have, in characters.
const MAX_PHRASE: usize = 300;

/// Collects problems with the line each one is on.
struct Report<'t> {
    text: &'t str,
    /// Where each line after the first starts, for finding an offset's line
    /// without counting from the top each time.
    line_starts: Vec<usize>,
    problems: Vec<Problem>,
}

impl<'t> Report<'t> {
    fn new(text: &'t str) -> Report<'t> {
        Report {
            text,
            line_starts: memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| i + 1)
                .collect(),
            problems: Vec::new(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.line_starts.partition_point(|&s| s <= end) + 1
    }

    fn at(&mut self, offset: Option<usize>, message: String) {
        let line = offset.map(|o| self.line_of(o));
        self.problems.push(Problem { line, message });
    }

    fn toml_error(&mut self, e: &toml::de::Error, fallback: usize, prefix: &str) {
        let offset = e.span().map_or(fallback, |s| s.start);
        self.at(
            Some(offset),
            format!("{prefix}{}", tidy_message(e.message())),
        );
    }
}

/// toml's messages end with a newline and sometimes list keys in backticks;
/// keep them to one line.
fn tidy_message(m: &str) -> String {
    m.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes the key whose name or value sits at `span` anywhere in `value`;
/// true if one was removed.
fn remove_key_at(value: &mut DeValue<'_>, span: &std::ops::Range<usize>, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    match value {
        DeValue::Table(t) => {
            let hit = t
                .iter()
                .find(|(k, v)| k.span() == *span || v.span() == *span)
                .map(|(k, _)| k.get_ref().clone());
            if let Some(k) = hit {
                t.remove(k.as_ref());
                return true;
            }
            t.iter_mut()
                .any(|(_, v)| remove_key_at(v.get_mut(), span, depth + 1))
        }
        DeValue::Array(a) => a
            .iter_mut()
            .any(|v| remove_key_at(v.get_mut(), span, depth + 1)),
        _ => false,
    }
}

/// Reads one part of the file. An unknown key is reported, removed, and the
/// part read again; any other mistake is reported and the part skipped.
fn read_part<T: DeserializeOwned>(
    mut value: Spanned<DeValue<'_>>,
    report: &mut Report<'_>,
    what: &str,
) -> Option<T> {
    let start = value.span().start;
    for _ in 0..MAX_RETRIES {
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(t) => return Some(t),
            Err(e) => {
                report.toml_error(&e, start, &format!("{what}: "));
                let unknown = e.message().contains("unknown field");
                match e.span() {
                    Some(span) if unknown && remove_key_at(value.get_mut(), &span, 0) => {}
                    _ => return None,
                }
            }
        }
    }
    None
}

/// Parses and validates a rule file's text; `file` names it in messages.
pub fn parse(file: &str, text: &str) -> Result<RuleSet, RuleFileError> {
    let mut report = Report::new(text);
    let (doc, errors) = DeTable::parse_recoverable(text);
    // A file that is plainly something else (a README, a policy) would give
    // a line of complaint for every line it has; say once what it is not.
    // A `.toml` file with a slip in its syntax is still read as a rule file.
    let named_toml = std::path::Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let no_rule_keys = !doc
        .get_ref()
        .iter()
        .any(|(k, _)| TOP_KEYS.contains(&k.get_ref().as_ref()));
    if (errors.is_empty() && no_rule_keys) || (!errors.is_empty() && !named_toml) {
        return Err(RuleFileError {
            file: file.to_string(),
            problems: vec![Problem {
                line: None,
                message: "not a rule file (a rule file is TOML with `id`, `title` and \
                          `source` at the top and [[rules]] tables)"
                    .to_string(),
            }],
        });
    }
    for e in &errors {
        report.toml_error(e, 0, "");
    }
    if !errors.is_empty() {
        // What follows a syntax error is guesswork; say only what is certain.
        return Err(finish(file, report));
    }
    let mut doc = doc.into_inner();

    for (k, _) in doc.iter() {
        if !TOP_KEYS.contains(&k.get_ref().as_ref()) {
            report.at(
                Some(k.span().start),
                format!(
                    "unknown key `{}` at the top of the file (expected one of: {})",
                    k.get_ref(),
                    TOP_KEYS.join(", ")
                ),
            );
        }
    }
    let mut top_string = |doc: &DeTable<'_>, key: &str, required: bool| -> String {
        match doc.get(key) {
            Some(v) => match v.get_ref().as_str() {
                Some(s) => s.to_string(),
                None => {
                    report.at(
                        Some(v.span().start),
                        format!("`{key}` must be text in quotes"),
                    );
                    String::new()
                }
            },
            None => {
                if required {
                    report.at(
                        Some(0),
                        format!("the file has no `{key} = \"...\"` at the top"),
                    );
                }
                String::new()
            }
        }
    };
    let id = top_string(&doc, "id", true);
    let title = top_string(&doc, "title", true);
    let source = top_string(&doc, "source", true);
    let description = top_string(&doc, "description", false);
    let model_force = top_string(&doc, "model_force", false);
    let recommends = match model_force.as_str() {
        "" | "binding" => false,
        "recommendation" => true,
        other => {
            let at = doc.get("model_force").map(|v| v.span().start);
            report.at(
                at,
                format!("`model_force` is \"{other}\"; expected \"binding\" (the default) or \"recommendation\""),
            );
            false
        }
    };

    let placeholders = read_placeholders(doc.remove("placeholders"), &mut report);
    let (lexicon, broken) = read_concepts(doc.remove("concepts"), &mut report);
    let rules = read_rules(doc.remove("rules"), &lexicon, &broken, &mut report);

    check_placeholders(&placeholders, &rules, &mut report);
    if rules.is_empty() && report.problems.is_empty() {
        report.at(None, "the file defines no rules ([[rules]])".to_string());
    }
    if !report.problems.is_empty() {
        return Err(finish(file, report));
    }
    Ok(RuleSet {
        id,
        title,
        source,
        description,
        placeholders: placeholders.into_iter().map(|(p, _)| p).collect(),
        lexicon,
        rules,
        left_out: Vec::new(),
        recommends,
        digest: content_digest(text.as_bytes()),
    })
}

fn finish(file: &str, mut report: Report<'_>) -> RuleFileError {
    report.problems.sort_by_key(|p| p.line.unwrap_or(0));
    report.problems.dedup();
    RuleFileError {
        file: file.to_string(),
        problems: report.problems,
    }
}

/// An array of tables (`[[name]]`), or a problem if the key holds something else.
fn array_items<'i>(
    value: Option<Spanned<DeValue<'i>>>,
    key: &str,
    report: &mut Report<'_>,
) -> Vec<Spanned<DeValue<'i>>> {
    let Some(v) = value else { return Vec::new() };
    let start = v.span().start;
    match v.into_inner() {
        DeValue::Array(a) => a.into_iter().collect(),
        _ => {
            report.at(
                Some(start),
                format!("`{key}` must be written as [[{key}]] tables"),
            );
            Vec::new()
        }
    }
}

/// The placeholders, each with the offset it was declared at.
fn read_placeholders(
    value: Option<Spanned<DeValue<'_>>>,
    report: &mut Report<'_>,
) -> Vec<(Placeholder, usize)> {
    let mut out = Vec::new();
    for item in array_items(value, "placeholders", report) {
        let Some(p) = read_part::<RawPlaceholder>(item, report, "placeholder") else {
            continue;
        };
        let at = p.token.span().start;
        let token = p.token.into_inner();
        if !(token.starts_with('[') && token.ends_with(']')) {
            report.at(
                Some(at),
                format!(
                    "placeholder token `{token}` must be written in square brackets, e.g. `[city]`"
                ),
            );
        }
        if p.fills.get_ref().trim().is_empty() {
            report.at(
                Some(p.fills.span().start),
                format!("placeholder `{token}`: `fills` must name what fills it (jurisdiction, oversight, ...)"),
            );
        }
        out.push((
            Placeholder {
                token,
                fills: p.fills.into_inner(),
                description: p.description,
            },
            at,
        ));
    }
    out
}

/// The concept lexicon, and the names of concepts that were defined but
/// could not be compiled (so rules naming them are not also reported).
fn read_concepts(
    value: Option<Spanned<DeValue<'_>>>,
    report: &mut Report<'_>,
) -> (Lexicon, HashSet<String>) {
    let mut lexicon = Lexicon::default();
    let mut broken = HashSet::new();
    let Some(v) = value else {
        return (lexicon, broken);
    };
    let start = v.span().start;
    let DeValue::Table(table) = v.into_inner() else {
        report.at(
            Some(start),
            "`concepts` must be written as [concepts.NAME] tables".to_string(),
        );
        return (lexicon, broken);
    };
    // Sorted by name so the lexicon is the same whatever the file order.
    let sorted: BTreeMap<String, (usize, Spanned<DeValue<'_>>)> = table
        .into_iter()
        .map(|(k, v)| (k.get_ref().to_string(), (k.span().start, v)))
        .collect();
    for (name, (at, v)) in sorted {
        let what = format!("concept `{name}`");
        let Some(c) = read_part::<RawConcept>(v, report, &what) else {
            broken.insert(name);
            continue;
        };
        let mut ok = true;
        for p in &c.patterns {
            if p.get_ref().chars().count() > MAX_PATTERN {
                ok = false;
                report.at(
                    Some(p.span().start),
                    format!(
                        "{what}: a pattern is longer than {MAX_PATTERN} characters; split it into several"
                    ),
                );
                continue;
            }
            if let Err(e) = crate::pattern::compile(&format!("(?i:{})", p.get_ref())) {
                ok = false;
                let detail = e.to_string();
                let last = detail.lines().last().unwrap_or("").trim();
                report.at(
                    Some(p.span().start),
                    format!(
                        "{what}: pattern `{}` is not a valid regular expression ({last})",
                        p.get_ref()
                    ),
                );
            }
        }
        for w in c.phrases.iter().chain(&c.exact).chain(&c.exclude) {
            if w.trim().is_empty() {
                ok = false;
                report.at(Some(at), format!("{what}: a phrase is empty"));
            } else if w.chars().count() > MAX_PHRASE {
                ok = false;
                report.at(
                    Some(at),
                    format!(
                        "{what}: a phrase is longer than {MAX_PHRASE} characters (\"{}...\")",
                        w.chars().take(40).collect::<String>()
                    ),
                );
            }
        }
        if !ok {
            broken.insert(name);
            continue;
        }
        let patterns: Vec<String> = c.patterns.into_iter().map(Spanned::into_inner).collect();
        if let Err(msg) = lexicon.add(
            &name,
            &c.description,
            &c.phrases,
            &c.exact,
            &patterns,
            &c.exclude,
        ) {
            report.at(Some(at), format!("{what}: {msg}"));
            broken.insert(name);
        }
    }
    (lexicon, broken)
}

/// Resolves concept names for one rule, reporting unknown ones.
struct Resolver<'a, 'r, 't> {
    lexicon: &'a Lexicon,
    broken: &'a HashSet<String>,
    report: &'r mut Report<'t>,
    rule: String,
}

impl Resolver<'_, '_, '_> {
    fn one(&mut self, n: &Name, what: &str) -> Option<usize> {
        let name = n.get_ref().trim();
        if let Some(i) = self.lexicon.index(name) {
            return Some(i);
        }
        if !self.broken.contains(name) {
            let hint = match closest(name, self.lexicon) {
                Some(c) => format!("; did you mean `{c}`?"),
                None => format!("; define it under [concepts.{name}]"),
            };
            self.report.at(
                Some(n.span().start),
                format!(
                    "rule `{}`: {what} names unknown concept `{name}`{hint}",
                    self.rule
                ),
            );
        }
        None
    }

    fn all(&mut self, names: &[Name], what: &str) -> Vec<usize> {
        names.iter().filter_map(|n| self.one(n, what)).collect()
    }

    fn elements(&mut self, els: &[RawElement], what: &str) -> Vec<Element> {
        els.iter()
            .map(|e| Element {
                name: e.name.clone(),
                any: e
                    .any
                    .iter()
                    .filter_map(|t| {
                        let (negated, name) = match t.get_ref().trim().strip_prefix("not ") {
                            Some(n) => (true, n.trim().to_string()),
                            None => (false, t.get_ref().clone()),
                        };
                        let n = Spanned::new(t.span(), name);
                        self.one(&n, what).map(|concept| Term { concept, negated })
                    })
                    .collect(),
            })
            .collect()
    }
}

/// A defined concept whose name is a small edit away from `name`.
fn closest<'l>(name: &str, lexicon: &'l Lexicon) -> Option<&'l str> {
    (0..lexicon.len())
        .map(|i| lexicon.get(i).name.as_str())
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, c)| d <= 2.max(c.len() / 5))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn read_rules(
    value: Option<Spanned<DeValue<'_>>>,
    lexicon: &Lexicon,
    broken: &HashSet<String>,
    report: &mut Report<'_>,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (i, item) in array_items(value, "rules", report).into_iter().enumerate() {
        // Name the rule by its id when it has one, so messages point somewhere.
        let label = item
            .get_ref()
            .get("id")
            .and_then(|v| v.get_ref().as_str().map(str::to_string))
            .unwrap_or_else(|| format!("number {} in the file", i + 1));
        let Some(r) = read_part::<RawRule>(item, report, &format!("rule `{label}`")) else {
            continue;
        };
        if let Some(rule) = validate_rule(r, lexicon, broken, &mut seen, report) {
            rules.push(rule);
        }
    }
    rules
}

fn validate_rule(
    r: RawRule,
    lexicon: &Lexicon,
    broken: &HashSet<String>,
    seen: &mut HashSet<String>,
    report: &mut Report<'_>,
) -> Option<Rule> {
    let id = r.id.get_ref().trim().to_string();
    let at = r.id.span().start;
    let line = report.line_of(at);
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        report.at(
            Some(at),
            format!("rule id `{id}` must be letters, digits and hyphens, e.g. `dont-ask`"),
        );
    }
    if !seen.insert(id.clone()) {
        report.at(
            Some(at),
            format!("rule `{id}` is defined twice (ids must be unique)"),
        );
    }
    let text = r.text.map(Spanned::into_inner).unwrap_or_default();
    if text.trim().is_empty() {
        report.at(
            Some(at),
            format!("rule `{id}` has no model text (`text = \"\"\"...\"\"\"`)"),
        );
    }
    if r.acts.is_empty() {
        report.at(
            Some(at),
            format!("rule `{id}` has no [[rules.acts]]: nothing could match it"),
        );
    }
    let mut res = Resolver {
        lexicon,
        broken,
        report,
        rule: id.clone(),
    };
    let mut acts = Vec::new();
    for a in &r.acts {
        if a.verb.is_empty() {
            res.report.at(
                Some(at),
                format!("rule `{id}`: act `{}` has an empty `verb` list", a.name),
            );
        }
        acts.push(Act {
            name: a.name.clone(),
            verb: res.all(&a.verb, "an act's verb"),
            with: a
                .with
                .iter()
                .map(|g| res.all(g, "an act's `with`"))
                .collect(),
            ceiling: a.ceiling,
            ignore_polarity: a.ignore_polarity,
            protective_only: a.protective_only,
            local_only: a.local_only,
            not_with: res.all(&a.not_with, "an act's `not_with`"),
            heading_context: a.heading_context,
        });
    }
    let elements = res.elements(&r.elements, "an element");
    let strengthens = res.elements(&r.strengthens, "a strengthening element");
    let allowed_exceptions = res.all(&r.allowed_exceptions, "allowed_exceptions");
    let narrowing_exceptions = res.all(&r.narrowing_exceptions, "narrowing_exceptions");
    let contrary_exceptions = res.all(&r.contrary_exceptions, "contrary_exceptions");
    let weakeners = res.all(&r.weakeners, "weakeners");
    let weakeners_cancelled_by = res.all(&r.weakeners_cancelled_by, "weakeners_cancelled_by");
    let mut contrary = Vec::new();
    for c in &r.contrary {
        if c.all.is_empty() || c.all.iter().any(Vec::is_empty) {
            res.report.at(
                Some(at),
                format!(
                    "rule `{id}`: contrary pattern `{}` has an empty group in `all`",
                    c.name
                ),
            );
        }
        contrary.push(Contrary {
            name: c.name.clone(),
            all: c
                .all
                .iter()
                .map(|g| res.all(g, "a contrary pattern"))
                .collect(),
            polarity: c.polarity,
        });
    }
    let mut examples = Vec::new();
    for ex in r.examples {
        let ex_line = report.line_of(ex.text.span().start);
        match Verdict::parse(ex.verdict.get_ref()) {
            Some(v) => examples.push(Example {
                verdict: v,
                text: ex.text.into_inner().trim().to_string(),
                note: ex.note,
                line: Some(ex_line),
            }),
            None => report.at(
                Some(ex.verdict.span().start),
                format!(
                    "rule `{id}`: example verdict `{}` is not one of met, partial, missing, conflict",
                    ex.verdict.get_ref()
                ),
            ),
        }
    }
    Some(Rule {
        id: RuleId(id),
        number: r.number,
        title: r.title,
        optional: r.optional,
        kind: r.kind,
        text: text.trim().to_string(),
        purpose: r.purpose.trim().to_string(),
        note: r.note.trim().to_string(),
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
        line: Some(line),
    })
}

/// Every `[Token]` in model text must be declared, and every declared
/// token should be used, so that tailoring fills all of them.
fn check_placeholders(
    placeholders: &[(Placeholder, usize)],
    rules: &[Rule],
    report: &mut Report<'_>,
) {
    let token_re = regex::Regex::new(r"\[[A-Za-z][A-Za-z /]{0,40}\]").expect("pattern");
    for r in rules {
        for m in token_re.find_iter(&r.text) {
            if !placeholders.iter().any(|(p, _)| p.token == m.as_str()) {
                report.problems.push(Problem {
                    line: r.line,
                    message: format!(
                        "rule `{}`: model text uses `{}` but no [[placeholders]] entry declares it",
                        r.id,
                        m.as_str()
                    ),
                });
            }
        }
    }
    for (p, at) in placeholders {
        if !rules.iter().any(|r| r.text.contains(&p.token)) {
            report.at(
                Some(*at),
                format!(
                    "placeholder `{}` is declared but no rule's model text uses it",
                    p.token
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id = \"x\"\ntitle = \"t\"\nsource = \"s\"\n[concepts.ice]\nexact = [\"ICE\"]\n[concepts.detain]\nphrases = [\"detain*\"]\n";

    fn rule(id: &str, extra: &str) -> String {
        format!(
            "[[rules]]\nid = \"{id}\"\nnumber = \"1\"\ntitle = \"T\"\nkind = \"prohibition\"\ntext = \"No officer shall detain a person for ICE.\"\n{extra}[[rules.acts]]\nname = \"a\"\nverb = [\"detain\"]\nwith = [[\"ice\"]]\n"
        )
    }

    fn problems(text: &str) -> Vec<Problem> {
        parse("x.toml", text)
            .map(|_| Vec::new())
            .unwrap_or_else(|e| e.problems)
    }

    fn line_of(text: &str, needle: &str) -> Option<usize> {
        text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
    }

    #[test]
    fn an_unknown_key_in_an_act_does_not_hide_the_rest_of_the_rule() {
        let text = format!(
            "{HEAD}{}verbs = [\"x\"]\n[[rules.elements]]\nname = \"e\"\nany = [\"nope\"]\n",
            rule("r", "")
        );
        let p = problems(&text);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].line, line_of(&text, "verbs"), "{p:?}");
        assert!(p[0].message.contains("unknown field `verbs`"), "{p:?}");
        assert_eq!(p[1].line, line_of(&text, "\"nope\""), "{p:?}");
    }

    #[test]
    fn a_broken_rule_does_not_hide_the_next_rules_problems() {
        let text = format!(
            "{HEAD}{}{}",
            rule("one", "kind2 = 1\n").replace("prohibition", "forbid"),
            rule("two", "weakeners = [\"solely\"]\n")
        );
        let p = problems(&text);
        assert!(
            p.iter()
                .any(|x| x.message.contains("unknown variant `forbid`")),
            "{p:?}"
        );
        let solely = p
            .iter()
            .find(|x| x.message.contains("unknown concept `solely`"))
            .unwrap_or_else(|| panic!("{p:?}"));
        assert_eq!(solely.line, line_of(&text, "\"solely\""));
    }

    #[test]
    fn placeholders_must_be_declared_and_used() {
        let text = format!(
            "{HEAD}[[placeholders]]\ntoken = \"[town]\"\nfills = \"jurisdiction\"\n{}",
            rule("r", "").replace("No officer", "No [city] officer")
        );
        let p = problems(&text);
        assert!(
            p.iter()
                .any(|x| x.message.contains("uses `[city]`")
                    && x.line == line_of(&text, "id = \"r\"")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|x| x.message.contains("`[town]` is declared but")
                    && x.line == line_of(&text, "[town]")),
            "{p:?}"
        );
    }

    #[test]
    fn a_concept_with_nothing_to_match_is_reported_once() {
        let text = format!(
            "{HEAD}[concepts.empty]\ndescription = \"d\"\n{}",
            rule("r", "weakeners = [\"empty\"]\n")
        );
        let p = problems(&text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, line_of(&text, "[concepts.empty]"));
    }

    #[test]
    fn a_sound_file_loads_with_rule_and_example_lines() {
        let text = format!(
            "{HEAD}{}[[rules.examples]]\nverdict = \"met\"\ntext = \"No officer shall detain anyone for ICE.\"\n",
            rule("r", "")
        );
        let set = parse("x.toml", &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.rules[0].line, line_of(&text, "id = \"r\""));
        assert_eq!(
            set.rules[0].examples[0].line,
            line_of(&text, "No officer shall detain anyone")
        );
    }

    #[test]
    fn near_misses_get_a_suggestion() {
        let mut l = Lexicon::default();
        l.add("immigration_status", "", &["status".into()], &[], &[], &[])
            .expect("concept");
        assert_eq!(closest("immigraton_status", &l), Some("immigration_status"));
        assert_eq!(closest("detainer", &l), None);
    }
}

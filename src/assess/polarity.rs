//! Reading the force of a sentence around one word: is the act negated
//! ("shall not", "no officer shall", "prohibited from"), how strong is the
//! modal (shall / should / may), and which parts of the sentence are
//! exceptions ("unless", "except", "only if") or conditions ("When ICE
//! asks, ...").
//!
//! This is grammar, not policy: the words here are the same for every rule
//! set, so they live in code rather than in rule files.

use regex::Regex;
use std::sync::OnceLock;

/// How strongly a clause directs what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Force {
    /// A plain statement with no modal ("the jail honors detainers").
    Indicative,
    /// "should", "is encouraged", "avoid".
    Soft,
    /// "may", "is authorized", "need not".
    Permissive,
    /// "shall", "must", "will", "may not", "is prohibited".
    Mandatory,
}

impl Force {
    pub fn word(self) -> &'static str {
        match self {
            Force::Indicative => "a plain statement",
            Force::Soft => "soft language",
            Force::Permissive => "a permission",
            Force::Mandatory => "mandatory language",
        }
    }
}

/// The polarity and force of a sentence at one position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Polarity {
    /// An odd number of negations governs the word.
    pub negated: bool,
    /// Two negations cancelled ("no member shall be prohibited from").
    pub double_negative: bool,
    pub force: Force,
    /// The negation cues that were counted, as written.
    pub cues: Vec<String>,
}

/// What part of a sentence a byte range belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The main assertion.
    Main,
    /// An `unless` / `except` / `only if` exception.
    Exception,
    /// A leading condition ("When ICE asks the Department to hold a person,").
    Condition,
}

/// A sentence split into main text, exceptions and leading conditions.
#[derive(Debug, Clone)]
pub struct Scopes {
    /// (start, end, scope), covering the sentence in order.
    pub parts: Vec<(usize, usize, Scope)>,
}

impl Scopes {
    /// The part `pos` falls in: (start, end, scope).
    pub fn part_at(&self, pos: usize) -> Option<(usize, usize, Scope)> {
        self.parts
            .iter()
            .copied()
            .find(|&(s, e, _)| pos >= s && pos < e)
    }

    pub fn scope_at(&self, pos: usize) -> Scope {
        self.part_at(pos).map_or(Scope::Main, |p| p.2)
    }

    /// The text of every exception part, in order.
    pub fn exceptions<'t>(&self, text: &'t str) -> Vec<(usize, &'t str)> {
        self.parts
            .iter()
            .filter(|p| p.2 == Scope::Exception)
            .map(|&(s, e, _)| (s, &text[s..e]))
            .collect()
    }

    /// The main text with exceptions and conditions blanked out (same
    /// length, so offsets still line up).
    pub fn main_only(&self, text: &str) -> String {
        let mut out: Vec<u8> = text.as_bytes().to_vec();
        for &(s, e, sc) in &self.parts {
            if sc != Scope::Main {
                for b in &mut out[s..e] {
                    if b.is_ascii() {
                        *b = b' ';
                    }
                }
            }
        }
        String::from_utf8(out).unwrap_or_else(|_| text.to_string())
    }
}

use crate::pattern::cached as re;

fn exception_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(?:unless|except(?:ing)?(?:\s+(?:where|when|that|as|for|if|to))?|absent|other\s+than|only\s+(?:if|when|after|upon|with|where|in)|provided\s+(?:that|however)|but\s+may|however,?\s+(?:an?\s+)?(?:\w+\s+)?may|save\s+(?:where|when))\b",
    )
}

fn condition_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^\W*(?:(?:under|in|for|also|additionally|further(?:more)?|moreover|however|specifically)\b[^,;:]{0,60},\s*)?(?:when|whenever|if|upon|once|after|where|before|in\s+the\s+event)\b",
    )
}

fn boundary_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // A joint starts a new predicate only when a modal follows: straight
    // away after a bare "and"/"or" ("shall not respond ... and shall not
    // share"), or within a few words after a comma or semicolon (", and no
    // detention shall", ", and no inmate's release shall"). "No department
    // or official shall" and "arrest, detain, or transport" stay one
    // predicate. A verb that reports a law's force starts one as a modal
    // does ("prohibits blanket policies ... and prohibits any agency from
    // restricting").
    re(
        &R,
        r"(?i)([;:]\s*|,\s+(?:and|but|while|whereas|or)\s+)(?:\w+(?:['’]s?)?\s+){0,4}?(?:shall|will|must|may|should|can|is|are)\b|(\s+(?:and|but|or|whereas)\s+)(?:shall|will|must|may|should|can)\b|(\s+and\s+)(?:prohibits|bars|bans|forbids|requires|allows|permits|authori[sz]es)\b",
    )
}

fn negation_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(?:not|no|never|nothing|none|neither|nor|cannot|can['’]t|won['’]t|shan['’]t|don['’]t|doesn['’]t|isn['’]t|aren['’]t|prohibit\w*|forbid\w*|forbade|restrict\w*|preclud\w*|prevent\w*|refrain\w*|declin\w*|refus\w*|barred|avoid\w*|ceases?|discourag\w*|retaliat\w*|penali[sz]\w*|deterred|(?:lead|leads|result|results)\s+(?:\w+\s+){0,2}?(?:to|in)\s+(?:\w+\s+)?discipline|(?:grounds|cause|basis)\s+for\s+(?:\w+\s+)?discipline|subject\s+to\s+(?:\w+\s+)?discipline|bars?\s+(?:\w+\s+){0,4}?from|bans?|banned|stop(?:s|ped|ping)?\s+(?:\w+ing)|end(?:s|ed|ing)?\s+(?:its\s+|the\s+|their\s+)?(?:practice|policy|use)\s+of|discontinu\w*|disregard\w*|no\s+longer|(?:privileged|immune)\s+from|in\s+no\s+case|under\s+no\s+circumstances|limit\w*\s+(?:[\w'’]+\s+){0,3}?(?:exchange|communicat\w*|sharing|ability|enforcement|cooperation|sending|receiving|maintaining))\b",
    )
}

/// Words right after "not" / "no" that make it part of a description rather
/// than a negation of the act ("a person who is not lawfully present").
fn false_negation_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^(?:not|no)\s+(?:lawfully|legally|a\s+citizen|citizens|authorized\s+to\s+be|in\s+possession|documented|only|(?:be\s+)?limited\s+to|later|more|less|longer\s+than|sooner|speak|able\s+to\s+speak|English|U\.S\.|\d)|^no\.|^restricted\s+areas?|^(?:limit\w*|restrict\w*)\s+to\b|^prevent\w*\s+(?:the\s+)?(?:escape|injury|harm|destruction|loss)",
    )
}

fn modal_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(?:shall|must|will|is\s+required|are\s+required|required\s+to|is\s+to|are\s+to|is\s+directed|are\s+directed|is\s+prohibited|are\s+prohibited|prohibited|may\s+not|cannot|can\s+not|in\s+no\s+case|under\s+no\s+circumstances|never|is\s+responsible|are\s+responsible|should|encouraged|committed\s+to|commitment\s+to|strive|endeavou?r|whenever\s+possible|ought|is\s+expected|are\s+expected|avoid|may|can|could|is\s+authori[sz]ed|are\s+authori[sz]ed|authori[sz]ed\s+to|is\s+permitted|are\s+permitted|permitted\s+to|is\s+allowed|are\s+allowed|allowed\s+to|ha(?:s|ve)\s+(?:the\s+)?authority|ha(?:s|ve)\s+discretion|discretion|is\s+free\s+to|need\s+not|does\s+not\s+need|not\s+(?:be\s+)?required\s+to|prohibits|bars|bans|forbids|prevents|precludes|requires|mandates|directs|instructs|allows|permits|authori[sz]es|lets|enables)\b",
    )
}

fn force_of(word: &str) -> Force {
    let w = word.to_ascii_lowercase();
    let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
    match w.as_str() {
        "should" | "encouraged" | "committed to" | "commitment to" | "strive" | "endeavor"
        | "endeavour" | "whenever possible" | "ought" | "is expected" | "are expected"
        | "avoid" => Force::Soft,
        "may" | "can" | "could" | "need not" | "does not need" | "not required to"
        | "not be required to" | "discretion" | "allows" | "permits" | "lets" | "enables" => {
            Force::Permissive
        }
        _ if w.contains("authori") || w.contains("permitted") || w.contains("allowed") => {
            Force::Permissive
        }
        _ if w.contains("authority") || w.contains("discretion") || w.contains("free to") => {
            Force::Permissive
        }
        _ => Force::Mandatory,
    }
}

/// Splits a sentence into its main assertion, leading condition and
/// exceptions.
pub fn scopes(text: &str) -> Scopes {
    let mut parts = Vec::new();
    let mut main_start = 0;
    // A leading condition runs to the first comma after its opening word
    // (and takes in a short phrase before it: "Under the measure, if ...").
    if let Some(m) = condition_re().find(text)
        && let Some(comma) = text[m.end()..].find(',').map(|c| m.end() + c)
        && comma < 200
    {
        parts.push((0, comma + 1, Scope::Condition));
        main_start = comma + 1;
    }
    // A leading "Unless ..., " exception likewise.
    let lead = &text[main_start..];
    if let Some(m) = exception_re().find(lead)
        && lead[..m.start()].trim().is_empty()
        && let Some(mut comma) = lead.find(',')
    {
        // "Unless presented with a court order, or acting for ..., no one
        // shall": the exception goes on over coordinated parts, and over
        // further purposes or conditions ("Except as required to issue a
        // license, as necessary for a travel program, or to ...").
        while let Some(next) = lead[comma + 1..].find(',') {
            let part = lead[comma + 1..].trim_start().to_ascii_lowercase();
            let word = part.split_whitespace().next().unwrap_or("");
            if matches!(
                word,
                "or" | "and" | "as" | "to" | "for" | "when" | "where" | "if" | "in" | "pursuant"
            ) {
                comma = comma + 1 + next;
            } else {
                break;
            }
        }
        parts.push((main_start, main_start + comma + 1, Scope::Exception));
        main_start += comma + 1;
    }
    let mut cursor = main_start;
    for m in exception_re().find_iter(&text[main_start..]) {
        let s = main_start + m.start();
        if s < cursor {
            continue;
        }
        // "personal information other than immigration status": right
        // after a noun, "other than" narrows the noun, not the rule.
        if restricts_a_noun(text, s, m.as_str()) {
            continue;
        }
        // The exception runs to the end of the sentence, to a semicolon,
        // or through the colon that closes a lead-in ("..., except as
        // federal law prohibits: (1) sending ..."): the list is no part of it.
        let end = match text[s..].find([';', ':']) {
            Some(i) if text[s + i..].starts_with(':') => s + i + 1,
            Some(i) => s + i,
            None => text.len(),
        };
        if s > cursor {
            parts.push((cursor, s, Scope::Main));
        }
        parts.push((s, end, Scope::Exception));
        cursor = end;
    }
    if cursor < text.len() {
        parts.push((cursor, text.len(), Scope::Main));
    }
    Scopes { parts }
}

/// Whether the exception word at `s` ("other than", "excluding") follows
/// a noun with no comma between: it narrows that noun.
fn restricts_a_noun(text: &str, s: usize, word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    if !w.starts_with("other") {
        return false;
    }
    let before = text[..s].trim_end();
    !before.is_empty() && !before.ends_with([',', ';', ':', '(', '—', '–'])
}

/// Spans of words carved out of a list of objects: "personal information
/// other than citizenship or immigration status, home address ..." leaves
/// the status out. Each runs from the carving words to the next comma or
/// semicolon.
pub fn carved_out(text: &str) -> Vec<(usize, usize)> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(?:other\s+than|excluding|not\s+including|with\s+the\s+exception\s+of)\b[^,;]*",
    )
    .find_iter(text)
    .filter(|m| {
        let before = text[..m.start()].trim_end();
        !before.is_empty() && !before.ends_with([',', ';', ':'])
    })
    .map(|m| (m.start(), m.end()))
    .collect()
}

/// The polarity and force that govern the word at `pos`.
pub fn polarity_at(text: &str, pos: usize) -> Polarity {
    polarity_span(text, pos, pos)
}

/// The polarity and force that govern the words at `pos..end`; negation
/// cues inside the words themselves count ("decline requests").
pub fn polarity_span(text: &str, pos: usize, end: usize) -> Polarity {
    polarity_span_in(text, &scopes(text), pos, end)
}

/// [`polarity_span`] with the text's [`scopes`] already found, for a
/// caller that asks about several places in one text.
pub fn polarity_span_in(text: &str, sc: &Scopes, pos: usize, end: usize) -> Polarity {
    let pos = pos.min(text.len());
    let end = end.clamp(pos, text.len());
    // The window runs from the last boundary (or scope start) before `pos`.
    let mut scope_start = sc.part_at(pos).map_or(0, |p| p.0);
    // A list item read after its lead-in takes the lead-in's predicate,
    // across the exception that closed it ("shall not restrict an agency
    // from the following, except as federal law prohibits: (4) using ...").
    let mut skipped: Option<(usize, usize)> = None;
    if let Some(k) = sc.parts.iter().position(|p| p.0 == scope_start)
        && k >= 2
        && sc.parts[k].2 == Scope::Main
        && sc.parts[k - 1].2 == Scope::Exception
        && sc.parts[k - 2].2 == Scope::Main
        && text[..sc.parts[k - 1].1].ends_with(':')
    {
        skipped = Some((sc.parts[k - 1].0, sc.parts[k - 1].1));
        scope_start = sc.parts[k - 2].0;
    }
    let mut start = scope_start;
    for c in boundary_re().captures_iter(&text[scope_start..]) {
        let Some(joint) = c.get(1).or_else(|| c.get(2)).or_else(|| {
            // "restricts and prohibits": two verbs of one predicate.
            c.get(3).filter(|j| {
                let before = &text[scope_start..scope_start + j.start()];
                let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
                !negation_re().is_match(last) && !modal_re().is_match(last)
            })
        }) else {
            continue;
        };
        if scope_start + joint.end() > pos {
            break;
        }
        start = scope_start + joint.end();
    }
    // "The county reaffirms that no resources will be used": what a text
    // is reported to say has its own negations, whatever came before.
    if let Some(m) = report_that_re().find_iter(&text[start..pos]).last() {
        start += m.end();
    }
    let window = &text[start..pos];
    let cue_window = &text[start..end];
    let embedded = relative_clauses(cue_window);

    let mut cues = Vec::new();
    let mut last_end: Option<usize> = None;
    let mut count = 0;
    for m in negation_re().find_iter(cue_window) {
        if false_negation_re().is_match(&cue_window[m.start()..]) {
            continue;
        }
        // "the Violence Prevention Act": a capitalised noun inside a
        // sentence names something.
        if m.start() > 0
            && m.as_str().starts_with(|c: char| c.is_ascii_uppercase())
            && m.as_str().ends_with("ion")
        {
            continue;
        }
        if skipped.is_some_and(|(a, b)| start + m.start() >= a && start + m.start() < b) {
            continue;
        }
        // A negation inside an embedded relative clause ("a detainer that is
        // not accompanied by a warrant shall ...") describes, not negates.
        if embedded
            .iter()
            .any(|&(s, e)| m.start() >= s && m.start() < e)
        {
            continue;
        }
        // Coordinated cues ("prohibited or restricted") count once.
        let joined = last_end.is_some_and(|le| {
            let gap = cue_window[le..m.start()].trim().to_ascii_lowercase();
            gap == "or"
                || gap == "and"
                || gap == ","
                || gap == ", or"
                || gap == "nor"
                || coordinated_adverb_re().is_match(&gap)
        });
        if !joined {
            count += 1;
        }
        cues.push(m.as_str().to_string());
        last_end = Some(m.end());
    }
    let mut force = Force::Indicative;
    let mut modal_at = None;
    for m in modal_re().find_iter(window) {
        force = force_of(m.as_str());
        modal_at = Some(m.start());
    }
    // "No deputy may hold ...": a negated subject before "may" forbids;
    // only a negation after it ("may decline") leaves discretion.
    if force == Force::Permissive
        && count % 2 == 1
        && let Some(at) = modal_at
        && subject_negation_re().find(&window[..at]).is_some()
    {
        force = Force::Mandatory;
    }
    // "may not" and "cannot" forbid; "may decline" is a soft protection.
    let lower = window.to_ascii_lowercase();
    if force == Force::Permissive
        && (lower.contains("may not") || lower.contains("cannot") || lower.contains("can not"))
    {
        force = Force::Mandatory;
    }
    // "is not permitted" forbids as firmly as "shall not".
    if force == Force::Permissive && not_permitted_re().is_match(window) {
        force = Force::Mandatory;
    }
    // Cues such as "prohibited" carry mandatory force on their own.
    if force == Force::Indicative
        && cues
            .iter()
            .any(|c| c.to_ascii_lowercase().starts_with("prohibit"))
    {
        force = Force::Mandatory;
    }
    Polarity {
        negated: count % 2 == 1,
        double_negative: count >= 2 && count % 2 == 0,
        force,
        cues,
    }
}

/// A predicate that forbids its subject outright: "is strictly prohibited",
/// "shall be prohibited", "are not permitted".
fn banned_predicate_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\s(?:is|are|shall\s+be|will\s+be)\s+(?:\w+ly\s+)?(?:prohibited|forbidden|banned|not\s+(?:be\s+)?(?:permitted|allowed|tolerated|authori[sz]ed))\b",
    )
}

/// A passive predicate that says whether the act named in a sentence's
/// subject happens, or happens on some basis: "shall not be based on",
/// "shall never be conducted", "may be initiated".
fn passive_predicate_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^(shall|must|will|may|should|can)(?:(not)|\s+(not|never))?\s+(?:\w+ly\s+)?be\s+(?:\w+ly\s+)?(?:based|motivated|premised|grounded|conducted|initiated|undertaken|performed|carried\s+out|made|used|done)\b",
    )
}

/// The polarity of an act named in the subject of its sentence ("Traffic
/// stops shall not be based on race", "No enforcement action shall be
/// based on immigration status"): the act's own words carry no modal, so
/// the predicate after them says whether it may happen. The act's words
/// are `start..end`; `subject_negated` says whether a negation comes before
/// them ("No"). `None` unless the act stands in the subject itself (not in
/// a relative clause), the subject runs without a clause break into such a
/// predicate, and the whole forbids the act or merely permits it ("Stops
/// may be based on immigration status") with no negation after it. Any
/// other affirmed reading is left to the usual one, which does not mistake
/// "stops shall be based on violations, not on race" for an order to stop
/// by race.
pub fn subject_act_polarity(
    text: &str,
    sc: &Scopes,
    start: usize,
    end: usize,
    subject_negated: bool,
) -> Option<Polarity> {
    let end = end.min(text.len());
    let start = start.min(end);
    let (scope_start, scope_end) = sc.part_at(start).map_or((0, text.len()), |p| (p.0, p.1));
    if relative_re().is_match(&text[scope_start..start]) || end > scope_end {
        return None;
    }
    let rest = &text[end..scope_end];
    // "Bias-based profiling is strictly prohibited": the predicate forbids
    // the act named before it.
    if let Some(ban) = banned_predicate_re().find(rest) {
        let subject_tail = &rest[..ban.start()];
        if subject_tail.len() <= 160
            && !subject_tail.contains([';', ':', ','])
            && !relative_re().is_match(subject_tail)
            && !negation_re().is_match(subject_tail)
            && !subject_negated
        {
            return Some(Polarity {
                negated: true,
                double_negative: false,
                force: Force::Mandatory,
                cues: vec![ban.as_str().trim().to_string()],
            });
        }
    }
    let modal = clause_modal_re().find(rest)?;
    let subject_tail = &rest[..modal.start()];
    if subject_tail.len() > 160
        || subject_tail.contains([';', ':'])
        || relative_re().is_match(subject_tail)
        || negation_re().is_match(subject_tail)
    {
        return None;
    }
    let predicate = passive_predicate_re().captures(&rest[modal.start()..])?;
    // "cannot" is written as one word; "shall not", "may never" as two.
    let predicate_negated = predicate.get(2).is_some() || predicate.get(3).is_some();
    let negated = subject_negated != predicate_negated;
    if !negated {
        // "Stops may be based on immigration status" permits the act; an
        // affirmed predicate is read so only when it merely permits and
        // nothing after it negates ("may be based on violations, not on
        // race"). Any other affirmed reading is left to the usual one.
        let after = &rest[modal.start() + predicate.get(0)?.end()..];
        let permits = force_of(predicate.get(1)?.as_str()) == Force::Permissive;
        return (permits && !negation_re().is_match(after)).then(|| Polarity {
            negated: false,
            double_negative: false,
            force: Force::Permissive,
            cues: Vec::new(),
        });
    }
    // Forbidding, every modal here binds ("may not", "No ... may be"),
    // except "should", which advises.
    let force = match force_of(predicate.get(1)?.as_str()) {
        Force::Soft => Force::Soft,
        _ => Force::Mandatory,
    };
    Some(Polarity {
        negated: true,
        double_negative: false,
        force,
        cues: vec![predicate.get(0)?.as_str().to_string()],
    })
}

/// Whether the modal that governs `pos` directs or permits anything in
/// the policy. Not "may include" or "can result in" (what something may
/// consist of or lead to), and not what a federal agency can or will do
/// ("ICE can then take enforceable action", "the FBI will share it with
/// ICE"): a description of someone else's acts binds no local official.
pub fn directs_here(text: &str, pos: usize) -> bool {
    static EPISTEMIC: OnceLock<Regex> = OnceLock::new();
    static LOCAL: OnceLock<Regex> = OnceLock::new();
    let before = &text[..pos.min(text.len())];
    let Some(m) = clause_modal_re().find_iter(before).last() else {
        return true;
    };
    let epistemic = re(
        &EPISTEMIC,
        r"(?i)^\s+(?:also\s+|then\s+|well\s+|often\s+|sometimes\s+)?(?:include|includes|involve|mean|result|lead|occur|happen|arise|vary|differ|depend|affect|range|cause|entail)\b",
    );
    if epistemic.is_match(&text[m.end()..]) {
        return false;
    }
    let modal = m.as_str().to_ascii_lowercase();
    if !matches!(modal.as_str(), "can" | "could" | "will" | "would") {
        return true;
    }
    // "ICE will continue to have access to the jail": the agency receives
    // what the facility gives.
    static RECEIVES: OnceLock<Regex> = OnceLock::new();
    let receives = re(
        &RECEIVES,
        r"(?i)^\s+(?:not\s+)?(?:continue\s+to\s+)?(?:have|be|receive|get|gain|obtain|enter|interview|visit|meet|access|use|stay|remain|work|operate)\b",
    );
    if receives.is_match(&text[m.end()..]) {
        return true;
    }
    let subject = before[..m.start()]
        .rsplit([';', ':'])
        .next()
        .unwrap_or_default();
    let local = re(
        &LOCAL,
        r"(?i)\b(?:officers?|deput\w+|departments?|sheriff\w*|jails?|county|city|town|staff|employees?|members?|personnel|police|local|municipal\w*|state)\b",
    );
    !federal_re().is_match(subject) || local.is_match(subject)
}

/// Federal agencies and their people, by name.
fn federal_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"\b(?:ICE|CBP|DHS|FBI|HSI|ERO|USCIS|Border\s+Patrol|Immigration\s+and\s+Customs\s+Enforcement|Customs\s+and\s+Border\s+Protection|(?i:homeland\s+security|federal\s+(?:government|authorities|agents|officers|officials|agency|agencies|immigration\s+\w+)|immigration\s+(?:agents|officers|officials|authorities)|agents\s+of\s+the\s+United\s+States))\b",
    )
}

/// Whether the act at `pos` is one that federal agents are let do:
/// "permitting such agents to meet with inmates and to inquire as to their
/// right to remain", "allow ICE officers to question". The agents are
/// named by agency, or as "such agents" after an agency was named.
pub fn given_to_federal_agents(text: &str, pos: usize) -> bool {
    static LET: OnceLock<Regex> = OnceLock::new();
    let let_do = re(
        &LET,
        r"(?i)\b(?:permit\w*|allow\w*|enabl\w*|authori[sz]\w*|invit\w*)\s+(?:such\s+|the\s+|these\s+|those\s+)?(\w+(?:\s+\w+){0,5}?)\s*,?\s+(?:[\w’'\-]+[\s,]+){0,12}?to\b",
    );
    let before = &text[..pos.min(text.len())];
    let Some(c) = let_do.captures_iter(before).last() else {
        return false;
    };
    let who = c.get(1).map_or("", |m| m.as_str());
    let named = federal_re().is_match(who)
        || who.to_ascii_lowercase().contains("agent") && federal_re().is_match(before);
    // Nothing between the grant and the act hands it back to local staff.
    let after = &before[c.get(0).map_or(0, |m| m.end())..];
    named && !clause_modal_re().is_match(after)
}

/// "prohibit or in any way restrict", "limit or otherwise restrict": one
/// negation said twice.
fn coordinated_adverb_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^,?\s*(?:or|and|nor)\s+(?:in\s+any\s+(?:way|manner)|otherwise|in\s+any\s+other\s+way|any\s+way)$",
    )
}

/// A verb reporting what a text or body says, with its "that".
fn report_that_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(?:states|stated|says|said|affirms|affirmed|reaffirms|reaffirmed|declares|declared|announced|resolves|resolved)\s+that\b",
    )
}

fn subject_negation_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)\b(?:no|nothing|none|neither|never)\b")
}

fn not_permitted_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\bnot\s+(?:be\s+)?(?:permitted|allowed|authori[sz]ed)\b",
    )
}

fn relative_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)\b(?:who|whom|whose|that|which)\b")
}

fn clause_modal_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(?:shall|will|must|may|should|can|cannot|could|would)\b",
    )
}

/// Words after which "that" opens a complement clause.
const COMPLEMENT_VERBS: &[&str] = &[
    "ensure",
    "ensures",
    "provide",
    "provides",
    "provided",
    "require",
    "requires",
    "required",
    "state",
    "states",
    "stating",
    "mean",
    "means",
    "determine",
    "believe",
    "believes",
    "inform",
    "tell",
    "advise",
    "notify",
    "certify",
    "indicate",
    "indicates",
    "show",
    "verify",
    "confirm",
    "so",
    "such",
    "direct",
    "directs",
    "order",
    "orders",
    "declare",
    "declares",
    "find",
    "finds",
    "recognize",
    "recognizes",
    "agree",
    "agrees",
    "understand",
    "clear",
    "assure",
    "except",
    "unless",
    "affirm",
    "affirms",
    "affirmed",
    "reaffirm",
    "reaffirms",
    "reaffirmed",
    "stated",
    "says",
    "said",
    "announced",
    "declared",
    "decided",
    "resolve",
    "resolves",
    "resolved",
    "ordered",
    "directed",
    "mandates",
    "mandated",
    "specifies",
    "stipulates",
    "clarifies",
    "acknowledges",
];

/// Whether a "that" after `before` opens a complement clause ("ensure
/// that", "states that") rather than a relative clause.
fn opens_complement(before: &str) -> bool {
    let prev = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    COMPLEMENT_VERBS.contains(&prev.as_str())
}

/// Byte ranges of relative clauses that end before a later modal in
/// `window` ("No person [who is not ...] shall be detained"): their words
/// belong to the subject, not to the predicate being judged.
fn relative_clauses(window: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for r in relative_re().find_iter(window) {
        // "ensure that ...", "provided that ...": a complement, not a
        // relative clause; its negations are the predicate's own.
        if opens_complement(&window[..r.start()]) {
            continue;
        }
        let rest = &window[r.end()..];
        // "that no resources will be used": a negative determiner opens the
        // subject of a complement clause, never a relative clause.
        if subject_negation_re().find(rest).is_some_and(|m| {
            rest[..m.start()]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .is_empty()
        }) {
            continue;
        }
        // It ends at the modal of the sentence it sits in, at a semicolon,
        // or where a new infinitive joins on (", or to have access"); a
        // list of nouns may stand inside it ("a policy that prohibits an
        // entity, official, or employee from: ...").
        static JOINT: OnceLock<Regex> = OnceLock::new();
        let joint = re(&JOINT, r",\s+(?:or|and)\s+to\s|;");
        let to_modal = clause_modal_re().find(rest).map(|m| m.start());
        let to_semicolon = joint.find(rest).map(|m| m.start());
        let end = match (to_modal, to_semicolon) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // "a resolution that states that no resources will be used": the
        // relative clause ends where a complement opens inside it, and the
        // modal belongs to the complement.
        let end = end.map(|e| {
            relative_re()
                .find_iter(&rest[..e])
                .find(|t| opens_complement(&rest[..t.start()]))
                .map_or(e, |t| t.start())
        });
        // A relative clause that runs to the end of the window holds the
        // words being judged; its negations are theirs.
        if let Some(e) = end {
            let words = rest[..e].split_whitespace().count();
            if (1..=25).contains(&words) {
                out.push((r.start(), r.end() + e));
            }
        }
    }
    out
}

/// The soft qualifiers in the main text, as written: each weakens a
/// clause unless the model itself uses it.
pub fn soft_qualifiers(main: &str) -> impl Iterator<Item = &str> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(?:should|encouraged|generally|whenever\s+possible|when\s+possible|if\s+possible|to\s+the\s+extent\s+(?:possible|practicable|feasible)|strive|endeavou?r|make\s+every\s+effort|ideally)\b",
    )
    .find_iter(main)
    .map(|m| m.as_str())
}

/// A definition ("'Detainer' means ...") imposes nothing.
pub fn is_definition(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    static WORDS: OnceLock<Regex> = OnceLock::new();
    // Each form below holds one of these words. Most sentences hold none,
    // and this search is far quicker than the whole pattern.
    let may_define = re(
        &WORDS,
        r"(?i)mean|refers\s+to|defined\s+as|includes\s+any|is\s+a\s",
    );
    if !may_define.is_match(text) {
        return is_glossary_entry(text);
    }
    // "The vote means ICE officers can stay", "this means that ...": a
    // consequence, not what a word means.
    static CONSEQUENCE: OnceLock<Regex> = OnceLock::new();
    if re(
        &CONSEQUENCE,
        r"(?i)^\W*(?:(?:the|this|that|its|their)\s+(?:vote|decision|change|move|ruling|action|approval|agreement|shift|step)\s+means|(?:this|that|it)\s+means)\b|\bmeans\s+that\b",
    )
    .is_match(text)
    {
        return false;
    }
    re(
        &R,
        r#"^\W{0,3}["“]?[A-Za-z][\w \-/()'’.&]{0,70}["”]?\s*(?:\(\w{1,8}\)\s*)?:?\s*(?:means|shall\s+mean|refers\s+to|is\s+defined\s+as|has\s+the\s+meaning|includes\s+any|is\s+a\s+(?:written\s+)?(?:request|form|document|notice)\b)"#,
    )
    .is_match(text)
        || is_glossary_entry(text)
}

/// A glossary entry: a short capitalized term, a dash or colon, and a
/// description that directs nothing ("Unfounded - The investigation shows
/// the act did not occur", "Incomplete: A matter in which ..."). A heading
/// word before a rule ("Detainers - The jail shall not honor ...") is no
/// glossary entry: it has a modal verb.
fn is_glossary_entry(text: &str) -> bool {
    static TERM: OnceLock<Regex> = OnceLock::new();
    static MODAL: OnceLock<Regex> = OnceLock::new();
    re(
        &TERM,
        r"^\W{0,3}[A-Z][\w'’/]*(?:\s+(?:of|and|or|[A-Z(][\w'’/)]*)){0,3}\s*(?:\s[-–—]|:)\s+(?:A|An|The|When|Where|Any)\b",
    )
    .is_match(text)
        && !re(
            &MODAL,
            r"(?i)\b(?:shall|must|will|may|should|cannot|is\s+to|are\s+to|is\s+required|are\s+required|prohibited)\b",
        )
        .is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, word: &str) -> Polarity {
        polarity_at(text, text.find(word).expect("word in text"))
    }

    #[test]
    fn shall_not_negates_and_is_mandatory() {
        let p = at(
            "Officers shall not detain any person on a detainer.",
            "detain",
        );
        assert!(p.negated);
        assert_eq!(p.force, Force::Mandatory);
    }

    #[test]
    fn shall_affirms() {
        let p = at("Officers shall detain any person on a detainer.", "detain");
        assert!(!p.negated);
        assert_eq!(p.force, Force::Mandatory);
    }

    #[test]
    fn no_subject_negates() {
        assert!(
            at(
                "No member shall inquire about immigration status.",
                "inquire"
            )
            .negated
        );
    }

    #[test]
    fn double_negative_permits() {
        let p = at(
            "No agency may prohibit an officer from inquiring into immigration status.",
            "inquiring",
        );
        assert!(!p.negated);
        assert!(p.double_negative);
        let q = at(
            "No employee shall be prohibited or restricted from exchanging status information.",
            "exchanging",
        );
        assert!(!q.negated, "{q:?}");
    }

    #[test]
    fn each_coordinated_predicate_has_its_own_negation() {
        let t = "Officers shall not respond to ICE requests and shall not share any release date with ICE.";
        assert!(at(t, "share").negated);
        let t2 =
            "No person shall be detained, and no detention shall be prolonged, at ICE's request.";
        assert!(at(t2, "detention").negated);
        assert!(at(t2, "prolonged").negated);
        let t3 = "No official shall arrest, detain, or transport a person on a detainer.";
        assert!(at(t3, "transport").negated);
    }

    #[test]
    fn relative_clause_negation_belongs_to_the_subject() {
        let t = "A detainer that is not accompanied by such a warrant shall be returned with a note that it cannot be honored.";
        assert!(at(t, "honored").negated);
        let t2 = "No person who is held on a detainer shall be detained past release.";
        assert!(at(t2, "detained").negated);
        let t3 = "Staff shall ensure that no person shall be held on a detainer.";
        assert!(at(t3, "held").negated);
    }

    #[test]
    fn coordinated_subjects_keep_their_negation() {
        let t = "No City department or City official shall authorize or engage in surveillance of any group.";
        assert!(at(t, "surveillance").negated);
        let t2 = "County personnel shall not permit agents to enter any facility that is not open to the public, or to have access to any person in custody.";
        assert!(at(t2, "access").negated);
    }

    #[test]
    fn negation_after_the_word_does_not_count() {
        assert!(
            !at(
                "Officers may detain a person who is not a citizen.",
                "detain"
            )
            .negated
        );
    }

    #[test]
    fn description_not_is_not_negation() {
        let p = at(
            "A person who is not lawfully present shall be detained.",
            "detained",
        );
        assert!(!p.negated, "{p:?}");
    }

    #[test]
    fn soft_and_permissive_forces() {
        assert_eq!(
            at("Officers should not detain anyone.", "detain").force,
            Force::Soft
        );
        let p = at(
            "Staff may decline ICE requests for release dates.",
            "requests",
        );
        assert!(p.negated);
        assert_eq!(p.force, Force::Permissive);
        assert_eq!(
            at("Members may not ask about status.", "ask").force,
            Force::Mandatory
        );
    }

    #[test]
    fn exceptions_and_conditions_are_scoped() {
        let t = "Officers shall not detain anyone unless a judge signed a warrant.";
        let s = scopes(t);
        assert_eq!(s.scope_at(t.find("detain").unwrap()), Scope::Main);
        assert_eq!(s.scope_at(t.find("judge").unwrap()), Scope::Exception);
        let t2 = "When Border Patrol asks the Department to hold a person, officers shall keep the person.";
        let s2 = scopes(t2);
        assert_eq!(s2.scope_at(t2.find("hold").unwrap()), Scope::Condition);
        assert_eq!(s2.scope_at(t2.find("keep").unwrap()), Scope::Main);
        assert!(!polarity_at(t2, t2.find("keep").unwrap()).negated);
        let t3 =
            "Unless acting under a court order, no official shall permit ICE access to the jail.";
        let s3 = scopes(t3);
        assert_eq!(s3.scope_at(t3.find("court").unwrap()), Scope::Exception);
        assert!(polarity_at(t3, t3.find("permit").unwrap()).negated);
    }

    #[test]
    fn definitions_are_recognised() {
        assert!(is_definition(
            "\"Detainer\" means a request from ICE to hold a person."
        ));
        assert!(is_definition("Immigration detainer refers to Form I-247."));
        assert!(!is_definition("Officers shall not honor a detainer."));
        assert!(is_definition(
            "Incomplete - A matter in which the complainant refuses to provide enough information to allow an investigation."
        ));
        assert!(is_definition(
            "Not Sustained: The investigation could neither prove nor disprove the allegation."
        ));
        assert!(!is_definition(
            "Detainers - The jail shall not hold anyone on a detainer alone."
        ));
        assert!(!is_definition(
            "Booking: The jail will not delay release for a civil hold."
        ));
    }
}

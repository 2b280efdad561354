//! What standing a sentence has in its document: does it operate (direct,
//! forbid or permit something), or does it give reasons, state an aim,
//! define a word, limit the policy's own reach, quote somebody's opinion or
//! imagine what could happen? Only operative text decides a verdict.
//!
//! Like [`super::polarity`], this is how policies are written, not what
//! any rule asks: the words are the same for every rule set.

use crate::pattern::cached as re;
use regex::Regex;
use std::sync::OnceLock;

/// A sentence's standing. Only [`Standing::Operative`],
/// [`Standing::Reported`] and [`Standing::Proviso`] can decide anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standing {
    /// Directs, forbids or permits.
    #[default]
    Operative,
    /// Describes what a policy or law does ("The act prohibits officers
    /// from ...", "This bill would require ..."), with the force it reports.
    Reported,
    /// "Nothing in this section prevents ...": limits the policy's reach.
    /// It can preserve something (the 1373 rule) but directs nothing.
    Proviso,
    /// "WHEREAS ...", "The Council finds that ...".
    Recital,
    /// "The purpose of this order is to ...", text under a PURPOSE heading.
    Purpose,
    /// "'Detainer' means ...".
    Definition,
    /// Someone's words in quotation marks, attributed ("..., the mayor said").
    Opinion,
    /// What could or might happen, said in a subordinate part.
    Hypothetical,
}

impl Standing {
    /// Whether a sentence of this standing can decide a verdict.
    pub fn decides(self) -> bool {
        matches!(
            self,
            Standing::Operative | Standing::Reported | Standing::Proviso
        )
    }

    /// Whether it can direct or permit what a rule forbids.
    pub fn can_conflict(self) -> bool {
        matches!(self, Standing::Operative | Standing::Reported)
    }

    pub fn word(self) -> &'static str {
        match self {
            Standing::Operative => "operative",
            Standing::Reported => "reported (describes what the policy does)",
            Standing::Proviso => "a proviso (limits the policy's own reach)",
            Standing::Recital => "a recital or finding",
            Standing::Purpose => "a statement of purpose",
            Standing::Definition => "a definition",
            Standing::Opinion => "an opinion or advice",
            Standing::Hypothetical => "hypothetical (what could happen)",
        }
    }

    /// Why a sentence of this standing decides nothing, for `explain`.
    pub fn why_nothing(self) -> &'static str {
        match self {
            Standing::Recital => "a recital or finding gives reasons; it decides nothing",
            Standing::Purpose => {
                "a statement of purpose says what the policy aims at; it decides nothing"
            }
            Standing::Definition => "a definition says what a word means; it decides nothing",
            Standing::Opinion => {
                "quoted words of a person, or advice a body gave, are not the policy"
            }
            Standing::Hypothetical => "says what could happen, not what the policy directs",
            _ => "",
        }
    }
}

/// Headings whose text gives reasons, aims or meanings ("FINDINGS",
/// "415.1 PURPOSE AND SCOPE", "DEFINITIONS", "Background").
fn heading_standing(heading: &str) -> Option<Standing> {
    static R: OnceLock<Regex> = OnceLock::new();
    let h = re(
        &R,
        r"(?i)^[\W\d.]*(?:(?:section|article|chapter|part)\s+[\w.\-]+[.:\s-]+)?(?:(legislative\s+)?(?:findings|intent|declarations?)|(purpose|purposes|policy\s+statement\s+and\s+purpose|statement\s+of\s+purpose)(?:\s+and\s+(?:scope|intent|findings))?|(background|recitals|preamble|discussion|fiscal\s+impact)|(definitions?|terms\s+used))\W*$",
    );
    let c = h.captures(heading.trim())?;
    Some(if c.get(2).is_some() {
        Standing::Purpose
    } else if c.get(4).is_some() {
        Standing::Definition
    } else {
        Standing::Recital
    })
}

fn recital_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^\W*(?:and\s+|now,?\s+therefore,?\s+)?whereas\b|(?-i:\bWHEREAS\b|\bWhereas,)|^\W*(?:the\s+)?(?:\w+\s+){0,4}?(?:council|board|legislature|general\s+assembly|commission|people|congress)(?:\s+of\s+(?:\w+\s+){0,3}?\w+)?\s+(?:hereby\s+)?(?:finds|found|declares|recognizes)\b|^\W*(?:in\s+[\w ,]{1,24}?,\s+)?(?:the\s+)?(?:U\.?S\.?\s+|United\s+States\s+)?(?:congress|supreme\s+court)\s+(?:\w+\s+)?(?:passed|enacted|created|adopted|established|amended|ruled|held|decided)\b",
    )
}

/// "The purpose of this order is to ...", "This policy is intended to
/// ...", and a bare infinitive of aim at the start ("To establish
/// guidelines for ..."). ("Nothing in this policy is intended to ..." is
/// no such statement: it limits the policy.)
pub fn states_a_purpose(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)(?:^\W{0,3}|(?-i:\bPURPOSE\b)\W{0,3})(?:purpose\W{1,3})?(?:the\s+(?:purpose|intent|goal|aim|objective)s?\s+of\s+(?:this|the)\b[^.;:]{0,60}?\s(?:is|are)\s+to\b|(?:this|the)\s+(?:policy|order|general\s+order|directive|procedure|section|chapter|ordinance|resolution|memo|memorandum)\s+(?:is|was)\s+(?:intended|designed|meant)\s+to\b|to\s+(?:establish|provide|set\s+forth|set\s+out|outline|describe|define)\s+(?:\w+\s+){0,3}?(?:guidelines|guidance|procedures|policy|policies|standards|direction)\b)",
    )
    .is_match(text)
}

fn proviso_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^\W*(?:provided,?\s+(?:however,?\s+)?that\s+)?nothing\s+(?:in|contained\s+in|herein)\b|^\W*(?:this|the)\s+(?:\w+\s+){0,2}?(?:section|subsection|policy|chapter|order|act|ordinance|article|directive|resolution|procedure)\s+(?:is|are|shall\s+be)\s+(?:not\s+)?(?:intended|meant|designed|to\s+be\s+(?:read|construed|interpreted))\s+(?:to\s+)?(?:comply|be\s+(?:read|construed|interpreted|applied)|violate|conflict|contravene|supersede|preempt|in\s+harmony|consistent|consistently)\b|^\W*(?:this|the\s+foregoing)\s+(?:section|subsection|policy|chapter|order|act|ordinance|article|directive|paragraph)\s+(?:does|shall)\s+not\s+(?:be\s+construed\s+to\s+)?(?:prohibit|prevent|restrict|limit|preclude|bar)\b",
    )
}

/// A quotation attributed to a speaker: `"...," the mayor said`,
/// `Bottoms said.`, `according to the sheriff`. Quoted policy text ("the
/// revised language states") is the policy, not an opinion.
fn is_opinion(text: &str) -> bool {
    static SAID: OnceLock<Regex> = OnceLock::new();
    static TEXTUAL: OnceLock<Regex> = OnceLock::new();
    let said = re(
        &SAID,
        r#"(?i)[”"’']\s*,?\s*(?:[\w.\-]+\s+){0,5}?(?:said|says|told|added|explained|noted|argued|stated|wrote|asked|warned|claimed|insisted)\b|\b(?:said|says|told\s+\w+|added|explained|noted|argued|warned|claimed)\s*[.”"]*\s*$|^\W*[“"][^”"]{20,}[”"]\s*,?\s*(?:[\w.\-]+\s+){0,5}?(?:said|says)\b"#,
    );
    let textual = re(
        &TEXTUAL,
        r#"(?i)[”"’']\s*,?\s*(?:the\s+)?(?:\w+\s+){0,2}?(?:language|text|policy|order|law|ordinance|directive|provision|statute|rule|resolution|memo|bill|act|section|agreement)\s+(?:states|stated|reads|read|says|said|provides|provided)\b"#,
    );
    static INSTITUTION: OnceLock<Regex> = OnceLock::new();
    // "..., the federal agency said": an institution describing what it
    // does reports the policy.
    let institution = re(
        &INSTITUTION,
        r#"(?i)[”"’']\s*,?\s*(?:the\s+|a\s+|an\s+)?(?:[\w.\-’']+\s+){0,3}?(?:agency|department|office|county|city|government|administration|bureau|division|program|statement|release|website|ICE|DHS|CBP)\s+(?:said|says|stated|states|explained|noted|wrote)\b"#,
    );
    static ADVISED: OnceLock<Regex> = OnceLock::new();
    // "the committee recommended that the city should no longer accept
    // detainees": advice someone gave, not what was adopted.
    let advised = re(
        &ADVISED,
        r"(?i)\b(?:recommended|suggested|urged|proposed|advised)\s+that\b",
    );
    advised.is_match(text)
        || said.is_match(text) && !textual.is_match(text) && !institution.is_match(text)
}

/// What could or might happen, said inside a subordinate part of the
/// sentence ("the prospect that residents could be detained", "before a
/// hearing could be held"), with no binding modal anywhere. "If arrested,
/// they could be held on a detainer" says what the policy allows, and
/// "would" often reports what a proposed law does: both are left to the
/// usual reading.
fn is_hypothetical(text: &str) -> bool {
    static MAYBE: OnceLock<Regex> = OnceLock::new();
    static BINDING: OnceLock<Regex> = OnceLock::new();
    static SUBORDINATE: OnceLock<Regex> = OnceLock::new();
    let maybe = re(&MAYBE, r"(?i)\b(?:could|might)\b");
    let binding = re(
        &BINDING,
        r"(?i)\b(?:shall|will|must|may|should|can|cannot|is\s+required|are\s+required|prohibited)\b",
    );
    let subordinate = re(
        &SUBORDINATE,
        r"(?i)\b(?:that|which|who|before|until|because|so|prospect|risk|fear|concern|concerns|whether|where|how|lest)\b",
    );
    if binding.is_match(text) {
        return false;
    }
    maybe.find_iter(text).any(|m| {
        let segment = text[..m.start()]
            .rsplit([',', ';', ':'])
            .next()
            .unwrap_or("");
        subordinate.is_match(segment)
    })
}

/// Reports what a document does, in the present tense or with "would":
/// "The act prohibits ...", "The bill would require ...", "HB 1124 bars
/// ...".
fn is_reported(text: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^\W*(?:[\w.\-’'()]+\s+){0,8}?(?:bill|act|law|measure|ordinance|order|directive|policy|resolution|proposal|initiative|proposition|legislation|statute|amendment|agreement|program)\s*(?:\([^)]{0,20}\)\s*)?,?\s*(?:also\s+|further\s+)?(?:would|prohibits|bars|bans|forbids|prevents|precludes|requires|mandates|directs|instructs|allows|permits|authorizes|authorises|limits|restricts)\b",
    )
    .is_match(text)
}

/// The standing of a sentence, with the lead-in that introduces it (its
/// list items share the lead-in's standing) and the nearest heading.
pub fn standing(text: &str, lead_in: Option<&str>, heading: Option<&str>) -> Standing {
    let own = standing_of(text);
    if own != Standing::Operative && own != Standing::Reported {
        return own;
    }
    if let Some(l) = lead_in {
        let from_lead = standing_of(l);
        if !from_lead.decides() {
            return from_lead;
        }
    }
    if let Some(h) = heading.and_then(heading_standing) {
        return h;
    }
    own
}

/// The standing of a sentence by its own words.
fn standing_of(text: &str) -> Standing {
    if recital_re().is_match(text) {
        Standing::Recital
    } else if super::polarity::is_definition(text) {
        Standing::Definition
    } else if proviso_re().is_match(text) {
        Standing::Proviso
    } else if states_a_purpose(text) {
        Standing::Purpose
    } else if is_opinion(text) {
        Standing::Opinion
    } else if is_reported(text) {
        Standing::Reported
    } else if is_hypothetical(text) {
        Standing::Hypothetical
    } else {
        Standing::Operative
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recitals_and_findings_decide_nothing() {
        for t in [
            "WHEREAS, the City has held that detainers are voluntary;",
            "The Board of Supervisors finds that local participation in immigration enforcement erodes trust.",
            "The City Council hereby declares that the police shall not be used to enforce civil immigration law.",
            // Federal history is background to a local policy.
            "In 2000, Congress passed a law to encourage victims to report crimes regardless of immigration status.",
            "The U.S. Supreme Court held in 2012 that officers may not hold a person solely to verify status.",
        ] {
            assert_eq!(standing(t, None, None), Standing::Recital, "{t}");
        }
    }

    #[test]
    fn list_items_share_their_lead_ins_standing() {
        let lead = "The Council finds that:";
        let item = "residents could be detained without a warrant at the request of ICE;";
        assert_eq!(standing(item, Some(lead), None), Standing::Recital);
        let lead2 = "\"Sanctuary policy\" means any rule that:";
        assert_eq!(
            standing(
                "limits officers from asking about status.",
                Some(lead2),
                None
            ),
            Standing::Definition
        );
        let lead3 = "No officer shall:";
        assert_eq!(
            standing(
                "ask any person about immigration status;",
                Some(lead3),
                None
            ),
            Standing::Operative
        );
    }

    #[test]
    fn purpose_statements_are_told_from_provisos() {
        assert!(states_a_purpose(
            "The purpose of this order is to ensure that members do not detain anyone on a detainer."
        ));
        assert!(states_a_purpose(
            "This policy is intended to keep members out of civil immigration enforcement."
        ));
        assert!(!states_a_purpose(
            "Nothing in this policy is intended to restrict the exchange of status information."
        ));
        assert!(!states_a_purpose(
            "Members shall not detain anyone on a detainer."
        ));
    }

    #[test]
    fn purpose_headings_and_statements() {
        assert_eq!(
            standing(
                "This policy gives members guidance on immigration detainers.",
                None,
                Some("415.1 PURPOSE AND SCOPE")
            ),
            Standing::Purpose
        );
        assert_eq!(
            standing(
                "To establish guidelines for the treatment of foreign nationals in custody.",
                None,
                None
            ),
            Standing::Purpose
        );
        assert_eq!(
            standing(
                "Members shall not detain anyone on a detainer.",
                None,
                Some("415.3 DETAINERS")
            ),
            Standing::Operative
        );
    }

    #[test]
    fn quotations_of_people_are_opinions_but_quoted_policy_text_is_not() {
        assert_eq!(
            standing(
                "\u{201c}We will stop housing ICE detainees in the city jail for good,\u{201d} the mayor said.",
                None,
                None
            ),
            Standing::Opinion
        );
        assert_eq!(
            standing(
                "The program \u{201c}lets deputies serve administrative warrants in the jail,\u{201d} the federal agency said.",
                None,
                None
            ),
            Standing::Operative
        );
        assert_eq!(
            standing(
                "\u{201c}No person shall be held solely on the basis of an immigration detainer,\u{201d} the revised language states.",
                None,
                None
            ),
            Standing::Operative
        );
    }

    #[test]
    fn hypotheticals_and_reports() {
        assert_eq!(
            standing(
                "Participation raises concerns, including the prospect that residents could be detained without a warrant.",
                None,
                None
            ),
            Standing::Hypothetical
        );
        // A possibility the policy itself allows is no hypothetical, nor is
        // a "would" in a relative clause under a binding modal.
        assert_eq!(
            standing(
                "If arrested for a crime, they could be held on an ICE detainer.",
                None,
                None
            ),
            Standing::Operative
        );
        assert_eq!(
            standing(
                "No person who otherwise would be released shall be detained on an ICE detainer.",
                None,
                None
            ),
            Standing::Operative
        );
        assert_eq!(
            standing(
                "This order is intended to comply with all applicable federal laws.",
                None,
                None
            ),
            Standing::Proviso
        );
        assert_eq!(
            standing(
                "The bill would prohibit officers from asking about status.",
                None,
                None
            ),
            Standing::Reported
        );
        assert_eq!(
            standing(
                "The new law bars deputies from holding anyone on a detainer.",
                None,
                None
            ),
            Standing::Reported
        );
        assert_eq!(
            standing(
                "Nothing in this section prevents an officer from sending status information to ICE.",
                None,
                None
            ),
            Standing::Proviso
        );
    }
}

//! What the reports promise: the JSON matches its published schema, a
//! town's report names every rule with its verdict and gives the tailored
//! model text for every gap, and a 1,000-page manual makes an HTML report
//! under 5 MB.

use crate::report_fixtures::{analysed, batch, ev, finding, quillford, rule_set};
use policygap::model::{
    Analysis, BatchEntry, Document, EvidenceRole, SCHEMA_VERSION, SourceKind, Verdict,
};
use policygap::report::{self, Format, JSON_SCHEMA, RenderOptions, escape};
use serde_json::Value;

/// Checks `v` against the subset of JSON Schema our schema uses, and that
/// every key the output writes is declared (so the schema documents all of
/// it). Returns the problems found.
fn validate(root: &Value, schema: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return validate(root, &root["$defs"][name], v, at, errs);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let ok = options
            .iter()
            .filter(|s| {
                let mut e = Vec::new();
                validate(root, s, v, at, &mut e);
                e.is_empty()
            })
            .count();
        if ok != 1 {
            errs.push(format!("{at}: matches {ok} of the oneOf choices"));
        }
        return;
    }
    if let Some(c) = schema.get("const")
        && c != v
    {
        errs.push(format!("{at}: expected {c}, found {v}"));
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        errs.push(format!("{at}: {v} is not one of {e:?}"));
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_u64() || v.is_i64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        if !fits {
            errs.push(format!("{at}: {v} is not of type {t}"));
            return;
        }
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64())
        && n < min
    {
        errs.push(format!("{at}: {n} < {min}"));
    }
    if let (Some(max), Some(n)) = (schema.get("maximum").and_then(Value::as_f64), v.as_f64())
        && n > max
    {
        errs.push(format!("{at}: {n} > {max}"));
    }
    if let Some(obj) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let k = req.as_str().unwrap_or_default();
            if !obj.contains_key(k) {
                errs.push(format!("{at}: missing required field {k}"));
            }
        }
        for (k, val) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(root, s, val, &format!("{at}.{k}"), errs),
                None => errs.push(format!("{at}: field {k} is not in the schema")),
            }
        }
    }
    if let Some(arr) = v.as_array() {
        if let Some(prefix) = schema.get("prefixItems").and_then(Value::as_array) {
            for (i, (s, item)) in prefix.iter().zip(arr).enumerate() {
                validate(root, s, item, &format!("{at}[{i}]"), errs);
            }
        } else if let Some(items) = schema.get("items") {
            for (i, item) in arr.iter().enumerate() {
                validate(root, items, item, &format!("{at}[{i}]"), errs);
            }
        }
        let len = arr.len() as u64;
        if schema
            .get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|m| len < m)
            || schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| len > m)
        {
            errs.push(format!("{at}: {len} items is out of range"));
        }
    }
}

fn schema_errors(json: &str) -> Vec<String> {
    let schema: Value = serde_json::from_str(JSON_SCHEMA).expect("schema is JSON");
    let v: Value = serde_json::from_str(json).expect("report is JSON");
    let mut errs = Vec::new();
    validate(&schema, &schema, &v, "$", &mut errs);
    errs
}

#[test]
fn json_report_matches_its_schema() {
    let opts = RenderOptions::default();
    for a in [quillford(), batch()] {
        let errs = schema_errors(&report::render(&a, Format::Json, &opts));
        assert!(errs.is_empty(), "{errs:#?}");
    }
}

#[test]
fn schema_check_catches_a_broken_report() {
    // The validator above must be able to fail, or the test above proves
    // nothing: a wrong status, an undeclared field and a missing one.
    let json = report::render(&batch(), Format::Json, &RenderOptions::default());
    let broken = json
        .replacen("\"status\": \"failed\"", "\"status\": \"broken\"", 1)
        .replacen("\"digest\":", "\"surprise\": 1, \"digest\":", 1)
        .replacen("\"reasons\":", "\"reasonz\":", 1);
    let errs = schema_errors(&broken);
    assert!(
        errs.iter().any(|e| e.starts_with("$.documents[2]")),
        "{errs:#?}"
    );
    assert!(errs.iter().any(|e| e.contains("surprise")), "{errs:#?}");
    // The renamed field breaks the first document's oneOf match.
    assert!(
        errs.iter().any(|e| e.starts_with("$.documents[0]")),
        "{errs:#?}"
    );
    let ok = report::render(&batch(), Format::Json, &RenderOptions::default()).replacen(
        "\"status\": \"failed\"",
        "\"status\": \"broken\"",
        1,
    );
    assert_eq!(schema_errors(&ok).len(), 1);
}

#[test]
fn json_contract_fields_and_no_document_text() {
    let a = batch();
    let json = report::render(&a, Format::Json, &RenderOptions::default());
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema_version"], SCHEMA_VERSION);
    assert_eq!(v["rule_set"]["id"], "fixture-rules");
    let docs = v["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["status"], "analyzed");
    assert_eq!(docs[2]["status"], "failed");
    assert_eq!(
        docs[2]["error"],
        "the PDF is encrypted and needs a password"
    );
    let f = &docs[0]["findings"][0];
    assert_eq!(f["rule"], "judicial-warrant");
    assert_eq!(f["verdict"], "conflict");
    assert_eq!(f["evidence"][0]["page"], 1);
    assert_eq!(f["evidence"][0]["section"], "410.2(a)");
    assert_eq!(f["evidence"][0]["role"], "contrary");
    assert_eq!(f["missing_elements"][0], "judicial warrant");
    // The full text stays out: a sentence from page 1 that no finding
    // quotes must not appear.
    assert!(json.contains("Officers shall honor"));
    assert!(!json.contains("This policy gives officers direction"));
    assert!(!json.contains("page_spans"));
}

/// For every rule of every analysed document, the HTML names the rule and
/// its verdict; for every gap it gives the tailored model text in the rule
/// card and in the annotated policy.
fn assert_complete_html(a: &Analysis) {
    let html = report::render(a, Format::Html, &RenderOptions::default());
    for (i, e) in a.documents.iter().enumerate() {
        let BatchEntry::Analyzed(d) = e else { continue };
        let start = html
            .find(&format!("<article class=\"doc\" id=\"d{i}\">"))
            .expect("document section");
        let doc = &html[start..];
        let end = doc[1..]
            .find("<article class=\"doc")
            .map(|n| n + 1)
            .or_else(|| doc.find("<footer>"))
            .unwrap_or(doc.len());
        let doc = &doc[..end];
        let cards = doc.find("<section class=\"cards\">").expect("rule cards");
        let policy = doc
            .find("<section class=\"policy\">")
            .expect("annotated policy");
        for f in &d.findings {
            let rule = a.rule_set.rules.iter().find(|r| r.id == f.rule).unwrap();
            let head = format!(
                "<h4><span class=\"num\">Rule {}</span> <bdi>{}</bdi>",
                escape::html(&rule.number),
                escape::html(&rule.title)
            );
            let card = &doc[cards..policy];
            let card = &card[card
                .find(&head)
                .unwrap_or_else(|| panic!("no card for {}", rule.title))..];
            let card = &card[..card.find("</article>").unwrap()];
            assert!(
                card.contains(&format!("</span> {}</span>", f.verdict.label())),
                "rule {} lacks its verdict {}",
                rule.title,
                f.verdict.label()
            );
            if f.verdict != Verdict::Met {
                let model = escape::html(&rule.model_text);
                assert!(
                    card.contains(&model),
                    "card of {} lacks model text",
                    rule.title
                );
                assert!(
                    doc[policy..].contains(&model),
                    "annotated policy lacks model text of {}",
                    rule.title
                );
            }
        }
    }
}

#[test]
fn town_report_names_every_rule_and_the_model_text_for_every_gap() {
    let a = quillford();
    assert_complete_html(&a);
    // The tailoring reached the page: the town, the oversight body, and no
    // placeholder left in the model text.
    let html = report::render(&a, Format::Html, &RenderOptions::default());
    assert!(html.contains("<h1><bdi>Quillford, Vermont</bdi></h1>"));
    assert!(html.contains("the Quillford Civilian Review Board, which shall investigate"));
    assert!(!html.contains("[County/City/State]"));
    // Markdown carries the same promise for email.
    let md = report::render(&a, Format::Markdown, &RenderOptions::default());
    for r in &a.rule_set.rules {
        assert!(
            md.contains(&escape::markdown(&r.title)),
            "{} missing",
            r.title
        );
    }
    let BatchEntry::Analyzed(d) = &a.documents[0] else {
        unreachable!()
    };
    for f in d.findings.iter().filter(|f| f.verdict != Verdict::Met) {
        let rule = a.rule_set.rules.iter().find(|r| r.id == f.rule).unwrap();
        assert!(md.contains(&escape::markdown(&rule.model_text)));
    }
}

#[test]
fn batch_report_names_every_rule_for_every_town() {
    assert_complete_html(&batch());
}

/// A 1,000-page manual of about 3,000 characters a page, with findings
/// spread through it.
fn thousand_page_manual() -> Analysis {
    let place = "Quillford, Vermont";
    let rules = rule_set(Some(place), Some("Quillford Civilian Review Board"));
    let mut pages = Vec::with_capacity(1000);
    for p in 1..=1000 {
        let mut t = format!("Policy {p}\n\n{p}.1 PURPOSE AND SCOPE\n");
        let mut k = 0;
        while t.len() < 3000 {
            k += 1;
            t.push_str(&format!(
                "({k}) Members assigned to the unit shall keep the log for section {p}.{k} \
                 current, and supervisors will review entries at the end of each shift.\n"
            ));
            if k % 6 == 0 {
                t.push('\n');
            }
        }
        pages.push(t);
    }
    pages[11].push_str(
        "\nOfficers shall honor an immigration detainer issued by ICE and may hold the person.\n",
    );
    pages[479].push_str("\nAgents may be given access to persons in custody for interviews.\n");
    pages[989].push_str("\nOfficers shall not stop any person based on race or religion.\n");
    let doc = Document::from_pages("manuals/quillford-full.pdf", SourceKind::Pdf, &pages);
    let hold =
        "Officers shall honor an immigration detainer issued by ICE and may hold the person.";
    let access = "Agents may be given access to persons in custody for interviews.";
    let bias = "Officers shall not stop any person based on race or religion.";
    let findings = vec![
        finding(
            "judicial-warrant",
            Verdict::Conflict,
            0.8,
            vec![ev(
                &doc,
                hold,
                Some("12.4"),
                None,
                EvidenceRole::Contrary,
                &["ICE"],
            )],
            &["judicial warrant"],
            &["directs officers to honor detainers"],
            Vec::new(),
        ),
        finding(
            "access-interviews",
            Verdict::Conflict,
            0.7,
            vec![ev(
                &doc,
                access,
                Some("480.2"),
                None,
                EvidenceRole::Contrary,
                &["access"],
            )],
            &[],
            &[],
            Vec::new(),
        ),
        finding(
            "release-dates",
            Verdict::Missing,
            0.9,
            vec![],
            &[],
            &[],
            Vec::new(),
        ),
        finding(
            "bias-free",
            Verdict::Partial,
            0.6,
            vec![ev(
                &doc,
                bias,
                Some("990.3"),
                None,
                EvidenceRole::Supports,
                &["race"],
            )],
            &["language"],
            &[],
            Vec::new(),
        ),
        finding(
            "complaints",
            Verdict::Missing,
            0.9,
            vec![],
            &[],
            &[],
            Vec::new(),
        ),
        finding(
            "federal-law",
            Verdict::Missing,
            0.9,
            vec![],
            &[],
            &[],
            Vec::new(),
        ),
    ];
    Analysis {
        schema_version: SCHEMA_VERSION,
        rule_set: rules,
        jurisdiction: Some(place.into()),
        oversight: None,
        generated: "2026-11-23".into(),
        documents: vec![BatchEntry::Analyzed(Box::new(analysed(doc, findings)))],
    }
}

#[test]
fn html_for_a_1000_page_manual_is_under_5_mb_and_complete() {
    let a = thousand_page_manual();
    let BatchEntry::Analyzed(d) = &a.documents[0] else {
        unreachable!()
    };
    assert_eq!(d.pages, 1000);
    let start = std::time::Instant::now();
    let html = report::render(&a, Format::Html, &RenderOptions::default());
    let took = start.elapsed();
    eprintln!(
        "1,000-page manual: text {} bytes, HTML {} bytes, rendered in {:?}",
        d.text.len(),
        html.len(),
        took
    );
    assert!(d.text.len() > 2_900_000);
    assert!(html.len() < 5_000_000, "HTML is {} bytes", html.len());
    assert_complete_html(&a);
    // All 1,000 pages are in the copy; the quiet runs are folded.
    assert!(html.contains("<div class=\"pgmark\">Page 1000</div>"));
    assert!(html.contains("<summary>Pages 1–11: nothing to replace"));
    assert!(html.contains("<summary>Pages 991–1000: nothing to replace"));
    // The passages are shaded where they are.
    let p480 = html.find("<div class=\"pgmark\">Page 480</div>").unwrap();
    let p481 = html.find("<div class=\"pgmark\">Page 481</div>").unwrap();
    assert!(html[p480..p481].contains("<mark class=\"gap\">Agents may be given access"));
}

#[test]
fn text_report_keeps_within_the_terminal_width_and_uses_words() {
    for a in [quillford(), batch()] {
        for width in [40, 50, 60, 80, 100, 140] {
            let opts = RenderOptions {
                color: false,
                width,
            };
            let text = report::render(&a, Format::Text, &opts);
            for line in text.lines() {
                assert!(
                    line.chars().count() <= width,
                    "line wider than {width}: {line:?}"
                );
            }
            // Verdicts are words, not only colors.
            assert!(text.contains("conflict") || text.contains("CONF"));
            assert!(text.contains("missing") || text.contains("miss"));
        }
    }
    // Color only when asked for.
    let plain = report::render(&quillford(), Format::Text, &RenderOptions::default());
    assert!(!plain.contains('\x1b'));
    let color = RenderOptions {
        color: true,
        width: 100,
    };
    assert!(report::render(&quillford(), Format::Text, &color).contains("\x1b[1;31mconflict"));
}

#[test]
fn a_gap_whose_passage_cannot_be_placed_still_gets_its_model_text() {
    let mut a = quillford();
    let BatchEntry::Analyzed(d) = &mut a.documents[0] else {
        unreachable!()
    };
    // A span past the end of the text (a stale or wrong offset).
    let len = d.text.len();
    d.findings[0].evidence[0].span.start = len + 10;
    d.findings[0].evidence[0].span.end = len + 20;
    let html = report::render(&a, Format::Html, &RenderOptions::default());
    let other = html
        .find("Other gaps (their passages could not be placed")
        .expect("unplaced gaps are listed");
    let model = escape::html(&a.rule_set.rules[0].model_text);
    assert!(html[other..].contains(&model));
    assert!(!html.contains("<mark class=\"gap\">(a) Officers shall honor"));
}

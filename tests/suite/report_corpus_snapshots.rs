//! Snapshots of every report format for two corpus towns, built through the
//! whole pipeline from their PDFs. A change in extraction, segmentation,
//! assessment or rendering that alters what a reader sees shows up here for
//! review.

use policygap::cli::{collect_inputs, run_batch};
use policygap::extract::ExtractOptions;
use policygap::model::Analysis;
use policygap::report::{Format, RenderOptions, render};
use policygap::rules::{self, Tailoring};
use std::path::PathBuf;

fn town(stem: &str) -> Analysis {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(format!("{stem}.pdf"));
    let set = rules::load("aclu-nine").unwrap();
    let inputs = collect_inputs(&[path]).unwrap().inputs;
    let mut a = run_batch(
        &inputs,
        &set,
        &Tailoring::default(),
        &ExtractOptions::default(),
        false,
        "2026-01-01".to_string(),
    );
    // Paths differ between checkouts; keep the part inside the repository.
    for d in &mut a.documents {
        if let policygap::model::BatchEntry::Analyzed(x) = d {
            x.path = format!("corpus/{stem}.pdf");
        }
    }
    a
}

fn all_formats(stem: &str) {
    let a = town(stem);
    let opts = RenderOptions {
        color: false,
        width: 100,
    };
    for (f, name) in [
        (Format::Text, "text"),
        (Format::Json, "json"),
        (Format::Markdown, "markdown"),
        (Format::Csv, "csv"),
        (Format::Html, "html"),
    ] {
        insta::assert_snapshot!(format!("{stem}_{name}"), render(&a, f, &opts));
    }
}

#[test]
fn calloway_springs_in_every_format() {
    all_formats("calloway-springs-co-pd-415");
}

#[test]
fn tolliver_county_in_every_format() {
    all_formats("tolliver-county-az-so-go");
}

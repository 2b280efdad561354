//! The integration tests, built as one test binary. Each module was once a
//! binary of its own; linking every one of them against the whole crate and
//! its dependencies cost most of a clean build's disk and link time.
//!
//! Run one group with a filter, e.g. `cargo test segment_fixtures::`.

mod cli;
mod judging;
mod pdf_build;
mod report_fixtures;
mod tools;

mod assess_hard_cases;
mod assess_real_text;
mod cli_eval;
mod cli_hostile_batch;
mod cli_messages;
mod cli_optional_rule;
mod cli_scan;
#[cfg(unix)]
mod cli_terminal;
mod extract_corpus_order;
mod extract_formats;
mod extract_ocr;
mod extract_pdf;
mod extract_pdf_layout;
mod extract_robustness;
mod lexicon_presence;
mod readme;
mod report_chromium;
mod report_contract;
mod report_corpus_snapshots;
mod report_hostile;
mod report_snapshots;
mod rules_check;
mod rules_examples;
mod rules_tailoring;
mod seeds_meet_their_rules;
mod segment_eval_dev;
mod segment_fixtures;
mod segment_props;

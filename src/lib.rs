//! policygap reads a police department's policies and reports, for every rule
//! of a model rule set, whether the policy meets it, partly meets it, is
//! missing it or conflicts with it, citing page, section and clause.
//!
//! The pipeline is a chain of pure stages:
//!
//! ```text
//! file bytes ─► extract ─► Document   (normalized text, pages)
//!           ─► segment ─► Segmented  (sections, clauses with citations)
//!           ─► index   ─► clause index (tantivy; candidates per rule)
//!           ─► assess  ─► Finding per rule (verdict, evidence, reasons)
//!           ─► report  ─► text | markdown | html | json | csv
//! ```
//!
//! [`model`] holds the vocabulary the stages share; [`rules`] loads rule sets
//! from TOML; [`cli`] is the only place that touches the terminal.

pub mod assess;
pub mod cli;
pub mod extract;
pub mod index;
pub mod memory;
pub mod model;
pub mod pattern;
pub mod report;
pub mod rules;
pub mod segment;
pub mod spelling;

//! A text judged the way a scanned `.txt` file is: extracted, segmented
//! and assessed against a built-in rule set.

use policygap::assess::assess;
use policygap::extract::{ExtractOptions, extract_bytes};
use policygap::model::{Finding, SourceKind};
use policygap::rules::{RuleSet, Tailoring};
use policygap::segment::segment;

/// Every rule's finding for `text` under `set`.
pub fn findings_in(set: &RuleSet, text: &str) -> Vec<Finding> {
    let doc = extract_bytes(
        "t.txt",
        SourceKind::Text,
        text.as_bytes(),
        &ExtractOptions::default(),
    )
    .expect("plain text always extracts");
    assess(&segment(&doc), set, &Tailoring::default())
}

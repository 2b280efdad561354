//! Splitting paragraphs into clauses while the builder is still reading.
//!
//! The builder reads lines one after another (what a line is depends on
//! the lines before it), and splitting its paragraphs into clauses is most
//! of the rest of the work. On a long document a helper thread takes the
//! paragraphs in batches as the builder finishes them, so the two run at
//! once. When the builder is done, it splits what is left from the back of
//! the queue while the helper goes on from the front, so that most clauses
//! are made where they stay, in the helper's answer.

use super::{Batch, Clauses, PAR_PARAS, ParaJob, Scratch, para_clauses};
use crate::model::{Clause, Document};
use rayon::prelude::*;
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// Bytes of text from which a document is long enough for a helper
/// thread to pay (about a hundred pages).
pub(super) const HELPER_FROM_BYTES: usize = 200_000;

/// Bytes of text per clause, a little below what long manuals average, so
/// that buffers sized by it seldom grow (memory for clauses not made is
/// never touched).
const CLAUSE_BYTES: usize = 64;

/// Batches of finished paragraphs, in the order the builder made them.
#[derive(Default)]
pub(super) struct Handoff {
    state: Mutex<State>,
    ready: Condvar,
}

#[derive(Default)]
struct State {
    batches: VecDeque<Batch>,
    /// No more batches will come.
    closed: bool,
}

impl Handoff {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the queue half-changed: each
        // change is one push or pop.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Hands over the next batch.
    pub(super) fn push(&self, batch: Batch) {
        self.lock().batches.push_back(batch);
        self.ready.notify_one();
    }

    /// The helper's loop: splits batches as they come, until the builder
    /// has closed the queue and it is empty. Batches come in order, so the
    /// clauses are numbered by their place in the answer.
    pub(super) fn work(&self, doc: &Document) -> Vec<Clause> {
        let mut done = Clauses::with_capacity(doc.text.len() / CLAUSE_BYTES, 0);
        loop {
            let next = {
                let mut state = self.lock();
                loop {
                    if let Some(batch) = state.batches.pop_front() {
                        break Some(batch);
                    }
                    if state.closed {
                        break None;
                    }
                    state = self
                        .ready
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            };
            let Some(mut batch) = next else {
                return done.into_vec();
            };
            split(doc, &mut batch.jobs, &batch.lines, &mut done);
        }
    }

    /// Closes the queue: no more batches will come, and the helper stops
    /// when it finds the queue empty.
    pub(super) fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    /// Takes the last batch the helper has not started.
    pub(super) fn take_last(&self) -> Option<Batch> {
        self.lock().batches.pop_back()
    }
}

/// Closes the queue and drops the batches in it when dropped, so that the
/// helper stops whatever happened before.
pub(super) struct CloseOnDrop<'a>(pub &'a Handoff);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.lock().batches.clear();
        self.0.close();
    }
}

/// Splits a batch (all of a document's paragraphs, when no helper read
/// along) in parallel, [`PAR_PARAS`] paragraphs to a task; the answer holds
/// each task's clauses in order.
pub(super) fn split_all(doc: &Document, mut batch: Batch) -> Vec<Vec<Clause>> {
    let lines = &batch.lines[..];
    let parts: Vec<_> = batch.jobs.chunks_mut(PAR_PARAS).collect();
    parts
        .into_par_iter()
        .map(|jobs| split_apart(doc, jobs, lines))
        .collect()
}

/// Splits one batch on this thread; its clauses are numbered from 0.
pub(super) fn split_batch(doc: &Document, batch: &mut Batch) -> Vec<Clause> {
    split_apart(doc, &mut batch.jobs, &batch.lines)
}

/// Splits paragraphs into clauses of their own, numbered from 0.
fn split_apart(doc: &Document, jobs: &mut [ParaJob], lines: &[(usize, usize)]) -> Vec<Clause> {
    // The text from the first paragraph's start to the last one's end
    // bounds the clauses' text.
    let first = jobs.first().and_then(|j| lines.get(j.lines.start));
    let last = jobs
        .last()
        .and_then(|j| lines.get(j.lines.end.checked_sub(1)?));
    let text = match (first, last) {
        (Some(&(from, _)), Some(&(_, to))) => to.saturating_sub(from),
        _ => 0,
    };
    let mut out = Clauses::with_capacity(text / CLAUSE_BYTES + 1, text);
    split(doc, jobs, lines, &mut out);
    out.into_vec()
}

/// Splits paragraphs whose lines are in `lines`, appending their clauses
/// to `out` as one run.
fn split(doc: &Document, jobs: &mut [ParaJob], lines: &[(usize, usize)], out: &mut Clauses) {
    let mut scratch = Scratch::default();
    let mut pages = doc.page_cursor();
    for j in jobs {
        para_clauses(&mut pages, &doc.text, j, lines, &mut scratch, out);
    }
    out.seal();
}

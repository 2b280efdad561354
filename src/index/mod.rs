//! Stage 3, the clause index: every tantivy type lives in this module.
//!
//! Give it the clauses of a document; ask it for the clauses that best match
//! a set of query terms. BM25 only ranks candidates; it never decides a
//! verdict.

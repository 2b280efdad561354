//! Stage 3, the clause index: every tantivy type lives in this module.
//!
//! Give it the clauses of a document; ask it for the clauses that best match
//! a list of words (English stemming, BM25). BM25 only ranks candidates for
//! the assessment to read closely; it never decides a verdict.

use crate::model::Clause;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Why the index could not be built or searched.
#[derive(Debug, thiserror::Error)]
#[error("clause index: {0}")]
pub struct IndexError(String);

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        IndexError(e.to_string())
    }
}

/// An in-memory index over one document's clauses.
pub struct ClauseIndex {
    index: Index,
    reader: tantivy::IndexReader,
    text: Field,
    heading: Field,
    clause: Field,
    len: usize,
}

impl ClauseIndex {
    /// Indexes the given clauses' text and headings; searches answer with
    /// their ids.
    pub fn build<'a>(
        clauses: impl IntoIterator<Item = &'a Clause>,
    ) -> Result<ClauseIndex, IndexError> {
        let mut sb = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let opts = TextOptions::default().set_indexing_options(indexing);
        let text = sb.add_text_field("text", opts.clone());
        let heading = sb.add_text_field("heading", opts);
        let clause = sb.add_u64_field("clause", INDEXED | STORED);
        let index = Index::create_in_ram(sb.build());
        // One thread keeps clause order and leaves the other core to the
        // batch; 15 MB is tantivy's minimum budget per thread.
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
        let mut len = 0;
        for c in clauses {
            len += 1;
            let mut d = TantivyDocument::default();
            d.add_text(text, &c.text);
            if let Some(h) = c.headings.last() {
                d.add_text(heading, h);
            }
            d.add_u64(clause, c.id.0 as u64);
            writer.add_document(d)?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(ClauseIndex {
            index,
            reader,
            text,
            heading,
            clause,
            len,
        })
    }

    /// The clause indices that match any of `terms`, best first, at most
    /// `limit` of them.
    pub fn search(&self, terms: &[String], limit: usize) -> Vec<usize> {
        if terms.is_empty() || self.len == 0 {
            return Vec::new();
        }
        let words: Vec<String> = terms
            .iter()
            .map(|t| {
                t.chars()
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                    .collect::<String>()
            })
            .collect();
        let query_text = words.join(" ");
        let mut parser = QueryParser::for_index(&self.index, vec![self.text, self.heading]);
        parser.set_field_boost(self.heading, 0.5);
        let (query, _errors) = parser.parse_query_lenient(&query_text);
        let searcher = self.reader.searcher();
        let Ok(top) = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())
        else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(_, addr)| {
                let d: TantivyDocument = searcher.doc(addr).ok()?;
                d.get_first(self.clause)
                    .and_then(|v| v.as_u64())
                    .map(|n| n as usize)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClauseId, Span};

    fn clause(i: usize, text: &str, heading: &str) -> Clause {
        Clause {
            id: ClauseId(i),
            text: text.to_string(),
            span: Span {
                page: 1,
                start: 0,
                end: 0,
            },
            section: None,
            citation: None,
            headings: vec![heading.to_string()],
            lead_in: None,
        }
    }

    #[test]
    fn stemmed_terms_find_clauses_and_headings() {
        let cs = vec![
            clause(0, "Officers shall wear seat belts.", "VEHICLES"),
            clause(
                1,
                "Such requests shall not be honored.",
                "IMMIGRATION DETAINERS",
            ),
            clause(2, "The jail detained him on a detainer.", "JAIL"),
        ];
        let ix = ClauseIndex::build(&cs).unwrap();
        let hits = ix.search(&["detainer".to_string()], 10);
        assert!(hits.contains(&1), "heading match: {hits:?}");
        assert!(hits.contains(&2));
        assert!(!hits.contains(&0));
        assert!(ix.search(&["honoring".to_string()], 10).contains(&1));
    }
}

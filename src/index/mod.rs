//! Stage 3, the clause index: every tantivy type lives in this module.
//!
//! Give it the clauses of a document; ask it for the clauses that best match
//! a list of words (English stemming, BM25). BM25 only ranks candidates for
//! the assessment to read closely; it never decides a verdict.

use crate::model::Clause;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{FilterCollector, TopDocs};
use tantivy::directory::RamDirectory;
use tantivy::query::QueryParser;
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::TokenizerManager;
use tantivy::tokenizer::{
    Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{Index, ReloadPolicy, TantivyDocument};

/// Why the index could not be built or searched.
#[derive(Debug, thiserror::Error)]
#[error("clause index: {0}")]
pub struct IndexError(String);

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        IndexError(e.to_string())
    }
}

/// The indexing memory budget, which sets the initial size of the term
/// table (4,096 entries); the table doubles when it fills.
const TERM_TABLE_BUDGET: usize = 100_000;

/// An in-memory index over one document's clauses.
pub struct ClauseIndex {
    index: Index,
    reader: tantivy::IndexReader,
    text: Field,
    heading: Field,
    /// Each group's clause ids, as bits. Groups are kept out of the index
    /// itself: a search filters its hits by them, which ranks exactly as
    /// a query that required membership would, and spares a field.
    groups: HashMap<usize, Arc<Vec<u64>>>,
    len: usize,
}

impl ClauseIndex {
    /// Indexes the given clauses' text and headings (each clause with the
    /// nearest heading over it); searches answer with their ids.
    pub fn build<'a>(
        clauses: impl IntoIterator<Item = (&'a Clause, Option<&'a str>)>,
    ) -> Result<ClauseIndex, IndexError> {
        ClauseIndex::build_grouped(clauses.into_iter().map(|(c, h)| (c, h, Vec::new())))
    }

    /// Like [`ClauseIndex::build`], each clause also in some numbered
    /// groups, so that a search can keep to one group
    /// ([`ClauseIndex::search_group`]).
    pub fn build_grouped<'a>(
        clauses: impl IntoIterator<Item = (&'a Clause, Option<&'a str>, Vec<usize>)>,
    ) -> Result<ClauseIndex, IndexError> {
        let mut sb = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let opts = TextOptions::default().set_indexing_options(indexing);
        let text = sb.add_text_field("text", opts.clone());
        let heading = sb.add_text_field("heading", opts);
        // A fast (columnar) field: reading it back costs no stored-document
        // decompression per hit.
        let clause = sb.add_u64_field(CLAUSE, FAST);
        let tokenizers = TokenizerManager::default();
        tokenizers.register(TOKENIZER, analyzer());
        // One segment written on this thread: no indexing threads, no
        // commit and merge machinery. The budget sizes the term table,
        // which grows as needed; a large one costs time to clear and walk
        // even for a short document.
        let mut writer = Index::builder()
            .schema(sb.build())
            .tokenizers(tokenizers)
            .single_segment_index_writer(RamDirectory::create(), TERM_TABLE_BUDGET)?;
        let mut len = 0;
        let mut members: HashMap<usize, Vec<u64>> = HashMap::new();
        for (c, heading_text, groups) in clauses {
            len += 1;
            for g in groups {
                let bits = members.entry(g).or_default();
                let (word, bit) = (c.id.0 / 64, c.id.0 % 64);
                if bits.len() <= word {
                    bits.resize(word + 1, 0);
                }
                bits[word] |= 1 << bit;
            }
            let mut d = TantivyDocument::default();
            d.add_text(text, &c.text);
            if let Some(h) = heading_text {
                d.add_text(heading, h);
            }
            d.add_u64(clause, c.id.0 as u64);
            writer.add_document(d)?;
        }
        let index = writer.finalize()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(ClauseIndex {
            index,
            reader,
            text,
            heading,
            groups: members.into_iter().map(|(g, b)| (g, Arc::new(b))).collect(),
            len,
        })
    }

    /// The clause indices that match any of `terms`, best first, at most
    /// `limit` of them.
    pub fn search(&self, terms: &[String], limit: usize) -> Vec<usize> {
        self.search_in(None, terms, limit)
    }

    /// Like [`ClauseIndex::search`], among the clauses of group `group`
    /// only.
    pub fn search_group(&self, group: usize, terms: &[String], limit: usize) -> Vec<usize> {
        self.search_in(Some(group), terms, limit)
    }

    fn search_in(&self, group: Option<usize>, terms: &[String], limit: usize) -> Vec<usize> {
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
        let top = TopDocs::with_limit(limit.max(1)).order_by_score();
        let found = match group {
            None => searcher.search(&query, &top),
            Some(g) => {
                let Some(bits) = self.groups.get(&g).cloned() else {
                    return Vec::new();
                };
                let member = move |id: u64| {
                    let id = id as usize;
                    bits.get(id / 64).is_some_and(|w| w & (1 << (id % 64)) != 0)
                };
                searcher.search(&query, &FilterCollector::new(CLAUSE.into(), member, top))
            }
        };
        let Ok(top) = found else {
            return Vec::new();
        };
        let columns: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().u64(CLAUSE).ok())
            .collect();
        top.into_iter()
            .filter_map(|(_, addr)| {
                let column = columns.get(addr.segment_ord as usize)?.as_ref()?;
                column.first(addr.doc_id).map(|n| n as usize)
            })
            .collect()
    }
}

/// The field that holds each document's clause id.
const CLAUSE: &str = "clause";

/// The clause fields' tokenizer: tantivy's `en_stem`, with stems kept.
const TOKENIZER: &str = "en_stem_kept";

/// Words split and lowercased as tantivy's `en_stem` does, then stemmed
/// through [`KeptStems`].
fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(KeptStems)
        .build()
}

/// English stemming that remembers each word's stem. A manual uses the same
/// few thousand words over and over, and stemming them was most of what
/// indexing cost.
#[derive(Clone)]
struct KeptStems;

/// At most this many words are remembered; later ones are stemmed each time.
const KEPT_STEMS: usize = 50_000;

impl TokenFilter for KeptStems {
    type Tokenizer<T: Tokenizer> = KeptStemsFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> KeptStemsFilter<T> {
        KeptStemsFilter {
            inner,
            stems: HashMap::new(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

#[derive(Clone)]
struct KeptStemsFilter<T> {
    inner: T,
    stems: HashMap<String, String>,
    /// Stems one word (the raw tokenizer keeps it whole).
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for KeptStemsFilter<T> {
    type TokenStream<'a> = KeptStemsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        KeptStemsStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
            stemmer: &mut self.stemmer,
        }
    }
}

struct KeptStemsStream<'a, T> {
    tail: T,
    stems: &'a mut HashMap<String, String>,
    stemmer: &'a mut TextAnalyzer,
}

impl<T: TokenStream> TokenStream for KeptStemsStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clone_from(stem);
            return true;
        }
        let mut stem = String::new();
        self.stemmer
            .token_stream(&token.text)
            .process(&mut |t| stem.clone_from(&t.text));
        if self.stems.len() < KEPT_STEMS {
            self.stems.insert(token.text.clone(), stem.clone());
        }
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token (text and position) of `text` under an analyzer.
    fn tokens(mut a: TextAnalyzer, text: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        a.token_stream(text)
            .process(&mut |t| out.push((t.text.clone(), t.position)));
        out
    }

    #[test]
    fn kept_stems_are_tantivys_english_stems() {
        let text = "Officers shall not honor DETAINERS; detainers, detained and \
                    detaining persons are held. Honoring requests honored twice: \
                    running runs ran. A verylongwordthatgoesonandonandonbeyondfortycharacters too.";
        let reference = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .unwrap();
        assert_eq!(tokens(analyzer(), text), tokens(reference, text));
    }
    use crate::model::{ClauseId, Span};

    fn clause(i: usize, text: &str) -> Clause {
        Clause {
            id: ClauseId(i),
            text: text.into(),
            span: Span {
                page: 1,
                start: 0,
                end: 0,
            },
            section: None,
            lead_in: None,
        }
    }

    #[test]
    fn stemmed_terms_find_clauses_and_headings() {
        let cs = [
            (clause(0, "Officers shall wear seat belts."), "VEHICLES"),
            (
                clause(1, "Such requests shall not be honored."),
                "IMMIGRATION DETAINERS",
            ),
            (clause(2, "The jail detained him on a detainer."), "JAIL"),
        ];
        let ix = ClauseIndex::build(cs.iter().map(|(c, h)| (c, Some(*h)))).unwrap();
        let hits = ix.search(&["detainer".to_string()], 10);
        assert!(hits.contains(&1), "heading match: {hits:?}");
        assert!(hits.contains(&2));
        assert!(!hits.contains(&0));
        assert!(ix.search(&["honoring".to_string()], 10).contains(&1));
    }

    #[test]
    fn group_searches_keep_to_their_group_and_rank_within_it() {
        let cs = [
            (
                clause(0, "The jail shall not honor a detainer."),
                "DETAINERS",
            ),
            (
                clause(1, "A detainer is a detainer is a detainer."),
                "DETAINERS",
            ),
            (
                clause(2, "Officers shall not honor an administrative warrant."),
                "WARRANTS",
            ),
            (clause(3, "Seat belts are worn."), "VEHICLES"),
        ];
        let groups = [vec![0], vec![1], vec![0], vec![0, 1]];
        let ix =
            ClauseIndex::build_grouped(cs.iter().zip(groups).map(|((c, h), g)| (c, Some(*h), g)))
                .unwrap();
        let terms = ["detainer".to_string(), "honor".to_string()];
        assert_eq!(ix.search_group(1, &terms, 10), vec![1]);
        let in_0 = ix.search_group(0, &terms, 10);
        assert_eq!(in_0.len(), 2, "{in_0:?}");
        assert_eq!(in_0[0], 0, "both words rank first: {in_0:?}");
        assert_eq!(ix.search_group(0, &terms, 1), vec![0]);
        assert!(ix.search_group(5, &terms, 10).is_empty());
        let all = ix.search(&terms, 10);
        assert_eq!(all.len(), 3);
        // A group's ranking is the whole index's, kept to the group.
        let kept: Vec<usize> = all.into_iter().filter(|c| [0, 2, 3].contains(c)).collect();
        assert_eq!(in_0, kept);
    }
}

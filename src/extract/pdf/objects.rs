//! Bounded access to lopdf's object graph: following references with a
//! depth limit, and decoding streams with a size limit.

use lopdf::{Dictionary, Document, Object, Stream};
use std::time::Instant;

/// Limits on untrusted structure, checked while a file is read.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest decoded size of any one stream, in bytes.
    pub max_stream: usize,
    /// Deepest nesting of form XObjects.
    pub max_form_depth: usize,
    /// When reading must stop.
    pub deadline: Instant,
    /// The time allowed, for the error message.
    pub seconds: u64,
}

impl Limits {
    pub fn new(seconds: u64) -> Limits {
        Limits {
            max_stream: 64 * 1024 * 1024,
            max_form_depth: 12,
            deadline: Instant::now() + std::time::Duration::from_secs(seconds),
            seconds,
        }
    }
}

/// Follows references in one document under the limits.
pub struct Resolver<'d> {
    pub doc: &'d Document,
    pub limits: Limits,
}

/// References followed in a chain before giving up (a cycle or a trick).
const MAX_DEREF: usize = 32;

impl<'d> Resolver<'d> {
    /// The object a value stands for, following references.
    pub fn deref<'a>(&self, mut o: &'a Object) -> Option<&'a Object>
    where
        'd: 'a,
    {
        for _ in 0..MAX_DEREF {
            match o {
                Object::Reference(id) => o = self.doc.objects.get(id)?,
                _ => return Some(o),
            }
        }
        None
    }

    /// A dictionary entry with references followed.
    pub fn get<'a>(&self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object>
    where
        'd: 'a,
    {
        self.deref(dict.get(key).ok()?)
    }

    /// A dictionary entry that is a dictionary (or a stream's dictionary).
    pub fn get_dict<'a>(&self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary>
    where
        'd: 'a,
    {
        match self.get(dict, key)? {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }
}

impl Resolver<'_> {
    /// A stream's decoded bytes, or `None` when it cannot be decoded within
    /// the limit or uses a filter we cannot decode (its raw bytes would be
    /// noise). `/Filter` and `/DecodeParms` given by reference are followed.
    pub fn stream_data(&self, s: &Stream, limit: usize) -> Option<Vec<u8>> {
        self.stream_data_or_why(s, limit).ok()
    }

    /// A stream's decoded bytes, or whether it failed for its size (a
    /// decompression bomb) rather than for a filter that cannot be read.
    pub fn stream_data_or_why(&self, s: &Stream, limit: usize) -> Result<Vec<u8>, StreamFailure> {
        let why = |e: lopdf::Error| match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                StreamFailure::TooLarge
            }
            _ => StreamFailure::Undecodable,
        };
        let indirect = |k: &[u8]| matches!(s.dict.get(k), Ok(Object::Reference(_)));
        if indirect(b"Filter") || indirect(b"DecodeParms") {
            let mut dict = s.dict.clone();
            for key in [&b"Filter"[..], b"DecodeParms"] {
                if let Some(v) = self.get(&s.dict, key) {
                    dict.set(key.to_vec(), v.clone());
                }
            }
            let resolved = Stream {
                dict,
                content: s.content.clone(),
                allows_compression: true,
                start_position: None,
            };
            return resolved.decompressed_content_with_limit(limit).map_err(why);
        }
        s.decompressed_content_with_limit(limit).map_err(why)
    }
}

/// Why a stream gave no bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFailure {
    /// It decodes to more than the limit.
    TooLarge,
    /// Its filters cannot be decoded.
    Undecodable,
}

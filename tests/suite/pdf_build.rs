//! Small PDFs built by the tests: pages with one content stream each, a
//! page that is only an image, and a decompression bomb.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

/// A document being built, with its page tree's id kept for its pages.
pub struct Builder {
    pub doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Builder {
    pub fn new() -> Builder {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    /// Adds a Letter-size page drawn by `content`, with `resources`.
    pub fn page(&mut self, content: Stream, resources: Dictionary) {
        let c = self.doc.add_object(content);
        let page = self.doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => self.pages_id, "Contents" => c,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Resources" => resources,
        });
        self.kids.push(Object::Reference(page));
    }

    /// Adds a page that is one image over the whole page and nothing else.
    pub fn image_page(&mut self, image: Stream) {
        let image = self.doc.add_object(image);
        self.page(
            Stream::new(
                Dictionary::new(),
                b"q 612 0 0 792 0 0 cm /Im1 Do Q".to_vec(),
            ),
            dictionary! { "XObject" => dictionary! { "Im1" => image } },
        );
    }

    /// The file's bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => self.kids, "Count" => count },
            ),
        );
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("written");
        out
    }
}

/// A one-page PDF whose page content unpacks to 200 MB of spaces.
pub fn decompression_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..200 {
        z.write_all(&spaces).unwrap();
    }
    let mut dict = Dictionary::new();
    dict.set("Filter", "FlateDecode");
    let mut b = Builder::new();
    b.page(
        Stream::new(dict, z.finish().unwrap()).with_compression(false),
        Dictionary::new(),
    );
    b.finish()
}

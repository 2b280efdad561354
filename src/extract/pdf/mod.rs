//! PDF reading on lopdf's object model: bytes → raw page texts.
//!
//! lopdf parses the file and decrypts it; everything after that is ours:
//! `content` runs each page's content stream (with `fonts`, `cmap` and
//! `encoding` turning string bytes into text and advances) and `layout`
//! turns the positioned characters into words, lines and blocks in reading
//! order. Pages are read in parallel, under the limits in `objects`.

mod cff;
mod cjk;
mod cmap;
mod content;
mod encoding;
mod fonts;
mod glyphlist;
mod layout;
mod lexer;
mod metrics;
mod objects;
mod truetype;

use super::{ExtractError, ExtractOptions, RawPages};
use content::{FontCache, Interpreter, Matrix, PageContent, Stop};
use lopdf::{Dictionary, Document, Object, ObjectId};
use objects::{Limits, Resolver};
use rayon::prelude::*;

/// Seconds one file may take before extraction gives up, unless the
/// caller gives its own limit.
pub const TIME_LIMIT_SECS: u64 = 60;
/// Largest decoded size of one page's content, in bytes.
const MAX_PAGE_CONTENT: usize = 128 * 1024 * 1024;
/// Largest decoded size of any stream while loading the file.
const MAX_LOAD_STREAM: usize = 128 * 1024 * 1024;

/// Extracts the text of every page, in page order.
pub fn extract_pages(bytes: &[u8], opts: &ExtractOptions) -> Result<RawPages, ExtractError> {
    extract_pages_within(bytes, opts, Limits::new(opts.seconds()))
}

fn extract_pages_within(
    bytes: &[u8],
    opts: &ExtractOptions,
    limits: Limits,
) -> Result<RawPages, ExtractError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    let doc = load(bytes, opts)?;
    let pages: Vec<(u32, ObjectId)> = catch(|| page_list(&doc))
        .map_err(|_| ExtractError::Damaged("the page tree cannot be read".into()))?
        .ok_or_else(|| {
            ExtractError::Damaged(format!("its page tree lists more than {MAX_PAGES} pages"))
        })?;
    if pages.is_empty() {
        return Err(ExtractError::Damaged("no pages found".into()));
    }
    let r = Resolver { doc: &doc, limits };
    let fonts = FontCache::default();
    // Each page is read and laid out on its own thread; only its text (not
    // its characters) is kept, which bounds memory on long manuals.
    let results: Vec<Result<PageText, PageFailure>> = pages
        .par_iter()
        .map(|&(_, id)| {
            if std::time::Instant::now() > limits.deadline {
                return Err(PageFailure::Stopped(Stop::Deadline));
            }
            catch(|| {
                read_page(&r, &fonts, id).map(|content| PageText {
                    text: layout::page_text(&content.chars),
                    has_images: content.has_images,
                    glyphs: content.glyphs,
                })
            })
            .unwrap_or(Err(PageFailure::Broken))
        })
        .collect();

    let mut out = RawPages::default();
    let mut scans = Vec::new();
    let mut unmapped = Vec::new();
    let mut unreadable = Vec::new();
    let mut too_large = 0;
    for ((n, _), res) in pages.iter().zip(results) {
        match res {
            Ok(content) => {
                let text = content.text;
                if text.trim().is_empty() {
                    if content.glyphs > 0 {
                        unmapped.push(*n);
                    } else if content.has_images {
                        scans.push(*n);
                    }
                }
                out.pages.push(text);
            }
            Err(PageFailure::Stopped(Stop::Deadline)) => {
                return Err(ExtractError::TimedOut(limits.seconds));
            }
            Err(PageFailure::TooLarge) => {
                too_large += 1;
                unreadable.push(*n);
                out.pages.push(String::new());
            }
            Err(PageFailure::Broken) => {
                unreadable.push(*n);
                out.pages.push(String::new());
            }
        }
    }
    let with_text = out.pages.iter().filter(|p| !p.trim().is_empty()).count();
    if with_text == 0 {
        if too_large == pages.len() {
            return Err(ExtractError::Damaged(format!(
                "every page's content unpacks to more than {} (a decompression bomb?)",
                super::size_words(MAX_PAGE_CONTENT as u64)
            )));
        }
        if !unreadable.is_empty() && unreadable.len() == pages.len() {
            return Err(ExtractError::Damaged(
                "no page's content could be read".into(),
            ));
        }
        if !unmapped.is_empty() {
            return Err(ExtractError::UnmappedFonts {
                pages: unmapped.len(),
            });
        }
        return Err(ExtractError::NoTextLayer { pages: pages.len() });
    }
    if !unmapped.is_empty() {
        out.warnings.push(format!(
            "{} text in fonts with no Unicode mapping, which cannot be read: {}",
            plural(unmapped.len(), "page has", "pages have"),
            list(&unmapped)
        ));
    }
    // With --ocr the caller reads these pages, so they need no warning.
    if !scans.is_empty() && !opts.ocr {
        out.warnings.push(format!(
            "{} no text layer (image only): {}; OCR is needed to read {}",
            plural(scans.len(), "page has", "pages have"),
            list(&scans),
            if scans.len() == 1 { "it" } else { "them" }
        ));
    }
    if !unreadable.is_empty() {
        out.warnings.push(format!(
            "{} could not be read (damaged or too large): {}",
            plural(unreadable.len(), "page", "pages"),
            list(&unreadable)
        ));
    }
    out.image_only = scans;
    Ok(out)
}

/// The most pages a file may have.
pub const MAX_PAGES: usize = 100_000;

/// The pages in order, numbered from 1, or `None` past [`MAX_PAGES`].
/// lopdf's own list reserves room for the count the page tree claims
/// (`/Count 999999999` asks for gigabytes, and the largest integer
/// overflows); walking its page iterator one page at a time trusts only the
/// pages actually there, and it visits no more kids than the file has
/// objects.
pub(crate) fn page_list(doc: &Document) -> Option<Vec<(u32, ObjectId)>> {
    let mut pages = Vec::new();
    for id in doc.page_iter() {
        if pages.len() == MAX_PAGES {
            return None;
        }
        pages.push((pages.len() as u32 + 1, id));
    }
    Some(pages)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn list(pages: &[u32]) -> String {
    pages
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs `f`, turning a panic inside lopdf into an error value.
fn catch<T>(f: impl FnOnce() -> T) -> Result<T, ()> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| ())
}

/// Parses and decrypts the file.
fn load(bytes: &[u8], opts: &ExtractOptions) -> Result<Document, ExtractError> {
    let options = lopdf::LoadOptions {
        password: opts.password.clone(),
        max_decompressed_size: Some(MAX_LOAD_STREAM),
        ..Default::default()
    };
    let doc = match catch(|| Document::load_mem_with_options(bytes, options)) {
        Err(()) => {
            return Err(ExtractError::Damaged(
                "the file structure cannot be parsed".into(),
            ));
        }
        Ok(Err(lopdf::Error::InvalidPassword)) => {
            if let Some(doc) = load_direct_encryption(bytes, opts)? {
                return Ok(doc);
            }
            return Err(if unreadable_encryption(bytes) {
                ExtractError::Damaged(
                    "its encryption dictionary cannot be read, so no password opens it".into(),
                )
            } else if opts.password.is_some() {
                ExtractError::WrongPassword
            } else {
                ExtractError::NeedsPassword
            });
        }
        Ok(Err(e)) => return Err(damaged(&e)),
        Ok(Ok(doc)) => doc,
    };
    // An encrypted file that no password opened still carries /Encrypt and
    // has no readable objects.
    if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() {
        if let Some(doc) = load_direct_encryption(bytes, opts)? {
            return Ok(doc);
        }
        if doc.get_encrypted().is_err() {
            return Err(ExtractError::Damaged(
                "its encryption dictionary cannot be read, so no password opens it".into(),
            ));
        }
        return Err(if opts.password.is_some() {
            ExtractError::WrongPassword
        } else {
            ExtractError::NeedsPassword
        });
    }
    Ok(doc)
}

/// The trailer key an encryption dictionary written inline is renamed to,
/// as long as `/Encrypt` so no byte offset moves.
const INLINE_ENCRYPT: &[u8; 8] = b"/Encrypd";

/// Opens a file whose trailer holds its encryption dictionary inline rather
/// than by reference, which the PDF format allows but lopdf's loader does
/// not read. The key is renamed so the file loads as if unencrypted, the
/// dictionary is put back as an indirect object, and lopdf then decrypts
/// every object with the password (or the empty one). `Ok(None)` when the
/// trailer has no inline dictionary.
fn load_direct_encryption(
    bytes: &[u8],
    opts: &ExtractOptions,
) -> Result<Option<Document>, ExtractError> {
    let mut patched = bytes.to_vec();
    let mut found = false;
    let mut at = 0;
    while let Some(i) = find(&patched[at..], b"/Encrypt").map(|i| i + at) {
        let after = &patched[i + 8..];
        let value = after.iter().position(|b| !b.is_ascii_whitespace());
        if value.is_some_and(|v| after[v..].starts_with(b"<<")) {
            patched[i..i + 8].copy_from_slice(INLINE_ENCRYPT);
            found = true;
        }
        at = i + 8;
    }
    if !found {
        return Ok(None);
    }
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_LOAD_STREAM),
        ..Default::default()
    };
    let mut doc = match catch(|| Document::load_mem_with_options(&patched, options)) {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return Err(damaged(&e)),
        Err(()) => return Ok(None),
    };
    let Some(Object::Dictionary(dict)) = doc.trailer.remove(&INLINE_ENCRYPT[1..]) else {
        return Ok(None);
    };
    let id = doc.add_object(Object::Dictionary(dict));
    doc.trailer.set("Encrypt", Object::Reference(id));
    let unusable =
        || ExtractError::Damaged("its encryption dictionary cannot be used to decrypt it".into());
    if !matches!(
        catch(|| lopdf::encryption::PasswordAlgorithm::try_from(&doc).is_ok()),
        Ok(true)
    ) {
        return Err(unusable());
    }
    let password = std::iter::once("")
        .chain(opts.password.as_deref())
        .find(|p| catch(|| doc.authenticate_password(p).is_ok()).unwrap_or(false));
    let Some(password) = password else {
        return Err(if opts.password.is_some() {
            ExtractError::WrongPassword
        } else {
            ExtractError::NeedsPassword
        });
    };
    let state = catch(|| {
        let algorithm = lopdf::encryption::PasswordAlgorithm::try_from(&doc).ok()?;
        let key = algorithm.sanitize_password(password).ok()?;
        lopdf::EncryptionState::decode(&doc, key).ok()
    });
    let Ok(Some(state)) = state else {
        return Err(unusable());
    };
    doc.trailer.remove(b"Encrypt");
    doc.objects.remove(&id);
    for (&oid, obj) in doc.objects.iter_mut() {
        // An object that fails to decrypt (say, metadata left in clear
        // text) is kept as it is; the pages are what matter.
        let _ = lopdf::encryption::decrypt_object(&state, oid, obj);
    }
    // Objects packed in object streams could only be read once decrypted.
    let mut packed = Vec::new();
    for obj in doc.objects.values() {
        if let Object::Stream(s) = obj
            && s.dict.has_type(b"ObjStm")
            && let Ok(Ok(os)) =
                catch(|| lopdf::ObjectStream::new_with_limit(s, Some(MAX_LOAD_STREAM)))
        {
            packed.extend(os.objects);
        }
    }
    for (oid, obj) in packed {
        doc.objects.entry(oid).or_insert(obj);
    }
    doc.encryption_state = Some(state);
    Ok(Some(doc))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Whether the file declares encryption whose dictionary lopdf cannot
/// find, so that every password looks wrong.
fn unreadable_encryption(bytes: &[u8]) -> bool {
    catch(|| Document::load_mem(bytes))
        .ok()
        .and_then(Result::ok)
        .is_some_and(|d| d.trailer.has(b"Encrypt") && d.get_encrypted().is_err())
}

fn damaged(e: &lopdf::Error) -> ExtractError {
    let msg = e.to_string();
    let lower = msg.to_ascii_lowercase();
    if lower.contains("password") {
        return ExtractError::NeedsPassword;
    }
    let reason = match e {
        lopdf::Error::Decompress(_) => {
            "a stream is too large or cannot be decompressed".to_string()
        }
        lopdf::Error::Parse(_) | lopdf::Error::Xref(_) | lopdf::Error::InvalidOffset(_) => {
            "the cross-reference table and objects cannot be parsed".to_string()
        }
        _ => msg.lines().next().unwrap_or("unreadable").to_string(),
    };
    ExtractError::Damaged(reason)
}

/// One page's laid-out text and what tells a scan from unmapped fonts.
struct PageText {
    text: String,
    has_images: bool,
    glyphs: usize,
}

/// Why one page gave nothing.
enum PageFailure {
    Stopped(Stop),
    TooLarge,
    Broken,
}

/// Looks up a page attribute, inherited from the page tree when the page
/// does not set it.
fn inherited<'d>(r: &Resolver<'d>, page: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(v) = r.get(node, key) {
            return Some(v);
        }
        node = r.get_dict(node, b"Parent")?;
    }
    None
}

/// The page's content streams, decoded and joined.
fn page_content(r: &Resolver, page: &Dictionary) -> Result<Vec<u8>, PageFailure> {
    let streams: Vec<&Object> = match r.get(page, b"Contents") {
        Some(Object::Array(items)) => items.iter().filter_map(|o| r.deref(o)).collect(),
        Some(o) => vec![o],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for s in streams {
        let Object::Stream(s) = s else { continue };
        let left = MAX_PAGE_CONTENT.saturating_sub(out.len());
        match r.stream_data_or_why(s, left) {
            Ok(d) => out.extend_from_slice(&d),
            Err(objects::StreamFailure::TooLarge) => return Err(PageFailure::TooLarge),
            Err(objects::StreamFailure::Undecodable) => {}
        }
        out.push(b'\n');
    }
    Ok(out)
}

fn read_page(r: &Resolver, fonts: &FontCache, id: ObjectId) -> Result<PageContent, PageFailure> {
    let Some(page) = r.doc.objects.get(&id).and_then(|o| o.as_dict().ok()) else {
        return Err(PageFailure::Broken);
    };
    let content = page_content(r, page)?;
    let resources = match inherited(r, page, b"Resources") {
        Some(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let rotate = match inherited(r, page, b"Rotate") {
        Some(Object::Integer(n)) => *n,
        Some(Object::Real(x)) => *x as i64,
        _ => 0,
    };
    let xform = Matrix::rotation(rotate);
    let mut interp = Interpreter::new(r, fonts);
    interp
        .run_page(&content, resources, xform)
        .map_err(PageFailure::Stopped)?;
    if let Some(Object::Array(annots)) = r.get(page, b"Annots") {
        for a in annots.iter().take(MAX_ANNOTATIONS) {
            let Some(Object::Dictionary(a)) = r.deref(a) else {
                continue;
            };
            if let Some((form, rect)) = appearance(r, a) {
                interp
                    .run_appearance(form, rect, resources, xform)
                    .map_err(PageFailure::Stopped)?;
            }
        }
    }
    Ok(interp.finish())
}

/// Annotations read per page at most.
const MAX_ANNOTATIONS: usize = 2000;

/// The normal appearance stream of a visible annotation and its rectangle.
fn appearance<'d>(
    r: &Resolver<'d>,
    annot: &'d Dictionary,
) -> Option<(&'d lopdf::Stream, [f32; 4])> {
    let flags = match r.get(annot, b"F") {
        Some(Object::Integer(f)) => *f,
        _ => 0,
    };
    // Hidden (2) or NoView (32) annotations are not on the page.
    if flags & (2 | 32) != 0 {
        return None;
    }
    if r.get(annot, b"Subtype").and_then(|o| o.as_name().ok()) == Some(b"Popup") {
        return None;
    }
    let normal = r.get(r.get_dict(annot, b"AP")?, b"N")?;
    let form = match normal {
        Object::Stream(s) => s,
        Object::Dictionary(states) => {
            let state = r.get(annot, b"AS").and_then(|o| o.as_name().ok())?;
            match r.get(states, state)? {
                Object::Stream(s) => s,
                _ => return None,
            }
        }
        _ => return None,
    };
    let Some(Object::Array(rect)) = r.get(annot, b"Rect") else {
        return None;
    };
    let v: Vec<f32> = rect
        .iter()
        .filter_map(|o| match r.deref(o) {
            Some(Object::Integer(i)) => Some(*i as f32),
            Some(Object::Real(x)) => Some(*x),
            _ => None,
        })
        .collect();
    (v.len() == 4).then(|| (form, [v[0], v[1], v[2], v[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF with one line of Helvetica text.
    fn tiny_pdf() -> Vec<u8> {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let content = doc.add_object(Stream::new(
            Dictionary::new(),
            b"BT /F1 12 Tf 72 700 Td (Officers shall not) Tj ET".to_vec(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![Object::Reference(page)], "Count" => 1,
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("written");
        out
    }

    #[test]
    fn a_passed_deadline_stops_extraction_with_a_clear_error() {
        let bytes = tiny_pdf();
        let mut limits = Limits::new(5);
        limits.deadline = std::time::Instant::now() - std::time::Duration::from_secs(1);
        match extract_pages_within(&bytes, &ExtractOptions::default(), limits) {
            Err(e @ ExtractError::TimedOut(5)) => {
                assert_eq!(
                    e.to_string().split(" (").next(),
                    Some("extraction took longer than 5 s")
                );
            }
            other => panic!("expected a time-out, got {other:?}"),
        }
        let ok = extract_pages_within(&bytes, &ExtractOptions::default(), Limits::new(5))
            .expect("in time");
        assert_eq!(ok.pages[0].trim(), "Officers shall not");
    }
}

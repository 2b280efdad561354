//! The PDF outline (bookmarks): titles with their nesting and target page,
//! which segmentation uses as hints for headings.
//!
//! The outline is untrusted structure: the walk is iterative, visits each
//! item once (so `/Next` and `/First` cycles end), and stops at fixed limits
//! on depth and count.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, HashSet};

/// Deepest outline nesting read.
const MAX_DEPTH: usize = 16;
/// Most outline items read.
const MAX_ITEMS: usize = 20_000;
/// Longest title kept, in characters.
const MAX_TITLE: usize = 300;

/// One bookmark: its title, nesting (0 for top-level items) and the
/// 1-based page it points to, when that could be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub title: String,
    pub level: usize,
    pub page: Option<u32>,
}

/// Reads the outline of a loaded PDF, in document order. A missing or
/// malformed outline gives the items read so far (often none).
pub fn read(doc: &Document) -> Vec<Bookmark> {
    let mut out = Vec::new();
    let Ok(catalog) = doc.catalog() else {
        return out;
    };
    let Some(first) = dict_of(doc, catalog.get(b"Outlines").ok())
        .and_then(|outlines| outlines.get(b"First").ok())
        .and_then(|o| o.as_reference().ok())
    else {
        return out;
    };
    let pages: BTreeMap<ObjectId, u32> = super::pdf::page_list(doc)
        .unwrap_or_default()
        .into_iter()
        .map(|(n, id)| (id, n))
        .collect();
    let named = named_destinations(doc, catalog);

    let mut seen = HashSet::new();
    // Items still to visit: the next sibling chain to follow, with its level.
    let mut stack: Vec<(ObjectId, usize)> = vec![(first, 0)];
    while let Some((id, level)) = stack.pop() {
        if out.len() >= MAX_ITEMS || !seen.insert(id) {
            continue;
        }
        let Some(item) = doc.get_object(id).ok().and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        let title = item
            .get(b"Title")
            .ok()
            .and_then(|t| doc.dereference(t).ok())
            .and_then(|(_, t)| lopdf::decode_text_string(t).ok())
            .map(|t| tidy(&t))
            .unwrap_or_default();
        if !title.is_empty() {
            out.push(Bookmark {
                title,
                level,
                page: target_page(doc, item, &pages, &named),
            });
        }
        // The sibling goes below the children on the stack, so children are
        // read first and the order stays that of the document.
        if let Ok(next) = item.get(b"Next").and_then(Object::as_reference) {
            stack.push((next, level));
        }
        if level + 1 < MAX_DEPTH
            && let Ok(child) = item.get(b"First").and_then(Object::as_reference)
        {
            stack.push((child, level + 1));
        }
    }
    out
}

fn dict_of<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Dictionary> {
    doc.dereference(o?).ok()?.1.as_dict().ok()
}

/// The page an outline item points to, through `/Dest` or a GoTo action,
/// and through a named destination when the target is a name.
fn target_page(
    doc: &Document,
    item: &Dictionary,
    pages: &BTreeMap<ObjectId, u32>,
    named: &BTreeMap<Vec<u8>, ObjectId>,
) -> Option<u32> {
    let dest = match item.get(b"Dest") {
        Ok(d) => d,
        Err(_) => {
            let action = dict_of(doc, item.get(b"A").ok())?;
            if action.get(b"S").and_then(Object::as_name).ok()? != b"GoTo" {
                return None;
            }
            action.get(b"D").ok()?
        }
    };
    let (_, dest) = doc.dereference(dest).ok()?;
    let page_ref = match dest {
        Object::Array(a) => a.first()?.as_reference().ok()?,
        Object::Name(n) | Object::String(n, _) => *named.get(n)?,
        Object::Dictionary(d) => d
            .get(b"D")
            .ok()
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|p| p.as_reference().ok())?,
        _ => return None,
    };
    pages.get(&page_ref).copied()
}

/// Named destinations from the catalog's `/Dests` dictionary and the first
/// level of its `/Names` → `/Dests` tree (names and page references only).
fn named_destinations(doc: &Document, catalog: &Dictionary) -> BTreeMap<Vec<u8>, ObjectId> {
    let mut out = BTreeMap::new();
    let page_of = |o: &Object| -> Option<ObjectId> {
        let (_, o) = doc.dereference(o).ok()?;
        let arr = match o {
            Object::Array(a) => a,
            Object::Dictionary(d) => d.get(b"D").ok()?.as_array().ok()?,
            _ => return None,
        };
        arr.first()?.as_reference().ok()
    };
    if let Some(dests) = dict_of(doc, catalog.get(b"Dests").ok()) {
        for (name, o) in dests.iter().take(MAX_ITEMS) {
            if let Some(p) = page_of(o) {
                out.insert(name.clone(), p);
            }
        }
    }
    let tree =
        dict_of(doc, catalog.get(b"Names").ok()).and_then(|n| dict_of(doc, n.get(b"Dests").ok()));
    if let Some(tree) = tree {
        let mut nodes = vec![tree];
        let mut visited = 0;
        while let Some(node) = nodes.pop() {
            visited += 1;
            if visited > 1_000 {
                break;
            }
            if let Ok(names) = node.get(b"Names").and_then(Object::as_array) {
                for pair in names.chunks(2).take(MAX_ITEMS) {
                    if let [Object::String(name, _), target] = pair
                        && let Some(p) = page_of(target)
                    {
                        out.insert(name.clone(), p);
                    }
                }
            }
            if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
                nodes.extend(kids.iter().take(64).filter_map(|k| dict_of(doc, Some(k))));
            }
        }
    }
    out
}

/// A title with control characters removed and spacing collapsed, cut to a
/// sane length.
fn tidy(t: &str) -> String {
    t.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_TITLE)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    /// A document of `n` empty pages with the given outline items, each
    /// (title, page index, parent item index or None); `cycle` links the
    /// last top-level item back to the first.
    fn pdf(n: usize, items: &[(&str, usize, Option<usize>)], cycle: bool) -> Document {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let page_ids: Vec<ObjectId> = (0..n)
            .map(|_| {
                let content = doc.add_object(Stream::new(dictionary! {}, Vec::new()));
                doc.add_object(dictionary! {
                    "Type" => "Page",
                    "Parent" => pages_id,
                    "Contents" => content,
                })
            })
            .collect();
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => page_ids.iter().map(|&id| Object::Reference(id)).collect::<Vec<_>>(),
                "Count" => n as i64,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let outlines_id = doc.new_object_id();
        let ids: Vec<ObjectId> = items.iter().map(|_| doc.new_object_id()).collect();
        for (i, (title, page, parent)) in items.iter().enumerate() {
            let mut d = dictionary! {
                "Title" => Object::string_literal(*title),
                "Parent" => parent.map_or(outlines_id, |p| ids[p]),
                "Dest" => vec![Object::Reference(page_ids[*page]), "Fit".into()],
            };
            let siblings: Vec<usize> = (0..items.len())
                .filter(|&j| items[j].2 == *parent)
                .collect();
            let pos = siblings.iter().position(|&j| j == i).expect("own sibling");
            if let Some(&next) = siblings.get(pos + 1) {
                d.set("Next", ids[next]);
            } else if cycle && parent.is_none() {
                d.set("Next", ids[siblings[0]]);
            }
            if let Some(first_child) = (0..items.len()).find(|&j| items[j].2 == Some(i)) {
                d.set("First", ids[first_child]);
            }
            doc.objects.insert(ids[i], Object::Dictionary(d));
        }
        doc.objects.insert(
            outlines_id,
            Object::Dictionary(dictionary! { "Type" => "Outlines", "First" => ids[0] }),
        );
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
            "Outlines" => outlines_id,
        });
        doc.trailer.set("Root", catalog);
        doc
    }

    #[test]
    fn reads_titles_levels_and_pages_in_order() {
        let doc = pdf(
            3,
            &[
                ("Policy 428 Immigration", 0, None),
                ("428.4 Detainers", 1, Some(0)),
                ("Policy 429 Bias", 2, None),
            ],
            false,
        );
        let b = read(&doc);
        let got: Vec<(&str, usize, Option<u32>)> = b
            .iter()
            .map(|b| (b.title.as_str(), b.level, b.page))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Policy 428 Immigration", 0, Some(1)),
                ("428.4 Detainers", 1, Some(2)),
                ("Policy 429 Bias", 0, Some(3)),
            ]
        );
    }

    #[test]
    fn a_cycle_in_the_outline_ends() {
        let doc = pdf(2, &[("One", 0, None), ("Two", 1, None)], true);
        let b = read(&doc);
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn no_outline_gives_nothing() {
        let mut doc = pdf(1, &[("Only", 0, None)], false);
        let root = doc
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .unwrap();
        if let Ok(Object::Dictionary(c)) = doc.get_object_mut(root) {
            c.remove(b"Outlines");
        }
        assert!(read(&doc).is_empty());
    }
}

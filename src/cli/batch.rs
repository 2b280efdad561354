//! The batch driver: paths → inputs → one [`BatchEntry`] each, in parallel,
//! with a progress bar on terminals. One bad file becomes one failed entry;
//! the others are still analysed.

use super::config::{self, DocumentConfig, FolderConfig};
use crate::extract::{self, ExtractOptions};
use crate::model::{Analysis, BatchEntry, DocumentAnalysis, SCHEMA_VERSION};
use crate::rules::{RuleSet, Tailoring};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One file to analyse, with the settings that apply to it.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub settings: DocumentConfig,
}

/// What the paths given to `scan` expand to.
#[derive(Debug, Default)]
pub struct Collected {
    /// The files to analyse, each once, in a stable order.
    pub inputs: Vec<Input>,
    /// Files found in folders that no reader handles, each with the reason.
    pub skipped: Vec<(PathBuf, String)>,
    /// Problems in folder settings that do not stop the run.
    pub warnings: Vec<String>,
}

/// Expands files and folders into inputs, in a stable order, each file once
/// however many times it is named. Folders are walked recursively; a
/// `policygap.toml` in a folder names excluded sub-folders and per-document
/// settings. Files in a folder that cannot be read by type are listed as
/// skipped, except hidden ones and settings files.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Collected, String> {
    let mut out = Collected::default();
    let mut seen = HashSet::new();
    // The same file reached twice (named twice, or named and inside a named
    // folder) is analysed once; a missing one is known by its name.
    let mut first_time =
        |f: &Path| seen.insert(std::fs::canonicalize(f).unwrap_or(f.to_path_buf()));
    for p in paths {
        if p.is_dir() {
            let cfg = config::load(p)?.unwrap_or_default();
            let excluded: Vec<PathBuf> = cfg.exclude.iter().map(|e| p.join(e)).collect();
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(false)
                .max_depth(32)
                .into_iter()
                .filter_entry(|e| !excluded.iter().any(|x| e.path() == x.as_path()))
                .filter_map(Result::ok)
                // Links, pipes and devices are kept so the reader can say
                // what each is; a link to a folder is not followed.
                .filter(|e| !e.file_type().is_dir() && !e.path().is_dir())
                .map(|e| e.into_path())
                .collect();
            files.sort();
            let mut stems = Vec::new();
            for f in files {
                if let Err(e) = extract::reader_for(&f) {
                    if !is_hidden_or_settings(p, &f) {
                        out.skipped.push((f, e.to_string()));
                    }
                    continue;
                }
                if is_our_report(&f) {
                    out.skipped
                        .push((f, "a report policygap wrote, not a policy".into()));
                    continue;
                }
                let stem = f
                    .file_stem()
                    .map(|s| s.to_string_lossy().to_string())
                    .unwrap_or_default();
                if first_time(&f) {
                    let settings = cfg.documents.get(&stem).cloned().unwrap_or_default();
                    out.inputs.push(Input {
                        path: f.clone(),
                        settings,
                    });
                }
                stems.push((stem, f));
            }
            out.warnings.extend(unmatched_documents(
                &p.join(config::FILE_NAME),
                &cfg,
                &stems,
            ));
        } else {
            if !first_time(p) {
                continue;
            }
            // A file named directly is always tried, so an unsupported or
            // missing one gets its own error line; the settings file beside
            // it still names its town.
            let settings = match (p.parent(), p.file_stem()) {
                (Some(dir), Some(stem)) if p.exists() => {
                    let dir = if dir.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        dir
                    };
                    config::load(dir)?
                        .and_then(|c| c.documents.get(&*stem.to_string_lossy()).cloned())
                        .unwrap_or_default()
                }
                _ => DocumentConfig::default(),
            };
            out.inputs.push(Input {
                path: p.clone(),
                settings,
            });
        }
    }
    Ok(out)
}

/// Whether a web page in a scanned folder is an HTML report this program
/// wrote there (say with `--out reports/`), judged from its first bytes.
fn is_our_report(file: &Path) -> bool {
    use std::io::Read;
    // Opening a pipe would block; only regular files are looked into.
    if extract::kind_of(file) != Some(crate::model::SourceKind::Html)
        || !std::fs::metadata(file).is_ok_and(|m| m.is_file())
    {
        return false;
    }
    let mut head = Vec::new();
    let read = std::fs::File::open(file).and_then(|f| f.take(4096).read_to_end(&mut head));
    read.is_ok()
        && memchr::memmem::find(&head, crate::report::HTML_TITLE_START.as_bytes()).is_some()
}

/// True for a file no one expects a scan to read: a hidden one (or one in a
/// hidden folder) under the scanned `root`, or a folder settings file.
fn is_hidden_or_settings(root: &Path, file: &Path) -> bool {
    file.file_name().is_some_and(|n| n == config::FILE_NAME)
        || file
            .strip_prefix(root)
            .unwrap_or(file)
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// A warning for each `[documents.NAME]` of a folder's settings that names
/// none of the files found, with the closest file when one is near.
fn unmatched_documents(
    settings: &Path,
    cfg: &FolderConfig,
    files: &[(String, PathBuf)],
) -> Vec<String> {
    cfg.documents
        .keys()
        .filter(|k| !files.iter().any(|(stem, _)| stem == *k))
        .map(|k| {
            let near = crate::spelling::closest(k, files.iter().map(|(stem, _)| stem.as_str()))
                .and_then(|n| files.iter().find(|(stem, _)| stem == n));
            let tail = match near {
                Some((n, file)) => format!("did you mean [documents.{n}], for {}?", file.display()),
                None => "a key is a file's name without its extension".to_string(),
            };
            format!(
                "{}: [documents.{k}] matches no file in the folder; {tail}",
                settings.display()
            )
        })
        .collect()
}

/// Analyses one file: the whole pipeline, failures turned into an entry.
pub fn analyze_path(
    path: &Path,
    set: &RuleSet,
    tailoring: &Tailoring,
    opts: &ExtractOptions,
) -> BatchEntry {
    let shown = path.display().to_string();
    let doc = match extract::extract_file(path, opts) {
        Ok(d) => d,
        Err(e) => {
            let reason = match e.hint() {
                Some(h) => format!("{e} ({h})"),
                None => e.to_string(),
            };
            return BatchEntry::Failed {
                path: shown,
                reason,
            };
        }
    };
    let seg = crate::segment::segment(&doc);
    let findings = crate::assess::assess(&seg, set, tailoring);
    let model_texts = set
        .rules
        .iter()
        .map(|r| (r.id.clone(), set.tailor(&r.text, tailoring)))
        .collect();
    BatchEntry::Analyzed(Box::new(DocumentAnalysis {
        path: shown,
        id: doc.id.clone(),
        kind: doc.kind,
        pages: doc.pages.len() as u32,
        warnings: doc.warnings.clone(),
        findings,
        text: doc.text,
        page_spans: doc.pages,
        sections: seg.sections,
        jurisdiction: tailoring.jurisdiction.clone(),
        oversight: tailoring.oversight.clone(),
        model_texts,
    }))
}

/// Analyses one file on a thread of its own and waits at most the time
/// limit of `opts`: a file that takes longer (or whose analysis fails
/// inside) becomes a failed entry, and the batch goes on. A thread past its
/// time is left to finish on its own (the readers stop at the same limit);
/// the process does not wait for it at the end.
fn analyze_within(
    path: &Path,
    set: &Arc<RuleSet>,
    tailoring: &Tailoring,
    opts: &ExtractOptions,
) -> BatchEntry {
    let failed = |reason: String| BatchEntry::Failed {
        path: path.display().to_string(),
        reason,
    };
    let secs = opts.seconds();
    let (tx, rx) = mpsc::channel();
    let (p, s, t, o) = (
        path.to_path_buf(),
        Arc::clone(set),
        tailoring.clone(),
        opts.clone(),
    );
    // The file's parallel work runs on a pool of its own: work left behind
    // by a file past its time must not queue ahead of the next file's.
    let threads = rayon::current_num_threads();
    let spawned = std::thread::Builder::new()
        .name("policygap-file".into())
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
            let entry = match pool {
                Ok(pool) => pool.install(|| analyze_path(&p, &s, &t, &o)),
                Err(_) => analyze_path(&p, &s, &t, &o),
            };
            let _ = tx.send(entry);
        });
    if spawned.is_err() {
        return analyze_path(path, set, tailoring, opts);
    }
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(entry) => entry,
        Err(RecvTimeoutError::Timeout) => failed(format!(
            "reading and analysing it took longer than {secs} s (the file may be hostile or \
             absurdly complex; --timeout allows more)"
        )),
        Err(RecvTimeoutError::Disconnected) => {
            failed("an internal error stopped its analysis (please report it with the file)".into())
        }
    }
}

/// Runs the batch and assembles the analysis value.
pub fn run_batch(
    inputs: &[Input],
    set: &RuleSet,
    tailoring: &Tailoring,
    opts: &ExtractOptions,
    progress: bool,
    generated: String,
) -> Analysis {
    let bar = if progress {
        let b = indicatif::ProgressBar::new(inputs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    // Each file's analysis runs on a thread that may outlive its time
    // limit, so the rule set is shared rather than borrowed.
    let shared = Arc::new(set.clone());
    let analyze = |input: &Input| {
        // Per-document settings win over the command line's only where
        // the command line left them empty.
        let t = Tailoring {
            jurisdiction: tailoring
                .jurisdiction
                .clone()
                .or_else(|| input.settings.jurisdiction.clone()),
            oversight: tailoring
                .oversight
                .clone()
                .or_else(|| input.settings.oversight.clone()),
        };
        let entry = analyze_within(&input.path, &shared, &t, opts);
        if let Some(b) = &bar {
            b.set_message(input.path.display().to_string());
            b.inc(1);
        }
        entry
    };
    // Files are taken in turn by a few workers of our own. They only wait
    // for each file's thread, so the thread pool stays free for the work
    // inside a file (a PDF's pages are read in parallel on it).
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<BatchEntry>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    let workers = rayon::current_num_threads().clamp(1, inputs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let entry = analyze(input);
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(entry);
                }
            });
        }
    });
    let documents: Vec<BatchEntry> = slots
        .into_iter()
        .zip(inputs)
        .map(|(slot, input)| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| BatchEntry::Failed {
                    path: input.path.display().to_string(),
                    reason: "it was not analysed (an internal error; please report it)".into(),
                })
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let jurisdiction = tailoring.jurisdiction.clone().or_else(|| {
        // A batch of one document can take its name from the folder settings.
        (inputs.len() == 1)
            .then(|| inputs[0].settings.jurisdiction.clone())
            .flatten()
    });
    let oversight = tailoring.oversight.clone().or_else(|| {
        (inputs.len() == 1)
            .then(|| inputs[0].settings.oversight.clone())
            .flatten()
    });
    let summary_tailoring = Tailoring {
        jurisdiction: jurisdiction.clone(),
        oversight: oversight.clone(),
    };
    Analysis {
        schema_version: SCHEMA_VERSION,
        rule_set: set.summary(&summary_tailoring),
        jurisdiction,
        oversight,
        generated,
        documents,
    }
}

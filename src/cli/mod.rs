//! The command line: clap definitions, the batch driver, progress bars and
//! batch settings. This is the only module that prints.

mod batch;
mod config;
mod eval;

use crate::extract::{self, ExtractOptions};
use crate::model::Verdict;
use crate::report;
use crate::rules::{self, Tailoring};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub use batch::{Collected, Input, analyze_path, collect_inputs, run_batch};

/// Exit codes, in one place.
pub mod exit {
    /// Everything was analysed.
    pub const OK: i32 = 0;
    /// The run finished, but at least one file could not be analysed.
    pub const SOME_FAILED: i32 = 1;
    /// Nothing could be done: bad arguments, a broken rule file, no inputs.
    pub const USAGE: i32 = 2;
}

#[derive(Parser, Debug)]
#[command(
    name = "policygap",
    version,
    about = "Check police policies against model rules: for every rule, does the policy meet it, partly meet it, miss it, or conflict with it?",
    after_help = "Examples:\n  policygap scan corpus/\n  policygap scan manual.pdf --jurisdiction \"Wilton, Connecticut\" --format markdown\n  policygap explain manual.pdf --rule dont-ask\n  policygap rules list"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Scan policy files or folders and report every rule for each.
    Scan(ScanArgs),
    /// Print the text extracted from a file (pages separated by form feeds).
    Extract(ExtractArgs),
    /// Explain how one rule's verdict was reached for one file.
    Explain(ExplainArgs),
    /// Print the sections found in a file as a table of contents with pages.
    Outline(OutlineArgs),
    /// List, show or check rule sets.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Score verdicts against a labels file (doc, rule, verdict, evidence).
    Eval(EvalArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum FormatArg {
    /// A table for the terminal.
    Text,
    /// The documented JSON contract (schema_version, rule_set, documents).
    Json,
    /// Markdown for email and issue trackers.
    Markdown,
    /// A self-contained HTML report that prints as a handout.
    Html,
    /// One row per document and rule, for spreadsheets.
    Csv,
}

#[derive(clap::Args, Debug)]
struct ScanArgs {
    /// Files (.pdf, .docx, .html, .txt, .md) or folders to scan (folders are searched recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
    /// Output format; without it, the one --out's extension names (.html,
    /// .json, .md, .csv, .txt), else text.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Write the report to this file instead of standard output. A path
    /// ending in "/" (or an existing folder) gets one report per document
    /// and an index page.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Seconds one file may take; a file that takes longer is reported as
    /// failed and the other files are still analysed.
    #[arg(long, value_name = "SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    timeout: u64,
    /// Leave the rule set's optional rules (such as aclu-nine's 1373 rule)
    /// out of the scorecard and the report.
    #[arg(long)]
    skip_optional: bool,
}

#[derive(clap::Args, Debug, Clone)]
struct CommonArgs {
    /// Rule set: a built-in name (see `policygap rules list`) or a TOML file.
    #[arg(long, default_value = "aclu-nine")]
    rules: String,
    /// The place the policy belongs to; fills the rule set's place placeholder
    /// ([County/City/State], [city], ...) in model text.
    #[arg(long)]
    jurisdiction: Option<String>,
    /// The body that investigates complaints; fills [oversight entity].
    #[arg(long)]
    oversight: Option<String>,
    /// Password for encrypted PDFs.
    #[arg(long)]
    password: Option<String>,
    /// Read scanned PDF pages (pages with no text layer) by OCR; needs the
    /// tesseract and pdftoppm programs.
    #[arg(long)]
    ocr: bool,
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    file: PathBuf,
    /// Print the cleaned text that analysis reads (headers, footers and hyphenation removed).
    #[arg(long)]
    clean: bool,
    /// Print the cleaned document as JSON with page spans.
    #[arg(long)]
    json: bool,
    /// Password for an encrypted PDF.
    #[arg(long)]
    password: Option<String>,
    /// Read scanned PDF pages (pages with no text layer) by OCR; needs the
    /// tesseract and pdftoppm programs.
    #[arg(long)]
    ocr: bool,
}

#[derive(clap::Args, Debug)]
struct ExplainArgs {
    file: PathBuf,
    /// The rule id, e.g. judicial-warrant (see `policygap rules show`).
    #[arg(long)]
    rule: String,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(clap::Args, Debug)]
struct OutlineArgs {
    file: PathBuf,
    /// Also list untitled parts such as (a), (b) list items.
    #[arg(long)]
    all: bool,
    /// Password for an encrypted PDF.
    #[arg(long)]
    password: Option<String>,
    /// Read scanned PDF pages (pages with no text layer) by OCR; needs the
    /// tesseract and pdftoppm programs.
    #[arg(long)]
    ocr: bool,
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// List the built-in rule sets, or the rules of one set.
    List {
        /// A rule set name or file; without it, the built-in sets are listed.
        set: Option<String>,
    },
    /// Show one rule: model text, purpose and what the matcher looks for.
    Show {
        id: String,
        #[arg(long, default_value = "aclu-nine")]
        rules: String,
        #[arg(long)]
        jurisdiction: Option<String>,
        #[arg(long)]
        oversight: Option<String>,
    },
    /// Check a rule file and report every problem with its line.
    Check { file: PathBuf },
}

#[derive(clap::Args, Debug)]
struct EvalArgs {
    /// Folder with the documents named in the labels file.
    docs: PathBuf,
    /// Labels: a header line, then doc<TAB>rule<TAB>verdict and either an
    /// `evidence` quote or `ev_start` and `ev_len` (characters into the text).
    labels: PathBuf,
    /// Also score a clause bank (id<TAB>rule<TAB>verdict<TAB>text).
    #[arg(long)]
    clauses: Option<PathBuf>,
    /// Score only files with this extension (txt, pdf, md).
    #[arg(long)]
    ext: Option<String>,
    /// List every disagreement.
    #[arg(long)]
    errors: bool,
    #[arg(long, default_value = "aclu-nine")]
    rules: String,
    /// A table with a row per document, named in its first column (such
    /// as eval-real's sources.tsv), for --by and --where.
    #[arg(long)]
    sources: Option<PathBuf>,
    /// Also score each value of this column of --sources apart (e.g. kind, half).
    #[arg(long)]
    by: Option<String>,
    /// Score only documents whose --sources column has this value (e.g. half=a); may repeat.
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    filter: Vec<String>,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
        }
    };
    match cli.command {
        Command::Scan(a) => scan(a),
        Command::Extract(a) => extract_cmd(a),
        Command::Explain(a) => explain(a),
        Command::Outline(a) => outline(a),
        Command::Rules { command } => rules_cmd(command),
        Command::Eval(a) => {
            let filters: Option<Vec<(&str, &str)>> =
                a.filter.iter().map(|f| f.split_once('=')).collect();
            let Some(filters) = filters else {
                error("--where takes COLUMN=VALUE, e.g. --where half=a", None);
                return exit::USAGE;
            };
            eval::run(
                &a.docs,
                &a.labels,
                &eval::EvalOptions {
                    clauses: a.clauses.as_deref(),
                    ext: a.ext.as_deref(),
                    show_errors: a.errors,
                    rules: &a.rules,
                    sources: a.sources.as_deref(),
                    by: a.by.as_deref(),
                    filters,
                },
            )
        }
    }
}

/// Prints an error (and its hint) the way every command does.
pub(crate) fn error(msg: &str, hint: Option<&str>) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "policygap: error: {msg}");
    if let Some(h) = hint {
        let _ = writeln!(err, "  hint: {h}");
    }
}

fn load_rules(name: &str) -> Option<rules::RuleSet> {
    match rules::load(name) {
        Ok(s) => Some(s),
        Err(e) => {
            let hint = if std::path::Path::new(name).exists() {
                "run `policygap rules check FILE` for every problem in a rule file"
            } else {
                "`policygap rules list` names the built-in rule sets"
            };
            error(&e.to_string(), Some(hint));
            None
        }
    }
}

/// The rule `id` of `set`, or an error naming the set's rules (and the
/// closest id, when `id` looks like a slip).
fn find_rule<'a>(set: &'a rules::RuleSet, id: &str) -> Option<&'a rules::Rule> {
    if let Some(r) = set.rule(id) {
        return Some(r);
    }
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
    let msg = match crate::spelling::closest(id, ids.iter().copied()) {
        Some(near) => format!(
            "no rule `{id}` in rule set {}; did you mean {near}?",
            set.id
        ),
        None => format!("no rule `{id}` in rule set {}", set.id),
    };
    error(
        &msg,
        Some(&format!("rules in this set: {}", ids.join(", "))),
    );
    None
}

/// The place and oversight body to fill into model text. A name given but
/// left empty is refused: it would silently blank the model text's
/// placeholders.
fn tailoring(jurisdiction: Option<String>, oversight: Option<String>) -> Option<Tailoring> {
    for (option, value, example) in [
        ("--jurisdiction", &jurisdiction, "\"Wilton, Connecticut\""),
        (
            "--oversight",
            &oversight,
            "\"the Wilton Police Commission\"",
        ),
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            error(
                &format!("{option} is empty; give a name, e.g. {option} {example}"),
                None,
            );
            return None;
        }
    }
    Some(Tailoring {
        jurisdiction,
        oversight,
    })
}

fn write_output(out: Option<&PathBuf>, text: &str) -> bool {
    match out {
        Some(p) => match std::fs::write(p, text) {
            Ok(()) => {
                eprintln!("policygap: wrote {}", p.display());
                true
            }
            Err(e) => {
                error(
                    &format!("{}: cannot write the report: {e}", p.display()),
                    None,
                );
                false
            }
        },
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(text.as_bytes()).is_ok() && o.flush().is_ok()
        }
    }
}

fn today() -> String {
    // Days since the epoch → civil date (proleptic Gregorian), so reports
    // carry a date without a time-zone dependency.
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let z = secs / 86_400 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn scan(a: ScanArgs) -> i32 {
    let Some(mut set) = load_rules(&a.common.rules) else {
        return exit::USAGE;
    };
    if a.skip_optional {
        set.skip_optional();
    }
    let Some(tailoring) = tailoring(a.common.jurisdiction, a.common.oversight) else {
        return exit::USAGE;
    };
    let format = match report_format(a.format, a.out.as_deref()) {
        Ok(f) => f,
        Err(msg) => {
            error(&msg, None);
            return exit::USAGE;
        }
    };
    let collected = match collect_inputs(&a.paths) {
        Ok(c) => c,
        Err(msg) => {
            error(&msg, None);
            return exit::USAGE;
        }
    };
    for w in &collected.warnings {
        warning(w);
    }
    let inputs = collected.inputs;
    if inputs.is_empty() {
        print_skipped(&collected.skipped);
        error(
            "no .pdf, .docx, .html, .txt or .md files found in the given paths",
            None,
        );
        return exit::USAGE;
    }
    let opts = ExtractOptions {
        password: a.common.password.clone(),
        time_limit: Some(a.timeout),
        ocr: a.common.ocr,
    };
    let progress = std::io::stderr().is_terminal() && !no_color();
    let analysis = batch::run_batch(&inputs, &set, &tailoring, &opts, progress, today());
    let failed = analysis
        .documents
        .iter()
        .filter(|d| matches!(d, crate::model::BatchEntry::Failed { .. }))
        .count();
    for d in &analysis.documents {
        if let crate::model::BatchEntry::Failed { path, reason } = d {
            error(&format!("{path}: {reason}"), None);
        }
    }
    print_skipped(&collected.skipped);
    if failed == analysis.documents.len() {
        // A report of nothing but failures would only repeat the errors.
        if failed > 1 {
            eprintln!(
                "policygap: none of the {failed} files could be analysed, so no report was made"
            );
        }
        return exit::SOME_FAILED;
    }
    let to_terminal = a.out.is_none() && std::io::stdout().is_terminal();
    let opts = report::RenderOptions {
        color: to_terminal && !no_color(),
        width: text_width(to_terminal),
    };
    let written = match &a.out {
        Some(dir) if is_dir_target(dir) => write_per_document(dir, &analysis, format, &opts),
        out => write_output(out.as_ref(), &report::render(&analysis, format, &opts)),
    };
    if !written {
        return exit::SOME_FAILED;
    }
    if failed > 0 {
        eprintln!(
            "policygap: {failed} of {} file(s) could not be analysed (see the errors above)",
            analysis.documents.len()
        );
        exit::SOME_FAILED
    } else {
        exit::OK
    }
}

impl FormatArg {
    fn format(self) -> report::Format {
        match self {
            FormatArg::Text => report::Format::Text,
            FormatArg::Json => report::Format::Json,
            FormatArg::Markdown => report::Format::Markdown,
            FormatArg::Html => report::Format::Html,
            FormatArg::Csv => report::Format::Csv,
        }
    }
}

/// The report format: `--format` when given, else the one `--out`'s file
/// extension names, else text. A `--format` that contradicts the extension
/// is refused rather than written under a misleading name.
fn report_format(
    format: Option<FormatArg>,
    out: Option<&std::path::Path>,
) -> Result<report::Format, String> {
    let named = out
        .filter(|p| !is_dir_target(p))
        .and_then(|p| Some((p, p.extension()?.to_str()?)))
        .and_then(|(p, ext)| Some((p, ext, report::Format::from_name(ext)?)));
    match (format, named) {
        (Some(f), Some((p, ext, g))) if f.format() != g => Err(format!(
            "--format {} does not match --out {} (a .{ext} file); drop --format or change the file name",
            f.to_possible_value()
                .map_or(String::new(), |v| v.get_name().to_string()),
            p.display()
        )),
        (Some(f), _) => Ok(f.format()),
        (None, Some((_, _, g))) => Ok(g),
        (None, None) => Ok(report::Format::Text),
    }
}

/// Lists the files a folder scan left out because no reader handles them.
fn print_skipped(skipped: &[(PathBuf, String)]) {
    if skipped.is_empty() {
        return;
    }
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "policygap: skipped {} file(s) that cannot be read:",
        skipped.len()
    );
    for (path, reason) in skipped {
        let _ = writeln!(err, "  {}: {reason}", path.display());
    }
    let _ = writeln!(
        err,
        "  hint: convert them to PDF, Word (.docx) or plain text, or list them under `exclude` in the folder's {}",
        config::FILE_NAME
    );
}

/// Prints a warning: something the run went on past but the user should fix.
pub(crate) fn warning(msg: &str) {
    eprintln!("policygap: warning: {msg}");
}

/// Whether the user asked for no colour: by the `NO_COLOR` convention,
/// only a value that is not empty counts.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The width to lay the text report out in: `COLUMNS` when it is set, else
/// the width of the terminal the report goes to, else 80.
fn text_width(to_terminal: bool) -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| w >= 40)
        .or_else(|| {
            to_terminal
                .then(|| console::Term::stdout().size_checked())
                .flatten()
                .map(|(_rows, cols)| usize::from(cols))
        })
        .unwrap_or(80)
}

fn is_dir_target(p: &std::path::Path) -> bool {
    p.is_dir() || p.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

/// A file name for one document's report: its label, made safe, and not
/// one already `taken`.
fn report_name(label: &str, ext: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let safe: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut name = format!("{safe}.{ext}");
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{safe}-{n}.{ext}");
        n += 1;
    }
    name
}

/// `--out DIR/`: one report per document, and an index page for HTML. The
/// last line says how many reports were written and how many were not.
fn write_per_document(
    dir: &std::path::Path,
    analysis: &crate::model::Analysis,
    format: report::Format,
    opts: &report::RenderOptions,
) -> bool {
    if let Err(e) = std::fs::create_dir_all(dir) {
        error(
            &format!(
                "{}: cannot create the folder: {}; no report was written",
                dir.display(),
                folder_problem(dir, &e)
            ),
            None,
        );
        return false;
    }
    let write = |name: &str, text: String| match std::fs::write(dir.join(name), text) {
        Ok(()) => true,
        Err(e) => {
            error(
                &format!("{}: cannot write: {e}", dir.join(name).display()),
                None,
            );
            false
        }
    };
    let index = match format {
        report::Format::Html => "index.html",
        report::Format::Json => "all.json",
        report::Format::Csv => "all.csv",
        report::Format::Markdown => "index.md",
        report::Format::Text => "index.txt",
    };
    let mut taken = std::collections::HashSet::from([index.to_string()]);
    let mut links = Vec::new();
    let mut written = 0;
    for (i, label) in report::doc_labels(analysis).iter().enumerate() {
        let name = report_name(label, format.extension(), &mut taken);
        if write(&name, report::render_document(analysis, i, format, opts)) {
            written += 1;
        }
        links.push(name);
    }
    let text = match format {
        report::Format::Html => report::html_index(analysis, &links),
        _ => report::render(analysis, format, opts),
    };
    let index_written = write(index, text);
    let total = analysis.documents.len();
    let summary = match (written, index_written) {
        (w, true) if w == total => format!("wrote {total} report(s) to {}", dir.display()),
        (0, false) => format!(
            "no report was written to {} (see the errors above)",
            dir.display()
        ),
        (w, index_written) => format!(
            "wrote {w} of {total} report(s) to {}; {} (see the errors above)",
            dir.display(),
            match (total - w, index_written) {
                (0, _) => format!("{index} could not be written"),
                (n, true) => format!("{n} could not be written"),
                (n, false) => format!("{n} and {index} could not be written"),
            }
        ),
    };
    eprintln!("policygap: {summary}");
    written == total && index_written
}

/// Why a folder could not be made, in words: an existing file where a folder
/// of its path should be is the usual cause, and the system says it obscurely.
fn folder_problem(dir: &std::path::Path, e: &std::io::Error) -> String {
    match dir.ancestors().find(|a| a.exists()) {
        Some(a) if !a.is_dir() => format!("{} is a file, not a folder", a.display()),
        _ => e.to_string(),
    }
}

fn extract_cmd(a: ExtractArgs) -> i32 {
    let opts = ExtractOptions {
        password: a.password,
        time_limit: None,
        ocr: a.ocr,
    };
    let result = if a.json || a.clean {
        extract::extract_file(&a.file, &opts).map(|doc| {
            if a.json {
                serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
            } else {
                doc.text.replace('\x0c', "\n\x0c")
            }
        })
    } else {
        extract::raw_text(&a.file, &opts)
    };
    print_text_of(&a.file, result)
}

/// Prints text made from one file, or the file's error with its hint.
fn print_text_of(file: &std::path::Path, result: Result<String, extract::ExtractError>) -> i32 {
    match result {
        Ok(text) => {
            if write_output(None, &text) {
                exit::OK
            } else {
                exit::SOME_FAILED
            }
        }
        Err(e) => {
            error(&format!("{}: {e}", file.display()), e.hint());
            exit::SOME_FAILED
        }
    }
}

fn outline(a: OutlineArgs) -> i32 {
    let opts = ExtractOptions {
        password: a.password,
        time_limit: None,
        ocr: a.ocr,
    };
    let result = extract::extract_file(&a.file, &opts).map(|doc| {
        let seg = crate::segment::segment(&doc);
        let text = if a.all {
            report::outline::render_all(&seg.sections)
        } else {
            report::outline::render(&seg.sections)
        };
        if text.trim().is_empty() {
            eprintln!(
                "policygap: {}: no numbered sections or headings were found; the text is read as one part",
                a.file.display()
            );
        }
        text
    });
    print_text_of(&a.file, result)
}

fn explain(a: ExplainArgs) -> i32 {
    let Some(set) = load_rules(&a.common.rules) else {
        return exit::USAGE;
    };
    let Some(rule) = find_rule(&set, &a.rule) else {
        return exit::USAGE;
    };
    let Some(tailoring) = tailoring(a.common.jurisdiction, a.common.oversight) else {
        return exit::USAGE;
    };
    let opts = ExtractOptions {
        password: a.common.password.clone(),
        time_limit: None,
        ocr: a.common.ocr,
    };
    let doc = match extract::extract_file(&a.file, &opts) {
        Ok(d) => d,
        Err(e) => {
            error(&format!("{}: {e}", a.file.display()), e.hint());
            return exit::SOME_FAILED;
        }
    };
    let seg = crate::segment::segment(&doc);
    let traced = crate::assess::assess_traced(&seg, &set, &tailoring);
    let Some((finding, trace)) = traced.into_iter().find(|(f, _)| f.rule == rule.id) else {
        return exit::USAGE;
    };
    let mut out = String::new();
    out.push_str(&format!(
        "Rule {} — {}\nFile: {}\nVerdict: {} (confidence {:.2})\n\n",
        rule.number,
        rule.title,
        a.file.display(),
        finding.verdict.label().to_uppercase(),
        finding.confidence
    ));
    let read = if trace.candidates < trace.eligible {
        format!(
            "{} clause(s) may speak of this rule's acts; the clause index chose the {} most relevant to read closely",
            trace.eligible, trace.candidates
        )
    } else {
        format!(
            "{} clause(s) may speak of this rule's acts and were read closely",
            trace.candidates
        )
    };
    let bearing = trace
        .judgements
        .iter()
        .filter(|j| j.grade != Verdict::Missing)
        .count();
    let set_aside = trace.judgements.len() - bearing;
    out.push_str(&format!("{read}; {bearing} bear on it"));
    if set_aside > 0 {
        out.push_str(&format!(", {set_aside} name its act but decide nothing"));
    }
    out.push_str(".\n\n");
    for j in &trace.judgements {
        let c = &seg.clauses[j.clause];
        let place = format!(
            "{}page {}",
            seg.citation(c)
                .map_or(String::new(), |s| format!("§ {s}, ")),
            c.span.page
        );
        if j.grade == Verdict::Missing {
            out.push_str(&format!(
                "- [set aside] {place}: \"{}\"\n    standing: {}\n",
                c.text,
                j.standing.word()
            ));
            for r in &j.reasons {
                out.push_str(&format!("    · {r}\n"));
            }
            continue;
        }
        out.push_str(&format!(
            "- [{}] {place}: \"{}\"\n    standing: {}\n    act: {}; {}; {}\n",
            j.grade.as_str(),
            c.text,
            j.standing.word(),
            j.act,
            if j.negated { "negated" } else { "affirmed" },
            j.force
        ));
        if !j.elements_found.is_empty() {
            out.push_str(&format!(
                "    elements found: {}\n",
                j.elements_found.join("; ")
            ));
        }
        if !j.elements_missing.is_empty() {
            out.push_str(&format!(
                "    elements missing: {}\n",
                j.elements_missing.join("; ")
            ));
        }
        for r in &j.reasons {
            out.push_str(&format!("    · {r}\n"));
        }
    }
    out.push_str("\nDecision:\n");
    for r in &finding.reasons {
        out.push_str(&format!("  {r}\n"));
    }
    if !finding.missing_elements.is_empty() {
        out.push_str(&format!(
            "  missing elements: {}\n",
            finding.missing_elements.join("; ")
        ));
    }
    write_output(None, &out);
    exit::OK
}

fn rules_cmd(c: RulesCommand) -> i32 {
    match c {
        RulesCommand::List { set: None } => {
            let mut out = String::from("Built-in rule sets:\n");
            for (name, _) in rules::BUILTIN {
                match rules::load(name) {
                    Ok(s) => out.push_str(&format!(
                        "  {name:<16} {} ({} rules)\n",
                        s.title,
                        s.rules.len()
                    )),
                    Err(e) => out.push_str(&format!("  {name:<16} (broken: {e})\n")),
                }
            }
            out.push_str("\nShow one set's rules with `policygap rules list NAME`.\n");
            write_output(None, &out);
            exit::OK
        }
        RulesCommand::List { set: Some(name) } => {
            let Some(s) = load_rules(&name) else {
                return exit::USAGE;
            };
            let mut out = format!("{} — {}\n\n", s.id, s.title);
            for r in &s.rules {
                out.push_str(&format!(
                    "  {:<22} #{:<5} {}{}\n",
                    r.id.as_str(),
                    r.number,
                    r.title,
                    if r.optional { " (optional)" } else { "" }
                ));
            }
            write_output(None, &out);
            exit::OK
        }
        RulesCommand::Show {
            id,
            rules: set_name,
            jurisdiction,
            oversight,
        } => {
            let Some(s) = load_rules(&set_name) else {
                return exit::USAGE;
            };
            let Some(r) = find_rule(&s, &id) else {
                return exit::USAGE;
            };
            let Some(t) = tailoring(jurisdiction, oversight) else {
                return exit::USAGE;
            };
            let mut out = format!(
                "Rule {} — {}{}\nid: {}\n\nModel text:\n  {}\n\nPurpose:\n  {}\n",
                r.number,
                r.title,
                if r.optional { " (optional)" } else { "" },
                r.id,
                s.tailor(&r.text, &t),
                r.purpose
            );
            if !r.note.is_empty() {
                out.push_str(&format!("\nAbout this rule:\n  {}\n", r.note));
            }
            out.push_str("\nWhat a clause must establish to meet it:\n");
            for a in &r.acts {
                out.push_str(&format!("  - it must speak of {}\n", a.name));
            }
            for e in &r.elements {
                out.push_str(&format!("  - {}\n", e.name));
            }
            if !r.examples.is_empty() {
                out.push_str("\nExamples:\n");
                for e in &r.examples {
                    out.push_str(&format!("  [{}] {}\n", e.verdict, e.text));
                }
            }
            write_output(None, &out);
            exit::OK
        }
        RulesCommand::Check { file } => check_rules(&file.display().to_string()),
    }
}

/// `rules check`: every problem in the file, then every example clause the
/// engine does not judge as its rule file says.
fn check_rules(file: &str) -> i32 {
    let s = match rules::load(file) {
        Ok(s) => s,
        Err(e) => {
            for line in e.to_string().lines() {
                eprintln!("policygap: error: {line}");
            }
            if e.problems.len() > 1 {
                eprintln!("policygap: {} problem(s) found", e.problems.len());
            }
            return exit::USAGE;
        }
    };
    let mut failing = 0;
    let mut total = 0;
    for r in &s.rules {
        // Each example is judged for its own rule only, so checking grows
        // with the number of examples, not with examples times rules.
        let one = s.only(r);
        for ex in &r.examples {
            total += 1;
            let got = crate::assess::judge_sentence(&one, r, &ex.text);
            if got != ex.verdict {
                failing += 1;
                let at = ex.line.map_or(String::new(), |l| format!("{l}:"));
                eprintln!(
                    "policygap: error: {file}:{at} rule `{}`: example should be {}, the engine says {}: \"{}\"",
                    r.id, ex.verdict, got, ex.text
                );
            }
        }
    }
    if failing > 0 {
        eprintln!("policygap: {failing} of {total} example(s) do not get their verdict");
        return exit::SOME_FAILED;
    }
    println!(
        "{file}: ok — rule set {} with {} rules, {} concepts, and {total} examples that all get their verdict",
        s.id,
        s.rules.len(),
        s.lexicon.len()
    );
    exit::OK
}

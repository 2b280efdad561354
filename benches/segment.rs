//! Segmentation and assessment cost on a 1,000-page manual, next to the
//! cost of extracting the same manual from PDF.
//!
//! The manual text is generated here: Lexipol-style numbered policies on the
//! topics a department manual covers (use of force, pursuits, evidence,
//! custody, complaints, records, bias-based policing and so on), with running
//! headers, footers and list items, and one immigration policy of a few
//! pages, as in real manuals. When `soffice` is installed, it is turned into
//! a PDF once in a temporary directory and `extract_bytes` is timed on it;
//! otherwise extraction of the plain text is timed instead. After the
//! criterion groups, the bench prints the ratio of the two, and the same for
//! assessment (clause index plus scoring of every rule of `aclu-nine`).
//!
//! The allocator is set up as `policygap` sets it up (`memory::tune`).
//!
//! It then does the same for a worst case: a manual of the same length that
//! speaks of immigration on every page, so every rule has hundreds of
//! candidates to read closely.

use criterion::{Criterion, criterion_group};
use policygap::extract::{ExtractOptions, extract_bytes};
use policygap::model::{Document, SourceKind};
use policygap::segment;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const PAGES: usize = 1000;
const LINES_PER_PAGE: usize = 44;

/// Lines of the immigration policy (and of every policy in the worst case).
const IMMIGRATION: &[&str] = &[
    "Members shall not detain any person solely to determine immigration status.",
    "A detainer from a federal agency shall be filed, and no further action",
    "shall be taken on it unless a judge has signed a warrant (8 U.S.C. § 1357).",
    "Deputies should explain to victims and witnesses, e.g. at the scene, that",
    "the Office does not enforce civil immigration law, i.e. removal cases.",
    "The watch commander shall review each request under Sec. 2-173-020 and",
    "report the result to the Undersheriff within five days of receipt.",
    "Nothing in this policy restricts the exchange of status information as",
    "provided in 8 U.S.C. § 1373 and No. 14 of the county resolutions.",
];

/// The other policies of the manual: a title and the lines its text cycles
/// through. Several touch what the rules look for in passing (complaints,
/// records, bias, license plate readers, custody), as real chapters do.
const TOPICS: &[(&str, &[&str])] = &[
    (
        "Use of Force",
        &[
            "Officers shall use only that amount of force that reasonably appears",
            "necessary given the facts and circumstances perceived at the time.",
            "Any use of force shall be documented promptly, completely and accurately",
            "in an appropriate report, depending on the nature of the incident.",
            "Supervisors shall respond to any incident in which force causes injury.",
            "The Department recognizes that officers must make split-second decisions,",
            "and reviews each application of force in light of the totality of events.",
        ],
    ),
    (
        "Vehicle Pursuits",
        &[
            "Officers may initiate a pursuit when a suspect attempts to evade arrest",
            "by using a vehicle, after weighing the danger to the public and the officer.",
            "No more than two units shall take part unless a supervisor directs otherwise.",
            "The pursuit shall be terminated when the risk clearly outweighs the need",
            "for immediate capture, or when the suspect's identity is known.",
            "Dispatch shall broadcast the location, speed and direction of travel.",
        ],
    ),
    (
        "Property and Evidence",
        &[
            "All property shall be booked before the end of the employee's shift,",
            "with a property form that lists each item, its source and its finder.",
            "Narcotics and money shall be counted and sealed in the presence of a witness.",
            "The evidence technician shall maintain the chain of custody for each item",
            "and shall release property only on the written order of the court.",
            "Found property shall be held for ninety days before it is disposed of.",
        ],
    ),
    (
        "Temporary Custody of Adults",
        &[
            "A person in temporary custody shall be searched before being placed in",
            "a holding cell, and the search shall be recorded in the custody log.",
            "Detainees shall have access to water, toilet facilities and a telephone.",
            "No person shall be held in a holding cell for more than six hours.",
            "Juveniles shall be kept separate from adults by sight and sound.",
            "The watch commander shall check on each detainee at least every thirty minutes.",
        ],
    ),
    (
        "Personnel Complaints",
        &[
            "Any member of the public may file a complaint in person, by mail, by",
            "telephone or online, and the Department shall accept anonymous complaints.",
            "Complaint forms shall be available in the lobby in English and Spanish.",
            "The Professional Standards Unit shall investigate each complaint and",
            "notify the complainant in writing of the outcome within ninety days.",
            "Retaliation against a complainant is prohibited.",
        ],
    ),
    (
        "Records Maintenance and Release",
        &[
            "The Records Supervisor shall maintain all reports in accordance with the",
            "state public records act and the Department's retention schedule.",
            "Personal identifying information shall be redacted before any release",
            "unless the person has consented in writing or a court has ordered it.",
            "Requests for records shall be answered within ten business days.",
            "Criminal history information shall be released only to authorized agencies.",
        ],
    ),
    (
        "Bias-Based Policing",
        &[
            "Members shall not consider race, ethnicity, national origin, religion,",
            "gender, sexual orientation or disability when deciding to stop a person,",
            "except as part of a specific description of a particular suspect.",
            "Supervisors shall review stop data each quarter for patterns of disparity.",
            "Each member shall complete training on fair and impartial policing.",
        ],
    ),
    (
        "Automated License Plate Readers",
        &[
            "ALPR data shall be used only for official law enforcement purposes.",
            "Data not associated with an investigation shall be purged after 60 days.",
            "Access to stored ALPR data requires a case number and a stated reason.",
            "The program administrator shall audit searches of the system monthly.",
        ],
    ),
    (
        "Domestic Violence",
        &[
            "Officers shall make an arrest when there is probable cause to believe",
            "that a person committed an act of domestic violence within 24 hours.",
            "The officer shall give the victim a written notice of available services,",
            "and shall arrange an interpreter when the victim does not speak English.",
            "Any firearm in plain view at the scene shall be taken for safekeeping.",
        ],
    ),
    (
        "Body-Worn Cameras",
        &[
            "Members shall activate the camera at the start of any enforcement contact",
            "and shall not deactivate it until the contact has ended.",
            "Recordings shall be uploaded before the end of each shift.",
            "Members shall not use the camera to record in a place of worship",
            "or a medical facility unless a crime is being committed there.",
        ],
    ),
    (
        "Traffic Enforcement",
        &[
            "Officers shall issue citations on the uniform citation form and",
            "explain the options for payment or a court appearance to the driver.",
            "A driver who cannot produce a license shall be identified by other means.",
            "Vehicles shall be towed only as permitted by the vehicle code.",
        ],
    ),
    (
        "Training",
        &[
            "The Training Manager shall keep a record of each member's courses,",
            "including the date, the instructor and the hours completed.",
            "Members shall attend at least 24 hours of continuing training each year.",
            "Field training officers shall evaluate recruits daily in writing.",
        ],
    ),
];

/// The text of a generated manual: pages joined by form feeds. With
/// `worst_case`, every policy is about immigration.
fn manual_pages(worst_case: bool) -> Vec<String> {
    let mut pages = Vec::with_capacity(PAGES);
    let mut policy = 300;
    let mut sub = 0;
    let mut k = 0;
    let mut title = TOPICS[0].0;
    let mut body: &[&str] = TOPICS[0].1;
    for p in 1..=PAGES {
        let mut lines = vec![
            "Harrow Vale Police Department".to_string(),
            "Policy Manual".to_string(),
            String::new(),
        ];
        while lines.len() < LINES_PER_PAGE - 3 {
            match k % 23 {
                0 => {
                    policy += 1;
                    sub = 0;
                    // Policies run about a page and a half; the immigration
                    // one is number 428, about six pages in all.
                    let immigration = worst_case || (428..432).contains(&policy);
                    (title, body) = if immigration {
                        ("Immigration and Federal Requests", IMMIGRATION)
                    } else {
                        TOPICS[policy % TOPICS.len()]
                    };
                    lines.push(format!("Policy {policy}"));
                    lines.push(title.to_string());
                    lines.push(String::new());
                }
                5 | 14 => {
                    sub += 1;
                    lines.push(String::new());
                    lines.push(format!("{policy}.{sub} {}", title.to_uppercase()));
                }
                9 => {
                    lines.push("Members shall not:".to_string());
                    for (i, l) in ["a", "b", "c"].iter().enumerate() {
                        lines.push(format!("({l}) {}", body[(k + i) % body.len()]));
                        lines.push(format!("    {}", body[(k + i + 1) % body.len()]));
                    }
                }
                _ => lines.push(body[k % body.len()].to_string()),
            }
            k += 1;
        }
        lines.push(String::new());
        lines.push(format!("{title} - {p}"));
        lines.push(format!("Page {p} of {PAGES}"));
        pages.push(lines.join("\n") + "\n");
    }
    pages
}

fn manual_doc() -> &'static Document {
    static DOC: OnceLock<Document> = OnceLock::new();
    DOC.get_or_init(|| Document::from_pages("manual.txt", SourceKind::Text, &manual_pages(false)))
}

/// The manual as a PDF made by soffice, when soffice is installed.
fn manual_pdf(worst_case: bool) -> &'static Option<Vec<u8>> {
    static PDF: [OnceLock<Option<Vec<u8>>>; 2] = [OnceLock::new(), OnceLock::new()];
    PDF[usize::from(worst_case)].get_or_init(|| make_pdf(&manual_pages(worst_case), worst_case))
}

fn make_pdf(pages: &[String], worst_case: bool) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().ok()?;
    let txt: PathBuf = dir.path().join("manual.txt");
    std::fs::write(&txt, pages.join("\x0c")).ok()?;
    // A private profile, so a running soffice does not block this one.
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let status = Command::new("soffice")
        .arg(profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&txt)
        .output()
        .ok()?;
    if !status.status.success() {
        return None;
    }
    let pdf = std::fs::read(dir.path().join("manual.pdf")).ok()?;
    // Keep a copy for comparing with other extractors (pdftotext); the
    // worst case goes beside it, its name ending in `-worst.pdf`.
    if let Some(keep) = std::env::var_os("SEGMENT_BENCH_KEEP_PDF") {
        let mut path = PathBuf::from(keep);
        if worst_case {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            path.set_file_name(format!("{stem}-worst.pdf"));
        }
        let _ = std::fs::write(path, &pdf);
    }
    Some(pdf)
}

fn extract_once(worst_case: bool) -> Document {
    let opts = ExtractOptions::default();
    match manual_pdf(worst_case) {
        Some(pdf) => {
            extract_bytes("manual.pdf", SourceKind::Pdf, pdf, &opts).expect("pdf extracts")
        }
        None => {
            let text = manual_pages(worst_case).join("\x0c");
            extract_bytes("manual.txt", SourceKind::Text, text.as_bytes(), &opts)
                .expect("text extracts")
        }
    }
}

fn bench(c: &mut Criterion) {
    let doc = manual_doc();
    let mut g = c.benchmark_group("manual_1000_pages");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("segment", |b| b.iter(|| segment::segment(black_box(doc))));
    let seg = segment::segment(doc);
    let set = policygap::rules::load("aclu-nine").expect("built-in rules");
    let tailoring = policygap::rules::Tailoring::default();
    g.bench_function("assess", |b| {
        b.iter(|| policygap::assess::assess(black_box(&seg), &set, &tailoring))
    });
    // Only converted when extraction itself is benchmarked.
    if std::env::var_os("SEGMENT_BENCH_NO_RATIO").is_none() {
        let label = if manual_pdf(false).is_some() {
            "extract_pdf"
        } else {
            "extract_text"
        };
        g.bench_function(label, |b| b.iter(|| extract_once(false)));
    }
    g.finish();
}

/// Wall time and processor time (all threads of this process, user and
/// system) of one call. Processor time is what a busy machine distorts
/// least, and it counts the work of parallel threads in full.
fn timed(f: impl FnOnce()) -> (Duration, Duration) {
    let cpu = cpu_time();
    let t = Instant::now();
    f();
    (t.elapsed(), cpu_time().saturating_sub(cpu))
}

fn cpu_time() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

fn ratio(_: &mut Criterion) {
    // Profiling segmentation alone (`--profile-time`) needs no extraction.
    if std::env::var_os("SEGMENT_BENCH_NO_RATIO").is_some() {
        return;
    }
    let set = policygap::rules::load("aclu-nine").expect("built-in rules");
    let tailoring = policygap::rules::Tailoring::default();
    for worst_case in [false, true] {
        let extracted = extract_once(worst_case);
        let seg = segment::segment(&extracted);
        // Interleaved, so a busy machine slows all three alike.
        let (mut ext, mut segs, mut ass) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..7 {
            ext.push(timed(|| {
                black_box(extract_once(worst_case));
            }));
            segs.push(timed(|| {
                black_box(segment::segment(black_box(&extracted)));
            }));
            ass.push(timed(|| {
                black_box(policygap::assess::assess(black_box(&seg), &set, &tailoring));
            }));
        }
        // Medians of wall time and of processor time.
        let mid = |v: &[(Duration, Duration)]| {
            let mut wall: Vec<Duration> = v.iter().map(|x| x.0).collect();
            let mut cpu: Vec<Duration> = v.iter().map(|x| x.1).collect();
            wall.sort();
            cpu.sort();
            (wall[wall.len() / 2], cpu[cpu.len() / 2])
        };
        let (ext, seg_t, ass) = (mid(&ext), mid(&segs), mid(&ass));
        let source = if manual_pdf(worst_case).is_some() {
            "PDF (soffice)"
        } else {
            "plain text (no soffice)"
        };
        println!(
            "{}: {} pages, {} bytes of text, {} sections, {} clauses; extraction from {source}",
            if worst_case {
                "worst case, immigration on every page"
            } else {
                "manual"
            },
            extracted.pages.len(),
            extracted.text.len(),
            seg.sections.len(),
            seg.clauses.len()
        );
        let pct = |a: Duration, b: Duration| 100.0 * a.as_secs_f64() / b.as_secs_f64();
        for (name, (wall, cpu)) in [("segmentation", seg_t), ("assessment", ass)] {
            println!(
                "  {name:12} wall {wall:>10.1?} vs extraction {:>10.1?} = {:5.1}%   processor {cpu:>10.1?} vs {:>10.1?} = {:5.1}%",
                ext.0,
                pct(wall, ext.0),
                ext.1,
                pct(cpu, ext.1)
            );
        }
    }
}

criterion_group!(benches, bench, ratio);
fn main() {
    // The allocator set up as the command-line tool sets it up.
    policygap::memory::tune();
    benches();
    Criterion::default().configure_from_args().final_summary();
}

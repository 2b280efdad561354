//! The text report on a terminal and off it: its width and its colour.

use crate::cli::{bin, root, run_in_terminal, stdout};

const CALLOWAY: &str = "corpus/calloway-springs-co-pd-415.pdf";

/// The widest line, in characters.
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn the_text_report_fits_the_terminal_it_is_shown_in() {
    let shown = run_in_terminal(&["scan", "corpus/"], 72, &[]);
    assert!(shown.contains("calloway-springs"), "{shown}");
    let w = widest(&shown);
    assert!(
        (64..=72).contains(&w),
        "lines should fill a 72-column terminal without wrapping; the widest is {w}:\n{shown}"
    );
}

#[test]
fn piped_text_is_laid_out_for_80_columns_unless_columns_says_otherwise() {
    let piped = |columns: Option<&str>| {
        let mut cmd = bin();
        cmd.env_remove("COLUMNS");
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        let out = cmd
            .args(["scan", "corpus/"])
            .current_dir(root())
            .output()
            .unwrap();
        stdout(&out)
    };
    let w = widest(&piped(None));
    assert!((72..=80).contains(&w), "widest line {w}, not about 80");
    let w = widest(&piped(Some("120")));
    assert!(
        (100..=120).contains(&w),
        "COLUMNS=120 gave a widest line of {w}"
    );
}

#[test]
fn an_empty_no_color_leaves_colour_on() {
    let esc = "\x1b[";
    let coloured = run_in_terminal(&["scan", CALLOWAY], 100, &[("NO_COLOR", "")]);
    assert!(
        coloured.contains(esc),
        "NO_COLOR=\"\" should not turn colour off:\n{coloured}"
    );
    let plain = run_in_terminal(&["scan", CALLOWAY], 100, &[("NO_COLOR", "1")]);
    assert!(plain.contains("conflict"), "{plain}");
    assert!(
        !plain.contains(esc),
        "NO_COLOR=1 turns colour off:\n{plain}"
    );
}

//! Snapshots of every report format for the two fictional towns. Review a
//! changed snapshot like code: it is what a reader will see.

use crate::report_fixtures::{batch, quillford};
use policygap::report::{self, Format, RenderOptions};

fn plain(width: usize) -> RenderOptions {
    RenderOptions {
        color: false,
        width,
    }
}

#[test]
fn text_single_town() {
    insta::assert_snapshot!(report::render(&quillford(), Format::Text, &plain(100)));
}

#[test]
fn text_single_town_narrow_terminal() {
    insta::assert_snapshot!(report::render(&quillford(), Format::Text, &plain(60)));
}

#[test]
fn text_batch() {
    insta::assert_snapshot!(report::render(&batch(), Format::Text, &plain(100)));
}

#[test]
fn text_batch_narrow_terminal() {
    insta::assert_snapshot!(report::render(&batch(), Format::Text, &plain(50)));
}

#[test]
fn text_single_town_color() {
    let opts = RenderOptions {
        color: true,
        width: 100,
    };
    insta::assert_snapshot!(report::render(&quillford(), Format::Text, &opts));
}

#[test]
fn markdown_single_town() {
    insta::assert_snapshot!(report::render(&quillford(), Format::Markdown, &plain(80)));
}

#[test]
fn markdown_batch() {
    insta::assert_snapshot!(report::render(&batch(), Format::Markdown, &plain(80)));
}

#[test]
fn json_single_town() {
    insta::assert_snapshot!(report::render(&quillford(), Format::Json, &plain(80)));
}

#[test]
fn json_batch() {
    insta::assert_snapshot!(report::render(&batch(), Format::Json, &plain(80)));
}

#[test]
fn csv_batch() {
    insta::assert_snapshot!(report::render(&batch(), Format::Csv, &plain(80)));
}

#[test]
fn html_single_town() {
    insta::assert_snapshot!(report::render(&quillford(), Format::Html, &plain(80)));
}

#[test]
fn html_batch() {
    insta::assert_snapshot!(report::render(&batch(), Format::Html, &plain(80)));
}

#[test]
fn html_index_of_batch() {
    let links = vec![
        "towns/Quillford Police Manual.html".to_string(),
        "east-varrow.html".to_string(),
        "javascript:alert(1)".to_string(),
    ];
    insta::assert_snapshot!(report::html_index(&batch(), &links));
}

#[test]
fn document_report_of_failed_file() {
    insta::assert_snapshot!(report::render_document(
        &batch(),
        2,
        Format::Text,
        &plain(80)
    ));
}

#[test]
fn markdown_one_document_of_a_batch() {
    insta::assert_snapshot!(report::render_document(
        &batch(),
        1,
        Format::Markdown,
        &plain(80)
    ));
}

#[test]
fn html_failed_document_of_a_batch() {
    insta::assert_snapshot!(report::render_document(
        &batch(),
        2,
        Format::Html,
        &plain(80)
    ));
}

//! The README tells a newcomer how to get the command it uses, and names
//! every command.

use crate::cli::{root, run, stdout};

const README: &str = "README.md";

#[test]
fn readme_says_how_to_get_the_command_and_lists_every_command() {
    let readme = std::fs::read_to_string(root().join(README)).unwrap();
    for way in ["cargo install --path .", "./target/release/policygap"] {
        assert!(readme.contains(way), "the README does not say `{way}`");
    }
    let help = stdout(&run(&["--help"]));
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.len() >= 6, "{help}");
    for c in commands {
        assert!(
            readme.contains(&format!("policygap {c} ")),
            "the README's commands leave out `policygap {c}`"
        );
    }
}

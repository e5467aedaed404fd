//! The README's two commands are what CI runs: `.ci/run` must carry each of
//! them as a line of its own, word for word, so neither can break unnoticed
//! (they once did: `cargo run` stopped working when a second binary joined
//! the workspace, and CI ran a copy of the test steps instead).

use std::path::Path;

fn read(relative: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

/// The commands in the `sh` blocks of the README's "Two commands" section.
fn readme_commands() -> Vec<String> {
    let readme = read("README.md");
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Two commands"))
        .expect("the README has a \"Two commands\" section");
    let mut commands = Vec::new();
    let mut in_block = false;
    for line in section.lines() {
        match line.trim_end() {
            "```sh" => in_block = true,
            "```" => in_block = false,
            command if in_block && !command.is_empty() && !command.starts_with('#') => {
                commands.push(command.to_owned());
            }
            _ => {}
        }
    }
    commands
}

#[test]
fn ci_runs_the_readme_commands_verbatim() {
    let commands = readme_commands();
    assert_eq!(
        commands,
        ["cargo run -- serve --demo", "scripts/test"],
        "the README's two commands changed: update .ci/run and this test together"
    );
    let ci = read(".ci/run");
    for command in &commands {
        assert!(
            ci.lines().any(|l| {
                let l = l.trim();
                l == command || l.starts_with(&format!("{command} "))
            }),
            ".ci/run does not run the README's command `{command}` as written"
        );
    }
}

#[test]
fn the_readme_says_how_long_the_test_command_takes() {
    let readme = read("README.md");
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Two commands"))
        .unwrap();
    assert!(
        section.contains("cold") && section.contains("warm") && section.contains("minutes"),
        "the README's \"Two commands\" must say how long the test command takes, cold and warm"
    );
}

//! The project's shape, checked: the README stays an entry page, every
//! relative link in the README and `docs/` resolves (file and heading), and
//! no Rust source file grows past what one person holds in mind.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Lines a README may have: an entry page, the manual lives in `docs/`.
const README_MAX_LINES: usize = 350;
/// Lines a Rust source file may have before its test module.
const SOURCE_MAX_LINES: usize = 700;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every `docs/*.md`.
fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// GitHub's anchor for a heading: lowercase, punctuation other than `-` and
/// `_` dropped, spaces as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The anchors of a markdown text's headings (a repeated one gets `-1`, `-2`…).
fn anchors(markdown: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut heading: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let base = slug(&heading.take().unwrap_or_default());
                let mut anchor = base.clone();
                let mut n = 0;
                while !found.insert(anchor.clone()) {
                    n += 1;
                    anchor = format!("{base}-{n}");
                }
            }
            _ => {}
        }
    }
    found
}

/// Every link and image target of a markdown text.
fn links(markdown: &str) -> Vec<String> {
    Parser::new(markdown)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// Why `link`, found in `file`, does not resolve; `None` when it does or
/// when it is not relative (a URL, a mail address).
fn broken(file: &Path, link: &str) -> Option<String> {
    if link.contains("://") || link.starts_with("mailto:") {
        return None;
    }
    let (path, anchor) = match link.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (link, None),
    };
    let target = if path.is_empty() {
        file.to_path_buf()
    } else {
        file.parent().unwrap().join(path)
    };
    if !target.exists() {
        return Some(format!("{} does not exist", target.display()));
    }
    let anchor = anchor?;
    if target.extension().is_none_or(|x| x != "md") {
        return None;
    }
    let text = std::fs::read_to_string(&target).unwrap();
    (!anchors(&text).contains(anchor))
        .then(|| format!("no heading #{anchor} in {}", target.display()))
}

#[test]
fn readme_is_an_entry_page() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines (at most {README_MAX_LINES}): move reference material to docs/"
    );
    for command in [
        "cargo run --release -- classify fixtures/postings",
        "cargo test",
    ] {
        let first_screen: String = readme.lines().take(40).collect::<Vec<_>>().join("\n");
        assert!(
            first_screen.contains(command),
            "README's first screen lacks `{command}`"
        );
    }
    let docs = markdown_files().len() - 1;
    assert!(
        docs >= 3,
        "docs/ holds {docs} markdown files, want at least 3"
    );
}

#[test]
fn every_relative_link_resolves() {
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        for link in links(&text) {
            checked += 1;
            if let Some(why) = broken(&file, &link) {
                problems.push(format!("{}: ({link}) {why}", file.display()));
            }
        }
    }
    assert!(checked > 0, "no links found: the parser read nothing");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_link_checker_sees_a_broken_link_and_a_missing_heading() {
    let readme = root().join("README.md");
    assert!(broken(&readme, "docs/no-such-file.md").is_some());
    assert!(broken(&readme, "#no-such-heading-anywhere").is_some());
    assert!(broken(&readme, "https://example.org/x").is_none());
    let headings = anchors("# `rolecall csv [FILE]`\n## Exit codes\n## Exit codes\n");
    for anchor in ["rolecall-csv-file", "exit-codes", "exit-codes-1"] {
        assert!(
            headings.contains(anchor),
            "{anchor} missing from {headings:?}"
        );
    }
}

/// Rust files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_source_file_outgrows_one_reader() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("python/src"), &mut files);
    assert!(files.len() > 10, "found only {} source files", files.len());
    let mut long = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let before_tests = text
            .lines()
            .position(|l| l.starts_with("#[cfg(test)]"))
            .unwrap_or_else(|| text.lines().count());
        if before_tests > SOURCE_MAX_LINES {
            long.push(format!("{}: {before_tests} lines", file.display()));
        }
    }
    assert!(
        long.is_empty(),
        "over {SOURCE_MAX_LINES} lines before the test module (split by concern):\n{}",
        long.join("\n")
    );
}

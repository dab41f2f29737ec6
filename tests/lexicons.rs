//! `rolecall lexicons check|list|terms` and `--lexicons DIR`.

mod common;

use common::{rolecall, stderr, stdout, Workdir};

#[test]
fn bundled_lexicons_check_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
    let out = rolecall()
        .args(["lexicons", "check"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("ok"));
}

#[test]
fn check_reports_every_problem_with_file_line_and_column() {
    let wd = Workdir::new();
    wd.write(
        "lex/a.json",
        r#"{
  "role": "product_manager",
  "terms": [
    {"term": "roadmap", "weight": 1, "category": "deliverable"},
    {"term": "", "weight": 1, "category": "skill"},
    {"term": "Roadmap", "weight": 1, "category": "skill"},
    {"term": "vision", "weight": 0, "category": "skill"},
    {"regex": "(unclosed", "weight": 1, "category": "title"}
  ]
}"#,
    );
    wd.write("lex/b.json", "{\"role\": \"chef\", \"terms\": []}");
    wd.write(
        "lex/c.json",
        "{\"role\": \"technology_manager\", \"terms\": [,]}",
    );
    let out = wd
        .command()
        .args(["lexicons", "check", "lex"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    for needle in [
        "a.json:5:6: empty term",
        "a.json:6:14: duplicate term \"Roadmap\"",
        "a.json:7:24: weight must be positive",
        "a.json:8:6: invalid regex",
        "b.json:1:2: unknown role \"chef\"",
        "c.json:1:42: invalid JSON",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
}

#[test]
fn list_and_terms_describe_the_active_lexicons() {
    let out = rolecall().args(["lexicons", "list"]).output().unwrap();
    let text = stdout(&out);
    for role in [
        "product_manager",
        "technical_product_manager",
        "technology_manager",
        "technical_program_manager",
    ] {
        assert!(text.contains(role), "{text}");
    }
    let terms = stdout(&rolecall().args(["lexicons", "terms"]).output().unwrap());
    assert!(terms
        .lines()
        .any(|l| l.eq_ignore_ascii_case("engineering manager")));
    assert!(terms.lines().all(|l| !l.trim().is_empty()));
}

#[test]
fn custom_lexicons_replace_the_builtin_ones() {
    let wd = Workdir::new();
    wd.write(
        "lex/pm.json",
        r#"{"role": "product_manager", "terms": [{"term": "gardener", "weight": 10, "category": "title"}]}"#,
    );
    wd.write("p.txt", "Gardener wanted");
    let out = wd
        .command()
        .args([
            "--lexicons",
            "lex",
            "classify",
            "--format",
            "jsonl",
            "p.txt",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"role\":\"product_manager\""));
    let bad = wd
        .command()
        .args(["--lexicons", "nowhere", "classify", "p.txt"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("nowhere"));
}

//! `rolecall lexicons check|list|terms|export` and `--lexicons DIR`.

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
    {"name": "unclosed", "regex": "(unclosed", "weight": 1, "category": "title"},
    {"regex": "\\bPMs?\\b", "weight": 1, "category": "title"}
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
        "a.json:8:26: invalid regex",
        "a.json:9:6: a regex entry needs a \"name\"",
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

#[test]
fn exported_lexicons_check_clean_and_classify_as_the_built_in_ones() {
    let wd = Workdir::new();
    let dir = wd.path("exported");
    let out = rolecall()
        .args(["lexicons", "export"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("wrote "), "{}", stdout(&out));
    let check = rolecall()
        .args(["lexicons", "check"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let classify = |lexicons: Option<&std::path::Path>| {
        let mut cmd = rolecall();
        if let Some(dir) = lexicons {
            cmd.arg("--lexicons").arg(dir);
        }
        cmd.args(["classify", "--format", "jsonl"])
            .arg(fixtures.join("postings"))
            .arg(fixtures.join("neighbours"))
            .output()
            .unwrap()
    };
    let (built_in, exported) = (classify(None), classify(Some(&dir)));
    assert!(exported.status.success(), "{}", stderr(&exported));
    assert!(!built_in.stdout.is_empty());
    assert_eq!(stdout(&built_in), stdout(&exported));

    // A second export into the same folder overwrites nothing.
    std::fs::write(dir.join("product_manager.json"), "edited").unwrap();
    let again = rolecall()
        .args(["lexicons", "export"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("exists; nothing written"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("product_manager.json")).unwrap(),
        "edited"
    );
}

#[test]
fn list_shows_each_neighbouring_job_family() {
    let out = rolecall().args(["lexicons", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for family in rolecall::Neighbour::ALL.map(|n| n.id()) {
        assert!(
            text.contains(&format!("other ({family})")),
            "{family}: {text}"
        );
    }
}

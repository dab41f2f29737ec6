//! `rolecall explain`: snapshots of the plain output (with a fixed test
//! lexicon, so tuning the bundled lexicons does not change them) and the
//! colour rules.

mod common;
mod testlex;

use std::process::Command;

use common::{fixtures, rolecall, stderr, stdout, Workdir};

/// A workdir holding the test lexicon in `lex/`.
fn workdir() -> Workdir {
    let wd = Workdir::new();
    testlex::write(wd.root(), "lex");
    wd
}

/// Runs `rolecall --lexicons lex explain ARGS` (the options moved after `explain`) in `wd` and returns stdout.
fn explain(wd: &Workdir, args: &[&str]) -> String {
    let out = wd
        .command()
        .args(["--lexicons", "lex", "explain"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

const TPGM: &str = "Senior Technical Program Manager
We are hiring a Technical Program Manager to run cross-team milestones,
dependencies and risk for our platform. You will work with the engineering
manager and the product manager on the roadmap; track dependencies weekly.
";

#[test]
fn snapshot_named_role_with_title_and_runner_up() {
    let wd = workdir();
    wd.write("tpgm.txt", TPGM);
    let out = explain(
        &wd,
        &["--color", "never", "--title-from-first-line", "tpgm.txt"],
    );
    insta::assert_snapshot!("named_role", out);
}

#[test]
fn snapshot_unclassified_by_decoys() {
    let wd = workdir();
    wd.write(
        "pmm.json",
        r#"{"title": "Product Marketing Manager",
            "description": "Own positioning and launches. Partner with product managers on the roadmap and with sales on pricing."}"#,
    );
    let out = explain(&wd, &["--color", "never", "pmm.json"]);
    insta::assert_snapshot!("unclassified_by_decoys", out);
}

#[test]
fn snapshot_unclassified_below_min_score_from_html() {
    let wd = workdir();
    wd.write(
        "thin.html",
        "<html><head><style>p{color:red}</style></head>\n<body>\n\n\n<h1>Analyst</h1>\n<p>Help   the team \
         keep the <b>roadmap</b> current.</p>\n\n\n\n<p>No <i>API</i> work.</p></body></html>\n",
    );
    let out = explain(&wd, &["--color", "never", "thin.html"]);
    insta::assert_snapshot!("below_min_score_html", out);
}

#[test]
fn snapshot_people_management_of_a_team_that_is_not_engineers() {
    let wd = workdir();
    wd.write(
        "support.txt",
        "Lead our customer support team: run one-on-ones with your direct reports and \
         write their reviews. You know our SDK.\n",
    );
    let out = explain(&wd, &["--color", "never", "support.txt"]);
    // One-on-ones (2) is the only other technology-manager evidence: 2 of 7.
    assert!(out.contains("people management counts ×0.29"), "{out}");
    assert!(
        out.contains("+1.14  direct reports ×1  [people, weight 4]"),
        "{out}"
    );
    insta::assert_snapshot!("people_management_gated", out);
}

#[test]
fn top_limits_the_terms_listed_and_no_text_drops_the_posting() {
    let wd = workdir();
    wd.write("tpgm.txt", TPGM);
    let out = explain(&wd, &["--top", "1", "--no-text", "tpgm.txt"]);
    assert!(!out.contains("[["), "{out}");
    assert!(out.contains("more term"), "{out}");
    assert!(out.contains("Runner-up"), "{out}");
}

#[test]
fn every_counted_match_is_highlighted_not_only_the_top_evidence() {
    let wd = workdir();
    let text = "dependencies ".repeat(12);
    wd.write("many.txt", &text);
    // 12 matches, more than the 5 evidence items a record keeps by default.
    let out = explain(&wd, &["--color", "never", "many.txt"]);
    assert_eq!(
        out.matches("[[dependencies|technical_program_manager]]")
            .count(),
        12,
        "{out}"
    );
    assert!(out.contains("dependencies ×12"), "{out}");
}

#[test]
fn stdin_and_missing_files() {
    let wd = workdir();
    let out = common::run_with_stdin(
        {
            let mut c = wd.command();
            c.args(["--lexicons", "lex", "explain", "--color", "never", "-"]);
            c
        },
        "Engineering Manager: one-on-ones and hiring.",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("-: technology_manager"), "{text}");
    assert!(
        text.contains("[[one-on-ones|technology_manager]]"),
        "{text}"
    );

    let out = wd
        .command()
        .args(["--lexicons", "lex", "explain", "missing.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.txt"), "{}", stderr(&out));
}

fn has_ansi(s: &str) -> bool {
    s.contains("\x1b[")
}

#[test]
fn color_always_forces_colour_even_with_no_color_set() {
    let wd = workdir();
    wd.write("tpgm.txt", TPGM);
    // common::rolecall() sets NO_COLOR=1; --color always wins over it.
    let out = explain(&wd, &["--color", "always", "tpgm.txt"]);
    assert!(has_ansi(&out), "{out}");
    assert!(!out.contains("[["), "no plain markers with colour: {out}");
}

#[test]
fn color_never_and_non_terminal_default_are_plain() {
    let wd = workdir();
    wd.write("tpgm.txt", TPGM);
    let never = explain(&wd, &["--color", "never", "tpgm.txt"]);
    assert!(!has_ansi(&never) && never.contains("[["), "{never}");
    // Default (auto) into a pipe, without NO_COLOR: no colour.
    let out = wd
        .command()
        .env_remove("NO_COLOR")
        .args(["--lexicons", "lex", "explain", "tpgm.txt"])
        .output()
        .unwrap();
    let auto = stdout(&out);
    assert!(!has_ansi(&auto), "{auto}");
    assert_eq!(auto, never);
}

/// Runs `rolecall ARGS` under a pseudo-terminal (util-linux `script`), so
/// stdout and stderr are terminals; `None` when `script` is not available.
fn in_terminal(wd: &Workdir, env: &[(&str, Option<&str>)], args: &str) -> Option<String> {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_rolecall"));
    let mut cmd = Command::new("script");
    cmd.current_dir(wd.root())
        .args(["-q", "-e", "-c"])
        .arg(format!("'{}' {args}", bin.display()))
        .arg("/dev/null")
        .env_remove("NO_COLOR")
        .env_remove("CI")
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let out = cmd.output().ok()?;
    if !out.status.success() {
        eprintln!("script failed, skipping: {}", stderr(&out));
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn on_a_terminal_auto_colours_unless_no_color_is_set() {
    let wd = workdir();
    wd.write("tpgm.txt", TPGM);
    let args = "--lexicons lex explain tpgm.txt";
    let Some(tty) = in_terminal(&wd, &[], args) else {
        return;
    };
    assert!(has_ansi(&tty), "{tty}");
    let no_color = in_terminal(&wd, &[("NO_COLOR", Some("1"))], args).unwrap();
    assert!(
        !has_ansi(&no_color) && no_color.contains("[["),
        "{no_color}"
    );
    // An empty NO_COLOR does not count.
    let empty = in_terminal(&wd, &[("NO_COLOR", Some(""))], args).unwrap();
    assert!(has_ansi(&empty), "{empty}");
    let never = in_terminal(&wd, &[], &format!("--color never {args}")).unwrap();
    assert!(!has_ansi(&never), "{never}");
}

/// The profile section has one line per axis with the value the JSON Lines
/// record gives, a bar of that length, and the terms behind it within 80
/// columns.
#[test]
fn the_profile_section_matches_the_record_and_fits_80_columns() {
    for entry in std::fs::read_dir(fixtures().join("postings")).unwrap() {
        let path = entry.unwrap().path();
        let out = rolecall()
            .args(["explain", "--no-text", "--color", "never"])
            .arg(&path)
            .output()
            .unwrap();
        let text = stdout(&out);
        let record = rolecall()
            .args(["classify", "--format", "jsonl"])
            .arg(&path)
            .output()
            .unwrap();
        let record: serde_json::Value = serde_json::from_str(&stdout(&record)).unwrap();
        let section: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != "Profile")
            .skip(2)
            .take(4)
            .collect();
        for (line, axis) in section
            .iter()
            .zip(["product", "technical", "delivery", "people"])
        {
            assert!(line.starts_with(axis), "{path:?}: {line}");
            assert!(line.chars().count() <= 80, "{path:?}: {line}");
            let value: f64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
            let want = record["profile"][axis].as_f64().unwrap();
            assert!((value - want).abs() <= 0.005, "{path:?}: {line} vs {want}");
            let bar = line.chars().filter(|&c| c == '█').count();
            assert_eq!(bar, (want * 20.0).round() as usize, "{path:?}: {line}");
        }
    }
}

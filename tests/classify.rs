//! `rolecall classify` on files and folders, run through the built binary.

mod common;

use std::path::Path;

use common::{expected_label, fixtures, rolecall, run_with_stdin, stderr, stdout, Workdir};
use rolecall::io::posting::blank_html;
use serde_json::Value;

fn classify_fixtures(threads: &str) -> std::process::Output {
    let out = rolecall()
        .args(["classify", "--format", "jsonl", "--threads", threads])
        .arg(fixtures().join("postings"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

fn records(out: &std::process::Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The text an evidence item's offsets index into, as the README documents it.
fn field_text(path: &Path, evidence: &Value) -> String {
    let raw = std::fs::read_to_string(path).unwrap();
    let is_json = path.extension().is_some_and(|e| e == "json");
    match (is_json, evidence["field"].as_str().unwrap()) {
        (true, field) => {
            let v: Value = serde_json::from_str(&raw).unwrap();
            let key = if field == "title" {
                "title"
            } else {
                "description"
            };
            v[key].as_str().unwrap().to_string()
        }
        (false, "text") => raw,
        (false, other) => panic!("unexpected field {other} for a text file"),
    }
}

#[test]
fn every_fixture_gets_its_label_with_valid_evidence() {
    let out = classify_fixtures("2");
    let recs = records(&out);
    let files = std::fs::read_dir(fixtures().join("postings"))
        .unwrap()
        .count();
    assert_eq!(recs.len(), files);
    let mut seen_roles = std::collections::BTreeSet::new();
    for rec in &recs {
        let path = Path::new(rec["path"].as_str().unwrap());
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(rec["role"], expected_label(name), "{name}: {rec}");
        seen_roles.insert(rec["role"].as_str().unwrap().to_string());
        let confidence = rec["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
        assert_eq!(rec["scores"].as_object().unwrap().len(), 4);
        for e in rec["evidence"].as_array().unwrap() {
            let text = field_text(path, e);
            let (start, end) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &text[start..end],
                e["text"].as_str().unwrap(),
                "{name}: {e}"
            );
            for key in ["role", "term", "category", "weight"] {
                assert!(!e[key].is_null(), "{name}: evidence lacks {key}");
            }
        }
        assert!(rec.get("error").is_none());
    }
    assert_eq!(
        seen_roles.len(),
        5,
        "every role and unclassified appear: {seen_roles:?}"
    );
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let one = classify_fixtures("1").stdout;
    assert_eq!(one, classify_fixtures("2").stdout);
    assert_eq!(one, classify_fixtures("8").stdout);
}

#[test]
fn records_come_in_path_order() {
    let recs = records(&classify_fixtures("2"));
    let paths: Vec<&str> = recs.iter().map(|r| r["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn missing_path_is_reported_and_the_rest_still_classified() {
    let wd = Workdir::new();
    wd.write(
        "a.txt",
        "We are hiring an Engineering Manager to lead our engineers.",
    );
    let out = wd
        .command()
        .args(["classify", "--format", "jsonl", "a.txt", "nope.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nope.txt"), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["role"], "technology_manager");
    assert_eq!(recs[1]["path"], "nope.txt");
    assert!(recs[1]["error"].as_str().unwrap().contains("cannot read"));
}

#[test]
fn invalid_utf8_binary_and_empty_files() {
    let wd = Workdir::new();
    wd.write(
        "dir/bad-utf8.txt",
        b"Engineering Manager \xff\xfe lead the team",
    );
    wd.write("dir/binary.txt", b"\x00\x01\x02ELF");
    wd.write("dir/empty.txt", b"");
    let out = wd
        .command()
        .args(["classify", "--format", "jsonl", "dir"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bad-utf8.txt") && err.contains("lossily"),
        "{err}"
    );
    assert!(
        err.contains("binary.txt") && err.contains("binary"),
        "{err}"
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["role"], "technology_manager");
    assert!(recs[1]["error"].as_str().unwrap().contains("binary"));
    assert_eq!(recs[2]["role"], "unclassified");
}

#[test]
fn html_tags_are_ignored_and_offsets_point_into_the_file() {
    let wd = Workdir::new();
    let html = "<html><body><h1>Engineering Manager</h1><p>Lead a <b>team</b> of engineers; run one-on-ones.</p></body></html>";
    wd.write("p.html", html);
    let out = wd
        .command()
        .args(["classify", "--format", "jsonl", "p.html"])
        .output()
        .unwrap();
    let rec = &records(&out)[0];
    assert_eq!(rec["role"], "technology_manager");
    for e in rec["evidence"].as_array().unwrap() {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        // Offsets index the file; a span may cross markup, which reads as spaces.
        assert_eq!(&blank_html(html)[s..t], e["text"].as_str().unwrap());
    }
}

#[test]
fn stdin_and_title_from_first_line() {
    let text =
        "Technical Program Manager\nDrive schedules, milestones and dependencies across teams.";
    let mut cmd = rolecall();
    cmd.args([
        "classify",
        "--format",
        "jsonl",
        "--title-from-first-line",
        "-",
    ]);
    let out = run_with_stdin(cmd, text);
    assert!(out.status.success());
    let rec = &records(&out)[0];
    assert_eq!(rec["path"], "-");
    assert_eq!(rec["role"], "technical_program_manager");
    let title_hit = rec["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "title")
        .expect("title evidence");
    assert_eq!(title_hit["start"], 0);
    for e in rec["evidence"].as_array().unwrap() {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..t], e["text"].as_str().unwrap());
    }
}

#[test]
fn csv_and_table_formats() {
    let out = rolecall()
        .args(["classify", "--format", "csv"])
        .arg(fixtures().join("postings"))
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "path");
    assert_eq!(&header[header.len() - 1], "error");
    assert!(reader.records().all(|r| r.unwrap().len() == header.len()));

    let out = rolecall()
        .args(["classify", "--format", "table"])
        .arg(fixtures().join("postings/tm-cto.txt"))
        .output()
        .unwrap();
    let line = stdout(&out);
    assert!(
        line.contains("tm-cto.txt") && line.contains("technology_manager"),
        "{line}"
    );
}

#[test]
fn closed_stdout_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let wd = Workdir::new();
    for i in 0..3000 {
        wd.write(
            &format!("p/{i:05}.txt"),
            "Engineering Manager leading engineers. ".repeat(20),
        );
    }
    let mut child = wd
        .command()
        .args(["classify", "--format", "jsonl", "p"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("technology_manager"));
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn min_score_and_evidence_options() {
    let file = fixtures().join("postings/pm-growth.txt");
    let strict = rolecall()
        .args([
            "classify",
            "--format",
            "jsonl",
            "--min-score",
            "1000",
            "--evidence",
            "0",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let rec = &records(&strict)[0];
    assert_eq!(rec["role"], "unclassified");
    assert_eq!(rec["runner_up"], "product_manager");
    assert!(rec["evidence"].as_array().unwrap().is_empty());
    let two = rolecall()
        .args(["classify", "--format", "jsonl", "--evidence", "2"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(records(&two)[0]["evidence"].as_array().unwrap().len(), 2);
}

#[test]
fn max_bytes_cuts_long_postings_with_a_warning() {
    let wd = Workdir::new();
    wd.write(
        "long.txt",
        format!("{}Engineering Manager", "filler ".repeat(100)),
    );
    let out = wd
        .command()
        .args([
            "classify",
            "--format",
            "jsonl",
            "--max-bytes",
            "300",
            "long.txt",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("--max-bytes"), "{}", stderr(&out));
    assert_eq!(records(&out)[0]["role"], "unclassified");
    let whole = wd
        .command()
        .args(["classify", "--format", "jsonl", "long.txt"])
        .output()
        .unwrap();
    assert!(stderr(&whole).is_empty());
    assert_eq!(records(&whole)[0]["role"], "technology_manager");
}

/// One term counted for two roles is one span: the compact CSV cell lists it
/// once (`rolecall classify --format csv` and `rolecall csv` share the cell).
#[test]
fn compact_evidence_cell_lists_each_span_once() {
    let text = "Technical Product Manager for our public APIs.";
    let start = text.find("APIs").unwrap();
    let item = format!("apis@{start}-{}", start + 4);
    let mut cmd = rolecall();
    cmd.args(["classify", "--format", "csv", "-"]);
    let out = run_with_stdin(cmd, text);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert_eq!(csv.matches(&item).count(), 1, "{csv}");
    let mut cmd = rolecall();
    cmd.args(["csv"]);
    let out = run_with_stdin(cmd, format!("description\n\"{text}\"\n"));
    assert_eq!(stdout(&out).matches(&item).count(), 1, "{}", stdout(&out));
    // The JSON evidence has one item per span; the other roles it counts for are inside it.
    let mut cmd = rolecall();
    cmd.args(["classify", "--format", "jsonl", "-"]);
    let out = run_with_stdin(cmd, text);
    let rec: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let items: Vec<&Value> = rec["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["start"] == start)
        .collect();
    assert_eq!(items.len(), 1, "{rec}");
    let mut roles: Vec<&str> = std::iter::once(&items[0]["role"])
        .chain(
            items[0]["also"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| &a["role"]),
        )
        .map(|r| r.as_str().unwrap())
        .collect();
    roles.sort_unstable();
    assert_eq!(roles, ["technical", "technical_product_manager"]);
}

/// `--min-confidence P` drops labels below P: the posting becomes
/// unclassified with its former role as runner-up, and the other rows stay.
#[test]
fn min_confidence_turns_unsure_labels_unclassified() {
    let run = |extra: &[&str]| -> Vec<Value> {
        let mut cmd = rolecall();
        cmd.args(["classify", "--format", "jsonl"])
            .args(extra)
            .arg(fixtures().join("postings"));
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let all = run(&[]);
    // A threshold between the lowest and highest confidence of a labelled posting.
    let mut labelled: Vec<f64> = all
        .iter()
        .filter(|r| r["role"] != "unclassified")
        .map(|r| r["confidence"].as_f64().unwrap())
        .collect();
    labelled.sort_by(f64::total_cmp);
    assert!(labelled[0] < labelled[labelled.len() - 1], "{labelled:?}");
    let p = labelled[labelled.len() - 1];
    let cut = run(&["--min-confidence", &p.to_string()]);
    assert_eq!(cut.len(), all.len());
    for (before, after) in all.iter().zip(&cut) {
        let c = before["confidence"].as_f64().unwrap();
        if before["role"] != "unclassified" && c < p {
            assert_eq!(after["role"], "unclassified", "{after}");
            assert_eq!(after["runner_up"], before["role"], "{after}");
            let none = after["confidence"].as_f64().unwrap();
            assert!((none - (1.0 - c)).abs() < 1e-9, "{after}");
        } else {
            assert_eq!(after["role"], before["role"], "{after}");
        }
    }
    let out = rolecall()
        .args(["classify", "--min-confidence", "1.5", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--min-confidence"),
        "{}",
        stderr(&out)
    );
}

/// `--role` and `--disagree` select records in `classify`, `csv` and
/// `jsonl`: exactly the records of the full run that match, in order; failed
/// rows are always written.
#[test]
fn role_and_disagree_select_records_in_every_command() {
    let labelled = fixtures().join("labelled.csv");
    let csv_rows = |extra: &[&str]| -> Vec<csv::StringRecord> {
        let out = rolecall()
            .args(["csv", "--evidence", "0"])
            .args(extra)
            .arg(&labelled)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        csv::Reader::from_reader(out.stdout.as_slice())
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let all = csv_rows(&[]);
    let header = csv::Reader::from_path(&labelled)
        .unwrap()
        .headers()
        .unwrap()
        .len();
    let (role, title_role, content_role) = (header, header + 3, header + 4);
    let pm = csv_rows(&["--role", "product_manager", "--role", "unclassified"]);
    let expected: Vec<_> = all
        .iter()
        .filter(|r| ["product_manager", "unclassified"].contains(&&r[role]))
        .cloned()
        .collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    assert_eq!(pm, expected);
    let disagree = csv_rows(&["--disagree"]);
    let expected: Vec<_> = all
        .iter()
        .filter(|r| r[title_role] != r[content_role])
        .cloned()
        .collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    assert_eq!(disagree, expected);

    // jsonl: the same selection by label.
    let lines =
        "{\"title\": \"Engineering Manager\", \"description\": \"Lead a team of engineers.\"}\n\
                 {\"title\": \"Line Cook\", \"description\": \"Grill station.\"}\n\
                 {\"description\": 3}\n";
    let mut cmd = rolecall();
    cmd.args(["jsonl", "--role", "unclassified"]);
    let out = run_with_stdin(cmd, lines);
    let kept: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The cook, and the failed record (kept with its error).
    assert_eq!(kept.len(), 2, "{}", stdout(&out));
    assert_eq!(kept[0]["rolecall"]["role"], "unclassified");
    assert!(kept[1]["rolecall"]["error"].is_string());

    // classify: folders.
    let out = rolecall()
        .args([
            "classify",
            "--format",
            "jsonl",
            "--role",
            "technology_manager",
        ])
        .arg(fixtures().join("postings"))
        .output()
        .unwrap();
    let roles: Vec<String> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["role"].to_string())
        .collect();
    assert_eq!(roles.len(), 3, "{roles:?}");
    assert!(roles.iter().all(|r| r == "\"technology_manager\""));
}

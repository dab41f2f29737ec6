//! Nasty inputs through the binary: empty and whitespace-only files, NUL bytes,
//! invalid UTF-8, UTF-16, CRLF, deeply nested JSON, huge lines and cells,
//! ragged and duplicate-header CSV, bad JSON Lines and broken lexicon folders.
//!
//! The small inputs live in `fixtures/bad/` (regenerate them with
//! `scripts/make-bad-fixtures.sh`); the big ones (a 20 MB line, a 10 MB CSV
//! cell) are generated here in a temporary folder. Every run must end without a
//! panic, with the documented exit status, with a message naming the file (and
//! the row or line where there is one), and with every good record in the output.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use std::collections::BTreeMap;

use common::{fixtures, rolecall, run_with_stdin, stderr, stdout, Workdir};
use rolecall::io::record::result_columns;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

fn bad(path: &str) -> PathBuf {
    fixtures().join("bad").join(path)
}

/// No panic, no signal: the process ended with one of the documented statuses.
fn assert_sane(out: &Output) {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(!err.contains("RUST_BACKTRACE"), "panic: {err}");
    match out.status.code() {
        Some(0..=2) => {}
        other => panic!("exit status {other:?} (101 is a panic), stderr: {err}"),
    }
}

fn run(mut cmd: Command) -> Output {
    let out = cmd.output().expect("run rolecall");
    assert_sane(&out);
    out
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

/// A JSON object; members nested deeper than serde_json's recursion limit
/// (128) are kept as their raw text. `None` when `line` is not a JSON object.
fn parse_object(line: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str(line) {
        Ok(Value::Object(m)) => return Some(m),
        Ok(_) => return None,
        Err(e) if e.to_string().contains("recursion limit") => {}
        Err(_) => return None,
    }
    let raw: BTreeMap<String, Box<RawValue>> = serde_json::from_str(line).ok()?;
    Some(
        raw.into_iter()
            .map(|(k, v)| {
                let value = serde_json::from_str(v.get())
                    .unwrap_or_else(|_| Value::String(format!("raw:{}", v.get())));
                (k, value)
            })
            .collect(),
    )
}

/// JSON Lines from stdout: every line must be a JSON object.
fn records(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| Value::Object(parse_object(l).unwrap_or_else(|| panic!("not a JSON object: {l}"))))
        .collect()
}

fn classify(paths: &[&Path], extra: &[&str]) -> (Output, Vec<Value>) {
    let mut cmd = rolecall();
    cmd.args(["classify", "--format", "jsonl"])
        .args(extra)
        .args(paths);
    let out = run(cmd);
    let recs = records(&out);
    (out, recs)
}

fn is_label(v: &Value) -> bool {
    matches!(
        v.as_str(),
        Some(
            "product_manager"
                | "technical_product_manager"
                | "technology_manager"
                | "technical_program_manager"
                | "unclassified"
        )
    )
}

/// A good record: a label, confidence in [0, 1], finite scores, no error.
fn assert_good(rec: &Value) {
    assert!(rec.get("error").is_none(), "{rec}");
    assert!(is_label(&rec["role"]), "{rec}");
    let c = rec["confidence"].as_f64().expect("confidence is a number");
    assert!((0.0..=1.0).contains(&c), "{rec}");
    for (_, s) in rec["scores"].as_object().expect("scores") {
        assert!(
            s.as_f64().is_some_and(|s| s.is_finite() && s >= 0.0),
            "{rec}"
        );
    }
}

// ---------------------------------------------------------------------------
// rolecall classify: posting files

#[test]
fn empty_and_whitespace_only_postings_are_unclassified() {
    for name in ["empty.txt", "whitespace-only.txt"] {
        let (out, recs) = classify(&[&bad(&format!("postings/{name}"))], &[]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        assert_eq!(recs.len(), 1);
        assert_good(&recs[0]);
        assert_eq!(recs[0]["role"], "unclassified", "{name}");
        assert_eq!(recs[0]["evidence"], Value::Array(vec![]), "{name}");
    }
}

#[test]
fn empty_stdin_is_unclassified() {
    let mut cmd = rolecall();
    cmd.args(["classify", "--format", "jsonl", "-"]);
    let out = run_with_stdin(cmd, b"");
    assert_sane(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["role"], "unclassified");
}

#[test]
fn binary_postings_fail_with_a_record_naming_the_file() {
    // NUL bytes; UTF-16 without a BOM (its ASCII text is NUL-interleaved);
    // bytes behind a UTF-16 BOM that decode to NUL (UTF-32, random data).
    let wd = Workdir::new();
    let utf16_no_bom: Vec<u8> = "Engineering Manager"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    wd.write("utf16-no-bom.txt", utf16_no_bom);
    wd.write(
        "utf32le-bom.txt",
        b"\xFF\xFE\x00\x00E\x00\x00\x00M\x00\x00\x00",
    );
    wd.write(
        "bom-then-binary.txt",
        b"\xFE\xFF\x89PNG\x00\x00\x00\x0dIHDR",
    );
    for path in [
        bad("postings/nul-bytes.txt"),
        wd.path("utf16-no-bom.txt"),
        wd.path("utf32le-bom.txt"),
        wd.path("bom-then-binary.txt"),
    ] {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (out, recs) = classify(&[&path], &[]);
        assert_eq!(code(&out), 1, "{name}");
        assert_eq!(recs.len(), 1, "{name}");
        let error = recs[0]["error"].as_str().expect("error field");
        assert!(error.contains("NUL") || error.contains("binary"), "{error}");
        assert!(recs[0]["role"].is_null());
        assert!(stderr(&out).contains(&name), "{}", stderr(&out));
    }
    let mut cmd = rolecall();
    cmd.args(["classify", "--format", "jsonl", "-"]);
    let out = run_with_stdin(cmd, b"Engineering Manager\0lead");
    assert_sane(&out);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("-: "), "{}", stderr(&out));
}

/// A UTF-16 file with a BOM (as Windows tools save text) is decoded; its
/// evidence offsets index the decoded UTF-8 text.
#[test]
fn utf16_with_a_bom_is_decoded_and_offsets_index_the_utf8_text() {
    for name in ["utf16le-bom.txt", "utf16be-bom.txt"] {
        let (out, recs) = classify(&[&bad(&format!("postings/{name}"))], &[]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        assert_eq!(recs[0]["role"], "technology_manager", "{name}");
        let e = &recs[0]["evidence"][0];
        assert_eq!(
            (e["start"].as_u64(), e["end"].as_u64()),
            (Some(0), Some(19))
        );
        assert_eq!(e["text"], "Engineering Manager");
    }
    let wd = Workdir::new();
    let text = "Équipe café — nous recrutons: Engineering Manager, one-on-ones.\r\n";
    for (name, big_endian) in [("le.txt", false), ("be.txt", true)] {
        let mut bytes = vec![0xFF, 0xFE];
        if big_endian {
            bytes.reverse();
        }
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        let path = wd.write(name, bytes);
        for extra in [&[][..], &["--title-from-first-line"][..]] {
            let (out, recs) = classify(&[&path], extra);
            assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
            assert_eq!(stderr(&out), "", "{name}: no warning");
            assert_eq!(recs[0]["role"], "technology_manager", "{name}");
            for e in recs[0]["evidence"].as_array().unwrap() {
                let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
                assert_eq!(
                    &text[start as usize..end as usize],
                    e["text"],
                    "{name} {extra:?}"
                );
            }
        }
    }
    // An unpaired surrogate is replaced, with a warning; the rest is kept.
    let mut bytes = vec![0xFF, 0xFE, 0x00, 0xD8];
    bytes.extend(
        "Engineering Manager"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let path = wd.write("lone.txt", bytes);
    let (out, recs) = classify(&[&path], &[]);
    assert_eq!(code(&out), 0);
    assert!(
        stderr(&out).contains("lone.txt: invalid UTF-16"),
        "{}",
        stderr(&out)
    );
    assert_eq!(recs[0]["evidence"][0]["start"], 3, "U+FFFD is 3 bytes");
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning_naming_the_file() {
    let path = bad("postings/invalid-utf8.txt");
    let (out, recs) = classify(&[&path], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_good(&recs[0]);
    let err = stderr(&out);
    assert!(
        err.contains("invalid-utf8.txt") && err.contains("lossily"),
        "{err}"
    );
}

#[test]
fn malformed_json_postings_fail_each_with_its_reason() {
    for (name, reason) in [
        ("deep-nesting.json", "recursion limit"),
        ("truncated.json", "EOF"),
        ("lone-surrogate.json", "escape"),
        ("description-not-string.json", "description"),
        ("top-level-array.json", "description"),
    ] {
        let path = bad(&format!("postings/{name}"));
        let (out, recs) = classify(&[&path], &[]);
        assert_eq!(code(&out), 1, "{name}");
        assert_eq!(recs.len(), 1);
        let error = recs[0]["error"].as_str().expect("error field");
        assert!(error.contains(reason), "{name}: {error}");
        let err = stderr(&out);
        assert!(err.contains(name) && err.contains(reason), "{err}");
    }
}

/// Text evidence of a `.txt`, `.md` or `.html` file indexes the file itself (README).
fn assert_spans_index_the_file(rec: &Value, file: &[u8]) {
    for e in rec["evidence"].as_array().expect("evidence") {
        if e["field"] != "text" {
            continue;
        }
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert!(s < t && t <= file.len(), "{e}");
        assert_eq!(
            &file[s..t],
            e["text"].as_str().unwrap().as_bytes(),
            "span {s}..{t} of {}",
            rec["path"]
        );
    }
}

#[test]
fn crlf_control_characters_and_unclosed_html_are_classified() {
    for name in ["crlf.txt", "control-chars.txt", "unclosed-tag.html"] {
        let path = bad(&format!("postings/{name}"));
        for extra in [&[][..], &["--title-from-first-line"][..]] {
            let (out, recs) = classify(&[&path], extra);
            assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
            assert_good(&recs[0]);
            assert_spans_index_the_file(&recs[0], &std::fs::read(&path).unwrap());
        }
    }
}

#[test]
fn a_folder_of_bad_postings_keeps_every_good_record_in_order() {
    let bad_dir = bad("postings");
    let good_dir = fixtures().join("postings");
    for format in ["jsonl", "csv", "table"] {
        let mut cmd = rolecall();
        cmd.args(["classify", "--format", format])
            .arg(&bad_dir)
            .arg(&good_dir);
        let out = run(cmd);
        assert_eq!(code(&out), 1, "{format}: some bad files fail");
        let mut expected: Vec<PathBuf> = Vec::new();
        for dir in [&bad_dir, &good_dir] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            expected.extend(files);
        }
        let text = stdout(&out);
        match format {
            "jsonl" => {
                let recs = records(&out);
                let paths: Vec<PathBuf> = recs
                    .iter()
                    .map(|r| PathBuf::from(r["path"].as_str().unwrap()))
                    .collect();
                assert_eq!(paths, expected, "one record per file, in path order");
                for r in &recs {
                    let p = r["path"].as_str().unwrap();
                    if p.starts_with(good_dir.to_str().unwrap()) {
                        assert_good(r);
                    }
                    if r.get("error").is_some() {
                        assert!(stderr(&out).contains(p), "{p} named on stderr");
                    }
                }
            }
            "csv" => {
                let mut rdr = csv::Reader::from_reader(text.as_bytes());
                let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
                assert_eq!(rows.len(), expected.len());
                for (row, path) in rows.iter().zip(&expected) {
                    assert_eq!(Path::new(&row[0]), path.as_path());
                }
            }
            // The table: a header row, then one line per file.
            _ => assert_eq!(text.lines().count(), expected.len() + 1, "{text}"),
        }
    }
}

#[test]
fn a_missing_path_fails_but_the_others_are_classified() {
    let missing = bad("postings/does-not-exist.txt");
    let good = fixtures().join("postings/tm-cto.txt");
    let (out, recs) = classify(&[&missing, &good], &[]);
    assert_eq!(code(&out), 1);
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["error"].as_str().unwrap().contains("cannot read"));
    assert_good(&recs[1]);
    assert!(stderr(&out).contains("does-not-exist.txt"));
}

/// `size` bytes of posting text on one line: mostly noise, some vocabulary, no newline.
fn big_line(size: usize) -> String {
    let noise = "Lorem ipsum dolor sit amet, ünïcödé — consectetur adipiscing elit 🙂 sed do. ";
    let vocabulary = "Engineering Manager, product roadmap; TPM, dependencies. ";
    let mut s = String::with_capacity(size + 4096);
    let mut i = 0;
    while s.len() + noise.len() <= size {
        s.push_str(if i % 64 == 0 { vocabulary } else { noise });
        i += 1;
    }
    while s.len() < size {
        s.push('x');
    }
    s
}

#[test]
fn a_20_mb_single_line_posting_is_classified() {
    let wd = Workdir::new();
    let line = big_line(20 << 20);
    let path = wd.write("big-line.txt", &line);
    for extra in [&[][..], &["--title-from-first-line"][..]] {
        let (out, recs) = classify(&[&path], extra);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(recs.len(), 1);
        assert_good(&recs[0]);
        assert_spans_index_the_file(&recs[0], line.as_bytes());
    }
}

// ---------------------------------------------------------------------------
// rolecall csv

fn csv_run(input: &Path, extra: &[&str]) -> Output {
    let mut cmd = rolecall();
    cmd.arg("csv").args(extra).arg(input);
    run(cmd)
}

fn csv_records(bytes: &[u8]) -> Vec<csv::ByteRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .byte_records()
        .map(|r| r.unwrap())
        .collect()
}

/// Every input record out, in order, its fields unchanged (a leading BOM aside),
/// followed by the result columns; returns the output records.
fn assert_csv_one_for_one(input: &[u8], out: &Output) -> Vec<csv::ByteRecord> {
    let inp = csv_records(input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input));
    let outp = csv_records(&out.stdout);
    assert_eq!(inp.len(), outp.len(), "records in = records out");
    let header = inp[0].len();
    for (i, (a, b)) in inp.iter().zip(&outp).enumerate() {
        assert_eq!(b.len(), outp[0].len(), "record {i} width");
        if a.len() > header {
            // A long row keeps its extra fields in its last input column.
            for k in 0..header - 1 {
                assert_eq!(&b[k], &a[k], "record {i} field {k}");
            }
            let rest: Vec<&[u8]> = a.iter().skip(header - 1).collect();
            assert_eq!(&b[header - 1], &rest.join(&b',')[..], "record {i}");
        } else {
            for (k, f) in a.iter().enumerate() {
                assert_eq!(&b[k], f, "record {i} field {k}");
            }
        }
    }
    outp
}

#[test]
fn csv_ragged_rows_fail_with_row_and_line_and_stay_in_place() {
    let path = bad("csv/ragged.csv");
    let input = std::fs::read(&path).unwrap();
    let out = csv_run(&path, &[]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    for needle in [
        "ragged.csv: row 2 (line 3)",
        "ragged.csv: row 4 (line 5)",
        "ragged.csv: row 5 (line 6): row has 5 fields but the header has 3",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    let rows = assert_csv_one_for_one(&input, &out);
    let errors: Vec<bool> = rows[1..]
        .iter()
        .map(|r| !r[r.len() - 1].is_empty())
        .collect();
    // Short rows (2, 4) and the long row (5) fail; the others are classified.
    assert_eq!(errors, [false, true, false, true, true]);
    let results = result_columns(true).len();
    for (i, r) in rows[1..].iter().enumerate() {
        let error = String::from_utf8_lossy(&r[r.len() - 1]).into_owned();
        let role = String::from_utf8(r[r.len() - results].to_vec()).unwrap();
        if error.is_empty() {
            assert!(is_label(&Value::String(role)));
        } else {
            // Every result cell of a failed row is empty but its error, which names the line.
            assert!(r
                .iter()
                .skip(r.len() - results)
                .take(results - 1)
                .all(|c| c.is_empty()));
            assert!(error.starts_with(&format!("line {}: ", i + 2)), "{error}");
            let short = error.contains("description");
            let long = error.contains("header has 3");
            assert!(short || long, "{error}");
        }
    }
    // The long row's extra fields are in its last input column, not under `role`.
    assert_eq!(&rows[5][2], &b"Care,extra,fields"[..]);
}

#[test]
fn csv_odd_but_valid_files_pass_through_unchanged() {
    // unbalanced-quote.csv: see regression_unbalanced_quote_keeps_the_result_columns.
    for name in [
        "crlf.csv",
        "invalid-utf8.csv",
        "nul-bytes.csv",
        "utf8-bom.csv",
        "duplicate-header.csv",
    ] {
        let path = bad(&format!("csv/{name}"));
        let input = std::fs::read(&path).unwrap();
        let out = csv_run(&path, &["--evidence-format", "json"]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let rows = assert_csv_one_for_one(&input, &out);
        assert_eq!(&rows[0][rows[0].len() - 1], b"error", "{name}");
        for r in &rows[1..] {
            assert!(r[r.len() - 1].is_empty(), "{name}: no row fails");
        }
        if name == "invalid-utf8.csv" {
            let err = stderr(&out);
            assert!(
                err.contains("invalid-utf8.csv: row 1 (line 2)") && err.contains("lossily"),
                "{err}"
            );
        }
        if name == "utf8-bom.csv" {
            assert_eq!(&rows[0][0], b"id", "BOM stripped");
        }
    }
}

#[test]
fn csv_duplicate_header_names_use_the_first_column() {
    let path = bad("csv/duplicate-header.csv");
    let out = csv_run(&path, &["--evidence-format", "json", "--no-title"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows = csv_records(&out.stdout);
    assert_eq!(rows.len(), 3);
    // Row 2's first `description` is empty: nothing to find, whatever the second holds.
    let row2 = &rows[2];
    assert_eq!(&row2[4], b"unclassified");
    assert_eq!(&row2[row2.len() - 2], b"[]");
    // Row 1's evidence indexes its first `description` cell.
    let row1 = &rows[1];
    let evidence: Vec<Value> = serde_json::from_slice(&row1[row1.len() - 2]).unwrap();
    for e in evidence {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&row1[1][s..t], e["text"].as_str().unwrap().as_bytes());
    }
}

#[test]
fn csv_without_a_text_column_fails_before_any_row_naming_the_file() {
    let path = bad("csv/no-text-column.csv");
    let out = csv_run(&path, &[]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("no-text-column.csv") && err.contains("id, title"),
        "{err}"
    );
}

#[test]
fn csv_empty_input_says_so_writes_nothing_and_exits_0() {
    // An empty file (blank lines, or a BOM alone) has no header and no rows:
    // nothing to classify, which is not a failure. Column options cannot be
    // checked against a header that is not there, so they do not matter.
    let wd = Workdir::new();
    let bom_only = wd.write("bom-only.csv", b"\xEF\xBB\xBF\r\n");
    for (path, extra) in [
        (bad("csv/empty.csv"), &[][..]),
        (bad("csv/blank-lines.csv"), &[][..]),
        (bom_only, &[][..]),
        (bad("csv/empty.csv"), &["--text-col", "description"][..]),
        (
            bad("csv/empty.csv"),
            &["--no-headers", "--text-col", "2"][..],
        ),
    ] {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out = csv_run(&path, extra);
        let err = stderr(&out);
        assert_eq!(code(&out), 0, "{name} {extra:?}: {err}");
        assert!(out.stdout.is_empty(), "{name}");
        assert!(
            err.contains(&format!("{name}: the input is empty (no header, no rows)")),
            "{name} {extra:?}: {err}"
        );
        assert!(!err.contains("header, name"), "{err}");
    }
    let out = run_with_stdin(
        {
            let mut cmd = rolecall();
            cmd.arg("csv");
            cmd
        },
        "",
    );
    assert_eq!(code(&out), 0);
    assert!(
        stderr(&out).contains("stdin: the input is empty"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn csv_10_mb_quoted_cell_passes_through_byte_for_byte() {
    let wd = Workdir::new();
    let mut cell = String::with_capacity(10 << 20);
    let unit = "Engineering Manager, \"quoted\" one-on-ones;\r\nnew line and ünïcödé, ";
    while cell.len() < 10 << 20 {
        cell.push_str(unit);
    }
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record(["id", "title", "description"]).unwrap();
    w.write_record(["1", "Engineering Manager", cell.as_str()])
        .unwrap();
    w.write_record(["2", "", "Line cook"]).unwrap();
    w.write_record(["3"]).unwrap();
    let input = w.into_inner().unwrap();
    let path = wd.write("big-cell.csv", &input);
    let out = csv_run(&path, &["--evidence-format", "json"]);
    assert_eq!(code(&out), 1, "the ragged row 3 fails");
    assert!(stderr(&out).contains("big-cell.csv: row 3 (line"));
    let rows = assert_csv_one_for_one(&input, &out);
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[1][2], cell.as_bytes());
    assert!(rows[1][rows[1].len() - 1].is_empty());
    let evidence: Vec<Value> = serde_json::from_slice(&rows[1][rows[1].len() - 2]).unwrap();
    for e in evidence {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let field = if e["field"] == "title" {
            &rows[1][1]
        } else {
            &rows[1][2]
        };
        assert_eq!(&field[s..t], e["text"].as_str().unwrap().as_bytes());
    }
}

// ---------------------------------------------------------------------------
// rolecall jsonl

fn jsonl_run(input: &Path) -> Output {
    let mut cmd = rolecall();
    cmd.arg("jsonl").arg(input);
    run(cmd)
}

/// The records the reader sees: lines not blank once the terminator is cut.
fn jsonl_records(input: &[u8]) -> Vec<&[u8]> {
    input
        .split(|&b| b == b'\n')
        .map(|l| {
            let mut l = l;
            while let [rest @ .., b'\r' | b'\n'] = l {
                l = rest;
            }
            l
        })
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .collect()
}

#[test]
fn jsonl_bad_lines_get_error_records_and_good_lines_are_kept() {
    let path = bad("jsonl/mixed.jsonl");
    let input = std::fs::read(&path).unwrap();
    let out = jsonl_run(&path);
    assert_eq!(code(&out), 1);
    let lines = jsonl_records(&input);
    let recs = records(&out);
    assert_eq!(recs.len(), lines.len(), "records in = records out");
    assert_eq!(recs.len(), 11);
    let mut good_ids = Vec::new();
    for (i, (rec, raw)) in recs.iter().zip(&lines).enumerate() {
        let rc = &rec["rolecall"];
        if rc.get("error").is_some() {
            assert!(rc["error"].as_str().is_some_and(|e| !e.is_empty()));
        } else {
            assert!(is_label(&rc["role"]), "{rec}");
            good_ids.push(rec["id"].as_u64().unwrap());
        }
        match parse_object(&String::from_utf8_lossy(raw)) {
            Some(mut original) => {
                let mut got = rec.as_object().unwrap().clone();
                got.shift_remove("rolecall");
                original.shift_remove("rolecall");
                assert_eq!(got, original, "record {i} unchanged");
            }
            _ => assert_eq!(rec["input"], *String::from_utf8_lossy(raw), "record {i}"),
        }
    }
    assert_eq!(good_ids, [1, 2, 5, 9], "every good line is classified");
    let err = stderr(&out);
    for needle in [
        "mixed.jsonl: record 2 (line 2)",   // {not json
        "mixed.jsonl: record 4 (line 6)",   // [1, 2, 3]
        "mixed.jsonl: record 6 (line 8)",   // no text field
        "mixed.jsonl: record 8 (line 10)",  // invalid UTF-8: a warning
        "mixed.jsonl: record 10 (line 12)", // deeply nested
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
}

#[test]
fn jsonl_20_mb_line_among_bad_lines() {
    let wd = Workdir::new();
    let text = big_line(20 << 20);
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\": 1, \"description\": \"Engineering Manager\"}\n");
    input.extend_from_slice(
        serde_json::to_string(&serde_json::json!({"id": 2, "description": text}))
            .unwrap()
            .as_bytes(),
    );
    input.extend_from_slice(b"\n{\"id\": 3, \"description\": \n\n");
    input.extend_from_slice(b"{\"id\": 4, \"description\": \"\"}\n");
    let path = wd.write("big.jsonl", &input);
    let out = jsonl_run(&path);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("big.jsonl: record 3 (line 3)"));
    let recs = records(&out);
    assert_eq!(recs.len(), 4);
    assert_eq!(
        recs[1]["description"].as_str().map(str::len),
        Some(text.len())
    );
    for i in [0, 1, 3] {
        assert!(is_label(&recs[i]["rolecall"]["role"]), "record {i}");
    }
    assert_eq!(recs[3]["rolecall"]["role"], "unclassified");
    assert!(recs[2]["rolecall"]["error"].is_string());
}

// ---------------------------------------------------------------------------
// rolecall lexicons check, and --lexicons with a bad folder

fn check_lexicons(dir: &Path) -> Output {
    let mut cmd = rolecall();
    cmd.args(["lexicons", "check"]).arg(dir);
    run(cmd)
}

/// `lexicons check` fails with status 2 and reports each `(file, line, message)`.
fn assert_problems(folder: &str, count: usize, expected: &[(&str, usize, &str)]) {
    let dir = bad(&format!("lexicons/{folder}"));
    let out = check_lexicons(&dir);
    assert_eq!(code(&out), 2, "{folder}");
    assert!(out.stdout.is_empty(), "{folder}");
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{count} problem(s) found")),
        "{folder}: {err}"
    );
    for (file, line, message) in expected {
        let at = format!("{}:{line}:", dir.join(file).display());
        assert!(
            err.lines()
                .any(|l| l.starts_with(&at) && l.contains(message)),
            "{folder}: expected `{at}… {message}` in:\n{err}"
        );
    }
}

#[test]
fn a_good_lexicon_folder_checks_ok() {
    let out = check_lexicons(&bad("lexicons/good"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("ok (2 entries)"), "{}", stdout(&out));
}

#[test]
fn lexicon_bad_json() {
    assert_problems(
        "bad-json",
        1,
        &[("product_manager.json", 5, "invalid JSON")],
    );
}

#[test]
fn lexicon_duplicate_terms() {
    assert_problems(
        "duplicate-terms",
        1,
        &[("product_manager.json", 6, "duplicate term \"Roadmap\"")],
    );
}

#[test]
fn lexicon_invalid_regex() {
    assert_problems(
        "invalid-regex",
        1,
        &[("technical_program_manager.json", 5, "invalid regex")],
    );
}

#[test]
fn lexicon_people_entries_belong_to_a_role_alone() {
    assert_problems(
        "misplaced-people",
        2,
        &[
            ("technology_manager.json", 5, "category \"people\""),
            ("technical.json", 4, "category \"people\""),
        ],
    );
}

#[test]
fn lexicon_empty_terms_and_regex() {
    assert_problems(
        "empty-term",
        3,
        &[
            ("technology_manager.json", 5, "empty term"),
            ("technology_manager.json", 6, "empty term"),
            ("technology_manager.json", 7, "empty regex"),
        ],
    );
}

#[test]
fn lexicon_every_problem_of_every_file_is_reported() {
    assert_problems(
        "many-problems",
        8,
        &[
            ("other.json", 4, "weight must be positive"),
            ("other.json", 5, "unknown variant"),
            ("other.json", 6, "unknown field"),
            ("product_manager.json", 4, "not both"),
            ("product_manager.json", 5, "needs \"term\" or \"regex\""),
            ("product_manager.json", 6, "shared_with"),
            ("unknown_role.json", 1, "unknown role \"chef\""),
            ("zz_duplicate_role.json", 1, "already defined"),
        ],
    );
}

#[test]
fn lexicon_unreadable_or_empty_files() {
    assert_problems(
        "deep-nesting",
        1,
        &[("product_manager.json", 1, "invalid entry")],
    );
    assert_problems(
        "invalid-utf8",
        1,
        &[("product_manager.json", 1, "cannot read")],
    );
    assert_problems("utf16", 1, &[("other.json", 1, "cannot read")]);
    assert_problems(
        "empty-file",
        1,
        &[("product_manager.json", 1, "invalid JSON")],
    );
}

#[test]
fn lexicon_empty_or_missing_folder() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path("empty")).unwrap();
    wd.write("no-json/readme.txt", "not a lexicon");
    for dir in ["empty", "no-json", "missing"] {
        let out = check_lexicons(&wd.path(dir));
        assert_eq!(code(&out), 2, "{dir}");
        let err = stderr(&out);
        assert!(err.contains(&wd.path(dir).display().to_string()), "{err}");
    }
}

#[test]
fn bad_lexicons_stop_every_command_before_any_output() {
    let dir = bad("lexicons/bad-json");
    let posting = fixtures().join("postings/tm-cto.txt");
    let csv = bad("csv/crlf.csv");
    let jsonl = bad("jsonl/mixed.jsonl");
    let runs: [&[&std::ffi::OsStr]; 4] = [
        &["classify".as_ref(), posting.as_os_str()],
        &["csv".as_ref(), csv.as_os_str()],
        &["jsonl".as_ref(), jsonl.as_os_str()],
        &["lexicons".as_ref(), "list".as_ref()],
    ];
    for args in runs {
        let mut cmd = rolecall();
        cmd.arg("--lexicons").arg(&dir).args(args);
        let out = run(cmd);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            stderr(&out).contains("product_manager.json:5:"),
            "{}",
            stderr(&out)
        );
    }
}

// ---------------------------------------------------------------------------
// Known bugs: reproductions, ignored until src/ is fixed
// (`cargo test --test bad_inputs -- --ignored`). They use the small lexicon in
// fixtures/bad/lexicons/good so they do not depend on the shipped lexicons.

fn good_lexicons() -> PathBuf {
    bad("lexicons/good")
}

#[test]
fn regression_bullet_before_a_title_does_not_panic() {
    let posting = bad("regressions/bullet-before-title.txt");
    let other = fixtures().join("postings/tm-cto.txt");
    let mut cmd = rolecall();
    cmd.arg("--lexicons")
        .arg(good_lexicons())
        .args(["classify", "--format", "jsonl"])
        .arg(&posting)
        .arg(&other);
    let out = run(cmd);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["role"], "product_manager");
    assert_spans_index_the_file(&recs[0], &std::fs::read(&posting).unwrap());

    let csv = "id,description\n1,roadmap\n2,\"• Product Manager\"\n3,Product Manager\n";
    let mut cmd = rolecall();
    cmd.arg("--lexicons").arg(good_lexicons()).arg("csv");
    let out = run_with_stdin(cmd, csv);
    assert_sane(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(csv_records(&out.stdout).len(), 4, "every row written");
}

#[test]
fn regression_unbalanced_quote_keeps_the_result_columns() {
    let path = bad("csv/unbalanced-quote.csv");
    let input = std::fs::read(&path).unwrap();
    let out = csv_run(&path, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_csv_one_for_one(&input, &out);
}

#[test]
fn regression_bom_is_never_written_without_a_header() {
    let wd = Workdir::new();
    let path = wd.write("bom.csv", b"\xEF\xBB\xBF1,Engineering Manager\n");
    let out = csv_run(&path, &["--no-headers", "--text-col", "1"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!out.stdout.starts_with(b"\xEF\xBB\xBF"));
}

#[test]
fn regression_jsonl_lone_surrogate_gives_a_json_error_record() {
    let path = bad("regressions/lone-surrogate.jsonl");
    let out = jsonl_run(&path);
    assert_eq!(code(&out), 1);
    // Strictly: every output line must be JSON that serde_json reads back.
    let recs: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(recs.len(), 2);
    assert!(is_label(&recs[0]["rolecall"]["role"]));
    assert!(recs[1]["rolecall"]["error"].is_string());
    assert!(stderr(&out).contains("lone-surrogate.jsonl: record 2 (line 2)"));
}

#[test]
fn regression_huge_weights_are_rejected_or_scores_stay_finite() {
    let dir = bad("lexicons/huge-weight");
    let check = check_lexicons(&dir);
    if code(&check) == 2 {
        assert!(stderr(&check).contains("weight"), "{}", stderr(&check));
        return;
    }
    let mut cmd = rolecall();
    cmd.arg("--lexicons")
        .arg(&dir)
        .args(["classify", "--format", "jsonl", "-"]);
    let out = run_with_stdin(cmd, "roadmap roadmap");
    assert_sane(&out);
    assert_eq!(code(&out), 0);
    assert_good(&records(&out)[0]);
}

#[test]
fn regression_text_offsets_index_the_file_after_a_bom_or_invalid_utf8() {
    for name in ["bom-offsets.txt", "invalid-utf8-offsets.txt"] {
        let path = bad(&format!("regressions/{name}"));
        let mut cmd = rolecall();
        cmd.arg("--lexicons")
            .arg(good_lexicons())
            .args(["classify", "--format", "jsonl"])
            .arg(&path);
        let out = run(cmd);
        assert_eq!(code(&out), 0);
        let recs = records(&out);
        assert!(
            !recs[0]["evidence"].as_array().unwrap().is_empty(),
            "{name}"
        );
        assert_spans_index_the_file(&recs[0], &std::fs::read(&path).unwrap());
    }
}

/// Input that ends inside a quoted field: every record still comes out, and
/// a warning names the line where the quote opened (the rest of the file
/// became one field).
#[test]
fn csv_input_ending_inside_quotes_warns_with_the_opening_line() {
    let wd = Workdir::new();
    let input = "title,description\nCTO,Run engineering\nNurse,\"Care for patients\nand more\n\nstill inside\n";
    let path = wd.write("open.csv", input);
    let out = csv_run(&path, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "open.csv: row 2 (line 3): the input ends inside a quoted field opened on line 3"
        ),
        "{err}"
    );
    let rows = csv_records(&out.stdout);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        &rows[2][1],
        &b"Care for patients\nand more\n\nstill inside\n"[..]
    );
}

/// A TSV read as CSV and JSON Lines fed to `csv` fail with a hint; a wide
/// header's column list is cut.
#[test]
fn column_errors_hint_at_the_likely_format_and_stay_short() {
    let cases: [(&str, &[&str], &str); 3] = [
        (
            "title\tdescription\nPM\tOwn the roadmap\n",
            &["--text-col", "description"],
            "try -d '\\t'",
        ),
        (
            "{\"title\": \"PM\", \"description\": \"Own it, all of it\"}\n",
            &[],
            "use `rolecall jsonl`",
        ),
        (
            "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n",
            &[],
            "… 3 more",
        ),
    ];
    for (input, args, hint) in cases {
        let mut cmd = rolecall();
        cmd.arg("csv").args(args);
        let out = run_with_stdin(cmd, input);
        assert_eq!(out.status.code(), Some(2), "{input}");
        let err = stderr(&out);
        assert!(err.contains(hint), "{hint:?} in {err}");
        assert!(!err.contains("Own it, all of it"), "{err}");
    }
}

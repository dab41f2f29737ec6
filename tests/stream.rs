//! `rolecall csv` and `rolecall jsonl`: every record out, in order, untouched.

mod common;

use common::{rolecall, run_with_stdin, stderr, Workdir};
use serde_json::Value;

const POSTINGS: &[&str] = &[
    "We are hiring a Senior Product Manager to own the roadmap and talk to customers.",
    "Engineering Manager: lead a team of engineers, run one-on-ones and hiring.",
    "Line cook for evening service, \"grill\" station,\nweekends.",
    "",
    "Technical Program Manager driving schedules, milestones, dependencies and risk.",
];

/// A CSV of `n` rows with an id, a title and a text column, plus a few bad rows.
fn mixed_csv(n: usize) -> (Vec<u8>, usize) {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record(["id", "title", "description", "extra"])
        .unwrap();
    let mut rows = 0;
    for i in 0..n {
        if i % 97 == 13 {
            // Ragged: too few fields for the description column.
            w.write_record([format!("{i}").as_str()]).unwrap();
        } else {
            let text = POSTINGS[i % POSTINGS.len()];
            w.write_record([format!("{i}").as_str(), "", text, "x,\"y\""])
                .unwrap();
        }
        rows += 1;
    }
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(w.into_inner().unwrap());
    (bytes, rows)
}

fn run_csv(input: &[u8], threads: &str, extra: &[&str]) -> std::process::Output {
    let mut cmd = rolecall();
    cmd.args(["csv", "--threads", threads]).args(extra);
    run_with_stdin(cmd, input)
}

#[test]
fn csv_rows_in_equal_rows_out_in_order_with_columns_untouched() {
    let (input, rows) = mixed_csv(5000);
    let out = run_csv(&input, "2", &[]);
    assert_eq!(out.status.code(), Some(1), "ragged rows make the run fail");
    let err = stderr(&out);
    assert!(err.contains("row 14 (line"), "{err}");

    let mut original = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&input[..]);
    let mut result = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(&out.stdout[..]);
    let header = result.headers().unwrap().clone();
    assert_eq!(&header[0], "id", "BOM stripped from the first header");
    assert_eq!(&header[4], "role");
    assert_eq!(&header[header.len() - 1], "error");
    let originals: Vec<_> = original.records().map(|r| r.unwrap()).collect();
    let results: Vec<_> = result.records().map(|r| r.unwrap()).collect();
    assert_eq!(results.len(), rows);
    for (i, (o, r)) in originals.iter().zip(&results).enumerate() {
        assert_eq!(r.len(), header.len(), "row {i} has every column");
        for (k, field) in o.iter().enumerate() {
            assert_eq!(&r[k], field, "row {i} column {k} unchanged");
        }
        let error = &r[r.len() - 1];
        if o.len() == 1 {
            assert!(error.contains("description"), "row {i}: {error}");
            assert_eq!(&r[4], "");
        } else {
            assert_eq!(error, "");
            let expected = [
                "product_manager",
                "technology_manager",
                "unclassified",
                "unclassified",
                "technical_program_manager",
            ];
            assert_eq!(&r[4], expected[i % POSTINGS.len()], "row {i}");
        }
    }
}

#[test]
fn csv_output_is_identical_across_thread_counts() {
    let (input, _) = mixed_csv(3000);
    let one = run_csv(&input, "1", &[]).stdout;
    assert_eq!(one, run_csv(&input, "2", &[]).stdout);
    assert_eq!(one, run_csv(&input, "8", &[]).stdout);
}

#[test]
fn csv_evidence_offsets_index_the_joined_text() {
    let input = "resp,qual\n\"Lead a team of engineers.\",\"Engineering Manager experience; one-on-ones.\"\n";
    let out = run_csv(
        input.as_bytes(),
        "1",
        &[
            "--text-col",
            "resp",
            "--text-col",
            "qual",
            "--evidence-format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let row = r.records().next().unwrap().unwrap();
    let joined = "Lead a team of engineers.\n\nEngineering Manager experience; one-on-ones.";
    let evidence: Vec<Value> = serde_json::from_str(&row[row.len() - 2]).unwrap();
    assert!(!evidence.is_empty());
    for e in evidence {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&joined[s..t], e["text"].as_str().unwrap());
    }
    assert_eq!(&row[2], "technology_manager");
}

#[test]
fn csv_unknown_column_fails_before_reading_rows() {
    let out = run_csv(b"id,body\n1,hello\n", "1", &["--text-col", "description"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("\"description\"") && err.contains("id, body"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn csv_without_headers_tsv_crlf_and_invalid_utf8() {
    let input = b"1\tEngineering Manager\tLead engineers\r\n2\tCook\tgrill \xff station\r\n";
    let out = run_csv(
        input,
        "1",
        &[
            "--no-headers",
            "--text-col",
            "2",
            "--title-col",
            "1",
            "--delimiter",
            "\\t",
            "--evidence",
            "0",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("lossily"));
    let mut r = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(false)
        .from_reader(&out.stdout[..]);
    let rows: Vec<_> = r.byte_records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].len(),
        3 + rolecall::io::record::result_columns(false).len(),
        "no evidence column"
    );
    assert_eq!(&rows[0][3], b"technology_manager");
    assert_eq!(&rows[1][3], b"unclassified");
    assert_eq!(
        &rows[1][2], b"grill \xff station",
        "input bytes pass through unchanged"
    );
}

#[test]
fn csv_big_cell_and_stats() {
    let wd = Workdir::new();
    let big = "engineering manager one-on-ones ".repeat(50 * 1024 * 1024 / 32);
    let path = wd.write("big.csv", format!("description\n\"{big}\"\nshort\n"));
    let out = wd
        .command()
        .args(["csv", "--stats", "--evidence", "1"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("rows 2") && err.contains("MB/s"), "{err}");
    let mut r = csv::Reader::from_reader(&out.stdout[..]);
    let rows: Vec<_> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "technology_manager");
}

#[test]
fn csv_closed_stdout_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let wd = Workdir::new();
    let (input, _) = mixed_csv(200_000);
    let path = wd.write("big.csv", input);
    let mut child = wd
        .command()
        .args(["csv"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..3 {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
    }
    drop(reader);
    let out = child.wait_with_output().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(matches!(out.status.code(), Some(0) | Some(1)));
}

fn mixed_jsonl(n: usize) -> (String, usize) {
    let mut s = String::new();
    for i in 0..n {
        match i % 50 {
            7 => s.push_str("{not json\n"),
            8 => s.push_str(&format!("{{\"id\": {i}, \"posting\": {{}}}}\n")),
            9 => s.push_str("[1, 2]\n"),
            _ => {
                let text = POSTINGS[i % POSTINGS.len()];
                let v = serde_json::json!({"id": i, "posting": {"description": text, "title": ""}, "z": [1, {"k": null}]});
                s.push_str(&v.to_string());
                s.push('\n');
            }
        }
    }
    (s, n)
}

#[test]
fn jsonl_records_in_equal_records_out_in_order() {
    let (input, n) = mixed_jsonl(3000);
    let run = |threads: &str| {
        let mut cmd = rolecall();
        cmd.args([
            "jsonl",
            "--threads",
            threads,
            "--text-field",
            "posting.description",
            "--title-field",
            "posting.title",
        ]);
        run_with_stdin(cmd, input.as_bytes())
    };
    let out = run("2");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("record 8 (line 8)"),
        "{}",
        stderr(&out)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), n);
    for (i, (line, original)) in lines.iter().zip(input.lines()).enumerate() {
        let rc = &line["rolecall"];
        match i % 50 {
            7 | 9 => {
                assert!(rc["error"].is_string(), "line {i}");
                assert_eq!(line["input"], original);
            }
            8 => assert!(rc["error"]
                .as_str()
                .unwrap()
                .contains("posting.description")),
            _ => {
                let mut stripped = line.clone();
                stripped.as_object_mut().unwrap().remove("rolecall");
                let orig: Value = serde_json::from_str(original).unwrap();
                assert_eq!(stripped, orig, "line {i} unchanged apart from rolecall");
                let keys: Vec<_> = line.as_object().unwrap().keys().cloned().collect();
                assert_eq!(keys, ["id", "posting", "z", "rolecall"], "key order kept");
                assert!(rc["role"].is_string());
            }
        }
    }
    assert_eq!(run("1").stdout, out.stdout);
    assert_eq!(run("8").stdout, out.stdout);
}

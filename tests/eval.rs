//! `rolecall eval` on a small hand-labelled set, with figures computed by hand;
//! `--filter`, and the bootstrap intervals in the reports.

mod common;

use common::{fixtures, rolecall, stderr, stdout, Workdir};
use serde_json::Value;

#[test]
fn eval_tiny_case_matches_hand_computed_figures() {
    let wd = Workdir::new();
    // 2 PM rows (one clear, one too thin to classify), 1 TM row, 2 other rows
    // (one a line cook, one a product manager posting mislabelled as other).
    let data = "id,title,text,label\n\
        1,Product Manager,We are hiring a product manager to own the roadmap.,product_manager\n\
        2,,Great team.,product_manager\n\
        3,Engineering Manager,Lead a team of engineers.,technology_manager\n\
        4,Line Cook,Grill station.,other\n\
        5,Senior Product Manager,Own the product roadmap.,other\n";
    let path = wd.write("tiny.csv", data);
    let out = rolecall()
        .args(["eval", "--format", "json", "--data"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["rows"], 5);
    // PM: TP 1, FP 1 (row 5), FN 1 (row 2) -> P 0.5, R 0.5, F1 0.5.
    let pm = &r["roles"][0];
    assert_eq!(pm["precision"], 0.5);
    assert_eq!(pm["recall"], 0.5);
    assert_eq!(pm["f1"], 0.5);
    // TM: TP 1 -> F1 1. The two technical roles have no rows and no predictions -> F1 0.
    assert_eq!(r["roles"][2]["f1"], 1.0);
    assert_eq!(r["macro_f1"], 0.375);
    assert!((r["role_accuracy"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(r["other_unclassified"], 0.5);
    assert_eq!(r["confusion"][0], serde_json::json!([1, 0, 0, 0, 1]));
    assert_eq!(r["confusion"][4], serde_json::json!([1, 0, 0, 0, 1]));
}

#[test]
fn eval_bundled_labelled_fixture_prints_tables() {
    let out = rolecall()
        .args(["eval", "--misclassified", "3", "--data"])
        .arg(fixtures().join("labelled.csv"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for needle in [
        "macro-F1",
        "precision",
        "confusion",
        "other -> unclassified",
    ] {
        assert!(text.contains(needle), "{text}");
    }
    let no_title = rolecall()
        .args(["eval", "--no-title", "--format", "json", "--data"])
        .arg(fixtures().join("labelled.csv"))
        .output()
        .unwrap();
    let r: Value = serde_json::from_str(&stdout(&no_title)).unwrap();
    assert!(r["macro_f1"].as_f64().unwrap() > 0.5, "{r}");
}

#[test]
fn eval_errors_are_clear() {
    let wd = Workdir::new();
    let bad_label = wd.write("bad.csv", "text,label\nhello,manager\n");
    let out = rolecall()
        .args(["eval", "--data"])
        .arg(&bad_label)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown label \"manager\""),
        "{}",
        stderr(&out)
    );

    let no_label = wd.write("nolabel.csv", "text\nhello\n");
    let out = rolecall()
        .args(["eval", "--data"])
        .arg(&no_label)
        .output()
        .unwrap();
    assert!(
        stderr(&out).contains("\"label\" not found"),
        "{}",
        stderr(&out)
    );

    let empty = wd.write("empty.csv", "");
    let out = rolecall()
        .args(["eval", "--data"])
        .arg(&empty)
        .output()
        .unwrap();
    assert!(stderr(&out).contains("no data rows"), "{}", stderr(&out));
}

/// Four rows, two of them flagged `text_sufficient=yes`: a PM row called PM and
/// an `other` row left unclassified, so the kept rows are all right.
const FLAGGED: &str = "id,title,text,label,text_sufficient,source\n\
    1,Product Manager,We are hiring a product manager to own the roadmap.,product_manager,yes,a\n\
    2,,Great team.,product_manager,no,a\n\
    3,Line Cook,Grill station.,other,yes,b\n\
    4,Senior Product Manager,Own the product roadmap.,other,no,b\n";

fn eval_json(args: &[&str], data: &std::path::Path) -> Value {
    let out = rolecall()
        .args(["eval", "--format", "json"])
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn eval_filter_keeps_only_matching_rows() {
    let wd = Workdir::new();
    let path = wd.write("flagged.csv", FLAGGED);
    let all = eval_json(&[], &path);
    assert_eq!(all["rows"], 4);
    assert_eq!(all["roles"][0]["f1"], 0.5);

    let kept = eval_json(&["--filter", "text_sufficient=yes"], &path);
    assert_eq!(kept["rows"], 2);
    assert_eq!(kept["rows_read"], 4);
    assert_eq!(
        kept["filters"],
        serde_json::json!([{"column": "text_sufficient", "value": "yes"}])
    );
    assert_eq!(kept["roles"][0]["f1"], 1.0);
    assert_eq!(kept["other_unclassified"], 1.0);
    assert_eq!(kept["confusion"][4], serde_json::json!([0, 0, 0, 0, 1]));

    // Every filter must hold: only row 3 is both flagged and from source b.
    let both = eval_json(
        &["--filter", "text_sufficient=yes", "--filter", "source=b"],
        &path,
    );
    assert_eq!(both["rows"], 1);
    assert_eq!(both["other_rows"], 1);

    let out = rolecall()
        .args(["eval", "--filter", "text_sufficient=yes", "--data"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with(": 2 of 4 rows kept by --filter text_sufficient=yes (1 other)"),
        "{header}"
    );
}

#[test]
fn eval_filter_errors_name_the_problem() {
    let wd = Workdir::new();
    let path = wd.write("flagged.csv", FLAGGED);
    let run = |filter: &str| {
        rolecall()
            .args(["eval", "--filter", filter, "--data"])
            .arg(&path)
            .output()
            .unwrap()
    };
    let out = run("sufficient=yes");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--filter sufficient=yes: column \"sufficient\" not found"),
        "{}",
        stderr(&out)
    );
    let out = run("text_sufficient");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("expected COL=VALUE"),
        "{}",
        stderr(&out)
    );
    let out = run("text_sufficient=maybe");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("none of the 4 data rows passes the filters"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn eval_reports_bootstrap_intervals() {
    let wd = Workdir::new();
    let path = wd.write("flagged.csv", FLAGGED);
    let r = eval_json(&["--resamples", "300", "--seed", "5"], &path);
    assert_eq!(
        r["bootstrap"],
        serde_json::json!({"resamples": 300, "seed": 5})
    );
    let figures = [
        (&r["roles"][0]["f1"], &r["roles"][0]["f1_ci"]),
        (&r["macro_f1"], &r["macro_f1_ci"]),
        (&r["family_macro_f1"], &r["family_macro_f1_ci"]),
        (&r["other_unclassified"], &r["other_unclassified_ci"]),
    ];
    for (value, ci) in figures {
        let (v, low, high) = (
            value.as_f64().unwrap(),
            ci["low"].as_f64().unwrap(),
            ci["high"].as_f64().unwrap(),
        );
        // Four rows leave much room: every interval here is wide and holds its estimate.
        assert!(low < v && v < high, "{v} in [{low}, {high}]");
    }
    // PM only, so family macro-F1 is PM's F1 over three families.
    assert!((r["family_macro_f1"].as_f64().unwrap() - 0.5 / 3.0).abs() < 1e-12);
    // A fixed seed gives the same report.
    assert_eq!(r, eval_json(&["--resamples", "300", "--seed", "5"], &path));

    let out = rolecall()
        .args(["eval", "--data"])
        .arg(&path)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("95 % intervals: percentile bootstrap, 1000 resamples, seed 0"),
        "{text}"
    );
    let line = |start: &str| {
        text.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no {start:?} line in {text}"))
    };
    assert!(
        line("product_manager").contains(" 0.500 [0.000, 1.000] "),
        "{text}"
    );
    assert!(
        line("family macro-F1").ends_with(" 0.167 [0.000, 0.333]"),
        "{text}"
    );
}

#[test]
fn eval_by_column_scores_each_group_apart() {
    let wd = Workdir::new();
    // Source "a": a PM found and a line cook left alone. Source "b": a PM
    // posting labelled other (a false positive) and an engineering manager found.
    let data = "id,source,title,text,label\n\
        1,a,Product Manager,We are hiring a product manager to own the roadmap.,product_manager\n\
        2,a,Line Cook,Grill station.,other\n\
        3,b,Senior Product Manager,Own the product roadmap.,other\n\
        4,b,Engineering Manager,Lead a team of engineers.,technology_manager\n";
    let path = wd.write("by.csv", data);
    let out = rolecall()
        .args(["eval", "--format", "json", "--by", "source", "--data"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let r: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(r["by"], "source");
    let groups = r["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    let (a, b) = (&groups[0], &groups[1]);
    assert_eq!(
        (a["value"].as_str(), b["value"].as_str()),
        (Some("a"), Some("b"))
    );
    assert_eq!(a["report"]["rows"], 2);
    assert_eq!(a["report"]["other_unclassified"], 1.0);
    assert_eq!(a["report"]["roles"][0]["precision"], 1.0);
    assert_eq!(b["report"]["other_unclassified"], 0.0);
    assert_eq!(b["report"]["roles"][0]["precision"], 0.0);
    assert_eq!(b["report"]["roles"][0]["predicted"], 1);
    assert_eq!(b["report"]["roles"][2]["recall"], 1.0);
    // The whole set is still scored as one.
    assert_eq!(r["rows"], 4);
    assert_eq!(r["other_unclassified"], 0.5);

    let text = rolecall()
        .args(["eval", "--by", "source", "--data"])
        .arg(&path)
        .output()
        .unwrap();
    let text = stdout(&text);
    assert!(text.contains("by source"), "{text}");
    let line_b = text.lines().find(|l| l.starts_with("b ")).unwrap();
    assert!(line_b.contains("0.000 [0.000, 0.000]"), "{line_b}");

    let missing = rolecall()
        .args(["eval", "--by", "nope", "--data"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("--by nope: column \"nope\" not found"),
        "{}",
        stderr(&missing)
    );
}

/// `eval` prints the reliability table, the calibration error as given and
/// cross-validated, and the figures at each operating point; its JSON holds
/// the same: bins that count every row, and precision never lower at a
/// higher --min-confidence for a role whose predictions are all right.
#[test]
fn eval_reports_calibration_and_operating_points() {
    let data = fixtures().join("labelled.csv");
    let out = rolecall()
        .args(["eval", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for needle in [
        "reliability",
        "calibration error",
        "cross-validated",
        "--min-confidence",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    let r = eval_json(&[], &data);
    let bins = r["calibration"]["reliability"]["bins"].as_array().unwrap();
    let rows: u64 = bins.iter().map(|b| b["rows"].as_u64().unwrap()).sum();
    assert_eq!(rows, r["rows"].as_u64().unwrap());
    let ece = r["calibration"]["reliability"]["ece"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&ece));
    let thresholds = r["thresholds"].as_array().unwrap();
    assert_eq!(thresholds[0]["min_confidence"], 0.0);
    // At 0 nothing is dropped: the figures are the report's own.
    for (k, role) in r["roles"].as_array().unwrap().iter().enumerate() {
        assert_eq!(thresholds[0]["roles"][k][0], role["precision"]);
        assert_eq!(thresholds[0]["roles"][k][1], role["recall"]);
    }
    // Dropping labels never raises recall.
    for pair in thresholds.windows(2) {
        let recall = |t: &Value| -> Vec<f64> {
            t["roles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r[1].as_f64().unwrap())
                .collect()
        };
        for (after, before) in recall(&pair[1]).iter().zip(recall(&pair[0])) {
            assert!(*after <= before, "{pair:?}");
        }
    }
}

/// `calibrate` fits a calibration that `lexicons check` accepts and that
/// `--lexicons` then uses: an exported set without its calibration.json
/// gives raw confidence; with the one `calibrate` writes, calibrated.
#[test]
fn calibrate_writes_a_calibration_the_lexicon_folder_uses() {
    let wd = Workdir::new();
    let dir = wd.path("lex");
    let export = rolecall()
        .args(["lexicons", "export"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", stderr(&export));
    std::fs::remove_file(dir.join("calibration.json")).unwrap();
    let check = rolecall()
        .args(["lexicons", "check"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        stdout(&check).contains("no calibration.json"),
        "{}",
        stdout(&check)
    );
    let confidence = |lexicons: &std::path::Path| {
        let out = rolecall()
            .arg("--lexicons")
            .arg(lexicons)
            .args(["classify", "--format", "jsonl"])
            .arg(fixtures().join("postings/tm-cto.txt"))
            .output()
            .unwrap();
        let v: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
        v["confidence"].as_f64().unwrap()
    };
    let raw = confidence(&dir);
    let out = rolecall()
        .arg("--lexicons")
        .arg(&dir)
        .args(["calibrate", "--data"])
        .arg(fixtures().join("labelled.csv"))
        .arg("-o")
        .arg(dir.join("calibration.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("cross-validated"), "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.join("calibration.json")).unwrap();
    let c = rolecall::Calibration::parse("calibration.json", &written).unwrap();
    let check = rolecall()
        .args(["lexicons", "check"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        stdout(&check).contains("calibration.json ok"),
        "{}",
        stdout(&check)
    );
    assert_eq!(confidence(&dir), c.apply(raw, true));
}

/// `eval` gives the mean profile per true label and the AUC of the technical
/// axis (technical product manager vs product manager) and of the delivery
/// axis (technical program manager vs the rest), equal to the figures
/// recomputed pair by pair from the profiles `rolecall csv` writes.
#[test]
fn eval_reports_the_profile_per_label_and_its_separations() {
    let data = fixtures().join("labelled.csv");
    let r = eval_json(&[], &data);
    let p = &r["profile"];
    let out = rolecall()
        .args(["csv", "--evidence", "0"])
        .arg(&data)
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<(String, [f64; 4])> = reader
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            let axis = |a: &str| rec[at(&format!("profile_{a}"))].parse::<f64>().unwrap();
            (
                rec[at("label")].to_string(),
                [
                    axis("product"),
                    axis("technical"),
                    axis("delivery"),
                    axis("people"),
                ],
            )
        })
        .collect();
    let pairwise = |axis: usize, pos: &dyn Fn(&str) -> bool, neg: &dyn Fn(&str) -> bool| {
        let (mut wins, mut pairs) = (0.0, 0.0);
        for (_, pa) in rows.iter().filter(|(l, _)| pos(l)) {
            for (_, pb) in rows.iter().filter(|(l, _)| neg(l)) {
                pairs += 1.0;
                wins += match pa[axis].total_cmp(&pb[axis]) {
                    std::cmp::Ordering::Greater => 1.0,
                    std::cmp::Ordering::Equal => 0.5,
                    std::cmp::Ordering::Less => 0.0,
                };
            }
        }
        wins / pairs
    };
    let technical = pairwise(1, &|l| l == "technical_product_manager", &|l| {
        l == "product_manager"
    });
    let delivery = pairwise(2, &|l| l == "technical_program_manager", &|l| {
        l != "technical_program_manager"
    });
    assert!(
        (p["technical_auc"].as_f64().unwrap() - technical).abs() < 1e-9,
        "{p}"
    );
    assert!(
        (p["delivery_auc"].as_f64().unwrap() - delivery).abs() < 1e-9,
        "{p}"
    );
    let ci = &p["technical_auc_ci"];
    assert!(ci["low"].as_f64().unwrap() <= ci["high"].as_f64().unwrap());
    // Each role's mean profile leans to its own axis on these clear postings.
    let axes = ["product", "technical", "delivery", "people"];
    for (label, own) in [
        ("product_manager", "product"),
        ("technical_product_manager", "technical"),
        ("technical_program_manager", "delivery"),
        ("technology_manager", "people"),
    ] {
        let mean = p["means"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["label"] == label)
            .unwrap_or_else(|| panic!("{label}: {p}"));
        let n = rows.iter().filter(|(l, _)| l == label).count() as u64;
        assert_eq!(mean["rows"].as_u64(), Some(n));
        let top = axes
            .iter()
            .max_by(|a, b| {
                let v = |x: &str| mean["profile"][x].as_f64().unwrap();
                v(a).total_cmp(&v(b))
            })
            .unwrap();
        assert_eq!(*top, own, "{label}: {mean}");
    }
    let text = stdout(
        &rolecall()
            .args(["eval", "--data"])
            .arg(&data)
            .output()
            .unwrap(),
    );
    assert!(
        text.contains("technical axis, technical_product_manager vs product_manager: AUC"),
        "{text}"
    );
}

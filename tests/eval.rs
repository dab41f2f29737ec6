//! `rolecall eval` on a small hand-labelled set, with figures computed by hand.

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

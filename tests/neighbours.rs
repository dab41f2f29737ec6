//! Postings for jobs next to the four roles (an engineer, a designer, a
//! marketer, a seller, IT support, an analyst, an events program manager, an
//! architect, a recruiter) stay `unclassified` and name the family they read
//! as. Each fixture's file name starts with its family.

mod common;

use std::fmt::Write as _;

use common::{classify_fixtures, fixtures, rolecall, stderr};
use serde_json::Value;

fn classify_neighbours() -> Vec<Value> {
    classify_fixtures("neighbours", 4)
}

fn file_name(record: &Value) -> &str {
    let path = record["path"].as_str().unwrap();
    path.rsplit(['/', '\\']).next().unwrap()
}

#[test]
fn every_neighbour_fixture_is_unclassified_and_names_its_family() {
    let records = classify_neighbours();
    assert!(records.len() >= 8, "{} fixtures", records.len());
    let mut families = Vec::new();
    for record in &records {
        let file = file_name(record);
        let family = file.split('-').next().unwrap();
        assert_eq!(record["role"], "unclassified", "{file}: {record}");
        assert_eq!(record["neighbour"], family, "{file}: {record}");
        // The family is named by the posting's own evidence.
        assert!(
            record["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["role"] == "other" && e["neighbour"] == family),
            "{file}: {record}"
        );
        families.push(family.to_string());
    }
    families.dedup();
    assert_eq!(families.len(), records.len(), "one fixture per family");
}

#[test]
fn neighbour_fixtures_snapshot() {
    let mut out = String::new();
    for record in classify_neighbours() {
        let terms: Vec<String> = record["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let family = e["neighbour"]
                    .as_str()
                    .map_or(String::new(), |n| format!("/{n}"));
                format!(
                    "{}{family}: {}",
                    e["role"].as_str().unwrap(),
                    e["text"].as_str().unwrap()
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "{} -> {} ({}), confidence {}\n    {}",
            file_name(&record),
            record["role"].as_str().unwrap(),
            record["neighbour"].as_str().unwrap_or("-"),
            record["confidence"],
            terms.join("; ")
        );
    }
    insta::assert_snapshot!("neighbour_fixtures", out);
}

#[test]
fn the_summary_counts_unclassified_postings_per_family() {
    let out = rolecall()
        .args(["classify", "--summary", "--format", "jsonl"])
        .arg(fixtures().join("neighbours"))
        .output()
        .unwrap();
    let err = stderr(&out);
    for family in rolecall::Neighbour::ALL.map(|n| n.id()) {
        let line = err
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("reads as {family} ")))
            .unwrap_or_else(|| panic!("no line for {family} in\n{err}"));
        assert!(line.trim_end().ends_with(" 1"), "{line}");
    }
}

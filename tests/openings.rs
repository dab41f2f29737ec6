//! Posts that hire for several roles list each opening in `roles`, with its
//! role, its part of the text and its own evidence; every other posting has
//! one entry, the whole text with the posting's label.

mod common;

use std::fmt::Write as _;

use common::classify_fixtures;
use serde_json::Value;

fn classify(folder: &str) -> Vec<Value> {
    classify_fixtures(folder, 3)
}

fn text_of(record: &Value) -> String {
    std::fs::read_to_string(record["path"].as_str().unwrap()).unwrap()
}

#[test]
fn each_opening_has_its_own_role_span_and_evidence() {
    let records = classify("openings");
    let counts: Vec<usize> = records
        .iter()
        .map(|r| r["roles"].as_array().unwrap().len())
        .collect();
    assert_eq!(counts, [3, 2], "three-openings.md, two-openings.txt");
    for record in &records {
        let text = text_of(record);
        let roles = record["roles"].as_array().unwrap();
        let mut seen = Vec::new();
        let mut previous_end = 0;
        for opening in roles {
            let (start, end) = (
                opening["start"].as_u64().unwrap() as usize,
                opening["end"].as_u64().unwrap() as usize,
            );
            assert!(previous_end <= start && start < end && end <= text.len());
            previous_end = end;
            seen.push(opening["role"].as_str().unwrap().to_string());
            // Each opening's evidence lies in its own part of the text.
            let evidence = opening["evidence"].as_array().unwrap();
            assert!(!evidence.is_empty());
            for e in evidence {
                let (s, t) = (
                    e["start"].as_u64().unwrap() as usize,
                    e["end"].as_u64().unwrap() as usize,
                );
                assert!(start <= s && t <= end, "{e} outside {start}..{end}");
                assert_eq!(&text[s..t], e["text"].as_str().unwrap());
            }
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), roles.len(), "distinct roles: {seen:?}");
        // `role` stays the best single label.
        assert_ne!(record["role"], "unclassified");
    }
}

#[test]
fn every_single_opening_fixture_has_one_entry_the_whole_text() {
    for folder in ["postings", "neighbours"] {
        for record in classify(folder) {
            let roles = record["roles"].as_array().unwrap();
            assert_eq!(roles.len(), 1, "{}", record["path"]);
            let only = &roles[0];
            assert_eq!(only["role"], record["role"]);
            assert_eq!(only["start"], 0);
            // A .txt file is all text (others have a title or fields around it).
            let path = record["path"].as_str().unwrap();
            if path.ends_with(".txt") {
                assert_eq!(
                    only["end"].as_u64().unwrap() as usize,
                    text_of(&record).len()
                );
            }
            assert_eq!(only["evidence"], record["evidence"]);
        }
    }
}

#[test]
fn openings_snapshot() {
    let mut out = String::new();
    for record in classify("openings") {
        let text = text_of(&record);
        let path = record["path"].as_str().unwrap();
        let _ = writeln!(
            out,
            "{} -> {}",
            path.rsplit(['/', '\\']).next().unwrap(),
            record["role"].as_str().unwrap()
        );
        for opening in record["roles"].as_array().unwrap() {
            let (start, end) = (
                opening["start"].as_u64().unwrap() as usize,
                opening["end"].as_u64().unwrap() as usize,
            );
            let heading = text[start..end].lines().next().unwrap_or("");
            let terms: Vec<&str> = opening["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["text"].as_str().unwrap())
                .collect();
            let _ = writeln!(
                out,
                "  {} {start}..{end} {heading:?}\n    {}",
                opening["role"].as_str().unwrap(),
                terms.join("; ")
            );
        }
    }
    insta::assert_snapshot!(out);
}

/// A title broken over two lines ends on the line of the next title: it heads
/// no opening (it once made an opening end before it started, a panic).
#[test]
fn a_title_broken_over_two_lines_is_no_heading() {
    let text = "Technical Program\nManager / Engineering Manager\nLead a team of engineers and grow them.\n";
    let c = rolecall::Classifier::default().classify(None, text);
    let roles: Vec<_> = c.roles().collect();
    assert_eq!(roles.len(), 1);
    assert_eq!((roles[0].start, roles[0].end), (0, text.len()));
}

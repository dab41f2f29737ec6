//! A small, fixed lexicon for tests whose output must not change when the
//! bundled lexicons are tuned (snapshots, exact counts). Use with `--lexicons`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

const FILES: &[(&str, &str)] = &[
    (
        "product_manager.json",
        r#"{"role": "product_manager", "terms": [
  {"term": "product manager", "variants": ["product managers"], "weight": 8, "category": "title"},
  {"term": "roadmap", "weight": 2, "category": "deliverable"},
  {"term": "customer discovery", "weight": 2, "category": "responsibility"}
]}"#,
    ),
    (
        "technical_product_manager.json",
        r#"{"role": "technical_product_manager", "terms": [
  {"term": "technical product manager", "weight": 9, "category": "title"},
  {"term": "api", "variants": ["apis"], "weight": 2, "category": "domain"},
  {"term": "sdk", "weight": 2, "category": "domain"}
]}"#,
    ),
    (
        "technology_manager.json",
        r#"{"role": "technology_manager", "terms": [
  {"term": "engineering manager", "weight": 8, "category": "title"},
  {"term": "one-on-ones", "weight": 2, "category": "responsibility"},
  {"term": "hiring", "weight": 1, "category": "responsibility"},
  {"term": "direct reports", "weight": 4, "category": "people"}
]}"#,
    ),
    (
        "technical_program_manager.json",
        r#"{"role": "technical_program_manager", "terms": [
  {"term": "technical program manager", "weight": 9, "category": "title"},
  {"term": "dependencies", "weight": 1.5, "category": "responsibility"},
  {"term": "milestones", "weight": 1.5, "category": "deliverable"}
]}"#,
    ),
    (
        "other.json",
        r#"{"role": "other", "terms": [
  {"term": "product marketing manager", "weight": 10, "category": "title"},
  {"term": "line cook", "weight": 8, "category": "title"}
]}"#,
    ),
];

/// Writes the test lexicon into `dir/name` and returns that folder.
pub fn write(dir: &Path, name: &str) -> PathBuf {
    let lex = dir.join(name);
    std::fs::create_dir_all(&lex).unwrap();
    for (file, text) in FILES {
        std::fs::write(lex.join(file), text).unwrap();
    }
    lex
}

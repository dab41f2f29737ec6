//! The body decides: postings whose titles understate the role are named by
//! what the text says the job is, and every output says what the title alone
//! and the text alone support.

mod common;

use common::{fixtures, rolecall, run_with_stdin, stderr, stdout};
use serde_json::Value;

/// `(file, role, title_role, content_role)` for the fixtures in `fixtures/content`.
const EXPECTED: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    (
        "api-platform-product-manager.json",
        "technical_product_manager",
        Some("product_manager"),
        Some("technical_product_manager"),
    ),
    (
        "cloud-infrastructure-program-manager.json",
        "technical_program_manager",
        None,
        Some("technical_program_manager"),
    ),
    (
        "payments-manager.json",
        "technology_manager",
        None,
        Some("technology_manager"),
    ),
];

fn jsonl_records(out: &std::process::Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn titles_that_understate_the_role_are_read_by_their_body() {
    let dir = fixtures().join("content");
    let out = rolecall()
        .args(["classify", "--format", "jsonl"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let records = jsonl_records(&out);
    assert_eq!(records.len(), EXPECTED.len());
    for (record, (file, role, title_role, content_role)) in records.iter().zip(EXPECTED) {
        assert!(record["path"].as_str().unwrap().ends_with(file), "{record}");
        assert_eq!(record["role"], *role, "{file}: {record}");
        assert_eq!(record["title_role"].as_str(), *title_role, "{file}");
        assert_eq!(record["content_role"].as_str(), *content_role, "{file}");
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let posting: Value = serde_json::from_str(&text).unwrap();
        for e in record["evidence"].as_array().unwrap() {
            let body = posting[if e["field"] == "title" {
                "title"
            } else {
                "description"
            }]
            .as_str()
            .unwrap();
            let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            assert_eq!(&body[start as usize..end as usize], e["text"], "{file}");
        }
    }
}

#[test]
fn csv_columns_and_summary_report_title_and_content_roles() {
    let dir = fixtures().join("content");
    let mut csv = csv::Writer::from_writer(Vec::new());
    csv.write_record(["title", "description"]).unwrap();
    for (file, ..) in EXPECTED {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let posting: Value = serde_json::from_str(&text).unwrap();
        csv.write_record([
            posting["title"].as_str().unwrap(),
            posting["description"].as_str().unwrap(),
        ])
        .unwrap();
    }
    let mut cmd = rolecall();
    cmd.args(["csv", "--summary"]);
    let out = run_with_stdin(cmd, csv.into_inner().unwrap());
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (title_role, content_role) = (column("title_role"), column("content_role"));
    assert_eq!(title_role + 1, content_role);
    assert_eq!(column("runner_up") + 1, title_role);
    for (row, (_, role, title, content)) in reader.records().zip(EXPECTED) {
        let row = row.unwrap();
        assert_eq!(&row[column("role")], *role);
        assert_eq!(&row[title_role], title.unwrap_or(""));
        assert_eq!(&row[content_role], content.unwrap_or(""));
    }
    // Only the first posting's title supports a role its text contradicts.
    let err = stderr(&out);
    let shift = err
        .lines()
        .find(|l| l.contains("product_manager -> technical_product_manager"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(shift.trim_end().ends_with(" 1"), "{shift}");
    assert_eq!(err.matches(" -> ").count(), 2, "{err}");
}

/// The `rolecall` record of one posting read through `rolecall jsonl`.
fn classify_one(title: Option<&str>, description: &str) -> Value {
    let mut posting = serde_json::json!({ "description": description });
    if let Some(title) = title {
        posting["title"] = title.into();
    }
    let mut cmd = rolecall();
    cmd.args(["jsonl", "--evidence", "100"]);
    let out = run_with_stdin(cmd, format!("{posting}\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    jsonl_records(&out).remove(0)["rolecall"].take()
}

#[test]
fn a_qualified_title_with_a_contradicting_body_loses() {
    // Titled technical program manager, but the job is running events.
    let record = classify_one(
        Some("Technical Program Manager"),
        "Plan and run our customer events and marketing programs: venues, catering, sponsors \
         and event budgets. Coordinate marketing campaigns, brand activations and \
         communications with agencies, and report attendance and customer satisfaction after \
         each event.",
    );
    assert_eq!(
        record["title_role"], "technical_program_manager",
        "{record}"
    );
    assert_ne!(
        record["content_role"], "technical_program_manager",
        "{record}"
    );
}

#[test]
fn technical_depth_words_name_no_product_job() {
    // An engineering manager's body: system design, distributed systems and
    // trade-offs say how technical the job is, not that it is a product job.
    let record = classify_one(
        None,
        "Manage a team of eight engineers: run one-on-ones and performance reviews, mentor \
         engineers and hire for the team. \
         Own the technology roadmap. You have a technical background and technical depth in \
         system design and distributed systems, make technical trade-offs on latency, and \
         review technical specifications.",
    );
    assert_eq!(record["role"], "technology_manager", "{record}");
    assert_eq!(
        record["scores"]["technical_product_manager"], 0.0,
        "{record}"
    );
}

#[test]
fn managing_a_team_that_is_not_engineers_is_not_technology_management() {
    let support = "Lead our customer support team: run one-on-ones with your direct reports, \
        write performance reviews, coach and mentor agents, hire and retain great people and \
        own the support team's headcount and career development.";
    let record = classify_one(None, support);
    assert_eq!(record["role"], "unclassified", "{record}");
    assert_eq!(record["scores"]["technology_manager"], 0.0, "{record}");
    // The same management of engineers who build the platform's APIs and
    // infrastructure is a technology manager's job.
    let engineers = support
        .replace("customer support team", "team of software engineers")
        .replace("agents", "engineers")
        + " You set the technical direction for our APIs, distributed systems and infrastructure.";
    let record = classify_one(None, &engineers);
    assert_eq!(record["role"], "technology_manager", "{record}");
    let people: Vec<&Value> = record["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["category"] == "people")
        .collect();
    assert!(!people.is_empty(), "{record}");
}

#[test]
fn short_postings_under_a_technology_function_title_are_technology_managers() {
    for (title, body) in [
        (
            "Manager, Cloud Platform",
            "You will run the team that keeps our cloud platform up: six engineers, their \
             hiring and growth, the on-call rota and the platform budget.",
        ),
        (
            "Network Operations Manager",
            "Lead our network operations center and its engineers. Own uptime, incident \
             management, vendors and the network roadmap.",
        ),
        (
            "Data Platform Manager",
            "Manage the data engineering team that builds and runs our data platform; set \
             its priorities and standards and hire engineers.",
        ),
    ] {
        let record = classify_one(Some(title), body);
        assert_eq!(record["role"], "technology_manager", "{title}: {record}");
    }
    // The same words heading another function do not make it one.
    let partnerships = classify_one(
        Some("Manager, Cloud Partnerships"),
        "Own our relationships with cloud resellers and technology partners: partner \
         programs, joint go-to-market plans and co-selling with our account executives.",
    );
    assert_eq!(partnerships["role"], "unclassified", "{partnerships}");
    assert_eq!(partnerships["neighbour"], "sales", "{partnerships}");
}

//! `rolecall classify --report FILE`: the HTML parses, holds every posting,
//! escapes posting text, and references nothing outside itself.

mod common;
mod testlex;

use common::{fixtures, stderr, stdout, Workdir};
use scraper::{Html, Selector};
use serde_json::Value;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Runs `rolecall classify ARGS --report report.html` in `wd`; returns (stdout, report).
fn classify_with_report(wd: &Workdir, args: &[&str]) -> (String, String) {
    let out = wd
        .command()
        .args(["classify", "--format", "jsonl", "--report", "report.html"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{}",
        stderr(&out)
    );
    let html = std::fs::read_to_string(wd.path("report.html")).expect("report written");
    assert!(
        stderr(&out).contains("rolecall: wrote the report of ")
            && stderr(&out).contains("report.html"),
        "{}",
        stderr(&out)
    );
    (stdout(&out), html)
}

/// The posting records embedded in the page.
fn data(doc: &Html) -> Vec<Value> {
    let block = doc
        .select(&sel("script#rolecall-data"))
        .next()
        .expect("data block");
    assert_eq!(block.value().attr("type"), Some("application/json"));
    let text: String = block.text().collect();
    serde_json::from_str::<Value>(&text)
        .expect("data is JSON")
        .as_array()
        .unwrap()
        .clone()
}

fn is_external(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("http:") || u.starts_with("https:") || u.starts_with("//")
}

/// No src/href (or similar) to the network, no stylesheet links, no @import.
fn assert_self_contained(html: &str, doc: &Html) {
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            if matches!(
                name,
                "src" | "href" | "xlink:href" | "action" | "poster" | "data" | "srcset"
            ) {
                assert!(
                    !is_external(value),
                    "external reference {name}={value:?} on <{}>",
                    el.value().name()
                );
            }
        }
    }
    assert_eq!(doc.select(&sel("link")).count(), 0, "no <link> elements");
    assert_eq!(doc.select(&sel("iframe, object, embed, img")).count(), 0);
    let lower = html.to_ascii_lowercase();
    for needle in ["@import", "url(http", "url(//", "src=\"http", "href=\"http"] {
        assert!(!lower.contains(needle), "report contains {needle:?}");
    }
    for script in doc.select(&sel("script")) {
        assert!(script.value().attr("src").is_none(), "external script");
    }
}

#[test]
fn report_parses_holds_every_posting_and_is_self_contained() {
    let wd = Workdir::new();
    let folder = fixtures().join("postings");
    let (out, html) = classify_with_report(&wd, &[folder.to_str().unwrap()]);
    let doc = Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    assert_self_contained(&html, &doc);

    // Normal output is still written, one record per posting.
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let records = data(&doc);
    assert_eq!(records.len(), lines.len());
    assert_eq!(lines.len(), std::fs::read_dir(&folder).unwrap().count());
    for (line, rec) in lines.iter().zip(&records) {
        let path = line["path"].as_str().unwrap();
        assert_eq!(rec["p"], path);
        assert!(html.contains(path), "{path} not in the page");
        assert_eq!(rec["c"], line["confidence"]);
    }

    // Three inline SVG charts (the role map one of them), the table, the two scripts.
    assert_eq!(doc.select(&sel("svg")).count(), 3);
    let map = doc.select(&sel("svg.role-map")).next().unwrap();
    let placed: usize = map.value().attr("data-placed").unwrap().parse().unwrap();
    assert_eq!(doc.select(&sel("svg.role-map a.mark")).count(), placed);
    // A posting is placed when it has duty evidence: its profile is not all zeros.
    let with_profile = lines
        .iter()
        .filter(|l| {
            l["profile"]
                .as_object()
                .is_some_and(|p| p.values().any(|v| v.as_f64().unwrap() > 0.0))
        })
        .count();
    assert_eq!(placed, with_profile);
    for mark in doc.select(&sel("svg.role-map a.mark")) {
        let n: usize = mark.value().attr("href").unwrap()["#open=".len()..]
            .parse()
            .unwrap();
        let label = lines[n - 1]["role"].as_str().unwrap();
        assert!(mark.value().attr("data-tip").unwrap().ends_with(label));
    }
    assert_eq!(doc.select(&sel("table#postings")).count(), 1);
    assert_eq!(doc.select(&sel("script")).count(), 2);
    let split: String = doc.select(&sel("svg")).next().unwrap().text().collect();
    for role in [
        "product_manager",
        "technical_product_manager",
        "technology_manager",
        "technical_program_manager",
        "unclassified",
    ] {
        assert!(split.contains(role), "role split lacks {role}");
    }
    assert!(html.contains("first 20 KB"), "the text cap is stated");
}

#[test]
fn posting_text_cannot_break_out_of_the_page() {
    let wd = Workdir::new();
    let lex = testlex::write(wd.root(), "lex");
    let nasty = "Product Manager </script><script>alert(1)</script> <!-- & &amp; \
                 <img src=\"https://example.com/x.png\"> ]]> \u{2028} roadmap";
    wd.write("in/nasty.txt", nasty);
    wd.write("in/odd <b>name.txt", "Engineering Manager, hiring.");
    let (_, html) = classify_with_report(&wd, &["--lexicons", lex.to_str().unwrap(), "in"]);
    let doc = Html::parse_document(&html);
    assert_self_contained(&html, &doc);
    assert_eq!(doc.select(&sel("script")).count(), 2, "no injected script");
    assert_eq!(doc.select(&sel("img")).count(), 0, "no injected element");
    let records = data(&doc);
    assert_eq!(records.len(), 2);
    let nasty_rec = records
        .iter()
        .find(|r| r["p"].as_str().unwrap().ends_with("nasty.txt"))
        .unwrap();
    // The text round-trips exactly through the segments.
    let text: String = nasty_rec["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| match s {
            Value::String(s) => s.clone(),
            Value::Array(m) => m[1].as_str().unwrap().to_string(),
            other => panic!("unexpected segment {other}"),
        })
        .collect();
    assert_eq!(text, nasty);
    // Highlights: [target index, matched text, tooltip].
    let marks: Vec<&Value> = nasty_rec["x"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s.is_array())
        .collect();
    assert_eq!(marks.len(), 2, "{marks:?}");
    assert_eq!(marks[0][0], 0);
    assert_eq!(marks[0][1], "Product Manager");
    assert!(marks[0][2].as_str().unwrap().contains("product_manager"));
    // Raw markup from the posting never appears unescaped.
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<b>name"));
}

#[test]
fn long_text_is_capped_and_errors_are_listed() {
    let wd = Workdir::new();
    let lex = testlex::write(wd.root(), "lex");
    let long = format!(
        "Technical Program Manager. {}",
        "milestones é ".repeat(5000)
    );
    wd.write("in/long.txt", &long);
    wd.write("in/binary.txt", b"abc\0def");
    let (_, html) = classify_with_report(&wd, &["--lexicons", lex.to_str().unwrap(), "in"]);
    let records = data(&Html::parse_document(&html));
    let long_rec = records
        .iter()
        .find(|r| r["p"].as_str().unwrap().ends_with("long.txt"))
        .unwrap();
    assert_eq!(long_rec["k"], long.len());
    let stored: usize = long_rec["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| match s {
            Value::String(s) => s.len(),
            Value::Array(m) => m[1].as_str().unwrap().len(),
            _ => 0,
        })
        .sum();
    assert!(stored <= 20 * 1024 && stored > 19 * 1024, "{stored}");
    let bad = records
        .iter()
        .find(|r| r["p"].as_str().unwrap().ends_with("binary.txt"))
        .unwrap();
    assert_eq!(bad["r"], 5);
    assert!(bad["e"].as_str().unwrap().contains("binary"));
    assert!(html.contains("<b>1</b> error"));
}

#[test]
fn many_postings_make_a_compact_report() {
    let wd = Workdir::new();
    let lex = testlex::write(wd.root(), "lex");
    let n = 2000;
    for i in 0..n {
        let text = match i % 4 {
            0 => "Product Manager: roadmap and customer discovery.",
            1 => "Engineering Manager: one-on-ones and hiring.",
            2 => "Technical Program Manager: milestones and dependencies.",
            _ => "Line cook wanted.",
        };
        wd.write(&format!("in/{:02}/p{i:05}.txt", i / 100), text);
    }
    let (_, html) = classify_with_report(&wd, &["--lexicons", lex.to_str().unwrap(), "in"]);
    assert!(html.len() < 1_500 * n, "report is {} bytes", html.len());
    let doc = Html::parse_document(&html);
    let records = data(&doc);
    assert_eq!(records.len(), n);
    // The table body is rendered by the script, a page at a time: not in the file.
    assert_eq!(doc.select(&sel("#postings tbody tr")).count(), 0);
    let split: String = doc.select(&sel("svg")).next().unwrap().text().collect();
    assert!(split.contains("500 · 25.0%"), "{split}");
}

/// 17 MB of posting text is more than the report stores (16 MB): the
/// postings past the budget are listed without their text, and the page says so.
#[test]
fn a_report_past_its_text_budget_lists_the_rest_without_text() {
    let wd = Workdir::new();
    let lex = testlex::write(wd.root(), "lex");
    let n = 850;
    let body = format!(
        "Product Manager: the roadmap. {}",
        "customer notes ".repeat(1360)
    );
    assert!(body.len() > 20_000 && body.len() <= 20 * 1024);
    for i in 0..n {
        wd.write(&format!("in/{:02}/p{i:04}.txt", i / 100), &body);
    }
    let (out, html) = classify_with_report(&wd, &["--lexicons", lex.to_str().unwrap(), "in"]);
    assert_eq!(out.lines().count(), n, "every posting is in the output");
    assert!(html.len() < 18 << 20, "report is {} bytes", html.len());
    let doc = Html::parse_document(&html);
    let records = data(&doc);
    assert_eq!(records.len(), n, "every posting is in the report");
    let kept = records.iter().take_while(|r| r.get("x").is_some()).count();
    assert!((700..n).contains(&kept), "{kept} texts stored");
    for r in &records[kept..] {
        assert_eq!(r["n"], 1);
        assert!(r.get("x").is_none());
        assert_eq!(r["r"], 0, "label, scores and evidence are kept");
        assert!(r["s"][0].as_f64().unwrap() > 0.0);
    }
    let note: String = doc.select(&sel("#capped")).next().unwrap().text().collect();
    let expected = format!(
        "at most 16 MB of posting text, which the first {kept} postings filled: the other {} are",
        n - kept
    );
    assert!(note.contains(&expected), "{note}");
}

#[test]
fn an_unwritable_report_path_fails_before_classifying() {
    let wd = Workdir::new();
    let out = wd
        .command()
        .args(["classify", "--report", "no/such/dir/report.html"])
        .arg(fixtures().join("postings"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("no/such/dir/report.html"));
    assert!(!wd.path("no").exists());
}

#[test]
fn the_report_counts_title_and_content_disagreements() {
    let wd = Workdir::new();
    let (stdout, html) = classify_with_report(&wd, &[fixtures().join("content").to_str().unwrap()]);
    let doc = Html::parse_document(&html);
    let records = data(&doc);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let index = |v: &Value| {
        v.as_str()
            .map(|id| rolecall::Role::from_id(id).unwrap().index())
    };
    let mut shifts = 0;
    for (record, line) in records.iter().zip(&lines) {
        assert_eq!(
            record["a"].as_u64().map(|a| a as usize),
            index(&line["title_role"])
        );
        assert_eq!(
            record["b"].as_u64().map(|b| b as usize),
            index(&line["content_role"])
        );
        if !line["title_role"].is_null() && line["title_role"] != line["content_role"] {
            shifts += 1;
        }
    }
    assert!(
        shifts > 0,
        "the fixtures hold a title the content contradicts"
    );
    let rows: Vec<Vec<String>> = doc
        .select(&sel("table#shifts tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| td.text().collect())
                .collect()
        })
        .collect();
    assert_eq!(
        rows,
        [[
            "product_manager",
            "technical_product_manager",
            &shifts.to_string()
        ]]
    );
}

#[test]
fn the_report_counts_unclassified_postings_per_neighbouring_family() {
    let wd = Workdir::new();
    let neighbours = fixtures().join("neighbours");
    let postings = fixtures().join("postings");
    let (stdout, html) = classify_with_report(
        &wd,
        &[neighbours.to_str().unwrap(), postings.to_str().unwrap()],
    );
    let mut expected = std::collections::BTreeMap::<String, u64>::new();
    for line in stdout.lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        if let Some(family) = record["neighbour"].as_str() {
            *expected.entry(family.to_string()).or_default() += 1;
        }
    }
    assert!(expected.len() >= 8, "{expected:?}");
    let doc = Html::parse_document(&html);
    let rows: std::collections::BTreeMap<String, u64> = doc
        .select(&sel("table#neighbours tbody tr"))
        .map(|tr| {
            let cells: Vec<String> = tr
                .select(&sel("td"))
                .map(|td| td.text().collect())
                .collect();
            (cells[0].clone(), cells[1].parse().unwrap())
        })
        .collect();
    assert_eq!(rows, expected);
}

//! Property tests (proptest) for the classifier and the two streaming readers.
//!
//! Inputs are arbitrary Unicode, arbitrary bytes decoded lossily, and noise
//! mixed with real lexicon vocabulary (so evidence spans are exercised, not
//! just empty results). Nothing here depends on what a particular text is
//! classified as, only on invariants that hold for any lexicon:
//!
//! - every evidence span is `start < end <= len` of its field, on char
//!   boundaries, and `field[start..end]` is the reported text;
//! - scores are finite and non-negative, confidence is in `[0, 1]`; the
//!   profile's values are in `[0, 1]`, with 4 decimals, and add up to 1 (all 0
//!   without duty evidence);
//! - the named role tops the scores and `runner_up` is the best of the rest;
//!   scores, confidence and contributions have at most 4 decimals; each
//!   evidence span is listed once;
//! - classification is a pure function of its input, whatever was classified
//!   before on the same thread and whatever the rayon pool size;
//! - leading or trailing whitespace never changes the result, nor does
//!   re-spacing a text with other runs of (Unicode) spaces and tabs;
//! - `classify_csv` and `classify_jsonl` write one output record per input
//!   record, in order, with the input columns (fields, object members) unchanged.
//!
//! Case counts are bounded (`CASES`) so the suite stays fast in CI; raise them
//! locally with `PROPTEST_CASES=5000 cargo test --test properties`.

use std::sync::OnceLock;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use rayon::prelude::*;
use serde_json::{Map, Value};

use rolecall::io::csv_stream::{classify_csv, Column, CsvOptions, RowIssue};
use rolecall::io::jsonl_stream::{classify_jsonl, JsonlOptions};
use rolecall::io::record::{result_columns, EvidenceFormat};
use rolecall::{Classification, Classifier, Field, Lexicon, Options, Role};

/// Default case count per property (overridden by `PROPTEST_CASES`).
const CASES: u32 = 128;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES);
    ProptestConfig {
        cases,
        // Shrinking a failure is useful, but must not run for minutes in CI.
        max_shrink_iters: 2048,
        // Failures found become explicit `regression_*` tests instead of seed files.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The embedded lexicons with default options (top 5 evidence items).
fn classifier() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(Classifier::default)
}

/// The embedded lexicons keeping every match as evidence, so every span is checked.
fn all_evidence() -> &'static Classifier {
    static C: OnceLock<Classifier> = OnceLock::new();
    C.get_or_init(|| {
        Classifier::new(
            Lexicon::embedded(),
            Options {
                evidence: usize::MAX,
                ..Options::default()
            },
        )
    })
}

/// Every literal spelling of the embedded lexicons.
fn vocabulary() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        Lexicon::embedded()
            .literals()
            .into_iter()
            .map(str::to_string)
            .collect()
    })
}

/// `max_bytes` values tried, and a classifier for each (built once).
const CUTS: [usize; 8] = [0, 1, 2, 3, 7, 16, 33, 64];

fn cut_classifier(i: usize) -> (usize, &'static Classifier) {
    static C: OnceLock<Vec<Classifier>> = OnceLock::new();
    let all = C.get_or_init(|| {
        CUTS.iter()
            .map(|&max_bytes| {
                Classifier::new(
                    all_evidence().lexicon().clone(),
                    Options {
                        max_bytes,
                        evidence: usize::MAX,
                        ..Options::default()
                    },
                )
            })
            .collect()
    });
    (CUTS[i], &all[i])
}

fn pool(threads: usize) -> &'static rayon::ThreadPool {
    static POOLS: OnceLock<[rayon::ThreadPool; 2]> = OnceLock::new();
    let pools = POOLS.get_or_init(|| {
        [1, 4].map(|n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .expect("thread pool")
        })
    });
    &pools[usize::from(threads != 1)]
}

// ---------------------------------------------------------------------------
/// Arbitrary Unicode.
fn any_string() -> impl Strategy<Value = String> {
    any::<String>()
}

/// Arbitrary bytes.
fn any_bytes(len: std::ops::Range<usize>) -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), len)
}

// ---------------------------------------------------------------------------
// Generators

/// A lexicon term with random ASCII letter case (matching is ASCII case-insensitive).
fn term() -> impl Strategy<Value = String> {
    let n = vocabulary().len();
    (0..n, vec(any::<bool>(), 0..64)).prop_map(|(i, upper)| {
        vocabulary()[i]
            .chars()
            .zip(upper.into_iter().chain(std::iter::repeat(false)))
            .map(|(c, u)| if u { c.to_ascii_uppercase() } else { c })
            .collect()
    })
}

/// Short pieces of text that sit next to terms: separators, glue, cue words.
fn joiner() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" ".to_string()),
        Just(", ".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("".to_string()),
        Just("_".to_string()),
        Just("-".to_string()),
        Just("é".to_string()),
        Just("\u{301}".to_string()),
        Just(" — ".to_string()),
        Just(" we are hiring a ".to_string()),
        Just(" work with ".to_string()),
        Just(" the role of ".to_string()),
        Just(" as our senior ".to_string()),
        Just("\u{FFFD}".to_string()),
        Just("🙂".to_string()),
        // Regex entries have no literal; the documented one is the case-sensitive `TPM`.
        Just(" TPM ".to_string()),
        Just(" TPMs, ".to_string()),
        // Sentence and line breaks that bound the context window before a title.
        Just(": ".to_string()),
        Just("; ".to_string()),
        Just(" | ".to_string()),
        Just(" (".to_string()),
        Just("! ".to_string()),
        Just("? ".to_string()),
        Just("\n* ".to_string()),
        "[a-zA-Z0-9 ]{0,12}",
    ]
}

/// Noise mixed with lexicon vocabulary.
fn mixed_text() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            4 => term(),
            3 => joiner(),
            1 => any_string(),
            1 => lossy_bytes(16),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

/// Arbitrary bytes, decoded lossily (as the readers do with invalid UTF-8).
fn lossy_bytes(max: usize) -> impl Strategy<Value = String> {
    any_bytes(0..max).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// Any kind of text: arbitrary Unicode, arbitrary bytes, or vocabulary with noise.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any_string(),
        1 => lossy_bytes(512),
        3 => mixed_text(),
    ]
}

fn any_title() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        1 => Just(None),
        1 => any_string().prop_map(Some),
        2 => mixed_text().prop_map(Some),
    ]
}

/// Whitespace, ASCII and Unicode.
fn whitespace() -> impl Strategy<Value = String> {
    vec(
        prop::sample::select(vec![
            ' ', '\t', '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{A0}', '\u{2003}', '\u{2028}',
            '\u{3000}',
        ]),
        1..8,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// Runs of horizontal whitespace that may stand for a space.
fn gap() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        " ",
        "  ",
        "\t",
        "\u{A0}",
        " \u{2009} ",
        "\u{3000}",
        "\u{202F}\u{A0}",
    ])
}

// ---------------------------------------------------------------------------
// Invariants of one classification

fn check(c: &Classifier, title: Option<&str>, text: &str) -> Result<Classification, TestCaseError> {
    let r = c.classify(title, text);
    for (i, s) in r.scores.iter().enumerate() {
        prop_assert!(s.is_finite() && *s >= 0.0, "score {} is {}", i, s);
    }
    let profile = r.profile.values();
    for v in profile {
        prop_assert!((0.0..=1.0).contains(&v), "profile {:?}", profile);
        prop_assert_eq!(
            (v * 10_000.0).round() / 10_000.0,
            v,
            "profile {:?}",
            profile
        );
    }
    let sum: f64 = profile.iter().sum();
    prop_assert!(
        sum == 0.0 || (sum - 1.0).abs() <= 0.0003,
        "profile {:?} adds up to {}",
        profile,
        sum
    );
    prop_assert!(
        r.other_score.is_finite() && r.other_score >= 0.0,
        "other score {}",
        r.other_score
    );
    prop_assert!(
        (0.0..=1.0).contains(&r.confidence),
        "confidence {}",
        r.confidence
    );
    prop_assert!(r.evidence.len() <= c.options().evidence);
    prop_assert!((0.0..=1.0).contains(&r.technical_share), "{:?}", r);
    prop_assert!(r.technical_score.is_finite() && r.technical_score >= 0.0);
    if let Some(role) = r.role {
        // The family decides (product manager + technical product manager
        // count together); technical depth picks the role within it.
        let top = r.family_score(role);
        prop_assert!(top >= c.options().min_score, "{:?} below min score", r);
        prop_assert!(
            Role::ALL.iter().all(|&o| r.family_score(o) <= top),
            "{:?}",
            r
        );
        prop_assert!(top > r.other_score, "{:?}", r);
        prop_assert!(r.runner_up != Some(role), "{:?}", r);
        match role {
            Role::ProductManager => prop_assert!(r.technical_share < 0.5, "{:?}", r),
            Role::TechnicalProductManager => prop_assert!(r.technical_share >= 0.5, "{:?}", r),
            Role::TechnicalProgramManager => {
                prop_assert!(r.technical_score >= c.options().program_depth, "{:?}", r)
            }
            Role::TechnologyManager => {}
        }
    }
    // Every field says what it means: the named role tops the scores, the
    // runner-up is the best of the rest, numbers have at most 4 decimals.
    let score = |role: Role| r.scores[role.index()];
    if let Some(role) = r.role {
        prop_assert!(
            Role::ALL.iter().all(|&o| score(o) <= score(role)),
            "named {:?} does not top {:?}",
            role,
            r.scores
        );
    }
    let rest = Role::ALL.into_iter().filter(|&o| Some(o) != r.role);
    match r.runner_up {
        Some(up) => {
            prop_assert!(score(up) > 0.0, "{:?}", r);
            prop_assert!(rest.clone().all(|o| score(o) <= score(up)), "{:?}", r);
        }
        None => prop_assert!(rest.clone().all(|o| score(o) == 0.0), "{:?}", r),
    }
    let four_decimals = |x: f64| ((x * 10_000.0).round() / 10_000.0 - x).abs() < 1e-9;
    for x in r
        .scores
        .iter()
        .chain([&r.other_score, &r.technical_score, &r.confidence])
    {
        prop_assert!(four_decimals(*x), "{} has more than 4 decimals: {:?}", x, r);
    }
    for (i, e) in r.evidence.iter().enumerate() {
        prop_assert!(four_decimals(e.contribution), "{:?}", e);
        prop_assert!(
            r.evidence[..i]
                .iter()
                .all(|p| (p.field, p.start, p.end) != (e.field, e.start, e.end)),
            "span listed twice: {:?}",
            r.evidence
        );
    }
    for pair in r.evidence.windows(2) {
        prop_assert!(pair[0].contribution >= pair[1].contribution, "{:?}", r);
    }
    for e in &r.evidence {
        let body = match e.field {
            Field::Title => match title {
                Some(t) => t,
                None => return Err(TestCaseError::fail(format!("title evidence {e:?}"))),
            },
            Field::Text => text,
        };
        prop_assert!(
            e.start < e.end && e.end <= body.len(),
            "span {}..{} in a field of {} bytes",
            e.start,
            e.end,
            body.len()
        );
        prop_assert!(
            body.is_char_boundary(e.start) && body.is_char_boundary(e.end),
            "span {}..{} not on char boundaries",
            e.start,
            e.end
        );
        prop_assert_eq!(&body[e.start..e.end], e.text.as_str());
        prop_assert!(e.weight.is_finite() && e.weight > 0.0, "{:?}", e);
        prop_assert!(
            e.contribution.is_finite() && e.contribution >= 0.0,
            "{:?}",
            e
        );
    }
    Ok(r)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn spans_scores_and_confidence_hold_for_any_text(title in any_title(), text in any_text()) {
        check(classifier(), title.as_deref(), &text)?;
        check(all_evidence(), title.as_deref(), &text)?;
    }

    #[test]
    fn spans_hold_for_arbitrary_bytes_decoded_lossily(
        title in any_bytes(0..64),
        text in any_bytes(0..2048),
    ) {
        let title = String::from_utf8_lossy(&title);
        let text = String::from_utf8_lossy(&text);
        check(all_evidence(), Some(&title), &text)?;
        check(all_evidence(), None, &text)?;
    }

    #[test]
    fn vocabulary_is_found_and_its_spans_are_exact(
        title in any_title(),
        parts in vec((term(), joiner()), 1..30),
    ) {
        let mut text = String::new();
        for (t, j) in &parts {
            text.push(' ');
            text.push_str(t);
            text.push_str(j);
        }
        let r = check(all_evidence(), title.as_deref(), &text)?;
        // Each term is surrounded by a space on the left; the first term is at
        // least followed by something, so unless glued on the right a match exists.
        let glued = |j: &str| j.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !glued(&parts[0].1) {
            prop_assert!(
                r.evidence.iter().any(|e| e.field == Field::Text),
                "no text evidence in {:?}",
                text
            );
        }
    }

    #[test]
    fn top_evidence_is_the_head_of_all_evidence(
        title in any_title(),
        parts in vec((term(), joiner()), 0..40),
    ) {
        let text: String = parts.iter().map(|(t, j)| format!(" {t}{j}")).collect();
        let top = classifier().classify(title.as_deref(), &text);
        let all = all_evidence().classify(title.as_deref(), &text);
        let n = classifier().options().evidence.min(all.evidence.len());
        prop_assert_eq!(&top.evidence[..], &all.evidence[..n]);
        prop_assert_eq!(top.scores, all.scores);
        prop_assert_eq!(top.role, all.role);
    }

    #[test]
    fn classification_is_a_pure_function(
        a_title in any_title(),
        a in any_text(),
        b_title in any_title(),
        b in any_text(),
    ) {
        for c in [classifier(), all_evidence()] {
            let first = c.classify(a_title.as_deref(), &a);
            // Classifying something else in between must leave no trace (thread-local scratch).
            let _ = c.classify(b_title.as_deref(), &b);
            let again = c.classify(a_title.as_deref(), &a);
            prop_assert_eq!(&first, &again);
            // A fresh classifier built from the same lexicon agrees too.
            let fresh = Classifier::new(c.lexicon().clone(), *c.options())
                .with_calibration(c.calibration().clone());
            prop_assert_eq!(&first, &fresh.classify(a_title.as_deref(), &a));
        }
    }

    #[test]
    fn results_do_not_depend_on_the_thread_count(
        inputs in vec((any_title(), any_text()), 1..24),
    ) {
        let c = all_evidence();
        let run = |threads: usize| -> Vec<Classification> {
            pool(threads).install(|| {
                inputs
                    .par_iter()
                    .map(|(title, text)| c.classify(title.as_deref(), text))
                    .collect()
            })
        };
        let sequential: Vec<Classification> = inputs
            .iter()
            .map(|(title, text)| c.classify(title.as_deref(), text))
            .collect();
        prop_assert_eq!(&run(1), &sequential);
        prop_assert_eq!(&run(4), &sequential);
    }

    #[test]
    fn surrounding_whitespace_never_changes_the_result(
        title in any_title(),
        text in any_text(),
        before in whitespace(),
        after in whitespace(),
        title_before in whitespace(),
        title_after in whitespace(),
    ) {
        let c = all_evidence();
        let plain = c.classify(title.as_deref(), &text);
        let padded_text = format!("{before}{text}{after}");
        let padded_title = title.as_ref().map(|t| format!("{title_before}{t}{title_after}"));
        for (t, x) in [
            (title.as_deref(), padded_text.as_str()),
            (padded_title.as_deref(), text.as_str()),
            (padded_title.as_deref(), padded_text.as_str()),
        ] {
            let padded = check(c, t, x)?;
            prop_assert_eq!(padded.role, plain.role, "title {:?} text {:?}", t, x);
            prop_assert_eq!(padded.scores, plain.scores);
            prop_assert_eq!(padded.confidence, plain.confidence);
            prop_assert_eq!(padded.evidence.len(), plain.evidence.len());
        }
    }

    #[test]
    fn respacing_never_changes_the_scores(
        title in any_title(),
        text in mixed_text(),
        runs in vec(gap(), 1..16),
    ) {
        let c = all_evidence();
        let plain = c.classify(title.as_deref(), &text);
        let mut k = 0;
        let respaced: String = text
            .chars()
            .map(|ch| {
                if ch == ' ' {
                    k += 1;
                    runs[k % runs.len()].to_string()
                } else {
                    ch.to_string()
                }
            })
            .collect();
        let got = check(c, title.as_deref(), &respaced)?;
        prop_assert_eq!(got.role, plain.role, "text {:?}", respaced);
        prop_assert_eq!(got.scores, plain.scores);
        prop_assert_eq!(got.other_score, plain.other_score);
        prop_assert_eq!(got.confidence, plain.confidence);
        prop_assert_eq!(got.evidence.len(), plain.evidence.len());
    }

    #[test]
    fn spans_stay_inside_the_scanned_prefix_when_a_text_is_cut(
        title in any_title(),
        text in any_text(),
        which in 0..CUTS.len(),
    ) {
        let (max_bytes, c) = cut_classifier(which);
        let r = check(c, title.as_deref(), &text)?;
        for e in &r.evidence {
            prop_assert!(e.end <= max_bytes, "{:?} beyond max_bytes {}", e, max_bytes);
        }
        match r.truncated_at {
            Some(at) => {
                prop_assert!(text.len() > max_bytes || title.as_ref().is_some_and(|t| t.len() > max_bytes));
                prop_assert!(at <= max_bytes);
            }
            None => prop_assert!(text.len() <= max_bytes),
        }
    }

    #[test]
    fn empty_and_blank_texts_are_unclassified(ws in whitespace(), title_ws in whitespace()) {
        let c = classifier();
        for (title, text) in [(None, ""), (None, ws.as_str()), (Some(title_ws.as_str()), ws.as_str())] {
            let r = check(c, title, text)?;
            prop_assert_eq!(r.label(), "unclassified");
            prop_assert!(r.evidence.is_empty());
            prop_assert_eq!(r.scores, [0.0; 4]);
        }
    }
}

// ---------------------------------------------------------------------------
// CSV streams

const DELIMITERS: &[u8] = b",;\t|";

/// Raw CSV bytes: quotes, delimiters, CR/LF, invalid UTF-8 and vocabulary,
/// in any order (unbalanced quotes and ragged rows included).
fn raw_csv() -> impl Strategy<Value = Vec<u8>> {
    vec(
        prop_oneof![
            6 => prop::sample::select(b"ab ,;\t|\"\"\n\r\n".to_vec()).prop_map(|b| vec![b]),
            1 => prop::sample::select(vec![0xFFu8, 0xC3, 0xA9, 0x80, 0x00]).prop_map(|b| vec![b]),
            2 => term().prop_map(String::into_bytes),
            1 => Just(b"\"\"".to_vec()),
            1 => Just(b"\r\n".to_vec()),
        ],
        0..200,
    )
    .prop_map(|parts| parts.concat())
}

/// One CSV field as bytes.
fn field() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => Just(Vec::new()),
        3 => "[a-z ,;|\t\"\r\n]{0,12}".prop_map(String::into_bytes),
        3 => mixed_text().prop_map(String::into_bytes),
        1 => any_bytes(0..24),
    ]
}

fn records() -> impl Strategy<Value = Vec<Vec<Vec<u8>>>> {
    vec(vec(field(), 1..7), 0..40)
}

fn read_records(input: &[u8], delimiter: u8) -> Vec<csv::ByteRecord> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
        .byte_records()
        .map(|r| r.expect("reading CSV from memory cannot fail"))
        .collect()
}

/// Runs `classify_csv` and checks the output against the input records
/// (`expected`, as the csv crate reads the input).
fn check_csv(
    input: &[u8],
    expected: &[csv::ByteRecord],
    options: &CsvOptions,
) -> Result<(), TestCaseError> {
    // (A leading UTF-8 BOM is skipped by the csv crate when reading `expected`.)
    let c = classifier();
    let mut out = Vec::new();
    let mut issues: Vec<RowIssue> = Vec::new();
    let stats = classify_csv(c, input, &mut out, options, |i| issues.push(i))
        .map_err(|e| TestCaseError::fail(format!("classify_csv failed: {e}")))?;
    prop_assert!(!out.starts_with(b"\xEF\xBB\xBF"), "a BOM is never written");
    let output = read_records(&out, options.delimiter);
    prop_assert_eq!(output.len(), expected.len(), "records in = records out");
    let data_from = usize::from(options.has_headers);
    prop_assert_eq!(
        stats.rows as usize,
        expected.len().saturating_sub(data_from)
    );
    if expected.is_empty() {
        return Ok(());
    }
    let with_evidence = options.evidence.is_some();
    let extra = result_columns(with_evidence);
    let width = expected[0].len();
    let needed: Vec<usize> = options
        .text_columns
        .iter()
        .chain(options.title_column.iter())
        .map(|c| match c {
            Column::Index(i) => *i,
            Column::Name(_) => unreachable!("tests name columns by index"),
        })
        .collect();
    let mut failed_rows = Vec::new();
    for (i, (inp, out)) in expected.iter().zip(&output).enumerate() {
        if options.has_headers && i == 0 {
            let mut header = inp.clone();
            for name in &extra {
                header.push_field(name.as_bytes());
            }
            prop_assert_eq!(out, &header, "header row");
            continue;
        }
        prop_assert_eq!(out.len(), width + extra.len(), "row {} width", i);
        let long = inp.len() > width;
        if long {
            // A long row keeps its extra fields in its last input column.
            for k in 0..width - 1 {
                prop_assert_eq!(&out[k], &inp[k], "record {} field {} unchanged", i, k);
            }
            let rest: Vec<&[u8]> = inp.iter().skip(width - 1).collect();
            let delimiter = [options.delimiter];
            prop_assert_eq!(
                &out[width - 1],
                &rest.join(&delimiter[..])[..],
                "record {}",
                i
            );
        } else {
            for (k, f) in inp.iter().enumerate() {
                prop_assert_eq!(&out[k], f, "record {} field {} unchanged", i, k);
            }
        }
        for k in inp.len()..width {
            prop_assert_eq!(&out[k], b"", "record {} padding {}", i, k);
        }
        let results = &out.iter().collect::<Vec<_>>()[width..];
        let error = results[results.len() - 1];
        let ragged = long || needed.iter().any(|&k| k >= inp.len());
        prop_assert_eq!(!error.is_empty(), ragged, "record {} error {:?}", i, error);
        if ragged {
            failed_rows.push((i + 1 - data_from) as u64);
            prop_assert!(results[..results.len() - 1].iter().all(|f| f.is_empty()));
        } else {
            let label = std::str::from_utf8(results[0]).unwrap();
            prop_assert!(
                label == "unclassified" || Role::from_id(label).is_some(),
                "label {:?}",
                label
            );
        }
    }
    let reported: Vec<u64> = issues.iter().filter(|i| i.failed).map(|i| i.row).collect();
    prop_assert_eq!(&reported, &failed_rows, "failed rows reported in order");
    prop_assert_eq!(stats.failed as usize, failed_rows.len());
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_records_written_by_a_csv_writer_come_out_one_for_one(
        rows in records(),
        delimiter in prop::sample::select(DELIMITERS.to_vec()),
        text_col in 0usize..4,
        title_col in prop::option::of(0usize..4),
        has_headers in any::<bool>(),
        evidence in prop::option::of(prop_oneof![
            Just(EvidenceFormat::Compact),
            Just(EvidenceFormat::Json),
        ]),
    ) {
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_writer(Vec::new());
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let input = w.into_inner().unwrap();
        let expected = read_records(&input, delimiter);
        // The writer's output reads back as exactly the records written.
        prop_assert_eq!(expected.len(), rows.len());
        for (i, (e, r)) in expected.iter().zip(&rows).enumerate() {
            let e: Vec<&[u8]> = e.iter().collect();
            let r: Vec<&[u8]> = r.iter().map(Vec::as_slice).collect();
            if i > 0 || has_headers {
                prop_assert_eq!(e, r);
            }
        }
        let options = CsvOptions {
            delimiter,
            has_headers,
            text_columns: vec![Column::Index(text_col)],
            title_column: title_col.map(Column::Index),
            no_title: false,
            evidence,
            select: Default::default(),
        };
        check_csv(&input, &expected, &options)?;
    }

    #[test]
    fn raw_csv_bytes_come_out_record_for_record(
        input in raw_csv(),
        delimiter in prop::sample::select(DELIMITERS.to_vec()),
        text_cols in vec(0usize..4, 1..3),
        title_col in prop::option::of(0usize..4),
        has_headers in any::<bool>(),
    ) {
        let expected = read_records(&input, delimiter);
        let options = CsvOptions {
            delimiter,
            has_headers,
            text_columns: text_cols.into_iter().map(Column::Index).collect(),
            title_column: title_col.map(Column::Index),
            no_title: false,
            evidence: Some(EvidenceFormat::Compact),
            select: Default::default(),
        };
        check_csv(&input, &expected, &options)?;
    }

    #[test]
    fn csv_output_is_the_same_whatever_the_thread_count(rows in records()) {
        let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        w.write_record(["id", "title", "description"]).unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let input = w.into_inner().unwrap();
        let run = |threads: usize| {
            pool(threads).install(|| {
                let mut out = Vec::new();
                classify_csv(classifier(), &input[..], &mut out, &CsvOptions::default(), |_| {})
                    .unwrap();
                out
            })
        };
        prop_assert_eq!(run(1), run(4));
    }
}

// ---------------------------------------------------------------------------
// JSON Lines streams

/// A JSON value without a `rolecall` member anywhere at the top.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e12f64..1e12).prop_map(Value::from),
        any_string().prop_map(Value::String),
        mixed_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec(("[a-z]{1,6}", inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A posting object: maybe a text and title under default or nested names, plus other members.
fn posting_object() -> impl Strategy<Value = Map<String, Value>> {
    (
        prop::option::of(prop::sample::select(vec![
            "description",
            "Text",
            "body",
            "job_description",
        ])),
        prop::option::of(prop_oneof![
            mixed_text().prop_map(Value::String),
            json_value(),
        ]),
        prop::option::of(mixed_text()),
        vec(("[a-z_]{1,8}", json_value()), 0..4),
    )
        .prop_map(|(text_key, text, title, others)| {
            let mut m = Map::new();
            for (k, v) in others {
                if k != "rolecall" {
                    m.insert(k, v);
                }
            }
            if let (Some(k), Some(v)) = (text_key, text) {
                m.insert(k.to_string(), v);
            }
            if let Some(t) = title {
                m.insert("title".into(), Value::String(t));
            }
            m
        })
}

/// One input line (without its terminator).
fn jsonl_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        5 => posting_object().prop_map(|m| serde_json::to_vec(&m).unwrap()),
        1 => json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        1 => any_string().prop_map(String::into_bytes),
        1 => any_bytes(1..64),
        1 => (mixed_text(), prop::sample::select(vec![r"\x41", r"\u12", r"\q", r"\u00G0"]))
            .prop_map(|(text, bad)| {
                // A string with an invalid escape: not JSON, however lenient the reader.
                let quoted = serde_json::to_string(&text).unwrap();
                format!(r#"{{"id": 1, "description": "{}{bad}"}}"#, &quoted[1..quoted.len() - 1]).into_bytes()
            }),
        1 => posting_object().prop_map(|m| {
            // Truncated JSON.
            let mut b = serde_json::to_vec(&m).unwrap();
            b.truncate(b.len() / 2);
            b
        }),
    ]
    .prop_map(|mut b| {
        b.retain(|&c| c != b'\n');
        b
    })
}

#[derive(Debug, Clone)]
enum Line {
    Record(Vec<u8>),
    Blank(Vec<u8>),
}

fn jsonl_input() -> impl Strategy<Value = (Vec<Line>, Vec<bool>, bool)> {
    (
        vec(
            prop_oneof![
                6 => jsonl_line().prop_map(Line::Record),
                1 => "[ \t\r]{0,4}".prop_map(|s| Line::Blank(s.into_bytes())),
            ],
            0..40,
        ),
        vec(any::<bool>(), 40),
        any::<bool>(),
    )
}

fn trim_line_end(mut b: &[u8]) -> &[u8] {
    while let [rest @ .., b'\r' | b'\n'] = b {
        b = rest;
    }
    b
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn jsonl_lines_come_out_one_for_one_with_members_unchanged(
        (lines, crlf, final_newline) in jsonl_input(),
        text_field in prop::option::of(prop::sample::select(vec!["description", "posting.text", "body"])),
        no_title in any::<bool>(),
    ) {
        let mut input = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let (Line::Record(b) | Line::Blank(b)) = line;
            input.extend_from_slice(b);
            if i + 1 < lines.len() || final_newline {
                input.extend_from_slice(if crlf[i] { b"\r\n" } else { b"\n" });
            }
        }
        // What the reader sees as records: lines that are not blank after the terminator is cut.
        let records: Vec<&[u8]> = input
            .split(|&b| b == b'\n')
            .map(trim_line_end)
            .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
            .collect();
        let options = JsonlOptions {
            text_field: text_field.map(str::to_string),
            title_field: None,
            no_title,
            select: Default::default(),
        };
        let mut out = Vec::new();
        let mut issues = Vec::new();
        let stats = classify_jsonl(classifier(), &input[..], &mut out, &options, |i| issues.push(i))
            .map_err(|e| TestCaseError::fail(format!("classify_jsonl failed: {e}")))?;
        let text = String::from_utf8(out).expect("output is UTF-8");
        prop_assert!(text.is_empty() || text.ends_with('\n'));
        let output: Vec<&str> = text.lines().collect();
        prop_assert_eq!(output.len(), records.len(), "records in = records out");
        prop_assert_eq!(stats.rows as usize, records.len());
        let mut failed = 0;
        for (i, (raw, line)) in records.iter().zip(&output).enumerate() {
            let mut got: Map<String, Value> = match serde_json::from_str(line) {
                Ok(Value::Object(m)) => m,
                other => return Err(TestCaseError::fail(format!("output line {i} is not an object: {other:?}"))),
            };
            let result = got.shift_remove("rolecall");
            let result = result.as_ref().and_then(Value::as_object);
            prop_assert!(result.is_some(), "line {} has no rolecall object", i);
            let result = result.unwrap();
            let decoded = String::from_utf8_lossy(raw);
            match serde_json::from_str::<Value>(&decoded) {
                Ok(Value::Object(original)) => {
                    prop_assert_eq!(&got, &original, "line {} members unchanged", i);
                    let keys: Vec<_> = got.keys().collect();
                    let original_keys: Vec<_> = original.keys().collect();
                    prop_assert_eq!(keys, original_keys, "line {} key order", i);
                }
                _ => {
                    let mut expected = Map::new();
                    expected.insert("input".into(), Value::String(decoded.into_owned()));
                    prop_assert_eq!(&got, &expected, "line {} keeps its input", i);
                    prop_assert!(result.contains_key("error"));
                }
            }
            if let Some(e) = result.get("error") {
                prop_assert!(e.as_str().is_some_and(|s| !s.is_empty()));
                failed += 1;
            } else {
                let role = result["role"].as_str().unwrap_or_default();
                prop_assert!(role == "unclassified" || Role::from_id(role).is_some(), "role {:?}", role);
                let c = result["confidence"].as_f64().unwrap_or(-1.0);
                prop_assert!((0.0..=1.0).contains(&c), "confidence {}", c);
            }
        }
        prop_assert_eq!(stats.failed, failed);
        prop_assert_eq!(issues.iter().filter(|i| i.failed).count() as u64, failed);
    }
}

// ---------------------------------------------------------------------------
// Regressions: inputs found by these properties. Each uses its own small
// lexicon, so that it does not depend on the shipped lexicons.

fn csv_through(input: &[u8], has_headers: bool) -> (Vec<csv::ByteRecord>, Vec<u8>) {
    let options = CsvOptions {
        has_headers,
        text_columns: vec![Column::Index(1)],
        ..CsvOptions::default()
    };
    let mut out = Vec::new();
    classify_csv(&title_classifier(), input, &mut out, &options, |_| {}).unwrap();
    (read_records(input, b','), out)
}

#[test]
fn regression_unterminated_quote_keeps_the_result_columns() {
    for input in [
        &b"id,description\n1,\"never closed\n2,product manager\n"[..],
        b"a\r\n\"",
    ] {
        let (inp, out) = csv_through(input, input.starts_with(b"id"));
        let out = read_records(&out, b',');
        assert_eq!(inp.len(), out.len());
        for (a, b) in inp.iter().zip(&out) {
            // Rows are padded to the first row's width (1 here), then the result columns.
            let results = result_columns(true).len();
            assert_eq!(b.len(), a.len().max(inp[0].len()) + results, "{b:?}");
            for (k, f) in a.iter().enumerate() {
                assert_eq!(&b[k], f);
            }
        }
    }
}

#[test]
fn regression_bom_is_stripped_without_a_header() {
    // (The csv crate itself skips a leading BOM when reading: compare bytes.)
    let (_, out) = csv_through(b"\xEF\xBB\xBF1,product manager\n", false);
    assert!(out.starts_with(b"1,product manager,"), "{out:?}");
}

#[test]
fn regression_jsonl_lone_surrogate_output_is_valid_json() {
    let input = b"{\"id\": 1, \"description\": \"\\ud800 lone surrogate\"}\n";
    let mut out = Vec::new();
    classify_jsonl(
        classifier(),
        &input[..],
        &mut out,
        &JsonlOptions::default(),
        |_| {},
    )
    .unwrap();
    let line = String::from_utf8(out).unwrap();
    let value: Value = serde_json::from_str(line.trim_end()).expect("output line is JSON");
    assert!(value["rolecall"]["error"].is_string(), "{value}");
}

#[test]
fn regression_a_failed_long_literal_hides_a_shorter_one_at_the_same_start() {
    let lexicon = Lexicon::from_sources([(
        "technical_product_manager.json",
        r#"{"role": "technical_product_manager", "terms": [
            {"term": "api", "weight": 2, "category": "domain"},
            {"term": "api platform", "weight": 3, "category": "domain"}]}"#,
    )])
    .expect("valid lexicon");
    let c = Classifier::new(lexicon, Options::default());
    // "api platform" fails its right boundary in "api platforms"; "api" is a whole word.
    let r = check(&c, None, "We build API platforms.").unwrap();
    let found: Vec<&str> = r.evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(found, ["API"]);
}

/// A classifier whose lexicon has one job title and one other term.
fn title_classifier() -> Classifier {
    let lexicon = Lexicon::from_sources([(
        "product_manager.json",
        r#"{"role": "product_manager", "terms": [
            {"term": "product manager", "weight": 8, "category": "title"},
            {"term": "roadmap", "weight": 2, "category": "deliverable"}]}"#,
    )])
    .expect("valid lexicon");
    Classifier::new(lexicon, Options::default())
}

#[test]
fn regression_bullet_before_a_title_mention() {
    let c = title_classifier();
    for text in [
        "•product manager",
        "• Product Manager",
        "Requirements:\n• Product Manager experience",
        "• 5+ years as a product manager",
    ] {
        let r = check(&c, None, text).unwrap();
        assert_eq!(r.evidence[0].text.to_ascii_lowercase(), "product manager");
    }
}

#[test]
fn regression_a_panic_leaves_no_state_behind() {
    let c = title_classifier();
    let text = "roadmap, roadmap and a product manager";
    let clean = c.classify(None, text);
    // Panics today (see above): the first `roadmap` has been counted when the
    // title's context is read, and the count is never reset.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        c.classify(None, "roadmap • product manager")
    }));
    assert_eq!(c.classify(None, text), clean, "same thread, same answer");
}

// Crash inputs found by the fuzz targets (fuzz/fuzz_targets), replayed with
// the same logic as the target.

#[test]
fn regression_fuzz_classify_crash_6ceb9c01() {
    let data = include_bytes!("../fixtures/bad/regressions/fuzz-classify-crash-6ceb9c01");
    let decoded = String::from_utf8_lossy(data);
    let (title, text) = match decoded.split_once('\n') {
        Some((title, text)) if data[0] & 1 == 1 => (Some(title), text),
        _ => (None, &*decoded),
    };
    check(all_evidence(), title, text).unwrap();
}

/// Replays a `csv_stream` fuzz input as fuzz_targets/csv_stream.rs does: the
/// first byte picks the options; records in = records out, input fields
/// unchanged (the csv crate drops a BOM at the very start of its input, and
/// only there, on both sides).
fn replay_csv_stream_fuzz_input(data: &[u8]) {
    let (&knobs, input) = data.split_first().unwrap();
    let delimiter = [b',', b';', b'\t', b'|'][usize::from(knobs & 3)];
    let options = CsvOptions {
        delimiter,
        has_headers: knobs & 4 != 0,
        text_columns: vec![Column::Index(usize::from((knobs >> 3) & 3))],
        title_column: (knobs & 32 != 0).then_some(Column::Index(usize::from(knobs >> 6))),
        no_title: false,
        evidence: Some(EvidenceFormat::Json),
        select: Default::default(),
    };
    assert_csv_passes_through(input, &options);
}

/// `classify_csv` writes no BOM, and its output reads back (csv crate) as the
/// input's records with every input field unchanged.
fn assert_csv_passes_through(input: &[u8], options: &CsvOptions) {
    let mut out = Vec::new();
    classify_csv(classifier(), input, &mut out, options, |_| {}).unwrap();
    assert!(!out.starts_with(b"\xEF\xBB\xBF"), "a BOM is never written");
    let (inp, outp) = (
        read_records(input, options.delimiter),
        read_records(&out, options.delimiter),
    );
    assert_eq!(inp.len(), outp.len());
    let width = inp.first().map_or(0, |r| r.len());
    for (i, (a, b)) in inp.iter().zip(&outp).enumerate() {
        if a.len() > width {
            // A long row keeps its extra fields in its last input column.
            let rest: Vec<&[u8]> = a.iter().skip(width - 1).collect();
            assert_eq!(
                &b[width - 1],
                &rest.join(&options.delimiter)[..],
                "{input:?}"
            );
        }
        let kept = if a.len() > width { width - 1 } else { a.len() };
        for (k, f) in a.iter().enumerate().take(kept) {
            assert_eq!(&b[k], f, "record {i} field {k} of {input:?} unchanged");
        }
    }
}

#[test]
fn regression_fuzz_csv_stream_crash_b1d01e3b() {
    replay_csv_stream_fuzz_input(include_bytes!(
        "../fixtures/bad/regressions/fuzz-csv_stream-crash-b1d01e3b"
    ));
}

#[test]
fn regression_fuzz_csv_stream_bom_bytes_pass_through() {
    // `""` then BOM bytes: they are inside the first field, not a file BOM, and
    // pass through unchanged (the fuzz target wrongly expected them stripped).
    // The second input starts with a real BOM.
    let data =
        include_bytes!("../fixtures/bad/regressions/fuzz-csv_stream-bom-bytes-in-field-e192adfc");
    assert!(!data[1..].starts_with(b"\xEF\xBB\xBF"));
    replay_csv_stream_fuzz_input(data);
    let data = include_bytes!("../fixtures/bad/regressions/fuzz-csv_stream-file-bom-732ecd77");
    assert!(data[1..].starts_with(b"\xEF\xBB\xBF"));
    replay_csv_stream_fuzz_input(data);
}

#[test]
fn regression_fuzz_csv_stream_bom_bytes_after_a_blank_line_are_quoted() {
    // A blank line, then a header starting with BOM bytes: not the file's BOM,
    // so they are data; written first, unquoted, a reader would drop them.
    replay_csv_stream_fuzz_input(include_bytes!(
        "../fixtures/bad/regressions/fuzz-csv_stream-bom-after-blank-line-fea27ea3"
    ));
    let mut out = Vec::new();
    classify_csv(
        classifier(),
        &b"\n\xEF\xBB\xBFid,description\n1,x\n"[..],
        &mut out,
        &CsvOptions::default(),
        |_| {},
    )
    .unwrap();
    assert!(
        out.starts_with(b"\"\xEF\xBB\xBFid\",description,"),
        "{out:?}"
    );
}

#[test]
fn regression_bom_bytes_starting_a_later_record_or_after_the_file_bom_are_kept() {
    // csv-core drops a BOM at the start of its input after every reset; only
    // the file's own BOM may go.
    replay_csv_stream_fuzz_input(include_bytes!(
        "../fixtures/bad/regressions/fuzz-csv_stream-bom-later-record-50afc518"
    ));
    for input in [
        &b"title,text\n\xEF\xBB\xBFProduct Manager,roadmap\n"[..],
        &b"\xEF\xBB\xBF\xEF\xBB\xBFtitle,text\nProduct Manager,roadmap\n"[..],
    ] {
        assert_csv_passes_through(input, &CsvOptions::default());
    }
}

#[test]
fn regression_fuzz_csv_stream_open_quote_with_bom_bytes_is_requoted() {
    // A header whose only field is an open quote followed by BOM bytes: the
    // field is re-encoded, and written bare it would start the output with a BOM.
    replay_csv_stream_fuzz_input(include_bytes!(
        "../fixtures/bad/regressions/fuzz-csv_stream-open-quote-bom-6fa49792"
    ));
    let mut out = Vec::new();
    classify_csv(
        classifier(),
        &b"\"\xEF\xBB\xBF"[..],
        &mut out,
        &CsvOptions {
            text_columns: vec![Column::Index(0)],
            ..CsvOptions::default()
        },
        |_| {},
    )
    .unwrap();
    assert!(out.starts_with(b"\"\xEF\xBB\xBF\","), "{out:?}");
}

#[test]
fn regression_literal_quote_then_open_quote_keeps_the_result_columns() {
    // `a"` holds a literal quote; the second field opens a quote never closed.
    let options = CsvOptions {
        delimiter: b';',
        has_headers: false,
        text_columns: vec![Column::Index(0)],
        ..CsvOptions::default()
    };
    let mut out = Vec::new();
    classify_csv(
        &title_classifier(),
        &b"a\";\""[..],
        &mut out,
        &options,
        |_| {},
    )
    .unwrap();
    let rows = read_records(&out, b';');
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].len(),
        2 + result_columns(true).len(),
        "{:?}",
        rows[0]
    );
    assert_eq!(&rows[0][0], b"a\"");
}

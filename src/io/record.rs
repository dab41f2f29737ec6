//! Output of classification results: the result columns appended to CSV rows,
//! the compact or JSON evidence cell, and CSV field escaping.

use std::fmt::Write as _;

use crate::role::{Neighbour, Role};
use crate::score::{Axis, Classification, Evidence, Field};

/// Names of the result columns appended to every CSV row, in order
/// (`evidence` is left out when no evidence is requested).
pub fn result_columns(with_evidence: bool) -> Vec<String> {
    let mut cols = vec![
        "role".to_string(),
        "confidence".to_string(),
        "runner_up".to_string(),
        "title_role".to_string(),
        "content_role".to_string(),
        "neighbour".to_string(),
    ];
    cols.extend(Role::ALL.iter().map(|r| format!("score_{}", r.id())));
    cols.extend(Axis::ALL.iter().map(|a| format!("profile_{}", a.id())));
    if with_evidence {
        cols.push("evidence".to_string());
    }
    cols.push("error".to_string());
    cols
}

/// How the evidence cell of a CSV row is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum EvidenceFormat {
    /// `term@start-end;term@start-end` (`term@title:start-end` for title
    /// matches): each evidence span once.
    #[default]
    Compact,
    /// A JSON array of evidence objects.
    Json,
}

/// Writes the evidence list in `format` into `out` (cleared first).
pub fn write_evidence(evidence: &[Evidence], format: EvidenceFormat, out: &mut String) {
    out.clear();
    match format {
        EvidenceFormat::Compact => {
            for e in evidence {
                if !out.is_empty() {
                    out.push(';');
                }
                let field = match e.field {
                    Field::Title => "title:",
                    Field::Text => "",
                };
                let _ = write!(out, "{}@{}{}-{}", e.term, field, e.start, e.end);
            }
        }
        EvidenceFormat::Json => {
            out.push_str(&serde_json::to_string(evidence).expect("evidence serialises"));
        }
    }
}

/// Appends the result columns for one row to `out` as CSV, each preceded by
/// `delimiter`: the classification, or empty result cells and `error`.
pub fn write_result(
    out: &mut Vec<u8>,
    delimiter: u8,
    result: Result<&Classification, &str>,
    evidence: Option<EvidenceFormat>,
) {
    let cell = |out: &mut Vec<u8>, bytes: &[u8]| {
        out.push(delimiter);
        push_csv_field(out, bytes, delimiter);
    };
    match result {
        Ok(c) => {
            let mut buf = String::new();
            cell(out, c.label().as_bytes());
            out.push(delimiter);
            push_number(out, c.confidence);
            cell(out, c.runner_up.map_or("", Role::id).as_bytes());
            cell(out, c.title_role.map_or("", Role::id).as_bytes());
            cell(out, c.content_role.map_or("", Role::id).as_bytes());
            cell(out, c.neighbour.map_or("", Neighbour::id).as_bytes());
            for value in c.scores.into_iter().chain(c.profile.values()) {
                out.push(delimiter);
                push_number(out, value);
            }
            if let Some(format) = evidence {
                write_evidence(&c.evidence, format, &mut buf);
                cell(out, buf.as_bytes());
            }
            cell(out, b"");
        }
        Err(error) => {
            let empty = result_columns(evidence.is_some()).len() - 1;
            for _ in 0..empty {
                cell(out, b"");
            }
            cell(out, error.as_bytes());
        }
    }
}

/// Appends `value` as `Display` writes it (`0.25`, `1`, `-0.0625`).
///
/// The result numbers are rounded to 4 decimals: such a value is the double
/// nearest to `n / 10000` for an integer `n`, and its shortest decimal form
/// is `n / 10000` itself, written here with integer formatting (the general
/// float formatter took a few per cent of a run). Any other value goes
/// through `Display`.
fn push_number(out: &mut Vec<u8>, value: f64) {
    let n = (value * 10_000.0).round();
    if n / 10_000.0 != value || n.abs() >= 1e15 || (n == 0.0 && value.is_sign_negative()) {
        let mut buf = String::new();
        let _ = write!(buf, "{value}");
        out.extend_from_slice(buf.as_bytes());
        return;
    }
    let n = n as i64;
    if n < 0 {
        out.push(b'-');
    }
    let (whole, fraction) = (n.unsigned_abs() / 10_000, n.unsigned_abs() % 10_000);
    out.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
    if fraction > 0 {
        let digits = [1000, 100, 10, 1].map(|unit| b'0' + (fraction / unit % 10) as u8);
        let used = 4 - digits.iter().rev().take_while(|&&d| d == b'0').count();
        out.push(b'.');
        out.extend_from_slice(&digits[..used]);
    }
}

/// Appends `field` to `out`, quoted when it holds the delimiter, a quote or a line end.
pub fn push_csv_field(out: &mut Vec<u8>, field: &[u8], delimiter: u8) {
    let needs_quotes = field
        .iter()
        .any(|&b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if needs_quotes {
        push_quoted_field(out, field);
    } else {
        out.extend_from_slice(field);
    }
}

/// Appends `field` in quotes, doubling the quotes inside it.
pub(crate) fn push_quoted_field(out: &mut Vec<u8>, field: &[u8]) {
    out.push(b'"');
    for &b in field {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Classifier;

    fn number(value: f64) -> String {
        let mut out = Vec::new();
        push_number(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for value in [
            0.0,
            -0.0,
            1.0,
            0.5,
            0.0001,
            -0.0625,
            12.3456,
            0.1 + 0.2,
            1e-7,
            3e20,
        ] {
            assert_eq!(number(value), value.to_string(), "{value:e}");
        }
    }

    proptest::proptest! {
        #[test]
        fn rounded_and_other_numbers_match_display(x in -1e6f64..1e6, y in proptest::num::f64::ANY) {
            let rounded = (x * 10_000.0).round() / 10_000.0;
            proptest::prop_assert_eq!(number(rounded), rounded.to_string());
            proptest::prop_assert_eq!(number(y), y.to_string());
        }
    }

    #[test]
    fn compact_evidence_names_term_and_span() {
        let c = Classifier::default();
        let text = "We are hiring an Engineering Manager.";
        let r = c.classify(None, text);
        let mut out = String::new();
        write_evidence(&r.evidence[..1], EvidenceFormat::Compact, &mut out);
        let e = &r.evidence[0];
        assert_eq!(out, format!("{}@{}-{}", e.term, e.start, e.end));
        write_evidence(&r.evidence, EvidenceFormat::Json, &mut out);
        let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(parsed.as_array().unwrap().len(), r.evidence.len());
    }

    #[test]
    fn result_and_error_rows_have_the_same_width() {
        let c = Classifier::default().classify(None, "Engineering Manager, one-on-ones");
        for evidence in [
            None,
            Some(EvidenceFormat::Compact),
            Some(EvidenceFormat::Json),
        ] {
            let parse = |bytes: &[u8]| {
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(bytes);
                r.byte_records().next().unwrap().unwrap()
            };
            let mut ok = b"x".to_vec();
            write_result(&mut ok, b',', Ok(&c), evidence);
            let mut failed = b"x".to_vec();
            write_result(&mut failed, b',', Err("boom, \"quoted\""), evidence);
            let (ok, failed) = (parse(&ok), parse(&failed));
            assert_eq!(ok.len(), 1 + result_columns(evidence.is_some()).len());
            assert_eq!(failed.len(), ok.len());
            assert_eq!(&failed[failed.len() - 1], b"boom, \"quoted\"");
            assert_eq!(&ok[1], b"technology_manager");
        }
    }
}

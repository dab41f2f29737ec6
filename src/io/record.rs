//! Output of classification results: the result columns appended to CSV rows,
//! and the compact or JSON evidence cell.

use std::fmt::Write as _;

use crate::role::Role;
use crate::score::{Classification, Evidence, Field};

/// Names of the result columns appended to every CSV row, in order
/// (`evidence` is left out when no evidence is requested).
pub fn result_columns(with_evidence: bool) -> Vec<String> {
    let mut cols = vec![
        "role".to_string(),
        "confidence".to_string(),
        "runner_up".to_string(),
    ];
    cols.extend(Role::ALL.iter().map(|r| format!("score_{}", r.id())));
    if with_evidence {
        cols.push("evidence".to_string());
    }
    cols.push("error".to_string());
    cols
}

/// How the evidence cell of a CSV row is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum EvidenceFormat {
    /// `term@start-end;term@start-end` (`term@title:start-end` for title matches).
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
            for (i, e) in evidence.iter().enumerate() {
                if i > 0 {
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

/// Appends the result columns for one row to `record`: the classification, or
/// empty result cells and `error`. `buf` is scratch space reused across rows.
pub fn push_result(
    record: &mut csv::ByteRecord,
    result: Result<&Classification, &str>,
    evidence: Option<EvidenceFormat>,
    buf: &mut String,
) {
    match result {
        Ok(c) => {
            record.push_field(c.label().as_bytes());
            buf.clear();
            let _ = write!(buf, "{}", c.confidence);
            record.push_field(buf.as_bytes());
            record.push_field(c.runner_up.map_or("", Role::id).as_bytes());
            for score in c.scores {
                buf.clear();
                let _ = write!(buf, "{score}");
                record.push_field(buf.as_bytes());
            }
            if let Some(format) = evidence {
                write_evidence(&c.evidence, format, buf);
                record.push_field(buf.as_bytes());
            }
            record.push_field(b"");
        }
        Err(error) => {
            let empty = 7 + usize::from(evidence.is_some());
            for _ in 0..empty {
                record.push_field(b"");
            }
            record.push_field(error.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Classifier;

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
        let c = Classifier::default().classify(None, "Engineering Manager");
        let mut buf = String::new();
        for evidence in [None, Some(EvidenceFormat::Compact)] {
            let mut ok = csv::ByteRecord::new();
            push_result(&mut ok, Ok(&c), evidence, &mut buf);
            let mut failed = csv::ByteRecord::new();
            push_result(&mut failed, Err("boom"), evidence, &mut buf);
            assert_eq!(ok.len(), result_columns(evidence.is_some()).len());
            assert_eq!(failed.len(), ok.len());
            assert_eq!(&failed[failed.len() - 1], b"boom");
        }
    }
}

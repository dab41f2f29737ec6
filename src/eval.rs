//! Accuracy against labelled postings: per-role precision, recall and F1 over
//! all rows, macro-F1, the share of `other` rows left unclassified, and the
//! confusion matrix.
//!
//! Definitions: for each role, a row labelled `other` (or another role) that is
//! predicted as the role is a false positive; a row of the role predicted as
//! anything else, `unclassified` included, is a false negative. F1 is 0 when
//! precision and recall are both 0. Macro-F1 is the plain mean of the four F1s.

use std::io::Read;

use csv::{ByteRecord, ReaderBuilder};
use rayon::prelude::*;
use serde::Serialize;

use crate::io::csv_stream::{
    classify_fields, find_column, resolve, strip_bom, Column, CsvError, CsvOptions,
};
use crate::role::Role;
use crate::score::{Classifier, Evidence};

/// A true label: one of the roles, or `other`.
pub type Truth = Option<Role>;

/// Labels accepted in the label column.
pub const LABELS: [&str; 5] = [
    "product_manager",
    "technical_product_manager",
    "technology_manager",
    "technical_program_manager",
    "other",
];

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// Column problems, unreadable CSV.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// A label value that is not a role id or `other`.
    #[error("row {row} (line {line}): unknown label {label:?}; expected one of: {}", LABELS.join(", "))]
    UnknownLabel {
        /// 1-based data row.
        row: u64,
        /// 1-based line.
        line: u64,
        /// The value found.
        label: String,
    },
    /// A row without the label or text column.
    #[error("row {row} (line {line}): {message}")]
    BadRow {
        /// 1-based data row.
        row: u64,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// No data rows.
    #[error("no data rows to evaluate")]
    Empty,
}

/// Per-role figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleMetrics {
    /// Role id.
    pub role: Role,
    /// TP / (TP + FP), 0 when nothing was predicted.
    pub precision: f64,
    /// TP / (TP + FN), 0 when the role has no rows.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Rows whose truth is the role.
    pub support: u64,
}

/// A wrong prediction, for `--misclassified`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mistake {
    /// 1-based data row.
    pub row: u64,
    /// The row's id column, when it has one.
    pub id: Option<String>,
    /// The row's title, when there is one.
    pub title: Option<String>,
    /// True label (`other` or a role id).
    pub truth: &'static str,
    /// Predicted label.
    pub predicted: &'static str,
    /// Confidence of the prediction.
    pub confidence: f64,
    /// Top evidence.
    pub evidence: Vec<Evidence>,
}

/// The evaluation report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Rows evaluated.
    pub rows: u64,
    /// Per-role metrics, in `Role::ALL` order.
    pub roles: Vec<RoleMetrics>,
    /// Mean of the four F1 values.
    pub macro_f1: f64,
    /// Correct predictions among rows whose truth is a role.
    pub role_accuracy: f64,
    /// Share of `other` rows predicted `unclassified`.
    pub other_unclassified: f64,
    /// Rows labelled `other`.
    pub other_rows: u64,
    /// `confusion[truth][predicted]`: truth in `Role::ALL` order then `other`;
    /// predicted in `Role::ALL` order then `unclassified`.
    pub confusion: [[u64; 5]; 5],
    /// The most confident mistakes, most confident first.
    pub misclassified: Vec<Mistake>,
}

/// What to read.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// Text and title columns, delimiter, headers (evidence settings are ignored).
    pub csv: CsvOptions,
    /// Label column name.
    pub label_column: String,
    /// Keep this many most confident mistakes.
    pub misclassified: usize,
}

const BATCH: usize = 1024;

/// Classifies every row of a labelled CSV and scores the predictions.
pub fn evaluate<R: Read>(
    classifier: &Classifier,
    input: R,
    options: &EvalOptions,
) -> Result<Report, EvalError> {
    let mut reader = ReaderBuilder::new()
        .delimiter(options.csv.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut header = ByteRecord::new();
    if !reader
        .read_byte_record(&mut header)
        .map_err(CsvError::from)?
    {
        return Err(EvalError::Empty);
    }
    strip_bom(&mut header);
    let layout = resolve(&options.csv, Some(&header), header.len())?;
    let label_at = find_column(
        &Column::Name(options.label_column.clone()),
        Some(&header),
        &layout.names,
    )?;
    let id_at = find_column(&Column::Name("id".into()), Some(&header), &layout.names).ok();

    let mut confusion = [[0u64; 5]; 5];
    let mut mistakes: Vec<Mistake> = Vec::new();
    let mut rows = 0u64;
    let mut batch: Vec<(ByteRecord, u64, u64)> = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        while batch.len() < BATCH {
            let mut record = ByteRecord::new();
            if !reader
                .read_byte_record(&mut record)
                .map_err(CsvError::from)?
            {
                break;
            }
            rows += 1;
            let line = record.position().map_or(0, |p| p.line());
            batch.push((record, rows, line));
        }
        if batch.is_empty() {
            break;
        }
        let outcomes: Vec<_> = batch
            .par_iter()
            .map(|(record, _, _)| classify_fields(classifier, &layout, record))
            .collect();
        for ((record, row, line), outcome) in batch.iter().zip(outcomes) {
            let (row, line) = (*row, *line);
            let raw = record.get(label_at).ok_or_else(|| EvalError::BadRow {
                row,
                line,
                message: format!("no label: the row has only {} fields", record.len()),
            })?;
            let label = String::from_utf8_lossy(raw).trim().to_string();
            let truth = parse_label(&label).ok_or(EvalError::UnknownLabel {
                row,
                line,
                label: label.clone(),
            })?;
            let result =
                outcome
                    .result
                    .map_err(|message| EvalError::BadRow { row, line, message })?;
            let t = truth.map_or(4, Role::index);
            let p = result.role.map_or(4, Role::index);
            confusion[t][p] += 1;
            if t != p && options.misclassified > 0 {
                let field = |i: usize| {
                    record
                        .get(i)
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                };
                mistakes.push(Mistake {
                    row,
                    id: id_at.and_then(field),
                    title: layout.title.and_then(field),
                    truth: truth.map_or("other", Role::id),
                    predicted: result.label(),
                    confidence: result.confidence,
                    evidence: result.evidence,
                });
                mistakes.sort_by(|a, b| {
                    b.confidence
                        .total_cmp(&a.confidence)
                        .then(a.row.cmp(&b.row))
                });
                mistakes.truncate(options.misclassified);
            }
        }
    }
    if rows == 0 {
        return Err(EvalError::Empty);
    }
    Ok(report(rows, confusion, mistakes))
}

fn parse_label(label: &str) -> Option<Truth> {
    match label {
        "other" => Some(None),
        l => Role::from_id(l).map(Some),
    }
}

/// Computes the figures from a confusion matrix (`[truth][predicted]`).
pub fn report(rows: u64, confusion: [[u64; 5]; 5], misclassified: Vec<Mistake>) -> Report {
    let roles: Vec<RoleMetrics> = Role::ALL
        .iter()
        .map(|&role| {
            let r = role.index();
            let tp = confusion[r][r] as f64;
            let predicted: u64 = (0..5).map(|t| confusion[t][r]).sum();
            let support: u64 = confusion[r].iter().sum();
            let precision = ratio(tp, predicted as f64);
            let recall = ratio(tp, support as f64);
            let f1 = ratio(2.0 * precision * recall, precision + recall);
            RoleMetrics {
                role,
                precision,
                recall,
                f1,
                support,
            }
        })
        .collect();
    let macro_f1 = roles.iter().map(|m| m.f1).sum::<f64>() / 4.0;
    let role_rows: u64 = (0..4).map(|t| confusion[t].iter().sum::<u64>()).sum();
    let role_correct: u64 = (0..4).map(|t| confusion[t][t]).sum();
    let other_rows: u64 = confusion[4].iter().sum();
    Report {
        rows,
        roles,
        macro_f1,
        role_accuracy: ratio(role_correct as f64, role_rows as f64),
        other_unclassified: ratio(confusion[4][4] as f64, other_rows as f64),
        other_rows,
        confusion,
        misclassified,
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_by_hand() {
        // truth rows: PM 2 (1 right, 1 unclassified), TM 1 (called PM), other 3 (1 called PM).
        let mut c = [[0u64; 5]; 5];
        c[0][0] = 1;
        c[0][4] = 1;
        c[2][0] = 1;
        c[4][0] = 1;
        c[4][4] = 2;
        let r = report(6, c, vec![]);
        let pm = &r.roles[0];
        assert!((pm.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((pm.recall - 0.5).abs() < 1e-12);
        assert!((pm.f1 - 0.4).abs() < 1e-12);
        assert_eq!(r.roles[2].f1, 0.0);
        assert!((r.macro_f1 - 0.1).abs() < 1e-12);
        assert!((r.role_accuracy - 1.0 / 3.0).abs() < 1e-12);
        assert!((r.other_unclassified - 2.0 / 3.0).abs() < 1e-12);
    }
}

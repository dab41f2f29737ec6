//! Accuracy against labelled postings: per-role precision, recall and F1 over
//! all rows, macro-F1, macro-F1 over role families, the share of `other` rows
//! left unclassified, and the confusion matrix, with 95 % bootstrap intervals.
//!
//! Definitions: for each role, a row labelled `other` (or another role) that is
//! predicted as the role is a false positive; a row of the role predicted as
//! anything else, `unclassified` included, is a false negative. F1 is 0 when
//! precision and recall are both 0. Macro-F1 is the plain mean of the four F1s.
//! Family macro-F1 is the mean F1 of three families, with product manager and
//! technical product manager merged into one (`product`).
//!
//! Intervals: percentile bootstrap over rows. Each row is classified once; each
//! resample draws as many (truth, prediction) pairs as there are rows, with
//! replacement, and recomputes every figure by the same definitions (so a role
//! absent from a resample, and never predicted in it, has F1 0 there). The
//! interval is the 2.5th to 97.5th percentile (nearest rank) of the resampled
//! figures. Percentile intervals usually, but not always, contain the point
//! estimate.

use std::fmt;
use std::io::Read;
use std::num::NonZeroUsize;
use std::str::FromStr;

use csv::{ByteRecord, ReaderBuilder};
use rand_core::SeedableRng;
use rand_pcg::Pcg64;
use rayon::prelude::*;
use serde::Serialize;

mod metrics;
mod profile;

pub use metrics::{bootstrap, confusion, Intervals, Scores};
use metrics::{class_metrics, percentile_interval, ratio};
pub use profile::{auc, profile_report, MeanProfile, ProfileReport};

use crate::calibration::{self, reliability, Reliability, Sample};
use crate::io::csv_stream::{
    classify_fields, find_column, resolve, strip_bom, Column, CsvError, CsvOptions,
};
use crate::role::Role;
use crate::score::{Classifier, Evidence};

/// A true label: one of the roles, or `other`.
pub type Truth = Option<Role>;

/// One evaluated row: its true label and its prediction (`None` = unclassified).
pub type Pair = (Truth, Option<Role>);

/// `confusion[truth][predicted]`: truth in `Role::ALL` order then `other`;
/// predicted in `Role::ALL` order then `unclassified`.
pub type Confusion = [[u64; 5]; 5];

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
    /// A `--filter` column that the header lacks.
    #[error("--filter {filter}")]
    FilterColumn {
        /// The filter, as `COL=VALUE`.
        filter: Filter,
        /// The column error, naming the column and the available ones.
        source: CsvError,
    },
    /// A `--by` column that the header lacks.
    #[error("--by {column}")]
    ByColumn {
        /// The column asked for.
        column: String,
        /// The column error, naming the column and the available ones.
        source: CsvError,
    },
    /// No data rows.
    #[error("no data rows to evaluate")]
    Empty,
    /// Data rows, but none passing the filters.
    #[error("none of the {rows} data rows passes the filters ({})", list_filters(.filters))]
    NoneKept {
        /// Data rows read.
        rows: u64,
        /// The filters.
        filters: Vec<Filter>,
    },
}

/// Keeps rows whose `column` holds `value` (compared after trimming spaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Filter {
    /// Column name, as in the header.
    pub column: String,
    /// Required value.
    pub value: String,
}

impl FromStr for Filter {
    type Err = String;

    /// Parses `COL=VALUE` (split at the first `=`; the column must not be empty).
    fn from_str(s: &str) -> Result<Filter, String> {
        match s.split_once('=') {
            Some((column, value)) if !column.trim().is_empty() => Ok(Filter {
                column: column.trim().to_string(),
                value: value.trim().to_string(),
            }),
            _ => Err(format!("expected COL=VALUE, got {s:?}")),
        }
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.column, self.value)
    }
}

/// The filters as `a=1, b=2`.
pub fn list_filters(filters: &[Filter]) -> String {
    filters
        .iter()
        .map(Filter::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A 95 % confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// 2.5th percentile of the resampled figure.
    pub low: f64,
    /// 97.5th percentile of the resampled figure.
    pub high: f64,
}

/// Bootstrap settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bootstrap {
    /// Number of resamples.
    pub resamples: NonZeroUsize,
    /// Seed of the resampling generator (PCG64 via `seed_from_u64`).
    pub seed: u64,
}

impl Default for Bootstrap {
    /// 1000 resamples, seed 0.
    fn default() -> Bootstrap {
        Bootstrap {
            resamples: NonZeroUsize::new(1000).expect("non-zero"),
            seed: 0,
        }
    }
}

impl Bootstrap {
    /// The resampling generator for this seed: its stream is fixed by the
    /// PCG64 algorithm and `rand_core`'s `seed_from_u64`, independent of platform.
    pub fn rng(&self) -> Pcg64 {
        Pcg64::seed_from_u64(self.seed)
    }
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
    /// 95 % bootstrap interval of `f1`.
    pub f1_ci: Interval,
    /// Rows whose truth is the role.
    pub support: u64,
    /// Rows predicted as the role.
    pub predicted: u64,
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
    /// Rows evaluated (those passing the filters).
    pub rows: u64,
    /// Data rows read, before filtering.
    pub rows_read: u64,
    /// The filters rows had to pass.
    pub filters: Vec<Filter>,
    /// How the intervals were computed.
    pub bootstrap: Bootstrap,
    /// Per-role metrics, in `Role::ALL` order.
    pub roles: Vec<RoleMetrics>,
    /// Mean of the four F1 values.
    pub macro_f1: f64,
    /// 95 % bootstrap interval of `macro_f1`.
    pub macro_f1_ci: Interval,
    /// Mean F1 of the three role families (product, technology, program).
    pub family_macro_f1: f64,
    /// 95 % bootstrap interval of `family_macro_f1`.
    pub family_macro_f1_ci: Interval,
    /// Correct predictions among rows whose truth is a role.
    pub role_accuracy: f64,
    /// Share of `other` rows predicted `unclassified`.
    pub other_unclassified: f64,
    /// 95 % bootstrap interval of `other_unclassified`.
    pub other_unclassified_ci: Interval,
    /// Rows labelled `other`.
    pub other_rows: u64,
    /// Counts of (truth, prediction).
    pub confusion: Confusion,
    /// The most confident mistakes, most confident first.
    pub misclassified: Vec<Mistake>,
    /// The column rows were grouped by (`--by`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The figures per value of the `by` column, in value order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// How well confidence matches the share of right labels (all rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<CalibrationReport>,
    /// Precision and recall per role when labels below a confidence are
    /// dropped (all rows only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Threshold>,
    /// The mean profile per true label and how well its axes separate the
    /// roles (all rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProfileReport>,
    /// Each row as calibration sees it (raw confidence, labelled, right), for
    /// `rolecall calibrate`.
    #[serde(skip)]
    pub samples: Vec<Sample>,
}

/// Calibration figures: a row is right when its label is its truth
/// (`unclassified` for `other`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationReport {
    /// The reliability table of the confidence as given, and its error.
    pub reliability: Reliability,
    /// The calibration error when each fold's curves are fitted on the other
    /// folds alone (5 folds, 10 random splits from the bootstrap seed): what to
    /// expect of a calibration fitted on rows like these, on new rows.
    pub cross_validated_ece: f64,
}

/// The operating point `--min-confidence` sets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Threshold {
    /// Labels with a lower confidence count as `unclassified`.
    pub min_confidence: f64,
    /// (precision, recall) per role, in `Role::ALL` order.
    pub roles: Vec<(f64, f64)>,
    /// Share of `other` rows left unclassified.
    pub other_unclassified: f64,
}

/// The operating points `eval` reports.
pub const THRESHOLDS: [f64; 5] = [0.0, 0.5, 0.7, 0.8, 0.9];

/// The figures for the rows holding one value of the `--by` column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The column's value (trimmed).
    pub value: String,
    /// The figures over those rows alone, with their own intervals.
    pub report: Report,
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
    /// Evaluate only rows passing all of these.
    pub filters: Vec<Filter>,
    /// Also score the rows per value of this column.
    pub by: Option<String>,
    /// Interval settings.
    pub bootstrap: Bootstrap,
}

const BATCH: usize = 1024;

/// Classifies every row of a labelled CSV that passes the filters, and scores
/// the predictions.
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
    let filters = options
        .filters
        .iter()
        .map(|filter| {
            find_column(
                &Column::Name(filter.column.clone()),
                Some(&header),
                &layout.names,
            )
            .map(|at| (at, filter.value.as_bytes()))
            .map_err(|source| EvalError::FilterColumn {
                filter: filter.clone(),
                source,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let by_at = options
        .by
        .as_ref()
        .map(|column| {
            find_column(&Column::Name(column.clone()), Some(&header), &layout.names).map_err(
                |source| EvalError::ByColumn {
                    column: column.clone(),
                    source,
                },
            )
        })
        .transpose()?;
    let keep = |record: &ByteRecord| {
        filters
            .iter()
            .all(|&(at, value)| record.get(at).map(<[u8]>::trim_ascii) == Some(value))
    };

    let mut pairs: Vec<Pair> = Vec::new();
    // Each pair's confidence, and its row as calibration sees it.
    let mut confidences: Vec<f64> = Vec::new();
    let mut samples: Vec<Sample> = Vec::new();
    // Each row's true role and profile.
    let mut profiles: Vec<(Truth, crate::score::Profile)> = Vec::new();
    // Each pair's `--by` value, when grouping.
    let mut group_of: Vec<String> = Vec::new();
    let mut mistakes: Vec<Mistake> = Vec::new();
    let mut rows_read = 0u64;
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
            rows_read += 1;
            if keep(&record) {
                let line = record.position().map_or(0, |p| p.line());
                batch.push((record, rows_read, line));
            }
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
            pairs.push((truth, result.role));
            confidences.push(result.confidence);
            profiles.push((truth, result.profile));
            samples.push(Sample {
                raw: result.raw_confidence,
                labelled: result.role.is_some(),
                right: truth == result.role,
            });
            if let Some(at) = by_at {
                let value = record.get(at).map_or(&b""[..], <[u8]>::trim_ascii);
                group_of.push(String::from_utf8_lossy(value).into_owned());
            }
            if truth != result.role && options.misclassified > 0 {
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
    if rows_read == 0 {
        return Err(EvalError::Empty);
    }
    if pairs.is_empty() {
        return Err(EvalError::NoneKept {
            rows: rows_read,
            filters: options.filters.clone(),
        });
    }
    let mut values: Vec<&String> = group_of.iter().collect();
    values.sort();
    values.dedup();
    let groups = values
        .into_iter()
        .map(|value| {
            let rows: Vec<Pair> = pairs
                .iter()
                .zip(&group_of)
                .filter(|(_, v)| *v == value)
                .map(|(p, _)| *p)
                .collect();
            Group {
                value: value.clone(),
                report: report(&rows, options.bootstrap),
            }
        })
        .collect();
    let calibrated: Vec<(f64, bool)> = confidences
        .iter()
        .zip(&pairs)
        .map(|(&p, &(truth, predicted))| (p, truth == predicted))
        .collect();
    let (cross_validated_ece, _) =
        calibration::cross_validate(&samples, 5, 10, options.bootstrap.seed);
    let thresholds = THRESHOLDS
        .iter()
        .map(|&min| {
            let cut: Vec<Pair> = pairs
                .iter()
                .zip(&confidences)
                .map(|(&(truth, predicted), &p)| (truth, predicted.filter(|_| p >= min)))
                .collect();
            let c = confusion(&cut);
            Threshold {
                min_confidence: min,
                roles: (0..4)
                    .map(|r| {
                        let (precision, recall, _) = class_metrics(&c, r);
                        (precision, recall)
                    })
                    .collect(),
                other_unclassified: Scores::from_confusion(&c).other_unclassified,
            }
        })
        .collect();
    Ok(Report {
        rows_read,
        filters: options.filters.clone(),
        misclassified: mistakes,
        by: options.by.clone(),
        groups,
        calibration: Some(CalibrationReport {
            reliability: reliability(&calibrated),
            cross_validated_ece,
        }),
        thresholds,
        profile: Some(profile_report(&profiles, options.bootstrap)),
        samples,
        ..report(&pairs, options.bootstrap)
    })
}

fn parse_label(label: &str) -> Option<Truth> {
    match label {
        "other" => Some(None),
        l => Role::from_id(l).map(Some),
    }
}

/// Scores the pairs and bootstraps their intervals; `rows_read` is the number
/// of pairs, and there are no filters and no listed mistakes.
pub fn report(pairs: &[Pair], bootstrap: Bootstrap) -> Report {
    let c = confusion(pairs);
    let point = Scores::from_confusion(&c);
    let ci = self::bootstrap(pairs, bootstrap.resamples, &mut bootstrap.rng());
    let roles: Vec<RoleMetrics> = Role::ALL
        .iter()
        .map(|&role| {
            let r = role.index();
            let (precision, recall, f1) = class_metrics(&c, r);
            RoleMetrics {
                role,
                precision,
                recall,
                f1,
                f1_ci: ci.f1[r],
                support: c[r].iter().sum(),
                predicted: c.iter().map(|row| row[r]).sum(),
            }
        })
        .collect();
    let role_rows: u64 = c[..4].iter().flatten().sum();
    let role_correct: u64 = (0..4).map(|t| c[t][t]).sum();
    Report {
        rows: pairs.len() as u64,
        rows_read: pairs.len() as u64,
        filters: Vec::new(),
        bootstrap,
        roles,
        macro_f1: point.macro_f1,
        macro_f1_ci: ci.macro_f1,
        family_macro_f1: point.family_macro_f1,
        family_macro_f1_ci: ci.family_macro_f1,
        role_accuracy: ratio(role_correct as f64, role_rows as f64),
        other_unclassified: point.other_unclassified,
        other_unclassified_ci: ci.other_unclassified,
        other_rows: c[4].iter().sum(),
        confusion: c,
        misclassified: Vec::new(),
        by: None,
        groups: Vec::new(),
        calibration: None,
        thresholds: Vec::new(),
        profile: None,
        samples: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::Rng;

    const PM: Option<Role> = Some(Role::ProductManager);
    const TPM: Option<Role> = Some(Role::TechnicalProductManager);
    const TM: Option<Role> = Some(Role::TechnologyManager);
    const TPGM: Option<Role> = Some(Role::TechnicalProgramManager);

    fn resamples(n: usize) -> NonZeroUsize {
        NonZeroUsize::new(n).unwrap()
    }

    fn seeded(seed: u64) -> Pcg64 {
        Bootstrap {
            seed,
            ..Bootstrap::default()
        }
        .rng()
    }

    #[test]
    fn metrics_by_hand() {
        // truth rows: PM 2 (1 right, 1 unclassified), TM 1 (called PM), other 3 (1 called PM).
        let pairs = [
            (PM, PM),
            (PM, None),
            (TM, PM),
            (None, PM),
            (None, None),
            (None, None),
        ];
        let r = report(&pairs, Bootstrap::default());
        let pm = &r.roles[0];
        assert!((pm.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((pm.recall - 0.5).abs() < 1e-12);
        assert!((pm.f1 - 0.4).abs() < 1e-12);
        assert_eq!(r.roles[2].f1, 0.0);
        assert!((r.macro_f1 - 0.1).abs() < 1e-12);
        assert!((r.role_accuracy - 1.0 / 3.0).abs() < 1e-12);
        assert!((r.other_unclassified - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.confusion[4], [1, 0, 0, 0, 2]);
    }

    #[test]
    fn family_macro_f1_merges_the_two_product_roles() {
        let pairs = [(PM, TPM), (TPM, PM), (TM, TM), (TPGM, None), (None, TM)];
        let s = Scores::from_confusion(&confusion(&pairs));
        // Roles: PM and TPM 0 (each swapped), TM P 1/2 R 1 -> 2/3, TPgM 0.
        assert_eq!(s.f1[..2], [0.0, 0.0]);
        assert!((s.f1[2] - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.macro_f1 - 1.0 / 6.0).abs() < 1e-12);
        // Families: product TP 2 -> 1, technology 2/3, program 0 -> mean 5/9.
        assert!((s.family_macro_f1 - 5.0 / 9.0).abs() < 1e-12);
        assert_eq!(s.other_unclassified, 0.0);
    }

    #[test]
    fn bootstrap_of_two_rows_spans_the_enumerated_extremes() {
        // A = (PM, PM), B = (other, unclassified). A resample of two is AA, AB or
        // BB with probabilities 1/4, 1/2, 1/4, so with 1000 resamples both extremes
        // lie well beyond the 2.5 % tails:
        //          PM F1  macro  family  other->unclassified
        //   AA       1    1/4    1/3     0 (no other rows)
        //   AB       1    1/4    1/3     1
        //   BB       0    0      0       1
        let pairs = [(PM, PM), (None, None)];
        let ci = bootstrap(&pairs, resamples(1000), &mut seeded(3));
        let span = |low, high| Interval { low, high };
        assert_eq!(ci.f1[0], span(0.0, 1.0));
        assert_eq!(ci.f1[1], span(0.0, 0.0));
        assert_eq!(ci.macro_f1, span(0.0, 0.25));
        assert_eq!(ci.family_macro_f1, span(0.0, 1.0 / 3.0));
        assert_eq!(ci.other_unclassified, span(0.0, 1.0));
    }

    /// Pairs with every kind of outcome: hits, swaps, misses, false positives.
    fn mixed() -> Vec<Pair> {
        vec![
            (PM, PM),
            (PM, PM),
            (PM, None),
            (PM, TPM),
            (TPM, TPM),
            (TPM, PM),
            (TM, TM),
            (TM, TM),
            (TM, None),
            (TPGM, TPGM),
            (TPGM, TM),
            (None, None),
            (None, None),
            (None, PM),
            (None, TM),
        ]
    }

    #[test]
    fn bootstrap_matches_an_independent_computation_with_the_same_seed() {
        let pairs = mixed();
        let b = 200;
        let ci = bootstrap(&pairs, resamples(b), &mut seeded(7));

        // Redraw the same indices and score each resample by counting directly,
        // with F1 = 2TP / (2TP + FP + FN).
        let mut rng = seeded(7);
        let f1 = |sample: &[Pair], class: &dyn Fn(Option<Role>) -> Option<usize>, k| {
            let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
            for &(t, p) in sample {
                match (class(t) == Some(k), class(p) == Some(k)) {
                    (true, true) => tp += 1.0,
                    (false, true) => fp += 1.0,
                    (true, false) => fn_ += 1.0,
                    (false, false) => {}
                }
            }
            let d = 2.0 * tp + fp + fn_;
            if d > 0.0 {
                2.0 * tp / d
            } else {
                0.0
            }
        };
        let role = |l: Option<Role>| l.map(Role::index);
        let family = |l: Option<Role>| l.map(|r| [0, 0, 1, 2][r.index()]);
        let mut figures: Vec<[f64; 7]> = Vec::new();
        for _ in 0..b {
            let sample: Vec<Pair> = (0..pairs.len())
                .map(|_| pairs[((rng.next_u64() as u128 * pairs.len() as u128) >> 64) as usize])
                .collect();
            let roles: Vec<f64> = (0..4).map(|k| f1(&sample, &role, k)).collect();
            let others = sample.iter().filter(|(t, _)| t.is_none()).count();
            let kept = sample.iter().filter(|&&p| p == (None, None)).count();
            figures.push([
                roles[0],
                roles[1],
                roles[2],
                roles[3],
                roles.iter().sum::<f64>() / 4.0,
                (0..3).map(|k| f1(&sample, &family, k)).sum::<f64>() / 3.0,
                if others > 0 {
                    kept as f64 / others as f64
                } else {
                    0.0
                },
            ]);
        }
        let got = [
            ci.f1[0],
            ci.f1[1],
            ci.f1[2],
            ci.f1[3],
            ci.macro_f1,
            ci.family_macro_f1,
            ci.other_unclassified,
        ];
        for (i, interval) in got.iter().enumerate() {
            let mut v: Vec<f64> = figures.iter().map(|f| f[i]).collect();
            v.sort_by(f64::total_cmp);
            // B = 200: ranks ceil(5) = 5 and ceil(195) = 195.
            assert!((interval.low - v[4]).abs() < 1e-12, "figure {i}");
            assert!((interval.high - v[194]).abs() < 1e-12, "figure {i}");
            assert!(interval.low < interval.high, "figure {i}: {interval:?}");
        }
    }

    #[test]
    fn bootstrap_is_deterministic_and_brackets_the_estimates() {
        let pairs = mixed();
        let first = bootstrap(&pairs, resamples(500), &mut seeded(11));
        assert_eq!(first, bootstrap(&pairs, resamples(500), &mut seeded(11)));
        assert_ne!(first, bootstrap(&pairs, resamples(500), &mut seeded(12)));
        let point = Scores::from_confusion(&confusion(&pairs));
        let inside = |i: Interval, x: f64| assert!(i.low <= x && x <= i.high, "{x} in {i:?}");
        for r in 0..4 {
            inside(first.f1[r], point.f1[r]);
        }
        inside(first.macro_f1, point.macro_f1);
        inside(first.family_macro_f1, point.family_macro_f1);
        inside(first.other_unclassified, point.other_unclassified);
    }

    #[test]
    fn bootstrap_is_zero_width_when_every_row_is_right() {
        let pairs: Vec<Pair> = [PM, TPM, TM, TPGM, None]
            .iter()
            .flat_map(|&l| std::iter::repeat_n((l, l), 30))
            .collect();
        let ci = bootstrap(&pairs, resamples(1000), &mut seeded(0));
        let one = Interval {
            low: 1.0,
            high: 1.0,
        };
        assert_eq!(ci.f1, [one; 4]);
        assert_eq!(ci.macro_f1, one);
        assert_eq!(ci.family_macro_f1, one);
        assert_eq!(ci.other_unclassified, one);
    }

    #[test]
    fn filters_parse_col_eq_value() {
        let f: Filter = "text_sufficient = yes".parse().unwrap();
        assert_eq!(f.column, "text_sufficient");
        assert_eq!(f.value, "yes");
        assert_eq!(f.to_string(), "text_sufficient=yes");
        let f: Filter = "note=a=b".parse().unwrap();
        assert_eq!((f.column.as_str(), f.value.as_str()), ("note", "a=b"));
        assert!("novalue".parse::<Filter>().is_err());
        assert!("=yes".parse::<Filter>().is_err());
    }
}

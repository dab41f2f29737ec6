//! Calibration: the scorer's raw confidence mapped to the probability that
//! the label is right.
//!
//! The raw confidence (margin, strength and sureness of the verdict) orders
//! postings well but is not a probability. A [`Calibration`] holds one
//! monotone curve for labelled postings (the probability that the named role
//! is the job's) and one for `unclassified` ones (the probability that the
//! posting is none of the four roles), fitted on labelled postings by
//! isotonic regression ([`Calibration::fit`]).
//!
//! Fitting: pool adjacent violators over the rows sorted by raw confidence
//! (rows right = 1, wrong = 0) gives blocks of rows with a rising share
//! right; each block's share is smoothed by add-one (`(right + 1) / (rows +
//! 2)`, so no probability is 0 or 1 from a few rows) and pooled again where
//! the smoothing broke the order. The curve runs through each block's
//! midpoint and is linear between them, flat beyond the ends.
//!
//! The built-in calibration (`lexicons/calibration.json`) was fitted with
//! `rolecall calibrate` on the labelled development postings; it estimates
//! probabilities for postings like those (see `docs/accuracy.md`).

use std::path::Path;

use rand_core::SeedableRng;
use rand_pcg::Pcg64;
use serde::{Deserialize, Serialize};

/// The built-in calibration, fitted for the built-in lexicons.
const EMBEDDED: &str = include_str!("../lexicons/calibration.json");

/// File name of a calibration inside a lexicon folder.
pub const FILE_NAME: &str = "calibration.json";

/// One labelled row, as calibration sees it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sample {
    /// The scorer's raw confidence.
    pub raw: f64,
    /// Whether the posting was labelled with a role (else `unclassified`).
    pub labelled: bool,
    /// Whether the label was right (`unclassified` is right for `other`).
    pub right: bool,
}

/// A monotone curve from raw confidence to probability: points `(raw, p)`
/// with both coordinates non-decreasing, linear between them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Curve(Vec<(f64, f64)>);

impl Curve {
    /// The probability at raw confidence `x`; `x` itself when there are no points.
    pub fn apply(&self, x: f64) -> f64 {
        let points = &self.0;
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            return x;
        };
        if x <= first.0 {
            return first.1;
        }
        if x >= last.0 {
            return last.1;
        }
        let i = points.partition_point(|p| p.0 <= x);
        let ((x0, y0), (x1, y1)) = (points[i - 1], points[i]);
        if x1 > x0 {
            y0 + (y1 - y0) * (x - x0) / (x1 - x0)
        } else {
            y1
        }
    }

    /// Fits the curve to `(raw, right)` pairs (see the module docs); no
    /// points (the identity) without pairs.
    pub fn fit(pairs: &[(f64, bool)]) -> Curve {
        let mut sorted: Vec<(f64, bool)> = pairs.to_vec();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        // Blocks: (lowest raw, highest raw, share right, rows).
        let mut blocks: Vec<(f64, f64, f64, f64)> = Vec::new();
        for (x, right) in sorted {
            push_pooled(&mut blocks, (x, x, f64::from(u8::from(right)), 1.0));
        }
        let mut smoothed = Vec::with_capacity(blocks.len());
        for (lo, hi, share, rows) in blocks {
            let value = (share * rows + 1.0) / (rows + 2.0);
            push_pooled(&mut smoothed, (lo, hi, value, rows));
        }
        Curve(
            smoothed
                .into_iter()
                .map(|(lo, hi, value, _)| (round6((lo + hi) / 2.0), round6(value)))
                .collect(),
        )
    }
}

/// Appends `block`, pooling it with the blocks before it while their values
/// do not rise (pool adjacent violators; weighted by rows).
fn push_pooled(blocks: &mut Vec<(f64, f64, f64, f64)>, block: (f64, f64, f64, f64)) {
    blocks.push(block);
    while blocks.len() > 1 {
        let b = blocks[blocks.len() - 1];
        let a = blocks[blocks.len() - 2];
        if a.2 < b.2 {
            break;
        }
        blocks.pop();
        let rows = a.3 + b.3;
        *blocks.last_mut().expect("two blocks") = (a.0, b.1, (a.2 * a.3 + b.2 * b.3) / rows, rows);
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The two curves, and what they were fitted on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calibration {
    /// What the curves were fitted on, for people.
    #[serde(default)]
    pub description: String,
    /// For postings labelled with a role: raw confidence to the probability
    /// that the role is right.
    pub labelled: Curve,
    /// For `unclassified` postings: raw confidence to the probability that
    /// the posting is none of the four roles.
    pub unclassified: Curve,
}

impl Default for Calibration {
    /// The identity: confidence stays the raw confidence.
    fn default() -> Calibration {
        Calibration {
            description: "identity: raw confidence, not calibrated".into(),
            labelled: Curve(Vec::new()),
            unclassified: Curve(Vec::new()),
        }
    }
}

/// Why a calibration file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CalibrationError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid calibration.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl Calibration {
    /// The built-in calibration.
    pub fn embedded() -> Calibration {
        Calibration::parse("calibration.json", EMBEDDED)
            .expect("the embedded calibration is validated by the test suite")
    }

    /// The built-in calibration file's contents.
    pub fn embedded_source() -> &'static str {
        EMBEDDED
    }

    /// Reads `dir/calibration.json`; `None` when the folder has none.
    pub fn from_dir(dir: &Path) -> Result<Option<Calibration>, CalibrationError> {
        let path = dir.join(FILE_NAME);
        if !path.exists() {
            return Ok(None);
        }
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|source| CalibrationError::Read {
            path: name.clone(),
            source,
        })?;
        Calibration::parse(&name, &text).map(Some)
    }

    /// Parses and checks a calibration file (`name` is used in errors): each
    /// curve's points rise in both coordinates, probabilities in `[0, 1]`.
    pub fn parse(name: &str, text: &str) -> Result<Calibration, CalibrationError> {
        let invalid = |line: usize, column: usize, message: String| CalibrationError::Invalid {
            path: name.to_string(),
            line,
            column,
            message,
        };
        let c: Calibration = serde_json::from_str(text)
            .map_err(|e| invalid(e.line().max(1), e.column().max(1), e.to_string()))?;
        for (which, curve) in [("labelled", &c.labelled), ("unclassified", &c.unclassified)] {
            let ok_point = |&(x, p): &(f64, f64)| x.is_finite() && (0.0..=1.0).contains(&p);
            let rising = curve
                .0
                .windows(2)
                .all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1);
            if !curve.0.iter().all(ok_point) || !rising {
                return Err(invalid(
                    1,
                    1,
                    format!(
                        "curve {which:?} must be [raw, probability] points rising in both, \
                         probabilities in [0, 1]"
                    ),
                ));
            }
        }
        Ok(c)
    }

    /// Fits both curves to labelled rows.
    pub fn fit(samples: &[Sample], description: String) -> Calibration {
        let curve = |labelled: bool| {
            let pairs: Vec<(f64, bool)> = samples
                .iter()
                .filter(|s| s.labelled == labelled)
                .map(|s| (s.raw, s.right))
                .collect();
            Curve::fit(&pairs)
        };
        Calibration {
            description,
            labelled: curve(true),
            unclassified: curve(false),
        }
    }

    /// The probability for a raw confidence, rounded to 4 decimals.
    pub fn apply(&self, raw: f64, labelled: bool) -> f64 {
        let curve = if labelled {
            &self.labelled
        } else {
            &self.unclassified
        };
        (curve.apply(raw).clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
    }

    /// The file as written by `rolecall calibrate`: one point per line.
    pub fn to_json(&self) -> String {
        let curve = |c: &Curve| {
            let points: Vec<String> = c.0.iter().map(|(x, p)| format!("    [{x}, {p}]")).collect();
            if points.is_empty() {
                "[]".to_string()
            } else {
                format!("[\n{}\n  ]", points.join(",\n"))
            }
        };
        format!(
            "{{\n  \"description\": {},\n  \"labelled\": {},\n  \"unclassified\": {}\n}}\n",
            serde_json::to_string(&self.description).expect("a string serialises"),
            curve(&self.labelled),
            curve(&self.unclassified)
        )
    }
}

/// One bin of a reliability table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bin {
    /// Lowest confidence in the bin (inclusive).
    pub low: f64,
    /// Highest confidence in the bin (exclusive, but 1 is in the last bin).
    pub high: f64,
    /// Rows whose confidence falls in the bin.
    pub rows: u64,
    /// Their mean confidence.
    pub mean_confidence: f64,
    /// The share of them whose label is right.
    pub share_right: f64,
}

/// How well confidence matches the share of labels that are right.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliability {
    /// Ten equal-width bins of confidence (empty bins have 0 rows).
    pub bins: Vec<Bin>,
    /// Expected calibration error: the mean over bins of |mean confidence -
    /// share right|, weighted by rows.
    pub ece: f64,
}

/// The reliability table of `(confidence, right)` pairs over 10 equal bins.
pub fn reliability(pairs: &[(f64, bool)]) -> Reliability {
    const BINS: usize = 10;
    let mut sums = [(0u64, 0.0f64, 0u64); BINS];
    for &(p, right) in pairs {
        let b = ((p * BINS as f64) as usize).min(BINS - 1);
        sums[b].0 += 1;
        sums[b].1 += p;
        sums[b].2 += u64::from(right);
    }
    let total = pairs.len().max(1) as f64;
    let mut ece = 0.0;
    let bins = sums
        .iter()
        .enumerate()
        .map(|(i, &(rows, confidence, right))| {
            let n = rows.max(1) as f64;
            let (mean_confidence, share_right) = (confidence / n, right as f64 / n);
            ece += rows as f64 / total * (mean_confidence - share_right).abs();
            Bin {
                low: i as f64 / BINS as f64,
                high: (i + 1) as f64 / BINS as f64,
                rows,
                mean_confidence,
                share_right,
            }
        })
        .collect();
    Reliability { bins, ece }
}

/// Cross-validated calibration error: `repeats` times, the rows are split at
/// random (seeded) into `folds` folds, each fold's confidence comes from
/// curves fitted on the other folds; returns the mean calibration error over
/// the repeats and the held-out `(confidence, right)` pairs of the first.
pub fn cross_validate(
    samples: &[Sample],
    folds: usize,
    repeats: usize,
    seed: u64,
) -> (f64, Vec<(f64, bool)>) {
    use rand_core::Rng;
    let folds = folds.max(2);
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut first = Vec::new();
    let mut total = 0.0;
    for repeat in 0..repeats.max(1) {
        // Fisher–Yates shuffle of the row order.
        let mut order: Vec<usize> = (0..samples.len()).collect();
        for i in (1..order.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut held_out = Vec::with_capacity(samples.len());
        for fold in 0..folds {
            let (test, train): (Vec<_>, Vec<_>) = order
                .iter()
                .enumerate()
                .partition(|(k, _)| k % folds == fold);
            let train: Vec<Sample> = train.iter().map(|&(_, &i)| samples[i]).collect();
            let fitted = Calibration::fit(&train, String::new());
            held_out.extend(test.iter().map(|&(_, &i)| {
                let s = samples[i];
                (fitted.apply(s.raw, s.labelled), s.right)
            }));
        }
        total += reliability(&held_out).ece;
        if repeat == 0 {
            first = held_out;
        }
    }
    (total / repeats.max(1) as f64, first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_curve_rises_interpolates_and_is_flat_beyond_its_ends() {
        // Wrong at 0.1; at 0.15 and 0.2 right once (pooled: 1 of 2); 0.8–0.9 right 3 of 3.
        let pairs = [
            (0.1, false),
            (0.15, true),
            (0.2, false),
            (0.8, true),
            (0.85, true),
            (0.9, true),
        ];
        let c = Curve::fit(&pairs);
        // Add-one smoothing: (0 + 1) / (1 + 2), (1 + 1) / (2 + 2), (3 + 1) / (3 + 2),
        // at each block's midpoint.
        assert_eq!(c.0, vec![(0.1, 0.333333), (0.175, 0.5), (0.85, 0.8)]);
        assert_eq!(c.apply(0.0), 0.333333);
        assert_eq!(c.apply(1.0), 0.8);
        let between = 0.5 + (0.8 - 0.5) * (0.5 - 0.175) / (0.85 - 0.175);
        assert!((c.apply(0.5) - between).abs() < 1e-12);
    }

    #[test]
    fn violators_are_pooled_so_the_curve_never_falls() {
        // Right at low raw, wrong at high: one pooled block of 2 of 4.
        let pairs = [(0.1, true), (0.2, true), (0.7, false), (0.9, false)];
        let c = Curve::fit(&pairs);
        assert_eq!(c.0, vec![(0.5, 0.5)]);
        // Smoothing can break the order (1 of 1 → 2/3 after 49 of 50 → 0.94):
        // the blocks are pooled again.
        let mut pairs: Vec<(f64, bool)> = (0..50).map(|i| (0.5, i > 0)).collect();
        pairs.push((0.9, true));
        let c = Curve::fit(&pairs);
        assert!(c.0.windows(2).all(|w| w[0].1 <= w[1].1), "{c:?}");
    }

    #[test]
    fn the_file_reads_back_as_written() {
        let c = Calibration::fit(
            &[
                Sample {
                    raw: 0.2,
                    labelled: true,
                    right: false,
                },
                Sample {
                    raw: 0.9,
                    labelled: true,
                    right: true,
                },
                Sample {
                    raw: 0.5,
                    labelled: false,
                    right: true,
                },
            ],
            "test \"rows\"".into(),
        );
        assert_eq!(Calibration::parse("c.json", &c.to_json()).unwrap(), c);
        let identity = Calibration::default();
        assert_eq!(
            Calibration::parse("c.json", &identity.to_json()).unwrap(),
            identity
        );
    }

    #[test]
    fn no_rows_give_the_identity() {
        let c = Calibration::fit(&[], String::new());
        assert_eq!(c.apply(0.37, true), 0.37);
        assert_eq!(c.apply(0.37, false), 0.37);
    }

    #[test]
    fn the_calibration_error_weighs_each_bin_by_its_rows() {
        // 0.95 in one bin, right 1 of 2: |0.95 - 0.5| over 2 of 4 rows;
        // 0.25 twice, right 1 of 2: |0.25 - 0.5| over the other 2.
        let r = reliability(&[(0.95, true), (0.95, false), (0.25, true), (0.25, false)]);
        assert!(
            (r.ece - (0.5 * 0.45 + 0.5 * 0.25)).abs() < 1e-12,
            "{}",
            r.ece
        );
        assert_eq!(r.bins[9].rows, 2);
        assert_eq!(r.bins[2].rows, 2);
        assert_eq!(reliability(&[(1.0, true)]).bins[9].rows, 1);
    }

    #[test]
    fn bad_files_are_rejected_with_their_position() {
        let falling = r#"{"labelled": [[0.1, 0.9], [0.2, 0.5]], "unclassified": []}"#;
        let e = Calibration::parse("c.json", falling).unwrap_err();
        assert!(e.to_string().contains("rising"), "{e}");
        let typo = "{\"labeled\": []}";
        let e = Calibration::parse("c.json", typo).unwrap_err();
        assert!(e.to_string().starts_with("c.json:1:"), "{e}");
        Calibration::embedded();
    }

    #[test]
    fn cross_validation_fits_without_the_held_out_fold() {
        // Every row right: held-out probabilities come from the other folds
        // alone, (n + 1) / (n + 2) for the n training rows of one block.
        let samples: Vec<Sample> = (0..10)
            .map(|i| Sample {
                raw: 0.5 + i as f64 / 100.0,
                labelled: true,
                right: true,
            })
            .collect();
        let (ece, held_out) = cross_validate(&samples, 5, 1, 7);
        assert_eq!(held_out.len(), 10);
        for (p, _) in &held_out {
            assert_eq!(*p, 0.9); // (8 + 1) / (8 + 2)
        }
        assert!((ece - 0.1).abs() < 1e-9);
    }
}

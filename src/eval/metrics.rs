//! The figures and their intervals: confusion matrix, per-class precision,
//! recall and F1, macro-F1 over roles and families, and the percentile
//! bootstrap (see the parent module's docs for the definitions).

use std::num::NonZeroUsize;

use rand_core::Rng;

use super::{Confusion, Interval, Pair};
use crate::role::Role;

/// Counts the pairs into a confusion matrix.
pub fn confusion(pairs: &[Pair]) -> Confusion {
    let mut c = [[0u64; 5]; 5];
    for &(t, p) in pairs {
        c[cell(t)][cell(p)] += 1;
    }
    c
}

/// Confusion-matrix index of a label: the role's index, or 4 for `other` /
/// `unclassified`.
fn cell(label: Option<Role>) -> usize {
    label.map_or(4, Role::index)
}

/// The figures that get intervals, from one confusion matrix.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// F1 per role, in `Role::ALL` order.
    pub f1: [f64; 4],
    /// Mean of the four F1 values.
    pub macro_f1: f64,
    /// Mean F1 of the three families: product (product manager and technical
    /// product manager as one), technology manager, technical program manager.
    pub family_macro_f1: f64,
    /// Share of `other` rows predicted `unclassified` (0 without `other` rows).
    pub other_unclassified: f64,
}

impl Scores {
    /// Computes the figures from a confusion matrix.
    pub fn from_confusion(c: &Confusion) -> Scores {
        let f1: [f64; 4] = std::array::from_fn(|r| class_metrics(c, r).2);
        // Family of each confusion index: product, technology, program, none.
        const FAMILY: [usize; 5] = [0, 0, 1, 2, 3];
        let mut families = [[0u64; 4]; 4];
        for (t, row) in c.iter().enumerate() {
            for (p, n) in row.iter().enumerate() {
                families[FAMILY[t]][FAMILY[p]] += n;
            }
        }
        let family_f1: f64 = (0..3).map(|f| class_metrics(&families, f).2).sum();
        Scores {
            f1,
            macro_f1: f1.iter().sum::<f64>() / 4.0,
            family_macro_f1: family_f1 / 3.0,
            other_unclassified: ratio(c[4][4] as f64, c[4].iter().sum::<u64>() as f64),
        }
    }
}

/// Precision, recall and F1 of class `k` in a `[truth][predicted]` matrix.
pub(super) fn class_metrics<const N: usize>(c: &[[u64; N]; N], k: usize) -> (f64, f64, f64) {
    let tp = c[k][k] as f64;
    let predicted: u64 = c.iter().map(|row| row[k]).sum();
    let support: u64 = c[k].iter().sum();
    let precision = ratio(tp, predicted as f64);
    let recall = ratio(tp, support as f64);
    (
        precision,
        recall,
        ratio(2.0 * precision * recall, precision + recall),
    )
}

/// 95 % intervals of each of the [`Scores`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intervals {
    /// Per role, in `Role::ALL` order.
    pub f1: [Interval; 4],
    /// Of macro-F1.
    pub macro_f1: Interval,
    /// Of family macro-F1.
    pub family_macro_f1: Interval,
    /// Of the `other` → unclassified share.
    pub other_unclassified: Interval,
}

/// Percentile bootstrap over rows. Each resample draws `pairs.len()` indices,
/// each `(rng.next_u64() as u128 * len as u128) >> 64` (bias below
/// len / 2^64), counts the drawn pairs and computes their [`Scores`]; each
/// interval runs from the resampled values of rank ⌈0.025·B⌉ to rank
/// ⌈0.975·B⌉ (1-based, ascending), B = `resamples`.
pub fn bootstrap<R: Rng + ?Sized>(
    pairs: &[Pair],
    resamples: NonZeroUsize,
    rng: &mut R,
) -> Intervals {
    let cells: Vec<(usize, usize)> = pairs.iter().map(|&(t, p)| (cell(t), cell(p))).collect();
    let n = cells.len() as u128;
    let draws: Vec<Scores> = (0..resamples.get())
        .map(|_| {
            let mut c = [[0u64; 5]; 5];
            for _ in 0..cells.len() {
                let (t, p) = cells[((u128::from(rng.next_u64()) * n) >> 64) as usize];
                c[t][p] += 1;
            }
            Scores::from_confusion(&c)
        })
        .collect();
    let interval =
        |figure: &dyn Fn(&Scores) -> f64| percentile_interval(draws.iter().map(figure).collect());
    Intervals {
        f1: std::array::from_fn(|r| interval(&|s| s.f1[r])),
        macro_f1: interval(&|s| s.macro_f1),
        family_macro_f1: interval(&|s| s.family_macro_f1),
        other_unclassified: interval(&|s| s.other_unclassified),
    }
}

/// The 95 % percentile interval of resampled `values` (at least one): the
/// values of rank ⌈0.025·B⌉ and ⌈0.975·B⌉ (1-based, ascending).
pub(super) fn percentile_interval(mut values: Vec<f64>) -> Interval {
    values.sort_by(f64::total_cmp);
    // Nearest rank ⌈q·B⌉ with q in thousandths, in integers.
    let at = |thousandths: usize| values[(values.len() * thousandths).div_ceil(1000).max(1) - 1];
    Interval {
        low: at(25),
        high: at(975),
    }
}

pub(super) fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

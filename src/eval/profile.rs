//! How well the [`Profile`] reads the roles on labelled postings: the mean
//! profile per true label, and how well an axis alone separates two kinds of
//! posting (the area under the ROC curve: the chance that a posting of the
//! first kind has a higher value than one of the second, ties counting half),
//! with a 95 % percentile-bootstrap interval over rows like the other figures
//! (resamples that lack one of the two kinds are skipped).

use rand_core::Rng;
use serde::Serialize;

use super::{percentile_interval, Bootstrap, Interval};
use crate::role::Role;
use crate::score::{Axis, Profile};

/// The mean profile of the rows of one true label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeanProfile {
    /// A role id or `other`.
    pub label: &'static str,
    /// Rows with this label.
    pub rows: u64,
    /// The mean of each axis over those rows.
    pub profile: Profile,
}

/// The profile figures of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileReport {
    /// One entry per label present, in [`Role::ALL`] order then `other`.
    pub means: Vec<MeanProfile>,
    /// AUC of the technical axis: technical product managers against product
    /// managers (`None` unless both are present).
    pub technical_auc: Option<f64>,
    /// Its 95 % interval.
    pub technical_auc_ci: Option<Interval>,
    /// AUC of the delivery axis: technical program managers against every
    /// other row (`None` unless both are present).
    pub delivery_auc: Option<f64>,
    /// Its 95 % interval.
    pub delivery_auc_ci: Option<Interval>,
}

/// One resample's technical and delivery AUCs.
type Draw = (Option<f64>, Option<f64>);

/// The profile figures of `rows`: each row's true role (`None` for `other`)
/// and profile; the intervals from `bootstrap`.
pub fn profile_report(rows: &[(Option<Role>, Profile)], bootstrap: Bootstrap) -> ProfileReport {
    let labels = Role::ALL.map(Some).into_iter().chain([None]);
    let means = labels
        .filter_map(|truth| {
            let of: Vec<&Profile> = rows
                .iter()
                .filter(|(t, _)| *t == truth)
                .map(|(_, p)| p)
                .collect();
            let n = of.len() as f64;
            let mean = |axis: Axis| of.iter().map(|p| p.get(axis)).sum::<f64>() / n;
            (!of.is_empty()).then(|| MeanProfile {
                label: truth.map_or("other", Role::id),
                rows: of.len() as u64,
                profile: Profile {
                    product: mean(Axis::Product),
                    technical: mean(Axis::Technical),
                    delivery: mean(Axis::Delivery),
                    people: mean(Axis::People),
                },
            })
        })
        .collect();
    let program = Some(Role::TechnicalProgramManager);
    let technical = |rows: &[&(Option<Role>, Profile)]| {
        separation(rows, Axis::Technical, &|t| match t {
            Some(Role::TechnicalProductManager) => Some(true),
            Some(Role::ProductManager) => Some(false),
            _ => None,
        })
    };
    let delivery = |rows: &[&(Option<Role>, Profile)]| {
        separation(rows, Axis::Delivery, &|t| Some(t == program))
    };
    let all: Vec<&(Option<Role>, Profile)> = rows.iter().collect();
    // The same draws for both figures, as for the other intervals.
    let mut rng = bootstrap.rng();
    let n = rows.len() as u128;
    let draws: Vec<Draw> = (0..bootstrap.resamples.get())
        .map(|_| {
            let drawn: Vec<&(Option<Role>, Profile)> = (0..rows.len())
                .map(|_| &rows[((u128::from(rng.next_u64()) * n) >> 64) as usize])
                .collect();
            (technical(&drawn), delivery(&drawn))
        })
        .collect();
    let interval = |point: Option<f64>, pick: &dyn Fn(&Draw) -> Option<f64>| {
        let values: Vec<f64> = draws.iter().filter_map(pick).collect();
        point
            .filter(|_| !values.is_empty())
            .map(|_| percentile_interval(values))
    };
    let technical_auc = technical(&all);
    let delivery_auc = delivery(&all);
    ProfileReport {
        means,
        technical_auc,
        technical_auc_ci: interval(technical_auc, &|d| d.0),
        delivery_auc,
        delivery_auc_ci: interval(delivery_auc, &|d| d.1),
    }
}

/// The AUC of `axis` for the rows `side` puts on the positive (`Some(true)`)
/// or negative (`Some(false)`) side, leaving out the rest.
fn separation(
    rows: &[&(Option<Role>, Profile)],
    axis: Axis,
    side: &dyn Fn(Option<Role>) -> Option<bool>,
) -> Option<f64> {
    let (mut positive, mut negative) = (Vec::new(), Vec::new());
    for (truth, profile) in rows {
        match side(*truth) {
            Some(true) => positive.push(profile.get(axis)),
            Some(false) => negative.push(profile.get(axis)),
            None => {}
        }
    }
    auc(&positive, &negative)
}

/// The area under the ROC curve of `positive` against `negative` (the
/// Mann–Whitney U over the product of their sizes, ties counting half), from
/// the ranks of the pooled values; `None` when either is empty.
pub fn auc(positive: &[f64], negative: &[f64]) -> Option<f64> {
    if positive.is_empty() || negative.is_empty() {
        return None;
    }
    let mut pooled: Vec<(f64, bool)> = positive
        .iter()
        .map(|&v| (v, true))
        .chain(negative.iter().map(|&v| (v, false)))
        .collect();
    pooled.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Sum of the positives' ranks (1-based), tied values sharing their mean rank.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < pooled.len() {
        let j = i + pooled[i..]
            .iter()
            .take_while(|p| p.0 == pooled[i].0)
            .count();
        let mean_rank = (i + 1 + j) as f64 / 2.0;
        rank_sum += mean_rank * pooled[i..j].iter().filter(|p| p.1).count() as f64;
        i = j;
    }
    let (p, n) = (positive.len() as f64, negative.len() as f64);
    Some((rank_sum - p * (p + 1.0) / 2.0) / (p * n))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, pair by pair, to check the rank formula against.
    fn pairwise(positive: &[f64], negative: &[f64]) -> f64 {
        let mut wins = 0.0;
        for p in positive {
            for n in negative {
                wins += if p > n {
                    1.0
                } else if p == n {
                    0.5
                } else {
                    0.0
                };
            }
        }
        wins / (positive.len() * negative.len()) as f64
    }

    #[test]
    fn auc_is_the_chance_a_positive_outranks_a_negative() {
        assert_eq!(auc(&[0.9, 0.8], &[0.1, 0.2, 0.3]), Some(1.0));
        assert_eq!(auc(&[0.1], &[0.9]), Some(0.0));
        assert_eq!(auc(&[0.5, 0.5], &[0.5]), Some(0.5));
        assert_eq!(auc(&[], &[0.5]), None);
        let positive = [0.7, 0.2, 0.5, 0.5, 0.9, 0.0];
        let negative = [0.5, 0.1, 0.0, 0.3, 0.5, 0.6, 0.2];
        let got = auc(&positive, &negative).unwrap();
        assert!(
            (got - pairwise(&positive, &negative)).abs() < 1e-12,
            "{got}"
        );
    }

    #[test]
    fn means_per_label_and_the_two_separations() {
        let p = |product, technical, delivery, people| Profile {
            product,
            technical,
            delivery,
            people,
        };
        let rows = [
            (Some(Role::ProductManager), p(0.8, 0.2, 0.0, 0.0)),
            (Some(Role::ProductManager), p(0.6, 0.4, 0.0, 0.0)),
            (Some(Role::TechnicalProductManager), p(0.4, 0.6, 0.0, 0.0)),
            (Some(Role::TechnicalProgramManager), p(0.0, 0.5, 0.5, 0.0)),
            (None, p(0.0, 0.0, 0.0, 0.0)),
        ];
        let r = profile_report(&rows, Bootstrap::default());
        let labels: Vec<&str> = r.means.iter().map(|m| m.label).collect();
        assert_eq!(
            labels,
            [
                "product_manager",
                "technical_product_manager",
                "technical_program_manager",
                "other"
            ]
        );
        assert_eq!(r.means[0].rows, 2);
        assert!((r.means[0].profile.product - 0.7).abs() < 1e-12);
        assert!((r.means[0].profile.technical - 0.3).abs() < 1e-12);
        assert_eq!(r.technical_auc, Some(1.0));
        assert_eq!(r.delivery_auc, Some(1.0));
        // Every resample that holds both kinds separates them perfectly too.
        let ci = r.technical_auc_ci.unwrap();
        assert_eq!((ci.low, ci.high), (1.0, 1.0));
        let none = profile_report(&rows[..2], Bootstrap::default());
        assert_eq!((none.technical_auc, none.delivery_auc), (None, None));
        assert_eq!(none.technical_auc_ci, None);
    }
}

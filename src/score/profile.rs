//! A posting's profile on the axes the seeds tell the roles apart by: what
//! the hire is judged on.
//!
//! Each axis sums the posting's duty evidence (every counted match but role
//! titles: title words name the job, duties say what it is) credited to the
//! targets that stand for it:
//!
//! | axis | evidence | the seeds' question |
//! |---|---|---|
//! | `product` | product manager | what problem matters most? |
//! | `technical` | technical depth, technical product manager | can our architecture handle this? |
//! | `delivery` | technical program manager | will it ship, across teams, on time? |
//! | `people` | technology manager | who builds it: hiring, growing and running engineers |
//!
//! The profile is each axis's share of the four together, so a long posting
//! is not more "technical" for being long: the values are in `[0, 1]` and add
//! up to 1 (all 0 when the posting has no duty evidence). Vocabulary of other
//! jobs feeds no axis.

use serde::Serialize;

use super::round4;
use crate::role::{Role, Target};

/// One axis of a [`Profile`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Axis {
    /// Customer and business outcomes (product manager duties).
    Product,
    /// Technical depth and feasibility (technical vocabulary and technical
    /// product manager duties).
    Technical,
    /// Delivery across teams (technical program manager duties).
    Delivery,
    /// Leading engineers and running the technology function (technology
    /// manager duties).
    People,
}

impl Axis {
    /// Every axis, in output order.
    pub const ALL: [Axis; 4] = [Axis::Product, Axis::Technical, Axis::Delivery, Axis::People];

    /// The axis as written in output.
    pub fn id(self) -> &'static str {
        match self {
            Axis::Product => "product",
            Axis::Technical => "technical",
            Axis::Delivery => "delivery",
            Axis::People => "people",
        }
    }

    /// Position in [`Axis::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The axis a target's duty evidence feeds, if any.
    pub fn of(target: Target) -> Option<Axis> {
        match target {
            Target::Role(Role::ProductManager) => Some(Axis::Product),
            Target::Role(Role::TechnicalProductManager) | Target::Technical => {
                Some(Axis::Technical)
            }
            Target::Role(Role::TechnicalProgramManager) => Some(Axis::Delivery),
            Target::Role(Role::TechnologyManager) => Some(Axis::People),
            Target::Other => None,
        }
    }
}

/// Where a posting sits between the four axes: each value in `[0, 1]`, the
/// axis's share of the posting's duty evidence (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Profile {
    /// Customer and business outcomes.
    pub product: f64,
    /// Technical depth and feasibility.
    pub technical: f64,
    /// Delivery across teams.
    pub delivery: f64,
    /// Leading engineers and running the technology function.
    pub people: f64,
}

impl Profile {
    /// The profile from duty evidence per target (in [`Target::ALL`] order),
    /// each share rounded to 4 decimals.
    pub(super) fn from_duties(duties: &[f64; 6]) -> Profile {
        let mut sums = [0.0; 4];
        for (target, amount) in Target::ALL.iter().zip(duties) {
            if let Some(axis) = Axis::of(*target) {
                sums[axis.index()] += amount.max(0.0);
            }
        }
        let total: f64 = sums.iter().sum();
        if total <= 0.0 {
            return Profile::default();
        }
        let [product, technical, delivery, people] = sums.map(|s| round4(s / total));
        Profile {
            product,
            technical,
            delivery,
            people,
        }
    }

    /// The values in [`Axis::ALL`] order.
    pub fn values(&self) -> [f64; 4] {
        [self.product, self.technical, self.delivery, self.people]
    }

    /// The value of one axis.
    pub fn get(&self, axis: Axis) -> f64 {
        self.values()[axis.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_the_duty_evidence_whatever_its_size() {
        // product manager, technical product manager, technology manager,
        // technical program manager, other, technical
        let duties = [6.0, 1.0, 0.0, 2.0, 50.0, 1.0];
        let p = Profile::from_duties(&duties);
        assert_eq!(p.values(), [0.6, 0.2, 0.2, 0.0]);
        // Ten times the evidence, the same profile.
        assert_eq!(Profile::from_duties(&duties.map(|d| d * 10.0)), p);
        assert_eq!(
            Profile::from_duties(&[0.0, 0.0, 0.0, 0.0, 9.0, 0.0]).values(),
            [0.0; 4]
        );
    }

    #[test]
    fn every_target_but_other_feeds_one_axis() {
        let fed: Vec<Option<Axis>> = Target::ALL.iter().map(|&t| Axis::of(t)).collect();
        assert_eq!(fed.iter().filter(|a| a.is_none()).count(), 1);
        for axis in Axis::ALL {
            assert!(fed.contains(&Some(axis)), "{axis:?}");
            assert_eq!(Axis::ALL[axis.index()], axis);
        }
    }
}

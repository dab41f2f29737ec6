//! The evidence kept for a posting: the strongest matches, held in a heap
//! while the text is scanned, then written out as [`Evidence`].

use std::cmp::Ordering;

use compact_str::CompactString;

use super::{round4, AlsoCounts, Classifier, Evidence, Field};
use crate::lexicon::Category;
use crate::matcher::Hit;
use crate::role::Target;

/// The evidence heap of matches that are not [`Category::People`](crate::lexicon::Category::People).
pub(super) const KEPT_OTHER: usize = 4;

/// How many more entries one evidence span lists beside its strongest.
pub(super) const TWINS: usize = 3;

/// Another entry matched on the same span as a [`Scored`] match.
#[derive(Clone, Copy)]
pub(super) struct Twin {
    pub(super) entry: u32,
    pub(super) contribution: f64,
}

/// A counted match: the strongest entry matched on one span, with the other
/// entries matched there. Ordered so that the *weakest* is greatest: the top
/// of the evidence heap is the first to drop.
#[derive(Clone, Copy)]
pub(super) struct Scored {
    pub(super) hit: Hit,
    pub(super) field: Field,
    pub(super) contribution: f64,
    /// Position among all counted matches (title first): earlier wins ties.
    pub(super) seq: usize,
    pub(super) twins: [Option<Twin>; TWINS],
}

impl Scored {
    /// Whether `other` matched the same span of the same field.
    pub(super) fn same_span(&self, other: &Scored) -> bool {
        (self.field, self.hit.start, self.hit.end) == (other.field, other.hit.start, other.hit.end)
    }

    /// Adds `other`, a match on the same span: the stronger becomes the
    /// span's own entry, the weaker a twin (beyond [`TWINS`] the weakest are
    /// left out of the evidence; they still count in the scores).
    pub(super) fn absorb(&mut self, other: Scored) {
        let mut twin = Twin {
            entry: other.hit.entry,
            contribution: other.contribution,
        };
        if other.contribution > self.contribution {
            twin = Twin {
                entry: std::mem::replace(&mut self.hit.entry, other.hit.entry),
                contribution: std::mem::replace(&mut self.contribution, other.contribution),
            };
        }
        if let Some(slot) = self.twins.iter_mut().find(|t| t.is_none()) {
            *slot = Some(twin);
        }
    }
}

impl Ord for Scored {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .contribution
            .total_cmp(&self.contribution)
            .then(self.seq.cmp(&other.seq))
    }
}

impl PartialOrd for Scored {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Scored {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Scored {}

impl Classifier {
    /// The evidence item for a kept match (its contribution already scaled
    /// by its heap's people factor). `target_of` gives an entry's target (an
    /// ambiguous entry's is settled by then), `factor` what a twin's
    /// contribution is scaled by.
    pub(super) fn evidence(
        &self,
        s: &Scored,
        target_of: impl Fn(u32) -> Target,
        factor: impl Fn(Target, Category) -> f64,
        title: Option<&str>,
        text: &str,
    ) -> Evidence {
        let entries = self.lexicon.entries();
        let also = s
            .twins
            .iter()
            .flatten()
            .map(|t| {
                let entry = &entries[t.entry as usize];
                let role = target_of(t.entry);
                AlsoCounts {
                    role,
                    neighbour: entry.neighbour.filter(|_| role == Target::Other),
                    term: CompactString::from(entry.term()),
                    category: entry.category,
                    weight: entry.weight,
                    contribution: round4(t.contribution * factor(role, entry.category)),
                }
            })
            .collect();
        let role = target_of(s.hit.entry);
        let entry = &entries[s.hit.entry as usize];
        let body = match s.field {
            Field::Title => title.unwrap_or(""),
            Field::Text => text,
        };
        Evidence {
            role,
            neighbour: entry.neighbour.filter(|_| role == Target::Other),
            term: CompactString::from(entry.term()),
            category: entry.category,
            weight: entry.weight,
            contribution: round4(s.contribution),
            field: s.field,
            start: s.hit.start,
            end: s.hit.end,
            text: CompactString::from(&body[s.hit.start..s.hit.end]),
            also,
        }
    }
}

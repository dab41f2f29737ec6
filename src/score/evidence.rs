//! The evidence kept for a posting: the strongest matches, held in a heap
//! while the text is scanned, then written out as [`Evidence`].

use std::cmp::Ordering;

use compact_str::CompactString;

use super::{round4, Classifier, Evidence, Field};
use crate::matcher::Hit;
use crate::role::Target;

/// The evidence heap of matches that are not [`Category::People`](crate::lexicon::Category::People).
pub(super) const KEPT_OTHER: usize = 4;

/// A counted match. Ordered so that the *weakest* is greatest: the top of the
/// evidence heap is the first to drop.
#[derive(Clone, Copy)]
pub(super) struct Scored {
    pub(super) hit: Hit,
    pub(super) field: Field,
    pub(super) contribution: f64,
    /// Position among all counted matches (title first): earlier wins ties.
    pub(super) seq: usize,
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
    pub(super) fn evidence(
        &self,
        s: &Scored,
        role: Target,
        title: Option<&str>,
        text: &str,
    ) -> Evidence {
        let entry = &self.lexicon.entries()[s.hit.entry as usize];
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
        }
    }
}

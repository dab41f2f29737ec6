//! The running sums of one posting: per field and target, with people
//! management and product work kept apart.

use super::{round4, Field};
use crate::lexicon::{Category, Entry};
use crate::role::{Neighbour, Role, Target};

/// Index of the sum of other jobs' vocabulary.
pub(super) const OTHER: usize = 4;
/// Index of the technical-depth sum.
pub(super) const TECHNICAL: usize = 5;

/// Score sums per target (in [`Target::ALL`] order), for the title and the text.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Tally {
    /// Whether a non-empty title was given.
    pub(super) titled: bool,
    pub(super) title: [f64; 6],
    pub(super) text: [f64; 6],
    /// What the whole-posting view takes off the text: role titles mentioned
    /// in the text of a posting whose title names another job count half.
    pub(super) discount: [f64; 6],
    /// The text's product-management work: its product-manager evidence less
    /// role titles ("Product Manager" names the family, not the kind of work).
    pub(super) product_work: f64,
    /// The part of `title` and of `text` from [`Category::People`] entries.
    pub(super) people_title: [f64; 6],
    pub(super) people_text: [f64; 6],
    /// The `other` evidence of `title` and of `text` per neighbouring job
    /// family, in [`Neighbour::ALL`] order: the best family is the one an
    /// unclassified posting reads as. (The `other` sums, against which a role
    /// competes, are all families together: vocabulary of other jobs counts
    /// against a role whichever of them it names.)
    pub(super) neighbour_title: [f64; NEIGHBOURS],
    pub(super) neighbour_text: [f64; NEIGHBOURS],
    /// The part of the technical-depth sum of `title` and of `text` that is
    /// the subject matter worked on ([`Category::Domain`]: "cloud",
    /// "security") rather than the hire's own depth (skills, experience).
    pub(super) technical_domain_title: f64,
    pub(super) technical_domain_text: f64,
    /// Duty evidence per target over title and text: every category but
    /// [`Category::Title`] (what the posting's [`Profile`](super::Profile) reads).
    pub(super) duties: [f64; 6],
}

/// Number of neighbouring job families.
const NEIGHBOURS: usize = Neighbour::ALL.len();

impl Tally {
    fn field_mut(&mut self, field: Field) -> &mut [f64; 6] {
        match field {
            Field::Title => &mut self.title,
            Field::Text => &mut self.text,
        }
    }

    /// The whole posting: title and text, less the discount.
    pub(super) fn total(&self) -> [f64; 6] {
        std::array::from_fn(|i| self.title[i] + self.text[i] - self.discount[i])
    }

    /// The neighbouring family with the most evidence over title and text
    /// (the first of equals), when any has some.
    pub(super) fn best_neighbour(&self) -> Option<(Neighbour, f64)> {
        let mut best: Option<(Neighbour, f64)> = None;
        for n in Neighbour::ALL {
            let score = self.neighbour_title[n.index()] + self.neighbour_text[n.index()];
            if score > 0.0 && best.is_none_or(|(_, b)| score > b) {
                best = Some((n, score));
            }
        }
        best
    }

    fn people_mut(&mut self, field: Field) -> &mut [f64; 6] {
        match field {
            Field::Title => &mut self.people_title,
            Field::Text => &mut self.people_text,
        }
    }

    /// Adds `amount` of `entry`'s evidence, credited to `target`, to `field`'s
    /// sums and to the parts of them scoring reads apart: people management,
    /// and the text's product-management work.
    pub(super) fn add(&mut self, field: Field, entry: &Entry, target: Target, amount: f64) {
        let i = target.index();
        self.field_mut(field)[i] += amount;
        if entry.category == Category::People {
            self.people_mut(field)[i] += amount;
        }
        if entry.category != Category::Title {
            self.duties[i] += amount;
        }
        if target == Target::Technical && entry.category == Category::Domain {
            match field {
                Field::Title => self.technical_domain_title += amount,
                Field::Text => self.technical_domain_text += amount,
            }
        }
        if target == Target::Other {
            let n = entry.neighbour.unwrap_or(Neighbour::Other).index();
            match field {
                Field::Title => self.neighbour_title[n] += amount,
                Field::Text => self.neighbour_text[n] += amount,
            }
        }
        if field == Field::Text
            && target == Target::Role(Role::ProductManager)
            && entry.category != Category::Title
        {
            self.product_work += amount;
        }
    }

    pub(super) fn rounded(&self) -> Tally {
        Tally {
            titled: self.titled,
            title: self.title.map(round4),
            text: self.text.map(round4),
            neighbour_title: self.neighbour_title.map(round4),
            neighbour_text: self.neighbour_text.map(round4),
            discount: self.discount.map(round4),
            product_work: round4(self.product_work),
            people_title: self.people_title.map(round4),
            people_text: self.people_text.map(round4),
            technical_domain_title: round4(self.technical_domain_title),
            technical_domain_text: round4(self.technical_domain_text),
            duties: self.duties.map(round4),
        }
    }
}

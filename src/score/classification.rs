//! What a classification says: the role, confidence, scores and evidence,
//! and how it serialises.

use compact_str::CompactString;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::{Opening, Profile};
use crate::lexicon::Category;
use crate::role::{Neighbour, Role, Target};

/// Which part of a posting a match was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The title given separately.
    Title,
    /// The posting text.
    Text,
}

/// One counted match: what matched, where, and what it added to a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The role credited (`other` for vocabulary of a neighbouring job).
    pub role: Target,
    /// For `other` evidence: the neighbouring job family it is evidence of
    /// (serialised only for `other` evidence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbour: Option<Neighbour>,
    /// The lexicon term (canonical spelling, or the regex). Like `text`, a
    /// [`CompactString`]: it derefs to `&str`, and up to 24 bytes are stored
    /// inline, so evidence costs no allocation per match.
    pub term: CompactString,
    /// The entry's category.
    pub category: Category,
    /// The entry's weight in the lexicon.
    pub weight: f64,
    /// What this match added to the role's score (after title factor, context and repeat decay).
    pub contribution: f64,
    /// `title` or `text`: the string `start..end` index into.
    pub field: Field,
    /// Byte offset of the match start, on a char boundary.
    pub start: usize,
    /// Byte offset of the match end, on a char boundary.
    pub end: usize,
    /// The matched text, exactly `field[start..end]`.
    pub text: CompactString,
    /// The other targets the same span counts for (e.g. a role title that is
    /// also technical vocabulary), each with what it added there. The span
    /// itself is listed once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<AlsoCounts>,
}

/// One more target a span of [`Evidence`] counts for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlsoCounts {
    /// The target credited.
    pub role: Target,
    /// For `other`: the neighbouring job family.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neighbour: Option<Neighbour>,
    /// The entry's human name.
    pub term: CompactString,
    /// The entry's category.
    pub category: Category,
    /// The entry's weight in the lexicon.
    pub weight: f64,
    /// What the match added to that target's score.
    pub contribution: f64,
}

/// The result for one posting.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The role, or `None` for `unclassified`.
    pub role: Option<Role>,
    /// The estimated probability that the label is right (for
    /// `unclassified`: that the posting is none of the four roles), from the
    /// classifier's [`Calibration`](crate::Calibration); in `[0, 1]`.
    pub confidence: f64,
    /// The scorer's confidence before calibration: it orders postings by how
    /// clear their verdict is, but is not a probability.
    pub raw_confidence: f64,
    /// The role with the next highest score, if any scores above 0 (the
    /// highest-scoring one when `unclassified`).
    pub runner_up: Option<Role>,
    /// Whether a non-empty title was given.
    pub titled: bool,
    /// The role the title alone supports (`None` without a title, or when it supports none).
    pub title_role: Option<Role>,
    /// The role the text alone supports, without the title.
    pub content_role: Option<Role>,
    /// Score of each role, in [`Role::ALL`] order, rounded to 4 decimals: the
    /// score of its family (technology, program, or product: product manager
    /// and technical product manager together). The product family's goes in
    /// full to the member technical depth names; the sibling gets it × `1 - 2 ×
    /// |technical_share - 0.5|`. The named role has the highest score.
    pub scores: [f64; 4],
    /// Each role's own evidence (the sum of its matches' contributions), in
    /// [`Role::ALL`] order, before the product family is shared out.
    pub role_evidence: [f64; 4],
    /// Score of the vocabulary of other jobs (engineers, designers, marketers,
    /// sellers, …: all neighbouring job families together), which the best
    /// role family must beat.
    pub other_score: f64,
    /// For an `unclassified` posting whose vocabulary of other jobs is at least
    /// its best role family's: the neighbouring family with the most of it.
    pub neighbour: Option<Neighbour>,
    /// Score of technical-depth vocabulary (a qualifier, not a role).
    pub technical_score: f64,
    /// How technical the product evidence is, in `[0, 1]`: at 0.5 or more a
    /// product job is a technical product manager.
    pub technical_share: f64,
    /// Where the posting sits between the seeds' axes (product, technical,
    /// delivery, people): each axis's share of its duty evidence.
    pub profile: Profile,
    /// The top matches by contribution, highest first.
    pub evidence: Vec<Evidence>,
    /// When the post hires for several roles: each opening (see
    /// [`Classification::roles`]); empty for a post with one opening.
    pub openings: Vec<Opening>,
    /// Byte length of the text scanned (the text, or its first
    /// [`Options::max_bytes`](super::Options::max_bytes)).
    pub text_len: usize,
    /// When the text was longer than [`Options::max_bytes`](super::Options::max_bytes): the byte length
    /// scanned (the text was cut there).
    pub truncated_at: Option<usize>,
}

impl Classification {
    /// The label as written in output: a role id or `unclassified`.
    pub fn label(&self) -> &'static str {
        self.role.map_or("unclassified", Role::id)
    }

    /// Each opening the post hires for: its role, its part of the text and
    /// its evidence. A post with one opening has one entry, the whole text
    /// with the posting's label and evidence; [`Classification::role`] stays
    /// the best single label either way.
    pub fn roles(&self) -> impl Iterator<Item = OpeningRef<'_>> {
        let whole = self.openings.is_empty().then(|| OpeningRef {
            role: self.role,
            start: 0,
            end: self.text_len,
            evidence: &self.evidence,
        });
        let several = self.openings.iter().map(|o| OpeningRef {
            role: o.role,
            start: o.start,
            end: o.end,
            evidence: &o.evidence,
        });
        whole.into_iter().chain(several)
    }

    /// Score of one role.
    pub fn score(&self, role: Role) -> f64 {
        self.scores[role.index()]
    }

    /// Score of `role`'s family, the score that names it: product manager and
    /// technical product manager share one (the sum of their evidence).
    pub fn family_score(&self, role: Role) -> f64 {
        match role {
            Role::ProductManager | Role::TechnicalProductManager => {
                let e = &self.role_evidence;
                round4_sum(
                    e[Role::ProductManager.index()],
                    e[Role::TechnicalProductManager.index()],
                )
            }
            _ => self.score(role),
        }
    }
}

fn round4_sum(a: f64, b: f64) -> f64 {
    ((a + b) * 10_000.0).round() / 10_000.0
}

/// Serialises the scores as `{"product_manager": 1.5, ...}`.
pub struct Scores<'a>(pub &'a [f64; 4]);

impl Serialize for Scores<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        for role in Role::ALL {
            map.serialize_entry(role.id(), &self.0[role.index()])?;
        }
        map.end()
    }
}

impl Serialize for Classification {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Classification", 9)?;
        st.serialize_field("role", self.label())?;
        st.serialize_field("confidence", &self.confidence)?;
        st.serialize_field("runner_up", &self.runner_up)?;
        st.serialize_field("title_role", &self.title_role)?;
        st.serialize_field("content_role", &self.content_role)?;
        st.serialize_field("neighbour", &self.neighbour)?;
        st.serialize_field("scores", &Scores(&self.scores))?;
        st.serialize_field("profile", &self.profile)?;
        st.serialize_field("evidence", &self.evidence)?;
        st.serialize_field("roles", &Roles(self))?;
        st.end()
    }
}

/// Serialises [`Classification::roles`]: a JSON array of `{role, start, end,
/// evidence}`.
pub struct Roles<'a>(pub &'a Classification);

impl Serialize for Roles<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.roles())
    }
}

/// One entry of [`Classification::roles`], borrowed from the classification.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OpeningRef<'a> {
    /// The role, or `None` for `unclassified`.
    #[serde(serialize_with = "label")]
    pub role: Option<Role>,
    /// Byte offset in the text where the opening's part starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// The opening's evidence.
    pub evidence: &'a [Evidence],
}

/// A role's id, `unclassified` for none.
fn label<S: Serializer>(role: &Option<Role>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(role.map_or("unclassified", Role::id))
}

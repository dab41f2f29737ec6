//! Scoring: from lexicon hits to a role, a confidence, per-role scores and evidence.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::context::{self, Context};
use crate::lexicon::{Category, Lexicon};
use crate::matcher::{Hit, Matcher};
use crate::role::{Role, Target};

/// Scoring settings. [`Options::default`] gives the documented defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// A role needs at least this score to be named; below it the posting is `unclassified`.
    pub min_score: f64,
    /// Multiplier for matches in the title.
    pub title_factor: f64,
    /// The k-th repeat of the same term counts `repeat_decay^(k-1)` of its weight.
    pub repeat_decay: f64,
    /// How many evidence items to keep per posting (top by contribution).
    pub evidence: usize,
    /// Only the first `max_bytes` of a text are scanned (cut at a char
    /// boundary); longer texts are reported as truncated.
    pub max_bytes: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            min_score: 7.0,
            title_factor: 3.0,
            repeat_decay: 0.5,
            evidence: 5,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// Default for [`Options::max_bytes`]: 256 MiB.
pub const DEFAULT_MAX_BYTES: usize = 256 << 20;

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
    /// The role credited (`other` for decoy vocabulary).
    pub role: Target,
    /// The lexicon term (canonical spelling, or the regex).
    pub term: String,
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
    pub text: String,
}

/// The result for one posting.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The role, or `None` for `unclassified`.
    pub role: Option<Role>,
    /// How sure the label is, in `[0, 1]`.
    pub confidence: f64,
    /// The next best role with a positive score (the best one when `unclassified`).
    pub runner_up: Option<Role>,
    /// Score of each role, in [`Role::ALL`] order, rounded to 4 decimals.
    pub scores: [f64; 4],
    /// Score of decoy vocabulary (jobs that are none of the four roles).
    pub other_score: f64,
    /// The top matches by contribution, highest first.
    pub evidence: Vec<Evidence>,
    /// When the text was longer than [`Options::max_bytes`]: the byte length
    /// scanned (the text was cut there).
    pub truncated_at: Option<usize>,
}

impl Classification {
    /// The label as written in output: a role id or `unclassified`.
    pub fn label(&self) -> &'static str {
        self.role.map_or("unclassified", Role::id)
    }

    /// Score of one role.
    pub fn score(&self, role: Role) -> f64 {
        self.scores[role.index()]
    }
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
        let mut st = s.serialize_struct("Classification", 5)?;
        st.serialize_field("role", self.label())?;
        st.serialize_field("confidence", &self.confidence)?;
        st.serialize_field("runner_up", &self.runner_up)?;
        st.serialize_field("scores", &Scores(&self.scores))?;
        st.serialize_field("evidence", &self.evidence)?;
        st.end()
    }
}

/// A reusable, thread-safe classifier: the lexicon compiled once.
///
/// ```
/// use rolecall::{Classifier, Role};
///
/// let classifier = Classifier::default();
/// let result = classifier.classify(
///     Some("Senior Engineering Manager"),
///     "You will lead a team of engineers, run one-on-ones and own hiring.",
/// );
/// assert_eq!(result.role, Some(Role::TechnologyManager));
/// for e in &result.evidence {
///     assert!(e.start <= e.end);
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Classifier {
    lexicon: Lexicon,
    matcher: Matcher,
    options: Options,
}

impl Default for Classifier {
    /// The embedded lexicons with default options.
    fn default() -> Classifier {
        Classifier::new(Lexicon::embedded(), Options::default())
    }
}

#[derive(Default)]
struct Scratch {
    /// Repeat counts per (entry, field); only touched slots are non-zero.
    counts: Vec<u32>,
    touched: Vec<usize>,
    /// The best matches so far, for evidence.
    kept: BinaryHeap<Scored>,
}

/// A counted match. Ordered so that the *weakest* is greatest: the top of the
/// evidence heap is the first to drop.
#[derive(Clone, Copy)]
struct Scored {
    hit: Hit,
    field: Field,
    contribution: f64,
    /// Position among all counted matches (title first): earlier wins ties.
    seq: usize,
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

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Classifier {
    /// Compiles `lexicon` (one automaton for all literals, each regex once).
    pub fn new(lexicon: Lexicon, options: Options) -> Classifier {
        let matcher = Matcher::new(&lexicon);
        Classifier {
            lexicon,
            matcher,
            options,
        }
    }

    /// The lexicon this classifier was built from.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The scoring options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Classifies one posting. `title`, when given, weighs more than the text.
    ///
    /// Evidence offsets index into `title` or `text` (see [`Evidence::field`]).
    ///
    /// ```
    /// use rolecall::Classifier;
    ///
    /// let c = Classifier::default();
    /// let text = "We are hiring a Technical Program Manager to drive cross-team \
    ///             delivery: schedules, milestones, dependencies and risk.";
    /// let r = c.classify(None, text);
    /// assert_eq!(r.label(), "technical_program_manager");
    /// for e in &r.evidence {
    ///     assert_eq!(&text[e.start..e.end], e.text);
    /// }
    /// assert_eq!(c.classify(None, "Line cook wanted.").label(), "unclassified");
    /// ```
    pub fn classify(&self, title: Option<&str>, text: &str) -> Classification {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.classify_with(&mut scratch, title, text),
            Err(_) => self.classify_with(&mut Scratch::default(), title, text),
        })
    }

    fn classify_with(
        &self,
        scratch: &mut Scratch,
        title: Option<&str>,
        text: &str,
    ) -> Classification {
        let entries = self.lexicon.entries();
        let o = &self.options;
        if scratch.counts.len() != entries.len() * 2 {
            scratch.counts = vec![0; entries.len() * 2];
        }
        // A panic in an earlier call may have left counts or evidence behind.
        reset_counts(scratch);
        scratch.kept.clear();
        let full_len = text.len();
        let text = truncate(text, o.max_bytes);
        let title = title.map(|t| truncate(t, o.max_bytes));
        let mut totals = [0.0f64; 5];
        // Ambiguous entries (e.g. `TPM`): summed per entry, given a role at the end.
        let mut shared: Vec<(u32, f64)> = Vec::new();
        let mut seq = 0;
        for (field, body) in [(Field::Title, title.unwrap_or("")), (Field::Text, text)] {
            if body.is_empty() {
                continue;
            }
            let Scratch {
                counts,
                touched,
                kept,
            } = &mut *scratch;
            self.matcher.for_each_hit(body, |hit| {
                let entry = &entries[hit.entry as usize];
                let factor = match field {
                    Field::Title => o.title_factor,
                    Field::Text if entry.category == Category::Title => {
                        match context::of_title_mention(body, hit.start, hit.end) {
                            Context::Hiring => 1.5,
                            Context::Collaborator => 0.15,
                            Context::Background => 0.5,
                            Context::Neutral => 1.0,
                        }
                    }
                    Field::Text => 1.0,
                };
                let slot = hit.entry as usize * 2 + (field == Field::Text) as usize;
                let seen = counts[slot];
                if seen == 0 {
                    touched.push(slot);
                }
                counts[slot] = seen + 1;
                let contribution = entry.weight * factor * o.repeat_decay.powi(seen as i32);
                if entry.shared_with.is_empty() {
                    totals[entry.target.index()] += contribution;
                } else if let Some(sum) = shared.iter_mut().find(|(e, _)| *e == hit.entry) {
                    sum.1 += contribution;
                } else {
                    shared.push((hit.entry, contribution));
                }
                let scored = Scored {
                    hit,
                    field,
                    contribution,
                    seq,
                };
                seq += 1;
                if kept.len() < o.evidence {
                    kept.push(scored);
                } else if kept.peek().is_some_and(|weakest| scored < *weakest) {
                    kept.pop();
                    kept.push(scored);
                }
            });
        }
        reset_counts(scratch);
        // Each ambiguous entry goes to whichever of its candidate roles has the
        // most evidence from everything else.
        let settled = totals;
        let target_of = |entry: u32| -> Target {
            let entry = &entries[entry as usize];
            let mut best = entry.target;
            for &r in &entry.shared_with {
                if settled[r.index()] > settled[best.index()] {
                    best = Target::Role(r);
                }
            }
            best
        };
        for &(entry, sum) in &shared {
            totals[target_of(entry).index()] += sum;
        }
        let totals = totals.map(round4);
        let mut kept = std::mem::take(&mut scratch.kept).into_sorted_vec();
        let evidence = kept
            .iter()
            .map(|s| self.evidence(s, target_of(s.hit.entry), title, text))
            .collect();
        kept.clear();
        scratch.kept = BinaryHeap::from(kept);
        let mut result = self.decide(totals, evidence);
        if text.len() < full_len {
            result.truncated_at = Some(text.len());
        }
        result
    }

    fn decide(&self, totals: [f64; 5], evidence: Vec<Evidence>) -> Classification {
        let o = &self.options;
        let scores = [totals[0], totals[1], totals[2], totals[3]];
        let other = totals[4];
        let mut ranked = Role::ALL;
        // Stable sort: ties keep Role::ALL order, so the result is deterministic.
        ranked.sort_by(|a, b| scores[b.index()].total_cmp(&scores[a.index()]));
        let (best, second) = (ranked[0], ranked[1]);
        let top = scores[best.index()];
        let positive = |r: Role| (scores[r.index()] > 0.0).then_some(r);
        let (role, runner_up, confidence) = if top >= o.min_score && top > other {
            let rival = scores[second.index()].max(other);
            let margin = (top - rival) / top;
            let strength = 1.0 - (-top / o.min_score).exp();
            (Some(best), positive(second), margin * strength)
        } else {
            let thin = 1.0 - (top / o.min_score).min(1.0);
            let outvoted = if other > 0.0 && other >= top {
                (other - top) / other
            } else {
                0.0
            };
            (None, positive(best), thin.max(outvoted))
        };
        Classification {
            role,
            confidence: round4(confidence.clamp(0.0, 1.0)),
            runner_up,
            scores,
            other_score: other,
            evidence,
            truncated_at: None,
        }
    }

    fn evidence(&self, s: &Scored, role: Target, title: Option<&str>, text: &str) -> Evidence {
        let entry = &self.lexicon.entries()[s.hit.entry as usize];
        let body = match s.field {
            Field::Title => title.unwrap_or(""),
            Field::Text => text,
        };
        Evidence {
            role,
            term: entry.term().to_string(),
            category: entry.category,
            weight: entry.weight,
            contribution: round4(s.contribution),
            field: s.field,
            start: s.hit.start,
            end: s.hit.end,
            text: body[s.hit.start..s.hit.end].to_string(),
        }
    }
}

fn reset_counts(scratch: &mut Scratch) {
    for slot in scratch.touched.drain(..) {
        scratch.counts[slot] = 0;
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    const LEXICON: &str = r#"{"role": "product_manager", "terms": [
        {"term": "product manager", "weight": 8, "category": "title"},
        {"term": "roadmap", "weight": 2, "category": "deliverable"}]}"#;
    const PROGRAM: &str = r#"{"role": "technical_program_manager", "terms": [
        {"term": "milestones", "weight": 3, "category": "deliverable"},
        {"regex": "\\bTPM\\b", "case_sensitive": true, "weight": 5, "category": "title",
         "shared_with": ["technical_product_manager"]}]}"#;
    const TECH_PRODUCT: &str = r#"{"role": "technical_product_manager", "terms": [
        {"term": "apis", "weight": 3, "category": "domain"}]}"#;
    const DECOY: &str = r#"{"role": "other", "terms": [
        {"term": "product marketing manager", "weight": 9, "category": "title"}]}"#;

    fn classifier(options: Options) -> Classifier {
        let lexicon = Lexicon::from_sources([
            ("pm.json", LEXICON),
            ("tpgm.json", PROGRAM),
            ("tpdm.json", TECH_PRODUCT),
            ("other.json", DECOY),
        ])
        .unwrap();
        Classifier::new(lexicon, options)
    }

    fn score(c: &Classification, role: Role) -> f64 {
        c.scores[role.index()]
    }

    #[test]
    fn title_weighs_more_than_text() {
        let c = classifier(Options::default());
        let in_title = c.classify(Some("Product Manager"), "");
        let in_text = c.classify(None, "Product Manager");
        assert_eq!(score(&in_title, Role::ProductManager), 24.0);
        assert_eq!(score(&in_text, Role::ProductManager), 8.0);
        assert_eq!(in_title.evidence[0].field, Field::Title);
    }

    #[test]
    fn repeats_have_diminishing_returns() {
        let c = classifier(Options::default());
        let r = c.classify(None, "roadmap roadmap roadmap");
        assert_eq!(score(&r, Role::ProductManager), 2.0 + 1.0 + 0.5);
    }

    #[test]
    fn thin_evidence_is_unclassified_and_min_score_is_settable() {
        let strict = classifier(Options::default());
        let r = strict.classify(None, "roadmap");
        assert_eq!(r.role, None);
        assert_eq!(r.runner_up, Some(Role::ProductManager));
        let lenient = classifier(Options {
            min_score: 1.5,
            ..Options::default()
        });
        assert_eq!(
            lenient.classify(None, "roadmap").role,
            Some(Role::ProductManager)
        );
    }

    #[test]
    fn a_colleague_mention_counts_little() {
        let c = classifier(Options::default());
        let hired = c.classify(None, "We are hiring a Product Manager.");
        let colleague = c.classify(None, "You will work with a Product Manager.");
        assert_eq!(hired.role, Some(Role::ProductManager));
        assert!(score(&colleague, Role::ProductManager) < 2.0);
        assert_eq!(colleague.role, None);
    }

    #[test]
    fn tpm_goes_to_the_role_with_more_other_evidence() {
        let c = classifier(Options::default());
        let program = c.classify(Some("TPM"), "Own milestones.");
        assert_eq!(program.role, Some(Role::TechnicalProgramManager));
        let product = c.classify(Some("TPM"), "Own our APIs.");
        assert_eq!(product.role, Some(Role::TechnicalProductManager));
        let tpm = product.evidence.iter().find(|e| e.text == "TPM").unwrap();
        assert_eq!(tpm.role, Target::Role(Role::TechnicalProductManager));
    }

    #[test]
    fn decoys_outvote_shared_vocabulary() {
        let c = classifier(Options::default());
        let r = c.classify(
            Some("Product Marketing Manager"),
            "Own the roadmap and the roadmap.",
        );
        assert_eq!(r.role, None);
        assert_eq!(r.other_score, 27.0);
        assert_eq!(r.evidence[0].role, Target::Other);
    }

    #[test]
    fn confidence_grows_with_margin_and_strength() {
        let c = classifier(Options::default());
        let clear = c.classify(Some("Product Manager"), "roadmap");
        let contested = c.classify(Some("Product Manager"), "milestones milestones TPM");
        assert!(clear.confidence > contested.confidence);
        assert!((0.0..=1.0).contains(&clear.confidence));
    }

    #[test]
    fn long_texts_are_cut_at_max_bytes_on_a_char_boundary() {
        let c = classifier(Options {
            max_bytes: 9,
            ..Options::default()
        });
        // "é" occupies bytes 8..10: the cut falls back to 8.
        let r = c.classify(None, "roadmap é roadmap");
        assert_eq!(r.truncated_at, Some(8));
        assert_eq!(r.evidence.len(), 1);
        assert_eq!(c.classify(None, "roadmap").truncated_at, None);
    }
}

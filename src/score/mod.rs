//! Scoring: from lexicon hits to a role, a confidence, per-role scores and evidence.

use std::cell::RefCell;
use std::collections::BinaryHeap;

use crate::calibration::Calibration;
use crate::context::{self, Context};
use crate::lexicon::{Category, Entry, Lexicon};
use crate::matcher::Matcher;
use crate::role::Target;

mod classification;
mod evidence;
mod openings;
mod profile;
mod shifts;
mod tally;
mod verdict;

pub use classification::{AlsoCounts, Classification, Evidence, Field, OpeningRef, Roles, Scores};
use evidence::{Scored, KEPT_OTHER, TWINS};
use openings::Mention;
pub use openings::Opening;
pub use profile::{Axis, Profile};
pub use shifts::Shifts;
use tally::{Tally, OTHER};

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
    /// How much one point of technical vocabulary (technical-product and
    /// technical-depth entries) weighs against one point of product-management
    /// work (the text's product-manager evidence less role titles) when
    /// splitting a product job into product manager or technical product manager.
    pub technical_weight: f64,
    /// Technical-depth score a program job needs to be a technical program
    /// manager; below it, it is a non-technical program job (`unclassified`).
    /// Not checked when the lexicon has no `technical` entries.
    pub program_depth: f64,
    /// A label whose (calibrated) confidence is below this becomes
    /// `unclassified`: the operating point between precision and recall.
    pub min_confidence: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            min_score: 7.0,
            title_factor: 3.0,
            repeat_decay: 0.5,
            evidence: 5,
            max_bytes: DEFAULT_MAX_BYTES,
            technical_weight: 4.0,
            program_depth: 2.0,
            min_confidence: 0.0,
        }
    }
}

/// Default for [`Options::max_bytes`]: 256 MiB.
pub const DEFAULT_MAX_BYTES: usize = 256 << 20;

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
    calibration: Calibration,
    /// Whether the lexicon has technical-depth entries; without them a program
    /// job is named technical program manager without a depth check.
    has_technical: bool,
}

impl Default for Classifier {
    /// The embedded lexicons and their calibration, with default options.
    fn default() -> Classifier {
        Classifier::new(Lexicon::embedded(), Options::default())
            .with_calibration(Calibration::embedded())
    }
}

#[derive(Default)]
struct Scratch {
    /// Repeat counts per (entry, field); only touched slots are non-zero.
    counts: Vec<u32>,
    touched: Vec<usize>,
    /// The best matches so far, for evidence: [`KEPT_OTHER`] for all but
    /// [`Category::People`] entries, then one heap per role for those (their
    /// contributions are scaled at the end by one factor per role, which keeps
    /// each heap's order, so the best of the heaps are the best overall).
    kept: [BinaryHeap<Scored>; 5],
    /// The heaps' matches, best first, when evidence is chosen.
    ranked: Vec<Scored>,
    /// The role titles in the text, for posts that hire for several roles.
    mentions: Vec<Mention>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Classifier {
    /// Compiles `lexicon` (one automaton for all literals, each regex once).
    /// Confidence is the raw one until a calibration is given
    /// ([`Classifier::with_calibration`]).
    pub fn new(lexicon: Lexicon, options: Options) -> Classifier {
        let matcher = Matcher::new(&lexicon);
        let has_technical = lexicon
            .entries()
            .iter()
            .any(|e| e.target == Target::Technical);
        Classifier {
            lexicon,
            matcher,
            options,
            calibration: Calibration::default(),
            has_technical,
        }
    }

    /// The same classifier with confidence mapped through `calibration`.
    pub fn with_calibration(self, calibration: Calibration) -> Classifier {
        Classifier {
            calibration,
            ..self
        }
    }

    /// The calibration confidence is mapped through.
    pub fn calibration(&self) -> &Calibration {
        &self.calibration
    }

    /// The same compiled lexicon with other options (nothing is compiled again).
    pub fn with_options(&self, options: Options) -> Classifier {
        Classifier {
            options,
            ..self.clone()
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

    /// The technical depth a program job needs to be named technical program
    /// manager, or `None` when the lexicon has no technical-depth entries (then
    /// any program job is).
    pub fn program_depth(&self) -> Option<f64> {
        self.has_technical.then_some(self.options.program_depth)
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
        let (mut result, mentions) = with_scratch(|scratch| {
            let result = self.classify_with(scratch, title, text);
            let mentions = &scratch.mentions;
            (
                result,
                openings::names_several_roles(mentions).then(|| mentions.clone()),
            )
        });
        if let Some(mentions) = mentions {
            result.openings = self.openings(truncate(text, self.options.max_bytes), &mentions);
        }
        result
    }

    /// [`Classifier::classify`] of a posting as one opening.
    fn classify_one(&self, title: Option<&str>, text: &str) -> Classification {
        with_scratch(|scratch| self.classify_with(scratch, title, text))
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
        scratch.kept.iter_mut().for_each(BinaryHeap::clear);
        scratch.mentions.clear();
        let full_len = text.len();
        let text = truncate(text, o.max_bytes);
        let title = title.map(|t| truncate(t, o.max_bytes));
        // Score sums per target, for the title and for the text.
        let mut tally = Tally {
            titled: title.is_some_and(|t| !t.trim().is_empty()),
            ..Tally::default()
        };
        // Ambiguous entries (e.g. `TPM`): summed per entry and field, given a role at the end.
        let mut shared: Vec<(u32, Field, f64)> = Vec::new();
        let mut seq = 0;
        for (field, body) in [(Field::Title, title.unwrap_or("")), (Field::Text, text)] {
            if body.is_empty() {
                continue;
            }
            let Scratch {
                counts,
                touched,
                kept,
                mentions,
                ..
            } = &mut *scratch;
            // A title that names another job (a decoy) and no role: role titles
            // mentioned in the text are likely the people the job works with.
            let title_names_other_job = field == Field::Text
                && tally.title[OTHER] > 0.0
                && tally.title[..OTHER].iter().all(|&x| x == 0.0)
                && shared.is_empty();
            let mut pending: Option<Scored> = None;
            self.matcher.for_each_hit(body, |hit| {
                let entry = &entries[hit.entry as usize];
                let factor = match field {
                    // Technical words in a title ("…, Cloud Infrastructure") say
                    // what the job works on, not what it is: they count once.
                    Field::Title
                        if entry.target == Target::Technical
                            && entry.category != Category::Title =>
                    {
                        1.0
                    }
                    Field::Title => o.title_factor,
                    Field::Text if entry.category == Category::Title => {
                        if let (Target::Role(role), []) = (entry.target, &entry.shared_with[..]) {
                            mentions.push(Mention {
                                start: hit.start,
                                end: hit.end,
                                role,
                            });
                        }
                        match context::of_title_mention(body, hit.start, hit.end) {
                            Context::Hiring => 1.5,
                            Context::Collaborator | Context::ActingAs | Context::Restated => 0.15,
                            Context::Background => 0.5,
                            Context::Neutral => 1.0,
                        }
                    }
                    Field::Text => 1.0,
                };
                let discounted = title_names_other_job
                    && entry.category == Category::Title
                    && matches!(entry.target, Target::Role(_))
                    && entry.shared_with.is_empty();
                let slot = hit.entry as usize * 2 + (field == Field::Text) as usize;
                let seen = counts[slot];
                if seen == 0 {
                    touched.push(slot);
                }
                counts[slot] = seen + 1;
                let full = entry.weight * factor * o.repeat_decay.powi(seen as i32);
                // What the match adds to the whole-posting score.
                let contribution = if discounted { full * 0.5 } else { full };
                if entry.shared_with.is_empty() {
                    tally.add(field, entry, entry.target, full);
                    tally.discount[entry.target.index()] += full - contribution;
                } else if let Some(sum) = shared.iter_mut().find(|(e, _, _)| *e == hit.entry) {
                    sum.2 += contribution;
                } else {
                    shared.push((hit.entry, field, contribution));
                }
                let scored = Scored {
                    hit,
                    field,
                    contribution,
                    seq,
                    twins: [None; TWINS],
                };
                seq += 1;
                // Matches on one span arrive together: they are one evidence item.
                match pending.as_mut() {
                    Some(group) if group.same_span(&scored) => group.absorb(scored),
                    _ => {
                        if let Some(done) = pending.replace(scored) {
                            keep(kept, done, entries, o.evidence);
                        }
                    }
                }
            });
            if let Some(done) = pending.take() {
                keep(kept, done, entries, o.evidence);
            }
        }
        reset_counts(scratch);
        // Each ambiguous entry goes to whichever of its candidate roles has the
        // most evidence from everything else.
        let settled = tally.total();
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
        for &(entry, field, sum) in &shared {
            tally.add(field, &entries[entry as usize], target_of(entry), sum);
        }
        let tally = tally.rounded();
        let mut total = tally.total();
        let people_total: [f64; 6] =
            std::array::from_fn(|i| tally.people_title[i] + tally.people_text[i]);
        let people_factor = self.gate_people(&mut total, &people_total);
        let Scratch { kept, ranked, .. } = &mut *scratch;
        ranked.clear();
        for (i, heap) in kept.iter_mut().enumerate() {
            let factor = if i == KEPT_OTHER {
                1.0
            } else {
                people_factor[i]
            };
            ranked.extend(heap.drain().map(|s| Scored {
                contribution: s.contribution * factor,
                ..s
            }));
        }
        ranked.sort_unstable();
        let people = |target: Target, category: Category| match target {
            Target::Role(role) if category == Category::People => people_factor[role.index()],
            _ => 1.0,
        };
        let evidence = ranked
            .iter()
            .take(o.evidence)
            .map(|s| self.evidence(s, target_of, people, title, text))
            .collect();
        let mut result = self.decide(&tally, &total, evidence);
        result.text_len = text.len();
        if text.len() < full_len {
            result.truncated_at = Some(text.len());
        }
        result
    }
}

/// Keeps `scored` in its evidence heap (a people-management match in its
/// role's, the rest in [`KEPT_OTHER`]) when it is among the `limit` strongest.
fn keep(kept: &mut [BinaryHeap<Scored>; 5], scored: Scored, entries: &[Entry], limit: usize) {
    let entry = &entries[scored.hit.entry as usize];
    let heap = match entry.target {
        Target::Role(role) if entry.category == Category::People => &mut kept[role.index()],
        _ => &mut kept[KEPT_OTHER],
    };
    if heap.len() < limit {
        heap.push(scored);
    } else if heap.peek().is_some_and(|weakest| scored < *weakest) {
        heap.pop();
        heap.push(scored);
    }
}

/// Runs `f` with this thread's scratch space, or a fresh one when it is in use.
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut Scratch::default()),
    })
}

fn reset_counts(scratch: &mut Scratch) {
    for slot in scratch.touched.drain(..) {
        scratch.counts[slot] = 0;
    }
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
pub fn truncate(text: &str, max: usize) -> &str {
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
    #[test]
    fn text_is_cut_at_a_char_boundary() {
        let text = "é".repeat(20);
        let c = super::truncate(&text, 7);
        assert_eq!(c.len(), 6);
        assert_eq!(super::truncate("short", 7), "short");
    }

    use super::*;
    use crate::lexicon::Lexicon;
    use crate::role::Role;

    const LEXICON: &str = r#"{"role": "product_manager", "terms": [
        {"term": "product manager", "weight": 8, "category": "title"},
        {"term": "roadmap", "weight": 2, "category": "deliverable"}]}"#;
    const PROGRAM: &str = r#"{"role": "technical_program_manager", "terms": [
        {"term": "milestones", "weight": 3, "category": "deliverable"},
        {"name": "TPM", "regex": "\\bTPM\\b", "case_sensitive": true, "weight": 5, "category": "title",
         "shared_with": ["technical_product_manager"]}]}"#;
    const TECH_PRODUCT: &str = r#"{"role": "technical_product_manager", "terms": [
        {"term": "apis", "weight": 3, "category": "domain"}]}"#;
    const DECOY: &str = r#"{"role": "other", "terms": [
        {"term": "product marketing manager", "weight": 9, "category": "title"}]}"#;
    const TECHNICAL: &str = r#"{"role": "technical", "terms": [
        {"name": "TPM", "regex": "\\bTPM\\b", "case_sensitive": true, "weight": 3, "category": "title"},
        {"term": "system design", "weight": 3, "category": "skill"},
        {"term": "engineering background", "weight": 3, "category": "skill"}]}"#;

    fn classifier(options: Options) -> Classifier {
        let lexicon = Lexicon::from_sources([
            ("pm.json", LEXICON),
            ("tpgm.json", PROGRAM),
            ("tpdm.json", TECH_PRODUCT),
            ("other.json", DECOY),
            ("technical.json", TECHNICAL),
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
    fn managing_people_needs_the_team_s_work_in_view() {
        const TECH_MANAGER: &str = r#"{"role": "technology_manager", "terms": [
            {"term": "direct reports", "weight": 4, "category": "people"},
            {"term": "one-on-ones", "weight": 4, "category": "people"},
            {"term": "team of engineers", "weight": 2, "category": "responsibility"}]}"#;
        let lexicon =
            Lexicon::from_sources([("tm.json", TECH_MANAGER), ("technical.json", TECHNICAL)])
                .unwrap();
        let c = Classifier::new(lexicon, Options::default());
        // People management alone: 8 of evidence, none of it saying what the
        // team works on, counts 0 of the minimum score 7.
        let any_team = c.classify(None, "Run one-on-ones with your direct reports.");
        assert_eq!(any_team.role, None);
        assert_eq!(score(&any_team, Role::TechnologyManager), 0.0);
        assert!(any_team.evidence.iter().all(|e| e.contribution == 0.0));
        // A team of engineers (2) and system design (3): 5 / 7 of the 8.
        let engineers = c.classify(
            None,
            "Run one-on-ones with your direct reports, a team of engineers. system design",
        );
        let gated = round4(2.0 + 8.0 * 5.0 / 7.0);
        assert_eq!(score(&engineers, Role::TechnologyManager), gated);
        assert_eq!(engineers.role, Some(Role::TechnologyManager));
        let one_on_ones = engineers.evidence.iter().find(|e| e.text == "one-on-ones");
        assert_eq!(one_on_ones.unwrap().contribution, round4(4.0 * 5.0 / 7.0));
        // With engineering background (3) too, 8 ≥ 7: people management counts in full.
        let full = c.classify(
            None,
            "Run one-on-ones with your direct reports, a team of engineers. \
             system design, engineering background",
        );
        assert_eq!(score(&full, Role::TechnologyManager), 10.0);
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
    fn technical_depth_splits_the_product_family() {
        let c = classifier(Options::default());
        let plain = c.classify(Some("Product Manager"), "Own the roadmap.");
        assert_eq!(plain.role, Some(Role::ProductManager));
        assert_eq!(plain.technical_share, 0.0);
        // W × (5.25 of apis + 3 of system design) against 3 of roadmap.
        let w = c.options().technical_weight;
        let text = "Own the roadmap and the roadmap for our apis, apis and apis. system design";
        let technical = c.classify(Some("Product Manager"), text);
        assert_eq!(technical.role, Some(Role::TechnicalProductManager));
        assert_eq!(technical.title_role, Some(Role::ProductManager));
        assert_eq!(technical.content_role, Some(Role::TechnicalProductManager));
        // The minimum score (7) is the prior on the product side.
        assert_eq!(
            technical.technical_share,
            round4(w * 8.25 / (w * 8.25 + 3.0 + 7.0))
        );
        assert_eq!(technical.runner_up, Some(Role::ProductManager));
        // Each role's own evidence: 24 + 3 of product-manager terms, 5.25 of apis.
        let own = |r: Role| technical.role_evidence[r.index()];
        assert_eq!(own(Role::ProductManager), 24.0 + 3.0);
        assert_eq!(own(Role::TechnicalProductManager), 5.25);
        // The named member gets the family's 32.25; its sibling that × 1 - 2 × |share - 0.5|.
        let share = technical.technical_share;
        assert_eq!(score(&technical, Role::TechnicalProductManager), 32.25);
        assert_eq!(
            score(&technical, Role::ProductManager),
            round4(32.25 * (1.0 - (share - 0.5).abs() * 2.0))
        );
    }

    #[test]
    fn a_span_counted_for_two_targets_is_one_evidence_item() {
        let c = classifier(Options::default());
        let r = c.classify(None, "TPM work: system design and milestones.");
        let tpm: Vec<_> = r.evidence.iter().filter(|e| e.text == "TPM").collect();
        assert_eq!(tpm.len(), 1, "{:?}", r.evidence);
        let targets: Vec<Target> = std::iter::once(tpm[0].role)
            .chain(tpm[0].also.iter().map(|a| a.role))
            .collect();
        assert!(targets.contains(&Target::Technical), "{targets:?}");
        assert!(targets.contains(&Target::Role(Role::TechnicalProgramManager)));
        let mut spans: Vec<_> = r.evidence.iter().map(|e| (e.field, e.start)).collect();
        spans.dedup();
        assert_eq!(spans.len(), r.evidence.len());
    }

    #[test]
    fn a_role_title_in_the_text_is_not_product_work() {
        let c = classifier(Options::default());
        let text = "We are hiring a Product Manager to own the roadmap for our apis.";
        let r = c.classify(None, text);
        // The mention (8 × 1.5) scores the family but is left out of the
        // share's base: W × 3 of apis against 2 of roadmap and the prior of 7.
        let w = c.options().technical_weight;
        assert_eq!(r.role_evidence[Role::ProductManager.index()], 12.0 + 2.0);
        assert_eq!(r.technical_share, round4(w * 3.0 / (w * 3.0 + 2.0 + 7.0)));
        assert_eq!(r.role, Some(Role::TechnicalProductManager));
    }

    #[test]
    fn a_program_job_needs_technical_depth() {
        let c = classifier(Options::default());
        let text = "Own milestones. Own milestones.";
        let plain = c.classify(Some("TPM"), text);
        // TPM is itself a technical qualifier: 3 × 3 = 9 reaches the depth of 4.
        assert_eq!(plain.role, Some(Role::TechnicalProgramManager));
        let shallow = c.classify(
            None,
            "milestones milestones milestones milestones milestones",
        );
        assert!(shallow.score(Role::TechnicalProgramManager) >= 5.0);
        let strict = classifier(Options {
            min_score: 5.0,
            ..Options::default()
        });
        let shallow = strict.classify(
            None,
            "milestones milestones milestones milestones milestones",
        );
        assert_eq!(shallow.role, None);
        assert_eq!(shallow.runner_up, Some(Role::TechnicalProgramManager));
        let deep = strict.classify(
            None,
            "milestones milestones milestones milestones milestones; system design, engineering background",
        );
        assert_eq!(deep.role, Some(Role::TechnicalProgramManager));
        assert_eq!(deep.technical_score, 6.0);
    }

    #[test]
    fn the_subject_matter_of_a_program_is_not_the_hire_s_technical_depth() {
        const TECHNICAL_WITH_DOMAIN: &str = r#"{"role": "technical", "terms": [
            {"term": "system design", "weight": 3, "category": "skill"},
            {"term": "cloud security", "weight": 3, "category": "domain"}]}"#;
        let lexicon = Lexicon::from_sources([
            ("tpgm.json", PROGRAM),
            ("technical.json", TECHNICAL_WITH_DOMAIN),
        ])
        .unwrap();
        let c = Classifier::new(
            lexicon,
            Options {
                min_score: 5.0,
                ..Options::default()
            },
        );
        // 3 + 1.5 + 0.75 + 0.375 + 0.1875 = 5.8125 of program work, over the minimum of 5.
        let text = "milestones milestones milestones milestones milestones";
        let subject = c.classify(None, &format!("{text}; cloud security"));
        assert_eq!(subject.technical_score, 3.0);
        assert_eq!(subject.role, None, "{subject:?}");
        let own = c.classify(None, &format!("{text}; system design"));
        assert_eq!(own.technical_score, 3.0);
        assert_eq!(own.role, Some(Role::TechnicalProgramManager), "{own:?}");
    }

    #[test]
    fn other_jobs_count_against_a_role_together_and_the_strongest_is_named() {
        const MARKETING: &str = r#"{"role": "other", "family": "marketing", "terms": [
            {"term": "campaigns", "weight": 4, "category": "responsibility"}]}"#;
        const SALES: &str = r#"{"role": "other", "family": "sales", "terms": [
            {"term": "quota", "weight": 5, "category": "kpi"}]}"#;
        let lexicon = Lexicon::from_sources([
            ("pm.json", LEXICON),
            ("other_marketing.json", MARKETING),
            ("other_sales.json", SALES),
        ])
        .unwrap();
        let c = Classifier::new(lexicon, Options::default());
        // Product work of 8: more than either family alone (4, 5), less than both (9).
        let r = c.classify(None, "Product Manager: campaigns and a quota.");
        assert_eq!(score(&r, Role::ProductManager), 8.0);
        assert_eq!(r.other_score, 9.0);
        assert_eq!(r.role, None);
        assert_eq!(r.neighbour, Some(crate::Neighbour::Sales));
        let evidence: Vec<_> = r.evidence.iter().map(|e| (e.role, e.neighbour)).collect();
        assert!(evidence.contains(&(Target::Other, Some(crate::Neighbour::Marketing))));
        // One family's vocabulary alone does not outweigh it.
        let r = c.classify(None, "Product Manager: campaigns.");
        assert_eq!(r.role, Some(Role::ProductManager));
        assert_eq!(r.neighbour, None);
    }

    #[test]
    fn title_and_content_roles_are_judged_apart() {
        let c = classifier(Options::default());
        let r = c.classify(
            Some("Product Marketing Manager"),
            "We are hiring a Product Manager.",
        );
        assert_eq!(r.title_role, None);
        assert_eq!(r.content_role, Some(Role::ProductManager));
        // In the whole posting, a role title in the text of a posting titled as
        // another job counts half: 8 × 1.5 (hiring) × 0.5.
        assert_eq!(score(&r, Role::ProductManager), 6.0);
        assert_eq!(r.role, None);
        let untitled = c.classify(None, "We are hiring a Product Manager.");
        assert_eq!(untitled.title_role, None);
        assert_eq!(untitled.content_role, untitled.role);
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

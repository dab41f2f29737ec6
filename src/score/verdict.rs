//! From score sums to a label: the family with the most evidence, the role
//! within it by technical depth, the runner-up and the confidence; people
//! management gated by what the team works on.

use super::tally::{Tally, OTHER, TECHNICAL};
use super::{round4, Classification, Classifier, Evidence, Profile};
use crate::role::Role;

/// Role families: the title and the bulk of the evidence say which family a
/// job is in; technical depth says which role within it.
///
/// - product: product manager, or technical product manager when the product
///   evidence is mostly technical;
/// - technology: technology manager;
/// - program: technical program manager with enough technical depth, else a
///   non-technical program job (`unclassified`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Product,
    Technology,
    Program,
}

impl Family {
    const ALL: [Family; 3] = [Family::Product, Family::Technology, Family::Program];

    fn index(self) -> usize {
        self as usize
    }

    /// The family's evidence: the sum of its roles' scores.
    fn score(self, s: &[f64; 6]) -> f64 {
        match self {
            Family::Product => {
                s[Role::ProductManager.index()] + s[Role::TechnicalProductManager.index()]
            }
            Family::Technology => s[Role::TechnologyManager.index()],
            Family::Program => s[Role::TechnicalProgramManager.index()],
        }
    }
}

/// What [`Classifier::verdict`] decides.
struct Verdict {
    role: Option<Role>,
    confidence: f64,
    technical_share: f64,
}

/// The scores as reported: each role's family score, the product family's
/// shared out by technical depth. The role the share names gets the family
/// score; its sibling gets it scaled by how close the split was,
/// `1 - 2 × |share - 0.5|` (the same at an even split, 0 for a clear one).
/// So the named role tops the scores and a sibling ranks by how contested the
/// split was.
fn reported_scores(total: &[f64; 6], technical_share: f64) -> [f64; 4] {
    let product = Family::Product.score(total);
    let sibling = product * (1.0 - (technical_share - 0.5).abs() * 2.0);
    let (pm, tpdm) = if technical_share >= 0.5 {
        (sibling, product)
    } else {
        (product, sibling)
    };
    let mut scores = [0.0; 4];
    scores[Role::ProductManager.index()] = pm;
    scores[Role::TechnicalProductManager.index()] = tpdm;
    scores[Role::TechnologyManager.index()] = total[Role::TechnologyManager.index()];
    scores[Role::TechnicalProgramManager.index()] = total[Role::TechnicalProgramManager.index()];
    scores.map(round4)
}

/// The role with the highest score other than `named` (the earliest in
/// [`Role::ALL`] on a tie), if any scores above 0.
fn runner_up(scores: &[f64; 4], named: Option<Role>) -> Option<Role> {
    let mut best: Option<Role> = None;
    for role in Role::ALL {
        let score = scores[role.index()];
        if Some(role) != named && score > 0.0 && best.is_none_or(|b| score > scores[b.index()]) {
            best = Some(role);
        }
    }
    best
}

impl Classifier {
    /// Scales each role's [`Category::People`](crate::lexicon::Category::People) evidence in `sums` by how much
    /// the rest of the posting shows what the team works on: the role's other
    /// evidence plus technical vocabulary, against the minimum score (in full
    /// at or above it). "Direct reports" and "one-on-ones" are any manager's
    /// work; they make a technology manager only with engineers or technology
    /// in view. Returns the factor per target.
    pub(super) fn gate_people(&self, sums: &mut [f64; 6], people: &[f64; 6]) -> [f64; 6] {
        let mut factor = [1.0; 6];
        for role in Role::ALL {
            let i = role.index();
            if people[i] > 0.0 {
                let rest = sums[i] - people[i];
                factor[i] = ((rest + sums[TECHNICAL]) / self.options.min_score).clamp(0.0, 1.0);
                sums[i] = round4(rest + people[i] * factor[i]);
            }
        }
        factor
    }

    /// The verdict from the whole posting (`total`: its sums, people gated),
    /// and from its title and its text alone.
    pub(super) fn decide(
        &self,
        tally: &Tally,
        total: &[f64; 6],
        evidence: Vec<Evidence>,
    ) -> Classification {
        let total = *total;
        let mut title = tally.title;
        self.gate_people(&mut title, &tally.people_title);
        let mut text = tally.text;
        self.gate_people(&mut text, &tally.people_text);
        let domain = tally.technical_domain_title + tally.technical_domain_text;
        let verdict = self.verdict(&total, domain, tally.product_work);
        let title_role = self.verdict(&title, tally.technical_domain_title, 0.0).role;
        let content_role = self
            .verdict(&text, tally.technical_domain_text, tally.product_work)
            .role;
        // An unclassified posting names its best neighbouring family when the
        // vocabulary of other jobs outscores every role family.
        let top_family = Family::ALL
            .map(|f| f.score(&total))
            .into_iter()
            .fold(0.0, f64::max);
        let neighbour = tally
            .best_neighbour()
            .filter(|_| verdict.role.is_none() && total[OTHER] >= top_family)
            .map(|(n, _)| n);
        let scores = reported_scores(&total, round4(verdict.technical_share));
        let raw_confidence = round4(verdict.confidence.clamp(0.0, 1.0));
        let mut role = verdict.role;
        let mut confidence = self.calibration.apply(raw_confidence, role.is_some());
        if role.is_some() && confidence < self.options.min_confidence {
            // Below the operating point: the label is dropped. The chance
            // the posting is none of the four is at most the chance the
            // label was wrong.
            role = None;
            confidence = round4(1.0 - confidence);
        }
        Classification {
            role,
            confidence,
            raw_confidence,
            runner_up: runner_up(&scores, role),
            titled: tally.titled,
            title_role,
            content_role,
            scores,
            role_evidence: [total[0], total[1], total[2], total[3]].map(round4),
            other_score: round4(total[OTHER]),
            neighbour,
            technical_score: round4(total[TECHNICAL]),
            technical_share: round4(verdict.technical_share),
            profile: Profile::from_duties(&tally.duties),
            evidence,
            openings: Vec::new(),
            text_len: 0,
            truncated_at: None,
        }
    }

    /// Names a role from score sums per target (see the module docs of
    /// [`Family`]): the family with the most evidence, then the role within it
    /// by technical depth. `product_base` is the product-management work of
    /// the text (its product-manager evidence less role titles), against which
    /// technical vocabulary is weighed: "Product Manager", in the title or the
    /// text, says which family, not which role in it.
    fn verdict(&self, s: &[f64; 6], technical_domain: f64, product_base: f64) -> Verdict {
        let o = &self.options;
        let families = Family::ALL.map(|f| f.score(s));
        let mut ranked = Family::ALL;
        // Stable sort: ties keep Family::ALL order, so the result is deterministic.
        ranked.sort_by(|a, b| families[b.index()].total_cmp(&families[a.index()]));
        let (best, second) = (ranked[0], ranked[1]);
        let top = families[best.index()];
        let other = s[OTHER];
        let technical = s[TECHNICAL];
        // How technical a product job is: its technical-product and general
        // technical vocabulary against its product-management vocabulary.
        let product_tech =
            o.technical_weight * (s[Role::TechnicalProductManager.index()] + technical);
        // The minimum score is the prior: a word or two of technical vocabulary
        // does not turn a product job with no text into a technical one.
        let technical_share = if product_tech > 0.0 {
            product_tech / (product_tech + product_base + o.min_score)
        } else {
            0.0
        };
        // The role each family would name, and how sure that choice is.
        let member = |f: Family| -> (Option<Role>, f64) {
            match f {
                Family::Product => {
                    let split = (technical_share - 0.5).abs() * 2.0;
                    if technical_share >= 0.5 {
                        (Some(Role::TechnicalProductManager), split)
                    } else {
                        (Some(Role::ProductManager), split)
                    }
                }
                Family::Technology => (Some(Role::TechnologyManager), 1.0),
                Family::Program if !self.has_technical => {
                    (Some(Role::TechnicalProgramManager), 1.0)
                }
                Family::Program => {
                    // The hire's own depth: what the program works on
                    // ("cloud", "security") does not make it technical.
                    let depth = (technical - technical_domain) / o.program_depth;
                    if depth >= 1.0 {
                        (
                            Some(Role::TechnicalProgramManager),
                            1.0 - 1.0 / (1.0 + depth),
                        )
                    } else {
                        (None, 1.0 - depth)
                    }
                }
            }
        };
        if top >= o.min_score && top > other {
            let rival = families[second.index()].max(other);
            let margin = (top - rival) / top;
            let strength = 1.0 - (-top / o.min_score).exp();
            let (role, sureness) = member(best);
            // Between siblings, confidence is at most as sure as the split.
            let confidence = margin * strength * (0.5 + 0.5 * sureness);
            Verdict {
                role,
                confidence: if role.is_some() { confidence } else { sureness },
                technical_share,
            }
        } else {
            let thin = 1.0 - (top / o.min_score).min(1.0);
            let outvoted = if other > 0.0 && other >= top {
                (other - top) / other
            } else {
                0.0
            };
            Verdict {
                role: None,
                confidence: thin.max(outvoted),
                technical_share,
            }
        }
    }
}

//! From score sums to a label: the family with the most evidence, the role
//! within it by technical depth, the runner-up and the confidence; people
//! management gated by what the team works on.

use super::tally::{Tally, OTHER, TECHNICAL};
use super::{round4, Classification, Classifier, Evidence};
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

    /// The role that stands for the family when no member is named.
    fn lead(self) -> Role {
        match self {
            Family::Product => Role::ProductManager,
            Family::Technology => Role::TechnologyManager,
            Family::Program => Role::TechnicalProgramManager,
        }
    }
}

/// What [`Classifier::verdict`] decides.
struct Verdict {
    role: Option<Role>,
    runner_up: Option<Role>,
    confidence: f64,
    technical_share: f64,
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
        Classification {
            role: verdict.role,
            confidence: round4(verdict.confidence.clamp(0.0, 1.0)),
            runner_up: verdict.runner_up,
            title_role,
            content_role,
            scores: [total[0], total[1], total[2], total[3]],
            other_score: total[OTHER],
            neighbour,
            technical_score: total[TECHNICAL],
            technical_share: round4(verdict.technical_share),
            evidence,
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
        let positive = |f: Family| {
            if families[f.index()] > 0.0 {
                member(f).0.or(Some(f.lead()))
            } else {
                None
            }
        };
        if top >= o.min_score && top > other {
            let rival = families[second.index()].max(other);
            let margin = (top - rival) / top;
            let strength = 1.0 - (-top / o.min_score).exp();
            let (role, sureness) = member(best);
            let runner_up = match (best, role) {
                (Family::Product, Some(Role::TechnicalProductManager)) => {
                    Some(Role::ProductManager)
                }
                (Family::Product, _) if product_tech > 0.0 => Some(Role::TechnicalProductManager),
                (Family::Program, None) => Some(Role::TechnicalProgramManager),
                _ => positive(second),
            };
            // Between siblings, confidence is at most as sure as the split.
            let confidence = margin * strength * (0.5 + 0.5 * sureness);
            Verdict {
                role,
                runner_up,
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
                runner_up: positive(best),
                confidence: thin.max(outvoted),
                technical_share,
            }
        }
    }
}

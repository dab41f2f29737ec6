//! Which records a run writes: `--role` and `--disagree`. Selection is
//! opt-in: by default every record comes out.

use crate::role::Role;
use crate::score::Classification;

/// A record filter. Records that failed are always written (they carry
/// their error); the default keeps every record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Keep records with one of these labels (`None`: `unclassified`); empty keeps any label.
    pub labels: Vec<Option<Role>>,
    /// Keep only records whose title names a role that their text does not
    /// support, or the other way round (`title_role` ≠ `content_role`, for
    /// postings with a title).
    pub disagree: bool,
}

impl Selection {
    /// Whether every record is kept.
    pub fn keeps_all(&self) -> bool {
        self.labels.is_empty() && !self.disagree
    }

    /// Whether a record with this result is written.
    pub fn keeps(&self, result: Result<&Classification, &str>) -> bool {
        let Ok(c) = result else {
            return true;
        };
        (self.labels.is_empty() || self.labels.contains(&c.role))
            && (!self.disagree || (c.titled && c.title_role != c.content_role))
    }

    /// Parses a `--role` value: a role id or `unclassified`.
    pub fn parse_label(value: &str) -> Result<Option<Role>, String> {
        match value {
            "unclassified" => Ok(None),
            id => Role::from_id(id).map(Some).ok_or_else(|| {
                format!(
                    "unknown role {id:?}; expected one of: {}, unclassified",
                    Role::ALL.map(Role::id).join(", ")
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Classifier;

    #[test]
    fn labels_and_disagreements_select_and_failures_always_pass() {
        let c = Classifier::default();
        let pm = c.classify(
            Some("Product Manager"),
            "Own the product roadmap and discovery.",
        );
        let cook = c.classify(Some("Line Cook"), "Grill station.");
        let by_role = Selection {
            labels: vec![Some(Role::ProductManager)],
            disagree: false,
        };
        assert!(by_role.keeps(Ok(&pm)));
        assert!(!by_role.keeps(Ok(&cook)));
        assert!(by_role.keeps(Err("row has 1 field")));
        let unclassified = Selection {
            labels: vec![None],
            disagree: false,
        };
        assert!(unclassified.keeps(Ok(&cook)) && !unclassified.keeps(Ok(&pm)));
        // The title says product manager; the text alone supports no role.
        let titled_only = c.classify(Some("Product Manager"), "Great team, great perks.");
        assert_eq!(titled_only.content_role, None);
        let disagree = Selection {
            labels: vec![],
            disagree: true,
        };
        assert!(disagree.keeps(Ok(&titled_only)));
        assert!(!disagree.keeps(Ok(&cook)));
        // No title: nothing to disagree with.
        let untitled = c.classify(None, "We are hiring a Product Manager to own the roadmap.");
        assert!(!disagree.keeps(Ok(&untitled)));
        assert!(Selection::default().keeps_all());
        assert_eq!(Selection::parse_label("unclassified"), Ok(None));
        assert!(Selection::parse_label("chef")
            .unwrap_err()
            .contains("unclassified"));
    }
}

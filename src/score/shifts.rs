//! Counts of title role against content role over a run.

use super::Classification;
use crate::role::Role;

/// Counts of postings whose title supports one role and whose text another
/// (or none): "titled product manager, works as a technical product manager".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shifts([[u64; 5]; 4]);

impl Shifts {
    /// Counts `c` when its title supports a role and its content disagrees.
    pub fn add(&mut self, c: &Classification) {
        self.add_roles(c.title_role, c.content_role);
    }

    /// Counts one posting by its title role and content role (only when the
    /// title supports a role that the content does not).
    pub fn add_roles(&mut self, title: Option<Role>, content: Option<Role>) {
        if let Some(title) = title {
            if content != Some(title) {
                self.0[title.index()][content.map_or(4, Role::index)] += 1;
            }
        }
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: &Shifts) {
        for (row, other_row) in self.0.iter_mut().zip(&other.0) {
            for (n, m) in row.iter_mut().zip(other_row) {
                *n += m;
            }
        }
    }

    /// `(title role, content role or None, count)` for every non-zero count,
    /// most frequent first (ties in role order).
    pub fn counts(&self) -> Vec<(Role, Option<Role>, u64)> {
        let mut out = Vec::new();
        for title in Role::ALL {
            for (j, &n) in self.0[title.index()].iter().enumerate() {
                if n > 0 {
                    out.push((title, Role::ALL.get(j).copied(), n));
                }
            }
        }
        out.sort_by_key(|&(_, _, n)| std::cmp::Reverse(n));
        out
    }
}

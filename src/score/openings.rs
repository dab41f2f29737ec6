//! Posts that hire for several roles: a heading line per opening ("Program
//! Manager", "## Role 2: Engineering Manager"), each opening classified on its
//! own part of the text.
//!
//! While the whole posting is scored, every role title found in the text is
//! noted ([`Mention`]). Only a posting whose text mentions titles of two or
//! more roles is looked at again: a mention is a heading when its line is
//! short (at most [`HEADING_BYTES`] bytes and [`HEADING_WORDS`] words) with at
//! most [`WORDS_BEFORE`] words before the title. Each heading starts an
//! opening that runs to the next heading (the text before the first heading,
//! a company introduction, belongs to none). Each opening is classified like
//! a posting, its heading as the title; when at least two openings get
//! different roles, they are the posting's openings. Otherwise the posting
//! has one opening, the whole text.

use super::{Classifier, Evidence, Field};
use crate::role::Role;

/// Longest heading line, in bytes (trimmed).
pub const HEADING_BYTES: usize = 80;
/// Most words in a heading line.
pub const HEADING_WORDS: usize = 10;
/// Most words before the title on a heading line ("Role 2: Senior").
pub const WORDS_BEFORE: usize = 3;

/// A role title found in the text while scoring: `text[start..end]` names `role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) role: Role,
}

/// One opening of a post: the role it hires for, the part of the text it
/// spans and the evidence for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Opening {
    /// The role, or `None` for `unclassified`.
    pub role: Option<Role>,
    /// Byte offset in the text where the opening's part starts (its heading line).
    pub start: usize,
    /// Byte offset where it ends (the next heading, or the end of the text).
    pub end: usize,
    /// The opening's own evidence; every span indexes the posting's text
    /// (`field` is `text`, the heading included).
    pub evidence: Vec<Evidence>,
}

/// Whether `mentions` name two different roles: only then can a post hire for several.
pub(super) fn names_several_roles(mentions: &[Mention]) -> bool {
    differ(mentions.iter().map(|m| m.role))
}

/// Whether `roles` holds two different roles.
fn differ<T: PartialEq>(mut roles: impl Iterator<Item = T>) -> bool {
    roles
        .next()
        .is_some_and(|first| roles.any(|role| role != first))
}

/// The heading lines among `mentions`: `(line start, line end)` in `text`,
/// in order, one per line. A title broken over two lines ("Technical
/// Program\nManager") heads no opening.
fn headings(text: &str, mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    for m in mentions {
        if text[m.start..m.end].contains('\n') {
            continue;
        }
        let start = text[..m.start].rfind('\n').map_or(0, |i| i + 1);
        let end = text[m.end..].find('\n').map_or(text.len(), |i| m.end + i);
        let line = text[start..end].trim();
        let words = |s: &str| {
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .count()
        };
        let heading = line.len() <= HEADING_BYTES
            && words(line) <= HEADING_WORDS
            && words(&text[start..m.start]) <= WORDS_BEFORE;
        if heading && lines.last().is_none_or(|&(_, end)| start > end) {
            lines.push((start, end));
        }
    }
    lines
}

impl Classifier {
    /// The openings of a post whose text mentions several roles' titles
    /// (see the module docs); empty when it has one opening.
    pub(super) fn openings(&self, text: &str, mentions: &[Mention]) -> Vec<Opening> {
        let lines = headings(text, mentions);
        if lines.len() < 2 {
            return Vec::new();
        }
        let mut openings = Vec::with_capacity(lines.len());
        for (i, &(start, line_end)) in lines.iter().enumerate() {
            let end = lines.get(i + 1).map_or(text.len(), |&(next, _)| next);
            let line = &text[start..line_end];
            let heading_at = start + (line.len() - line.trim_start().len());
            let heading = line.trim();
            let body = &text[line_end..end];
            let c = self.classify_one(Some(heading), body);
            let Some(role) = c.role else { continue };
            let evidence = c
                .evidence
                .into_iter()
                .map(|e| {
                    let shift = match e.field {
                        Field::Title => heading_at,
                        Field::Text => line_end,
                    };
                    Evidence {
                        field: Field::Text,
                        start: e.start + shift,
                        end: e.end + shift,
                        ..e
                    }
                })
                .collect();
            openings.push(Opening {
                role: Some(role),
                start,
                end,
                evidence,
            });
        }
        if differ(openings.iter().map(|o| o.role)) {
            openings
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, title: &str, role: Role) -> Mention {
        let start = text.find(title).unwrap();
        Mention {
            start,
            end: start + title.len(),
            role,
        }
    }

    #[test]
    fn short_lines_with_few_words_before_the_title_are_headings() {
        let text = "About us\n## Role 1: Program Manager\nDrive delivery.\n\
                    We work with the Engineering Manager of each team on every launch.\n";
        let mentions = [
            mention(text, "Program Manager", Role::TechnicalProgramManager),
            mention(text, "Engineering Manager", Role::TechnologyManager),
        ];
        let lines = headings(text, &mentions);
        assert_eq!(lines.len(), 1);
        assert_eq!(&text[lines[0].0..lines[0].1], "## Role 1: Program Manager");
    }

    #[test]
    fn a_title_broken_over_two_lines_heads_nothing() {
        // The first title ends on the line the second one is on: were it a
        // heading, its opening would end before it starts.
        let text = "Technical Program\nManager / Engineering Manager\nLead a team.\n";
        let mentions = [
            mention(
                text,
                "Technical Program\nManager",
                Role::TechnicalProgramManager,
            ),
            mention(text, "Engineering Manager", Role::TechnologyManager),
        ];
        let lines = headings(text, &mentions);
        assert_eq!(lines.len(), 1);
        assert_eq!(
            &text[lines[0].0..lines[0].1],
            "Manager / Engineering Manager"
        );
    }
}

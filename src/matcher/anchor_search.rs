//! Finding the anchors of gated regexes (see [`super::gate`]) in the view.
//!
//! The anchors of one searcher are searched for leftmost-first, longest
//! first: at the leftmost position where one starts, the longest one there.
//! An Aho–Corasick searcher does that for any set, but its prefilter tells
//! candidates apart by their first bytes, and in postings the first bytes of
//! anchors such as "engineering team" and "development team" ("engi", "deve")
//! begin many words that are not the anchor. When every anchor holds one
//! shared *core* ("team"), the core is searched for with `memmem` instead and
//! the anchors are compared around each hit: far fewer candidates.

use aho_corasick::{AhoCorasick, Input, MatchKind};
use memchr::memmem;

/// Shortest core worth searching for: a shorter one is too common.
const MIN_CORE: usize = 4;

/// A searcher for a set of anchors.
#[derive(Debug, Clone)]
pub(super) enum AnchorSearch {
    /// Any set: an Aho–Corasick searcher, leftmost-first.
    Automaton(AhoCorasick),
    /// Every anchor holds `core`, which never overlaps itself.
    Core {
        core: Box<memmem::Finder<'static>>,
        /// The anchors, longest first, each with the offset of the first
        /// occurrence of the core in it.
        anchors: Vec<(Vec<u8>, usize)>,
    },
}

impl AnchorSearch {
    /// A searcher for `patterns`, longest first; `None` when an automaton is
    /// needed and does not fit in memory.
    pub(super) fn new(patterns: &[&str]) -> Option<AnchorSearch> {
        if let Some(core) = shared_core(patterns) {
            let anchors = patterns
                .iter()
                .map(|p| {
                    let offset = memmem::find(p.as_bytes(), core.as_bytes()).expect("a core");
                    (p.as_bytes().to_vec(), offset)
                })
                .collect();
            return Some(AnchorSearch::Core {
                core: Box::new(memmem::Finder::new(core.as_bytes()).into_owned()),
                anchors,
            });
        }
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(patterns)
            .ok()
            .map(AnchorSearch::Automaton)
    }

    /// The leftmost anchor of `haystack` starting at or after `at`, and the
    /// longest one there: `(start, index of the pattern)`.
    pub(super) fn find(&self, haystack: &[u8], at: usize) -> Option<(usize, usize)> {
        match self {
            AnchorSearch::Automaton(searcher) => searcher
                .find(Input::new(haystack).span(at..haystack.len()))
                .map(|m| (m.start(), m.pattern().as_usize())),
            AnchorSearch::Core { core, anchors } => {
                // An anchor starting at or after `at` has its core there too.
                // The core never overlaps itself and an anchor's part before
                // its first core holds none, so the anchors around an earlier
                // core hit start before those around a later one.
                let mut from = at;
                while let Some(k) = core.find(&haystack[from..]) {
                    let hit = from + k;
                    let found = anchors
                        .iter()
                        .enumerate()
                        .filter_map(|(i, (anchor, offset))| {
                            let start = hit.checked_sub(*offset)?;
                            let matches = start >= at
                                && haystack
                                    .get(start..start + anchor.len())
                                    .is_some_and(|s| s == anchor.as_slice());
                            matches.then_some((start, i))
                        })
                        // Leftmost, then longest (the patterns are longest first).
                        .min();
                    if found.is_some() {
                        return found;
                    }
                    from = hit + 1;
                }
                None
            }
        }
    }
}

/// The longest string of at least [`MIN_CORE`] bytes that every pattern
/// holds and that cannot overlap itself (no proper prefix of it is also its
/// suffix); `None` without one.
fn shared_core(patterns: &[&str]) -> Option<String> {
    let shortest = patterns.iter().min_by_key(|p| p.len())?;
    let bytes = shortest.as_bytes();
    (MIN_CORE..=bytes.len()).rev().find_map(|len| {
        (0..=bytes.len() - len)
            .filter(|&i| shortest.is_char_boundary(i) && shortest.is_char_boundary(i + len))
            .map(|i| &shortest[i..i + len])
            .find(|core| {
                let b = core.as_bytes();
                let overlaps = (1..b.len()).any(|k| b[..k] == b[b.len() - k..]);
                !overlaps && patterns.iter().all(|p| p.contains(*core))
            })
            .map(str::to_string)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_hits(search: &AnchorSearch, text: &[u8]) -> Vec<(usize, usize)> {
        let mut hits = Vec::new();
        let mut at = 0;
        while let Some(hit) = search.find(text, at) {
            hits.push(hit);
            at = hit.0 + 1;
        }
        hits
    }

    #[test]
    fn the_core_is_the_longest_string_every_anchor_holds() {
        let core = |p: &[&str]| shared_core(p);
        assert_eq!(
            core(&["development team", "team of", "qa team"]).as_deref(),
            Some("team")
        );
        assert_eq!(core(&["teams of", "team of"]).as_deref(), Some("team"));
        assert_eq!(core(&["manager", "director"]), None);
        // "abab" overlaps itself ("ab" is a prefix and a suffix): not a core.
        assert_eq!(core(&["xabab", "ababy"]), None);
        assert_eq!(core(&["tpm"]), None, "shorter than {MIN_CORE} bytes");
    }

    #[test]
    fn anchors_without_a_core_get_an_automaton() {
        let search = AnchorSearch::new(&["manager", "director"]).unwrap();
        assert!(matches!(search, AnchorSearch::Automaton(_)));
        assert_eq!(
            all_hits(&search, b"a director and a manager"),
            vec![(2, 1), (17, 0)]
        );
    }

    proptest::proptest! {
        /// The core search reports exactly what a leftmost-first automaton
        /// over the same anchors reports, anchors overlapping or not.
        #[test]
        fn core_search_finds_what_the_automaton_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "team", "teams", " of", "engineering ", "eng", "dev", " ", "qa ",
                    "s", "development ", "t", "ea", "m",
                ]),
                0..40,
            ),
        ) {
            let mut patterns = vec![
                "engineering team", "development team", "teams of", "team of", "qa team",
                "team",
            ];
            patterns.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
            let core = AnchorSearch::new(&patterns).unwrap();
            let is_core = matches!(core, AnchorSearch::Core { .. });
            proptest::prop_assert!(is_core);
            let automaton = AnchorSearch::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(&patterns)
                    .unwrap(),
            );
            let text = pieces.concat();
            proptest::prop_assert_eq!(
                all_hits(&core, text.as_bytes()),
                all_hits(&automaton, text.as_bytes())
            );
        }
    }
}

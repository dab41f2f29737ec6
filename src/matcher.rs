//! One-pass matching of every lexicon term: a single Aho–Corasick automaton
//! for all literals of all roles, plus the few regex entries.

use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use regex::{Regex, RegexBuilder};

use crate::lexicon::{Lexicon, Pattern};

/// A whole-word match of one lexicon entry: `text[start..end]` matched entry `entry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    /// Byte offset of the first matched byte.
    pub start: usize,
    /// Byte offset one past the last matched byte.
    pub end: usize,
    /// Index into [`Lexicon::entries`].
    pub entry: u32,
}

/// The compiled form of a lexicon: built once, shared by all threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Contiguous NFA: quick to build, used until `dfa` is ready.
    automaton: AhoCorasick,
    /// The same automaton as a DFA, filled in by a background thread.
    dfa: Arc<OnceLock<AhoCorasick>>,
    /// For automaton pattern `p`, the entries it belongs to are
    /// `owners[owner_ranges[p].0 .. owner_ranges[p].1]`.
    owner_ranges: Vec<(u32, u32)>,
    owners: Vec<u32>,
    regexes: Vec<(Regex, u32)>,
    /// Byte length of the longest literal.
    longest_literal: usize,
}

impl Matcher {
    /// Compiles every literal of `lexicon` into one automaton and every regex entry once.
    pub fn new(lexicon: &Lexicon) -> Matcher {
        // Group entries by case-folded literal: one automaton pattern per distinct spelling.
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries_of: Vec<Vec<u32>> = Vec::new();
        let mut regexes = Vec::new();
        for (i, entry) in lexicon.entries().iter().enumerate() {
            match &entry.pattern {
                Pattern::Literal(spellings) => {
                    for s in spellings {
                        let folded = s.to_ascii_lowercase();
                        let slot = *index.entry(folded.clone()).or_insert_with(|| {
                            patterns.push(folded);
                            entries_of.push(Vec::new());
                            patterns.len() - 1
                        });
                        if !entries_of[slot].contains(&(i as u32)) {
                            entries_of[slot].push(i as u32);
                        }
                    }
                }
                Pattern::Regex {
                    source,
                    case_sensitive,
                } => {
                    let re = RegexBuilder::new(source)
                        .case_insensitive(!case_sensitive)
                        .build()
                        .expect("lexicon regexes are validated when loaded");
                    regexes.push((re, i as u32));
                }
            }
        }
        // Patterns and text are ASCII-lowercased instead of asking the automaton
        // for case-insensitivity: the DFA is half the size and about 1.5x faster,
        // and a prefilter does not pay off with this many patterns.
        // The DFA scans fastest but takes a few times longer to build than the
        // contiguous NFA (which finds exactly the same matches): start with the
        // NFA and switch to the DFA once a background thread has built it, so
        // the first postings are not kept waiting.
        let longest_literal = patterns.iter().map(String::len).max().unwrap_or(0);
        let automaton = build_automaton(&patterns, AhoCorasickKind::ContiguousNFA);
        let dfa = Arc::new(OnceLock::new());
        let slot = Arc::clone(&dfa);
        let dfa_patterns = patterns.clone();
        std::thread::spawn(move || {
            // The slot is empty: only this thread fills it.
            let _ = slot.set(build_automaton(&dfa_patterns, AhoCorasickKind::DFA));
        });
        let mut owner_ranges = Vec::with_capacity(entries_of.len());
        let mut owners = Vec::new();
        for list in entries_of {
            let from = owners.len() as u32;
            owners.extend(list);
            owner_ranges.push((from, owners.len() as u32));
        }
        Matcher {
            automaton,
            dfa,
            owner_ranges,
            owners,
            regexes,
            longest_literal,
        }
    }

    /// Replaces the contents of `hits` with every whole-word match in `text`,
    /// sorted by position (see [`Matcher::for_each_hit`]).
    pub fn find_hits(&self, text: &str, hits: &mut Vec<Hit>) {
        hits.clear();
        self.for_each_hit(text, |hit| hits.push(hit));
    }

    /// Calls `visit` with every whole-word match in `text`, in [`Hit`] order
    /// (by start, then end, then entry).
    ///
    /// One automaton pass finds the literals (leftmost-longest, ASCII
    /// case-insensitive); a literal lying inside a longer regex match is
    /// dropped in favour of the regex match. Nothing is collected but the
    /// regex matches, so memory stays flat however long and dense the text.
    pub fn for_each_hit(&self, text: &str, mut visit: impl FnMut(Hit)) {
        let mut regex_hits = Vec::new();
        for (re, entry) in &self.regexes {
            regex_hits.extend(
                re.find_iter(text)
                    .filter(|m| m.start() < m.end() && is_whole_word(text, m.start(), m.end()))
                    .map(|m| Hit {
                        start: m.start(),
                        end: m.end(),
                        entry: *entry,
                    }),
            );
        }
        if regex_hits.is_empty() {
            self.for_each_literal(text, WINDOW, visit);
            return;
        }
        // Merge the two sorted streams. `reach` tracks the furthest-reaching
        // regex match begun at or before the literal: a literal inside it and
        // shorter than it is dropped.
        regex_hits.sort_unstable();
        let mut emitted = 0;
        let mut scanned = 0;
        let mut reach: Option<(usize, usize)> = None; // (end, start) of that match
        self.for_each_literal(text, WINDOW, |literal| {
            while scanned < regex_hits.len() && regex_hits[scanned].start <= literal.start {
                let r = &regex_hits[scanned];
                if reach.is_none_or(|(end, _)| r.end > end) {
                    reach = Some((r.end, r.start));
                }
                scanned += 1;
            }
            let covered = reach.is_some_and(|(end, start)| {
                end >= literal.end && (end - start) > (literal.end - literal.start)
            });
            if !covered {
                while emitted < regex_hits.len() && regex_hits[emitted] < literal {
                    visit(regex_hits[emitted]);
                    emitted += 1;
                }
                visit(literal);
            }
        });
        for &hit in &regex_hits[emitted..] {
            visit(hit);
        }
    }

    /// Calls `visit` with every whole-word literal match, in order. The text
    /// is lowercased a window at a time into a per-thread buffer, so a huge
    /// posting does not need a lowercased copy of its own size.
    fn for_each_literal(&self, text: &str, window: usize, mut visit: impl FnMut(Hit)) {
        let bytes = text.as_bytes();
        let automaton = self.dfa.get().unwrap_or(&self.automaton);
        LOWERCASE.with(|cell| {
            let mut lower = cell.borrow_mut();
            // Absolute offset where the search resumes.
            let mut pos = 0;
            while pos < bytes.len() {
                // Every match starting before `accept_end` ends inside the
                // window, so it is found exactly as in one pass over the whole
                // text; later matches wait for the next window.
                let window_end = (pos + window + self.longest_literal).min(bytes.len());
                let accept_end = if window_end == bytes.len() {
                    window_end
                } else {
                    pos + window
                };
                let base = pos;
                lower.clear();
                lower.extend(bytes[base..window_end].iter().map(u8::to_ascii_lowercase));
                let mut input = Input::new(&lower[..]);
                pos = accept_end;
                while let Some(m) = automaton.find(input.clone()) {
                    let (start, mut end, mut pattern) = (m.start(), m.end(), m.pattern());
                    if base + start >= accept_end {
                        break;
                    }
                    // When the longest literal here is glued to a word ("api platforms"
                    // for "api platform"), a shorter one at the same start may still
                    // stand alone ("api"): look for it inside the failed match.
                    while !is_whole_word(text, base + start, base + end) {
                        let shorter = Input::new(&lower[..]).range(start..end - 1);
                        match automaton.find(shorter) {
                            Some(s) if s.start() == start => {
                                (end, pattern) = (s.end(), s.pattern())
                            }
                            _ => break,
                        }
                    }
                    let resume = if is_whole_word(text, base + start, base + end) {
                        let (from, to) = self.owner_ranges[pattern.as_usize()];
                        for &entry in &self.owners[from as usize..to as usize] {
                            visit(Hit {
                                start: base + start,
                                end: base + end,
                                entry,
                            });
                        }
                        base + end
                    } else {
                        // No literal stands alone here; one may start later.
                        next_char(bytes, base + start)
                    };
                    pos = resume.max(accept_end);
                    if resume >= window_end {
                        break;
                    }
                    input.set_start(resume - base);
                }
            }
        });
    }

    /// Number of distinct literal spellings in the automaton.
    pub fn literal_count(&self) -> usize {
        self.owner_ranges.len()
    }

    /// Number of regex entries.
    pub fn regex_count(&self) -> usize {
        self.regexes.len()
    }
}

/// A leftmost-longest automaton over lowercase `patterns`, without prefilter.
fn build_automaton(patterns: &[String], kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(kind))
        .prefilter(false)
        .build(patterns)
        .expect("lexicon automaton fits in memory")
}

/// Bytes of text lowercased at a time (plus the longest literal, so that a
/// match starting in one window ends in it).
const WINDOW: usize = 1 << 20;

thread_local! {
    /// A window of the text being searched, ASCII-lowercased (same byte
    /// offsets), reused per thread.
    static LOWERCASE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Index of the char boundary after the char starting at `i`.
fn next_char(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < bytes.len() && (bytes[j] & 0xC0) == 0x80 {
        j += 1;
    }
    j
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `text[start..end]` is not glued to a word character on either side.
/// An edge of the match that is itself not a word character (as in `c++`) needs no boundary.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let matched = &text[start..end];
    let left_ok = match (matched.chars().next(), text[..start].chars().next_back()) {
        (Some(first), Some(before)) => !(is_word_char(first) && is_word_char(before)),
        _ => true,
    };
    let right_ok = match (matched.chars().next_back(), text[end..].chars().next()) {
        (Some(last), Some(after)) => !(is_word_char(last) && is_word_char(after)),
        _ => true,
    };
    left_ok && right_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{Category, Entry};
    use crate::role::{Role, Target};

    fn literal(role: Role, spellings: &[&str]) -> Entry {
        Entry {
            target: Target::Role(role),
            pattern: Pattern::Literal(spellings.iter().map(|s| s.to_string()).collect()),
            weight: 1.0,
            category: Category::Skill,
            shared_with: vec![],
        }
    }

    fn spans(m: &Matcher, text: &str) -> Vec<(String, u32)> {
        let mut hits = Vec::new();
        m.find_hits(text, &mut hits);
        hits.iter()
            .map(|h| (text[h.start..h.end].to_string(), h.entry))
            .collect()
    }

    #[test]
    fn whole_words_only_and_case_insensitive() {
        let m = Matcher::new(&Lexicon::from_entries(vec![literal(
            Role::ProductManager,
            &["roadmap"],
        )]));
        assert_eq!(
            spans(&m, "Roadmap, roadmaps, ROADMAP_x, (roadmap)"),
            vec![("Roadmap".into(), 0), ("roadmap".into(), 0)]
        );
    }

    #[test]
    fn leftmost_longest_prefers_the_longer_term() {
        let m = Matcher::new(&Lexicon::from_entries(vec![
            literal(Role::ProductManager, &["product manager"]),
            literal(
                Role::TechnicalProductManager,
                &["technical product manager"],
            ),
        ]));
        assert_eq!(
            spans(&m, "a Technical Product Manager and a product manager"),
            vec![
                ("Technical Product Manager".into(), 1),
                ("product manager".into(), 0)
            ]
        );
    }

    #[test]
    fn failed_boundary_of_a_long_term_does_not_hide_a_later_short_one() {
        let m = Matcher::new(&Lexicon::from_entries(vec![
            literal(Role::TechnologyManager, &["it manager"]),
            literal(Role::TechnologyManager, &["manager"]),
        ]));
        // "it manager" matches inside "audit manager" but fails the left boundary.
        assert_eq!(spans(&m, "audit manager"), vec![("manager".into(), 1)]);
    }

    #[test]
    fn a_glued_long_literal_leaves_room_for_a_shorter_one() {
        let m = Matcher::new(&Lexicon::from_entries(vec![
            literal(Role::TechnicalProductManager, &["api"]),
            literal(Role::TechnicalProductManager, &["api platform"]),
        ]));
        assert_eq!(spans(&m, "API platforms"), vec![("API".into(), 0)]);
        assert_eq!(
            spans(&m, "an api platform"),
            vec![("api platform".into(), 1)]
        );
    }

    #[test]
    fn a_literal_shared_by_two_roles_hits_both() {
        let m = Matcher::new(&Lexicon::from_entries(vec![
            literal(Role::ProductManager, &["roadmap"]),
            literal(Role::TechnicalProductManager, &["Roadmap"]),
        ]));
        assert_eq!(m.literal_count(), 1);
        assert_eq!(
            spans(&m, "the roadmap"),
            vec![("roadmap".into(), 0), ("roadmap".into(), 1)]
        );
    }

    #[test]
    fn regex_match_replaces_literals_inside_it() {
        let mut re = literal(Role::TechnicalProductManager, &[]);
        re.pattern = Pattern::Regex {
            source: r"product manager,? (?:platform|api)".into(),
            case_sensitive: false,
        };
        let m = Matcher::new(&Lexicon::from_entries(vec![
            literal(Role::ProductManager, &["product manager"]),
            re,
        ]));
        assert_eq!(
            spans(&m, "Product Manager, API and product manager"),
            vec![
                ("Product Manager, API".into(), 1),
                ("product manager".into(), 0)
            ]
        );
    }

    #[test]
    fn many_regex_and_literal_hits_stay_linear() {
        let mut re = literal(Role::TechnicalProgramManager, &[]);
        re.pattern = Pattern::Regex {
            source: r"\bTPM\b".into(),
            case_sensitive: true,
        };
        let m = Matcher::new(&Lexicon::from_entries(vec![
            literal(Role::ProductManager, &["roadmap"]),
            re,
        ]));
        let text = "roadmap TPM ".repeat(200_000);
        let mut hits = Vec::new();
        m.find_hits(&text, &mut hits);
        assert_eq!(hits.len(), 400_000);
        assert!(hits.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn offsets_are_char_boundaries_in_unicode_text() {
        let m = Matcher::new(&Lexicon::from_entries(vec![literal(
            Role::ProductManager,
            &["roadmap"],
        )]));
        let text = "ünïcode — roadmap “roadmap”";
        for (s, _) in spans(&m, text) {
            assert_eq!(s, "roadmap");
        }
        assert_eq!(spans(&m, text).len(), 2);
    }

    fn windowed(m: &Matcher, text: &str, window: usize) -> Vec<Hit> {
        let mut hits = Vec::new();
        m.for_each_literal(text, window, |h| hits.push(h));
        hits
    }

    fn overlapping_lexicon() -> Matcher {
        Matcher::new(&Lexicon::from_entries(vec![
            literal(Role::TechnicalProductManager, &["api"]),
            literal(Role::TechnicalProductManager, &["api platform"]),
            literal(Role::TechnologyManager, &["it manager", "manager"]),
            literal(Role::ProductManager, &["a", "é"]),
        ]))
    }

    proptest::proptest! {
        // As in tests/properties.rs: a failure becomes a named test, not a seed file.
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        #[test]
        fn any_window_size_finds_what_one_pass_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "api", " ", "platform", "s", "audit", "it", "manager", "a", "é", "—", "_", ",",
                ]),
                0..60,
            ),
            window in 1usize..24,
        ) {
            let m = overlapping_lexicon();
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(
                windowed(&m, &text, window),
                windowed(&m, &text, text.len() + 1)
            );
        }
    }

    #[test]
    fn a_text_longer_than_the_window_is_matched_across_window_edges() {
        let m = overlapping_lexicon();
        // 13 bytes a unit, so terms straddle every window edge somewhere.
        let text = "api platform ".repeat(3 * WINDOW / 13);
        let mut hits = Vec::new();
        m.find_hits(&text, &mut hits);
        assert_eq!(hits.len(), 3 * WINDOW / 13);
        assert!(hits
            .iter()
            .all(|h| &text[h.start..h.end] == "api platform" && h.entry == 1));
        assert!(LOWERCASE.with(|b| b.borrow().capacity()) < 2 * WINDOW);
    }
}

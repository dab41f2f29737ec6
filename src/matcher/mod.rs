//! One-pass matching of every lexicon term: a single Aho–Corasick automaton
//! for all literals of all roles, plus the few regex entries, each run only
//! around the places where a literal it needs occurs (see [`gate`]).
//!
//! Matching does not depend on how whitespace and punctuation were typed.
//! The automaton reads a normalised view of the text (see [`normalize()`]):
//! ASCII-lowercased, each run of whitespace (any Unicode space, line breaks)
//! and dashes (`-`, U+2010–U+2015, U+2212) one space, curly quotes straight,
//! HTML character references (`&nbsp;`, `&amp;`, `&#160;`) decoded. Lexicon
//! spellings are normalised the same way, and a hyphenated spelling also
//! matches written solid ("cross-functional" matches "crossfunctional").
//! The view is built a window at a time with a sparse map back to source
//! offsets, so hits index the text as given and `text[start..end]` is what
//! matched, original whitespace included.

use std::sync::{Arc, OnceLock};

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{dfa, Input, MatchKind};
use regex_automata::meta::Regex;

use crate::lexicon::{Lexicon, Pattern};

mod anchor_search;
mod entities;
mod gate;
mod normalize;
mod regex_entries;
mod view;

pub use entities::html_entity;
use entities::NAMED_ENTITIES;
pub use normalize::normalize;
use normalize::{pattern_forms, tolerant_regex};
use regex_entries::{Anchors, RegexEntry};
pub(crate) use view::view_width;
use view::{scan_byte, view_char, View, WINDOW};

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

/// A distinct normalised literal, behind one automaton pattern.
#[derive(Debug, Clone)]
struct Spelling {
    /// The spelling, when its scan form differs from it (it has digits or
    /// punctuation): a match of the scan form is checked against it.
    /// `None` when the scan form is the spelling.
    exact: Option<Box<[u8]>>,
    /// Its entries are `owners[owners.0 .. owners.1]`.
    owners: (u32, u32),
}

/// The compiled form of a lexicon: built once, shared by all threads.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Contiguous NFA: quick to build, used until `dfa` is ready. Its
    /// patterns are the literals' scan forms (see [`scan_byte`]).
    automaton: Arc<contiguous::NFA>,
    /// The same automaton as a DFA, filled in by a background thread
    /// (`None` if it was too large to build: the NFA finds the same matches).
    dfa: Arc<OnceLock<Option<dfa::DFA>>>,
    /// For automaton pattern `p`, the spellings it stands for are
    /// `spellings[scan_forms[p].0 .. scan_forms[p].1]`.
    scan_forms: Vec<(u32, u32)>,
    spellings: Vec<Spelling>,
    /// The entries of each spelling (see [`Spelling::owners`]).
    owners: Vec<u32>,
    regexes: Vec<RegexEntry>,
    /// The anchors of the gated regexes (see [`gate`]), grouped by the
    /// strings the regexes need in the text (see [`gate::required`]), each
    /// group in up to three searchers: ASCII anchors of 4 bytes or more,
    /// shorter ones, and the few others (`ſ` and `K` for `s` and `k` when
    /// case does not matter), so that each searcher has few patterns and
    /// stops rarely (see [`anchor_search`]: anchors sharing a core such as
    /// "team" are found by searching for the core).
    anchors: Vec<Anchors>,
    /// Byte length of the longest literal or anchor, in the normalised view.
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
        // (what the regex needs in the text, anchor, regex it gates)
        let mut gated_by: Vec<(Vec<Vec<u8>>, String, u32)> = Vec::new();
        for (i, entry) in lexicon.entries().iter().enumerate() {
            match &entry.pattern {
                Pattern::Literal(spellings) => {
                    for folded in spellings.iter().flat_map(|s| pattern_forms(s)) {
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
                    let pattern = tolerant_regex(source);
                    // Parsed once: the regex is built from it, the gates read it.
                    let hir = regex_syntax::ParserBuilder::new()
                        .case_insensitive(!case_sensitive)
                        .utf8(true)
                        .build()
                        .parse(&pattern)
                        .expect("lexicon regexes are validated when loaded");
                    // The configuration `regex::Regex` builds with: the same matches.
                    let re = Regex::builder()
                        .configure(
                            Regex::config()
                                .nfa_size_limit(Some(10 << 20))
                                .hybrid_cache_capacity(2 << 20)
                                .match_kind(regex_automata::MatchKind::LeftmostFirst)
                                .utf8_empty(true),
                        )
                        .build_from_hir(&hir)
                        .expect("lexicon regexes are validated when loaded");
                    let gated = gate::anchors(&hir).zip(gate::alphabet(&hir));
                    // A few strings to check a text for; many would cost more than they save.
                    let needs = gate::required(&hir)
                        .filter(|set| set.len() <= 8)
                        .unwrap_or_default();
                    let alphabet = gated.map(|(set, alphabet)| {
                        let r = regexes.len() as u32;
                        gated_by.extend(set.into_iter().map(|a| (needs.clone(), a, r)));
                        alphabet
                    });
                    regexes.push(RegexEntry {
                        re,
                        entry: i as u32,
                        alphabet,
                    });
                }
            }
        }
        // Regexes that need the same strings share searchers.
        let mut groups = std::collections::BTreeMap::<_, Vec<_>>::new();
        for (needs, a, r) in gated_by {
            groups.entry(needs).or_default().push((a, r));
        }
        let anchors: Vec<Anchors> = groups
            .into_iter()
            .flat_map(|(needs, gated_by)| {
                let (ascii, mut wide): (Vec<_>, Vec<_>) =
                    gated_by.into_iter().partition(|(a, _)| a.is_ascii());
                // From its first non-ASCII character on, an anchor is rarer still,
                // and the searcher stops only where the text has such a character.
                for (a, _) in &mut wide {
                    let first = a.find(|c: char| !c.is_ascii()).expect("not ASCII");
                    a.drain(..first);
                }
                // An automaton searcher's prefilter tells patterns apart by their first bytes,
                // at most 4 and no more than the shortest pattern has: short anchors
                // get a searcher of their own, so that the rest are told apart by 4.
                let (long, short) = ascii.into_iter().partition(|(a, _)| a.len() >= 4);
                [long, short, wide]
                    .into_iter()
                    .filter(|set: &Vec<_>| !set.is_empty())
                    .enumerate()
                    .map(move |(k, set)| Anchors::new(set, &needs, k == 0))
            })
            .collect::<Option<_>>()
            .unwrap_or_else(|| {
                for r in &mut regexes {
                    r.alphabet = None;
                }
                Vec::new()
            });
        // Patterns and text are normalised (ASCII-lowercased among other
        // things) instead of asking the automaton for case-insensitivity: the DFA is half the size and about 1.5x faster,
        // and a prefilter does not pay off with this many patterns.
        // The automaton reads scan forms (see [`scan_byte`]): its states have
        // half as many transitions, and the exact spelling is checked only
        // for the few literals with digits or punctuation.
        // The DFA scans fastest but takes a few times longer to build than the
        // contiguous NFA (which finds exactly the same matches): start with the
        // NFA and switch to the DFA once a background thread has built it, so
        // the first postings are not kept waiting.
        // Byte length in the normalised view.
        let longest_literal = patterns
            .iter()
            .map(String::len)
            .chain(anchors.iter().map(|a| a.longest))
            .max()
            .unwrap_or(0);
        let mut form_index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut forms: Vec<Vec<u8>> = Vec::new();
        let mut spellings_of: Vec<Vec<usize>> = Vec::new();
        for (p, pattern) in patterns.iter().enumerate() {
            let form: Vec<u8> = pattern.bytes().map(scan_byte).collect();
            let slot = *form_index.entry(form.clone()).or_insert_with(|| {
                forms.push(form);
                spellings_of.push(Vec::new());
                forms.len() - 1
            });
            spellings_of[slot].push(p);
        }
        // Leftmost-longest, no prefilter; both automata come from one trie.
        let trie = noncontiguous::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(&forms)
            .expect("lexicon automaton fits in memory");
        let automaton = contiguous::Builder::new()
            .prefilter(false)
            .build_from_noncontiguous(&trie)
            .expect("lexicon automaton fits in memory");
        let automaton = Arc::new(automaton);
        let dfa = Arc::new(OnceLock::new());
        let slot = Arc::clone(&dfa);
        std::thread::spawn(move || {
            // The slot is empty: only this thread fills it, always.
            let built = dfa::Builder::new()
                .prefilter(false)
                .build_from_noncontiguous(&trie);
            let _ = slot.set(built.ok());
        });
        let mut owners = Vec::new();
        let mut spellings = Vec::with_capacity(patterns.len());
        let mut scan_forms = Vec::with_capacity(forms.len());
        for (form, group) in forms.iter().zip(spellings_of) {
            let first = spellings.len() as u32;
            for p in group {
                let from = owners.len() as u32;
                owners.extend(&entries_of[p]);
                let exact = (patterns[p].as_bytes() != form.as_slice())
                    .then(|| patterns[p].as_bytes().into());
                spellings.push(Spelling {
                    exact,
                    owners: (from, owners.len() as u32),
                });
            }
            scan_forms.push((first, spellings.len() as u32));
        }
        Matcher {
            automaton,
            dfa,
            scan_forms,
            spellings,
            owners,
            regexes,
            anchors,
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
        let mut keep = |entry: u32, m: regex_automata::Match| {
            if m.start() < m.end() && is_whole_word(text, m.start(), m.end()) {
                regex_hits.push(Hit {
                    start: m.start(),
                    end: m.end(),
                    entry,
                });
            }
        };
        for r in self.regexes.iter().filter(|r| r.alphabet.is_none()) {
            r.re.find_iter(text).for_each(|m| keep(r.entry, m));
        }
        // The view of the whole text, when the anchor pass built it in one window.
        let view_ready = self.for_each_gated_match(text, WINDOW, &mut keep);
        if regex_hits.is_empty() {
            self.for_each_literal(text, WINDOW, view_ready, visit);
            return;
        }
        // Merge the two sorted streams. `reach` tracks the furthest-reaching
        // regex match begun at or before the literal: a literal inside it and
        // shorter than it is dropped.
        regex_hits.sort_unstable();
        // The matches of a regex do not overlap: equal ones are one match
        // found by two anchor searchers.
        regex_hits.dedup();
        let mut emitted = 0;
        let mut scanned = 0;
        let mut reach: Option<(usize, usize)> = None; // (end, start) of that match
        self.for_each_literal(text, WINDOW, view_ready, |literal| {
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
    /// is normalised a window at a time into a per-thread [`View`], so a huge
    /// posting does not need a normalised copy of its own size. With
    /// `view_ready`, the view already holds the whole text (as its first and
    /// only window).
    fn for_each_literal(
        &self,
        text: &str,
        window: usize,
        view_ready: bool,
        visit: impl FnMut(Hit),
    ) {
        match self.dfa.get() {
            Some(Some(dfa)) => self.literals_with(dfa, text, window, view_ready, visit),
            _ => self.literals_with(&*self.automaton, text, window, view_ready, visit),
        }
    }

    /// [`Matcher::for_each_literal`] with `automaton`, the DFA or the NFA.
    fn literals_with(
        &self,
        automaton: &impl Automaton,
        text: &str,
        window: usize,
        mut view_ready: bool,
        mut visit: impl FnMut(Hit),
    ) {
        VIEW.with(|cell| {
            let view = &mut *cell.borrow_mut();
            // Offset in `text` where the next window starts.
            let mut pos = 0;
            while pos < text.len() {
                // Every match starting before `accept_end` (a view offset) ends
                // inside the window, so it is found exactly as in one pass over
                // the whole text; later matches wait for the next window.
                // The view is filled 3 bytes further, so that `accept_end` can
                // be moved up to a char boundary.
                let base = pos;
                let stop = if std::mem::take(&mut view_ready) {
                    text.len()
                } else {
                    view.fill(text, base, window + self.longest_literal + 3)
                };
                let accept_end = if stop == text.len() {
                    view.bytes.len()
                } else {
                    next_char(&view.bytes, window - 1)
                };
                // Matches come in order of start: the shift map is walked, not searched.
                let mut cursor = 0;
                let mut input = Input::new(&view.scan[..]);
                let mut next = accept_end;
                while let Some(m) = find(automaton, &input) {
                    let (start, mut end, mut pattern) = (m.start(), m.end(), m.pattern());
                    if start >= accept_end {
                        break;
                    }
                    let source_start = base + view.source_from(start, &mut cursor);
                    let source_end = |end: usize| base + view.source_from(end, &mut { cursor });
                    // The spelling the text has here, if it stands alone as a word.
                    let found = |end: usize, pattern: aho_corasick::PatternID| {
                        self.spelling(pattern, &view.bytes[start..end])
                            .filter(|_| is_whole_word(text, source_start, source_end(end)))
                    };
                    // When the longest literal here is glued to a word ("api platforms"
                    // for "api platform"), or only its scan form matched, a shorter one
                    // at the same start may still stand alone ("api"): look for it
                    // inside the failed match.
                    let mut spelling = found(end, pattern);
                    while spelling.is_none() {
                        let shorter = Input::new(&view.scan[..]).range(start..end - 1);
                        match find(automaton, &shorter) {
                            Some(s) if s.start() == start => {
                                (end, pattern) = (s.end(), s.pattern());
                                spelling = found(end, pattern);
                            }
                            _ => break,
                        }
                    }
                    let resume = if let Some(spelling) = spelling {
                        let (from, to) = spelling.owners;
                        let source_end = source_end(end);
                        for &entry in &self.owners[from as usize..to as usize] {
                            visit(Hit {
                                start: source_start,
                                end: source_end,
                                entry,
                            });
                        }
                        end
                    } else {
                        // No literal stands alone here; one may start later.
                        next_char(&view.bytes, start)
                    };
                    next = resume.max(accept_end);
                    if resume >= view.bytes.len() {
                        break;
                    }
                    input.set_start(resume);
                }
                pos = base + view.source_from(next, &mut cursor);
            }
        });
    }

    /// The bare scan, for benchmarks: the same windows of the same normalised
    /// view and the same automaton as [`Matcher::for_each_hit`], counting the
    /// automaton's leftmost-longest matches and doing nothing else (no
    /// whole-word check, no regexes, no offsets mapped back). This is the
    /// speed limit of the design: what a posting costs before anything is
    /// made of its matches.
    pub fn count_raw_matches(&self, text: &str) -> u64 {
        match self.dfa.get() {
            Some(Some(dfa)) => self.count_raw_matches_with(dfa, text),
            _ => self.count_raw_matches_with(&*self.automaton, text),
        }
    }

    /// [`Matcher::count_raw_matches`] with `automaton`, the DFA or the NFA.
    fn count_raw_matches_with(&self, automaton: &impl Automaton, text: &str) -> u64 {
        let mut count = 0;
        VIEW.with(|cell| {
            let view = &mut *cell.borrow_mut();
            let mut pos = 0;
            while pos < text.len() {
                let stop = view.fill(text, pos, WINDOW + self.longest_literal + 3);
                let accept_end = if stop == text.len() {
                    view.bytes.len()
                } else {
                    next_char(&view.bytes, WINDOW - 1)
                };
                let mut next = accept_end;
                let scan = Input::new(&view.scan[..]);
                for m in automaton.try_find_iter(scan).expect(UNANCHORED) {
                    if m.start() >= accept_end {
                        break;
                    }
                    count += 1;
                    next = m.end().max(accept_end);
                }
                pos += view.source_from(next, &mut 0);
            }
        });
        count
    }

    /// For tests and fuzzing: whether the gated regexes find in `text`
    /// exactly what `find_iter` over the whole of it finds (see [`gate`]).
    #[doc(hidden)]
    pub fn gates_agree(&self, text: &str) -> bool {
        let [gated, whole] = self.gated_and_ungated(text, WINDOW);
        gated == whole
    }

    /// The matches of the gated regexes, `(start, end, entry)` in order:
    /// through their gates with `window`, and by `find_iter` over the whole text.
    fn gated_and_ungated(&self, text: &str, window: usize) -> [Vec<(usize, usize, u32)>; 2] {
        let mut gated = Vec::new();
        self.for_each_gated_match(text, window, |entry, m| {
            gated.push((m.start(), m.end(), entry))
        });
        gated.sort_unstable();
        gated.dedup();
        let mut whole = Vec::new();
        for r in self.regexes.iter().filter(|r| r.alphabet.is_some()) {
            whole.extend(r.re.find_iter(text).map(|m| (m.start(), m.end(), r.entry)));
        }
        whole.sort_unstable();
        [gated, whole]
    }

    /// Blocks until the background thread has built the DFA (see
    /// [`Matcher::new`]), so that a benchmark times the automaton real runs use
    /// and a caller can make sure no build is left running.
    pub fn wait_for_dfa(&self) {
        while self.dfa.get().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Number of distinct literal spellings in the automaton.
    pub fn literal_count(&self) -> usize {
        self.spellings.len()
    }

    /// The spelling of automaton pattern `pattern` that `matched` (view
    /// bytes where its scan form matched) is, if any.
    fn spelling(&self, pattern: aho_corasick::PatternID, matched: &[u8]) -> Option<&Spelling> {
        let (from, to) = self.scan_forms[pattern.as_usize()];
        self.spellings[from as usize..to as usize]
            .iter()
            .find(|s| s.exact.as_deref().is_none_or(|exact| exact == matched))
    }

    /// Number of regex entries.
    pub fn regex_count(&self) -> usize {
        self.regexes.len()
    }
}

/// Why an unanchored search of the literal automata cannot fail.
const UNANCHORED: &str = "the literal automata are built for unanchored search";

/// The first leftmost-longest match of `automaton` in `input`.
fn find(automaton: &impl Automaton, input: &Input) -> Option<aho_corasick::Match> {
    automaton.try_find(input).expect(UNANCHORED)
}

thread_local! {
    /// A window of the text being searched, normalised, reused per thread.
    static VIEW: std::cell::RefCell<View> = const { std::cell::RefCell::new(View::new()) };
    /// Per anchor searcher and gated regex, where the last segment searched
    /// ends (see [`Matcher::for_each_gated_match`]), reused per thread.
    static SEARCHED: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
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
            neighbour: None,
            name: None,
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

    fn regex(source: &str, case_sensitive: bool) -> Entry {
        let mut e = literal(Role::TechnologyManager, &[]);
        e.pattern = Pattern::Regex {
            source: source.into(),
            case_sensitive,
        };
        e
    }

    /// The embedded lexicons and a few regexes that test the gates'
    /// derivation: case folding beyond ASCII (`k`, `s`), classes, optional
    /// and repeated parts (a number of teams), a literal dash, a gap at either end.
    fn gated_lexicon() -> &'static Matcher {
        static M: OnceLock<Matcher> = OnceLock::new();
        M.get_or_init(gated_matcher)
    }

    fn gated_matcher() -> Matcher {
        let mut entries = Lexicon::embedded().entries().to_vec();
        entries.extend([
            regex(r"\b(?:kanban|scrum)\s+(?:boards?|masters?)\b", false),
            regex(
                r"\bacross\s(?:(?:two|three|several|\d+)\s)?(?:engineering|software)\s(?:and\s\w+\s)?teams\b",
                false,
            ),
            regex(r"\bsite-reliability\s[a-z]{2,9}\b", true),
            regex(r"\bz\d{1,3}x\s", false),
            regex(r"\s(?:it|IT)’s\s", true),
            // Its only literal, `a` or `b`, might be inside `&#xa0;`: not gated.
            regex(r"[ab]\d{1,3}x\s", false),
        ]);
        let m = Matcher::new(&Lexicon::from_entries(entries));
        let gated = m.regexes.iter().filter(|r| r.alphabet.is_some()).count();
        assert_eq!(gated, m.regexes.len() - 1);
        m
    }

    #[test]
    fn every_regex_here_is_gated_and_finds_what_find_iter_finds() {
        let m = gated_lexicon();
        let text = "We lead a team of 5 senior data engineers. IT Manager, manager of IT; \
                    TPMs across three engineering teams. Kanban  Boards, ſcrum maſterſ, \
                    site-reliability engineer, z12x  IT’s it’s";
        let [gated, whole] = m.gated_and_ungated(text, WINDOW);
        let found: Vec<&str> = whole.iter().map(|&(s, e, _)| &text[s..e]).collect();
        assert_eq!(gated, whole, "{found:?}");
        assert_eq!(found.len(), 11, "{found:?}");
    }

    fn windowed(m: &Matcher, text: &str, window: usize) -> Vec<Hit> {
        let mut hits = Vec::new();
        m.for_each_literal(text, window, false, |h| hits.push(h));
        hits
    }

    #[test]
    fn literals_with_digits_or_punctuation_match_only_their_spelling() {
        let m = Matcher::new(&Lexicon::from_entries(vec![
            literal(Role::ProductManager, &["b2b"]),
            literal(Role::ProductManager, &["b2c"]),
            literal(Role::TechnologyManager, &["p&l"]),
            literal(Role::TechnicalProductManager, &["api", "api 2.0"]),
        ]));
        // "b2b" and "b3b" read alike to the automaton; only the spelling counts.
        assert_eq!(
            spans(&m, "b2b, b3b, b2c, p&l, p/l"),
            vec![("b2b".into(), 0), ("b2c".into(), 1), ("p&l".into(), 2)]
        );
        // A longer scan form that is not the spelling leaves room for a shorter literal.
        assert_eq!(
            spans(&m, "api 3.0 and api 2.0"),
            vec![("api".into(), 3), ("api 2.0".into(), 3)]
        );
    }

    /// Every whole-word match, found the slow way: at each position the longest
    /// literal that is there and stands alone, then on after it (texts in the
    /// normal form, so view and text offsets agree).
    fn brute_force(literals: &[&str], text: &str) -> Vec<(usize, usize, u32)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let longest = literals
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    text[at..].starts_with(*l) && is_whole_word(text, at, at + l.len())
                })
                .max_by_key(|(_, l)| l.len());
            match longest {
                Some((i, l)) => {
                    out.push((at, at + l.len(), i as u32));
                    at += l.len();
                }
                None => at += 1,
            }
        }
        out
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
        fn the_view_is_built_as_one_character_at_a_time_would(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "B", " ", "  ", "\t", "\r\n", "-", " - ", "é", "\u{a0}", "\u{2013}", "’",
                    "“", "&", "&amp;", "&nbsp;", "&#233;", "&#x1F642;", "&#0;", "&bogus;", "🙂",
                ]),
                0..40,
            ),
            from_piece in 0usize..40,
            want in 1usize..64,
        ) {
            let text: String = pieces.concat();
            let from = pieces[..from_piece.min(pieces.len())].concat().len();
            let (mut fast, mut slow) = (View::new(), View::new());
            let stop = fast.fill(&text, from, want);
            proptest::prop_assert_eq!(stop, slow.fill_one_by_one(&text, from, want));
            proptest::prop_assert_eq!(&fast.bytes, &slow.bytes);
            proptest::prop_assert_eq!(&fast.shifts, &slow.shifts);
        }

        #[test]
        fn gated_regexes_find_what_find_iter_finds(
            words in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "IT", "it", "It", "manager", "Manager", "of", "head", "vice president",
                        "operations", "lead", "leading", "a", "the", "cross-functional", "team",
                        "teams", "teamſ", "data scientists", "engineers", "across", "three", "12",
                        "engineering", "ſoftware", "TPM", "TPMs", "kanban", "Kanban", "board",
                        "ſcrum", "master", "site-reliability", "SRE", "b7x", "z12x", "Z3X", "IT’s",
                        "’s", "&#x2013;", "&#116;", "_", "é", "x",
                    ]),
                    proptest::sample::select(vec![
                        " ", " ", " ", "  ", "\t", "\n", "-", "—", "\u{a0}", "&nbsp;", "&amp;", "",
                        ", ", ". ", "’",
                    ]),
                ),
                0..40,
            ),
            window in 1usize..48,
        ) {
            let text: String = words.iter().flat_map(|&(w, gap)| [w, gap]).collect();
            let m = gated_lexicon();
            let [gated, whole] = m.gated_and_ungated(&text, window);
            proptest::prop_assert_eq!(&gated, &whole);
            let [one_window, _] = m.gated_and_ungated(&text, WINDOW);
            proptest::prop_assert_eq!(one_window, whole);
        }

        #[test]
        fn scan_forms_find_what_the_spellings_find(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "b2b", "b3b", "b", "2", "3", " ", "p&l", "p/l", "p", "l", "&", ",", "v1.0", "v1,0", "v",
                ]),
                0..40,
            ),
        ) {
            let literals = ["b2b", "b3b", "p&l", "p", "v1.0", "1.0", "b", "2 b"];
            let m = Matcher::new(&Lexicon::from_entries(
                literals.iter().map(|l| literal(Role::ProductManager, &[l])).collect(),
            ));
            let text: String = pieces.concat();
            let mut hits = Vec::new();
            m.find_hits(&text, &mut hits);
            let found: Vec<_> = hits.iter().map(|h| (h.start, h.end, h.entry)).collect();
            proptest::prop_assert_eq!(found, brute_force(&literals, &text));
        }

        #[test]
        fn any_window_size_finds_what_one_pass_finds(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "api", " ", "platform", "s", "audit", "it", "manager", "a", "é", "—", "_", ",",
                    "  ", "\n", "\u{a0}", "-", "&nbsp;", "&amp;", "’", "API", "ApiPlatform",
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
    fn spacing_dashes_quotes_and_references_do_not_matter() {
        let m = Matcher::new(&Lexicon::from_entries(vec![
            literal(
                Role::ProductManager,
                &["product manager", "customers' needs"],
            ),
            literal(
                Role::TechnicalProductManager,
                &["technical product manager"],
            ),
            literal(Role::TechnicalProgramManager, &["cross-functional"]),
        ]));
        for (text, term, entry) in [
            (
                "Technical\u{a0}Product Manager",
                "technical product manager",
                1,
            ),
            (
                "Technical  Product\n   Manager",
                "technical product manager",
                1,
            ),
            (
                "Technical\u{2009}Product\u{2011}Manager",
                "technical product manager",
                1,
            ),
            (
                "Technical&nbsp;Product&#x2013;Manager",
                "technical product manager",
                1,
            ),
            ("Product-Manager", "product manager", 0),
            ("Product — Manager", "product manager", 0),
            ("customers’ needs", "customers' needs", 0),
            ("customers&rsquo;\r\nneeds", "customers' needs", 0),
            ("cross functional", "cross-functional", 2),
            ("crossfunctional", "crossfunctional", 2),
            ("Cross\u{2010}Functional", "cross-functional", 2),
        ] {
            let padded = format!("a {text}.");
            let found = spans(&m, &padded);
            assert_eq!(found, vec![(text.to_string(), entry)], "{padded:?}");
            assert_eq!(normalize(text), normalize(term));
        }
        // Not across a word: the gap is not a way to glue words together.
        assert_eq!(spans(&m, "crossfunctionals, xcross-functional"), vec![]);
    }

    #[test]
    fn normal_form() {
        assert_eq!(
            normalize("R&amp;D\u{a0}–\tTeam’s  “A” &bogus; &#0; & x"),
            "r&d team's \"a\" &bogus; &#0; & x"
        );
        assert_eq!(html_entity(b"&nbsp; x"), Some(('\u{a0}', 6)));
        assert_eq!(html_entity(b"&#x2013;"), Some(('\u{2013}', 8)));
        assert_eq!(html_entity(b"&#160"), None);
        assert_eq!(
            pattern_forms("Go-To-Market - Plan"),
            vec!["go to market plan", "gotomarket plan"]
        );
        assert_eq!(pattern_forms("—"), Vec::<String>::new());
    }

    #[test]
    fn regex_spaces_match_any_gap() {
        let mut re = literal(Role::TechnologyManager, &[]);
        re.pattern = Pattern::Regex {
            source: r"\bIT (?i:manager)\b|\blead\s[a-z]+s\b".into(),
            case_sensitive: true,
        };
        let m = Matcher::new(&Lexicon::from_entries(vec![re]));
        assert_eq!(
            spans(
                &m,
                "IT\u{a0}Manager, IT -\n manager, it manager, lead \t teams"
            ),
            vec![
                ("IT\u{a0}Manager".into(), 0),
                ("IT -\n manager".into(), 0),
                ("lead \t teams".into(), 0)
            ]
        );
        // Classes and escapes are left alone.
        assert_eq!(tolerant_regex(r"[ \s]\S\ "), r"[ \s]\S\ ");
    }

    #[test]
    fn a_gap_longer_than_the_window_is_one_space() {
        let m = Matcher::new(&Lexicon::from_entries(vec![literal(
            Role::TechnicalProductManager,
            &["technical product manager"],
        )]));
        let text = format!(
            "x Technical{}Product\u{a0}Manager y",
            " \n\u{a0}".repeat(WINDOW)
        );
        let mut hits = Vec::new();
        m.find_hits(&text, &mut hits);
        assert_eq!(hits.len(), 1);
        assert_eq!((hits[0].start, hits[0].end), (2, text.len() - 2));
        assert!(VIEW.with(|v| v.borrow().bytes.capacity()) < 2 * WINDOW);
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
        assert!(VIEW.with(|v| v.borrow().bytes.capacity()) < 2 * WINDOW);
    }
}

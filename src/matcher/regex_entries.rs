//! The regex entries of a lexicon: compiled once, widened to tolerate any
//! spacing, and run only over the segments of the text around their anchors
//! (see [`super::gate`]).

use regex_automata::meta::Regex;

use super::anchor_search::AnchorSearch;
use super::{gate, next_char, Matcher, SEARCHED, VIEW};

/// A regex entry, compiled.
#[derive(Debug, Clone)]
pub(super) struct RegexEntry {
    pub(super) re: Regex,
    pub(super) entry: u32,
    /// For a gated regex, the characters its matches can contain: it is run
    /// only over the runs of them that hold one of its anchors.
    pub(super) alphabet: Option<gate::Alphabet>,
}

/// A searcher for anchors of gated regexes, run over the view.
#[derive(Debug, Clone)]
pub(super) struct Anchors {
    /// Leftmost-first, longest anchor first: at a position it reports the
    /// longest anchor there, and every shorter one there is a prefix of it.
    /// Few, rare patterns make it far faster than `automaton`.
    pub(super) searcher: AnchorSearch,
    /// For anchor `a`, the regexes (indices into `regexes`) that it or an
    /// anchor that is a prefix of it gates.
    gates: Vec<Vec<u32>>,
    /// Byte length of the longest anchor.
    pub(super) longest: usize,
    /// The searcher runs only over a text holding one of these (none: any
    /// text), the same for every searcher of a group.
    pub(super) needs: Vec<memchr::memmem::Finder<'static>>,
    /// The first searcher of its group: where `needs` is checked, once per text.
    group_start: bool,
    /// The bytes its anchors start with, when they are at most three and
    /// not ASCII (the searcher of `ſ` and `K` anchors): a view without them
    /// is not searched (without this check a run takes about a third longer).
    rare_starts: Vec<u8>,
}

impl Anchors {
    /// The searcher for `(anchor, regex)` pairs (at least one); `None` when
    /// it does not fit in memory (then no regex is gated).
    pub(super) fn new(
        mut gated_by: Vec<(String, u32)>,
        needs: &[Vec<u8>],
        group_start: bool,
    ) -> Option<Anchors> {
        gated_by.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        let mut patterns: Vec<&str> = gated_by.iter().map(|(a, _)| a.as_str()).collect();
        patterns.dedup();
        let gates = patterns
            .iter()
            .map(|p| {
                let mut gates: Vec<u32> = gated_by
                    .iter()
                    .filter(|(a, _)| p.starts_with(a.as_str()))
                    .map(|&(_, r)| r)
                    .collect();
                gates.sort_unstable();
                gates.dedup();
                gates
            })
            .collect();
        let searcher = AnchorSearch::new(&patterns)?;
        let mut starts: Vec<u8> = patterns.iter().map(|p| p.as_bytes()[0]).collect();
        starts.sort_unstable();
        starts.dedup();
        let rare_starts = if starts.len() <= 3 && starts.iter().all(|b| !b.is_ascii()) {
            starts
        } else {
            Vec::new()
        };
        Some(Anchors {
            rare_starts,
            searcher,
            gates,
            longest: patterns.first()?.len(),
            needs: needs
                .iter()
                .map(|n| memchr::memmem::Finder::new(n).into_owned())
                .collect(),
            group_start,
        })
    }
}

impl Matcher {
    /// Calls `found` with each match of each gated regex (in order per regex
    /// and anchor searcher; a segment hit by several searchers is searched
    /// once by each): the anchors are searched for in the view, a window at a time
    /// as in [`Matcher::for_each_literal`], and the regex is run over the
    /// segment of the text around each anchor hit (see [`gate`]). Returns
    /// whether the view now holds the whole text, filled as the first window
    /// of [`Matcher::for_each_literal`] with the same `window` would be.
    pub(super) fn for_each_gated_match(
        &self,
        text: &str,
        window: usize,
        mut found: impl FnMut(u32, regex_automata::Match),
    ) -> bool {
        if self.anchors.is_empty() {
            return false;
        }
        // Per searcher and gated regex: where the last segment searched ends.
        let regexes = self.regexes.len();
        SEARCHED.with(|searched| {
            let searched = &mut *searched.borrow_mut();
            searched.clear();
            searched.resize(self.anchors.len() * regexes, 0);
            VIEW.with(|cell| {
                let view = &mut *cell.borrow_mut();
                let mut pos = 0;
                let mut windows = 0;
                // Bit k: searcher k is not needed, as the text lacks what
                // its regexes need (checked once per group; searchers past
                // the 64th always run).
                let (mut skipped, mut lacking) = (0u64, false);
                for (k, anchors) in self.anchors.iter().enumerate().take(64) {
                    if anchors.group_start {
                        lacking = !anchors.needs.is_empty()
                            && !anchors
                                .needs
                                .iter()
                                .any(|n| n.find(text.as_bytes()).is_some());
                    }
                    skipped |= u64::from(lacking) << k;
                }
                while pos < text.len() {
                    let stop = view.fill(text, pos, window + self.longest_literal + 3);
                    windows += 1;
                    let accept_end = if stop == text.len() {
                        view.bytes.len()
                    } else {
                        next_char(&view.bytes, window - 1)
                    };
                    for (k, (anchors, searched)) in self
                        .anchors
                        .iter()
                        .zip(searched.chunks_mut(regexes))
                        .enumerate()
                    {
                        if k < 64 && skipped >> k & 1 == 1 {
                            continue;
                        }
                        let view_has_starts = match anchors.rare_starts[..] {
                            [a] => memchr::memchr(a, &view.bytes).is_some(),
                            [a, b] => memchr::memchr2(a, b, &view.bytes).is_some(),
                            [a, b, c] => memchr::memchr3(a, b, c, &view.bytes).is_some(),
                            _ => true,
                        };
                        if !view_has_starts {
                            continue;
                        }
                        let (mut at, mut cursor) = (0, 0);
                        while let Some((start, pattern)) = anchors.searcher.find(&view.bytes, at) {
                            if start >= accept_end {
                                break;
                            }
                            let source = pos + view.source_from(start, &mut cursor);
                            for &r in &anchors.gates[pattern] {
                                // Anchor hits come in order: a hit before `done`
                                // is in the segment searched last.
                                let done = &mut searched[r as usize];
                                if source < *done {
                                    continue;
                                }
                                let r = &self.regexes[r as usize];
                                let alphabet = r.alphabet.as_ref().expect("a gated regex");
                                let (from, to) = alphabet.segment(text, source);
                                let segment = regex_automata::Input::new(text).range(from..to);
                                for m in r.re.find_iter(segment) {
                                    found(r.entry, m);
                                }
                                *done = to.max(source + 1);
                            }
                            // Anchors start at a char: the next one after this byte.
                            at = start + 1;
                        }
                    }
                    pos += view.source_from(accept_end, &mut 0);
                }
                windows == 1
            })
        })
    }
}

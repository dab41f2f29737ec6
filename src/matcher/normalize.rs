//! The normal form of a spelling as the automaton reads it: case, spacing,
//! dashes, quotes and HTML character references folded; and regex entries
//! widened to tolerate the same spacing variants.

use super::view::{fold, Folded, View};

/// The normalised form of `s`, as the automaton reads it (see the module
/// docs): two texts that differ only in how whitespace, dashes, quotes,
/// character references or ASCII letter case were typed normalise the same.
pub fn normalize(s: &str) -> String {
    let mut view = View::new();
    view.fill(s, 0, usize::MAX);
    String::from_utf8(view.bytes).expect("the view is valid UTF-8")
}

/// The automaton patterns for one lexicon spelling: its normalised form and,
/// when a hyphen joins two words ("cross-functional"), the form written solid
/// ("crossfunctional"). A spelling of only punctuation gaps has none.
pub(super) fn pattern_forms(spelling: &str) -> Vec<String> {
    let spaced = normalize(spelling).trim_matches(' ').to_string();
    if spaced.is_empty() {
        return Vec::new();
    }
    let is_gap = |c: char| matches!(fold(c), Folded::Gap);
    let chars: Vec<char> = spelling.chars().collect();
    let joined: String = (0..chars.len())
        .filter(|&k| {
            // Drop a dash that joins two words (no gap on either side).
            let dash = is_gap(chars[k]) && !chars[k].is_whitespace();
            let inside = k > 0 && k + 1 < chars.len();
            !dash || !inside || is_gap(chars[k - 1]) || is_gap(chars[k + 1])
        })
        .map(|k| chars[k])
        .collect();
    let solid = normalize(&joined).trim_matches(' ').to_string();
    let mut forms = vec![spaced];
    if solid != forms[0] {
        forms.push(solid);
    }
    forms
}

/// `source` with every literal space and every `\s` outside a character
/// class widened to a run of whitespace and dashes, so that regex entries
/// (which read the text as given, not the normalised view) tolerate the same
/// spacing variants as literals. Curly quotes and character references are
/// not normalised for regexes; no embedded regex needs them.
pub(super) fn tolerant_regex(source: &str) -> String {
    const GAP: &str = r"(?:[\s\-\u{2010}-\u{2015}\u{2212}]+)";
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('s') if class_depth == 0 => out.push_str(GAP),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            ' ' if class_depth == 0 => out.push_str(GAP),
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

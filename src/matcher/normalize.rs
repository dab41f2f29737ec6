//! The normal form of a spelling as the automaton reads it: case, spacing,
//! dashes, quotes and HTML character references folded.

use super::view::{fold, Folded, View};

/// The character an HTML character reference at the start of `s` stands for,
/// and the reference's length in bytes: numeric ones (`&#160;`, `&#xA0;`) and
/// the named ones postings use (`&nbsp;`, `&amp;`, `&rsquo;`, `&ndash;`…).
/// `None` when `s` does not start with one.
pub fn html_entity(s: &[u8]) -> Option<(char, usize)> {
    let end = s.iter().take(12).position(|&b| b == b';')?;
    let name = std::str::from_utf8(s.get(1..end)?).ok()?;
    let c = match name.strip_prefix('#') {
        Some(number) => {
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')?
        }
        None => NAMED_ENTITIES.iter().find(|(n, _)| *n == name)?.1,
    };
    Some((c, end + 1))
}

/// The named character references [`html_entity`] decodes.
pub(super) const NAMED_ENTITIES: [(&str, char); 17] = [
    ("nbsp", '\u{A0}'),
    ("ensp", '\u{A0}'),
    ("emsp", '\u{A0}'),
    ("thinsp", '\u{A0}'),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("ldquo", '"'),
    ("rdquo", '"'),
    ("apos", '\''),
    ("lsquo", '\''),
    ("rsquo", '\''),
    ("ndash", '-'),
    ("mdash", '-'),
    ("hyphen", '-'),
    ("minus", '-'),
];

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

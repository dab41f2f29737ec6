//! Literal gates for regex entries, so that a regex is run only near text
//! that could be part of a match instead of over every posting.
//!
//! For each regex, [`anchors`] derives a few strings of the normalised view
//! (see [`super::normalize()`]) such that every match of the regex, seen in the
//! view, contains one of them ("team of" for "lead … teams of … engineers").
//! They come from `regex-syntax`'s prefix extraction, run on the regex as the
//! view would read what it matches ([`view_image`]), at every position of
//! every concatenation; the rarest-looking set wins. The regex itself still
//! reads the text as given: a gate only says where it may match.
//!
//! Where it may match is a *segment*: the maximal run of characters around an
//! anchor hit that the regex could match at all ([`Alphabet`]). A match never
//! crosses a character outside its regex's alphabet, so running the regex
//! over each segment that holds an anchor finds exactly what `find_iter` over
//! the whole text finds.
//!
//! A regex whose every match holds one of a few strings of the text as
//! given ([`required`]: `IT` for `\bIT manager\b`, matched case-sensitively)
//! is not looked for at all in a text without them: its anchors get
//! searchers of their own, which skip such a text.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{self, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};

use super::{normalize, view_char, NAMED_ENTITIES};

/// View-form strings, one of which every match of `hir` (the regex as
/// parsed) contains when seen in the normalised view; `None` when no such
/// set is found (the regex then reads every text whole).
pub(super) fn anchors(hir: &Hir) -> Option<Vec<String>> {
    best_anchors(&view_image(hir)?)
}

/// Strings of the text as given (not the view), one of which every match of
/// `hir` contains: a regex is not run over a text that holds none of them.
/// They come from the regex's literal runs, which are matched byte for byte
/// (case-sensitive ones: a case-insensitive letter is a class); `None` when
/// some match may hold none of them.
pub(super) fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(hir::Literal(bytes)) => Some(vec![bytes.to_vec()]),
        HirKind::Capture(cap) => required(&cap.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        // Each part is in every match: the rarest-looking part's strings.
        HirKind::Concat(subs) => subs
            .iter()
            .filter_map(required)
            .max_by_key(|set| required_rarity(set)),
        // A match is one branch's: any branch's strings.
        HirKind::Alternation(subs) => {
            let mut set: Vec<Vec<u8>> = subs
                .iter()
                .map(required)
                .collect::<Option<Vec<_>>>()?
                .concat();
            set.sort();
            set.dedup();
            Some(set)
        }
        _ => None,
    }
}

/// How rarely a text is likely to hold one of `set`: longer strings (up to a
/// point), then more capitals (rarer than small letters in prose), then
/// fewer strings.
fn required_rarity(set: &[Vec<u8>]) -> (usize, usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
    let capitals = set
        .iter()
        .map(|s| s.iter().filter(|b| b.is_ascii_uppercase()).count())
        .min()
        .unwrap_or(0);
    (shortest.min(4), capitals, std::cmp::Reverse(set.len()))
}

/// The characters a match of `hir` can contain; `None` when it can match
/// bytes that are not whole characters.
pub(super) fn alphabet(hir: &Hir) -> Option<Alphabet> {
    let mut ranges = Vec::new();
    collect_chars(hir, &mut ranges)?;
    let class = ClassUnicode::new(ranges);
    let mut ascii = 0u128;
    let mut wide = Vec::new();
    for r in class.ranges() {
        for c in r.start()..=r.end().min('\x7f') {
            ascii |= 1 << c as u32;
        }
        if r.end() >= '\u{80}' {
            wide.push((r.start().max('\u{80}'), r.end()));
        }
    }
    Some(Alphabet { ascii, wide })
}

/// A set of characters: a bit per ASCII character, sorted ranges above.
#[derive(Debug, Clone)]
pub(super) struct Alphabet {
    ascii: u128,
    wide: Vec<(char, char)>,
}

impl Alphabet {
    fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii >> c as u32 & 1 == 1;
        }
        let k = self.wide.partition_point(|&(_, end)| end < c);
        self.wide.get(k).is_some_and(|&(start, _)| start <= c)
    }

    /// The maximal run of `text` around byte `at` (a char boundary) made of
    /// characters of the alphabet: `start..end`, empty when the character at
    /// `at` is not one.
    pub(super) fn segment(&self, text: &str, at: usize) -> (usize, usize) {
        if !text[at..].chars().next().is_some_and(|c| self.contains(c)) {
            return (at, at);
        }
        let before = text[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| self.contains(c))
            .last()
            .map_or(at, |(i, _)| i);
        let after = text[at..]
            .char_indices()
            .find(|&(_, c)| !self.contains(c))
            .map_or(text.len(), |(i, _)| at + i);
        (before, after)
    }
}

fn collect_chars(hir: &Hir, out: &mut Vec<ClassUnicodeRange>) -> Option<()> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(hir::Literal(bytes)) => {
            out.extend(
                std::str::from_utf8(bytes)
                    .ok()?
                    .chars()
                    .map(|c| ClassUnicodeRange::new(c, c)),
            );
        }
        HirKind::Class(Class::Unicode(class)) => out.extend(class.ranges().iter().copied()),
        HirKind::Class(Class::Bytes(class)) => {
            for r in class.ranges() {
                if r.end() >= 0x80 {
                    return None;
                }
                out.push(ClassUnicodeRange::new(r.start().into(), r.end().into()));
            }
        }
        HirKind::Repetition(rep) => collect_chars(&rep.sub, out)?,
        HirKind::Capture(cap) => collect_chars(&cap.sub, out)?,
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                collect_chars(sub, out)?;
            }
        }
    }
    Some(())
}

/// Classes larger than this are not mapped character by character: they
/// stand for any character (prefix extraction stops at them anyway).
const CLASS_LIMIT: usize = 256;

/// `hir` as the view reads its matches: each character replaced by how the
/// view writes it ([`view_char`]), a repetition of gap characters by one
/// space (a run of gaps is one space in the view), look-arounds dropped.
/// Every match of `hir`, normalised, is a match of the image with its space
/// runs collapsed; `None` for a regex over bytes that are not characters.
fn view_image(hir: &Hir) -> Option<Hir> {
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Hir::empty(),
        HirKind::Literal(hir::Literal(bytes)) => {
            let image: String = std::str::from_utf8(bytes)
                .ok()?
                .chars()
                .map(view_char)
                .collect();
            Hir::literal(image.into_bytes())
        }
        HirKind::Class(class) => {
            let chars: Vec<char> = match class {
                Class::Unicode(c) => c
                    .ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .take(CLASS_LIMIT + 1)
                    .collect(),
                Class::Bytes(c) => c
                    .ranges()
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .take(CLASS_LIMIT + 1)
                    .map(char::from)
                    .collect(),
            };
            let wide_bytes = matches!(class, Class::Bytes(c) if c.ranges().last().is_some_and(|r| r.end() >= 0x80));
            if chars.len() > CLASS_LIMIT || wide_bytes {
                Hir::dot(hir::Dot::AnyChar)
            } else {
                Hir::class(Class::Unicode(ClassUnicode::new(chars.into_iter().map(
                    |c| {
                        let v = view_char(c);
                        ClassUnicodeRange::new(v, v)
                    },
                ))))
            }
        }
        HirKind::Repetition(rep) => {
            let sub = view_image(&rep.sub)?;
            if sub.kind() == &HirKind::Literal(hir::Literal(Box::from(&b" "[..]))) {
                if rep.min >= 1 {
                    sub
                } else {
                    Hir::repetition(hir::Repetition {
                        min: 0,
                        max: Some(1),
                        greedy: true,
                        sub: Box::new(sub),
                    })
                }
            } else {
                Hir::repetition(hir::Repetition {
                    sub: Box::new(sub),
                    ..rep.clone()
                })
            }
        }
        HirKind::Capture(cap) => view_image(&cap.sub)?,
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(view_image).collect::<Option<_>>()?),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(view_image).collect::<Option<_>>()?)
        }
    })
}

/// The best anchor set of a view image: its prefixes, the union of its
/// branches' sets, or (for a concatenation) the prefixes from any of its
/// positions on, or any part's set.
fn best_anchors(image: &Hir) -> Option<Vec<String>> {
    let mut candidates = vec![prefixes(image)];
    match image.kind() {
        HirKind::Alternation(subs) => {
            let union: Option<Vec<String>> = subs
                .iter()
                .map(best_anchors)
                .collect::<Option<Vec<_>>>()
                .map(|sets| sets.concat());
            candidates.push(union.map(minimal));
        }
        HirKind::Concat(subs) => {
            for i in 1..subs.len() {
                candidates.push(prefixes(&Hir::concat(subs[i..].to_vec())));
            }
            candidates.extend(subs.iter().map(best_anchors));
        }
        HirKind::Repetition(rep) if rep.min >= 1 => candidates.push(best_anchors(&rep.sub)),
        _ => {}
    }
    candidates
        .into_iter()
        .flatten()
        .max_by_key(|set| rarity(set))
}

/// How rarely a set of anchors is likely to occur: longer strings first (up
/// to a point), then fewer of them.
fn rarity(set: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(String::len).min().unwrap_or(0);
    (shortest.min(6), std::cmp::Reverse(set.len()))
}

/// The view-form prefixes of `image`'s matches, when each is usable as an
/// anchor ([`anchor_form`]) and there are finitely many.
fn prefixes(image: &Hir) -> Option<Vec<String>> {
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(image);
    let literals = seq.literals()?;
    if literals.is_empty() {
        return None;
    }
    let set = literals
        .iter()
        .map(|lit| anchor_form(lit.as_bytes()))
        .collect::<Option<Vec<_>>>()?;
    Some(minimal(set))
}

/// A prefix literal of a view image as an anchor: cut to whole characters,
/// spaces collapsed and trimmed (a gap at either end may merge with the text
/// around it). `None` when the view might not show it where the text holds
/// it: when it could be part of an HTML character reference, which the view
/// decodes (it holds `&` or `;`, or it has no space and could be inside a
/// reference's name), or when nothing is left.
fn anchor_form(bytes: &[u8]) -> Option<String> {
    let valid = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).expect("valid prefix"),
    };
    if valid.contains(['&', ';']) {
        return None;
    }
    let anchor = normalize(valid).trim_matches(' ').to_string();
    let in_reference = !anchor.contains(' ')
        && (anchor
            .chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, '#' | 'x' | 'X' | '+'))
            || NAMED_ENTITIES
                .iter()
                .any(|(name, _)| name.to_ascii_lowercase().contains(&anchor)));
    (!anchor.is_empty() && !in_reference).then_some(anchor)
}

/// `set` without duplicates and without any string that contains another
/// (where it occurs, the shorter one does too).
fn minimal(mut set: Vec<String>) -> Vec<String> {
    set.sort_by_key(String::len);
    set.dedup();
    let mut kept: Vec<String> = Vec::new();
    for s in set {
        if !kept.iter().any(|k| s.contains(k.as_str())) {
            kept.push(s);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pattern: &str, case_insensitive: bool) -> Hir {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .build()
            .parse(&super::super::normalize::tolerant_regex(pattern))
            .unwrap()
    }

    #[test]
    fn embedded_regexes_are_gated_by_rare_anchors() {
        let lexicon = crate::Lexicon::embedded();
        let sets: Vec<Vec<String>> = lexicon
            .entries()
            .iter()
            .filter_map(|e| match &e.pattern {
                crate::Pattern::Regex {
                    source,
                    case_sensitive,
                } => Some(anchors(&parse(source, !case_sensitive)).expect(source)),
                _ => None,
            })
            .collect();
        assert!(sets.len() >= 5);
        // "lead … teams of … engineers": the part every match has, gap and all.
        assert!(sets.contains(&vec![
            "team of".into(),
            "teams of".into(),
            "teamſ of".into()
        ]));
        assert!(sets.contains(&vec!["tpm".to_string()]));
        assert!(sets.iter().flatten().all(|a| a.len() >= 3));
    }

    #[test]
    fn no_anchor_could_hide_in_a_character_reference() {
        for (pattern, expected) in [
            ("face", None),
            ("nbsp", None),
            ("sp", None),
            ("#x20", None),
            ("a&b", None),
            ("(?:teams?) of", Some(vec!["team of", "teams of"])),
            ("xyz", Some(vec!["xyz"])),
            (" - roadmap\t", Some(vec!["roadmap"])),
        ] {
            let expected = expected.map(|v: Vec<&str>| v.iter().map(|s| s.to_string()).collect());
            assert_eq!(anchors(&parse(pattern, false)), expected, "{pattern}");
        }
    }

    #[test]
    fn a_regex_needs_one_of_its_literal_runs_in_the_text() {
        let needs = |pattern: &str, case_insensitive: bool| {
            required(&parse(pattern, case_insensitive)).map(|set| {
                set.into_iter()
                    .map(|s| String::from_utf8(s).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(needs(r"\bTPMs?\b", false).unwrap(), ["TPM"]);
        // Both branches hold `IT`, which is rarer than `of`.
        assert_eq!(
            needs(r"\bIT (?i:manager)\b|\b(?i:head) of IT\b", false).unwrap(),
            ["IT"]
        );
        assert_eq!(needs("abc|(?:cd)+e?", false).unwrap(), ["abc", "cd"]);
        assert_eq!(needs("x*y", false).unwrap(), ["y"]);
        // A case-insensitive letter is a class; an optional part may be missing.
        assert_eq!(needs("team of", true), None);
        assert_eq!(needs("(?:ab)?", false), None);
        assert_eq!(needs("ab|[cd]", false), None);
    }

    #[test]
    fn a_segment_is_the_run_of_alphabet_characters_around_a_position() {
        let alphabet = alphabet(&parse(r"\bIT (?i:manager)\b", false)).unwrap();
        let text = "Out IT\u{a0}Manager, an ſ";
        assert_eq!(alphabet.segment(text, 6), (3, 15));
        assert_eq!(alphabet.segment(text, 15), (15, 15));
        assert_eq!(alphabet.segment(text, 17), (16, 20));
        let bytes = regex_syntax::ParserBuilder::new()
            .utf8(false)
            .build()
            .parse(r"(?-u:\xFF)");
        assert!(super::alphabet(&bytes.unwrap()).is_none());
    }
}

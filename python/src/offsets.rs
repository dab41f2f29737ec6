//! Offsets: the library reports byte offsets into the UTF-8 text; Python
//! indexes strings by code point.

use rolecall::{Classification, Field};

/// Code-point index of each byte offset in `offsets` (each on a char boundary
/// of `text`), in place. One pass over `text` up to the largest offset.
fn bytes_to_chars(text: &str, offsets: &mut [&mut usize]) {
    offsets.sort_unstable_by_key(|o| **o);
    let bytes = text.as_bytes();
    let last = offsets.last().map_or(0, |o| **o);
    if bytes[..last].is_ascii() {
        return;
    }
    let (mut at, mut chars) = (0usize, 0usize);
    for o in offsets.iter_mut() {
        let target = **o;
        chars += bytes[at..target]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        at = target;
        **o = chars;
    }
}

/// `c` with every evidence span (and `truncated_at`) in code points.
pub(crate) fn to_code_points(
    mut c: Classification,
    title: Option<&str>,
    text: &str,
) -> Classification {
    let mut in_title = Vec::new();
    let mut in_text = Vec::new();
    for e in c.evidence.iter_mut() {
        let into = match e.field {
            Field::Title => &mut in_title,
            Field::Text => &mut in_text,
        };
        into.push(&mut e.start);
        into.push(&mut e.end);
    }
    if let Some(t) = c.truncated_at.as_mut() {
        in_text.push(t);
    }
    // An opening's span and evidence index the text.
    for o in c.openings.iter_mut() {
        in_text.push(&mut o.start);
        in_text.push(&mut o.end);
        for e in o.evidence.iter_mut() {
            in_text.push(&mut e.start);
            in_text.push(&mut e.end);
        }
    }
    in_text.push(&mut c.text_len);
    bytes_to_chars(title.unwrap_or(""), &mut in_title);
    bytes_to_chars(text, &mut in_text);
    c
}

//! HTML character references as postings use them (`&nbsp;`, `&amp;`,
//! `&#160;`), decoded by the view and by the posting readers.

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

//! The normalised view of a text that the automaton reads, built a window at
//! a time, with a sparse map back to source offsets (see the module docs of
//! [`super`]).

use super::entities::html_entity;

/// Bytes of normalised text searched at a time (plus the longest literal, so
/// that a match starting in one window ends in it).
pub(super) const WINDOW: usize = 1 << 20;

/// A window of text as the automaton reads it (see the module docs), with
/// where each byte came from.
#[derive(Debug)]
pub(super) struct View {
    /// The normalised bytes (valid UTF-8).
    pub(super) bytes: Vec<u8>,
    /// `(i, d)`: from view byte `i` up to the next entry, view byte `j` came
    /// from source byte `j + d` (relative to the window start). Sorted by `i`,
    /// one entry per place where the view is shorter than its source: few in
    /// clean text, so the map costs little to build or to keep.
    pub(super) shifts: Vec<(usize, usize)>,
    /// `bytes` as the literal automaton reads them (see [`scan_byte`]).
    pub(super) scan: Vec<u8>,
}

impl View {
    pub(super) const fn new() -> View {
        View {
            bytes: Vec::new(),
            shifts: Vec::new(),
            scan: Vec::new(),
        }
    }

    /// Normalises `text[from..]` until the view holds at least `want` bytes
    /// or the text ends; returns the offset in `text` where it stopped.
    ///
    /// Stopping and restarting at a source offset of any view byte gives the
    /// same view as one pass, so windows can resume anywhere.
    ///
    /// A chunk of source is copied byte for byte with ASCII letters lowercased
    /// and ASCII gaps made spaces (a loop the compiler vectorises); then only
    /// the odd places (non-ASCII bytes, `&`, a gap after a gap) are read again
    /// character by character, and the view compacted in place behind them.
    pub(super) fn fill(&mut self, text: &str, from: usize, want: usize) -> usize {
        let src = text.as_bytes();
        self.bytes.clear();
        self.shifts.clear();
        // The view is never longer than its source: reserve once, not by doubling.
        self.bytes
            .reserve_exact(want.saturating_add(4).min(src.len() - from));
        let (mut i, mut delta, mut in_gap) = (from, 0, false);
        while i < src.len() && self.bytes.len() < want {
            let mut end = i.saturating_add(want - self.bytes.len()).min(src.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let w0 = self.bytes.len();
            self.bytes.extend(src[i..end].iter().map(|&b| match b {
                b'A'..=b'Z' => b | 0x20,
                b'\t'..=b'\r' | b'-' => b' ',
                _ => b,
            }));
            let len = end - i;
            // Chunk offsets read so far, of the next odd places, and the view
            // offset written up to.
            let mut r = 0;
            let chunk = &self.bytes[w0..];
            let mut high = next_non_ascii(chunk, 0);
            let mut amp = memchr::memchr(b'&', chunk).unwrap_or(len);
            let mut double = DOUBLE_GAP.find(chunk).map_or(len, |k| k + 1);
            let mut w = w0;
            while r < len {
                let chunk = &self.bytes[w0..w0 + len];
                let odd = if in_gap && chunk[r] == b' ' {
                    r
                } else {
                    if high < r {
                        high = next_non_ascii(chunk, r);
                    }
                    if amp < r {
                        amp = memchr::memchr(b'&', &chunk[r..]).map_or(len, |k| r + k);
                    }
                    if double < r {
                        double = DOUBLE_GAP.find(&chunk[r..]).map_or(len, |k| r + k + 1);
                    }
                    high.min(amp).min(double)
                };
                if odd > r {
                    if w != w0 + r {
                        self.bytes.copy_within(w0 + r..w0 + odd, w);
                    }
                    w += odd - r;
                    in_gap = self.bytes[w - 1] == b' ';
                    r = odd;
                    if r == len {
                        break;
                    }
                }
                let at = i + r;
                let (folded, c, source_len) = match src[at] {
                    b'&' => match html_entity(&src[at..]) {
                        Some((c, n)) => (fold(c), c, n),
                        None => (Folded::Ascii(b'&'), '&', 1),
                    },
                    0x80.. => {
                        let c = text[at..].chars().next().expect("a char boundary");
                        (fold(c), c, c.len_utf8())
                    }
                    // An ASCII gap after a gap.
                    _ => (Folded::Gap, ' ', 1),
                };
                let before = w;
                match folded {
                    Folded::Gap if in_gap => {}
                    Folded::Gap | Folded::Ascii(_) => {
                        self.bytes[w] = match folded {
                            Folded::Ascii(a) => a,
                            _ => b' ',
                        };
                        w += 1;
                    }
                    Folded::Verbatim => {
                        let mut utf8 = [0; 4];
                        let encoded = c.encode_utf8(&mut utf8).as_bytes();
                        // A reference may end past the chunk, and decode longer than what is left of it.
                        if w + encoded.len() > self.bytes.len() {
                            self.bytes.resize(w + encoded.len(), 0);
                        }
                        self.bytes[w..w + encoded.len()].copy_from_slice(encoded);
                        w += encoded.len();
                    }
                }
                in_gap = matches!(folded, Folded::Gap);
                r += source_len;
                let written = w - before;
                if written != source_len {
                    delta += source_len - written;
                    match self.shifts.last_mut() {
                        Some(last) if last.0 == w => last.1 = delta,
                        _ => self.shifts.push((w, delta)),
                    }
                }
            }
            self.bytes.truncate(w);
            // Past `end` when a character reference crossed it.
            i += r;
        }
        self.scan.clear();
        self.scan.extend(self.bytes.iter().map(|&b| scan_byte(b)));
        i
    }

    /// [`View::fill`] one character at a time: the reference it is tested against.
    #[cfg(test)]
    pub(super) fn fill_one_by_one(&mut self, text: &str, from: usize, want: usize) -> usize {
        let src = text.as_bytes();
        self.bytes.clear();
        self.shifts.clear();
        // The view is never longer than its source: reserve once, not by doubling.
        self.bytes
            .reserve_exact(want.saturating_add(4).min(src.len() - from));
        let (mut i, mut delta, mut in_gap) = (from, 0, false);
        while i < src.len() && self.bytes.len() < want {
            let b = src[i];
            let (folded, c, len) = match b {
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' | b'-' => (Folded::Gap, ' ', 1),
                b'&' => match html_entity(&src[i..]) {
                    Some((c, len)) => (fold(c), c, len),
                    None => (Folded::Ascii(b), '&', 1),
                },
                0x80.. => {
                    let c = text[i..].chars().next().expect("i is a char boundary");
                    (fold(c), c, c.len_utf8())
                }
                _ => {
                    self.bytes.push(b.to_ascii_lowercase());
                    in_gap = false;
                    i += 1;
                    continue;
                }
            };
            let before = self.bytes.len();
            match folded {
                Folded::Gap if in_gap => {}
                Folded::Gap => self.bytes.push(b' '),
                Folded::Ascii(a) => self.bytes.push(a),
                Folded::Verbatim => {
                    let mut utf8 = [0; 4];
                    self.bytes.extend(c.encode_utf8(&mut utf8).as_bytes());
                }
            }
            in_gap = matches!(folded, Folded::Gap);
            i += len;
            let written = self.bytes.len() - before;
            if written != len {
                delta += len - written;
                let at = self.bytes.len();
                match self.shifts.last_mut() {
                    Some(last) if last.0 == at => last.1 = delta,
                    _ => self.shifts.push((at, delta)),
                }
            }
        }
        i
    }

    /// Source offset (relative to the window start) of view offset `i`: where
    /// the source of view byte `i` starts, or where the source of byte `i - 1`
    /// ends when that byte is the last of a word. `cursor` is where to start
    /// looking in the shift map (0, or what an earlier call with no larger
    /// `i` left there); it is moved up to `i`.
    pub(super) fn source_from(&self, i: usize, cursor: &mut usize) -> usize {
        while self.shifts.get(*cursor).is_some_and(|&(at, _)| at <= i) {
            *cursor += 1;
        }
        i + cursor.checked_sub(1).map_or(0, |k| self.shifts[k].1)
    }
}

/// The byte the literal automaton reads for view byte `b`: letters, the
/// space and non-ASCII bytes as they are, every digit as 0x00 and every other
/// ASCII byte as 0x01.
///
/// The automaton tells bytes apart by classes, ranges of bytes that no
/// pattern distinguishes. A lexicon's letters and space with the few digits
/// and punctuation marks it uses make about 47 classes, and each DFA state
/// holds a power of two of transitions: 64. Read this way, the bytes fall
/// into 32 classes (lexicons in ASCII): states half the size, a DFA that
/// stays in cache better and scans faster. A literal with digits or
/// punctuation then also matches other digits or punctuation in the same
/// places, so such a match is checked against its spelling (see
/// [`super::Matcher`]).
pub(super) fn scan_byte(b: u8) -> u8 {
    // Without branches, so that the loop over a window is vectorised.
    let kept = b.is_ascii_lowercase() | (b == b' ') | (b >= 0x80);
    let other = u8::from(!b.is_ascii_digit());
    if kept {
        b
    } else {
        other
    }
}

/// Finds two spaces in a row (a gap after a gap, once ASCII gaps are spaces).
static DOUBLE_GAP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// Index of the first byte at or after `from` that is not ASCII, or `buf.len()`.
fn next_non_ascii(buf: &[u8], from: usize) -> usize {
    let mut k = from;
    while let Some(word) = buf.get(k..k + 8) {
        if u64::from_le_bytes(word.try_into().expect("8 bytes")) & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        k += 8;
    }
    while k < buf.len() && buf[k] < 0x80 {
        k += 1;
    }
    k
}

/// How one source character reads in the normalised view.
pub(super) enum Folded {
    /// Whitespace or a dash: one space for a whole run of them.
    Gap,
    /// One ASCII byte (a lowercased letter, a straightened quote).
    Ascii(u8),
    /// The character itself.
    Verbatim,
}

/// Bytes `c` takes in the normalised view; `None` for whitespace and dashes,
/// a run of which shares one space.
pub(crate) fn view_width(c: char) -> Option<usize> {
    if c.is_ascii() {
        return (!matches!(c, ' ' | '\t'..='\r' | '-')).then_some(1);
    }
    match fold(c) {
        Folded::Gap => None,
        Folded::Ascii(_) => Some(1),
        Folded::Verbatim => Some(c.len_utf8()),
    }
}

/// The character `c` reads as in the normalised view, out of context: a
/// space for a gap character, else one character (`&` stays `&`).
pub(super) fn view_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        ' ' | '\t'..='\r' | '-' => ' ',
        c if c.is_ascii() => c,
        c => match fold(c) {
            Folded::Gap => ' ',
            Folded::Ascii(a) => a.into(),
            Folded::Verbatim => c,
        },
    }
}

/// How a character other than a plain ASCII byte reads in the normalised view.
pub(super) fn fold(c: char) -> Folded {
    match c {
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => Folded::Gap,
        c if c.is_whitespace() => Folded::Gap,
        '\u{2018}' | '\u{2019}' | '\u{201B}' => Folded::Ascii(b'\''),
        '\u{201C}'..='\u{201F}' => Folded::Ascii(b'"'),
        c if c.is_ascii() => Folded::Ascii((c as u8).to_ascii_lowercase()),
        _ => Folded::Verbatim,
    }
}

//! Splitting a block of raw CSV into records (spans of it), as `csv_core`
//! splits them, with fast paths for records that need no unescaping.

use super::block::Block;

/// Feeds `input` to `core` up to the end of the next record, discarding the
/// fields: returns the bytes consumed and whether a record ended. With
/// `last`, the end of `input` ends the input (and a record left open).
pub(super) fn next_record(
    core: &mut csv_core::Reader,
    input: &[u8],
    last: bool,
    scratch: &mut [u8],
    ends: &mut [usize],
) -> (usize, bool) {
    let mut at = 0;
    loop {
        if at == input.len() && !last {
            return (at, false);
        }
        let (result, consumed, _, _) = core.read_record(&input[at..], scratch, ends);
        at += consumed;
        match result {
            csv_core::ReadRecordResult::Record => return (at, true),
            csv_core::ReadRecordResult::End => return (at, false),
            // The field output is not needed here: reuse the scratch space.
            csv_core::ReadRecordResult::InputEmpty
            | csv_core::ReadRecordResult::OutputFull
            | csv_core::ReadRecordResult::OutputEndsFull => {}
        }
    }
}

/// A record splitter: a parser and its scratch space.
pub(super) struct Splitter {
    pub(super) core: csv_core::Reader,
    pub(super) scratch: Vec<u8>,
    pub(super) ends: Vec<usize>,
}

impl Splitter {
    pub(super) fn new(delimiter: u8) -> Splitter {
        Splitter {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            scratch: vec![0; 64 * 1024],
            ends: vec![0; 1024],
        }
    }

    /// Puts the parser at the start of a record past the start of the input
    /// (where a BOM is data).
    pub(super) fn restart(&mut self) {
        self.core.reset();
        // A line end at a record start is skipped; the parser has now read.
        self.core
            .read_record(b"\n", &mut self.scratch, &mut self.ends);
    }

    pub(super) fn next_record(&mut self, input: &[u8], last: bool) -> (usize, bool) {
        next_record(
            &mut self.core,
            input,
            last,
            &mut self.scratch,
            &mut self.ends,
        )
    }

    /// Finds the records of `block`, parsing it from a record start.
    pub(super) fn split(&mut self, block: &mut Block, delimiter: u8) {
        if matches!(delimiter, b'"' | b'\n' | b'\r') {
            self.split_parsing(block);
        } else {
            block.end = split_records(&block.data, delimiter, block.last, &mut block.spans);
        }
    }

    /// [`Splitter::split`] with `csv-core`, for any delimiter.
    pub(super) fn split_parsing(&mut self, block: &mut Block) {
        self.restart();
        block.spans.clear();
        let mut at = 0;
        loop {
            let (n, record) = self.next_record(&block.data[at..], block.last);
            if !record {
                break;
            }
            if has_content(&block.data[at..at + n]) {
                block.spans.push((at, at + n));
            }
            at += n;
        }
        block.end = at;
    }
}

/// The records of `data`, read from a record start as `csv-core` reads them
/// (default quoting; `delimiter` is not a quote or a line end), into `spans`
/// (leading line ends included): returns where the bytes after the last
/// record start. With `last`, the end of `data` ends the input and a record
/// left open. Only quotes, delimiters and line ends are looked at, a
/// `memchr` search at a time, instead of every byte.
pub(super) fn split_records(
    data: &[u8],
    delimiter: u8,
    last: bool,
    spans: &mut Vec<(usize, usize)>,
) -> usize {
    spans.clear();
    let mut start = 0;
    'records: loop {
        // Line ends before a record belong to it.
        let Some(first) = data[start..]
            .iter()
            .position(|&b| b != b'\n' && b != b'\r')
            .map(|k| start + k)
        else {
            return start;
        };
        let mut at = first;
        // At a field start.
        loop {
            if data.get(at) == Some(&b'"') {
                // Quoted: up to a quote that is not doubled.
                let mut q = at + 1;
                loop {
                    let Some(k) = memchr::memchr(b'"', &data[q..]) else {
                        break 'records;
                    };
                    q += k + 1;
                    match data.get(q) {
                        Some(b'"') => q += 1,
                        None => break 'records,
                        Some(_) => break,
                    }
                }
                at = q;
                // After the closing quote, anything but a delimiter or a
                // line end goes on as an unquoted field.
                if data[at] != delimiter && data[at] != b'\n' && data[at] != b'\r' {
                    at = match memchr::memchr3(delimiter, b'\n', b'\r', &data[at..]) {
                        Some(k) => at + k,
                        None => break 'records,
                    };
                }
            } else {
                at = match memchr::memchr3(delimiter, b'\n', b'\r', &data[at..]) {
                    Some(k) => at + k,
                    None => break 'records,
                };
            }
            if data[at] == delimiter {
                at += 1;
                continue;
            }
            // A line end ends the record (a `\n` after `\r` starts the next one).
            spans.push((start, at + 1));
            start = at + 1;
            continue 'records;
        }
    }
    // The input ran out inside a record: the end of the input ends it.
    if last {
        spans.push((start, data.len()));
        return data.len();
    }
    start
}

/// False for a span of line ends only (blank lines are not records).
pub(super) fn has_content(raw: &[u8]) -> bool {
    raw.iter().any(|&b| b != b'\n' && b != b'\r')
}

/// The record without the line ends around it.
pub(super) fn trim_line_ends(raw: &[u8]) -> &[u8] {
    let start = raw
        .iter()
        .position(|&b| b != b'\n' && b != b'\r')
        .unwrap_or(raw.len());
    let end = raw
        .iter()
        .rposition(|&b| b != b'\n' && b != b'\r')
        .map_or(start, |i| i + 1);
    &raw[start..end]
}

/// Splits a raw record into `spans` of its fields when each field reads as
/// its own bytes: an unquoted field without quotes or line ends, or a quoted
/// one without a quote inside, closed right before a delimiter or the end.
/// Those are the fields [`Fields::parse`](super::Fields::parse) copies unchanged (a quoted field
/// without its quotes), so the spans give the same fields without copying a
/// large one. Returns false, with `spans` unspecified, for any other record
/// (escaped quotes, stray quotes, a BOM, nothing but line ends): those are
/// parsed.
pub(super) fn split_plain(raw: &[u8], delimiter: u8, spans: &mut Vec<(usize, usize)>) -> bool {
    spans.clear();
    if matches!(delimiter, b'"' | b'\n' | b'\r') || raw.starts_with(b"\xEF\xBB\xBF") {
        return false;
    }
    let line = trim_line_ends(raw);
    if line.is_empty() {
        return false;
    }
    let offset = line.as_ptr() as usize - raw.as_ptr() as usize;
    let mut at = 0;
    loop {
        if line.get(at) == Some(&b'"') {
            let Some(close) = memchr::memchr(b'"', &line[at + 1..]).map(|k| at + 1 + k) else {
                return false;
            };
            spans.push((offset + at + 1, offset + close));
            at = close + 1;
        } else {
            let end = memchr::memchr(delimiter, &line[at..]).map_or(line.len(), |k| at + k);
            if memchr::memchr3(b'"', b'\n', b'\r', &line[at..end]).is_some() {
                return false;
            }
            spans.push((offset + at, offset + end));
            at = end;
        }
        match line.get(at) {
            None => return true,
            Some(&b) if b == delimiter => at += 1,
            Some(_) => return false,
        }
    }
}

/// True when a quoted field is still open at the end of `raw`, read as
/// `csv-core` does: a quote opens a field only at its start, `""` inside one is
/// a quote, and any other quote is a literal character.
pub(super) fn ends_inside_quotes(raw: &[u8], delimiter: u8) -> bool {
    if delimiter == b'"' {
        return ends_inside_quotes_bytewise(raw, delimiter);
    }
    open_quote(raw, delimiter).is_some()
}

/// The offset of the quote that opened a quoted field still open at the end
/// of `raw` (read as [`ends_inside_quotes`] reads it), if any. The delimiter
/// must not be the quote itself.
pub(super) fn open_quote(raw: &[u8], delimiter: u8) -> Option<usize> {
    // Only the quotes need reading: a quote outside a quoted field opens one
    // when it starts a field (the byte before it ends one, or there is none).
    let (mut opened, mut i) = (None, 0);
    while let Some(k) = memchr::memchr(b'"', &raw[i..]) {
        let q = i + k;
        i = q + 1;
        if opened.is_some() {
            if raw.get(q + 1) == Some(&b'"') {
                i = q + 2;
            } else {
                opened = None;
            }
        } else if q == 0 || matches!(raw[q - 1], b'\n' | b'\r') || raw[q - 1] == delimiter {
            opened = Some(q);
        }
    }
    opened
}

/// [`ends_inside_quotes`] a byte at a time: the reference it is tested against.
pub(super) fn ends_inside_quotes_bytewise(raw: &[u8], delimiter: u8) -> bool {
    let (mut quoted, mut field_start, mut i) = (false, true, 0);
    while i < raw.len() {
        let b = raw[i];
        if quoted {
            if b == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                quoted = false;
            }
            field_start = false;
        } else if b == b'"' && field_start {
            quoted = true;
            field_start = false;
        } else {
            field_start = b == delimiter || b == b'\n' || b == b'\r';
        }
        i += 1;
    }
    quoted
}

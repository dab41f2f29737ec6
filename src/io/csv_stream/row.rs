//! Classifying one row: its title and text fields read through the column
//! layout, the outcome kept for the writer.

use std::borrow::Cow;

use super::super::posting::decode_lossy;
use super::super::record::{push_csv_field, push_quoted_field, write_result};
use super::fields::{Fields, InPlace, RecordFields, PARSER};
use super::split::{ends_inside_quotes, open_quote, split_plain, trim_line_ends};
use super::{CsvOptions, Layout};
use crate::score::{Classification, Classifier};

/// Classifies one raw record and lays out its output row.
pub(super) fn classify_row(
    classifier: &Classifier,
    layout: &Layout,
    options: &CsvOptions,
    raw: &[u8],
) -> CsvOutcome {
    let delimiter = options.delimiter;
    PARSER.with(|cell| {
        let mut guard = cell.borrow_mut();
        let (core, fields, spans) = &mut *guard;
        let core = match core {
            Some((d, c)) if *d == delimiter => c,
            _ => {
                *core = Some((
                    delimiter,
                    csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
                ));
                &mut core.as_mut().expect("just set").1
            }
        };
        // A record that passes through is written by the writer straight
        // from the block: no copy of it is made here.
        let mut passthrough = passes_through(raw, delimiter);
        // Its fields, when none needs unescaping, are read in place too.
        let (mut outcome, count) = if passthrough && split_plain(raw, delimiter, spans) {
            let fields = InPlace { raw, spans };
            (classify_fields(classifier, layout, &fields), spans.len())
        } else {
            fields.parse(core, raw);
            (classify_fields(classifier, layout, &*fields), fields.len())
        };
        // More fields than the header (what a lost closing quote makes of two
        // rows): flagged, and the extra fields kept in the last input column,
        // so that none lands under a result header.
        let long = layout.width > 0 && count > layout.width;
        if long {
            outcome.result = Err(format!(
                "row has {count} fields but the header has {}: a closing quote may be missing \
                 (fields {} to {count} are kept together in the last column)",
                layout.width, layout.width
            ));
            if passthrough {
                fields.parse(core, raw);
                passthrough = false;
            }
        }
        let mut bytes = Vec::with_capacity(if passthrough { 256 } else { raw.len() + 256 });
        if long {
            push_folded(&mut bytes, fields, layout.width, delimiter);
        } else if !passthrough {
            push_record(&mut bytes, raw, fields, delimiter);
        }
        for _ in count..layout.width {
            bytes.push(delimiter);
        }
        // An error cell is left empty here: the writer fills it in, with the line.
        let result = outcome.result.as_ref().map_err(|_| "");
        write_result(&mut bytes, delimiter, result, options.evidence);
        bytes.push(b'\n');
        if let Ok(c) = &mut outcome.result {
            // Written: the writer needs only the label and counts. Freed here,
            // by the thread that allocated it, not by the writer thread.
            c.evidence = Vec::new();
        }
        let leading = raw
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let open_quote_line = (delimiter != b'"')
            .then(|| open_quote(raw, delimiter))
            .flatten()
            .map(|at| count_newlines(&raw[..at]) - leading);
        CsvOutcome {
            passthrough,
            bytes,
            row: outcome,
            leading_lines: leading,
            lines: count_newlines(raw),
            open_quote_line,
        }
    })
}

/// One row's output bytes and what the writer needs to report on it.
pub(super) struct CsvOutcome {
    /// The record passes through: the writer writes it from the block, then `bytes`.
    pub(super) passthrough: bool,
    /// The output row, or what follows the record when it passes through.
    pub(super) bytes: Vec<u8>,
    pub(super) row: RowOutcome,
    pub(super) leading_lines: u64,
    pub(super) lines: u64,
    /// When the record ends inside a quoted field (only the last one of the
    /// input can): the line of the opening quote, counted from the row's first line.
    pub(super) open_quote_line: Option<u64>,
}

/// The result for one row.
pub struct RowOutcome {
    /// The classification, or why the row could not be classified.
    pub result: Result<Classification, String>,
    /// Replacement characters introduced by lossy UTF-8 decoding.
    pub lossy: usize,
}

/// Classifies one parsed row laid out by `layout`; a row too short for the columns is an error.
pub fn classify_fields<'a>(
    classifier: &Classifier,
    layout: &Layout,
    fields: &'a impl RecordFields,
) -> RowOutcome {
    let mut lossy = 0;
    let mut decode = |bytes: &'a [u8]| -> Cow<'a, str> {
        let (text, bad) = decode_lossy(bytes);
        lossy += bad;
        text
    };
    if let Some(&missing) = layout
        .text
        .iter()
        .chain(layout.title.iter())
        .find(|&&i| i >= fields.count())
    {
        let name = &layout.names[missing];
        return RowOutcome {
            result: Err(format!(
                "row has {} field{}, but column {name:?} is field {}",
                fields.count(),
                if fields.count() == 1 { "" } else { "s" },
                missing + 1
            )),
            lossy: 0,
        };
    }
    let field = |i: usize| fields.field(i).unwrap_or_default();
    let title = layout.title.map(|i| decode(field(i)));
    let result = if let [only] = layout.text[..] {
        let text = decode(field(only));
        classifier.classify(title.as_deref(), &text)
    } else {
        let mut joined = String::new();
        for (k, &i) in layout.text.iter().enumerate() {
            if k > 0 {
                joined.push_str(crate::io::TEXT_COLUMN_SEPARATOR);
            }
            joined.push_str(&decode(field(i)));
        }
        classifier.classify(title.as_deref(), &joined)
    };
    RowOutcome {
        result: Ok(result),
        lossy,
    }
}

/// Appends a record as it came (without its line end), or its parsed fields
/// re-quoted when passing it through would change it for a reader: its quotes
/// are unbalanced (a quoted field left open at the end of input would swallow
/// whatever follows), or it starts with the bytes of a BOM (data here: the
/// file's own BOM is already gone), which a reader would drop at the start of
/// the output.
pub(super) fn push_record(out: &mut Vec<u8>, raw: &[u8], fields: &Fields, delimiter: u8) {
    if passes_through(raw, delimiter) {
        out.extend_from_slice(trim_line_ends(raw));
        return;
    }
    for i in 0..fields.len() {
        let field = fields.get(i).unwrap_or_default();
        if i > 0 {
            out.push(delimiter);
        }
        // A first field that starts with BOM bytes (written bare, or read from
        // quotes left open) is quoted, so that a reader keeps them.
        if i == 0 && field.starts_with(b"\xEF\xBB\xBF") {
            push_quoted_field(out, field);
        } else {
            push_csv_field(out, field, delimiter);
        }
    }
}

/// Appends the first `width` fields of a record that has more: the last of
/// them holds it and every field after it, joined by the delimiter.
fn push_folded(out: &mut Vec<u8>, fields: &Fields, width: usize, delimiter: u8) {
    let mut last = Vec::new();
    for i in 0..fields.len() {
        let field = fields.get(i).unwrap_or_default();
        if i + 1 < width {
            push_csv_field(out, field, delimiter);
            out.push(delimiter);
        } else {
            if i + 1 > width {
                last.push(delimiter);
            }
            last.extend_from_slice(field);
        }
    }
    push_csv_field(out, &last, delimiter);
}

/// True when [`push_record`] writes the record as it came (without its line ends).
pub(super) fn passes_through(raw: &[u8], delimiter: u8) -> bool {
    let bom_like = trim_line_ends(raw).starts_with(b"\xEF\xBB\xBF");
    !bom_like && (memchr::memchr(b'"', raw).is_none() || !ends_inside_quotes(raw, delimiter))
}

pub(super) fn count_newlines(raw: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', raw).count() as u64
}

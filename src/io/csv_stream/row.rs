//! Classifying one row: its title and text fields read through the column
//! layout, the outcome kept for the writer.

use std::borrow::Cow;

use super::super::posting::decode_lossy;
use super::super::record::write_result;
use super::fields::{InPlace, RecordFields, PARSER};
use super::split::split_plain;
use super::write::{count_newlines, passes_through, push_record};
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
        let passthrough = passes_through(raw, delimiter);
        // Its fields, when none needs unescaping, are read in place too.
        let (mut outcome, count) = if passthrough && split_plain(raw, delimiter, spans) {
            let fields = InPlace { raw, spans };
            (classify_fields(classifier, layout, &fields), spans.len())
        } else {
            fields.parse(core, raw);
            (classify_fields(classifier, layout, &*fields), fields.len())
        };
        let mut bytes = Vec::with_capacity(if passthrough { 256 } else { raw.len() + 256 });
        if !passthrough {
            push_record(&mut bytes, raw, fields, delimiter);
        }
        for _ in count..layout.width {
            bytes.push(delimiter);
        }
        let result = outcome.result.as_ref().map_err(String::as_str);
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
        CsvOutcome {
            passthrough,
            bytes,
            row: outcome,
            leading_lines: leading,
            lines: count_newlines(raw),
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
                joined.push_str("\n\n");
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

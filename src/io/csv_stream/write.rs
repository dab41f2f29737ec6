//! Writing rows back in order: each input row, then its result columns;
//! stitching records that a block cut split in two.

use std::io::Write;

use super::super::posting::lossy_warning;
use super::super::record::{push_csv_field, push_quoted_field};
use super::blocks::Block;
use super::fields::Fields;
use super::row::CsvOutcome;
use super::split::{ends_inside_quotes, has_content, trim_line_ends, Splitter};
use super::{truncation_warning, CsvError, RowIssue, StreamStats};

/// Puts the blocks' records back in order, checking each block's own split:
/// a block was split from its start as a record start, which holds when the
/// block before ended at a record boundary. When it did not (the reader's cut
/// fell inside a record), the record left open is finished and the block is
/// split again from there, one record at a time, until a record ends where
/// one of the block's own ends; from there on its own split is right.
pub(super) struct Stitch {
    /// The true split, while it runs apart from a block's own.
    pub(super) splitter: Splitter,
    /// The record left open at the end of the last block, when it did not end
    /// at a record boundary (the splitter has read it).
    pub(super) carry: Vec<u8>,
}

impl Stitch {
    pub(super) fn write<W: Write>(
        &mut self,
        block: &Block,
        outcomes: Vec<CsvOutcome>,
        writer: &mut RowWriter<'_, W, impl FnMut(RowIssue)>,
        row: &impl Fn(&[u8]) -> CsvOutcome,
    ) -> Result<(), CsvError> {
        let data = &block.data[..];
        let mut next = 0;
        if !self.carry.is_empty() {
            let (n, record) = self.splitter.next_record(data, block.last);
            self.carry.extend_from_slice(&data[..n]);
            if !record {
                // The whole block is inside the open record (which the end of
                // input would have ended).
                debug_assert!(!block.last);
                return Ok(());
            }
            let raw = std::mem::take(&mut self.carry);
            writer.write(&raw, row(&raw))?;
            let mut at = n;
            loop {
                if let Ok(i) = block.spans.binary_search_by_key(&at, |&(_, end)| end) {
                    next = i + 1;
                    break;
                }
                let (n, record) = self.splitter.next_record(&data[at..], block.last);
                if !record {
                    self.tail(&data[at..], writer);
                    return Ok(());
                }
                let raw = &data[at..at + n];
                if has_content(raw) {
                    writer.write(raw, row(raw))?;
                }
                at += n;
            }
        }
        for (i, outcome) in outcomes.into_iter().enumerate().skip(next) {
            let (start, end) = block.spans[i];
            writer.write(&data[start..end], outcome)?;
        }
        let tail = &data[block.end..];
        if has_content(tail) {
            // The splitter reads the open record as the block's own split did.
            self.splitter.restart();
            self.splitter.next_record(tail, false);
        }
        self.tail(tail, writer);
        Ok(())
    }

    /// Takes the bytes after a block's last record (the splitter has read
    /// them): line ends only, or the start of a record left open.
    fn tail<W: Write>(&mut self, tail: &[u8], writer: &mut RowWriter<'_, W, impl FnMut(RowIssue)>) {
        if has_content(tail) {
            self.carry.extend_from_slice(tail);
        } else {
            writer.line += count_newlines(tail);
        }
    }
}

/// Writes rows in order, counting them and reporting their issues.
pub(super) struct RowWriter<'a, W, F> {
    pub(super) output: &'a mut W,
    pub(super) on_issue: &'a mut F,
    pub(super) stats: StreamStats,
    /// The line the next record's bytes start on.
    pub(super) line: u64,
}

impl<W: Write, F: FnMut(RowIssue)> RowWriter<'_, W, F> {
    /// Writes the row for the record `raw` and reports its issues.
    pub(super) fn write(&mut self, raw: &[u8], outcome: CsvOutcome) -> Result<(), CsvError> {
        if outcome.passthrough {
            self.output.write_all(trim_line_ends(raw))?;
        }
        self.output.write_all(&outcome.bytes)?;
        let result = outcome.row.result.as_ref().map_err(String::as_str);
        self.stats.add(result);
        let row = self.stats.rows;
        let line = self.line + outcome.leading_lines;
        self.line += outcome.lines;
        let mut issue = |message, failed| {
            (self.on_issue)(RowIssue {
                row,
                line,
                message,
                failed,
            })
        };
        if outcome.row.lossy > 0 {
            issue(lossy_warning(outcome.row.lossy), false);
        }
        if let Some(at) = outcome
            .row
            .result
            .as_ref()
            .ok()
            .and_then(|c| c.truncated_at)
        {
            issue(truncation_warning(at), false);
        }
        if let Err(message) = outcome.row.result {
            issue(message, true);
        }
        Ok(())
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

/// True when [`push_record`] writes the record as it came (without its line ends).
pub(super) fn passes_through(raw: &[u8], delimiter: u8) -> bool {
    let bom_like = trim_line_ends(raw).starts_with(b"\xEF\xBB\xBF");
    !bom_like && (memchr::memchr(b'"', raw).is_none() || !ends_inside_quotes(raw, delimiter))
}

pub(super) fn count_newlines(raw: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', raw).count() as u64
}

//! Writing rows back in order: each input row, then its result columns;
//! stitching records that a block cut split in two.

use std::io::Write;

use super::super::posting::lossy_warning;
use super::super::record::push_csv_field;
use super::super::select::Selection;
use super::block::Block;
use super::row::{count_newlines, CsvOutcome};
use super::split::{has_content, trim_line_ends, Splitter};
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
    /// The output's field delimiter.
    pub(super) delimiter: u8,
    /// Which rows are written.
    pub(super) select: &'a Selection,
}

impl<W: Write, F: FnMut(RowIssue)> RowWriter<'_, W, F> {
    /// Writes the row for the record `raw` and reports its issues.
    pub(super) fn write(&mut self, raw: &[u8], mut outcome: CsvOutcome) -> Result<(), CsvError> {
        let line = self.line + outcome.leading_lines;
        let result = outcome.row.result.as_ref().map_err(String::as_str);
        let written = self.select.keeps(result);
        if outcome.passthrough && written {
            self.output.write_all(trim_line_ends(raw))?;
        }
        if let Err(message) = &outcome.row.result {
            // The error cell, left empty by the worker: now the line is known.
            outcome.bytes.pop();
            push_csv_field(
                &mut outcome.bytes,
                format!("line {line}: {message}").as_bytes(),
                self.delimiter,
            );
            outcome.bytes.push(b'\n');
        }
        if written {
            self.output.write_all(&outcome.bytes)?;
        }
        let result = outcome.row.result.as_ref().map_err(String::as_str);
        self.stats.add(result);
        let row = self.stats.rows;
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
        if let Some(opened) = outcome.open_quote_line {
            issue(
                format!(
                    "the input ends inside a quoted field opened on line {}: everything after \
                     that quote was read as one field (a closing quote is missing)",
                    line + opened
                ),
                false,
            );
        }
        if let Err(message) = outcome.row.result {
            issue(message, true);
        }
        Ok(())
    }
}

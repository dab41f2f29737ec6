//! Streaming CSV: every input row comes out, in order, with the result columns
//! appended. The input is read in raw blocks, which the workers split into
//! records and classify; the writer checks where each block's records start.

use std::io::{Read, Write};

use csv::ByteRecord;

use super::pipeline;
use super::record::{push_csv_field, result_columns, EvidenceFormat};
use super::select::Selection;
use crate::role::Neighbour;
use crate::score::{Classification, Classifier, Shifts};

mod block;
mod blocks;
mod columns;
mod fields;
mod row;
mod split;
mod write;

use block::Block;
use blocks::{BlockReader, BLOCK_BYTES};
pub use columns::{
    find_column, resolve, Column, Layout, DEFAULT_TEXT_COLUMNS, DEFAULT_TITLE_COLUMNS,
};
pub use fields::{strip_bom, Fields, RecordFields};
pub use row::{classify_fields, RowOutcome};
use row::{classify_row, count_newlines, push_record, CsvOutcome};
use split::Splitter;
use write::{RowWriter, Stitch};

/// How to read the table and what to write.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// Field delimiter (`b','`, `b'\t'`, …).
    pub delimiter: u8,
    /// Whether the first row is a header.
    pub has_headers: bool,
    /// Text columns; several are joined with a blank line. Empty: the defaults.
    pub text_columns: Vec<Column>,
    /// Title column; `None`: the default names when present.
    pub title_column: Option<Column>,
    /// Never use a title column, even a default one.
    pub no_title: bool,
    /// Evidence cell format, or `None` to leave the column out.
    pub evidence: Option<EvidenceFormat>,
    /// Which rows are written (every row by default; the header always).
    pub select: Selection,
}

impl Default for CsvOptions {
    fn default() -> CsvOptions {
        CsvOptions {
            delimiter: b',',
            has_headers: true,
            text_columns: Vec::new(),
            title_column: None,
            no_title: false,
            evidence: Some(EvidenceFormat::Compact),
            select: Selection::default(),
        }
    }
}

/// What went wrong before or while streaming (row-level problems are not errors).
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// A named column is not in the header.
    #[error("column {column} not found; available columns: {available}")]
    MissingColumn {
        /// The column asked for.
        column: String,
        /// The header, comma-separated.
        available: String,
    },
    /// Column given by name without a header, or no default found.
    #[error("{0}")]
    Columns(String),
    /// Reading or parsing failed.
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// A problem with one row: reported, written with its error, and counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    /// 1-based data row number (header excluded).
    pub row: u64,
    /// 1-based line where the row starts.
    pub line: u64,
    /// What happened.
    pub message: String,
    /// True when the row could not be classified (an error, not a warning).
    pub failed: bool,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StreamStats {
    /// Data rows read (and written).
    pub rows: u64,
    /// Input bytes read.
    pub bytes: u64,
    /// Rows whose result is an error.
    pub failed: u64,
    /// Rows per label, in `Role::ALL` order then `unclassified`.
    pub labels: [u64; 5],
    /// Unclassified rows per neighbouring job family named, in `Neighbour::ALL` order.
    pub neighbours: [u64; Neighbour::ALL.len()],
    /// Sum of the confidences of rows labelled with a role (for their mean).
    pub confidence_sum: f64,
    /// Sum of the profiles of the rows labelled each role, in `Role::ALL`
    /// order (for the mean profile per role).
    pub profile_sums: [[f64; 4]; 4],
    /// Rows that hire for several roles (see [`Classification::roles`]).
    pub several: u64,
    /// The openings of those rows, per role in `Role::ALL` order.
    pub openings: [u64; 4],
    /// Rows whose title supports one role and whose text another.
    pub shifts: Shifts,
    /// The input held no record at all (no header, no rows): nothing was written.
    pub empty: bool,
}

impl StreamStats {
    /// Counts one result.
    pub fn add(&mut self, result: Result<&Classification, &str>) {
        self.rows += 1;
        match result {
            Ok(c) => {
                self.labels[c.role.map_or(4, |r| r.index())] += 1;
                if let Some(n) = c.neighbour {
                    self.neighbours[n.index()] += 1;
                }
                if let Some(role) = c.role {
                    self.confidence_sum += c.confidence;
                    let sums = &mut self.profile_sums[role.index()];
                    for (sum, v) in sums.iter_mut().zip(c.profile.values()) {
                        *sum += v;
                    }
                }
                self.shifts.add(c);
                if !c.openings.is_empty() {
                    self.several += 1;
                    for role in c.openings.iter().filter_map(|o| o.role) {
                        self.openings[role.index()] += 1;
                    }
                }
            }
            Err(_) => self.failed += 1,
        }
    }
}

/// Streams CSV from `input` to `output`, appending the result columns to every row.
///
/// Input records pass through byte for byte (only their line end is
/// normalised to `\n`); row problems go to `on_issue` (called in row order)
/// and into the `error` column; they do not stop the run.
pub fn classify_csv<R: Read + Send, W: Write + Send>(
    classifier: &Classifier,
    input: R,
    output: W,
    options: &CsvOptions,
    on_issue: impl FnMut(RowIssue) + Send,
) -> Result<StreamStats, CsvError> {
    classify_csv_blocks(
        classifier,
        BlockReader::new(input, options.delimiter, BLOCK_BYTES, true),
        output,
        options,
        on_issue,
    )
}

/// [`classify_csv`] reading blocks of `block_bytes`, cut outside quotes as
/// it does or (`quote_aware` false) at any line end, so that the writer
/// re-splits most seams: for fuzzing the split against [`classify_csv`]'s.
#[doc(hidden)]
pub fn classify_csv_in_blocks<R: Read + Send, W: Write + Send>(
    classifier: &Classifier,
    input: R,
    output: W,
    options: &CsvOptions,
    (block_bytes, quote_aware): (usize, bool),
    on_issue: impl FnMut(RowIssue) + Send,
) -> Result<StreamStats, CsvError> {
    let blocks = BlockReader::new(input, options.delimiter, block_bytes, quote_aware);
    classify_csv_blocks(classifier, blocks, output, options, on_issue)
}

/// [`classify_csv`] reading `blocks`.
fn classify_csv_blocks<R: Read + Send, W: Write + Send>(
    classifier: &Classifier,
    mut blocks: BlockReader<R>,
    mut output: W,
    options: &CsvOptions,
    mut on_issue: impl FnMut(RowIssue) + Send,
) -> Result<StreamStats, CsvError> {
    let delimiter = options.delimiter;
    let Some(first) = blocks.first_record()? else {
        // No header and no rows (nothing, blank lines, or a BOM alone).
        output.flush()?;
        return Ok(StreamStats {
            empty: true,
            bytes: blocks.raw.bytes_read,
            ..StreamStats::default()
        });
    };
    let first_raw = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&first);
    let mut core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut header_fields = Fields::default();
    header_fields.parse(&mut core, first_raw);
    let mut header = ByteRecord::new();
    for i in 0..header_fields.len() {
        header.push_field(header_fields.get(i).unwrap_or_default());
    }
    let layout = resolve(
        options,
        options.has_headers.then_some(&header),
        header.len(),
    )?;
    // The line where the next block starts.
    let mut line = 1u64;
    let bom = first.len() - first_raw.len();
    let mut pending_first = None;
    if options.has_headers {
        let mut out = Vec::with_capacity(first_raw.len() + 200);
        push_record(&mut out, first_raw, &header_fields, delimiter);
        for name in result_columns(options.evidence.is_some()) {
            out.push(delimiter);
            push_csv_field(&mut out, name.as_bytes(), delimiter);
        }
        out.push(b'\n');
        output.write_all(&out)?;
        line += count_newlines(&first);
    } else {
        let mut raw = first;
        raw.drain(..bom);
        pending_first = Some(raw);
    }

    let read = |block: &mut Block| -> Result<bool, CsvError> {
        if let Some(raw) = pending_first.take() {
            // The first row is already split: it is its own block.
            block.data = raw;
            block.spans.clear();
            block.spans.push((0, block.data.len()));
            (block.end, block.split, block.last) = (block.data.len(), true, false);
            return Ok(true);
        }
        Ok(blocks.fill(block)?)
    };
    let row = |raw: &[u8]| classify_row(classifier, &layout, options, raw);
    let process = |block: &mut Block| -> Vec<CsvOutcome> {
        if !block.split {
            SPLITTER.with(|cell| {
                let mut cell = cell.borrow_mut();
                match &mut *cell {
                    Some((d, splitter)) if *d == delimiter => splitter.split(block, delimiter),
                    other => {
                        let mut splitter = Splitter::new(delimiter);
                        splitter.split(block, delimiter);
                        *other = Some((delimiter, splitter));
                    }
                }
            });
        }
        let block = &*block;
        pipeline::map(block.spans.iter().collect(), |&(start, end)| {
            row(&block.data[start..end])
        })
    };
    let mut writer = RowWriter {
        output: &mut output,
        on_issue: &mut on_issue,
        stats: StreamStats::default(),
        line,
        delimiter: options.delimiter,
        select: &options.select,
    };
    let mut stitch = Stitch {
        splitter: Splitter::new(delimiter),
        carry: Vec::new(),
    };
    let write = |block: &Block, outcomes: Vec<CsvOutcome>| -> Result<(), CsvError> {
        stitch.write(block, outcomes, &mut writer, &row)
    };
    pipeline::run(Block::new, read, process, write)?;
    let mut stats = writer.stats;
    output.flush()?;
    stats.bytes = blocks.raw.bytes_read;
    Ok(stats)
}

thread_local! {
    /// Each worker's record splitter, for the delimiter it was built for.
    static SPLITTER: std::cell::RefCell<Option<(u8, Splitter)>> =
        const { std::cell::RefCell::new(None) };
}

/// The warning for a text cut at `--max-bytes`.
pub fn truncation_warning(scanned: usize) -> String {
    format!("text longer than --max-bytes: only the first {scanned} bytes were classified")
}

#[cfg(test)]
mod tests {
    use super::row::passes_through;
    use super::split::{
        ends_inside_quotes, ends_inside_quotes_bytewise, split_plain, split_records,
    };
    use super::*;

    fn classifier() -> &'static Classifier {
        static C: std::sync::OnceLock<Classifier> = std::sync::OnceLock::new();
        C.get_or_init(Classifier::default)
    }

    fn pool(threads: usize) -> &'static rayon::ThreadPool {
        static POOLS: std::sync::OnceLock<[rayon::ThreadPool; 2]> = std::sync::OnceLock::new();
        let build = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        &POOLS.get_or_init(|| [build(1), build(3)])[usize::from(threads > 1)]
    }

    /// Output, issues and (rows, failed, bytes) or the error of a run.
    type Run = (Vec<u8>, Vec<RowIssue>, Result<(u64, u64, u64), String>);

    /// Output, issues and row counts of a run reading `input` in blocks of
    /// `block_bytes`, cut outside quotes or (`quote_aware` false) at any line end.
    fn run(
        input: &[u8],
        options: &CsvOptions,
        block_bytes: usize,
        quote_aware: bool,
        threads: usize,
    ) -> Run {
        pool(threads).install(|| {
            let (mut out, mut issues) = (Vec::new(), Vec::new());
            let blocks = BlockReader::new(input, options.delimiter, block_bytes, quote_aware);
            let stats =
                classify_csv_blocks(classifier(), blocks, &mut out, options, |i| issues.push(i));
            let stats = stats
                .map(|s| (s.rows, s.failed, s.bytes))
                .map_err(|e| e.to_string());
            (out, issues, stats)
        })
    }

    /// Reading in small blocks, with cuts that are right or wrong, on one
    /// thread or three, gives what one block holding the whole input gives
    /// (a single csv-core pass: the serial split).
    fn assert_split_is_serial(input: &[u8], options: &CsvOptions, block_sizes: &[usize]) {
        let serial = run(input, options, input.len() + 1, true, 1);
        for &block in block_sizes {
            for quote_aware in [true, false] {
                for threads in [1, 3] {
                    let split = run(input, options, block, quote_aware, threads);
                    assert!(
                        split == serial,
                        "block {block}, quote-aware {quote_aware}, {threads} threads, input {:?}:\n{}\n--- serial:\n{}\n{:?}\n{:?}",
                        String::from_utf8_lossy(input),
                        String::from_utf8_lossy(&split.0),
                        String::from_utf8_lossy(&serial.0),
                        split.1,
                        serial.1,
                    );
                }
            }
        }
    }

    fn options(has_headers: bool, delimiter: u8) -> CsvOptions {
        CsvOptions {
            delimiter,
            has_headers,
            text_columns: vec![if has_headers {
                Column::Name("text".into())
            } else {
                Column::Index(1)
            }],
            title_column: None,
            no_title: false,
            evidence: Some(EvidenceFormat::Compact),
            select: Default::default(),
        }
    }

    #[test]
    fn small_blocks_split_tricky_input_as_the_serial_reader_does() {
        let big = format!(
            "9,\"{}\"\"engineering manager\"\"\n{}\",z\n",
            "roadmap, stakeholders\n".repeat(12),
            "a \"\"quoted\"\" line\r\n".repeat(6)
        );
        let inputs: Vec<Vec<u8>> = vec![
            b"id,text\n1,\"line one\nline \"\"two\"\"\n\n\",x\n2,plain\n".to_vec(),
            b"id,text\n1,5'10\" tall product manager\n2,\"a\"b\"c\nd\n3,e\n".to_vec(),
            b"id,text\r\n1,\"crlf\r\ninside\"\r\n\r\n2,x\r\n".to_vec(),
            b"id,text\r1,lone cr\r2,\"q\rq\"\r".to_vec(),
            format!("id,text\n1,short\n{big}2,after\n").into_bytes(),
            b"\xEF\xBB\xBFid,text\n1,\xEF\xBB\xBFbom field\n\xEF\xBB\xBF2,x\n".to_vec(),
            b"id,text\n1\n2,a,b,c\n3,\"\",\"\"\n,\n".to_vec(),
            b"id,text\n1,fine\n2,\"open quote to the end\nproduct manager\n".to_vec(),
            b"id,text\n1,\xff\xfe invalid \xc3\n2,\"\xe9\ncafe\"\n".to_vec(),
            b"\n\n\r\nid,text\n\n\n1,after blank lines\n\n".to_vec(),
            b"id,text\n\"1\",\"x\"\"\"\n\"2\"\"\",y\n3,\"\"\"\"\n".to_vec(),
            b"id,text\n1,no line end at the end".to_vec(),
        ];
        for input in &inputs {
            for has_headers in [true, false] {
                assert_split_is_serial(
                    input,
                    &options(has_headers, b','),
                    &[1, 2, 3, 5, 8, 13, 64],
                );
            }
        }
        for entry in std::fs::read_dir("fixtures/bad/csv").unwrap() {
            let input = std::fs::read(entry.unwrap().path()).unwrap();
            assert_split_is_serial(&input, &options(true, b','), &[1, 7, 64]);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        #[test]
        fn random_csv_splits_as_the_serial_reader_does(
            bytes in proptest::collection::vec(proptest::sample::select(
                &b"a,,;\"\"\"\n\n\r \xEF\xBB\xBF\xFF"[..]), 0..200),
            block in 1usize..80,
            has_headers: bool,
            semicolon: bool,
        ) {
            let options = options(has_headers, if semicolon { b';' } else { b',' });
            assert_split_is_serial(&bytes, &options, &[block]);
        }
    }

    /// Every string of up to `max_len` bytes of `alphabet`, shortest first.
    fn every_string(alphabet: &[u8], max_len: u32) -> impl Iterator<Item = Vec<u8>> + '_ {
        (0..=max_len).flat_map(move |len| {
            (0..alphabet.len().pow(len)).map(move |code| {
                let mut c = code;
                (0..len)
                    .map(|_| {
                        let b = alphabet[c % alphabet.len()];
                        c /= alphabet.len();
                        b
                    })
                    .collect()
            })
        })
    }

    /// Every record of up to 7 bytes over `a , " \n \r` (and with a BOM or
    /// a line end around it): where `split_plain` gives spans, they are the
    /// fields `Fields::parse` gives.
    #[test]
    fn fields_read_in_place_are_the_parsed_fields() {
        let alphabet = [b'a', b',', b'"', b'\n', b'\r'];
        let mut core = csv_core::Reader::new();
        let (mut fields, mut spans) = (Fields::default(), Vec::new());
        let mut checked = 0;
        for body in every_string(&alphabet, 7) {
            for (before, after) in [("", ""), ("", "\n"), ("\r\n", "\r\n"), ("\u{feff}", "")] {
                let raw = [before.as_bytes(), &body, after.as_bytes()].concat();
                if !split_plain(&raw, b',', &mut spans) {
                    continue;
                }
                checked += 1;
                fields.parse(&mut core, &raw);
                let parsed: Vec<&[u8]> =
                    (0..fields.len()).map(|i| fields.get(i).unwrap()).collect();
                let in_place: Vec<&[u8]> = spans.iter().map(|&(s, e)| &raw[s..e]).collect();
                assert_eq!(
                    in_place,
                    parsed,
                    "record {:?}",
                    String::from_utf8_lossy(&raw)
                );
                assert!(passes_through(&raw, b','), "{raw:?}");
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// Every block of up to 7 bytes over `a , ; " \n \r`, ending the input or
    /// not, with `,` or `;` as delimiter: `split_records` finds the records
    /// `csv-core` finds.
    #[test]
    fn records_are_split_as_csv_core_splits_them() {
        let alphabet = [b'a', b',', b';', b'"', b'\n', b'\r'];
        let mut spans = Vec::new();
        for delimiter in [b',', b';'] {
            let mut splitter = Splitter::new(delimiter);
            for data in every_string(&alphabet, 7) {
                for last in [true, false] {
                    let mut block = Block::new();
                    (block.data, block.last) = (data.clone(), last);
                    splitter.split_parsing(&mut block);
                    let end = split_records(&data, delimiter, last, &mut spans);
                    assert_eq!(
                        (&spans, end),
                        (&block.spans, block.end),
                        "{:?}, last {last}",
                        String::from_utf8_lossy(&data)
                    );
                }
            }
        }
    }

    #[test]
    fn open_quotes_are_found_as_a_byte_at_a_time() {
        let alphabet = [b'a', b',', b'"', b'\n', b';'];
        for raw in every_string(&alphabet, 8) {
            for delimiter in [b',', b';', b'"'] {
                assert_eq!(
                    ends_inside_quotes(&raw, delimiter),
                    ends_inside_quotes_bytewise(&raw, delimiter),
                    "{:?} {}",
                    String::from_utf8_lossy(&raw),
                    delimiter as char
                );
            }
        }
    }

    #[test]
    fn records_needing_unescaping_are_parsed() {
        let mut spans = Vec::new();
        for raw in [
            &b"a,\"b\"\"c\"\n"[..],
            b"a,b\"c",
            b"\"a\"b,c",
            b"\"open",
            b"\n\r\n",
            b"\xEF\xBB\xBFa,b",
        ] {
            assert!(!split_plain(raw, b',', &mut spans), "{raw:?}");
        }
        assert!(split_plain(b"1,\"x\ny, z\",,\n", b',', &mut spans));
        assert_eq!(spans, [(0, 1), (3, 9), (11, 11), (12, 12)]);
    }
}

//! Streaming CSV: every input row comes out, in order, with the result columns
//! appended. The input is read in raw blocks, which the workers split into
//! records and classify; the writer checks where each block's records start.

use std::borrow::Cow;
use std::fmt;
use std::io::{Read, Write};

use csv::ByteRecord;

use super::pipeline::{self, BlockInput};
use super::posting::{decode_lossy, lossy_warning};
use super::record::{result_columns, write_result, EvidenceFormat};
use crate::score::{Classification, Classifier, Shifts};

/// Default names tried, in order, for the text column (case-insensitive).
pub const DEFAULT_TEXT_COLUMNS: &[&str] = &["description", "text", "body", "job_description"];
/// Default names tried, in order, for the title column (case-insensitive).
pub const DEFAULT_TITLE_COLUMNS: &[&str] = &["title", "job_title"];

/// Bytes per block of input handed to a worker (a block ends at a line end:
/// it is longer when a record is).
const BLOCK_BYTES: usize = 2 << 20;
/// Bytes read at a time for the first record.
const IO_BUFFER: usize = 1 << 20;

/// A column named by header or by 0-based index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Column {
    /// Header name (matched exactly, then case-insensitively).
    Name(String),
    /// 0-based position.
    Index(usize),
}

impl Column {
    /// Parses a command-line value: a number is an index when there is no header.
    pub fn parse(value: &str, has_headers: bool) -> Column {
        match value.parse::<usize>() {
            Ok(i) if !has_headers => Column::Index(i),
            _ => Column::Name(value.to_string()),
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Column::Name(n) => write!(f, "{n:?}"),
            Column::Index(i) => write!(f, "#{i}"),
        }
    }
}

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
    /// Sum of confidences of classified rows (for the mean).
    pub confidence_sum: f64,
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
                self.confidence_sum += c.confidence;
                self.shifts.add(c);
            }
            Err(_) => self.failed += 1,
        }
    }
}

/// The columns resolved against the header.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Text column indexes (joined with a blank line).
    pub text: Vec<usize>,
    /// Title column index.
    pub title: Option<usize>,
    /// Fields in the header (or first row); shorter rows are padded to it.
    pub width: usize,
    /// Column names (`#i` without a header).
    pub names: Vec<String>,
}

/// A block of raw CSV input, cut where the reader expects a record to end,
/// and the records a worker found in it parsing it from a record start.
struct Block {
    data: Vec<u8>,
    /// The input ends with this block.
    last: bool,
    /// Records are already in `spans` (the first row without a header).
    split: bool,
    /// Each record's span in `data` (leading line ends included).
    spans: Vec<(usize, usize)>,
    /// Where the bytes after the last record start: `data[end..]` holds only
    /// line ends when the block ended at a record boundary.
    end: usize,
}

impl Block {
    fn new() -> Block {
        Block {
            data: Vec::new(),
            last: false,
            split: false,
            spans: Vec::new(),
            end: 0,
        }
    }
}

/// Reads CSV input in blocks (see [`BlockInput`]), each cut just after a
/// line end that, reading quotes as csv does, is outside a quoted field: a
/// guess, which the writer checks against the parser's own state.
struct BlockReader<R> {
    raw: BlockInput<R>,
    delimiter: u8,
    /// Cut only outside quotes (false, in tests: at any line end).
    quote_aware: bool,
}

impl<R: Read> BlockReader<R> {
    fn new(input: R, delimiter: u8, block_bytes: usize, quote_aware: bool) -> Self {
        BlockReader {
            raw: BlockInput::new(input, block_bytes),
            delimiter,
            quote_aware: quote_aware && !matches!(delimiter, b'"' | b'\n' | b'\r'),
        }
    }

    /// Reads the first record as csv reads the start of a file (a BOM is
    /// dropped): returns its bytes (BOM included), or `None` when the input
    /// holds no record. The bytes after it are carried over.
    fn first_record(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut core = csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .build();
        let (mut scratch, mut ends) = (vec![0; 64 * 1024], vec![0; 1024]);
        let (mut data, mut scan) = (Vec::new(), 0);
        loop {
            if scan == data.len() && !self.raw.eof {
                self.raw.read_more(&mut data, IO_BUFFER)?;
                continue;
            }
            let (n, record) = next_record(
                &mut core,
                &data[scan..],
                self.raw.eof,
                &mut scratch,
                &mut ends,
            );
            scan += n;
            if record || self.raw.eof {
                self.raw.carry.extend_from_slice(&data[scan..]);
                data.truncate(scan);
                return Ok((record && has_content(&data)).then_some(data));
            }
        }
    }

    /// Refills `block`; returns `Ok(false)` when it ends the input.
    fn fill(&mut self, block: &mut Block) -> std::io::Result<bool> {
        block.split = false;
        let mut cuts = CutFinder::default();
        let (delimiter, quote_aware) = (self.delimiter, self.quote_aware);
        let more = self.raw.fill(&mut block.data, |data, from| {
            if quote_aware {
                cuts.scan(data, delimiter)
            } else {
                memchr::memrchr2(b'\n', b'\r', &data[from..]).map(|i| from + i + 1)
            }
        })?;
        block.last = !more;
        Ok(more)
    }
}

/// Finds the last line end outside quoted fields in a growing block, reading
/// only its quotes as `csv-core` does (see [`ends_inside_quotes`]), from where
/// the last scan stopped.
#[derive(Default)]
struct CutFinder {
    /// Bytes scanned.
    at: usize,
    quoted: bool,
    /// Start of the stretch outside quotes being scanned.
    outside: usize,
    /// Bytes of that stretch searched for a line end.
    searched: usize,
    /// Just after the last line end found outside quotes.
    cut: Option<usize>,
}

impl CutFinder {
    fn scan(&mut self, data: &[u8], delimiter: u8) -> Option<usize> {
        loop {
            let Some(k) = memchr::memchr(b'"', &data[self.at..]) else {
                if !self.quoted {
                    self.note(data, data.len());
                }
                self.at = data.len();
                return self.cut;
            };
            let q = self.at + k;
            if self.quoted {
                match data.get(q + 1) {
                    // Which of `""` or a closing quote this is: the next read tells.
                    None => return self.cut,
                    Some(b'"') => self.at = q + 2,
                    Some(_) => {
                        self.quoted = false;
                        self.outside = q + 1;
                        self.at = q + 1;
                    }
                }
            } else {
                self.at = q + 1;
                if q == 0 || matches!(data[q - 1], b'\n' | b'\r') || data[q - 1] == delimiter {
                    self.note(data, q);
                    self.quoted = true;
                }
            }
        }
    }

    /// Notes the last line end in the stretch outside quotes that ends at `end`.
    fn note(&mut self, data: &[u8], end: usize) {
        let from = self.outside.max(self.searched);
        if let Some(i) = memchr::memrchr2(b'\n', b'\r', &data[from..end]) {
            self.cut = Some(from + i + 1);
        }
        self.searched = end;
    }
}

/// Feeds `input` to `core` up to the end of the next record, discarding the
/// fields: returns the bytes consumed and whether a record ended. With
/// `last`, the end of `input` ends the input (and a record left open).
fn next_record(
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
struct Splitter {
    core: csv_core::Reader,
    scratch: Vec<u8>,
    ends: Vec<usize>,
}

impl Splitter {
    fn new(delimiter: u8) -> Splitter {
        Splitter {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            scratch: vec![0; 64 * 1024],
            ends: vec![0; 1024],
        }
    }

    /// Puts the parser at the start of a record past the start of the input
    /// (where a BOM is data).
    fn restart(&mut self) {
        self.core.reset();
        // A line end at a record start is skipped; the parser has now read.
        self.core
            .read_record(b"\n", &mut self.scratch, &mut self.ends);
    }

    fn next_record(&mut self, input: &[u8], last: bool) -> (usize, bool) {
        next_record(
            &mut self.core,
            input,
            last,
            &mut self.scratch,
            &mut self.ends,
        )
    }

    /// Finds the records of `block`, parsing it from a record start.
    fn split(&mut self, block: &mut Block, delimiter: u8) {
        if matches!(delimiter, b'"' | b'\n' | b'\r') {
            self.split_parsing(block);
        } else {
            block.end = split_records(&block.data, delimiter, block.last, &mut block.spans);
        }
    }

    /// [`Splitter::split`] with `csv-core`, for any delimiter.
    fn split_parsing(&mut self, block: &mut Block) {
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
fn split_records(data: &[u8], delimiter: u8, last: bool, spans: &mut Vec<(usize, usize)>) -> usize {
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
fn has_content(raw: &[u8]) -> bool {
    raw.iter().any(|&b| b != b'\n' && b != b'\r')
}

/// The record without the line ends around it.
fn trim_line_ends(raw: &[u8]) -> &[u8] {
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

/// Fields of one record, parsed into reused buffers.
#[derive(Default)]
pub struct Fields {
    data: Vec<u8>,
    ends: Vec<usize>,
    count: usize,
}

impl Fields {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True for a record with no field.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Field `i`, unescaped.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        (i < self.count).then(|| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            &self.data[start..self.ends[i]]
        })
    }

    /// Parses one raw record (as split by the reader) into fields.
    pub fn parse(&mut self, core: &mut csv_core::Reader, raw: &[u8]) {
        core.reset();
        if self.data.len() < raw.len() + 16 {
            self.data.resize(raw.len() + 16, 0);
        }
        if self.ends.len() < 64 {
            self.ends.resize(64, 0);
        }
        let (mut input, mut nout, mut nend) = (raw, 0, 0);
        if raw.starts_with(b"\xEF\xBB\xBF") {
            // After a reset csv-core drops a BOM at the start of its input, but
            // the file's BOM is already gone: these bytes are data. One byte
            // alone is too short to be taken for a BOM.
            let (_, consumed, o, e) = core.read_record(&raw[..1], &mut self.data, &mut self.ends);
            (input, nout, nend) = (&raw[consumed..], o, e);
        }
        loop {
            let (result, consumed, o, e) =
                core.read_record(input, &mut self.data[nout..], &mut self.ends[nend..]);
            input = &input[consumed..];
            nout += o;
            nend += e;
            match result {
                csv_core::ReadRecordResult::OutputFull => {
                    let len = self.data.len();
                    self.data.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                csv_core::ReadRecordResult::InputEmpty if !input.is_empty() => {}
                // An unterminated last record: an empty input tells the parser it ended.
                csv_core::ReadRecordResult::InputEmpty if !raw.is_empty() => {
                    input = &[];
                    let (result, _, o, e) =
                        core.read_record(input, &mut self.data[nout..], &mut self.ends[nend..]);
                    nout += o;
                    nend += e;
                    if result == csv_core::ReadRecordResult::OutputEndsFull {
                        let len = self.ends.len();
                        self.ends.resize(len * 2, 0);
                        continue;
                    }
                    break;
                }
                _ => break,
            }
        }
        self.count = nend;
    }
}

thread_local! {
    #[allow(clippy::type_complexity)]
    static PARSER: std::cell::RefCell<(Option<(u8, csv_core::Reader)>, Fields, Vec<(usize, usize)>)> =
        std::cell::RefCell::new((None, Fields::default(), Vec::new()));
}

/// The fields of a raw record that needs no unescaping, as spans of it (see [`split_plain`]).
struct InPlace<'a> {
    raw: &'a [u8],
    spans: &'a [(usize, usize)],
}

impl RecordFields for InPlace<'_> {
    fn count(&self) -> usize {
        self.spans.len()
    }
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.spans.get(i).map(|&(s, e)| &self.raw[s..e])
    }
}

/// Splits a raw record into `spans` of its fields when each field reads as
/// its own bytes: an unquoted field without quotes or line ends, or a quoted
/// one without a quote inside, closed right before a delimiter or the end.
/// Those are the fields [`Fields::parse`] copies unchanged (a quoted field
/// without its quotes), so the spans give the same fields without copying a
/// large one. Returns false, with `spans` unspecified, for any other record
/// (escaped quotes, stray quotes, a BOM, nothing but line ends): those are
/// parsed.
fn split_plain(raw: &[u8], delimiter: u8, spans: &mut Vec<(usize, usize)>) -> bool {
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

/// Puts the blocks' records back in order, checking each block's own split:
/// a block was split from its start as a record start, which holds when the
/// block before ended at a record boundary. When it did not (the reader's cut
/// fell inside a record), the record left open is finished and the block is
/// split again from there, one record at a time, until a record ends where
/// one of the block's own ends; from there on its own split is right.
struct Stitch {
    /// The true split, while it runs apart from a block's own.
    splitter: Splitter,
    /// The record left open at the end of the last block, when it did not end
    /// at a record boundary (the splitter has read it).
    carry: Vec<u8>,
}

impl Stitch {
    fn write<W: Write>(
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
struct RowWriter<'a, W, F> {
    output: &'a mut W,
    on_issue: &'a mut F,
    stats: StreamStats,
    /// The line the next record's bytes start on.
    line: u64,
}

impl<W: Write, F: FnMut(RowIssue)> RowWriter<'_, W, F> {
    /// Writes the row for the record `raw` and reports its issues.
    fn write(&mut self, raw: &[u8], outcome: CsvOutcome) -> Result<(), CsvError> {
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

/// Classifies one raw record and lays out its output row.
fn classify_row(
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

/// Appends a record as it came (without its line end), or its parsed fields
/// re-quoted when passing it through would change it for a reader: its quotes
/// are unbalanced (a quoted field left open at the end of input would swallow
/// whatever follows), or it starts with the bytes of a BOM (data here: the
/// file's own BOM is already gone), which a reader would drop at the start of
/// the output.
fn push_record(out: &mut Vec<u8>, raw: &[u8], fields: &Fields, delimiter: u8) {
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
fn passes_through(raw: &[u8], delimiter: u8) -> bool {
    let bom_like = trim_line_ends(raw).starts_with(b"\xEF\xBB\xBF");
    !bom_like && (memchr::memchr(b'"', raw).is_none() || !ends_inside_quotes(raw, delimiter))
}

/// True when a quoted field is still open at the end of `raw`, read as
/// `csv-core` does: a quote opens a field only at its start, `""` inside one is
/// a quote, and any other quote is a literal character.
fn ends_inside_quotes(raw: &[u8], delimiter: u8) -> bool {
    if delimiter == b'"' {
        return ends_inside_quotes_bytewise(raw, delimiter);
    }
    // Only the quotes need reading: a quote outside a quoted field opens one
    // when it starts a field (the byte before it ends one, or there is none).
    let (mut quoted, mut i) = (false, 0);
    while let Some(k) = memchr::memchr(b'"', &raw[i..]) {
        let q = i + k;
        i = q + 1;
        if quoted {
            if raw.get(q + 1) == Some(&b'"') {
                i = q + 2;
            } else {
                quoted = false;
            }
        } else {
            quoted = q == 0 || matches!(raw[q - 1], b'\n' | b'\r') || raw[q - 1] == delimiter;
        }
    }
    quoted
}

/// [`ends_inside_quotes`] a byte at a time: the reference it is tested against.
fn ends_inside_quotes_bytewise(raw: &[u8], delimiter: u8) -> bool {
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

/// One row's output bytes and what the writer needs to report on it.
struct CsvOutcome {
    /// The record passes through: the writer writes it from the block, then `bytes`.
    passthrough: bool,
    /// The output row, or what follows the record when it passes through.
    bytes: Vec<u8>,
    row: RowOutcome,
    leading_lines: u64,
    lines: u64,
}

/// The warning for a text cut at `--max-bytes`.
pub fn truncation_warning(scanned: usize) -> String {
    format!("text longer than --max-bytes: only the first {scanned} bytes were classified")
}

fn count_newlines(raw: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', raw).count() as u64
}

/// Appends `field` to `out`, quoted when it holds the delimiter, a quote or a line end.
pub fn push_csv_field(out: &mut Vec<u8>, field: &[u8], delimiter: u8) {
    let needs_quotes = field
        .iter()
        .any(|&b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if needs_quotes {
        push_quoted_field(out, field);
    } else {
        out.extend_from_slice(field);
    }
}

/// Appends `field` in quotes, doubling the quotes inside it.
fn push_quoted_field(out: &mut Vec<u8>, field: &[u8]) {
    out.push(b'"');
    for &b in field {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// The result for one row.
pub struct RowOutcome {
    /// The classification, or why the row could not be classified.
    pub result: Result<Classification, String>,
    /// Replacement characters introduced by lossy UTF-8 decoding.
    pub lossy: usize,
}

/// Access to the fields of a parsed record.
pub trait RecordFields {
    /// Number of fields.
    fn count(&self) -> usize;
    /// Field `i`, unescaped.
    fn field(&self, i: usize) -> Option<&[u8]>;
}

impl RecordFields for Fields {
    fn count(&self) -> usize {
        self.len()
    }
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.get(i)
    }
}

impl RecordFields for ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.get(i)
    }
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

/// Removes a UTF-8 byte-order mark from the first field.
pub fn strip_bom(record: &mut ByteRecord) {
    if record
        .get(0)
        .is_some_and(|f| f.starts_with(b"\xEF\xBB\xBF"))
    {
        let mut fixed = ByteRecord::with_capacity(record.as_slice().len(), record.len());
        for (i, f) in record.iter().enumerate() {
            fixed.push_field(if i == 0 { &f[3..] } else { f });
        }
        fixed.set_position(record.position().cloned());
        *record = fixed;
    }
}

/// Resolves the text and title columns of `options` against `header` (or, with
/// no header, a first row of `width` fields).
pub fn resolve(
    options: &CsvOptions,
    header: Option<&ByteRecord>,
    width: usize,
) -> Result<Layout, CsvError> {
    let names: Vec<String> = match header {
        Some(h) => h
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect(),
        None => (0..width).map(|i| format!("#{i}")).collect(),
    };
    let available = || names.join(", ");
    let find = |col: &Column| find_column(col, header, &names);
    let by_default = |defaults: &[&str]| {
        defaults
            .iter()
            .find_map(|d| names.iter().position(|h| h.trim().eq_ignore_ascii_case(d)))
    };
    let text = if options.text_columns.is_empty() {
        match header.and_then(|_| by_default(DEFAULT_TEXT_COLUMNS)) {
            Some(i) => vec![i],
            None if header.is_none() => {
                return Err(CsvError::Columns(
                    "without a header, name the text column by index (--text-col 2)".into(),
                ))
            }
            None => {
                return Err(CsvError::Columns(format!(
                    "no text column: none of {} is in the header; use --text-col (available columns: {})",
                    DEFAULT_TEXT_COLUMNS.join(", "),
                    available()
                )))
            }
        }
    } else {
        options
            .text_columns
            .iter()
            .map(find)
            .collect::<Result<_, _>>()?
    };
    let title = match (&options.title_column, options.no_title) {
        (_, true) => None,
        (Some(col), false) => Some(find(col)?),
        (None, false) => header.and_then(|_| by_default(DEFAULT_TITLE_COLUMNS)),
    };
    let needed = text.iter().chain(title.iter()).max().map_or(0, |m| m + 1);
    let mut names = names;
    while names.len() < needed {
        names.push(format!("#{}", names.len()));
    }
    Ok(Layout {
        text,
        title,
        width,
        names,
    })
}

/// Finds `col` in the header; an index is taken as given.
pub fn find_column(
    col: &Column,
    header: Option<&ByteRecord>,
    names: &[String],
) -> Result<usize, CsvError> {
    match col {
        Column::Index(i) => Ok(*i),
        Column::Name(n) if header.is_none() => Err(CsvError::Columns(format!(
            "column {n:?} is a name, but the input has no header (--no-headers): give a 0-based index"
        ))),
        Column::Name(n) => names
            .iter()
            .position(|h| h == n)
            .or_else(|| names.iter().position(|h| h.eq_ignore_ascii_case(n)))
            .ok_or_else(|| CsvError::MissingColumn {
                column: format!("{n:?}"),
                available: names.join(", "),
            }),
    }
}

#[cfg(test)]
mod tests {
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

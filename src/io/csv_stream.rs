//! Streaming CSV: every input row comes out, in order, with the result columns
//! appended. Rows are read into reused `ByteRecord`s in bounded batches.

use std::borrow::Cow;
use std::fmt;
use std::io::{Read, Write};

use csv::{ByteRecord, ReaderBuilder, WriterBuilder};

use super::pipeline::{self, Batch};
use super::record::{push_result, result_columns, EvidenceFormat};
use crate::score::{Classification, Classifier};

/// Default names tried, in order, for the text column (case-insensitive).
pub const DEFAULT_TEXT_COLUMNS: &[&str] = &["description", "text", "body", "job_description"];
/// Default names tried, in order, for the title column (case-insensitive).
pub const DEFAULT_TITLE_COLUMNS: &[&str] = &["title", "job_title"];

/// Rows per batch (a batch also ends at [`BATCH_BYTES`]).
const BATCH_ROWS: usize = 2048;
/// Approximate bytes per batch.
const BATCH_BYTES: usize = 4 << 20;
/// Buffer size of the CSV reader and writer.
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
}

impl StreamStats {
    /// Counts one result.
    pub fn add(&mut self, result: Result<&Classification, &str>) {
        self.rows += 1;
        match result {
            Ok(c) => {
                self.labels[c.role.map_or(4, |r| r.index())] += 1;
                self.confidence_sum += c.confidence;
            }
            Err(_) => self.failed += 1,
        }
    }
}

struct Rows {
    records: Vec<ByteRecord>,
    /// (row number, line) of each record.
    positions: Vec<(u64, u64)>,
    len: usize,
}

impl Batch for Rows {
    fn len(&self) -> usize {
        self.len
    }
}

/// The columns resolved against the header.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Text column indexes (joined with a blank line).
    pub text: Vec<usize>,
    /// Title column index.
    pub title: Option<usize>,
    /// Fields in the header (or first row).
    pub width: usize,
    /// Column names (`#i` without a header).
    pub names: Vec<String>,
}

/// Streams CSV from `input` to `output`, appending the result columns to every row.
///
/// Row problems go to `on_issue` (called in row order) and into the `error`
/// column; they do not stop the run.
pub fn classify_csv<R: Read + Send, W: Write + Send>(
    classifier: &Classifier,
    input: R,
    output: W,
    options: &CsvOptions,
    mut on_issue: impl FnMut(RowIssue) + Send,
) -> Result<StreamStats, CsvError> {
    let mut reader = ReaderBuilder::new()
        .delimiter(options.delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(IO_BUFFER)
        .from_reader(input);
    let mut writer = WriterBuilder::new()
        .delimiter(options.delimiter)
        .flexible(true)
        .buffer_capacity(IO_BUFFER)
        .from_writer(output);

    let mut first = ByteRecord::new();
    let has_first = reader.read_byte_record(&mut first)?;
    strip_bom(&mut first);
    let layout = resolve(
        options,
        if options.has_headers && has_first {
            Some(&first)
        } else {
            None
        },
        first.len(),
    )?;
    let mut pending_first = None;
    if options.has_headers {
        if has_first {
            let mut header = first.clone();
            for name in result_columns(options.evidence.is_some()) {
                header.push_field(name.as_bytes());
            }
            writer.write_byte_record(&header)?;
        }
    } else if has_first {
        pending_first = Some(first);
    }

    let mut stats = StreamStats::default();
    let mut row_number = 0u64;
    let mut bytes_read = 0u64;
    let read = |rows: &mut Rows| -> Result<bool, CsvError> {
        rows.len = 0;
        let mut bytes = 0;
        while rows.len < BATCH_ROWS && bytes < BATCH_BYTES {
            if rows.records.len() == rows.len {
                rows.records.push(ByteRecord::new());
                rows.positions.push((0, 0));
            }
            let record = &mut rows.records[rows.len];
            let line;
            if let Some(first) = pending_first.take() {
                *record = first;
                line = 1;
            } else {
                if !reader.read_byte_record(record)? {
                    bytes_read = reader.position().byte();
                    return Ok(false);
                }
                line = record.position().map_or(0, |p| p.line());
            }
            row_number += 1;
            bytes += record.as_slice().len();
            rows.positions[rows.len] = (row_number, line);
            rows.len += 1;
        }
        bytes_read = reader.position().byte();
        Ok(true)
    };
    let classify = |rows: &Rows, i: usize| -> RowOutcome {
        classify_row(classifier, &layout, &rows.records[i])
    };
    let mut buf = String::new();
    let mut out = ByteRecord::new();
    let write = |rows: &Rows, outcomes: Vec<RowOutcome>| -> Result<(), CsvError> {
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let record = &rows.records[i];
            let (row, line) = rows.positions[i];
            out.clear();
            for field in record.iter() {
                out.push_field(field);
            }
            for _ in record.len()..layout.width {
                out.push_field(b"");
            }
            let result = outcome.result.as_ref().map_err(String::as_str);
            push_result(&mut out, result, options.evidence, &mut buf);
            writer.write_byte_record(&out)?;
            stats.add(result);
            if outcome.lossy > 0 {
                on_issue(RowIssue {
                    row,
                    line,
                    message: format!(
                        "invalid UTF-8 in text decoded lossily ({} replacement character{})",
                        outcome.lossy,
                        if outcome.lossy == 1 { "" } else { "s" }
                    ),
                    failed: false,
                });
            }
            if let Err(message) = outcome.result {
                on_issue(RowIssue {
                    row,
                    line,
                    message,
                    failed: true,
                });
            }
        }
        Ok(())
    };
    pipeline::run(
        || Rows {
            records: Vec::new(),
            positions: Vec::new(),
            len: 0,
        },
        read,
        classify,
        write,
    )?;
    writer.flush()?;
    stats.bytes = bytes_read;
    Ok(stats)
}

/// The result for one row.
pub struct RowOutcome {
    /// The classification, or why the row could not be classified.
    pub result: Result<Classification, String>,
    /// Replacement characters introduced by lossy UTF-8 decoding.
    pub lossy: usize,
}

/// Classifies one row laid out by `layout`; a row too short for the columns is an error.
pub fn classify_row(classifier: &Classifier, layout: &Layout, record: &ByteRecord) -> RowOutcome {
    let mut lossy = 0;
    let mut decode = |bytes: &'_ [u8]| -> String {
        let s = String::from_utf8_lossy(bytes);
        if let Cow::Owned(_) = s {
            lossy += s.matches('\u{FFFD}').count() - count_fffd(bytes);
        }
        s.into_owned()
    };
    let missing: Vec<usize> = layout
        .text
        .iter()
        .chain(layout.title.iter())
        .copied()
        .filter(|&i| i >= record.len())
        .collect();
    if !missing.is_empty() {
        let name = &layout.names[missing[0]];
        return RowOutcome {
            result: Err(format!(
                "row has {} field{}, but column {name:?} is field {}",
                record.len(),
                if record.len() == 1 { "" } else { "s" },
                missing[0] + 1
            )),
            lossy: 0,
        };
    }
    let title = layout.title.map(|i| text_of(&record[i], &mut decode));
    let result = if let [only] = layout.text[..] {
        let text = text_of(&record[only], &mut decode);
        classifier.classify(title.as_deref(), &text)
    } else {
        let mut joined = String::new();
        for (k, &i) in layout.text.iter().enumerate() {
            if k > 0 {
                joined.push_str("\n\n");
            }
            joined.push_str(&text_of(&record[i], &mut decode));
        }
        classifier.classify(title.as_deref(), &joined)
    };
    RowOutcome {
        result: Ok(result),
        lossy,
    }
}

/// Borrows a field as text when it is valid UTF-8, else decodes it lossily.
fn text_of<'a>(bytes: &'a [u8], decode: &mut impl FnMut(&[u8]) -> String) -> Cow<'a, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(decode(bytes)),
    }
}

/// Replacement characters already present (valid) in the input.
fn count_fffd(bytes: &[u8]) -> usize {
    bytes
        .windows(3)
        .filter(|w| *w == "\u{FFFD}".as_bytes())
        .count()
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

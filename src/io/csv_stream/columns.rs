//! Which columns hold the title and the text: by name or index, resolved
//! against the header.

use std::fmt;

use csv::ByteRecord;

use super::{CsvError, CsvOptions};

/// Default names tried, in order, for the text column (case-insensitive).
pub const DEFAULT_TEXT_COLUMNS: &[&str] = &["description", "text", "body", "job_description"];
/// Default names tried, in order, for the title column (case-insensitive).
pub const DEFAULT_TITLE_COLUMNS: &[&str] = &["title", "job_title"];

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
    let available = || describe_header(&names);
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

/// The header's columns for an error message: at most 12, each cut to 40
/// characters, with a hint when the header looks like another format (a
/// tab-, semicolon- or bar-separated file read with the wrong delimiter, or
/// JSON Lines).
pub fn describe_header(names: &[String]) -> String {
    const SHOWN: usize = 12;
    const WIDTH: usize = 40;
    let mut list: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|n| match n.char_indices().nth(WIDTH) {
            Some((at, _)) => format!("{}…", &n[..at]),
            None => n.clone(),
        })
        .collect();
    if names.len() > SHOWN {
        list.push(format!("… {} more", names.len() - SHOWN));
    }
    // A JSON object's text has no place in a column list.
    if names
        .first()
        .is_some_and(|n| n.trim_start().starts_with('{'))
    {
        list.truncate(1);
        list[0] = list[0].chars().take(20).chain(['…']).collect();
    }
    let mut out = list.join(", ");
    let first = names.first().map_or("", |n| n.trim_start());
    if first.starts_with('{') {
        out.push_str(" (the input looks like JSON Lines: use `rolecall jsonl`)");
    } else if names.len() == 1 {
        let other = [('\t', "'\\t'"), (';', "';'"), ('|', "'|'")]
            .into_iter()
            .find(|(c, _)| first.contains(*c));
        if let Some((_, flag)) = other {
            out.push_str(&format!(
                " (one column: is the file separated by another delimiter? try -d {flag})"
            ));
        }
    }
    out
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
                available: describe_header(names),
            }),
    }
}

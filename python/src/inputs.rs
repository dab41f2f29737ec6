//! Input: columns of postings, read a chunk at a time as UTF-8 the GIL can be
//! released over. An Arrow column (pyarrow, Polars, pandas' Arrow-backed
//! strings) is read through the Arrow C data interface without a Python
//! object per cell; a list of Python objects is encoded a chunk at a time, so
//! at most one chunk's UTF-8 copies are alive at once.

use std::borrow::Cow;
use std::ops::Range;

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, LargeStringArray, StringArray, StringViewArray};
use arrow_schema::DataType;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFloat, PyList, PyString};
use rayon::prelude::*;

use crate::capsules;

/// A text (or title) held as UTF-8 bytes owned by Python.
pub(crate) enum Utf8<'py> {
    Missing,
    /// CPython's UTF-8 encoding of a `str`.
    Str(Bound<'py, PyBytes>),
    /// A `bytes` cell: UTF-8 still to be checked.
    Raw(Bound<'py, PyBytes>),
}

impl Utf8<'_> {
    fn bytes(&self) -> Option<&[u8]> {
        match self {
            Utf8::Missing => None,
            Utf8::Str(b) | Utf8::Raw(b) => Some(b.as_bytes()),
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            // SAFETY: the bytes are CPython's UTF-8 encoding of a `str`.
            Utf8::Str(b) => Some(unsafe { std::str::from_utf8_unchecked(b.as_bytes()) }),
            Utf8::Raw(b) => std::str::from_utf8(b.as_bytes()).ok(),
            Utf8::Missing => None,
        }
    }
}

pub(crate) fn encode<'py>(s: &Bound<'py, PyString>) -> PyResult<Utf8<'py>> {
    Ok(Utf8::Str(s.encode_utf8()?))
}

/// What a Python cell may be.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Accept {
    /// `str` only (`None` too when `none` is set).
    Strings { none: bool },
    /// `str`, UTF-8 `bytes`, `None` or a float NaN (cells of a data frame).
    Cells,
}

fn cell<'py>(obj: &Bound<'py, PyAny>, accept: Accept, name: &str, i: usize) -> PyResult<Utf8<'py>> {
    if let Ok(s) = obj.downcast::<PyString>() {
        return encode(s);
    }
    if accept == Accept::Cells {
        if let Ok(b) = obj.downcast::<PyBytes>() {
            return Ok(Utf8::Raw(b.clone()));
        }
    }
    let missing = match accept {
        Accept::Strings { none } => none && obj.is_none(),
        Accept::Cells => {
            obj.is_none() || obj.downcast::<PyFloat>().is_ok_and(|f| f.value().is_nan())
        }
    };
    if missing {
        return Ok(Utf8::Missing);
    }
    let expected = match accept {
        Accept::Strings { none: false } => "str",
        Accept::Strings { none: true } => "str or None",
        Accept::Cells => "str, bytes, None or NaN",
    };
    Err(PyTypeError::new_err(format!(
        "{name}[{i}] must be {expected}, not {}",
        obj.get_type().name()?
    )))
}

/// The strings of one Arrow array, whatever its string layout.
enum Strings {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
    /// An array of nulls only (an all-missing column).
    Null(usize),
    /// Categorical strings (a Polars Categorical, a pandas category): each
    /// cell's index into `values`, `None` for a missing cell.
    Dictionary {
        keys: Vec<Option<usize>>,
        values: Box<Strings>,
    },
}

impl Strings {
    fn new(array: ArrayRef, name: &str) -> PyResult<Self> {
        Ok(match array.data_type() {
            DataType::Utf8 => Strings::Utf8(array.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Strings::Large(array.as_string::<i64>().clone()),
            DataType::Utf8View => Strings::View(array.as_string_view().clone()),
            DataType::Null => Strings::Null(array.len()),
            DataType::Dictionary(..) => {
                let dictionary = array.as_any_dictionary();
                let keys = dictionary
                    .normalized_keys()
                    .into_iter()
                    .enumerate()
                    .map(|(i, key)| dictionary.is_valid(i).then_some(key))
                    .collect();
                let values = Box::new(Strings::new(dictionary.values().clone(), name)?);
                Strings::Dictionary { keys, values }
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "column {name} holds {other}, not strings"
                )))
            }
        })
    }

    fn len(&self) -> usize {
        match self {
            Strings::Utf8(a) => a.len(),
            Strings::Large(a) => a.len(),
            Strings::View(a) => a.len(),
            Strings::Null(n) => *n,
            Strings::Dictionary { keys, .. } => keys.len(),
        }
    }

    /// The string at `i` (`None`: missing).
    fn get(&self, i: usize) -> Option<&str> {
        match self {
            Strings::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::View(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Null(_) => None,
            Strings::Dictionary { keys, values } => keys[i].and_then(|k| values.get(k)),
        }
    }

    fn push<'a>(&'a self, rows: Range<usize>, out: &mut Vec<Option<&'a str>>) {
        out.extend(rows.map(|i| self.get(i)));
    }
}

/// One column of postings' texts or titles, and its name for errors.
pub(crate) struct Column<'py> {
    name: String,
    cells: Cells<'py>,
}

enum Cells<'py> {
    /// An Arrow array or stream: its chunks and the row each starts at.
    Arrow {
        chunks: Vec<Strings>,
        starts: Vec<usize>,
        len: usize,
    },
    /// Python objects.
    Python {
        list: Bound<'py, PyList>,
        accept: Accept,
    },
}

/// The cells of some rows of a column.
pub(crate) enum Chunk<'a, 'py> {
    Arrow(Vec<Option<&'a str>>),
    /// Encoded now, checked by [`Chunk::strs`].
    Cells(Vec<Utf8<'py>>, &'a str),
}

impl<'py> Column<'py> {
    /// `obj` as a column: anything exporting `__arrow_c_array__` or
    /// `__arrow_c_stream__` is read as Arrow strings; any other iterable as
    /// Python cells of the kind `accept` allows. `name` names it in errors.
    pub(crate) fn new(obj: &Bound<'py, PyAny>, accept: Accept, name: &str) -> PyResult<Self> {
        if obj.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(format!(
                "{name} must be an iterable of str, not a single str (use classify())"
            )));
        }
        if capsules::is_arrow(obj)? {
            let (mut chunks, mut starts, mut len) = (Vec::new(), Vec::new(), 0);
            for array in capsules::import(obj, name)? {
                let strings = Strings::new(array, name)?;
                starts.push(len);
                len += strings.len();
                chunks.push(strings);
            }
            let cells = Cells::Arrow {
                chunks,
                starts,
                len,
            };
            return Ok(Column {
                name: name.to_owned(),
                cells,
            });
        }
        let list = match obj.downcast::<PyList>() {
            Ok(list) => list.clone(),
            Err(_) => PyList::new(obj.py(), obj.try_iter()?.collect::<PyResult<Vec<_>>>()?)?,
        };
        Ok(Column {
            name: name.to_owned(),
            cells: Cells::Python { list, accept },
        })
    }

    pub(crate) fn len(&self) -> usize {
        match &self.cells {
            Cells::Arrow { len, .. } => *len,
            Cells::Python { list, .. } => list.len(),
        }
    }

    /// The cells of `rows` (within `0..len()`).
    pub(crate) fn read(&self, rows: Range<usize>) -> PyResult<Chunk<'_, 'py>> {
        match &self.cells {
            Cells::Arrow { chunks, starts, .. } => {
                let mut out = Vec::with_capacity(rows.len());
                let mut k = starts.partition_point(|&s| s <= rows.start) - 1;
                let mut at = rows.start;
                while at < rows.end {
                    let (start, chunk) = (starts[k], &chunks[k]);
                    let end = rows.end.min(start + chunk.len());
                    chunk.push(at - start..end - start, &mut out);
                    at = end;
                    k += 1;
                }
                Ok(Chunk::Arrow(out))
            }
            Cells::Python { list, accept } => rows
                .map(|i| cell(&list.get_item(i)?, *accept, &self.name, i))
                .collect::<PyResult<Vec<_>>>()
                .map(|cells| Chunk::Cells(cells, &self.name)),
        }
    }
}

impl Chunk<'_, '_> {
    /// The cells as `&str` (`None`: missing), checking `bytes` cells for
    /// UTF-8 (in parallel, the GIL released); `first` is the chunk's first
    /// row, for errors.
    pub(crate) fn strs(&self, py: Python<'_>, first: usize) -> PyResult<Cow<'_, [Option<&str>]>> {
        let (cells, name) = match self {
            Chunk::Arrow(strs) => return Ok(Cow::Borrowed(strs)),
            Chunk::Cells(cells, name) => (cells, name),
        };
        if !cells.iter().any(|u| matches!(u, Utf8::Raw(_))) {
            return Ok(cells.iter().map(Utf8::as_str).collect::<Vec<_>>().into());
        }
        let bytes: Vec<Option<&[u8]>> = cells.iter().map(Utf8::bytes).collect();
        let bad = py.allow_threads(|| {
            bytes
                .par_iter()
                .position_first(|b| b.is_some_and(|b| std::str::from_utf8(b).is_err()))
        });
        if let Some(i) = bad {
            return Err(PyValueError::new_err(format!(
                "{name}[{}] is not valid UTF-8",
                first + i
            )));
        }
        // SAFETY: every cell was just checked.
        Ok(bytes
            .into_iter()
            .map(|b| b.map(|b| unsafe { std::str::from_utf8_unchecked(b) }))
            .collect::<Vec<_>>()
            .into())
    }
}

/// The postings: one or more text columns (joined per row as `rolecall csv`
/// joins several `--text-col`s) and an optional title column, all of one length.
pub(crate) struct Postings<'py> {
    pub(crate) texts: Vec<Column<'py>>,
    pub(crate) title: Option<Column<'py>>,
}

impl<'py> Postings<'py> {
    pub(crate) fn new(texts: Vec<Column<'py>>, title: Option<Column<'py>>) -> PyResult<Self> {
        let Some(first) = texts.first() else {
            return Err(PyValueError::new_err("no text column given"));
        };
        for column in texts.iter().skip(1).chain(title.iter()) {
            if column.len() != first.len() {
                return Err(PyValueError::new_err(format!(
                    "{} has {} items but {} has {}",
                    column.name,
                    column.len(),
                    first.name,
                    first.len()
                )));
            }
        }
        Ok(Postings { texts, title })
    }

    pub(crate) fn len(&self) -> usize {
        self.texts[0].len()
    }
}

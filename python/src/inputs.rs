//! Input: Python strings as UTF-8 the GIL can be released over.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyFloat, PyString};
use rayon::prelude::*;

/// A text (or title) held as UTF-8 bytes owned by Python.
pub(crate) enum Utf8<'py> {
    Missing,
    /// CPython's UTF-8 encoding of a `str`.
    Str(Bound<'py, PyBytes>),
    /// A `bytes` frame cell (Polars string columns come as `bytes`, which is
    /// faster than `str`): UTF-8 still to be checked.
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

/// The items as `&str`, checking `bytes` items for UTF-8 (in parallel, the
/// GIL released) before any work starts.
pub(crate) fn as_strs<'a>(
    py: Python<'_>,
    items: &'a [Utf8<'_>],
    what: &str,
) -> PyResult<Vec<Option<&'a str>>> {
    if !items.iter().any(|u| matches!(u, Utf8::Raw(_))) {
        return Ok(items.iter().map(Utf8::as_str).collect());
    }
    let bytes: Vec<Option<&[u8]>> = items.iter().map(Utf8::bytes).collect();
    let bad = py.allow_threads(|| {
        bytes
            .par_iter()
            .position_first(|b| b.is_some_and(|b| std::str::from_utf8(b).is_err()))
    });
    if let Some(i) = bad {
        return Err(PyValueError::new_err(format!(
            "{what}[{i}] is not valid UTF-8"
        )));
    }
    // SAFETY: every item was just checked.
    Ok(bytes
        .into_iter()
        .map(|b| b.map(|b| unsafe { std::str::from_utf8_unchecked(b) }))
        .collect())
}

pub(crate) fn encode<'py>(s: &Bound<'py, PyString>) -> PyResult<Utf8<'py>> {
    Ok(Utf8::Str(s.encode_utf8()?))
}

/// What a frame cell or list item may be.
#[derive(Clone, Copy, PartialEq)]
enum Accept {
    /// `str` only (`None` too when `none` is set).
    Strings { none: bool },
    /// `str`, UTF-8 `bytes`, `None` or a float NaN (cells of a data frame).
    Cells,
}

fn item<'py>(obj: &Bound<'py, PyAny>, accept: Accept, what: &str, i: usize) -> PyResult<Utf8<'py>> {
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
        "{what}[{i}] must be {expected}, not {}",
        obj.get_type().name()?
    )))
}

fn items<'py>(
    iterable: &Bound<'py, PyAny>,
    accept: Accept,
    what: &str,
) -> PyResult<Vec<Utf8<'py>>> {
    let mut out = Vec::with_capacity(iterable.len().unwrap_or(0));
    for (i, obj) in iterable.try_iter()?.enumerate() {
        out.push(item(&obj?, accept, what, i)?);
    }
    Ok(out)
}

/// Texts and titles, checked and encoded before any work starts.
pub(crate) fn postings<'py>(
    texts: &Bound<'py, PyAny>,
    titles: Option<&Bound<'py, PyAny>>,
    cells: bool,
) -> PyResult<(Vec<Utf8<'py>>, Vec<Utf8<'py>>)> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a single str (use classify())",
        ));
    }
    let text_accept = if cells {
        Accept::Cells
    } else {
        Accept::Strings { none: false }
    };
    let title_accept = if cells {
        Accept::Cells
    } else {
        Accept::Strings { none: true }
    };
    let texts = items(texts, text_accept, "texts")?;
    let titles = match titles {
        Some(t) if !t.is_none() => {
            let titles = items(t, title_accept, "titles")?;
            if titles.len() != texts.len() {
                return Err(PyValueError::new_err(format!(
                    "titles has {} items but texts has {}",
                    titles.len(),
                    texts.len()
                )));
            }
            titles
        }
        _ => Vec::new(),
    };
    Ok((texts, titles))
}

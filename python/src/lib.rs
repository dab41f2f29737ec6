//! The native module `rolecall._rolecall`: a thin PyO3 layer over the
//! `rolecall` library. Everything that classifies, scores, renders or validates
//! is the library's; this file only converts between Python and Rust:
//!
//! * texts come in as UTF-8 (one `str.encode("utf-8")` per text, done by
//!   CPython; frame cells may also come as UTF-8 `bytes`), are classified with the GIL released (in parallel with rayon for
//!   `classify_many`), and evidence byte offsets are turned into code-point
//!   indices before anything goes back to Python;
//! * a `Classification` keeps the library's result and builds Python objects
//!   only when an attribute is read, so a list of 200,000 results costs one
//!   small Python object per posting.
//!
//! New fields of `rolecall::Classification` reach `to_dict()` by themselves
//! through its `Serialize`; an attribute is one `#[getter]` in
//! `impl PyClassification`, one line in `rolecall/_rolecall.pyi`, and, for a
//! frame column, one entry in `classify_columns`.

use std::path::PathBuf;
use std::sync::OnceLock;

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyList, PyString};
use pyo3::BoundObject;
use rayon::prelude::*;

use rolecall::score::DEFAULT_MAX_BYTES;
use rolecall::{explain, Classification, Evidence, Field, Lexicon, Options, Role};

create_exception!(
    rolecall,
    LexiconError,
    PyValueError,
    "An invalid lexicon folder. `problems` lists every problem as `file:line:column: message`."
);

// ---------------------------------------------------------------------------
// Offsets: the library reports byte offsets into the UTF-8 text; Python
// indexes strings by code point.

/// Code-point index of each byte offset in `offsets` (each on a char boundary
/// of `text`), in place. One pass over `text` up to the largest offset.
fn bytes_to_chars(text: &str, offsets: &mut [&mut usize]) {
    offsets.sort_unstable_by_key(|o| **o);
    let bytes = text.as_bytes();
    let last = offsets.last().map_or(0, |o| **o);
    if bytes[..last].is_ascii() {
        return;
    }
    let (mut at, mut chars) = (0usize, 0usize);
    for o in offsets.iter_mut() {
        let target = **o;
        chars += bytes[at..target]
            .iter()
            .filter(|&&b| (b as i8) >= -0x40)
            .count();
        at = target;
        **o = chars;
    }
}

/// `c` with every evidence span (and `truncated_at`) in code points.
fn to_code_points(mut c: Classification, title: Option<&str>, text: &str) -> Classification {
    let mut in_title = Vec::new();
    let mut in_text = Vec::new();
    for e in c.evidence.iter_mut() {
        let into = match e.field {
            Field::Title => &mut in_title,
            Field::Text => &mut in_text,
        };
        into.push(&mut e.start);
        into.push(&mut e.end);
    }
    if let Some(t) = c.truncated_at.as_mut() {
        in_text.push(t);
    }
    bytes_to_chars(title.unwrap_or(""), &mut in_title);
    bytes_to_chars(text, &mut in_text);
    c
}

// ---------------------------------------------------------------------------
// serde values to Python objects (for `to_dict()`).

fn json_to_py(py: Python<'_>, v: &serde_json::Value) -> PyResult<PyObject> {
    use serde_json::Value;
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_pyobject(py)?.into_any().unbind(),
            (None, Some(i)) => i.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(k, json_to_py(py, item)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("rolecall results serialise")
}

// ---------------------------------------------------------------------------
// Evidence and Classification.

/// One counted match: what matched, where, and what it added to a score.
///
/// `start`/`end` are indices into the Python string named by `field`
/// (`"title"` or `"text"`), so `text[e.start:e.end] == e.text`.
#[pyclass(frozen, module = "rolecall", name = "Evidence")]
struct PyEvidence {
    inner: Evidence,
}

#[pymethods]
impl PyEvidence {
    /// The role credited (`"other"` for decoy vocabulary).
    #[getter]
    fn role(&self) -> &'static str {
        self.inner.role.id()
    }
    /// The lexicon term (canonical spelling, or the regex).
    #[getter]
    fn term(&self) -> &str {
        &self.inner.term
    }
    /// The entry's category (`"title"`, `"skill"`, …).
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.category.as_str()
    }
    /// The entry's weight in the lexicon.
    #[getter]
    fn weight(&self) -> f64 {
        self.inner.weight
    }
    /// What this match added to the role's score.
    #[getter]
    fn contribution(&self) -> f64 {
        self.inner.contribution
    }
    /// `"title"` or `"text"`: the string `start`/`end` index into.
    #[getter]
    fn field(&self) -> &'static str {
        match self.inner.field {
            Field::Title => "title",
            Field::Text => "text",
        }
    }
    /// Code-point index of the match start.
    #[getter]
    fn start(&self) -> usize {
        self.inner.start
    }
    /// Code-point index just past the match.
    #[getter]
    fn end(&self) -> usize {
        self.inner.end
    }
    /// The matched text, exactly `field[start:end]`.
    #[getter]
    fn text(&self) -> &str {
        &self.inner.text
    }
    /// Plain JSON-ready data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        json_to_py(py, &to_json(&self.inner))
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .downcast::<PyEvidence>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Evidence(role={}, term={}, field={}, start={}, end={}, text={}, contribution={})",
            py_repr(py, self.role())?,
            py_repr(py, self.inner.term.as_str())?,
            py_repr(py, self.field())?,
            self.inner.start,
            self.inner.end,
            py_repr(py, self.inner.text.as_str())?,
            py_repr(py, self.inner.contribution)?,
        ))
    }
}

/// The result for one posting.
#[pyclass(frozen, module = "rolecall", name = "Classification")]
struct PyClassification {
    /// The library's result, with evidence offsets already in code points.
    inner: Classification,
}

/// Python's `repr()` of a value.
fn py_repr<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    let obj = value.into_pyobject(py).map_err(Into::into)?;
    Ok(obj.into_bound().into_any().repr()?.to_string())
}

fn role_id(role: Option<Role>) -> Option<&'static str> {
    role.map(Role::id)
}

#[pymethods]
impl PyClassification {
    /// A role id (`"product_manager"`, …) or `"unclassified"`.
    #[getter]
    fn role(&self) -> &'static str {
        self.inner.label()
    }
    /// How sure the label is, in `[0, 1]`.
    #[getter]
    fn confidence(&self) -> f64 {
        self.inner.confidence
    }
    /// The next best role with a positive score (the best one when
    /// unclassified), or `None`.
    #[getter]
    fn runner_up(&self) -> Option<&'static str> {
        role_id(self.inner.runner_up)
    }
    /// The role the title alone supports, or `None` (no title, or it
    /// supports none).
    #[getter]
    fn title_role(&self) -> Option<&'static str> {
        role_id(self.inner.title_role)
    }
    /// The role the text alone supports, or `None`.
    #[getter]
    fn content_role(&self) -> Option<&'static str> {
        role_id(self.inner.content_role)
    }
    /// Score of each role, in output order.
    #[getter]
    fn scores<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for role in Role::ALL {
            dict.set_item(role.id(), self.inner.score(role))?;
        }
        Ok(dict)
    }
    /// Score of decoy vocabulary (jobs that are none of the four roles).
    #[getter]
    fn other_score(&self) -> f64 {
        self.inner.other_score
    }
    /// The top matches by contribution, highest first.
    #[getter]
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .inner
            .evidence
            .iter()
            .map(|e| Py::new(py, PyEvidence { inner: e.clone() }))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }
    /// When the text was longer than `max_bytes`: the length (in code points)
    /// that was scanned; else `None`.
    #[getter]
    fn truncated_at(&self) -> Option<usize> {
        self.inner.truncated_at
    }
    /// Plain JSON-ready data: the same keys as the CLI's JSON Lines result
    /// (`role`, `confidence`, `runner_up`, `title_role`, `content_role`,
    /// `scores`, `evidence`), with
    /// evidence offsets in code points.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        json_to_py(py, &to_json(&self.inner))
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .downcast::<PyClassification>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Classification(role={}, confidence={}, runner_up={}, evidence=[{} items])",
            py_repr(py, self.role())?,
            py_repr(py, self.inner.confidence)?,
            py_repr(py, self.runner_up())?,
            self.inner.evidence.len()
        ))
    }
}

// ---------------------------------------------------------------------------
// Input: Python strings as UTF-8 the GIL can be released over.

/// A text (or title) held as UTF-8 bytes owned by Python.
enum Utf8<'py> {
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

    fn as_str(&self) -> Option<&str> {
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
fn as_strs<'a>(
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

fn encode<'py>(s: &Bound<'py, PyString>) -> PyResult<Utf8<'py>> {
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
fn postings<'py>(
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

// ---------------------------------------------------------------------------
// Classifier.

/// A reusable, thread-safe classifier: the lexicons compiled once.
///
/// `lexicons`: a folder of lexicon files (`str` or `os.PathLike`); `None`
/// means the built-in lexicons. An invalid folder raises `LexiconError` (a
/// `ValueError`) carrying every problem. `min_score`: a role needs at least
/// this score to be named. `evidence`: evidence items kept per posting (top by
/// contribution). `max_bytes`: only the first `max_bytes` of a text (as
/// UTF-8) are scanned; longer texts report `truncated_at`.
#[pyclass(frozen, module = "rolecall", name = "Classifier")]
struct PyClassifier {
    inner: rolecall::Classifier,
    /// The same classifier keeping every match, built on first `explain()`.
    explainer: OnceLock<rolecall::Classifier>,
}

fn lexicon_error(py: Python<'_>, dir: &std::path::Path, e: &rolecall::LexiconError) -> PyErr {
    let problems: Vec<String> = e.problems.iter().map(|p| p.to_string()).collect();
    let message = format!(
        "invalid lexicons in {}: {} problem(s) found:\n{}",
        dir.display(),
        problems.len(),
        problems.join("\n")
    );
    let err = LexiconError::new_err(message);
    if let Err(set) = err.value(py).setattr("problems", problems) {
        return set;
    }
    err
}

fn pool(threads: Option<usize>) -> PyResult<Option<rayon::ThreadPool>> {
    match threads {
        None => Ok(None),
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(Some)
            .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}"))),
    }
}

impl PyClassifier {
    /// Classifies every posting with the GIL released, in input order.
    fn run(
        &self,
        py: Python<'_>,
        texts: &[Utf8<'_>],
        titles: &[Utf8<'_>],
        threads: Option<usize>,
    ) -> PyResult<Vec<Classification>> {
        let pool = pool(threads)?;
        let texts = as_strs(py, texts, "texts")?;
        let titles = as_strs(py, titles, "titles")?;
        let inputs: Vec<(Option<&str>, Option<&str>)> = texts
            .iter()
            .enumerate()
            .map(|(i, &text)| (titles.get(i).copied().flatten(), text))
            .collect();
        let classifier = &self.inner;
        let work = || {
            inputs
                .par_iter()
                .map(|&(title, text)| match text {
                    Some(text) => to_code_points(classifier.classify(title, text), title, text),
                    // A missing frame cell: the result of an empty posting.
                    None => classifier.classify(None, ""),
                })
                .collect::<Vec<_>>()
        };
        Ok(py.allow_threads(|| match &pool {
            Some(pool) => pool.install(work),
            None => work(),
        }))
    }

    fn wrap<'py>(py: Python<'py>, results: Vec<Classification>) -> PyResult<Bound<'py, PyList>> {
        let objects = results
            .into_iter()
            .map(|inner| Py::new(py, PyClassification { inner }))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, objects)
    }
}

#[pymethods]
impl PyClassifier {
    #[new]
    #[pyo3(signature = (lexicons=None, *, min_score=7.0, evidence=5, max_bytes=DEFAULT_MAX_BYTES as i64))]
    fn new(
        py: Python<'_>,
        lexicons: Option<PathBuf>,
        min_score: f64,
        evidence: i64,
        max_bytes: i64,
    ) -> PyResult<Self> {
        if !(min_score.is_finite() && min_score > 0.0) {
            return Err(PyValueError::new_err(format!(
                "min_score must be a positive number, got {min_score}"
            )));
        }
        let evidence = usize::try_from(evidence).map_err(|_| {
            PyValueError::new_err(format!("evidence must be 0 or more, got {evidence}"))
        })?;
        let max_bytes = usize::try_from(max_bytes)
            .ok()
            .filter(|&m| m > 0)
            .ok_or_else(|| {
                PyValueError::new_err(format!("max_bytes must be at least 1, got {max_bytes}"))
            })?;
        let lexicon = match &lexicons {
            None => Lexicon::embedded(),
            Some(dir) => Lexicon::from_dir(dir).map_err(|e| lexicon_error(py, dir, &e))?,
        };
        let options = Options {
            min_score,
            evidence,
            max_bytes,
            ..Options::default()
        };
        let inner = py.allow_threads(|| rolecall::Classifier::new(lexicon, options));
        Ok(PyClassifier {
            inner,
            explainer: OnceLock::new(),
        })
    }

    /// The minimum score a role needs to be named.
    #[getter]
    fn min_score(&self) -> f64 {
        self.inner.options().min_score
    }
    /// Evidence items kept per posting.
    #[getter]
    fn evidence(&self) -> usize {
        self.inner.options().evidence
    }
    /// Only the first `max_bytes` (UTF-8) of a text are scanned.
    #[getter]
    fn max_bytes(&self) -> usize {
        self.inner.options().max_bytes
    }

    /// Classifies one posting. `title`, when given, weighs more than the text.
    #[pyo3(signature = (text, title=None))]
    fn classify(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        title: Option<&Bound<'_, PyString>>,
    ) -> PyResult<PyClassification> {
        let text = encode(text)?;
        let title = title.map(encode).transpose()?.unwrap_or(Utf8::Missing);
        let mut results = self.run(py, &[text], &[title], None)?;
        Ok(PyClassification {
            inner: results.pop().expect("one result per posting"),
        })
    }

    /// Classifies many postings in parallel (GIL released), in input order.
    #[pyo3(signature = (texts, titles=None, *, threads=None))]
    fn classify_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        titles: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyList>> {
        let (texts, titles) = postings(texts, titles, false)?;
        let results = self.run(py, &texts, &titles, threads)?;
        drop((texts, titles));
        Self::wrap(py, results)
    }

    /// The plain `rolecall explain -` text for one posting.
    #[pyo3(signature = (text, title=None))]
    fn explain(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        title: Option<&Bound<'_, PyString>>,
    ) -> PyResult<String> {
        let text = encode(text)?;
        let title = title.map(encode).transpose()?.unwrap_or(Utf8::Missing);
        let (text, title) = (text.as_str().unwrap_or(""), title.as_str());
        let explainer = self
            .explainer
            .get_or_init(|| explain::classifier_for(&self.inner));
        Ok(py.allow_threads(|| explain::plain(explainer, "-", title, text)))
    }

    /// Columns for `classify_frame`: name → list, rows in order. Missing
    /// cells (None, NaN) give the result of an empty posting.
    #[pyo3(signature = (texts, titles=None, *, evidence=false, threads=None))]
    fn classify_columns<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        titles: Option<&Bound<'py, PyAny>>,
        evidence: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let (texts, titles) = postings(texts, titles, true)?;
        let results = self.run(py, &texts, &titles, threads)?;
        drop((texts, titles));
        let out = PyDict::new(py);
        let column = |name: &str, values: Vec<PyObject>| -> PyResult<()> {
            out.set_item(name, PyList::new(py, values)?)
        };
        let strs =
            |f: &dyn Fn(&Classification) -> Option<&'static str>| -> PyResult<Vec<PyObject>> {
                results
                    .iter()
                    .map(|c| Ok(f(c).into_pyobject(py)?.into_any().unbind()))
                    .collect()
            };
        let floats = |f: &dyn Fn(&Classification) -> f64| -> PyResult<Vec<PyObject>> {
            results
                .iter()
                .map(|c| Ok(f(c).into_pyobject(py)?.into_any().unbind()))
                .collect()
        };
        column("role", strs(&|c| Some(c.label()))?)?;
        column("confidence", floats(&|c| c.confidence)?)?;
        column("runner_up", strs(&|c| role_id(c.runner_up))?)?;
        column("title_role", strs(&|c| role_id(c.title_role))?)?;
        column("content_role", strs(&|c| role_id(c.content_role))?)?;
        for role in Role::ALL {
            column(&format!("score_{}", role.id()), floats(&|c| c.score(role))?)?;
        }
        if evidence {
            let json = results
                .iter()
                .map(|c| {
                    let s = serde_json::to_string(&c.evidence).expect("evidence serialises");
                    Ok(s.into_pyobject(py)?.into_any().unbind())
                })
                .collect::<PyResult<Vec<_>>>()?;
            column("evidence", json)?;
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        let o = self.inner.options();
        format!(
            "Classifier(min_score={}, evidence={}, max_bytes={}, entries={})",
            o.min_score,
            o.evidence,
            o.max_bytes,
            self.inner.lexicon().entries().len()
        )
    }
}

/// Every problem in a lexicon folder as `file:line:column: message` (empty
/// when the folder is valid).
#[pyfunction]
fn check_lexicons(py: Python<'_>, path: PathBuf) -> Vec<String> {
    py.allow_threads(|| match Lexicon::from_dir(&path) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
    })
}

#[pymodule]
fn _rolecall(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClassifier>()?;
    m.add_class::<PyClassification>()?;
    m.add_class::<PyEvidence>()?;
    m.add("LexiconError", m.py().get_type::<LexiconError>())?;
    m.add_function(wrap_pyfunction!(check_lexicons, m)?)?;
    m.add("DEFAULT_MAX_BYTES", DEFAULT_MAX_BYTES)?;
    m.add("ROLES", Role::ALL.map(Role::id).to_vec())?;
    Ok(())
}

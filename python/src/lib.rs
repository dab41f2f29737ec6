//! The native module `rolecall._rolecall`: a thin PyO3 layer over the
//! `rolecall` library. Everything that classifies, scores, renders or validates
//! is the library's; this file only converts between Python and Rust:
//!
//! * postings come in a chunk of 2,048 at a time (`inputs.rs`): Arrow string
//!   columns through the Arrow C data interface (`capsules.rs`), without a
//!   Python object per cell; Python `str` cells encoded to UTF-8 by CPython
//!   (`bytes` cells checked); each chunk is classified with the GIL released,
//!   in parallel with rayon, and evidence byte offsets are turned into
//!   code-point indices (`offsets.rs`) before anything goes back to Python;
//! * a `Classification` keeps the library's result and builds Python objects
//!   only when an attribute is read (`results.rs`), so a list of 200,000
//!   results costs one small Python object per posting; a frame's results are
//!   Arrow columns (`columns.rs`).
//!
//! New fields of `rolecall::Classification` reach `to_dict()` by themselves
//! through its `Serialize`; an attribute is one `#[getter]` in
//! `impl PyClassification`, one line in `rolecall/_rolecall.pyi`, and, for a
//! frame column, one builder in `columns.rs`.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;

use rolecall::score::DEFAULT_MAX_BYTES;
use rolecall::{explain, Calibration, Classification, Lexicon, Neighbour, Options, Role};

mod capsules;
mod columns;
mod inputs;
mod json;
mod offsets;
mod pickle;
mod results;

use columns::ResultColumns;
use inputs::{encode, Accept, Chunk, Column, Postings, Utf8};
use offsets::to_code_points;
use results::{PyClassification, PyEvidence};

create_exception!(
    rolecall,
    LexiconError,
    PyValueError,
    "An invalid lexicon folder. `problems` lists every problem as `file:line:column: message`."
);

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
    /// The lexicon folder (absolute), `None` for the built-in lexicons: with
    /// the options, what a pickled classifier is re-created from.
    lexicons: Option<PathBuf>,
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

fn pool(threads: Option<i64>) -> PyResult<Option<rayon::ThreadPool>> {
    match threads {
        None => Ok(None),
        Some(n) if n < 1 => Err(PyValueError::new_err(format!(
            "threads must be at least 1 (or None: every core), got {n}"
        ))),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(usize::try_from(n).unwrap_or(usize::MAX))
            .build()
            .map(Some)
            .map_err(|e| PyValueError::new_err(format!("cannot start {n} threads: {e}"))),
    }
}

/// Postings classified between two checks for Ctrl-C and progress updates
/// (tens of milliseconds of work).
const CHUNK: usize = 2048;

/// A `tqdm` progress bar over `total` postings, when asked for and installed.
fn progress_bar<'py>(
    py: Python<'py>,
    wanted: bool,
    total: usize,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    if !wanted {
        return Ok(None);
    }
    let Ok(tqdm) = py.import("tqdm.auto") else {
        return Ok(None);
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("total", total)?;
    kwargs.set_item("unit", "posting")?;
    tqdm.getattr("tqdm")?.call((), Some(&kwargs)).map(Some)
}

impl PyClassifier {
    /// Classifies every posting with the GIL released, in input order, a
    /// chunk at a time, handing each chunk's results to `sink`: between
    /// chunks Ctrl-C raises `KeyboardInterrupt` and the progress bar
    /// (`progress`) moves. Only one chunk's inputs are encoded at a time.
    fn run(
        &self,
        py: Python<'_>,
        postings: &Postings<'_>,
        threads: Option<i64>,
        progress: bool,
        mut sink: impl FnMut(Vec<Classification>) -> PyResult<()>,
    ) -> PyResult<()> {
        let pool = pool(threads)?;
        let classifier = &self.inner;
        let rows = postings.len();
        let bar = progress_bar(py, progress, rows)?;
        let mut step = |rows: Range<usize>| -> PyResult<()> {
            let texts = postings
                .texts
                .iter()
                .map(|c| c.read(rows.clone()))
                .collect::<PyResult<Vec<_>>>()?;
            let title = postings
                .title
                .as_ref()
                .map(|c| c.read(rows.clone()))
                .transpose()?;
            let inputs = inputs(py, &texts, title.as_ref(), rows.start)?;
            let work = || {
                inputs
                    .par_iter()
                    .map(|(title, text)| {
                        to_code_points(classifier.classify(*title, text), *title, text)
                    })
                    .collect::<Vec<_>>()
            };
            let results = py.allow_threads(|| match &pool {
                Some(pool) => pool.install(work),
                None => work(),
            });
            drop(inputs);
            sink(results)?;
            py.check_signals()?;
            match &bar {
                Some(bar) => bar.call_method1("update", (rows.len(),)).map(drop),
                None => Ok(()),
            }
        };
        let outcome = (0..rows)
            .step_by(CHUNK)
            .try_for_each(|first| step(first..rows.min(first + CHUNK)));
        if let Some(bar) = bar {
            bar.call_method0("close")?;
        }
        outcome
    }
}

/// The (title, text) of each posting of a chunk: several text columns joined
/// with a blank line, as `rolecall csv` joins several `--text-col`s, and a
/// missing text cell an empty text, as an empty CSV cell is to `rolecall csv`
/// (the title alone decides). `first` is the chunk's first row, for errors.
fn inputs<'a>(
    py: Python<'_>,
    texts: &'a [Chunk<'_, '_>],
    title: Option<&'a Chunk<'_, '_>>,
    first: usize,
) -> PyResult<Vec<(Option<&'a str>, Cow<'a, str>)>> {
    let texts = texts
        .iter()
        .map(|c| c.strs(py, first))
        .collect::<PyResult<Vec<_>>>()?;
    let titles = title.map(|c| c.strs(py, first)).transpose()?;
    let rows = texts[0].len();
    Ok((0..rows)
        .map(|r| {
            let title = titles.as_ref().and_then(|t| t[r]);
            let text = match &texts[..] {
                [only] => Cow::Borrowed(only[r].unwrap_or("")),
                several => Cow::Owned(
                    several
                        .iter()
                        .map(|column| column[r].unwrap_or(""))
                        .collect::<Vec<_>>()
                        .join(rolecall::io::TEXT_COLUMN_SEPARATOR),
                ),
            };
            (title, text)
        })
        .collect())
}

#[pymethods]
impl PyClassifier {
    #[new]
    // The default of `max_bytes` spelled out (`DEFAULT_MAX_BYTES`), so that
    // help() shows the number; a pytest checks the two agree.
    #[pyo3(signature = (lexicons=None, *, min_score=7.0, evidence=5, max_bytes=DEFAULT_MAX_BYTES as i64, min_confidence=0.0, technical_weight=4.0, program_depth=2.0),
           text_signature = "(lexicons=None, *, min_score=7.0, evidence=5, max_bytes=268435456, min_confidence=0.0, technical_weight=4.0, program_depth=2.0)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        lexicons: Option<PathBuf>,
        min_score: f64,
        evidence: i64,
        max_bytes: i64,
        min_confidence: f64,
        technical_weight: f64,
        program_depth: f64,
    ) -> PyResult<Self> {
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err(PyValueError::new_err(format!(
                "min_confidence must be a probability in [0, 1], got {min_confidence}"
            )));
        }
        // As the CLI's --min-score, --technical-weight and --program-depth.
        for (name, value) in [
            ("min_score", min_score),
            ("technical_weight", technical_weight),
            ("program_depth", program_depth),
        ] {
            if !(value.is_finite() && value > 0.0) {
                return Err(PyValueError::new_err(format!(
                    "{name} must be a positive number, got {value}"
                )));
            }
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
        let (lexicon, calibration) = match &lexicons {
            None => (Lexicon::embedded(), Calibration::embedded()),
            Some(dir) => (
                Lexicon::from_dir(dir).map_err(|e| lexicon_error(py, dir, &e))?,
                Calibration::from_dir(dir)
                    .map_err(|e| PyValueError::new_err(e.to_string()))?
                    .unwrap_or_default(),
            ),
        };
        let options = Options {
            min_score,
            evidence,
            max_bytes,
            min_confidence,
            technical_weight,
            program_depth,
            ..Options::default()
        };
        let inner = py.allow_threads(|| {
            rolecall::Classifier::new(lexicon, options).with_calibration(calibration)
        });
        Ok(PyClassifier {
            inner,
            lexicons: lexicons.map(|dir| std::path::absolute(&dir).unwrap_or(dir)),
            explainer: OnceLock::new(),
        })
    }

    /// Pickling: the classifier is re-created from its lexicon folder (which
    /// must exist where it is unpickled; the built-in lexicons always do) and
    /// its options.
    fn __getnewargs_ex__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<((Option<PathBuf>,), Bound<'py, PyDict>)> {
        let o = self.inner.options();
        let kwargs = PyDict::new(py);
        kwargs.set_item("min_score", o.min_score)?;
        kwargs.set_item("evidence", o.evidence)?;
        kwargs.set_item("max_bytes", o.max_bytes)?;
        kwargs.set_item("min_confidence", o.min_confidence)?;
        kwargs.set_item("technical_weight", o.technical_weight)?;
        kwargs.set_item("program_depth", o.program_depth)?;
        Ok(((self.lexicons.clone(),), kwargs))
    }

    /// The minimum score a role needs to be named.
    #[getter]
    fn min_score(&self) -> f64 {
        self.inner.options().min_score
    }
    /// A label whose confidence is below this becomes `"unclassified"`.
    #[getter]
    fn min_confidence(&self) -> f64 {
        self.inner.options().min_confidence
    }
    /// Weight of technical vocabulary against product work when a product job
    /// is split into product manager or technical product manager.
    #[getter]
    fn technical_weight(&self) -> f64 {
        self.inner.options().technical_weight
    }
    /// Technical-depth score a program job needs to be a technical program manager.
    #[getter]
    fn program_depth(&self) -> f64 {
        self.inner.options().program_depth
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
        let (text, title) = (text.as_str().unwrap_or(""), title.as_str());
        let classifier = &self.inner;
        let inner =
            py.allow_threads(|| to_code_points(classifier.classify(title, text), title, text));
        Ok(PyClassification { inner })
    }

    /// Classifies many postings in parallel (GIL released), in input order.
    /// `texts` (and `titles`) may be iterables of `str` or Arrow string
    /// arrays (pyarrow, Polars). Ctrl-C raises `KeyboardInterrupt` within a
    /// chunk's time; `progress` shows a `tqdm` bar when tqdm is installed.
    #[pyo3(signature = (texts, titles=None, *, threads=None, progress=false))]
    fn classify_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        titles: Option<&Bound<'py, PyAny>>,
        threads: Option<i64>,
        progress: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = Column::new(texts, Accept::Strings { none: false }, "texts")?;
        let titles = titles
            .filter(|t| !t.is_none())
            .map(|t| Column::new(t, Accept::Strings { none: true }, "titles"))
            .transpose()?;
        let postings = Postings::new(vec![texts], titles)?;
        let mut objects = Vec::with_capacity(postings.len());
        self.run(py, &postings, threads, progress, |results| {
            for inner in results {
                objects.push(Py::new(py, PyClassification { inner })?);
            }
            Ok(())
        })?;
        PyList::new(py, objects)
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

    /// The result columns of `classify_frame` as an Arrow record batch: the
    /// `(schema, array)` PyCapsules of its `__arrow_c_array__`, rows in input order. `texts`: one or more
    /// `(name, column)` pairs, joined per row with a blank line as `rolecall
    /// csv` joins several `--text-col`s; `title`: one pair or `None`. A column
    /// is an Arrow string array or stream (read without a Python object per
    /// cell) or a list of cells (`str`, UTF-8 `bytes`, `None` or NaN). A
    /// missing text cell is an empty text: the title alone decides.
    #[pyo3(signature = (texts, title=None, *, evidence=false, threads=None, progress=false))]
    #[allow(clippy::too_many_arguments)]
    fn _classify_columns<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<(String, Bound<'py, PyAny>)>,
        title: Option<(String, Bound<'py, PyAny>)>,
        evidence: bool,
        threads: Option<i64>,
        progress: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let column =
            |(name, obj): &(String, Bound<'py, PyAny>)| Column::new(obj, Accept::Cells, name);
        let texts = texts.iter().map(column).collect::<PyResult<Vec<_>>>()?;
        let title = title.as_ref().map(column).transpose()?;
        let postings = Postings::new(texts, title)?;
        let mut columns = ResultColumns::new(postings.len(), evidence);
        self.run(py, &postings, threads, progress, |results| {
            py.allow_threads(|| columns.append(&results));
            Ok(())
        })?;
        let batch = columns
            .finish()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        capsules::export(py, batch)
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

/// The lexicons of `path` (`None`: the built-in ones); an invalid folder
/// raises `LexiconError`.
fn load_lexicon(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Lexicon> {
    match path {
        None => Ok(Lexicon::embedded()),
        Some(dir) => Lexicon::from_dir(&dir).map_err(|e| lexicon_error(py, &dir, &e)),
    }
}

/// One lexicon entry: target, neighbour family, category, number of spellings.
type EntryRow = (&'static str, Option<&'static str>, &'static str, usize);

/// Every entry of the lexicons as an [`EntryRow`], for `rolecall.lexicons.list`.
#[pyfunction]
#[pyo3(signature = (path=None))]
fn _lexicon_entries(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Vec<EntryRow>> {
    let lexicon = load_lexicon(py, path)?;
    Ok(lexicon
        .entries()
        .iter()
        .map(|e| {
            let spellings = match &e.pattern {
                rolecall::Pattern::Literal(spellings) => spellings.len(),
                rolecall::Pattern::Regex { .. } => 1,
            };
            (
                e.target.id(),
                e.neighbour.map(Neighbour::id),
                e.category.as_str(),
                spellings,
            )
        })
        .collect())
}

/// Every literal term of the lexicons, as `rolecall lexicons terms` prints them.
#[pyfunction]
#[pyo3(signature = (path=None))]
fn _lexicon_terms(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Vec<String>> {
    let lexicon = load_lexicon(py, path)?;
    Ok(lexicon.literals().into_iter().map(String::from).collect())
}

/// The built-in lexicon files and calibration as `(file name, contents)`,
/// what `rolecall lexicons export` writes.
#[pyfunction]
fn _lexicon_sources() -> Vec<(&'static str, &'static str)> {
    Lexicon::embedded_sources()
        .iter()
        .copied()
        .chain([(
            rolecall::calibration::FILE_NAME,
            Calibration::embedded_source(),
        )])
        .collect()
}

#[pymodule]
fn _rolecall(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyClassifier>()?;
    m.add_class::<PyClassification>()?;
    m.add_class::<PyEvidence>()?;
    m.add("LexiconError", m.py().get_type::<LexiconError>())?;
    m.add_function(wrap_pyfunction!(check_lexicons, m)?)?;
    m.add_function(wrap_pyfunction!(_lexicon_entries, m)?)?;
    m.add_function(wrap_pyfunction!(_lexicon_terms, m)?)?;
    m.add_function(wrap_pyfunction!(_lexicon_sources, m)?)?;
    m.add_function(wrap_pyfunction!(pickle::_restore_classification, m)?)?;
    m.add_function(wrap_pyfunction!(pickle::_restore_evidence, m)?)?;
    m.add("DEFAULT_MAX_BYTES", DEFAULT_MAX_BYTES)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("ROLES", Role::ALL.map(Role::id).to_vec())?;
    m.add("NEIGHBOURS", Neighbour::ALL.map(Neighbour::id).to_vec())?;
    Ok(())
}

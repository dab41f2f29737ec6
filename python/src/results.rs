//! `Evidence` and `Classification` as Python sees them: the library's result
//! kept whole, Python objects built only when an attribute is read.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use pyo3::BoundObject;
use rolecall::{Axis, Classification, Evidence, Field, Neighbour, Role};

use crate::json::{json_to_py, to_json};
use crate::pickle::{classification_state, evidence_state};

/// What `pickle` stores of a result: the module function that rebuilds it and its state.
type Reduced<'py> = (Bound<'py, PyAny>, (Bound<'py, PyBytes>,));

fn reduce<'py>(py: Python<'py>, restore: &str, state: Vec<u8>) -> PyResult<Reduced<'py>> {
    let restore = py.import("rolecall._rolecall")?.getattr(restore)?;
    Ok((restore, (PyBytes::new(py, &state),)))
}

/// One counted match: what matched, where, and what it added to a score.
///
/// `start`/`end` are indices into the Python string named by `field`
/// (`"title"` or `"text"`), so `text[e.start:e.end] == e.text`.
#[pyclass(frozen, module = "rolecall", name = "Evidence")]
pub(crate) struct PyEvidence {
    pub(crate) inner: Evidence,
}

#[pymethods]
impl PyEvidence {
    /// The role credited (`"other"` for vocabulary of a neighbouring job).
    #[getter]
    fn role(&self) -> &'static str {
        self.inner.role.id()
    }
    /// For `"other"` evidence: the neighbouring job family; else `None`.
    #[getter]
    fn neighbour(&self) -> Option<&'static str> {
        self.inner.neighbour.map(Neighbour::id)
    }
    /// The lexicon entry's name (its canonical spelling, or the name of a pattern).
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
    /// The other roles the same span counts for, as dicts (`role`, `term`,
    /// `category`, `weight`, `contribution`; `neighbour` for `"other"`).
    #[getter]
    fn also(&self, py: Python<'_>) -> PyResult<PyObject> {
        json_to_py(py, &to_json(&self.inner.also))
    }
    /// Plain JSON-ready data.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        json_to_py(py, &to_json(&self.inner))
    }
    /// Pickles every field (see `pickle.rs`).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        reduce(py, "_restore_evidence", evidence_state(&self.inner))
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
pub(crate) struct PyClassification {
    /// The library's result, with evidence offsets already in code points.
    pub(crate) inner: Classification,
}

/// Python's `repr()` of a value.
fn py_repr<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    let obj = value.into_pyobject(py).map_err(Into::into)?;
    Ok(obj.into_bound().into_any().repr()?.to_string())
}

pub(crate) fn role_id(role: Option<Role>) -> Option<&'static str> {
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
    /// For an unclassified posting that reads as another job: the neighbouring
    /// family with the most of its vocabulary (`"engineering"`, `"design"`,
    /// `"marketing"`, …); else `None`.
    #[getter]
    fn neighbour(&self) -> Option<&'static str> {
        self.inner.neighbour.map(Neighbour::id)
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
    /// Where the posting sits between the seeds' axes: `product`,
    /// `technical`, `delivery`, `people`, each the axis's share of the
    /// posting's duty evidence, in [0, 1].
    #[getter]
    fn profile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for axis in Axis::ALL {
            dict.set_item(axis.id(), self.inner.profile.get(axis))?;
        }
        Ok(dict)
    }
    /// Score of the vocabulary of other jobs (all neighbouring job families together).
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
    /// Each opening the posting hires for, as dicts with `role`, `start`,
    /// `end` (code points: `text[start:end]` is the opening's part) and
    /// `evidence` (a list of `Evidence`, spans into the text). A post with one
    /// opening has one entry: the whole text, the posting's label and evidence.
    #[getter]
    fn roles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .inner
            .roles()
            .map(|o| {
                let dict = PyDict::new(py);
                dict.set_item("role", o.role.map_or("unclassified", Role::id))?;
                dict.set_item("start", o.start)?;
                dict.set_item("end", o.end)?;
                let evidence = o
                    .evidence
                    .iter()
                    .map(|e| Py::new(py, PyEvidence { inner: e.clone() }))
                    .collect::<PyResult<Vec<_>>>()?;
                dict.set_item("evidence", PyList::new(py, evidence)?)?;
                Ok(dict)
            })
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
    /// `neighbour`, `scores`, `profile`, `evidence`, `roles`), with
    /// offsets in code points.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        json_to_py(py, &to_json(&self.inner))
    }
    /// Pickles every field (see `pickle.rs`).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        reduce(
            py,
            "_restore_classification",
            classification_state(&self.inner),
        )
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

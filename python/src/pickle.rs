//! Pickling: `Classification` and `Evidence` are rebuilt from a compact JSON
//! state of every field (offsets as they are, in code points), so results
//! travel between processes (`multiprocessing`, Dask, Spark) and compare
//! equal after the trip. `Classifier` pickles as its constructor's arguments
//! (see `PyClassifier::__getnewargs_ex__`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rolecall::score::{AlsoCounts, Opening};
use rolecall::{Category, Classification, Evidence, Field, Neighbour, Profile, Role, Target};
use serde::{Deserialize, Serialize};

use crate::results::{PyClassification, PyEvidence};

/// Roles, neighbours and targets by their ids; the rest as it is.
#[derive(Serialize, Deserialize)]
struct EvidenceState {
    /// What the span counts for (the fields `Evidence` shares with `AlsoCounts`).
    #[serde(flatten)]
    credit: CreditState,
    in_title: bool,
    start: usize,
    end: usize,
    text: String,
    also: Vec<CreditState>,
}

/// A target credited with a match: an `AlsoCounts`, or the head of an `Evidence`.
#[derive(Serialize, Deserialize)]
struct CreditState {
    role: String,
    neighbour: Option<String>,
    term: String,
    category: Category,
    weight: f64,
    contribution: f64,
}

impl From<&AlsoCounts> for CreditState {
    fn from(a: &AlsoCounts) -> Self {
        CreditState {
            role: a.role.id().to_string(),
            neighbour: neighbour_id(a.neighbour),
            term: a.term.to_string(),
            category: a.category,
            weight: a.weight,
            contribution: a.contribution,
        }
    }
}

impl CreditState {
    fn restore(self) -> Result<AlsoCounts, String> {
        Ok(AlsoCounts {
            role: parse(&self.role, Target::from_id)?,
            neighbour: parse_opt(&self.neighbour, Neighbour::from_id)?,
            term: self.term.into(),
            category: self.category,
            weight: self.weight,
            contribution: self.contribution,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct OpeningState {
    role: Option<String>,
    start: usize,
    end: usize,
    evidence: Vec<EvidenceState>,
}

#[derive(Serialize, Deserialize)]
struct ClassificationState {
    role: Option<String>,
    confidence: f64,
    raw_confidence: f64,
    runner_up: Option<String>,
    titled: bool,
    title_role: Option<String>,
    content_role: Option<String>,
    scores: [f64; 4],
    role_evidence: [f64; 4],
    other_score: f64,
    neighbour: Option<String>,
    technical_score: f64,
    technical_share: f64,
    profile: [f64; 4],
    evidence: Vec<EvidenceState>,
    openings: Vec<OpeningState>,
    text_len: usize,
    truncated_at: Option<usize>,
}

fn role_id(role: Option<Role>) -> Option<String> {
    role.map(|r| r.id().to_string())
}

fn neighbour_id(n: Option<Neighbour>) -> Option<String> {
    n.map(|n| n.id().to_string())
}

/// Parses an id written by this module; a wrong one is a corrupt state.
fn parse<T>(id: &str, from_id: fn(&str) -> Option<T>) -> Result<T, String> {
    from_id(id).ok_or_else(|| format!("unknown id {id:?} in a pickled result"))
}

fn parse_opt<T>(id: &Option<String>, from_id: fn(&str) -> Option<T>) -> Result<Option<T>, String> {
    id.as_deref().map(|id| parse(id, from_id)).transpose()
}

impl From<&Evidence> for EvidenceState {
    fn from(e: &Evidence) -> Self {
        let credit = AlsoCounts {
            role: e.role,
            neighbour: e.neighbour,
            term: e.term.clone(),
            category: e.category,
            weight: e.weight,
            contribution: e.contribution,
        };
        EvidenceState {
            credit: CreditState::from(&credit),
            in_title: e.field == Field::Title,
            start: e.start,
            end: e.end,
            text: e.text.to_string(),
            also: e.also.iter().map(CreditState::from).collect(),
        }
    }
}

impl EvidenceState {
    fn restore(self) -> Result<Evidence, String> {
        let also = self
            .also
            .into_iter()
            .map(CreditState::restore)
            .collect::<Result<_, String>>()?;
        let credit = self.credit.restore()?;
        Ok(Evidence {
            role: credit.role,
            neighbour: credit.neighbour,
            term: credit.term,
            category: credit.category,
            weight: credit.weight,
            contribution: credit.contribution,
            field: if self.in_title {
                Field::Title
            } else {
                Field::Text
            },
            start: self.start,
            end: self.end,
            text: self.text.into(),
            also,
        })
    }
}

fn restore_all(states: Vec<EvidenceState>) -> Result<Vec<Evidence>, String> {
    states.into_iter().map(EvidenceState::restore).collect()
}

impl From<&Classification> for ClassificationState {
    fn from(c: &Classification) -> Self {
        ClassificationState {
            role: role_id(c.role),
            confidence: c.confidence,
            raw_confidence: c.raw_confidence,
            runner_up: role_id(c.runner_up),
            titled: c.titled,
            title_role: role_id(c.title_role),
            content_role: role_id(c.content_role),
            scores: c.scores,
            role_evidence: c.role_evidence,
            other_score: c.other_score,
            neighbour: neighbour_id(c.neighbour),
            technical_score: c.technical_score,
            technical_share: c.technical_share,
            profile: c.profile.values(),
            evidence: c.evidence.iter().map(EvidenceState::from).collect(),
            openings: c
                .openings
                .iter()
                .map(|o| OpeningState {
                    role: role_id(o.role),
                    start: o.start,
                    end: o.end,
                    evidence: o.evidence.iter().map(EvidenceState::from).collect(),
                })
                .collect(),
            text_len: c.text_len,
            truncated_at: c.truncated_at,
        }
    }
}

impl ClassificationState {
    fn restore(self) -> Result<Classification, String> {
        let [product, technical, delivery, people] = self.profile;
        let openings = self
            .openings
            .into_iter()
            .map(|o| {
                Ok(Opening {
                    role: parse_opt(&o.role, Role::from_id)?,
                    start: o.start,
                    end: o.end,
                    evidence: restore_all(o.evidence)?,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Classification {
            role: parse_opt(&self.role, Role::from_id)?,
            confidence: self.confidence,
            raw_confidence: self.raw_confidence,
            runner_up: parse_opt(&self.runner_up, Role::from_id)?,
            titled: self.titled,
            title_role: parse_opt(&self.title_role, Role::from_id)?,
            content_role: parse_opt(&self.content_role, Role::from_id)?,
            scores: self.scores,
            role_evidence: self.role_evidence,
            other_score: self.other_score,
            neighbour: parse_opt(&self.neighbour, Neighbour::from_id)?,
            technical_score: self.technical_score,
            technical_share: self.technical_share,
            profile: Profile {
                product,
                technical,
                delivery,
                people,
            },
            evidence: restore_all(self.evidence)?,
            openings,
            text_len: self.text_len,
            truncated_at: self.truncated_at,
        })
    }
}

/// The pickled state of a classification.
pub(crate) fn classification_state(c: &Classification) -> Vec<u8> {
    serde_json::to_vec(&ClassificationState::from(c)).expect("states serialise")
}

/// The pickled state of an evidence item.
pub(crate) fn evidence_state(e: &Evidence) -> Vec<u8> {
    serde_json::to_vec(&EvidenceState::from(e)).expect("states serialise")
}

fn corrupt(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("not a pickled rolecall result: {e}"))
}

/// Rebuilds a `Classification` from its pickled state (used by `pickle`).
#[pyfunction]
pub(crate) fn _restore_classification(state: &[u8]) -> PyResult<PyClassification> {
    let state: ClassificationState = serde_json::from_slice(state).map_err(corrupt)?;
    Ok(PyClassification {
        inner: state.restore().map_err(corrupt)?,
    })
}

/// Rebuilds an `Evidence` from its pickled state (used by `pickle`).
#[pyfunction]
pub(crate) fn _restore_evidence(state: &[u8]) -> PyResult<PyEvidence> {
    let state: EvidenceState = serde_json::from_slice(state).map_err(corrupt)?;
    Ok(PyEvidence {
        inner: state.restore().map_err(corrupt)?,
    })
}

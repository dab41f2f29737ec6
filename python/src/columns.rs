//! Output for frames: the results as Arrow columns, built a chunk at a time
//! and handed to Python as one record batch (`capsules::export`), so a frame
//! of any size gets its result columns without a Python object per cell.

use std::sync::Arc;

use arrow_array::builder::{Float64Builder, LargeStringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, Field, Schema};
use rolecall::{Axis, Classification, Neighbour, Role};

use crate::results::role_id;

/// Builders of the result columns, in output order: `role`, `confidence`,
/// `runner_up`, `title_role`, `content_role`, `neighbour`, `score_<role>`,
/// `profile_<axis>`, and (when asked for) `evidence` as JSON text.
pub(crate) struct ResultColumns {
    role: LargeStringBuilder,
    confidence: Float64Builder,
    runner_up: LargeStringBuilder,
    title_role: LargeStringBuilder,
    content_role: LargeStringBuilder,
    neighbour: LargeStringBuilder,
    scores: [Float64Builder; 4],
    profile: [Float64Builder; 4],
    evidence: Option<LargeStringBuilder>,
}

fn floats<const N: usize>(rows: usize) -> [Float64Builder; N] {
    std::array::from_fn(|_| Float64Builder::with_capacity(rows))
}

impl ResultColumns {
    pub(crate) fn new(rows: usize, evidence: bool) -> Self {
        let strings = || LargeStringBuilder::with_capacity(rows, rows * 16);
        ResultColumns {
            role: strings(),
            confidence: Float64Builder::with_capacity(rows),
            runner_up: strings(),
            title_role: strings(),
            content_role: strings(),
            neighbour: strings(),
            scores: floats(rows),
            profile: floats(rows),
            // Evidence JSON grows as it comes: its size is not known up front.
            evidence: evidence.then(|| LargeStringBuilder::with_capacity(rows, 0)),
        }
    }

    /// Appends one row per result.
    pub(crate) fn append(&mut self, results: &[Classification]) {
        for c in results {
            self.role.append_value(c.label());
            self.confidence.append_value(c.confidence);
            self.runner_up.append_option(role_id(c.runner_up));
            self.title_role.append_option(role_id(c.title_role));
            self.content_role.append_option(role_id(c.content_role));
            self.neighbour.append_option(c.neighbour.map(Neighbour::id));
            for (column, role) in self.scores.iter_mut().zip(Role::ALL) {
                column.append_value(c.score(role));
            }
            for (column, axis) in self.profile.iter_mut().zip(Axis::ALL) {
                column.append_value(c.profile.get(axis));
            }
            if let Some(evidence) = &mut self.evidence {
                let json = serde_json::to_string(&c.evidence).expect("evidence serialises");
                evidence.append_value(json);
            }
        }
    }

    /// The columns as one record batch.
    pub(crate) fn finish(mut self) -> Result<RecordBatch, ArrowError> {
        let mut fields = Vec::new();
        let mut arrays: Vec<ArrayRef> = Vec::new();
        let mut add = |name: String, nullable: bool, array: ArrayRef| {
            let data_type = array.data_type().clone();
            fields.push(Field::new(name, data_type, nullable));
            arrays.push(array);
        };
        add("role".into(), false, Arc::new(self.role.finish()));
        add(
            "confidence".into(),
            false,
            Arc::new(self.confidence.finish()),
        );
        add("runner_up".into(), true, Arc::new(self.runner_up.finish()));
        add(
            "title_role".into(),
            true,
            Arc::new(self.title_role.finish()),
        );
        add(
            "content_role".into(),
            true,
            Arc::new(self.content_role.finish()),
        );
        add("neighbour".into(), true, Arc::new(self.neighbour.finish()));
        for (column, role) in self.scores.iter_mut().zip(Role::ALL) {
            add(
                format!("score_{}", role.id()),
                false,
                Arc::new(column.finish()),
            );
        }
        for (column, axis) in self.profile.iter_mut().zip(Axis::ALL) {
            add(
                format!("profile_{}", axis.id()),
                false,
                Arc::new(column.finish()),
            );
        }
        if let Some(mut evidence) = self.evidence {
            add("evidence".into(), false, Arc::new(evidence.finish()));
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
    }
}

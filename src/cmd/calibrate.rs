//! `rolecall calibrate --data FILE`: fit the confidence calibration for the
//! active lexicons on labelled postings.

use std::fs::File;
use std::io::Write;

use anyhow::{Context as _, Result};

use rolecall::calibration::{cross_validate, reliability, Calibration};
use rolecall::eval::{evaluate, Bootstrap, EvalOptions};
use rolecall::io::csv_stream::{Column, CsvOptions};

use super::csv::delimiter;
use super::{stdout, uncalibrated, Status};
use crate::cli::{CalibrateArgs, Common};

pub fn run(common: &Common, args: CalibrateArgs) -> Result<Status> {
    let classifier = uncalibrated(common)?;
    let options = EvalOptions {
        csv: CsvOptions {
            delimiter: delimiter(&args.delimiter)?,
            text_columns: args
                .text_cols
                .iter()
                .map(|c| Column::Name(c.clone()))
                .collect(),
            title_column: args.title_col.clone().map(Column::Name),
            no_title: args.no_title,
            ..CsvOptions::default()
        },
        label_column: args.label_col.clone(),
        misclassified: 0,
        filters: Vec::new(),
        by: None,
        bootstrap: Bootstrap {
            seed: args.seed,
            ..Bootstrap::default()
        },
    };
    let name = args.data.display().to_string();
    let file = File::open(&args.data).with_context(|| format!("cannot open {name}"))?;
    let report = evaluate(&classifier, file, &options).with_context(|| name.clone())?;
    let samples = &report.samples;
    let file_name = args
        .data
        .file_name()
        .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
    let calibration = Calibration::fit(
        samples,
        format!(
            "Fitted by `rolecall calibrate` on {file_name} ({} rows{}): isotonic regression of \
             raw confidence on whether the label is right, one curve for labelled postings \
             and one for unclassified ones.",
            samples.len(),
            if args.no_title { ", text only" } else { "" }
        ),
    );
    let raw: Vec<(f64, bool)> = samples.iter().map(|s| (s.raw, s.right)).collect();
    let fitted: Vec<(f64, bool)> = samples
        .iter()
        .map(|s| (calibration.apply(s.raw, s.labelled), s.right))
        .collect();
    let (cross_validated, _) = cross_validate(samples, 5, 10, args.seed);
    eprintln!(
        "{name}: {} rows; calibration error raw {:.3}, fitted {:.3} in sample, {:.3} cross-validated (5 folds x 10)",
        samples.len(),
        reliability(&raw).ece,
        reliability(&fitted).ece,
        cross_validated
    );
    match &args.output {
        Some(path) => {
            std::fs::write(path, calibration.to_json())
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => {
            let mut out = stdout();
            out.write_all(calibration.to_json().as_bytes())?;
            out.flush()?;
        }
    }
    Ok(Status::Ok)
}

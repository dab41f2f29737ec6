//! `rolecall calibrate --data FILE`: fit the confidence calibration for the
//! active lexicons on labelled postings.

use std::io::Write;

use anyhow::{Context as _, Result};

use rolecall::calibration::{cross_validate, reliability, Calibration};
use rolecall::eval::{Bootstrap, EvalOptions};

use super::eval::{evaluate_file, reading};
use super::{options, stdout, uncalibrated, Status};
use crate::cli::CalibrateArgs;

pub fn run(args: CalibrateArgs) -> Result<Status> {
    let classifier = uncalibrated(&args.scoring, options(&args.scoring, None, None)?)?;
    let options = EvalOptions {
        bootstrap: Bootstrap {
            seed: args.seed,
            ..Bootstrap::default()
        },
        ..reading(&args.labelled)?
    };
    let (name, report) = evaluate_file(&classifier, &args.labelled.data, &options)?;
    let samples = &report.samples;
    let file_name = args
        .labelled
        .data
        .file_name()
        .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
    let calibration =
        Calibration::fit(
            samples,
            format!(
            "Fitted by `rolecall calibrate` on {file_name} ({} rows{}): isotonic regression of \
             raw confidence on whether the label is right, one curve for labelled postings \
             and one for unclassified ones.",
            samples.len(),
            if args.labelled.no_title { ", text only" } else { "" }
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

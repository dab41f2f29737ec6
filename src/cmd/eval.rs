//! `rolecall eval --data FILE`: accuracy on labelled postings.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};

use rolecall::eval::{
    evaluate, list_filters, Bootstrap, CalibrationReport, EvalOptions, Group, Interval,
    ProfileReport, Report, Threshold,
};
use rolecall::io::csv_stream::{Column, CsvOptions};
use rolecall::{Axis, Classifier};

use super::csv::delimiter;
use super::{classifier, options, stdout, Status};
use crate::cli::{EvalArgs, LabelledArgs, ReportFormat};

pub fn run(args: EvalArgs) -> Result<Status> {
    let scoring = options(&args.scoring, Some(&args.confidence), None)?;
    let classifier = classifier(&args.scoring, scoring)?;
    let options = EvalOptions {
        misclassified: args.misclassified,
        filters: args.filters.clone(),
        by: args.by.clone(),
        bootstrap: Bootstrap {
            resamples: args.resamples,
            seed: args.seed,
        },
        ..reading(&args.labelled)?
    };
    let (name, report) = evaluate_file(&classifier, &args.labelled.data, &options)?;
    let mut out = stdout();
    match args.format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ReportFormat::Text => print_text(&mut out, &name, &report)?,
    }
    out.flush()?;
    Ok(Status::Ok)
}

/// How to read the labelled CSV of `eval` or `calibrate`: every row, no
/// listed mistakes, the default bootstrap.
pub fn reading(args: &LabelledArgs) -> Result<EvalOptions> {
    Ok(EvalOptions {
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
        bootstrap: Bootstrap::default(),
    })
}

/// Classifies and scores the labelled CSV at `path`; returns its name and the report.
pub fn evaluate_file(
    classifier: &Classifier,
    path: &Path,
    options: &EvalOptions,
) -> Result<(String, Report)> {
    let name = path.display().to_string();
    let file = File::open(path).with_context(|| format!("cannot open {name}"))?;
    let report = evaluate(classifier, file, options).with_context(|| name.clone())?;
    Ok((name, report))
}

/// The mean profile per true label, and how well two axes separate roles.
fn print_profile(out: &mut impl Write, p: &ProfileReport) -> Result<()> {
    write!(
        out,
        "\nprofile: mean share of duty evidence per true label\n{:<27}{:>6}",
        "label", "rows"
    )?;
    for axis in Axis::ALL {
        write!(out, "{:>11}", axis.id())?;
    }
    writeln!(out)?;
    for m in &p.means {
        write!(out, "{:<27}{:>6}", m.label, m.rows)?;
        for v in m.profile.values() {
            write!(out, "{v:>11.2}")?;
        }
        writeln!(out)?;
    }
    let auc = |v: Option<f64>, ci: Option<Interval>| match (v, ci) {
        (Some(v), Some(ci)) => with_ci(v, ci),
        _ => "-".to_string(),
    };
    writeln!(
        out,
        "technical axis, technical_product_manager vs product_manager: AUC {}",
        auc(p.technical_auc, p.technical_auc_ci)
    )?;
    writeln!(
        out,
        "delivery axis, technical_program_manager vs every other row: AUC {}",
        auc(p.delivery_auc, p.delivery_auc_ci)
    )?;
    Ok(())
}

/// The figures per group of rows (`--by COL`): one line per value. A
/// group rarely holds every role, so the line gives what is defined on any
/// group (macro-F1 over roles a group lacks would count them as 0): role
/// accuracy, the other → unclassified share with its interval, and each
/// role's precision and recall (`-` where undefined).
fn print_groups(out: &mut impl Write, by: &str, groups: &[Group]) -> Result<()> {
    writeln!(out, "\nby {by}")?;
    writeln!(
        out,
        "{:<26}{:>6}{:>7}{:>7}  {:<22}{:<24}recall",
        "value", "rows", "roles", "acc", "other -> unclassified", "precision"
    )?;
    let figure = |value: f64, defined: bool| {
        if defined {
            format!("{value:.2}")
        } else {
            "-".to_string()
        }
    };
    for g in groups {
        let r = &g.report;
        let role_rows = r.rows - r.other_rows;
        let precision: Vec<String> = r
            .roles
            .iter()
            .map(|m| figure(m.precision, m.predicted > 0))
            .collect();
        let recall: Vec<String> = r
            .roles
            .iter()
            .map(|m| figure(m.recall, m.support > 0))
            .collect();
        let other = if r.other_rows == 0 {
            "-".to_string()
        } else {
            with_ci(r.other_unclassified, r.other_unclassified_ci)
        };
        writeln!(
            out,
            "{:<26}{:>6}{:>7}{:>7}  {:<22}{:<24}{}",
            g.value.chars().take(25).collect::<String>(),
            r.rows,
            role_rows,
            figure(r.role_accuracy, role_rows > 0),
            other,
            precision.join("/"),
            recall.join("/")
        )?;
    }
    writeln!(
        out,
        "(acc: accuracy on role rows; precision and recall per role: pm/tech_pm/tech_mgr/tpgm)"
    )?;
    Ok(())
}

/// The reliability table, the calibration error (as given and
/// cross-validated) and precision/recall per role at a few operating points.
fn print_calibration(
    out: &mut impl Write,
    c: &CalibrationReport,
    thresholds: &[Threshold],
) -> Result<()> {
    writeln!(
        out,
        "\nreliability (a row is right when its label is its truth, unclassified for other)"
    )?;
    writeln!(
        out,
        "{:<14}{:>6}{:>17}{:>13}",
        "confidence", "rows", "mean confidence", "share right"
    )?;
    for b in c.reliability.bins.iter().filter(|b| b.rows > 0) {
        writeln!(
            out,
            "{:<14}{:>6}{:>17.3}{:>13.3}",
            format!("{:.1}-{:.1}", b.low, b.high),
            b.rows,
            b.mean_confidence,
            b.share_right
        )?;
    }
    writeln!(
        out,
        "calibration error          {:.3} (10 bins); cross-validated {:.3} (curves fitted on the other folds; 5 folds x 10)",
        c.reliability.ece, c.cross_validated_ece
    )?;
    writeln!(
        out,
        "\n--min-confidence   precision pm/tech_pm/tech_mgr/tpgm   recall pm/tech_pm/tech_mgr/tpgm   other -> unclassified"
    )?;
    for t in thresholds {
        let join = |pick: fn(&(f64, f64)) -> f64| {
            t.roles
                .iter()
                .map(|r| format!("{:.2}", pick(r)))
                .collect::<Vec<_>>()
                .join("/")
        };
        writeln!(
            out,
            "{:<19}{:<36}{:<33}{:.3}",
            format!("{:.1}", t.min_confidence),
            join(|r| r.0),
            join(|r| r.1),
            t.other_unclassified
        )?;
    }
    Ok(())
}

/// Short column labels for the confusion matrix.
const SHORT: [&str; 5] = ["pm", "tech_pm", "tech_mgr", "tpgm", "none"];

/// A figure with its interval: `0.776 [0.683, 0.861]`.
fn with_ci(value: f64, ci: Interval) -> String {
    format!("{value:.3} [{:.3}, {:.3}]", ci.low, ci.high)
}

fn print_text(out: &mut impl Write, name: &str, r: &Report) -> Result<()> {
    if r.filters.is_empty() {
        write!(out, "{name}: {} rows", r.rows)?;
    } else {
        write!(
            out,
            "{name}: {} of {} rows kept by --filter {}",
            r.rows,
            r.rows_read,
            list_filters(&r.filters)
        )?;
    }
    writeln!(
        out,
        " ({} other)\n95 % intervals: percentile bootstrap, {} resamples, seed {}",
        r.other_rows, r.bootstrap.resamples, r.bootstrap.seed
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<27}{:>10}{:>8}  {:<20}{:>9}",
        "role", "precision", "recall", "F1 [95 % CI]", "support"
    )?;
    for m in &r.roles {
        writeln!(
            out,
            "{:<27}{:>10.3}{:>8.3}  {:<20}{:>9}",
            m.role.id(),
            m.precision,
            m.recall,
            with_ci(m.f1, m.f1_ci),
            m.support
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "macro-F1                   {}",
        with_ci(r.macro_f1, r.macro_f1_ci)
    )?;
    writeln!(
        out,
        "family macro-F1            {}",
        with_ci(r.family_macro_f1, r.family_macro_f1_ci)
    )?;
    writeln!(out, "accuracy on role rows      {:.3}", r.role_accuracy)?;
    writeln!(
        out,
        "other -> unclassified      {}",
        with_ci(r.other_unclassified, r.other_unclassified_ci)
    )?;
    writeln!(out)?;
    write!(
        out,
        "confusion (rows = truth, columns = predicted; none = unclassified)\n{:<12}",
        ""
    )?;
    for s in SHORT {
        write!(out, "{s:>10}")?;
    }
    writeln!(out)?;
    for (t, row) in r.confusion.iter().enumerate() {
        let label = if t < 4 { SHORT[t] } else { "other" };
        write!(out, "{label:<12}")?;
        for n in row {
            write!(out, "{n:>10}")?;
        }
        writeln!(out)?;
    }
    if let Some(c) = &r.calibration {
        print_calibration(out, c, &r.thresholds)?;
    }
    if let Some(p) = &r.profile {
        print_profile(out, p)?;
    }
    if let Some(by) = &r.by {
        print_groups(out, by, &r.groups)?;
    }
    if !r.misclassified.is_empty() {
        writeln!(out, "\nmost confident mistakes")?;
        for m in &r.misclassified {
            writeln!(
                out,
                "row {} {}: {} -> {} ({:.2}) {}",
                m.row,
                m.id.as_deref().unwrap_or(""),
                m.truth,
                m.predicted,
                m.confidence,
                m.title
                    .as_deref()
                    .unwrap_or("")
                    .chars()
                    .take(70)
                    .collect::<String>()
            )?;
            for e in &m.evidence {
                writeln!(
                    out,
                    "    {:<26} {:<28} {:>6.2} {:?}",
                    e.role.id(),
                    e.term.chars().take(28).collect::<String>(),
                    e.contribution,
                    e.text
                )?;
            }
        }
    }
    Ok(())
}

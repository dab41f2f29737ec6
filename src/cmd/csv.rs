//! `rolecall csv`: stream a CSV table through the classifier.

use std::time::Instant;

use anyhow::{bail, Context as _, Result};

use rolecall::io::csv_stream::{classify_csv, Column, CsvOptions};

use super::progress::{self, RowCount};
use super::stream::{open_input, open_output, print_stats, Issues};
use super::summary::{self, Summary};
use super::{classifier, result_options, warn, Status};
use crate::cli::CsvArgs;

pub fn run(args: CsvArgs) -> Result<Status> {
    let started = Instant::now();
    let stream = &args.stream;
    let classifier = classifier(
        &stream.run.scoring,
        result_options(&stream.run.scoring, &stream.run.results)?,
    )?;
    let options = options(&args, stream.run.results.evidence > 0)?;
    let (input, source) = open_input(args.input.as_deref(), "CSV")?;
    let (input, mut progress) = progress::watch(
        input,
        args.input.as_deref(),
        RowCount::Csv {
            header: !args.no_headers,
        },
        "rows",
    );
    let output = open_output(args.stream.output.as_ref())?;
    let mut issues = Issues::new(&source, "row");
    let stats = classify_csv(&classifier, input, output, &options, |i| {
        progress::suspend(|| issues.report(i))
    })
    .with_context(|| source.clone())?;
    progress.finish();
    if stats.empty {
        warn(format_args!(
            "{source}: the input is empty (no header, no rows): nothing to classify"
        ));
    }
    print_stats(&args.stream, &stats, started, "rows");
    if summary::wanted(args.stream.run.summary) {
        Summary(&stats).print("rows", started.elapsed(), stream.run.color.color);
    }
    Ok(issues.status())
}

/// Turns the command line into [`CsvOptions`].
pub fn options(args: &CsvArgs, with_evidence: bool) -> Result<CsvOptions> {
    let has_headers = !args.no_headers;
    Ok(CsvOptions {
        delimiter: delimiter(&args.delimiter)?,
        has_headers,
        text_columns: args
            .text_cols
            .iter()
            .map(|c| Column::parse(c, has_headers))
            .collect(),
        title_column: args
            .title_col
            .as_deref()
            .map(|c| Column::parse(c, has_headers)),
        no_title: args.no_title,
        evidence: with_evidence.then_some(args.evidence_format),
        select: args.stream.run.select.selection(),
    })
}

/// `\t` (or a real tab) for TSV, else exactly one byte.
pub fn delimiter(value: &str) -> Result<u8> {
    match value {
        "\\t" | "\t" | "tab" => Ok(b'\t'),
        v if v.len() == 1 => Ok(v.as_bytes()[0]),
        v => bail!("--delimiter must be one byte or \\t, got {v:?}"),
    }
}

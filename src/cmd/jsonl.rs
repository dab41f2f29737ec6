//! `rolecall jsonl`: stream JSON Lines through the classifier.

use std::time::Instant;

use anyhow::{Context as _, Result};

use rolecall::io::jsonl_stream::{classify_jsonl, JsonlOptions};

use super::progress::{self, RowCount};
use super::stream::{open_input, open_output, print_stats, Issues};
use super::summary::{self, Summary};
use super::{classifier, result_options, Status};
use crate::cli::JsonlArgs;

pub fn run(args: JsonlArgs) -> Result<Status> {
    let started = Instant::now();
    let stream = &args.stream;
    let classifier = classifier(
        &stream.run.scoring,
        result_options(&stream.run.scoring, &stream.run.results)?,
    )?;
    let options = JsonlOptions {
        text_field: args.text_field.clone(),
        title_field: args.title_field.clone(),
        no_title: args.no_title,
        select: args.stream.run.select.selection(),
    };
    let (input, source) = open_input(args.input.as_deref(), "JSON Lines")?;
    let (input, mut progress) =
        progress::watch(input, args.input.as_deref(), RowCount::Lines, "records");
    let output = open_output(args.stream.output.as_ref())?;
    let mut issues = Issues::new(&source, "record");
    let stats = classify_jsonl(&classifier, input, output, &options, |i| {
        progress::suspend(|| issues.report(i))
    })
    .with_context(|| source.clone())?;
    progress.finish();
    print_stats(&args.stream, &stats, started, "records");
    if summary::wanted(args.stream.run.summary) {
        Summary(&stats).print("records", started.elapsed(), stream.run.color.color);
    }
    Ok(issues.status())
}

//! `rolecall classify [PATH]...`: posting files and folders.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use rolecall::io::posting::{self, ReadOptions};
use rolecall::io::record::{push_result, result_columns, EvidenceFormat};
use rolecall::io::walk::{sources, Source};
use rolecall::score::Scores;
use rolecall::{Classification, Classifier, Evidence, Field, Role};

use super::{classifier, report_error, stdout, stdout_is_terminal, warn, Status};
use crate::cli::{ClassifyArgs, Common, OutputFormat};

/// Files classified per parallel batch: bounds memory, keeps every core busy.
const BATCH: usize = 256;

/// The outcome for one input path.
struct FileResult {
    path: String,
    result: Result<Classification, String>,
    warnings: Vec<String>,
}

pub fn run(common: &Common, args: ClassifyArgs) -> Result<Status> {
    let classifier = classifier(common)?;
    let format = args.format.unwrap_or(if stdout_is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Jsonl
    });
    let read = ReadOptions {
        title_from_first_line: args.title_from_first_line,
    };
    let mut writer = Writer::new(stdout(), format, args.evidence_format, common.evidence > 0);
    let mut failed = false;
    let mut all = sources(&args.paths).peekable();
    let mut batch = Vec::with_capacity(BATCH);
    while all.peek().is_some() {
        batch.clear();
        batch.extend(all.by_ref().take(BATCH));
        let results: Vec<FileResult> = batch
            .par_iter()
            .map(|source| classify_source(&classifier, source, read))
            .collect();
        for r in &results {
            for w in &r.warnings {
                warn(format_args!("{}: {w}", r.path));
            }
            if let Err(e) = &r.result {
                failed = true;
                report_error(format_args!("{}: {e}", r.path));
            }
        }
        writer.write_batch(&results)?;
    }
    writer.finish()?;
    Ok(if failed {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}

fn classify_source(classifier: &Classifier, source: &Source, read: ReadOptions) -> FileResult {
    let path = source.display();
    let bytes = match source {
        Source::Failed(_, reason) => Err(reason.clone()),
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map(|_| buf)
                .map_err(|e| format!("cannot read stdin: {e}"))
        }
        Source::File(p) => std::fs::read(p).map_err(|e| format!("cannot read: {e}")),
    };
    let name = match source {
        Source::File(p) => p.as_path(),
        _ => Path::new("-"),
    };
    let parsed = bytes.and_then(|b| posting::parse(name, &b, read).map_err(|e| e.to_string()));
    match parsed {
        Ok(p) => {
            let mut c = classifier.classify(p.title.as_deref(), &p.text);
            // Report text spans as offsets into the file when the text is a slice of it.
            for e in &mut c.evidence {
                if e.field == Field::Text {
                    e.start += p.text_offset;
                    e.end += p.text_offset;
                }
            }
            FileResult {
                path,
                result: Ok(c),
                warnings: p.warnings,
            }
        }
        Err(e) => FileResult {
            path,
            result: Err(e),
            warnings: Vec::new(),
        },
    }
}

/// Writes results in the chosen format, a batch at a time.
struct Writer<W: Write> {
    sink: Sink<W>,
    evidence_format: EvidenceFormat,
    with_evidence: bool,
    header_done: bool,
    record: csv::ByteRecord,
    buf: String,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    path: &'a str,
    role: Option<&'static str>,
    confidence: Option<f64>,
    runner_up: Option<Role>,
    scores: Option<Scores<'a>>,
    evidence: &'a [Evidence],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

enum Sink<W: Write> {
    Table(W),
    Jsonl(W),
    Csv(csv::Writer<W>),
}

impl<W: Write> Writer<W> {
    fn new(
        out: W,
        format: OutputFormat,
        evidence_format: EvidenceFormat,
        with_evidence: bool,
    ) -> Writer<W> {
        let sink = match format {
            OutputFormat::Table => Sink::Table(out),
            OutputFormat::Jsonl => Sink::Jsonl(out),
            OutputFormat::Csv => Sink::Csv(csv::Writer::from_writer(out)),
        };
        Writer {
            sink,
            evidence_format,
            with_evidence,
            header_done: false,
            record: csv::ByteRecord::new(),
            buf: String::new(),
        }
    }

    fn finish(self) -> Result<()> {
        match self.sink {
            Sink::Table(mut out) | Sink::Jsonl(mut out) => out.flush()?,
            Sink::Csv(mut csv) => csv.flush()?,
        }
        Ok(())
    }

    fn write_batch(&mut self, results: &[FileResult]) -> Result<()> {
        match &mut self.sink {
            Sink::Jsonl(out) => {
                for r in results {
                    let c = r.result.as_ref().ok();
                    let record = JsonRecord {
                        path: &r.path,
                        role: c.map(Classification::label),
                        confidence: c.map(|c| c.confidence),
                        runner_up: c.and_then(|c| c.runner_up),
                        scores: c.map(|c| Scores(&c.scores)),
                        evidence: c.map_or(&[], |c| &c.evidence),
                        error: r.result.as_ref().err().map(String::as_str),
                    };
                    serde_json::to_writer(&mut *out, &record)?;
                    out.write_all(b"\n")?;
                }
            }
            Sink::Csv(csv) => {
                if !self.header_done {
                    self.header_done = true;
                    let mut header = vec!["path".to_string()];
                    header.extend(result_columns(self.with_evidence));
                    csv.write_record(&header)?;
                }
                let evidence = self.with_evidence.then_some(self.evidence_format);
                for r in results {
                    self.record.clear();
                    self.record.push_field(r.path.as_bytes());
                    push_result(
                        &mut self.record,
                        r.result.as_ref().map_err(String::as_str),
                        evidence,
                        &mut self.buf,
                    );
                    csv.write_byte_record(&self.record)?;
                }
            }
            Sink::Table(out) => {
                let width = results
                    .iter()
                    .map(|r| r.path.chars().count())
                    .max()
                    .unwrap_or(0);
                for r in results {
                    match &r.result {
                        Ok(c) => {
                            let mut terms: Vec<&str> = Vec::new();
                            for e in &c.evidence {
                                if !terms.contains(&e.text.as_str()) {
                                    terms.push(&e.text);
                                }
                            }
                            writeln!(
                                out,
                                "{:<width$}  {:<25}  {:>4.2}  {}",
                                r.path,
                                c.label(),
                                c.confidence,
                                terms.join(", ")
                            )?;
                        }
                        Err(e) => {
                            writeln!(out, "{:<width$}  {:<25}  {:>4}  {e}", r.path, "error", "-")?
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

//! `rolecall classify [PATH]...`: posting files and folders.

use std::io::Write;
use std::path::Path;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;

use rolecall::io::csv_stream::StreamStats;
use rolecall::io::posting::{self, ReadOptions};
use rolecall::io::record::push_csv_field;
use rolecall::io::record::{result_columns, write_result, EvidenceFormat};
use rolecall::io::walk::{sources, Source};
use rolecall::score::Scores;
use rolecall::{Classification, Classifier, Evidence, Field, Neighbour, Options, Role};

use super::progress::{self, Counters, Progress};
use super::summary::{self, Summary};
use super::{
    load_calibration, load_lexicon, options, report_error, stdin_hint, stdout, stdout_is_terminal,
    stdout_width, warn, Status,
};
use crate::cli::{ClassifyArgs, Common, OutputFormat};
use crate::report::{self, Meta, Report};

/// Files classified per parallel batch: bounds memory, keeps every core busy.
const BATCH: usize = 256;
/// Width of the table's label column: the longest label, `unclassified (architecture)`.
const LABEL_WIDTH: usize = 27;

/// The outcome for one input path.
struct FileResult {
    path: String,
    result: Result<Classification, String>,
    warnings: Vec<String>,
    /// Bytes read.
    bytes: u64,
    /// The posting's serialised record for `--report`.
    report: Option<report::Record>,
}

/// What the workers need besides the source.
struct Job<'a> {
    classifier: &'a Classifier,
    read: ReadOptions,
    /// Evidence kept in the output (the classifier keeps every match for `--report`).
    evidence: usize,
    report: bool,
    counters: &'a Counters,
}

pub fn run(common: &Common, args: ClassifyArgs) -> Result<Status> {
    let started = Instant::now();
    let mut options = options(common)?;
    if args.report.is_some() {
        // The report highlights every counted match; the output keeps the top
        // `--evidence` of them, which are the first ones of the full list.
        options = Options {
            evidence: usize::MAX,
            ..options
        };
    }
    let classifier =
        Classifier::new(load_lexicon(common)?, options).with_calibration(load_calibration(common)?);
    // Create the report file now, so a bad path fails before the work is done.
    let report_file = match &args.report {
        Some(path) => Some(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => None,
    };
    let mut report = report_file.as_ref().map(|_| Report::new());
    let format = args.format.unwrap_or(if stdout_is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Jsonl
    });
    let counters = Arc::new(Counters::default());
    let job = Job {
        classifier: &classifier,
        read: ReadOptions {
            title_from_first_line: args.title_from_first_line,
        },
        evidence: common.evidence,
        report: report.is_some(),
        counters: &counters,
    };
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        stdin_hint("one posting");
    }
    let folders = args.paths.iter().any(|p| p.is_dir());
    let mut progress = if folders && progress::enabled() {
        Progress::items(counters.clone(), "postings")
    } else {
        Progress::none()
    };
    let mut writer = Writer::new(stdout(), format, args.evidence_format, common.evidence > 0);
    if stdout_is_terminal() {
        writer.terminal = true;
        if format == OutputFormat::Table {
            writer.width = stdout_width();
        }
    }
    let mut failed = false;
    let select = args.select.selection();
    let mut totals = StreamStats::default();
    let mut all = sources(&args.paths).peekable();
    let mut batch = Vec::with_capacity(BATCH);
    while all.peek().is_some() {
        batch.clear();
        batch.extend(all.by_ref().take(BATCH));
        let mut results: Vec<FileResult> = batch
            .par_iter()
            .map(|source| classify_source(&job, source))
            .collect();
        for r in &mut results {
            for w in &r.warnings {
                warn(format_args!("{}: {w}", r.path));
            }
            totals.add(r.result.as_ref().map_err(String::as_str));
            totals.bytes += r.bytes;
            if let Err(e) = &r.result {
                failed = true;
                report_error(format_args!("{}: {e}", r.path));
            }
            if let (Some(report), Some(record)) = (report.as_mut(), r.report.take()) {
                report.add(record);
            }
        }
        results.retain(|r| select.keeps(r.result.as_ref().map_err(String::as_str)));
        writer.write_batch(&results)?;
    }
    writer.finish()?;
    progress.finish();
    if let (Some(report), Some(file), Some(path)) = (&report, report_file, &args.report) {
        let meta = Meta {
            inputs: &args.paths,
            lexicons: common.lexicons.as_deref(),
            min_score: classifier.options().min_score,
        };
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        report
            .write(&mut out, &meta)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if summary::wanted(args.summary) {
        Summary(&totals).print("postings", started.elapsed(), common.color);
    }
    Ok(if failed {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}

fn classify_source(job: &Job, source: &Source) -> FileResult {
    let result = classify_one(job, source);
    job.counters.items.fetch_add(1, Relaxed);
    result
}

fn classify_one(job: &Job, source: &Source) -> FileResult {
    let path = source.display();
    let bytes = match source {
        Source::Failed(_, reason) => Err(reason.clone()),
        Source::Stdin => posting::read_bytes(Path::new("-")),
        Source::File(p) => posting::read_bytes(p),
    };
    let name = match source {
        Source::File(p) => p.as_path(),
        _ => Path::new("-"),
    };
    let size = bytes.as_ref().map_or(0, |b| b.len() as u64);
    let parsed = bytes.and_then(|b| posting::parse(name, b, job.read).map_err(|e| e.to_string()));
    match parsed {
        Ok(p) => {
            let mut c = job.classifier.classify(p.title.as_deref(), &p.text);
            let report = job.report.then(|| {
                let html = name.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")
                });
                report::record(&path, Ok((&c, &p)), html)
            });
            c.evidence.truncate(job.evidence);
            let mut warnings = p.warnings;
            if let Some(at) = c.truncated_at {
                warnings.push(rolecall::io::csv_stream::truncation_warning(at));
            }
            // Report text spans as offsets into the file when the text is a slice of it.
            for e in &mut c.evidence {
                let shift = match e.field {
                    Field::Text => p.text_offset,
                    Field::Title => p.title_offset,
                };
                e.start += shift;
                e.end += shift;
            }
            FileResult {
                path,
                result: Ok(c),
                warnings,
                bytes: size,
                report,
            }
        }
        Err(e) => FileResult {
            report: job.report.then(|| report::record(&path, Err(&e), false)),
            path,
            result: Err(e),
            warnings: Vec::new(),
            bytes: size,
        },
    }
}

/// Writes results in the chosen format, a batch at a time.
struct Writer<W: Write> {
    out: W,
    format: OutputFormat,
    evidence: Option<EvidenceFormat>,
    header_done: bool,
    line: Vec<u8>,
    /// The output is a terminal: each batch is written and flushed with the
    /// progress display hidden, so that it never lands among the rows.
    terminal: bool,
    /// Fit table rows to this many columns (cutting the last cell with `…`).
    width: Option<usize>,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    path: &'a str,
    role: Option<&'static str>,
    confidence: Option<f64>,
    runner_up: Option<Role>,
    title_role: Option<Role>,
    content_role: Option<Role>,
    neighbour: Option<Neighbour>,
    scores: Option<Scores<'a>>,
    evidence: &'a [Evidence],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

impl<W: Write> Writer<W> {
    fn new(
        out: W,
        format: OutputFormat,
        evidence_format: EvidenceFormat,
        with_evidence: bool,
    ) -> Writer<W> {
        Writer {
            out,
            format,
            evidence: with_evidence.then_some(evidence_format),
            header_done: false,
            line: Vec::new(),
            terminal: false,
            width: None,
        }
    }

    fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }

    fn write_batch(&mut self, results: &[FileResult]) -> Result<()> {
        if self.terminal {
            progress::suspend(|| {
                self.write_rows(results)?;
                self.out.flush()?;
                Ok(())
            })
        } else {
            self.write_rows(results)
        }
    }

    fn write_rows(&mut self, results: &[FileResult]) -> Result<()> {
        let out = &mut self.out;
        match self.format {
            OutputFormat::Jsonl => {
                for r in results {
                    let c = r.result.as_ref().ok();
                    let record = JsonRecord {
                        path: &r.path,
                        role: c.map(Classification::label),
                        confidence: c.map(|c| c.confidence),
                        runner_up: c.and_then(|c| c.runner_up),
                        title_role: c.and_then(|c| c.title_role),
                        content_role: c.and_then(|c| c.content_role),
                        neighbour: c.and_then(|c| c.neighbour),
                        scores: c.map(|c| Scores(&c.scores)),
                        evidence: c.map_or(&[], |c| &c.evidence),
                        error: r.result.as_ref().err().map(String::as_str),
                    };
                    serde_json::to_writer(&mut *out, &record)?;
                    out.write_all(b"\n")?;
                }
            }
            OutputFormat::Csv => {
                if !self.header_done {
                    self.header_done = true;
                    let mut header = vec!["path".to_string()];
                    header.extend(result_columns(self.evidence.is_some()));
                    writeln!(out, "{}", header.join(","))?;
                }
                for r in results {
                    self.line.clear();
                    push_csv_field(&mut self.line, r.path.as_bytes(), b',');
                    let result = r.result.as_ref().map_err(String::as_str);
                    write_result(&mut self.line, b',', result, self.evidence);
                    self.line.push(b'\n');
                    out.write_all(&self.line)?;
                }
            }
            OutputFormat::Table => {
                let width = results
                    .iter()
                    .map(|r| r.path.chars().count())
                    .max()
                    .unwrap_or(0);
                for r in results {
                    let (head, last) = match &r.result {
                        Ok(c) => {
                            let mut terms: Vec<&str> = Vec::new();
                            for e in &c.evidence {
                                if !terms.contains(&e.text.as_str()) {
                                    terms.push(&e.text);
                                }
                            }
                            let label = match c.neighbour {
                                Some(n) => format!("unclassified ({n})"),
                                None => c.label().to_string(),
                            };
                            let head = format!(
                                "{:<width$}  {:<LABEL_WIDTH$}  {:>4.2}  ",
                                r.path, label, c.confidence
                            );
                            (head, terms.join(", "))
                        }
                        Err(e) => (
                            format!(
                                "{:<width$}  {:<LABEL_WIDTH$}  {:>4}  ",
                                r.path, "error", "-"
                            ),
                            e.clone(),
                        ),
                    };
                    match self.width {
                        Some(cols) => {
                            let room = cols.saturating_sub(console::measure_text_width(&head));
                            let cell = if room < 2 {
                                "".into()
                            } else {
                                console::truncate_str(&last, room, "…")
                            };
                            writeln!(out, "{}", format!("{head}{cell}").trim_end())?;
                        }
                        None => writeln!(out, "{head}{last}")?,
                    }
                }
            }
        }
        Ok(())
    }
}

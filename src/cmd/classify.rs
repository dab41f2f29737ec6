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
use rolecall::score::{Roles, Scores};
use rolecall::{Classification, Classifier, Evidence, Field, Neighbour, Options, Profile, Role};

use super::progress::{self, Counters, Progress};
use super::summary::{self, Summary};
use super::{
    classifier, report_error, result_options, stdin_hint, stdout, stdout_is_terminal, stdout_width,
    warn, Status,
};
use crate::cli::{ClassifyArgs, OutputFormat};
use crate::report::{self, Meta, Report};

/// Files classified per parallel batch: bounds memory, keeps every core busy.
const BATCH: usize = 256;
/// Width of the table's label column: the longest label, `unclassified (architecture)`.
const LABEL_WIDTH: usize = 27;

/// The table's first column heading.
const NAME_HEADER: &str = "posting";
/// On a terminal, the name column is cut to leave the evidence this much room…
const MIN_EVIDENCE: usize = 12;
/// …but is never narrower than this.
const MIN_NAME: usize = 16;

/// A table line cut to the terminal's width (with `…`), trailing spaces
/// dropped, and one line: a line break or tab inside a cell (evidence that
/// spans two lines of a posting, a title with a tab) becomes a space.
fn fit(line: &str, width: Option<usize>) -> String {
    let line = line.trim_end().replace(char::is_control, " ");
    match width {
        Some(cols) => console::truncate_str(&line, cols, "…").into_owned(),
        None => line,
    }
}

/// A path in at most `width` columns: its folders give way first (`…/name`),
/// then the middle of the file name (its start and its end kept).
fn shorten_path(path: &str, width: usize) -> String {
    let fits = |s: &str| console::measure_text_width(s) <= width;
    if fits(path) {
        return path.to_string();
    }
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let short = format!("…/{name}");
    if name.len() < path.len() && fits(&short) {
        return short;
    }
    let keep = width.saturating_sub(1);
    let tail_width = keep / 3;
    let head = console::truncate_str(name, keep - tail_width, "");
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for ch in name.chars().rev() {
        let w = console::measure_text_width(ch.encode_utf8(&mut [0; 4]));
        if used + w > tail_width {
            break;
        }
        used += w;
        tail.push(ch);
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{head}…{tail}")
}

/// The outcome for one input path.
struct FileResult {
    path: String,
    /// The posting's title, when the file gives one.
    title: Option<String>,
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

pub fn run(args: ClassifyArgs) -> Result<Status> {
    let started = Instant::now();
    let evidence = args.run.results.evidence;
    let mut options = result_options(&args.run.scoring, &args.run.results)?;
    if args.report.is_some() {
        // The report highlights every counted match; the output keeps the top
        // `--evidence` of them, which are the first ones of the full list.
        options = Options {
            evidence: usize::MAX,
            ..options
        };
    }
    let classifier = classifier(&args.run.scoring, options)?;
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
        evidence,
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
    let mut writer = Writer::new(stdout(), format, args.evidence_format, evidence > 0);
    if stdout_is_terminal() {
        writer.terminal = true;
        if format == OutputFormat::Table {
            writer.width = stdout_width();
        }
    }
    let mut failed = false;
    let select = args.run.select.selection();
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
            lexicons: args.run.scoring.lexicons.lexicons.as_deref(),
            min_score: classifier.options().min_score,
        };
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        report
            .write(&mut out, &meta)
            .and_then(|()| out.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "rolecall: wrote the report of {} {} to {}",
            totals.rows,
            if totals.rows == 1 {
                "posting"
            } else {
                "postings"
            },
            path.display()
        );
    }
    if summary::wanted(args.run.summary) {
        Summary(&totals).print("postings", started.elapsed(), args.run.color.color);
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
                title: p.title.clone(),
                result: Ok(c),
                warnings,
                bytes: size,
                report,
            }
        }
        Err(e) => FileResult {
            report: job.report.then(|| report::record(&path, Err(&e), false)),
            path,
            title: None,
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
    profile: Option<Profile>,
    evidence: &'a [Evidence],
    roles: Option<Roles<'a>>,
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
                        profile: c.map(|c| c.profile),
                        evidence: c.map_or(&[], |c| &c.evidence),
                        roles: c.map(Roles),
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
                // The first column: the title when the posting has one, else its path.
                let names: Vec<&str> = results
                    .iter()
                    .map(|r| r.title.as_deref().unwrap_or(&r.path))
                    .collect();
                let longest = names
                    .iter()
                    .map(|n| console::measure_text_width(n))
                    .chain([NAME_HEADER.len()])
                    .max()
                    .unwrap_or(0);
                // On a terminal the name gives way first: role and confidence
                // always fit, with room left for some evidence.
                let width = match self.width {
                    Some(cols) => longest.min(
                        cols.saturating_sub(2 + LABEL_WIDTH + 2 + 4 + 2 + MIN_EVIDENCE)
                            .max(MIN_NAME),
                    ),
                    None => longest,
                };
                if !self.header_done {
                    self.header_done = true;
                    let head = format!(
                        "{NAME_HEADER:<width$}  {:<LABEL_WIDTH$}  {:>4}  evidence",
                        "role", "conf"
                    );
                    writeln!(out, "{}", fit(&head, self.width))?;
                }
                for (r, name) in results.iter().zip(names) {
                    let name = match (&r.title, self.width) {
                        (_, None) => name.to_string(),
                        (Some(_), Some(_)) => console::truncate_str(name, width, "…").into_owned(),
                        (None, Some(_)) => shorten_path(name, width),
                    };
                    let pad = width.saturating_sub(console::measure_text_width(&name));
                    let (label, confidence, last) = match &r.result {
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
                            (label, format!("{:.2}", c.confidence), terms.join(", "))
                        }
                        Err(e) => ("error".to_string(), "-".to_string(), e.clone()),
                    };
                    let line = format!(
                        "{name}{:pad$}  {label:<LABEL_WIDTH$}  {confidence:>4}  {last}",
                        ""
                    );
                    writeln!(out, "{}", fit(&line, self.width))?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{fit, shorten_path};

    #[test]
    fn a_table_line_stays_one_line() {
        let line = "p.txt  technology_manager  0.51  Technical Program\nManager,\tEngineering  ";
        assert_eq!(
            fit(line, None),
            "p.txt  technology_manager  0.51  Technical Program Manager, Engineering"
        );
        assert_eq!(
            fit(line, Some(40)),
            "p.txt  technology_manager  0.51  Techni…"
        );
    }

    #[test]
    fn long_paths_keep_their_file_name_then_its_ends() {
        assert_eq!(shorten_path("a/b.txt", 20), "a/b.txt");
        assert_eq!(
            shorten_path("postings/deep/pm-growth.txt", 20),
            "…/pm-growth.txt"
        );
        let cut = shorten_path("postings/corpus-controls-engineer-current-job.txt", 20);
        assert_eq!(cut, "corpus-contro…ob.txt");
        assert_eq!(console::measure_text_width(&cut), 20, "{cut}");
    }
}

//! What the streaming commands share: opening input and output, reporting row
//! issues, and the `--stats` line.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context as _, Result};

use rolecall::io::csv_stream::{RowIssue, StreamStats};
use rolecall::{Neighbour, Role};

use super::{progress, stdin_hint, stdout_is_terminal, Status};
use crate::cli::StreamArgs;

/// Opens FILE, or stdin when absent or `-` (with a hint on a terminal that
/// `what` is read from it); returns the name used in messages.
pub fn open_input(path: Option<&Path>, what: &str) -> Result<(Box<dyn Read + Send>, String)> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            let file = File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
            Ok((Box::new(file), p.display().to_string()))
        }
        _ => {
            stdin_hint(what);
            Ok((Box::new(io::stdin()), "stdin".into()))
        }
    }
}

/// Opens `-o FILE`, or stdout (written with the progress display hidden when
/// stdout is a terminal).
pub fn open_output(path: Option<&PathBuf>) -> Result<Box<dyn Write + Send>> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            let file = File::create(p).with_context(|| format!("cannot create {}", p.display()))?;
            Ok(Box::new(io::BufWriter::with_capacity(1 << 20, file)))
        }
        _ if stdout_is_terminal() => Ok(Box::new(io::BufWriter::with_capacity(
            1 << 20,
            AboveProgress(io::stdout()),
        ))),
        _ => Ok(Box::new(io::BufWriter::with_capacity(
            1 << 20,
            io::stdout(),
        ))),
    }
}

/// A terminal's stdout: each write is made and flushed with the progress
/// display hidden, so that the display never lands among the output and can
/// clear itself when done.
struct AboveProgress<W>(W);

impl<W: Write> Write for AboveProgress<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        progress::suspend(|| {
            self.0.write_all(buf)?;
            self.0.flush()?;
            Ok(buf.len())
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Collects row issues: prints each to stderr and remembers whether any row failed.
pub struct Issues {
    source: String,
    kind: &'static str,
    failed: u64,
}

impl Issues {
    pub fn new(source: &str, kind: &'static str) -> Issues {
        Issues {
            source: source.to_string(),
            kind,
            failed: 0,
        }
    }

    pub fn report(&mut self, issue: RowIssue) {
        let level = if issue.failed {
            self.failed += 1;
            "error"
        } else {
            "warning"
        };
        let _ = writeln!(
            io::stderr().lock(),
            "rolecall: {level}: {}: {} {} (line {}): {}",
            self.source,
            self.kind,
            issue.row,
            issue.line,
            issue.message
        );
    }

    pub fn status(&self) -> Status {
        if self.failed > 0 {
            Status::SomeFailed
        } else {
            Status::Ok
        }
    }
}

/// Prints the `--stats` figures to stderr: the summary's counts in the
/// summary's words (`noun` is "rows" or "records"), as plain numbers for
/// scripts.
pub fn print_stats(args: &StreamArgs, stats: &StreamStats, started: Instant, noun: &str) {
    if !args.stats {
        return;
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "{noun} {}  bytes {}  seconds {:.3}  {noun}/s {:.0}  MB/s {:.1}",
        stats.rows,
        stats.bytes,
        secs,
        stats.rows as f64 / secs,
        stats.bytes as f64 / 1e6 / secs,
    );
    for role in Role::ALL {
        let _ = writeln!(err, "  {:<27}{}", role.id(), stats.labels[role.index()]);
    }
    let _ = writeln!(err, "  {:<27}{}", "unclassified", stats.labels[4]);
    for n in Neighbour::ALL {
        let count = stats.neighbours[n.index()];
        if count > 0 {
            let _ = writeln!(err, "    {:<25}{count}", format!("reads as {n}"));
        }
    }
    let _ = writeln!(err, "  {:<27}{}", "errors", stats.failed);
}

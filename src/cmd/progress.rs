//! Progress on stderr while a long run goes on: a spinner with a count and rate
//! for folder runs, a bar of bytes read (with rows/s and ETA) for CSV and JSON
//! Lines files.
//!
//! Shown only when stderr is a terminal and `CI` is not set. Workers only bump
//! atomic counters; a separate thread polls them ten times a second and
//! redraws, so the run itself never waits on the display.

use std::io::{self, IsTerminal, Read};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often the counters are polled and the display redrawn.
const TICK: Duration = Duration::from_millis(100);

/// The bar being shown, so that messages can be printed above it.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// True when progress may be shown: stderr is a terminal and `CI` is not set.
pub fn enabled() -> bool {
    io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Runs `f` (which prints to stderr) with the progress display hidden.
pub fn suspend<R>(f: impl FnOnce() -> R) -> R {
    let bar = ACTIVE.lock().ok().and_then(|a| a.clone());
    match bar {
        Some(bar) => bar.suspend(f),
        None => f(),
    }
}

/// Counters the workers bump and the display polls.
#[derive(Debug, Default)]
pub struct Counters {
    /// Postings or rows done.
    pub items: AtomicU64,
    /// Input bytes read.
    pub bytes: AtomicU64,
}

/// A running progress display; cleared when finished or dropped.
pub struct Progress {
    running: Option<Running>,
}

struct Running {
    bar: ProgressBar,
    stop: Arc<AtomicBool>,
    poller: JoinHandle<()>,
}

impl Progress {
    /// No display.
    pub fn none() -> Progress {
        Progress { running: None }
    }

    /// A spinner counting postings (the total is unknown while folders are walked).
    pub fn items(counters: Arc<Counters>, noun: &'static str) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10))
            .with_style(spinner_style());
        Progress::start(bar, move |bar, elapsed| {
            let n = counters.items.load(Relaxed);
            let parts = [
                format!("{} {noun}", HumanCount(n)),
                format!("{} {noun}/s", HumanCount(rate(n, elapsed))),
                clock(elapsed),
            ];
            bar.set_message(fit(&parts, terminal_width().saturating_sub(SPINNER)));
            bar.set_position(n);
            bar.tick();
        })
    }

    /// A bar of input bytes read out of `total` (a spinner when the size is
    /// unknown), with the row count, the rates and the time left: as much of
    /// that as fits the terminal, in decimal units (MB, MB/s) like the summary.
    pub fn bytes(counters: Arc<Counters>, total: Option<u64>, noun: &'static str) -> Progress {
        let target = ProgressDrawTarget::stderr_with_hz(10);
        let bar = match total {
            Some(total) => ProgressBar::with_draw_target(Some(total), target).with_style(
                ProgressStyle::with_template("{wide_bar} {msg}")
                    .expect("valid template")
                    .progress_chars("█▉▊▋▌▍▎▏ "),
            ),
            None => ProgressBar::with_draw_target(None, target).with_style(spinner_style()),
        };
        Progress::start(bar, move |bar, elapsed| {
            let bytes = counters.bytes.load(Relaxed);
            let rows = counters.items.load(Relaxed);
            let secs = elapsed.as_secs_f64().max(1e-3);
            let per_sec = bytes as f64 / secs;
            let (read, last, room) = match total {
                Some(total) => {
                    let left = total.saturating_sub(bytes) as f64;
                    let eta = if bytes == 0 {
                        "eta -".to_string()
                    } else {
                        format!("eta {}", clock(Duration::from_secs_f64(left / per_sec)))
                    };
                    (
                        format!("{}/{}", megabytes(bytes), megabytes(total)),
                        eta,
                        MIN_BAR,
                    )
                }
                None => (megabytes(bytes), clock(elapsed), SPINNER),
            };
            let parts = [
                read,
                format!("{} {noun}", HumanCount(rows)),
                last,
                format!("{:.1} MB/s", per_sec / 1e6),
                format!("{} {noun}/s", HumanCount(rate(rows, elapsed))),
            ];
            bar.set_message(fit(&parts, terminal_width().saturating_sub(room)));
            bar.set_position(bytes);
            bar.tick();
        })
    }

    fn start(
        bar: ProgressBar,
        update: impl Fn(&ProgressBar, Duration) + Send + 'static,
    ) -> Progress {
        let stop = Arc::new(AtomicBool::new(false));
        let poller = {
            let (bar, stop) = (bar.clone(), stop.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                while !stop.load(Relaxed) {
                    update(&bar, started.elapsed());
                    std::thread::park_timeout(TICK);
                }
            })
        };
        if let Ok(mut active) = ACTIVE.lock() {
            *active = Some(bar.clone());
        }
        Progress {
            running: Some(Running { bar, stop, poller }),
        }
    }

    /// Stops the display and clears it from the terminal.
    pub fn finish(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop.store(true, Relaxed);
            r.poller.thread().unpark();
            let _ = r.poller.join();
            if let Ok(mut active) = ACTIVE.lock() {
                *active = None;
            }
            r.bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Columns kept for the bar (and the space after it) when the total is known.
const MIN_BAR: usize = 12;

/// Columns the spinner and the space after it take.
const SPINNER: usize = 2;

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg}")
        .expect("valid template")
        .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ ")
}

/// The width of the terminal on stderr, less one column so that a line of
/// exactly that width never makes the terminal wrap.
fn terminal_width() -> usize {
    let columns = console::Term::stderr()
        .size_checked()
        .map_or(80, |(_, cols)| usize::from(cols));
    columns.saturating_sub(1)
}

/// As many of `parts` (most important first) as fit in `width` columns,
/// two spaces apart.
fn fit(parts: &[String], width: usize) -> String {
    let mut line = String::new();
    for part in parts {
        let sep = if line.is_empty() { 0 } else { 2 };
        if console::measure_text_width(&line) + sep + console::measure_text_width(part) > width {
            break;
        }
        if sep > 0 {
            line.push_str("  ");
        }
        line.push_str(part);
    }
    line
}

/// Bytes in decimal megabytes, the unit of the MB/s beside them.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A duration as `42s`, `3m 07s` or `1h 05m`.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
    }
}

fn rate(n: u64, elapsed: Duration) -> u64 {
    let secs = elapsed.as_secs_f64();
    if secs < 0.05 {
        0
    } else {
        (n as f64 / secs) as u64
    }
}

/// Wraps a streaming command's input in a [`CountingReader`] and starts a
/// progress bar for it, when progress is [`enabled`]. The bar has a total when
/// the input (a named file, or stdin redirected from a file) has a known size.
pub fn watch(
    input: Box<dyn Read + Send>,
    path: Option<&std::path::Path>,
    rows: RowCount,
    noun: &'static str,
) -> (Box<dyn Read + Send>, Progress) {
    if !enabled() {
        return (input, Progress::none());
    }
    let total = match path {
        Some(p) if p.as_os_str() != "-" => std::fs::metadata(p)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len()),
        _ => stdin_size(),
    };
    let counters = Arc::new(Counters::default());
    let progress = Progress::bytes(counters.clone(), total, noun);
    (
        Box::new(CountingReader::new(input, counters, rows)),
        progress,
    )
}

/// The size of stdin when it is redirected from a regular file.
#[cfg(unix)]
fn stdin_size() -> Option<u64> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    let meta = std::fs::File::from(fd).metadata().ok()?;
    meta.is_file().then_some(meta.len())
}

#[cfg(not(unix))]
fn stdin_size() -> Option<u64> {
    None
}

/// How [`CountingReader`] counts rows in what it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowCount {
    /// One row per line with more than whitespace (JSON Lines).
    Lines,
    /// One row per newline outside double quotes (CSV; quoted fields may hold
    /// newlines), the first one not counted when it ends the header.
    Csv { header: bool },
}

/// A reader that adds the bytes (and rows) passing through to [`Counters`],
/// once per `read` call: no locking, one relaxed atomic add per buffer.
pub struct CountingReader<R> {
    inner: R,
    counters: Arc<Counters>,
    rows: RowCount,
    in_quotes: bool,
    /// The line being read has a byte other than whitespace (JSON Lines).
    line_has_text: bool,
}

impl<R> CountingReader<R> {
    pub fn new(inner: R, counters: Arc<Counters>, rows: RowCount) -> CountingReader<R> {
        CountingReader {
            inner,
            counters,
            rows,
            in_quotes: false,
            line_has_text: false,
        }
    }

    fn count_rows(&mut self, buf: &[u8]) -> u64 {
        match self.rows {
            RowCount::Lines => {
                // A line counts when it holds more than whitespace: blank
                // lines are skipped, not records.
                let blank = |bytes: &[u8]| bytes.iter().all(u8::is_ascii_whitespace);
                let mut rows = 0;
                let mut from = 0;
                for at in memchr::memchr_iter(b'\n', buf) {
                    if self.line_has_text || !blank(&buf[from..at]) {
                        rows += 1;
                    }
                    self.line_has_text = false;
                    from = at + 1;
                }
                self.line_has_text |= !blank(&buf[from..]);
                rows
            }
            RowCount::Csv { .. } => {
                let mut rows = 0;
                for at in memchr::memchr2_iter(b'"', b'\n', buf) {
                    if buf[at] == b'"' {
                        // `""` inside a quoted field toggles twice: still inside.
                        self.in_quotes = !self.in_quotes;
                    } else if !self.in_quotes {
                        rows += 1;
                    }
                }
                if rows > 0 && self.rows == (RowCount::Csv { header: true }) {
                    self.rows = RowCount::Csv { header: false };
                    rows -= 1;
                }
                rows
            }
        }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            let rows = self.count_rows(&buf[..n]);
            self.counters.bytes.fetch_add(n as u64, Relaxed);
            if rows > 0 {
                self.counters.items.fetch_add(rows, Relaxed);
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(input: &[u8], rows: RowCount, chunk: usize) -> (u64, u64) {
        let counters = Arc::new(Counters::default());
        let mut reader = CountingReader::new(input, counters.clone(), rows);
        let mut buf = vec![0; chunk];
        while reader.read(&mut buf).unwrap() > 0 {}
        (counters.bytes.load(Relaxed), counters.items.load(Relaxed))
    }

    #[test]
    fn progress_text_fits_the_width_most_important_first() {
        let parts = ["12.3/45.6 MB", "1,234 rows", "eta 5s"].map(String::from);
        assert_eq!(fit(&parts, 80), "12.3/45.6 MB  1,234 rows  eta 5s");
        assert_eq!(fit(&parts, 26), "12.3/45.6 MB  1,234 rows");
        assert_eq!(fit(&parts, 31), "12.3/45.6 MB  1,234 rows");
        assert_eq!(fit(&parts, 32), "12.3/45.6 MB  1,234 rows  eta 5s");
        assert_eq!(fit(&parts, 23), "12.3/45.6 MB");
        assert_eq!(fit(&parts, 5), "");
        assert_eq!(megabytes(45_600_000), "45.6 MB");
        assert_eq!(clock(Duration::from_secs(42)), "42s");
        assert_eq!(clock(Duration::from_secs(187)), "3m 07s");
        assert_eq!(clock(Duration::from_secs(3900)), "1h 05m");
    }

    #[test]
    fn csv_rows_skip_newlines_inside_quotes_across_reads() {
        let csv = b"a,b\n1,\"two\nlines \"\"quoted\"\"\"\n3,x\n";
        for chunk in [1, 2, 3, 7, 64] {
            let header = RowCount::Csv { header: true };
            assert_eq!(count(csv, header, chunk), (csv.len() as u64, 2));
            let no_header = RowCount::Csv { header: false };
            assert_eq!(count(csv, no_header, chunk), (csv.len() as u64, 3));
        }
        let lines = b"{}\n\n  \n{\"a\": 1}\n";
        for chunk in [1, 2, 3, 7, 64] {
            let (bytes, rows) = count(lines, RowCount::Lines, chunk);
            assert_eq!((bytes, rows), (lines.len() as u64, 2), "chunk {chunk}");
        }
    }
}

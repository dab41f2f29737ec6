//! One module per subcommand, plus what they share: building the classifier
//! from the common options and the exit status.

mod calibrate;
mod classify;
mod completions;
mod csv;
mod eval;
mod explain;
mod jsonl;
mod lexicons;
pub mod progress;
mod stream;
pub mod summary;

use std::io::{self, IsTerminal, Write};

use anyhow::{Context as _, Result};

use rolecall::calibration::Calibration;
use rolecall::{Classifier, Lexicon, Options};

use crate::cli::{Cli, ColorChoice, Command, Common};

/// Exit status for usage errors and invalid lexicons.
pub const EXIT_USAGE: u8 = 2;

/// How a command ended when it ran to completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every input was classified.
    Ok,
    /// Some inputs failed; each still produced an output record.
    SomeFailed,
}

impl From<Status> for std::process::ExitCode {
    fn from(status: Status) -> Self {
        match status {
            Status::Ok => std::process::ExitCode::SUCCESS,
            Status::SomeFailed => std::process::ExitCode::from(1),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Status> {
    if let Some(n) = cli.common.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    match cli.command {
        Command::Classify(args) => classify::run(&cli.common, args),
        Command::Csv(args) => csv::run(&cli.common, args),
        Command::Eval(args) => eval::run(&cli.common, args),
        Command::Calibrate(args) => calibrate::run(&cli.common, args),
        Command::Jsonl(args) => jsonl::run(&cli.common, args),
        Command::Lexicons(cmd) => lexicons::run(&cli.common, cmd),
        Command::Explain(args) => explain::run(&cli.common, args),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { out_dir } => completions::man(out_dir.as_deref()),
    }
}

/// Loads the lexicons named by `--lexicons`, or the built-in ones.
pub fn load_lexicon(common: &Common) -> Result<Lexicon> {
    match &common.lexicons {
        Some(dir) => Lexicon::from_dir(dir)
            .map_err(|e| anyhow::anyhow!("invalid lexicons in {}:\n{e}", dir.display())),
        None => Ok(Lexicon::embedded()),
    }
}

/// The calibration for the active lexicons: `calibration.json` in the
/// `--lexicons` folder (the identity, raw confidence, when it has none;
/// `lexicons check` says so), or the built-in one.
pub fn load_calibration(common: &Common) -> Result<Calibration> {
    match &common.lexicons {
        Some(dir) => Ok(Calibration::from_dir(dir)?.unwrap_or_default()),
        None => Ok(Calibration::embedded()),
    }
}

/// Builds the classifier from the common options, with its calibration.
pub fn classifier(common: &Common) -> Result<Classifier> {
    Ok(uncalibrated(common)?.with_calibration(load_calibration(common)?))
}

/// Builds the classifier from the common options, confidence left raw.
pub fn uncalibrated(common: &Common) -> Result<Classifier> {
    Ok(Classifier::new(load_lexicon(common)?, options(common)?))
}

/// The scoring options given by the common options.
pub fn options(common: &Common) -> Result<Options> {
    let mut options = Options {
        evidence: common.evidence,
        max_bytes: common.max_bytes.max(1),
        ..Options::default()
    };
    for (flag, value, slot) in [
        ("--min-score", common.min_score, &mut options.min_score),
        (
            "--technical-weight",
            common.technical_weight,
            &mut options.technical_weight,
        ),
        (
            "--program-depth",
            common.program_depth,
            &mut options.program_depth,
        ),
    ] {
        anyhow::ensure!(
            value.is_finite() && value > 0.0,
            "{flag} must be a positive number, got {value}"
        );
        *slot = value;
    }
    anyhow::ensure!(
        (0.0..=1.0).contains(&common.min_confidence),
        "--min-confidence must be a probability in [0, 1], got {}",
        common.min_confidence
    );
    options.min_confidence = common.min_confidence;
    Ok(options)
}

/// Whether to colour a stream: `--color always` forces it, `never` stops it, and
/// `auto` colours a terminal unless `NO_COLOR` is set to a non-empty value.
pub fn color_enabled(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Standard output, locked and buffered.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(1 << 16, io::stdout().lock())
}

/// True when standard output is a terminal.
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// The width to fit terminal output to, when stdout is a terminal: `COLUMNS`
/// when set to a positive number, else the terminal's own width.
pub fn stdout_width() -> Option<usize> {
    if !stdout_is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, cols)| usize::from(cols))
        })
}

/// The keys that end input typed at a terminal.
#[cfg(windows)]
const EOF_KEYS: &str = "Ctrl-Z, Enter";
#[cfg(not(windows))]
const EOF_KEYS: &str = "Ctrl-D";

/// Tells a user at a terminal that `what` is being read from stdin and how to
/// end it, so that a run waiting for typed input does not look hung. Silent
/// unless both stdin and stderr are terminals.
pub fn stdin_hint(what: &str) {
    if io::stdin().is_terminal() && io::stderr().is_terminal() {
        let _ = writeln!(
            io::stderr().lock(),
            "rolecall: reading {what} from stdin; end with {EOF_KEYS}"
        );
    }
}

/// Prints a warning to stderr (above the progress bar, if one is shown).
pub fn warn(message: impl std::fmt::Display) {
    progress::suspend(|| {
        let _ = writeln!(io::stderr().lock(), "rolecall: warning: {message}");
    });
}

/// Prints an error about one input to stderr (processing goes on).
pub fn report_error(message: impl std::fmt::Display) {
    progress::suspend(|| {
        let _ = writeln!(io::stderr().lock(), "rolecall: error: {message}");
    });
}

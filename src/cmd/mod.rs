//! One module per subcommand, plus what they share: building the classifier
//! from the scoring options and the exit status.

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

use crate::cli::{Cli, ColorChoice, Command, ConfidenceArg, LexiconsArg, ResultArgs, ScoringArgs};

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
    if let Some(n) = cli.command.threads() {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    match cli.command {
        Command::Classify(args) => classify::run(args),
        Command::Csv(args) => csv::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Calibrate(args) => calibrate::run(args),
        Command::Jsonl(args) => jsonl::run(args),
        Command::Lexicons(cmd) => lexicons::run(cmd),
        Command::Explain(args) => explain::run(args),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { out_dir } => completions::man(out_dir.as_deref()),
    }
}

/// Loads the lexicons named by `--lexicons`, or the built-in ones.
pub fn load_lexicon(arg: &LexiconsArg) -> Result<Lexicon> {
    match &arg.lexicons {
        Some(dir) => Lexicon::from_dir(dir)
            .map_err(|e| anyhow::anyhow!("invalid lexicons in {}:\n{e}", dir.display())),
        None => Ok(Lexicon::embedded()),
    }
}

/// The calibration for the active lexicons: `calibration.json` in the
/// `--lexicons` folder (the identity, raw confidence, when it has none;
/// `lexicons check` says so), or the built-in one.
pub fn load_calibration(arg: &LexiconsArg) -> Result<Calibration> {
    match &arg.lexicons {
        Some(dir) => Ok(Calibration::from_dir(dir)?.unwrap_or_default()),
        None => Ok(Calibration::embedded()),
    }
}

/// Builds the classifier from the scoring options, with its calibration.
pub fn classifier(scoring: &ScoringArgs, options: Options) -> Result<Classifier> {
    Ok(uncalibrated(scoring, options)?.with_calibration(load_calibration(&scoring.lexicons)?))
}

/// Builds the classifier from the scoring options, confidence left raw.
pub fn uncalibrated(scoring: &ScoringArgs, options: Options) -> Result<Classifier> {
    Ok(Classifier::new(load_lexicon(&scoring.lexicons)?, options))
}

/// The scoring options given by the command line: the thresholds, then the
/// operating point (`--min-confidence`) and evidence count when the command
/// takes them (the defaults when it does not).
pub fn options(
    scoring: &ScoringArgs,
    confidence: Option<&ConfidenceArg>,
    evidence: Option<usize>,
) -> Result<Options> {
    let defaults = Options::default();
    let mut options = Options {
        evidence: evidence.unwrap_or(defaults.evidence),
        max_bytes: scoring.max_bytes.max(1),
        ..defaults
    };
    for (flag, value, slot) in [
        ("--min-score", scoring.min_score, &mut options.min_score),
        (
            "--technical-weight",
            scoring.technical_weight,
            &mut options.technical_weight,
        ),
        (
            "--program-depth",
            scoring.program_depth,
            &mut options.program_depth,
        ),
    ] {
        anyhow::ensure!(
            value.is_finite() && value > 0.0,
            "{flag} must be a positive number, got {value}"
        );
        *slot = value;
    }
    if let Some(&ConfidenceArg { min_confidence }) = confidence {
        anyhow::ensure!(
            (0.0..=1.0).contains(&min_confidence),
            "--min-confidence must be a probability in [0, 1], got {min_confidence}"
        );
        options.min_confidence = min_confidence;
    }
    Ok(options)
}

/// [`options`] for a command that writes records (`classify`, `csv`, `jsonl`).
pub fn result_options(scoring: &ScoringArgs, results: &ResultArgs) -> Result<Options> {
    options(scoring, Some(&results.confidence), Some(results.evidence))
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

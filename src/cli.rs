//! Command-line definitions (clap derive). Help, completions and the man page
//! are all generated from these.

use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use rolecall::eval::Filter;
use rolecall::io::record::EvidenceFormat;
use rolecall::io::select::Selection;
use rolecall::Options;

const AFTER_HELP: &str = "\
Exit status: 0 all inputs classified; 1 some inputs failed (each still has an output
record carrying its error); 2 usage error or invalid lexicons.

Examples:
  rolecall classify postings/
  rolecall csv --text-col description --title-col title < in.csv > out.csv
  rolecall jsonl --text-field posting.description < in.jsonl > out.jsonl
  rolecall explain posting.txt
  rolecall classify postings/ --report report.html > labels.jsonl
  rolecall lexicons check lexicons/";

/// Say which of four manager roles a job posting is hiring for, and show the evidence.
///
/// Roles: product_manager, technical_product_manager, technology_manager,
/// technical_program_manager — or unclassified when the text supports none.
#[derive(Debug, Parser)]
#[command(name = "rolecall", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// `--lexicons DIR`: the lexicon set to use.
#[derive(Debug, Args)]
pub struct LexiconsArg {
    /// Use the lexicon files in DIR (and its calibration.json) instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
}

/// How postings are scored: the lexicons and the thresholds.
#[derive(Debug, Args)]
#[command(next_help_heading = "Scoring")]
pub struct ScoringArgs {
    #[command(flatten)]
    pub lexicons: LexiconsArg,
    /// Minimum score for a role to be named; below it a posting is unclassified.
    #[arg(long, value_name = "SCORE", default_value_t = Options::default().min_score)]
    pub min_score: f64,
    /// How much technical vocabulary weighs against product-management vocabulary
    /// when a product job is split into product manager or technical product manager.
    #[arg(
        long,
        value_name = "W",
        hide_short_help = true,
        default_value_t = Options::default().technical_weight
    )]
    pub technical_weight: f64,
    /// Technical-depth score a program job needs to be a technical program manager.
    #[arg(
        long,
        value_name = "SCORE",
        hide_short_help = true,
        default_value_t = Options::default().program_depth
    )]
    pub program_depth: f64,
    /// Classify at most the first N bytes of each text (longer ones are cut, with a warning).
    #[arg(long, value_name = "N", default_value_t = rolecall::score::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
}

/// `--min-confidence P`: the operating point.
#[derive(Debug, Args)]
pub struct ConfidenceArg {
    /// Label a posting unclassified when its label's confidence (the estimated
    /// probability it is right) is below P: trade recall for precision.
    #[arg(long, value_name = "P", default_value_t = Options::default().min_confidence)]
    pub min_confidence: f64,
}

/// What each output record carries.
#[derive(Debug, Args)]
pub struct ResultArgs {
    #[command(flatten)]
    pub confidence: ConfidenceArg,
    /// Keep the top N evidence matches per posting (0 for none).
    #[arg(long, value_name = "N", default_value_t = Options::default().evidence)]
    pub evidence: usize,
}

/// `--threads N`.
#[derive(Debug, Args)]
pub struct ThreadsArg {
    /// Worker threads (default: all cores); 1 keeps all the work on one core.
    /// Output is identical for any count.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

/// `--color WHEN`.
#[derive(Debug, Args)]
pub struct ColorArg {
    /// When to colour what goes to a terminal (table, summary, explain): auto (on a
    /// terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

impl Cli {
    /// Parses the process's arguments, accepting a command's options before
    /// its name too (`rolecall --lexicons DIR classify …`, as earlier releases
    /// did): see [`hoist_options`].
    pub fn parse_args() -> Cli {
        Cli::parse_from(hoist_options(std::env::args_os().collect()))
    }
}

/// Moves the options written between `rolecall` and the command name to just
/// after the name (after `lexicons list` for a nested one), where each
/// command defines the options it takes. Stops at the first argument that is
/// not an option some command defines, leaving the rest for clap to judge.
pub fn hoist_options(mut args: Vec<OsString>) -> Vec<OsString> {
    // The usual command line starts with the command name: nothing to move,
    // and no need to build the command definitions a second time.
    let leads_with_option = args
        .get(1)
        .and_then(|a| a.to_str())
        .is_some_and(|a| a.starts_with('-'));
    if !leads_with_option {
        return args;
    }
    let root = Cli::command();
    let mut end = 1;
    while let Some(arg) = args.get(end).and_then(|a| a.to_str()) {
        match option_width(&root, arg) {
            Some(width) => end += width,
            None => break,
        }
    }
    if end == 1 || end >= args.len() {
        return args;
    }
    let mut command = &root;
    let mut at = end;
    while let Some(sub) = args
        .get(at)
        .and_then(|a| a.to_str())
        .and_then(|name| command.find_subcommand(name))
    {
        command = sub;
        at += 1;
    }
    if at == end {
        return args;
    }
    let leading: Vec<OsString> = args.drain(1..end).collect();
    let at = at - leading.len();
    args.splice(at..at, leading);
    args
}

/// How many arguments an option some command defines spans when written as
/// `arg` (`--name VALUE` two, `--name=VALUE`, `-jN` and flags one); `None`
/// when `arg` is no such option.
fn option_width(root: &clap::Command, arg: &str) -> Option<usize> {
    let (defined, inline_value) = if let Some(long) = arg.strip_prefix("--") {
        let (name, value) = long
            .split_once('=')
            .map_or((long, false), |(n, _)| (n, true));
        (find_arg(root, &|a| a.get_long() == Some(name))?, value)
    } else {
        let mut chars = arg.strip_prefix('-')?.chars();
        let short = chars.next()?;
        (
            find_arg(root, &|a| a.get_short() == Some(short))?,
            chars.next().is_some(),
        )
    };
    let takes_value = defined.get_action().takes_values();
    Some(if takes_value && !inline_value { 2 } else { 1 })
}

/// The first option of any subcommand (at any depth) that `matches`; the
/// root's own (`--help`, `--version`) are not moved.
fn find_arg<'a>(
    command: &'a clap::Command,
    matches: &dyn Fn(&clap::Arg) -> bool,
) -> Option<&'a clap::Arg> {
    command.get_subcommands().find_map(|sub| {
        sub.get_arguments()
            .find(|a| {
                !a.is_positional()
                    && !matches!(a.get_id().as_str(), "help" | "version")
                    && matches(a)
            })
            .or_else(|| find_arg(sub, matches))
    })
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when the output is a terminal and NO_COLOR is unset or empty.
    Auto,
    /// Always colour, even into a pipe or with NO_COLOR set.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify posting files and folders.
    #[command(after_help = "\
Folders are walked recursively; posting files are .txt, .md, .html/.htm (tags ignored) and
.json (a \"title\" plus a \"description\" or \"text\" field). Files named directly are always
read. Output follows the order of PATHs, each folder in path order.

A summary table (count and share per role, mean confidence, errors, throughput) goes to
stderr at the end when stderr is a terminal, or always with --summary. Folder runs show a
progress spinner on a terminal (never in pipes or when CI is set).

Examples:
  rolecall classify fixtures/postings
  rolecall classify postings/ --format jsonl > labels.jsonl
  rolecall classify postings/ --report report.html --summary > labels.jsonl
  rolecall classify --title-from-first-line - < posting.txt")]
    Classify(ClassifyArgs),
    /// Classify CSV rows: every row out, in order, with result columns appended.
    #[command(after_help = "\
Result columns appended to every row: role, confidence, runner_up, title_role, content_role,
neighbour, score_product_manager, score_technical_product_manager, score_technology_manager,
score_technical_program_manager, profile_product, profile_technical, profile_delivery,
profile_people, evidence (unless --evidence 0), error (always last; empty for
good rows). title_role is the role the title alone supports, content_role the one the text
alone supports (empty when none). neighbour names the neighbouring job family (engineering,
design, marketing, sales, support, data, operations, architecture, other) of an unclassified
row that reads as another job (the family with the most of its other-jobs vocabulary).

Defaults: the text column is the first header among description, text, body, job_description
(case-insensitive); the title column is title or job_title when present.

On a terminal, a progress bar (bytes read, rows/s, ETA) and a summary table go to stderr;
--summary prints the summary even when stderr is not a terminal.

Examples:
  rolecall csv --text-col description < postings.csv > labelled.csv
  rolecall csv --text-col duties --text-col skills --title-col title in.csv
  rolecall csv --no-headers --text-col 2 --title-col 1 -d '\\t' < in.tsv
  rolecall csv --role technical_product_manager --min-confidence 0.8 in.csv")]
    Csv(CsvArgs),
    /// Classify JSON Lines: each object out, in order, with a `rolecall` field added.
    #[command(after_help = "\
The added field is {\"role\", \"confidence\", \"runner_up\", \"title_role\", \"content_role\",
\"neighbour\", \"scores\", \"profile\", \"evidence\"}; a line that cannot be classified gets {\"error\": \"...\"} instead (invalid JSON keeps its text in \"input\").
Blank lines are skipped. Progress and summary on stderr as for `rolecall csv`.

Examples:
  rolecall jsonl < postings.jsonl > labelled.jsonl
  rolecall jsonl --text-field posting.body --title-field posting.title in.jsonl
  rolecall jsonl --disagree < postings.jsonl > title-vs-text.jsonl")]
    Jsonl(JsonlArgs),
    /// Measure accuracy on a labelled CSV (precision, recall, F1, macro-F1, confusion matrix).
    #[command(after_help = "\
Labels: product_manager, technical_product_manager, technology_manager,
technical_program_manager, other. Per-role precision/recall/F1 are computed over all rows
(an `other` row called a role is a false positive; a role row left unclassified is a false
negative); macro-F1 is the mean of the four F1 values; family macro-F1 the mean over three
families, product_manager and technical_product_manager counting as one (product).

F1, macro-F1, family macro-F1 and other -> unclassified come with 95 % percentile-bootstrap
intervals: each row is classified once, then the (truth, prediction) pairs are resampled
with replacement --resamples times (default 1000) from --seed (default 0), so a run is
reproducible.

Examples:
  rolecall eval --data labelled.csv
  rolecall eval --data labelled.csv --no-title --misclassified 10
  rolecall eval --data labelled.csv --filter text_sufficient=yes --by source
  rolecall eval --data labelled.csv --resamples 5000 --seed 7 --format json")]
    Eval(EvalArgs),
    /// Fit the confidence calibration for the active lexicons on a labelled CSV.
    #[command(after_help = "\
Classifies every row (with the raw, uncalibrated confidence), fits one isotonic curve for
labelled rows (is the role right?) and one for unclassified rows (is the posting none of
the four?), and writes the calibration as JSON. Put it in the lexicon folder as
calibration.json and --lexicons DIR uses it. stderr gets the calibration error in sample
and cross-validated (5 folds, 10 repeats), so you see how well it will hold on new rows.

Examples:
  rolecall calibrate --lexicons my/ --data labelled.csv -o my/calibration.json
  rolecall calibrate --data labelled.csv --no-title > calibration.json")]
    Calibrate(CalibrateArgs),
    /// Validate, list or export lexicons.
    #[command(
        subcommand,
        after_help = "\
Examples:
  rolecall lexicons check my-lexicons/
  rolecall lexicons list
  rolecall lexicons terms --lexicons my-lexicons/ > terms.txt"
    )]
    Lexicons(LexiconsCommand),
    /// Show why a posting got its label: highlighted matches and a per-role breakdown.
    #[command(after_help = "\
Prints the posting with every counted match highlighted in its role's colour (or marked
[[matched text|role]] when colour is off), then per role: score, top terms with counts and
contributions, the title's share; then why the runner-up lost and why the posting is or is
not unclassified (minimum score, the vocabulary of other jobs).

Colour: on when stdout is a terminal; off with NO_COLOR=1 or --color never; --color always
forces it (e.g. for `less -R`).

Examples:
  rolecall explain fixtures/postings/tm-cto.txt
  rolecall explain --title-from-first-line posting.txt
  rolecall explain --color always posting.html | less -R
  rolecall explain --no-text - < posting.json")]
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Examples:
  rolecall completions bash > /etc/bash_completion.d/rolecall
  rolecall completions zsh > \"${fpath[1]}/_rolecall\"
  rolecall completions fish > ~/.config/fish/completions/rolecall.fish")]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout, or write one page per command to a folder.
    #[command(after_help = "\
Examples:
  rolecall man > rolecall.1 && man ./rolecall.1
  rolecall man --out-dir /usr/local/share/man/man1")]
    Man {
        /// Write rolecall.1 and one page per subcommand (rolecall-classify.1, ...) into DIR.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

impl Command {
    /// The `--threads` the command was given, when it takes one.
    pub fn threads(&self) -> Option<usize> {
        match self {
            Command::Classify(a) => a.run.threads.threads,
            Command::Csv(a) => a.stream.run.threads.threads,
            Command::Jsonl(a) => a.stream.run.threads.threads,
            Command::Eval(a) => a.threads.threads,
            Command::Calibrate(a) => a.threads.threads,
            _ => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The posting file (.txt, .md, .html, .json), or `-` for stdin.
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Treat a text file's first line as the posting's title.
    #[arg(long)]
    pub title_from_first_line: bool,
    /// Terms listed per role in the breakdown.
    #[arg(long, value_name = "N", default_value_t = rolecall::explain::DEFAULT_TOP)]
    pub top: usize,
    /// Print only the breakdown, not the posting text.
    #[arg(long)]
    pub no_text: bool,
    #[command(flatten)]
    pub confidence: ConfidenceArg,
    #[command(flatten)]
    pub color: ColorArg,
    #[command(flatten)]
    pub scoring: ScoringArgs,
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Files or folders to classify; `-` (or no PATH) reads one posting from stdin.
    #[arg(value_name = "PATH", default_value = "-")]
    pub paths: Vec<PathBuf>,
    /// Output format (default: table on a terminal, jsonl otherwise).
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Treat each text file's first line as the posting's title.
    #[arg(long)]
    pub title_from_first_line: bool,
    /// Evidence cell format for --format csv.
    #[arg(long, value_enum, default_value_t = EvidenceFormat::Compact)]
    pub evidence_format: EvidenceFormat,
    /// Also write a self-contained HTML report (charts, and every posting with its
    /// evidence highlighted) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub run: RunArgs,
}

/// What `classify`, `csv` and `jsonl` share: the summary, which records to
/// write and what they carry, threads, colour and scoring.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Print the summary table to stderr even when stderr is not a terminal.
    #[arg(long)]
    pub summary: bool,
    #[command(flatten)]
    pub select: SelectArgs,
    #[command(flatten)]
    pub results: ResultArgs,
    #[command(flatten)]
    pub threads: ThreadsArg,
    #[command(flatten)]
    pub color: ColorArg,
    #[command(flatten)]
    pub scoring: ScoringArgs,
}

/// Which records to write: every one unless these are given.
#[derive(Debug, Args)]
pub struct SelectArgs {
    /// Write only records labelled ROLE: a role id or `unclassified` (repeatable).
    /// Records that failed are always written. With --min-confidence, keeps
    /// labels at least that sure.
    #[arg(long = "role", value_name = "ROLE", value_parser = parse_label)]
    pub roles: Vec<Label>,
    /// Write only records whose title supports another role than their text
    /// (title_role ≠ content_role; postings with a title).
    #[arg(long)]
    pub disagree: bool,
}

/// A `--role` value: a role, or `None` for unclassified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label(pub Option<rolecall::Role>);

fn parse_label(value: &str) -> Result<Label, String> {
    Selection::parse_label(value).map(Label)
}

impl SelectArgs {
    /// The selection these flags ask for.
    pub fn selection(&self) -> Selection {
        Selection {
            labels: self.roles.iter().map(|l| l.0).collect(),
            disagree: self.disagree,
        }
    }
}

/// Input/output options shared by the streaming commands.
#[derive(Debug, Args)]
pub struct StreamArgs {
    /// Write to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print the summary's figures to stderr at the end as plain numbers for scripts:
    /// rows, bytes, seconds, rows/s, MB/s, the count per label and errors.
    #[arg(long)]
    pub stats: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct CsvArgs {
    /// Input CSV file (stdin when absent or `-`).
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Column holding the posting text (repeatable: joined with a blank line).
    #[arg(long = "text-col", value_name = "NAME|INDEX")]
    pub text_cols: Vec<String>,
    /// Column holding the title (scored as the title).
    #[arg(long, value_name = "NAME|INDEX")]
    pub title_col: Option<String>,
    /// Ignore any title column, even a default one.
    #[arg(long, conflicts_with = "title_col")]
    pub no_title: bool,
    /// The input has no header row: give columns as 0-based indexes.
    #[arg(long)]
    pub no_headers: bool,
    /// Field delimiter: one byte, or `\t` for tab.
    #[arg(long, short = 'd', default_value = ",", value_name = "CHAR")]
    pub delimiter: String,
    /// Evidence cell format.
    #[arg(long, value_enum, default_value_t = EvidenceFormat::Compact)]
    pub evidence_format: EvidenceFormat,
    #[command(flatten)]
    pub stream: StreamArgs,
}

#[derive(Debug, Args)]
pub struct JsonlArgs {
    /// Input JSON Lines file (stdin when absent or `-`).
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Dotted path of the text field (default: description, text, body or job_description).
    #[arg(long, value_name = "PATH")]
    pub text_field: Option<String>,
    /// Dotted path of the title field (default: title or job_title when present).
    #[arg(long, value_name = "PATH")]
    pub title_field: Option<String>,
    /// Ignore any title field.
    #[arg(long, conflicts_with = "title_field")]
    pub no_title: bool,
    #[command(flatten)]
    pub stream: StreamArgs,
}

/// A labelled CSV and how to read it (`eval` and `calibrate`).
#[derive(Debug, Args)]
pub struct LabelledArgs {
    /// The labelled CSV file (labels: the four role ids and `other`).
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,
    /// Column holding the true label.
    #[arg(long, default_value = "label", value_name = "NAME")]
    pub label_col: String,
    /// Column holding the posting text (repeatable).
    #[arg(long = "text-col", value_name = "NAME")]
    pub text_cols: Vec<String>,
    /// Column holding the title.
    #[arg(long, value_name = "NAME")]
    pub title_col: Option<String>,
    /// Ignore the title column even if present (text-only accuracy).
    #[arg(long, conflicts_with = "title_col")]
    pub no_title: bool,
    /// Field delimiter: one byte, or `\t` for tab.
    #[arg(long, short = 'd', default_value = ",", value_name = "CHAR")]
    pub delimiter: String,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub labelled: LabelledArgs,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Also show the N most confident mistakes with their top evidence.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub misclassified: usize,
    /// Evaluate only rows whose column COL holds VALUE (repeatable; all must hold).
    #[arg(long = "filter", value_name = "COL=VALUE")]
    pub filters: Vec<Filter>,
    /// Also report the figures per value of column COL (e.g. `source`), each with its intervals.
    #[arg(long, value_name = "COL")]
    pub by: Option<String>,
    /// Bootstrap resamples for the 95 % intervals.
    #[arg(long, default_value = "1000", value_name = "N")]
    pub resamples: NonZeroUsize,
    /// Seed of the bootstrap resampling.
    #[arg(long, default_value_t = 0, value_name = "S")]
    pub seed: u64,
    #[command(flatten)]
    pub confidence: ConfidenceArg,
    #[command(flatten)]
    pub threads: ThreadsArg,
    #[command(flatten)]
    pub scoring: ScoringArgs,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    #[command(flatten)]
    pub labelled: LabelledArgs,
    /// Write the calibration to FILE instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Seed of the cross-validation folds.
    #[arg(long, default_value_t = 0, value_name = "S")]
    pub seed: u64,
    #[command(flatten)]
    pub threads: ThreadsArg,
    #[command(flatten)]
    pub scoring: ScoringArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Human-readable tables.
    Text,
    /// One JSON object.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns: path, role, confidence, top evidence (cut to fit a terminal).
    Table,
    /// One JSON object per posting.
    Jsonl,
    /// CSV with a header: path, then the result columns.
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum LexiconsCommand {
    /// Check a lexicon folder and report every problem with file, line and column.
    #[command(after_help = "Example:\n  rolecall lexicons check lexicons/")]
    Check {
        /// The folder of *.json lexicon files.
        dir: PathBuf,
    },
    /// Print each role with its term counts per category.
    #[command(
        after_help = "Example:\n  rolecall lexicons list\n  rolecall lexicons list --lexicons my-lexicons/"
    )]
    List(LexiconsArg),
    /// Print every literal term of the active lexicons, one per line.
    #[command(
        after_help = "Example:\n  rolecall lexicons terms > terms.txt\n  rg --count-matches -i -F -w -f terms.txt corpus.csv"
    )]
    Terms(LexiconsArg),
    /// Write the built-in lexicon files into DIR, to start a custom set from.
    #[command(
        after_help = "Example:\n  rolecall lexicons export my-lexicons/\n  rolecall lexicons check my-lexicons/\n  rolecall classify --lexicons my-lexicons/ postings/"
    )]
    Export {
        /// The folder to write into (created when missing; existing files are not overwritten).
        dir: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::{hoist_options, Cli};

    fn hoisted(line: &str) -> String {
        let args = line.split(' ').map(Into::into).collect();
        let out: Vec<String> = hoist_options(args)
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect();
        out.join(" ")
    }

    #[test]
    fn options_before_the_command_move_after_its_name() {
        for (given, expected) in [
            (
                "rolecall --lexicons d -j 2 classify x",
                "rolecall classify --lexicons d -j 2 x",
            ),
            (
                "rolecall --min-score=9 -j2 --color never csv in.csv",
                "rolecall csv --min-score=9 -j2 --color never in.csv",
            ),
            (
                "rolecall --lexicons d lexicons terms",
                "rolecall lexicons terms --lexicons d",
            ),
            // Nothing to move, the root's own flags, unknown options, no command.
            ("rolecall classify -j 2 x", "rolecall classify -j 2 x"),
            ("rolecall --help", "rolecall --help"),
            ("rolecall --bogus classify x", "rolecall --bogus classify x"),
            ("rolecall --lexicons d", "rolecall --lexicons d"),
            ("rolecall --lexicons d x.txt", "rolecall --lexicons d x.txt"),
        ] {
            assert_eq!(hoisted(given), expected, "{given}");
        }
    }

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    /// Every command and subcommand has a one-line description and an example.
    #[test]
    fn every_command_has_a_description_and_an_example() {
        fn check(cmd: &clap::Command, path: &str) {
            let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert!(!about.is_empty(), "{path}: no description");
            let after = cmd
                .get_after_help()
                .map(|a| a.to_string())
                .unwrap_or_default();
            assert!(
                after.contains("Example") && after.contains("rolecall "),
                "{path}: no example in after_help"
            );
            for sub in cmd.get_subcommands() {
                if sub.get_name() != "help" {
                    check(sub, &format!("{path} {}", sub.get_name()));
                }
            }
        }
        check(&Cli::command(), "rolecall");
    }
}

//! Command-line definitions (clap derive). Help, completions and the man page
//! are all generated from these.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use rolecall::io::record::EvidenceFormat;

const AFTER_HELP: &str = "\
Exit status: 0 all inputs classified; 1 some inputs failed (each still has an output
record carrying its error); 2 usage error or invalid lexicons.

Examples:
  rolecall classify postings/
  rolecall csv --text-col description --title-col title < in.csv > out.csv
  rolecall jsonl --text-field posting.description < in.jsonl > out.jsonl
  rolecall lexicons check lexicons/";

/// Say which of four manager roles a job posting is hiring for, and show the evidence.
///
/// Roles: product_manager, technical_product_manager, technology_manager,
/// technical_program_manager — or unclassified when the text supports none.
#[derive(Debug, Parser)]
#[command(name = "rolecall", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// Use the lexicon files in DIR instead of the built-in ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
    /// Minimum score for a role to be named; below it a posting is unclassified.
    #[arg(long, global = true, value_name = "SCORE")]
    pub min_score: Option<f64>,
    /// Keep the top N evidence matches per posting (0 for none).
    #[arg(long, global = true, value_name = "N", default_value_t = 5)]
    pub evidence: usize,
    /// Worker threads (default: all cores). Output is identical for any count.
    #[arg(long, short = 'j', global = true, value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify posting files and folders.
    #[command(after_help = "\
Folders are walked recursively; posting files are .txt, .md, .html/.htm (tags ignored) and
.json (a \"title\" plus a \"description\" or \"text\" field). Files named directly are always
read. Output follows the order of PATHs, each folder in path order.

Examples:
  rolecall classify fixtures/postings
  rolecall classify postings/ --format jsonl > labels.jsonl
  rolecall classify --title-from-first-line - < posting.txt")]
    Classify(ClassifyArgs),
    /// Validate, list or export lexicons.
    #[command(subcommand)]
    Lexicons(LexiconsCommand),
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Files or folders to classify; `-` reads one posting from stdin.
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns: path, role, confidence, top evidence terms.
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
        after_help = "Example:\n  rolecall lexicons list\n  rolecall --lexicons my-lexicons/ lexicons list"
    )]
    List,
    /// Print every literal term of the active lexicons, one per line.
    #[command(
        after_help = "Example:\n  rolecall lexicons terms > terms.txt\n  rg --count-matches -i -F -w -f terms.txt corpus.csv"
    )]
    Terms,
}

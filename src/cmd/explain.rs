//! `rolecall explain FILE`: the posting with every counted match highlighted,
//! a per-role breakdown, and why the label is what it is. The rendering lives
//! in the library ([`rolecall::explain`]), shared with the Python binding.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use rolecall::explain::{self, render, View};
use rolecall::io::posting::{self, ReadOptions};

use super::{classifier, color_enabled, options, report_error, stdout, stdout_is_terminal};
use super::{stdin_hint, warn, Status};
use crate::cli::ExplainArgs;

pub fn run(args: ExplainArgs) -> Result<Status> {
    // Explain needs every counted match, not only the top evidence.
    let options = options(&args.scoring, Some(&args.confidence), None)?;
    let classifier = explain::classifier_for(&classifier(&args.scoring, options)?);
    let is_stdin = args.input.as_os_str() == "-";
    let shown = args.input.display().to_string();
    if is_stdin {
        stdin_hint("one posting");
    }
    let bytes = posting::read_bytes(&args.input);
    let read = ReadOptions {
        title_from_first_line: args.title_from_first_line,
    };
    let name = if is_stdin {
        Path::new("-")
    } else {
        &args.input
    };
    let posting = match bytes.and_then(|b| posting::parse(name, b, read).map_err(|e| e.to_string()))
    {
        Ok(p) => p,
        Err(e) => {
            report_error(format_args!("{shown}: {e}"));
            return Ok(Status::SomeFailed);
        }
    };
    for w in &posting.warnings {
        warn(format_args!("{shown}: {w}"));
    }
    let result = classifier.classify(posting.title.as_deref(), &posting.text);
    let html = name
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let view = View {
        color: color_enabled(args.color.color, stdout_is_terminal()),
        top: args.top,
        text: !args.no_text,
        html,
        min_score: classifier.options().min_score,
        program_depth: classifier.program_depth(),
    };
    let mut out = stdout();
    let text = render(
        &shown,
        posting.title.as_deref(),
        &posting.text,
        &result,
        &view,
    );
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Status::Ok)
}

//! The `rolecall` binary: parse the command line, dispatch, map errors to exit codes.

mod cli;
mod cmd;
mod report;

use std::process::ExitCode;

use rolecall::io::csv_stream::CsvError;

fn main() -> ExitCode {
    let cli = cli::Cli::parse_args();
    match cmd::run(cli) {
        Ok(status) => status.into(),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("rolecall: {err:#}");
            ExitCode::from(cmd::EXIT_USAGE)
        }
    }
}

fn csv_broken_pipe(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// A closed stdout (`rolecall ... | head`) is a normal way for a run to end.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(csv_broken_pipe)
            || cause
                .downcast_ref::<rolecall::io::csv_stream::CsvError>()
                .is_some_and(|e| match e {
                    CsvError::Io(io) => io.kind() == BrokenPipe,
                    CsvError::Csv(csv) => csv_broken_pipe(csv),
                    _ => false,
                })
    })
}

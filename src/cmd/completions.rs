//! `rolecall completions SHELL` and `rolecall man`: generated from the clap
//! definitions, so they always match the real options.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, Result};
use clap::CommandFactory;

use super::{stdout, Status};
use crate::cli::Cli;

/// Prints the completion script for `shell` to stdout.
pub fn completions(shell: clap_complete::Shell) -> Result<Status> {
    let mut out = stdout();
    clap_complete::generate(shell, &mut Cli::command(), "rolecall", &mut out);
    out.flush()?;
    Ok(Status::Ok)
}

/// Prints the man page (roff) to stdout, or writes one page per command to `out_dir`.
pub fn man(out_dir: Option<&Path>) -> Result<Status> {
    let cmd = Cli::command();
    match out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("cannot write man pages to {}", dir.display()))?;
        }
        None => {
            let mut out = stdout();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
        }
    }
    Ok(Status::Ok)
}

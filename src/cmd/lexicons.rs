//! `rolecall lexicons check|list|terms|export`.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::{Context as _, Result};

use rolecall::calibration::{Calibration, FILE_NAME};
use rolecall::{Category, Lexicon, Neighbour, Pattern, Target};

use super::{load_lexicon, stdout, Status};
use crate::cli::LexiconsCommand;

pub fn run(cmd: LexiconsCommand) -> Result<Status> {
    match cmd {
        LexiconsCommand::Check { dir } => {
            let lexicon = Lexicon::from_dir(&dir)
                .map_err(|e| anyhow::anyhow!("{} problem(s) found:\n{e}", e.problems.len()))?;
            let calibration = match Calibration::from_dir(&dir)? {
                Some(_) => format!("{FILE_NAME} ok"),
                None => format!(
                    "no {FILE_NAME}: confidence will be the raw score, not a probability \
                     (`rolecall calibrate` fits one)"
                ),
            };
            let mut out = stdout();
            writeln!(
                out,
                "{}: ok ({} entries); {calibration}",
                dir.display(),
                lexicon.entries().len()
            )?;
            out.flush()?;
        }
        LexiconsCommand::List(arg) => list(&load_lexicon(&arg)?)?,
        LexiconsCommand::Export { dir } => export(&dir)?,
        LexiconsCommand::Terms(arg) => {
            let lexicon = load_lexicon(&arg)?;
            let mut out = stdout();
            for term in lexicon.literals() {
                writeln!(out, "{term}")?;
            }
            out.flush()?;
        }
    }
    Ok(Status::Ok)
}

/// Writes the built-in lexicon files and their calibration into `dir`,
/// refusing to overwrite any.
fn export(dir: &std::path::Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let sources: Vec<(&str, &str)> = Lexicon::embedded_sources()
        .iter()
        .copied()
        .chain([(FILE_NAME, Calibration::embedded_source())])
        .collect();
    for (name, _) in &sources {
        let path = dir.join(name);
        anyhow::ensure!(
            !path.exists(),
            "{} exists; nothing written (export into an empty folder)",
            path.display()
        );
    }
    for (name, text) in &sources {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut out = stdout();
    writeln!(
        out,
        "wrote {} lexicon files and {FILE_NAME} to {}",
        sources.len() - 1,
        dir.display()
    )?;
    out.flush()?;
    Ok(())
}

/// A row of `lexicons list`: a target, with the neighbouring job families apart.
type Row = (Target, Option<Neighbour>);

fn list(lexicon: &Lexicon) -> Result<()> {
    let mut counts: BTreeMap<Row, BTreeMap<Category, (usize, usize)>> = BTreeMap::new();
    for e in lexicon.entries() {
        let slot = counts
            .entry((e.target, e.neighbour))
            .or_default()
            .entry(e.category)
            .or_default();
        slot.0 += 1;
        if let Pattern::Literal(spellings) = &e.pattern {
            slot.1 += spellings.len();
        } else {
            slot.1 += 1;
        }
    }
    let mut out = stdout();
    write!(out, "{:<27}", "role")?;
    for c in Category::ALL {
        write!(out, "{:>15}", c.as_str())?;
    }
    writeln!(out, "{:>10}{:>11}", "entries", "spellings")?;
    for (&(target, neighbour), by_cat) in &counts {
        let name = match neighbour {
            Some(n) => format!("{target} ({n})"),
            None => target.id().to_string(),
        };
        write!(out, "{name:<27}")?;
        for c in Category::ALL {
            write!(out, "{:>15}", by_cat.get(&c).map_or(0, |v| v.0))?;
        }
        let entries: usize = by_cat.values().map(|v| v.0).sum();
        let spellings: usize = by_cat.values().map(|v| v.1).sum();
        writeln!(out, "{entries:>10}{spellings:>11}")?;
    }
    out.flush()?;
    Ok(())
}

//! `rolecall lexicons check|list|terms`.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;

use rolecall::{Category, Lexicon, Pattern, Target};

use super::{load_lexicon, stdout, Status};
use crate::cli::{Common, LexiconsCommand};

pub fn run(common: &Common, cmd: LexiconsCommand) -> Result<Status> {
    match cmd {
        LexiconsCommand::Check { dir } => {
            let lexicon = Lexicon::from_dir(&dir)
                .map_err(|e| anyhow::anyhow!("{} problem(s) found:\n{e}", e.problems.len()))?;
            let mut out = stdout();
            writeln!(
                out,
                "{}: ok ({} entries)",
                dir.display(),
                lexicon.entries().len()
            )?;
            out.flush()?;
        }
        LexiconsCommand::List => list(&load_lexicon(common)?)?,
        LexiconsCommand::Terms => {
            let lexicon = load_lexicon(common)?;
            let mut out = stdout();
            for term in lexicon.literals() {
                writeln!(out, "{term}")?;
            }
            out.flush()?;
        }
    }
    Ok(Status::Ok)
}

fn list(lexicon: &Lexicon) -> Result<()> {
    let mut counts: BTreeMap<Target, BTreeMap<Category, (usize, usize)>> = BTreeMap::new();
    for e in lexicon.entries() {
        let slot = counts
            .entry(e.target)
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
    for target in Target::ALL {
        let Some(by_cat) = counts.get(&target) else {
            continue;
        };
        write!(out, "{:<27}", target.id())?;
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

//! The end-of-run summary on stderr shared by `classify`, `csv` and `jsonl`:
//! count and share per role, unclassified, errors, mean confidence and mean
//! profile per role, throughput.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};
use std::time::Duration;

use anstyle::Style;
use indicatif::HumanCount;

pub use rolecall::explain::role_style;
use rolecall::io::csv_stream::StreamStats;
use rolecall::{Axis, Neighbour, Role, Target};

use super::color_enabled;
use crate::cli::ColorChoice;

/// Width of the share bars, in characters.
const BAR: usize = 24;

/// The summary of a run's totals, whatever the input (postings, rows or records).
pub struct Summary<'a>(pub &'a StreamStats);

/// True when the summary should be printed: stderr is a terminal, or `--summary`.
pub fn wanted(flag: bool) -> bool {
    flag || io::stderr().is_terminal()
}

/// `noun` (a plural: "postings") for `n` of them.
fn plural(noun: &str, n: u64) -> &str {
    if n == 1 {
        noun.strip_suffix('s').unwrap_or(noun)
    } else {
        noun
    }
}

impl Summary<'_> {
    /// Renders the table; `noun` names the inputs ("postings", "rows", "records").
    pub fn render(&self, noun: &str, elapsed: Duration, color: bool) -> String {
        let secs = elapsed.as_secs_f64().max(1e-6);
        let labelled: u64 = self.0.labels[..4].iter().sum();
        let mut out = String::new();
        if self.0.rows == 0 {
            let _ = writeln!(out, "rolecall: no {noun} read");
            return out;
        }
        let _ = writeln!(
            out,
            "rolecall: {} {} in {:.2} s ({} {noun}/s, {:.1} MB/s)",
            HumanCount(self.0.rows),
            plural(noun, self.0.rows),
            secs,
            HumanCount((self.0.rows as f64 / secs) as u64),
            self.0.bytes as f64 / 1e6 / secs,
        );
        let _ = writeln!(out, "  {:<27}{:>8}{:>8}", "label", "count", "share");
        let rows = Role::ALL
            .iter()
            .map(|r| (r.id(), Some(Target::Role(*r)), self.0.labels[r.index()]))
            .chain([
                ("unclassified", None, self.0.labels[4]),
                ("errors", Some(Target::Other), self.0.failed),
            ]);
        for (label, target, count) in rows {
            let share = if self.0.rows == 0 {
                0.0
            } else {
                count as f64 / self.0.rows as f64
            };
            let bar = "█".repeat((share * BAR as f64).round() as usize);
            let style = if color {
                role_style(target)
            } else {
                Style::new()
            };
            let line = format!(
                "  {style}{label:<27}{style:#}{count:>8}{:>7.1}%  {style}{bar}{style:#}",
                share * 100.0
            );
            let _ = writeln!(out, "{}", line.trim_end());
            if target.is_none() {
                for n in Neighbour::ALL {
                    let count = self.0.neighbours[n.index()];
                    if count > 0 {
                        let label = format!("  reads as {n}");
                        let _ = writeln!(out, "  {label:<27}{count:>8}");
                    }
                }
            }
        }
        if labelled > 0 {
            let _ = writeln!(
                out,
                "  mean confidence {:.2} over the {} {} labelled with a role",
                self.0.confidence_sum / labelled as f64,
                HumanCount(labelled),
                plural(noun, labelled)
            );
        }
        if labelled > 0 {
            let _ = write!(out, "  {:<27}", "mean profile");
            for axis in Axis::ALL {
                let _ = write!(out, "{:>10}", axis.id());
            }
            let _ = writeln!(out);
            for role in Role::ALL {
                let n = self.0.labels[role.index()];
                if n == 0 {
                    continue;
                }
                let _ = write!(out, "  {:<27}", role.id());
                for sum in self.0.profile_sums[role.index()] {
                    let _ = write!(out, "{:>10.2}", sum / n as f64);
                }
                let _ = writeln!(out);
            }
        }
        if self.0.several > 0 {
            let total: u64 = self.0.openings.iter().sum();
            let _ = writeln!(
                out,
                "  {} {} {} several roles, {} {}:",
                HumanCount(self.0.several),
                plural(noun, self.0.several),
                if self.0.several == 1 {
                    "hires for"
                } else {
                    "hire for"
                },
                HumanCount(total),
                plural("openings", total),
            );
            for role in Role::ALL {
                let n = self.0.openings[role.index()];
                if n > 0 {
                    let _ = writeln!(out, "    {:<25}{n:>8}", role.id());
                }
            }
        }
        let shifts = self.0.shifts.counts();
        if !shifts.is_empty() {
            let _ = writeln!(out, "  title says -> content says");
            for (title, content, n) in shifts {
                let pair = format!("{title} -> {}", content.map_or("unclassified", Role::id));
                let _ = writeln!(out, "    {pair:<56}{n:>6}");
            }
        }
        out
    }

    /// Prints the table to stderr, coloured per `--color` and stderr.
    pub fn print(&self, noun: &str, elapsed: Duration, choice: ColorChoice) {
        let color = color_enabled(choice, io::stderr().is_terminal());
        let text = self.render(noun, elapsed, color);
        let _ = io::stderr().lock().write_all(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rolecall::Shifts;

    #[test]
    fn shares_counts_and_mean_confidence() {
        let s = StreamStats {
            rows: 4,
            bytes: 2_000_000,
            failed: 1,
            labels: [2, 0, 0, 0, 1],
            neighbours: [0, 0, 1, 0, 0, 0, 0, 0, 0],
            confidence_sum: 1.5,
            profile_sums: [[0.8, 0.2, 0.0, 0.0], [0.0; 4], [0.0; 4], [0.0; 4]],
            shifts: Shifts::default(),
            ..StreamStats::default()
        };
        let text = Summary(&s).render("postings", Duration::from_secs(2), false);
        assert!(!text.contains("title says"));
        assert!(text.starts_with("rolecall: 4 postings in 2.00 s (2 postings/s, 1.0 MB/s)"));
        assert!(text.contains("product_manager                   2   50.0%  ████████████\n"));
        assert!(text.contains("unclassified                      1   25.0%"));
        let lines: Vec<&str> = text.lines().collect();
        let unclassified = lines
            .iter()
            .position(|l| l.contains("unclassified"))
            .unwrap();
        assert_eq!(
            lines[unclassified + 1],
            "    reads as marketing              1"
        );
        assert!(text.contains("errors                            1   25.0%"));
        assert!(text.contains("mean confidence 0.75 over the 2 postings labelled with a role"));
        assert!(text.contains(
            "  mean profile                  product technical  delivery    people\n  product_manager                  0.40      0.10      0.00      0.00\n"
        ), "{text}");
        assert!(!text.contains("several roles"));
        let several = StreamStats {
            several: 2,
            openings: [1, 0, 2, 2],
            ..s.clone()
        };
        let text = Summary(&several).render("postings", Duration::from_secs(2), false);
        assert!(text.contains(
            "  2 postings hire for several roles, 5 openings:\n    product_manager                 1\n    \
             technology_manager              2\n    technical_program_manager       2\n"
        ), "{text}");
        let empty = Summary(&StreamStats::default()).render("rows", Duration::from_secs(1), false);
        assert_eq!(empty, "rolecall: no rows read\n");
        assert!(!text.contains('\x1b'));
        assert!(Summary(&s)
            .render("postings", Duration::from_secs(2), true)
            .contains('\x1b'));
    }

    #[test]
    fn title_content_disagreements_are_listed_most_frequent_first() {
        let classifier = rolecall::Classifier::default();
        let technical = classifier.classify(
            Some("Product Manager"),
            "Our public REST APIs and SDKs are used by thousands of developers, and you will own \
             their roadmap and the product requirements. You will prioritise with engineers, work \
             on API design and system architecture, and write the technical specifications. \
             Success means developer adoption and API uptime. A computer science degree and a \
             software engineering background are required.",
        );
        assert_eq!(technical.title_role, Some(Role::ProductManager));
        assert_eq!(technical.content_role, Some(Role::TechnicalProductManager));
        let mut s = StreamStats {
            rows: 3,
            ..StreamStats::default()
        };
        for _ in 0..2 {
            s.shifts.add(&technical);
        }
        s.shifts
            .add(&classifier.classify(Some("Engineering Manager"), "Line cook wanted."));
        let text = Summary(&s).render("postings", Duration::from_secs(1), false);
        let first = text
            .find("product_manager -> technical_product_manager")
            .unwrap();
        let second = text.find("technology_manager -> unclassified").unwrap();
        assert!(first < second, "{text}");
        assert!(text.contains("title says -> content says"));
    }
}

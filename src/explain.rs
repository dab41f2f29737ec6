//! The `explain` rendering: a posting with every counted match highlighted,
//! a per-role breakdown, and why the label is what it is. `rolecall explain`
//! and the Python binding both print [`render`].

use std::fmt::Write as _;

use anstyle::{AnsiColor, Effects, Style};

use crate::{
    Axis, Category, Classification, Classifier, Evidence, Field, Neighbour, Options, Role, Target,
};

/// Terms listed per role in the breakdown unless told otherwise (`--top`).
pub const DEFAULT_TOP: usize = 8;

/// The role colour used on terminals (and, in hex, in the HTML report);
/// `None` is `unclassified`.
pub fn role_style(target: Option<Target>) -> Style {
    let color = match target {
        Some(Target::Role(Role::ProductManager)) => AnsiColor::Blue,
        Some(Target::Role(Role::TechnicalProductManager)) => AnsiColor::Cyan,
        Some(Target::Role(Role::TechnologyManager)) => AnsiColor::Green,
        Some(Target::Role(Role::TechnicalProgramManager)) => AnsiColor::Magenta,
        Some(Target::Other) => AnsiColor::Red,
        Some(Target::Technical) => AnsiColor::Yellow,
        None => AnsiColor::BrightBlack,
    };
    Style::new().fg_color(Some(color.into()))
}

/// A classifier like `classifier` (same lexicon and options) that keeps every
/// counted match, as [`render`] needs.
pub fn classifier_for(classifier: &Classifier) -> Classifier {
    classifier.with_options(Options {
        evidence: usize::MAX,
        ..*classifier.options()
    })
}

/// The plain explanation (no colour, posting text included, [`DEFAULT_TOP`]
/// terms per role) of `title` and `text`, headed by `name`. `classifier` must
/// keep every counted match (see [`classifier_for`]).
pub fn plain(classifier: &Classifier, name: &str, title: Option<&str>, text: &str) -> String {
    let c = classifier.classify(title, text);
    let view = View {
        color: false,
        top: DEFAULT_TOP,
        text: true,
        html: false,
        min_score: classifier.options().min_score,
        program_depth: classifier.program_depth(),
    };
    render(name, title, text, &c, &view)
}

/// How to render an explanation.
pub struct View {
    /// ANSI colours, or plain `[[text|role]]` markers.
    pub color: bool,
    /// Terms listed per role.
    pub top: usize,
    /// Include the posting text.
    pub text: bool,
    /// The text is blanked HTML: collapse the whitespace left by the markup.
    pub html: bool,
    /// The minimum score in force.
    pub min_score: f64,
    /// The technical depth a program job needs to be a technical program
    /// manager (`None`: the lexicon has no technical-depth vocabulary).
    pub program_depth: Option<f64>,
}

impl View {
    fn style(&self, style: Style) -> Style {
        if self.color {
            style
        } else {
            Style::new()
        }
    }

    fn heading(&self, out: &mut String, title: &str) {
        let s = self.style(Style::new().effects(Effects::BOLD));
        let _ = writeln!(out, "\n{s}{title}{s:#}");
    }

    fn target(&self, target: Target) -> String {
        let s = self.style(role_style(Some(target)).effects(Effects::BOLD));
        format!("{s}{}{s:#}", target.id())
    }
}

/// Renders the whole explanation. `classification` must hold every counted
/// match (a classifier built with `evidence: usize::MAX`).
pub fn render(
    path: &str,
    title: Option<&str>,
    text: &str,
    c: &Classification,
    view: &View,
) -> String {
    let mut out = String::new();
    let label = match c.role {
        Some(r) => view.target(Target::Role(r)),
        None => {
            let s = view.style(role_style(None).effects(Effects::BOLD));
            format!("{s}unclassified{s:#}")
        }
    };
    let _ = writeln!(out, "{path}: {label} (confidence {:.2})", c.confidence);
    let said =
        |role: Option<Role>| role.map_or("none".to_string(), |r| view.target(Target::Role(r)));
    let title_says = if title.is_some() {
        said(c.title_role)
    } else {
        "no title".to_string()
    };
    let _ = writeln!(
        out,
        "title says {title_says}; content says {}",
        said(c.content_role)
    );
    if view.text {
        view.heading(&mut out, "Posting");
        if view.color {
            let legend: Vec<String> = Target::ALL.iter().map(|t| view.target(*t)).collect();
            let _ = writeln!(out, "(highlights: {})", legend.join("  "));
        }
        if let Some(title) = title {
            let body = highlight(title, &spans(&c.evidence, Field::Title), view);
            let _ = writeln!(out, "Title: {}", tidy(&body, true));
            out.push('\n');
        }
        let body = highlight(text, &spans(&c.evidence, Field::Text), view);
        let body = tidy(&body, view.html);
        if body.is_empty() {
            out.push_str("(no text)\n");
        } else {
            out.push_str(&body);
            out.push('\n');
        }
    }
    breakdown(&mut out, c, view);
    profile(&mut out, c, view);
    verdict(&mut out, c, view);
    out
}

/// Width of a profile bar at 1.0, in characters.
const PROFILE_BAR: usize = 20;

/// Columns of a profile line before its terms: axis, value, bar.
const PROFILE_PREFIX: usize = 10 + 1 + 4 + 2 + PROFILE_BAR + 2;

/// The posting's profile: a bar per axis and the terms behind it (the
/// three that added most, with their match counts).
fn profile(out: &mut String, c: &Classification, view: &View) {
    view.heading(out, "Profile");
    let _ = writeln!(
        out,
        "(each axis's share of the duty evidence: every counted match but role titles)"
    );
    for axis in Axis::ALL {
        let value = c.profile.get(axis);
        let mut terms: Vec<(&str, usize, f64)> = Vec::new();
        let behind = counted(&c.evidence)
            .filter(|e| e.category != Category::Title && Axis::of(e.role) == Some(axis));
        for e in behind {
            match terms.iter_mut().find(|t| t.0 == e.term) {
                Some(t) => {
                    t.1 += 1;
                    t.2 += e.contribution;
                }
                None => terms.push((e.term, 1, e.contribution)),
            }
        }
        terms.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)));
        // As many of the top three as keep the line within 80 columns.
        let mut listed: Vec<String> = Vec::new();
        let mut width = PROFILE_PREFIX;
        for &(term, n, _) in terms.iter().take(3) {
            let item = if n > 1 {
                format!("{term} ×{n}")
            } else {
                term.to_string()
            };
            width += item.chars().count() + if listed.is_empty() { 0 } else { 2 };
            if width > 80 {
                break;
            }
            listed.push(item);
        }
        let bar = "█".repeat((value * PROFILE_BAR as f64).round() as usize);
        let s = view.style(role_style(Some(axis_target(axis))));
        let line = format!(
            "{s}{:<10}{s:#} {value:.2}  {s}{bar:<width$}{s:#}  {}",
            axis.id(),
            listed.join(", "),
            width = PROFILE_BAR
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// The role whose colour an axis is drawn in.
fn axis_target(axis: Axis) -> Target {
    Target::Role(match axis {
        Axis::Product => Role::ProductManager,
        Axis::Technical => Role::TechnicalProductManager,
        Axis::Delivery => Role::TechnicalProgramManager,
        Axis::People => Role::TechnologyManager,
    })
}

/// Matches sharing one span (a literal listed by several roles counts for each).
struct Span {
    start: usize,
    end: usize,
    targets: Vec<Target>,
}

/// The spans in `field`, each with its roles, highest contribution first.
fn spans(evidence: &[Evidence], field: Field) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for e in evidence.iter().filter(|e| e.field == field) {
        match spans
            .iter_mut()
            .find(|s| s.start == e.start && s.end == e.end)
        {
            Some(s) if !s.targets.contains(&e.role) => s.targets.push(e.role),
            Some(_) => {}
            None => spans.push(Span {
                start: e.start,
                end: e.end,
                targets: std::iter::once(e.role)
                    .chain(e.also.iter().map(|a| a.role))
                    .collect(),
            }),
        }
    }
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    spans
}

/// `body` with each span marked: coloured, or `[[text|role]]`.
fn highlight(body: &str, spans: &[Span], view: &View) -> String {
    let mut out = String::with_capacity(body.len() + spans.len() * 32);
    let mut at = 0;
    for s in spans {
        // Overlapping spans are not expected; keep the first one whole.
        if s.start < at || s.end > body.len() || s.start >= s.end {
            continue;
        }
        push_clean(&mut out, &body[at..s.start]);
        if view.color {
            let style = role_style(Some(s.targets[0])).effects(Effects::BOLD | Effects::UNDERLINE);
            let _ = write!(out, "{style}");
            push_clean(&mut out, &body[s.start..s.end]);
            let _ = write!(out, "{style:#}");
        } else {
            out.push_str("[[");
            push_clean(&mut out, &body[s.start..s.end]);
            out.push('|');
            let ids: Vec<&str> = s.targets.iter().map(|t| t.id()).collect();
            out.push_str(&ids.join(","));
            out.push_str("]]");
        }
        at = s.end;
    }
    push_clean(&mut out, &body[at..]);
    out
}

/// Appends `text` with terminal control characters made visible, so a posting
/// cannot move the cursor or change colours.
fn push_clean(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '\n' | '\t' => out.push(ch),
            '\r' => {}
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + ch as u32).unwrap_or('?')),
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
            _ => out.push(ch),
        }
    }
}

/// Drops trailing blanks; for blanked HTML also collapses runs of spaces and blank lines.
fn tidy(text: &str, collapse: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        let line = if collapse {
            collapse_spaces(line.trim_start())
        } else {
            line.to_string()
        };
        if line.is_empty() {
            blank_run += 1;
            if collapse && blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(&line);
        out.push('\n');
    }
    let trimmed = out.trim_matches('\n');
    trimmed.to_string()
}

fn collapse_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for ch in line.chars() {
        if ch == ' ' || ch == '\t' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(ch);
            space = false;
        }
    }
    out
}

/// What one span counted for one target: an evidence item, or one of its
/// `also` entries.
struct Counted<'a> {
    role: Target,
    neighbour: Option<Neighbour>,
    term: &'a str,
    category: Category,
    weight: f64,
    contribution: f64,
    field: Field,
}

/// Every target each evidence span counts for.
fn counted(evidence: &[Evidence]) -> impl Iterator<Item = Counted<'_>> {
    evidence.iter().flat_map(|e| {
        let own = Counted {
            role: e.role,
            neighbour: e.neighbour,
            term: &e.term,
            category: e.category,
            weight: e.weight,
            contribution: e.contribution,
            field: e.field,
        };
        std::iter::once(own).chain(e.also.iter().map(move |a| Counted {
            role: a.role,
            neighbour: a.neighbour,
            term: &a.term,
            category: a.category,
            weight: a.weight,
            contribution: a.contribution,
            field: e.field,
        }))
    })
}

/// One term's matches for one role.
struct TermStat<'a> {
    term: &'a str,
    neighbour: Option<Neighbour>,
    category: &'static str,
    weight: f64,
    count: usize,
    in_title: usize,
    contribution: f64,
}

fn term_stats(evidence: &[Evidence], target: Target) -> Vec<TermStat<'_>> {
    let mut stats: Vec<TermStat> = Vec::new();
    for e in counted(evidence).filter(|e| e.role == target) {
        let i = match stats.iter().position(|s| s.term == e.term) {
            Some(i) => i,
            None => {
                stats.push(TermStat {
                    term: e.term,
                    neighbour: e.neighbour,
                    category: e.category.as_str(),
                    weight: e.weight,
                    count: 0,
                    in_title: 0,
                    contribution: 0.0,
                });
                stats.len() - 1
            }
        };
        let s = &mut stats[i];
        s.count += 1;
        s.in_title += usize::from(e.field == Field::Title);
        s.contribution += e.contribution;
    }
    stats.sort_by(|a, b| {
        b.contribution
            .total_cmp(&a.contribution)
            .then(a.term.cmp(b.term))
    });
    stats
}

fn score_of(c: &Classification, target: Target) -> f64 {
    match target {
        Target::Role(r) => c.score(r),
        Target::Other => c.other_score,
        Target::Technical => c.technical_score,
    }
}

fn breakdown(out: &mut String, c: &Classification, view: &View) {
    view.heading(out, "Scores");
    let mut roles = Role::ALL;
    roles.sort_by(|a, b| c.score(*b).total_cmp(&c.score(*a)));
    let targets = roles
        .map(Target::Role)
        .into_iter()
        .chain([Target::Other, Target::Technical]);
    for target in targets {
        let score = score_of(c, target);
        let stats = term_stats(&c.evidence, target);
        let matches: usize = stats.iter().map(|s| s.count).sum();
        let note = match target {
            Target::Role(r) if c.role == Some(r) => "  (named)",
            Target::Role(r) if c.runner_up == Some(r) && c.role.is_some() => "  (runner-up)",
            Target::Role(r) if c.runner_up == Some(r) => "  (best, not named)",
            Target::Other => "  (other jobs: all neighbouring families together)",
            Target::Technical => "  (technical depth: splits a family, names no role)",
            _ => "",
        };
        let name = view.target(target);
        let pad = 27usize.saturating_sub(target.id().len());
        let _ = writeln!(out, "{name}{:pad$}{score:>7.2}{note}", "");
        // The evidence behind the line: a product role's own, before the
        // family's score is shared out by technical depth.
        let own = match target {
            Target::Role(r @ (Role::ProductManager | Role::TechnicalProductManager)) => {
                let own = c.role_evidence[r.index()];
                let family = c.family_score(r);
                let named = (c.technical_share >= 0.5) == (r == Role::TechnicalProductManager);
                let share = c.technical_share * 100.0;
                if family > 0.0 && named {
                    let _ = writeln!(
                        out,
                        "    the product family's {family:.2} (technical share {share:.0}%, {} 50%); own evidence {own:.2}",
                        if r == Role::ProductManager { "under" } else { "from" }
                    );
                } else if family > 0.0 {
                    let factor = 1.0 - (c.technical_share - 0.5).abs() * 2.0;
                    let _ = writeln!(
                        out,
                        "    the product family's {family:.2} × {factor:.2} (technical share {share:.0}%); own evidence {own:.2}"
                    );
                }
                own
            }
            _ => score,
        };
        if matches == 0 {
            let _ = writeln!(out, "    no matches");
            continue;
        }
        let title: f64 = counted(&c.evidence)
            .filter(|e| e.role == target && e.field == Field::Title)
            .fold(0.0, |sum, e| sum + e.contribution);
        let share = if own > 0.0 { title / own } else { 0.0 };
        let _ = writeln!(
            out,
            "    {matches} match{} of {} term{}; title share {:.0}% ({title:.2} of {own:.2})",
            if matches == 1 { "" } else { "es" },
            stats.len(),
            if stats.len() == 1 { "" } else { "s" },
            share * 100.0
        );
        if let Target::Role(_) = target {
            people_note(out, c, target, own, view.min_score);
        }
        for s in stats.iter().take(view.top) {
            let title = if s.in_title > 0 {
                format!(", {} in title", s.in_title)
            } else {
                String::new()
            };
            let family = s.neighbour.map_or(String::new(), |n| format!("{n}: "));
            let _ = writeln!(
                out,
                "    {:>+8.2}  {} ×{}{title}  [{family}{}, weight {}]",
                s.contribution, s.term, s.count, s.category, s.weight
            );
        }
        if stats.len() > view.top {
            let rest = &stats[view.top..];
            let sum: f64 = rest.iter().map(|s| s.contribution).sum();
            let _ = writeln!(
                out,
                "    {sum:>+8.2}  … {} more term{} (--top N to list more)",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            );
        }
    }
}

/// When a role's `people` evidence (managing any team) was scaled down: by
/// how much, and why. The factor is the role's other evidence plus the
/// technical vocabulary against the minimum score, as the classifier sets it.
fn people_note(out: &mut String, c: &Classification, target: Target, score: f64, min: f64) {
    let mut people = counted(&c.evidence)
        .filter(|e| e.role == target && e.category == Category::People)
        .peekable();
    if people.peek().is_none() {
        return;
    }
    let people: f64 = people.map(|e| e.contribution).sum();
    let shown = score - people + c.technical_score;
    if shown < min {
        let _ = writeln!(
            out,
            "    people management counts ×{:.2}: its other evidence and the technical vocabulary \
             make {shown:.2} of the {min:.2} that show engineers or technology",
            (shown / min).max(0.0)
        );
    }
}

/// The family a role belongs to, with its score (the sum of its roles' scores).
fn family_of(c: &Classification, role: Role) -> (&'static str, f64) {
    let name = match role {
        Role::ProductManager | Role::TechnicalProductManager => "product",
        Role::TechnologyManager => "technology",
        Role::TechnicalProgramManager => "program",
    };
    (name, c.family_score(role))
}

/// How the role within a family was chosen.
fn within_family(out: &mut String, c: &Classification, role: Role, view: &View) {
    match role {
        Role::ProductManager | Role::TechnicalProductManager => {
            let _ = writeln!(
                out,
                "Within the product family, technical vocabulary is {:.0}% of the product evidence (technical product manager from 50%): {}.",
                c.technical_share * 100.0,
                view.target(Target::Role(role)),
            );
        }
        Role::TechnicalProgramManager => {
            if let Some(depth) = view.program_depth {
                let _ = writeln!(
                    out,
                    "Technical depth {:.2} reaches the {depth:.2} a technical program manager needs.",
                    c.technical_score
                );
            }
        }
        Role::TechnologyManager => {}
    }
}

fn verdict(out: &mut String, c: &Classification, view: &View) {
    view.heading(out, "Verdict");
    let min = view.min_score;
    let other = c.other_score;
    match c.role {
        Some(role) => {
            let (family, top) = family_of(c, role);
            let neighbours = if other > 0.0 {
                format!("beats the score of other jobs' vocabulary {other:.2}")
            } else {
                "no vocabulary of a neighbouring job matched".to_string()
            };
            let _ = writeln!(
                out,
                "Named {}: the {family} family scores {top:.2}, reaching the minimum score {min:.2} (--min-score), and {neighbours}.",
                view.target(Target::Role(role)),
            );
            within_family(out, c, role, view);
            match c.runner_up {
                Some(r) => {
                    let _ = writeln!(
                        out,
                        "Runner-up: {} ({:.2}).",
                        view.target(Target::Role(r)),
                        c.score(r),
                    );
                }
                None => {
                    let _ = writeln!(out, "No other role scored: there is no runner-up.");
                }
            }
            let _ = writeln!(
                out,
                "Confidence {:.2}: it grows with the family's lead over the closest rival family or neighbouring job, with its score, and with how clear the choice within the family was.",
                c.confidence
            );
        }
        None => {
            let best = c.runner_up.map(|r| (r, family_of(c, r)));
            let _ = writeln!(out, "Unclassified:");
            let top = best.map_or(0.0, |(_, (_, top))| top);
            match best {
                None => {
                    let _ = writeln!(out, "  - no role vocabulary matched.");
                }
                Some((_, (family, top))) if top < min => {
                    let _ = writeln!(
                        out,
                        "  - the best family, {family}, scored {top:.2}, below the minimum score {min:.2} (--min-score).",
                    );
                }
                Some((Role::TechnicalProgramManager, (_, top))) if top > other => {
                    let _ = writeln!(
                        out,
                        "  - a program job (score {top:.2}) without the technical depth of a technical program manager: {:.2} of the {:.2} needed.",
                        c.technical_score,
                        view.program_depth.unwrap_or_default()
                    );
                }
                Some((_, (family, top))) => {
                    let _ = writeln!(
                        out,
                        "  - the best family, {family}, scored {top:.2}, enough for the minimum score {min:.2}, but",
                    );
                }
            }
            if other > 0.0 && other >= top {
                let family = c.neighbour.map_or("other", Neighbour::id);
                let terms: Vec<&str> = term_stats(&c.evidence, Target::Other)
                    .iter()
                    .filter(|s| s.neighbour == c.neighbour)
                    .take(3)
                    .map(|s| s.term)
                    .collect();
                let _ = writeln!(
                    out,
                    "  - it reads as another job, mostly {family} ({}): other jobs' vocabulary scores {other:.2}, at least the best role family's {top:.2}.",
                    terms.join(", ")
                );
            }
            let _ = writeln!(
                out,
                "Confidence {:.2}: how far the best family falls short of the minimum score (or of the technical depth a program job needs), or how far the neighbouring job outscores it.",
                c.confidence
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_made_visible() {
        let mut out = String::new();
        push_clean(&mut out, "a\x1b[31mb\r\n\u{9b}c\td");
        assert_eq!(out, "a\u{241b}[31mb\n\u{fffd}c\td");
    }

    #[test]
    fn html_whitespace_is_collapsed() {
        assert_eq!(
            tidy("   Hiring a    PM   \n\n  \n\n  now  ", true),
            "Hiring a PM\n\nnow"
        );
        assert_eq!(tidy("  keep  this \n\n\nx", false), "  keep  this\n\n\nx");
    }
}

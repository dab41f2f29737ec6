//! Context of a job-title mention in posting text: is it the role being hired,
//! or someone the hire works with?
//!
//! "We are looking for a Product Manager" names the role; "you will partner
//! with product managers" names a collaborator. Only the few words before the
//! mention (within its sentence) are read, so this costs nothing per byte.
//!
//! Like the matcher, this reads text however it was spaced: a run of
//! whitespace counts as one space, curly apostrophes as straight ones, and a
//! line break inside wrapped prose (after a line of [`WRAPPED_LINE`] or more
//! characters) as a space rather than the end of a phrase.

use crate::matcher::view_width;

/// How a title mention in the text relates to the job being offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// The mention names the job: "hiring a", "as our", "role of".
    Hiring,
    /// The mention names a colleague: "with", "alongside", "report to".
    Collaborator,
    /// The hire's background: "experience as a", "years as".
    Background,
    /// An abbreviation in parentheses restating the words before it
    /// ("Chief Technology Officer (CTO)"): counted with them, not again.
    Restated,
    /// A part the hire plays besides the job: "acting as the CTO of the
    /// partnership", "operate as a product manager for the CRM".
    ActingAs,
    /// Nothing either way.
    Neutral,
}

/// Words skipped when looking back from a title (they sit between the cue and the title).
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "our",
    "senior",
    "sr",
    "lead",
    "principal",
    "staff",
    "junior",
    "associate",
    "experienced",
    "talented",
    "first",
    "new",
    "founding",
    "full",
    "time",
    "remote",
    "great",
    "strong",
    "passionate",
    "dedicated",
    "driven",
    "motivated",
    "seasoned",
    "technical",
    "hands",
    "on",
    "head",
    "group",
    "chief",
    "global",
    "interim",
    "exceptional",
];

/// Cue words right before the title (after fillers) that mark the job itself.
const HIRING: &[&str] = &[
    "seeking",
    "recruiting",
    "as",
    "is",
    "be",
    "are",
    "need",
    "needs",
    "wanted",
    "join",
    "become",
    "you",
    "am",
    "we're",
    "role",
    "position",
    "title",
];

/// Words before "for" that make it the search for the hire ("looking for").
const SEARCHING: &[&str] = &[
    "looking",
    "searching",
    "search",
    "seeking",
    "hiring",
    "recruiting",
    "opening",
    "openings",
    "vacancy",
    "need",
];

/// Cue words that mark a colleague.
const COLLABORATOR: &[&str] = &[
    "with",
    "alongside",
    "partner",
    "partners",
    "partnering",
    "support",
    "supporting",
    "supports",
    "and",
    "including",
    "between",
    "among",
    "amongst",
    "fellow",
    "other",
    "from",
    "by",
    "like",
    "help",
    "helping",
    "enable",
    "enabling",
    "across",
    "liaise",
    "collaborate",
    "collaborating",
    "coordinate",
    "coordinating",
    "engineers",
    "designers",
    "peers",
    "team",
    "teams",
    "or",
    "via",
    "into",
    "than",
    "manage",
    "managing",
    "mentor",
    "mentoring",
    "coach",
    "coaching",
    "hire",
    "hiring",
    "grow",
    "growing",
    "build",
    "building",
    "many",
    "multiple",
    "several",
    // A possessive names someone already there: "with your product manager".
    "your",
    "their",
    "his",
    "her",
    "my",
];

/// Job nouns that, right before a comma, make a title one of a list of jobs.
const JOB_WORDS: &[&str] = &[
    "engineer",
    "designer",
    "developer",
    "researcher",
    "analyst",
    "scientist",
    "marketer",
    "architect",
    "manager",
    "consultant",
];

/// Words before "as" (or "with", "in") that make a title the hire's background
/// ("experience as a", "experience with", "years in a").
const PAST: &[&str] = &[
    "experience",
    "years",
    "year",
    "worked",
    "background",
    "served",
    "tenure",
    "career",
    "previously",
    "formerly",
];

/// Words before "as" that make a title a part the hire plays, not the job.
const ACTING: &[&str] = &[
    "act",
    "acts",
    "acting",
    "operate",
    "operates",
    "operating",
    "function",
    "functions",
    "functioning",
];

/// True when one of the last `n` words is "as" right after a [`PAST`] word.
fn preceded_by_past_as(words: &[&str], n: usize) -> bool {
    let from = words.len().saturating_sub(n + 1);
    words[from..].windows(2).any(|pair| {
        pair[1].eq_ignore_ascii_case("as") && PAST.iter().any(|p| pair[0].eq_ignore_ascii_case(p))
    })
}

/// How far back (in bytes, as the matcher reads the text) to look for cues.
const WINDOW: usize = 60;

/// Words right after a title that mark the job itself ("the Product Manager role").
const JOB_NOUNS: &[&str] = &[
    "role",
    "roles",
    "position",
    "positions",
    "opening",
    "openings",
    "opportunity",
    "vacancy",
    "job",
];

/// A line at least this many characters long (a whitespace run counted once)
/// is taken for wrapped prose: the line break after it is a space.
pub const WRAPPED_LINE: usize = 40;

/// True when the line break at `text[nl]` wraps prose rather than ending a line.
fn wraps(text: &str, nl: usize) -> bool {
    back(text, nl, WRAPPED_LINE, true).1 >= WRAPPED_LINE
}

/// Walks back from `end` over at most `budget` bytes of text as the matcher
/// reads it (a whitespace or dash run counts one byte, a curly quote one),
/// stopping after a line break when `to_line_start`. Returns where it
/// stopped and the bytes counted.
fn back(text: &str, end: usize, budget: usize, to_line_start: bool) -> (usize, usize) {
    let (mut used, mut in_gap) = (0, false);
    for (i, c) in text[..end].char_indices().rev() {
        if to_line_start && c == '\n' {
            return (i + 1, used);
        }
        let width = view_width(c);
        let cost = match width {
            None if in_gap => 0,
            None => 1,
            Some(w) => w,
        };
        if used + cost > budget {
            return (i + c.len_utf8(), used);
        }
        used += cost;
        in_gap = width.is_none();
    }
    (0, used)
}

/// Classifies the title mention at `text[start..end]`.
pub fn of_title_mention(text: &str, start: usize, end: usize) -> Context {
    if text[..start].trim_end().ends_with('(') && text[end..].trim_start().starts_with(')') {
        return Context::Restated;
    }
    let after = &text[end..];
    let skip = after
        .char_indices()
        .find(|&(i, c)| {
            let gap = view_width(c).is_none() && (c != '\n' || wraps(text, end + i));
            !(gap || c == ',')
        })
        .map_or(after.len(), |(i, _)| i);
    let next_word = after[skip..]
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let context = before(text, start);
    // "the Product Manager role" names the job, unless it was the hire's
    // background ("2 years in a Product Manager role").
    if context != Context::Background && JOB_NOUNS.iter().any(|n| next_word.eq_ignore_ascii_case(n))
    {
        return Context::Hiring;
    }
    context
}

/// Classifies a title mention by the words before byte `start`.
fn before(text: &str, start: usize) -> Context {
    let from = back(text, start, WINDOW, false).0;
    let mut window = &text[from..start];
    // Stay within the mention's sentence or line (a wrapped line goes on).
    let mut search = window.len();
    while let Some(i) = window[..search].rfind(['.', '!', '?', '\n', ':', ';', '|', '(', '•']) {
        if window[i..].starts_with('\n') && wraps(text, from + i) {
            search = i;
            continue;
        }
        // Skip the separator itself, whatever its width in bytes.
        let width = window[i..].chars().next().map_or(0, char::len_utf8);
        window = &window[i + width..];
        break;
    }
    let words: Vec<&str> = window
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
        .collect();
    // "(as an Engineer, Designer, Product Manager, or …)": one job in a list of
    // jobs is a kind of person, not the job itself.
    if window.trim_end().ends_with(',')
        && words.last().is_some_and(|w| {
            let w = w.to_ascii_lowercase();
            JOB_WORDS
                .iter()
                .any(|j| w == *j || w.strip_suffix('s') == Some(j))
        })
    {
        return Context::Collaborator;
    }
    // "seeking a Growth and Lifecycle Marketing Manager": capitalised words
    // (and an "and" between two of them) right before the mention belong to
    // the job's title; when a hiring cue comes before them, the mention is the job.
    let mut qualifiers = 0;
    while let Some(w) = words.len().checked_sub(qualifiers + 1).map(|i| words[i]) {
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        let joins = w == "and"
            && words
                .len()
                .checked_sub(qualifiers + 2)
                .is_some_and(|i| words[i].chars().next().is_some_and(char::is_uppercase));
        if !(capitalised || joins) {
            break;
        }
        qualifiers += 1;
    }
    let context = cue_context(&words);
    if qualifiers > 0 && context != Context::Hiring {
        let inner = cue_context(&words[..words.len() - qualifiers]);
        if inner == Context::Hiring {
            return inner;
        }
    }
    context
}

/// The context the words before a mention (in text order) give it, read from
/// the nearest word back.
fn cue_context(words: &[&str]) -> Context {
    let mut cues = words
        .iter()
        .rev()
        .map(|w| w.to_ascii_lowercase().replace('\u{2019}', "'"));
    let Some(mut cue) = cues.next() else {
        return Context::Neutral;
    };
    let mut skipped_article = false;
    let mut skipped_indefinite = false;
    while FILLER.contains(&cue.as_str()) {
        skipped_article |= matches!(cue.as_str(), "a" | "an" | "our");
        skipped_indefinite |= matches!(cue.as_str(), "a" | "an");
        match cues.next() {
            Some(next) => cue = next,
            None => return Context::Neutral,
        }
    }
    match cue.as_str() {
        // "hiring a product manager" names the job; "hiring product managers" is
        // the hire's own responsibility (a manager of managers).
        "hiring" | "hire" if skipped_article => return Context::Hiring,
        // "looking for a product manager" names the job; "a knowledge base for
        // product managers" serves colleagues.
        "for" => {
            let searching = cues.next().is_some_and(|w| SEARCHING.contains(&w.as_str()));
            return if skipped_indefinite || searching {
                Context::Hiring
            } else {
                Context::Neutral
            };
        }
        // "5 years of experience as a software engineer", "years as a program or
        // engineering manager": the hire's background, not the job nor a colleague.
        "as" | "or" if preceded_by_past_as(words, 4) => return Context::Background,
        "as" if cues.next().is_some_and(|w| ACTING.contains(&w.as_str())) => {
            return Context::ActingAs
        }
        // "experience with technical program management", "2 years in a
        // product manager role": a discipline the hire has practised, not a
        // colleague nor the job.
        "with" | "in" if cues.next().is_some_and(|w| PAST.contains(&w.as_str())) => {
            return Context::Background
        }
        // "the role of product manager" names the job; "a team of engineers" does not.
        "of" => {
            let owner = cues.next().unwrap_or_default();
            return if matches!(owner.as_str(), "role" | "position" | "title" | "capacity") {
                Context::Hiring
            } else {
                Context::Collaborator
            };
        }
        // "reports (directly) to the CTO" names a colleague; "apply to" the job.
        "to" => {
            let earlier: Vec<String> = cues.take(2).collect();
            return if earlier.iter().any(|w| w.starts_with("report")) {
                Context::Collaborator
            } else if earlier.iter().any(|w| w.starts_with("apply")) {
                Context::Hiring
            } else {
                Context::Neutral
            };
        }
        c if HIRING.contains(&c) => return Context::Hiring,
        _ => {}
    }
    if COLLABORATOR.contains(&cue.as_str()) {
        return Context::Collaborator;
    }
    Context::Neutral
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(sentence: &str) -> Context {
        let start = sentence
            .find("Product Manager")
            .expect("test sentence names the title");
        of_title_mention(sentence, start, start + "Product Manager".len())
    }

    #[test]
    fn an_abbreviation_in_parentheses_restates_the_title() {
        let text = "Hiring a Chief Product Officer ( Product Manager ) to lead";
        let start = text.find("Product Manager").unwrap();
        let end = start + "Product Manager".len();
        assert_eq!(of_title_mention(text, start, end), Context::Restated);
        assert_eq!(ctx("Product Manager (remote)"), Context::Neutral);
    }

    #[test]
    fn a_part_the_hire_plays_is_not_the_job() {
        for sentence in [
            "Operate as a Product Manager for the CRM the sales team uses",
            "acting as the Product Manager of the partnership",
            "You will act as Product Manager for internal tools",
        ] {
            assert_eq!(ctx(sentence), Context::ActingAs, "{sentence}");
        }
        assert_eq!(ctx("You will join as a Product Manager"), Context::Hiring);
    }

    #[test]
    fn the_job_itself() {
        assert_eq!(
            ctx("We are looking for a Product Manager to own"),
            Context::Hiring
        );
        assert_eq!(
            ctx("As our first Product Manager you will"),
            Context::Hiring
        );
        assert_eq!(
            ctx("We're hiring a Senior Product Manager"),
            Context::Hiring
        );
        assert_eq!(ctx("The role of Product Manager"), Context::Hiring);
    }

    #[test]
    fn capitalised_words_of_the_title_before_it_do_not_hide_the_hiring_cue() {
        assert_eq!(
            ctx("We are seeking a Growth and Platform Product Manager to join us"),
            Context::Hiring
        );
        assert_eq!(ctx("We're hiring a Lead Product Manager"), Context::Hiring);
        // Capitalised words that are not preceded by a hiring cue change nothing.
        assert_eq!(
            ctx("Partner with Design and Product Managers"),
            Context::Collaborator
        );
        assert_eq!(
            ctx("Engineering and Product Managers meet"),
            Context::Collaborator
        );
    }

    #[test]
    fn a_colleague() {
        assert_eq!(
            ctx("You will work closely with Product Manager peers"),
            Context::Collaborator
        );
        assert_eq!(
            ctx("Partner with designers and Product Managers"),
            Context::Collaborator
        );
        assert_eq!(
            ctx("Reports to the Head of Product. Product Manager"),
            Context::Neutral
        );
        assert_eq!(
            ctx("You report to the Product Manager"),
            Context::Collaborator
        );
    }

    #[test]
    fn a_possessive_names_a_colleague() {
        assert_eq!(
            ctx("Collaborate closely with your Product Manager"),
            Context::Collaborator
        );
        assert_eq!(
            ctx("Set goals for the team and their Product Manager"),
            Context::Collaborator
        );
        assert_eq!(ctx("Your Product Manager"), Context::Collaborator);
        assert_eq!(ctx("Be our Product Manager"), Context::Hiring);
    }

    #[test]
    fn reporting_lines_and_job_nouns() {
        assert_eq!(
            ctx("You will report directly to the Product Manager"),
            Context::Collaborator
        );
        assert_eq!(
            ctx("Apply to our Senior Product Manager role"),
            Context::Hiring
        );
        assert_eq!(
            ctx("Apply to our Senior Product Manager - Enterprise"),
            Context::Hiring
        );
        assert_eq!(
            ctx("Salary ranges from Analyst to Product Manager"),
            Context::Neutral
        );
    }

    #[test]
    fn for_names_the_job_only_when_searching_or_with_an_article() {
        assert_eq!(ctx("We are looking for Product Managers"), Context::Hiring);
        assert_eq!(ctx("Opening for a Product Manager"), Context::Hiring);
        assert_eq!(
            ctx("Act as a knowledge base for Product Managers"),
            Context::Neutral
        );
        assert_eq!(
            ctx("Build dashboards for our Product Managers"),
            Context::Neutral
        );
    }

    #[test]
    fn a_title_in_a_list_of_jobs_is_a_kind_of_person() {
        assert_eq!(
            ctx("Technical consulting (as an Engineer, Designer, Product Manager, or Analyst)"),
            Context::Collaborator
        );
    }

    #[test]
    fn past_experience_is_background() {
        assert_eq!(
            ctx("2+ years in a Product Manager role"),
            Context::Background
        );
        assert_eq!(
            ctx("Experience in a Product Manager position"),
            Context::Background
        );
        assert_eq!(ctx("Apply for the Product Manager role"), Context::Hiring);
        assert_eq!(
            ctx("5 years of experience as a Product Manager"),
            Context::Background
        );
        assert_eq!(
            ctx("3 years as a Program or Product Manager"),
            Context::Background
        );
        assert_eq!(
            ctx("You have worked as a Senior Product Manager"),
            Context::Background
        );
        assert_eq!(
            ctx("5 years of experience with Product Manager duties"),
            Context::Background
        );
        assert_eq!(
            ctx("Collaborate closely with Product Manager"),
            Context::Collaborator
        );
        assert_eq!(ctx("Join us as a Product Manager"), Context::Hiring);
        assert_eq!(
            ctx("You will be working as a Product Manager"),
            Context::Hiring
        );
        assert_eq!(
            ctx("Join us full time as a Product Manager"),
            Context::Hiring
        );
        assert_eq!(
            ctx("Years as an engineer help, you partner with a Product Manager"),
            Context::Collaborator
        );
    }

    #[test]
    fn multibyte_separators_end_the_window() {
        assert_eq!(ctx("• Product Manager"), Context::Neutral);
        assert_eq!(ctx("We are hiring • Product Manager"), Context::Neutral);
    }

    #[test]
    fn neutral_at_start_of_sentence() {
        assert_eq!(ctx("Product Manager - remote"), Context::Neutral);
        assert_eq!(ctx("Great pay. Product Manager wanted"), Context::Neutral);
    }
}

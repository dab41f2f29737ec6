//! Lexicon schema, loading and validation.
//!
//! A lexicon folder holds one JSON file per target (`*.json`): one for each of
//! the four roles and, optionally, `other.json` with decoy vocabulary (titles
//! of jobs that share words with the four roles but are none of them). See
//! `lexicons/README.md` for the schema.

use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::role::{Neighbour, Role, Target};

/// The lexicons compiled into the binary (the `lexicons/` folder), in file-name
/// order as [`Lexicon::from_dir`] reads a folder, so that an exported copy
/// classifies exactly as the built-in set.
const EMBEDDED: &[(&str, &str)] = &[
    ("other.json", include_str!("../lexicons/other.json")),
    (
        "other_architecture.json",
        include_str!("../lexicons/other_architecture.json"),
    ),
    (
        "other_data.json",
        include_str!("../lexicons/other_data.json"),
    ),
    (
        "other_design.json",
        include_str!("../lexicons/other_design.json"),
    ),
    (
        "other_engineering.json",
        include_str!("../lexicons/other_engineering.json"),
    ),
    (
        "other_marketing.json",
        include_str!("../lexicons/other_marketing.json"),
    ),
    (
        "other_operations.json",
        include_str!("../lexicons/other_operations.json"),
    ),
    (
        "other_sales.json",
        include_str!("../lexicons/other_sales.json"),
    ),
    (
        "other_support.json",
        include_str!("../lexicons/other_support.json"),
    ),
    (
        "product_manager.json",
        include_str!("../lexicons/product_manager.json"),
    ),
    ("technical.json", include_str!("../lexicons/technical.json")),
    (
        "technical_product_manager.json",
        include_str!("../lexicons/technical_product_manager.json"),
    ),
    (
        "technical_program_manager.json",
        include_str!("../lexicons/technical_program_manager.json"),
    ),
    (
        "technology_manager.json",
        include_str!("../lexicons/technology_manager.json"),
    ),
];

/// The largest weight an entry may have (keeps every score finite).
pub const MAX_WEIGHT: f64 = 1000.0;

/// What kind of evidence a lexicon entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// A job title naming the role ("engineering manager").
    Title,
    /// A skill the role needs.
    Skill,
    /// A metric the role is judged by.
    Kpi,
    /// Something the role does.
    Responsibility,
    /// Someone the role works with.
    Stakeholder,
    /// Something the role produces.
    Deliverable,
    /// Subject matter the role works in.
    Domain,
    /// Managing people, whatever the team ("direct reports", "one-on-ones"):
    /// it counts for its role in full only when the role's other evidence and
    /// the technical vocabulary reach [`crate::Options::min_score`], and in
    /// proportion below that.
    People,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 8] = [
        Category::Title,
        Category::Skill,
        Category::Kpi,
        Category::Responsibility,
        Category::Stakeholder,
        Category::Deliverable,
        Category::Domain,
        Category::People,
    ];

    /// The lowercase name used in lexicon files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Title => "title",
            Category::Skill => "skill",
            Category::Kpi => "kpi",
            Category::Responsibility => "responsibility",
            Category::Stakeholder => "stakeholder",
            Category::Deliverable => "deliverable",
            Category::Domain => "domain",
            Category::People => "people",
        }
    }
}

/// How an entry is matched.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// Literal spellings (ASCII case-insensitive, whole words); the first is the canonical term.
    Literal(Vec<String>),
    /// A regular expression, for the few entries a literal cannot express.
    Regex {
        /// The expression as written in the lexicon.
        source: String,
        /// Whether letter case must match (for acronyms like `TPM`).
        case_sensitive: bool,
    },
}

/// One lexicon entry: a term (with its variants) or a pattern, weighted and categorised.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The role (or decoy) this entry is evidence for.
    pub target: Target,
    /// What to match.
    pub pattern: Pattern,
    /// Score added by one match (before repetition decay and context).
    pub weight: f64,
    /// Kind of evidence.
    pub category: Category,
    /// Other roles that may claim a match instead (e.g. `TPM`): the match is
    /// credited to whichever of `target` and these has the most other evidence.
    pub shared_with: Vec<Role>,
    /// For an `other` entry, the neighbouring job family it is evidence of.
    pub neighbour: Option<Neighbour>,
    /// What the entry matches, in words (required for a regex entry; a
    /// literal entry defaults to its first spelling).
    pub name: Option<String>,
}

impl Entry {
    /// The entry's human name: its `name`, else its first spelling (a regex
    /// entry always has a name once validated).
    pub fn term(&self) -> &str {
        match (&self.name, &self.pattern) {
            (Some(name), _) => name,
            (None, Pattern::Literal(spellings)) => &spellings[0],
            (None, Pattern::Regex { source, .. }) => source,
        }
    }
}

/// A validated set of lexicon entries for all roles.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    entries: Vec<Entry>,
}

/// One problem found while loading a lexicon file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name (as given).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Every problem found in a lexicon folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LexiconError {
    /// The problems, in file order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    role: String,
    /// For `other` files: the neighbouring job family (default `other`).
    #[serde(default)]
    family: Option<String>,
    /// Documentation for people; accepted and not used.
    #[serde(default, rename = "description")]
    _description: Option<serde::de::IgnoredAny>,
    #[serde(borrow)]
    terms: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: Option<String>,
    term: Option<String>,
    #[serde(default)]
    variants: Vec<String>,
    regex: Option<String>,
    #[serde(default)]
    case_sensitive: bool,
    weight: f64,
    category: Category,
    #[serde(default)]
    shared_with: Vec<String>,
}

impl Lexicon {
    /// The default lexicons compiled into the binary.
    pub fn embedded() -> Lexicon {
        Lexicon::from_sources(EMBEDDED.iter().copied())
            .expect("embedded lexicons are validated by the test suite")
    }

    /// The default lexicon files as `(file name, contents)`.
    pub fn embedded_sources() -> &'static [(&'static str, &'static str)] {
        EMBEDDED
    }

    /// Loads every `*.json` file in `dir` (not recursive), in name order,
    /// except `calibration.json` (see [`Calibration`](crate::Calibration)).
    pub fn from_dir(dir: &Path) -> Result<Lexicon, LexiconError> {
        let fail = |message: String| LexiconError {
            problems: vec![Problem {
                file: dir.display().to_string(),
                line: 1,
                column: 1,
                message,
            }],
        };
        let read_dir = std::fs::read_dir(dir).map_err(|e| fail(format!("cannot read: {e}")))?;
        let mut paths: Vec<_> = read_dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter(|p| {
                p.file_name()
                    .is_none_or(|n| n != crate::calibration::FILE_NAME)
            })
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(fail("no *.json lexicon files found".into()));
        }
        let mut files = Vec::with_capacity(paths.len());
        let mut problems = Vec::new();
        for path in paths {
            match std::fs::read_to_string(&path) {
                Ok(text) => files.push((path.display().to_string(), text)),
                Err(e) => problems.push(Problem {
                    file: path.display().to_string(),
                    line: 1,
                    column: 1,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        match Lexicon::from_sources(files.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            Ok(lex) if problems.is_empty() => Ok(lex),
            Ok(_) => Err(LexiconError { problems }),
            Err(mut e) => {
                problems.append(&mut e.problems);
                Err(LexiconError { problems })
            }
        }
    }

    /// Parses and validates lexicon files given as `(file name, contents)`.
    ///
    /// All problems of all files are collected before returning.
    pub fn from_sources<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Lexicon, LexiconError> {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        let mut seen_targets: Vec<(Target, Option<Neighbour>, String)> = Vec::new();
        for (name, text) in files {
            let mut report = |offset: usize, message: String| {
                let (line, column) = line_column(text, offset);
                problems.push(Problem {
                    file: name.to_string(),
                    line,
                    column,
                    message,
                });
            };
            let raw: RawFile = match serde_json::from_str(text) {
                Ok(raw) => raw,
                Err(e) => {
                    problems.push(Problem {
                        file: name.to_string(),
                        line: e.line().max(1),
                        column: e.column().max(1),
                        message: format!("invalid JSON: {}", strip_position(&e.to_string())),
                    });
                    continue;
                }
            };
            let role_at = text.find("\"role\"").unwrap_or(0);
            let Some(target) = Target::from_id(&raw.role) else {
                report(
                    role_at,
                    format!(
                        "unknown role {:?} (expected one of: {})",
                        raw.role,
                        Target::ALL.map(|t| t.id()).join(", ")
                    ),
                );
                continue;
            };
            let neighbour = match (target, raw.family.as_deref()) {
                (Target::Other, None) => Some(Neighbour::Other),
                (Target::Other, Some(id)) => match Neighbour::from_id(id) {
                    Some(n) => Some(n),
                    None => {
                        report(
                            text.find("\"family\"").unwrap_or(0),
                            format!(
                                "unknown family {id:?} (expected one of: {})",
                                Neighbour::ALL.map(|n| n.id()).join(", ")
                            ),
                        );
                        continue;
                    }
                },
                (_, None) => None,
                (_, Some(_)) => {
                    report(
                        text.find("\"family\"").unwrap_or(0),
                        "\"family\" is only for role \"other\" (a neighbouring job family)"
                            .to_string(),
                    );
                    continue;
                }
            };
            if let Some((_, _, other)) = seen_targets
                .iter()
                .find(|(t, n, _)| *t == target && *n == neighbour)
            {
                let what = match neighbour {
                    Some(n) => format!("role {:?} with family {:?}", raw.role, n.id()),
                    None => format!("role {:?}", raw.role),
                };
                report(role_at, format!("{what} is already defined in {other}"));
                continue;
            }
            seen_targets.push((target, neighbour, name.to_string()));
            let mut spellings_seen: std::collections::HashMap<String, usize> =
                std::collections::HashMap::new();
            for raw_entry in raw.terms {
                let entry_text = raw_entry.get();
                let base = entry_text.as_ptr() as usize - text.as_ptr() as usize;
                let at = |needle: &str| base + entry_text.find(needle).unwrap_or(0);
                let parsed: RawEntry = match serde_json::from_str(entry_text) {
                    Ok(p) => p,
                    Err(e) => {
                        let inner = offset_of(entry_text, e.line(), e.column());
                        report(
                            base + inner,
                            format!("invalid entry: {}", strip_position(&e.to_string())),
                        );
                        continue;
                    }
                };
                let mut entry_ok = true;
                let mut fail = |offset: usize, message: String| {
                    entry_ok = false;
                    report(offset, message);
                };
                if !(parsed.weight > 0.0 && parsed.weight <= MAX_WEIGHT) {
                    fail(
                        at("\"weight\""),
                        format!(
                            "weight must be positive and at most {MAX_WEIGHT}, got {}",
                            parsed.weight
                        ),
                    );
                }
                let mut shared_with = Vec::new();
                for id in &parsed.shared_with {
                    match Role::from_id(id) {
                        Some(r) if Target::Role(r) != target => shared_with.push(r),
                        _ => fail(
                            at("\"shared_with\""),
                            format!("shared_with names {id:?}, which is not another role"),
                        ),
                    }
                }
                if parsed.category == Category::People
                    && (!matches!(target, Target::Role(_)) || !shared_with.is_empty())
                {
                    fail(
                        at("\"category\""),
                        "category \"people\" is for a role's own entries (not technical, \
                         other or shared_with)"
                            .to_string(),
                    );
                }
                let pattern = match (parsed.term, parsed.regex) {
                    (Some(term), None) => {
                        let mut spellings = Vec::with_capacity(1 + parsed.variants.len());
                        for (i, s) in std::iter::once(term).chain(parsed.variants).enumerate() {
                            let key = if i == 0 { "\"term\"" } else { "\"variants\"" };
                            if s.trim().is_empty() {
                                fail(at(key), "empty term".to_string());
                                continue;
                            }
                            if s.trim() != s {
                                fail(
                                    at(key),
                                    format!("term {s:?} has leading or trailing whitespace"),
                                );
                                continue;
                            }
                            let folded = s.to_ascii_lowercase();
                            if spellings_seen.contains_key(&folded) {
                                let quoted = serde_json::to_string(&s).unwrap_or_default();
                                fail(
                                    at(&quoted),
                                    format!("duplicate term {s:?} within role {}", target.id()),
                                );
                                continue;
                            }
                            spellings_seen.insert(folded, base);
                            spellings.push(s);
                        }
                        Pattern::Literal(spellings)
                    }
                    (None, Some(source)) => {
                        if !parsed.variants.is_empty() {
                            fail(
                                at("\"variants\""),
                                "a regex entry cannot have variants".into(),
                            );
                        }
                        if parsed.name.is_none() {
                            fail(
                                at("\"regex\""),
                                "a regex entry needs a \"name\": what it matches, in words \
                                 (shown as the evidence term)"
                                    .into(),
                            );
                        }
                        if source.is_empty() {
                            fail(at("\"regex\""), "empty regex".into());
                        } else if let Err(e) = regex::RegexBuilder::new(&source)
                            .case_insensitive(!parsed.case_sensitive)
                            .build()
                        {
                            let first = e.to_string().lines().last().unwrap_or("").to_string();
                            fail(
                                at("\"regex\""),
                                format!("invalid regex {source:?}: {first}"),
                            );
                        }
                        Pattern::Regex {
                            source,
                            case_sensitive: parsed.case_sensitive,
                        }
                    }
                    (Some(_), Some(_)) => {
                        fail(
                            base,
                            "an entry has either \"term\" or \"regex\", not both".into(),
                        );
                        continue;
                    }
                    (None, None) => {
                        fail(base, "an entry needs \"term\" or \"regex\"".into());
                        continue;
                    }
                };
                if let Some(name) = &parsed.name {
                    if name.trim().is_empty() || name.trim() != name {
                        fail(
                            at("\"name\""),
                            format!("name {name:?} is empty or has leading or trailing whitespace"),
                        );
                    }
                }
                if entry_ok {
                    entries.push(Entry {
                        name: parsed.name,
                        target,
                        pattern,
                        weight: parsed.weight,
                        category: parsed.category,
                        shared_with,
                        neighbour,
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(Lexicon { entries })
        } else {
            Err(LexiconError { problems })
        }
    }

    /// Builds a lexicon from entries made in code (no validation of positions).
    pub fn from_entries(entries: Vec<Entry>) -> Lexicon {
        Lexicon { entries }
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Every literal spelling of every entry (the automaton's input), deduplicated
    /// case-insensitively, in first-seen order.
    pub fn literals(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for e in &self.entries {
            if let Pattern::Literal(spellings) = &e.pattern {
                for s in spellings {
                    if seen.insert(s.to_ascii_lowercase()) {
                        out.push(s.as_str());
                    }
                }
            }
        }
        out
    }
}

/// Removes serde_json's trailing " at line L column C" (we report our own).
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based (line, column) pair as reported by serde_json.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return offset + column.saturating_sub(1).min(l.len());
        }
        offset += l.len();
    }
    offset
}

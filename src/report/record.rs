//! One posting's part of the report: its row and its text with every match
//! marked, serialised as JSON when the posting is classified.

use std::fmt::Write as _;

use serde::Serialize;

use rolecall::io::posting::Posting;
use rolecall::score::truncate;
use rolecall::{Classification, Evidence, Field, Neighbour, Profile, Role, Target};

use super::{TEXT_CAP, TITLE_CAP};

/// One posting's serialised record, ready to be added to the report.
pub struct Record {
    /// The row, a JSON object without the posting's text.
    pub(super) row: Vec<u8>,
    /// The title and text members (`"t":…,"x":…`), empty when there are none.
    pub(super) text: Vec<u8>,
    /// 0–3 a role, 4 unclassified, 5 error.
    pub(super) label: usize,
    pub(super) confidence: Option<f64>,
    /// The roles the title alone and the text alone support.
    pub(super) title_role: Option<Role>,
    pub(super) content_role: Option<Role>,
    /// The neighbouring job family an unclassified posting reads as.
    pub(super) neighbour: Option<Neighbour>,
    /// The posting's profile (none for an error), for the role map.
    pub(super) profile: Option<Profile>,
    /// The title (else the path), for the role map's tooltips.
    pub(super) map_title: String,
    /// Openings of the four roles (see [`Classification::roles`]), and
    /// whether there are several.
    pub(super) openings: u64,
    pub(super) several: bool,
}

/// What a posting's row shows.
#[derive(Serialize)]
struct Rec<'a> {
    /// Path.
    p: &'a str,
    /// Label index (see [`LABELS`]).
    r: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<f64>,
    /// Runner-up role index.
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<usize>,
    /// Role index the title alone supports.
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<usize>,
    /// Role index the text alone supports.
    #[serde(skip_serializing_if = "Option::is_none")]
    b: Option<usize>,
    /// Scores of the four roles.
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<[f64; 4]>,
    /// Decoy score.
    #[serde(skip_serializing_if = "Option::is_none")]
    o: Option<f64>,
    /// Error.
    #[serde(skip_serializing_if = "Option::is_none")]
    e: Option<&'a str>,
    /// Top matched words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    v: Vec<&'a str>,
}

/// What a posting's expanded row shows besides its row: title and text.
#[derive(Serialize)]
struct Text<'a> {
    /// Title segments.
    #[serde(skip_serializing_if = "Option::is_none")]
    t: Option<Vec<Seg<'a>>>,
    /// Text segments.
    #[serde(skip_serializing_if = "Option::is_none")]
    x: Option<Vec<Seg<'a>>>,
    /// Full text length in bytes, when the stored text was cut.
    #[serde(skip_serializing_if = "Option::is_none")]
    k: Option<usize>,
    /// The text is blanked HTML (collapse whitespace when shown).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    h: bool,
}

/// Plain text, or a match: `[target index, text, tooltip]`.
#[derive(Serialize)]
#[serde(untagged)]
enum Seg<'a> {
    Plain(&'a str),
    Mark(usize, &'a str, String),
}

/// Serialises one posting. `evidence` of `result` must hold every counted
/// match, with offsets into `posting.title` / `posting.text`.
pub fn record(path: &str, result: Result<(&Classification, &Posting), &str>, html: bool) -> Record {
    let (rec, text) = match result {
        Ok((c, posting)) => {
            let title = posting.title.as_deref().map(|t| {
                let cut = truncate(t, TITLE_CAP);
                segments(cut, &c.evidence, Field::Title)
            });
            let text = truncate(&posting.text, TEXT_CAP);
            let mut top: Vec<&str> = Vec::new();
            for e in &c.evidence {
                if top.len() == 3 {
                    break;
                }
                if !top.contains(&e.text.as_str()) {
                    top.push(&e.text);
                }
            }
            let rec = Rec {
                p: path,
                r: c.role.map_or(4, Role::index),
                c: Some(c.confidence),
                u: c.runner_up.map(Role::index),
                a: c.title_role.map(Role::index),
                b: c.content_role.map(Role::index),
                s: Some(c.scores),
                o: Some(c.other_score),
                e: None,
                v: top,
            };
            let text = Text {
                t: title,
                x: Some(segments(text, &c.evidence, Field::Text)),
                k: (text.len() < posting.text.len()).then_some(posting.text.len()),
                h: html,
            };
            let json = serde_json::to_vec(&text).expect("texts serialise");
            // The members only: `{…}` without its braces.
            (rec, json[1..json.len() - 1].to_vec())
        }
        Err(error) => (
            Rec {
                p: path,
                r: 5,
                c: None,
                u: None,
                a: None,
                b: None,
                s: None,
                o: None,
                e: Some(error),
                v: Vec::new(),
            },
            Vec::new(),
        ),
    };
    let row = serde_json::to_vec(&rec).expect("records serialise");
    let roles = result.ok().map(|(c, _)| (c.title_role, c.content_role));
    let neighbour = result.ok().and_then(|(c, _)| c.neighbour);
    let map_title = result
        .ok()
        .and_then(|(_, p)| p.title.as_deref())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(path)
        .to_string();
    let classification = result.ok().map(|(c, _)| c);
    let openings =
        classification.map_or(0, |c| c.roles().filter(|o| o.role.is_some()).count() as u64);
    Record {
        profile: classification.map(|c| c.profile),
        map_title,
        openings,
        several: classification.is_some_and(|c| !c.openings.is_empty()),
        row: escape_json_for_script(row),
        text: escape_json_for_script(text),
        label: rec.r,
        confidence: rec.c,
        title_role: roles.and_then(|r| r.0),
        content_role: roles.and_then(|r| r.1),
        neighbour,
    }
}

/// Splits `body` into plain runs and matches (evidence beyond `body` is dropped).
fn segments<'a>(body: &'a str, evidence: &[Evidence], field: Field) -> Vec<Seg<'a>> {
    // (start, end, [(target, term, contribution)]), highest contribution first.
    type Hits<'e> = Vec<(Target, &'e str, f64)>;
    let mut spans: Vec<(usize, usize, Hits)> = Vec::new();
    for e in evidence
        .iter()
        .filter(|e| e.field == field && e.end <= body.len())
    {
        let hit = (e.role, e.term.as_str(), e.contribution);
        match spans.iter_mut().find(|s| s.0 == e.start && s.1 == e.end) {
            Some(s) => s.2.push(hit),
            None => spans.push((e.start, e.end, vec![hit])),
        }
    }
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1)));
    let mut out = Vec::with_capacity(spans.len() * 2 + 1);
    let mut at = 0;
    for (start, end, hits) in &spans {
        if *start < at || start >= end || !body.is_char_boundary(*start) {
            continue;
        }
        if *start > at {
            out.push(Seg::Plain(&body[at..*start]));
        }
        let mut tip = String::new();
        for (i, (target, term, contribution)) in hits.iter().enumerate() {
            if i > 0 {
                tip.push('\n');
            }
            let _ = write!(tip, "{term} → {} +{contribution:.2}", target.id());
        }
        out.push(Seg::Mark(hits[0].0.index(), &body[*start..*end], tip));
        at = *end;
    }
    if at < body.len() {
        out.push(Seg::Plain(&body[at..]));
    }
    out
}

/// `<`, `>` and `&` only occur inside JSON strings, where `\u003c` etc. mean
/// the same: the data can then never close its `<script>` block or open a comment.
pub(super) fn escape_json_for_script(json: Vec<u8>) -> Vec<u8> {
    if !json.iter().any(|b| matches!(b, b'<' | b'>' | b'&')) {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + 64);
    for b in json {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            _ => out.push(b),
        }
    }
    out
}

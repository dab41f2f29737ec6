//! Matching reads text however it was typed: whitespace runs, Unicode spaces,
//! wrapped lines, HTML character references, Unicode dashes and quotes, and
//! hyphen/space/solid spellings give the same role and scores as clean text,
//! with spans into the text as given.

use std::path::Path;

use rolecall::io::posting::{parse, ReadOptions};
use rolecall::matcher::normalize;
use rolecall::{Classification, Classifier, Lexicon, Options, Pattern, Role, Target};

/// A posting with title mentions after cue words, hyphenated terms and apostrophes.
const POSTING: &str =
    "We're looking for a Technical Product Manager to own our developer platform. \
You will partner with engineering managers on API design and technical trade-offs, \
write technical specifications, and lead cross-functional work on the go-to-market plan. \
You understand customers' needs - and you measure API uptime, latency and developer adoption.\n\
You have 5 years of experience as a software engineer and a computer science degree.";

fn classifier() -> Classifier {
    Classifier::new(
        Lexicon::embedded(),
        Options {
            evidence: usize::MAX,
            ..Options::default()
        },
    )
}

/// The clean postings: the inline one and the plain-text and Markdown fixtures.
fn postings() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/postings");
    let mut texts = vec![POSTING.to_string()];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt" || e == "md") {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    assert!(texts.len() > 10);
    texts
}

/// Checks that `variant` classifies as `clean` does, with valid spans whose
/// normalised text is a normalised spelling of the term.
fn assert_same(c: &Classifier, clean: &Classification, text: &str, what: &str) {
    let got = c.classify(None, text);
    assert_eq!(got.role, clean.role, "{what}: {text:?}");
    assert_eq!(got.scores, clean.scores, "{what}: {text:?}");
    assert_eq!(got.other_score, clean.other_score, "{what}");
    assert_eq!(got.confidence, clean.confidence, "{what}");
    assert_eq!(got.evidence.len(), clean.evidence.len(), "{what}");
    for (e, plain) in got.evidence.iter().zip(&clean.evidence) {
        assert_eq!(&text[e.start..e.end], e.text, "{what}");
        assert_eq!(e.term, plain.term, "{what}");
        let entry = c
            .lexicon()
            .entries()
            .iter()
            .find(|x| x.term() == e.term && x.target == e.role)
            .unwrap();
        if let Pattern::Literal(spellings) = &entry.pattern {
            let seen = normalize(&e.text);
            assert!(
                spellings
                    .iter()
                    .any(|s| normalize(s) == seen || normalize(&s.replace('-', "")) == seen),
                "{what}: {:?} is not a spelling of {:?}",
                e.text,
                e.term
            );
        }
    }
}

/// Greedy wrap of every line at 72 columns.
fn wrap72(text: &str) -> String {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        for word in line.split(' ') {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > 72 {
                out.push(std::mem::take(&mut current));
            } else if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out.join("\n")
}

/// Every space replaced by one of a few odd whitespace runs, in turn.
fn respace(text: &str) -> String {
    let runs = [
        "  ", "\u{a0}", " \t ", "\u{2009}", "\u{202f}", "   ", "\u{3000}",
    ];
    let mut k = 0;
    text.chars()
        .map(|c| {
            if c == ' ' {
                k += 1;
                runs[k % runs.len()].to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Straight quotes curly, hyphens non-breaking, spaced hyphens en dashes.
fn typographic(text: &str) -> String {
    text.replace(" - ", " \u{2013} ")
        .replace('-', "\u{2011}")
        .replace('\'', "\u{2019}")
}

/// The text as the body of an HTML file, with character references.
fn as_html(text: &str) -> String {
    let body = text
        .replace('&', "&amp;")
        .replace('\'', "&rsquo;")
        .replace(" - ", " &ndash; ")
        .replace(", ", ",&nbsp;")
        .replace(". ", ".&#160;")
        .replace('\n', "<br>\n");
    format!("<html><body><p>{body}</p></body></html>\n")
}

#[test]
fn odd_whitespace_gives_the_same_result() {
    let c = classifier();
    for text in postings() {
        let clean = c.classify(None, &text);
        assert_same(&c, &clean, &respace(&text), "respaced");
        assert_same(&c, &clean, &text.replace(' ', "\u{a0}"), "nbsp");
        assert_same(&c, &clean, &text.replace('\n', "\r\n"), "crlf");
    }
}

#[test]
fn wrapped_lines_give_the_same_result() {
    let c = classifier();
    for text in postings() {
        let clean = c.classify(None, &text);
        let wrapped = wrap72(&text);
        assert_same(&c, &clean, &wrapped, "wrapped");
        assert_same(
            &c,
            &clean,
            &wrapped.replace('\n', "\n   "),
            "wrapped, indented",
        );
    }
}

#[test]
fn unicode_dashes_and_quotes_give_the_same_result() {
    let c = classifier();
    for text in postings() {
        let clean = c.classify(None, &text);
        assert_same(&c, &clean, &typographic(&text), "typographic");
    }
}

#[test]
fn html_character_references_give_the_same_result() {
    let c = classifier();
    for text in postings() {
        let clean = c.classify(None, &text);
        let html = as_html(&text);
        let posting = parse(
            Path::new("p.html"),
            html.clone().into_bytes(),
            ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(posting.text.len(), html.len(), "offsets are file offsets");
        assert_same(&c, &clean, &posting.text, "html");
    }
}

#[test]
fn hyphen_space_and_solid_spellings_give_the_same_result() {
    let c = classifier();
    let clean = c.classify(None, POSTING);
    for (from, to) in [
        ("Technical Product Manager", "Technical-Product-Manager"),
        ("cross-functional", "cross functional"),
        ("cross-functional", "crossfunctional"),
        ("go-to-market", "go to market"),
        ("go-to-market", "gotomarket"),
        ("trade-offs", "tradeoffs"),
        ("engineering managers", "engineering-managers"),
    ] {
        assert!(POSTING.contains(from));
        assert_same(&c, &clean, &POSTING.replace(from, to), to);
    }
}

#[test]
fn the_issue_examples_read_as_technical_product_manager() {
    let c = classifier();
    for text in [
        "Technical\u{a0}Product Manager",
        "Technical  Product\n   Manager",
        "Technical&nbsp;Product&#8209;Manager",
    ] {
        let r = c.classify(None, text);
        // The title is a technical product manager's, and technical depth:
        // one span, counted for both.
        assert_eq!(r.evidence.len(), 1, "{text:?}: {:?}", r.evidence);
        let title = &r.evidence[0];
        assert_eq!(title.role, Target::Role(Role::TechnicalProductManager));
        assert_eq!(title.term, "technical product manager");
        assert_eq!(title.text, text);
        let also: Vec<Target> = title.also.iter().map(|a| a.role).collect();
        assert_eq!(also, [Target::Technical]);
    }
}

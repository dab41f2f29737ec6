//! Arbitrary bytes as lexicon files: `Lexicon::from_sources` must not panic and
//! every problem must carry a position; a lexicon that loads must compile and
//! classify. A NUL byte separates several files.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rolecall::{Classifier, Lexicon, Options};

const TEXT: &str = "We are hiring a Senior Product Manager to own the roadmap, work with \
    engineering managers and the TPM on milestones, dependencies and API platform SDKs. \
    ünïcödé — 🙂 product manager, CTO; technical program manager.";

fuzz_target!(|data: &[u8]| {
    let decoded = String::from_utf8_lossy(data);
    let files: Vec<(String, &str)> = decoded
        .split('\0')
        .enumerate()
        .map(|(i, text)| (format!("f{i}.json"), text))
        .collect();
    match Lexicon::from_sources(files.iter().map(|(n, t)| (n.as_str(), *t))) {
        Ok(lexicon) => {
            let _ = lexicon.literals();
            let c = Classifier::new(lexicon, Options::default());
            let _ = c.classify(Some("Engineering Manager"), TEXT);
            let _ = c.classify(None, &decoded);
            // The DFA is built on a background thread: let it finish, so that
            // the leak check at the end of the run does not count its memory.
            c.matcher().wait_for_dfa();
        }
        Err(e) => {
            assert!(!e.problems.is_empty());
            for p in &e.problems {
                assert!(p.line >= 1 && p.column >= 1, "{p}");
            }
            let _ = e.to_string();
        }
    }
});

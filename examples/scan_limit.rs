//! The scan limit: how fast the lexicon automaton alone reads a file.
//!
//! Builds the matcher of the active lexicons (the embedded ones, or a folder
//! given with `--lexicons DIR`), waits for its DFA, then runs the bare scan
//! ([`rolecall::Matcher::count_raw_matches`]: the same normalised view and
//! automaton as classification, counting matches and nothing else) over the
//! whole file (in 16 MiB chunks cut after a line end; only the scan is
//! timed), RUNS times (default 3), and prints the median.
//! Invalid UTF-8 is decoded lossily first (outside the timing).
//!
//! ```text
//! cargo run --release --example scan_limit -- [--lexicons DIR] FILE [RUNS]
//! ```
//!
//! Output, one line: `bare scan: BYTES bytes, MATCHES matches, median SECONDS s, MB/s`.
//! `scripts/bench-corpus.sh` runs it on its corpus and states rolecall's
//! speed against it.

use std::io::Read;
use std::time::Instant;

use rolecall::{Lexicon, Matcher};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let lexicon = match args.iter().position(|a| a == "--lexicons") {
        Some(i) => {
            let dir = args.get(i + 1).cloned().unwrap_or_else(|| usage());
            args.drain(i..i + 2);
            Lexicon::from_dir(dir.as_ref()).unwrap_or_else(|e| {
                eprintln!("scan_limit: {e}");
                std::process::exit(2)
            })
        }
        None => Lexicon::embedded(),
    };
    let path = args.first().unwrap_or_else(|| usage());
    let runs: usize = args
        .get(1)
        .map_or(3, |r| r.parse().unwrap_or_else(|_| usage()));
    let matcher = Matcher::new(&lexicon);
    matcher.wait_for_dfa();
    let mut times = Vec::new();
    let (mut matches, mut size) = (0, 0);
    for _ in 0..runs.max(1) {
        // The file is read in chunks cut after a line end (so no term is cut
        // in two, in the CSV corpora this runs on); only the scan is timed.
        let mut file = std::fs::File::open(path).unwrap_or_else(|e| {
            eprintln!("scan_limit: {path}: {e}");
            std::process::exit(2)
        });
        let (mut buf, mut carry) = (Vec::new(), Vec::new());
        let (mut elapsed, mut found) = (0.0, 0);
        size = 0;
        loop {
            buf.clear();
            buf.append(&mut carry);
            let n = (&mut file)
                .take(CHUNK as u64)
                .read_to_end(&mut buf)
                .expect("file reads");
            if buf.is_empty() {
                break;
            }
            if n > 0 {
                if let Some(cut) = memchr::memrchr(b'\n', &buf) {
                    carry.extend_from_slice(&buf[cut + 1..]);
                    buf.truncate(cut + 1);
                }
            }
            let text = String::from_utf8_lossy(&buf);
            size += text.len();
            let t = Instant::now();
            found += std::hint::black_box(matcher.count_raw_matches(std::hint::black_box(&text)));
            elapsed += t.elapsed().as_secs_f64();
        }
        matches = found;
        times.push(elapsed);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "bare scan: {} bytes, {matches} matches, median {median:.3} s, {:.0} MB/s",
        size,
        size as f64 / 1e6 / median
    );
}

/// Bytes read and scanned at a time (then cut after the last line end).
const CHUNK: usize = 16 << 20;

fn usage() -> ! {
    eprintln!("usage: scan_limit [--lexicons DIR] FILE [RUNS]");
    std::process::exit(2)
}

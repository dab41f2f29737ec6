//! The human side of the CLI: the summary table, progress (never in pipes,
//! cleared when done), the table fitted to the terminal, the stdin hint,
//! shell completions, the man page and `--help` examples.

mod common;
mod testlex;

use common::{fixtures, rolecall, run_with_stdin, stderr, stdout, Workdir};

/// A workdir with the test lexicon in `lex/` and four postings in `in/`.
fn workdir() -> Workdir {
    let wd = Workdir::new();
    testlex::write(wd.root(), "lex");
    wd.write(
        "in/pm.txt",
        "We are hiring a Product Manager to own the roadmap.",
    );
    wd.write(
        "in/pm2.txt",
        "Product Manager, customer discovery and roadmap.",
    );
    wd.write("in/tm.txt", "Engineering Manager: one-on-ones and hiring.");
    wd.write("in/cook.txt", "Line cook wanted.");
    wd
}

fn summary_line<'a>(err: &'a str, label: &str) -> &'a str {
    err.lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no {label} line in:\n{err}"))
}

#[test]
fn classify_summary_counts_shares_and_throughput() {
    let wd = workdir();
    wd.write("in/bad.txt", b"\0binary");
    let out = wd
        .command()
        .args(["--lexicons", "lex", "classify", "in", "--summary"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("rolecall: 5 postings in "), "{err}");
    assert!(err.contains("postings/s") && err.contains("MB/s"), "{err}");
    let pm = summary_line(&err, "product_manager");
    assert!(pm.contains(" 2 ") && pm.contains("40.0%"), "{pm}");
    assert!(summary_line(&err, "technology_manager").contains("20.0%"));
    assert!(summary_line(&err, "technical_program_manager").contains(" 0 "));
    assert!(summary_line(&err, "unclassified").contains(" 1 "));
    assert!(summary_line(&err, "errors").contains(" 1 "));
    assert!(err.contains("mean confidence"), "{err}");
    assert!(!err.contains('\x1b'), "no colour into a pipe: {err}");
}

#[test]
fn no_summary_or_progress_into_a_pipe_by_default() {
    let wd = workdir();
    let out = wd
        .command()
        .args(["--lexicons", "lex", "classify", "in"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stderr(&out), "", "stderr must stay clean in pipes");
    let csv = "title,description\nPM,Product Manager and roadmap\n";
    let out = run_with_stdin(
        {
            let mut c = wd.command();
            c.args(["--lexicons", "lex", "csv"]);
            c
        },
        csv,
    );
    assert!(out.status.success());
    assert_eq!(stderr(&out), "");
}

/// `--stats` gives the summary's counts in the summary's words: each of
/// its label lines is in the summary table with the same count.
#[test]
fn stats_and_summary_share_one_vocabulary() {
    let wd = workdir();
    wd.write(
        "in.jsonl",
        "{\"description\": \"Product Manager\"}\n{\"description\": \"Line cook\"}\nnot json\n",
    );
    let out = wd
        .command()
        .args([
            "jsonl",
            "--lexicons",
            "lex",
            "in.jsonl",
            "--stats",
            "--summary",
        ])
        .output()
        .unwrap();
    let err = stderr(&out);
    let (stats, summary) = err.split_once("rolecall: 3 records in ").expect(&err);
    assert!(stats.contains("records 3  bytes "), "{stats}");
    assert!(stats.contains("records/s "), "{stats}");
    let labels: Vec<(&str, &str)> = stats
        .lines()
        .filter(|l| l.starts_with("  "))
        .filter_map(|l| l.trim().rsplit_once(' '))
        .map(|(label, n)| (label.trim(), n))
        .collect();
    assert_eq!(labels.len(), 7, "four roles, unclassified, errors: {stats}");
    assert!(labels.contains(&("errors", "1")), "{stats}");
    for (label, count) in labels {
        let line = summary_line(summary, label);
        assert_eq!(
            line.split_whitespace().nth(label.split(' ').count()),
            Some(count),
            "{label}: {line}"
        );
    }
}

#[test]
fn csv_and_jsonl_summaries() {
    let wd = workdir();
    wd.write(
        "in.csv",
        "title,description\nPM,\"Product Manager,\nroadmap\"\nEM,Engineering Manager\nCook,Line cook\n",
    );
    let out = wd
        .command()
        .args(["--lexicons", "lex", "csv", "in.csv", "--summary"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("rolecall: 3 rows in "), "{err}");
    assert!(
        summary_line(&err, "product_manager").contains("33.3%"),
        "{err}"
    );
    assert!(summary_line(&err, "unclassified").contains(" 1 "), "{err}");

    wd.write(
        "in.jsonl",
        "{\"description\": \"Technical Program Manager, milestones\"}\n\n{\"text\": \"Line cook\"}\n",
    );
    let out = wd
        .command()
        .args(["--lexicons", "lex", "jsonl", "in.jsonl", "--summary"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("rolecall: 2 records in "), "{err}");
    assert!(summary_line(&err, "technical_program_manager").contains("50.0%"));
}

/// Runs the shell command `script` in a pseudo-terminal (util-linux `script`),
/// with `$ROLECALL` the binary; `None` if that is unavailable.
fn in_terminal(wd: &Workdir, ci: bool, shell: &str) -> Option<String> {
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(wd.root())
        .args(["-q", "-e", "-c"])
        .arg(shell)
        .arg("/dev/null")
        .env("ROLECALL", env!("CARGO_BIN_EXE_rolecall"))
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .env_remove("COLUMNS")
        .stdin(std::process::Stdio::null());
    if ci {
        cmd.env("CI", "true");
    }
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn has_spinner(s: &str) -> bool {
    s.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
}

/// What a terminal of `cols` columns shows after receiving `raw`: one string
/// per row, and whether that row wrapped onto the next.
fn screen(raw: &str, cols: u16) -> Vec<(String, bool)> {
    let rows = std::num::NonZeroU16::new(60).unwrap();
    let mut parser = vt100::Parser::new(rows, cols.try_into().unwrap(), 0);
    parser.process(raw.as_bytes());
    let screen = parser.screen();
    screen
        .rows(0, cols)
        .enumerate()
        .map(|(i, row)| (row, screen.row_wrapped(i as u16)))
        .collect()
}

/// A posting whose evidence cell is longer than an 80-column line.
const LONG: &str = "Product Manager: customer discovery and the roadmap, as \
    Engineering Manager: one-on-ones and hiring; Technical Program Manager.";

/// The input arrives after half a second, so the progress display has time to draw.
#[test]
fn on_a_terminal_folder_runs_show_progress_and_a_summary_unless_ci() {
    let wd = workdir();
    // A file named directly is read even when it is a FIFO: the run waits for it.
    let run = "mkfifo slow.txt && \
        (sleep 0.5; timeout 10 sh -c \"echo 'Product Manager' > slow.txt\") & \
        sleep 0.1; \"$ROLECALL\" --lexicons lex classify in slow.txt; wait";
    let Some(tty) = in_terminal(&wd, false, run) else {
        return;
    };
    assert!(
        tty.contains("5 postings in "),
        "summary on a terminal: {tty}"
    );
    assert!(has_spinner(&tty), "progress on a terminal: {tty:?}");
    std::fs::remove_file(wd.path("slow.txt")).unwrap();
    let ci = in_terminal(&wd, true, run).unwrap();
    assert!(ci.contains("5 postings in "), "{ci}");
    assert!(!has_spinner(&ci), "no progress when CI is set: {ci:?}");
}

/// The spinner draws while a FIFO (or a slow pipe) holds the run up, then
/// clears itself: the screen at the end shows the output and the summary, no
/// progress line.
#[test]
fn on_a_terminal_finished_progress_leaves_nothing_behind() {
    let wd = workdir();
    let run = "stty cols 80 rows 60; mkfifo slow.txt && \
        (sleep 0.5; timeout 10 sh -c \"echo 'Product Manager' > slow.txt\") & \
        sleep 0.1; \"$ROLECALL\" --lexicons lex classify in slow.txt; wait";
    let Some(tty) = in_terminal(&wd, false, run) else {
        return;
    };
    assert!(has_spinner(&tty), "the progress was drawn: {tty:?}");
    let rows = screen(&tty, 80);
    let text: Vec<&str> = rows.iter().map(|(r, _)| r.as_str()).collect();
    assert!(!has_spinner(&text.join("\n")), "{text:#?}");
    assert!(
        text.iter()
            .any(|r| r.starts_with("slow.txt") && r.contains("product_manager")),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|r| r.contains("5 postings in ")),
        "{text:#?}"
    );
    assert_eq!(
        text.iter().filter(|r| r.trim().is_empty()).count(),
        text.len() - text.iter().rposition(|r| !r.trim().is_empty()).unwrap() - 1,
        "no blank row left among the output: {text:#?}"
    );
    // The same for a CSV stream written to the terminal.
    wd.write("in.csv", "description\nProduct Manager\nLine cook\n");
    let run = "stty cols 80 rows 60; (sleep 0.5; cat in.csv) | \"$ROLECALL\" --lexicons lex csv";
    let tty = in_terminal(&wd, false, run).unwrap();
    assert!(has_spinner(&tty), "the progress was drawn: {tty:?}");
    let rows = screen(&tty, 80);
    let text: Vec<&str> = rows.iter().map(|(r, _)| r.as_str()).collect();
    assert!(!has_spinner(&text.join("\n")), "{text:#?}");
    assert!(text[0].starts_with("description,role,"), "{text:#?}");
    assert!(text.iter().any(|r| r.contains("2 rows in ")), "{text:#?}");
}

/// On a terminal the table's evidence cell is cut with `…` to the width
/// (`COLUMNS` first, else the terminal's); a pipe and `--format jsonl` get
/// every term.
#[test]
fn on_a_terminal_the_table_fits_the_width() {
    let wd = workdir();
    wd.write("in/long.txt", LONG);
    let terms = "Product Manager, customer discovery, roadmap, Engineering Manager";
    let run = |shell: &str| {
        in_terminal(&wd, false, &format!("stty cols 80 rows 60; {shell}")).map(|t| screen(&t, 80))
    };
    let Some(fitted) = run("\"$ROLECALL\" --lexicons lex classify in") else {
        return;
    };
    let long = fitted
        .iter()
        .find(|(r, _)| r.starts_with("in/long.txt"))
        .unwrap_or_else(|| panic!("{fitted:#?}"));
    assert!(!long.1, "the row does not wrap: {fitted:#?}");
    assert!(long.0.trim_end().ends_with('…'), "{long:?}");
    assert_eq!(long.0.trim_end().chars().count(), 80, "{long:?}");
    assert!(fitted.iter().all(|(_, wrapped)| !wrapped), "{fitted:#?}");

    for (shell, width) in [
        ("COLUMNS=60 \"$ROLECALL\" --lexicons lex classify in", 60),
        ("stty cols 70; \"$ROLECALL\" --lexicons lex classify in", 70),
    ] {
        let rows = run(shell).unwrap();
        let long = rows
            .iter()
            .find(|(r, _)| r.starts_with("in/long.txt"))
            .unwrap_or_else(|| panic!("{rows:#?}"));
        assert_eq!(
            long.0.trim_end().chars().count(),
            width,
            "{shell}: {long:?}"
        );
        assert!(long.0.trim_end().ends_with('…'), "{shell}: {long:?}");
    }

    // Long file names at 80 and 100 columns: a header row, no row wraps,
    // every row keeps its role and confidence; the names give way.
    let long_name = "jobboard-content-marketer-current-job-opening-with-a-long-name";
    for (i, text) in [
        "Line cook wanted.",
        LONG,
        "Engineering Manager: one-on-ones.",
    ]
    .iter()
    .enumerate()
    {
        wd.write(&format!("deep/folder/{long_name}-{i}.txt"), text);
    }
    for cols in [80, 100] {
        let tty = in_terminal(
            &wd,
            false,
            &format!("stty cols {cols} rows 60; \"$ROLECALL\" --lexicons lex classify deep"),
        )
        .unwrap();
        let rows = screen(&tty, cols);
        assert!(
            rows.iter().all(|(_, wrapped)| !wrapped),
            "{cols}: {rows:#?}"
        );
        let header = rows
            .iter()
            .position(|(r, _)| r.starts_with("posting "))
            .unwrap();
        let body: Vec<&String> = rows[header + 1..].iter().take(3).map(|(r, _)| r).collect();
        for (row, label) in body.iter().zip(["unclassified", "", "technology_manager"]) {
            assert!(
                row.starts_with("…/jobboard-") || row.starts_with("jobboard-"),
                "{row}"
            );
            assert!(row.contains(label), "{cols}: {row}");
            assert!(
                row.split_whitespace().any(|w| w.parse::<f64>().is_ok()),
                "{row}"
            );
        }
    }

    // Into a pipe, and in another format, nothing is cut.
    for shell in [
        "COLUMNS=60 \"$ROLECALL\" --lexicons lex classify --format table in | cat",
        "\"$ROLECALL\" --lexicons lex classify --format jsonl in/long.txt",
    ] {
        let tty = in_terminal(&wd, false, &format!("stty cols 80; {shell}")).unwrap();
        let tty = tty.replace("\r\n", "\n");
        assert!(!tty.contains('…'), "{shell}: {tty}");
        let line = tty.lines().find(|l| l.contains("long.txt")).unwrap();
        let shown = line.replace("\"text\"", "").replace('"', "");
        for term in terms.split(", ") {
            assert!(shown.contains(term), "{shell}: {term} in {line}");
        }
    }
}

/// `classify` with no path (or `-`) reading from a terminal says so, once, on
/// stderr; with stdin from a pipe or a file it says nothing.
#[test]
fn on_a_terminal_reading_stdin_prints_one_hint() {
    let wd = workdir();
    let hint = "rolecall: reading one posting from stdin; end with Ctrl-D";
    // `script` ends the terminal's input (Ctrl-D) once its own stdin is done.
    let Some(tty) = in_terminal(&wd, false, "\"$ROLECALL\" --lexicons lex classify") else {
        return;
    };
    assert_eq!(tty.matches(hint).count(), 1, "{tty}");
    assert!(tty.contains("unclassified"), "the run went on: {tty}");
    let tty = in_terminal(&wd, false, "\"$ROLECALL\" --lexicons lex csv -").unwrap();
    assert!(
        tty.contains("rolecall: reading CSV from stdin; end with Ctrl-D"),
        "{tty}"
    );
    let piped = "echo 'Product Manager' | \"$ROLECALL\" --lexicons lex classify; \
        \"$ROLECALL\" --lexicons lex classify - < in/pm.txt; \
        echo description | \"$ROLECALL\" --lexicons lex csv";
    let tty = in_terminal(&wd, false, piped).unwrap();
    assert!(!tty.contains("reading"), "{tty}");
    assert_eq!(
        tty.matches("1 posting in ").count(),
        2,
        "both runs ended: {tty}"
    );
}

/// Every progress line drawn in `raw` (a terminal's input): the text
/// between carriage returns and newlines, with the control sequences removed.
fn progress_lines(raw: &str) -> Vec<String> {
    let controls = regex::Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]").unwrap();
    controls
        .replace_all(raw, "")
        .split(['\r', '\n'])
        // Not the summary: its first line and its table of shares.
        .filter(|l| !l.starts_with("rolecall:") && !l.contains('%'))
        .filter(|l| has_spinner(l) || l.contains('█') || l.contains(" MB"))
        .map(String::from)
        .collect()
}

/// The progress line fits the terminal (it never wraps) at 80 columns and at
/// 50, for a file of known size (a bar), a pipe (a spinner) and a folder;
/// sizes and rates are in one unit system (MB, MB/s).
#[test]
fn on_a_terminal_the_progress_line_fits_the_width() {
    let wd = workdir();
    let row = "\"Product Manager: roadmap, discovery, customer interviews and pricing. \
        Engineering Manager: hiring and one-on-ones.\"\n";
    wd.write("big.csv", format!("description\n{}", row.repeat(40_000)));
    for cols in [80, 50] {
        let runs = [
            ("\"$ROLECALL\" --lexicons lex csv big.csv > /dev/null", true),
            (
                "(sleep 0.3; cat big.csv) | \"$ROLECALL\" --lexicons lex csv > /dev/null",
                false,
            ),
        ];
        for (run, bar) in runs {
            let shell = format!("stty cols {cols} rows 40; {run}");
            let Some(tty) = in_terminal(&wd, false, &shell) else {
                return;
            };
            let lines = progress_lines(&tty);
            assert!(!lines.is_empty(), "{run}: no progress drawn: {tty:?}");
            for line in &lines {
                assert!(
                    line.chars().count() <= cols,
                    "{cols} columns, {run}: {line:?}"
                );
                assert!(!line.contains("MiB"), "{line}");
            }
            let with_size = lines.iter().find(|l| l.contains(" MB")).unwrap();
            if bar {
                assert!(with_size.contains("/"), "read of total: {with_size}");
            }
            if cols == 80 {
                assert!(with_size.contains(" rows"), "{with_size}");
            }
        }
    }
}

#[test]
fn on_a_terminal_streaming_input_shows_progress_unless_ci() {
    let wd = workdir();
    wd.write("in.csv", "description\nProduct Manager\nLine cook\n");
    let run = "(sleep 0.5; cat in.csv) | \"$ROLECALL\" --lexicons lex csv > out.csv";
    let Some(tty) = in_terminal(&wd, false, run) else {
        return;
    };
    assert!(has_spinner(&tty), "progress on a terminal: {tty:?}");
    assert!(tty.contains("2 rows in "), "{tty}");
    let ci = in_terminal(&wd, true, run).unwrap();
    assert!(!has_spinner(&ci), "no progress when CI is set: {ci:?}");
    assert_eq!(
        std::fs::read_to_string(wd.path("out.csv"))
            .unwrap()
            .lines()
            .count(),
        3
    );
}

#[test]
fn completions_for_each_shell() {
    for (shell, needle) in [
        ("bash", "_rolecall()"),
        ("zsh", "#compdef rolecall"),
        ("fish", "complete -c rolecall"),
    ] {
        let out = rolecall().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains(needle), "{shell}: no {needle:?}");
        for word in [
            "classify",
            "explain",
            "report",
            "color",
            "title-from-first-line",
        ] {
            assert!(text.contains(word), "{shell} completion lacks {word}");
        }
    }
}

#[test]
fn man_page_to_stdout_and_to_a_folder() {
    let out = rolecall().arg("man").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let roff = stdout(&out);
    assert!(
        roff.starts_with(".ie") || roff.contains(".TH rolecall"),
        "{roff}"
    );
    assert!(roff.contains(".TH rolecall 1"), "{roff}");
    for word in ["classify", "explain", "completions"] {
        assert!(roff.contains(word), "man page lacks {word}");
    }
    let wd = Workdir::new();
    let out = wd
        .command()
        .args(["man", "--out-dir", "man1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for page in [
        "rolecall.1",
        "rolecall-classify.1",
        "rolecall-lexicons-check.1",
    ] {
        let text = std::fs::read_to_string(wd.path("man1").join(page)).unwrap();
        assert!(text.contains(".TH"), "{page}");
    }
    // Each command's page lists the options it takes, and only those.
    let page = |name: &str| std::fs::read_to_string(wd.path("man1").join(name)).unwrap();
    let classify = page("rolecall-classify.1");
    for option in ["\\-\\-color", "\\-\\-min\\-score", "\\-\\-lexicons"] {
        assert!(classify.contains(option), "classify lacks {option}");
    }
    assert!(!page("rolecall-lexicons-check.1").contains("\\-\\-min\\-score"));
}

#[test]
fn every_command_help_has_a_description_and_an_example() {
    for args in [
        vec![],
        vec!["classify"],
        vec!["csv"],
        vec!["jsonl"],
        vec!["eval"],
        vec!["explain"],
        vec!["completions"],
        vec!["man"],
        vec!["lexicons"],
        vec!["lexicons", "check"],
        vec!["lexicons", "list"],
        vec!["lexicons", "terms"],
    ] {
        let out = rolecall().args(&args).arg("--help").output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let help = stdout(&out);
        let first = help.lines().next().unwrap_or("");
        assert!(!first.trim().is_empty(), "{args:?}: no description");
        assert!(help.contains("Example"), "{args:?}: no example:\n{help}");
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with("rolecall ") && l.len() > 12),
            "{args:?}: no example command line"
        );
    }
}

/// Each command's help lists the options that command uses and no other
/// (no `--color` on `eval`, no `--threads` on `explain`).
#[test]
fn each_command_lists_only_the_options_it_uses() {
    let records = "role evidence min-confidence threads color lexicons min-score max-bytes";
    let none = "lexicons min-score min-confidence threads color evidence role stats";
    let cases: [(&[&str], &str, &str); 11] = [
        (&["classify"], records, "stats"),
        (&["csv"], &format!("{records} stats"), ""),
        (&["jsonl"], &format!("{records} stats"), ""),
        (
            &["explain"],
            "color min-confidence lexicons min-score program-depth",
            "threads evidence role stats",
        ),
        (
            &["eval"],
            "threads min-confidence lexicons technical-weight",
            "color evidence role stats",
        ),
        (
            &["calibrate"],
            "threads lexicons min-score",
            "color evidence min-confidence role",
        ),
        (&["lexicons", "list"], "lexicons", "min-score threads color"),
        (
            &["lexicons", "terms"],
            "lexicons",
            "min-score threads color",
        ),
        (&["lexicons", "check"], "", none),
        (&["lexicons", "export"], "", none),
        (&["completions"], "", none),
    ];
    for (args, takes, not) in cases {
        let out = rolecall().args(args).arg("--help").output().unwrap();
        let help = stdout(&out);
        let listed: Vec<&str> = help
            .lines()
            .filter_map(|l| l.trim_start().split_once("--"))
            .filter(|(before, _)| before.is_empty() || before.ends_with(", "))
            .map(|(_, rest)| rest.split([' ', '<', '=']).next().unwrap())
            .collect();
        for option in takes.split_whitespace() {
            assert!(
                listed.contains(&option),
                "{args:?} lacks --{option}: {listed:?}"
            );
        }
        for option in not.split_whitespace() {
            assert!(!listed.contains(&option), "{args:?} lists --{option}");
        }
    }
}

/// Options written before the command name, as earlier releases took them,
/// still work (they are moved after it); one the command does not use is
/// an error naming it.
#[test]
fn options_before_the_command_name_still_work() {
    let wd = Workdir::new();
    let folder = fixtures().join("postings");
    let run = |args: &[&str]| wd.command().args(args).arg(&folder).output().unwrap();
    let before = run(&[
        "--min-score",
        "12",
        "-j",
        "1",
        "classify",
        "--format",
        "csv",
    ]);
    let after = run(&["classify", "--format", "csv", "--min-score=12", "-j1"]);
    let default = run(&["classify", "--format", "csv"]);
    assert!(before.status.success(), "{}", stderr(&before));
    assert_eq!(stdout(&before), stdout(&after));
    assert_ne!(stdout(&before), stdout(&default), "--min-score took effect");
    let out = wd
        .command()
        .args(["--color", "never", "eval", "--data", "x.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unexpected argument '--color'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn classify_folder_stdout_is_unchanged_by_summary_and_report() {
    let wd = Workdir::new();
    let folder = fixtures().join("postings");
    let plain = wd
        .command()
        .args(["classify", "--format", "jsonl"])
        .arg(&folder)
        .output()
        .unwrap();
    let extra = wd
        .command()
        .args([
            "classify",
            "--format",
            "jsonl",
            "--summary",
            "--report",
            "r.html",
        ])
        .arg(&folder)
        .output()
        .unwrap();
    assert!(plain.status.success() && extra.status.success());
    assert_eq!(stdout(&plain), stdout(&extra));
}

/// At 80 columns every example in `--help` is one whole line: none is
/// wrapped mid-command.
#[test]
fn help_examples_fit_80_columns() {
    let commands: [&[&str]; 11] = [
        &[],
        &["classify"],
        &["csv"],
        &["jsonl"],
        &["eval"],
        &["calibrate"],
        &["explain"],
        &["completions"],
        &["man"],
        &["lexicons", "list"],
        &["lexicons", "export"],
    ];
    for args in commands {
        let out = rolecall()
            .args(args)
            .arg("--help")
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        let help = stdout(&out);
        let examples = help
            .lines()
            .skip_while(|l| !l.starts_with("Example"))
            .skip(1)
            .take_while(|l| l.starts_with("  "));
        let mut seen = 0;
        for line in examples {
            seen += 1;
            assert!(
                line.starts_with("  rolecall ") || line.starts_with("  rg "),
                "{args:?}: a wrapped example line {line:?}"
            );
        }
        assert!(seen > 0, "{args:?}: no examples in\n{help}");
    }
}

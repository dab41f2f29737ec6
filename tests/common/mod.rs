//! Shared helpers for integration tests: a scratch folder and the built binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;

/// A temporary working folder in which to write inputs and run `rolecall`.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `name` (creating folders), returning the path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// A `rolecall` command run from this folder.
    pub fn command(&self) -> Command {
        let mut cmd = rolecall();
        cmd.current_dir(self.dir.path());
        cmd
    }
}

/// The built `rolecall` binary, with colour and terminal detection neutralised.
pub fn rolecall() -> Command {
    let mut cmd = Command::cargo_bin("rolecall").expect("binary built");
    cmd.env("NO_COLOR", "1").env_remove("CI");
    cmd
}

/// The repository's fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Runs the command with `stdin` as input and returns its output.
pub fn run_with_stdin(mut cmd: Command, stdin: impl AsRef<[u8]>) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rolecall");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.as_ref().to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait for rolecall");
    feeder.join().unwrap();
    out
}

/// Stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The JSON Lines records of `rolecall classify --format jsonl --evidence N`
/// over a folder of fixtures.
pub fn classify_fixtures(folder: &str, evidence: usize) -> Vec<serde_json::Value> {
    let out = rolecall()
        .args(["classify", "--format", "jsonl", "--evidence"])
        .arg(evidence.to_string())
        .arg(fixtures().join(folder))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The label a fixture's file name promises.
pub fn expected_label(file_name: &str) -> &'static str {
    match file_name.split('-').next().unwrap() {
        "pm" => "product_manager",
        "tpdm" => "technical_product_manager",
        "tm" => "technology_manager",
        "tpgm" => "technical_program_manager",
        "other" => "unclassified",
        other => panic!("fixture {file_name} has unknown prefix {other}"),
    }
}

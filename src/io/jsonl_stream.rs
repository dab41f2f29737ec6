//! Streaming JSON Lines: each object comes out, in order, with a `rolecall`
//! field added. A line that is not usable still comes out, with
//! `rolecall.error` saying why.

use std::io::{BufRead, Read, Write};

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::csv_stream::{
    truncation_warning, RowIssue, StreamStats, DEFAULT_TEXT_COLUMNS, DEFAULT_TITLE_COLUMNS,
};
use super::pipeline::{self, BlockInput};
use super::posting::{decode_lossy, lossy_warning};
use crate::role::Role;
use crate::score::{Classification, Classifier, Evidence, Scores};

/// Bytes per block of input handed to a worker (a block ends at a line end:
/// it is longer when a line is).
const BLOCK_BYTES: usize = 2 << 20;

/// Which fields hold the posting.
#[derive(Debug, Clone, Default)]
pub struct JsonlOptions {
    /// Dotted path of the text field (`posting.description`); `None`: the default names.
    pub text_field: Option<String>,
    /// Dotted path of the title field; `None`: the default names when present.
    pub title_field: Option<String>,
    /// Never use a title field, even a default one.
    pub no_title: bool,
}

/// A block of whole lines, as read.
struct Lines {
    data: Vec<u8>,
    /// (start, end, line in the block) of each record in `data`, line ends
    /// left out; set by the worker.
    spans: Vec<(usize, usize, u64)>,
    /// Lines in the block, blank ones included.
    lines: u64,
}

impl Lines {
    /// Finds the records: every line but blank ones.
    fn split(&mut self) {
        self.spans.clear();
        let data = &self.data;
        let (mut start, mut line) = (0, 0);
        while start < data.len() {
            let next = memchr::memchr(b'\n', &data[start..]).map_or(data.len(), |k| start + k + 1);
            let mut end = next;
            while end > start && matches!(data[end - 1], b'\n' | b'\r') {
                end -= 1;
            }
            if !data[start..end].iter().all(u8::is_ascii_whitespace) {
                self.spans.push((start, end, line));
            }
            line += 1;
            start = next;
        }
        self.lines = line;
    }
}

struct LineOutcome {
    /// When set, the output line is the input line's first `n` bytes (the
    /// object without its closing brace, written by the writer straight from
    /// the batch) followed by `json`; otherwise it is `json`.
    prefix: Option<usize>,
    json: Vec<u8>,
    ok: Result<Classification, String>,
    lossy: usize,
}

/// Streams JSON Lines from `input` to `output`. Blank lines are not records and
/// are skipped; every other line yields exactly one output line.
pub fn classify_jsonl<R: BufRead + Send, W: Write + Send>(
    classifier: &Classifier,
    input: R,
    output: W,
    options: &JsonlOptions,
    on_issue: impl FnMut(RowIssue) + Send,
) -> std::io::Result<StreamStats> {
    classify_jsonl_blocks(
        classifier,
        BlockInput::new(input, BLOCK_BYTES),
        output,
        options,
        on_issue,
    )
}

/// [`classify_jsonl`] reading `input`'s blocks.
fn classify_jsonl_blocks<R: Read + Send, W: Write + Send>(
    classifier: &Classifier,
    mut input: BlockInput<R>,
    mut output: W,
    options: &JsonlOptions,
    mut on_issue: impl FnMut(RowIssue) + Send,
) -> std::io::Result<StreamStats> {
    let read = |lines: &mut Lines| -> std::io::Result<bool> {
        input.fill(&mut lines.data, |data| {
            memchr::memrchr(b'\n', data).map(|i| i + 1)
        })
    };
    let process = |lines: &mut Lines| -> Vec<LineOutcome> {
        lines.split();
        let lines = &*lines;
        pipeline::map(lines.spans.len(), |i| {
            let (start, end, _) = lines.spans[i];
            classify_line(classifier, options, &lines.data[start..end])
        })
    };
    let mut stats = StreamStats::default();
    // The line number of the block's first line.
    let mut first_line = 1;
    let write = |lines: &Lines, outcomes: Vec<LineOutcome>| -> std::io::Result<()> {
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let (start, _, line) = lines.spans[i];
            if let Some(n) = outcome.prefix {
                output.write_all(&lines.data[start..start + n])?;
            }
            output.write_all(&outcome.json)?;
            output.write_all(b"\n")?;
            stats.add(outcome.ok.as_ref().map_err(String::as_str));
            let line = first_line + line;
            if outcome.lossy > 0 {
                on_issue(RowIssue {
                    row: stats.rows,
                    line,
                    message: lossy_warning(outcome.lossy),
                    failed: false,
                });
            }
            if let Some(at) = outcome.ok.as_ref().ok().and_then(|c| c.truncated_at) {
                on_issue(RowIssue {
                    row: stats.rows,
                    line,
                    message: truncation_warning(at),
                    failed: false,
                });
            }
            if let Err(message) = outcome.ok {
                on_issue(RowIssue {
                    row: stats.rows,
                    line,
                    message,
                    failed: true,
                });
            }
        }
        first_line += lines.lines;
        Ok(())
    };
    let new = || Lines {
        data: Vec::new(),
        spans: Vec::new(),
        lines: 0,
    };
    pipeline::run(new, read, process, write)?;
    output.flush()?;
    stats.bytes = input.bytes_read;
    Ok(stats)
}

/// A JSON object's top level: keys and their values as written.
type RawObject<'a> = BTreeMap<String, &'a RawValue>;

/// The `rolecall` field added to each record.
#[derive(Serialize)]
struct Added<'a> {
    role: &'static str,
    confidence: f64,
    runner_up: Option<Role>,
    title_role: Option<Role>,
    content_role: Option<Role>,
    scores: Scores<'a>,
    evidence: &'a [Evidence],
}

fn classify_line(classifier: &Classifier, options: &JsonlOptions, raw: &[u8]) -> LineOutcome {
    let (line, lossy) = match std::str::from_utf8(raw) {
        Ok(line) => (Cow::Borrowed(line), 0),
        Err(_) => (String::from_utf8_lossy(raw), decode_lossy(raw).1),
    };
    // Raw values are not unescaped, so a line with `\u` escapes (which may be
    // lone surrogates) is checked in full before it is written back as is.
    let parsed = serde_json::from_str::<RawObject>(&line).and_then(|object| {
        if line.contains("\\u") {
            serde_json::from_str::<Value>(&line)?;
        }
        Ok(object)
    });
    let object: RawObject = match parsed {
        Ok(object) => object,
        Err(e) => {
            let message = if serde_json::from_str::<IgnoredAny>(&line).is_ok() {
                "line is JSON but not an object".to_string()
            } else {
                format!("invalid JSON: {e}")
            };
            let json = serde_json::to_vec(&serde_json::json!({
                "input": line,
                "rolecall": { "error": message },
            }))
            .expect("JSON values serialise");
            return LineOutcome {
                prefix: None,
                json,
                ok: Err(message),
                lossy,
            };
        }
    };
    let text = match &options.text_field {
        Some(path) => match lookup(&object, path).map(|v| {
            unescape(v.get()).map_or_else(|| serde_json::from_str(v.get()), |t| Ok(Some(t)))
        }) {
            Some(Ok(Some(text))) => Ok(text),
            Some(Ok(None)) | None => Err(format!("missing text field {path:?}")),
            Some(Err(_)) => Err(format!("text field {path:?} is not a string")),
        },
        None => default_field(&object, DEFAULT_TEXT_COLUMNS).ok_or_else(|| {
            format!(
                "no text field: none of {} (use --text-field)",
                DEFAULT_TEXT_COLUMNS.join(", ")
            )
        }),
    };
    let title: Option<String> = match (&options.title_field, options.no_title) {
        (_, true) => None,
        (Some(path), false) => lookup(&object, path).and_then(|v| {
            serde_json::from_str::<Option<String>>(v.get())
                .ok()
                .flatten()
        }),
        (None, false) => default_field(&object, DEFAULT_TITLE_COLUMNS),
    };
    let (ok, added) = match text {
        Ok(text) => {
            let result = classifier.classify(title.as_deref(), &text);
            let added = serde_json::to_vec(&Added {
                role: result.label(),
                confidence: result.confidence,
                runner_up: result.runner_up,
                title_role: result.title_role,
                content_role: result.content_role,
                scores: Scores(&result.scores),
                evidence: &result.evidence,
            });
            (Ok(result), added)
        }
        Err(message) => {
            let added = serde_json::to_vec(&serde_json::json!({ "error": message }));
            (Err(message), added)
        }
    };
    let added = added.expect("results serialise");
    // A line read as it is (valid UTF-8) is not copied: the writer takes its
    // body from the batch.
    let (prefix, json) = match (&line, appended_after(&line, &object)) {
        (Cow::Borrowed(_), Some(body)) => (Some(body), field_suffix(&object, &added)),
        _ => (None, with_field(&line, &object, &added)),
    };
    LineOutcome {
        prefix,
        json,
        ok,
        lossy,
    }
}

/// Where `"rolecall": …` goes in `line`: the length of the object without its
/// closing brace (and what follows it), or `None` when the input already has a
/// `rolecall` field (it is replaced, see [`with_field`]).
fn appended_after(line: &str, object: &RawObject) -> Option<usize> {
    (!object.contains_key("rolecall")).then(|| line.trim_end().len() - 1)
}

/// What follows the object's body (see [`appended_after`]) in the output line.
fn field_suffix(object: &RawObject, added: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(added.len() + 16);
    if !object.is_empty() {
        out.push(b',');
    }
    out.extend_from_slice(b"\"rolecall\":");
    out.extend_from_slice(added);
    out.push(b'}');
    out
}

/// The object on `line` with `"rolecall": added` appended: the input bytes are
/// kept as written. An input that already has a `rolecall` field gets it replaced.
fn with_field(line: &str, object: &RawObject, added: &[u8]) -> Vec<u8> {
    if object.contains_key("rolecall") {
        let mut value: Map<String, Value> =
            serde_json::from_str(line).expect("the line parsed as an object");
        value.insert(
            "rolecall".into(),
            serde_json::from_slice(added).expect("rolecall's own JSON parses"),
        );
        return serde_json::to_vec(&value).expect("JSON values serialise");
    }
    let body = &line[..appended_after(line, object).expect("no rolecall field")];
    let suffix = field_suffix(object, added);
    let mut out = Vec::with_capacity(body.len() + suffix.len());
    out.extend_from_slice(body.as_bytes());
    out.extend_from_slice(&suffix);
    out
}

/// The string a JSON string literal stands for, decoded straight into one
/// `String` (serde_json decodes an escaped string into a scratch buffer and
/// then copies it: twice the memory for a huge field). `None` for anything
/// but a string of plain characters and the simple escapes (`\n`, `\"`,
/// `\u00e9`, a `\ud83d\ude00` pair…): those are left to serde_json, so
/// what a value means and which values are errors does not change.
fn unescape(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let bytes = inner.as_bytes();
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    while i < bytes.len() {
        let plain = memchr::memchr2(b'\\', b'"', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        let run = &inner[i..plain];
        if run.bytes().any(|b| b < 0x20) {
            return None;
        }
        out.push_str(run);
        if plain == bytes.len() {
            break;
        }
        if bytes[plain] == b'"' {
            return None;
        }
        let c = match *bytes.get(plain + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hex = |at: usize| {
                    let digits = inner.get(at..at + 4)?;
                    digits
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit())
                        .then(|| u32::from_str_radix(digits, 16).ok())?
                };
                let unit = hex(plain + 2)?;
                match unit {
                    0xD800..=0xDBFF => {
                        if inner.get(plain + 6..plain + 8) != Some("\\u") {
                            return None;
                        }
                        let low = hex(plain + 8)?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        i = plain + 12;
                        out.push(char::from_u32(
                            0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00),
                        )?);
                        continue;
                    }
                    0xDC00..=0xDFFF => return None,
                    _ => {
                        i = plain + 6;
                        out.push(char::from_u32(unit)?);
                        continue;
                    }
                }
            }
            _ => return None,
        };
        out.push(c);
        i = plain + 2;
    }
    Some(out)
}

/// Follows a dotted path (`posting.description`) through nested objects.
pub fn lookup<'a>(object: &RawObject<'a>, path: &str) -> Option<&'a RawValue> {
    let mut parts = path.split('.');
    let mut value: &'a RawValue = object.get(parts.next()?)?;
    for part in parts {
        let inner: RawObject<'a> = serde_json::from_str(value.get()).ok()?;
        value = inner.get(part)?;
    }
    Some(value)
}

/// The first of `names` present as a string field (exact key first, then any case).
fn default_field(object: &RawObject, names: &[&str]) -> Option<String> {
    let as_string =
        |v: &&RawValue| unescape(v.get()).or_else(|| serde_json::from_str::<String>(v.get()).ok());
    names.iter().find_map(|name| {
        object.get(*name).and_then(as_string).or_else(|| {
            object
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                .find_map(|(_, v)| as_string(v))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Output, issues and counts of a run reading `input` in blocks of `block_bytes`.
    fn run(input: &[u8], block_bytes: usize, threads: usize) -> (Vec<u8>, Vec<RowIssue>, u64, u64) {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let (mut out, mut issues) = (Vec::new(), Vec::new());
            let stats = classify_jsonl_blocks(
                &Classifier::default(),
                BlockInput::new(input, block_bytes),
                &mut out,
                &JsonlOptions::default(),
                |i| issues.push(i),
            )
            .unwrap();
            (out, issues, stats.rows, stats.bytes)
        })
    }

    #[test]
    fn small_blocks_give_what_one_block_gives() {
        let long = format!("{{\"text\": \"{}\"}}", "product roadmap ".repeat(20));
        let input = [
            "\n \t\n{\"text\": \"Engineering Manager\"}\r\n",
            "\r\n\n",
            "not json\n",
            "[1, 2]\n",
            &long,
            "\n{\"title\": \"CTO\", \"text\": \"x\"}\r\r\n",
            "{\"text\": \"caf\u{e9}\"}\n   \n",
            "{\"text\": \"no line end\"}",
        ]
        .concat()
        .into_bytes();
        let mut with_bad_utf8 = input.clone();
        with_bad_utf8.splice(0..0, b"{\"text\": \"\xff\xfe\"}\n".iter().copied());
        for input in [input, with_bad_utf8] {
            let whole = run(&input, input.len() + 1, 1);
            assert!(whole.2 >= 7 && whole.1.iter().any(|i| i.line >= 6 && i.failed));
            for block in [1, 2, 3, 7, 16, 64] {
                for threads in [1, 3] {
                    assert!(
                        run(&input, block, threads) == whole,
                        "block {block}, {threads} threads"
                    );
                }
            }
        }
    }

    #[test]
    fn strings_unescape_as_serde_json_reads_them() {
        let pieces = [
            "a",
            "é",
            "\\n",
            "\\\"",
            "\\\\",
            "\\/",
            "\\b",
            "\\f",
            "\\r",
            "\\t",
            "\\u00e9",
            "\\u0041",
            "\\ud83d\\ude00",
            "\\ud83d",
            "\\ude00",
            "\\ud83da",
            "\\u12",
            "\\uzzzz",
            "\\x",
            "\\",
            "\"",
            "\t",
            "\u{1}",
            " ",
        ];
        let mut checked = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let raw = format!("\"{a}{b}{c}\"");
                    let theirs = serde_json::from_str::<String>(&raw).ok();
                    if let Some(ours) = unescape(&raw) {
                        assert_eq!(Some(ours), theirs, "{raw}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
        assert_eq!(unescape("1"), None);
        assert_eq!(unescape("null"), None);
    }

    #[test]
    fn dotted_paths() {
        let m: RawObject = serde_json::from_str(r#"{"a": {"b": {"c": "x"}}, "d": 1}"#).unwrap();
        assert_eq!(lookup(&m, "a.b.c").map(RawValue::get), Some(r#""x""#));
        assert!(lookup(&m, "a.x").is_none());
        assert!(lookup(&m, "d.e").is_none());
    }

    /// The output line for `raw`, as the writer puts it together.
    fn output(c: &Classifier, raw: &[u8]) -> Vec<u8> {
        let out = classify_line(c, &JsonlOptions::default(), raw);
        let prefix = out.prefix.map_or(&[][..], |n| &raw[..n]);
        [prefix, &out.json].concat()
    }

    #[test]
    fn the_field_is_appended_to_the_input_as_written() {
        let c = Classifier::default();
        let json = String::from_utf8(output(&c, br#"{"b": 1,  "text": "CTO" } "#)).unwrap();
        assert!(
            json.starts_with(r#"{"b": 1,  "text": "CTO" ,"rolecall":{"role":"#),
            "{json}"
        );
        assert!(String::from_utf8(output(&c, b"{}"))
            .unwrap()
            .starts_with(r#"{"rolecall":{"error":"#));
        let replaced = classify_line(
            &c,
            &JsonlOptions::default(),
            br#"{"rolecall": 1, "text": "x"}"#,
        );
        let v: Value = serde_json::from_slice(&replaced.json).unwrap();
        assert_eq!(v["rolecall"]["role"], "unclassified");
    }
}

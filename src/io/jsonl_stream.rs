//! Streaming JSON Lines: each object comes out, in order, with a `rolecall`
//! field added. A line that is not usable still comes out, with
//! `rolecall.error` saying why.

use std::io::{Read, Write};

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
use super::select::Selection;
use crate::role::{Neighbour, Role};
use crate::score::{Classification, Classifier, Evidence, Profile, Roles, Scores};

/// Bytes per block of input handed to a worker (a block ends at a line end:
/// it is longer when a line is).
const BLOCK_BYTES: usize = 2 << 20;

/// Text fields at least this long are decoded in place (see [`InPlace`]);
/// shorter ones are copied, which is faster.
const IN_PLACE_BYTES: usize = 64 << 10;

/// Which fields hold the posting.
#[derive(Debug, Clone, Default)]
pub struct JsonlOptions {
    /// Dotted path of the text field (`posting.description`); `None`: the default names.
    pub text_field: Option<String>,
    /// Dotted path of the title field; `None`: the default names when present.
    pub title_field: Option<String>,
    /// Never use a title field, even a default one.
    pub no_title: bool,
    /// Which records are written (every record by default).
    pub select: Selection,
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
    /// the block) followed by `json`; otherwise it is `json`.
    prefix: Option<usize>,
    /// The text decoded in the line, which the writer restores.
    in_place: Option<InPlace>,
    json: Vec<u8>,
    ok: Result<Classification, String>,
    lossy: usize,
}

/// Streams JSON Lines from `input` to `output`. Blank lines are not records and
/// are skipped; every other line yields exactly one output line.
pub fn classify_jsonl<R: Read + Send, W: Write + Send>(
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
        input.fill(&mut lines.data, |data, from| {
            memchr::memrchr(b'\n', &data[from..]).map(|i| from + i + 1)
        })
    };
    let process = |lines: &mut Lines| -> Vec<LineOutcome> {
        lines.split();
        // Each line apart, to be classified (and changed, see `InPlace`) on its own.
        let (mut rest, mut offset) = (&mut lines.data[..], 0);
        let mut each = Vec::with_capacity(lines.spans.len());
        for &(start, end, _) in &lines.spans {
            let (_, after) = std::mem::take(&mut rest).split_at_mut(start - offset);
            let (line, after) = after.split_at_mut(end - start);
            each.push(line);
            (rest, offset) = (after, end);
        }
        pipeline::map(each, |line| classify_line(classifier, options, line))
    };
    let mut stats = StreamStats::default();
    // The line number of the block's first line.
    let mut first_line = 1;
    let write = |lines: &Lines, outcomes: Vec<LineOutcome>| -> std::io::Result<()> {
        for (i, outcome) in outcomes.into_iter().enumerate() {
            let (start, end, line) = lines.spans[i];
            let line_bytes = &lines.data[start..end];
            if options
                .select
                .keeps(outcome.ok.as_ref().map_err(String::as_str))
            {
                match (outcome.prefix, &outcome.in_place) {
                    (Some(n), Some(in_place)) => in_place.write_body(line_bytes, n, &mut output)?,
                    (Some(n), None) => output.write_all(&line_bytes[..n])?,
                    (None, _) => {}
                }
                output.write_all(&outcome.json)?;
                output.write_all(b"\n")?;
            }
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
    neighbour: Option<Neighbour>,
    scores: Scores<'a>,
    profile: Profile,
    evidence: &'a [Evidence],
    roles: Roles<'a>,
}

/// A text field's value: decoded, or a string whose escapes are known.
enum Text<'a> {
    Decoded(String),
    Escaped(&'a RawValue, Vec<Escape>),
}

impl Text<'_> {
    /// The text of a string value: a long one with its escapes, to be decoded
    /// in place (see [`InPlace`]), a short one decoded.
    fn of(value: &RawValue) -> Option<Text<'_>> {
        let escaped = (value.get().len() >= IN_PLACE_BYTES)
            .then(|| escapes(value.get()))
            .flatten();
        match escaped {
            Some(escapes) => Some(Text::Escaped(value, escapes)),
            None => decoded(value).map(Text::Decoded),
        }
    }

    fn decode(self) -> String {
        match self {
            Text::Decoded(text) => text,
            Text::Escaped(value, _) => unescape(value.get()).expect("escapes were read"),
        }
    }
}

/// Classifies one line. A text field decoded where it is written in `raw`
/// (see [`InPlace`]) is the only change made to it.
fn classify_line(classifier: &Classifier, options: &JsonlOptions, raw: &mut [u8]) -> LineOutcome {
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
                in_place: None,
                json,
                ok: Err(message),
                lossy,
            };
        }
    };
    let text = match &options.text_field {
        Some(path) => match lookup(&object, path) {
            Some(v) if v.get() == "null" => Err(format!("missing text field {path:?}")),
            Some(v) => Text::of(v).ok_or_else(|| format!("text field {path:?} is not a string")),
            None => Err(format!("missing text field {path:?}")),
        },
        None => default_field(&object, DEFAULT_TEXT_COLUMNS, Text::of).ok_or_else(|| {
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
        (None, false) => default_field(&object, DEFAULT_TITLE_COLUMNS, decoded),
    };
    // A line read as it is (valid UTF-8) is not copied: the writer takes its
    // body from the block.
    let body = match &line {
        Cow::Borrowed(_) => appended_after(&line, &object),
        Cow::Owned(_) => None,
    };
    let empty = object.is_empty();
    // A string written back from the block is decoded where it is, unless
    // keeping its escapes would take more memory than the copy it saves.
    let text = match (text, body) {
        (Ok(Text::Escaped(value, escapes)), Some(body))
            if escapes.len() * std::mem::size_of::<Escape>() <= value.get().len() =>
        {
            let start = value.get().as_ptr() as usize - raw.as_ptr() as usize + 1;
            let end = start + value.get().len() - 2;
            drop(object);
            drop(line);
            let len = unescape_in_place(&mut raw[start..end], &escapes);
            let text =
                std::str::from_utf8(&raw[start..start + len]).expect("decoded JSON is UTF-8");
            let (ok, added) = classify_text(classifier, title.as_deref(), Ok(text));
            return LineOutcome {
                prefix: Some(body),
                in_place: Some(InPlace {
                    start,
                    end,
                    len,
                    escapes,
                }),
                json: field_suffix(empty, &added),
                ok,
                lossy,
            };
        }
        (text, _) => text.map(Text::decode),
    };
    let (ok, added) = classify_text(classifier, title.as_deref(), text.as_deref());
    let (prefix, json) = match body {
        Some(body) => (Some(body), field_suffix(empty, &added)),
        None => (None, with_field(&line, &object, &added)),
    };
    LineOutcome {
        prefix,
        in_place: None,
        json,
        ok,
        lossy,
    }
}

/// The classification of `text` and the `rolecall` field's JSON, or the error's.
fn classify_text(
    classifier: &Classifier,
    title: Option<&str>,
    text: Result<&str, &String>,
) -> (Result<Classification, String>, Vec<u8>) {
    let (ok, added) = match text {
        Ok(text) => {
            let result = classifier.classify(title, text);
            let added = serde_json::to_vec(&Added {
                role: result.label(),
                confidence: result.confidence,
                runner_up: result.runner_up,
                title_role: result.title_role,
                content_role: result.content_role,
                neighbour: result.neighbour,
                scores: Scores(&result.scores),
                profile: result.profile,
                evidence: &result.evidence,
                roles: Roles(&result),
            });
            (Ok(result), added)
        }
        Err(message) => {
            let added = serde_json::to_vec(&serde_json::json!({ "error": message }));
            (Err(message.clone()), added)
        }
    };
    (ok, added.expect("results serialise"))
}

/// Where `"rolecall": …` goes in `line`: the length of the object without its
/// closing brace (and what follows it), or `None` when the input already has a
/// `rolecall` field (it is replaced, see [`with_field`]).
fn appended_after(line: &str, object: &RawObject) -> Option<usize> {
    (!object.contains_key("rolecall")).then(|| line.trim_end().len() - 1)
}

/// What follows the object's body (see [`appended_after`]) in the output line
/// (`empty`: the object has no field).
fn field_suffix(empty: bool, added: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(added.len() + 16);
    if !empty {
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
    let suffix = field_suffix(object.is_empty(), added);
    let mut out = Vec::with_capacity(body.len() + suffix.len());
    out.extend_from_slice(body.as_bytes());
    out.extend_from_slice(&suffix);
    out
}

/// An escape sequence in a JSON string: where it starts in the string's
/// contents, its bytes as written, and the character it stands for.
struct Escape {
    at: usize,
    written: [u8; 12],
    len: u8,
    ch: char,
}

/// Calls `found` for each escape of the JSON string literal `raw`, in
/// order. `None` for anything but a string of plain characters and the
/// simple escapes (`\n`, `\"`, `\u00e9`, a `\ud83d\ude00` pair…): those are
/// left to serde_json, so what a value means and which values are errors
/// does not change.
fn each_escape(raw: &str, mut found: impl FnMut(Escape)) -> Option<()> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let plain = memchr::memchr2(b'\\', b'"', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        if bytes[i..plain].iter().any(|&b| b < 0x20) {
            return None;
        }
        if plain == bytes.len() {
            break;
        }
        if bytes[plain] == b'"' {
            return None;
        }
        let (ch, len) = match *bytes.get(plain + 1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'/' => ('/', 2),
            b'b' => ('\u{8}', 2),
            b'f' => ('\u{c}', 2),
            b'n' => ('\n', 2),
            b'r' => ('\r', 2),
            b't' => ('\t', 2),
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
                        let ch =
                            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?;
                        (ch, 12)
                    }
                    0xDC00..=0xDFFF => return None,
                    _ => (char::from_u32(unit)?, 6),
                }
            }
            _ => return None,
        };
        let mut written = [0; 12];
        written[..len].copy_from_slice(&bytes[plain..plain + len]);
        found(Escape {
            at: plain,
            written,
            len: len as u8,
            ch,
        });
        i = plain + len;
    }
    Some(())
}

/// The escapes of the JSON string literal `raw` (see [`each_escape`]).
fn escapes(raw: &str) -> Option<Vec<Escape>> {
    let mut found = Vec::new();
    each_escape(raw, |e| found.push(e))?;
    Some(found)
}

/// The string a JSON string value stands for: decoded here for the simple
/// escapes, by serde_json otherwise; `None` when the value is not a string.
fn decoded(value: &RawValue) -> Option<String> {
    unescape(value.get()).or_else(|| serde_json::from_str(value.get()).ok())
}

/// The string the JSON string literal `raw` stands for (see
/// [`each_escape`]), decoded straight into one `String` (serde_json decodes
/// an escaped string into a scratch buffer and then copies it: twice the
/// memory for a huge field).
fn unescape(raw: &str) -> Option<String> {
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
    let mut out = String::with_capacity(inner.len());
    let mut at = 0;
    each_escape(raw, |e| {
        out.push_str(&inner[at..e.at]);
        out.push(e.ch);
        at = e.at + usize::from(e.len);
    })?;
    out.push_str(&inner[at..]);
    Some(out)
}

/// Decodes a JSON string's contents where they are (an escape is never
/// shorter than its character): returns the decoded length.
fn unescape_in_place(contents: &mut [u8], escapes: &[Escape]) -> usize {
    let (mut to, mut from) = (0, 0);
    for e in escapes {
        contents.copy_within(from..e.at, to);
        to += e.at - from;
        to += e.ch.encode_utf8(&mut contents[to..]).len();
        from = e.at + usize::from(e.len);
    }
    contents.copy_within(from.., to);
    to + contents.len() - from
}

/// A text field decoded in place in its line (no second copy of a huge
/// text): the writer writes the contents back as they were written.
struct InPlace {
    /// Where the string's contents start and end in the line, as written.
    start: usize,
    end: usize,
    /// Length of the decoded contents, at `start`.
    len: usize,
    escapes: Vec<Escape>,
}

impl InPlace {
    /// Writes the line's first `body` bytes as they were read.
    fn write_body(&self, line: &[u8], body: usize, out: &mut impl Write) -> std::io::Result<()> {
        out.write_all(&line[..self.start])?;
        let decoded = &line[self.start..self.start + self.len];
        let (mut at, mut written) = (0, 0);
        for e in &self.escapes {
            let plain = e.at - written;
            out.write_all(&decoded[at..at + plain])?;
            out.write_all(&e.written[..usize::from(e.len)])?;
            at += plain + e.ch.len_utf8();
            written = e.at + usize::from(e.len);
        }
        out.write_all(&decoded[at..])?;
        out.write_all(&line[self.end..body])
    }
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

/// The first of `names` present as a string field (exact key first, then
/// any case), read by `read` (`None`: not a string).
fn default_field<'a, T>(
    object: &RawObject<'a>,
    names: &[&str],
    read: impl Fn(&'a RawValue) -> Option<T>,
) -> Option<T> {
    names.iter().find_map(|name| {
        object.get(*name).and_then(|v| read(v)).or_else(|| {
            object
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                .find_map(|(_, v)| read(v))
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
        // Long enough to be decoded in place.
        let huge = format!(
            "{{\"text\": \"{}\", \"n\": 1}}\n",
            "Engineering Manager, product roadmap and stakeholders\\n".repeat(1500)
        );
        let input = [
            "\n \t\n{\"text\": \"Engineering Manager\"}\r\n",
            "\r\n\n",
            "not json\n",
            "[1, 2]\n",
            &long,
            "\n",
            &huge,
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
            assert!(whole.2 >= 8 && whole.1.iter().any(|i| i.line >= 6 && i.failed));
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
        let mut line = raw.to_vec();
        let out = classify_line(c, &JsonlOptions::default(), &mut line);
        let mut written = Vec::new();
        match (out.prefix, &out.in_place) {
            (Some(n), Some(in_place)) => in_place.write_body(&line, n, &mut written).unwrap(),
            (Some(n), None) => written.extend_from_slice(&line[..n]),
            (None, _) => {}
        }
        written.extend_from_slice(&out.json);
        written
    }

    /// A text decoded in its line comes out as written, and is classified
    /// as the decoded copy is.
    #[test]
    fn a_text_decoded_in_place_is_written_back_as_it_was() {
        let c = Classifier::default();
        let text =
            r#"Engineering\nManager \"lead\" caf\u00e9 \u00E9\ud83d\ude00 a\/b \\ \t\r\b\f end"#;
        let text = format!("{text} {}", "product roadmap ".repeat(5000));
        let raw = format!(r#"{{"id": 1, "text": "{text}" , "x": [1]}}"#);
        let mut line = raw.clone().into_bytes();
        let out = classify_line(&c, &JsonlOptions::default(), &mut line);
        assert!(out.in_place.is_some());
        let decoded: String = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        let expected = c.classify(None, &decoded);
        assert_eq!(out.ok.as_ref().unwrap().scores, expected.scores);
        assert_eq!(out.ok.as_ref().unwrap().evidence, expected.evidence);
        let written = String::from_utf8(output(&c, raw.as_bytes())).unwrap();
        assert!(written.starts_with(&raw[..raw.len() - 1]), "{written}");
        // Escapes denser than the in-place bookkeeping is worth: decoded as a copy.
        let dense = format!(r#"{{"text": "{}"}}"#, r"\n".repeat(40_000));
        let mut line = dense.as_bytes().to_vec();
        assert!(classify_line(&c, &JsonlOptions::default(), &mut line)
            .in_place
            .is_none());
        assert_eq!(line, dense.as_bytes());
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
            &mut br#"{"rolecall": 1, "text": "x"}"#.to_vec(),
        );
        let v: Value = serde_json::from_slice(&replaced.json).unwrap();
        assert_eq!(v["rolecall"]["role"], "unclassified");
    }
}

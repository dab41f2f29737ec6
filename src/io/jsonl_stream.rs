//! Streaming JSON Lines: each object comes out, in order, with a `rolecall`
//! field added. A line that is not usable still comes out, with
//! `rolecall.error` saying why.

use std::io::{BufRead, Write};

use serde_json::{Map, Value};

use super::csv_stream::{
    truncation_warning, RowIssue, StreamStats, DEFAULT_TEXT_COLUMNS, DEFAULT_TITLE_COLUMNS,
};
use super::pipeline::{self, Batch};
use crate::score::{Classification, Classifier, Scores};

/// Lines per batch (a batch also ends at [`BATCH_BYTES`]).
const BATCH_LINES: usize = 2048;
/// Approximate bytes per batch.
const BATCH_BYTES: usize = 4 << 20;

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

struct Lines {
    data: Vec<u8>,
    /// (start, end, line number) of each record in `data`.
    spans: Vec<(usize, usize, u64)>,
}

impl Batch for Lines {
    fn len(&self) -> usize {
        self.spans.len()
    }
}

struct LineOutcome {
    json: Vec<u8>,
    ok: Result<Classification, String>,
    lossy: usize,
}

/// Streams JSON Lines from `input` to `output`. Blank lines are not records and
/// are skipped; every other line yields exactly one output line.
pub fn classify_jsonl<R: BufRead + Send, W: Write + Send>(
    classifier: &Classifier,
    mut input: R,
    mut output: W,
    options: &JsonlOptions,
    mut on_issue: impl FnMut(RowIssue) + Send,
) -> std::io::Result<StreamStats> {
    let mut line_number = 0u64;
    let mut bytes_read = 0u64;
    let read = |lines: &mut Lines| -> std::io::Result<bool> {
        lines.data.clear();
        lines.spans.clear();
        while lines.spans.len() < BATCH_LINES && lines.data.len() < BATCH_BYTES {
            let start = lines.data.len();
            let n = input.read_until(b'\n', &mut lines.data)?;
            if n == 0 {
                return Ok(false);
            }
            bytes_read += n as u64;
            line_number += 1;
            let mut end = lines.data.len();
            while end > start && matches!(lines.data[end - 1], b'\n' | b'\r') {
                end -= 1;
            }
            if lines.data[start..end].iter().all(u8::is_ascii_whitespace) {
                lines.data.truncate(start);
                continue;
            }
            lines.spans.push((start, end, line_number));
        }
        Ok(true)
    };
    let classify = |lines: &Lines, i: usize| -> LineOutcome {
        let (start, end, _) = lines.spans[i];
        classify_line(classifier, options, &lines.data[start..end])
    };
    let mut stats = StreamStats::default();
    let write = |lines: &Lines, outcomes: Vec<LineOutcome>| -> std::io::Result<()> {
        for (i, outcome) in outcomes.into_iter().enumerate() {
            output.write_all(&outcome.json)?;
            output.write_all(b"\n")?;
            stats.add(outcome.ok.as_ref().map_err(String::as_str));
            let line = lines.spans[i].2;
            if outcome.lossy > 0 {
                on_issue(RowIssue {
                    row: stats.rows,
                    line,
                    message: format!(
                        "invalid UTF-8 decoded lossily ({} replacement character{})",
                        outcome.lossy,
                        if outcome.lossy == 1 { "" } else { "s" }
                    ),
                    failed: false,
                });
            }
            if let Some(at) = outcome.ok.as_ref().ok().and_then(|c| c.truncated_at) {
                on_issue(RowIssue {
                    row: stats.rows,
                    line: line,
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
        Ok(())
    };
    pipeline::run(
        || Lines {
            data: Vec::new(),
            spans: Vec::new(),
        },
        read,
        classify,
        write,
    )?;
    output.flush()?;
    stats.bytes = bytes_read;
    Ok(stats)
}

fn classify_line(classifier: &Classifier, options: &JsonlOptions, raw: &[u8]) -> LineOutcome {
    let (line, lossy) = match std::str::from_utf8(raw) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), 0),
        Err(_) => {
            let s = String::from_utf8_lossy(raw);
            let before = raw
                .windows(3)
                .filter(|w| *w == "\u{FFFD}".as_bytes())
                .count();
            let n = s.matches('\u{FFFD}').count() - before;
            (s, n)
        }
    };
    let fail = |message: String, object: Option<Map<String, Value>>| {
        let mut object = object.unwrap_or_else(|| {
            let mut m = Map::new();
            m.insert("input".into(), Value::String(line.to_string()));
            m
        });
        object.insert(
            "rolecall".into(),
            serde_json::json!({ "error": message.clone() }),
        );
        LineOutcome {
            json: serde_json::to_vec(&object).expect("JSON values serialise"),
            ok: Err(message),
            lossy,
        }
    };
    let mut object = match serde_json::from_str::<Value>(&line) {
        Ok(Value::Object(m)) => m,
        Ok(_) => return fail("line is JSON but not an object".into(), None),
        Err(e) => return fail(format!("invalid JSON: {e}"), None),
    };
    let text = match &options.text_field {
        Some(path) => match lookup(&object, path) {
            Some(Value::String(s)) => s.as_str(),
            Some(Value::Null) | None => {
                return fail(format!("missing text field {path:?}"), Some(object))
            }
            Some(_) => return fail(format!("text field {path:?} is not a string"), Some(object)),
        },
        None => match default_field(&object, DEFAULT_TEXT_COLUMNS) {
            Some(s) => s,
            None => {
                return fail(
                    format!(
                        "no text field: none of {} (use --text-field)",
                        DEFAULT_TEXT_COLUMNS.join(", ")
                    ),
                    Some(object),
                )
            }
        },
    };
    let title = if options.no_title {
        None
    } else {
        match &options.title_field {
            Some(path) => lookup(&object, path).and_then(Value::as_str),
            None => default_field(&object, DEFAULT_TITLE_COLUMNS),
        }
    };
    let result = classifier.classify(title, text);
    let value = serde_json::json!({
        "role": result.label(),
        "confidence": result.confidence,
        "runner_up": result.runner_up,
        "scores": Scores(&result.scores),
        "evidence": result.evidence,
    });
    object.insert("rolecall".into(), value);
    LineOutcome {
        json: serde_json::to_vec(&object).expect("JSON values serialise"),
        ok: Ok(result),
        lossy,
    }
}

/// Follows a dotted path (`posting.description`) through nested objects.
pub fn lookup<'a>(object: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut value = object.get(parts.next()?)?;
    for part in parts {
        value = value.as_object()?.get(part)?;
    }
    Some(value)
}

fn default_field<'a>(object: &'a Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|name| {
        object
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_paths() {
        let v: Value = serde_json::from_str(r#"{"a": {"b": {"c": "x"}}, "d": 1}"#).unwrap();
        let m = v.as_object().unwrap();
        assert_eq!(lookup(m, "a.b.c"), Some(&Value::String("x".into())));
        assert_eq!(lookup(m, "a.x"), None);
        assert_eq!(lookup(m, "d.e"), None);
    }
}

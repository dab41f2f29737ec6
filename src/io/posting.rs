//! Reading one posting from a file: plain text, Markdown, HTML (tags blanked)
//! or JSON (`title` plus `description` or `text`).

use std::path::Path;

use serde_json::Value;

use crate::matcher::html_entity;

/// A posting ready to classify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    /// The title, when the file has one (JSON `title`, or the first line with
    /// `--title-from-first-line`).
    pub title: Option<String>,
    /// The text to classify.
    pub text: String,
    /// Byte offset of `text` within the file, so text evidence can be
    /// reported as file offsets (0 for JSON postings, whose offsets index the field).
    pub text_offset: usize,
    /// Byte offset of a first-line title within the file.
    pub title_offset: usize,
    /// Non-fatal notes, such as lossy UTF-8 decoding.
    pub warnings: Vec<String>,
}

/// Why a file could not be read as a posting.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostingError {
    /// The file holds NUL bytes: it is not text.
    #[error("binary file (contains NUL bytes): skipped")]
    Binary,
    /// A `.json` posting that does not parse or lacks a text field.
    #[error("{0}")]
    Json(String),
}

/// File extensions read when walking a folder.
pub const POSTING_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "json"];

/// How to read posting files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Take the first line of a text file as the title.
    pub title_from_first_line: bool,
}

/// Reads a posting file's bytes, or standard input for `-`; the error says what failed.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut buf)
            .map(|_| buf)
            .map_err(|e| format!("cannot read stdin: {e}"))
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
    }
}

/// Turns a file's bytes into a posting, choosing the format by `path`'s
/// extension. Valid UTF-8 becomes the text in place, without a copy; a file
/// that starts with a UTF-16 byte-order mark (LE or BE) is decoded to UTF-8,
/// and its evidence offsets index the decoded text. NUL bytes (or, in UTF-16,
/// NUL characters) mean binary.
pub fn parse(
    path: &Path,
    mut bytes: Vec<u8>,
    options: ReadOptions,
) -> Result<Posting, PostingError> {
    let mut warnings = Vec::new();
    // Offsets into a UTF-8 file count its BOM; a UTF-16 file is decoded, and
    // offsets index the decoded text.
    let mut bom = 0;
    let text = if let Some(big_endian) = utf16_bom(&bytes) {
        let (text, bad) = decode_utf16(&bytes[2..], big_endian);
        if text.contains('\0') {
            return Err(PostingError::Binary);
        }
        if bad > 0 {
            warnings.push(format!(
                "invalid UTF-16: decoded lossily ({bad} invalid code unit{} replaced with U+FFFD)",
                if bad == 1 { "" } else { "s" }
            ));
        }
        text
    } else {
        if bytes.contains(&0) {
            return Err(PostingError::Binary);
        }
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bom = 3;
        }
        bytes.drain(..bom);
        match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let (text, bad) = decode_lossy(e.as_bytes());
                warnings.push(lossy_warning(bad));
                text.into_owned()
            }
        }
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let mut posting = match ext.as_deref() {
        Some("json") => from_json(&text)?,
        Some("html" | "htm") => from_plain(blank_html(&text), options),
        _ => from_plain(text, options),
    };
    posting.warnings = warnings;
    if ext.as_deref() != Some("json") {
        // Offsets of plain-text files index the file: count the BOM back in.
        posting.text_offset += bom;
        posting.title_offset += bom;
    }
    Ok(posting)
}

/// `Some(true)` for a UTF-16 BE byte-order mark, `Some(false)` for LE.
fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFE, 0xFF, ..] => Some(true),
        [0xFF, 0xFE, ..] => Some(false),
        _ => None,
    }
}

/// Decodes UTF-16 (without its BOM) to UTF-8, replacing each unpaired
/// surrogate and an odd last byte with U+FFFD; returns the text and the
/// number of replacements.
fn decode_utf16(bytes: &[u8], big_endian: bool) -> (String, usize) {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut bad = bytes.len() % 2;
    let mut text = String::with_capacity(bytes.len() / 2 * 3 / 2);
    for c in char::decode_utf16(units) {
        text.push(c.unwrap_or_else(|_| {
            bad += 1;
            char::REPLACEMENT_CHARACTER
        }));
    }
    if bytes.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, bad)
}

/// Decodes UTF-8, replacing each invalid byte with `?` so that byte offsets
/// into the result are byte offsets into the input. Returns the text and the
/// number of bytes replaced.
pub fn decode_lossy(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, usize) {
    // Valid text (nearly all) is checked by SIMD; invalid text is decoded
    // piece by piece below.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return (std::borrow::Cow::Borrowed(text), 0);
    }
    let mut rest = bytes;
    let mut out = String::with_capacity(bytes.len());
    let mut bad = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return (std::borrow::Cow::Owned(out), bad);
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).expect("checked valid"));
                let invalid = e.error_len().unwrap_or(after.len());
                out.extend(std::iter::repeat_n('?', invalid));
                bad += invalid;
                rest = &after[invalid..];
            }
        }
    }
}

/// The warning for text that was not valid UTF-8.
pub fn lossy_warning(bad: usize) -> String {
    format!(
        "invalid UTF-8: decoded lossily ({bad} invalid byte{})",
        if bad == 1 { "" } else { "s" }
    )
}

fn from_plain(text: String, options: ReadOptions) -> Posting {
    if options.title_from_first_line {
        let (first, rest_at) = match text.find('\n') {
            Some(i) => (&text[..i], i + 1),
            None => (text.as_str(), text.len()),
        };
        let title = first.trim_end_matches('\r').to_string();
        let mut text = text;
        text.drain(..rest_at);
        return Posting {
            title: Some(title),
            text,
            text_offset: rest_at,
            title_offset: 0,
            warnings: Vec::new(),
        };
    }
    Posting {
        title: None,
        text,
        text_offset: 0,
        title_offset: 0,
        warnings: Vec::new(),
    }
}

fn from_json(text: &str) -> Result<Posting, PostingError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| PostingError::Json(format!("invalid JSON: {e}")))?;
    let field = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_string);
    let body = field("description")
        .or_else(|| field("text"))
        .ok_or_else(|| {
            PostingError::Json(
                "JSON posting has no string \"description\" or \"text\" field".into(),
            )
        })?;
    Ok(Posting {
        title: field("title"),
        text: body,
        text_offset: 0,
        title_offset: 0,
        warnings: Vec::new(),
    })
}

/// Replaces HTML markup with spaces, byte for byte, so offsets into the
/// result are offsets into the original file. Tags, comments and the contents
/// of `<script>` and `<style>` are blanked; newlines are kept. Character
/// references for whitespace (`&nbsp;`, `&#160;`…) are blanked to spaces too;
/// other references (`&amp;`, `&rsquo;`) are left as written, and the matcher
/// reads them decoded. So evidence spans index the file's bytes, and an
/// evidence text shows a reference as the file has it.
pub fn blank_html(html: &str) -> String {
    // ASCII lowercasing keeps every byte offset, so positions found in
    // `lower` are char boundaries in `html`.
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let (mut copied, mut search) = (0, 0);
    while let Some(open) = lower[search..].find('<').map(|k| k + search) {
        let rest = &lower[open..];
        let after = |needle: &str| {
            rest.find(needle)
                .map_or(lower.len(), |k| open + k + needle.len())
        };
        let end = if rest.starts_with("<!--") {
            after("-->")
        } else if rest.starts_with("<script") {
            after("</script>")
        } else if rest.starts_with("<style") {
            after("</style>")
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') {
            after(">")
        } else {
            search = open + 1;
            continue;
        };
        push_text(&mut out, &html[copied..open]);
        for c in html[open..end].chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        copied = end;
        search = end;
    }
    push_text(&mut out, &html[copied..]);
    out
}

/// Appends text from between tags, whitespace character references blanked.
fn push_text(out: &mut String, mut text: &str) {
    while let Some(k) = text.find('&') {
        out.push_str(&text[..k]);
        match html_entity(&text.as_bytes()[k..]) {
            Some((c, len)) if c.is_whitespace() => {
                out.extend(std::iter::repeat_n(' ', len));
                text = &text[k + len..];
            }
            _ => {
                out.push('&');
                text = &text[k + 1..];
            }
        }
    }
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_blanked_in_place() {
        let html =
            "<p>Hiring a <b>Product Manager</b></p>\n<script>var x='<b>';</script>ok".to_string();
        let out = blank_html(&html);
        assert_eq!(out.len(), html.len());
        let at = html.find("Product Manager").unwrap();
        assert_eq!(&out[at..at + 15], "Product Manager");
        assert!(!out.contains('<'));
        assert!(!out.contains("var x"));
        assert!(out.ends_with("ok"));
        assert_eq!(out.matches('\n').count(), 1);
    }

    #[test]
    fn html_blanking_keeps_utf8_and_lone_angle_brackets() {
        let out = blank_html("a < b <i title=\"é\">café</i>");
        assert_eq!(
            out,
            format!("a < b {}café{}", " ".repeat(14), " ".repeat(4))
        );
    }

    #[test]
    fn whitespace_references_are_blanked_in_place() {
        let html = "<p>Technical&nbsp;Product&#160;Manager &amp; R&amp;D &#xA0;x&nbsp</p>";
        let out = blank_html(html);
        assert_eq!(out.len(), html.len());
        assert_eq!(
            out,
            format!(
                "{}Technical{}Product{}Manager &amp; R&amp;D {}x&nbsp{}",
                " ".repeat(3),
                " ".repeat(6),
                " ".repeat(6),
                " ".repeat(6),
                " ".repeat(4)
            )
        );
    }

    #[test]
    fn first_line_title_keeps_file_offsets() {
        let p = parse(
            Path::new("x.txt"),
            b"Engineering Manager\r\nLead the team.".to_vec(),
            ReadOptions {
                title_from_first_line: true,
            },
        )
        .unwrap();
        assert_eq!(p.title.as_deref(), Some("Engineering Manager"));
        assert_eq!(p.text, "Lead the team.");
        assert_eq!(p.text_offset, 21);
    }

    #[test]
    fn json_posting_fields_and_errors() {
        let p = parse(
            Path::new("p.json"),
            br#"{"title": "CTO", "description": "Run engineering."}"#.to_vec(),
            ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(p.title.as_deref(), Some("CTO"));
        assert_eq!(p.text, "Run engineering.");
        assert!(matches!(
            parse(
                Path::new("p.json"),
                br#"{"title": "CTO"}"#.to_vec(),
                ReadOptions::default()
            ),
            Err(PostingError::Json(_))
        ));
    }

    #[test]
    fn binary_and_invalid_utf8() {
        assert_eq!(
            parse(
                Path::new("a.txt"),
                b"ab\0cd".to_vec(),
                ReadOptions::default()
            ),
            Err(PostingError::Binary)
        );
        let p = parse(
            Path::new("a.txt"),
            b"caf\xe9 ok".to_vec(),
            ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(p.text, "caf? ok", "one byte in, one byte out: offsets kept");
        assert_eq!(p.warnings.len(), 1);
    }
}

//! Input and output: posting files, folder walks, record formats.

pub mod csv_stream;
pub mod jsonl_stream;
pub mod pipeline;
pub mod posting;
pub mod record;
pub mod select;
pub mod walk;

/// What joins a posting's several text columns (`rolecall csv --text-col A
/// --text-col B`, and the Python binding's frames) into one text: a blank line.
pub const TEXT_COLUMN_SEPARATOR: &str = "\n\n";

//! Input and output: posting files, folder walks, record formats.

pub mod csv_stream;
pub mod jsonl_stream;
pub mod pipeline;
pub mod posting;
pub mod record;
pub mod select;
pub mod walk;

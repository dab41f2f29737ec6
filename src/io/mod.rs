//! Input and output: posting files, folder walks, record formats.

pub mod posting;
pub mod record;
pub mod walk;

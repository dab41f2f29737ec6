//! A block of raw input: the bytes read, the records found in it, and
//! where its own split may be trusted.

/// A block of raw CSV input, cut where the reader expects a record to end,
/// and the records a worker found in it parsing it from a record start.
pub(super) struct Block {
    pub(super) data: Vec<u8>,
    /// The input ends with this block.
    pub(super) last: bool,
    /// Records are already in `spans` (the first row without a header).
    pub(super) split: bool,
    /// Each record's span in `data` (leading line ends included).
    pub(super) spans: Vec<(usize, usize)>,
    /// Where the bytes after the last record start: `data[end..]` holds only
    /// line ends when the block ended at a record boundary.
    pub(super) end: usize,
}

impl Block {
    pub(super) fn new() -> Block {
        Block {
            data: Vec::new(),
            last: false,
            split: false,
            spans: Vec::new(),
            end: 0,
        }
    }
}

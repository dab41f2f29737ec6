//! Reading the input in raw blocks that end at a safe cut: a line end that
//! is, as far as the quotes seen so far tell, a record boundary.

use std::io::Read;

use super::super::pipeline::BlockInput;
use super::block::Block;
use super::split::{has_content, next_record};

/// Bytes per block of input handed to a worker (a block ends at a line end:
/// it is longer when a record is).
pub(super) const BLOCK_BYTES: usize = 2 << 20;
/// Bytes read at a time for the first record.
const IO_BUFFER: usize = 1 << 20;

/// Reads CSV input in blocks (see [`BlockInput`]), each cut just after a
/// line end that, reading quotes as csv does, is outside a quoted field: a
/// guess, which the writer checks against the parser's own state.
pub(super) struct BlockReader<R> {
    pub(super) raw: BlockInput<R>,
    pub(super) delimiter: u8,
    /// Cut only outside quotes (false, in tests: at any line end).
    pub(super) quote_aware: bool,
}

impl<R: Read> BlockReader<R> {
    pub(super) fn new(input: R, delimiter: u8, block_bytes: usize, quote_aware: bool) -> Self {
        BlockReader {
            raw: BlockInput::new(input, block_bytes),
            delimiter,
            quote_aware: quote_aware && !matches!(delimiter, b'"' | b'\n' | b'\r'),
        }
    }

    /// Reads the first record as csv reads the start of a file (a BOM is
    /// dropped): returns its bytes (BOM included), or `None` when the input
    /// holds no record. The bytes after it are carried over.
    pub(super) fn first_record(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        let mut core = csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .build();
        let (mut scratch, mut ends) = (vec![0; 64 * 1024], vec![0; 1024]);
        let (mut data, mut scan) = (Vec::new(), 0);
        loop {
            if scan == data.len() && !self.raw.eof {
                self.raw.read_more(&mut data, IO_BUFFER)?;
                continue;
            }
            let (n, record) = next_record(
                &mut core,
                &data[scan..],
                self.raw.eof,
                &mut scratch,
                &mut ends,
            );
            scan += n;
            if record || self.raw.eof {
                self.raw.carry.extend_from_slice(&data[scan..]);
                data.truncate(scan);
                return Ok((record && has_content(&data)).then_some(data));
            }
        }
    }

    /// Refills `block`; returns `Ok(false)` when it ends the input.
    pub(super) fn fill(&mut self, block: &mut Block) -> std::io::Result<bool> {
        block.split = false;
        let mut cuts = CutFinder::default();
        let (delimiter, quote_aware) = (self.delimiter, self.quote_aware);
        let more = self.raw.fill(&mut block.data, |data, from| {
            if quote_aware {
                cuts.scan(data, delimiter)
            } else {
                memchr::memrchr2(b'\n', b'\r', &data[from..]).map(|i| from + i + 1)
            }
        })?;
        block.last = !more;
        Ok(more)
    }
}

/// Finds the last line end outside quoted fields in a growing block, reading
/// only its quotes as `csv-core` does (see [`ends_inside_quotes`](super::split::ends_inside_quotes)), from where
/// the last scan stopped.
#[derive(Default)]
struct CutFinder {
    /// Bytes scanned.
    pub(super) at: usize,
    pub(super) quoted: bool,
    /// Start of the stretch outside quotes being scanned.
    outside: usize,
    /// Bytes of that stretch searched for a line end.
    searched: usize,
    /// Just after the last line end found outside quotes.
    cut: Option<usize>,
}

impl CutFinder {
    fn scan(&mut self, data: &[u8], delimiter: u8) -> Option<usize> {
        loop {
            let Some(k) = memchr::memchr(b'"', &data[self.at..]) else {
                if !self.quoted {
                    self.note(data, data.len());
                }
                self.at = data.len();
                return self.cut;
            };
            let q = self.at + k;
            if self.quoted {
                match data.get(q + 1) {
                    // Which of `""` or a closing quote this is: the next read tells.
                    None => return self.cut,
                    Some(b'"') => self.at = q + 2,
                    Some(_) => {
                        self.quoted = false;
                        self.outside = q + 1;
                        self.at = q + 1;
                    }
                }
            } else {
                self.at = q + 1;
                if q == 0 || matches!(data[q - 1], b'\n' | b'\r') || data[q - 1] == delimiter {
                    self.note(data, q);
                    self.quoted = true;
                }
            }
        }
    }

    /// Notes the last line end in the stretch outside quotes that ends at `end`.
    fn note(&mut self, data: &[u8], end: usize) {
        let from = self.outside.max(self.searched);
        if let Some(i) = memchr::memrchr2(b'\n', b'\r', &data[from..end]) {
            self.cut = Some(from + i + 1);
        }
        self.searched = end;
    }
}

//! The streaming pipeline shared by the CSV and JSON Lines commands: the
//! calling thread reads raw blocks of input, the rayon pool processes several
//! blocks at once (each finds its own records and classifies them), and a
//! writer thread writes the results in input order; emptied blocks go back to
//! the reader. Memory is bounded by [`in_flight`] blocks.
//!
//! In a one-thread pool everything runs on the calling thread, one block at a
//! time: `--threads 1` uses one core, as a process per core (GNU parallel,
//! Spark's `pipe`) expects.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc::{channel, sync_channel};

use rayon::prelude::*;

/// Blocks alive at once (being read, processed, waiting for their turn or
/// written): two more than the pool's threads, so that every thread has a
/// block while one is read and one is written.
pub fn in_flight() -> usize {
    rayon::current_num_threads() + 2
}

/// Runs the pipeline to completion, returning the first error from reading or
/// writing.
///
/// `read(block)` clears and refills `block`, returning `Ok(false)` when it
/// holds the end of the input. `process(block)` turns a block into its output
/// values; it runs on the pool, for several blocks at once. `write(block,
/// outputs)` gets the blocks in the order they were read. When the current
/// rayon pool has one thread, no thread is started: read, process and write
/// take turns on the calling thread.
pub fn run<B, O, E>(
    blocks: impl Fn() -> B,
    mut read: impl FnMut(&mut B) -> Result<bool, E> + Send,
    process: impl Fn(&mut B) -> Vec<O> + Sync,
    mut write: impl FnMut(&B, Vec<O>) -> Result<(), E> + Send,
) -> Result<(), E>
where
    B: Send,
    O: Send,
    E: Send,
{
    if rayon::current_num_threads() == 1 {
        let mut block = blocks();
        loop {
            let more = read(&mut block)?;
            let outputs = process(&mut block);
            write(&block, outputs)?;
            if !more {
                return Ok(());
            }
        }
    }
    let in_flight = in_flight();
    let (to_write, written) = channel::<(u64, B, Vec<O>)>();
    let (recycle, recycled) = sync_channel::<B>(in_flight);
    for _ in 0..in_flight {
        recycle.send(blocks()).expect("receiver is alive");
    }
    let process = &process;
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<(), E> {
            // Blocks finish out of order: each waits here for its turn.
            let mut waiting = BTreeMap::new();
            let mut next = 0u64;
            for (seq, block, outputs) in written {
                waiting.insert(seq, (block, outputs));
                while let Some((block, outputs)) = waiting.remove(&next) {
                    write(&block, outputs)?;
                    // The reader may have finished; a closed channel is fine.
                    let _ = recycle.send(block);
                    next += 1;
                }
            }
            Ok(())
        });
        let read = rayon::in_place_scope(|pool| -> Result<(), E> {
            let mut seq = 0u64;
            // Ends when the writer stops (an error) and no block comes back.
            while let Ok(mut block) = recycled.recv() {
                let more = read(&mut block)?;
                let to_write = to_write.clone();
                pool.spawn(move |_| {
                    let outputs = process(&mut block);
                    let _ = to_write.send((seq, block, outputs));
                });
                seq += 1;
                if !more {
                    break;
                }
            }
            Ok(())
        });
        drop(to_write);
        let written = writer.join().expect("writer thread panicked");
        written.and(read)
    })
}

/// `f(item)` for each item, in order: in parallel on the pool, or on the
/// calling thread when the pool has one thread.
pub fn map<T: Send, O: Send>(items: Vec<T>, f: impl Fn(T) -> O + Sync) -> Vec<O> {
    if rayon::current_num_threads() == 1 {
        items.into_iter().map(f).collect()
    } else {
        items.into_par_iter().map(&f).collect()
    }
}

/// Input read in raw blocks of at least `block_bytes` (unless the input ends),
/// each cut where the format's `cut` says: the bytes after the cut start the
/// next block.
pub struct BlockInput<R> {
    input: R,
    block_bytes: usize,
    /// Bytes read past the last cut.
    pub carry: Vec<u8>,
    /// The input is exhausted.
    pub eof: bool,
    /// Bytes read so far.
    pub bytes_read: u64,
}

impl<R: Read> BlockInput<R> {
    /// Reads `input` in blocks of `block_bytes`.
    pub fn new(input: R, block_bytes: usize) -> Self {
        BlockInput {
            input,
            block_bytes: block_bytes.max(1),
            carry: Vec::new(),
            eof: false,
            bytes_read: 0,
        }
    }

    /// Appends up to `n` more bytes of input to `data`: fewer only at the end
    /// of the input. The bytes are read into `data`'s spare capacity, which
    /// is not zeroed first.
    pub fn read_more(&mut self, data: &mut Vec<u8>, n: usize) -> std::io::Result<()> {
        data.reserve(n);
        let got = (&mut self.input).take(n as u64).read_to_end(data)?;
        self.bytes_read += got as u64;
        self.eof = got < n;
        Ok(())
    }

    /// Refills `data` with the carried bytes and the input after them, then
    /// cuts it at `cut(data, from)`; while `cut` finds no place, `data` grows
    /// by another `block_bytes` and `cut` is called again on the longer data,
    /// with `from` the length it saw last (0 on the first call): a cut that
    /// searches from the end need only search `data[from..]`.
    /// Returns `Ok(false)` when `data` holds the end of the input (uncut).
    pub fn fill(
        &mut self,
        data: &mut Vec<u8>,
        mut cut: impl FnMut(&[u8], usize) -> Option<usize>,
    ) -> std::io::Result<bool> {
        data.clear();
        if data.capacity() > 4 * self.block_bytes {
            // A huge record grew this block: do not keep its memory.
            data.shrink_to(2 * self.block_bytes);
        }
        data.append(&mut self.carry);
        let mut target = self.block_bytes;
        let mut searched = 0;
        loop {
            while data.len() < target && !self.eof {
                let want = target - data.len();
                self.read_more(data, want)?;
            }
            if self.eof {
                return Ok(false);
            }
            if let Some(at) = cut(data, searched) {
                self.carry.extend_from_slice(&data[at..]);
                data.truncate(at);
                return Ok(true);
            }
            searched = data.len();
            target = data.len() + self.block_bytes;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers read seven at a time from `0..n`.
    fn reader(n: u32) -> impl FnMut(&mut Vec<u32>) -> Result<bool, ()> {
        let mut next = 0u32;
        move |b: &mut Vec<u32>| {
            b.clear();
            while b.len() < 7 && next < n {
                b.push(next);
                next += 1;
            }
            Ok(next < n)
        }
    }

    #[test]
    fn output_keeps_input_order_across_blocks() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(3)
            .build()
            .unwrap();
        let mut out = Vec::new();
        pool.install(|| {
            run(
                Vec::new,
                reader(1000),
                |b| {
                    // Uneven work, so that blocks finish out of order.
                    std::thread::sleep(std::time::Duration::from_micros(u64::from(b[0] % 3) * 200));
                    map(b.clone(), |x| x * 2)
                },
                |_, o| {
                    out.extend(o);
                    Ok(())
                },
            )
        })
        .unwrap();
        assert_eq!(out, (0..1000).map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_write_error_stops_the_run_and_is_returned() {
        let mut blocks_read = 0;
        let result = run(
            Vec::new,
            |b: &mut Vec<u32>| {
                b.clear();
                b.push(1);
                blocks_read += 1;
                Ok(true)
            },
            |_| vec![()],
            |_, _| Err("closed"),
        );
        assert_eq!(result, Err("closed"));
        assert!(blocks_read < 100);
    }

    #[test]
    fn a_read_error_is_returned_after_the_blocks_before_it_are_written() {
        let mut next = 0;
        let mut written = 0;
        let result = run(
            Vec::new,
            |b: &mut Vec<u32>| {
                next += 1;
                b.clear();
                b.push(next);
                if next == 20 {
                    Err("broken")
                } else {
                    Ok(true)
                }
            },
            |b| b.clone(),
            |_, o| {
                written += o.len();
                Ok(())
            },
        );
        assert_eq!(result, Err("broken"));
        assert_eq!(written, 19);
    }

    #[test]
    fn a_one_thread_pool_runs_everything_on_the_calling_thread() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let (out, threads) = pool.install(|| {
            let here = std::thread::current().id();
            let mut out = Vec::new();
            let seen = std::sync::Mutex::new(Vec::new());
            let mut read = reader(50);
            run(
                Vec::new,
                |b: &mut Vec<u32>| {
                    seen.lock().unwrap().push(std::thread::current().id());
                    read(b)
                },
                |b| {
                    map(b.clone(), |x| {
                        seen.lock().unwrap().push(std::thread::current().id());
                        x + 1
                    })
                },
                |_, o| {
                    out.extend(o);
                    Ok(())
                },
            )
            .unwrap();
            let threads: std::collections::HashSet<_> =
                seen.into_inner().unwrap().into_iter().collect();
            assert!(threads.contains(&here));
            (out, threads)
        });
        assert_eq!(out, (1..=50).collect::<Vec<_>>());
        assert_eq!(threads.len(), 1, "read and classify ran on one thread");
    }

    #[test]
    fn blocks_are_cut_where_the_format_says_and_grow_until_they_can_be() {
        let text = b"aaaa\nbb\nccccccccccccc\nd".as_slice();
        let mut input = BlockInput::new(text, 4);
        let mut data = Vec::new();
        let mut blocks = Vec::new();
        loop {
            let more = input
                .fill(&mut data, |d, from| {
                    memchr::memrchr(b'\n', &d[from..]).map(|i| from + i + 1)
                })
                .unwrap();
            blocks.push(String::from_utf8(data.clone()).unwrap());
            if !more {
                break;
            }
        }
        // The first 4 bytes hold no line end: the block grows to 8 and is
        // cut at its last line end; the third line is longer than a block.
        assert_eq!(blocks, ["aaaa\nbb\n", "ccccccccccccc\nd"]);
        assert_eq!(input.bytes_read, text.len() as u64);
    }
}

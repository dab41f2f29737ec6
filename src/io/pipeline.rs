//! The streaming pipeline shared by the CSV and JSON Lines commands:
//! a reader thread fills batches, the rayon pool classifies each batch in
//! parallel, a writer thread writes the results in input order, and emptied
//! batches go back to the reader. Memory is bounded by [`IN_FLIGHT`] batches.
//!
//! In a one-thread pool everything runs on the calling thread, one batch at a
//! time: `--threads 1` uses one core, as a process per core (GNU parallel,
//! Spark's `pipe`) expects.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use rayon::prelude::*;

/// Batches alive at once (being read, classified or written).
pub const IN_FLIGHT: usize = 4;

/// A reusable container of input records.
pub trait Batch: Send + Sync {
    /// Number of records in the batch.
    fn len(&self) -> usize;
    /// True when the batch holds no record.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Runs the pipeline to completion, returning the first error from reading or
/// writing. `classify(batch, i)` turns record `i` into an output value;
/// `write(batch, outputs)` writes one batch's outputs, in order.
///
/// `read(batch)` clears and refills `batch`, returning `Ok(false)` at the end
/// of input. Every batch is classified in parallel and written before the
/// reader is more than [`IN_FLIGHT`] batches ahead. When the current rayon
/// pool has one thread, no thread is started: read, classify and write take
/// turns on the calling thread.
pub fn run<B, O, E>(
    batches: impl Fn() -> B,
    mut read: impl FnMut(&mut B) -> Result<bool, E> + Send,
    classify: impl Fn(&B, usize) -> O + Sync,
    mut write: impl FnMut(&B, Vec<O>) -> Result<(), E> + Send,
) -> Result<(), E>
where
    B: Batch,
    O: Send,
    E: Send,
{
    if rayon::current_num_threads() == 1 {
        let mut batch = batches();
        loop {
            let more = read(&mut batch)?;
            if !batch.is_empty() {
                let outputs = (0..batch.len()).map(|i| classify(&batch, i)).collect();
                write(&batch, outputs)?;
            }
            if !more {
                return Ok(());
            }
        }
    }
    let (to_classify, classify_rx): (SyncSender<B>, Receiver<B>) = sync_channel(1);
    let (to_write, write_rx) = sync_channel::<(B, Vec<O>)>(1);
    let (recycle, recycled) = sync_channel::<B>(IN_FLIGHT);
    for _ in 0..IN_FLIGHT {
        recycle.send(batches()).expect("receiver is alive");
    }
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<(), E> {
            while let Ok(mut batch) = recycled.recv() {
                let more = read(&mut batch)?;
                if !batch.is_empty() && to_classify.send(batch).is_err() {
                    break;
                }
                if !more {
                    break;
                }
            }
            Ok(())
        });
        let writer = scope.spawn(move || -> Result<(), E> {
            for (batch, outputs) in write_rx {
                write(&batch, outputs)?;
                // The reader may have finished; a closed channel is fine.
                let _ = recycle.send(batch);
            }
            Ok(())
        });
        for batch in classify_rx {
            let outputs: Vec<O> = (0..batch.len())
                .into_par_iter()
                .map(|i| classify(&batch, i))
                .collect();
            if to_write.send((batch, outputs)).is_err() {
                break;
            }
        }
        drop(to_write);
        let written = writer.join().expect("writer thread panicked");
        let read = reader.join().expect("reader thread panicked");
        written.and(read)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Nums(Vec<u32>);
    impl Batch for Nums {
        fn len(&self) -> usize {
            self.0.len()
        }
    }

    #[test]
    fn output_keeps_input_order_across_batches() {
        let mut next = 0u32;
        let mut out = Vec::new();
        run(
            || Nums(Vec::new()),
            |b: &mut Nums| -> Result<bool, ()> {
                b.0.clear();
                while b.0.len() < 7 && next < 100 {
                    b.0.push(next);
                    next += 1;
                }
                Ok(next < 100)
            },
            |b, i| b.0[i] * 2,
            |_, o| {
                out.extend(o);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(out, (0..100).map(|x| x * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_write_error_stops_the_run_and_is_returned() {
        let mut batches_read = 0;
        let result = run(
            || Nums(Vec::new()),
            |b: &mut Nums| {
                b.0.clear();
                b.0.push(1);
                batches_read += 1;
                Ok(true)
            },
            |_, _| (),
            |_, _| Err("closed"),
        );
        assert_eq!(result, Err("closed"));
        assert!(batches_read < 100);
    }

    #[test]
    fn a_one_thread_pool_runs_everything_on_the_calling_thread() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let (out, threads) = pool.install(|| {
            let here = std::thread::current().id();
            let mut next = 0u32;
            let mut out = Vec::new();
            let mut threads = std::collections::HashSet::new();
            let seen = std::sync::Mutex::new(Vec::new());
            run(
                || Nums(Vec::new()),
                |b: &mut Nums| -> Result<bool, ()> {
                    seen.lock().unwrap().push(std::thread::current().id());
                    b.0.clear();
                    while b.0.len() < 7 && next < 50 {
                        b.0.push(next);
                        next += 1;
                    }
                    Ok(next < 50)
                },
                |b, i| {
                    seen.lock().unwrap().push(std::thread::current().id());
                    b.0[i] + 1
                },
                |_, o| {
                    out.extend(o);
                    Ok(())
                },
            )
            .unwrap();
            threads.extend(seen.into_inner().unwrap());
            assert!(threads.contains(&here));
            (out, threads)
        });
        assert_eq!(out, (1..=50).collect::<Vec<_>>());
        assert_eq!(threads.len(), 1, "read and classify ran on one thread");
    }
}

//! Criterion benchmarks: classification of real-sized postings, the CSV stream
//! end to end, and the start-up cost of compiling the default lexicons.
//!
//! Run with `cargo bench`; the inputs are built from `fixtures/postings`, so the
//! benchmarks stand alone.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use rolecall::io::csv_stream::{classify_csv, CsvOptions};
use rolecall::io::posting::{parse, ReadOptions};
use rolecall::{Classifier, Lexicon, Options};

/// Every fixture posting's text, each repeated to 2–8 KB (real posting sizes).
fn postings() -> Vec<(Option<String>, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/postings");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let posting = parse(p, std::fs::read(p).unwrap(), ReadOptions::default()).unwrap();
            let target = 2048 + (i % 4) * 2048;
            let mut text = posting.text.clone();
            while text.len() < target {
                text.push_str("\n\n");
                text.push_str(&posting.text);
            }
            (posting.title, text)
        })
        .collect()
}

fn classify(c: &mut Criterion) {
    let classifier = Classifier::default();
    let postings = postings();
    let bytes: usize = postings.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("postings_bytes", |b| {
        b.iter(|| {
            for (title, text) in &postings {
                std::hint::black_box(classifier.classify(title.as_deref(), text));
            }
        })
    });
    group.throughput(Throughput::Elements(postings.len() as u64));
    group.bench_function("postings_count", |b| {
        b.iter(|| {
            for (title, text) in &postings {
                std::hint::black_box(classifier.classify(title.as_deref(), text));
            }
        })
    });
    group.finish();
}

fn csv_stream(c: &mut Criterion) {
    let classifier = Classifier::default();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "title", "description"]).unwrap();
    let postings = postings();
    for i in 0..1000 {
        let (title, text) = &postings[i % postings.len()];
        w.write_record([&i.to_string(), title.as_deref().unwrap_or(""), text])
            .unwrap();
    }
    let input = w.into_inner().unwrap();
    let mut group = c.benchmark_group("csv_stream");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(20);
    group.bench_function("parse_classify_write", |b| {
        b.iter_batched(
            || Vec::with_capacity(input.len() * 2),
            |mut out| {
                classify_csv(
                    &classifier,
                    &input[..],
                    &mut out,
                    &CsvOptions::default(),
                    |_| {},
                )
                .unwrap();
                out
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn startup(c: &mut Criterion) {
    c.bench_function("build_default_lexicons", |b| {
        b.iter(|| Classifier::new(Lexicon::embedded(), Options::default()))
    });
}

criterion_group!(benches, classify, csv_stream, startup);
criterion_main!(benches);

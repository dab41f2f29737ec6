#!/usr/bin/env python3
"""Classify a corpus of job postings with Spark, piping each partition through
`rolecall jsonl`.

    python classify_corpus.py INPUT OUTPUT [--rolecall PATH] [--text-field F]
        [--title-field F] [--partitions N] [--master local[2]]

or the same arguments after `spark-submit classify_corpus.py`.

INPUT is a JSON Lines file (or folder, or glob; .gz is fine) or a CSV file with
a header row (`--format csv`, or a name ending in .csv / .csv.gz). CSV rows are
turned into one JSON object per row (column name -> string; empty cells are
left out) before they reach rolecall. OUTPUT is a new folder of JSON Lines part
files: every input record, with rolecall's `rolecall` field added.

Each partition is piped through one `rolecall jsonl` process with RDD.pipe.
rolecall's output for a record depends only on that record, so the records
that come out are the same for any number of partitions or executors. For
JSON Lines input the part files, read in order, even keep the input order
(textFile splits the input in order and rolecall keeps the order within a
partition); CSV input is repartitioned with a shuffle, so there only the set of
records is the same.

Getting the binary to the executors:
  * local mode (`--master local[N]`): executors are threads of this machine, so
    the absolute path of the binary works as it is. This is the default: the
    path given with --rolecall, or `rolecall` found on PATH, made absolute.
  * a cluster: give `--ship`. The driver calls SparkContext.addFile(binary),
    Spark copies it (executable) into every executor's working directory, and
    the command becomes `./rolecall`. `spark-submit --files /path/to/rolecall`
    does the same on YARN (then pass `--rolecall ./rolecall` without --ship).
    The binary must be built for the executors' OS and CPU (e.g. a
    x86_64-unknown-linux-musl build runs on any x86_64 Linux).
  * or install rolecall at the same absolute path on every node (or in the
    executors' container image) and pass that path.

rolecall runs with an empty environment under RDD.pipe (PySpark passes
env={}), which is why the binary path is always absolute or `./`-relative.

Exit status of rolecall: 0 all records classified; 1 some records could not be
classified (they are still in the output, each with `rolecall.error`); 2 or a
signal: the run failed. By default 1 is accepted and anything else fails the
Spark task; --strict fails the task on 1 too.
"""

import argparse
import json
import os
import shlex
import shutil
import sys
import time


def parse_args(argv=None):
    ap = argparse.ArgumentParser(
        description="Classify job postings with Spark by piping partitions through `rolecall jsonl`.",
        epilog="Example: python classify_corpus.py postings.jsonl out/ --partitions 8 --master 'local[2]'",
    )
    ap.add_argument("input", help="JSON Lines or CSV input: file, folder or glob (any Hadoop path)")
    ap.add_argument("output", help="output folder (must not exist unless --overwrite)")
    ap.add_argument(
        "--rolecall", default=None,
        help="path of the rolecall binary (default: `rolecall` on PATH); made absolute unless --ship "
        "or it starts with ./",
    )
    ap.add_argument("--format", choices=["auto", "jsonl", "csv"], default="auto",
                    help="input format (default auto: csv for *.csv / *.csv.gz, else jsonl)")
    ap.add_argument("--text-field", help="rolecall --text-field (dotted path; CSV: the column name)")
    ap.add_argument("--title-field", help="rolecall --title-field (dotted path; CSV: the column name)")
    ap.add_argument("--no-title", action="store_true", help="rolecall --no-title")
    ap.add_argument("--partitions", type=int, default=None,
                    help="number of partitions (JSON Lines: minimum splits of the input; CSV: "
                    "repartition to N). Default: Spark's choice")
    ap.add_argument("--threads", type=int, default=1,
                    help="rolecall --threads per partition (default 1: Spark already runs one "
                    "rolecall per executor core)")
    ap.add_argument("--rolecall-arg", action="append", default=[], metavar="ARG",
                    help="extra argument for `rolecall jsonl`, e.g. --rolecall-arg=--evidence=3 (repeatable)")
    ap.add_argument("--master", default=None,
                    help="Spark master (default: spark-submit's, else local[*])")
    ap.add_argument("--ship", action="store_true",
                    help="ship the binary to the executors with SparkContext.addFile (for clusters)")
    ap.add_argument("--strict", action="store_true",
                    help="fail the task when any record cannot be classified (rolecall exit status 1)")
    ap.add_argument("--overwrite", action="store_true", help="delete OUTPUT first if it exists")
    ap.add_argument("--log-level", default="WARN", help="Spark log level (default WARN)")
    return ap.parse_args(argv)


def find_binary(path):
    """The rolecall binary as a path the executors can run."""
    if path is None:
        found = shutil.which("rolecall")
        if found is None:
            sys.exit("classify_corpus.py: rolecall not found on PATH; pass --rolecall /path/to/rolecall")
        path = found
    if path.startswith("./"):
        return path  # already in the executors' working directory (spark-submit --files)
    if os.sep not in path:
        found = shutil.which(path)
        if found is None:
            sys.exit(f"classify_corpus.py: {path} not found on PATH")
        path = found
    path = os.path.abspath(path)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        sys.exit(f"classify_corpus.py: {path} is not an executable file")
    return path


def rolecall_command(binary, args):
    """The `rolecall jsonl ...` argv."""
    cmd = [binary, "jsonl", "--threads", str(args.threads)]
    if args.text_field:
        cmd += ["--text-field", args.text_field]
    if args.title_field:
        cmd += ["--title-field", args.title_field]
    if args.no_title:
        cmd += ["--no-title"]
    cmd += args.rolecall_arg
    return cmd


def pipe_command(argv, strict):
    """The command string for RDD.pipe (split with shlex on the executor).

    RDD.pipe's checkCode fails the task on any non-zero exit. rolecall exits 1
    when some records carry an error (they are still written), so unless
    --strict a tiny /bin/sh wrapper turns 1 into 0 and passes any other
    failure (2, or death by a signal) through.
    """
    quoted = " ".join(shlex.quote(a) for a in argv)
    if strict:
        return quoted
    script = '"$@"; s=$?; if [ "$s" -eq 1 ]; then exit 0; fi; exit "$s"'
    return f"/bin/sh -c {shlex.quote(script)} rolecall {quoted}"


def main(argv=None):
    args = parse_args(argv)
    binary = find_binary(args.rolecall)
    fmt = args.format
    if fmt == "auto":
        lower = args.input.lower()
        fmt = "csv" if lower.endswith((".csv", ".csv.gz")) else "jsonl"

    from pyspark import SparkConf, SparkContext, SparkFiles

    conf = SparkConf().setAppName("rolecall-classify-corpus")
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    # A bare SparkContext: JSON Lines needs no SQL session (it takes seconds
    # to start); CSV input creates one below.
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel(args.log_level)

    if args.ship:
        # Copies the binary to every executor (and keeps it executable). On a
        # cluster it lands in the executor's working directory, which is where
        # the Python workers, and so RDD.pipe's processes, run; in local mode
        # there are no separate executors and SparkFiles.get gives its path.
        sc.addFile(binary)
        name = os.path.basename(binary)
        binary = SparkFiles.get(name) if sc.master.startswith("local") else "./" + name

    command = pipe_command(rolecall_command(binary, args), args.strict)

    if args.overwrite:
        jvm = sc._jvm
        out_path = jvm.org.apache.hadoop.fs.Path(args.output)
        out_path.getFileSystem(sc._jsc.hadoopConfiguration()).delete(out_path, True)

    if fmt == "jsonl":
        # Lines go to rolecall unchanged; splits keep the input order.
        if args.partitions:
            records = sc.textFile(args.input, minPartitions=args.partitions)
        else:
            records = sc.textFile(args.input)
    else:
        # One JSON object per CSV row; every column is read as a string and
        # empty cells (null) are left out of the object.
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.getOrCreate()
        df = (
            spark.read.option("header", True)
            .option("multiLine", True)  # quoted cells may hold newlines
            .option("escape", '"')  # RFC 4180 "" inside quoted cells
            .option("inferSchema", False)
            .csv(args.input)
        )
        records = df.toJSON()
        if args.partitions and records.getNumPartitions() != args.partitions:
            records = records.repartition(args.partitions)

    partitions = records.getNumPartitions()
    seen = sc.accumulator(0)
    failed = sc.accumulator(0)

    def count(lines):
        n = bad = 0
        for line in lines:
            n += 1
            if '"rolecall":{"error":' in line:
                bad += 1
            yield line
        seen.add(n)
        failed.add(bad)

    started = time.perf_counter()
    records.pipe(command, checkCode=True).mapPartitions(count).saveAsTextFile(args.output)
    seconds = time.perf_counter() - started

    summary = {
        "input": args.input,
        "format": fmt,
        "output": args.output,
        "master": sc.master,
        "partitions": partitions,
        "records": seen.value,
        "failed": failed.value,
        "seconds": round(seconds, 3),
        "command": command,
    }
    print("classify_corpus: " + json.dumps(summary), flush=True)
    sc.stop()


if __name__ == "__main__":
    main()

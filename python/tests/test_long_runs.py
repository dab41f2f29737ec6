"""Long runs: Ctrl-C stops a big call quickly, a progress bar when asked, and
the CLI's scoring options."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import rolecall
from conftest import REPO, fixture_postings, run_jsonl

INTERRUPT = textwrap.dedent(
    """
    import os, signal, sys, threading, time
    sys.path.insert(0, {tests!r})
    from conftest import fixture_postings
    import rolecall

    texts = [x for _, _, x in fixture_postings()] * 20_000
    c = rolecall.Classifier()
    {setup}
    sent = []
    def interrupt():
        time.sleep(1.0)
        sent.append(time.perf_counter())
        os.kill(os.getpid(), signal.SIGINT)
    threading.Thread(target=interrupt, daemon=True).start()
    try:
        {call}
        print("finished")
    except KeyboardInterrupt:
        print(f"interrupted {{time.perf_counter() - sent[0]:.3f}}")
    """
)


@pytest.mark.parametrize(
    "setup, call",
    [
        ("", "c.classify_many(texts)"),
        ("import pyarrow as pa; table = pa.table({{'text': texts}})", "rolecall.classify_frame(table, 'text', classifier=c)"),
    ],
    ids=["classify_many", "classify_frame-pyarrow"],
)
def test_ctrl_c_raises_keyboard_interrupt_within_half_a_second(setup, call):
    if "pyarrow" in setup:
        pytest.importorskip("pyarrow")
    script = INTERRUPT.format(tests=str(REPO / "python" / "tests"), setup=setup.format(), call=call)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=True)
    word, *rest = out.stdout.split()
    assert word == "interrupted", out.stdout + out.stderr
    assert float(rest[0]) <= 0.5, f"KeyboardInterrupt {rest[0]} s after SIGINT"


def test_progress_bar_counts_every_posting(capsys):
    pytest.importorskip("tqdm")
    texts = [x for _, _, x in fixture_postings()] * 300
    results = rolecall.Classifier().classify_many(texts, progress=True)
    assert len(results) == len(texts)
    err = capsys.readouterr().err
    assert f"{len(texts)}/{len(texts)}" in err, err[-300:]


def test_one_progress_bar_over_all_batches(capsys):
    pytest.importorskip("tqdm")
    pa = pytest.importorskip("pyarrow")
    texts = [x for _, _, x in fixture_postings()] * 50
    batches = pa.table({"text": texts}).to_batches(max_chunksize=100)
    assert len(batches) > 1
    out = list(rolecall.classify_batches(batches, "text", progress=True))
    assert sum(b.num_rows for b in out) == len(texts)
    err = capsys.readouterr().err
    assert f"{len(texts)}posting" in err.replace(" ", ""), err[-300:]


def test_progress_without_tqdm_still_classifies(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    texts = [x for _, _, x in fixture_postings()]
    assert rolecall.Classifier().classify_many(texts, progress=True) == rolecall.Classifier().classify_many(texts)


def test_scoring_options_match_the_cli(cli):
    postings = [(t, x) for _, t, x in fixture_postings()]
    for kwargs, flags in [
        ({"technical_weight": 1.0}, ["--technical-weight", "1"]),
        ({"program_depth": 30.0}, ["--program-depth", "30"]),
    ]:
        c = rolecall.Classifier(**kwargs)
        assert [getattr(c, k) for k in kwargs] == list(kwargs.values())
        expected = [r["role"] for r in run_jsonl(cli, postings, *flags)]
        assert [c.classify(x, t).role for t, x in postings] == expected, kwargs
    # The options change labels on these postings (else the test could not fail).
    default = [rolecall.Classifier().classify(x, t).role for t, x in postings]
    assert default != [rolecall.Classifier(program_depth=30.0).classify(x, t).role for t, x in postings]
    with pytest.raises(ValueError, match="technical_weight must be a positive number"):
        rolecall.Classifier(technical_weight=0)

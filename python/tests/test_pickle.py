"""Classifier, Classification and Evidence pickle and come back equal, so
they cross process boundaries (multiprocessing, Dask, Spark)."""

from __future__ import annotations

import multiprocessing
import pickle

import rolecall
from conftest import LEXICONS, POSTINGS, fixture_postings


def test_classifier_round_trip_keeps_lexicons_and_options():
    for c in (
        rolecall.Classifier(),
        rolecall.Classifier(LEXICONS, min_score=5.0, evidence=2, max_bytes=4096, min_confidence=0.3),
    ):
        back = pickle.loads(pickle.dumps(c))
        assert (back.min_score, back.evidence, back.max_bytes, back.min_confidence) == (
            c.min_score,
            c.evidence,
            c.max_bytes,
            c.min_confidence,
        )
        for _, title, text in fixture_postings():
            assert back.classify(text, title) == c.classify(text, title)


def test_results_round_trip_equal():
    c = rolecall.Classifier(evidence=50)
    postings = [(t, x) for _, t, x in fixture_postings()]
    postings += [(None, "Zürich 東京 🚀\n" + p.read_text(encoding="utf-8")) for p in sorted((POSTINGS.parent / "openings").iterdir())]
    for title, text in postings:
        r = c.classify(text, title)
        back = pickle.loads(pickle.dumps(r))
        assert back == r
        assert back.to_dict() == r.to_dict()
        assert back.roles == r.roles
        for e in r.evidence:
            assert pickle.loads(pickle.dumps(e)) == e


def classify_in_worker(args):
    classifier, text = args
    return classifier.classify(text)


def test_a_process_pool_gets_the_same_results():
    c = rolecall.Classifier()
    texts = [x for _, _, x in fixture_postings()]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        remote = pool.map(classify_in_worker, [(c, t) for t in texts])
    assert remote == [c.classify(t) for t in texts]

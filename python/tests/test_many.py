"""classify_many: order, determinism across thread counts, input checks."""

from __future__ import annotations

import pytest

import rolecall
from conftest import fixture_postings

POSTINGS = fixture_postings()


def corpus(n: int):
    texts, titles = [], []
    for i in range(n):
        _, title, text = POSTINGS[i % len(POSTINGS)]
        # Vary each copy so that a result out of place would show.
        texts.append(f"{text}\nRef {i}." + (" roadmap" * (i % 5)))
        titles.append(title if i % 3 else None)
    return texts, titles


def test_results_are_in_input_order_and_equal_single_calls():
    texts, titles = corpus(300)
    c = rolecall.Classifier()
    many = c.classify_many(texts, titles)
    assert len(many) == len(texts)
    for text, title, r in zip(texts, titles, many):
        assert r == c.classify(text, title)


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_identical_for_any_thread_count(threads):
    texts, titles = corpus(500)
    c = rolecall.Classifier()
    reference = [r.to_dict() for r in c.classify_many(texts, titles, threads=1)]
    assert [r.to_dict() for r in c.classify_many(texts, titles, threads=threads)] == reference
    assert [r.to_dict() for r in c.classify_many(texts, titles)] == reference


def test_accepts_any_iterable_and_no_titles():
    texts, _ = corpus(20)
    c = rolecall.Classifier()
    assert c.classify_many(iter(texts)) == c.classify_many(tuple(texts))
    assert c.classify_many(t for t in texts) == [c.classify(t) for t in texts]
    assert c.classify_many([]) == []


def test_non_string_item_is_a_type_error_naming_its_index():
    with pytest.raises(TypeError, match=r"texts\[2\] must be str, not int"):
        rolecall.Classifier().classify_many(["a", "b", 3, "d"])
    with pytest.raises(TypeError, match=r"texts\[1\].*NoneType"):
        rolecall.Classifier().classify_many(["a", None])
    with pytest.raises(TypeError, match=r"titles\[0\] must be str or None, not bytes"):
        rolecall.Classifier().classify_many(["a"], [b"x"])


def test_type_error_comes_before_any_work():
    seen = []

    def texts():
        for i in range(5):
            seen.append(i)
            yield "Engineering Manager" if i < 4 else 4.5

    with pytest.raises(TypeError, match=r"texts\[4\]"):
        rolecall.Classifier().classify_many(texts())
    assert seen == [0, 1, 2, 3, 4]


def test_a_single_string_is_refused():
    with pytest.raises(TypeError, match="single str"):
        rolecall.Classifier().classify_many("Engineering Manager")


def test_titles_must_match_texts_in_length():
    with pytest.raises(ValueError, match="titles has 1 items but texts has 2"):
        rolecall.Classifier().classify_many(["a", "b"], ["t"])


def test_threads_must_be_positive():
    with pytest.raises(ValueError, match="threads"):
        rolecall.Classifier().classify_many(["a"], threads=0)


def test_classification_objects():
    r = rolecall.Classifier().classify("We are hiring an Engineering Manager to grow a team of engineers.")
    assert r.role in rolecall.ROLES
    assert list(r.scores) == rolecall.ROLES
    assert 0.0 <= r.confidence <= 1.0
    d = r.to_dict()
    # The keys of the CLI's JSON Lines result (test_cli_equivalence checks equality).
    assert {"role", "confidence", "runner_up", "scores", "evidence"} <= set(d)
    e = r.evidence[0]
    assert set(e.to_dict()) == {"role", "term", "category", "weight", "contribution", "field", "start", "end", "text"}
    assert e.to_dict() == d["evidence"][0]
    assert "Classification(role=" in repr(r) and "Evidence(" in repr(e)
    assert rolecall.Classifier().classify("Line cook wanted.").role == "unclassified"


def test_one_classifier_from_many_python_threads():
    from concurrent.futures import ThreadPoolExecutor

    texts, titles = corpus(200)
    c = rolecall.Classifier()
    expected = c.classify_many(texts, titles, threads=1)
    with ThreadPoolExecutor(4) as pool:
        singles = list(pool.map(c.classify, texts, titles))
        batches = list(pool.map(lambda _: c.classify_many(texts, titles, threads=2), range(3)))
    assert singles == expected
    assert all(b == expected for b in batches)


def test_min_confidence_drops_unsure_labels_as_the_cli_does():
    texts, titles = corpus(40)
    plain = rolecall.Classifier().classify_many(texts, titles)
    confidences = sorted(r.confidence for r in plain if r.role != "unclassified")
    p = confidences[len(confidences) // 2]
    strict = rolecall.Classifier(min_confidence=p)
    assert strict.min_confidence == p
    for before, after in zip(plain, strict.classify_many(texts, titles)):
        if before.role != "unclassified" and before.confidence < p:
            assert after.role == "unclassified"
            assert after.runner_up == before.role
            assert after.confidence == pytest.approx(1 - before.confidence)
        else:
            assert after.role == before.role


def test_a_span_counted_twice_is_one_evidence_item():
    r = rolecall.Classifier().classify("Technical Product Manager for our public APIs.")
    spans = [(e.field, e.start, e.end) for e in r.evidence]
    assert len(spans) == len(set(spans))
    title = next(e for e in r.evidence if e.start == 0)
    roles = {title.role} | {a["role"] for a in title.also}
    assert roles == {"technical_product_manager", "technical"}

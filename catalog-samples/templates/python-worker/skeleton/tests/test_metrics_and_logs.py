import io
import json
import logging

import pytest

from worker import logs
from worker.metrics import Counter, Histogram, Registry


def test_label_values_are_escaped():
    registry = Registry()
    Counter(registry, "x_total", "X.", ("name",)).inc(name='a "b"\\c\nd')
    assert 'x_total{name="a \\"b\\"\\\\c\\nd"} 1' in registry.render()


def test_histogram_buckets_are_cumulative():
    registry = Registry()
    histogram = Histogram(registry, "d_seconds", "D.", buckets=(0.1, 1))
    for value in (0.05, 0.5, 5):
        histogram.observe(value)
    text = registry.render()
    assert 'd_seconds_bucket{le="0.1"} 1' in text
    assert 'd_seconds_bucket{le="1"} 2' in text
    assert 'd_seconds_bucket{le="+Inf"} 3' in text
    assert "d_seconds_count 3" in text
    assert "d_seconds_sum 5.55" in text


def test_wrong_labels_and_duplicate_names_are_refused():
    registry = Registry()
    counter = Counter(registry, "y_total", "Y.", ("a",))
    with pytest.raises(ValueError):
        counter.inc(b="1")
    with pytest.raises(ValueError):
        Counter(registry, "y_total", "Y again.")


def test_logs_are_json_lines_with_extra_fields():
    stream = io.StringIO()
    logs.configure("svc", "DEBUG", stream)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("worker.test").exception("it failed", extra={"jobId": "j1"})
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert entry["level"] == "error"
    assert entry["service"] == "svc"
    assert entry["logger"] == "worker.test"
    assert entry["msg"] == "it failed"
    assert entry["jobId"] == "j1"
    assert "RuntimeError: boom" in entry["error"]
    assert entry["time"].endswith("Z")

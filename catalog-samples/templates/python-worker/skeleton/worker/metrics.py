"""Prometheus metrics in the text exposition format 0.0.4, safe to update from the worker
thread while the HTTP thread renders them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _escape(value: object) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: Iterable[str], values: Iterable[object], extra: str = "") -> str:
    pairs = [f'{name}="{_escape(value)}"' for name, value in zip(names, values, strict=True)]
    if extra:
        pairs.append(extra)
    return "{" + ",".join(pairs) + "}" if pairs else ""


def _number(value: float) -> str:
    if value == float("inf"):
        return "+Inf"
    return repr(float(value)) if isinstance(value, float) and not value.is_integer() else str(int(value))


class _Metric:
    kind = "untyped"

    def __init__(self, registry: Registry, name: str, help_text: str, label_names: tuple[str, ...] = ()) -> None:
        self.name, self.help, self.label_names = name, help_text, label_names
        self._lock = registry.lock
        registry.add(self)

    def _key(self, labels: dict[str, object]) -> tuple[str, ...]:
        if set(labels) != set(self.label_names):
            raise ValueError(f"{self.name} takes labels {self.label_names}, not {tuple(labels)}")
        return tuple(str(labels[name]) for name in self.label_names)


class Counter(_Metric):
    kind = "counter"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._values: dict[tuple[str, ...], float] = {}

    def inc(self, amount: float = 1, **labels: object) -> None:
        if amount < 0:
            raise ValueError(f"{self.name}: a counter only goes up")
        key = self._key(labels)
        with self._lock:
            self._values[key] = self._values.get(key, 0) + amount

    def value(self, **labels: object) -> float:
        with self._lock:
            return self._values.get(self._key(labels), 0)

    def lines(self) -> list[str]:
        return [f"{self.name}{_labels(self.label_names, key)} {_number(v)}" for key, v in self._values.items()]


class Gauge(_Metric):
    kind = "gauge"

    def __init__(self, *args, read: Callable[[], float] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._value = 0.0
        self._read = read

    def set(self, value: float) -> None:
        with self._lock:
            self._value = value

    def lines(self) -> list[str]:
        return [f"{self.name} {_number(self._read() if self._read else self._value)}"]


class Histogram(_Metric):
    kind = "histogram"
    DEFAULT_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)

    def __init__(self, *args, buckets: Iterable[float] = DEFAULT_BUCKETS, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.buckets = tuple(sorted(buckets))
        self._series: dict[tuple[str, ...], list[float]] = {}

    def observe(self, value: float, **labels: object) -> None:
        key = self._key(labels)
        with self._lock:
            series = self._series.setdefault(key, [0.0] * (len(self.buckets) + 2))
            for index, bound in enumerate(self.buckets):
                if value <= bound:
                    series[index] += 1
            series[-2] += value  # sum
            series[-1] += 1  # count

    def lines(self) -> list[str]:
        out = []
        for key, series in self._series.items():
            for index, bound in enumerate(self.buckets):
                le = 'le="' + _number(bound) + '"'
                out.append(f"{self.name}_bucket{_labels(self.label_names, key, le)} {_number(series[index])}")
            infinity = _labels(self.label_names, key, 'le="+Inf"')
            out.append(f"{self.name}_bucket{infinity} {_number(series[-1])}")
            out.append(f"{self.name}_sum{_labels(self.label_names, key)} {_number(series[-2])}")
            out.append(f"{self.name}_count{_labels(self.label_names, key)} {_number(series[-1])}")
        return out


class Registry:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._metrics: dict[str, _Metric] = {}

    def add(self, metric: _Metric) -> None:
        if metric.name in self._metrics:
            raise ValueError(f"metric {metric.name} is already registered")
        self._metrics[metric.name] = metric

    def render(self) -> str:
        out = []
        with self.lock:
            for metric in self._metrics.values():
                out.append(f"# HELP {metric.name} {metric.help}")
                out.append(f"# TYPE {metric.name} {metric.kind}")
                out.extend(metric.lines())
        return "\n".join(out) + "\n"

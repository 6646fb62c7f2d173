'use strict';

// A small Prometheus registry: counters and histograms with labels, gauges read when
// scraped, rendered in the text exposition format 0.0.4.

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeLabel(value) {
  return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(names, values, extra = '') {
  const pairs = names.map((name, index) => `${name}="${escapeLabel(values[index])}"`);
  if (extra) pairs.push(extra);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

function formatNumber(value) {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

class Counter {
  constructor(name, help, labelNames) {
    Object.assign(this, { name, help, labelNames, type: 'counter', series: new Map() });
  }

  inc(labels = {}, amount = 1) {
    if (amount < 0) throw new RangeError(`${this.name}: a counter only goes up`);
    const values = this.labelNames.map((label) => labels[label] ?? '');
    const key = JSON.stringify(values);
    const entry = this.series.get(key) ?? { values, value: 0 };
    entry.value += amount;
    this.series.set(key, entry);
  }

  lines() {
    return [...this.series.values()].map((s) => `${this.name}${labelText(this.labelNames, s.values)} ${formatNumber(s.value)}`);
  }
}

class Histogram {
  constructor(name, help, labelNames, buckets) {
    const sorted = [...buckets].sort((a, b) => a - b);
    Object.assign(this, { name, help, labelNames, buckets: sorted, type: 'histogram', series: new Map() });
  }

  observe(labels, value) {
    const values = this.labelNames.map((label) => labels[label] ?? '');
    const key = JSON.stringify(values);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { values, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    this.buckets.forEach((bound, index) => {
      if (value <= bound) entry.counts[index] += 1;
    });
    entry.sum += value;
    entry.count += 1;
  }

  lines() {
    const out = [];
    for (const s of this.series.values()) {
      this.buckets.forEach((bound, index) => {
        out.push(`${this.name}_bucket${labelText(this.labelNames, s.values, `le="${formatNumber(bound)}"`)} ${s.counts[index]}`);
      });
      out.push(`${this.name}_bucket${labelText(this.labelNames, s.values, 'le="+Inf"')} ${s.count}`);
      out.push(`${this.name}_sum${labelText(this.labelNames, s.values)} ${formatNumber(s.sum)}`);
      out.push(`${this.name}_count${labelText(this.labelNames, s.values)} ${s.count}`);
    }
    return out;
  }
}

class Gauge {
  constructor(name, help, read) {
    Object.assign(this, { name, help, read, type: 'gauge' });
  }

  lines() {
    return [`${this.name} ${formatNumber(this.read())}`];
  }
}

class Registry {
  constructor() {
    this.metrics = new Map();
  }

  add(metric) {
    if (this.metrics.has(metric.name)) throw new Error(`metric ${metric.name} is already registered`);
    this.metrics.set(metric.name, metric);
    return metric;
  }

  counter(name, help, labelNames = []) {
    return this.add(new Counter(name, help, labelNames));
  }

  histogram(name, help, labelNames = [], buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]) {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }

  gauge(name, help, read) {
    return this.add(new Gauge(name, help, read));
  }

  render() {
    const out = [];
    for (const metric of this.metrics.values()) {
      out.push(`# HELP ${metric.name} ${metric.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      out.push(`# TYPE ${metric.name} ${metric.type}`);
      out.push(...metric.lines());
    }
    return out.join('\n') + '\n';
  }
}

// Process gauges every service exports.
function registerProcessMetrics(registry, startedAt = Date.now()) {
  registry.gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch, in seconds.', () => Math.floor(startedAt / 1000));
  registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => process.memoryUsage().rss);
  registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', () => process.memoryUsage().heapUsed);
  return registry;
}

module.exports = { Registry, registerProcessMetrics, CONTENT_TYPE };

'use strict';

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { Registry } = require('../src/metrics');

describe('metrics registry', () => {
  it('escapes label values', () => {
    const registry = new Registry();
    registry.counter('jobs_total', 'Jobs.', ['name']).inc({ name: 'a "quoted"\\path\nline' });
    assert.match(registry.render(), /^jobs_total\{name="a \\"quoted\\"\\\\path\\nline"\} 1$/m);
  });

  it('renders cumulative histogram buckets', () => {
    const registry = new Registry();
    const histogram = registry.histogram('latency_seconds', 'Latency.', [], [0.1, 1]);
    histogram.observe({}, 0.05);
    histogram.observe({}, 0.5);
    histogram.observe({}, 5);
    const text = registry.render();
    assert.match(text, /^latency_seconds_bucket\{le="0\.1"\} 1$/m);
    assert.match(text, /^latency_seconds_bucket\{le="1"\} 2$/m);
    assert.match(text, /^latency_seconds_bucket\{le="\+Inf"\} 3$/m);
    assert.match(text, /^latency_seconds_count 3$/m);
    assert.match(text, /^latency_seconds_sum 5\.55$/m);
  });

  it('refuses to register a name twice and a counter going down', () => {
    const registry = new Registry();
    const counter = registry.counter('x_total', 'X.');
    assert.throws(() => registry.counter('x_total', 'X again.'));
    assert.throws(() => counter.inc({}, -1), RangeError);
  });
});

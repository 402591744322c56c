import { countEventsToClaim, countPrefetch } from '@ghl-payments/worker';

const closed = Infinity;

describe('countEventsToClaim', () => {
  it.each([
    // concurrency, batchSize, running, buffered, admitted → events to claim
    // every circuit closed: fill the idle slots plus a prefetch buffer (half the concurrency, at most one batch)
    [8, 8, 0, 0, closed, 8, 'an idle worker claims a full batch'],
    [8, 20, 0, 0, closed, 12, 'slots plus the buffer when the batch allows it'],
    [8, 8, 4, 0, closed, 8, 'idle slots: claims up to a batch'],
    [8, 8, 8, 4, closed, 0, 'slots busy and buffer full: nothing'],
    [8, 8, 8, 3, closed, 0, 'one short in the buffer is not worth a claim'],
    [8, 8, 8, 2, closed, 2, 'half the buffer missing: tops it up'],
    [8, 8, 7, 0, closed, 5, 'a free slot is always worth a claim'],
    [8, 8, 7, 4, closed, 0, 'the buffer fills the free slot; one short is not worth a claim'],
    [8, 8, 8, 0, closed, 4, 'slots busy, buffer empty: fills the buffer'],
    [4, 3, 0, 0, closed, 3, 'never more than one batch'],
    [4, 3, 4, 2, closed, 0, 'buffer of two full'],
    [4, 3, 4, 1, closed, 1, 'buffer of two, one missing'],
    [1, 1, 0, 0, closed, 1, 'concurrency 1: one to run'],
    [1, 1, 1, 0, closed, 1, 'concurrency 1: one ahead'],
    [1, 1, 1, 1, closed, 0, 'concurrency 1: full'],
    // a circuit open or half-open: only what may start at once, nothing claimed ahead
    [8, 8, 0, 0, 0, 0, 'open circuit: nothing'],
    [8, 8, 0, 0, 1, 1, 'half-open: one probe'],
    [8, 8, 1, 0, 0, 0, 'half-open with the probe running: nothing'],
    [8, 8, 0, 1, 1, 0, 'half-open with a claimed event waiting: nothing more'],
    [2, 1, 0, 0, 5, 1, 'never more than a batch'],
    [2, 8, 1, 0, 5, 1, 'never more than the idle slots'],
  ])('concurrency %i, batch %i, %i running, %i buffered, %s admitted → %i (%s)', (concurrency, batchSize, running, buffered, admitted, expected) => {
    expect(countEventsToClaim({ concurrency, batchSize, running, buffered, admitted })).toBe(expected);
  });

  it('keeps about half the concurrency claimed ahead, at most one batch', () => {
    expect([[1, 1], [2, 8], [4, 3], [8, 8], [8, 2], [25, 100]].map(([c, b]) => countPrefetch(c, b))).toEqual([1, 1, 2, 4, 2, 13]);
  });
});

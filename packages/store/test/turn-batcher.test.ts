import { createTurnBatcher } from '../src/turn-batcher';

const nextTurn = (): Promise<void> => new Promise((resolve) => { setImmediate(resolve); });

describe('createTurnBatcher', () => {
  it('hands over what one turn added as one batch, and what the next turn adds as another', async () => {
    const batches: number[][] = [];
    const add = createTurnBatcher<number>((items) => batches.push(items));
    add(1);
    add(2);
    await Promise.resolve(); // a microtask is still the same turn
    add(3);
    expect(batches).toEqual([]); // nothing is flushed before the turn ends
    await nextTurn();
    expect(batches).toEqual([[1, 2, 3]]);
    add(4);
    await nextTurn();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('starts a new batch for items added while a batch is being flushed', async () => {
    const batches: number[][] = [];
    const add = createTurnBatcher<number>((items) => {
      batches.push(items);
      if (items[0] === 1) add(99); // e.g. a retry issued by the flush itself
    });
    add(1);
    await nextTurn();
    await nextTurn();
    expect(batches).toEqual([[1], [99]]);
  });
});

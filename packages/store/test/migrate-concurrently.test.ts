import { MIGRATIONS, Store } from '@ghl-payments/store';
import { TestDatabase, createTestDatabase, openDatabase } from '@ghl-payments/test-support';

const HANDLES = 6;

describe('migrateLatest from several connections at once on a fresh database', () => {
  let t: TestDatabase;
  let handles: Store[] = [];
  beforeEach(async () => {
    t = await createTestDatabase({ migrate: false });
    handles = Array.from({ length: HANDLES }, () => openDatabase(t, { poolMax: 2 }));
  });
  afterEach(async () => {
    await Promise.all(handles.map((d) => d.close()));
    await t.destroy();
  });

  it('applies every migration exactly once; the others wait and find the schema up to date', async () => {
    const results = await Promise.all(handles.map((d) => d.migrate()));
    const appliers = results.filter((names) => names.length > 0);
    expect(appliers).toEqual([MIGRATIONS.map((m) => m.name)]);
    expect(await t.db.knex('knex_migrations').orderBy('id').pluck('name')).toEqual(MIGRATIONS.map((m) => m.name));
    for (const d of handles) expect(await d.listPendingMigrations()).toEqual([]);
    expect(await t.db.migrate()).toEqual([]);
  });
});

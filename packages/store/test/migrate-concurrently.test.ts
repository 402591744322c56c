import { Database, listPendingMigrations, migrateLatest } from '@ghl-payments/store';
import { MIGRATIONS } from '../../../migrations';
import { openDatabase } from '../../../test/support/open-database';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';

const HANDLES = 6;

describe('migrateLatest from several connections at once on a fresh database', () => {
  let t: TestDatabase;
  let handles: Database[] = [];
  beforeEach(async () => {
    t = await createTestDatabase({ migrate: false });
    handles = Array.from({ length: HANDLES }, () => openDatabase(t, { poolMax: 2 }));
  });
  afterEach(async () => {
    await Promise.all(handles.map((d) => d.close()));
    await t.destroy();
  });

  it('applies every migration exactly once; the others wait and find the schema up to date', async () => {
    const results = await Promise.all(handles.map((d) => migrateLatest(d, { timeoutMs: 30_000 })));
    const appliers = results.filter((names) => names.length > 0);
    expect(appliers).toEqual([MIGRATIONS.map((m) => m.name)]);
    expect(await t.db.knex('knex_migrations').orderBy('id').pluck('name')).toEqual(MIGRATIONS.map((m) => m.name));
    for (const d of handles) expect(await listPendingMigrations(d)).toEqual([]);
    expect(await migrateLatest(t.db)).toEqual([]);
  });
});

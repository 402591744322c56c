import Database from 'better-sqlite3';
import { reuseStatements } from '../src/drivers/sqlite/reuse-statements';

// The SQLite driver's connection prepares each statement once (drivers/sqlite/reuse-statements.ts).
describe('reuseStatements (SQLite connection)', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  });
  afterEach(() => { db.close(); });

  it('hands back the statement it prepared before for the same SQL, which runs with new values each time', () => {
    const conn = reuseStatements(db);
    const insert = conn.prepare('INSERT INTO t (name) VALUES (?)');
    expect(conn.prepare('INSERT INTO t (name) VALUES (?)')).toBe(insert);
    insert.run('a');
    conn.prepare('INSERT INTO t (name) VALUES (?)').run('b');
    expect(conn.prepare('SELECT name FROM t ORDER BY id').all()).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(conn.prepare('SELECT name FROM t WHERE id = ?').get(2)).toEqual({ name: 'b' });
  });

  it('keeps a bounded number of statements, dropping the least recently prepared', () => {
    const conn = reuseStatements(db, 2);
    const first = conn.prepare('SELECT 1');
    const second = conn.prepare('SELECT 2');
    expect(conn.prepare('SELECT 1')).toBe(first);
    conn.prepare('SELECT 3'); // the third evicts the first prepared
    expect(conn.prepare('SELECT 2')).toBe(second);
    const again = conn.prepare('SELECT 1');
    expect(again).not.toBe(first);
    expect(again.pluck().get()).toBe(1);
  });

  it('a kept statement sees a schema change made after it was prepared (a migration)', () => {
    const conn = reuseStatements(db);
    conn.prepare('INSERT INTO t (name) VALUES (?)').run('a');
    expect(conn.prepare('SELECT * FROM t').all()).toEqual([{ id: 1, name: 'a' }]);
    db.exec("ALTER TABLE t ADD COLUMN note TEXT DEFAULT 'n'");
    expect(conn.prepare('SELECT * FROM t').all()).toEqual([{ id: 1, name: 'a', note: 'n' }]);
  });

  it('a statement that failed to prepare is not kept: the error repeats, and a fixed table then works', () => {
    const conn = reuseStatements(db);
    expect(() => conn.prepare('SELECT * FROM later')).toThrow(/no such table/);
    db.exec('CREATE TABLE later (x INTEGER)');
    expect(conn.prepare('SELECT * FROM later').all()).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { BIN, createTestDatabase, findTextEverywhere, runCli, seedBuyerEverywhere, TestDatabase } from '@ghl-payments/test-support';

// An erasure must not leave the address in the SQLite file: an UPDATE leaves the old row in the page's free space
// (and earlier versions of a row updated many times, in other free blocks), and the write-ahead log keeps old pages.
// `forget` runs with secure_delete, then VACUUMs and truncates the WAL: the bytes of the files no longer hold it.
const BUYER = 'ana.perez.borrar@example.com';

/** The database file and its write-ahead log, as bytes, lower-cased (the address was stored in upper case too). */
function fileText(file: string): string {
  return [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('\n').toLowerCase();
}

describe('forget leaves no trace of the address in the SQLite database files', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t.destroy(); });

  it('the bytes of the file hold the address before, and not after', async () => {
    await seedBuyerEverywhere(t.db, BUYER);
    // the payment read again and again (status changes): older copies of its row are left in free space
    for (const status of ['in_process', 'approved', 'refunded', 'charged_back']) {
      await t.db.recordPayment({
        mpPaymentId: '7100001', status, statusDetail: null, amount: 10, currency: 'ARS', description: `Pago ${status}`, externalReference: null,
        payerEmail: BUYER, dateCreated: null, dateApproved: null, dateLastUpdated: null, raw: JSON.stringify({ status, payer: { email: BUYER }, pad: 'x'.repeat(300) }),
      }, Date.now());
    }
    await t.db.knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(fileText(t.url)).toContain(BUYER);

    const res = await runCli(BIN.ghlPayments, ['forget', '--email', BUYER.toUpperCase()], { DATABASE_URL: t.url, LOG_DIR: path.join(path.dirname(t.url), 'logs') });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('the database files were compacted');

    expect(await findTextEverywhere(t.db, BUYER)).toEqual([]);
    expect(fileText(t.url)).not.toContain(BUYER);
    // and still a working database, with the rows kept
    expect((await t.db.knex('payments').where('mp_payment_id', '7100001').first()).status).toBe('charged_back');
  });
});

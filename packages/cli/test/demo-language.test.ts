import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, createTestDatabase, runCli, startCli } from '@ghl-payments/test-support';

// The demo's mix (test/e2e/demo.test.ts): 11 events, 8 success, 1 failed, 2 ignored; 2 redeliveries; 9 tag additions on 7 contacts.
describe('ghl-payments demo in the user\'s language', () => {
  it.concurrent('UI_LANGUAGE=es: explains itself in Spanish and still ends with its summary', async () => {
    const t = await createTestDatabase({ migrate: false });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-demo-es-'));
    try {
      const result = await runCli(BIN.ghlPayments, ['demo', '--exit-when-done', '--database-url', t.url, '--data-dir', dataDir], { UI_LANGUAGE: 'es', LANG: 'C' });
      if (result.code !== 0 || result.stderr !== '') throw new Error(`demo exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
      const out = result.stdout;
      expect(out).toMatch(/^ghl-payments demo: MercadoPago y GoHighLevel de prueba en esta máquina, el receptor y un worker como dos procesos\.$/m);
      expect(out).toContain('Enviando avisos:');
      expect(out).toMatch(/→ pago aprobado \d+ \(Gabriela López\): MercadoPago responde 503 dos veces y el worker reintenta: evento #\d+/);
      expect(out).toMatch(/→ MercadoPago lo vuelve a enviar \(x-retry: 2\): reconocido como duplicado del evento #\d+/);
      expect(out).toContain('eventos 11/11 terminados [####################]  con éxito 8 · fallidos 1 · ignorados 2 · duplicados 2');
      expect(out).toMatch(/link de pago #\d+ → pagado → pago-aprobado en \S+/);
      expect(out).toMatch(/✓ Los 11 eventos llegaron a un estado final en \d+,\d s: 8 con éxito, 1 fallido, 2 ignorados; 2 reenvíos respondidos como duplicado\./);
      expect(out).toContain('GoHighLevel de prueba: 9 etiquetas agregadas en 7 contactos (pago-aprobado ×8, pago-reembolsado ×1), 9 etiquetas quitadas');
      expect(out).toMatch(/El evento #\d+ falló a propósito: payment \d+ not found/); // the worker's recorded error, quoted as stored
      // none of the English narration is left
      for (const english of ['Sending notifications', 'events ', ' done ', 'reached a final state', 'event #', 'approved payment', 'tag additions']) {
        expect(out).not.toContain(english);
      }
    } finally {
      await t.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.concurrent('LANG=pt_BR.UTF-8 without UI_LANGUAGE: what to try next in Portuguese; a second demo on the same folder is refused in its user\'s language', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ghlp-demo-pt-'));
    const demo = startCli(BIN.ghlPayments, ['demo', '--data-dir', dataDir], { LANG: 'pt_BR.UTF-8' });
    try {
      await demo.waitForOutput(/Pressione Ctrl-C para parar tudo\./, 45_000);
      const out = demo.stdout();
      expect(out).toMatch(/✓ Os 11 eventos chegaram a um estado final em \d+,\d s: 8 com sucesso, 1 com falha, 2 ignorados; 2 reenvios respondidos como duplicado\./);
      expect(out).toContain('Tudo continua rodando para você explorar:');
      expect(out).toMatch(/^ {2}Painel {4}http:\/\/127\.0\.0\.1:\d+\/admin\/login\?code=[\w-]{32} {3}\(entra uma única vez, em até 10 minutos; depois: npx ghl-payments sign-in-link /m);
      expect(out).toMatch(/^ {2}API REST {2}curl -H "Authorization: Bearer [\w-]+" http:\/\/127\.0\.0\.1:\d+\/api\/stats$/m);
      expect(out).toMatch(/^ {2}Mais um {3}npx ghl-payments send-test-webhook --url /m);
      expect(out).toMatch(/^ {2}Eventos {3}npx ghl-payments events list --database-url /m);

      const second = await runCli(BIN.ghlPayments, ['demo', '--data-dir', dataDir], { UI_LANGUAGE: 'es' });
      expect(second.code).toBe(1);
      expect(second.stdout).toContain(`ghl-payments demo: ya hay otra demo en marcha con ${dataDir} (pid ${demo.child.pid}, iniciada `);
      expect(second.stdout).toContain(`ejecute esta con su propia carpeta: npx ghl-payments demo --data-dir ${dataDir}-2`);
    } finally {
      demo.child.kill('SIGINT');
    }
    try {
      const result = await demo.exitedWithin(30_000);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Parado: o receptor e o worker terminaram corretamente\.\n$/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

import { createSandboxCommand } from './sandbox-command';

/** `node -r tsx/cjs packages/sandbox/src/main.ts --mp-port 9001 --ghl-port 9002`: both fakes until Ctrl+C. */
async function main(argv: string[]): Promise<void> {
  await createSandboxCommand('ghl-payments-sandbox').parseAsync(argv);
}

if (require.main === module) {
  main(process.argv).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

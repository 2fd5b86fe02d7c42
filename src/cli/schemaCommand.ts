import type { Command } from 'commander';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of a gamegym file format')
    .argument('<format>', 'play-script')
    .action(async (format: string) => {
      if (format !== 'play-script') throw new Error(`unknown format "${format}"; known: play-script`);
      const [{ z }, { PlayScript }] = await Promise.all([import('zod'), import('../schema/index.ts')]);
      process.stdout.write(`${JSON.stringify(z.toJSONSchema(PlayScript, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`);
    });
}

import type { Command } from 'commander';
import { z } from 'zod';
import { PlayScript } from '../schema/index.ts';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of a gamegym file format')
    .argument('<format>', 'play-script')
    .action((format: string) => {
      if (format !== 'play-script') throw new Error(`unknown format "${format}"; known: play-script`);
      process.stdout.write(`${JSON.stringify(z.toJSONSchema(PlayScript, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`);
    });
}

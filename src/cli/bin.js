#!/usr/bin/env node
// gamegym is written in TypeScript and runs from source: tsx compiles each module as it is loaded.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
await main(process.argv);

import type { Task } from '../schema/index.ts';

/** Bumped whenever the wording changes, and stored with each generation, so results say which prompt made them. */
export const PROMPT_VERSION = 1;

export interface Prompt {
  system: string;
  user: string;
}

// The harness serves these CDN URLs offline (harness/network/cdnLibraries.ts); anything else on the network fails.
const LIBRARIES = 'Phaser 3, three.js, p5.js, PixiJS, Matter.js, Howler.js, kaboom/KAPLAY, GSAP, Tone.js';

const SYSTEM = [
  'You are an expert game developer who writes complete, polished browser games.',
  'You answer with exactly one self-contained HTML file in a single ```html fenced code block, and nothing else of substance.',
].join(' ');

/**
 * The generation prompt (documented in src/eval/README.md). It gives the requirement, the controls and the
 * viewport, and the rules the harness enforces: one file, no network beyond well-known CDN libraries, playable
 * at once with the listed controls.
 */
export function buildPrompt(task: Task): Prompt {
  const user = [
    `Build this browser game: ${task.title}`,
    '',
    '## Requirement',
    task.requirement.trim(),
    '',
    '## Controls',
    ...task.controls.map((c) => `- ${c}`),
    '',
    '## Rules',
    `- One self-contained HTML file: all CSS and JavaScript inline. No images, sounds or fonts from files or URLs; draw everything in code.`,
    `- The page has no network. You may load only these libraries from jsDelivr, unpkg or cdnjs, with a versioned URL: ${LIBRARIES}. Plain canvas is fine too.`,
    `- It runs in a ${task.viewport.width}x${task.viewport.height} viewport: fit the game in it, with no scrolling.`,
    '- The game starts by itself, or with Enter, Space or a click, and is playable at once with the controls above.',
    '- Show the state a player needs (score, lives, level, game over) on screen.',
    '',
    'Answer with the complete file in one ```html code block.',
  ].join('\n');
  return { system: SYSTEM, user };
}

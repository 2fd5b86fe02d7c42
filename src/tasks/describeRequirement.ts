import type { Genre } from '../schema/index.ts';

/**
 * Reading a free-text game requirement (V-GameGym's, written for pygame): its genre, its controls, the
 * observable claims a judge can check, and the text adapted to one browser HTML file.
 */

// Keywords per genre; the genre with the most hits wins, ties go to the earlier entry (more specific first).
const GENRE_WORDS: Array<[Genre, RegExp]> = [
  ['rhythm', /\b(rhythm|beats?|music(al)?|notes?|tempo|dance)\b/gi],
  ['idle', /\b(idle|clicker|incremental|upgrades?|passive income|per second)\b/gi],
  ['card', /\b(cards?|poker|blackjack|solitaire|deck|hand of)\b/gi],
  ['board', /\b(chess|checkers|board|tic[- ]tac[- ]toe|connect[- ]four|othello|reversi|go stones?|dice)\b/gi],
  ['racing', /\b(rac(e|es|ing)|cars?|kart|laps?|track|speedometer|finish line|driv(e|ing))\b/gi],
  ['sports', /\b(tennis|soccer|football|basketball|golf|pong|hockey|baseball|volleyball|goal|court|match|paddles?)\b/gi],
  ['shooter', /\b(shoot(s|ing)?|bullets?|lasers?|spaceships?|invaders?|guns?|missiles?|fires?|enemy ships?)\b/gi],
  ['platformer', /\b(platforms?|platformer|jump(s|ing)?|ledges?|gravity)\b/gi],
  ['puzzle', /\b(puzzles?|falling[- ]block|tetris|match[- ]?(3|three)|sudoku|sliding|tiles?|grid|rows? clear|rotate)\b/gi],
  ['strategy', /\b(strategy|tower defen[cs]e|towers?|units?|resources?|turn[- ]based|armies|army|territory)\b/gi],
  ['simulation', /\b(simulat(e|ion|or)|ecosystem|traffic|physics|particles?|cellular|life|population|farm(ing)?)\b/gi],
  ['educational', /\b(learn(ing)?|quiz|math(s|ematics)?|typing|spelling|educational|lesson|vocabulary|arithmetic)\b/gi],
  ['adventure', /\b(adventure|dungeon|explor(e|ing|ation)|quest|rpg|maze|labyrinth|treasure|inventory)\b/gi],
  ['arcade', /\b(arcade|snake|breakout|asteroids?|pac-?man|flappy|dodg(e|ing)|collect(s|ing)?|lives|high score)\b/gi],
];

export function inferGenre(text: string): Genre {
  let best: Genre = 'other';
  let bestHits = 0;
  for (const [genre, words] of GENRE_WORDS) {
    const hits = text.match(words)?.length ?? 0;
    if (hits > bestHits) [best, bestHits] = [genre, hits];
  }
  return best;
}

// Controls the text speaks of, in the words a player reads; the first matching rule of each line wins.
const CONTROL_RULES: Array<[RegExp, string]> = [
  [/\bwasd\b/i, 'W/A/S/D: move'],
  [/\barrow keys?\b/i, 'Arrow keys: move'],
  [/\b(up and down|up\/down) (arrow )?keys?\b/i, 'Up/Down arrow keys: move up and down'],
  [/\b(left and right|left\/right) (arrow )?keys?\b|\bsideways\b/i, 'Left/Right arrow keys: move sideways'],
  [/\b(space ?bar|space key|press space)\b|\bjumps?\b/i, 'Space: jump or act'],
  [/\brotat(e|es|ing)\b/i, 'Up arrow: rotate'],
  [/\b(drops? (them |it )?instantly|hard drop)\b/i, 'Space: drop'],
  [/\b(mouse|click(s|ing)?|cursor|drag)\b/i, 'Mouse: click to interact'],
  [/\b(type|typing|keyboard)\b/i, 'Keyboard: type'],
  [/\b(enter|return) key\b|\bpress(es|ing)? enter\b|\benter to\b/i, 'Enter: confirm or start'],
];

const GENERIC_CONTROLS = ['Arrow keys or W/A/S/D: move', 'Space: act', 'Mouse: click to interact', 'Enter: start or restart'];

export function inferControls(text: string): string[] {
  const found: string[] = [];
  for (const [pattern, control] of CONTROL_RULES) {
    if (!pattern.test(text)) continue;
    const key = control.split(':')[0]!;
    if (!found.some((c) => c.startsWith(`${key}:`))) found.push(control);
  }
  // Keys that mean the same thing: prefer the general line.
  if (found.includes('Arrow keys: move')) return found.filter((c) => !/^(Up\/Down|Left\/Right) arrow/.test(c));
  return found.length > 0 ? found : GENERIC_CONTROLS;
}

// Sentences about the pygame runtime, or the self-playing 10-second demo V-GameGym records, do not apply.
const PYGAME_ONLY =
  /\b(pygame|python|auto[- ]?(play|demo|exit|run)s?|self[- ]play(s|ing)?|automatically (exits?|quits?|closes?|ends?|stops?|plays?)|runs? automatically|(10|ten)[- ]seconds?|demo mode|fps clock|sys\.exit)\b/i;
// "a snake game using pygame where ..." keeps its game once the library is taken out.
const PYGAME_PHRASE =
  /\s*,?\s*\b(using|with|in|built with|written in|made with)\s+(python\s+(and|with)\s+)?(the\s+)?pygame(\s+library)?\b/gi;

/** Sentences of a requirement, markdown and "using pygame" phrases stripped. */
function splitSentences(text: string): string[] {
  return stripMarkdown(text)
    .replace(PYGAME_PHRASE, '')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function stripMarkdown(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/^#+\s*/gm, '')
    .replace(/^[-*]\s+/gm, '')
    .replace(/`/g, '');
}

/** A `**Title**` line, or the thing the first sentence asks to build. */
export function inferTitle(text: string): string {
  const bold = /^\s*\*\*(.+?)\*\*/.exec(text)?.[1];
  if (bold) return bold.trim();
  const first = splitSentences(text)[0] ?? 'Imported game';
  const thing = first
    .replace(/^(please\s+)?(create|build|design|make|implement|develop|write)\s+(a|an|the)\s+/i, '')
    .replace(/\s+(in which|where|that|which|with|using|for)\b.*$/i, '')
    .replace(/[.!?]$/, '');
  const words = thing.split(/\s+/).slice(0, 8).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The requirement for one browser HTML file: the pygame-only and self-play sentences dropped, and what the
 * browser version must be stated.
 */
export function adaptRequirement(text: string): string {
  const kept = splitSentences(text).filter((s) => !PYGAME_ONLY.test(s));
  const title = /^\s*\*\*(.+?)\*\*/.exec(text)?.[1];
  const body = kept.filter((s) => s !== title?.trim()).join(' ');
  return [
    title ? `${title.trim()}: ${body}` : body,
    'Build it as a single self-contained HTML file that runs in a browser (canvas or DOM, no network requests).',
    'The player controls it with the keyboard and/or mouse; it waits for the player rather than playing itself.',
  ].join('\n\n');
}

// Claims a judge cannot settle from frames: about code, the runtime, or taste.
const NOT_OBSERVABLE =
  /\b(code|function|class|variable|module|pygame|python|fps|frame rate|fun|enjoyable|engaging|intuitive|satisfying|beautiful|nice|well[- ]written|generated|depth-first|algorithm|random(ly)?)\b/i;
const OPEN_QUESTION = /^(how|why|what|which|when|where|who)\b/i;
const MAX_ITEM = 180;

const GENERIC_CHECKS = [
  'The game draws a visible scene rather than a blank or frozen screen.',
  "The scene changes visibly in response to the player's input.",
  'A score, status or other HUD text is visible.',
];

/** 3-8 yes/no observable claims taken from the requirement's sentences, topped up with generic ones. */
export function deriveChecklist(text: string): string[] {
  const items: string[] = [];
  // One claim per item: a sentence's ';'-joined parts are answered separately.
  const clauses = splitSentences(text).flatMap((s) => s.split(/;\s+/));
  for (const sentence of clauses) {
    if (PYGAME_ONLY.test(sentence) || NOT_OBSERVABLE.test(sentence) || OPEN_QUESTION.test(sentence)) continue;
    if (/^\*\*|^[^a-z]*$/i.test(sentence) || sentence.split(/\s+/).length < 5) continue;
    const claim = asClaim(sentence);
    if (claim && !items.includes(claim)) items.push(claim);
    if (items.length === 8) break;
  }
  for (const generic of GENERIC_CHECKS) if (items.length < 3) items.push(generic);
  return items;
}

/** "Create a maze game in which ..." -> "The game is a maze game in which ..."; long sentences cut at a clause. */
function asClaim(sentence: string): string | null {
  let claim = sentence
    .replace(/^(please\s+)?(create|build|design|make|implement|develop|write)\s+(a|an)\s+/i, 'The game is a ')
    .replace(/^(show|display|draw|render)\s+/i, 'The game shows ')
    .replace(/^use\s+/i, 'The game uses ');
  if (claim.length > MAX_ITEM) {
    const cut = claim.slice(0, MAX_ITEM);
    const at = Math.max(cut.lastIndexOf(';'), cut.lastIndexOf(','), cut.lastIndexOf(' and '));
    if (at < 40) return null;
    claim = cut.slice(0, at);
  }
  claim = claim.replace(/[\s,;:]+$/, '');
  if (!/[.!?]$/.test(claim)) claim += '.';
  return claim.charAt(0).toUpperCase() + claim.slice(1);
}

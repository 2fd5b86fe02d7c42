import type { RUBRIC_ITEMS, Dimension } from '../schema/index.ts';

/**
 * What each rubric item means, as the model is told. V-GameGym's twelve items (code, screenshots, video),
 * reworded for what this judge sees: frames of a played run beside its idle twin, and the code.
 */
const RUBRIC: { [D in Dimension]: { [K in (typeof RUBRIC_ITEMS)[D][number]]: string } } = {
  correctness: {
    functionality: 'every feature the requirement asks for is implemented and shows up in the frames',
    gameLogic: 'the rules work as shown: movement, collisions, scoring, winning and losing are sound and complete',
    codeQuality: 'the code is well structured, readable and consistent',
    technical: 'browser APIs and libraries are used correctly; the game loop is sound and efficient',
  },
  aesthetics: {
    visualCompleteness: 'the screen is clear and every game element is drawn whole',
    uiDesign: 'layout, colour and visual effects are pleasing and readable',
    functionDisplay: 'the frames show the key features of the requirement',
    overallQuality: 'overall visual polish and finish',
  },
  dynamics: {
    animation: 'things move smoothly and naturally between frames',
    interaction: 'inputs get a visible, correct response (compare each played frame with its idle twin)',
    gameFlow: 'the game progresses sensibly: start, play, feedback, and an end or a loop',
    dynamicQuality: 'overall playability and liveliness over the session',
  },
};

export const DIMENSIONS: readonly Dimension[] = ['correctness', 'aesthetics', 'dynamics'];

/** The rubric as prompt text: one line per item, grouped by dimension. */
export function rubricText(): string {
  return DIMENSIONS.map((d) => {
    const items = Object.entries(RUBRIC[d]).map(([k, text]) => `  - ${k} (0-25): ${text}`);
    return `${d}:\n${items.join('\n')}`;
  }).join('\n');
}

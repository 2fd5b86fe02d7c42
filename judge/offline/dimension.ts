/** One dimension's result before gating: its 0..1 grades by name, the weighted score 0..100, and why. */
export interface DimensionResult {
  score: number;
  /** 0..1 grades; a grade that could not be measured is absent */
  grades: Record<string, number>;
  reasons: string[];
}

import type { ValidationRule } from "graphql";
import { costRule } from "./cost.rule.js";
import { maxDepthRule } from "./depth.rule.js";

export interface GraphqlLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
}

/** Validation rules applied to every operation — /graphql and REST alike — before anything executes. */
export function limitRules(limits: GraphqlLimits): ValidationRule[] {
  return [maxDepthRule(limits.maxDepth), costRule(limits.maxCost, limits.maxAliases)];
}

/**
 * Indicator systems (指标体系): model, rules engine, validation, versions.
 * Pure code: imports only zod, mathjs and this folder. Entry points:
 *  - parseIndicatorSystem / loadIndicatorSystem: JSON → canonical validated system (presets, DB, API)
 *  - evaluateSystem(system, trialInput): the trial / official calculation with explanations
 *  - validateIndicatorSystem: Chinese messages tied to node ids for the tree editor
 *  - createNewVersion / diffIndicatorSystems / isEditable: versions
 *  - formatNumber / DISPLAY_ROUNDING_RULE / AGGREGATION_RULE: display and stated rules
 */
export * from './schema.js';
export * from './labels.js';
export * from './format.js';
export * from './trial-input.js';
export { compileFormula, formulaVariables, ALLOWED_FUNCTIONS, type CompiledFormula, type FormulaParseResult } from './formula.js';
export { notApplicableReason, type EvaluationContext } from './applicability.js';
export { evaluateSystem, AGGREGATION_RULE, type EvaluationResult, type NodeResult, type VetoHit, type EvaluationIssue, type NodeStatus } from './evaluate.js';
export { describePassRule, type RuleResult } from './rules.js';
export { validateBands, findBand, describeBand, bandContains, type BandIssue } from './bands.js';
export { validateIndicatorSystem, nominalTotal, maxReachable, type ValidationMessage } from './validate.js';
export { createNewVersion, diffIndicatorSystems, isEditable, editBlockedReason, type SystemDiff, type FieldChange, type ChangedNode, type NodeDiffEntry } from './versioning.js';
export { parseIndicatorSystem, loadIndicatorSystem, type ParseResult } from './parse.js';
export { walkNodes, flattenNodes, indexNodes, isLeaf, isRegular, treeDepth, nodeLabel, type NodeEntry } from './tree.js';

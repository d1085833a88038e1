/**
 * Indicator systems (指标体系): model, rules engine, validation, versions.
 * Pure code: imports only zod, jsep (the formula parser) and this folder. Entry points:
 *  - parseIndicatorSystem / loadIndicatorSystem: JSON → canonical validated system (presets, DB, API)
 *  - evaluateSystem(system, trialInput): the trial / official calculation with explanations
 *  - validateIndicatorSystem: Chinese messages tied to node ids for the tree editor
 *  - createNewVersion / diffIndicatorSystems / isEditable: versions
 *  - formatNumber / formatRatio / DISPLAY_ROUNDING_RULE / AGGREGATION_RULE / VERDICT_RULE: display and stated rules
 *  - resolveValues / valueCaption / readScaledValue: named values, their labels, units and declared scales
 *  - resolveCategoryGroups: the categories (紧密型 / 松散型 …) a system offers, from its own definition
 *  - maxTotalChange: the notice when an edit moves 满分
 */
export * from './schema.js';
export * from './labels.js';
export * from './format.js';
export * from './trial-input.js';
export { compileFormula, formulaVariables, ALLOWED_FUNCTIONS, type CompiledFormula, type FormulaParseResult } from './formula.js';
export { notApplicableReason, type EvaluationContext } from './applicability.js';
export { resolveCategoryGroups, categoryGroupsFor, categoryNotices, OTHER_CATEGORIES_LABEL, type ResolvedCategoryGroup } from './categories.js';
export { maxTotalChange, type MaxTotalChange, type MaxChangeCause } from './max-change.js';
export { describePartialCredit } from './leaf.js';
export { evaluateSystem, AGGREGATION_RULE, aggregationRuleFor, type EvaluationResult, type NodeResult, type VetoHit, type EvaluationIssue, type EvaluationNotice, type NodeStatus } from './evaluate.js';
export { judgesPass, gradeOf, gradedValue, conclusionText, VERDICT_RULE, verdictRuleFor, type GradeFacts, type GradeOutcome } from './verdict.js';
export { readScaledValue, formatScaled, thresholdScaleProblem, ratioMessage, type ScaledReading } from './scale.js';
export { resolveValues, readTrialValues, singleVariable, formulaScale, valueCaption, captionOf, type ResolvedValue, type ReadValues, type ValueProblem } from './values.js';
export { describePassRule, type RuleResult } from './rules.js';
export { validateBands, findBand, describeBand, bandContains, type BandIssue } from './bands.js';
export { validateIndicatorSystem, nominalTotal, maxReachable, type ValidationMessage, type NodeField } from './validate.js';
export { createNewVersion, diffIndicatorSystems, isEditable, editBlockedReason, type SystemDiff, type FieldChange, type ChangedNode, type NodeDiffEntry } from './versioning.js';
export { parseIndicatorSystem, loadIndicatorSystem, indicatorFieldName, type ParseResult } from './parse.js';
export { walkNodes, flattenNodes, indexNodes, isLeaf, isRegular, treeDepth, nodeLabel, type NodeEntry } from './tree.js';
export { describeIndicatorValue } from './describe-value.js';

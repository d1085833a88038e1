import type { indicatorsContract } from '../../../shared/api/contracts/indicators';
import * as indicators from '../../services/indicators-service';
import { exportSystem, importSystem } from '../../services/indicators/exchange';
import * as trialFile from '../../services/indicators/trial-file';
import * as trials from '../../services/indicators/trials';
import type { PartialHandlers } from '../handler-types';

export const indicatorsHandlers: PartialHandlers<keyof typeof indicatorsContract> = {
  'indicators.list': (ctx) => indicators.listSystems(ctx),
  'indicators.get': (ctx, { id }) => indicators.getSystem(ctx, id),
  'indicators.presets': () => indicators.listPresets(),
  'indicators.createFromPreset': (ctx, { presetKey }) => indicators.createFromPreset(ctx, presetKey),
  'indicators.create': (ctx, input) => indicators.createBlank(ctx, input),
  'indicators.update': (ctx, { id, system }) => indicators.updateDraft(ctx, id, system),
  'indicators.publish': (ctx, { id }) => indicators.publish(ctx, id),
  'indicators.archive': (ctx, { id }) => indicators.archive(ctx, id),
  'indicators.newVersion': (ctx, { id }) => indicators.newVersion(ctx, id),
  'indicators.deleteDraft': (ctx, { id }) => indicators.deleteDraft(ctx, id),
  'indicators.diff': (ctx, { fromId, toId }) => indicators.diff(ctx, fromId, toId),
  'indicators.validate': (_ctx, { system }) => indicators.validate(system),
  'indicators.trial': (ctx, { id, input }) => trials.trial(ctx, id, input),
  'indicators.saveTrial': (ctx, { id, input, label }) => trials.saveTrial(ctx, id, input, label),
  'indicators.results': (ctx, { systemId }) => trials.listResults(ctx, systemId),
  'indicators.getResult': (ctx, { id }) => trials.getResult(ctx, id),
  'indicators.exportTrialInput': (ctx, { system, input }) => trialFile.exportTrialInput(ctx, system, input),
  'indicators.readTrialInput': (ctx, { system, file }) => trialFile.readTrialInput(ctx, system, file),
  'indicators.import': (ctx, { file }) => importSystem(ctx, file),
  'indicators.export': (ctx, { id }) => exportSystem(ctx, id),
};

/**
 * Presets (从模板新建): indicator systems shipped as JSON in resources/presets.
 * Where that folder is depends on how the app runs, so several places are tried in order.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PresetInfo } from '../../../shared/api/contracts/indicators';
import { AppError } from '../../../shared/api/envelope';
import { flattenNodes, isLeaf, loadIndicatorSystem, type IndicatorSystem } from '../../../shared/domain/indicators';

/** Candidate folders, most specific first. */
export function presetFolderCandidates(): string[] {
  const out: string[] = [];
  if (process.env.SUPERVISION_DESK_PRESETS_DIR) out.push(process.env.SUPERVISION_DESK_PRESETS_DIR);
  // Packaged Electron: electron-builder.yml copies resources/presets to <resources>/presets.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) out.push(path.join(resourcesPath, 'presets'));
  // Source (main/services/indicators) and bundle (out/main) both sit below the repo root.
  let dir = import.meta.dirname;
  for (let i = 0; i < 6 && dir; i++) {
    out.push(path.join(dir, 'resources', 'presets'));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  out.push(path.join(process.cwd(), 'resources', 'presets'));
  return out;
}

export function presetFolder(): string {
  for (const dir of presetFolderCandidates()) {
    try {
      if (fs.statSync(dir).isDirectory() && fs.readdirSync(dir).some((f) => f.endsWith('.json'))) return dir;
    } catch {
      // Not there; try the next candidate.
    }
  }
  throw new AppError('not_found', `找不到指标体系模板文件夹（已查找：${presetFolderCandidates().join('；')}）`);
}

/** Every preset, validated; a broken preset file is reported by name rather than hidden. */
export function loadPresets(): IndicatorSystem[] {
  const dir = presetFolder();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      try {
        return loadIndicatorSystem(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
      } catch (e) {
        throw new AppError('internal', `模板文件“${f}”无效：${(e as Error).message}`);
      }
    });
}

export function presetInfo(s: IndicatorSystem): PresetInfo {
  const nodes = flattenNodes(s.nodes);
  return {
    key: s.key,
    name: s.name,
    level: s.level,
    sourceDocument: s.sourceDocument,
    description: s.description,
    nodeCount: nodes.length,
    leafCount: nodes.filter((e) => isLeaf(e.node)).length,
  };
}

export function findPreset(key: string): IndicatorSystem {
  const p = loadPresets().find((s) => s.key === key);
  if (!p) throw new AppError('not_found', `没有标识为“${key}”的模板；可用模板：${loadPresets().map((s) => `${s.key}（${s.name}）`).join('、')}`);
  return p;
}

/**
 * Which leaf an evidence sub-folder (`佐证材料/<编码> <指标名称>/`, format.ts evidenceFolderName)
 * belongs to. Schools rename folders — shorten the title, retype it, copy a folder from another
 * package — but rarely touch the leading code, so a folder is matched by its exact name first, then
 * by its name ignoring spaces and full-width forms, then by its leading 指标编码. A folder matching
 * none of these is 未归类, never guessed.
 */
import type { IndicatorNode, IndicatorSystem } from '../../../shared/domain/indicators';
import { flattenNodes, isLeaf } from '../../../shared/domain/indicators/tree';
import { cleanCode, nameKey } from '../../../shared/domain/text/normalize';
import { evidenceFolderName } from './format';

/** Characters that continue a code: “1.1” must not match the folder of “1.10” or “1.1.2”. */
const CODE_CHAR = /[0-9A-Za-z.]/;

/** Builds the matcher for a system's leaves: folder name → leaf, or null (未归类). */
export function evidenceFolderMatcher(system: Pick<IndicatorSystem, 'nodes'>): (folderName: string) => IndicatorNode | null {
  const leaves = flattenNodes(system.nodes)
    .map((e) => e.node)
    .filter(isLeaf);
  const exact = new Map<string, IndicatorNode>();
  const loose = new Map<string, IndicatorNode>();
  const codes: { code: string; node: IndicatorNode }[] = [];
  for (const leaf of leaves) {
    const name = evidenceFolderName(leaf).normalize('NFC');
    if (!exact.has(name)) exact.set(name, leaf);
    if (!loose.has(nameKey(name))) loose.set(nameKey(name), leaf);
    const code = cleanCode(leaf.code);
    if (code !== '') codes.push({ code, node: leaf });
  }
  codes.sort((a, b) => b.code.length - a.code.length);
  return (folderName: string) => {
    const name = folderName.normalize('NFC');
    const hit = exact.get(name) ?? loose.get(nameKey(name));
    if (hit) return hit;
    const key = cleanCode(name);
    for (const { code, node } of codes) {
      if (key.startsWith(code) && (key.length === code.length || !CODE_CHAR.test(key[code.length]))) return node;
    }
    return null;
  };
}

import { describe, expect, it } from 'vitest';
import type { Opinion, OpinionGroup } from '../../../../shared/api/contracts/scoring';
import { authorFilterOptions, authorKey, opinionsByKind, targetLabel } from './opinions-view';

let next = 1;
const opinion = (over: Partial<Opinion>): Opinion => ({
  id: next++,
  nodeId: null,
  code: null,
  title: null,
  kind: 'strength',
  expertId: null,
  author: '督导室',
  text: '意见',
  createdAt: '2027-01-04T02:00:00.000Z',
  at: '2027-01-04T02:00:00.000Z',
  by: '张三',
  edits: 0,
  withdrawn: false,
  ...over,
});
const group = (nodeId: string | null, code: string | null, title: string | null, opinions: Opinion[]): OpinionGroup => ({
  nodeId,
  code,
  title,
  strength: opinions.filter((o) => o.kind === 'strength'),
  problem: opinions.filter((o) => o.kind === 'problem'),
  suggestion: opinions.filter((o) => o.kind === 'suggestion'),
});

describe('opinions card view', () => {
  const whole = [opinion({ text: '办学特色鲜明' }), opinion({ kind: 'problem', expertId: 7, author: '李明', text: '师资不足' })];
  const onItem = [opinion({ nodeId: 'n1', code: '1.2', title: '章程建设', kind: 'problem', expertId: 8, author: '王芳', text: '章程未修订' }), opinion({ nodeId: 'n1', code: '1.2', title: '章程建设', kind: 'suggestion', expertId: 7, author: '李明', text: '修订章程' })];
  const data = {
    groups: [group(null, null, null, whole), group('n1', '1.2', '章程建设', onItem)],
    experts: [
      { expertId: 7, name: '李明', assigned: true },
      { expertId: 8, name: '王芳', assigned: false },
    ],
  };

  it('lists each kind in the groups’ order (the unit as a whole first), filtered by author', () => {
    const all = opinionsByKind(data, 'all');
    expect(all.strength.map((o) => o.text)).toEqual(['办学特色鲜明']);
    expect(all.problem.map((o) => o.text)).toEqual(['师资不足', '章程未修订']);
    expect(all.suggestion.map((o) => o.text)).toEqual(['修订章程']);
    const li = opinionsByKind(data, 'expert:7');
    expect([li.strength, li.problem, li.suggestion].map((l) => l.map((o) => o.text))).toEqual([[], ['师资不足'], ['修订章程']]);
    expect(opinionsByKind(data, 'office').strength.map((o) => o.text)).toEqual(['办学特色鲜明']);
  });

  it('names targets and authors in Chinese, with counts, and says when an expert no longer scores the unit', () => {
    expect(targetLabel(whole[0]!)).toBe('整体');
    expect(targetLabel(onItem[0]!)).toBe('1.2 章程建设');
    expect(authorKey(whole[0]!)).toBe('office');
    expect(authorKey(onItem[0]!)).toBe('expert:8');
    expect(authorFilterOptions(data).map((o) => o.label)).toEqual(['全部提出人（4）', '督导室（1）', '专家 李明（2）', '专家 王芳（已不再评估本单位）（1）']);
  });
});

import { SupervisionRulesSchema } from '../../../shared/api/contracts/rectification';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BackupSettings } from '../../../shared/api/contracts/system';
import { BalanceSettings } from '../../../shared/api/contracts/balance';
import { DocumentNumber, DocumentSettings } from '../../../shared/api/contracts/documents';
import { OperatorInput } from '../../../shared/api/contracts/operators';
import { CampusInput, SchoolFields } from '../../../shared/api/contracts/schools';
import { describeChanges, fieldSpec, operatorLabel, plain } from './describe';

/**
 * The keys of a settings object as the log stores them: nested objects flattened with dots
 * (`split.nineYear.primary`), the way changedFields writes them.
 */
function leafKeys(schema: z.ZodType, prefix = ''): string[] {
  let s: z.ZodType = schema;
  // Unwrap .default(), .optional(), .nullable() to the object or value inside.
  for (;;) {
    const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType } } })._zod.def;
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) s = def.innerType;
    else break;
  }
  if (s instanceof z.ZodObject) return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
  return [prefix];
}

const unlabelled = (entityType: string, keys: string[]) => keys.filter((k) => fieldSpec(entityType, k).label === '其他数据项' || /[A-Za-z]/.test(fieldSpec(entityType, k).label));

describe('every audited field has a Chinese label', () => {
  // A field added to one of these forms later fails here until it gets its label.
  it.each([
    ['school', leafKeys(SchoolFields)],
    ['campus', leafKeys(CampusInput).filter((k) => k !== 'id')],
    ['settings', [...leafKeys(BalanceSettings), ...leafKeys(DocumentSettings), ...leafKeys(BackupSettings), ...leafKeys(SupervisionRulesSchema)]],
    ['document-number', leafKeys(DocumentNumber).filter((k) => k !== 'id')],
    ['operator', leafKeys(OperatorInput)],
    ['attachment', ['year', 'fileName', 'bytes', 'note', 'mimeType']],
    ['balance-override', ['target', 'value', 'note']],
    ['indicator-result', ['label', 'systemVersion', 'total', 'passed', 'grade']],
    ['indicator-system', ['name', 'version', 'basedOnVersion', 'state', 'level', 'sourceDocument', 'description', 'fileName', 'nodes']],
    ['database', ['restoredFrom', 'safetyBackup']],
    // Keys the rounds and scoring services write (rounds-service, returns-service, scoring-service).
    ['round', ['name', 'year', 'evaluator', 'evaluatorKind', 'latePolicy', 'stages', 'system', 'units', 'stageClosed', 'reason']],
    ['round-unit', ['state', 'reason', 'stage', 'until', 'revision', 'code', 'query', 'locked', 'conclusion']],
    ['expert', ['name', 'organisation', 'speciality']],
    // Keys the rectification services write (ledger-service, recheck-service).
    ['rectification', ['number', 'source', 'problem', 'target', 'owner', 'cooperating', 'person', 'measures', 'deadline', 'severity', 'state', 'remarks', 'reason', 'progress', 'date', 'files', 'verification', 'closedOn', 'recheck']],
    ['round-scoring', ['rule', 'trim', 'tolerance', 'departureThreshold', 'tieRule', 'units', 'forfeitOutcome', 'roundValues', 'experts', 'revision', 'changed', 'opinions', 'source']],
  ])('%s', (entityType, keys) => {
    expect(keys.length).toBeGreaterThan(0);
    expect(unlabelled(entityType, keys)).toEqual([]);
  });

  it('statistics fields carry their unit', () => {
    expect(fieldSpec('statistics', 'pupilsPrimary').label).toBe('小学在校生数（人）');
  });
});

describe('describeChanges', () => {
  it('reads a school edit as labels with old → new values, no keys, no JSON', () => {
    const before = JSON.stringify({ principal: '黄志强', contact: null, status: '在办' });
    const after = JSON.stringify({ principal: '黄晓东', contact: '0731-1234567', status: '撤并', closedOn: '2025-09-01' });
    const changes = describeChanges('school', before, after);
    expect(changes).toEqual([
      { label: '校长', before: '黄志强', after: '黄晓东' },
      { label: '联系电话', before: '（空）', after: '0731-1234567' },
      { label: '办学状态', before: '在办', after: '撤并' },
      { label: '撤并日期', before: '（空）', after: '2025-09-01' },
    ]);
    expect(JSON.stringify(changes.map((c) => [c.label, c.before, c.after]))).not.toMatch(/principal|closedOn|[{}]/);
  });

  it('writes the 文号格式 placeholders in words, never braces', () => {
    const [c] = describeChanges('settings', JSON.stringify({ numberPattern: '{prefix}〔{year}〕{n}号' }), JSON.stringify({ numberPattern: '{prefix}〔{year}〕第{n}号' }));
    expect(c).toEqual({ label: '文号格式', before: '〈机关代字〉〔〈年份〉〕〈序号〉号', after: '〈机关代字〉〔〈年份〉〕第〈序号〉号' });
  });

  it('names a file type and size in words, hides the content hash', () => {
    const changes = describeChanges('attachment', null, JSON.stringify({ fileName: '校舍.jpg', mimeType: 'image/jpeg', bytes: 3 * 1024 * 1024, sha256: 'ab'.repeat(32) }));
    expect(changes).toEqual([
      { label: '文件名', before: '（无）', after: '校舍.jpg' },
      { label: '文件类型', before: '（无）', after: '图片' },
      { label: '大小', before: '（无）', after: '3 MB' },
    ]);
    const docx = describeChanges('attachment', null, JSON.stringify({ mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }));
    expect(docx[0].after).toBe('Word 文档');
    expect(describeChanges('attachment', null, JSON.stringify({ mimeType: 'application/x-unknown' }))[0].after).toBe('其他文件');
  });

  it('reads the 计算口径 and the 分摊方式 in words', () => {
    const changes = describeChanges('settings', JSON.stringify({ basis: 'school', split: { mode: 'weighted' } }), JSON.stringify({ basis: 'unit', split: { mode: 'pupilRatio' } }));
    expect(changes).toEqual([
      { label: '计算口径', before: '按学校（国家统计口径）', after: '按评估单位（单独评估的校区单列）' },
      { label: '一贯制学校共用设施分摊方式', before: '按加权学生数', after: '按学生数比例' },
    ]);
  });

  it('writes stored times in the one date-time format', () => {
    const [c] = describeChanges('document-number', JSON.stringify({ usedAt: null }), JSON.stringify({ usedAt: '2026-03-01T02:05:09.000Z' }));
    expect(c.label).toBe('发文时间');
    expect(c.after).toMatch(/^2026-03-0[12] \d{2}:05$/);
  });

  it('never shows an object as JSON', () => {
    expect(plain({ a: 1 })).not.toMatch(/[{}]/);
    expect(plain([{ a: 1 }, { b: 2 }])).toBe('共 2 项');
  });
});

describe('operatorLabel', () => {
  it('is a person with their office', () => {
    expect(operatorLabel({ operator_id: 3, operator_name: '王督学', operator_office: '督导室' })).toBe('王督学（督导室）');
    expect(operatorLabel({ operator_id: 3, operator_name: '王督学', operator_office: '' })).toBe('王督学');
  });

  it('says nobody was chosen instead of showing the computer account', () => {
    expect(operatorLabel({ operator_id: null, operator_name: 'zhang@cli', operator_office: '' })).toBe('未选择操作人（命令行）');
    expect(operatorLabel({ operator_id: null, operator_name: 'Administrator@electron', operator_office: '' })).toBe('未选择操作人（桌面程序）');
    expect(operatorLabel({ operator_id: null, operator_name: 'root@test', operator_office: '' })).toBe('未选择操作人');
  });
});

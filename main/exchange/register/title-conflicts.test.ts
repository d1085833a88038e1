/**
 * A title row that disagrees with the table under it (issue 10): a unit in the title against a unit
 * in a column header or the units row, and a title year against the 年份 column. Neither is settled
 * silently: the preview asks, names both statements, and says afterwards which one was used.
 */
import { describe, expect, it } from 'vitest';
import { parseStatsFile } from './parse-stats';
import { xlsx } from './test-fixtures';

const book = (rows: unknown[][]) => xlsx([{ name: '学校统计', rows: rows as never }]);
const messages = (r: { errors: { message: string }[] }) => r.errors.map((e) => e.message);

describe('a title unit against a column header unit', () => {
  const rows = [
    ['2025年学校基本情况统计表（单位：元）'],
    ['学校标识码', '学校名称', '年份', '小学在校生数', '教学仪器设备资产值（万元）', '公用经费拨款'],
    ['3609990001', '一小', 2025, 300, 12.6, 56000],
  ];

  it('asks which holds, naming the title unit, the column and its header unit; the column is not read meanwhile', async () => {
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2025 });
    expect(messages(r)).toEqual([]);
    expect(r.questions).toEqual([
      {
        id: 'titleUnit:money',
        message:
          '第 1 行标题注明金额单位为“元”，而 E 列“教学仪器设备资产值（万元）”的表头注明万元，两者相差一万倍。' +
          '表头通常更具体，但也可能是改了表头没改标题，或标题是从别的表复制的。请确认这些列按哪个单位读取（确认前预览中不列出这些列的数值）',
        options: [
          { value: 'header', label: '按各列自己注明的单位（E 列按万元）' },
          { value: 'title', label: '按标题注明的元' },
        ],
      },
    ]);
    // The column without its own unit takes the title's, as before; the conflicting one waits.
    expect(r.rows[0].values).toEqual({ pupilsPrimary: 300, publicFunding: 56000 });
  });

  it('reads the column by its header when so answered, and says the title unit was set aside', async () => {
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2025, answers: { 'titleUnit:money': 'header' } });
    expect(r.questions).toEqual([]);
    expect(r.rows[0].values).toEqual({ pupilsPrimary: 300, equipmentValue: 126000, publicFunding: 56000 });
    expect(r.notices.map((n) => n.message)).toContain('E 列“教学仪器设备资产值（万元）”按万元读取（表头注明；第 1 行标题写的元按您的选择未采用），换算为元保存（×10000）');
  });

  it('reads the column by the title when so answered, and says the header unit was set aside', async () => {
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2025, answers: { 'titleUnit:money': 'title' } });
    expect(r.questions).toEqual([]);
    expect(r.rows[0].values.equipmentValue).toBe(12.6);
    expect(r.notices.map((n) => n.message)).toContain('E 列“教学仪器设备资产值（万元）”按元读取（第 1 行标题注明；表头写的万元按您的选择未采用）');
  });

  it('asks likewise for a units row against the title, and not at all when they agree', async () => {
    const unitsRow = [
      ['金额单位：元'],
      ['学校名称', '年份', '小学在校生数', '教学仪器设备资产值'],
      [null, null, '人', '千元'],
      ['一小', 2025, 300, 12.6],
    ];
    const r = await parseStatsFile(await book(unitsRow), '统计表.xlsx', { year: 2025 });
    expect(r.questions.map((q) => q.id)).toEqual(['titleUnit:money']);
    expect(r.questions[0].message).toMatch(/^第 1 行标题注明金额单位为“元”，而 D 列“教学仪器设备资产值”的单位行注明千元，两者相差一千倍。/);
    expect(r.questions[0].options[0].label).toBe('按各列自己注明的单位（D 列按千元）');
    const agree = await parseStatsFile(await book([['金额单位：万元'], ['学校名称', '年份', '教学仪器设备资产值（万元）'], ['一小', 2025, 12.6]]), '统计表.xlsx', { year: 2025 });
    expect(agree.questions).toEqual([]);
    expect(agree.rows[0].values.equipmentValue).toBe(126000);
  });

  it('refuses an answer that is not offered', async () => {
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2025, answers: { 'titleUnit:money': '万元' } });
    expect(messages(r)).toEqual(['统计表.xlsx：对问题“titleUnit:money”的回答“万元”无效，可选：header、title']);
  });
});

describe('a title year against the 年份 column', () => {
  const rows = [
    ['2025年学校基本情况统计表'],
    ['学校名称', '年份', '小学在校生数'],
    ['一小', 2024, 300],
    ['二小', 2024, 280],
  ];

  it('asks which year holds, naming both, even when the 年份 column matches the year chosen', async () => {
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2024 });
    expect(messages(r)).toEqual([]);
    expect(r.rows).toEqual([]);
    expect(r.questions).toEqual([
      {
        id: 'year',
        message: '文件第 1 行标题写的是 2025 年，而“年份”列（B 列）写的是 2024 年，两者不一致，导入时选择的是 2024 年。请确认这些数据属于哪一年',
        options: [
          { value: 'column', label: '按“年份”列中的年份（2024，与导入时选择的相同）' },
          { value: 'title', label: '按标题中的年份（2025）' },
        ],
      },
    ]);
  });

  it('offers the year chosen as a third answer when it is neither, and asks without a chosen year too', async () => {
    const r = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2023 });
    expect(r.questions[0].options.map((o) => o.value)).toEqual(['column', 'title', 'chosen']);
    const none = await parseStatsFile(await book(rows), '统计表.xlsx', {});
    expect(none.questions[0].message).toBe('文件第 1 行标题写的是 2025 年，而“年份”列（B 列）写的是 2024 年，两者不一致。请确认这些数据属于哪一年');
    expect(none.questions[0].options.map((o) => o.value)).toEqual(['column', 'title']);
  });

  it('imports by the answer and says which year was used and which was set aside', async () => {
    const column = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2024, answers: { year: 'column' } });
    expect(column.questions).toEqual([]);
    expect(column.rows.map((x) => x.year)).toEqual([2024, 2024]);
    expect(column.notices.map((n) => n.message)).toContain('按您的选择，按文件“年份”列（B 列）中的年份 2024 导入（第 1 行标题写的是 2025 年，导入时选择的是 2024 年）');

    const title = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2024, answers: { year: 'title' } });
    expect(title.rows.map((x) => x.year)).toEqual([2025, 2025]);
    expect(title.notices.map((n) => n.message)).toContain('按您的选择，全部按文件第 1 行标题中的年份 2025 导入（“年份”列（B 列）写的是 2024 年，导入时选择的是 2024 年）');

    const chosen = await parseStatsFile(await book(rows), '统计表.xlsx', { year: 2023, answers: { year: 'chosen' } });
    expect(chosen.rows.map((x) => x.year)).toEqual([2023, 2023]);
  });

  it('asks nothing when the title year and the 年份 column agree', async () => {
    const same = [['2024年学校基本情况统计表'], ...rows.slice(1)];
    const r = await parseStatsFile(await book(same), '统计表.xlsx', { year: 2024 });
    expect(r.questions).toEqual([]);
    expect(r.rows).toHaveLength(2);
  });
});

import { Card, Empty, Tag, Typography } from 'antd';
import type { BalanceView } from '../../../../shared/api/contracts/balance';
import { BALANCE_SECTION_LABELS } from '../../../../shared/domain/balance';

interface Line {
  key: string;
  tag: string;
  color: string;
  text: string;
}

const BASIS_NOTE_TAGS: Record<BalanceView['basisNotes'][number]['kind'], string> = { folded: '校区并入学校', ownRow: '校区单列', noStatistics: '校区未单列' };

/** Every school left out (with its reason), what the basis did with separately evaluated campuses, every warning, and how records were read. */
export function NoticesPanel({ view }: { view: BalanceView }) {
  const r = view.result;
  const excluded: Line[] = [
    ...view.notInOperation.map((n) => ({ key: `c${n.schoolId}`, tag: '已撤并', color: 'default', text: `${n.schoolName}：${n.reason}` })),
    ...r.exclusions.map((e, i) => ({
      key: `e${i}`,
      tag: e.warning ? '排除（提示）' : '排除',
      color: e.warning ? 'orange' : 'blue',
      text: `${e.schoolName}${e.section ? `（${BALANCE_SECTION_LABELS[e.section]}）` : ''}：${e.reason}`,
    })),
  ];
  const warnings: Line[] = [
    // What the 计算口径 did with each campus marked 单独评估 comes first: it decides the rows below.
    ...view.basisNotes.map((n) => ({ key: `b${n.campusId}`, tag: BASIS_NOTE_TAGS[n.kind], color: n.kind === 'ownRow' ? 'blue' : 'gold', text: `${n.unitName}：${n.note}` })),
    ...r.warnings.map((w, i) => ({ key: `w${i}`, tag: w.kind === 'missingData' ? '数据缺失' : w.kind === 'noPupils' ? '无学生' : '无法计算', color: 'orange', text: w.message })),
    ...view.sourceNotes.map((n) => ({ key: `s${n.schoolId}`, tag: '数据来源', color: 'purple', text: `${n.schoolName}：${n.note}` })),
  ];
  const list = (testId: string, lines: Line[], empty: string) =>
    lines.length ? (
      <div data-testid={testId}>
        {lines.map((l) => (
          <div key={l.key} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
            <Tag color={l.color}>{l.tag}</Tag>
            <Typography.Text>{l.text}</Typography.Text>
          </div>
        ))}
      </div>
    ) : (
      <Empty data-testid={testId} image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
    );
  return (
    <>
      <Card size="small" title={`未参与计算的学校（${excluded.length}）`} style={{ marginBottom: 16 }}>
        {list('exclusions', excluded, '无')}
      </Card>
      <Card size="small" title={`提示（${warnings.length}）`}>
        {list('warnings', warnings, '没有缺失数据或其他提示')}
      </Card>
    </>
  );
}

import { Alert, Flex, Segmented, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import type { School } from '../../../../../shared/api/contracts/schools';
import { call } from '../../../api/client';
import { useRemote } from '../../../api/use-remote';
import { useNotify } from '../../../components/use-notify';
import { AttachmentsSection } from '../../attachments/AttachmentsSection';
import { StatsForm } from './StatsForm';
import { visibleFields } from './visible-fields';
import { YearPicker } from './YearPicker';

type Scope = 'school' | number;

/** Year-by-year statistics of one school, per campus where the school has campuses, with each value's source and history. */
export function StatsEditor({ school }: { school: School }) {
  const notify = useNotify();
  const records = useRemote(() => call('stats.forSchool', { schoolId: school.id }), [school.id]);
  const allYears = useRemote(() => call('stats.years', {}), []);
  const [picked, setPicked] = useState<number | null>(null);
  const [scope, setScope] = useState<Scope>('school');

  const ownYears = (records.data ?? []).map((r) => r.year);
  const knownYears = allYears.data ?? [];
  const fallback = ownYears.length ? Math.max(...ownYears) : knownYears.length ? Math.max(...knownYears) : new Date().getFullYear() - 1;
  const year = picked ?? fallback;
  // A deleted campus must not leave the selector pointing at nothing.
  const campusId = scope !== 'school' && school.campuses.some((c) => c.id === scope) ? scope : null;
  const record = records.data?.find((r) => r.year === year && r.campusId === campusId);
  // The shown record's value history, reloaded whenever the record changes (saved, imported, deleted).
  const history = useRemote(() => (record ? call('stats.history', { schoolId: school.id, campusId, year }) : Promise.resolve([])), [school.id, year, campusId, record?.updatedAt ?? null]);

  if (records.error) return <Alert type="error" showIcon title="无法读取统计数据" description={records.error} />;
  if (!records.data || !allYears.data) return <Skeleton active />;

  const years = [...new Set([...ownYears, ...allYears.data, year])].sort((a, b) => b - a);
  const fields = visibleFields(school.type, record?.values);
  const where = campusId === null ? '全校' : school.campuses.find((c) => c.id === campusId)!.name;

  return (
    <>
      <Flex gap={16} align="center" wrap style={{ marginBottom: 16 }}>
        <YearPicker years={years} value={year} onChange={setPicked} />
        {school.campuses.length > 0 && (
          <Segmented<Scope>
            aria-label="统计范围"
            data-testid="stats-scope"
            value={campusId ?? 'school'}
            onChange={setScope}
            options={[{ label: '全校', value: 'school' }, ...school.campuses.map((c) => ({ label: c.name, value: c.id }))]}
          />
        )}
        <Typography.Text type="secondary">
          正在编辑：{year} 年 · {where}
        </Typography.Text>
      </Flex>
      <StatsForm
        key={`${year}-${campusId ?? 'school'}-${record?.updatedAt ?? 'none'}`}
        fields={fields}
        record={record}
        history={history.data ?? []}
        onSave={async (values) => {
          try {
            await call('stats.save', { schoolId: school.id, campusId, year, values });
            notify.success(`已保存 ${year} 年${where}统计数据`);
            await Promise.all([records.reload(), allYears.reload()]);
          } catch (e) {
            notify.error(e, '保存统计数据失败');
          }
        }}
        onDelete={async () => {
          try {
            await call('stats.delete', { schoolId: school.id, campusId, year });
            notify.success(`已删除 ${year} 年${where}统计数据`);
            await records.reload();
          } catch (e) {
            notify.error(e, '删除失败');
          }
        }}
      />
      <AttachmentsSection schoolId={school.id} schoolName={school.name} year={year} />
    </>
  );
}

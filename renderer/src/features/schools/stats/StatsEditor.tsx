import { Alert, Flex, Segmented, Skeleton, Typography } from 'antd';
import type { School } from '../../../../../shared/api/contracts/schools';
import { useOp, useOpMutation } from '../../../api/queries';
import { useUrlNumber } from '../../../app/url-state';
import { AttachmentsSection } from '../../attachments/AttachmentsSection';
import type { TotalsContext } from './campus-totals';
import { StatsForm } from './StatsForm';
import { visibleFields } from './visible-fields';
import { YearPicker } from './YearPicker';

type Scope = 'school' | number;

/**
 * Year-by-year statistics of one school, per campus where the school has campuses, with each
 * value's source and history. The year and the campus are in the address (`year`, `campus`), so a
 * reload or the back button keeps them and switching with unsaved edits asks first.
 */
export function StatsEditor({ school }: { school: School }) {
  const records = useOp('stats.forSchool', { schoolId: school.id }, { silent: true });
  const allYears = useOp('stats.years', {});
  const ownYears = (records.data ?? []).map((r) => r.year);
  const knownYears = allYears.data ?? [];
  const fallback = ownYears.length ? Math.max(...ownYears) : knownYears.length ? Math.max(...knownYears) : new Date().getFullYear() - 1;
  const [picked, setYear] = useUrlNumber('year', null);
  const [campusParam, setCampus] = useUrlNumber('campus', null);
  const year = picked !== null && picked >= 2000 && picked <= 2100 ? picked : fallback;
  // A deleted campus (or a stale address) must not leave the selector pointing at nothing.
  const campusId = campusParam !== null && school.campuses.some((c) => c.id === campusParam) ? campusParam : null;
  const record = records.data?.find((r) => r.year === year && r.campusId === campusId);
  const history = useOp('stats.history', { schoolId: school.id, campusId, year }, { enabled: record !== undefined });
  const where = campusId === null ? '全校' : school.campuses.find((c) => c.id === campusId)!.name;
  const save = useOpMutation('stats.save', { success: (_r, i) => `已保存 ${i.year} 年${where}统计数据`, errorTitle: '保存统计数据失败' });
  const remove = useOpMutation('stats.delete', { success: (_r, i) => `已删除 ${i.year} 年${where}统计数据`, errorTitle: '删除失败' });

  if (records.error) return <Alert type="error" showIcon title="无法读取统计数据" description={records.error.message} />;
  if (!records.data || !allYears.data) return <Skeleton active />;

  const years = [...new Set([...ownYears, ...allYears.data, year])].sort((a, b) => b - a);
  const fields = visibleFields(school.type, record?.values);
  // The school's other records of the year: a campus's figures are checked against them (campus-totals.ts).
  const sameYear = records.data.filter((r) => r.year === year);
  const totals: TotalsContext | undefined =
    school.campuses.length === 0
      ? undefined
      : campusId === null
        ? { scope: 'school', campuses: sameYear.filter((r) => r.campusId !== null).map((r) => r.values) }
        : { scope: 'campus', school: sameYear.find((r) => r.campusId === null)?.values, otherCampuses: sameYear.filter((r) => r.campusId !== null && r.campusId !== campusId).map((r) => r.values) };

  return (
    <>
      <Flex gap={16} align="center" wrap style={{ marginBottom: 16 }}>
        <YearPicker years={years} value={year} onChange={(y) => setYear(y)} />
        {school.campuses.length > 0 && (
          <Segmented<Scope>
            aria-label="统计范围"
            data-testid="stats-scope"
            value={campusId ?? 'school'}
            onChange={(v) => setCampus(v === 'school' ? null : v)}
            options={[{ label: '全校', value: 'school' }, ...school.campuses.map((c) => ({ label: c.name, value: c.id }))]}
          />
        )}
        <Typography.Text type="secondary">
          正在编辑：{year} 年 · {where}
        </Typography.Text>
      </Flex>
      <StatsForm
        schoolType={school.type}
        key={`${year}-${campusId ?? 'school'}-${record?.updatedAt ?? 'none'}`}
        fields={fields}
        record={record}
        history={record ? (history.data ?? []) : []}
        label={`“${school.name}”${year} 年${where}统计数据`}
        totals={totals}
        saving={save.isPending}
        onSave={(values) => save.mutateAsync({ schoolId: school.id, campusId, year, values })}
        onDelete={() => remove.mutateAsync({ schoolId: school.id, campusId, year })}
      />
      <AttachmentsSection schoolId={school.id} schoolName={school.name} year={year} />
    </>
  );
}

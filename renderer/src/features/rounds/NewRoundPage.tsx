import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Form, Row, Select, Skeleton, Space, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { LEVEL_LABELS } from '../../../../shared/domain/indicators/labels';
import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { useOp, useOpMutation } from '../../api/queries';
import { navigate } from '../../app/navigation';
import { PageHeader } from '../../components/PageHeader';
import { schemaRule } from '../documents/form-issues';
import { createIssues, createKey, initialCreateValues, toCreateInput, type CreateValues } from './round-form-values';
import { RoundSettingsFields } from './RoundSettingsFields';
import { UnitChooser } from './UnitChooser';
import { useRoundForm } from './use-round-form';

/** Years a new round may be for: last year to two years ahead (a round is prepared before its year). */
const yearChoices = (thisYear: number) => [thisYear - 1, thisYear, thisYear + 1, thisYear + 2];

/**
 * 新建评估项目: name, year, 评估主体, a published indicator-system version (frozen for the round),
 * the stage table, the late policy and the participating units from the register's candidates for
 * the year. Messages come from the contract and stand beside their fields; leaving with unsaved
 * input asks first. After creating, the round's page opens.
 */
export function NewRoundPage() {
  const settings = useOp('documents.getSettings', {}, { silent: true });
  const back = <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/rounds')} aria-label="返回评估项目列表" />;
  return (
    <>
      <PageHeader title="新建评估项目" subtitle="项目创建后，所选的指标体系版本即固定用于本项目；名称、评估主体、阶段和参评单位之后仍可调整" back={back} />
      {/* The office's name (设置 → 公文) fills 本单位; without it the field starts empty. */}
      {settings.isPending ? <Skeleton active /> : <NewRoundForm officeName={settings.data?.signature ?? ''} />}
    </>
  );
}

function NewRoundForm({ officeName }: { officeName: string }) {
  const [form] = Form.useForm<CreateValues>();
  const thisYear = new Date().getFullYear();
  const [initial] = useState(() => initialCreateValues(thisYear, officeName));
  const create = useOpMutation('rounds.create', { silent: true, success: (r) => `已新建评估项目“${r.name}”（${r.unitCount} 个参评单位）` });
  const { problems, recheck, submit } = useRoundForm(form, {
    initial,
    keyOf: createKey,
    label: '新评估项目的设置',
    save: (values: CreateValues) => create.mutateAsync(toCreateInput(values)),
    afterSave: (round) => navigate(`/rounds/${round.id}`),
  });
  const check = useCallback(() => createIssues(form.getFieldsValue(true) as CreateValues), [form]);
  const rules = (name: Parameters<typeof schemaRule>[0]) => [schemaRule(name, check)];

  const year = (Form.useWatch('year', form) as number | undefined) ?? initial.year;

  const systems = useOp('indicators.list', {}, { silent: true });
  const published = useMemo(
    () =>
      (systems.data ?? [])
        .flatMap((f) => f.versions.filter((v) => v.state === 'published'))
        .sort((a, b) => byPinyin(a.name, b.name) || b.version - a.version)
        .map((v) => ({ value: v.id, label: `${v.name} 第 ${v.version} 版（${LEVEL_LABELS[v.level]}）` })),
    [systems.data],
  );
  const candidates = useOp('rounds.candidates', { year }, { keepPrevious: true, silent: true });

  return (
    <Form<CreateValues>
      form={form}
      name="new-round"
      layout="vertical"
      initialValues={initial}
      onFinish={() => void submit()}
      onValuesChange={recheck}
      data-testid="new-round-form"
      scrollToFirstError
    >
      <Flex vertical gap={16}>
        {problems.length > 0 && <Alert type="error" showIcon title="未能创建评估项目" description={problems.map((p) => <div key={p}>{p}</div>)} data-testid="round-form-problems" />}
        <Card title="项目设置">
          <Row gutter={16}>
            <Col xs={24} lg={6}>
              <Form.Item name="year" label="年度" required rules={rules('year')} tooltip="参评单位按该年度在办的学校和单独评估的校区提供">
                <Select aria-label="年度" options={yearChoices(thisYear).map((y) => ({ value: y, label: `${y} 年` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item
                name="systemId"
                label="指标体系"
                required
                rules={rules('systemId')}
                tooltip="只能选择已发布的版本；创建后本项目固定使用该版本，之后发布的新版本不影响本项目"
              >
                <Select
                  aria-label="指标体系"
                  placeholder={systems.isPending ? '正在读取指标体系…' : '请选择已发布的指标体系版本'}
                  options={published}
                  showSearch={{ optionFilterProp: 'label' }}
                  notFoundContent="没有已发布的指标体系"
                />
              </Form.Item>
            </Col>
          </Row>
          {systems.error && <Alert type="error" showIcon title="无法读取指标体系" description={systems.error.message} style={{ marginBottom: 16 }} />}
          {systems.data && published.length === 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="还没有已发布的指标体系"
              description={
                <span>
                  请先在 <Typography.Link href="#/indicators">指标体系</Typography.Link> 中从模板新建或导入一套指标体系，核对后发布，再回来新建评估项目。
                </span>
              }
            />
          )}
          <RoundSettingsFields form={form} check={check} officeName={officeName} />
        </Card>
        <Card title="参评单位">
          {candidates.error && <Alert type="error" showIcon title="无法读取学校名册" description={candidates.error.message} style={{ marginBottom: 12 }} />}
          <Form.Item name="units" rules={rules('units')} style={{ marginBottom: 0 }}>
            <UnitChooser candidates={candidates.data ?? []} loading={candidates.isFetching} />
          </Form.Item>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="create-round">
            创建评估项目
          </Button>
          <Button onClick={() => navigate('/rounds')}>取消</Button>
        </Space>
      </Flex>
    </Form>
  );
}

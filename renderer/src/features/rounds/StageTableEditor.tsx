import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, Radio, Select, Tag, Tooltip, Typography, type FormInstance } from 'antd';
import { STAGE_PRESETS } from '../../../../shared/domain/rounds/rounds';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { schemaRule, type PlacedIssues } from '../documents/form-issues';
import { applyPreset, blankStage, chooseCollecting, type StageValues } from './round-form-values';

const MAX_STAGES = 12;

/**
 * The stage table of a round: one row per stage with its name, start and end (date pickers), and
 * 接收填报 on exactly one row (the stage whose window receives the schools' packages); rows can be
 * added, removed and moved. A preset fills the names. Every message is the contract's
 * (checkStages) and stands beside the field it names; a problem of the table as a whole (no stage
 * receives packages) stands below it. A closed stage keeps its dates and cannot be removed (the
 * service refuses); `collectingLocked` says why the receiving stage cannot move, when it cannot.
 */
export function StageTableEditor({ form, check, collectingLocked, closed }: { form: FormInstance; check: () => PlacedIssues; collectingLocked?: string; closed?: ReadonlyMap<number, string> }) {
  const stages = (Form.useWatch('stages', { form, preserve: true }) as StageValues[] | undefined) ?? [];
  // When each stored stage was closed (by its id): read from the round, not the draft, so a stage
  // closed on the timeline while the form is open locks its row at once.
  const closedAt = (row: StageValues | undefined) => (row?.id !== undefined ? (closed?.get(row.id) ?? null) : null);
  const setStages = (next: StageValues[]) => {
    form.setFieldValue('stages', next);
    // The table's own message (which stage receives packages) follows the change at once.
    void form.validateFields(['stages']).catch(() => undefined);
  };

  return (
    <Form.List name="stages" rules={[schemaRule('stages', check)]}>
      {(fields, { add, remove, move }, { errors }) => (
        <Flex vertical gap={4} data-testid="stage-table">
          <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
            <Select
              aria-label="按模板填入阶段"
              placeholder="按模板填入阶段名称"
              style={{ width: 280 }}
              value={null}
              onChange={(i: number) => setStages(applyPreset(stages, i))}
              options={STAGE_PRESETS.map((p, i) => ({ value: i, label: p.label }))}
              disabled={stages.some((s) => closedAt(s) !== null)}
            />
            <Typography.Text type="secondary">日期包含首尾两天；“接收填报”的阶段截止后，学校交回的填报包按逾期处理。</Typography.Text>
          </Flex>
          <Flex gap={8} style={{ fontWeight: 500, paddingInlineStart: 28 }} aria-hidden>
            <span style={{ width: 180 }}>阶段名称</span>
            <span style={{ width: 150 }}>开始日期</span>
            <span style={{ width: 150 }}>结束日期</span>
            <span style={{ width: 90 }}>接收填报</span>
          </Flex>
          {fields.map((field, i) => {
            const row = stages[i];
            const rowClosedAt = closedAt(row);
            const isClosed = rowClosedAt !== null;
            return (
              <Flex key={field.key} gap={8} align="start" data-testid={`stage-row-${i}`} role="group" aria-label={`第 ${i + 1} 个阶段`}>
                <span style={{ width: 20, lineHeight: '32px', textAlign: 'right' }}>{i + 1}</span>
                <Form.Item name={[field.name, 'name']} rules={[schemaRule(['stages', field.name, 'name'], check)]} style={{ width: 180, marginBottom: 8 }}>
                  <Input placeholder="如：学校自评" aria-label={`第${i + 1}阶段名称`} />
                </Form.Item>
                <Form.Item name={[field.name, 'startsOn']} rules={[schemaRule(['stages', field.name, 'startsOn'], check)]} style={{ width: 150, marginBottom: 8 }}>
                  <DatePicker placeholder="开始日期" aria-label={`第${i + 1}阶段开始日期`} disabled={isClosed} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name={[field.name, 'endsOn']} rules={[schemaRule(['stages', field.name, 'endsOn'], check)]} style={{ width: 150, marginBottom: 8 }}>
                  <DatePicker placeholder="结束日期" aria-label={`第${i + 1}阶段结束日期`} disabled={isClosed} style={{ width: '100%' }} />
                </Form.Item>
                <Tooltip title={collectingLocked}>
                  <Radio
                    checked={Boolean(row?.collects)}
                    disabled={Boolean(collectingLocked)}
                    onChange={() => setStages(chooseCollecting(stages, i))}
                    aria-label={`第${i + 1}阶段接收填报`}
                    style={{ width: 90, lineHeight: '32px' }}
                  >
                    接收
                  </Radio>
                </Tooltip>
                <Button icon={<ArrowUpOutlined />} aria-label={`上移第${i + 1}阶段`} disabled={i === 0 || isClosed || closedAt(stages[i - 1]) !== null} onClick={() => move(i, i - 1)} />
                <Button
                  icon={<ArrowDownOutlined />}
                  aria-label={`下移第${i + 1}阶段`}
                  disabled={i === fields.length - 1 || isClosed || closedAt(stages[i + 1]) !== null}
                  onClick={() => move(i, i + 1)}
                />
                <Button icon={<DeleteOutlined />} aria-label={`删除第${i + 1}阶段`} disabled={fields.length <= 1 || isClosed} onClick={() => remove(field.name)} />
                {isClosed && (
                  <Tooltip title={`已于 ${formatDateTime(rowClosedAt)} 关闭：日期不能修改，也不能删除；如需修改，请先在时间线上重新开放该阶段。`}>
                    <Tag style={{ lineHeight: '30px' }}>已关闭</Tag>
                  </Tooltip>
                )}
              </Flex>
            );
          })}
          <Form.ErrorList errors={errors} />
          <div>
            <Button icon={<PlusOutlined />} disabled={fields.length >= MAX_STAGES} onClick={() => add(blankStage())}>
              添加阶段
            </Button>
          </div>
        </Flex>
      )}
    </Form.List>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, useState } from 'react';
import type { RoundDetail, RoundUnit } from '../../../../shared/api/contracts/rounds';
import type { Expert, RoundScoringSetup } from '../../../../shared/api/contracts/scoring';
import { byPinyin } from '../../../../shared/domain/text/pinyin';
import { errorMessage } from '../../api/client';
import { useOp, useOpMutation } from '../../api/queries';
import { ExpertModal } from './ExpertModal';

const expertLabel = (e: Expert) => `${e.name}${e.organisation ? `（${e.organisation}）` : ''}`;

/**
 * Puts an expert on the round with the units they score (scoring.assign), or changes an expert's
 * units (`expert` given). The expert is chosen from the office's list — 新增专家 puts a new one on
 * the list and chooses them; the units from the round's, all of them with the header checkbox;
 * when the round has 评估组, the groups they work in (scoring.assignBlocks; none: all), saved
 * after the units. Messages stand beside the expert and the units; the service's refusals above them.
 */
export function AssignModal({ round, setup, expert, onClose }: { round: RoundDetail; setup: RoundScoringSetup; expert: Expert | null; onClose: () => void }) {
  const experts = useOp('experts.list', {}, { silent: true });
  const groups = useOp('scoring.blocks', { roundId: round.id }, { silent: true });
  const current = expert ? setup.experts.find((x) => x.expert.id === expert.id) : undefined;
  const [expertId, setExpertId] = useState<number | undefined>(expert?.id);
  const [unitIds, setUnitIds] = useState<number[]>(current?.unitIds ?? []);
  const [words, setWords] = useState('');
  const [creating, setCreating] = useState(false);
  const [tried, setTried] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // The groups as stored until the user ticks one (the list may arrive after the dialog opened).
  const storedBlockIds = (expertId !== undefined ? groups.data?.experts.find((x) => x.expertId === expertId)?.blockIds : undefined) ?? [];
  const [chosenBlockIds, setChosenBlockIds] = useState<number[] | null>(null);
  const blockIds = chosenBlockIds ?? storedBlockIds;
  const assignBlocks = useOpMutation('scoring.assignBlocks', { silent: true });
  const assign = useOpMutation('scoring.assign', {
    silent: true,
    success: (s, input) => {
      const name = s.experts.find((x) => x.expert.id === input.expertId)?.expert.name ?? '';
      return `已分配专家“${name}”评估 ${input.unitIds.length} 个单位`;
    },
  });

  const assigned = useMemo(() => new Set(setup.experts.map((x) => x.expert.id)), [setup.experts]);
  // A new assignment offers the experts not on the round yet.
  const options = useMemo(
    () => (experts.data ?? []).filter((e) => expert || !assigned.has(e.id)).sort((a, b) => byPinyin(a.name, b.name)).map((e) => ({ value: e.id, label: expertLabel(e), title: e.speciality || undefined })),
    [experts.data, assigned, expert],
  );
  const shown = useMemo(() => (words.trim() ? round.units.filter((u) => u.name.includes(words.trim()) || u.code.includes(words.trim())) : round.units), [round.units, words]);
  const expertMissing = tried && expertId === undefined ? '请选择专家' : null;
  const unitsMissing = tried && unitIds.length === 0 ? '请至少选择一个评估单位；不再参与本项目的专家请用“移出”' : null;

  const submit = async () => {
    setTried(true);
    setProblem(null);
    if (expertId === undefined || unitIds.length === 0) return;
    try {
      await assign.mutateAsync({ roundId: round.id, expertId, unitIds });
      const same = blockIds.length === storedBlockIds.length && blockIds.every((id) => storedBlockIds.includes(id));
      if (!same) await assignBlocks.mutateAsync({ roundId: round.id, expertId, blockIds });
      onClose();
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };

  const columns: ColumnsType<RoundUnit> = [
    { title: '报送编码', dataIndex: 'code', key: 'code', width: 110, sorter: (a, b) => a.code.localeCompare(b.code), defaultSortOrder: 'ascend' },
    { title: '单位', dataIndex: 'name', key: 'name', sorter: (a, b) => byPinyin(a.name, b.name), render: (name: string, u) => (u.campusId !== null ? <Flex gap={4}>{name}<Tag>校区</Tag></Flex> : name) },
    { title: '类型', dataIndex: 'schoolType', key: 'type', width: 90 },
    { title: '乡镇（街道）', key: 'township', width: 140, render: (_, u) => u.township ?? <Typography.Text type="secondary">—</Typography.Text> },
  ];

  return (
    <Modal
      open
      width={820}
      title={expert ? `调整评估单位：${expert.name}` : '添加评估专家'}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={assign.isPending || assignBlocks.isPending}
      destroyOnHidden
    >
      {experts.error && <Alert type="error" showIcon title="无法读取专家名单" description={experts.error.message} style={{ marginBottom: 12 }} />}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="assign-problem" />}
      <Form layout="vertical" component="div">
        <Form.Item label="专家" required validateStatus={expertMissing ? 'error' : undefined} help={expertMissing ?? (expert ? undefined : '从专家名单中选择；名单中没有的，点“新增专家”加入名单。')}>
          <Flex gap={8}>
            <Select<number>
              aria-label="专家"
              data-testid="assign-expert"
              style={{ flex: 1 }}
              placeholder={options.length ? '选择专家' : '专家名单中没有可添加的专家'}
              value={expertId}
              onChange={setExpertId}
              disabled={expert !== null}
              loading={experts.isPending && !experts.error}
              showSearch={{ optionFilterProp: 'label' }}
              options={options}
              notFoundContent="没有符合的专家"
            />
            {!expert && (
              <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-expert">
                新增专家
              </Button>
            )}
          </Flex>
        </Form.Item>
        <Form.Item label={`评估单位（已选 ${unitIds.length} 个，共 ${round.units.length} 个）`} required validateStatus={unitsMissing ? 'error' : undefined} help={unitsMissing ?? undefined}>
          <Flex vertical gap={8}>
            <Input.Search aria-label="按单位名称或报送编码筛选" placeholder="按单位名称或报送编码筛选" allowClear value={words} onChange={(e) => setWords(e.target.value)} style={{ width: 300 }} />
            <Table<RoundUnit>
              data-testid="assign-units"
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={shown}
              pagination={false}
              scroll={{ y: 320 }}
              locale={{ emptyText: '没有符合的单位', triggerAsc: '点击升序', triggerDesc: '点击降序', cancelSort: '取消排序' }}
              rowSelection={{
                selectedRowKeys: unitIds,
                // The header checkbox acts on the units shown; units hidden by the filter keep their choice.
                preserveSelectedRowKeys: true,
                getCheckboxProps: (u) => ({ 'aria-label': `选择“${u.name}”` }),
                onChange: (keys) => setUnitIds([...new Set(keys as number[])]),
              }}
            />
          </Flex>
        </Form.Item>
        {groups.data && groups.data.blocks.length > 0 && (
          <Form.Item label="负责的评估组" help="不选表示负责全部评估组。评估组在本页“评估组”中设置。">
            <Checkbox.Group
              aria-label="负责的评估组"
              data-testid="assign-blocks"
              value={blockIds}
              onChange={(v) => setChosenBlockIds(v as number[])}
              options={groups.data.blocks.map((b) => ({ value: b.id, label: `${b.name}（${b.leafCount} 项指标）` }))}
            />
          </Form.Item>
        )}
      </Form>
      {creating && <ExpertModal onClose={() => setCreating(false)} onSaved={(e) => setExpertId(e.id)} />}
    </Modal>
  );
}

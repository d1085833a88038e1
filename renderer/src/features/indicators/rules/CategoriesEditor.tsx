import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Typography } from 'antd';
import {
  OTHER_CATEGORIES_LABEL,
  PARTNERSHIP_TYPES,
  resolveCategoryGroups,
  type CategoryGroup,
  type IndicatorSystem,
  type ValidationMessage,
} from '../../../../../shared/domain/indicators';

interface Props {
  system: IndicatorSystem;
  messages: ValidationMessage[];
  readOnly: boolean;
  onChange: (groups: CategoryGroup[]) => void;
}

/**
 * 类别: the system's own choices for indicators that differ by category (紧密程度: 紧密型 / 松散型;
 * 学校角色: 牵头校 / 成员校). The indicator details offer exactly these for 适用范围, and the 试算
 * form asks one choice per category — for the partnership types a category is restricted to.
 * Categories the indicators use but no category defines are listed with a button to define them.
 */
export function CategoriesEditor({ system, messages, readOnly, onChange }: Props) {
  const groups = system.categoryGroups;
  const set = (i: number, patch: Partial<CategoryGroup>) => onChange(groups.map((g, j) => (j === i ? { ...g, ...patch } : g)));
  const undeclared = resolveCategoryGroups(system).find((g) => g.source === 'inferred')?.options ?? [];
  const under = (i: number, field: ValidationMessage['field']) =>
    messages
      .filter((m) => m.categoryGroupIndex === i && m.field === field)
      .map((m, k) => (
        <Typography.Text key={k} type="danger" style={{ fontSize: 12 }}>
          {m.message}
        </Typography.Text>
      ));
  const status = (i: number, field: ValidationMessage['field']) => (messages.some((m) => m.categoryGroupIndex === i && m.field === field) ? 'error' : undefined);
  return (
    <Card size="small" title="类别（按类别区分适用范围的指标：试算时逐项选择）" data-testid="category-groups">
      <Table<CategoryGroup & { i: number }>
        size="small"
        pagination={false}
        rowKey="i"
        dataSource={groups.map((g, i) => ({ ...g, i }))}
        locale={{ emptyText: '本体系没有按类别区分的指标' }}
        columns={[
          {
            title: '类别名称',
            width: 180,
            render: (_, g) => (
              <Flex vertical gap={2}>
                <Input aria-label={`类别 ${g.i + 1} 名称`} placeholder="如：紧密程度" status={status(g.i, 'label')} value={g.label} onChange={(e) => set(g.i, { label: e.target.value })} />
                {under(g.i, 'label')}
              </Flex>
            ),
          },
          {
            title: '可选项（一个单位只属于其中一项）',
            render: (_, g) => (
              <Flex vertical gap={2}>
                <Select
                  mode="tags"
                  style={{ width: '100%' }}
                  aria-label={`类别 ${g.i + 1} 可选项`}
                  placeholder="输入后按回车，如：紧密型"
                  status={status(g.i, 'options')}
                  value={g.options}
                  onChange={(options: string[]) => set(g.i, { options: options.map((o) => o.trim()).filter(Boolean) })}
                />
                {under(g.i, 'options')}
              </Flex>
            ),
          },
          {
            title: '适用的办学共同体类型（空 = 全部）',
            width: 260,
            render: (_, g) => (
              <Select
                mode="multiple"
                style={{ width: '100%' }}
                aria-label={`类别 ${g.i + 1} 适用的办学共同体类型`}
                placeholder="全部"
                value={g.partnershipTypes}
                onChange={(partnershipTypes) => set(g.i, { partnershipTypes })}
                options={PARTNERSHIP_TYPES.map((t) => ({ value: t, label: t }))}
              />
            ),
          },
          {
            width: 50,
            render: (_, g) =>
              readOnly ? null : <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除类别 ${g.i + 1}`} onClick={() => onChange(groups.filter((_, j) => j !== g.i))} />,
          },
        ]}
      />
      {undeclared.length > 0 && (
        <Flex gap={8} align="center" wrap style={{ marginTop: 8 }}>
          <Typography.Text type="warning">
            指标的适用范围用到了未定义的类别：{undeclared.join('、')}（试算时归入“{OTHER_CATEGORIES_LABEL}”）。
          </Typography.Text>
          {!readOnly && (
            <Button size="small" onClick={() => onChange([...groups, { label: '', options: undeclared, partnershipTypes: [] }])}>
              定义为新类别
            </Button>
          )}
        </Flex>
      )}
      {!readOnly && (
        <Button icon={<PlusOutlined />} style={{ marginTop: 8, display: 'block' }} onClick={() => onChange([...groups, { label: `类别${groups.length + 1}`, options: [], partnershipTypes: [] }])}>
          添加类别
        </Button>
      )}
    </Card>
  );
}

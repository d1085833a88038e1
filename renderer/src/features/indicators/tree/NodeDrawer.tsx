import { Alert, Divider, Drawer, Flex, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import {
  PARTNERSHIP_TYPES,
  resolveCategoryGroups,
  SCHOOL_TYPES,
  SCORER_LABELS,
  SCORERS,
  SECTION_LABELS,
  SECTIONS,
  UNCONFIRMED_EXPLANATION,
  type Applicability,
  type IndicatorNode,
  type IndicatorSystem,
  type ValidationMessage,
} from '../../../../../shared/domain/indicators';
import { fieldFeedback, stripNode } from '../field-messages';
import { UnconfirmedTag } from '../UnconfirmedTag';
import { MethodParams } from './MethodParams';

interface Props {
  node: IndicatorNode | undefined;
  /** The system being edited: its declared values name formula data, its categories are the choices. */
  system: IndicatorSystem;
  leaves: IndicatorNode[];
  messages: ValidationMessage[];
  readOnly: boolean;
  onPatch: (patch: Partial<IndicatorNode>) => void;
  onClose: () => void;
}

/**
 * Everything about one indicator beyond the inline columns: 内容、标准、佐证、适用范围、评分主体、方法参数.
 * Each validation message sits under the field it is about and disappears once the edit fixes it;
 * only messages about no particular field are listed on top.
 */
export function NodeDrawer({ node, system, leaves, messages, readOnly, onPatch, onClose }: Props) {
  const app = node?.applicability;
  const setApp = (patch: Partial<Applicability>) => app && onPatch({ applicability: { ...app, ...patch } });
  // The system's own categories (类别 in 规则与等级), grouped; a category only this node still uses is kept visible.
  const groups = resolveCategoryGroups(system);
  const categoryOptions = groups.map((g) => ({ label: g.label, options: g.options.map((o) => ({ value: o, label: o })) }));
  const general = messages.filter((m) => !m.field);
  const fb = (field: ValidationMessage['field']) => fieldFeedback(messages, field);
  return (
    <Drawer title={node ? `指标详情：${node.code} ${node.title}` : ''} open={node !== undefined} onClose={onClose} size={720} destroyOnHidden data-testid="node-drawer">
      {node && (
        <Form layout="vertical" disabled={readOnly}>
          {general.map((m, i) => (
            <Alert key={i} type={m.severity === 'error' ? 'error' : 'warning'} showIcon title={stripNode(m)} style={{ marginBottom: 8 }} />
          ))}
          <Space wrap align="start">
            <Form.Item label="编码" {...fb('code')}>
              <Input value={node.code} onChange={(e) => onPatch({ code: e.target.value })} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item label="名称" {...fb('title')}>
              <Input value={node.title} onChange={(e) => onPatch({ title: e.target.value })} style={{ width: 320 }} />
            </Form.Item>
            <Form.Item label={node.children.length ? '分值（空 = 下级之和）' : '分值'} {...fb('points')}>
              <InputNumber min={0} value={node.points} onChange={(v) => onPatch({ points: v })} />
            </Form.Item>
          </Space>
          <Form.Item label="评估内容">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} value={node.content} onChange={(e) => onPatch({ content: e.target.value })} />
          </Form.Item>
          <Form.Item label="评分标准">
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} value={node.standard} onChange={(e) => onPatch({ standard: e.target.value })} />
          </Form.Item>
          <Form.Item label="佐证材料目录（每行一项）">
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 8 }}
              value={node.evidence.join('\n')}
              onChange={(e) => onPatch({ evidence: e.target.value.split('\n') })}
              onBlur={() => onPatch({ evidence: node.evidence.map((x) => x.trim()).filter(Boolean) })}
            />
          </Form.Item>
          <Space wrap size={24}>
            <Form.Item label="评分主体">
              <Select style={{ width: 140 }} value={node.scorer} onChange={(scorer) => onPatch({ scorer })} options={SCORERS.map((s) => ({ value: s, label: SCORER_LABELS[s] }))} />
            </Form.Item>
            <Form.Item label="需要说明">
              <Switch checked={node.explanationRequired} onChange={(explanationRequired) => onPatch({ explanationRequired })} />
            </Form.Item>
            <Form.Item label="待核实（数值或口径未与正式文件核对）">
              <Flex gap={8} align="center">
                <Switch checked={node.unconfirmed} onChange={(unconfirmed) => onPatch({ unconfirmed })} aria-label="待核实" />
                <UnconfirmedTag node={node} />
              </Flex>
            </Form.Item>
          </Space>
          {node.unconfirmed && (
            <Form.Item label="待核实说明（使用者在“待核实”标记上看到的说明；不填则用通用说明）">
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 5 }}
                aria-label="待核实说明"
                placeholder={UNCONFIRMED_EXPLANATION}
                value={node.unconfirmedReason}
                onChange={(e) => onPatch({ unconfirmedReason: e.target.value })}
              />
            </Form.Item>
          )}
          <Divider titlePlacement="start">适用范围（不选 = 不限）</Divider>
          <Space wrap align="start">
            <Form.Item label="学校类型">
              <Select mode="multiple" style={{ minWidth: 220 }} value={app!.schoolTypes} onChange={(schoolTypes) => setApp({ schoolTypes })} options={SCHOOL_TYPES.map((t) => ({ value: t, label: t }))} />
            </Form.Item>
            <Form.Item label="学段">
              <Select mode="multiple" style={{ minWidth: 140 }} value={app!.sections} onChange={(sections) => setApp({ sections })} options={SECTIONS.map((t) => ({ value: t, label: SECTION_LABELS[t] }))} />
            </Form.Item>
            <Form.Item label="办学共同体类型">
              <Select mode="multiple" style={{ minWidth: 180 }} value={app!.partnershipTypes} onChange={(partnershipTypes) => setApp({ partnershipTypes })} options={PARTNERSHIP_TYPES.map((t) => ({ value: t, label: t }))} />
            </Form.Item>
            <Form.Item label="类别" {...fb('categories')} extra={groups.length ? undefined : '本体系还没有定义类别；可在“规则与等级”页的“类别”中添加（如 紧密程度：紧密型、松散型）'}>
              <Select
                mode="multiple"
                style={{ minWidth: 220 }}
                aria-label="类别"
                placeholder={groups.length ? '不限' : '无可选类别'}
                value={app!.categories}
                onChange={(categories) => setApp({ categories })}
                options={categoryOptions}
              />
            </Form.Item>
          </Space>
          {node.scoring && (
            <>
              <Divider titlePlacement="start">评分方式参数</Divider>
              <MethodParams scoring={node.scoring} points={node.points} system={system} leaves={leaves} messages={messages} onChange={(scoring) => onPatch({ scoring })} />
            </>
          )}
          <Form.Item label="备注">
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} value={node.note} onChange={(e) => onPatch({ note: e.target.value })} />
          </Form.Item>
          {readOnly && node.unconfirmed && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              待核实：{node.unconfirmedReason.trim() || UNCONFIRMED_EXPLANATION}
            </Typography.Paragraph>
          )}
        </Form>
      )}
    </Drawer>
  );
}

import { Alert, Divider, Drawer, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import {
  PARTNERSHIP_TYPES,
  SCHOOL_TYPES,
  SCORER_LABELS,
  SCORERS,
  SECTION_LABELS,
  SECTIONS,
  type Applicability,
  type IndicatorNode,
  type ValidationMessage,
} from '../../../../../shared/domain/indicators';
import { MethodParams } from './MethodParams';

interface Props {
  node: IndicatorNode | undefined;
  leaves: IndicatorNode[];
  messages: ValidationMessage[];
  readOnly: boolean;
  onPatch: (patch: Partial<IndicatorNode>) => void;
  onClose: () => void;
}

/** Everything about one indicator beyond the inline columns: 内容、标准、佐证、适用范围、评分主体、方法参数. */
export function NodeDrawer({ node, leaves, messages, readOnly, onPatch, onClose }: Props) {
  const app = node?.applicability;
  const setApp = (patch: Partial<Applicability>) => app && onPatch({ applicability: { ...app, ...patch } });
  return (
    <Drawer title={node ? `指标详情：${node.code} ${node.title}` : ''} open={node !== undefined} onClose={onClose} size={720} destroyOnHidden data-testid="node-drawer">
      {node && (
        <Form layout="vertical" disabled={readOnly}>
          {messages.map((m, i) => (
            <Alert key={i} type={m.severity === 'error' ? 'error' : 'warning'} showIcon title={m.message} style={{ marginBottom: 8 }} />
          ))}
          <Space wrap>
            <Form.Item label="编码">
              <Input value={node.code} onChange={(e) => onPatch({ code: e.target.value })} style={{ width: 120 }} />
            </Form.Item>
            <Form.Item label="名称">
              <Input value={node.title} onChange={(e) => onPatch({ title: e.target.value })} style={{ width: 320 }} />
            </Form.Item>
            <Form.Item label={node.children.length ? '分值（空 = 下级之和）' : '分值'}>
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
            <Form.Item label="待核实（数值未与正式文件核对）">
              <Switch checked={node.unconfirmed} onChange={(unconfirmed) => onPatch({ unconfirmed })} />
            </Form.Item>
          </Space>
          <Divider titlePlacement="start">适用范围（不选 = 不限）</Divider>
          <Space wrap>
            <Form.Item label="学校类型">
              <Select mode="multiple" style={{ minWidth: 220 }} value={app!.schoolTypes} onChange={(schoolTypes) => setApp({ schoolTypes })} options={SCHOOL_TYPES.map((t) => ({ value: t, label: t }))} />
            </Form.Item>
            <Form.Item label="学段">
              <Select mode="multiple" style={{ minWidth: 140 }} value={app!.sections} onChange={(sections) => setApp({ sections })} options={SECTIONS.map((t) => ({ value: t, label: SECTION_LABELS[t] }))} />
            </Form.Item>
            <Form.Item label="办学共同体类型">
              <Select mode="multiple" style={{ minWidth: 180 }} value={app!.partnershipTypes} onChange={(partnershipTypes) => setApp({ partnershipTypes })} options={PARTNERSHIP_TYPES.map((t) => ({ value: t, label: t }))} />
            </Form.Item>
            <Form.Item label="类别（如 牵头校、成员校、紧密型）">
              <Select mode="tags" style={{ minWidth: 220 }} value={app!.categories} onChange={(categories) => setApp({ categories })} />
            </Form.Item>
          </Space>
          {node.scoring && (
            <>
              <Divider titlePlacement="start">评分方式参数</Divider>
              <MethodParams scoring={node.scoring} leaves={leaves} onChange={(scoring) => onPatch({ scoring })} />
            </>
          )}
          <Form.Item label="备注">
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} value={node.note} onChange={(e) => onPatch({ note: e.target.value })} />
          </Form.Item>
        </Form>
      )}
    </Drawer>
  );
}

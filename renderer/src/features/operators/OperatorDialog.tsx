import { UserAddOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import type { Operator, OperatorInput } from '../../../../shared/api/contracts/operators';
import { errorMessage } from '../../api/client';
import { operatorText } from './operator-session';

export interface OperatorDialogProps {
  /** first-run: nobody known yet; choose: pick (or add) a person; add: add a person; null: closed. */
  mode: 'first-run' | 'choose' | 'add' | null;
  operators: Operator[];
  current: Operator | null;
  loadError: string | null;
  onChoose(id: number): Promise<void>;
  onAdd(input: OperatorInput): Promise<void>;
  /** Absent while a choice is required (the dialog cannot be dismissed then). */
  onCancel?: () => void;
}

/**
 * The Chinese dialog that asks who is using the workbench: name and 科室, or a pick from the list.
 * Its state starts from the props; give it a `key` per opening so each opening starts afresh.
 */
export function OperatorDialog({ mode, operators, current, loadError, onChoose, onAdd, onCancel }: OperatorDialogProps) {
  const [form] = Form.useForm<OperatorInput>();
  const [adding, setAdding] = useState(mode !== 'choose');
  const [picked, setPicked] = useState<number | null>(current?.id ?? operators[0]?.id ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const submitNew = async () => {
    // Missing or too long fields are shown under the fields themselves; nothing to send then.
    const values = await form.validateFields().catch(() => null);
    if (values) await run(() => onAdd(values));
  };

  const open = mode !== null || loadError !== null;
  const firstRun = mode === 'first-run';
  const title = firstRun ? '欢迎使用督导评估工作台' : adding ? '新增操作人' : '请选择操作人';

  return (
    <Modal
      open={open}
      title={title}
      closable={Boolean(onCancel)}
      maskClosable={false}
      keyboard={Boolean(onCancel)}
      onCancel={onCancel}
      destroyOnHidden
      footer={
        loadError ? null : (
          <Space>
            {onCancel && <Button onClick={onCancel}>取消</Button>}
            {adding ? (
              <Button type="primary" loading={busy} onClick={() => void submitNew()}>
                {firstRun ? '开始使用' : '保存并使用'}
              </Button>
            ) : (
              <Button type="primary" loading={busy} disabled={picked === null} onClick={() => picked !== null && void run(() => onChoose(picked))}>
                确定
              </Button>
            )}
          </Space>
        )
      }
    >
      {loadError && <Alert type="error" showIcon title="无法读取操作人名单" description={loadError} />}
      {!loadError && adding && (
        <>
          <Typography.Paragraph type="secondary">
            {firstRun
              ? '请填写您的姓名和所在科室。您在工作台中所做的每一项修改都会以您的名义记入操作日志；同一台电脑有多人使用时，每人在打开工作台时选择自己的名字。'
              : '填写新操作人的姓名和科室，保存后即以此人的名义记录操作。'}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submitNew()}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 30, message: '姓名不能超过 30 个字' }]}>
              <Input autoFocus placeholder="如：王明" maxLength={30} />
            </Form.Item>
            <Form.Item name="office" label="科室" rules={[{ required: true, whitespace: true, message: '请填写科室' }, { max: 40, message: '科室不能超过 40 个字' }]}>
              <Input placeholder="如：督导室、基础教育科" maxLength={40} onPressEnter={() => void submitNew()} />
            </Form.Item>
          </Form>
          {!firstRun && operators.length > 0 && (
            <Button type="link" style={{ padding: 0 }} onClick={() => setAdding(false)}>
              返回选择已有的操作人
            </Button>
          )}
        </>
      )}
      {!loadError && !adding && (
        <>
          <Typography.Paragraph type="secondary">这台电脑上的工作台有多人使用。请选择您的名字，之后的修改都会以您的名义记入操作日志。</Typography.Paragraph>
          <Radio.Group value={picked} onChange={(e) => setPicked(e.target.value as number)} style={{ width: '100%' }}>
            <Space orientation="vertical">
              {operators.map((o) => (
                <Radio key={o.id} value={o.id}>
                  {operatorText(o)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
          <div style={{ marginTop: 16 }}>
            <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
              我不在名单中，新增操作人
            </Button>
          </div>
        </>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

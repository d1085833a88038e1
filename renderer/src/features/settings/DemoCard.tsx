import { ExperimentOutlined } from '@ant-design/icons';
import { App, Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, call } from '../../api/client';
import { useNotify } from '../../components/use-notify';

/** Loads the fictional demo district; replacing real data always needs an explicit confirmation. */
export function DemoCard() {
  const { modal } = App.useApp();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);

  const load = async (replace: boolean) => {
    setBusy(true);
    try {
      const r = await call('demo.load', { replace });
      notify.success(`已加载演示数据：${r.schools} 所学校，${r.years.join('、')} 年统计数据`);
    } catch (e) {
      if (!replace && e instanceof ApiError && e.code === 'conflict') {
        modal.confirm({
          title: '替换现有数据？',
          content: `${e.message}`,
          okText: '替换现有数据',
          okButtonProps: { danger: true },
          cancelText: '取消',
          onOk: () => load(true),
        });
      } else {
        notify.error(e, '加载演示数据失败');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="演示数据" data-testid="demo-card">
      <Typography.Paragraph type="secondary">
        加载一个虚构的“云溪区”：约 20 所各类学校和近三年的统计数据，其中几所学校故意未达标，便于熟悉各项功能。若名册中已有数据，会先请您确认是否替换。
      </Typography.Paragraph>
      <Button icon={<ExperimentOutlined />} loading={busy} onClick={() => load(false)}>
        加载演示数据
      </Button>
    </Card>
  );
}

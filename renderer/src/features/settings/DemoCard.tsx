import { ExperimentOutlined } from '@ant-design/icons';
import { App, Button, Card, Typography } from 'antd';
import { ApiError } from '../../api/client';
import { useOpMutation } from '../../api/queries';
import { useNotify } from '../../components/use-notify';

/** Loads the fictional demo district; replacing real data always needs an explicit confirmation. */
export function DemoCard() {
  const { modal } = App.useApp();
  const notify = useNotify();
  // Silent: a register that already holds schools is a question for the user, not an error.
  const demo = useOpMutation('demo.load', {
    silent: true,
    success: (r) => `已加载演示数据：${r.schools} 所学校，${r.years.join('、')} 年统计数据`,
  });

  const load = (replace: boolean) =>
    demo.mutate(
      { replace },
      {
        onError: (e) => {
          if (!replace && e instanceof ApiError && e.code === 'conflict') {
            modal.confirm({
              title: '替换现有数据？',
              content: e.message,
              okText: '替换现有数据',
              okButtonProps: { danger: true },
              cancelText: '取消',
              onOk: () => load(true),
            });
          } else notify.error(e, '加载演示数据失败');
        },
      },
    );

  return (
    <Card title="演示数据" data-testid="demo-card">
      <Typography.Paragraph type="secondary">
        加载一个虚构的“云溪区”：约 20 所各类学校和近三年的统计数据，其中几所学校故意未达标，便于熟悉各项功能。若名册中已有数据，会先请您确认是否替换。
      </Typography.Paragraph>
      <Button icon={<ExperimentOutlined />} loading={demo.isPending} onClick={() => load(false)}>
        加载演示数据
      </Button>
    </Card>
  );
}

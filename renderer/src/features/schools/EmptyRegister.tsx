import { CloudUploadOutlined, ExperimentOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Space, Typography } from 'antd';

/** First thing a new user sees: two clear ways to get a working register. */
export function EmptyRegister({ loadingDemo, onLoadDemo, onImport }: { loadingDemo: boolean; onLoadDemo: () => void; onImport: () => void }) {
  return (
    <Card data-testid="empty-register">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <Space orientation="vertical" size={4}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              学校名册还是空的
            </Typography.Title>
            <Typography.Text type="secondary">可以先加载一个虚构的演示区县熟悉功能，或者导入本区县的学校名册。</Typography.Text>
          </Space>
        }
      >
        <Space>
          <Button type="primary" icon={<ExperimentOutlined />} loading={loadingDemo} onClick={onLoadDemo}>
            加载演示数据
          </Button>
          <Button icon={<CloudUploadOutlined />} onClick={onImport}>
            导入学校名册
          </Button>
        </Space>
      </Empty>
    </Card>
  );
}

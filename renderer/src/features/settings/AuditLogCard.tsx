import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { AuditEntry } from '../../../../shared/api/contracts/system';
import { call } from '../../api/client';
import { useRemote } from '../../api/use-remote';
import { JsonView } from '../../components/JsonView';

const hasDetail = (e: AuditEntry) => (e.before !== null && e.before !== undefined) || (e.after !== null && e.after !== undefined);

export function AuditLogCard() {
  const log = useRemote(() => call('audit.list', { limit: 500 }), []);
  return (
    <Card
      title="操作日志"
      data-testid="audit-card"
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void log.reload()}>
          刷新
        </Button>
      }
    >
      {log.error && <Alert type="error" showIcon title="无法读取操作日志" description={log.error} />}
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={log.loading}
        dataSource={log.data ?? []}
        locale={{ emptyText: '暂无操作记录' }}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => `最近 ${n} 条` }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 170, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
          { title: '操作人', dataIndex: 'actor', width: 120 },
          { title: '内容', dataIndex: 'summary' },
        ]}
        expandable={{
          rowExpandable: hasDetail,
          expandedRowRender: (e) => (
            <Row gutter={16}>
              <Col span={12}>
                <Typography.Text strong>修改前</Typography.Text>
                <JsonView value={e.before} />
              </Col>
              <Col span={12}>
                <Typography.Text strong>修改后</Typography.Text>
                <JsonView value={e.after} />
              </Col>
            </Row>
          ),
        }}
      />
    </Card>
  );
}

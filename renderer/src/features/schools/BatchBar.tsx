import { DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import type { School } from '../../../../shared/api/contracts/schools';
import { call } from '../../api/client';
import { useDownload } from '../../components/use-download';

// The status dialog (a date picker, a form) loads when first opened, not with the register.
const StatusModal = lazy(() => import('./StatusModal'));

/** The register's actions on the selected rows: export them, change their 办学状态. Hidden while nothing is selected. */
export function BatchBar({ schools, onClear }: { schools: School[]; onClear: () => void }) {
  const { busy, run } = useDownload();
  const [open, setOpen] = useState(false);
  if (schools.length === 0) return null;
  const ids = schools.map((s) => s.id);

  return (
    <>
      <Alert
        type="info"
        style={{ marginBottom: 12 }}
        data-testid="batch-bar"
        title={
          <Space wrap>
            <Typography.Text>已选 {schools.length} 所学校</Typography.Text>
            <Button size="small" icon={<DownloadOutlined />} loading={busy === 'selected'} onClick={() => void run('selected', () => call('exchange.export', { kind: 'schools', schoolIds: ids }))}>
              导出所选
            </Button>
            <Button size="small" icon={<EditOutlined />} onClick={() => setOpen(true)}>
              更改办学状态
            </Button>
            <Button size="small" type="link" onClick={onClear}>
              取消选择
            </Button>
          </Space>
        }
      />
      {open && (
        <Suspense fallback={null}>
          <StatusModal schools={schools} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}


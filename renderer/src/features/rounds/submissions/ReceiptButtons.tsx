import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip, Typography } from 'antd';
import { call } from '../../../api/client';
import { useDownload } from '../../../components/use-download';

/**
 * 下载回执 for one revision (issue 11 item 3): what was received, every file with its size and
 * SHA-256, for the school to keep — as PDF (to print and sign) or Excel. rounds.receipt writes both;
 * the button's format is saved (browser download, or Electron's save dialog).
 */
export function ReceiptButtons({ unitId, revision }: { unitId: number; revision: number }) {
  const download = useDownload('回执生成失败', '已生成');
  const produce = (format: 'pdf' | 'xlsx') => async () => (await call('rounds.receipt', { unitId, revision }))[format];
  return (
    <Space size={8} data-testid="receipt">
      <Tooltip title="列出本版收到的每个文件及其大小和校验值，供学校留存">
        <Typography.Text>第 {revision} 版回执：</Typography.Text>
      </Tooltip>
      <Button size="small" icon={<FilePdfOutlined />} loading={download.busy === 'pdf'} disabled={download.busy !== null} onClick={() => download.run('pdf', produce('pdf'))} data-testid="receipt-pdf">
        下载回执（PDF）
      </Button>
      <Button size="small" icon={<FileExcelOutlined />} loading={download.busy === 'xlsx'} disabled={download.busy !== null} onClick={() => download.run('xlsx', produce('xlsx'))} data-testid="receipt-xlsx">
        下载回执（Excel）
      </Button>
    </Space>
  );
}

import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { Button, Drawer, List, Space, Typography } from 'antd';
import { useState } from 'react';
import type { ScoreRow } from '../../../../shared/api/contracts/scoring';
import { call } from '../../api/client';
import { canOpenWithSystem, openResult, resultUrl } from '../../api/files';
import { useDownload } from '../../components/use-download';
import { useNotify } from '../../components/use-notify';

/**
 * 佐证: the evidence files the school sent for one item, in a drawer over the score sheet — so
 * looking at them does not leave the sheet (and the scoring in progress). Each file is published by
 * reference (rounds.submissionFile, from the sheet's revision, the latest) and then 打开 (desktop:
 * the system's program; browser: a new tab, where images and PDFs show in place and anything else
 * downloads) or 下载.
 */
export function EvidenceDrawer({ unitId, revision, row, onClose }: { unitId: number; revision: number; row: ScoreRow; onClose: () => void }) {
  const notify = useNotify();
  const download = useDownload('下载失败', '已保存');
  const [opening, setOpening] = useState<string | null>(null);
  const produce = (path: string) => call('rounds.submissionFile', { unitId, revision, path });
  const open = async (path: string) => {
    setOpening(path);
    try {
      const published = await produce(path);
      if (canOpenWithSystem()) await openResult(published);
      else window.open(resultUrl(published, true), '_blank', 'noopener');
    } catch (e) {
      notify.error(e, '无法打开文件');
    } finally {
      setOpening(null);
    }
  };

  return (
    <Drawer open title={`佐证材料：${row.code} ${row.title}`} size={480} onClose={onClose} destroyOnHidden data-testid="evidence-drawer">
      <Typography.Paragraph type="secondary">学校第 {revision} 版材料中为本项提交的佐证，共 {row.evidence.length} 个文件。</Typography.Paragraph>
      <List
        size="small"
        dataSource={row.evidence}
        renderItem={(f) => (
          <List.Item
            data-testid="evidence-file"
            actions={[
              <Button key="open" size="small" icon={<ExportOutlined />} loading={opening === f.path} onClick={() => void open(f.path)} aria-label={`打开“${f.name}”`}>
                打开
              </Button>,
              <Button key="download" size="small" icon={<DownloadOutlined />} loading={download.busy === f.path} onClick={() => download.run(f.path, () => produce(f.path))} aria-label={`下载“${f.name}”`}>
                下载
              </Button>,
            ]}
          >
            <Space orientation="vertical" size={0}>
              <span data-user-text>{f.name}</span>
            </Space>
          </List.Item>
        )}
      />
    </Drawer>
  );
}

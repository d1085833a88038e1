import { DownloadOutlined, EyeOutlined, ExportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Modal, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import type { SubmittedFile } from '../../../../../shared/api/contracts/rounds';
import { formatBytes } from '../../../../../shared/domain/text/bytes';
import { call } from '../../../api/client';
import { canOpenWithSystem, openResult, resultUrl } from '../../../api/files';
import { useOp } from '../../../api/queries';
import { useDownload } from '../../../components/use-download';
import { useNotify } from '../../../components/use-notify';
import { groupEvidence, viewKind } from './submission-view';

interface FileProps {
  unitId: number;
  revision: number;
  file: SubmittedFile;
}

/** The received file published for reading (rounds.submissionFile), cached per file while the page is open. */
function usePublished({ unitId, revision, file }: FileProps, enabled = true) {
  return useOp('rounds.submissionFile', { unitId, revision, path: file.path }, { silent: true, enabled });
}

/**
 * 下载 for every file; in the desktop app also 打开 (the system's program, through main). Both
 * publish the stored file by reference first (rounds.submissionFile).
 */
export function FileActions({ unitId, revision, file, size = 'small' }: FileProps & { size?: 'small' | 'middle' }) {
  const notify = useNotify();
  const download = useDownload('下载失败', '已保存');
  const [opening, setOpening] = useState(false);
  const produce = () => call('rounds.submissionFile', { unitId, revision, path: file.path });
  const open = async () => {
    setOpening(true);
    try {
      await openResult(await produce());
    } catch (e) {
      notify.error(e, '无法打开文件');
    } finally {
      setOpening(false);
    }
  };
  return (
    <Space size={4}>
      {canOpenWithSystem() && (
        <Button size={size} icon={<ExportOutlined />} loading={opening} onClick={() => void open()} aria-label={`用系统程序打开“${file.name}”`}>
          打开
        </Button>
      )}
      <Button size={size} icon={<DownloadOutlined />} loading={download.busy === file.path} onClick={() => download.run(file.path, produce)} aria-label={`下载“${file.name}”`}>
        下载
      </Button>
    </Space>
  );
}

/** An image shown in place (a thumbnail; a click shows it whole). */
function InlineImage(props: FileProps) {
  const published = usePublished(props);
  const [big, setBig] = useState(false);
  if (published.error) return <Alert type="error" showIcon title={published.error.message} />;
  if (!published.data) return <Skeleton.Image active style={{ width: 200, height: 150 }} />;
  const src = resultUrl(published.data, true);
  return (
    <>
      <button type="button" onClick={() => setBig(true)} style={{ padding: 0, border: '1px solid #e5e9f0', borderRadius: 6, background: '#fafafa', cursor: 'zoom-in' }} aria-label={`放大查看“${props.file.name}”`}>
        <img src={src} alt={props.file.name} data-user-text data-testid="evidence-image" style={{ display: 'block', width: 200, height: 150, objectFit: 'contain' }} />
      </button>
      <Modal open={big} onCancel={() => setBig(false)} footer={null} width="80vw" title={<span data-user-text>{props.file.name}</span>} destroyOnHidden>
        <img src={src} alt={props.file.name} data-user-text style={{ display: 'block', maxWidth: '100%', maxHeight: '75vh', margin: '0 auto' }} />
      </Modal>
    </>
  );
}

/** A PDF in a frame (the browser's own viewer), shown when asked for: a dozen PDFs open at once would be slow. */
function InlinePdf(props: FileProps & { startOpen?: boolean }) {
  const [shown, setShown] = useState(props.startOpen ?? false);
  const published = usePublished(props, shown);
  if (!shown) {
    return (
      <Button size="small" icon={<EyeOutlined />} onClick={() => setShown(true)} aria-label={`在此查看“${props.file.name}”`} data-testid="pdf-show">
        在此查看
      </Button>
    );
  }
  if (published.error) return <Alert type="error" showIcon title={published.error.message} />;
  if (!published.data) return <Skeleton active />;
  return <iframe src={resultUrl(published.data, true)} title={`“${props.file.name}”的内容`} data-user-text data-testid="evidence-pdf" style={{ width: '100%', height: 560, border: '1px solid #e5e9f0', borderRadius: 6 }} />;
}

/**
 * One received file: images in place, PDFs in a frame on request (browser mode; the desktop app
 * opens them with the system's PDF reader, as every other file), name, size, 打开 / 下载.
 */
export function ReceivedFile({ unitId, revision, file, pdfOpen }: FileProps & { pdfOpen?: boolean }) {
  const kind = viewKind(file.mimeType);
  // Electron's window does not host Chromium's PDF viewer (no plugins, frames stay on app://): the system's reader opens it.
  const pdfInPage = kind === 'pdf' && !canOpenWithSystem();
  return (
    <Flex vertical gap={6} data-testid="evidence-file" style={kind === 'pdf' && pdfInPage ? { width: '100%' } : undefined}>
      {kind === 'image' && <InlineImage unitId={unitId} revision={revision} file={file} />}
      <Flex gap={8} align="center" wrap>
        <Typography.Text data-user-text data-testid="evidence-name">
          {file.name}
        </Typography.Text>
        <Typography.Text type="secondary">{formatBytes(file.bytes)}</Typography.Text>
        {pdfInPage && <InlinePdf unitId={unitId} revision={revision} file={file} startOpen={pdfOpen} />}
        <FileActions unitId={unitId} revision={revision} file={file} />
      </Flex>
    </Flex>
  );
}

/** A revision's evidence (佐证材料 only: the report and the workbook are shown apart) grouped by the indicator it was filed under (未归类 last), images and PDFs shown in place. */
export function EvidenceViewer({ unitId, revision, files }: { unitId: number; revision: number; files: readonly SubmittedFile[] }) {
  if (files.length === 0) return <Empty description="本版没有佐证材料" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  // Counted above it, with the report and the workbook, by filesSummary (the same words as the import's check).
  return (
    <Flex vertical gap={12} data-testid="evidence-viewer">
      {groupEvidence(files).map((g) => (
        <Card key={g.indicator} size="small" title={`${g.indicator}（${g.files.length} 个）`} data-testid="evidence-group">
          <Flex gap={16} wrap align="flex-start">
            {g.files.map((f) => (
              <ReceivedFile key={f.path} unitId={unitId} revision={revision} file={f} />
            ))}
          </Flex>
        </Card>
      ))}
    </Flex>
  );
}

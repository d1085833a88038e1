import { FolderOpenOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { StagedFile } from '../../../shared/api/envelope';
import { hasFolderDialog, pickFolder } from '../api/files';

/**
 * 选择输出文件夹… for a batch that writes files (work sheets, 一校一案): the desktop app's folder
 * dialog, and where the files will go in words. Browser mode has no folder dialog: nothing is shown
 * and the batch writes under the data directory, each file downloadable.
 */
export function OutputFolderPicker({ title, folder, onPick }: { title: string; folder: StagedFile | null; onPick: (folder: StagedFile) => void }) {
  if (!hasFolderDialog()) return null;
  return (
    <Flex gap={8} align="center">
      <Button
        icon={<FolderOpenOutlined />}
        onClick={() =>
          void pickFolder(title).then((picked) => {
            if (picked) onPick(picked);
          })
        }
      >
        选择输出文件夹…
      </Button>
      <Typography.Text type="secondary" data-user-text>
        {folder ? `写入“${folder.fileName}”` : '不选则写入数据目录下新建的文件夹'}
      </Typography.Text>
    </Flex>
  );
}

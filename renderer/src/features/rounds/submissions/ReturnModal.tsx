/**
 * A unit page's decisions on what the school handed in (issue 11 items 4 and 1): 退回修改 with the
 * open queries, and 确认 / 撤销确认. 退回修改 writes the return package (the school's current
 * answers, report and evidence with the open queries), marks the unit 已退回修改 and hands the zip
 * over: downloaded in the browser; in the desktop app written, as folder and zip, into a folder the
 * user picks — chosen before anything is written, so a cancelled dialog never leaves a unit marked
 * returned without its package.
 */
import { FolderOpenOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, List, Modal, Space, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import type { RoundQuery, RoundUnit } from '../../../../../shared/api/contracts/rounds';
import type { StagedFile } from '../../../../../shared/api/envelope';
import type { ManualChange } from '../../../../../shared/domain/rounds/rounds';
import { hasFolderDialog, pickFolder, saveResult } from '../../../api/files';
import { useOpMutation } from '../../../api/queries';
import { errorDescription, useNotify } from '../../../components/use-notify';
import { ChangeStateModal } from '../ChangeStateModal';
import { returnBlocked } from './queries-view';

const FOLDER_TITLE = '选择保存退回修改包的文件夹';

/** 退回修改 and 确认 / 撤销确认 for the unit shown, each greyed with the reason when it does not apply. */
export function UnitActions({ roundId, unit, queries }: { roundId: number; unit: RoundUnit; queries: readonly RoundQuery[] }) {
  const [returning, setReturning] = useState(false);
  const [change, setChange] = useState<ManualChange | null>(null);
  const blocked = returnBlocked(unit);
  return (
    <Space>
      {unit.state === 'confirmed' ? (
        <Button onClick={() => setChange('unconfirm')} data-testid="unit-unconfirm">
          撤销确认
        </Button>
      ) : (
        <Tooltip title={unit.state === 'submitted' ? '确认后，本版材料作为评估依据' : '只有“已提交”的单位可以确认'}>
          <Button disabled={unit.state !== 'submitted'} onClick={() => setChange('confirm')} data-testid="unit-confirm">
            确认
          </Button>
        </Tooltip>
      )}
      <Tooltip title={blocked}>
        <Button type="primary" icon={<RollbackOutlined />} disabled={blocked !== null} onClick={() => setReturning(true)} data-testid="unit-return">
          退回修改
        </Button>
      </Tooltip>
      {returning && <ReturnModal unit={unit} queries={queries.filter((q) => !q.closedAt)} onClose={() => setReturning(false)} />}
      {change && <ChangeStateModal roundId={roundId} units={[unit]} change={change} onClose={() => setChange(null)} />}
    </Space>
  );
}

/**
 * 退回修改 confirmed: the open queries listed, what the package carries, where it goes. In the
 * desktop app the folder is chosen here (or on 退回修改 when not chosen yet); in the browser the
 * zip downloads. Errors stay in the dialog, in Chinese with 错误编号.
 */
function ReturnModal({ unit, queries, onClose }: { unit: RoundUnit; queries: readonly RoundQuery[]; onClose: () => void }) {
  const folders = hasFolderDialog();
  const [folder, setFolder] = useState<StagedFile | null>(null);
  const [problem, setProblem] = useState<ReactNode>(null);
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const returnPackage = useOpMutation('rounds.returnPackage', { silent: true });

  const choose = async (): Promise<StagedFile | null> => {
    const picked = await pickFolder(FOLDER_TITLE);
    if (picked) setFolder(picked);
    return picked;
  };

  const submit = async () => {
    setProblem(null);
    const destination = folders ? (folder ?? (await choose())) : null;
    if (folders && !destination) return; // the folder dialog was cancelled: nothing written
    setSaving(true);
    try {
      const r = await returnPackage.mutateAsync({ unitId: unit.id, destination: destination ? { ref: destination.ref } : undefined });
      if (destination) notify.success(`已退回修改：退回修改包已保存到文件夹“${destination.fileName}”`);
      else {
        await saveResult(r.file);
        notify.success(`已退回修改：已生成“${r.file.fileName}”`);
      }
      onClose();
    } catch (e) {
      setProblem(errorDescription(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={640}
      title={`退回修改：${unit.name}`}
      okText="退回修改"
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Flex vertical gap={12} data-testid="return-dialog">
        <Typography.Text>
          将第 {unit.revision} 版材料连同以下 {queries.length} 条待答复的意见退回学校修改。退回修改包中预先填好学校当前的自评和统计数据，并附上已交的自评报告和佐证材料；学校改好后交回，导入后成为第 {unit.revision + 1} 版，这些意见随之答复。
        </Typography.Text>
        <List
          size="small"
          bordered
          data-testid="return-queries"
          dataSource={[...queries]}
          renderItem={(q) => (
            <List.Item>
              <Typography.Text>
                <Typography.Text strong>{q.target.label}</Typography.Text>：{q.text}
              </Typography.Text>
            </List.Item>
          )}
        />
        <Typography.Text type="secondary">退回后单位状态为“已退回修改”。</Typography.Text>
        {folders ? (
          <Flex align="center" gap={8} wrap>
            <Button icon={<FolderOpenOutlined />} onClick={() => void choose()} data-testid="return-folder">
              {folder ? '更换文件夹' : '选择保存位置'}
            </Button>
            <Typography.Text type={folder ? undefined : 'secondary'}>
              {folder ? (
                <>
                  保存到文件夹：<span data-user-text>{folder.fileName}</span>（文件夹和 zip 文件各一份，可直接拷贝到 U 盘）
                </>
              ) : (
                '尚未选择：点“退回修改”时再选择'
              )}
            </Typography.Text>
          </Flex>
        ) : (
          <Typography.Text type="secondary">退回修改包（zip 文件）将下载到浏览器的下载文件夹，请拷贝给学校。</Typography.Text>
        )}
        {problem && <Alert type="error" showIcon title="退回修改未完成" description={problem} data-testid="return-problem" />}
      </Flex>
    </Modal>
  );
}

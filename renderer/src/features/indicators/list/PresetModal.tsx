import { Card, Flex, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { LEVEL_LABELS } from '../../../../../shared/domain/indicators';
import { call } from '../../../api/client';
import { useRemote } from '../../../api/use-remote';
import { navigate } from '../../../app/hash-router';
import { useNotify } from '../../../components/use-notify';

/** 从模板新建: the shipped presets as cards; picking one creates a draft and opens it. */
export function PresetModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const notify = useNotify();
  const presets = useRemote(() => (open ? call('indicators.presets', {}) : Promise.resolve([])), [open]);
  const [busy, setBusy] = useState<string | null>(null);

  const create = async (presetKey: string) => {
    setBusy(presetKey);
    try {
      const d = await call('indicators.createFromPreset', { presetKey });
      notify.success(`已从模板新建“${d.summary.name}”（草稿）`);
      onClose();
      navigate(`/indicators/${d.summary.id}`);
    } catch (e) {
      notify.error(e, '新建失败');
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal title="从模板新建指标体系" open={open} onCancel={onClose} footer={null} width={860} destroyOnHidden>
      <Typography.Paragraph type="secondary">选择一个模板，系统会复制为新的草稿，可按本地要求修改后发布。</Typography.Paragraph>
      <Flex vertical gap={12} data-testid="preset-list">
        {(presets.data ?? []).map((p) => (
          <Card
            key={p.key}
            size="small"
            hoverable
            loading={busy === p.key}
            onClick={() => !busy && void create(p.key)}
            data-testid={`preset-${p.key}`}
            title={
              <Flex gap={8} align="center">
                {p.name}
                <Tag>{LEVEL_LABELS[p.level]}</Tag>
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                  {p.leafCount} 个末级指标
                </Typography.Text>
              </Flex>
            }
          >
            <Typography.Paragraph style={{ marginBottom: 4 }}>{p.description}</Typography.Paragraph>
            <Typography.Text type="secondary">依据：{p.sourceDocument}</Typography.Text>
          </Card>
        ))}
      </Flex>
    </Modal>
  );
}

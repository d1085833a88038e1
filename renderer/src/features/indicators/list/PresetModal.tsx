import { Card, Flex, Modal, Tag, Typography } from 'antd';
import { LEVEL_LABELS } from '../../../../../shared/domain/indicators';
import { useOp, useOpMutation } from '../../../api/queries';
import { navigate } from '../../../app/navigation';

/** 从模板新建: the shipped presets as cards; picking one creates a draft and opens it. */
export function PresetModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const presets = useOp('indicators.presets', {}, { enabled: open });
  const create = useOpMutation('indicators.createFromPreset', {
    errorTitle: '新建失败',
    success: (d) => `已从模板新建“${d.summary.name}”（草稿）`,
    onSuccess: (d) => {
      onClose();
      navigate(`/indicators/${d.summary.id}`);
    },
  });
  const busy = create.isPending ? create.variables?.presetKey ?? null : null;

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
            onClick={() => !busy && create.mutate({ presetKey: p.key })}
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

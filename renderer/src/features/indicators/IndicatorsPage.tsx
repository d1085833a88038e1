import { AppstoreAddOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Space, Spin } from 'antd';
import { useState } from 'react';
import type { SystemFamily } from '../../../../shared/api/contracts/indicators';
import { useOp } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { DiffModal } from './diff/DiffModal';
import { ImportSystemButton } from './list/ImportSystemButton';
import { NewSystemModal } from './list/NewSystemModal';
import { PresetModal } from './list/PresetModal';
import { SystemFamilyCard } from './list/SystemFamilyCard';
import { useSystemActions } from './use-system-actions';

/** 指标体系: every system with its versions and states, and the ways to create one. */
export function IndicatorsPage() {
  // The error is shown in place, above the (empty) list.
  const list = useOp('indicators.list', {}, { silent: true });
  const actions = useSystemActions();
  const [presetsOpen, setPresetsOpen] = useState(false);
  const [newOpen, setNewOpen] = useState(false);
  const [comparing, setComparing] = useState<SystemFamily | null>(null);

  const toolbar = (
    <Space wrap>
      <Button type="primary" icon={<AppstoreAddOutlined />} onClick={() => setPresetsOpen(true)}>
        从模板新建
      </Button>
      <Button icon={<PlusOutlined />} onClick={() => setNewOpen(true)}>
        新建
      </Button>
      <ImportSystemButton />
    </Space>
  );

  return (
    <>
      <PageHeader title="指标体系" subtitle="评估指标、评分规则、通过条件与等级；发布后的版本不可修改，评估结果始终保留所用版本" extra={toolbar} />
      {list.error && <Alert type="error" showIcon title="无法读取指标体系" description={list.error.message} style={{ marginBottom: 16 }} />}
      {list.isPending && !list.error ? (
        <Spin />
      ) : list.data?.length === 0 ? (
        <Card>
          <Empty description="还没有指标体系。可从模板新建（国家优质均衡标准、学校自评、集团化办学考核、县域百分制），也可导入 Excel 评估细则。">
            <Button type="primary" onClick={() => setPresetsOpen(true)}>
              从模板新建
            </Button>
          </Empty>
        </Card>
      ) : (
        <Flex vertical gap={16}>
          {list.data?.map((f) => <SystemFamilyCard key={f.key} family={f} actions={actions} onCompare={() => setComparing(f)} />)}
        </Flex>
      )}
      <PresetModal open={presetsOpen} onClose={() => setPresetsOpen(false)} />
      <NewSystemModal open={newOpen} onClose={() => setNewOpen(false)} />
      {comparing && <DiffModal key={comparing.key} family={comparing} onClose={() => setComparing(null)} />}
    </>
  );
}

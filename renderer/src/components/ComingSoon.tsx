import { Card, Result } from 'antd';
import type { ModuleDef } from '../app/modules';
import { PageHeader } from './PageHeader';

/** Placeholder for modules that later releases deliver, so the navigation already shows the whole workflow. */
export function ComingSoon({ module }: { module: ModuleDef }) {
  return (
    <>
      <PageHeader title={module.label} />
      <Card>
        <Result
          icon={<span style={{ fontSize: 48, color: '#8aa4c8' }}>{module.icon}</span>}
          title={`“${module.label}”模块即将提供`}
          subTitle={`${module.blurb}该功能将在后续版本中提供，现有学校名册和统计数据届时可直接使用。`}
          data-testid="coming-soon"
        />
      </Card>
    </>
  );
}

import { Card, Result, Tag } from 'antd';
import type { ModuleDef } from '../app/modules';
import { PageHeader } from './PageHeader';

/**
 * The page of a module not built yet (the menu marks it 待建设): says so plainly, what the module
 * will do, and that the data entered now will serve it — so the workflow is visible without
 * promising anything that is not there.
 */
export function ComingSoon({ module }: { module: ModuleDef }) {
  return (
    <>
      <PageHeader
        title={
          <>
            {module.label}
            <Tag style={{ marginInlineStart: 8, verticalAlign: 'middle' }}>待建设</Tag>
          </>
        }
      />
      <Card>
        <Result
          icon={<span style={{ fontSize: 48, color: '#8aa4c8' }}>{module.icon}</span>}
          title={`“${module.label}”模块待建设`}
          subTitle={`${module.blurb}本模块尚未建设，目前还不能使用；建成后，现有的学校名册和统计数据可以直接使用，无需重新录入。`}
          data-testid="coming-soon"
        />
      </Card>
    </>
  );
}

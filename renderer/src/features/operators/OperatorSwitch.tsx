import { SwapOutlined, UserAddOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useNotify } from '../../components/use-notify';
import { operatorText } from './operator-session';
import { useOperator } from './OperatorProvider';

/** The header's 操作人 switch: who this window acts as, other people to switch to, and 新增操作人. */
export function OperatorSwitch() {
  const { current, operators, choose, openSwitch } = useOperator();
  const notify = useNotify();
  const others = operators.filter((o) => o.id !== current?.id);
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          ...others.map((o) => ({ key: String(o.id), icon: <SwapOutlined />, label: `切换为 ${operatorText(o)}` })),
          ...(others.length ? [{ type: 'divider' as const }] : []),
          { key: 'add', icon: <UserAddOutlined />, label: '新增操作人…' },
        ],
        onClick: ({ key }) => {
          if (key === 'add') return openSwitch('add');
          choose(Number(key)).then(
            () => notify.success('已切换操作人'),
            (e: unknown) => notify.error(e, '切换操作人失败'),
          );
        },
      }}
    >
      <Button type="text" icon={<UserOutlined />} style={{ color: '#fff', marginLeft: 'auto' }} data-testid="operator-switch" aria-label="操作人">
        {current ? operatorText(current) : '未选择操作人'}
      </Button>
    </Dropdown>
  );
}

import { SwapOutlined, UserAddOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { operatorText } from './operator-session';
import { useOperator } from './OperatorProvider';

/** The header's 操作人 switch: who this window acts as, other people to switch to, and 新增操作人. */
export function OperatorSwitch() {
  const { current, operators, switchTo, openSwitch } = useOperator();
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
        onClick: ({ key }) => (key === 'add' ? openSwitch('add') : switchTo(Number(key))),
      }}
    >
      <Button type="text" icon={<UserOutlined />} style={{ color: '#fff', marginLeft: 'auto' }} data-testid="operator-switch" aria-label={current ? `操作人：${operatorText(current)}（点击切换）` : '选择操作人'}>
        {current ? operatorText(current) : '未选择操作人'}
      </Button>
    </Dropdown>
  );
}

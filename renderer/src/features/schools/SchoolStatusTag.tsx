import { Tag } from 'antd';
import type { School } from '../../../../shared/api/contracts/schools';
import { formatDate } from '../../../../shared/domain/text/datetime';

export function SchoolStatusTag({ school }: { school: Pick<School, 'status' | 'closedOn'> }) {
  if (school.status === '撤并') {
    return (
      <Tag color="default" data-testid="status-closed">
        撤并{school.closedOn ? `（${formatDate(school.closedOn)}）` : ''}
      </Tag>
    );
  }
  return <Tag color="green">在办</Tag>;
}

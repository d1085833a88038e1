import { DownloadOutlined, DownOutlined, FileExcelOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space } from 'antd';
import { call } from '../../api/client';
import { useDownload } from '../../components/use-download';

/** The toolbar of the school list: create, import, export and templates. */
export function RegisterActions({ years, onCreate, onImport }: { years: number[]; onCreate: () => void; onImport: () => void }) {
  const { busy, run } = useDownload();
  return (
    <Space wrap>
      <Button type="primary" icon={<PlusOutlined />} onClick={onCreate}>
        新增学校
      </Button>
      <Button icon={<UploadOutlined />} onClick={onImport}>
        导入
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === 'schools'} onClick={() => run('schools', () => call('exchange.export', { kind: 'schools' }))}>
        导出名册
      </Button>
      <Dropdown
        disabled={years.length === 0}
        menu={{
          items: years.map((y) => ({ key: String(y), label: `${y} 年统计数据` })),
          onClick: ({ key }) => run('stats', () => call('exchange.export', { kind: 'stats', year: Number(key) })),
        }}
      >
        <Button icon={<DownloadOutlined />} loading={busy === 'stats'} title={years.length === 0 ? '还没有任何年份的统计数据' : undefined}>
          导出统计数据 <DownOutlined />
        </Button>
      </Dropdown>
      <Dropdown
        menu={{
          items: [
            { key: 'schools', label: '学校名册导入模板' },
            { key: 'stats', label: '统计数据导入模板' },
          ],
          onClick: ({ key }) => run(`tpl-${key}`, () => call('exchange.template', { kind: key as 'schools' | 'stats' })),
        }}
      >
        <Button icon={<FileExcelOutlined />} loading={busy?.startsWith('tpl-')}>
          下载模板 <DownOutlined />
        </Button>
      </Dropdown>
    </Space>
  );
}

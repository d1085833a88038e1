import { Anchor, Flex, Space } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useUrlChoice } from '../../app/url-state';
import { PageHeader } from '../../components/PageHeader';
import { AboutCard } from './AboutCard';
import { AuditLogCard } from './AuditLogCard';
import { BackupCard } from './BackupCard';
import { DemoCard } from './DemoCard';
import { DocumentSettingsCard } from './DocumentSettingsCard';

const SECTIONS = [
  { key: 'about', title: '关于' },
  { key: 'demo', title: '演示数据' },
  { key: 'backup', title: '数据备份' },
  { key: 'documents', title: '公文设置' },
  { key: 'audit', title: '操作日志' },
] as const;
type Section = (typeof SECTIONS)[number]['key'];
const KEYS = SECTIONS.map((s) => s.key);
const anchorId = (key: Section) => `settings-${key}`;

/**
 * 设置: one page of sections (关于, 演示数据, 数据备份, 公文设置, 操作日志) with a list to jump
 * between them. The section last jumped to is in the address (`?section=audit`), so a reload, the
 * back button or a copied address open the page there; the 操作日志's filters are in the address
 * too (AuditLogCard).
 */
export function SettingsPage() {
  const [section, setSection] = useUrlChoice<Section>('section', KEYS, 'about');
  const cards: Record<Section, ReactNode> = {
    about: <AboutCard />,
    demo: <DemoCard />,
    backup: <BackupCard />,
    documents: <DocumentSettingsCard />,
    audit: <AuditLogCard />,
  };

  // Opened with a section in the address: go there once the page is laid out.
  const arrived = useRef(false);
  useEffect(() => {
    if (arrived.current) return;
    arrived.current = true;
    if (section !== 'about') document.getElementById(anchorId(section))?.scrollIntoView({ block: 'start' });
  }, [section]);

  return (
    <>
      <PageHeader title="设置" subtitle="软件信息、演示数据、数据备份、公文设置与操作日志" />
      <Flex gap={24} align="flex-start">
        <nav aria-label="设置分区" style={{ flex: '0 0 112px' }}>
          <Anchor
            offsetTop={16}
            targetOffset={16}
            items={SECTIONS.map((s) => ({ key: s.key, href: `#${anchorId(s.key)}`, title: s.title }))}
            // Hash routes use the address's # part: Anchor scrolls, the section goes into the query instead.
            onClick={(e, link) => {
              e.preventDefault();
              const key = KEYS.find((k) => `#${anchorId(k)}` === link.href);
              if (key) setSection(key, { replace: true });
            }}
          />
        </nav>
        <Space orientation="vertical" size={16} style={{ flex: 1, minWidth: 0 }}>
          {SECTIONS.map((s) => (
            <section key={s.key} id={anchorId(s.key)} aria-label={s.title}>
              {cards[s.key]}
            </section>
          ))}
        </Space>
      </Flex>
    </>
  );
}

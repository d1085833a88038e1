import {
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  FileTextOutlined,
  FundOutlined,
  HistoryOutlined,
  OrderedListOutlined,
  ProjectOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export interface ModuleDef {
  key: string;
  path: string;
  label: string;
  icon: ReactNode;
  /** One line shown on the placeholder page until the module is built. */
  blurb: string;
  /** false: a later release delivers it; the menu marks it 待建设 and the page says so. */
  built: boolean;
}

/** The navigation, in the order the office works through an evaluation. */
export const MODULES: ModuleDef[] = [
  { key: 'schools', path: '/schools', label: '学校', icon: <BankOutlined />, blurb: '学校名册、校区与历年统计数据。', built: true },
  { key: 'indicators', path: '/indicators', label: '指标体系', icon: <OrderedListOutlined />, blurb: '维护督导评估指标体系、评分规则与达标标准。', built: true },
  { key: 'rounds', path: '/rounds', label: '评估项目', icon: <ProjectOutlined />, blurb: '创建评估项目，确定参评学校、年度与指标体系；下发和收回填报包。', built: true },
  { key: 'scoring', path: '/scoring', label: '评分', icon: <SolutionOutlined />, blurb: '按指标录入评分与佐证，查看各校得分。', built: true },
  { key: 'balance', path: '/balance', label: '差异系数', icon: <FundOutlined />, blurb: '计算校际差异系数，分析均衡发展水平。', built: true },
  { key: 'groups', path: '/groups', label: '集团化办学', icon: <ClusterOutlined />, blurb: '管理教育集团及其成员校。', built: false },
  { key: 'plans', path: '/plans', label: '规划', icon: <ScheduleOutlined />, blurb: '制定达标规划与年度推进计划。', built: false },
  { key: 'rectification', path: '/rectification', label: '整改台账', icon: <AuditOutlined />, blurb: '跟踪督导发现问题的整改进度。', built: true },
  { key: 'documents', path: '/documents', label: '文书报告', icon: <FileTextOutlined />, blurb: '生成督导评估报告、通知书等文书。', built: true },
  { key: 'jobs', path: '/jobs', label: '作业记录', icon: <HistoryOutlined />, blurb: '批量导出等后台作业的进度、结果与文件。', built: true },
  { key: 'settings', path: '/settings', label: '设置', icon: <SettingOutlined />, blurb: '关于、演示数据、数据备份与操作日志。', built: true },
];

export function moduleForPath(path: string): ModuleDef | undefined {
  return MODULES.find((m) => path === m.path || path.startsWith(`${m.path}/`));
}

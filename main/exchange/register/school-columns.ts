import type { SchoolInput } from '../../../shared/api/contracts/schools';
import { LOCALITIES, OWNERSHIPS, SCHOOL_STATUSES, SCHOOL_TYPES } from '../../../shared/domain/schools/school-enums';
import { readLocality, readSchoolType, type TermReading } from '../../../shared/domain/schools/statistics-vocabulary';
import { cleanName } from '../../../shared/domain/text/normalize';
import type { ColumnSpec } from './header-match';

export type SchoolField = keyof SchoolInput;
export type SchoolColumnKey = SchoolField | 'campuses';

export interface SchoolColumn extends ColumnSpec<SchoolColumnKey> {
  kind: 'text' | 'code' | 'enum' | 'date' | 'list';
  required?: boolean;
  options?: readonly string[];
  /** Reads a term beyond `options` (the national statistics' vocabulary), saying what it mapped. */
  readTerm?: (text: string) => TermReading<string>;
  width: number;
  hint: string;
}

/** The register sheet, in template order. Export writes the same columns, so an export re-imports as is. */
export const SCHOOL_COLUMNS: readonly SchoolColumn[] = [
  { key: 'code', label: '学校标识码', aliases: ['标识码', '学校代码'], kind: 'code', width: 14, hint: '10 位数字，全国学校统一标识码；填写后按标识码匹配已有学校，不填则按学校名称匹配' },
  { key: 'name', label: '学校名称', aliases: ['学校全称', '名称'], kind: 'text', required: true, width: 28, hint: '学校全称，县内不能重复' },
  { key: 'shortName', label: '简称', aliases: ['学校简称'], kind: 'text', width: 14, hint: '可不填' },
  { key: 'type', label: '类型', aliases: ['学校类型', '办学类型'], kind: 'enum', options: SCHOOL_TYPES, readTerm: readSchoolType, required: true, width: 14, hint: '从下拉列表选择。从教育统计系统导出的名册可直接导入，其中的学校类别名称（初级中学、小学教学点、九年一贯制学校等）会自动换算' },
  { key: 'ownership', label: '办学性质', aliases: ['公办/民办', '性质'], kind: 'enum', options: OWNERSHIPS, width: 10, hint: '不填视为公办' },
  { key: 'locality', label: '城乡', aliases: ['城乡类型', '城乡分类', '城乡属性'], kind: 'enum', options: LOCALITIES, readTerm: readLocality, required: true, width: 8, hint: '从下拉列表选择。从统计系统导出的名册可直接导入，其中国家统计城乡划分的名称或代码会自动换算：111 主城区、112 城乡结合区 记为城区，121 镇中心区、122 镇乡结合区、123 特殊区域 记为镇区，210 乡中心区、220 村庄 记为乡村' },
  { key: 'township', label: '乡镇（街道）', aliases: ['乡镇', '街道', '所在乡镇', '乡镇街道'], kind: 'text', width: 14, hint: '学校所在乡镇或街道' },
  { key: 'address', label: '地址', aliases: ['学校地址', '详细地址'], kind: 'text', width: 30, hint: '可不填' },
  { key: 'principal', label: '校长', aliases: ['校长姓名'], kind: 'text', width: 10, hint: '可不填' },
  { key: 'contact', label: '联系电话', aliases: ['联系方式', '电话'], kind: 'text', width: 16, hint: '可不填' },
  { key: 'status', label: '状态', aliases: ['办学状态'], kind: 'enum', options: SCHOOL_STATUSES, width: 8, hint: '不填视为在办；撤并的学校保留历史数据' },
  { key: 'closedOn', label: '撤并日期', aliases: ['撤销日期'], kind: 'date', width: 12, hint: '状态为撤并时必须填写，在办的学校不填；格式 2020-09-01' },
  { key: 'campuses', label: '校区', aliases: ['校区名称'], kind: 'list', width: 24, hint: '有多个校区时填写各校区名称，用顿号分隔，如 本部、北校区；只会新增校区，不会删除已有校区' },
];

export const SCHOOL_COLUMN_BY_KEY = new Map(SCHOOL_COLUMNS.map((c) => [c.key, c]));

export const SCHOOL_FIELD_LABELS: Record<SchoolColumnKey, string> = Object.fromEntries(
  SCHOOL_COLUMNS.map((c) => [c.key, c.label]),
) as Record<SchoolColumnKey, string>;

export const CAMPUS_SEPARATOR = '、';

/** Campus names of one cell, split at 、 , ; / or line breaks, cleaned and without repeats. */
export function splitCampusNames(text: string): string[] {
  const names = text
    .split(/[、,，;；/\n]+/)
    .map((s) => cleanName(s))
    .filter((s) => s !== '');
  return [...new Set(names)];
}

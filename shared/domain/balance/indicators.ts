/**
 * Indicator definitions: 2017 quality-balanced (domain.md §1.2) and 2012 basic-balance (§3).
 * Field keys refer to shared/domain/schools/statistics-fields.ts.
 */
import type { IndicatorDef } from './profile-schema';

const TEACHER_GAP = (what: string) => ({ what, unit: '人', whole: true });

/** 教督〔2017〕6号 资源配置 L1–L7. */
export const QUALITY_2017_INDICATORS: readonly IndicatorDef[] = [
  {
    code: 'L1',
    name: '每百名学生拥有高于规定学历教师数',
    unit: '人/百名学生',
    numerator: {
      kind: 'teacher',
      sectionFields: { primary: ['teachersAboveDegreePrimary'], junior: ['teachersAboveDegreeJunior'] },
      // The catalogue records this only by section (the required degree differs by section).
      totalFields: null,
    },
    per100: true,
    thresholds: { primary: 4.2, junior: 5.3 },
    gap: TEACHER_GAP('高于规定学历专任教师'),
    formula: '小学：专科及以上学历专任教师数；初中：本科及以上学历专任教师数；÷ 在校生数 × 100',
  },
  {
    code: 'L2',
    name: '每百名学生拥有县级以上骨干教师数',
    unit: '人/百名学生',
    numerator: {
      kind: 'teacher',
      sectionFields: { primary: ['backboneTeachersPrimary'], junior: ['backboneTeachersJunior'] },
      totalFields: ['backboneTeachers'],
    },
    per100: true,
    thresholds: { primary: 1.0, junior: 1.0 },
    gap: TEACHER_GAP('县级及以上骨干教师'),
    formula: '县级及以上骨干教师数 ÷ 在校生数 × 100',
  },
  {
    code: 'L3',
    name: '每百名学生拥有体育、艺术（美术、音乐）专任教师数',
    unit: '人/百名学生',
    numerator: {
      kind: 'teacher',
      sectionFields: { primary: ['peArtTeachersPrimary'], junior: ['peArtTeachersJunior'] },
      totalFields: ['peTeachers', 'musicTeachers', 'artTeachers'],
    },
    per100: true,
    thresholds: { primary: 0.9, junior: 0.9 },
    gap: TEACHER_GAP('体育、艺术（美术、音乐）专任教师'),
    formula: '（体育 + 音乐 + 美术专任教师数）÷ 在校生数 × 100',
  },
  {
    code: 'L4',
    name: '生均教学及辅助用房面积',
    unit: '平方米/生',
    numerator: { kind: 'shared', fields: ['teachingAuxArea'] },
    per100: false,
    thresholds: { primary: 4.5, junior: 5.8 },
    gap: { what: '教学及辅助用房面积', unit: '平方米', whole: false },
    formula: '教学及辅助用房面积 ÷ 在校生数',
  },
  {
    code: 'L5',
    name: '生均体育运动场馆面积',
    unit: '平方米/生',
    // Most schools have no gym: a blank gym is 0 m² (noted); a blank sports ground is missing.
    numerator: { kind: 'shared', fields: ['sportsGroundArea'], zeroIfAbsent: ['gymArea'] },
    per100: false,
    thresholds: { primary: 7.5, junior: 10.2 },
    gap: { what: '体育运动场馆面积', unit: '平方米', whole: false },
    formula: '（室外体育运动场地面积 + 室内体育馆面积）÷ 在校生数',
  },
  {
    code: 'L6',
    name: '生均教学仪器设备值',
    unit: '元/生',
    numerator: { kind: 'shared', fields: ['equipmentValue'] },
    per100: false,
    thresholds: { primary: 2000, junior: 2500 },
    gap: { what: '教学仪器设备值', unit: '元', whole: false },
    formula: '教学仪器设备资产值（元）÷ 在校生数',
  },
  {
    code: 'L7',
    name: '每百名学生拥有网络多媒体教室数',
    unit: '间/百名学生',
    numerator: { kind: 'shared', fields: ['multimediaRooms'] },
    per100: true,
    thresholds: { primary: 2.3, junior: 2.4 },
    gap: { what: '网络多媒体教室', unit: '间', whole: true },
    formula: '网络多媒体教室数 ÷ 在校生数 × 100',
  },
];

/**
 * 教督〔2012〕3号 的 8 项校际均衡指标. No national per-school thresholds (schools are held to
 * provincial 办学基本标准), so thresholds are null; teacher indicators are per pupil, not per 100.
 */
export const BASIC_2012_INDICATORS: readonly IndicatorDef[] = [
  {
    code: 'B1',
    name: '生均教学及辅助用房面积',
    unit: '平方米/生',
    numerator: { kind: 'shared', fields: ['teachingAuxArea'] },
    per100: false,
    thresholds: null,
    gap: { what: '教学及辅助用房面积', unit: '平方米', whole: false },
    formula: '教学及辅助用房面积 ÷ 在校生数',
  },
  {
    code: 'B2',
    name: '生均体育运动场馆面积',
    unit: '平方米/生',
    // Most schools have no gym: a blank gym is 0 m² (noted); a blank sports ground is missing.
    numerator: { kind: 'shared', fields: ['sportsGroundArea'], zeroIfAbsent: ['gymArea'] },
    per100: false,
    thresholds: null,
    gap: { what: '体育运动场馆面积', unit: '平方米', whole: false },
    formula: '（室外体育运动场地面积 + 室内体育馆面积）÷ 在校生数',
  },
  {
    code: 'B3',
    name: '生均教学仪器设备值',
    unit: '元/生',
    numerator: { kind: 'shared', fields: ['equipmentValue'] },
    per100: false,
    thresholds: null,
    gap: { what: '教学仪器设备值', unit: '元', whole: false },
    formula: '教学仪器设备资产值（元）÷ 在校生数',
  },
  {
    code: 'B4',
    name: '每百名学生拥有计算机台数',
    unit: '台/百名学生',
    numerator: { kind: 'shared', fields: ['computers'] },
    per100: true,
    thresholds: null,
    gap: { what: '计算机', unit: '台', whole: true },
    formula: '计算机台数 ÷ 在校生数 × 100',
  },
  {
    code: 'B5',
    name: '生均图书册数',
    unit: '册/生',
    numerator: { kind: 'shared', fields: ['books'] },
    per100: false,
    thresholds: null,
    gap: { what: '图书', unit: '册', whole: true },
    formula: '图书册数 ÷ 在校生数',
  },
  {
    code: 'B6',
    name: '师生比',
    unit: '人/生',
    numerator: {
      kind: 'teacher',
      sectionFields: { primary: ['teachersPrimary'], junior: ['teachersJunior'] },
      totalFields: ['teachers'],
    },
    per100: false,
    thresholds: null,
    gap: TEACHER_GAP('专任教师'),
    formula: '专任教师数 ÷ 在校生数',
  },
  {
    code: 'B7',
    name: '生均高于规定学历教师数',
    unit: '人/生',
    numerator: {
      kind: 'teacher',
      sectionFields: { primary: ['teachersAboveDegreePrimary'], junior: ['teachersAboveDegreeJunior'] },
      totalFields: null,
    },
    per100: false,
    thresholds: null,
    gap: TEACHER_GAP('高于规定学历专任教师'),
    formula: '高于规定学历专任教师数 ÷ 在校生数',
  },
  {
    code: 'B8',
    name: '生均中级及以上专业技术职务教师数',
    unit: '人/生',
    numerator: {
      kind: 'teacher',
      // The catalogue has no per-section field: multi-section schools always apportion the total.
      sectionFields: null,
      totalFields: ['midTitleTeachers'],
    },
    per100: false,
    thresholds: null,
    gap: TEACHER_GAP('中级及以上职称专任教师'),
    formula: '中级及以上职称专任教师数 ÷ 在校生数',
  },
];

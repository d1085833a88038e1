/**
 * The catalogue of yearly statistics a school (or campus) records, with units.
 * Every field the national quality-balanced standard needs (domain.md §1.2–1.4) and the 2012
 * basic-balance indicators (§3). A missing value is `null`/absent — never zero.
 *
 * Teacher metrics have a school total and optional per-section figures: the balance module uses
 * the per-section figure where recorded and otherwise apportions the total (domain.md §2.3).
 */
import type { Section } from './school-enums';

export type StatFieldKind = 'count' | 'area' | 'money' | 'percent' | 'list';

export interface StatFieldDef {
  key: string;
  label: string;
  unit: string;
  kind: StatFieldKind;
  group: string;
  /** The section the figure belongs to, when it is section-specific. */
  section?: Section;
  /** Shown in the template's 填写说明 sheet. */
  hint?: string;
}

const f = (key: string, label: string, unit: string, kind: StatFieldKind, group: string, section?: Section, hint?: string): StatFieldDef => ({
  key, label, unit, kind, group, section, hint,
});

const G_PUPILS = '学生与班级';
const G_TEACHERS = '教师';
const G_FACILITIES = '校舍与场地';
const G_EQUIPMENT = '装备与经费';

export const STAT_FIELDS: readonly StatFieldDef[] = [
  f('pupilsPrimary', '小学在校生数', '人', 'count', G_PUPILS, 'primary'),
  f('pupilsJunior', '初中在校生数', '人', 'count', G_PUPILS, 'junior'),
  f('pupilsSenior', '高中在校生数', '人', 'count', G_PUPILS, 'senior', '仅十二年一贯制和完全中学填写，用于分摊共用设施'),
  ...[1, 2, 3, 4, 5, 6].map((g) => f(`pupilsGrade${g}`, `${g}年级学生数`, '人', 'count', G_PUPILS, 'primary')),
  ...[7, 8, 9].map((g) => f(`pupilsGrade${g}`, `${g}年级学生数`, '人', 'count', G_PUPILS, 'junior')),
  f('classesPrimary', '小学班级数', '个', 'count', G_PUPILS, 'primary'),
  f('classesJunior', '初中班级数', '个', 'count', G_PUPILS, 'junior'),
  f('classSizesPrimary', '小学各班人数', '人', 'list', G_PUPILS, 'primary', '每个班的人数，用逗号或顿号分隔，如 45,43,46'),
  f('classSizesJunior', '初中各班人数', '人', 'list', G_PUPILS, 'junior', '每个班的人数，用逗号或顿号分隔'),

  f('teachers', '专任教师数', '人', 'count', G_TEACHERS),
  f('teachersPrimary', '小学专任教师数', '人', 'count', G_TEACHERS, 'primary', '一贯制学校按任教学段填写；不填则按学生数分摊'),
  f('teachersJunior', '初中专任教师数', '人', 'count', G_TEACHERS, 'junior'),
  f('teachersAboveDegreePrimary', '小学专科及以上学历专任教师数', '人', 'count', G_TEACHERS, 'primary'),
  f('teachersAboveDegreeJunior', '初中本科及以上学历专任教师数', '人', 'count', G_TEACHERS, 'junior'),
  f('backboneTeachers', '县级及以上骨干教师数', '人', 'count', G_TEACHERS),
  f('backboneTeachersPrimary', '小学县级及以上骨干教师数', '人', 'count', G_TEACHERS, 'primary'),
  f('backboneTeachersJunior', '初中县级及以上骨干教师数', '人', 'count', G_TEACHERS, 'junior'),
  f('peTeachers', '体育专任教师数', '人', 'count', G_TEACHERS),
  f('musicTeachers', '音乐专任教师数', '人', 'count', G_TEACHERS),
  f('artTeachers', '美术专任教师数', '人', 'count', G_TEACHERS),
  f('peArtTeachersPrimary', '小学体育、艺术专任教师数', '人', 'count', G_TEACHERS, 'primary', '一贯制学校按任教学段填写'),
  f('peArtTeachersJunior', '初中体育、艺术专任教师数', '人', 'count', G_TEACHERS, 'junior'),
  f('midTitleTeachers', '中级及以上职称专任教师数', '人', 'count', G_TEACHERS, undefined, '2012 年基本均衡指标使用'),
  f('certifiedTeachers', '持有教师资格证的专任教师数', '人', 'count', G_TEACHERS),
  f('trainingCompletedTeachers', '五年360学时培训完成人数', '人', 'count', G_TEACHERS),

  f('teachingAuxArea', '教学及辅助用房面积', '平方米', 'area', G_FACILITIES),
  f('sportsGroundArea', '室外体育运动场地面积', '平方米', 'area', G_FACILITIES),
  f('gymArea', '室内体育馆面积', '平方米', 'area', G_FACILITIES),
  f('multimediaRooms', '网络多媒体教室数', '间', 'count', G_FACILITIES),
  f('musicRooms', '音乐专用教室数', '间', 'count', G_FACILITIES),
  f('musicRoomAreas', '各音乐教室面积', '平方米', 'list', G_FACILITIES, undefined, '每间的面积，用逗号分隔，如 96,100'),
  f('artRooms', '美术专用教室数', '间', 'count', G_FACILITIES),
  f('artRoomAreas', '各美术教室面积', '平方米', 'list', G_FACILITIES, undefined, '每间的面积，用逗号分隔'),

  f('equipmentValue', '教学仪器设备资产值', '元', 'money', G_EQUIPMENT, undefined, '表头写“（万元）”时按万元填写，导入时自动换算为元'),
  f('books', '图书册数', '册', 'count', G_EQUIPMENT),
  f('computers', '计算机台数', '台', 'count', G_EQUIPMENT),
  f('publicFunding', '公用经费拨款', '元', 'money', G_EQUIPMENT),
  f('trainingSpend', '教师培训经费支出', '元', 'money', G_EQUIPMENT),
];

export const STAT_FIELD_BY_KEY: ReadonlyMap<string, StatFieldDef> = new Map(STAT_FIELDS.map((d) => [d.key, d]));

/** One year's statistics: number fields and list fields (class sizes, room areas); absent = missing. */
export type StatValue = number | number[];
export type StatValues = Partial<Record<string, StatValue>>;

import type { SchoolInput } from '../../../shared/api/contracts/schools';

/**
 * A fictional district (云溪区) for first-time users: every school type, urban/town/rural, one
 * closed school with history, one school with two campuses, and a few schools deliberately below
 * the 2017 resource standards so the balance pages have something to show.
 */
export interface DemoSchool {
  input: Omit<SchoolInput, 'ownership' | 'status' | 'closedOn' | 'shortName' | 'address' | 'contact'> &
    Partial<Pick<SchoolInput, 'ownership' | 'status' | 'closedOn' | 'shortName'>>;
  campuses?: { name: string; evaluatedSeparately: boolean }[];
  /** Pupils in the latest year by section. */
  pupils: { primary?: number; junior?: number; senior?: number };
  /** Multipliers below 1 push an indicator under its threshold (1 = comfortably met); above 1, the
   *  flagship schools' concentration of backbone teachers that drives a difference coefficient over its limit. */
  shortfall?: Partial<Record<'degree' | 'backbone' | 'peArt' | 'area' | 'sports' | 'equipment' | 'rooms', number>>;
  oversizedClasses?: boolean;
}

const code = (n: number) => `36010${String(20000 + n).padStart(5, '0')}`;

export const DEMO_YEARS = [2023, 2024, 2025];

export const DEMO_SCHOOLS: DemoSchool[] = [
  { input: { code: code(1), name: '云溪区实验小学', type: '小学', locality: '城区', township: '云溪街道', principal: '林晓梅' }, pupils: { primary: 2160 }, campuses: [{ name: '本部', evaluatedSeparately: true }, { name: '北校区', evaluatedSeparately: true }], oversizedClasses: true },
  { input: { code: code(2), name: '云溪区第二实验小学', type: '小学', locality: '城区', township: '云溪街道', principal: '周建国' }, pupils: { primary: 1580 }, shortfall: { sports: 0.62 } },
  { input: { code: code(3), name: '云溪区育才小学', type: '小学', locality: '城区', township: '滨江街道', principal: '陈雨桐' }, pupils: { primary: 1320 } },
  { input: { code: code(4), name: '桃源镇中心小学', type: '小学', locality: '镇区', township: '桃源镇', principal: '黄志强' }, pupils: { primary: 860 } },
  { input: { code: code(5), name: '石门镇中心小学', type: '小学', locality: '镇区', township: '石门镇', principal: '吴海燕' }, pupils: { primary: 720 }, shortfall: { backbone: 0.9 } },
  { input: { code: code(6), name: '柳林乡中心小学', type: '小学', locality: '乡村', township: '柳林乡', principal: '郑国华' }, pupils: { primary: 410 }, shortfall: { backbone: 0.55, equipment: 0.7, rooms: 0.6 } },
  { input: { code: code(7), name: '白沙乡杨家坪小学', type: '小学', locality: '乡村', township: '白沙乡', principal: '杨春生' }, pupils: { primary: 180 }, shortfall: { degree: 0.8, peArt: 0.5 } },
  { input: { code: code(8), name: '龙潭镇青石小学', type: '小学', locality: '乡村', township: '龙潭镇', principal: '罗文斌' }, pupils: { primary: 96 } },
  { input: { code: code(9), name: '云溪区第一初级中学', type: '初中', locality: '城区', township: '云溪街道', principal: '王立新' }, pupils: { junior: 1860 }, shortfall: { area: 0.8, backbone: 2.6 } },
  { input: { code: code(10), name: '云溪区第三初级中学', type: '初中', locality: '城区', township: '滨江街道', principal: '刘红霞' }, pupils: { junior: 1240 }, shortfall: { backbone: 1.8 } },
  { input: { code: code(11), name: '桃源镇初级中学', type: '初中', locality: '镇区', township: '桃源镇', principal: '何家明' }, pupils: { junior: 780 }, shortfall: { sports: 0.9 } },
  { input: { code: code(12), name: '石门镇初级中学', type: '初中', locality: '镇区', township: '石门镇', principal: '谢丽君' }, pupils: { junior: 640 }, shortfall: { backbone: 0.5, peArt: 0.6, equipment: 0.75 } },
  { input: { code: code(13), name: '云溪区实验学校', type: '九年一贯制', locality: '城区', township: '滨江街道', principal: '孙浩然' }, pupils: { primary: 1120, junior: 690 } },
  { input: { code: code(14), name: '柳林乡九年一贯制学校', type: '九年一贯制', locality: '乡村', township: '柳林乡', principal: '马德胜' }, pupils: { primary: 380, junior: 260 }, shortfall: { rooms: 0.7 } },
  { input: { code: code(15), name: '白沙乡民族学校', type: '九年一贯制', locality: '乡村', township: '白沙乡', principal: '蒙秀英' }, pupils: { primary: 290, junior: 210 }, shortfall: { degree: 0.75, area: 0.78, sports: 0.7 } },
  { input: { code: code(16), name: '云溪外国语学校', type: '十二年一贯制', locality: '城区', township: '云溪街道', principal: '赵明远', ownership: '民办' }, pupils: { primary: 960, junior: 720, senior: 540 } },
  { input: { code: code(17), name: '云溪区第二中学', type: '完全中学', locality: '城区', township: '滨江街道', principal: '钱伟' }, pupils: { junior: 1050, senior: 1300 } },
  { input: { code: code(18), name: '白沙乡马鞍山教学点', type: '教学点', locality: '乡村', township: '白沙乡', principal: '杨春生' }, pupils: { primary: 38 }, shortfall: { degree: 0.9 } },
  { input: { code: code(19), name: '龙潭镇堃山教学点', type: '教学点', locality: '乡村', township: '龙潭镇', principal: '罗文斌' }, pupils: { primary: 54 } },
  { input: { code: code(20), name: '云溪区特殊教育学校', type: '特殊教育学校', locality: '城区', township: '云溪街道', principal: '邓慧敏' }, pupils: { primary: 86, junior: 42 } },
  { input: { code: code(21), name: '柳林乡河湾小学', type: '小学', locality: '乡村', township: '柳林乡', principal: '郑国华', status: '撤并', closedOn: '2024-08-31' }, pupils: { primary: 72 }, shortfall: { area: 0.7 } },
];

/** 设置 → 公文 for the demo district (stored only when the office has none of its own). */
export const DEMO_OFFICE = {
  letterhead: '云溪区人民政府教育督导室文件',
  signature: '云溪区人民政府教育督导室',
  numberPrefix: '云教督',
  numberPattern: '{prefix}〔{year}〕{n}号',
  printer: '云溪区人民政府教育督导室',
  cc: ['区人民政府教育督导委员会各成员单位'],
  defaultAddressee: '各中小学校',
};

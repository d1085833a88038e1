/** Sample inputs for the document tests (a rural county, rare characters in school names on purpose). */
import type { NoticeInput, NoticeSchool } from '../builders/notice.js';
import type { RegisterInput } from '../builders/register.js';
import type { DocModel } from '../model.js';

/** 𬱖 is U+2CC56 (CJK Extension E); 堃 is outside GB2312. Both must survive into the PDF. */
export const RARE_SCHOOLS = ['𬱖溪镇中心小学', '堃山九年一贯制学校'];

const TOWNS = ['城关', '石桥', '柳河', '东岗', '白沙', '青龙', '马坊', '黄土坡', '杨家湾', '新华', '双河', '红旗'];
const TYPES = ['小学', '初级中学', '九年一贯制学校'];
const AREAS = ['城区', '镇区', '乡村'];

export function sampleSchools(count = 36): NoticeSchool[] {
  const schools: NoticeSchool[] = [];
  for (let i = 0; i < count; i++) {
    const type = TYPES[i % TYPES.length];
    const town = TOWNS[i % TOWNS.length];
    const name =
      i === 3 ? RARE_SCHOOLS[0] : i === 7 ? RARE_SCHOOLS[1] : `${town}${type === '小学' ? `第${(i % 5) + 1}` : ''}${type}`;
    schools.push({
      name: schools.some((s) => s.name === name) ? `${town}${i}号${type}` : name,
      code: String(2141000000 + i * 37),
      type,
      urbanRural: AREAS[i % AREAS.length],
    });
  }
  return schools;
}

export function sampleNotice(): NoticeInput {
  return {
    issuer: '城关县人民政府教育督导室',
    docNumber: '城教督〔2026〕12号',
    title: ['关于开展2026年度县域义务教育优质均衡', '发展督导评估工作的通知'],
    addressee: '各乡镇中心学校，县直各学校',
    purpose: [
      '为贯彻落实《县域义务教育优质均衡发展督导评估办法》，全面掌握我县义务教育学校办学条件、教育质量和均衡发展状况，经研究，决定在全县开展2026年度县域义务教育优质均衡发展督导评估工作。',
      '本次督导评估坚持以评促建、以评促改，重在发现问题、推动整改，各学校要如实填报、按时完成。现将有关事项通知如下。',
    ],
    stages: [
      { name: '学校自评', start: '2026-03-16', end: '2026-04-10', tasks: '各学校对照评估指标开展自查自评，形成自评报告，填报学校基础数据并上传佐证材料。' },
      { name: '数据审核', start: '2026-04-13', end: '2026-04-30', tasks: '县教育督导室组织对学校填报数据进行审核，对差异系数测算结果进行复核，反馈存在的问题。' },
      { name: '实地督导', start: '2026-05-06', end: '2026-05-29', tasks: '督导组采取听取汇报、查阅资料、实地查看、问卷调查、座谈访谈等方式进行实地督导。' },
      { name: '反馈整改', start: '2026-06-01', end: '2026-06-30', tasks: '督导组向学校反馈督导意见，学校制定整改方案，限期完成整改并报送整改情况。' },
    ],
    procedure: [
      '各学校登录督导评估工作台，下载本校数据填报模板，按照统计时点据实填写，经校长审核签字后报送。',
      '县教育督导室汇总各校数据，测算小学、初中校际差异系数，对达不到要求的指标逐项分析原因。',
      '督导组实地督导结束后形成督导意见，经县人民政府教育督导委员会审定后印发。',
    ],
    requirements: [
      '各学校要高度重视，明确专人负责，确保数据真实、准确、完整。对弄虚作假的，一经查实，严肃处理。',
    ],
    contact: { name: '张敏', phone: '0371-12345678', email: 'dudao@example.cn' },
    schools: sampleSchools(),
    signature: '城关县人民政府教育督导室',
    date: '2026-03-04',
    note: '此件公开发布',
    cc: ['县人民政府办公室', '县教育局各股室', '县教育督导委员会各成员单位'],
    printer: '城关县人民政府教育督导室',
    printDate: '2026-03-04',
  };
}

export function sampleRegister(rows = 60): RegisterInput {
  const schools = sampleSchools(rows);
  return {
    title: '城关县义务教育学校基本情况名册',
    subtitle: '统计时点：2025年9月30日',
    columns: [
      { key: 'no', header: '序号', width: 1.1 },
      { key: 'name', header: '学校名称', width: 4.6, align: 'left' },
      { key: 'code', header: '学校标识码', width: 3.4 },
      { key: 'type', header: '类型', width: 2.8 },
      { key: 'area', header: '城乡', width: 1.3 },
      { key: 'classes', header: '班级数', width: 1, group: '规模' },
      { key: 'students', header: '学生数', width: 1.2, group: '规模' },
      { key: 'teachers', header: '教师数', width: 1.1, group: '教师' },
      { key: 'senior', header: '高于规定学历', width: 1.4, group: '教师' },
      { key: 'backbone', header: '县级以上骨干', width: 1.4, group: '教师' },
      { key: 'artsPe', header: '体艺教师', width: 1.2, group: '教师' },
      { key: 'building', header: '校舍面积（㎡）', width: 1.6, group: '设施' },
      { key: 'field', header: '运动场面积（㎡）', width: 1.6, group: '设施' },
      { key: 'equipment', header: '仪器设备值（万元）', width: 1.7, group: '设施' },
      { key: 'rooms', header: '网络多媒体教室', width: 1.3, group: '设施' },
    ],
    rows: schools.map((s, i) => ({
      no: i + 1,
      name: s.name,
      code: s.code,
      type: s.type,
      area: s.urbanRural,
      classes: 6 + (i % 18),
      students: 180 + ((i * 53) % 900),
      teachers: 14 + ((i * 7) % 60),
      senior: 10 + ((i * 5) % 40),
      backbone: 1 + (i % 9),
      artsPe: 2 + (i % 7),
      building: 2400 + ((i * 137) % 9000),
      field: 3000 + ((i * 211) % 12000),
      equipment: (45 + ((i * 13) % 300)).toFixed(1),
      rooms: 6 + (i % 24),
    })),
    note: '注：数据来源于学校填报，已经县教育督导室审核。',
    date: '2026-03-04',
    author: '城关县人民政府教育督导室',
  };
}

/** A report-like model exercising every block type: heading levels 1–4, merged cells, a chart, a page break. */
export function sampleReport(): DocModel {
  return {
    meta: { title: '差异系数测算示例', author: '城关县人民政府教育督导室' },
    title: ['城关县2025年义务教育学校', '校际差异系数测算报告'],
    body: [
      { type: 'heading', level: 1, text: '测算方法' },
      { type: 'paragraph', text: '按照《县域义务教育优质均衡发展督导评估办法》，分别计算小学、初中七项指标的差异系数，差异系数等于标准差除以平均数。' },
      { type: 'heading', level: 2, text: '数据来源' },
      { type: 'heading', level: 3, text: '学校填报', runIn: '各学校于统计时点据实填报，经县教育督导室审核。' },
      { type: 'heading', level: 4, text: '生均指标', runIn: '按在校学生数折算。' },
      { type: 'heading', level: 1, text: '测算结果' },
      {
        type: 'table',
        caption: '表1　小学差异系数',
        columns: [{ width: 3, align: 'left' }, { width: 1.5 }, { width: 1.5 }, { width: 1.5 }],
        header: [
          [{ text: '指标', rowSpan: 2 }, { text: '差异系数', colSpan: 2 }, { text: '是否达标', rowSpan: 2 }],
          ['本县', '标准'],
        ],
        rows: [
          ['每百名学生拥有高于规定学历教师数', '0.412', '≤0.50', '是'],
          ['每百名学生拥有县级以上骨干教师数', '0.538', '≤0.50', '否'],
          ['生均教学及辅助用房面积', '0.276', '≤0.50', '是'],
          [{ text: '平均', colSpan: 1 }, { text: '0.409', colSpan: 2 }, '—'],
        ],
      },
      {
        type: 'chart',
        widthMm: 150,
        heightMm: 80,
        caption: '图1　小学各指标差异系数',
        option: {
          title: { text: '小学差异系数', left: 'center' },
          xAxis: { type: 'category', data: ['高学历教师', '骨干教师', '体艺教师', '教学用房', '体育场馆', '仪器设备', '多媒体教室'] },
          yAxis: { type: 'value', max: 0.7 },
          series: [{ type: 'bar', data: [0.412, 0.538, 0.301, 0.276, 0.344, 0.398, 0.221], label: { show: true, position: 'top' } }],
        },
      },
      { type: 'pageBreak' },
      { type: 'heading', level: 1, text: '结论' },
      { type: 'paragraph', text: '小学七项指标中有一项差异系数高于0.50，主要原因是𬱖溪镇中心小学、堃山九年一贯制学校骨干教师配置不足。' },
    ],
    signature: { issuer: '城关县人民政府教育督导室', date: '2026-03-04', sealed: false },
  };
}

/**
 * The documents of the on-site visit (issue 12 item 5) as DocModels for the product's engine
 * (main/documents: DOCX and PDF from the same model): a unit's 现场督导工作用表 — per 评估组, on pages
 * of its own, the group's indicators that apply to the unit with 评分标准, 分值, the school's
 * self-evaluation and its explanation, empty 记录 and 评分 columns, the group's 采集方式 with tick
 * boxes and the expert's signature and date lines — and its 迎检材料清单 (seed 000: what the school
 * hands over at the visit). Pure: the service gathers the data (worksheets-service.ts).
 */
import type { Block, DocModel, TableCellInput } from '../../documents/model';

/** One row of a group's table: a heading of the tree (branch) or an indicator (leaf). */
export type WorksheetRow =
  | { kind: 'branch'; code: string; title: string }
  | {
      kind: 'leaf';
      code: string;
      title: string;
      /** 评估内容 ('' when the system has none). */
      content: string;
      /** 评分标准. */
      standard: string;
      /** 分值 in words: “10”, “加分 5”, “一票否决”. */
      points: string;
      /** The school's self-evaluation in words (“等级 A”, “8 分”, “达标”), or “未自评” / “—”. */
      self: string;
      explanation: string;
      /** What the 评分 cell carries for the expert: the choices to circle (“A B C D”), '' to write points, or why none is needed. */
      scoreHint: string;
    };

export interface WorksheetGroup {
  /** The 评估组's name; null for a round without groups (one sheet of every indicator). */
  name: string | null;
  methods: readonly string[];
  rows: WorksheetRow[];
}

export interface WorksheetInput {
  roundName: string;
  /** 评估主体 (the office or the third party), for the file's author. */
  evaluator: string;
  unitName: string;
  unitCode: string;
  /** The revision the self-evaluation comes from; 0: nothing submitted yet. */
  revision: number;
  groups: WorksheetGroup[];
}

/** A blank to write on, in full-width low lines (they keep their width in every font). */
const blank = (n: number) => '＿'.repeat(n);
const DATE_BLANK = `${blank(4)}年${blank(2)}月${blank(2)}日`;

const COLUMNS = [
  { header: '编码', width: 5, align: 'center' as const },
  { header: '指标及评估内容', width: 18, align: 'left' as const },
  { header: '评分标准', width: 20, align: 'left' as const },
  { header: '分值', width: 5, align: 'center' as const },
  { header: '学校自评', width: 8, align: 'center' as const },
  { header: '自评说明', width: 14, align: 'left' as const },
  // The widest: what the expert writes on site.
  { header: '记录', width: 23, align: 'left' as const },
  { header: '评分', width: 9, align: 'center' as const },
];

const line = (text: string): Block => ({ type: 'paragraph', text, align: 'left', indent: false });

function groupBlocks(input: WorksheetInput, g: WorksheetGroup): Block[] {
  const title = g.name === null ? '现场督导工作用表' : `现场督导工作用表（${g.name}）`;
  const rows: TableCellInput[][] = g.rows.map((r) =>
    r.kind === 'branch'
      ? [{ text: [r.code, r.title].filter(Boolean).join(' '), colSpan: COLUMNS.length, align: 'left', bold: true }]
      : [r.code, r.content ? `${r.title}：${r.content}` : r.title, r.standard, r.points, r.self, r.explanation, '', r.scoreHint],
  );
  const leaves = g.rows.filter((r) => r.kind === 'leaf').length;
  return [
    { type: 'paragraph', runs: [{ text: title, font: 'xiaobiaosong' }], align: 'center', indent: false },
    line(`评估项目：${input.roundName}`),
    line(`受评单位：${input.unitName}（报送编码 ${input.unitCode}）${g.name === null ? '' : `\u3000\u3000评估组：${g.name}`}\u3000\u3000指标 ${leaves} 项`),
    // The methods to tick: those the group set, each with an empty box.
    line(`采集方式（采用的在□内打“√”）：${g.methods.map((m) => `□${m}`).join('\u3000')}`),
    line(input.revision > 0 ? `学校自评：取自学校提交的第 ${input.revision} 版材料。` : '学校自评：学校尚未提交自评材料，自评栏为空。'),
    {
      type: 'table',
      columns: COLUMNS.map((c) => ({ width: c.width, align: c.align })),
      header: [COLUMNS.map((c) => c.header)],
      rows,
      fontSize: 10.5,
      note: '注：“记录”栏填写现场看到、听到、查到的情况；“评分”栏按等级评分的圈选等级，按分值评分的填写得分（不超过分值），达标类、否决类圈选其一。',
    },
    line(''),
    line(`评估专家（签字）：${blank(8)}\u3000\u3000\u3000\u3000日期：${DATE_BLANK}`),
  ];
}

/**
 * A unit's 现场督导工作用表: one section per group (each from a new page, landscape — eight columns
 * do not fit a portrait page), in the groups' order. Groups with no row are left out by the caller.
 */
export function buildWorksheets(input: WorksheetInput): DocModel {
  const body: Block[] = [];
  input.groups.forEach((g, i) => {
    if (i > 0) body.push({ type: 'pageBreak' });
    body.push(...groupBlocks(input, g));
  });
  return {
    meta: { title: `现场督导工作用表（${input.unitName}）`, author: input.evaluator, subject: input.roundName },
    orientation: 'landscape',
    body,
  };
}

export interface MaterialsInput {
  roundName: string;
  evaluator: string;
  unitName: string;
  unitCode: string;
  /** The items, in order (seed 000's list unless the office reworded it). */
  materials: readonly string[];
}

/** A unit's 迎检材料清单: what it prepares for the visit, with a tick column for the experts and signature lines for both sides. */
export function buildMaterialsList(input: MaterialsInput): DocModel {
  return {
    meta: { title: `迎检材料清单（${input.unitName}）`, author: input.evaluator, subject: input.roundName },
    title: '迎检材料清单',
    body: [
      line(`评估项目：${input.roundName}`),
      line(`受评单位：${input.unitName}（报送编码 ${input.unitCode}）`),
      { type: 'paragraph', text: '专家组进校实地督导时，请学校备齐以下材料交专家组查阅；专家组核对后在“已提交”栏打“√”。' },
      {
        type: 'table',
        columns: [
          { width: 5, align: 'center' },
          { width: 30, align: 'left' },
          { width: 8, align: 'center' },
          { width: 14, align: 'left' },
        ],
        header: [['序号', '材料', '已提交', '备注']],
        rows: input.materials.map((m, i) => [String(i + 1), m, '', '']),
      },
      // Each signature on a line of its own: a portrait line cannot hold both without wrapping.
      line(''),
      line(`学校经办人（签字）：${blank(8)}`),
      line(`专家组接收人（签字）：${blank(8)}`),
      line(`日期：${DATE_BLANK}`),
    ],
  };
}

/**
 * 评估组 (blocks of indicators, issue 12 item 2): the groups a round's on-site visit is split into,
 * each covering some indicators of the round's frozen system and gathering information by its own
 * methods (采集方式). Pure rules shared by the service, the screens and the work sheets.
 *
 * Source: seed 000 (城中区通知, 五(二)): 专家组“通过校园观察、问卷、座谈、访谈、随堂听课、资料查阅等方式
 * 采集信息”, and the school's staff help the experts “分四个块面同时进行信息采集”; the school hands
 * over “纸质版的学校自评报告、总课程表、各班学生名册、全体教师名册、2020年春学期全校各学科成绩汇总表”.
 */
/** What the rules need of a tree node: the indicator system's nodes and the contract's BlockTreeNode both fit. */
interface TreeNode<N> {
  id: string;
  children: readonly N[];
}

/** The six 采集方式 seed 000 names, in its order. A group may add methods of its own (free text). */
export const STANDARD_METHODS = ['校园观察', '问卷', '座谈', '访谈', '随堂听课', '资料查阅'] as const;

/**
 * The four groups proposed for a new round. Seed 000 gives four 块面 and the six methods but not
 * which method goes with which 块面, nor which indicators each covers: the pairing is ours (the
 * seed's own sentence pairs 访谈 with the people interviewed, and the checks of 备课 and 作业 with
 * 随堂听课), and the indicators are left for the office to choose — a proposal that guessed them
 * would put items under a method nobody decided on.
 */
export const PROPOSED_BLOCKS: readonly { name: string; methods: readonly string[] }[] = [
  { name: '校园观察组', methods: ['校园观察'] },
  { name: '问卷调查组', methods: ['问卷'] },
  { name: '座谈访谈组', methods: ['座谈', '访谈'] },
  { name: '听课查阅组', methods: ['随堂听课', '资料查阅'] },
];

/**
 * The materials a school prepares for the visit (迎检材料), seed 000's list in its words. The seed
 * asks for the grade summaries of “2020年春学期”, the last complete term before its January visit:
 * written here as 上一学期, and the office may reword any item when it generates the list.
 */
export const DEFAULT_VISIT_MATERIALS: readonly string[] = ['纸质版学校自评报告', '总课程表', '各班学生名册', '全体教师名册', '上一学期全校各学科成绩汇总表'];

/**
 * A group's node list as stored: known ids only, each once, none below another listed node (a
 * branch already covers its subtree), in the tree's order. Ids not in `nodes` are returned apart
 * for the caller to refuse.
 */
export function normaliseBlockNodes<N extends TreeNode<N>>(nodes: readonly N[], ids: readonly string[]): { nodeIds: string[]; unknown: string[] } {
  const wanted = new Set(ids);
  const kept: string[] = [];
  const seen = new Set<string>();
  const go = (list: readonly N[], covered: boolean) => {
    for (const n of list) {
      seen.add(n.id);
      const listed = wanted.has(n.id);
      if (listed && !covered) kept.push(n.id);
      go(n.children, covered || listed);
    }
  };
  go(nodes, false);
  return { nodeIds: kept, unknown: [...wanted].filter((id) => !seen.has(id)) };
}

/** The leaves a group covers (a listed branch covers all its leaves), in the tree's order. */
export function blockLeafIds<N extends TreeNode<N>>(nodes: readonly N[], nodeIds: readonly string[]): string[] {
  const wanted = new Set(nodeIds);
  const out: string[] = [];
  const go = (list: readonly N[], covered: boolean) => {
    for (const n of list) {
      const inside = covered || wanted.has(n.id);
      if (n.children.length === 0) {
        if (inside) out.push(n.id);
      } else go(n.children, inside);
    }
  };
  go(nodes, false);
  return out;
}

/** Every leaf of the tree, in order. */
export function allLeafIds<N extends TreeNode<N>>(nodes: readonly N[]): string[] {
  return blockLeafIds(
    nodes,
    nodes.map((n) => n.id),
  );
}

/** A method as stored: trimmed, inner runs of spaces made one. */
export const cleanMethod = (m: string): string => m.trim().replace(/\s+/g, ' ');

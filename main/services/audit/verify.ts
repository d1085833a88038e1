/**
 * 校验操作日志: walks the hash chain and names every break by position, in Chinese.
 *
 * - altered: a row whose content no longer gives its hash (its neighbours still link to it);
 * - removed: positions missing between two rows (the next row's previous hash and position say so),
 *   or at the end (the recorded head is further along than the last row);
 * - inserted: a row that is not part of the chain (its position repeats one already seen, or it
 *   breaks the link while the row after it still links to the row before it, or it lies beyond the head).
 *
 * The chain has no secret: someone who rewrites every later hash and the head as well cannot be
 * told from a genuine log. Writing down the head hash (shown with every check) closes that gap.
 */
import type { AuditProblem, AuditVerifyReport } from '../../../shared/api/contracts/audit';
import { auditRowHash, contentOf, GENESIS_HASH, type AuditRow } from '../../db/repositories/audit-repo';

/** Verifies rows in chain order against the recorded head. */
export async function verifyChain(rows: AsyncIterable<AuditRow> | Iterable<AuditRow>, head: { seq: number; hash: string } | null): Promise<AuditVerifyReport> {
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS_HASH;
  let expected = 1;
  let count = 0;
  let last: AuditRow | null = null;
  // One row of look-ahead: whether a row that breaks the link was inserted depends on the next one.
  let pending: AuditRow | null = null;

  const settle = (r: AuditRow, next: AuditRow | null) => {
    count++;
    const contentOk = auditRowHash(r.prev_hash, contentOf(r)) === r.hash;
    if (r.seq < expected || (head && r.seq > head.seq)) {
      const why = r.seq < expected ? '位置与已有记录重复' : '位于记录的链尾之后';
      problems.push({ kind: 'inserted', position: r.seq, id: r.id, message: `第 ${r.seq} 条（编号 ${r.id}）是插入的记录：它不在记录链中（${why}）` });
      return;
    }
    if (r.seq > expected) {
      const n = r.seq - expected;
      const range = n === 1 ? `第 ${expected} 条` : `第 ${expected}—${r.seq - 1} 条`;
      problems.push({ kind: 'removed', position: expected, id: null, message: `${range}记录被删除（共 ${n} 条；第 ${r.seq} 条之前缺失）` });
      if (!contentOk) problems.push({ kind: 'altered', position: r.seq, id: r.id, message: `第 ${r.seq} 条（编号 ${r.id}）内容被改动：与记录时的校验值不符` });
    } else if (r.prev_hash !== prevHash) {
      // Same position as expected but not linked: an inserted row if the next one links past it.
      if (next && next.seq === r.seq && next.prev_hash === prevHash) {
        problems.push({ kind: 'inserted', position: r.seq, id: r.id, message: `第 ${r.seq} 条位置上插入了一条不属于记录链的记录（编号 ${r.id}）` });
        return;
      }
      problems.push({ kind: 'altered', position: r.seq, id: r.id, message: `第 ${r.seq} 条（编号 ${r.id}）与前一条不相接：本条或前一条的校验值被改动` });
    } else if (!contentOk) {
      problems.push({ kind: 'altered', position: r.seq, id: r.id, message: `第 ${r.seq} 条（编号 ${r.id}）内容被改动：与记录时的校验值不符` });
    }
    prevHash = r.hash;
    expected = r.seq + 1;
    last = r;
  };

  for await (const r of rows) {
    if (pending) settle(pending, r);
    pending = r;
  }
  if (pending) settle(pending, null);

  const lastSeq = (last as AuditRow | null)?.seq ?? 0;
  if (!head) {
    if (count > 0) problems.push({ kind: 'removed', position: lastSeq + 1, id: null, message: '记录链尾的校验信息被删除：无法确认最新的记录是否完整' });
  } else if (head.seq > lastSeq) {
    const n = head.seq - lastSeq;
    const range = n === 1 ? `第 ${head.seq} 条` : `第 ${lastSeq + 1}—${head.seq} 条`;
    problems.push({ kind: 'removed', position: lastSeq + 1, id: null, message: `最新的${range}记录被删除（共 ${n} 条）` });
  } else if (head.seq === lastSeq && lastSeq > 0 && head.hash !== prevHash) {
    problems.push({ kind: 'altered', position: lastSeq, id: (last as AuditRow | null)?.id ?? null, message: `第 ${lastSeq} 条（最新一条）与记录的链尾校验值不符：已被改动或替换` });
  }

  const counts = { altered: 0, removed: 0, inserted: 0 };
  for (const p of problems) counts[p.kind]++;
  const parts = [counts.altered && `${counts.altered} 处改动`, counts.removed && `${counts.removed} 处删除`, counts.inserted && `${counts.inserted} 处插入`].filter(Boolean);
  return {
    ok: problems.length === 0,
    count,
    problems,
    headHash: count > 0 ? prevHash : null,
    message: problems.length === 0 ? `操作日志完整：共 ${count} 条记录，逐条校验无误` : `操作日志校验未通过：发现 ${parts.join('、')}（共检查 ${count} 条记录）`,
  };
}

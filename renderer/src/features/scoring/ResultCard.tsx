import { LockOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Drawer, Flex, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { UnitResult, UnitScoreSheet } from '../../../../shared/api/contracts/scoring';
import { formatDateTime } from '../../../../shared/domain/text/datetime';
import { errorMessage } from '../../api/client';
import { useOp, useOpMutation } from '../../api/queries';
import { subtotalsDiffer, withoutFullStop } from './score-view';

const dash = <Typography.Text type="secondary">—</Typography.Text>;

/**
 * 评分结果 on a unit's score sheet: whether its scores are locked, the stored result when they are
 * (conclusion, totals per level, vetoes, where the formulas' values came from, the system version it
 * was computed on), 锁定 once every item has a final score, 解锁 with a required reason, and every
 * stored result with the outdated ones marked 已过时. A forfeited unit is locked with the round's
 * forfeit outcome.
 */
export function ResultCard({ sheet }: { sheet: UnitScoreSheet }) {
  const results = useOp('scoring.unitResults', { unitId: sheet.unitId }, { silent: true });
  const lock = useOpMutation('scoring.lock', { silent: true, success: (r) => `已锁定“${r.unitName}”的评分：${r.conclusion}` });
  const unlock = useOpMutation('scoring.unlock', { silent: true, success: () => `已解锁“${sheet.unitName}”的评分` });
  const [lockError, setLockError] = useState<string | null>(null);
  const [asking, setAsking] = useState<'lock' | 'unlock' | null>(null);
  const [text, setText] = useState('');
  const [modalError, setModalError] = useState<string | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const locked = sheet.lock?.locked === true;
  // A lock refusal names what was missing then; once the sheet changes (a score given, a lock by
  // someone else) it may no longer hold, so it goes rather than contradict the sheet.
  const [refusedFor, setRefusedFor] = useState(sheet);
  if (refusedFor !== sheet) {
    setRefusedFor(sheet);
    setLockError(null);
  }
  const current = results.data?.results.find((r) => r.current) ?? null;
  const outdated = (results.data?.results ?? []).filter((r) => !r.current).length;

  const open = (kind: 'lock' | 'unlock') => {
    setText('');
    setModalError(null);
    setLockError(null);
    setAsking(kind);
  };
  const confirm = async () => {
    setModalError(null);
    try {
      if (asking === 'lock') await lock.mutateAsync({ unitId: sheet.unitId, note: text });
      else await unlock.mutateAsync({ unitId: sheet.unitId, reason: text });
      setAsking(null);
    } catch (e) {
      // A lock refused for want of final scores is shown on the card, where the user goes on working.
      if (asking === 'lock') {
        setAsking(null);
        setLockError(errorMessage(e));
      } else setModalError(errorMessage(e));
    }
  };

  const title = (
    <Space>
      {locked ? <LockOutlined /> : <UnlockOutlined />}
      评分结果
      {locked ? <Tag color="green">已锁定</Tag> : <Tag>未锁定</Tag>}
    </Space>
  );
  const extra = (
    <Space>
      {(results.data?.results.length ?? 0) > 0 && (
        <Button size="small" onClick={() => setHistoryOpen(true)} data-testid="result-history-button">
          历次结果（{results.data!.results.length}）
        </Button>
      )}
      {locked ? (
        <Button size="small" danger onClick={() => open('unlock')} data-testid="unlock-button">
          解锁
        </Button>
      ) : (
        <Button size="small" type="primary" onClick={() => open('lock')} data-testid="lock-button">
          {sheet.forfeited ? '按弃权结果锁定' : '锁定评分'}
        </Button>
      )}
    </Space>
  );

  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 12 }} data-testid="result-card">
      {lockError && <Alert type="error" showIcon closable={{ onClose: () => setLockError(null) }} title="不能锁定" description={lockError} style={{ marginBottom: 8 }} data-testid="lock-error" />}
      {sheet.forfeited && !locked && <Alert type="warning" showIcon title="本单位已弃权：不评分，锁定时按本项目对弃权单位的处理得出结果" style={{ marginBottom: 8 }} />}
      {locked && current ? (
        <ResultView result={current} />
      ) : sheet.forfeited && !sheet.lock ? null : (
        <Typography.Text type="secondary" data-testid="result-empty">
          {sheet.lock && !sheet.lock.locked
            ? `已于 ${formatDateTime(sheet.lock.at)} 由 ${sheet.lock.by} 解锁，原因：${withoutFullStop(sheet.lock.reason)}。${outdated ? '此前的结果及据此生成的文书已过时；' : ''}修改后请重新锁定。`
            : sheet.forfeited
              ? '锁定时按本项目对弃权单位的处理得出结果。'
              : '全部指标确定最终得分后锁定，系统按本项目冻结的指标体系计算总分、等级和结论并保存。'}
        </Typography.Text>
      )}
      <Modal
        open={asking !== null}
        title={asking === 'lock' ? `锁定“${sheet.unitName}”的评分` : `解锁“${sheet.unitName}”的评分`}
        okText={asking === 'lock' ? '锁定' : '解锁'}
        cancelText="取消"
        okButtonProps={{ danger: asking === 'unlock', disabled: asking === 'unlock' && !text.trim(), loading: lock.isPending || unlock.isPending, ...{ 'data-testid': 'lock-confirm' } }}
        onOk={() => void confirm()}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        <Flex vertical gap={8}>
          <Typography.Text>
            {asking === 'lock'
              ? '锁定后不能再修改本单位的评分；结果按本项目冻结的指标体系计算并保存。'
              : '解锁后可以修改评分；当前结果和据此生成的文书将标为“已过时”，解锁记入操作日志。'}
          </Typography.Text>
          <Input.TextArea
            aria-label={asking === 'lock' ? '备注' : '解锁原因'}
            placeholder={asking === 'lock' ? '备注（可不填）' : '请写明解锁原因（必填）'}
            value={text}
            maxLength={500}
            showCount
            autoSize={{ minRows: 2, maxRows: 5 }}
            onChange={(e) => setText(e.target.value)}
            data-testid="lock-text"
          />
          {modalError && <Alert type="error" showIcon title={modalError} />}
        </Flex>
      </Modal>
      {historyOpen && results.data && (
        <Drawer open title={`历次结果：${sheet.unitName}`} size={720} onClose={() => setHistoryOpen(false)} destroyOnHidden data-testid="result-history">
          <Flex vertical gap={16}>
            {results.data.results.map((r) => (
              <Card key={r.id} size="small" title={<Space>{formatDateTime(r.at)} · {r.by} 锁定{r.current ? <Tag color="green">当前结果</Tag> : <Tag color="orange">已过时</Tag>}</Space>}>
                <ResultView result={r} />
              </Card>
            ))}
            <Typography.Title level={5}>锁定与解锁记录</Typography.Title>
            <Table
              size="small"
              rowKey={(l) => results.data!.locks.indexOf(l)}
              pagination={false}
              dataSource={results.data.locks}
              columns={[
                { title: '时间', key: 'at', width: 150, render: (_, l) => formatDateTime(l.at) },
                { title: '操作', key: 'kind', width: 70, render: (_, l) => (l.locked ? '锁定' : '解锁') },
                { title: '原因或备注', key: 'reason', render: (_, l) => l.reason || dash },
                { title: '操作人', dataIndex: 'by', key: 'by', width: 90 },
              ]}
            />
          </Flex>
        </Drawer>
      )}
    </Card>
  );
}

/** A stored result: conclusion, totals per level, vetoes, values read, the system version. */
function ResultView({ result }: { result: UnitResult }) {
  // First-level indicators (the engine counts depth from 1); their subtotals are what offices quote.
  const top = Math.min(...result.levels.map((l) => l.depth));
  const levels = result.levels.filter((l) => l.depth === top);
  return (
    <Flex vertical gap={8}>
      <Typography.Text strong data-testid="result-conclusion">
        {result.conclusion}
      </Typography.Text>
      {levels.length > 0 && (
        <div data-testid="result-levels">
          <Descriptions size="small" column={3} bordered items={levels.map((l) => ({ key: l.nodeId, label: `${l.code} ${l.title}`, children: l.earned === null ? '不适用' : l.maxPoints > 0 ? `${l.earned} / ${l.maxPoints} 分` : l.earned ? `${l.earned} 分` : '—' }))} />
        </div>
      )}
      {subtotalsDiffer(result.total, levels.map((l) => l.earned)) && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="result-rounding-note">
          各项得分按四舍五入显示，合计与总分可能相差 0.01 分。
        </Typography.Text>
      )}
      {result.vetoes.length > 0 && <Alert type="error" showIcon title={`触发一票否决：${result.vetoes.map((v) => `${v.code} ${v.title}`).join('、')}`} />}
      {result.values.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          计算所用数据：{result.values.map((v) => `${v.label} ${v.value}（${v.source}）`).join('；')}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {result.explanation} 依据：{result.system.name} 第 {result.system.version} 版。
      </Typography.Text>
    </Flex>
  );
}

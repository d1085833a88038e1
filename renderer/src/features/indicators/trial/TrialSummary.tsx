import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { formatNumber, type EvaluationResult } from '../../../../../shared/domain/indicators';

/**
 * The conclusion of a trial: total, pass / fail (only when the system has something to pass — a
 * system that only grades shows its grade and no word of passing anywhere), grade, the bonus
 * against its cap (加分 3 / 上限 5), vetoes, each rule, notices and refused values, and the
 * explanation — all the engine's.
 */
export function TrialSummary({ result }: { result: EvaluationResult }) {
  return (
    <Card size="small" data-testid="trial-summary">
      <Flex gap={24} align="center" wrap style={{ marginBottom: 12 }}>
        <div>
          <Typography.Text type="secondary">总分</Typography.Text>
          <div style={{ fontSize: 28, fontWeight: 600 }} data-testid="trial-total">
            {formatNumber(result.total)}
            <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
              {' '}
              / {formatNumber(result.maxTotal)}
            </Typography.Text>
          </div>
        </div>
        {result.passed !== null && (
          <Tag color={result.passed ? 'success' : 'error'} style={{ fontSize: 16, padding: '4px 12px' }} data-testid="trial-passed">
            {result.passed ? '通过' : '未通过'}
          </Tag>
        )}
        {result.grade && (
          <div>
            <Typography.Text type="secondary">等级</Typography.Text>
            <div style={{ fontSize: 22, fontWeight: 600 }} data-testid="trial-grade">
              {result.grade.label || '—'}
            </div>
          </div>
        )}
        {result.bonusCap !== null && (
          <Tag color="blue" data-testid="trial-bonus">
            加分 {formatNumber(result.bonusTotal)} / 上限 {formatNumber(result.bonusCap)}
          </Tag>
        )}
        {result.deductionTotal > 0 && <Tag color="orange">扣分 {formatNumber(result.deductionTotal)}</Tag>}
        {!result.complete && <Tag color="warning">尚有 {result.issues.length} 项未填写或有误（按 0 分计）</Tag>}
        {result.notices.length > 0 && <Tag color="gold">{result.notices.length} 条提示</Tag>}
      </Flex>
      <Typography.Paragraph strong data-testid="trial-explanation" style={{ marginBottom: 12 }}>
        {result.explanation}
      </Typography.Paragraph>
      <Descriptions size="small" column={1} bordered>
        {result.vetoes.length > 0 && (
          <Descriptions.Item label="一票否决">
            {result.vetoes.map((v) => (
              <div key={v.nodeId}>
                <Typography.Text type="danger">
                  {v.code} {v.title}：{v.reason}
                </Typography.Text>
              </div>
            ))}
          </Descriptions.Item>
        )}
        {/* A system without a verdict (grading only) has no rules to show: not even the word. */}
        {result.passed !== null && (
          <Descriptions.Item label="通过规则">
            {result.rules.length === 0 ? (
              <Typography.Text type="secondary">未设通过规则：以是否触发一票否决判定</Typography.Text>
            ) : (
              result.rules.map((r, i) => (
                <div key={i} data-testid="trial-rule">
                  {r.passed ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />} {r.explanation}
                </div>
              ))
            )}
          </Descriptions.Item>
        )}
        {result.grade && <Descriptions.Item label="等级说明">{result.grade.explanation}</Descriptions.Item>}
        {result.refusedValues.length > 0 && (
          <Descriptions.Item label="数据有误">
            {result.refusedValues.map((p) => (
              <div key={p.name}>
                <Typography.Text type="danger">{p.message}</Typography.Text>
              </div>
            ))}
          </Descriptions.Item>
        )}
        {result.notices.length > 0 && (
          <Descriptions.Item label="提示">
            {result.notices.map((n, i) => (
              <div key={i} data-testid="trial-notice">
                <Typography.Text type="warning">{n.message}</Typography.Text>
              </div>
            ))}
          </Descriptions.Item>
        )}
        <Descriptions.Item label="达标项">
          {result.metItems.length} 项达标，{result.unmetItems.length} 项未达标
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        计分规则：{result.aggregationRule} {result.verdictRule} {result.roundingRule}
      </Typography.Paragraph>
    </Card>
  );
}

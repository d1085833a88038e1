import { Alert, Col, Row, Space, Statistic, Typography } from 'antd';
import type { ImportReport } from '../../../../../shared/api/contracts/exchange';
import { MANUAL_OVERWRITE_MARK } from '../../../../../shared/api/contracts/statistics';
import { ChangeRowsTable } from './ChangeRowsTable';
import { IssueTable } from './IssueTable';
import { ImportNotices, ImportQuestions } from './ImportQuestions';

/** The dry-run result: what would change, and everything that blocks or deserves a second look. */
export function ImportPreview({
  report,
  busy = false,
  onAnswer,
}: {
  report: ImportReport;
  busy?: boolean;
  /** Re-runs the preview with the answers to the report's questions. */
  onAnswer?: (answers: Record<string, string>) => void;
}) {
  const { counts, errors, questions } = report;
  // Values entered by hand that the file would replace are listed apart, above the other warnings.
  const overwrites = report.warnings.filter((w) => w.message.includes(MANUAL_OVERWRITE_MARK));
  const warnings = report.warnings.filter((w) => !w.message.includes(MANUAL_OVERWRITE_MARK));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="import-preview">
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title="新增" value={counts.new} data-testid="count-new" />
        </Col>
        <Col span={6}>
          <Statistic title="修改" value={counts.changed} data-testid="count-changed" />
        </Col>
        <Col span={6}>
          <Statistic title="无变化" value={counts.unchanged} data-testid="count-unchanged" />
        </Col>
        <Col span={6}>
          <Statistic title="错误" value={errors.length} styles={{ content: { color: errors.length ? '#cf1322' : undefined } }} data-testid="count-errors" />
        </Col>
      </Row>
      <ImportNotices notices={report.notices} />
      {questions.length > 0 && onAnswer && <ImportQuestions key={questions.map((q) => q.id).join()} questions={questions} busy={busy} onAnswer={onAnswer} />}
      {errors.length > 0 ? (
        <Alert type="error" showIcon title={`发现 ${errors.length} 处错误，本次不会导入任何数据`} description="请按下表在文件中逐一修正后，重新选择文件预览。" />
      ) : questions.length > 0 ? (
        <Alert type="warning" showIcon title={`有 ${questions.length} 个问题需要您确认，确认之前不会导入任何数据`} />
      ) : counts.new + counts.changed === 0 ? (
        <Alert type="info" showIcon title="文件中的数据与现有数据完全一致，导入不会改变任何内容" />
      ) : (
        <Alert type="success" showIcon title={`检查通过：将新增 ${counts.new} 条、修改 ${counts.changed} 条`} description="确认无误后点击“确认导入”，全部数据在一次操作中写入。" />
      )}
      {errors.length > 0 && (
        <section aria-label="错误">
          <Typography.Title level={5}>错误（{errors.length}）</Typography.Title>
          <IssueTable issues={errors} testId="import-errors" />
        </section>
      )}
      {overwrites.length > 0 && (
        <section aria-label="将覆盖手工录入的数据">
          <Alert
            type="warning"
            showIcon
            title={`导入将覆盖 ${overwrites.length} 项手工录入的数据`}
            description="下列数据现为手工录入，文件中的数值与之不同。确认导入后将改为文件中的数值，原值保留在该项的历史中（学校的“统计数据”页，点击数据来源查看）。如需保留手工录入的数值，请先修改文件再导入。"
            style={{ marginBottom: 8 }}
          />
          <IssueTable issues={overwrites} testId="import-overwrites" />
        </section>
      )}
      {warnings.length > 0 && (
        <section aria-label="提醒">
          <Typography.Title level={5}>需要核实的提醒（{warnings.length}）</Typography.Title>
          <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
            与上一年相比变化较大、或前后不一致的数据（只涉及文件中填写的项），不影响导入，请确认是否属实。
          </Typography.Paragraph>
          <IssueTable issues={warnings} testId="import-warnings" />
        </section>
      )}
      {report.rows.length > 0 && (
        <section aria-label="逐行结果">
          <Typography.Title level={5}>逐行结果</Typography.Title>
          <ChangeRowsTable rows={report.rows} />
        </section>
      )}
    </Space>
  );
}

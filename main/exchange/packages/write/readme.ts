/**
 * 填报说明.txt: the read-me a school clerk opens first. Plain text, UTF-8 with a byte-order mark and
 * CRLF line ends, because Notepad on Windows 7 guesses the encoding of a file without a BOM (and
 * shows GBK mojibake) and older Notepads show a file with bare LF on one line.
 */
import { formatChineseDate } from '../../../documents/dates';
import { FILES, QUERY_SHEET, REPORT_HEADINGS, SHEETS, type PackageSpec } from '../format';
import { queryPlace, queryTarget, type QueryPlaces } from './queries';

/** The UTF-8 byte-order mark. */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** What a 退回修改 package carries back: the report's path (null: none) and how many evidence files. */
export interface CarriedSummary {
  report: string | null;
  evidenceFiles: number;
}

/**
 * The read-me's text (LF line ends; {@link readmeBytes} converts). `folder` is the package folder's
 * name, `places` where each query of a 退回修改 package is answered (see queries.ts), `carried` what
 * the package carries back of the school's last submission.
 */
export function readmeText(spec: PackageSpec, folder: string, places: QueryPlaces, carried: CarriedSummary = { report: null, evidenceFiles: 0 }): string {
  const { round, unit, manifest } = spec;
  const returnBy = formatChineseDate(round.returnBy);
  const isReturn = manifest.packageVersion > 1;
  const lines: string[] = [];
  const title = `${round.name} 填报说明`;
  lines.push(title, '');
  lines.push(`单位：${unit.name}（报送编码：${unit.code}）`);
  lines.push(`评估主体：${round.evaluator}`);
  lines.push(`报送截止日期：${returnBy}（请在此日期前交回）`);
  if (isReturn) lines.push(`本填报包为第 ${manifest.packageVersion - 1} 次退回修改，已填入你单位上次报送的内容，请按退回意见修改后交回。`);
  if (round.stages.length) {
    lines.push('', '评估日程：');
    for (const s of round.stages) lines.push(`  ${s.name}：${formatChineseDate(s.startsOn)}至${formatChineseDate(s.endsOn)}`);
  }

  let section = 0;
  const heading = (text: string) => lines.push('', `${'一二三四五六七八'[section++]}、${text}`);

  if (isReturn) {
    heading('退回修改意见（请逐条修改）');
    (spec.queries ?? []).forEach((q, i) => {
      lines.push(`  ${i + 1}. ${queryTarget(spec, q)}：${q.text.trim()}`);
      lines.push(`     修改位置：${queryPlace(q, places)}`);
    });
    if (!spec.queries?.length) lines.push('  （无具体意见，请核对全部内容后交回。）');
    lines.push(`  以上意见也列在“${FILES.workbook}”的“${QUERY_SHEET}”工作表中。`);
    if (carried.report || carried.evidenceFiles) {
      const what = [carried.report ? '学校自评报告' : '', carried.evidenceFiles ? `佐证材料（${carried.evidenceFiles} 个文件）` : ''].filter(Boolean).join('和');
      lines.push(`  本填报包已带回你单位上次报送的${what}，请在此基础上修改、补充，不需要的请删除。`);
      if (!carried.report) lines.push(`  上次没有报送学校自评报告：“${FILES.reportTemplate}”是按现有数据预填的初稿，请在此基础上撰写。`);
      if (!carried.evidenceFiles) lines.push(`  上次没有报送佐证材料：请把佐证材料放入“${FILES.evidenceDir}”文件夹中对应的子文件夹。`);
    } else {
      // Nothing carried back: what comes back is read as a whole new revision, so the clerk puts
      // the report and the evidence back.
      lines.push(`  注意：本填报包只带回了自评表中上次报送的内容，“${FILES.reportTemplate}”是按现有数据预填的初稿（不是上次报送的报告），“${FILES.evidenceDir}”文件夹是空的。`);
      lines.push(`  请把上次报送的学校自评报告（需要修改的，修改后）以“${FILES.reportStem}”为文件名放回本文件夹，替换初稿；把全部佐证材料（包括上次已报送的）放回对应的子文件夹，再一并交回。`);
    }
  }

  heading('文件夹里有什么');
  lines.push(`  ${FILES.readme}：本说明。`);
  lines.push(`  ${FILES.workbook}：自评表，在其中填写自评结果、自评说明，并核对统计数据。`);
  if (carried.report) lines.push(`  ${carried.report}：你单位上次报送的学校自评报告，请按意见修改。`);
  else lines.push(`  ${FILES.reportTemplate}：学校自评报告（初稿），已预填学校基本情况、统计数据和自评指标表，请在此基础上修改、撰写。`);
  lines.push(`  ${FILES.evidenceDir}：佐证材料文件夹，每项指标一个子文件夹。`);
  lines.push(`  ${FILES.manifest}：核对填报包属于本单位、本评估项目的校验信息，请勿打开修改。`);

  heading('填写自评表');
  lines.push(`  1. 用 Excel 或 WPS 表格打开“${FILES.workbook}”，先阅读“${SHEETS.readme}”工作表。`);
  lines.push(`  2. 在“${SHEETS.evaluation}”工作表中逐项填写黄色单元格：“自评结果”按“自评方式”一列的要求填写（从下拉列表中选择等级、达标情况，或填写得分），“自评说明”写明自评的依据。`);
  lines.push('  3. 灰色单元格“按统计数据计算，无需填写”，由教育行政部门根据统计数据计算。');
  lines.push(`  4. 在“${SHEETS.statistics}”工作表中核对“本年数值”（已按现有数据预填）：无误不必改动；有误请直接改正，并在“说明”一列写明原因；没有数据的请留空，不要填 0。`);
  lines.push('  5. 除黄色单元格外，其他单元格已锁定：请不要插入、删除或移动行和列，不要修改工作表名称、指标编码和指标名称。');

  heading('整理佐证材料');
  lines.push(`  “${FILES.evidenceDir}”文件夹中每项指标有一个子文件夹，以“指标编码 指标名称”命名（即自评表中“佐证材料文件夹”一列）。`);
  lines.push('  请把每项指标的佐证材料（照片、Word 文档、Excel 表格、PDF、扫描件等）放入对应的子文件夹；子文件夹里可以再建文件夹。');
  lines.push(`  不属于任何一项指标的材料，可以直接放在“${FILES.evidenceDir}”文件夹中，将作为未归类材料接收。`);
  lines.push('  请不要放入程序文件（如 .exe、.bat）或快捷方式，这类文件不会被接收。');
  lines.push('  以原始的、过程性的材料为主，不需要专门整理装盒，但要做到按指标查找方便。');

  heading('撰写学校自评报告');
  if (carried.report) {
    lines.push(`  打开“${carried.report}”，按退回意见修改。报告分五个部分：${REPORT_HEADINGS.join('、')}。`);
  } else {
    lines.push(`  打开“${FILES.reportTemplate}”（学校自评报告初稿），报告分五个部分：${REPORT_HEADINGS.join('、')}。`);
    lines.push(`  初稿已预填学校基本情况、${round.year}年基本数据、资源配置指标达成情况和各项指标自评表；灰色的“【待学校填写】”段落是撰写提示，请换成你单位的内容，并删除提示文字和标题中的“（初稿）”。`);
    lines.push(`  初稿中的数据取自本机已有的数据，供撰写参考。导入时，自评结果和统计数据只从“${FILES.workbook}”读取，报告中的表格和数字不会被读回：数据有误的，请在自评表中改正，并同步修改报告。`);
    lines.push('  报告落款处请加盖学校公章，并填写日期。');
  }
  lines.push(`  报告可以另存为 .doc、.wps 或 .pdf 格式，但文件名请保持“${FILES.reportStem}”，并放在本文件夹中（与自评表放在一起）。`);

  heading('注意事项');
  lines.push(`  1. 不要重命名或移动本文件夹中已有的文件和文件夹（向佐证材料子文件夹中放入材料除外），也不要修改本文件夹的名称。`);
  lines.push(`  2. 不要打开或修改“${FILES.manifest}”：它用于核对填报包属于本单位、本评估项目，被改动或删除后填报包将无法导入。`);
  lines.push('  3. 请只在一台电脑上填写这一份填报包。需要多人分工时，请轮流在同一份文件中填写，不要复制多份分别填写后交回。');
  lines.push('  4. 交回前请关闭 Excel、WPS 和 Word，确认文件已保存。');

  heading('如何交回');
  lines.push(`  请在 ${returnBy} 前，把整个文件夹“${folder}”复制到 U 盘交回；`);
  lines.push(`  也可以把整个文件夹压缩成一个 zip 文件（在文件夹上点右键，选择“发送到”→“压缩(zipped)文件夹”）放到 U 盘上交回。`);
  lines.push('  请交回整个文件夹，不要只交回其中的个别文件；逾期未交回的，按评估项目的规定处理。');
  lines.push('');
  return lines.join('\n');
}

/** The read-me as its file holds it: BOM, then UTF-8 with CRLF line ends. */
export function readmeBytes(text: string): Buffer {
  return Buffer.concat([BOM, Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8')]);
}

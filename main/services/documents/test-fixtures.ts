/** A notice form shared by the document service, CLI and read-back tests. */
import type { NoticeFormInput } from '../../../shared/api/contracts/documents';

export const NOTICE: NoticeFormInput = {
  title: '关于开展2026年义务教育优质均衡发展督导评估工作的通知',
  purpose: ['为推进县域义务教育优质均衡发展，决定开展督导评估工作。现将有关事项通知如下。'],
  stages: [
    { name: '学校自评', start: '2026-03-10', end: '2026-03-31', tasks: '各校对照指标开展自评。' },
    { name: '实地督导', start: '2026-04-01', end: '2026-04-30', tasks: '督导组进校核查。' },
  ],
  procedure: ['学校自评，县级复核。'],
  contact: { name: '李明', phone: '0791-86100000' },
  schools: { types: ['小学'] },
  date: '2026-03-04',
};

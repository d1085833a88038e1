import { Menu, app, dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { Dispatch } from '../api/dispatcher';

/** The Chinese native menu; 加载演示数据 goes through the same dispatcher as the UI. */
export function buildMenu(getWindow: () => BrowserWindow | null, dispatch: Dispatch): Menu {
  const loadDemo = async () => {
    const win = getWindow();
    if (!win) return;
    const { response } = await dialog.showMessageBox(win, {
      type: 'question',
      buttons: ['加载并替换现有数据', '取消'],
      defaultId: 1,
      cancelId: 1,
      title: '加载演示数据',
      message: '加载云溪区演示数据？',
      detail: '演示数据包含约 20 所学校和三年统计数据。如名册中已有数据，将被替换（可先在“设置 → 数据备份”中备份）。',
    });
    if (response !== 0) return;
    const r = await dispatch('demo.load', { replace: true });
    if (!r.ok) await dialog.showMessageBox(win, { type: 'error', title: '加载失败', message: r.error.message });
    else win.webContents.reload();
  };
  const template: MenuItemConstructorOptions[] = [
    {
      label: '文件',
      submenu: [{ label: '加载演示数据…', click: () => void loadDemo() }, { type: 'separator' }, { label: '退出', role: 'quit' }],
    },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新加载', role: 'reload' },
        { type: 'separator' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于督导评估工作台',
          click: () => {
            const win = getWindow();
            if (win) void dialog.showMessageBox(win, { title: '关于', message: `督导评估工作台 ${app.getVersion()}`, detail: '义务教育优质均衡发展督导评估工具' });
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

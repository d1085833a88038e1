/**
 * Vite plugins of the renderer build, shared by electron.vite.config.ts and the first-paint
 * benchmark (bench/first-paint.bench.ts) so both build the same thing.
 */
import react from '@vitejs/plugin-react';
import type { Plugin, PluginOption } from 'vite';

const ICON_MODULE = /@ant-design[\\/]icons[\\/]es[\\/]components[\\/]AntdIcon(Light)?\.js$/;
const ICON_LABEL = 'role: "img",\n    "aria-label": icon.name';

/**
 * Ant Design's icons (AntdIcon and AntdIconLight) label themselves with their English file names ("bank", "down", "user"),
 * which a screen reader reads aloud in a Chinese interface (issue 10 item 5). Icons here sit next
 * to Chinese text or inside buttons that carry a Chinese aria-label, so an icon is decorative:
 * hidden from screen readers unless its caller gives it a (Chinese) aria-label of its own.
 * The build fails if the icon package changes the line this rewrites, rather than silently
 * shipping English labels again.
 */
export function decorativeIcons(): Plugin {
  return {
    name: 'desk-decorative-icons',
    enforce: 'pre',
    transform(code, id) {
      if (!ICON_MODULE.test(id)) return null;
      if (!code.includes(ICON_LABEL)) this.error('@ant-design/icons 的 AntdIcon.js 已变化：请更新 vite.renderer-plugins.ts 中的图标无障碍处理');
      return code.replace(ICON_LABEL, 'role: restProps["aria-label"] ? "img" : undefined,\n    "aria-hidden": restProps["aria-label"] ? undefined : true');
    },
  };
}

/**
 * Screen-reader labels Ant Design's parts write in English whatever the locale (the zh_CN locale
 * does not reach them). Each is replaced by the Chinese a screen reader should say; as with the
 * icons, the build fails if a package no longer has the text, so an upgrade cannot bring English
 * back silently.
 */
const ENGLISH_LABELS: { module: RegExp; from: string; to: string }[] = [
  { module: /@rc-component[\\/]input-number[\\/]es[\\/]StepHandler\.js$/, from: "'Increase Value' : 'Decrease Value'", to: "'增大数值' : '减小数值'" },
  { module: /antd[\\/]es[\\/]table[\\/]hooks[\\/]useSelection\.js$/, from: "'Custom selection' : 'Select all'", to: "'自定义选择' : '全选'" },
  // A row's checkbox (radio rows first: their text also holds the checkbox's).
  { module: /antd[\\/]es[\\/]table[\\/]hooks[\\/]useSelection\.js$/, from: 'checked ? `Row ${index + 1} selected` : `Select row ${index + 1}`', to: 'checked ? `已选择第 ${index + 1} 行` : `选择第 ${index + 1} 行`' },
  { module: /antd[\\/]es[\\/]table[\\/]hooks[\\/]useSelection\.js$/, from: '`Select row ${index + 1}`', to: '`选择第 ${index + 1} 行`' },
  { module: /@rc-component[\\/]tabs[\\/]es[\\/]TabNavList[\\/]OperationNode\.js$/, from: "'expanded dropdown'", to: "'更多标签页'" },
];

export function chineseScreenReaderLabels(): Plugin {
  return {
    name: 'desk-chinese-screen-reader-labels',
    enforce: 'pre',
    transform(code, id) {
      const fixes = ENGLISH_LABELS.filter((f) => f.module.test(id));
      if (fixes.length === 0) return null;
      let out = code;
      for (const fix of fixes) {
        if (!out.includes(fix.from)) this.error(`${id} 已变化：请更新 vite.renderer-plugins.ts 中的读屏文字`);
        out = out.split(fix.from).join(fix.to);
      }
      return out;
    },
  };
}

export function rendererPlugins(): PluginOption[] {
  return [react(), decorativeIcons(), chineseScreenReaderLabels()];
}

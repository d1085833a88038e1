import type { ThemeConfig } from 'antd';

/** A calm, office-like theme: one muted blue, system CJK fonts that exist on Windows and Linux. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fa8',
    colorInfo: '#1f5fa8',
    borderRadius: 6,
    fontSize: 14,
    colorBgLayout: '#f3f5f8',
    fontFamily:
      "-apple-system, 'Segoe UI', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif",
  },
  components: {
    Layout: { headerBg: '#17365d', siderBg: '#ffffff', headerHeight: 56, headerPadding: '0 24px' },
    Menu: { itemSelectedBg: '#e8f0fa', itemSelectedColor: '#1f5fa8' },
    Table: { headerBg: '#f5f7fa' },
  },
};

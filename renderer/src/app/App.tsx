import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import { OperatorProvider } from '../features/operators/OperatorProvider';
import { Routes } from './Routes';
import { Shell } from './Shell';
import { theme } from './theme';

dayjs.locale('zh-cn');

export function App() {
  return (
    // autoInsertSpace off: "保 存" reads oddly next to longer labels and breaks accessible names.
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <OperatorProvider>
          <Shell>
            <Routes />
          </Shell>
        </OperatorProvider>
      </AntApp>
    </ConfigProvider>
  );
}

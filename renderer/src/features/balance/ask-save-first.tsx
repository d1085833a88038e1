import { Button, Flex, type App } from 'antd';

type ModalApi = ReturnType<typeof App.useApp>['modal'];

export type SaveFirstChoice = 'save' | 'discard' | 'cancel';

/**
 * Before an action that uses stored data only (an export, a report) while an editor holds unsaved
 * changes: 保存后… / 不保存，直接… / 取消. Closing the dialog is 取消, and the caller then does nothing.
 * `what` names the changes (“2025 年未保存的人工调整”), `action` the verb (导出).
 */
export function askSaveFirst(modal: ModalApi, what: string, action: string): Promise<SaveFirstChoice> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (choice: SaveFirstChoice) => {
      if (settled) return;
      settled = true;
      instance.destroy();
      resolve(choice);
    };
    const instance = modal.confirm({
      title: `先保存再${action}？`,
      content: `${what}尚未保存。${action}只使用已保存的数据，不包含这些修改。`,
      closable: true,
      onCancel: () => done('cancel'),
      footer: (
        <Flex justify="flex-end" gap={8} style={{ marginTop: 16 }}>
          <Button onClick={() => done('cancel')}>取消</Button>
          <Button onClick={() => done('discard')}>不保存，直接{action}</Button>
          <Button type="primary" onClick={() => done('save')}>
            保存后{action}
          </Button>
        </Flex>
      ),
    });
  });
}

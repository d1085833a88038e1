import { expect, type Locator, type Page } from '@playwright/test';

/** The 导入数据 modal: choose → 预览 → 确认导入. */
export class ImportWizard {
  readonly dialog: Locator;
  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: '导入数据' });
  }

  async open() {
    await this.page.getByRole('button', { name: /^(\S+ )?导入$/ }).click();
    await expect(this.dialog).toBeVisible();
  }

  async chooseStats(year: number, file: { name: string; buffer: Buffer }) {
    await this.dialog.getByText('统计数据', { exact: true }).click();
    await this.dialog.getByRole('spinbutton', { name: '统计年份' }).fill(String(year));
    await this.dialog.locator('input[type=file]').setInputFiles({ name: file.name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file.buffer });
    await expect(this.dialog.getByText(file.name)).toBeVisible();
  }

  async preview() {
    await this.dialog.getByRole('button', { name: '预览', exact: true }).click();
    await expect(this.dialog.getByTestId('import-preview')).toBeVisible();
  }

  count(kind: 'new' | 'changed' | 'unchanged' | 'errors'): Locator {
    return this.dialog.getByTestId(`count-${kind}`).locator('.ant-statistic-content-value');
  }

  get confirm(): Locator {
    return this.dialog.getByRole('button', { name: '确认导入', exact: true });
  }

  get errors(): Locator {
    return this.dialog.getByTestId('import-errors');
  }

  async back() {
    await this.dialog.getByRole('button', { name: '上一步', exact: true }).click();
  }

  async close() {
    await this.dialog.getByRole('button', { name: /^(完成|取消)$/ }).last().click();
    await expect(this.dialog).toBeHidden();
  }
}

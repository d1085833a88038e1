import { expect, type Locator, type Page } from '@playwright/test';

/** The 学校 list: toolbar, filters and table. */
export class SchoolsPage {
  constructor(readonly page: Page) {}

  get table(): Locator {
    return this.page.getByTestId('school-table');
  }

  /** Data rows only (antd renders a placeholder row when empty). */
  get rows(): Locator {
    return this.table.locator('tbody tr.ant-table-row');
  }

  async goto() {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '学校' }).click();
    await expect(this.page.getByRole('heading', { name: '学校', exact: true })).toBeVisible();
  }

  async search(text: string) {
    await this.page.getByRole('textbox', { name: '搜索学校' }).fill(text);
  }

  /** Picks an option in one of the antd filter selects, identified by its aria-label. */
  async filter(label: string, option: string) {
    await this.page.getByRole('combobox', { name: label }).click();
    await this.page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  }

  /**
   * Clears a filter with its × (shown on hover). A column header's 点击排序 tooltip left open by an
   * earlier pointer position can lie over the select; the pointer leaves the table first and Escape
   * closes any tooltip, so the hover reaches the select.
   */
  async clearFilter(testId: string) {
    const select = this.page.getByTestId(testId);
    await this.page.mouse.move(0, 0);
    await this.page.keyboard.press('Escape');
    await expect(this.page.locator('.ant-tooltip:visible')).toHaveCount(0);
    await select.hover();
    await select.locator('.ant-select-clear').click();
  }

  async openSchool(name: string) {
    await this.table.getByRole('link', { name, exact: true }).click();
    await expect(this.page.getByTestId('school-title')).toHaveText(name);
  }
}

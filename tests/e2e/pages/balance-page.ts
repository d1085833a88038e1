import { expect, type Locator, type Page } from '@playwright/test';

/** The 差异系数 page: selectors, tabs and the tables the spec reads. */
export class BalancePage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '差异系数' }).click();
    await expect(this.page.getByRole('heading', { name: '差异系数', exact: true })).toBeVisible();
    await expect(this.page.getByTestId('balance-verdicts')).toBeVisible();
  }

  async tab(name: string) {
    await this.page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  }

  /** The attainment row of one school section. */
  attainmentRow(school: string): Locator {
    return this.page.getByTestId('attainment-table').locator('tbody tr.ant-table-row', { hasText: school });
  }

  cv(section: 'primary' | 'junior', code: string): Locator {
    return this.page.getByTestId(`cv-${section}-${code}`);
  }

  /** Picks an option in an antd select identified by its aria-label; searchable selects are typed into (the list is virtual). */
  async choose(label: string, option: string, search = false) {
    const box = this.page.getByRole('combobox', { name: label });
    await box.click();
    if (search) await box.fill(option);
    await this.page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  }
}

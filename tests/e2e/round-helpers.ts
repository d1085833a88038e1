/**
 * Page helpers the 评估项目 specs share (rounds.spec.ts, round-full-path.spec.ts, documents.spec.ts):
 * typing a date into an antd picker as a user does, choosing from a select, and a unit's row of the
 * round's units table.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Types a date into an antd date picker, as a user typing it would. */
export async function typeDate(input: Locator, value: string) {
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect(input).toHaveValue(value);
}

/** Chooses `option` in the select labelled `label`. */
export async function choose(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
}

/** A unit's row in the round's units table, by its name. */
export const unitRow = (page: Page, name: string) => page.getByTestId('units-table').locator('tbody tr').filter({ has: page.getByTestId('unit-name').getByText(name, { exact: true }) });

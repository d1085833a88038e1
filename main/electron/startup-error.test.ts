import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME, openDatabase } from '../db/connection';
import { tempDir } from '../testing/temp-core';
import { startupErrorDialog } from './startup-error';

describe('start-up error dialog', () => {
  it('shows the Chinese refusal of a damaged database as it is', async () => {
    const dir = tempDir('desk-startup-');
    try {
      fs.writeFileSync(path.join(dir, DB_FILE_NAME), '');
      const error = await openDatabase(dir).catch((e: unknown) => e);
      const dialog = startupErrorDialog(error);
      expect(dialog.title).toBe('督导评估工作台无法启动');
      expect(dialog.content).toMatch(/是空的（0 字节）/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('introduces an unexpected English error in Chinese and keeps its text', () => {
    expect(startupErrorDialog(new Error('EACCES: permission denied')).content).toMatch(/^启动时发生意外错误：EACCES: permission denied\n\n请把这条信息告诉技术支持人员。$/);
    expect(startupErrorDialog(undefined).content).toContain('启动时发生意外错误');
    expect(startupErrorDialog(new Error('')).content).toContain('没有错误信息');
  });

});

import { describe, expect, it } from 'vitest';
import { operatorText, personName } from './operator-session';

describe('personName', () => {
  it('keeps a person’s name as recorded', () => {
    expect(personName('王督学')).toBe('王督学');
    expect(personName('Zhang Wei')).toBe('Zhang Wei');
  });

  it('says nobody was chosen instead of the computer account, with the door in words', () => {
    expect(personName('zhang@web')).toBe('未选择操作人（浏览器模式）');
    expect(personName('Administrator@electron')).toBe('未选择操作人（桌面程序）');
    expect(personName('root@cli')).toBe('未选择操作人（命令行）');
  });

  it('leaves a name with an @ that is not a door alone', () => {
    expect(personName('王@督导室')).toBe('王@督导室');
  });
});

describe('operatorText', () => {
  it('adds the 科室 when there is one', () => {
    expect(operatorText({ name: '王督学', office: '督导室' })).toBe('王督学（督导室）');
    expect(operatorText({ name: '王督学', office: '' })).toBe('王督学');
  });
});

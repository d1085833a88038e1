import { SupervisionRulesSchema, type RectificationSettings } from '../../../shared/api/contracts/rectification';
import type { ServiceContext } from '../context';
import { storedSetting } from '../stored-setting';

const setting = storedSetting('rectification.rules', SupervisionRulesSchema, { name: '整改督办设置', summary: '修改整改督办设置（到期提醒、三色督办、默认整改时限）' });

/** The office's 督办 rules with defaults (提醒 3 天前; 蓝 1 / 黄 15 / 红 30 天逾期; 时限 90 天; 60%). */
export const getRectificationSettings = (ctx: ServiceContext): Promise<RectificationSettings> => setting.get(ctx);
/** Saves the rules (audited). */
export const saveRectificationSettings = (ctx: ServiceContext, value: RectificationSettings): Promise<RectificationSettings> => setting.set(ctx, value);

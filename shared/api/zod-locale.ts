/**
 * Zod's own messages in simplified Chinese (its zh-CN locale), for every schema in every door:
 * a user never meets “Invalid input”. Imported for its effect by the contract, which every door loads.
 */
import { z } from 'zod';

z.config(z.locales.zhCN());

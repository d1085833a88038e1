/**
 * Public API of the balance (资源配置与校际均衡) computation. See README.md.
 */
export * from './types';
export * from './profile-schema';
export * from './indicators';
export * from './profiles';
export * from './options';
export * from './basis';
export * from './input';
export * from './tolerance';
export * from './rounding';
export { fieldLabel, readNumber, describeMissing } from './stat-read';
export * from './split';
export * from './exclusions';
export * from './school-values';
export * from './attainment';
export * from './coefficient';
export * from './contributions';
export * from './gaps';
export * from './school-balance';
export * from './aggregate';
export * from './compute';
export * from './what-if';
export * from './trend';

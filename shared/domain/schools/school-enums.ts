import { z } from 'zod';

/** School types as recorded in the national statistics returns. */
export const SCHOOL_TYPES = ['小学', '初中', '九年一贯制', '十二年一贯制', '完全中学', '教学点', '特殊教育学校'] as const;
export const SchoolType = z.enum(SCHOOL_TYPES);
export type SchoolType = z.infer<typeof SchoolType>;

export const LOCALITIES = ['城区', '镇区', '乡村'] as const;
export const Locality = z.enum(LOCALITIES);
export type Locality = z.infer<typeof Locality>;

export const OWNERSHIPS = ['公办', '民办'] as const;
export const Ownership = z.enum(OWNERSHIPS);
export type Ownership = z.infer<typeof Ownership>;

export const SCHOOL_STATUSES = ['在办', '撤并'] as const;
export const SchoolStatus = z.enum(SCHOOL_STATUSES);
export type SchoolStatus = z.infer<typeof SchoolStatus>;

/** Compulsory-education sections plus senior high (only used to apportion shared facilities). */
export type Section = 'primary' | 'junior' | 'senior';
export const SECTION_LABELS: Record<Section, string> = { primary: '小学', junior: '初中', senior: '高中' };

/** Which sections a school type runs. 教学点 are primary-only; special schools run both but never enter balance. */
export function sectionsOfType(type: SchoolType): Section[] {
  switch (type) {
    case '小学':
    case '教学点':
      return ['primary'];
    case '初中':
      return ['junior'];
    case '九年一贯制':
    case '特殊教育学校':
      return ['primary', 'junior'];
    case '十二年一贯制':
      return ['primary', 'junior', 'senior'];
    case '完全中学':
      return ['junior', 'senior'];
  }
}

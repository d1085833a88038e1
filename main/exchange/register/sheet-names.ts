export const SCHOOLS_SHEET = '学校名册';
export const STATS_SHEET = '学校统计';
export const GUIDE_SHEET = '填写说明';
/** Rows of the template that carry drop-down lists and text formats. */
export const TEMPLATE_ROWS = 3000;

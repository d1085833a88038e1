/**
 * Font files the PDF renderer may embed, in order of preference: the Windows system fonts the
 * documents are designed for, then OFL fonts prepared into resources/fonts at build time, then
 * Debian's fonts-noto-cjk and fonts-lxgw-wenkai. The installer ships the `resources` files that
 * resources/fonts/fonts-lock.json names (one per role; tests/unit/prepare-fonts.test.ts keeps the
 * two in step); the other `resources` names are accepted when an office puts such a file there.
 */
import type { FontRole } from '../model.js';

export type FontSource = 'windows' | 'resources' | 'system';

export interface FontCandidate {
  /** Display name recorded in fontsUsed. */
  label: string;
  /** Absolute path, or a bare file name looked up in the resource directories. */
  file: string;
  /** Required for .ttc/.otc collections. */
  postscriptName?: string;
  source: FontSource;
}

const WIN = 'C:\\Windows\\Fonts\\';
const NOTO = '/usr/share/fonts/opentype/noto/';
const LXGW = ['/usr/share/fonts/truetype/lxgw-wenkai/', '/usr/share/fonts/truetype/lxgw/'];

const win = (label: string, file: string, postscriptName?: string): FontCandidate => ({
  label,
  file: WIN + file,
  postscriptName,
  source: 'windows',
});
const res = (label: string, file: string): FontCandidate => ({ label, file, source: 'resources' });
const noto = (label: string, file: string, postscriptName: string): FontCandidate => ({
  label,
  file: NOTO + file,
  postscriptName,
  source: 'system',
});
const wenkai = (weight: 'Regular' | 'Bold'): FontCandidate[] =>
  LXGW.map((dir) => ({ label: `LXGW WenKai ${weight}`, file: `${dir}LXGWWenKai-${weight}.ttf`, source: 'system' as const }));

const NOTO_SERIF = noto('Noto Serif CJK SC', 'NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular');
const NOTO_SERIF_BOLD = noto('Noto Serif CJK SC Bold', 'NotoSerifCJK-Bold.ttc', 'NotoSerifCJKsc-Bold');
const NOTO_SERIF_BLACK = noto('Noto Serif CJK SC Black', 'NotoSerifCJK-Black.ttc', 'NotoSerifCJKsc-Black');
const NOTO_SANS = noto('Noto Sans CJK SC', 'NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular');
const NOTO_SANS_BOLD = noto('Noto Sans CJK SC Bold', 'NotoSansCJK-Bold.ttc', 'NotoSansCJKsc-Bold');

/** Preferred faces per role; the first file that exists becomes the role's primary face. */
export const ROLE_CANDIDATES: Record<FontRole, FontCandidate[]> = {
  xiaobiaosong: [
    win('方正小标宋简体', 'FZXBSJW.TTF'),
    win('方正小标宋简体', '方正小标宋简体.ttf'),
    res('方正小标宋简体', 'FZXBSJW.TTF'),
    res('Noto Serif SC Black', 'NotoSerifSC-Black.ttf'),
    res('Noto Serif SC Bold', 'NotoSerifSC-Bold.ttf'),
    NOTO_SERIF_BLACK,
    NOTO_SERIF_BOLD,
  ],
  heiti: [
    win('黑体 SimHei', 'simhei.ttf'),
    res('Noto Sans SC Bold', 'NotoSansSC-Bold.ttf'),
    NOTO_SANS_BOLD,
    NOTO_SANS,
  ],
  kaiti: [
    win('楷体_GB2312', 'simkai_gb2312.ttf'),
    win('楷体 KaiTi', 'simkai.ttf'),
    res('LXGW WenKai Regular', 'LXGWWenKai-Regular.ttf'),
    ...wenkai('Regular'),
  ],
  fangsong: [
    win('仿宋_GB2312', 'FS_GB2312.ttf'),
    win('仿宋 FangSong', 'simfang.ttf'),
    res('Noto Serif SC', 'NotoSerifSC-Regular.ttf'),
    NOTO_SERIF,
    ...wenkai('Regular'),
  ],
  songti: [win('宋体 SimSun', 'simsun.ttc', 'SimSun'), res('Noto Serif SC', 'NotoSerifSC-Regular.ttf'), NOTO_SERIF],
};

/**
 * Faces tried, after a role's own, for characters the role's face lacks. The *_GB2312 faces
 * cover only GB2312, so rare name characters (堃, 𬱖) come from here: SimSun-ExtB/ExtG on Windows,
 * the Noto CJK faces (which include the Extension E character 𬱖) elsewhere.
 */
export const COVERAGE_FALLBACKS: FontCandidate[] = [
  win('宋体 SimSun', 'simsun.ttc', 'SimSun'),
  win('SimSun-ExtB', 'simsunb.ttf'),
  win('SimSun-ExtG', 'simsunextg.ttf'),
  win('微软雅黑', 'msyh.ttc', 'MicrosoftYaHei'),
  res('Noto Serif SC', 'NotoSerifSC-Regular.ttf'),
  res('Noto Sans SC', 'NotoSansSC-Regular.ttf'),
  res('LXGW WenKai Regular', 'LXGWWenKai-Regular.ttf'),
  NOTO_SERIF,
  NOTO_SANS,
  ...wenkai('Regular'),
  { label: 'Droid Sans Fallback', file: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', source: 'system' },
];

import { Form, InputNumber, Modal, Radio, Select, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import type { BalanceSettings } from '../../../../shared/api/contracts/balance';
import { BASIS_LABELS, BUILT_IN_PROFILES, CALCULATION_BASES, PROFILE_IDS } from '../../../../shared/domain/balance';
import { useOp, useOpMutation } from '../../api/queries';
import { useUnsavedChanges } from '../../app/unsaved';

/**
 * Stored computation settings: 计算口径, split weights of multi-section schools, teaching-point
 * size, default profile. Saving refreshes the 差异系数 and the documents built from it (the
 * balance domain's invalidation); closing with changes asks first.
 */
export function OptionsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const stored = useOp('balance.getOptions', {}, { enabled: open });
  // The edit is a draft over the stored settings; null = unchanged.
  const [draft, setDraft] = useState<BalanceSettings | null>(null);
  const s = draft ?? stored.data ?? null;
  const guard = useUnsavedChanges(open && draft !== null, '差异系数计算设置');
  const saveOptions = useOpMutation('balance.setOptions', { success: '已保存计算设置', errorTitle: '保存失败' });
  const close = () => {
    guard.markClean();
    setDraft(null);
    onClose();
  };
  const cancel = async () => {
    if (await guard.confirmDiscard()) close();
  };
  const save = async () => {
    if (!draft) return close();
    await saveOptions.mutateAsync(draft).then(close, () => undefined);
  };
  const setS = (next: BalanceSettings | ((x: BalanceSettings | null) => BalanceSettings | null)) =>
    setDraft((x) => (typeof next === 'function' ? next(x ?? stored.data ?? null) : next));
  const w = (min = 0.1) => ({ min, max: 5, step: 0.01, precision: 2, style: { width: 90 } });
  const split = s?.split;
  const setSplit = (patch: Partial<BalanceSettings['split']>) => setS((x) => (x ? { ...x, split: { ...x.split, ...patch } } : x));

  return (
    <Modal title="差异系数计算设置" open={open} onCancel={() => void cancel()} onOk={() => void save()} okText="保存" cancelText="取消" confirmLoading={saveOptions.isPending} width={620} destroyOnHidden>
      {!s || !split ? (
        <Spin />
      ) : (
        <Form layout="vertical">
          <Form.Item label="默认评估标准">
            <Select value={s.defaultProfile} onChange={(v) => setS({ ...s, defaultProfile: v })} options={PROFILE_IDS.map((id) => ({ value: id, label: BUILT_IN_PROFILES[id].name }))} />
          </Form.Item>
          <Form.Item
            label="计算口径"
            extra="按学校：与国家统计一致，每个学校标识码计为一所学校，单独评估的校区并入所属学校。按评估单位：单独评估且有本年统计数据的校区单列为一个单位，所属学校按其余部分计算。"
          >
            <Radio.Group aria-label="计算口径" value={s.basis} onChange={(e) => setS({ ...s, basis: e.target.value })} options={CALCULATION_BASES.map((b) => ({ value: b, label: BASIS_LABELS[b] }))} />
          </Form.Item>
          <Form.Item label="一贯制学校共用设施分摊" extra="校舍面积、运动场馆、仪器设备、多媒体教室等共用设施按各学段学生数分摊；各省做法不同，可按加权学生数或学生数比例。">
            <Radio.Group value={split.mode} onChange={(e) => setSplit({ mode: e.target.value })} options={[{ value: 'weighted', label: '按加权学生数' }, { value: 'pupilRatio', label: '按学生数比例' }]} />
          </Form.Item>
          {split.mode === 'weighted' && (
            <Space orientation="vertical" style={{ marginBottom: 16 }}>
              <Space>
                <Typography.Text style={{ width: 120, display: 'inline-block' }}>九年一贯制</Typography.Text>小学
                <InputNumber aria-label="九年一贯制小学权重" {...w()} value={split.nineYear.primary} onChange={(v) => v && setSplit({ nineYear: { ...split.nineYear, primary: v } })} />
                初中
                <InputNumber aria-label="九年一贯制初中权重" {...w()} value={split.nineYear.junior} onChange={(v) => v && setSplit({ nineYear: { ...split.nineYear, junior: v } })} />
              </Space>
              <Space>
                <Typography.Text style={{ width: 120, display: 'inline-block' }}>十二年一贯制</Typography.Text>小学
                <InputNumber aria-label="十二年一贯制小学权重" {...w()} value={split.twelveYear.primary} onChange={(v) => v && setSplit({ twelveYear: { ...split.twelveYear, primary: v } })} />
                初中
                <InputNumber aria-label="十二年一贯制初中权重" {...w()} value={split.twelveYear.junior} onChange={(v) => v && setSplit({ twelveYear: { ...split.twelveYear, junior: v } })} />
                高中
                <InputNumber aria-label="十二年一贯制高中权重" {...w()} value={split.twelveYear.senior} onChange={(v) => v && setSplit({ twelveYear: { ...split.twelveYear, senior: v } })} />
              </Space>
              <Space>
                <Typography.Text style={{ width: 120, display: 'inline-block' }}>完全中学</Typography.Text>初中
                <InputNumber aria-label="完全中学初中权重" {...w()} value={split.completeMiddle.junior} onChange={(v) => v && setSplit({ completeMiddle: { ...split.completeMiddle, junior: v } })} />
                高中
                <InputNumber aria-label="完全中学高中权重" {...w()} value={split.completeMiddle.senior} onChange={(v) => v && setSplit({ completeMiddle: { ...split.completeMiddle, senior: v } })} />
              </Space>
            </Space>
          )}
          <Form.Item label="教学点" extra="国家办法不排除教学点；部分省份（如河北）不计在校生少于 50 人的教学点。">
            <Space>
              <Radio.Group
                value={s.excludeTeachingPointsBelow === null ? 'all' : 'some'}
                onChange={(e) => setS({ ...s, excludeTeachingPointsBelow: e.target.value === 'all' ? null : (s.excludeTeachingPointsBelow ?? 50) })}
                options={[{ value: 'all', label: '全部参与计算' }, { value: 'some', label: '排除在校生少于' }]}
              />
              <InputNumber aria-label="教学点人数下限" min={1} max={1000} precision={0} disabled={s.excludeTeachingPointsBelow === null} value={s.excludeTeachingPointsBelow} onChange={(v) => v && setS({ ...s, excludeTeachingPointsBelow: v })} suffix="人" />
            </Space>
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

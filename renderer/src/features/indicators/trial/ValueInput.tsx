import { Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { valueCaption, type ResolvedValue } from '../../../../../shared/domain/indicators';

interface Props {
  def: ResolvedValue;
  value: number | string | undefined;
  /** The engine's message when it refused this value (e.g. 80 typed for a ratio); shown under the field. */
  problem?: string;
  ariaLabel: string;
  placeholder?: string;
  width?: number;
  size?: 'small' | 'middle';
  /** Show the Chinese label and unit above the field (default true). */
  showLabel?: boolean;
  onChange: (v: number | string | undefined) => void;
}

/** Typed text → trial value: a plain number becomes a number; anything else ("85%") stays text for the engine to read. */
function toValue(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : t;
}

const HINT: Record<ResolvedValue['scale'], string> = {
  ratio: '如 0.85 或 85%',
  percent: '如 85（即 85%）',
  number: '',
};

/**
 * One named value of the 试算 form, labelled in Chinese. What is typed is passed on as is (a
 * number, or text such as "85%"): the engine reads it against the value's declared scale, and its
 * refusal is shown here — the form never converts or clamps on its own.
 */
export function ValueInput({ def, value, problem, ariaLabel, placeholder, width = 220, size = 'middle', showLabel = true, onChange }: Props) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const [seen, setSeen] = useState(value);
  // Follow outside changes (清空录入, a loaded input) without fighting the user's typing ("0." stays "0.").
  if (value !== seen) {
    setSeen(value);
    if (toValue(text) !== value) setText(value === undefined ? '' : String(value));
  }
  const suffix = def.scale === 'number' ? def.unit || undefined : def.scale === 'percent' ? '%' : undefined;
  return (
    <Flex vertical style={{ width }}>
      {showLabel && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: valueCaption(def) }} data-testid={`value-label-${def.name}`}>
          {valueCaption(def)}
        </Typography.Text>
      )}
      <Input
        size={size}
        aria-label={ariaLabel}
        status={problem ? 'error' : undefined}
        suffix={suffix}
        placeholder={placeholder ?? HINT[def.scale]}
        title={valueCaption(def)}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(toValue(e.target.value));
        }}
      />
      {problem && (
        <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`value-problem-${def.name}`}>
          {problem}
        </Typography.Text>
      )}
    </Flex>
  );
}

import { Form, type FormInstance } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useUnsavedChanges } from '../../app/unsaved';
import { showServerIssues } from '../documents/form-issues';
import { roundFieldOf } from './round-form-values';

/** What a round form (新建评估项目, 项目设置) tells useRoundForm. */
export interface RoundFormOptions<V, R> {
  /** The values the form starts from: unsaved changes are measured against them. */
  initial: V;
  /** A comparable text of the values (createKey, settingsKey): a form is dirty when it differs from the initial one's. */
  keyOf: (values: V) => string;
  /** What would be lost, for the leave dialog (新评估项目的设置). */
  label: string;
  /** The address parameters whose change replaces the form (useUnsavedChanges' `watch`); absent: any change of page. */
  watch?: readonly string[];
  /** Sends the whole form store to the service; rejects with its refusal. */
  save: (values: V) => Promise<R>;
  /** After a save, once the form counts as clean (so navigating away does not ask). */
  afterSave?: (result: R) => void;
}

/**
 * What the round forms share: whether the form holds unsaved changes, with the leave dialog's
 * 保存并离开 (useUnsavedChanges); `submit`, which saves the whole store — not onFinish's values,
 * which hold only fields with an input, while 接收填报 is kept on the stage rows without one (a
 * radio across rows, StageTableEditor) — and resolves true when saved; messages already shown
 * beside fields follow every edit (`recheck`, for onValuesChange: a date fixed in one row clears
 * the message it caused in the next); and a refused save puts the service's Chinese messages beside
 * their fields — a name already taken on the name, the rest (a system no longer published, a unit
 * no longer in the register) above the form as `problems`.
 */
export function useRoundForm<V, R>(form: FormInstance, options: RoundFormOptions<V, R>) {
  const { initial, keyOf, label, watch, save, afterSave } = options;
  const [problems, setProblems] = useState<string[]>([]);
  const initialKey = useMemo(() => keyOf(initial), [keyOf, initial]);
  const draftKey = Form.useWatch((v: V) => keyOf(v), { form, preserve: true });
  const dirty = draftKey !== undefined && draftKey !== initialKey;

  const recheck = useCallback(() => {
    const shown = form
      .getFieldsError()
      .filter((f) => f.errors.length > 0)
      .map((f) => f.name);
    if (shown.length) void form.validateFields(shown).catch(() => undefined);
  }, [form]);

  /** After a refused save: each message where it belongs. */
  const showRefusal = useCallback(
    (e: unknown) => {
      // The one conflict these calls know is a name already taken: it belongs to the name.
      if (e instanceof ApiError && e.code === 'conflict') {
        form.setFields([{ name: 'name', errors: [e.message] }]);
        setProblems([]);
        return;
      }
      const rest = showServerIssues(form, e, roundFieldOf);
      setProblems(rest ?? [errorMessage(e)]);
    },
    [form],
  );

  // The guard is known only after submit is defined (its dialog saves through it): reached through a ref.
  const markClean = useRef<() => void>(() => undefined);
  const submit = async (): Promise<boolean> => {
    setProblems([]);
    try {
      const result = await save(form.getFieldsValue(true) as V);
      markClean.current();
      afterSave?.(result);
      return true;
    } catch (e) {
      showRefusal(e);
      return false;
    }
  };
  const saveFromGuard = async () => {
    try {
      await form.validateFields();
      return await submit();
    } catch {
      return false; // the messages stand beside the fields
    }
  };
  const guard = useUnsavedChanges(dirty, label, saveFromGuard, watch);
  useEffect(() => {
    markClean.current = guard.markClean;
  }, [guard]);

  return { problems, recheck, submit, dirty };
}

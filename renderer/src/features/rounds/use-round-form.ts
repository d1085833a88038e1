import type { FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { showServerIssues } from '../documents/form-issues';
import { roundFieldOf } from './round-form-values';

/**
 * What the round forms share: messages already shown beside fields follow every edit (a date fixed
 * in one row clears the message it caused in the next), and a refused save puts the service's
 * Chinese messages beside their fields — the rest (a system no longer published, a unit no longer
 * in the register) above the form.
 */
export function useRoundForm(form: FormInstance) {
  const [problems, setProblems] = useState<string[]>([]);

  /** onValuesChange: re-checks the fields that show a message now. */
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

  return { problems, clearProblems: useCallback(() => setProblems([]), []), recheck, showRefusal };
}

/**
 * Nothing lost without being asked (issue 10 item 4).
 *
 * Every editor says whether it holds unsaved changes with `useUnsavedChanges(dirty, …)`. One
 * guard for the window (`<UnsavedGuard/>`, in the shell) then catches every way of leaving:
 * - navigation: another page, and — since tabs, the year, the campus and filters live in the
 *   address — a tab, year or campus switch too (react-router's blocker; a router allows one);
 * - closing or reloading the window (`beforeunload`; Electron turns it into a dialog in main);
 * - switches an editor makes without the address (closing a drawer, a modal): `confirmDiscard()`.
 * The dialog offers 保存并离开 when the editor gave a save function, 放弃修改, and 继续编辑.
 */
import { Button, Modal, Space, Typography } from 'antd';
import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useBlocker } from 'react-router';
import { leavesDirtyEditor, type DirtyEditor } from './unsaved-rules';


interface Registry {
  set(id: string, editor: DirtyEditor): void;
  remove(id: string): void;
  list(): DirtyEditor[];
  /** Asks the user; true when they chose to leave (after saving or discarding). */
  ask(): Promise<boolean>;
}

const UnsavedContext = createContext<Registry | null>(null);

type Pending = { resolve: (leave: boolean) => void } | null;

/** Holds the registry and shows the one dialog; wraps the router. */
export function UnsavedProvider({ children }: { children: ReactNode }) {
  const editors = useRef(new Map<string, DirtyEditor>());
  const [pending, setPending] = useState<Pending>(null);
  const [shown, setShown] = useState<DirtyEditor[]>([]);
  const [saving, setSaving] = useState(false);

  const registry = useMemo<Registry>(
    () => ({
      set: (id, editor) => void editors.current.set(id, editor),
      remove: (id) => void editors.current.delete(id),
      list: () => [...editors.current.values()],
      ask: () =>
        new Promise<boolean>((resolve) => {
          if (editors.current.size === 0) return resolve(true);
          setShown([...editors.current.values()]);
          setPending({ resolve });
        }),
    }),
    [],
  );

  // Closing or reloading the window with changes: the browser's (or Electron's) own question.
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (editors.current.size === 0) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  const finish = (leave: boolean) => {
    pending?.resolve(leave);
    setPending(null);
  };
  const savers = shown.filter((e) => e.save);
  const saveAndLeave = async () => {
    setSaving(true);
    try {
      for (const e of savers) if (!(await e.save!())) return finish(false);
      finish(true);
    } finally {
      setSaving(false);
    }
  };

  return (
    <UnsavedContext.Provider value={registry}>
      {children}
      <Modal
        open={pending !== null}
        title="有未保存的修改"
        onCancel={() => finish(false)}
        maskClosable={false}
        // Above every editor's own dialog or drawer (antd's default 1000): an editor opened after
        // this dialog was first shown lies later in the page and would otherwise cover the question.
        zIndex={1100}
        footer={
          <Space>
            <Button onClick={() => finish(false)}>继续编辑</Button>
            <Button danger onClick={() => finish(true)} disabled={saving}>
              放弃修改
            </Button>
            {savers.length === shown.length && savers.length > 0 && (
              <Button type="primary" loading={saving} onClick={() => void saveAndLeave()}>
                保存并离开
              </Button>
            )}
          </Space>
        }
      >
        <Typography.Paragraph>以下内容已修改但尚未保存，离开后这些修改将丢失：</Typography.Paragraph>
        <ul data-testid="unsaved-list">
          {shown.map((e, i) => (
            <li key={i}>{e.label}</li>
          ))}
        </ul>
      </Modal>
    </UnsavedContext.Provider>
  );
}

/** Inside the router: blocks navigation (page, tab, year, filters) while an editor is dirty. */
export function UnsavedGuard() {
  const registry = useContext(UnsavedContext)!;
  const blocker = useBlocker(({ currentLocation, nextLocation }) => leavesDirtyEditor(registry.list(), currentLocation, nextLocation));
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    let live = true;
    void registry.ask().then((leave) => {
      if (!live) return;
      if (leave) blocker.proceed();
      else blocker.reset();
    });
    return () => {
      live = false;
    };
  }, [blocker, registry]);
  return null;
}

export interface UnsavedChanges {
  /** Before a switch the address does not see: asks when dirty; true = go on. */
  confirmDiscard(): Promise<boolean>;
  /** After saving (or on purpose discarding) and before navigating in the same tick. */
  markClean(): void;
}

/**
 * Registers an editor while `dirty`. `label` names what would be lost; `save`, when given, lets
 * the dialog offer 保存并离开; `watch` narrows which address changes count (see DirtyEditor).
 */
export function useUnsavedChanges(dirty: boolean, label: string, save?: () => Promise<boolean>, watch?: readonly string[]): UnsavedChanges {
  const registry = useContext(UnsavedContext);
  const id = useId();
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });
  // Callers pass literal arrays; compare by content so each render does not re-register.
  const watchKey = watch === undefined ? undefined : JSON.stringify(watch);
  useEffect(() => {
    if (!registry || !dirty) return;
    registry.set(id, { label, save: saveRef.current ? () => saveRef.current!() : undefined, watch: watchKey === undefined ? undefined : (JSON.parse(watchKey) as string[]) });
    return () => registry.remove(id);
  }, [registry, id, dirty, label, watchKey]);
  const confirmDiscard = useCallback(async () => {
    if (!registry || !dirty) return true;
    return registry.ask();
  }, [registry, dirty]);
  const markClean = useCallback(() => registry?.remove(id), [registry, id]);
  return useMemo(() => ({ confirmDiscard, markClean }), [confirmDiscard, markClean]);
}

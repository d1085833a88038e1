/**
 * Rendering for services that need one document's bytes inside a larger piece of work (a fill-in
 * package's report draft): handed to the task runner like every other rendering, so in the app it
 * runs on the worker pool and the core's thread never loads the renderers.
 */
import type { DocModel } from '../../documents/model';
import type { TaskRunner } from '../../workers/task-runner';

/** `doc` as DOCX bytes, rendered by `tasks` (the `render` task); aborting `signal` rejects with TaskAborted. */
export function renderDocxOnPool(tasks: TaskRunner, signal?: AbortSignal): (doc: DocModel) => Promise<Buffer> {
  return async (doc) => {
    const rendered = await tasks.run('render', { doc, formats: ['docx'] }, { signal });
    const file = rendered.files.find((f) => f.format === 'docx');
    if (!file) throw new Error('DOCX 未生成');
    return file.buffer;
  };
}

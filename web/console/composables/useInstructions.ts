import { api, call } from '@common/api/client';
import type { paths } from '@common/api/schema';
import { usePagedList } from './usePagedList';

type Answer = paths['/api/instructions']['get']['responses'][200]['content']['application/json'];
/** A leader's instruction (批示) and the request it was given on. */
export type Instruction = Answer['items'][number];

/** The leaders' instructions the caller may see, newest first, page by page. */
export function useInstructions() {
  const list = usePagedList((cursor: string | null) =>
    call(api.GET('/api/instructions', { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } })),
  );
  return { ...list, load: (more = false) => list.load(more) };
}

import type { Actor } from '../../domain/actor.ts';
import { parseSearchQuery } from '../../domain/text/search.ts';
import type { Outcome } from '../../domain/ticket/types.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';

export interface NamedRef {
  id: string;
  nameZh: string;
  nameEn: string;
}

const named = (x: { id: string; nameZh: string; nameEn: string } | undefined): NamedRef | null =>
  x === undefined ? null : { id: x.id, nameZh: x.nameZh, nameEn: x.nameEn };

/** An answered request shown while someone writes a new one: the question and the unit's answer. */
export interface SimilarTicket {
  /** Set only for the caller's own requests (the others are published anonymised: no link). */
  id: string | null;
  ref: string | null;
  mine: boolean;
  title: string;
  category: NamedRef | null;
  unit: NamedRef | null;
  outcome: Outcome;
  /** The unit's public answer (the text of its resolution). */
  answer: string;
  resolvedAt: number;
}

export interface SimilarQuery {
  q: string;
  categoryId?: string;
  limit?: number;
}

/**
 * Requests already answered that match what is being typed, best matches first: the
 * caller's own, and everyone's whose submitter agreed to publish the answer. Only the title,
 * the unit and the public answer are shown for others' requests — never the body, the place
 * or the person.
 */
export async function findSimilarAnswered(deps: AppDeps, actor: Actor, query: SimilarQuery): Promise<SimilarTicket[]> {
  if (actor.kind !== 'user') throw new AppError('AUTH_REQUIRED');
  const terms = parseSearchQuery(query.q);
  if (terms.length === 0) return [];
  const limit = Math.min(Math.max(query.limit ?? 5, 1), 10);
  const page = await deps.db.stores.tickets.list(
    {
      visibleTo: { submitterId: actor.userId, published: true },
      statuses: ['resolved', 'closed'],
      search: terms,
      ...(query.categoryId ? { categoryId: query.categoryId } : {}),
    },
    'relevance',
    limit,
    null,
  );
  const answered = page.items.filter((t) => t.outcome !== null && t.resolvedAt !== null);
  const [timelines, directory] = await Promise.all([
    Promise.all(answered.map((t) => deps.db.stores.events.listForTicket(t.id, 'public'))),
    deps.directory.get(),
  ]);
  return answered.map((t, i) => {
    const mine = t.submitterId === actor.userId;
    const resolution = timelines[i]?.findLast((e) => e.data.type === 'resolved');
    return {
      id: mine ? t.id : null,
      ref: mine ? t.ref : null,
      mine,
      title: t.title,
      category: t.categoryId === null ? null : named(directory.categories.get(t.categoryId)),
      unit: t.unitId === null ? null : named(directory.units.get(t.unitId)),
      outcome: t.outcome as Outcome,
      answer: resolution?.data.type === 'resolved' ? resolution.data.text : '',
      resolvedAt: t.resolvedAt as number,
    };
  });
}

import type { RoleGrant, User } from '@common/api/client';
import { computed, reactive } from 'vue';

export interface SessionState {
  user: User | null;
  grants: RoleGrant[];
  /** GET /api/me has answered once (signed in or not). */
  restored: boolean;
  readonly officerUnitIds: string[];
  readonly isOfficer: boolean;
}

/**
 * Who is signed in on this phone, and what they may do: one reactive object for the whole app
 * (plain reactive() rather than a Pinia store: the phone app has no other store, and this keeps
 * Pinia out of the JavaScript loaded before the first page).
 */
const store: SessionState = reactive({
  user: null,
  grants: [],
  restored: false,
  officerUnitIds: computed((): string[] =>
    store.grants.filter((g) => g.role === 'officer' && g.unitId).map((g) => g.unitId as string),
  ),
  isOfficer: computed((): boolean => store.officerUnitIds.length > 0),
});

export function useSessionStore(): SessionState {
  return store;
}

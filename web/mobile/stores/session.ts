import type { RoleGrant, User } from '@common/api/client';
import { computed, reactive } from 'vue';

/** The project's default zone (TIME_ZONE unset), until GET /api/me says otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
export const DEFAULT_UTC_OFFSET_MINUTES = 480;

export interface SessionState {
  user: User | null;
  grants: RoleGrant[];
  /** GET /api/me has answered once (signed in or not). */
  restored: boolean;
  /**
   * The institution's IANA time zone and its UTC offset (minutes east of UTC) as the server
   * last told them; every instant is shown in that zone. Asia/Shanghai until a session says.
   */
  timeZone: string;
  utcOffsetMinutes: number;
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
  timeZone: DEFAULT_TIME_ZONE,
  utcOffsetMinutes: DEFAULT_UTC_OFFSET_MINUTES,
  officerUnitIds: computed((): string[] =>
    store.grants.filter((g) => g.role === 'officer' && g.unitId).map((g) => g.unitId as string),
  ),
  isOfficer: computed((): boolean => store.officerUnitIds.length > 0),
});

export function useSessionStore(): SessionState {
  return store;
}

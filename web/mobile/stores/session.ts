import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RoleGrant, User } from '@common/api/client';

/** Who is signed in on this phone, and what they may do. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<User | null>(null);
  const grants = ref<RoleGrant[]>([]);
  const restored = ref(false);
  const officerUnitIds = computed(() => grants.value.filter((g) => g.role === 'officer' && g.unitId).map((g) => g.unitId as string));
  const isOfficer = computed(() => officerUnitIds.value.length > 0);
  return { user, grants, restored, officerUnitIds, isOfficer };
});

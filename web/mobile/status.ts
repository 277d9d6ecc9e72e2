import type { TicketView } from '@common/api/client';

export type TagType = 'primary' | 'success' | 'danger' | 'warning' | 'default';

/** The colour of a request's status tag (StatusTag.vue, and the rows of ListPage.vue). */
export function statusTagType(status: TicketView['status']): TagType {
  switch (status) {
    case 'pending':
    case 'dispatch':
      return 'warning';
    case 'processing':
      return 'primary';
    case 'awaiting_submitter':
      return 'danger';
    case 'resolved':
    case 'closed':
      return 'success';
    default:
      return 'default';
  }
}

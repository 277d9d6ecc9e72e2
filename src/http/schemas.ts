import { type Static, Type, type TSchema } from 'typebox';
import { ROLES } from '../domain/actor.ts';
import { TICKET_ACTIONS, TICKET_STATUSES } from '../domain/ticket/types.ts';

const shared: TSchema[] = [];

/**
 * A named schema: registered once with Fastify (so the OpenAPI document lists it under
 * components.schemas) and referenced by $ref everywhere else, keeping its static type.
 */
function component<T extends TSchema>(id: string, schema: T) {
  shared.push({ ...schema, $id: id } as TSchema);
  return Type.Unsafe<Static<T>>({ $ref: `${id}#` });
}

/** Every named schema, to be added with app.addSchema before the routes. */
export const SHARED_SCHEMAS: readonly TSchema[] = shared;

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.Integer({ description: 'epoch milliseconds (UTC)' });

export const Problem = component(
  'Problem',
  Type.Object(
    {
      type: Type.String(),
      title: Type.String(),
      status: Type.Integer(),
      detail: Type.String(),
      code: Type.String(),
      instance: Type.Optional(Type.String()),
      requestId: Type.String(),
      errors: Type.Optional(
        Type.Array(Type.Object({ field: Type.Optional(Type.String()), code: Type.String(), detail: Type.String() })),
      ),
    },
    { description: 'RFC 9457 problem details (application/problem+json)' },
  ),
);

export const NamedRef = component(
  'NamedRef',
  Type.Object({ id: Type.String(), nameZh: Type.String(), nameEn: Type.String() }),
);

export const Rating = component(
  'Rating',
  Type.Object({
    attitude: Type.Integer({ minimum: 1, maximum: 5 }),
    quality: Type.Integer({ minimum: 1, maximum: 5 }),
    solved: Type.Boolean(),
    comment: Nullable(Type.String({ maxLength: 5000 })),
  }),
);

export const Photo = component(
  'Photo',
  Type.Object(
    {
      id: Type.String(),
      url: Type.String({ description: 'the re-encoded image (JPEG, at most 2560 px), for those who may see it' }),
      thumbUrl: Type.String({ description: 'a thumbnail of about 320 px' }),
      width: Type.Integer(),
      height: Type.Integer(),
    },
    { description: 'A photo of a request: re-encoded, without EXIF/GPS metadata' },
  ),
);

export const TicketStatus = Type.Enum([...TICKET_STATUSES]);
export const TicketAction = Type.Enum([...TICKET_ACTIONS]);

export const TicketView = component(
  'TicketView',
  Type.Object({
    id: Type.String(),
    ref: Type.String({ description: 'human reference YYYYMMDD-NNNN' }),
    title: Type.String(),
    body: Type.String(),
    place: Nullable(Type.String()),
    status: TicketStatus,
    category: Nullable(NamedRef),
    unit: Nullable(NamedRef),
    coUnits: Type.Array(NamedRef),
    submitter: Nullable(
      Type.Object({
        id: Type.String(),
        displayName: Type.String(),
        email: Nullable(Type.String()),
        phone: Nullable(Type.String()),
      }),
    ),
    anonymousToUnit: Type.Boolean(),
    publishConsent: Type.Boolean(),
    escalationLevel: Type.Integer({ minimum: 0, maximum: 3 }),
    acceptDueAt: Nullable(Instant),
    resolveDueAt: Nullable(Instant),
    pendingExtensionUntil: Nullable(Instant),
    overdue: Type.Boolean(),
    workingDaysLeft: Nullable(
      Type.Integer({
        description:
          'working days left to the deadline that matters now (accept in dispatch, else resolve), by the working calendar in force (holidays, adjusted days, the institution’s own days): 0 = due today, negative once passed; null when no clock runs (closed, waiting on the submitter, no deadline)',
      }),
    ),
    createdAt: Instant,
    updatedAt: Instant,
    acceptedAt: Nullable(Instant),
    resolvedAt: Nullable(Instant),
    outcome: Nullable(Type.Union([Type.Literal('resolved'), Type.Literal('explained')])),
    resolvedOnTime: Nullable(Type.Boolean()),
    closedAt: Nullable(Instant),
    closedUnrated: Type.Boolean(),
    rating: Nullable(Rating),
    reopenCount: Type.Integer(),
    flagged: Type.Boolean(),
    excellent: Type.Boolean(),
    mergedInto: Nullable(Type.String()),
    allowedActions: Type.Array(TicketAction),
    photos: Type.Array(Photo),
  }),
);

export const MergedOutcome = component(
  'MergedOutcome',
  Type.Object(
    {
      id: Type.String(),
      ref: Type.String(),
      status: TicketStatus,
      answer: Nullable(
        Type.Object({
          outcome: Type.Union([Type.Literal('resolved'), Type.Literal('explained')]),
          text: Type.String(),
          at: Instant,
        }),
      ),
    },
    {
      description:
        'For a merged request: the request it was merged into, its state and latest public answer (never its submitter); null otherwise',
    },
  ),
);

export const TimelineEntry = component(
  'TimelineEntry',
  Type.Object({
    id: Type.String(),
    seq: Type.Integer(),
    at: Instant,
    type: Type.String(),
    visibility: Type.Union([Type.Literal('public'), Type.Literal('internal')]),
    actor: Type.Object({ id: Nullable(Type.String()), role: Type.String(), displayName: Nullable(Type.String()) }),
    unit: Nullable(NamedRef),
    data: Type.Record(Type.String(), Type.Unknown()),
  }),
);

export const RoleGrant = component(
  'RoleGrant',
  Type.Object({
    role: Type.Enum([...ROLES]),
    unitId: Nullable(Type.String()),
  }),
);

const UserFields = {
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  kind: Type.String(),
  active: Type.Boolean(),
  createdAt: Instant,
};

export const User = component('User', Type.Object(UserFields));

export const UserWithGrants = component(
  'UserWithGrants',
  Type.Object({ ...UserFields, grants: Type.Array(RoleGrant) }),
);

export const Unit = component(
  'Unit',
  Type.Object({
    id: Type.String(),
    code: Type.String(),
    nameZh: Type.String(),
    nameEn: Type.String(),
    kind: Type.Union([Type.Literal('department'), Type.Literal('college'), Type.Literal('other')]),
    active: Type.Boolean(),
    createdAt: Instant,
  }),
);

export const Category = component(
  'Category',
  Type.Object({
    id: Type.String(),
    code: Type.String(),
    nameZh: Type.String(),
    nameEn: Type.String(),
    defaultUnitId: Nullable(Type.String()),
    active: Type.Boolean(),
    sort: Type.Integer(),
  }),
);

export const PolicyFields = component(
  'PolicyFields',
  Type.Object(
    {
      acceptDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
      resolveDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
      supervisorAfterDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
      leaderAfterDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 60 }))),
      maxInterimDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
      autoCloseDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
      reopenDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
    },
    // A misspelt limit (resolvedays, resolve_days) is refused, not stored as a rule that does nothing.
    { additionalProperties: false },
  ),
);

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Error responses every route may give; all are application/problem+json. */
export const ProblemResponses = {
  '4xx': Problem,
  '5xx': Problem,
};

export { Nullable, Instant };

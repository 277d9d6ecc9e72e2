import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  createCategory,
  createUnit,
  createUser,
  resetPassword,
  updateCategory,
  updateUnit,
  updateUser,
  USER_KINDS,
} from '../../../app/admin/directory.ts';
import { deletePolicy, listPolicies, setPolicy } from '../../../app/admin/policies.ts';
import type { AppDeps } from '../../../app/context.ts';
import { AppError } from '../../../app/errors.ts';
import { ROLES, type Role } from '../../../domain/actor.ts';
import { requireRole, requireUser } from '../../plugins/auth.ts';
import {
  Category,
  IdParam,
  Nullable,
  PolicyFields,
  ProblemResponses,
  RoleGrant,
  Unit,
  UserWithGrants,
} from '../../schemas.ts';

const UnitKind = Type.Union([Type.Literal('department'), Type.Literal('college'), Type.Literal('other')]);
const UnitBody = Type.Object(
  {
    code: Type.String({ maxLength: 40 }),
    nameZh: Type.String({ maxLength: 100 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    kind: Type.Optional(UnitKind),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const CategoryBody = Type.Object(
  {
    code: Type.String({ maxLength: 40 }),
    nameZh: Type.String({ maxLength: 100 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    defaultUnitId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
    active: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Integer({ minimum: -10000, maximum: 10000 })),
  },
  { additionalProperties: false },
);
/** What a person is; a kind outside these is refused (400) before anything changes. */
const UserKind = Type.Enum([...USER_KINDS], { type: 'string', description: 'student (学生) or staff (教职工)' });
const UserBody = Type.Object(
  {
    username: Type.String({ maxLength: 64 }),
    displayName: Type.String({ maxLength: 100 }),
    email: Type.Optional(Nullable(Type.String({ maxLength: 200, format: 'email' }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    kind: Type.Optional(UserKind),
    password: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
    grants: Type.Optional(Type.Array(RoleGrant, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const UserPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ maxLength: 100 })),
    email: Type.Optional(Nullable(Type.String({ maxLength: 200, format: 'email' }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
    kind: Type.Optional(UserKind),
    active: Type.Optional(Type.Boolean()),
    grants: Type.Optional(Type.Array(RoleGrant, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const adminRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  const s = deps.db.stores;
  const withGrants = async (u: import('../../../app/ports/store.ts').User) => ({
    ...u,
    grants: await s.users.grants(u.id),
  });

  app.get(
    '/units',
    {
      schema: {
        tags: ['directory'],
        summary: 'Units (单位); any signed-in user (the submit form needs them)',
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(Unit), ...ProblemResponses },
      },
    },
    async (req) => {
      requireUser(req);
      return s.units.list(req.query.all ?? false);
    },
  );
  app.post(
    '/units',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a unit',
        body: UnitBody,
        response: { 201: Unit, ...ProblemResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      return reply.status(201).send(await createUnit(deps, req.body));
    },
  );
  app.patch(
    '/units/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a unit',
        params: IdParam,
        body: Type.Partial(UnitBody, { additionalProperties: false }),
        response: { 200: Unit, ...ProblemResponses },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return updateUnit(deps, req.params.id, req.body);
    },
  );

  app.get(
    '/categories',
    {
      schema: {
        tags: ['directory'],
        summary: 'Categories with their default units',
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Array(Category), ...ProblemResponses },
      },
    },
    async (req) => {
      requireUser(req);
      return s.categories.list(req.query.all ?? false);
    },
  );
  app.post(
    '/categories',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a category',
        body: CategoryBody,
        response: { 201: Category, ...ProblemResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      return reply.status(201).send(await createCategory(deps, req.body));
    },
  );
  app.patch(
    '/categories/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a category (e.g. its default unit)',
        params: IdParam,
        body: Type.Partial(CategoryBody, { additionalProperties: false }),
        response: { 200: Category, ...ProblemResponses },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return updateCategory(deps, req.params.id, req.body);
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Users with their roles',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 100 })),
          role: Type.Optional(Type.String({ maxLength: 20 })),
          unitId: Type.Optional(Type.String({ maxLength: 64 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          cursor: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: {
          200: Type.Object({ items: Type.Array(UserWithGrants), nextCursor: Nullable(Type.String()) }),
          ...ProblemResponses,
        },
      },
    },
    async (req) => {
      requireRole(req, 'admin', 'supervisor');
      // An unknown role is a mistake to name, not an empty list.
      const role = req.query.role;
      if (role !== undefined && !ROLES.includes(role as Role)) {
        throw new AppError('VALIDATION', 'role', { rule: 'one_of', allowed: ROLES.join(', ') });
      }
      const page = await s.users.list(
        { q: req.query.q, role: role as Role | undefined, unitId: req.query.unitId },
        req.query.limit ?? 50,
        req.query.cursor ?? null,
      );
      return { items: await Promise.all(page.items.map(withGrants)), nextCursor: page.nextCursor };
    },
  );
  app.post(
    '/users',
    {
      schema: {
        tags: ['admin'],
        summary: 'Create a user (with a local password and roles)',
        body: UserBody,
        response: { 201: UserWithGrants, ...ProblemResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      return reply.status(201).send(await withGrants(await createUser(deps, req.body)));
    },
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change a user; `grants` replaces all roles',
        description:
          'Deactivating a user ends their sign-in sessions (their API tokens are refused while the account is inactive). A change that would leave no active admin is refused (409 LAST_ADMIN); nobody deactivates their own account (409 CANNOT_DEACTIVATE_SELF).',
        params: IdParam,
        body: UserPatch,
        response: { 200: UserWithGrants, ...ProblemResponses },
      },
    },
    async (req) => {
      const a = requireRole(req, 'admin');
      return withGrants(await updateUser(deps, req.params.id, req.body, a.user.id));
    },
  );
  app.post(
    '/users/:id/password',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set a user’s local password',
        description:
          "Ends all of the user's sign-in sessions. Their API tokens are separate credentials and keep working until revoked.",
        params: IdParam,
        body: Type.Object({ password: Type.String({ minLength: 8, maxLength: 200 }) }),
        response: { 204: Type.Null(), ...ProblemResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      const u = await s.users.get(req.params.id);
      if (!u) throw new AppError('USER_NOT_FOUND');
      await resetPassword(deps, u.username, req.body.password);
      return reply.status(204).send(null);
    },
  );

  const PolicyRule = Type.Object({
    id: Type.String(),
    unitId: Nullable(Type.String()),
    categoryId: Nullable(Type.String()),
    policy: PolicyFields,
  });
  app.get(
    '/policies',
    {
      schema: {
        tags: ['admin'],
        summary: 'Escalation policies: defaults and per unit/category rules',
        response: { 200: Type.Object({ defaults: PolicyFields, rules: Type.Array(PolicyRule) }), ...ProblemResponses },
      },
    },
    async (req) => {
      requireRole(req, 'admin', 'supervisor');
      return listPolicies(deps);
    },
  );
  app.put(
    '/policies',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set the limits (working days) for a unit, a category or both',
        body: Type.Object(
          { unitId: Nullable(Type.String()), categoryId: Nullable(Type.String()), policy: PolicyFields },
          { additionalProperties: false },
        ),
        response: { 200: PolicyRule, ...ProblemResponses },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      const { acceptDays, resolveDays } = req.body.policy;
      if (acceptDays !== undefined && resolveDays !== undefined && acceptDays > resolveDays) {
        throw new AppError('VALIDATION', 'acceptDays', {
          rule: 'accept_after_resolve',
          accept: acceptDays,
          resolve: resolveDays,
        });
      }
      return setPolicy(deps, req.body.unitId, req.body.categoryId, req.body.policy);
    },
  );
  app.delete(
    '/policies/:id',
    {
      schema: {
        tags: ['admin'],
        summary: 'Remove a policy rule',
        params: IdParam,
        response: { 204: Type.Null(), ...ProblemResponses },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      await deletePolicy(deps, req.params.id);
      return reply.status(204).send(null);
    },
  );
};

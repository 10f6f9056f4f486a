// The one IPC contract: every channel once, with its input schema, its result type and who
// may call it. The router (main/ipc/router.ts), the Electron binding, the e2e bridge and the
// renderer's typed client are all derived from this object; nothing else defines a channel.
import { z } from 'zod';
import type { Access, Permission } from './permissions';
import { ALL_PERMISSIONS } from './permissions';
import type { AccountStatus, AdminLevel } from './types';
import type * as T from './types';

export interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Writes data: runs in a transaction that must record at least one audit entry. */
  writes: boolean;
  /** Largest accepted input, in bytes of JSON. */
  maxBytes: number;
  /** Phantom field carrying the result type; never set at run time. */
  readonly result?: O;
}

const DEFAULT_MAX_BYTES = 64 * 1024;

function channel<O>() {
  return <I extends z.ZodType>(def: { input: I; access: Access; writes?: boolean; maxBytes?: number }): ChannelDef<I, O> => ({
    input: def.input,
    access: def.access,
    writes: def.writes ?? false,
    maxBytes: def.maxBytes ?? DEFAULT_MAX_BYTES,
  });
}

const none = z.object({}).strict();

// Field rules shared by the setup screen and account creation.
export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only');
export const personNameSchema = z.string().trim().min(1).max(100);
export const emailSchema = z.string().trim().max(254).email();
/** NIST SP 800-63B: length only, any Unicode, at least 64 allowed (we allow 128). */
export const passwordSchema = z.string().min(12).max(128);
export const permissionSchema = z.enum(ALL_PERMISSIONS as [Permission, ...Permission[]]);
export const accountStatusSchema = z.enum(['active', 'locked', 'inactive'] satisfies AccountStatus[]);
export const adminLevelSchema = z.enum(['none', 'limited', 'full'] satisfies AdminLevel[]);
const isoDate = z.iso.datetime({ offset: true });

export const contract = {
  'app.health': channel<T.AppHealth>()({ input: none, access: 'public' }),

  'auth.status': channel<T.AuthStatus>()({ input: none, access: 'public' }),
  'auth.setup': channel<T.SessionAccount>()({
    input: z
      .object({
        username: usernameSchema,
        firstName: personNameSchema,
        lastName: personNameSchema,
        email: emailSchema,
        password: passwordSchema,
      })
      .strict(),
    access: 'public',
    writes: true,
  }),
  'auth.signIn': channel<T.SessionAccount>()({
    // Sign-in accepts any string up to the limits: rules are for choosing a password.
    input: z.object({ username: z.string().max(254), password: z.string().max(1024) }).strict(),
    access: 'public',
    // Every attempt is recorded (sign_in_attempts + audit), so sign-in and sign-out write.
    writes: true,
  }),
  'auth.signOut': channel<null>()({ input: none, access: 'signedIn', writes: true }),

  'dashboard.counts': channel<T.DashboardCounts>()({ input: none, access: 'signedIn' }),

  'accounts.list': channel<T.Page<T.AccountSummary>>()({
    input: z
      .object({
        query: z.string().max(200).default(''),
        includeInactive: z.boolean().default(false),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    access: 'manager.accounts',
  }),
  'accounts.create': channel<T.AccountSummary>()({
    input: z
      .object({
        username: usernameSchema,
        firstName: personNameSchema,
        lastName: personNameSchema,
        email: emailSchema,
        password: passwordSchema,
        status: z.enum(['active', 'locked']).default('active'),
        adminLevel: adminLevelSchema.default('none'),
        permissions: z.array(permissionSchema).max(64).default([]),
      })
      .strict(),
    access: 'manager.accounts',
    writes: true,
  }),

  'audit.list': channel<T.Page<T.AuditRecord> & { actions: string[] }>()({
    input: z
      .object({
        actor: z.string().max(100).optional(),
        action: z.string().max(100).optional(),
        target: z.string().max(200).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    access: 'manager.rights',
  }),
} as const;

/** Push events from main to the renderer. */
export const events = {
  /** Something changed in these areas; views showing them reload. */
  'data.changed': z.object({ areas: z.array(z.string()) }),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>;
export type ChannelParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>;
export type ChannelResult<K extends ChannelName> = NonNullable<Contract[K]['result']> extends never ? null : Exclude<Contract[K]['result'], undefined>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** What both transports expose to the renderer as `window.vigie`. */
export interface VigieBridge {
  call(channel: string, input: unknown): Promise<import('./errors').Result<unknown>>;
  /** Subscribes to a push event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

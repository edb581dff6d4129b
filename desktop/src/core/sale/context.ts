import { KeelError, roleAtLeast, StoreSettingsSchema, textLine, toKeelError, type Role, type StoreSettings } from '@keel/shared';
import type { CatalogReader, PeopleService, Person } from '../catalog/types';
import type { CoreClock, IdSource } from '../deps';
import type { CardTerminal } from '../payments/card-terminal';
import type { Db } from '../store/database';
import type { Journal } from './journal';

/** Who is logged in at the till; kept by the session (people/), read here. */
export interface SessionReader {
  current(): Person | null;
}

/** The parts of the terminal's enrollment that documents carry. */
export interface TerminalRef {
  terminalId: string;
  storeId: string;
  terminalCode: string;
}

/** Everything the sale services use, passed in (STYLE.md: no module state, injected clock and ids). */
export interface SaleDeps {
  db: Db;
  journal: Journal;
  catalog: CatalogReader;
  people: PeopleService;
  session: SessionReader;
  terminal: TerminalRef;
  cardTerminal: CardTerminal;
  clock: CoreClock;
  ids: IdSource;
}

/**
 * One flag shared by the services of one terminal: card payments are awaited, and while a
 * checkout (or a card refund) waits for the terminal, nothing else may change the cart, close
 * the shift or start a second payment. Core is single-threaded, so a plain flag is enough.
 */
export class PaymentLock {
  private holder: string | null = null;

  get busy(): boolean {
    return this.holder !== null;
  }

  assertFree(): void {
    if (this.holder !== null) throw new KeelError('BUSY', `A ${this.holder} is in progress; wait for it to finish.`);
  }

  async run<T>(what: string, work: () => Promise<T>): Promise<T> {
    this.assertFree();
    this.holder = what;
    try {
      return await work();
    } finally {
      this.holder = null;
    }
  }
}

export interface SaleContext extends SaleDeps {
  lock: PaymentLock;
}

export function requirePerson(ctx: Pick<SaleDeps, 'session'>): Person {
  const person = ctx.session.current();
  if (!person) throw new KeelError('SESSION_REQUIRED');
  return person;
}

/**
 * Who approves an action that needs at least `minRole`: nobody else when the person's own role
 * suffices (null), otherwise the holder of the PIN (PeopleService.approve: APPROVAL_REQUIRED
 * without a PIN, PIN_INVALID for a wrong one or too low a role).
 */
export function approverFor(ctx: Pick<SaleDeps, 'people'>, person: Person, minRole: Role, approverPin: string | undefined): Person | null {
  if (roleAtLeast(person.role, minRole)) return null;
  return ctx.people.approve(approverPin, minRole);
}

const ReasonSchema = textLine(200);

/**
 * A reason as the document schemas take it (one line, not blank, ≤ 200). Checked before any
 * card terminal call: a refund must not pay money back to a card and then fail validation.
 */
export function assertReason(reason: string): void {
  const parsed = ReasonSchema.safeParse(reason);
  if (!parsed.success) throw KeelError.fromZodError(parsed.error, 'The reason must be one line of at most 200 characters.');
}

/**
 * The store's settings, parsed so that defaults (rounding mode, cash rounding) are filled in.
 * Before the first sync there are none, and nothing can be priced: UNAVAILABLE, retryable
 * once the catalog arrived.
 */
export function requireSettings(ctx: Pick<SaleDeps, 'catalog'>): StoreSettings {
  const raw = ctx.catalog.settings();
  if (!raw) throw new KeelError('UNAVAILABLE', 'The store settings have not been synced to this terminal yet.');
  let parsed = parsedSettings.get(raw);
  if (!parsed) {
    parsed = StoreSettingsSchema.parse(raw);
    parsedSettings.set(raw, parsed);
  }
  return parsed;
}

// The replica hands out the same settings object until they change, so each version is
// validated once rather than on every sale.
const parsedSettings = new WeakMap<object, StoreSettings>();

/**
 * Errors out of the shared engine keep their code (PricingError → KeelError); anything else
 * thrown while committing is the local database failing: STORAGE_FAILED, with the cause kept
 * for the log and nothing of it in the message.
 */
export function asCommitError(thrown: unknown, what: string): KeelError {
  const error = toKeelError(thrown);
  if (error.code !== 'INTERNAL') return error;
  return new KeelError('STORAGE_FAILED', `The ${what} could not be saved on this terminal; nothing of it was recorded.`, undefined, { cause: thrown });
}

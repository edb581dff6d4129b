import { discountLimitFor, KeelError, type Discount, type PricedCart, type StoreSettings } from '@keel/shared';
import type { PeopleService, Person } from '../catalog/types';
import { cartBase, lineBase } from './cart-pricing';
import type { CartState, GrantedDiscount } from './cart-state';

/**
 * Who may give how much discount. Limits are basis points of the amount discounted (shared
 * discountLimitFor: the user's own limit, else the store's limit for the role). An amount
 * discount counts as its share of the amount it comes off: 2.00 off 10.00 is 2000 bp.
 */

/** The discount's share of `baseMinor`, in basis points, rounded up so a limit is never undercut by rounding. */
export function shareBasisPoints(discount: Discount, baseMinor: number): number {
  if (discount.kind === 'percent') return discount.basisPoints;
  if (baseMinor <= 0) return 0;
  // The engine caps an amount discount at its base, so the share never exceeds 100 %.
  const amount = BigInt(Math.min(discount.amountMinor, baseMinor));
  const base = BigInt(baseMinor);
  return Number((amount * 10_000n + base - 1n) / base);
}

export function exceedsLimit(discount: Discount, baseMinor: number, limitBasisPoints: number): boolean {
  return shareBasisPoints(discount, baseMinor) > limitBasisPoints;
}

export interface DiscountRequest {
  discount: Discount | null;
  baseMinor: number;
  person: Person;
  settings: StoreSettings;
  people: PeopleService;
  approverPin: string | undefined;
}

/**
 * Grants a discount: within the cashier's own limit, alone; beyond it, with the PIN of a
 * supervisor (or manager) whose own limit covers it. No PIN: APPROVAL_REQUIRED, so the UI asks
 * for one. An approver whose limit is too low as well: DISCOUNT_LIMIT_EXCEEDED.
 */
export function grantDiscount(request: DiscountRequest): GrantedDiscount | null {
  const { discount, baseMinor, person, settings } = request;
  if (discount === null) return null;
  const ownLimit = discountLimitFor(person, settings);
  if (!exceedsLimit(discount, baseMinor, ownLimit)) return { discount, approvedBy: null, limitBasisPoints: ownLimit };
  const requestedBasisPoints = shareBasisPoints(discount, baseMinor);
  if (request.approverPin === undefined) {
    throw new KeelError('APPROVAL_REQUIRED', 'This discount is above your limit; a supervisor must approve it.', {
      action: 'discount',
      limitBasisPoints: ownLimit,
      requestedBasisPoints,
    });
  }
  const approver = request.people.approve(request.approverPin, 'supervisor');
  const approverLimit = discountLimitFor(approver, settings);
  if (exceedsLimit(discount, baseMinor, approverLimit)) {
    throw new KeelError('DISCOUNT_LIMIT_EXCEEDED', 'The discount is above the approver’s limit too.', {
      limitBasisPoints: approverLimit,
      requestedBasisPoints,
    });
  }
  return { discount, approvedBy: approver.id, limitBasisPoints: approverLimit };
}

/**
 * After any change to a cart: every amount discount must still be within the limit of whoever
 * allowed it. Otherwise removing items under a fixed amount off would turn an allowed 10 % into
 * 50 %. The change is refused with DISCOUNT_LIMIT_EXCEEDED naming the discount to revisit.
 */
export function assertDiscountsHold(cart: CartState, priced: PricedCart): void {
  for (const line of cart.lines) {
    if (line.discount && exceedsLimit(line.discount.discount, lineBase(priced, line.lineId), line.discount.limitBasisPoints)) {
      throw stretched({ lineId: line.lineId }, line.discount, lineBase(priced, line.lineId));
    }
  }
  if (cart.cartDiscount && exceedsLimit(cart.cartDiscount.discount, cartBase(priced), cart.cartDiscount.limitBasisPoints)) {
    throw stretched({ lineId: null }, cart.cartDiscount, cartBase(priced));
  }
}

function stretched(where: { lineId: string | null }, granted: GrantedDiscount, baseMinor: number): KeelError {
  return new KeelError('DISCOUNT_LIMIT_EXCEEDED', 'After this change a discount would exceed the limit it was allowed under; change the discount first.', {
    ...where,
    limitBasisPoints: granted.limitBasisPoints,
    requestedBasisPoints: shareBasisPoints(granted.discount, baseMinor),
  });
}

import { CartService } from './cart';
import { CheckoutService } from './checkout';
import { PaymentLock, type SaleDeps } from './context';
import { DrawerService } from './drawer';
import { PaymentRecoveryService } from './payment-recovery';
import { RefundService } from './refund';
import { SaleLookup } from './sale-lookup';
import { ShiftService } from './shift';
import { VoidService } from './void';

/**
 * The terminal's selling services, built once per open ledger and sharing one payment lock.
 * IPC handlers map onto them 1:1: cart.* → cart, checkout.complete → checkout.complete,
 * sale.refund → refunds.refund, sale.void → voids.void, sale.find/list → lookup,
 * drawer.noSale → drawer.noSale, payment.pending/resolve/resolveManually → recovery,
 * shift.* → shifts.
 */
export interface SaleServices {
  cart: CartService;
  checkout: CheckoutService;
  refunds: RefundService;
  recovery: PaymentRecoveryService;
  voids: VoidService;
  lookup: SaleLookup;
  drawer: DrawerService;
  shifts: ShiftService;
}

export function createSaleServices(deps: SaleDeps): SaleServices {
  const ctx = { ...deps, lock: new PaymentLock() };
  const cart = new CartService(ctx);
  const checkout = new CheckoutService(ctx, cart);
  const refunds = new RefundService(ctx);
  return {
    cart,
    checkout,
    refunds,
    recovery: new PaymentRecoveryService(ctx, cart, checkout, refunds),
    voids: new VoidService(ctx),
    lookup: new SaleLookup(ctx),
    drawer: new DrawerService(ctx),
    shifts: new ShiftService(ctx),
  };
}

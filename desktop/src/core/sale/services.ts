import { CartService } from './cart';
import { CheckoutService } from './checkout';
import { PaymentLock, type SaleDeps } from './context';
import { DrawerService } from './drawer';
import { RefundService } from './refund';
import { SaleLookup } from './sale-lookup';
import { ShiftService } from './shift';
import { VoidService } from './void';

/**
 * The terminal's selling services, built once per open ledger and sharing one payment lock.
 * IPC handlers map onto them 1:1: cart.* → cart, checkout.complete → checkout.complete,
 * sale.refund → refunds.refund, sale.void → voids.void, sale.find/list → lookup,
 * drawer.noSale → drawer.noSale,
 * shift.* → shifts.
 */
export interface SaleServices {
  cart: CartService;
  checkout: CheckoutService;
  refunds: RefundService;
  voids: VoidService;
  lookup: SaleLookup;
  drawer: DrawerService;
  shifts: ShiftService;
}

export function createSaleServices(deps: SaleDeps): SaleServices {
  const ctx = { ...deps, lock: new PaymentLock() };
  const cart = new CartService(ctx);
  return {
    cart,
    checkout: new CheckoutService(ctx, cart),
    refunds: new RefundService(ctx),
    voids: new VoidService(ctx),
    lookup: new SaleLookup(ctx),
    drawer: new DrawerService(ctx),
    shifts: new ShiftService(ctx),
  };
}

import { toKeelError, type CartView, type IpcEventPayload } from '@keel/shared';

export type CartScanned = IpcEventPayload<'cart.scanned'>;

/**
 * A serial scanner's code takes the keyboard-wedge path (issue 6 item 6): the same
 * cart.addByBarcode of the cart service, run in core the moment the line arrives, so a scan is
 * in the cart even while the screen reloads. The outcome goes out as `cart.scanned`: the new
 * cart, or the typed reason it was not added (unknown code, payment running, nobody logged in),
 * which the renderer says out loud: a scan is never dropped silently.
 */
export function serialScanHandler(addByBarcode: (code: string) => CartView, emit: (event: CartScanned) => void): (code: string) => void {
  return (code) => {
    try {
      const cart = addByBarcode(code);
      emit({ barcode: code, ok: true, cart, error: null });
    } catch (thrown) {
      const error = toKeelError(thrown);
      emit({
        barcode: code,
        ok: false,
        cart: null,
        error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
      });
    }
  };
}

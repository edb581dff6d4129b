import type { PaymentResolution } from '@keel/shared';
import type { Handlers } from './api';
import type { CardCallOptions } from './payments/card-terminal';
import type { TerminalCore } from './terminal-core';

type DeviceChannel =
  | 'payment.abort'
  | 'payment.pending'
  | 'payment.resolve'
  | 'payment.resolveManually'
  | 'payment.endOfDay'
  | 'devices.config'
  | 'devices.saveConfig'
  | 'devices.status'
  | 'devices.testPrint'
  | 'devices.testConnection';

/**
 * The card-terminal and device-settings channels (issue 6), kept out of api.ts so that file
 * stays a table of one-liners per area. Each is a thin call into core: checkout for the payment
 * in doubt and the till's abort, DeviceSettingsService for configuration and checks.
 */
export function deviceHandlers(core: TerminalCore, options: CardCallOptions): Pick<Handlers, DeviceChannel> {
  const checkout = () => core.services().checkout;
  const settings = core.deviceSettings;
  const recovery = () => core.services().recovery;
  /** A card refund in doubt that got settled as paid was recorded: sync is told and its receipt printed, like sale.refund. */
  const settled = async (resolution: PaymentResolution): Promise<PaymentResolution> => {
    if (!resolution.refund) return resolution;
    core.journalChanged();
    if (core.printer) await core.printer.printSale(resolution.refund.refundId, { copy: false }).catch(() => false);
    return resolution;
  };
  return {
    'payment.abort': async () => ({ sent: await checkout().abort() }),
    'payment.pending': () => recovery().pending(),
    'payment.resolve': async () => settled(await recovery().resolve(options)),
    'payment.resolveManually': async (input) => settled(await recovery().resolveManually(input)),
    'payment.endOfDay': ({ approverPin }) => settings.endOfDay(approverPin),
    'devices.config': () => settings.view(),
    'devices.saveConfig': ({ settings: input, approverPin }) => settings.save(input, approverPin),
    'devices.status': () => settings.statuses(),
    'devices.testPrint': ({ approverPin }) => settings.testPrint(approverPin),
    'devices.testConnection': ({ kind, approverPin }) => settings.testConnection(kind, approverPin),
  };
}

import type { Handlers } from './api';
import type { CardCallOptions } from './payments/card-terminal';
import type { TerminalCore } from './terminal-core';

type DeviceChannel =
  | 'payment.abort'
  | 'payment.pending'
  | 'payment.resolve'
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
  return {
    'payment.abort': async () => ({ sent: await checkout().abort() }),
    'payment.pending': () => checkout().unknownPayment(),
    'payment.resolve': () => checkout().resolveUnknown(options),
    'payment.endOfDay': ({ approverPin }) => settings.endOfDay(approverPin),
    'devices.config': () => settings.view(),
    'devices.saveConfig': ({ settings: input, approverPin }) => settings.save(input, approverPin),
    'devices.status': () => settings.statuses(),
    'devices.testPrint': ({ approverPin }) => settings.testPrint(approverPin),
    'devices.testConnection': ({ kind, approverPin }) => settings.testConnection(kind, approverPin),
  };
}

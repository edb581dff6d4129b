import { SerialPortStream } from '@serialport/stream';
import { hangupAwareBinding } from '../../desktop/src/core/devices/serial-binding';

const binding = hangupAwareBinding();

/**
 * Opens the device side of a PTY pair for a simulator, with the same binding as the app, so a
 * simulator whose till let go sees the hang-up instead of spinning on end of file.
 */
export async function openDevicePort(path: string, stopBits: 1 | 2 = 1): Promise<SerialPortStream> {
  const port = new SerialPortStream({ binding, path, baudRate: 9600, stopBits, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return port;
}

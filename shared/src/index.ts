// @keel/shared: the contract the terminal and the server both compute with. Pure TypeScript,
// no I/O; runs in Node and in the browser.
export * from './errors';
export * from './money';
export * from './pricing';
export * from './catalog';
export * from './sale';
export * from './operations';
export * from './sync';
export * from './ipc';

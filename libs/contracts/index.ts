export * from './json-rpc';
export * from './bus-messages';
export * from './module-card';
export * from './domain-error';
export * from './route-prefixes';
export * from './ids';
export * from './json-rpc-endpoint';
export * from './span-record';

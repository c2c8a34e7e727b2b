export * from './definition';
export * from './validate';

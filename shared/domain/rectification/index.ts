export * from './states';
export * from './supervision';
export * from './recheck';

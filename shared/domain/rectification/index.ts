export * from './states';
export * from './supervision';
export * from './recheck';
export * from './departments';

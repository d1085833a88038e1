export * from './school-enums';
export * from './statistics-fields';
export * from './school-rules';
export * from './statistics-vocabulary';

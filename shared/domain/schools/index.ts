export * from './school-enums';
export * from './statistics-fields';
export * from './school-rules';
export * from './statistics-vocabulary';
export * from './evaluated-units';
export * from './stat-completeness';

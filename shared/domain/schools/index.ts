export * from './school-enums';
export * from './statistics-fields';

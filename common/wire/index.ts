export * from './primitives';
export * from './admin';
export * from './terminal';
export * from './customer';
export * from './reports';
export * from './points';
export * from './mpm';

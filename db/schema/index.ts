export * from './merchant';
export * from './customers';
export * from './auth';
export * from './api-keys';
export * from './notifications';
export * from './audit';
export * from './jobs';

export * from './hosts';
export * from './pagination';
export * from './rateLimit';
export * from './request';
export * from './retry';
export * from './routes';
export * from './bodyShape';

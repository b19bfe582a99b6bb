export * from './organizations.js';
export * from './users.js';
export * from './cases.js';
export * from './proceedings.js';
export * from './agreements.js';
export * from './events.js';
export * from './clocks.js';
export * from './rateLimits.js';

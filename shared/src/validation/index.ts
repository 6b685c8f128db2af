export * from './field-issues.js';
export * from './validate-event.js';

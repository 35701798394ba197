export { createConsoleLogger, type Logger } from '@medtrust/core';

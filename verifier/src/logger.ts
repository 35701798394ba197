export { createConsoleLogger, silentLogger, type Logger } from '@medtrust/core';

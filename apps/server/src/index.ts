export { createServer, SAMPLE_MAP_ID, type Server, type ServerOptions, type Storage } from './app.js';
export { configFromEnv, testConfig, type ServerConfig } from './config.js';

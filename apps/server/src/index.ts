export { createServer, SAMPLE_MAP_ID, type Server, type ServerOptions, type Storage } from './app.js';
export { configFromEnv, testConfig, type ServerConfig } from './config.js';
export type { Services } from './services.js';
export type {
  Extension,
  HookName,
  ServerContext,
  RoomContext,
  ChangeContext,
  StoredUpdatesContext,
  AwarenessContext,
} from './rooms/hooks.js';
export { RemoteOrigin, SERVER_ORIGIN, isPeerOrigin, type UpdateOrigin, type LocalOrigin, type AwarenessOrigin } from './rooms/origins.js';
export type { Room } from './rooms/room.js';
export type { Rooms } from './rooms/rooms.js';

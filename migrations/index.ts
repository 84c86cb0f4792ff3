import { Base1764115200000 } from './1764115200000-Base.js';

/** Every migration, in order. Given as classes so one config works from src/ (tests) and dist/. */
export const migrations = [Base1764115200000];

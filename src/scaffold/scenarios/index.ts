import type { Scenario, ScenarioId } from '../scenario.js';
import backend from './backend.js';
import cli from './cli.js';
import desktop from './desktop.js';
import embedded from './embedded.js';
import fullstack from './fullstack.js';
import game from './game.js';
import lib from './lib.js';
import wasm from './wasm.js';

/** Every scenario, in the order `--list` and the prompt show them. */
export const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = { cli, lib, backend, fullstack, desktop, game, embedded, wasm };

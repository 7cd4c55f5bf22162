// Scenario files: validated, loaded with their variables, then played against a target.
export { expandVars, type LoadedScenario, loadScenarioFile, triggerSteps } from './load.ts';
export {
  judge,
  type PreparedScenario,
  type PrepareOptions,
  prepareScenario,
  type RunWorld,
  resign,
  runScenario,
  type StepResult,
  seededRandom,
  shuffled,
} from './run.ts';
export { SCENARIO_KEYS, type Scenario, type Step, validateScenario } from './validate.ts';

/** The project file, `hookctl.yaml`: finding it, reading it, and combining it with the command line. */
export { findProjectFile, PROJECT_FILE_NAMES } from './find.ts';
export {
  type Field,
  FORWARD,
  type Invocation,
  type Merged,
  mergeFields,
  mergeProject,
  type OptionSource,
  projectFields,
  secretsInForce,
  type ValueInForce,
} from './merge.ts';
export { parseProject } from './parse.ts';
export {
  formatPath,
  type JsonPath,
  PROJECT_KEYS,
  type ProjectConfig,
  projectError,
  type Setting,
  type SettingValue,
  validateProject,
} from './validate.ts';

import { buildProgram } from './build-program';
import { runCommand } from './run-command';

runCommand(buildProgram());

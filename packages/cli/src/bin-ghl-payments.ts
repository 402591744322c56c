import { buildProgram } from './build-program';
import { runCommand } from './run-command';
import { stopWithParent } from './stop-with-parent';

stopWithParent();
runCommand(buildProgram());

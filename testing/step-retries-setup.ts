// Workflow tests run steps with the retry budgets the server gives them (instrumentation.ts):
// crashes aside, a step's own retries count its failures.
import { separateCrashesFromFailures } from '@/lib/engine/step-retries';

separateCrashesFromFailures();

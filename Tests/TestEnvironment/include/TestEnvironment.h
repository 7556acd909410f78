// Nothing to call: the target's constructors set the test process's environment and its own temporary folder (TestEnvironment.c).

// Nothing to call: the target's constructor sets the test process's environment (TestEnvironment.c).

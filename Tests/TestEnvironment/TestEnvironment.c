#include <stdlib.h>
#include "TestEnvironment.h"

// Swift Testing captures a backtrace (glibc's backtrace, libgcc's unwinder) for every Swift error thrown in a
// test. With this toolchain the unwinder can dereference null walking a test's frames, killing the whole test
// process with signal 11; whether it does depends on the build (seen at ExportTests' expected
// `calendarOfMeetups` throw, never with the capture off). Swift Testing reads the switch once, when it starts,
// so it is set here, before main, unless whoever runs the tests set it already.
__attribute__((constructor)) static void disableThrownErrorBacktraces(void) {
    setenv("SWT_SWIFT_ERROR_BACKTRACING_ENABLED", "0", 0);
}
